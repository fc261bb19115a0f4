use super::prelude::*;
use crate::load::model::risk;

declare_rule! {
    /// ## What it checks
    /// A risk that needs its residual level accepted — its treatment option is `accept`, or
    /// its residual level (without one, its inherent level) is above `risk.appetite` in
    /// `aims.yaml` — and whose current version no counted acceptance in git history covers.
    ///
    /// An acceptance is a commit written by `aims accept RISK-ID`, with an
    /// `Accepts: RISK-ID <blob>` trailer binding it to exactly one version of the risk. It
    /// counts when its author may accept the risk: the `acceptance.by` of the risk's last
    /// approved version (for a risk never approved, its own `acceptance.by` when that is a role
    /// of the approved `aims.yaml`, else the approvers of risks there), did not change that
    /// version themself, and is not contradicted by the signature policy. The frontmatter
    /// `acceptance` says who must accept and why; it is the request, never the proof.
    ///
    /// ## Why it matters
    /// Clause 6.1.3 has designated management accept the residual risks. Auditors ask to see
    /// that decision: who, when, for which assessment. A date typed into the risk's own file
    /// proves none of that; a commit by the entitled person, bound to the version they read,
    /// does. An edit to the risk (a new residual level, a new rationale) needs a new acceptance.
    ///
    /// ## How to fix
    /// The person or role the risk's `acceptance.by` names runs `aims accept RISK-ID` (add
    /// `--sign` where signed approvals are required). Or treat the risk further and record a
    /// residual level within the appetite.
    pub struct RiskAcceptanceUnrecorded {
        code: "AIMS414",
        name: "risk-acceptance-unrecorded",
        severity: Warning,
        summary: "A risk that needs acceptance has no acceptance of its current version in git",
    }
}

impl Rule for RiskAcceptanceUnrecorded {
    fn check_document(&self, doc: &DocumentContext<'_>, out: &mut Vec<Diagnostic>) {
        let (Some(history), Some(status)) = (doc.ctx.history, doc.status) else {
            return;
        };
        let document = doc.document;
        if doc.ctx.known_kind(document) != Some("risk") || !document.is_active() {
            return;
        }
        let Some(reason) = risk(document).acceptance_needed(&doc.ctx.config.risk) else {
            return;
        };
        if status.current_acceptances().next().is_some() {
            return;
        }
        let id = status.id.as_deref().unwrap_or(&document.path);
        let when = |acceptance: &crate::history::approvals::Approval| {
            let record = &history.history.records[acceptance.record];
            let date = record
                .author
                .date()
                .map(|date| date.to_string())
                .unwrap_or_default();
            format!(
                "{} on {date} (commit {})",
                acceptance.email,
                &record.id[..7.min(record.id.len())]
            )
        };
        // What history does hold, so the finding says why it is not enough.
        let refused = status
            .acceptances
            .iter()
            .rev()
            .find(|acceptance| acceptance.current && !acceptance.counts());
        let older = status
            .acceptances
            .iter()
            .rev()
            .find(|acceptance| !acceptance.current && acceptance.counts());
        let detail = match (refused, older) {
            (Some(acceptance), _) => format!(
                "; the acceptance by {} does not count: {}",
                when(acceptance),
                acceptance.why.as_deref().unwrap_or("it is not entitled")
            ),
            (None, Some(acceptance)) => format!(
                "; the last acceptance, by {}, is of an earlier version",
                when(acceptance)
            ),
            (None, None) => String::new(),
        };
        let acceptors = if status.acceptors.is_empty() {
            "someone entitled".to_owned()
        } else {
            status.acceptors.join(" or ")
        };
        out.push(
            Self::META
                .at(
                    document,
                    "/id",
                    format!(
                        "{id} needs its residual risk accepted ({reason}), and no acceptance in git history covers this version{detail}"
                    ),
                )
                .with_help(format!("{acceptors} runs `aims accept {id}`")),
        );
    }
}
