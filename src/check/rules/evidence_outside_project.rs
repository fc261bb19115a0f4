use super::prelude::*;
use crate::load::evidence::EvidenceTarget;

declare_rule! {
    /// ## What it checks
    /// An evidence entry that points outside the project: an absolute path (`/srv/...`,
    /// `C:\...`), a path that climbs out with `..`, or a link with a scheme other than
    /// `https://` or `http://` (`file:`, `javascript:`, ...).
    ///
    /// ## Why it matters
    /// Evidence must travel with the repository: the evidence site, a reviewer's clone and the
    /// auditor's copy must all resolve it the same way. Paths outside the project resolve to
    /// whatever happens to be on each machine, or nothing.
    ///
    /// ## How to fix
    /// Copy the evidence into the repository (an `evidence/` folder is customary) and use a
    /// project-relative path, or use an `https://` link to the system of record.
    pub struct EvidenceOutsideProject {
        code: "AIMS502",
        name: "evidence-outside-project",
        severity: Error,
        summary: "An evidence path points outside the project",
    }
}

impl Rule for EvidenceOutsideProject {
    fn check_document(&self, doc: &DocumentContext<'_>, out: &mut Vec<Diagnostic>) {
        for evidence in &doc.facts.evidence {
            let (pointer, entry) = (&evidence.pointer, evidence.entry);
            let message = match &evidence.target {
                EvidenceTarget::Outside => format!("evidence `{entry}` is outside the project"),
                EvidenceTarget::BadScheme(scheme) => {
                    format!(
                        "evidence `{entry}` uses the `{scheme}:` scheme; only project files and https:// links are evidence"
                    )
                }
                EvidenceTarget::Path(_) | EvidenceTarget::Link => continue,
            };
            out.push(Self::META.at(doc.document, pointer, message).with_help(
                "keep evidence inside the repository and refer to it relative to the project root",
            ));
        }
    }
}
