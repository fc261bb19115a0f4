use super::approval_problem;
use crate::check::{Context, Rule, declare_rule, rule_meta};
use crate::diagnostic::Diagnostic;
use crate::history::approvals::Problem;
use crate::load::Document;

declare_rule! {
    /// ## What it checks
    /// An approval of a document's current version by someone who is not among its approvers:
    /// the roles and emails in its `approvers` (or the defaults for its kind in `aims.yaml`, or
    /// its owner when none are set), with roles resolved to emails under `roles`. Identities are
    /// compared by the email of the approval commit's author. Reported while no listed approver
    /// has approved the version.
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
    rule_meta!();

    fn check_document(
        &self,
        ctx: &Context<'_>,
        _: usize,
        document: &Document,
        out: &mut Vec<Diagnostic>,
    ) {
        approval_problem::report(
            ctx,
            document,
            Problem::NotListed,
            &Self::META,
            |email, when| {
                (
                format!("{email} approved this version on {when}, but is not one of its approvers; the approval does not count"),
                "a listed approver runs `aims approve`, or add the person to the approving role in aims.yaml".to_owned(),
            )
            },
            out,
        );
    }
}
