use crate::check::{Context, Rule, declare_rule, rule_meta};
use crate::diagnostic::{Diagnostic, Span};
use crate::load::{Document, LoadProblem};
use crate::yaml::YamlProblem;

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

impl Rule for UnsupportedYaml {
    rule_meta!();

    fn check_document(
        &self,
        _: &Context<'_>,
        _: usize,
        document: &Document,
        out: &mut Vec<Diagnostic>,
    ) {
        if let Err(LoadProblem::Yaml(YamlProblem::Unsupported { message, at })) = &document.content
        {
            out.push(
                Self::META
                    .at_span(document, Span::point(*at), message.clone())
                    .with_help("use plain `key: value` lines with text, numbers, true/false, lists and mappings"),
            );
        }
    }
}
