//! `traceability.html`: risk → Annex A control → implementing document → evidence, with the gaps
//! in each chain marked.

use super::super::layout::Layout;
use super::super::links::{Link, LinkList};
use super::super::model::SiteModel;
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
        TraceabilityTemplate { layout, rows, gaps }.render()
    }
}

pub struct TraceControl {
    pub control: Link,
    pub state: String,
    pub state_class: &'static str,
    /// Each implementing document (none: the SoA entry itself) with its evidence.
    pub documents: Vec<(Option<Link>, LinkList)>,
    pub gap: String,
}

pub struct TraceRow {
    pub risk: Link,
    pub title: String,
    pub treatment: String,
    pub controls: Vec<TraceControl>,
    pub gap: String,
}

#[derive(Template)]
#[template(path = "traceability.html")]
struct TraceabilityTemplate<'a> {
    layout: &'a Layout<'a>,
    rows: Vec<TraceRow>,
    gaps: usize,
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
    let mut documents: Vec<(Option<Link>, LinkList)> = entry
        .into_iter()
        .flat_map(|entry| entry.implemented_by.iter())
        .map(|id| {
            let evidence = links
                .document_of(id)
                .and_then(|document| document.get("/evidence"))
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(|item| links.evidence_link(item, root))
                .collect();
            (Some(links.document_link(id, root)), evidence)
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
        documents.push((None, evidence));
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

/// The rows of the matrix, one per risk in force, and how many gaps they show.
fn rows(model: &SiteModel<'_>, root: &str) -> (Vec<TraceRow>, usize) {
    let by_id = current_soa(model);
    let mut risks: Vec<&Document> = model
        .documents
        .of_kind("risk")
        .filter(|d| d.id().is_some() && !d.is_retired())
        .collect();
    risks.sort_by_key(|document| document.id());
    let mut gaps = 0;
    let rows = risks
        .into_iter()
        .map(|document| {
            let view = risk(document);
            let controls: Vec<TraceControl> = view
                .controls
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
                controls,
                gap,
            }
        })
        .collect();
    (rows, gaps)
}
