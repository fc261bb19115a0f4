//! `traceability.html`: risk → Annex A control → implementing document → evidence, with the gaps
//! in each chain marked.

use super::super::layout::Layout;
use super::super::links::{Link, LinkList};
use super::super::model::{SiteModel, Upstream};
use super::soa::current_soa;
use super::{Page, status_class};
use crate::load::Document;
use crate::load::model::{SoaEntry, risk};
use askama::Template;
use serde_json::Value;

pub struct Traceability;

impl Page for Traceability {
    fn file(&self) -> &str {
        "traceability.html"
    }

    fn title(&self, _: &SiteModel<'_>) -> String {
        "Traceability".to_owned()
    }

    fn nav(&self) -> Option<&'static str> {
        Some("Traceability")
    }

    fn render(&self, model: &SiteModel<'_>, layout: &Layout<'_>) -> askama::Result<String> {
        let (rows, gaps) = rows(model, &layout.root);
        let suspects = rows
            .iter()
            .map(|row| {
                row.suspects.len()
                    + row
                        .controls
                        .iter()
                        .flat_map(|control| &control.documents)
                        .filter(|document| !document.suspect.is_empty())
                        .count()
            })
            .sum();
        // Not a gap (the control is applicable and has documents) but not done either: the
        // summary says so rather than a bare "No gaps".
        let unfinished = rows
            .iter()
            .flat_map(|row| &row.controls)
            .filter(|control| control.gap.is_empty() && control.state != "implemented")
            .count();
        TraceabilityTemplate {
            layout,
            rows,
            gaps,
            suspects,
            unfinished,
        }
        .render()
    }
}

pub struct TraceControl {
    pub control: Link,
    pub state: String,
    pub state_class: &'static str,
    /// Each implementing document (none: the SoA entry itself) with its evidence.
    pub documents: Vec<TraceDocument>,
    pub gap: String,
}

pub struct TraceDocument {
    pub link: Option<Link>,
    pub evidence: LinkList,
    /// Set when the document changed after the SoA was last approved or reviewed: why.
    pub suspect: String,
}

/// A document a risk depends on that changed after the risk was last approved or reviewed.
pub struct Suspect {
    pub upstream: Link,
    pub note: String,
}

pub struct TraceRow {
    pub risk: Link,
    pub title: String,
    pub treatment: String,
    /// The edges from the risk to documents that changed since its last sign-off.
    pub suspects: Vec<Suspect>,
    pub controls: Vec<TraceControl>,
    pub gap: String,
}

#[derive(Template)]
#[template(path = "traceability.html")]
struct TraceabilityTemplate<'a> {
    layout: &'a Layout<'a>,
    rows: Vec<TraceRow>,
    gaps: usize,
    /// How many links are marked as changed since review.
    suspects: usize,
    /// Risk → control links whose control is applicable but not (yet) fully implemented.
    unfinished: usize,
}

/// `A.6.2.10` after `A.6.2.9`: controls in the order of Annex A.
fn control_order(id: &str) -> Vec<(u32, String)> {
    id.split('.')
        .map(|part| (part.parse().unwrap_or(u32::MAX), part.to_owned()))
        .collect()
}

/// One control named by a risk's treatment, as the SoA in force has it.
fn control(
    model: &SiteModel<'_>,
    control: &str,
    entry: Option<&SoaEntry<'_>>,
    root: &str,
) -> TraceControl {
    let links = &model.links;
    let (state, state_class, mut gap) = match entry {
        None => (
            "not in the SoA".to_owned(),
            "bad",
            "control missing from the SoA".to_owned(),
        ),
        Some(entry) if entry.applicable != Some(true) => (
            "excluded".to_owned(),
            "bad",
            "control excluded in the SoA".to_owned(),
        ),
        Some(entry) => {
            let status = entry.status.unwrap_or("no status").to_owned();
            let class = status_class(&status);
            (status, class, String::new())
        }
    };
    let soa = model.soa();
    let mut documents: Vec<TraceDocument> = entry
        .into_iter()
        .flat_map(|entry| entry.implemented_by.iter())
        .map(|id| {
            let evidence = links
                .document_of(id)
                .and_then(|document| document.get("/evidence"))
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(crate::load::references::evidence_path)
                .map(|item| links.evidence_link(item, root))
                .collect();
            TraceDocument {
                link: Some(links.document_link(id, root)),
                evidence,
                suspect: soa
                    .and_then(|soa| Some((soa, model.upstream_change(soa, id)?)))
                    .map(|(soa, change)| suspect_note(soa, change))
                    .unwrap_or_default(),
            }
        })
        .collect();
    if let Some(entry) = entry
        && !entry.evidence.is_empty()
    {
        let evidence = entry
            .evidence
            .iter()
            .map(|item| links.evidence_link(item, root))
            .collect();
        documents.push(TraceDocument {
            link: None,
            evidence,
            suspect: String::new(),
        });
    }
    if gap.is_empty() && documents.is_empty() {
        gap = "no implementing document or evidence".to_owned();
    }
    TraceControl {
        control: links.control_link(control, root),
        state,
        state_class,
        documents,
        gap,
    }
}

/// Why an edge is marked: the upstream changed unseen by the downstream's sign-offs.
fn suspect_note(downstream: &Document, change: &Upstream) -> String {
    let times = match change.commits.len() {
        1 => "once".to_owned(),
        2 => "twice".to_owned(),
        count => format!("{count} times"),
    };
    format!(
        "{} changed {times} since {} was last approved or reviewed",
        change.id,
        downstream.id().unwrap_or(&downstream.path)
    )
}

/// The rows of the matrix, one per risk in force, and how many gaps they show.
fn rows(model: &SiteModel<'_>, root: &str) -> (Vec<TraceRow>, usize) {
    let by_id = current_soa(model);
    let mut gaps = 0;
    let rows = model
        .risks_in_force()
        .iter()
        .map(|&document| {
            let view = risk(document);
            let mut named = view.controls.clone();
            named.sort_by_key(|id| control_order(id));
            let controls: Vec<TraceControl> = named
                .iter()
                .map(|id| control(model, id, by_id.get(id), root))
                .collect();
            gaps += controls.iter().filter(|c| !c.gap.is_empty()).count();
            let gap = if controls.is_empty() && view.option == Some("mitigate") {
                gaps += 1;
                "mitigated, but no Annex A control named".to_owned()
            } else {
                String::new()
            };
            TraceRow {
                risk: model
                    .links
                    .document_link(document.id().unwrap_or_default(), root),
                title: document.title().unwrap_or_default().to_owned(),
                treatment: view.option.unwrap_or_default().to_owned(),
                suspects: model
                    .upstream
                    .get(&document.path)
                    .into_iter()
                    .flatten()
                    .map(|change| Suspect {
                        upstream: model.links.document_link(&change.id, root),
                        note: suspect_note(document, change),
                    })
                    .collect(),
                controls,
                gap,
            }
        })
        .collect();
    (rows, gaps)
}

#[cfg(test)]
mod tests {
    #[test]
    fn controls_sort_in_annex_a_order() {
        let mut ids = vec!["A.6.2.10", "A.10.4", "A.6.2.9", "A.2.2"];
        ids.sort_by_key(|id| super::control_order(id));
        assert_eq!(ids, ["A.2.2", "A.6.2.9", "A.6.2.10", "A.10.4"]);
    }
}
