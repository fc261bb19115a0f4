use super::prelude::*;
use crate::load::model::soa_entries;

declare_rule! {
    /// ## What it checks
    /// A control marked `applicable: false` in the Statement of Applicability without a
    /// non-empty `justification`.
    ///
    /// ## Why it matters
    /// Clause 6.1.3 requires the SoA to justify every exclusion. An unexplained exclusion is one
    /// of the first things a Stage 1 auditor raises.
    ///
    /// ## How to fix
    /// Say why the control does not apply, in terms of your scope and risk assessment: "We do
    /// not acquire third-party data; all training data is generated internally."
    pub struct SoaExclusionUnjustified {
        code: "AIMS304",
        name: "soa-exclusion-unjustified",
        severity: Error,
        summary: "An excluded control has no justification",
    }
}

impl Rule for SoaExclusionUnjustified {
    fn check_project(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let Some(soa) = ctx.soa() else { return };
        for entry in soa_entries(soa) {
            if entry.applicable == Some(false) && entry.justification.is_none() {
                let id = entry.id.unwrap_or("this control");
                out.push(
                    Self::META
                        .at(soa, &entry.pointer("applicable"), format!("{id} is excluded without a justification"))
                        .with_help("add `justification:` explaining why the control does not apply to your AIMS"),
                );
            }
        }
    }
}
