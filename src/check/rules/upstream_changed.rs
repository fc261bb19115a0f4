use super::prelude::*;
use crate::check::impact::upstream_changes;
use crate::history::approvals::State;

declare_rule! {
    /// ## What it checks
    /// A document approved or reviewed once that depends on another document (a risk's or an
    /// impact assessment's `systems`, an impact assessment's `risks`, a risk's treatment
    /// documents, a Statement of Applicability entry's `implemented_by`, a procedure's or
    /// record's parent, an objective's systems, a nonconformity's source), where the referenced
    /// document got a new committed version after the newest version of it that the referring
    /// document's last counted approval or review saw: the change is not in the history of the
    /// approval or review commit. The finding names the referenced document and its newest
    /// change: commit, author and date.
    ///
    /// A document never approved is left to the approval rules, and retired documents are
    /// skipped, on either side; so is a reference to a document created after the approval
    /// (no version it relied on changed), and to an objective (its new versions report
    /// progress). Links that do not make a document depend on another one's content are not
    /// followed: `related`, an audit's `findings`, a management review's inputs and decisions,
    /// a policy's `supersedes`, the scope's and a record's `systems`.
    ///
    /// ## Why it matters
    /// A risk assessment describes the AI system as it was when the assessment was approved.
    /// When the system changes and the assessment is not looked at again, the AIMS holds an
    /// assessment of a system that no longer exists as described; certification bodies treat a
    /// risk assessment not updated after its system changed as a major nonconformity.
    ///
    /// ## How to fix
    /// Check the document against the change (`aims log ID` on the referenced document shows
    /// it). If it still holds, its owner or an approver runs `aims review ID` on it; if not,
    /// edit it and an approver runs `aims approve ID`. Either clears the finding.
    pub struct UpstreamChanged {
        code: "AIMS413",
        name: "upstream-changed",
        severity: Warning,
        summary: "A document refers to a document that changed after its last approval or review",
    }
}

impl Rule for UpstreamChanged {
    fn check_document(&self, doc: &DocumentContext<'_>, out: &mut Vec<Diagnostic>) {
        let document = doc.document;
        let (Some(history), Some(status)) = (doc.ctx.history, doc.status) else {
            return;
        };
        let changes = upstream_changes(
            doc.ctx.documents,
            &history.assessment,
            document,
            status,
            &doc.facts.references,
        );
        let id = status.id.as_deref().unwrap_or(&document.path);
        let date = |date: Option<jiff::civil::Date>| {
            date.map(|date| date.to_string()).unwrap_or_default()
        };
        for change in changes {
            let Some(record) = change
                .commits
                .first()
                .and_then(|newest| history.history.records.get(*newest))
            else {
                continue;
            };
            let earlier = match change.commits.len() {
                1 => String::new(),
                2 => " (and once before)".to_owned(),
                count => format!(" (and {} times before)", count - 1),
            };
            let message = format!(
                "{} changed after {id} was last approved or reviewed ({}): commit {} by {} <{}> on {}{earlier}",
                change.id,
                date(status.review.last),
                record.id.get(..7).unwrap_or(&record.id),
                record.author.name,
                record.author.email,
                date(record.author.date()),
            );
            // A review only counts for an approved version: an edited document needs approval.
            let help = if status.state == State::Approved {
                format!(
                    "check {id} against the change (`aims log {}`); if it still holds, run `aims review {id}`, else edit it and an approver runs `aims approve {id}`",
                    change.id
                )
            } else {
                format!(
                    "check {id} against the change (`aims log {}`), edit it if needed, and an approver runs `aims approve {id}`",
                    change.id
                )
            };
            out.push(
                Self::META
                    .at(document, change.pointer, message)
                    .with_help(help),
            );
        }
    }
}
