use super::prelude::*;
use std::collections::BTreeMap;

declare_rule! {
    /// ## What it checks
    /// Two or more documents with the same `id`. The first in path order keeps the id; every
    /// other one is reported.
    ///
    /// ## Why it matters
    /// Ids are how documents refer to each other (the SoA's `implemented_by`, a risk's
    /// `systems`) and how approvals are recorded in git history. A duplicated id makes every
    /// reference to it ambiguous.
    ///
    /// ## How to fix
    /// Give the newer document the next free number for its prefix.
    pub struct DuplicateId {
        code: "AIMS201",
        name: "duplicate-id",
        severity: Error,
        summary: "Two documents share the same id",
    }
}

impl Rule for DuplicateId {
    fn check_project(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
        for document in ctx.documents.loaded() {
            let Some(id) = document.id() else { continue };
            match seen.get(id) {
                Some(first) => out.push(
                    Self::META
                        .at(
                            document,
                            "/id",
                            format!("id `{id}` is already used by {first}"),
                        )
                        .with_help("give this document an id of its own"),
                ),
                None => {
                    seen.insert(id, &document.path);
                }
            }
        }
    }
}
