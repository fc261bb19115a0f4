use super::prelude::*;
use crate::load::OPENING_DELIMITER;

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

/// Raised by the engine from the loader's problem; see [`finding`].
impl Rule for UnterminatedFrontmatter {}

pub fn finding(document: &Document) -> Diagnostic {
    UnterminatedFrontmatter::META
        .at_span(
            document,
            OPENING_DELIMITER,
            "this `---` opens a frontmatter block that is never closed",
        )
        .with_help("add a line containing only `---` after the last field")
}
