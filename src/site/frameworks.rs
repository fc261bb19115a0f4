//! One page per other framework (`eu-ai-act.html`, `nist-ai-rmf.html`, `iso27001.html`): the
//! framework's requirements read through its indicative crosswalk to ISO/IEC 42001, with the
//! coverage `aims gap --framework` reports, links to the clauses and controls behind each
//! requirement and to the documents that reference it.

use super::context::{Context, Link, escape};
use super::pages::Layout;
use crate::gap::framework::{Coverage, CoverageTally, FrameworkReport};
use crate::gap::{Conformity, Requirement};
use askama::Template;

/// The site page of each framework, by key.
pub const PAGES: &[(&str, &str)] = &[
    ("eu-ai-act", "eu-ai-act.html"),
    ("nist-ai-rmf", "nist-ai-rmf.html"),
    ("iso27001", "iso27001.html"),
];

pub struct FrameworkRowView {
    pub id: String,
    pub title: String,
    pub note: String,
    pub coverage: &'static str,
    pub coverage_class: &'static str,
    /// Links to the ISO/IEC 42001 requirements with their state, as HTML.
    pub mapped: String,
    pub referenced_by: String,
}

pub struct SectionView {
    pub title: String,
    pub counts: CoverageTally,
    pub rows: Vec<FrameworkRowView>,
}

#[derive(Template)]
#[template(path = "framework.html")]
pub struct FrameworkPage {
    pub layout: Layout,
    pub name: String,
    pub indicative: &'static str,
    pub total: CoverageTally,
    pub sections: Vec<SectionView>,
    /// EU AI Act only: the AI systems the inventory classes as high-risk.
    pub high_risk: Option<Vec<Link>>,
}

fn coverage_class(coverage: Coverage) -> &'static str {
    match coverage {
        Coverage::Covered => "ok",
        Coverage::Partial => "warn",
        Coverage::NotCovered => "bad",
        Coverage::OutsideAims => "muted",
    }
}

fn conformity_class(conformity: Conformity, excluded: bool) -> &'static str {
    match (conformity, excluded) {
        (_, true) => "muted",
        (Conformity::Compliant, _) => "ok",
        (Conformity::Partial, _) => "warn",
        (Conformity::NotCompliant, _) => "bad",
    }
}

pub fn page(context: &Context<'_>, layout: Layout, report: &FrameworkReport) -> FrameworkPage {
    let root = layout.root;
    let mut sections: Vec<SectionView> = report
        .sections
        .iter()
        .map(|(title, counts)| SectionView {
            title: title.clone(),
            counts: *counts,
            rows: Vec::new(),
        })
        .collect();
    for row in &report.rows {
        let mapped: Vec<String> = row
            .mapped
            .iter()
            .map(|mapped| {
                let link = match mapped.requirement {
                    Requirement::Clause => context.clause_link(&mapped.id, root),
                    Requirement::Control => context.control_link(&mapped.id, root),
                };
                let state = if mapped.excluded {
                    "excluded"
                } else {
                    mapped.conformity.as_str()
                };
                format!(
                    r#"{} <span class="badge {}">{}</span>"#,
                    link.html(),
                    conformity_class(mapped.conformity, mapped.excluded),
                    escape(state)
                )
            })
            .collect();
        let referenced_by: Vec<String> = row
            .referenced_by
            .iter()
            .map(|by| {
                let (id, entry) = by.split_once(' ').unwrap_or((by.as_str(), ""));
                let link = context.document_link(id, root).html();
                if entry.is_empty() {
                    link
                } else {
                    format!("{link} ({})", escape(entry))
                }
            })
            .collect();
        let view = FrameworkRowView {
            id: row.id.clone(),
            title: row.title.clone(),
            note: row.note.clone().unwrap_or_default(),
            coverage: row.coverage.as_str(),
            coverage_class: coverage_class(row.coverage),
            mapped: if mapped.is_empty() {
                r#"<span class="none">no ISO/IEC 42001 counterpart</span>"#.to_owned()
            } else {
                mapped.join("<br>")
            },
            referenced_by: if referenced_by.is_empty() {
                r#"<span class="none">—</span>"#.to_owned()
            } else {
                referenced_by.join(", ")
            },
        };
        if let Some(section) = sections
            .iter_mut()
            .find(|section| section.title == row.section)
        {
            section.rows.push(view);
        }
    }
    let high_risk = (report.key == "eu-ai-act").then(|| {
        context
            .documents
            .of_kind("ai-system")
            .filter(|document| document.str_at("/eu_ai_act/risk_class") == Some("high"))
            .filter_map(|document| document.id().map(|id| context.document_link(id, root)))
            .collect()
    });
    FrameworkPage {
        layout,
        name: report.name.clone(),
        indicative: report.indicative,
        total: report.total,
        sections,
        high_risk,
    }
}
