use super::prelude::*;
use crate::check::inventory::{drafts_note, stage, uncovered};

declare_rule! {
    /// ## What it checks
    /// An AI system in use that no impact assessment covers: no active `impact-assessment`
    /// document lists its id under `systems`. Reported at the system's `id`.
    ///
    /// "In use" is as for AIMS313: `status: active`, not a worked example, `lifecycle_stage`
    /// deployment, operation-and-monitoring or re-evaluation (or missing), and not excluded by
    /// an active scope's `boundaries.excluded`. Draft impact assessments do not cover a
    /// system; the help text names them.
    ///
    /// ## Why it matters
    /// Clauses 6.1.4 and 8.4 ask for an assessment of the potential consequences of the AI
    /// systems for individuals, groups and societies (see also control A.5.2). An AI system in
    /// use whose impact was never assessed is likely a nonconformity.
    ///
    /// ## How to fix
    /// Assess its impact: write an impact assessment (`kind: impact-assessment`) with the
    /// system's id under `systems`, or add the id to an existing one's `systems` if it covers
    /// the system, and get it approved:
    ///
    /// ```yaml
    /// systems: [AIS-002]
    /// ```
    ///
    /// A system no longer in use gets `lifecycle_stage: retirement` (or `status: retired`).
    pub struct SystemImpactUnassessed {
        code: "AIMS314",
        name: "system-impact-unassessed",
        severity: Error,
        summary: "An AI system in use has no impact assessment",
    }
}

impl Rule for SystemImpactUnassessed {
    fn check_project(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for (id, system, drafts) in uncovered(ctx.documents, "impact-assessment") {
            out.push(
                Self::META
                    .at(
                        system,
                        "/id",
                        format!(
                            "AI system {id} is in use ({}) but no active impact assessment lists it under `systems`",
                            stage(system),
                        ),
                    )
                    .with_help(format!(
                        "assess its impact: write an impact assessment (`kind: impact-assessment`) with `systems: [{id}]`, or add {id} to the `systems` of an existing one{}",
                        drafts_note(&drafts)
                    )),
            );
        }
    }
}
