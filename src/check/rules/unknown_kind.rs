use super::prelude::*;
use crate::text::{code_list, did_you_mean};

declare_rule! {
    /// ## What it checks
    /// A document without a `kind` field, or whose `kind` is neither a built-in kind nor one
    /// defined under `kinds` in `aims.yaml`.
    ///
    /// Built-in kinds: `scope`, `policy`, `ai-system`, `risk`, `impact-assessment`, `soa`,
    /// `objective`, `audit`, `management-review`, `nonconformity`, `procedure`, `record`.
    ///
    /// ## Why it matters
    /// The kind decides which schema and which rules apply. A document of unknown kind cannot be
    /// checked beyond its syntax.
    ///
    /// ## How to fix
    /// Set `kind` to one of the kinds above, or define your own kind in `aims.yaml`:
    ///
    /// ```yaml
    /// kinds:
    ///   supplier-assessment:
    ///     schema: schemas/supplier-assessment.schema.json
    ///     prefix: SUP
    /// ```
    pub struct UnknownKind {
        code: "AIMS107",
        name: "unknown-kind",
        severity: Error,
        summary: "A document has no kind or an unknown kind",
    }
}

impl Rule for UnknownKind {
    fn check_document(&self, doc: &DocumentContext<'_>, out: &mut Vec<Diagnostic>) {
        let ctx = doc.ctx;
        let document = doc.document;
        let Some(front) = document.frontmatter() else {
            return;
        };
        if document
            .kind()
            .is_some_and(|kind| ctx.schemas.has_kind(kind))
        {
            return;
        }
        let kinds = ctx.config.kind_names();
        match front.data.get("kind") {
            None => out.push(
                Self::META
                    .at_span(
                        document,
                        crate::load::OPENING_DELIMITER,
                        "missing `kind`: aims cannot tell what this document is",
                    )
                    .with_help(format!("add `kind:` with one of {}", code_list(&kinds))),
            ),
            Some(value) => {
                let Some(kind) = value.as_str() else {
                    out.push(Self::META.at(document, "/kind", "`kind` must be text"));
                    return;
                };
                if ctx.schemas.has_kind(kind) {
                    return;
                }
                let help = match did_you_mean(kind, kinds.iter().copied()) {
                    Some(suggestion) => format!("did you mean `{suggestion}`?"),
                    None => format!(
                        "use one of {}, or define the kind under `kinds` in aims.yaml",
                        code_list(&kinds)
                    ),
                };
                out.push(
                    Self::META
                        .at(
                            document,
                            "/kind",
                            format!("`{kind}` is not a known document kind"),
                        )
                        .with_help(help),
                );
            }
        }
    }
}
