use super::prelude::*;
use crate::diagnostic::{Position, Span};

declare_rule! {
    /// ## What it checks
    /// The same key appearing twice in one YAML mapping, such as two `title:` lines.
    ///
    /// ## Why it matters
    /// Most YAML readers silently keep the last value, so the document says one thing to a
    /// reader and another to the tools. aims refuses to guess.
    ///
    /// ## How to fix
    /// Remove or rename one of the two keys.
    pub struct DuplicateKey {
        code: "AIMS105",
        name: "duplicate-key",
        severity: Error,
        summary: "A key appears twice in the same mapping",
    }
}

/// Raised by the engine from the loader's problem; see [`finding`].
impl Rule for DuplicateKey {}

/// The finding for the second occurrence of a key, at `at`.
pub fn finding(document: &Document, at: Position) -> Diagnostic {
    DuplicateKey::META
        .at_span(
            document,
            Span::point(at),
            "this key already appears earlier in the same mapping",
        )
        .with_help("keep one of the two entries")
}
