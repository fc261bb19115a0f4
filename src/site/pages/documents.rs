//! `documents.html`: every document with a page, grouped by kind, with its approval and review
//! state.

use super::super::layout::Layout;
use super::super::links::Link;
use super::super::model::SiteModel;
use super::Page;
use askama::Template;

pub struct Documents;

impl Page for Documents {
    fn file(&self) -> &str {
        "documents.html"
    }

    fn title(&self, _: &SiteModel<'_>) -> String {
        "Documents".to_owned()
    }

    fn nav(&self) -> Option<&'static str> {
        Some("Documents")
    }

    fn render(&self, model: &SiteModel<'_>, layout: &Layout<'_>) -> askama::Result<String> {
        DocumentsTemplate {
            layout,
            total: model.views.len(),
            groups: groups(model, &layout.root),
        }
        .render()
    }
}

pub struct DocRow {
    pub link: Link,
    pub title: String,
    pub state: String,
    pub state_class: &'static str,
    pub review: String,
    pub review_class: &'static str,
    pub due: String,
    pub owner: String,
    pub status: String,
}

#[derive(Template)]
#[template(path = "documents.html")]
struct DocumentsTemplate<'a> {
    layout: &'a Layout<'a>,
    groups: Vec<(String, Vec<DocRow>)>,
    total: usize,
}

/// The document views (already in binder order) as rows, grouped by kind.
fn groups(model: &SiteModel<'_>, root: &str) -> Vec<(String, Vec<DocRow>)> {
    let mut groups: Vec<(String, Vec<DocRow>)> = Vec::new();
    for view in &model.views {
        let row = DocRow {
            link: model.links.document_link(&view.id, root),
            title: view.title.clone(),
            state: view.state.clone(),
            state_class: view.state_class,
            review: view.review_state.clone(),
            review_class: view.review_class,
            due: view.review_due.clone(),
            owner: view.owner.clone(),
            status: view.status.clone(),
        };
        match groups.last_mut() {
            Some((kind, rows)) if *kind == view.kind_title => rows.push(row),
            _ => groups.push((view.kind_title.clone(), vec![row])),
        }
    }
    groups
}
