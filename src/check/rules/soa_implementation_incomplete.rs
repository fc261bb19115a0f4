use super::prelude::*;
use crate::load::model::soa_entries;

declare_rule! {
    /// ## What it checks
    /// A control marked `applicable: true` in the Statement of Applicability that has no
    /// implementation `status` (implemented, partial, planned, not-implemented), or that names
    /// neither an implementing document (`implemented_by`) nor `evidence`.
    ///
    /// ## Why it matters
    /// Clause 6.1.3 asks the SoA to state whether each necessary control is implemented. An
    /// auditor will sample applicable controls and ask "show me": the SoA should say where to
    /// look.
    ///
    /// ## How to fix
    /// Add `status:` and at least one of `implemented_by: [PROC-003]` or
    /// `evidence: [evidence/...]`. For a planned control, point at the document that plans it
    /// (an objective or a procedure in draft).
    pub struct SoaImplementationIncomplete {
        code: "AIMS305",
        name: "soa-implementation-incomplete",
        severity: Error,
        summary: "An applicable control has no status or no implementing document or evidence",
    }
}

impl Rule for SoaImplementationIncomplete {
    fn check_project(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let Some(soa) = ctx.soa() else { return };
        for entry in soa_entries(soa) {
            if entry.applicable != Some(true) {
                continue;
            }
            let id = entry.id.unwrap_or("this control");
            if entry.status.is_none() {
                out.push(
                    Self::META
                        .at_key(
                            soa,
                            &entry.pointer("applicable"),
                            format!("applicable control {id} has no implementation status"),
                        )
                        .with_help(
                            "add `status:` with implemented, partial, planned or not-implemented",
                        ),
                );
            }
            if entry.implemented_by.is_empty() && entry.evidence.is_empty() {
                out.push(
                    Self::META
                        .at_key(
                            soa,
                            &entry.pointer("applicable"),
                            format!(
                                "applicable control {id} names no implementing document or evidence"
                            ),
                        )
                        .with_help(
                            "add `implemented_by:` with document ids, or `evidence:` with files",
                        ),
                );
            }
        }
    }
}
