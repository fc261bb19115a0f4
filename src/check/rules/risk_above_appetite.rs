use super::prelude::*;
use crate::load::model::risk;

declare_rule! {
    /// ## What it checks
    /// With a risk appetite set under `risk` in `aims.yaml`, an active risk whose residual level
    /// (or, without a residual assessment, its inherent level) is above the appetite and that
    /// does not say who must accept it (`acceptance.by`). Whether they did is a fact of git
    /// history, checked by AIMS414.
    ///
    /// Levels are computed on the configured scale (`risk.likelihood`, `risk.impact`,
    /// `risk.scoring`; 5 × 5 multiplied by default). Without `risk.appetite` the rule is silent.
    ///
    /// ## Why it matters
    /// Clause 6.1.2 asks for risk criteria that decide which risks are acceptable, and clause
    /// 6.1.3 for designated management to accept the residual risks. A risk left above the
    /// organisation's own appetite with nobody's acceptance on record is a finding waiting for
    /// the auditor.
    ///
    /// ## How to fix
    /// Treat the risk further and record the lower residual level, or name who must accept it
    /// and have them run `aims accept RISK-ID`:
    ///
    /// ```yaml
    /// acceptance:
    ///   by: top-management
    ///   rationale: Above appetite until the retraining in Q2; monitored monthly.
    /// ```
    pub struct RiskAboveAppetite {
        code: "AIMS310",
        name: "risk-above-appetite",
        severity: Warning,
        summary: "A risk above the risk appetite does not say who must accept it",
    }
}

impl Rule for RiskAboveAppetite {
    fn check_document(&self, doc: &DocumentContext<'_>, out: &mut Vec<Diagnostic>) {
        let ctx = doc.ctx;
        let document = doc.document;
        let scale = &ctx.config.risk;
        let Some(appetite) = scale.appetite else {
            return;
        };
        if ctx.known_kind(document) != Some("risk") || !document.is_active() {
            return;
        }
        let view = risk(document);
        if view.accepted_by.is_some() {
            return;
        }
        let (level, which, pointer) = match view.residual(scale) {
            Some(level) => (level, "residual", "/residual"),
            None => match view.inherent(scale) {
                Some(level) => (level, "inherent", "/likelihood"),
                None => return,
            },
        };
        if !scale.above_appetite(level) {
            return;
        }
        out.push(
            Self::META
                .at_key(
                    document,
                    pointer,
                    format!(
                        "the {which} risk level {level} ({}) is above the risk appetite of {appetite}, and nobody is named to accept it",
                        scale.band(level)
                    ),
                )
                .with_help(
                    "treat the risk further and record the lower `residual`, or name who must accept it (`acceptance.by`); they then run `aims accept ID`",
                ),
        );
    }
}
