use super::prelude::*;

declare_rule! {
    /// ## What it checks
    /// That the AIMS has exactly one Statement of Applicability in force: one document of kind
    /// `soa` that is not retired. None at all is reported at `aims.yaml`'s `documents` key;
    /// every additional one is reported at its `kind`.
    ///
    /// ## Why it matters
    /// Clause 6.1.3 requires a Statement of Applicability; certification auditors start from
    /// it. Two competing ones leave it unclear which controls the organisation has committed to.
    ///
    /// ## How to fix
    /// Create one (`aims init` writes a complete starter SoA listing all 38 controls), or retire
    /// the superseded one with `status: retired`.
    pub struct SoaMissing {
        code: "AIMS301",
        name: "soa-missing",
        severity: Error,
        summary: "There is no Statement of Applicability, or more than one",
    }
}

impl Rule for SoaMissing {
    fn check_project(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let mut in_force = ctx
            .documents
            .of_kind("soa")
            .filter(|document| !document.is_retired());
        let Some(first) = in_force.next() else {
            out.push(
                Self::META
                    .in_config(ctx.config.key_span("/documents"), "no Statement of Applicability (a document of kind `soa`) was found in the documents")
                    .with_help("clause 6.1.3 requires one; `aims init` writes a starter SoA with all 38 Annex A controls"),
            );
            return;
        };
        for other in in_force {
            out.push(
                Self::META
                    .at(
                        other,
                        "/kind",
                        format!(
                            "a second Statement of Applicability; {} is already in force",
                            first.path
                        ),
                    )
                    .with_help("keep one SoA; mark the superseded one `status: retired`"),
            );
        }
    }
}
