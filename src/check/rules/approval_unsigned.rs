use super::approval_problem;
use super::prelude::*;
use crate::history::approvals::Problem;

declare_rule! {
    /// ## What it checks
    /// With `approval.require_signed: true` in `aims.yaml`, an approval of a document's current
    /// version whose commit is not signed, or whose signature does not verify. Verification is
    /// git's: `gpg`, `gpgsm` or `ssh-keygen` with `gpg.ssh.allowedSignersFile`. Reported while
    /// no valid signed approval of the version exists.
    ///
    /// ## Why it matters
    /// An unsigned commit can claim any author. Signed approvals tie the approval to a key the
    /// organisation controls.
    ///
    /// ## How to fix
    /// The approver configures signing (`git config gpg.format ssh`, `user.signingkey`) and runs
    /// `aims approve --sign ID`; make sure their key is in the allowed signers file.
    pub struct ApprovalUnsigned {
        code: "AIMS408",
        name: "approval-unsigned",
        severity: Error,
        summary: "A required signature on an approval is missing or does not verify",
    }
}

impl Rule for ApprovalUnsigned {
    fn check_document(&self, doc: &DocumentContext<'_>, out: &mut Vec<Diagnostic>) {
        approval_problem::report(
            doc,
            &approval_problem::Reported {
                problems: &[Problem::Unsigned, Problem::Unverified],
                even_if_approved: false,
            },
            &Self::META,
            |problem| {
                match problem {
                Problem::Unsigned => "approve again with `aims approve --sign`".to_owned(),
                _ => "check the approver's key is in gpg.ssh.allowedSignersFile (or the gpg keyring) and approve again with `aims approve --sign`".to_owned(),
            }
            },
            out,
        );
    }
}
