use super::prelude::*;
use crate::load::model::soa_entries;
use std::collections::HashSet;

declare_rule! {
    /// ## What it checks
    /// That the Statement of Applicability lists every one of the 38 Annex A controls of
    /// ISO/IEC 42001:2023. Each missing control is reported at the SoA's `annex_a` key.
    ///
    /// ## Why it matters
    /// Clause 6.1.3 asks the organisation to compare its controls with Annex A so that no
    /// necessary control is overlooked: every control must be either included or excluded with
    /// a justification. A control that is simply absent was never decided on.
    ///
    /// ## How to fix
    /// Add an entry for the control, either applicable with its status and implementing
    /// documents, or excluded with a justification:
    ///
    /// ```yaml
    ///   - id: A.10.4
    ///     applicable: false
    ///     justification: We have no customers for AI products or services.
    /// ```
    pub struct SoaControlMissing {
        code: "AIMS302",
        name: "soa-control-missing",
        severity: Error,
        summary: "An Annex A control is missing from the Statement of Applicability",
    }
}

impl Rule for SoaControlMissing {
    fn check_project(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let Some(soa) = ctx.soa() else { return };
        let listed: HashSet<&str> = soa_entries(soa)
            .iter()
            .filter_map(|entry| entry.id)
            .collect();
        for control in &ctx.catalog.controls {
            if !listed.contains(control.id.as_str()) {
                out.push(
                    Self::META
                        .at_key(soa, "/annex_a", format!("Annex A control {} ({}) is not in the Statement of Applicability", control.id, control.title))
                        .with_help(format!("add `- id: {}` with `applicable: true` and its status, or `applicable: false` and a justification", control.id)),
                );
            }
        }
    }
}
