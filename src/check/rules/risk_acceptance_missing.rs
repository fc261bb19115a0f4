use super::prelude::*;

declare_rule! {
    /// ## What it checks
    /// A risk whose treatment option is `accept` but whose `acceptance` does not say who must
    /// accept it (`by`, a role or email).
    ///
    /// The frontmatter `acceptance` is the request: who must accept, and why. The acceptance
    /// itself is a commit by that person, written by `aims accept RISK-ID` and checked by
    /// AIMS414; a `date:` in the file is kept as a note, never as proof.
    ///
    /// ## Why it matters
    /// Clause 6.1.3 requires residual risks to be accepted by designated management. "We
    /// accept this risk" without naming who decides is not an acceptance anyone can give.
    ///
    /// ## How to fix
    /// ```yaml
    /// acceptance:
    ///   by: ceo
    ///   rationale: Residual 6 (medium); further reduction is not proportionate.
    ///   record: MR-2026-01   # optional: the management review that decided it
    /// ```
    /// then the CEO runs `aims accept RISK-ID`.
    pub struct RiskAcceptanceMissing {
        code: "AIMS308",
        name: "risk-acceptance-missing",
        severity: Error,
        summary: "A risk is accepted without saying who must accept it",
    }
}

impl Rule for RiskAcceptanceMissing {
    fn check_document(&self, doc: &DocumentContext<'_>, out: &mut Vec<Diagnostic>) {
        let document = doc.document;
        if doc.ctx.known_kind(document) != Some("risk") || document.is_retired() {
            return;
        }
        let accepted = document.str_at("/treatment/option") == Some("accept");
        let requested = document.get("/acceptance/by").is_some();
        if accepted && !requested {
            out.push(
                Self::META
                    .at(document, "/treatment/option", "this risk is accepted, but its `acceptance` does not say who must accept it")
                    .with_help("add `acceptance:` with `by:` (a role or email) and `rationale:`; that person then runs `aims accept ID`"),
            );
        }
    }
}
