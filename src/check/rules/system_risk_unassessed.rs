use super::prelude::*;
use crate::check::inventory::{drafts_note, stage, uncovered};

declare_rule! {
    /// ## What it checks
    /// An AI system in use that no risk assessment covers: no active `risk` document lists its
    /// id under `systems`. Reported at the system's `id`.
    ///
    /// An AI system is in use when its inventory entry (`kind: ai-system`) has `status: active`,
    /// is not a worked example, and its `lifecycle_stage` is deployment,
    /// operation-and-monitoring or re-evaluation (a missing stage counts as in use). Systems
    /// still planned or being built and tested (inception, design-and-development,
    /// verification-and-validation), retired ones (`lifecycle_stage: retirement` or
    /// `status: retired`), and systems an active scope excludes by naming their id in a
    /// `boundaries.excluded` item are not checked. Draft risks do not cover a system; the
    /// help text names them.
    ///
    /// ## Why it matters
    /// Clauses 6.1.2 and 8.2 ask for AI risk assessments of the AI systems within the AIMS.
    /// An AI system in use with no assessed risk is the gap an auditor finds first when
    /// tracing the inventory to the risk register; it is likely a nonconformity.
    ///
    /// ## How to fix
    /// Assess the system's risks: write a risk document (`kind: risk`) with the system's id
    /// under `systems`, or add the id to the `systems` of the risks that already apply to it
    /// and get them approved:
    ///
    /// ```yaml
    /// systems: [AIS-002]
    /// ```
    ///
    /// A system no longer in use gets `lifecycle_stage: retirement` (or `status: retired`).
    pub struct SystemRiskUnassessed {
        code: "AIMS313",
        name: "system-risk-unassessed",
        severity: Error,
        summary: "An AI system in use has no risk assessment",
    }
}

impl Rule for SystemRiskUnassessed {
    fn check_project(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for (id, system, drafts) in uncovered(ctx.documents, "risk") {
            out.push(
                Self::META
                    .at(
                        system,
                        "/id",
                        format!(
                            "AI system {id} is in use ({}) but no active risk lists it under `systems`",
                            stage(system),
                        ),
                    )
                    .with_help(format!(
                        "assess its risks: write a risk (`kind: risk`) with `systems: [{id}]`, or add {id} to the `systems` of an existing active risk{}",
                        drafts_note(&drafts)
                    )),
            );
        }
    }
}
