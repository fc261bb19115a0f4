use super::prelude::*;
use crate::history::approvals::State;

declare_rule! {
    /// ## What it checks
    /// An active document that was approved once, but whose committed content has changed since:
    /// the approval names an older blob, not the current one.
    ///
    /// ## Why it matters
    /// An approval covers the exact text that was approved. A policy edited after approval is in
    /// force without approval; this is what a pull request that edits an approved document must
    /// fix before (or right after) it is merged.
    ///
    /// ## How to fix
    /// An approver runs `aims approve ID` on the new version. `aims log ID` shows what changed
    /// since the last approval.
    pub struct ApprovalStale {
        code: "AIMS402",
        name: "approval-stale",
        severity: Warning,
        summary: "A document changed since it was approved",
    }
}

impl Rule for ApprovalStale {
    fn check_document(&self, doc: &DocumentContext<'_>, out: &mut Vec<Diagnostic>) {
        let document = doc.document;
        let (Some(history), Some(status)) = (doc.ctx.history, doc.status) else {
            return;
        };
        if status.state != State::ChangedSinceApproval || !document.is_active() {
            return;
        }
        let id = status.id.as_deref().unwrap_or(&document.path);
        let last = status
            .approvals
            .iter()
            .rev()
            .find(|approval| approval.counts());
        let message = match last {
            Some(approval) => {
                let record = &history.history.records[approval.record];
                format!(
                    "{id} changed since {} approved version {} on {}",
                    approval.email,
                    &approval.blob[..7.min(approval.blob.len())],
                    record
                        .author
                        .date()
                        .map(|date| date.to_string())
                        .unwrap_or_default()
                )
            }
            None => format!("{id} changed since its last approval"),
        };
        out.push(Self::META.at(document, "/id", message).with_help(format!(
            "an approver ({}) runs `aims approve {id}`; `aims log {id}` shows the changes",
            status.approvers.join(", ")
        )));
    }
}
