use super::prelude::*;
use crate::load::evidence::EvidenceTarget;
use crate::load::source::Entry;

declare_rule! {
    /// ## What it checks
    /// An evidence path (in `evidence` or the SoA's `annex_a[].evidence`) that does not exist.
    /// Paths are relative to the project root, the folder holding `aims.yaml`.
    ///
    /// ## Why it matters
    /// Evidence that cannot be produced is not evidence. A moved or renamed file breaks the
    /// trail an auditor follows from a control to its proof.
    ///
    /// ## How to fix
    /// Correct the path (relative to the project root, not to the document), or add the file.
    pub struct EvidenceMissing {
        code: "AIMS501",
        name: "evidence-missing",
        severity: Error,
        summary: "An evidence file does not exist",
    }
}

impl Rule for EvidenceMissing {
    fn check_document(&self, doc: &DocumentContext<'_>, out: &mut Vec<Diagnostic>) {
        let ctx = doc.ctx;
        let document = doc.document;
        for evidence in &doc.facts.evidence {
            let (pointer, entry) = (&evidence.pointer, evidence.entry);
            let EvidenceTarget::Path(path) = &evidence.target else {
                continue;
            };
            if ctx.files.entry(path) != Entry::Missing {
                continue;
            }
            let mut diagnostic = Self::META.at(
                document,
                pointer,
                format!("evidence `{entry}` does not exist"),
            );
            let beside = document
                .path
                .rsplit_once('/')
                .map(|(dir, _)| format!("{dir}/{path}"));
            diagnostic.help = Some(match beside {
                Some(candidate) if ctx.files.entry(&candidate) != Entry::Missing => format!(
                    "evidence paths are relative to the project root: did you mean `{candidate}`?"
                ),
                _ => {
                    "evidence paths are relative to the project root (the folder holding aims.yaml)"
                        .to_owned()
                }
            });
            out.push(diagnostic);
        }
    }
}
