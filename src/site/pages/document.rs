//! One page per document (`documents/<id>.html`): the document's view from the site model, in
//! the page frame.

use super::super::layout::Layout;
use super::super::model::SiteModel;
use super::super::model::document::DocView;
use super::Page;
use askama::Template;

#[derive(Template)]
#[template(path = "document.html")]
struct DocumentTemplate<'a> {
    layout: &'a Layout<'a>,
    doc: &'a DocView,
    since: Option<&'a SinceLink>,
}

/// Where the site's "Changes since REV" page shows this document's diff.
pub struct SinceLink {
    /// Relative to the site root.
    pub href: String,
    /// "Changed since audit-2025", "Added since …".
    pub label: String,
}

/// The page of one document.
pub struct DocumentPage<'m> {
    pub file: &'m str,
    pub view: &'m DocView,
    pub since: Option<SinceLink>,
}

impl Page for DocumentPage<'_> {
    fn file(&self) -> &str {
        self.file
    }

    fn title(&self, _: &SiteModel<'_>) -> String {
        format!("{} {}", self.view.id, self.view.title)
    }

    fn active(&self) -> &str {
        "documents.html"
    }

    fn holds_document_views(&self) -> bool {
        true
    }

    fn render(&self, _: &SiteModel<'_>, layout: &Layout<'_>) -> askama::Result<String> {
        DocumentTemplate {
            layout,
            doc: self.view,
            since: self.since.as_ref(),
        }
        .render()
    }
}
