use super::prelude::*;
use crate::load::model::nonconformity;

declare_rule! {
    /// ## What it checks
    /// An open nonconformity (`status: active` and no `closed` date) with a corrective action
    /// that is not `completed` and whose `due` date is before today (`--today` overrides the
    /// date). Drafts are not checked: a nonconformity being written has no agreed dates yet.
    ///
    /// ## Why it matters
    /// Clause 10.2 requires corrective action to be taken. Overdue actions on open
    /// nonconformities, especially major ones, are what surveillance audits look for first.
    ///
    /// ## How to fix
    /// Complete the action and record `completed: YYYY-MM-DD`, or agree a new due date (and say
    /// why in the document body).
    pub struct NonconformityOverdue {
        code: "AIMS309",
        name: "nonconformity-overdue",
        severity: Error,
        summary: "An open nonconformity has an overdue corrective action",
    }
}

impl Rule for NonconformityOverdue {
    fn check_document(&self, doc: &DocumentContext<'_>, out: &mut Vec<Diagnostic>) {
        let ctx = doc.ctx;
        let document = doc.document;
        if ctx.known_kind(document) != Some("nonconformity") || !document.is_active() {
            return;
        }
        let view = nonconformity(document);
        if !view.is_open() {
            return;
        }
        let grade = view.grade.unwrap_or("unknown grade");
        for action in &view.actions {
            if action.completed.is_some() {
                continue;
            }
            let Some(due) = action.due.and_then(crate::dates::parse_date) else {
                continue;
            };
            if due < ctx.today {
                let days = crate::dates::days_between(due, ctx.today);
                out.push(
                    Self::META
                        .at(document, &format!("/corrective_actions/{}/due", action.index), format!(
                            "corrective action on this open {grade} nonconformity was due {due} ({})",
                            crate::text::count(days as usize, "day ago", "days ago")
                        ))
                        .with_help(format!(
                            "record `completed:` when done, or agree a new due date{}",
                            action.owner.map(|owner| format!(" with {owner}")).unwrap_or_default()
                        )),
                );
            }
        }
    }
}
