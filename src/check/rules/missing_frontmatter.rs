use super::prelude::*;
use crate::diagnostic::Span;

declare_rule! {
    /// ## What it checks
    /// A file matched by the `documents` globs whose first line is not `---`, so it has no YAML
    /// frontmatter. A file that starts with YAML fields closed by a `---` line (the layout some
    /// tools write) is told that only its opening `---` is missing.
    ///
    /// ## Why it matters
    /// The frontmatter is what makes a Markdown file an AIMS document: its id, kind, owner and
    /// status. Without it the file cannot be referenced, approved or counted.
    ///
    /// ## How to fix
    /// Start the file with a frontmatter block:
    ///
    /// ```markdown
    /// ---
    /// id: PROC-004
    /// kind: procedure
    /// title: Document control
    /// owner: quality@example.com
    /// status: draft
    /// ---
    /// ```
    ///
    /// or exclude the file (READMEs, notes) with `exclude` in `aims.yaml`.
    pub struct MissingFrontmatter {
        code: "AIMS102",
        name: "missing-frontmatter",
        severity: Error,
        summary: "A document has no YAML frontmatter",
    }
}

/// Raised by the engine from the loader's problem; see [`finding`].
impl Rule for MissingFrontmatter {}

/// The finding for a file without frontmatter; `closing_line` is the `---` that closes YAML
/// fields whose opening `---` is missing, if there is one.
pub fn finding(document: &Document, closing_line: Option<usize>) -> Diagnostic {
    match closing_line {
        Some(closing_line) => MissingFrontmatter::META
            .at_span(
                document,
                Span::START,
                format!(
                    "the opening `---` is missing: the file starts with YAML fields that the `---` on line {closing_line} closes"
                ),
            )
            .with_help("add a line holding only `---` at the very top of the file"),
        None => MissingFrontmatter::META
            .at_span(document, Span::START, "this document has no frontmatter")
            .with_help("start the file with a `---` line, the YAML fields, and another `---` line; or exclude the file in aims.yaml"),
    }
}
