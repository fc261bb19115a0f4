use super::prelude::*;
use crate::check::inventory::{Coverage, drafts_note, stage, uncovered};

declare_rule! {
    /// ## What it checks
    /// An AI system in use that the AIMS scope does not list: no active `scope` document has
    /// its id under `systems`, and no active scope excludes it by naming its id in a
    /// `boundaries.excluded` item. Reported at the system's `id`. When the project has no
    /// scope document at all (other than retired ones or worked examples), nothing is
    /// reported here: clause 4.3 is then reported as not evidenced.
    ///
    /// "In use" is as for AIMS313: `status: active`, not a worked example, `lifecycle_stage`
    /// deployment, operation-and-monitoring or re-evaluation (or missing).
    ///
    /// ## Why it matters
    /// Clause 4.3 asks the organisation to determine the boundaries of the AIMS. An AI system
    /// in use that the scope neither includes nor excludes leaves it open whether the AIMS
    /// covers it; the inventory and the scope disagree.
    ///
    /// ## How to fix
    /// Add the system's id to the scope's `systems`:
    ///
    /// ```yaml
    /// systems: [AIS-001, AIS-002]
    /// ```
    ///
    /// or, if it is outside the AIMS, exclude it in the scope with a justification:
    ///
    /// ```yaml
    /// boundaries:
    ///   excluded:
    ///     - item: AIS-002 (internal spell-checker)
    ///       justification: Bought off the shelf, no decisions about people.
    /// ```
    pub struct SystemOutsideScope {
        code: "AIMS315",
        name: "system-outside-scope",
        severity: Error,
        summary: "An AI system in use is not in the AIMS scope",
    }
}

impl Rule for SystemOutsideScope {
    fn check_project(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if !Coverage::of_kind(ctx.documents, "scope").any {
            return;
        }
        let scope = ctx
            .documents
            .of_kind("scope")
            .find(|scope| !scope.is_retired() && !scope.is_example())
            .and_then(|scope| scope.id())
            .unwrap_or("the scope");
        for (id, system, drafts) in uncovered(ctx.documents, "scope") {
            out.push(
                Self::META
                    .at(
                        system,
                        "/id",
                        format!(
                            "AI system {id} is in use ({}) but no active scope lists it under `systems`",
                            stage(system),
                        ),
                    )
                    .with_help(format!(
                        "add {id} to `systems` in {scope}, or exclude it there under `boundaries.excluded` with a justification{}",
                        drafts_note(&drafts)
                    )),
            );
        }
    }
}
