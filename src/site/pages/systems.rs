//! `systems.html`: the AI system inventory, with each system's role, life-cycle stage, EU AI Act
//! class, data, and the risks and impact assessments that name it.

use super::super::layout::Layout;
use super::super::links::{Link, LinkList};
use super::super::model::SiteModel;
use super::Page;
use crate::load::Document;
use askama::Template;
use serde_json::Value;
use std::collections::HashMap;

pub struct Systems;

impl Page for Systems {
    fn file(&self) -> &str {
        "systems.html"
    }

    fn title(&self, _: &SiteModel<'_>) -> String {
        "AI systems".to_owned()
    }

    fn nav(&self) -> Option<&'static str> {
        Some("AI systems")
    }

    fn render(&self, model: &SiteModel<'_>, layout: &Layout<'_>) -> askama::Result<String> {
        SystemsTemplate {
            rows: rows(model, &layout.root),
            layout,
        }
        .render()
    }
}

pub struct SystemRow {
    pub link: Link,
    pub title: String,
    pub purpose: String,
    pub role: String,
    pub stage: String,
    pub act_class: String,
    pub act_basis: String,
    pub owner: String,
    pub data: String,
    pub risks: LinkList,
    pub assessments: LinkList,
}

#[derive(Template)]
#[template(path = "systems.html")]
struct SystemsTemplate<'a> {
    layout: &'a Layout<'a>,
    rows: Vec<SystemRow>,
}

/// For documents of `kind`, each id named in their `pointer` list → the ids of those documents.
fn referencing(model: &SiteModel<'_>, kind: &str, pointer: &str) -> HashMap<String, Vec<String>> {
    let mut map: HashMap<String, Vec<String>> = HashMap::new();
    for document in model.documents.of_kind(kind) {
        let Some(id) = document.id() else { continue };
        for target in document
            .get(pointer)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            map.entry(target.to_owned())
                .or_default()
                .push(id.to_owned());
        }
    }
    map
}

/// `name (personal data); other`.
fn data_sources(document: &Document) -> String {
    let data: Vec<String> = document
        .get("/data_sources")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|item| {
            let name = item.get("name")?.as_str()?;
            let personal = item.get("personal_data").and_then(Value::as_bool) == Some(true);
            Some(if personal {
                format!("{name} (personal data)")
            } else {
                name.to_owned()
            })
        })
        .collect();
    data.join("; ")
}

fn rows(model: &SiteModel<'_>, root: &str) -> Vec<SystemRow> {
    let mut systems: Vec<&Document> = model
        .documents
        .of_kind("ai-system")
        .filter(|d| d.id().is_some())
        .collect();
    systems.sort_by_key(|document| document.id());
    let risks = referencing(model, "risk", "/systems");
    let assessments = referencing(model, "impact-assessment", "/systems");
    let as_links = |ids: Option<&Vec<String>>| {
        model
            .links
            .document_links(ids.into_iter().flatten().map(String::as_str), root)
    };
    systems
        .into_iter()
        .map(|document| {
            let id = document.id().unwrap_or_default();
            SystemRow {
                link: model.links.document_link(id, root),
                title: document.title().unwrap_or_default().to_owned(),
                purpose: document.str_at("/purpose").unwrap_or_default().to_owned(),
                role: document.str_at("/ai_role").unwrap_or_default().to_owned(),
                stage: document
                    .str_at("/lifecycle_stage")
                    .unwrap_or_default()
                    .replace('-', " "),
                act_class: document
                    .str_at("/eu_ai_act/risk_class")
                    .unwrap_or_default()
                    .to_owned(),
                act_basis: document
                    .str_at("/eu_ai_act/basis")
                    .unwrap_or_default()
                    .to_owned(),
                owner: document.str_at("/owner").unwrap_or_default().to_owned(),
                data: data_sources(document),
                risks: as_links(risks.get(id)),
                assessments: as_links(assessments.get(id)),
            }
        })
        .collect()
}
