use super::prelude::*;
use crate::diagnostic::{Position, Span};

declare_rule! {
    /// ## What it checks
    /// Frontmatter that is not valid YAML: unbalanced brackets or quotes, a value indented under
    /// nothing, tabs used for indentation, and similar syntax errors. A `[` or `{` that is never
    /// closed is reported where it opens, not lines later where the parser gives up.
    ///
    /// ## Why it matters
    /// Nothing in a document whose frontmatter cannot be parsed can be checked, referenced or
    /// published.
    ///
    /// ## How to fix
    /// Correct the YAML at the reported position. Indent with spaces, never tabs; quote values
    /// that contain `: ` or start with a special character (`[`, `{`, `*`, `&`, `!`, `|`, `>`,
    /// `%`, `@`).
    pub struct InvalidYaml {
        code: "AIMS104",
        name: "invalid-yaml",
        severity: Error,
        summary: "The frontmatter is not valid YAML",
    }
}

/// Raised by the engine from the loader's problem; see [`finding`].
impl Rule for InvalidYaml {}

/// The finding for a YAML syntax error `message` at `at`.
pub fn finding(document: &Document, message: &str, at: Position) -> Diagnostic {
    let help = if message.contains("is never closed") {
        "close it on the same line, or write one item per line starting with `- `"
    } else if message.contains("tab") || line_starts_with_tab(&document.text, at.line) {
        "YAML does not allow tabs for indentation; indent with spaces"
    } else {
        "quote values that contain `: ` or start with a special character"
    };
    InvalidYaml::META
        .at_span(document, Span::point(at), format!("invalid YAML: {message}"))
        .with_help(help)
}

fn line_starts_with_tab(text: &str, line: usize) -> bool {
    text.lines()
        .nth(line.saturating_sub(1))
        .is_some_and(|content| content.starts_with('\t'))
}
