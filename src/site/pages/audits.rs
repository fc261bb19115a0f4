//! `audits.html`: internal audits (clause 9.2), management reviews (9.3) and the nonconformity
//! register (10.2), whose open entries the dashboard also lists.

use super::super::layout::Layout;
use super::super::links::{Link, LinkList};
use super::super::model::SiteModel;
use super::{Page, list_links};
use crate::load::model::nonconformity;
use askama::Template;

pub struct Audits;

impl Page for Audits {
    fn file(&self) -> &str {
        "audits.html"
    }

    fn title(&self, _: &SiteModel<'_>) -> String {
        "Audits and nonconformities".to_owned()
    }

    fn nav(&self) -> Option<&'static str> {
        Some("Audits & NCs")
    }

    fn render(&self, model: &SiteModel<'_>, layout: &Layout<'_>) -> askama::Result<String> {
        let root = layout.root.as_str();
        AuditsTemplate {
            audits: rows(model, "audit", root),
            reviews: rows(model, "management-review", root),
            ncs: nc_rows(model, root),
            layout,
        }
        .render()
    }
}

pub struct AuditRow {
    pub link: Link,
    pub title: String,
    pub date: String,
    pub auditor: String,
    pub audit_type: String,
    pub scope: String,
    pub findings: LinkList,
    pub status: String,
}

pub struct NcRow {
    pub doc: Link,
    pub title: String,
    pub grade: String,
    pub source: String,
    pub raised: String,
    pub raised_in: Option<Link>,
    pub actions: String,
    pub next_due: String,
    pub overdue: bool,
    pub closed: String,
}

#[derive(Template)]
#[template(path = "audits.html")]
struct AuditsTemplate<'a> {
    layout: &'a Layout<'a>,
    audits: Vec<AuditRow>,
    reviews: Vec<AuditRow>,
    ncs: Vec<NcRow>,
}

/// Documents of `kind` (audits or management reviews), newest first.
fn rows(model: &SiteModel<'_>, kind: &str, root: &str) -> Vec<AuditRow> {
    let mut rows: Vec<AuditRow> = model
        .documents
        .of_kind(kind)
        .filter_map(|document| {
            let id = document.id()?;
            Some(AuditRow {
                link: model.links.document_link(id, root),
                title: document.title().unwrap_or_default().to_owned(),
                date: document.str_at("/date").unwrap_or_default().to_owned(),
                auditor: document.str_at("/auditor").unwrap_or_default().to_owned(),
                audit_type: document
                    .str_at("/audit_type")
                    .unwrap_or("internal")
                    .to_owned(),
                scope: document.str_at("/scope").unwrap_or_default().to_owned(),
                findings: list_links(model, document, "/findings", root),
                status: document.status().unwrap_or_default().to_owned(),
            })
        })
        .collect();
    rows.sort_by(|a, b| {
        b.date
            .cmp(&a.date)
            .then_with(|| a.link.text.cmp(&b.link.text))
    });
    rows
}

/// Every nonconformity, open ones first, newest first.
pub fn nc_rows(model: &SiteModel<'_>, root: &str) -> Vec<NcRow> {
    let mut rows: Vec<NcRow> = model
        .documents
        .of_kind("nonconformity")
        .filter_map(|document| {
            let id = document.id()?;
            let view = nonconformity(document);
            let open_actions = view
                .actions
                .iter()
                .filter(|action| action.completed.is_none())
                .count();
            let next_due = view.next_due().unwrap_or_default().to_owned();
            let overdue = view.is_open()
                && document.is_active()
                && crate::dates::parse_date(&next_due).is_some_and(|due| due < model.today);
            Some(NcRow {
                doc: model.links.document_link(id, root),
                title: document.title().unwrap_or_default().to_owned(),
                grade: view.grade.unwrap_or_default().to_owned(),
                source: document.str_at("/source").unwrap_or_default().to_owned(),
                raised: view.raised.unwrap_or_default().to_owned(),
                raised_in: document
                    .str_at("/raised_in")
                    .map(|id| model.links.document_link(id, root)),
                actions: format!("{open_actions} open of {}", view.actions.len()),
                next_due: if view.is_open() {
                    next_due
                } else {
                    String::new()
                },
                overdue,
                closed: view.closed.unwrap_or_default().to_owned(),
            })
        })
        .collect();
    rows.sort_by(|a, b| {
        (a.closed.is_empty(), &a.raised, &a.doc.text)
            .cmp(&(b.closed.is_empty(), &b.raised, &b.doc.text))
            .reverse()
    });
    rows
}
