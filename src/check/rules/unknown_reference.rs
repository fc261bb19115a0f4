use super::prelude::*;
use crate::text::did_you_mean;

declare_rule! {
    /// ## What it checks
    /// A field that names another document by id (a risk's `systems`, the SoA's
    /// `implemented_by`, an audit's `findings`, a nonconformity's `raised_in`, `related`, ...)
    /// naming an id no document has.
    ///
    /// ## Why it matters
    /// The traceability an auditor follows (risk → control → implementing document → evidence)
    /// breaks at a dangling reference.
    ///
    /// ## How to fix
    /// Correct the id (the help suggests the closest existing one), or write the missing
    /// document.
    pub struct UnknownReference {
        code: "AIMS203",
        name: "unknown-reference",
        severity: Error,
        summary: "A reference names a document id that does not exist",
    }
}

impl Rule for UnknownReference {
    fn check_document(&self, doc: &DocumentContext<'_>, out: &mut Vec<Diagnostic>) {
        let ctx = doc.ctx;
        let document = doc.document;
        for reference in &doc.facts.references {
            if ctx.documents.by_id(reference.id).is_some() {
                continue;
            }
            let candidates = ctx.documents.ids().filter(|id| {
                reference.targets.is_empty()
                    || ctx
                        .documents
                        .by_id(id)
                        .and_then(Document::kind)
                        .is_some_and(|kind| reference.targets.contains(&kind))
            });
            let mut diagnostic = Self::META.at(
                document,
                &reference.pointer,
                format!("no document has the id `{}`", reference.id),
            );
            diagnostic.help = did_you_mean(reference.id, candidates)
                .map(|suggestion| format!("did you mean `{suggestion}`?"));
            out.push(diagnostic);
        }
    }
}
