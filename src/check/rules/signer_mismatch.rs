use super::approval_problem;
use super::prelude::*;
use crate::history::approvals::Problem;

declare_rule! {
    /// ## What it checks
    /// An approval of a document's current version whose commit carries a signature that
    /// verifies, but for someone other than the commit's author: the signing identity (the
    /// email of the gpg user id, or the ssh principal in `gpg.ssh.allowedSignersFile`) is not
    /// the author's email nor one of its `aliases` in `aims.yaml`. Such an approval never
    /// counts, whether or not signatures are required, and it is reported even when another
    /// approval covers the version.
    ///
    /// ## Why it matters
    /// A commit's author line is typed by whoever makes the commit. A valid signature proves
    /// who made it: a commit authored as the CEO but signed with another person's key is that
    /// other person's commit claiming to be the CEO's approval.
    ///
    /// ## How to fix
    /// The approver approves with their own key (`aims approve --sign ID`). If the signing key
    /// is the approver's but registered under another address, list that address under
    /// `aliases` in `aims.yaml` (a change that takes effect once approved). Find out who made
    /// the mismatched commit: it may be an attempt to forge an approval.
    pub struct SignerMismatch {
        code: "AIMS410",
        name: "signer-mismatch",
        severity: Error,
        summary: "An approval commit is signed by someone other than its author",
    }
}

impl Rule for SignerMismatch {
    fn check_document(&self, doc: &DocumentContext<'_>, out: &mut Vec<Diagnostic>) {
        approval_problem::report(
            doc,
            &approval_problem::Reported {
                problems: &[Problem::SignerMismatch],
                even_if_approved: true,
            },
            &Self::META,
            |_| {
                "the approver approves with their own key (`aims approve --sign`); find out who signed this commit".to_owned()
            },
            out,
        );
    }
}
