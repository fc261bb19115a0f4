use super::prelude::*;
use crate::config::trust::Trust;

declare_rule! {
    /// ## What it checks
    /// A change to who may approve that is not in force: `aims.yaml`'s `roles`, `aliases`,
    /// the `approvers` defaults or the `approval` policy differ from the settings last
    /// approved, either in a committed version nobody entitled has approved yet, or in the
    /// working copy. The first committed `aims.yaml` is in force as written; every later
    /// change to these settings takes effect only once one of `approval.config_approvers` (by
    /// default `defaults.approvers`), as configured *before* the change, runs
    /// `aims approve aims.yaml`, and not if they made the change themselves.
    ///
    /// ## Why it matters
    /// Otherwise anyone who can commit could make themselves (or a friend) an approver of the
    /// AI policy and then approve it. Until the change is approved, approvals by the people it
    /// adds do not count.
    ///
    /// ## How to fix
    /// Commit the change, then ask a config approver to run `aims approve aims.yaml`.
    /// `aims status` shows the settings in force and the pending change.
    pub struct ApproverChangeUnapproved {
        code: "AIMS412",
        name: "approver-change-unapproved",
        severity: Warning,
        summary: "A change to roles or approvers in aims.yaml is not approved yet",
    }
}

impl Rule for ApproverChangeUnapproved {
    fn check_project(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let Some(history) = ctx.history else { return };
        let governance = &history.assessment.governance;
        let Some(period) = governance.current() else {
            return;
        };
        let here = Trust::of(ctx.config);
        let changes = period.trust.changes(&here);
        let Some(first) = changes.first() else { return };
        let committed = governance
            .pending
            .as_ref()
            .is_some_and(|pending| pending.trust == here);
        let approvers: Vec<&str> = period.trust.config_approvers();
        let who = if approvers.is_empty() {
            "nobody: set `approval.config_approvers`".to_owned()
        } else {
            approvers.join(", ")
        };
        let summary = changes
            .iter()
            .map(|change| change.description.as_str())
            .collect::<Vec<_>>()
            .join("; ");
        let message = if committed {
            format!(
                "this change to who may approve is committed but not in force until a config approver approves it: {summary}"
            )
        } else {
            format!(
                "this change to who may approve is not committed; once committed it takes effect when a config approver approves it: {summary}"
            )
        };
        out.push(
            Self::META
                .in_config(nearest_span(ctx.config, &first.pointer), message)
                .with_help(format!(
                    "config approvers in force ({who}) run `aims approve aims.yaml` after the change is committed"
                )),
        );
    }
}

/// The span of the node at `pointer` in aims.yaml, or of its nearest ancestor that exists
/// (a removed role points at `roles:`).
fn nearest_span(config: &crate::config::Config, pointer: &str) -> crate::diagnostic::Span {
    let mut pointer = pointer;
    loop {
        if let Some(span) = config.positions.key_span(pointer) {
            return span;
        }
        match pointer.rsplit_once('/') {
            Some((parent, _)) if !parent.is_empty() => pointer = parent,
            _ => return config.key_span(pointer),
        }
    }
}
