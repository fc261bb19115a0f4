use crate::check::{Context, Rule, declare_rule, rule_meta};
use crate::diagnostic::{Diagnostic, Span};
use crate::load::{Document, LoadProblem};
use crate::yaml::YamlProblem;

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

impl Rule for DuplicateKey {
    rule_meta!();

    fn check_document(
        &self,
        _: &Context<'_>,
        _: usize,
        document: &Document,
        out: &mut Vec<Diagnostic>,
    ) {
        if let Err(LoadProblem::Yaml(YamlProblem::DuplicateKey { at })) = &document.content {
            out.push(
                Self::META
                    .at_span(
                        document,
                        Span::point(*at),
                        "this key already appears earlier in the same mapping",
                    )
                    .with_help("keep one of the two entries"),
            );
        }
    }
}
