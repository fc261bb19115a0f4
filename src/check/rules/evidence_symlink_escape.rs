use super::prelude::*;
use crate::load::evidence::EvidenceTarget;
use crate::load::source::Entry;

declare_rule! {
    /// ## What it checks
    /// An evidence path inside the project that is a symbolic link whose target is outside the
    /// project (or does not exist).
    ///
    /// ## Why it matters
    /// A link to `/home/alice/Documents/audit.pdf` works on Alice's laptop and nowhere else; a
    /// link to `/etc/passwd` would publish it in the evidence site. aims never follows links out
    /// of the project.
    ///
    /// ## How to fix
    /// Replace the link with the file itself.
    pub struct EvidenceSymlinkEscape {
        code: "AIMS503",
        name: "evidence-symlink-escape",
        severity: Error,
        summary: "An evidence path is a symbolic link leading outside the project",
    }
}

impl Rule for EvidenceSymlinkEscape {
    fn check_document(&self, doc: &DocumentContext<'_>, out: &mut Vec<Diagnostic>) {
        for evidence in &doc.facts.evidence {
            let (pointer, entry) = (&evidence.pointer, evidence.entry);
            let EvidenceTarget::Path(path) = &evidence.target else {
                continue;
            };
            if let Entry::Symlink {
                target,
                inside: false,
            } = doc.ctx.files.entry(path)
            {
                out.push(
                    Self::META
                        .at(doc.document, pointer, format!("evidence `{entry}` leads through a symbolic link to `{target}`, outside the project"))
                        .with_help("replace the link with the file itself"),
                );
            }
        }
    }
}
