//! "Changes since the last approved version" on a document page: the fields that differ (old
//! and new side by side) and the text's hunks, each line marked by a sign and a word for screen
//! readers as well as by colour. Every piece of document text is escaped by the template.

use crate::history::History;
use crate::history::diff::{FieldChangeKind, LineKind, SinceApproval, VersionDiff};
use askama::Template;

#[derive(Debug, Clone, PartialEq, Eq, Default, Template)]
#[template(path = "fragments/since_approval.html")]
pub struct SinceApprovalView {
    /// `never`, `unchanged`, `changed`, or empty (nothing to show: not committed).
    pub state: &'static str,
    pub anchor: String,
    /// The approved version (short blob id), who approved it, and when.
    pub version: String,
    pub approver: String,
    pub date: String,
    pub day: String,
    pub commit: String,
    pub diff: DiffView,
}

// The fragment template escapes every field.
impl askama::filters::HtmlSafe for SinceApprovalView {}

/// One [`VersionDiff`] as HTML: notes, the fields table, the text summary and the hunks. The
/// document page shows it against the approved version; the "Changes since REV" page against
/// the earlier revision.
#[derive(Debug, Clone, PartialEq, Eq, Default, Template)]
#[template(path = "fragments/diff.html")]
pub struct DiffView {
    /// The fields table's caption and the headings of its old and new columns.
    pub caption: &'static str,
    pub old_label: &'static str,
    pub new_label: &'static str,
    /// "3 lines added, 1 removed".
    pub summary: String,
    pub notes: Vec<String>,
    pub fields: Vec<FieldRow>,
    pub hunks: Vec<HunkView>,
    pub truncated: bool,
}

// The fragment template escapes every field.
impl askama::filters::HtmlSafe for DiffView {}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldRow {
    pub path: String,
    /// "added", "removed" or "changed".
    pub change: &'static str,
    pub old: String,
    pub new: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HunkView {
    /// "Lines 12–18 (were 12–15)".
    pub heading: String,
    pub lines: Vec<LineView>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineView {
    /// CSS class: `add`, `del` or `ctx`.
    pub class: &'static str,
    pub sign: char,
    /// What the sign means, for screen readers: "added", "removed", "unchanged".
    pub label: &'static str,
    pub text: String,
}

fn range(start: usize, lines: usize) -> String {
    match lines {
        0 => format!("none (after line {})", start.saturating_sub(1)),
        1 => format!("line {start}"),
        _ => format!("lines {start}–{}", start + lines - 1),
    }
}

/// The view of `diff`, its fields table captioned `caption` with columns `labels` (old, new).
pub fn diff_view(
    diff: &VersionDiff,
    caption: &'static str,
    labels: (&'static str, &'static str),
) -> DiffView {
    let mut view = DiffView {
        caption,
        old_label: labels.0,
        new_label: labels.1,
        ..DiffView::default()
    };
    view.notes = diff.notes.clone();
    view.summary = diff.body.summary();
    view.truncated = diff.body.truncated;
    view.fields = diff
        .fields
        .iter()
        .map(|field| FieldRow {
            path: field.path.clone(),
            change: match field.change {
                FieldChangeKind::Added => "added",
                FieldChangeKind::Removed => "removed",
                FieldChangeKind::Changed => "changed",
            },
            old: field.old.clone().unwrap_or_default(),
            new: field.new.clone().unwrap_or_default(),
        })
        .collect();
    view.hunks = diff
        .body
        .hunks
        .iter()
        .map(|hunk| HunkView {
            heading: format!(
                "Now {}, was {}",
                range(hunk.new_start, hunk.new_lines),
                range(hunk.old_start, hunk.old_lines)
            ),
            lines: hunk
                .lines
                .iter()
                .map(|line| {
                    let (class, label) = match line.kind {
                        LineKind::Added => ("add", "added"),
                        LineKind::Removed => ("del", "removed"),
                        LineKind::Context => ("ctx", "unchanged"),
                    };
                    LineView {
                        class,
                        sign: line.kind.sign(),
                        label,
                        text: line.text.clone(),
                    }
                })
                .collect(),
        })
        .collect();
    view
}

/// The view of `since` for the document whose page anchor is `anchor`.
pub fn since_approval_view(
    history: &History,
    since: Option<&SinceApproval>,
    anchor: &str,
) -> SinceApprovalView {
    let mut view = SinceApprovalView {
        anchor: anchor.to_owned(),
        ..SinceApprovalView::default()
    };
    let (approved, diff) = match since {
        None => return view,
        Some(SinceApproval::NeverApproved) => {
            view.state = "never";
            return view;
        }
        Some(SinceApproval::Unchanged(approved)) => {
            view.state = "unchanged";
            (approved, None)
        }
        Some(SinceApproval::Changed(approved, diff)) => {
            view.state = "changed";
            (approved, Some(diff))
        }
    };
    view.version = approved.blob.chars().take(7).collect();
    view.approver = format!("{} <{}>", approved.name, approved.email);
    if let Some(record) = history.records.get(approved.record) {
        view.date = record.committer.iso8601();
        view.day = record
            .committer
            .date()
            .map(|day| day.to_string())
            .unwrap_or_default();
        view.commit = record.id.to_string().chars().take(7).collect();
    }
    if let Some(diff) = diff {
        view.diff = diff_view(
            diff,
            "Fields changed since approval",
            ("Approved version", "Current version"),
        );
    }
    view
}
