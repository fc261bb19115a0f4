//! `clauses.html`: clauses 4–10, the documented information each requires, and the active
//! documents that evidence it.

use super::super::layout::Layout;
use super::super::links::{LinkList, clause_anchor};
use super::super::model::SiteModel;
use super::Page;
use crate::load::model::evidenced_clauses;
use askama::Template;
use std::collections::{BTreeMap, BTreeSet};

pub struct Clauses;

impl Page for Clauses {
    fn file(&self) -> &str {
        "clauses.html"
    }

    fn title(&self, _: &SiteModel<'_>) -> String {
        "Clauses 4–10".to_owned()
    }

    fn nav(&self) -> Option<&'static str> {
        Some("Clauses 4–10")
    }

    fn render(&self, model: &SiteModel<'_>, layout: &Layout<'_>) -> askama::Result<String> {
        clauses_page(model, layout).render()
    }
}

pub struct ClauseRow {
    pub id: String,
    pub anchor: String,
    pub title: String,
    pub depth: usize,
    pub required: Vec<String>,
    pub documents: LinkList,
    pub gap: bool,
}

#[derive(Template)]
#[template(path = "clauses.html")]
struct ClausesTemplate<'a> {
    layout: &'a Layout<'a>,
    rows: Vec<ClauseRow>,
    covered: usize,
    required: usize,
}

/// Clause id → ids of the active documents evidencing it.
fn evidence_by_clause(model: &SiteModel<'_>) -> BTreeMap<String, BTreeSet<String>> {
    let mut map: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for document in model
        .documents
        .loaded()
        .filter(|document| document.is_active())
    {
        let Some(id) = document.id() else { continue };
        let custom = document
            .kind()
            .and_then(|kind| model.config.custom_kind(kind))
            .map(|kind| kind.clauses.as_slice());
        for clause in evidenced_clauses(document, custom) {
            map.entry(clause.to_owned())
                .or_default()
                .insert(id.to_owned());
        }
    }
    map
}

fn clauses_page<'a>(model: &SiteModel<'_>, layout: &'a Layout<'a>) -> ClausesTemplate<'a> {
    let root = layout.root.as_str();
    let evidence = evidence_by_clause(model);
    let mut covered = 0;
    let mut required = 0;
    let rows = model
        .links
        .catalog
        .clauses
        .iter()
        .map(|clause| {
            let ids = evidence.get(&clause.id).cloned().unwrap_or_default();
            let needs = clause.requires_documented_information();
            if needs {
                required += 1;
                if !ids.is_empty() {
                    covered += 1;
                }
            }
            ClauseRow {
                anchor: clause_anchor(&clause.id),
                depth: clause.id.matches('.').count(),
                title: clause.title.clone(),
                required: clause
                    .documented_information
                    .iter()
                    .map(|info| {
                        format!(
                            "{}: {}",
                            match info.kind {
                                crate::catalog::InformationKind::Doc => "document",
                                crate::catalog::InformationKind::Rec => "record",
                            },
                            info.what
                        )
                    })
                    .collect(),
                documents: model
                    .links
                    .document_links(ids.iter().map(String::as_str), root),
                gap: needs && ids.is_empty(),
                id: clause.id.clone(),
            }
        })
        .collect();
    ClausesTemplate {
        layout,
        rows,
        covered,
        required,
    }
}
