//! `assets/search-index.js`: `window.AIMS_SEARCH = [...]` with each document's id, title, kind,
//! URL and the start of its text, inlined as a script so it loads from `file://`, where
//! `fetch()` is blocked.

use super::markdown;
use super::model::SiteModel;

/// How much of each document's text the search index carries.
const SEARCH_TEXT: usize = 1500;

pub fn index(model: &SiteModel<'_>) -> String {
    #[derive(serde::Serialize)]
    struct Entry<'a> {
        i: &'a str,
        t: &'a str,
        k: &'a str,
        u: &'a str,
        x: String,
    }
    let mut json = String::from("window.AIMS_SEARCH = [");
    for (n, view) in model.views.iter().enumerate() {
        let entry = Entry {
            i: &view.id,
            t: &view.title,
            k: &view.kind_title,
            u: model.links.pages.get(&view.id).map_or("", String::as_str),
            x: model
                .documents
                .by_path(&view.path)
                .map(|document| markdown::plain_text(document.body(), SEARCH_TEXT))
                .unwrap_or_default(),
        };
        let Ok(text) = serde_json::to_string(&entry) else {
            continue;
        };
        if n > 0 {
            json.push(',');
        }
        // `<` (so `</script>` can never end an element if this is ever inlined) and the two
        // line separators that older JavaScript rejects in string literals. JSON only has
        // these characters inside strings, where the escapes mean the same.
        for c in text.chars() {
            match c {
                '<' => json.push_str("\\u003c"),
                '\u{2028}' => json.push_str("\\u2028"),
                '\u{2029}' => json.push_str("\\u2029"),
                c => json.push(c),
            }
        }
    }
    json.push_str("];\n");
    json
}
