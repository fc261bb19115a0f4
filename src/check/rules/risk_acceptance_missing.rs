use super::prelude::*;

declare_rule! {
    /// ## What it checks
    /// A risk whose treatment option is `accept` but which has no `acceptance` record saying who
    /// accepted it (`by`, a role or email) and when (`date`).
    ///
    /// ## Why it matters
    /// Clause 6.1.3 requires residual risks to be accepted by designated management. "We
    /// accept this risk" without a name and date is not an acceptance an auditor can verify.
    ///
    /// ## How to fix
    /// ```yaml
    /// acceptance:
    ///   by: ceo
    ///   date: 2026-03-14
    ///   record: MR-2026-01   # optional: the management review that decided it
    /// ```
    pub struct RiskAcceptanceMissing {
        code: "AIMS308",
        name: "risk-acceptance-missing",
        severity: Error,
        summary: "A risk is accepted without an acceptance record",
    }
}

impl Rule for RiskAcceptanceMissing {
    fn check_document(&self, doc: &DocumentContext<'_>, out: &mut Vec<Diagnostic>) {
        let document = doc.document;
        if doc.ctx.known_kind(document) != Some("risk") || document.is_retired() {
            return;
        }
        let accepted = document.str_at("/treatment/option") == Some("accept");
        let recorded =
            document.get("/acceptance/by").is_some() && document.get("/acceptance/date").is_some();
        if accepted && !recorded {
            out.push(
                Self::META
                    .at(document, "/treatment/option", "this risk is accepted, but no acceptance record says who accepted it and when")
                    .with_help("add `acceptance:` with `by:` (a role or email) and `date:`"),
            );
        }
    }
}
