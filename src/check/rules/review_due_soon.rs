use super::prelude::*;
use crate::history::approvals::ReviewState;

declare_rule! {
    /// ## What it checks
    /// An active document whose review falls due within the `review.due_soon` window of
    /// `aims.yaml` (30 days by default).
    ///
    /// ## Why it matters
    /// A heads-up, so reviews are planned before they become overdue (AIMS403).
    ///
    /// ## How to fix
    /// Schedule the review; record it with `aims review ID` when done.
    pub struct ReviewDueSoon {
        code: "AIMS404",
        name: "review-due-soon",
        severity: Info,
        summary: "A document's periodic review is due soon",
    }
}

impl Rule for ReviewDueSoon {
    fn check_document(&self, doc: &DocumentContext<'_>, out: &mut Vec<Diagnostic>) {
        let document = doc.document;
        let Some(status) = doc.status else {
            return;
        };
        if status.review.state != ReviewState::DueSoon || !document.is_active() {
            return;
        }
        let id = status.id.as_deref().unwrap_or(&document.path);
        let due = status
            .review
            .due
            .map(|due| due.to_string())
            .unwrap_or_default();
        out.push(
            Self::META
                .at(document, "/id", format!("review of {id} is due {due}"))
                .with_help(format!("review it and run `aims review {id}`")),
        );
    }
}
