//! `Html`: the only kind of pre-rendered markup the site's templates print unescaped.
//!
//! Everything else on a page is a plain value that askama escapes, or a fragment template
//! (`templates/fragments/`) whose own fields askama escaped. An `Html` can be made in exactly
//! two places, both in this module or below it, because its field is private: by cleaning
//! rendered Markdown with the site's ammonia allow-list ([`Html::sanitise`]), and by the SVG
//! chart builders ([`svg`]: heatmaps, KPI trends), which escape every piece of text they put in.

pub mod svg;

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::sync::LazyLock;

/// Markup that is safe to insert into a page as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Html(String);

impl Html {
    /// Cleans `html` with the site's allow-list: no scripts, event handlers, styles, frames or
    /// non-web URL schemes survive, whatever `html` holds.
    pub fn sanitise(html: &str) -> Html {
        Html(wrap_tables(&CLEANER.clean(html).to_string()))
    }

    /// The cleaned HTML.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Html {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.0)
    }
}

/// Puts each table of cleaned markup in the site's sideways-scrolling, keyboard-focusable
/// region (`.table-scroll`), as the templates do for their own tables, so a wide table in a
/// document never widens the page. Runs after cleaning, so the wrapper's `tabindex` and `role`
/// are not subject to the allow-list; in cleaned markup every `<table` is a real tag, since
/// text has its `<` escaped.
fn wrap_tables(cleaned: &str) -> String {
    if !cleaned.contains("<table") {
        return cleaned.to_owned();
    }
    cleaned
        .replace(
            "<table",
            r#"<div class="table-scroll" role="region" tabindex="0" aria-label="Table in the document"><table"#,
        )
        .replace("</table>", "</table></div>")
}

/// Escapes text for element content and attribute values (for the markup built here).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

// Askama prints an `Html` as it is, so templates never need `|safe` (and have none).
impl askama::filters::HtmlSafe for Html {}

/// Filters for the site's templates.
pub mod filters {
    /// Escapes a value with named entities (`&amp;`, `&quot;`) where askama's own escaping
    /// writes numeric ones (`&#38;`, `&#34;`). Links, frontmatter facts and the other pieces
    /// that used to be built in Rust have always been escaped this way; keeping it keeps every
    /// page byte-identical to what earlier versions built from the same commit. The result is
    /// fully escaped, so askama prints it as it is.
    #[askama::filter_fn]
    pub fn entities<T: std::fmt::Display>(
        value: T,
        _: &dyn askama::Values,
    ) -> askama::Result<askama::filters::Safe<String>> {
        Ok(askama::filters::Safe(super::escape(&value.to_string())))
    }
}

static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    let headings = ["h1", "h2", "h3", "h4", "h5", "h6"];
    let mut tag_attributes: HashMap<&'static str, HashSet<&'static str>> = HashMap::new();
    for heading in headings {
        tag_attributes.insert(heading, ["id"].into_iter().collect());
    }
    tag_attributes.insert(
        "input",
        ["type", "checked", "disabled"].into_iter().collect(),
    );
    tag_attributes.insert("a", ["href", "title"].into_iter().collect());
    tag_attributes.insert("img", ["src", "alt", "title"].into_iter().collect());
    tag_attributes.insert("li", ["id"].into_iter().collect());
    tag_attributes.insert("sup", ["id"].into_iter().collect());
    tag_attributes.insert("div", ["id"].into_iter().collect());
    builder
        .add_tags(["input"])
        .tag_attributes(tag_attributes)
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .url_relative(ammonia::UrlRelative::PassThrough)
        .link_rel(Some("noopener noreferrer"))
        .attribute_filter(|element, attribute, value| match (element, attribute) {
            // Task-list check boxes only, and never interactive.
            ("input", "type") if value != "checkbox" => None,
            _ => Some(value.into()),
        });
    builder
});

#[cfg(test)]
mod tests {
    use super::{Html, escape};
    use std::path::Path;

    #[test]
    fn tables_scroll_in_a_focusable_region_and_text_is_not_mistaken_for_one() {
        let html = Html::sanitise(
            "<p>&lt;table&gt; as text</p><table><tr><td onclick=\"x()\">1</td></tr></table>",
        );
        let html = html.as_str();
        assert_eq!(
            html.matches("<div class=\"table-scroll\"").count(),
            1,
            "{html}"
        );
        assert!(html.contains(r#"tabindex="0""#) && html.contains("</table></div>"));
        assert!(html.contains("<p>&lt;table&gt; as text</p>"), "{html}");
        assert!(!html.contains("onclick"), "{html}");
    }

    /// A wide table must never widen the page: each sits in the focusable scrolling region.
    #[test]
    fn every_template_table_scrolls_in_its_own_region() {
        let templates = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        let mut checked = 0;
        for entry in walkdir::WalkDir::new(&templates).into_iter().flatten() {
            let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
            for (at, _) in text.match_indices("<table") {
                let before = &text[..at];
                assert!(
                    before.ends_with(r#"tabindex="0" "#)
                        || before
                            .rfind("<div class=\"table-scroll\"")
                            .is_some_and(|open| !before[open..].contains('\n')),
                    "{}: a table outside a .table-scroll region",
                    entry.path().display()
                );
                checked += 1;
            }
            assert_eq!(
                text.matches("<table").count(),
                text.matches("</table></div>").count(),
                "{}: a .table-scroll region left open",
                entry.path().display()
            );
        }
        assert!(checked >= 30, "only {checked} tables found");
    }

    #[test]
    fn escapes_html() {
        assert_eq!(
            escape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn sanitising_removes_what_could_run() {
        let html = Html::sanitise(
            r#"<p onclick="x()">a</p><script>alert(1)</script><a href="javascript:alert(2)">b</a><iframe src="x"></iframe>"#,
        );
        let lower = html.to_string().to_lowercase();
        for banned in ["onclick", "<script", "javascript:", "<iframe"] {
            assert!(!lower.contains(banned), "{html}");
        }
    }

    /// Files under `dir` (recursively) whose name ends with `extension`.
    fn files(dir: &Path, extension: &str) -> Vec<(String, String)> {
        walkdir::WalkDir::new(dir)
            .into_iter()
            .flatten()
            .filter(|entry| entry.path().to_string_lossy().ends_with(extension))
            .map(|entry| {
                (
                    entry.path().display().to_string(),
                    std::fs::read_to_string(entry.path()).unwrap(),
                )
            })
            .collect()
    }

    /// What reaches a page unescaped is decided by types, not by template authors: no
    /// template uses `|safe`, and only `Html` and the fragment templates (whose fields askama
    /// escapes) are marked safe.
    #[test]
    fn only_typed_html_bypasses_escaping() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        for (path, text) in files(&root.join("templates"), ".html") {
            assert!(!text.contains("|safe"), "{path} uses |safe");
            assert!(!text.contains("| safe"), "{path} uses |safe");
        }
        let mut marked = Vec::new();
        for (path, text) in files(&root.join("src/site"), ".rs") {
            for line in text.lines().map(str::trim) {
                if let Some((_, rest)) = line.split_once("HtmlSafe for ")
                    && line.starts_with("impl")
                {
                    let name = rest.split([' ', '<', '{']).next().unwrap_or(rest);
                    marked.push((path.clone(), name.to_owned()));
                }
            }
        }
        for (path, name) in &marked {
            let source = std::fs::read_to_string(path).unwrap();
            // The attributes just above the type's definition.
            let lines: Vec<&str> = source.lines().collect();
            let defined = lines.iter().position(|line| {
                ["pub struct ", "pub enum "].iter().any(|keyword| {
                    line.strip_prefix(keyword)
                        .and_then(|rest| rest.strip_prefix(name.as_str()))
                        .is_some_and(|rest| rest.starts_with([' ', '<', '{', '(', ';']))
                })
            });
            let attributes = defined
                .map(|at| {
                    lines[..at]
                        .iter()
                        .rev()
                        .take_while(|line| line.starts_with("#[") || line.starts_with("///"))
                        .copied()
                        .collect::<Vec<_>>()
                        .join("\n")
                })
                .unwrap_or_default();
            let fragment = attributes.contains("Template")
                && attributes.contains("#[template(path = \"fragments/");
            assert!(
                name == "Html" || fragment,
                "{path}: {name} is marked safe but is neither Html nor a fragment template"
            );
        }
        assert!(marked.iter().any(|(_, name)| name == "Html"));
    }
}
