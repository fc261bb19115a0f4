use super::prelude::*;
use crate::history::approvals::State;

declare_rule! {
    /// ## What it checks
    /// An active, committed document that no listed approver has ever approved, according to git
    /// history (approval commits written by `aims approve`, and the other approval sources
    /// enabled under `approval` in `aims.yaml`).
    ///
    /// ## Why it matters
    /// Clause 7.5.2 expects documented information to be reviewed and approved. Approval is proved
    /// by history, never by what the file says about itself (`approved_by:` in frontmatter proves
    /// nothing).
    ///
    /// ## How to fix
    /// Ask one of the document's approvers (its `approvers`, or the defaults for its kind in
    /// `aims.yaml`) to run `aims approve ID`, which records their approval of exactly the
    /// committed version. Documents not yet committed are not checked.
    pub struct NotApproved {
        code: "AIMS401",
        name: "not-approved",
        severity: Warning,
        summary: "An active document has never been approved",
    }
}

impl Rule for NotApproved {
    fn check_document(&self, doc: &DocumentContext<'_>, out: &mut Vec<Diagnostic>) {
        let document = doc.document;
        let Some(status) = doc.status else {
            return;
        };
        // An invalid approval of the current version is reported by the rule that explains it.
        let explained = status
            .approvals
            .iter()
            .any(|approval| approval.current && !approval.counts());
        if status.state == State::NeverApproved && document.is_active() && !explained {
            out.push(
                Self::META
                    .at(
                        document,
                        "/id",
                        format!(
                            "{} has never been approved",
                            status.id.as_deref().unwrap_or(&document.path)
                        ),
                    )
                    .with_help(format!(
                        "an approver ({}) runs `aims approve {}`",
                        status.approvers.join(", "),
                        status.id.as_deref().unwrap_or(&document.path)
                    )),
            );
        }
    }
}
