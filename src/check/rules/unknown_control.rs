use super::prelude::*;

declare_rule! {
    /// ## What it checks
    /// An Annex A control id that is not one of the 38 controls of ISO/IEC 42001:2023, wherever
    /// a control id is expected (`controls`, the SoA's `annex_a`, a risk's
    /// `treatment.controls`, an impact assessment's mitigations).
    ///
    /// The controls are A.2.2–A.2.4, A.3.2–A.3.3, A.4.2–A.4.6, A.5.2–A.5.5, A.6.1.2–A.6.1.3,
    /// A.6.2.2–A.6.2.8, A.7.2–A.7.6, A.8.2–A.8.5, A.9.2–A.9.4 and A.10.2–A.10.4. In each group
    /// A.n.1 is the objective, not a control.
    ///
    /// ## Why it matters
    /// A control that does not exist cannot be in the Statement of Applicability, so the
    /// mapping it claims is lost.
    ///
    /// ## How to fix
    /// Use the id from the standard; the help suggests the closest one.
    pub struct UnknownControl {
        code: "AIMS205",
        name: "unknown-control",
        severity: Error,
        summary: "An Annex A control id does not exist",
    }
}

/// Raised by the engine from the document's schema findings, through
/// [`super::schema_violation::finding`].
impl Rule for UnknownControl {}
