use super::prelude::*;
use crate::text::code_list;

declare_rule! {
    /// ## What it checks
    /// A reference to an existing document of the wrong kind: a risk's `systems` must name
    /// `ai-system` documents, an audit's `findings` must name `nonconformity` documents, an
    /// impact assessment's `risks` must name `risk` documents, a nonconformity's `raised_in`
    /// must name an `audit`, `management-review` or `record`, a policy's `supersedes` must
    /// name a `policy`.
    ///
    /// ## Why it matters
    /// A reference to the wrong kind of document is almost always a typo in the number
    /// (`AIS-002` vs `RISK-002`); the traceability it claims does not exist.
    ///
    /// ## How to fix
    /// Correct the id.
    pub struct ReferenceKind {
        code: "AIMS204",
        name: "reference-kind",
        severity: Error,
        summary: "A reference names a document of the wrong kind",
    }
}

impl Rule for ReferenceKind {
    fn check_document(&self, doc: &DocumentContext<'_>, out: &mut Vec<Diagnostic>) {
        let document = doc.document;
        for reference in &doc.facts.references {
            if reference.targets.is_empty() {
                continue;
            }
            let Some(target) = doc.ctx.documents.by_id(reference.id) else {
                continue;
            };
            let Some(kind) = target.kind() else { continue };
            if !reference.targets.contains(&kind) {
                out.push(
                    Self::META
                        .at(
                            document,
                            &reference.pointer,
                            format!(
                                "`{}` is a {kind} document, but this field takes {}",
                                reference.id,
                                code_list(reference.targets)
                            ),
                        )
                        .with_help(format!("{} is {}", reference.id, target.path)),
                );
            }
        }
    }
}
