use super::prelude::*;

declare_rule! {
    /// ## What it checks
    /// A clause id in `clauses` that is not a clause of ISO/IEC 42001:2023 clauses 4 to 10:
    /// 4, 4.1–4.4, 5, 5.1–5.3, 6, 6.1, 6.1.1–6.1.4, 6.2, 6.3, 7, 7.1–7.4, 7.5, 7.5.1–7.5.3, 8,
    /// 8.1–8.4, 9, 9.1, 9.2, 9.2.1–9.2.2, 9.3, 9.3.1–9.3.3, 10, 10.1–10.2.
    ///
    /// ## Why it matters
    /// Clause coverage (AIMS307), the gap analysis and the evidence site count documents per
    /// clause; an id that is not a clause is evidence for nothing.
    ///
    /// ## How to fix
    /// Use the clause number from the standard; the help suggests the closest one.
    pub struct UnknownClause {
        code: "AIMS206",
        name: "unknown-clause",
        severity: Error,
        summary: "An ISO/IEC 42001 clause id does not exist",
    }
}

/// Raised by the engine from the document's schema findings, through
/// [`super::schema_violation::finding`].
impl Rule for UnknownClause {}
