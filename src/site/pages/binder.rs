//! `binder.html`: the printable audit binder, every document's view in order on one page.

use super::super::layout::Layout;
use super::super::model::SiteModel;
use super::super::model::document::DocView;
use super::Page;
use askama::Template;

pub struct Binder;

impl Page for Binder {
    fn file(&self) -> &str {
        "binder.html"
    }

    fn title(&self, _: &SiteModel<'_>) -> String {
        "Audit binder".to_owned()
    }

    fn nav(&self) -> Option<&'static str> {
        Some("Audit binder")
    }

    fn holds_document_views(&self) -> bool {
        true
    }

    fn render(&self, model: &SiteModel<'_>, layout: &Layout<'_>) -> askama::Result<String> {
        BinderTemplate {
            layout,
            organisation: &model.organisation,
            docs: &model.views,
        }
        .render()
    }
}

#[derive(Template)]
#[template(path = "binder.html")]
struct BinderTemplate<'a> {
    layout: &'a Layout<'a>,
    docs: &'a [DocView],
    organisation: &'a str,
}
