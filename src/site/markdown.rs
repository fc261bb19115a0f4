//! Markdown document bodies → safe HTML for the evidence site.
//!
//! Two layers keep user content inert: raw HTML in Markdown is turned into text before
//! rendering (so `<script>` shows as text), and the rendered HTML is cleaned by ammonia (which
//! drops event handlers and `javascript:` URLs whatever got through). Relative links between
//! documents are rewritten to the documents' pages, links to repository files to the copies in
//! the site; headings get stable anchors.

use super::html::Html;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::HashMap;

/// Where a link in a document body should go.
pub trait LinkResolver {
    /// Given a project-relative path (already resolved against the document's folder), the
    /// site-relative URL for it, if the site has it.
    fn resolve(&self, project_path: &str) -> Option<String>;
}

/// A rendered document body.
pub struct Body {
    pub html: Html,
    /// The project paths the body links to that the site has (a document's page, a file or a
    /// folder), so the files among them can be copied into the site.
    pub targets: Vec<String>,
}

/// Renders one document body. `dir` is the document's folder (project-relative) and `root` the
/// prefix from the page to the site root (`""` or `"../"`).
pub fn render(body: &str, dir: &str, root: &str, links: &dyn LinkResolver) -> Body {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let events: Vec<Event<'_>> = Parser::new_ext(body, options).collect();
    let mut slugs = Slugs::default();
    let mut targets = Vec::new();
    let mut out = Vec::with_capacity(events.len());
    let mut iter = events.into_iter().peekable();
    while let Some(event) = iter.next() {
        match event {
            // Raw HTML is shown, never interpreted.
            Event::Html(html) | Event::InlineHtml(html) => out.push(Event::Text(html)),
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                // Collect the heading's text to derive its anchor.
                let mut inner = Vec::new();
                let mut text = String::new();
                for event in iter.by_ref() {
                    if let Event::End(TagEnd::Heading(_)) = event {
                        break;
                    }
                    if let Event::Text(t) | Event::Code(t) = &event {
                        text.push_str(t);
                    }
                    inner.push(event);
                }
                let anchor = slugs.next(id.as_deref().unwrap_or(&text));
                let _ = (classes, attrs);
                out.push(Event::Start(Tag::Heading {
                    level: demote(level),
                    id: Some(CowStr::from(anchor)),
                    classes: Vec::new(),
                    attrs: Vec::new(),
                }));
                for event in inner {
                    out.push(match event {
                        Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
                        other => other,
                    });
                }
                out.push(Event::End(TagEnd::Heading(demote(level))));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => out.push(Event::Start(Tag::Link {
                link_type,
                dest_url: CowStr::from(rewrite(&dest_url, dir, root, links, &mut targets)),
                title,
                id,
            })),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => out.push(Event::Start(Tag::Image {
                link_type,
                dest_url: CowStr::from(rewrite(&dest_url, dir, root, links, &mut targets)),
                title,
                id,
            })),
            other => out.push(other),
        }
    }
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, out.into_iter());
    Body {
        html: Html::sanitise(&html),
        targets,
    }
}

/// Page titles are `h1`; a document's own headings start at `h2`.
fn demote(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// GitHub-style anchors: lower-case, letters, digits and dashes, de-duplicated with `-1`, `-2`.
#[derive(Default)]
struct Slugs {
    seen: HashMap<String, usize>,
}

impl Slugs {
    fn next(&mut self, text: &str) -> String {
        let mut slug = String::new();
        for ch in text.trim().chars().flat_map(char::to_lowercase) {
            if ch.is_alphanumeric() {
                slug.push(ch);
            } else if (ch == ' ' || ch == '-' || ch == '_') && !slug.ends_with('-') {
                slug.push('-');
            }
        }
        let slug = slug.trim_matches('-').to_owned();
        let slug = if slug.is_empty() {
            "section".to_owned()
        } else {
            slug
        };
        let count = self.seen.entry(slug.clone()).or_insert(0);
        let unique = if *count == 0 {
            slug
        } else {
            format!("{slug}-{count}")
        };
        *count += 1;
        unique
    }
}

/// Rewrites a link found in the body of a document in `dir`, noting in `targets` the project
/// path it resolved to.
fn rewrite(
    url: &str,
    dir: &str,
    root: &str,
    links: &dyn LinkResolver,
    targets: &mut Vec<String>,
) -> String {
    let trimmed = url.trim();
    if trimmed.is_empty() || trimmed.starts_with('#') {
        return trimmed.to_owned();
    }
    if let Some((scheme, _)) = trimmed.split_once(':')
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '-' || c == '.')
    {
        // Absolute URLs keep their scheme; ammonia later removes the unsafe ones.
        return trimmed.to_owned();
    }
    let (path, fragment) = match trimmed.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment)),
        None => (trimmed, None),
    };
    let joined = if path.starts_with('/') {
        path.trim_start_matches('/').to_owned()
    } else if dir.is_empty() {
        path.to_owned()
    } else {
        format!("{dir}/{path}")
    };
    let Some(normalised) = normalise(&joined) else {
        return "#".to_owned();
    };
    let resolved = links.resolve(&normalised);
    if resolved.is_some() {
        targets.push(normalised);
    }
    match resolved {
        Some(target) => match fragment {
            Some(fragment) => format!("{root}{target}#{fragment}"),
            None => format!("{root}{target}"),
        },
        // A file the site does not have: a dead link is better than a link out of the site.
        None => "#missing".to_owned(),
    }
}

/// Lexical normalisation inside the project (`None` when `..` climbs out of it).
fn normalise(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

/// Plain text of a Markdown body (for the search index), without markup or raw HTML.
pub fn plain_text(body: &str, limit: usize) -> String {
    let mut text = String::new();
    for event in Parser::new_ext(body, Options::ENABLE_TABLES) {
        match event {
            Event::Text(t) | Event::Code(t) => {
                if !text.is_empty() && !text.ends_with(' ') {
                    text.push(' ');
                }
                text.push_str(&t);
            }
            Event::SoftBreak | Event::HardBreak | Event::End(_) if !text.ends_with(' ') => {
                text.push(' ');
            }
            _ => {}
        }
        if text.len() >= limit {
            break;
        }
    }
    let mut text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.len() > limit {
        let mut cut = limit;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Links;
    impl LinkResolver for Links {
        fn resolve(&self, path: &str) -> Option<String> {
            match path {
                "aims/policies/ai-policy.md" => Some("documents/POL-001.html".to_owned()),
                "evidence/x.csv" => Some("files/evidence/x.csv".to_owned()),
                _ => None,
            }
        }
    }

    fn html(body: &str) -> String {
        render(body, "aims/risks", "../", &Links).html.to_string()
    }

    #[test]
    fn escapes_raw_html_and_strips_script_urls() {
        let out = html(
            "<script>alert(1)</script>\n\nHi <img src=x onerror=alert(1)> [x](javascript:alert(1)) [y](JaVaScRiPt:alert(2))\n",
        );
        assert!(!out.contains("<script"), "{out}");
        assert!(!out.contains("<img"), "{out}");
        assert!(!out.to_lowercase().contains("javascript:"), "{out}");
        assert!(out.contains("&lt;script&gt;"), "{out}");
    }

    #[test]
    fn rewrites_links_between_documents_and_to_files() {
        let out = html(
            "[policy](../policies/ai-policy.md#scope) [data](../../evidence/x.csv) [gone](missing.md) [web](https://example.org)\n",
        );
        assert!(
            out.contains(r#"href="../documents/POL-001.html#scope""#),
            "{out}"
        );
        assert!(out.contains(r#"href="../files/evidence/x.csv""#), "{out}");
        let targets = render(
            "[a](../../evidence/x.csv) [b](gone.md)",
            "aims/risks",
            "",
            &Links,
        );
        assert_eq!(targets.targets, ["evidence/x.csv"]);
        assert!(out.contains(r##"href="#missing""##), "{out}");
        assert!(
            out.contains(r#"href="https://example.org" rel="noopener noreferrer""#),
            "{out}"
        );
    }

    #[test]
    fn headings_get_unique_anchors_and_tables_tasks_footnotes_render() {
        let out = html(
            "# Scope\n\n## Scope\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n- [ ] open\n\nText[^1].\n\n[^1]: Note.\n",
        );
        assert!(out.contains(r#"<h2 id="scope">"#), "{out}");
        assert!(out.contains(r#"<h3 id="scope-1">"#), "{out}");
        assert!(out.contains("<table>"), "{out}");
        assert!(
            out.contains(r#"<input disabled="" type="checkbox" checked="">"#),
            "{out}"
        );
        assert!(out.contains(r##"<sup><a href="#1""##), "{out}");
        assert!(out.contains(r#"<div id="1">"#), "{out}");
    }

    #[test]
    fn plain_text_drops_markup() {
        assert_eq!(
            plain_text("# Title\n\nSome *text* <b>x</b>.\n", 100),
            "Title Some text x ."
        );
        assert_eq!(plain_text("é".repeat(10).as_str(), 5), "éé");
    }
}
