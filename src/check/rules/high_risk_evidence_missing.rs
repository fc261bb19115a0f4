use super::prelude::*;
use crate::check::inventory::{ActEvidence, high_risk_provider, systems_in_use};

declare_rule! {
    /// ## What it checks
    /// Indicative, for the EU AI Act (Regulation (EU) 2024/1689): an AI system in use (as for
    /// AIMS313) classified high-risk (`eu_ai_act.risk_class: high`) for which the organisation
    /// is the provider (`eu_ai_act.role: provider` or `product-manufacturer`; without a role
    /// there, `ai_role: provider` or `producer`), where no document in force says it holds
    /// the system's
    ///
    /// - technical documentation (Art. 11, Annex IV): an EU AI Act reference to Art. 11 (any
    ///   paragraph), Annex IV, or Annex IV points 1 to 8;
    /// - post-market monitoring (Art. 72): an EU AI Act reference to Art. 72 (any paragraph),
    ///   Annex IV(9) or Art. 17(1)(h).
    ///
    /// The reference must be in the `references` of the system's own inventory entry or of an
    /// active document that refers to the system (in `systems`, `related` or another reference
    /// field). One finding per missing obligation, at the system's `eu_ai_act.risk_class`.
    ///
    /// The check reads what documents declare, not their content, and it does not consider
    /// the dates from which the Act's obligations apply: it is a pointer for the compliance
    /// lead, not a conformity assessment.
    ///
    /// ## Why it matters
    /// Providers of high-risk AI systems must draw up technical documentation before placing
    /// the system on the market (Art. 11, with the contents of Annex IV) and run a post-market
    /// monitoring system with a plan (Art. 72). ISO/IEC 42001 certification does not replace
    /// them; an AIMS that records them makes them easy to show.
    ///
    /// ## How to fix
    /// In the document that holds it (the inventory entry, a procedure or a record naming the
    /// system in `systems` or `related`), say which obligation it addresses:
    ///
    /// ```yaml
    /// related: [AIS-001]
    /// references:
    ///   - framework: eu-ai-act
    ///     id: "72"
    ///     note: Post-market monitoring plan for Screen
    /// ```
    ///
    /// If the system is not high-risk, or the organisation is its deployer rather than its
    /// provider, correct `eu_ai_act` in the inventory entry.
    pub struct HighRiskEvidenceMissing {
        code: "AIMS316",
        name: "high-risk-evidence-missing",
        severity: Warning,
        summary: "An EU AI Act high-risk system lacks technical documentation or post-market monitoring (indicative)",
    }
}

impl Rule for HighRiskEvidenceMissing {
    fn check_project(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let systems: Vec<_> = systems_in_use(ctx.documents)
            .into_iter()
            .filter(|(_, system)| high_risk_provider(system))
            .collect();
        if systems.is_empty() {
            return;
        }
        let evidence = ActEvidence::index(ctx.documents);
        for (id, system) in systems {
            for obligation in evidence.missing(id) {
                out.push(
                    Self::META
                        .at(
                            system,
                            "/eu_ai_act/risk_class",
                            format!(
                                "indicative (EU AI Act): high-risk AI system {id} shows no {}: no active document about it lists that reference",
                                obligation.label()
                            ),
                        )
                        .with_help(format!(
                            "in the document that holds it (this entry, or one naming {id} in `systems` or `related`), add `references: [{{framework: eu-ai-act, id: \"{}\"}}]`",
                            obligation.example_id()
                        )),
                );
            }
        }
    }
}
