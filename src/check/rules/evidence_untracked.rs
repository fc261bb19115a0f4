use super::prelude::*;
use crate::load::evidence::EvidenceTarget;
use crate::load::source::Entry;

declare_rule! {
    /// ## What it checks
    /// An evidence file that exists in the working tree but is not tracked by git (not in the
    /// index). Only checked when the project is in a git repository.
    ///
    /// ## Why it matters
    /// Untracked evidence exists only on one machine: it is not in the history that proves
    /// when it existed, not in colleagues' clones, and not in the evidence site built in CI.
    ///
    /// ## How to fix
    /// `git add` the file, or, if it is ignored on purpose (large or confidential), store it in
    /// the system of record and link to it with `https://`.
    pub struct EvidenceUntracked {
        code: "AIMS504",
        name: "evidence-untracked",
        severity: Error,
        summary: "An evidence file is not tracked by git",
    }
}

impl Rule for EvidenceUntracked {
    fn check_document(&self, doc: &DocumentContext<'_>, out: &mut Vec<Diagnostic>) {
        let ctx = doc.ctx;
        let Some(tracked) = ctx.files.tracked() else {
            return;
        };
        for evidence in &doc.facts.evidence {
            let (pointer, entry) = (&evidence.pointer, evidence.entry);
            let EvidenceTarget::Path(path) = &evidence.target else {
                continue;
            };
            // A link out of the project is AIMS503's finding, not a second one here.
            if matches!(
                ctx.files.entry(path),
                Entry::Missing | Entry::Symlink { inside: false, .. }
            ) || tracked.contains(path)
            {
                continue;
            }
            out.push(
                Self::META
                    .at(
                        doc.document,
                        pointer,
                        format!("evidence `{entry}` is not tracked by git"),
                    )
                    .with_help(format!("run `git add {path}`")),
            );
        }
    }
}
