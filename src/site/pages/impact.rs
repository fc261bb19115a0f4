//! `impact.html`: the AI system impact assessments (clauses 6.1.4 and 8.4), who is affected and
//! how the impacts are mitigated.

use super::super::layout::Layout;
use super::super::links::{Link, LinkList};
use super::super::model::SiteModel;
use super::{Page, list_links};
use crate::load::Document;
use askama::Template;
use serde_json::Value;

pub struct Impact;

impl Page for Impact {
    fn file(&self) -> &str {
        "impact.html"
    }

    fn title(&self, _: &SiteModel<'_>) -> String {
        "Impact assessments".to_owned()
    }

    fn nav(&self) -> Option<&'static str> {
        Some("Impact assessments")
    }

    fn render(&self, model: &SiteModel<'_>, layout: &Layout<'_>) -> askama::Result<String> {
        ImpactTemplate {
            rows: rows(model, &layout.root),
            layout,
        }
        .render()
    }
}

pub struct ImpactRow {
    pub link: Link,
    pub title: String,
    pub systems: LinkList,
    pub assessed_on: String,
    pub severity: String,
    pub affected: Vec<(String, String, String)>,
    pub mitigations: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "impact.html")]
struct ImpactTemplate<'a> {
    layout: &'a Layout<'a>,
    rows: Vec<ImpactRow>,
}

fn field(item: &Value, key: &str) -> String {
    item.get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

/// The entries of a list field.
fn items<'d>(document: &'d Document, pointer: &str) -> impl Iterator<Item = &'d Value> {
    document
        .get(pointer)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
}

fn rows(model: &SiteModel<'_>, root: &str) -> Vec<ImpactRow> {
    let mut assessments: Vec<&Document> = model
        .documents
        .of_kind("impact-assessment")
        .filter(|d| d.id().is_some())
        .collect();
    assessments.sort_by_key(|document| document.id());
    assessments
        .into_iter()
        .map(|document| {
            let id = document.id().unwrap_or_default();
            ImpactRow {
                link: model.links.document_link(id, root),
                title: document.title().unwrap_or_default().to_owned(),
                systems: list_links(model, document, "/systems", root),
                assessed_on: document
                    .str_at("/assessed_on")
                    .unwrap_or_default()
                    .to_owned(),
                severity: document.str_at("/severity").unwrap_or_default().to_owned(),
                affected: items(document, "/affected")
                    .map(|item| {
                        (
                            field(item, "party"),
                            field(item, "scope"),
                            field(item, "severity"),
                        )
                    })
                    .collect(),
                mitigations: items(document, "/mitigations")
                    .map(|item| (field(item, "measure"), field(item, "status")))
                    .collect(),
            }
        })
        .collect()
}
