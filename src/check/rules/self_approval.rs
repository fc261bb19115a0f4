use super::approval_problem;
use super::prelude::*;
use crate::history::approvals::Problem;

declare_rule! {
    /// ## What it checks
    /// An approval of a document's current version by someone who authored a change in that
    /// version (since the previous counted approval). It does not count, and the document is
    /// reported while no other approver has approved the version.
    ///
    /// ## Why it matters
    /// Segregation of duties: the person who wrote a change should not be the one who approves
    /// it. Allow it explicitly with `approval.allow_self_approval: true` in `aims.yaml` if your
    /// organisation is too small to separate the duties (and say so in your AIMS).
    ///
    /// ## How to fix
    /// Another listed approver runs `aims approve ID`.
    pub struct SelfApproval {
        code: "AIMS406",
        name: "self-approval",
        severity: Error,
        summary: "An approval was given by the author of the change",
    }
}

impl Rule for SelfApproval {
    fn check_document(&self, doc: &DocumentContext<'_>, out: &mut Vec<Diagnostic>) {
        approval_problem::report(
            doc,
            &approval_problem::Reported {
                problems: &[Problem::SelfApproval],
                even_if_approved: false,
            },
            &Self::META,
            |_| "another listed approver runs `aims approve`".to_owned(),
            out,
        );
    }
}
