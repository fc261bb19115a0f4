//! `search.html`: the full results of a search (`search.html?q=...`), every hit listed with the
//! fields that matched. The page is a frame; `assets/search.js` reads the query and fills it in
//! from the sharded index.

use super::super::layout::Layout;
use super::super::model::SiteModel;
use super::Page;
use askama::Template;

pub struct Search;

impl Page for Search {
    fn file(&self) -> &str {
        "search.html"
    }

    fn title(&self, _: &SiteModel<'_>) -> String {
        "Search".to_owned()
    }

    fn render(&self, _: &SiteModel<'_>, layout: &Layout<'_>) -> askama::Result<String> {
        SearchTemplate { layout }.render()
    }
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchTemplate<'a> {
    layout: &'a Layout<'a>,
}
