use super::prelude::*;
use crate::history::approvals::ReviewState;

declare_rule! {
    /// ## What it checks
    /// An active document whose review is overdue: its last approval or review (`aims review`),
    /// or its creation if it has none, plus its review cycle (`review_cycle`, or the default for
    /// its kind in `aims.yaml`, P12M otherwise) is before today (`--today` overrides the date).
    ///
    /// ## Why it matters
    /// Clause 7.5.2 expects documented information to be kept suitable and adequate; auditors
    /// look for documents nobody has looked at for longer than the organisation's own review
    /// cycle.
    ///
    /// ## How to fix
    /// Review the document. If it changes, commit and have it approved (`aims approve ID`); if it
    /// does not, record the review with `aims review ID`, which moves the due date.
    pub struct ReviewOverdue {
        code: "AIMS403",
        name: "review-overdue",
        severity: Error,
        summary: "A document's periodic review is overdue",
    }
}

impl Rule for ReviewOverdue {
    fn check_document(&self, doc: &DocumentContext<'_>, out: &mut Vec<Diagnostic>) {
        let document = doc.document;
        let Some(status) = doc.status else {
            return;
        };
        if status.review.state != ReviewState::Overdue || !document.is_active() {
            return;
        }
        let id = status.id.as_deref().unwrap_or(&document.path);
        let due = status
            .review
            .due
            .map(|due| due.to_string())
            .unwrap_or_default();
        let since = match status.review.last {
            Some(last) => format!("last reviewed or approved {last}"),
            None => "never reviewed or approved".to_owned(),
        };
        let pointer = if document.get("/review_cycle").is_some() {
            "/review_cycle"
        } else {
            "/id"
        };
        out.push(
            Self::META
                .at(
                    document,
                    pointer,
                    format!(
                        "review of {id} was due {due} ({since}, cycle {})",
                        status.review.cycle
                    ),
                )
                .with_help(format!(
                    "review it, then run `aims review {id}` (or `aims approve {id}` if it changed)"
                )),
        );
    }
}
