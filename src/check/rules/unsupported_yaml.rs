use super::prelude::*;
use crate::diagnostic::{Position, Span};

declare_rule! {
    /// ## What it checks
    /// YAML that is valid but that aims does not accept in frontmatter: custom tags (`!foo`),
    /// mapping or list keys, `.nan` / `.inf`, more than one YAML document, a frontmatter that is
    /// a list or a single value instead of `key: value` lines, a lone carriage return as a line
    /// ending, and anchors/aliases that expand past a safe size (a "billion laughs" attack).
    ///
    /// ## Why it matters
    /// Frontmatter is data that auditors and tools must read the same way. Features that JSON
    /// cannot represent, or that make line numbers disagree with editors, would make findings
    /// point at the wrong place or not at all.
    ///
    /// ## How to fix
    /// Use plain `key: value` lines with text, numbers, `true`/`false`, lists and mappings.
    /// Save files with LF or CRLF line endings.
    pub struct UnsupportedYaml {
        code: "AIMS106",
        name: "unsupported-yaml",
        severity: Error,
        summary: "The frontmatter uses YAML features aims does not accept",
    }
}

/// Raised by the engine from the loader's problem; see [`finding`].
impl Rule for UnsupportedYaml {}

/// The finding for YAML aims does not accept; `message` says which feature.
pub fn finding(document: &Document, message: &str, at: Position) -> Diagnostic {
    UnsupportedYaml::META
        .at_span(document, Span::point(at), message)
        .with_help(
            "use plain `key: value` lines with text, numbers, true/false, lists and mappings",
        )
}
