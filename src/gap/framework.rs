//! Coverage of another framework (ISO/IEC 27001 Annex A, NIST AI RMF, the EU AI Act) read
//! through its indicative crosswalk to ISO/IEC 42001: each of the framework's requirements is
//! covered when every ISO/IEC 42001 clause and control it maps to is compliant in the gap
//! analysis, partly covered when some are (or when active documents reference it directly in
//! `references:`), and not covered otherwise. Requirements without a counterpart in ISO/IEC
//! 42001 are reported as outside the AIMS unless a document addresses them.

use super::{Applicability, Conformity, GapReport, Requirement};
use crate::catalog::frameworks::{Framework, INDICATIVE, Resolved, framework_by_name};
use crate::load::DocumentSet;
use crate::load::references::{REFERENCE_LISTS, reference_id, values_at};
use serde_json::Value;
use std::collections::BTreeMap;

/// How far a requirement of the other framework is covered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Coverage {
    NotCovered,
    Partial,
    Covered,
    /// No ISO/IEC 42001 counterpart and no document addresses it.
    OutsideAims,
}

impl Coverage {
    /// The form for people (reports, the site).
    pub fn label(self) -> &'static str {
        match self {
            Coverage::Covered => "covered",
            Coverage::Partial => "partial",
            Coverage::NotCovered => "not covered",
            Coverage::OutsideAims => "outside the AIMS",
        }
    }

    /// The machine-readable form (JSON, CSV), as serialised.
    pub fn name(self) -> &'static str {
        crate::text::variant_name(&self)
    }
}

/// One ISO/IEC 42001 requirement a framework item maps to, as the gap analysis judged it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapped {
    pub requirement: Requirement,
    pub id: String,
    pub conformity: Conformity,
    /// Excluded in the Statement of Applicability (so it covers nothing here).
    pub excluded: bool,
}

impl Mapped {
    /// Counts towards coverage.
    pub fn covers(&self) -> bool {
        self.conformity == Conformity::Compliant && !self.excluded
    }
}

/// One requirement of the other framework.
#[derive(Debug, Clone)]
pub struct FrameworkRow {
    pub section: String,
    pub id: String,
    pub title: String,
    pub note: Option<String>,
    pub coverage: Coverage,
    pub mapped: Vec<Mapped>,
    /// Documents (and SoA entries, as `SOA-001 A.7.4`) that reference it directly.
    pub referenced_by: Vec<String>,
}

impl FrameworkRow {
    /// The mapped requirements that do not cover it yet.
    pub fn missing(&self) -> impl Iterator<Item = &Mapped> {
        self.mapped.iter().filter(|mapped| !mapped.covers())
    }
}

/// Counts per coverage.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CoverageTally {
    pub covered: usize,
    pub partial: usize,
    pub not_covered: usize,
    pub outside: usize,
}

impl CoverageTally {
    fn add(&mut self, coverage: Coverage) {
        match coverage {
            Coverage::Covered => self.covered += 1,
            Coverage::Partial => self.partial += 1,
            Coverage::NotCovered => self.not_covered += 1,
            Coverage::OutsideAims => self.outside += 1,
        }
    }

    pub fn total(&self) -> usize {
        self.covered + self.partial + self.not_covered + self.outside
    }
}

/// The whole framework, read through the AIMS.
#[derive(Debug, Clone)]
pub struct FrameworkReport {
    pub key: &'static str,
    pub name: String,
    /// The label every crosswalk carries.
    pub indicative: &'static str,
    pub organisation: Option<String>,
    pub commit: Option<String>,
    pub today: jiff::civil::Date,
    pub history: bool,
    /// Sections in the framework's order, each with its tally.
    pub sections: Vec<(String, CoverageTally)>,
    pub rows: Vec<FrameworkRow>,
    pub total: CoverageTally,
}

/// Framework item id → who references it, from active documents and applicable SoA entries.
fn direct_references(
    framework: &Framework,
    documents: &DocumentSet,
) -> BTreeMap<String, Vec<String>> {
    let mut found: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for document in documents.loaded().filter(|document| document.is_active()) {
        let (Some(front), Some(id)) = (document.frontmatter(), document.id()) else {
            continue;
        };
        for pattern in REFERENCE_LISTS {
            for (pointer, entry) in values_at(&front.data, pattern) {
                let named = entry
                    .get("framework")
                    .and_then(Value::as_str)
                    .and_then(framework_by_name);
                if named.map(|named| named.key) != Some(framework.key) {
                    continue;
                }
                let Some(Resolved::Item(item)) =
                    reference_id(entry).and_then(|text| framework.resolve(&text))
                else {
                    continue;
                };
                let by = match soa_entry(&front.data, &pointer) {
                    Some((control, true)) => format!("{id} {control}"),
                    Some((_, false)) => continue,
                    None => id.to_owned(),
                };
                let list = found.entry(item.id.clone()).or_default();
                if !list.contains(&by) {
                    list.push(by);
                }
            }
        }
    }
    found
}

/// For a pointer inside `/annex_a/N/...`: the entry's control and whether it is applicable.
fn soa_entry(data: &Value, pointer: &str) -> Option<(String, bool)> {
    let index = pointer.strip_prefix("/annex_a/")?.split('/').next()?;
    let entry = data.pointer(&format!("/annex_a/{index}"))?;
    Some((
        entry
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        entry.get("applicable").and_then(Value::as_bool) == Some(true),
    ))
}

/// Reads `framework` through the gap analysis of the AIMS.
pub fn assess(
    framework: &Framework,
    report: &GapReport,
    documents: &DocumentSet,
) -> FrameworkReport {
    // A clause the analysis judges through its sub-clauses (7.5 → 7.5.1–7.5.3) stands for them.
    let judged = |requirement: Requirement, id: &str| -> Vec<Mapped> {
        let mapped = |item: &super::GapItem| Mapped {
            requirement,
            id: item.id.clone(),
            conformity: item.conformity,
            excluded: item.applicability == Some(Applicability::Excluded),
        };
        let of_kind = || {
            report
                .items
                .iter()
                .filter(move |item| item.requirement == requirement)
        };
        match of_kind().find(|item| item.id == id) {
            Some(item) => vec![mapped(item)],
            None => {
                let prefix = format!("{id}.");
                let mut children: Vec<&super::GapItem> = of_kind()
                    .filter(|item| item.id.starts_with(&prefix))
                    .collect();
                children.sort_by_key(|item| item.order);
                children.into_iter().map(mapped).collect()
            }
        }
    };
    let references = direct_references(framework, documents);
    let mut rows = Vec::new();
    let mut sections = Vec::new();
    let mut total = CoverageTally::default();
    for section in &framework.sections {
        let mut tally = CoverageTally::default();
        for item in &section.items {
            let mut mapped: Vec<Mapped> = item
                .maps_to
                .clauses
                .iter()
                .flat_map(|clause| judged(Requirement::Clause, clause))
                .chain(
                    item.maps_to
                        .controls
                        .iter()
                        .flat_map(|control| judged(Requirement::Control, control)),
                )
                .collect();
            let mut seen = std::collections::HashSet::new();
            mapped.retain(|entry| seen.insert(entry.id.clone()));
            let referenced_by = references.get(&item.id).cloned().unwrap_or_default();
            let covering = mapped.iter().filter(|mapped| mapped.covers()).count();
            let started = mapped
                .iter()
                .any(|mapped| mapped.conformity != Conformity::NotCompliant && !mapped.excluded);
            let coverage = if mapped.is_empty() {
                if referenced_by.is_empty() {
                    Coverage::OutsideAims
                } else {
                    Coverage::Partial
                }
            } else if covering == mapped.len() {
                Coverage::Covered
            } else if started || !referenced_by.is_empty() {
                Coverage::Partial
            } else {
                Coverage::NotCovered
            };
            tally.add(coverage);
            total.add(coverage);
            rows.push(FrameworkRow {
                section: section.title.clone(),
                id: item.id.clone(),
                title: item.title.clone(),
                note: item.note.clone(),
                coverage,
                mapped,
                referenced_by,
            });
        }
        sections.push((section.title.clone(), tally));
    }
    FrameworkReport {
        key: framework.key,
        name: framework.name.clone(),
        indicative: INDICATIVE,
        organisation: report.organisation.clone(),
        commit: report.commit.clone(),
        today: report.today,
        history: report.history,
        sections,
        rows,
        total,
    }
}
