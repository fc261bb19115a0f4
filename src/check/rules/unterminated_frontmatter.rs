use crate::check::{Context, Rule, declare_rule, rule_meta};
use crate::diagnostic::Diagnostic;
use crate::load::frontmatter::SplitProblem;
use crate::load::{Document, LoadProblem, OPENING_DELIMITER};

declare_rule! {
    /// ## What it checks
    /// A document whose first line `---` opens a frontmatter block that no later `---` (or
    /// `...`) line closes.
    ///
    /// ## Why it matters
    /// Without the closing line there is no telling where the YAML ends and the Markdown begins;
    /// guessing would turn prose into fields or fields into prose.
    ///
    /// ## How to fix
    /// Add a line containing only `---` after the last frontmatter field.
    pub struct UnterminatedFrontmatter {
        code: "AIMS103",
        name: "unterminated-frontmatter",
        severity: Error,
        summary: "The frontmatter block is never closed",
    }
}

impl Rule for UnterminatedFrontmatter {
    rule_meta!();

    fn check_document(
        &self,
        _: &Context<'_>,
        _: usize,
        document: &Document,
        out: &mut Vec<Diagnostic>,
    ) {
        if let Err(LoadProblem::Split(SplitProblem::Unterminated)) = document.content {
            out.push(
                Self::META
                    .at_span(
                        document,
                        OPENING_DELIMITER,
                        "this `---` opens a frontmatter block that is never closed",
                    )
                    .with_help("add a line containing only `---` after the last field"),
            );
        }
    }
}
