use crate::check::{Context, Rule, declare_rule, rule_meta};
use crate::diagnostic::{Diagnostic, Span};
use crate::load::frontmatter::SplitProblem;
use crate::load::{Document, LoadProblem};

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

impl Rule for MissingFrontmatter {
    rule_meta!();

    fn check_document(
        &self,
        _: &Context<'_>,
        _: usize,
        document: &Document,
        out: &mut Vec<Diagnostic>,
    ) {
        if let Err(LoadProblem::Split(SplitProblem::MissingOpening { closing_line })) =
            document.content
        {
            out.push(
                Self::META
                    .at_span(
                        document,
                        Span::START,
                        format!(
                            "the opening `---` is missing: the file starts with YAML fields that the `---` on line {closing_line} closes"
                        ),
                    )
                    .with_help("add a line holding only `---` at the very top of the file"),
            );
        }
        if let Err(LoadProblem::Split(SplitProblem::Missing)) = document.content {
            out.push(
                Self::META
                    .at_span(document, Span::START, "this document has no frontmatter")
                    .with_help("start the file with a `---` line, the YAML fields, and another `---` line; or exclude the file in aims.yaml"),
            );
        }
    }
}
