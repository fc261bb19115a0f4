use super::approval_problem;
use super::prelude::*;
use crate::history::approvals::Problem;

declare_rule! {
    /// ## What it checks
    /// An approval of a document's current version by someone who is not among the approvers
    /// *in force*: those named by the document's last approved version (its `approvers`, else
    /// the defaults for its kind in `aims.yaml`, else its owner), with roles resolved to emails
    /// under `roles` as approved. A change cannot pick its own approvers: a first version may
    /// only name roles of the approved `aims.yaml` (or emails holding one), an edit to
    /// `approvers` takes effect once the edited version is approved by those already in force,
    /// and a change to `roles` once `aims approve aims.yaml` is run by a config approver.
    /// Identities are compared by the email of the approval commit's author (and `aliases`).
    /// Reported while no approver in force has approved the version.
    ///
    /// ## Why it matters
    /// Only the people the organisation designated can approve; anyone can create a commit.
    ///
    /// ## How to fix
    /// A listed approver runs `aims approve ID`, or, if the person should be an approver, add
    /// them (to the role in `aims.yaml` or to the document's `approvers`) and approve again.
    pub struct ApproverNotListed {
        code: "AIMS407",
        name: "approver-not-listed",
        severity: Error,
        summary: "An approval was given by someone who is not an approver of the document",
    }
}

impl Rule for ApproverNotListed {
    fn check_document(&self, doc: &DocumentContext<'_>, out: &mut Vec<Diagnostic>) {
        approval_problem::report(
            doc,
            &approval_problem::Reported {
                problems: &[
                    Problem::NotListed,
                    Problem::ListedOnlyByChange,
                    Problem::NoConfiguration,
                ],
                even_if_approved: false,
            },
            &Self::META,
            |problem| {
                match problem {
                Problem::ListedOnlyByChange => "an approver in force approves the change; from then on the approvers it names are in force".to_owned(),
                Problem::NoConfiguration => "commit aims.yaml with its roles first; approvals given before it count for nobody".to_owned(),
                _ => "a listed approver runs `aims approve`, or add the person to the approving role in aims.yaml (which itself takes effect once approved)".to_owned(),
            }
            },
            out,
        );
    }
}
