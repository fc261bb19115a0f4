use super::approval_problem;
use super::prelude::*;
use crate::history::approvals::Problem;

declare_rule! {
    /// ## What it checks
    /// An approval or review of a document's current version whose dates cannot be true:
    ///
    /// * authored or committed after the commit being checked, or after today (`--today`);
    /// * naming content that is not in the approval commit's own history (the approval was
    ///   made before the content existed, then the content was committed to match it);
    /// * authored or committed before the commit that introduced the content it names (a
    ///   back-dated approval, e.g. with `GIT_COMMITTER_DATE`).
    ///
    /// Such an approval does not count, and it is reported even when another approval covers
    /// the version. Order is judged by the commit graph, which cannot be faked without
    /// rewriting history, and dates are checked against it.
    ///
    /// ## Why it matters
    /// Who approved *when* is what an auditor relies on: a back-dated approval makes a
    /// document look approved before it was in force, a future-dated one makes a review clock
    /// look current for years.
    ///
    /// ## How to fix
    /// An approver approves the version again with a correct clock (`aims approve ID`). Check
    /// the clock of the machine that made the commit, and who made it.
    pub struct ApprovalMisdated {
        code: "AIMS411",
        name: "approval-misdated",
        severity: Error,
        summary: "An approval is dated in the future or before the content it approves",
    }
}

impl Rule for ApprovalMisdated {
    fn check_document(&self, doc: &DocumentContext<'_>, out: &mut Vec<Diagnostic>) {
        approval_problem::report(
            doc,
            &approval_problem::Reported {
                problems: &[Problem::FutureDated, Problem::BeforeContent],
                even_if_approved: true,
            },
            &Self::META,
            |_| {
                "an approver approves this version again (`aims approve`) from a machine with a correct clock".to_owned()
            },
            out,
        );
    }
}
