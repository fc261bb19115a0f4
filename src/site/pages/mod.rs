//! The pages of the site, one file per page (or per family of pages, such as one page per
//! document), each behind the [`Page`] trait. [`all`] is the one list of pages: the navigation
//! bar and the build loop both read it, so a page is named in one place.

mod audits;
mod binder;
mod changes;
mod clauses;
mod dashboard;
mod document;
mod documents;
mod findings;
mod folder;
mod framework;
mod gap;
mod impact;
mod review_pack;
mod risks;
mod search;
mod soa;
mod systems;
mod traceability;

use super::layout::Layout;
use super::model::SiteModel;
pub use super::model::document::{label, state_class};

/// One output page.
pub trait Page: Sync {
    /// Where the page is written, relative to the site root (it may sit in any folder).
    fn file(&self) -> &str;
    /// The page title (in `<title>`, before the organisation's name).
    fn title(&self, model: &SiteModel<'_>) -> String;
    /// The label of the page's entry in the navigation bar, if it has one.
    fn nav(&self) -> Option<&'static str> {
        None
    }
    /// The navigation entry to show as current while on this page.
    fn active(&self) -> &str {
        self.file()
    }
    /// Pages that hold document views return true: those views link relative to
    /// [`super::ROOT`] until the page is written.
    fn holds_document_views(&self) -> bool {
        false
    }
    fn render(&self, model: &SiteModel<'_>, layout: &Layout<'_>) -> askama::Result<String>;
}

/// Every page of the site, in navigation order, then the search results page, one page per
/// document, the binder's volumes and one page per evidence folder.
pub fn all<'m>(model: &'m SiteModel<'_>) -> Vec<Box<dyn Page + 'm>> {
    let mut pages: Vec<Box<dyn Page + 'm>> = vec![Box::new(dashboard::Dashboard)];
    if model.since.is_some() {
        pages.push(Box::new(changes::Changes));
    }
    pages.extend([
        Box::new(gap::Gap) as Box<dyn Page + 'm>,
        Box::new(soa::Soa),
        Box::new(risks::Risks),
        Box::new(systems::Systems),
        Box::new(impact::Impact),
        Box::new(traceability::Traceability),
        Box::new(clauses::Clauses),
    ]);
    pages.extend(framework::pages().map(|page| Box::new(page) as Box<dyn Page + 'm>));
    pages.push(Box::new(documents::Documents));
    pages.push(Box::new(audits::Audits));
    pages.push(Box::new(review_pack::ReviewPackPage));
    pages.push(Box::new(findings::Findings));
    let volumes: std::sync::Arc<[binder::Volume]> = binder::volumes(&model.views).into();
    pages.push(Box::new(binder::Binder {
        volumes: volumes.clone(),
    }));
    pages.push(Box::new(search::Search));
    // Each changed document's page links to its diff on the changes page.
    let changed: std::collections::HashMap<&str, (String, String)> = model
        .since
        .iter()
        .flat_map(|diff| {
            diff.documents.iter().enumerate().map(|(index, document)| {
                (
                    document.path.as_str(),
                    (
                        changes::anchor(index),
                        changes::since_label(document.change, &diff.from.rev),
                    ),
                )
            })
        })
        .collect();
    pages.extend(model.views.iter().filter_map(|view| {
        let file = model.links.pages.get(&view.id)?;
        let since = changed
            .get(view.path.as_str())
            .map(|(anchor, label)| document::SinceLink {
                href: format!("{}#{anchor}", changes::FILE),
                label: label.clone(),
            });
        Some(Box::new(document::DocumentPage { file, view, since }) as Box<dyn Page + 'm>)
    }));
    pages.extend((0..volumes.len()).map(|index| {
        Box::new(binder::BinderVolume {
            volumes: volumes.clone(),
            index,
        }) as Box<dyn Page + 'm>
    }));
    pages.extend(
        model
            .folders
            .iter()
            .map(|folder| Box::new(folder::FolderPage::new(folder)) as Box<dyn Page + 'm>),
    );
    pages
}

/// The badge class of an SoA implementation status.
fn status_class(status: &str) -> &'static str {
    match status {
        "implemented" => "ok",
        "partial" | "planned" => "warn",
        "not-implemented" => "bad",
        _ => "muted",
    }
}

/// Links to the documents a list field of `document` names.
fn list_links(
    model: &SiteModel<'_>,
    document: &crate::load::Document,
    pointer: &str,
    root: &str,
) -> super::links::LinkList {
    model.links.document_links(
        document
            .get(pointer)
            .and_then(serde_json::Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(serde_json::Value::as_str),
        root,
    )
}
