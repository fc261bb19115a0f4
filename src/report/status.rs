//! Rendering of `aims status` (a table or versioned JSON) and `aims log` (one document's
//! timeline: changes, approvals and reviews, newest first).

use crate::history::History;
use crate::history::approvals::{Approval, DocumentStatus, ReviewState, State, TrustLevel};
use crate::history::assess::Assessment;
use crate::history::record::CommitRecord;
use crate::load::DocumentSet;
use crate::text::count;
use serde::Serialize;
use serde_json::{Value, json};
use std::fmt::Write;

/// A commit as the JSON outputs show it.
#[derive(Serialize)]
struct CommitJson<'a> {
    commit: &'a str,
    author: &'a str,
    email: &'a str,
    date: String,
    subject: &'a str,
}

impl<'a> CommitJson<'a> {
    fn of(record: &'a CommitRecord) -> CommitJson<'a> {
        CommitJson {
            commit: &record.id,
            author: &record.author.name,
            email: &record.author.email,
            date: record.author.iso8601(),
            subject: &record.summary,
        }
    }
}

fn commit_json(record: &CommitRecord) -> Value {
    serde_json::to_value(CommitJson::of(record)).unwrap_or_default()
}

/// One approval, review or acceptance as JSON.
#[derive(Serialize)]
struct ApprovalJson<'a> {
    commit: &'a str,
    approver: &'a str,
    email: &'a str,
    date: String,
    blob: &'a str,
    signed: bool,
    verified: Option<bool>,
    signer: Option<&'a str>,
    trust: &'static str,
    current: bool,
    source: &'static str,
    counts: bool,
    problem: Option<&'static str>,
    why: Option<&'a str>,
    /// The upstream versions its commit says it looked at, only when it names some.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    considered: Vec<ConsideredJson>,
}

#[derive(Serialize)]
struct ConsideredJson {
    id: String,
    blob: String,
}

impl<'a> ApprovalJson<'a> {
    /// `approval` of the document `id`.
    fn of(history: &'a History, approval: &'a Approval, id: Option<&str>) -> ApprovalJson<'a> {
        let record = &history.records[approval.record];
        ApprovalJson {
            commit: &record.id,
            approver: &approval.name,
            email: &approval.email,
            date: record.author.iso8601(),
            blob: &approval.blob,
            signed: approval.signed,
            verified: approval.verified,
            signer: approval.signer.as_deref(),
            trust: approval.trust.name(),
            current: approval.current,
            source: approval.source.name(),
            counts: approval.counts(),
            problem: approval.problem.map(|problem| problem.name()),
            why: approval.why.as_deref(),
            considered: id
                .map(|id| record.considered_for(id))
                .unwrap_or_default()
                .into_iter()
                .map(|(id, blob)| ConsideredJson { id, blob })
                .collect(),
        }
    }
}

fn approval_json(history: &History, approval: &Approval, id: Option<&str>) -> Value {
    serde_json::to_value(ApprovalJson::of(history, approval, id)).unwrap_or_default()
}

#[derive(Serialize)]
struct ReviewJson<'a> {
    cycle: &'a str,
    last: Option<String>,
    due: Option<String>,
    state: &'static str,
}

/// One document's status (the element of `documents` in `aims status --format json`),
/// serialised straight from the assessment: at 10,000 documents, building `Value`s first cost
/// more than everything else in the status file.
#[derive(Serialize)]
struct DocumentJson<'a> {
    path: &'a str,
    id: Option<&'a str>,
    kind: Option<&'a str>,
    title: Option<&'a str>,
    owner: Option<&'a str>,
    state: &'static str,
    review: ReviewJson<'a>,
    created: Option<CommitJson<'a>>,
    last_changed: Option<CommitJson<'a>>,
    commits: usize,
    merges: usize,
    blob: &'a str,
    approvers: &'a [String],
    missing_approvers: &'a [String],
    trust: Option<&'static str>,
    approvals: Vec<ApprovalJson<'a>>,
    reviews: Vec<ApprovalJson<'a>>,
    /// Risks carry their residual-risk acceptances (`aims accept`) and who may give one.
    #[serde(skip_serializing_if = "Option::is_none")]
    acceptors: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    acceptances: Option<Vec<ApprovalJson<'a>>>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    kpis: &'a [crate::history::kpi::KpiSeries],
}

impl<'a> DocumentJson<'a> {
    /// `kpis`: the document's KPI series, shown only when there are some.
    fn of(
        history: &'a History,
        documents: &'a DocumentSet,
        status: &'a DocumentStatus<'_>,
        kpis: &'a [crate::history::kpi::KpiSeries],
    ) -> DocumentJson<'a> {
        let document = documents.by_path(&status.path);
        let text = |pointer: &str| document.and_then(|document| document.str_at(pointer));
        let timeline = status.timeline;
        let id = status.id.as_deref();
        let approvals = |list: &'a [Approval]| {
            list.iter()
                .map(|approval| ApprovalJson::of(history, approval, id))
                .collect::<Vec<_>>()
        };
        let risk = document.and_then(|document| document.kind()) == Some("risk");
        DocumentJson {
            path: &status.path,
            id,
            kind: text("/kind"),
            title: text("/title"),
            owner: text("/owner"),
            state: status.state.name(),
            review: ReviewJson {
                cycle: &status.review.cycle,
                last: status.review.last.map(|date| date.to_string()),
                due: status.review.due.map(|date| date.to_string()),
                state: status.review.state.name(),
            },
            created: timeline
                .first()
                .map(|index| CommitJson::of(&history.records[index])),
            last_changed: timeline
                .last()
                .map(|index| CommitJson::of(&history.records[index])),
            commits: timeline.commits.len(),
            merges: timeline.merge_count(),
            blob: &timeline.blob,
            approvers: &status.approvers,
            missing_approvers: &status.missing,
            trust: status.trust().map(TrustLevel::name),
            approvals: approvals(&status.approvals),
            reviews: approvals(&status.reviews),
            acceptors: risk.then_some(status.acceptors.as_slice()),
            acceptances: risk.then(|| approvals(&status.acceptances)),
            kpis,
        }
    }
}

/// Who may approve, as approved over time: the settings in force and a pending change.
pub fn configuration_json(assessment: &Assessment<'_>) -> Value {
    let history = assessment.history;
    let governance = &assessment.governance;
    let in_force = governance.current().map(|period| {
        json!({
            "blob": period.blob,
            "since": commit_json(&history.records[period.since]),
            "approval": period
                .approval
                .and_then(|index| governance.approvals.get(index))
                .map(|approval| approval_json(history, approval, None)),
        })
    });
    json!({
        "in_force": in_force,
        "pending": governance.pending.as_ref().map(|pending| json!({
            "blob": pending.blob,
            "commit": commit_json(&history.records[pending.record]),
            "changes": pending.changes,
        })),
        "approvals": governance
            .approvals
            .iter()
            .map(|approval| approval_json(history, approval, None))
            .collect::<Vec<_>>(),
    })
}

/// How commit counts and creation commits are made, for readers of the JSON.
const COUNTING: &str = "commits that changed the document, following renames from any path or file name the way `git log --follow -M` does (git's similarity, 50%), except that copies are not followed, a path reused for a new file does not inherit the old file's history, and edits on parallel branches are kept; a merge counts when its version differs from every parent's, and is marked as a merge";

/// `aims status --format json`, for `statuses` (all of the assessment's, or those a filter
/// kept).
pub fn status_json(
    assessment: &Assessment<'_>,
    documents: &DocumentSet,
    statuses: &[&DocumentStatus<'_>],
) -> String {
    #[derive(Serialize)]
    struct StatusJson<'a> {
        version: u32,
        head: String,
        shallow: bool,
        partial: bool,
        configuration: Value,
        counting: &'static str,
        not_documents: Value,
        documents: Vec<DocumentJson<'a>>,
    }
    let history = assessment.history;
    let status = StatusJson {
        version: 1,
        head: history.head.to_string(),
        shallow: history.truncated(),
        partial: history.partial,
        configuration: configuration_json(assessment),
        counting: COUNTING,
        not_documents: json!(documents.not_documents()),
        documents: statuses
            .iter()
            .map(|status| {
                DocumentJson::of(history, documents, status, assessment.kpis(&status.path))
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&status).unwrap_or_default();
    text.push('\n');
    text
}

fn short(id: &str) -> &str {
    id.get(..7).unwrap_or(id)
}

/// How the approval of the current version is proven, for the status table.
fn trust_cell(status: &DocumentStatus<'_>) -> &'static str {
    match status.trust() {
        Some(TrustLevel::Verified) => "verified",
        Some(TrustLevel::SignedUnverified) => "signed?",
        Some(TrustLevel::Unsigned) => "unsigned",
        None => "-",
    }
}

/// `aims status` as a table with a summary, most urgent documents first (`status_view.rs`);
/// with `color`, each row's state and review are coloured by urgency.
pub fn status_table(
    assessment: &Assessment<'_>,
    documents: &DocumentSet,
    statuses: &[&DocumentStatus<'_>],
    color: bool,
) -> String {
    use super::status_view::Urgency;
    let history = assessment.history;
    let mut order: Vec<usize> = (0..statuses.len()).collect();
    order.sort_by(|&a, &b| super::status_view::by_urgency(statuses[a], statuses[b]));
    let mut styles: Vec<Option<&'static str>> = vec![None];
    let mut rows: Vec<[String; 7]> = vec![[
        "ID".to_owned(),
        "STATE".to_owned(),
        "SIGNED".to_owned(),
        "REVIEW".to_owned(),
        "DUE".to_owned(),
        "LAST CHANGE".to_owned(),
        "PATH".to_owned(),
    ]];
    for status in order.iter().map(|&index| statuses[index]) {
        styles.push(color.then(|| Urgency::of(status).style()));
        let last = status
            .timeline
            .last()
            .map(|index| {
                let record = &history.records[index];
                format!(
                    "{} {}",
                    record
                        .author
                        .date()
                        .map(|date| date.to_string())
                        .unwrap_or_default(),
                    record.author.email
                )
            })
            .unwrap_or_default();
        rows.push([
            status.id.clone().unwrap_or_else(|| "-".to_owned()),
            status.state.name().replace('_', " "),
            trust_cell(status).to_owned(),
            status.review.state.name().replace('_', " "),
            status
                .review
                .due
                .map(|date| date.to_string())
                .unwrap_or_default(),
            last,
            status.path.clone(),
        ]);
    }
    let mut widths = [0usize; 7];
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for (row, style) in rows.iter().zip(&styles) {
        let mut line = String::new();
        for (index, (cell, width)) in row.iter().zip(widths).enumerate() {
            if index + 1 == row.len() {
                line.push_str(cell);
            } else {
                let padded = format!("{cell:<width$}");
                // The state and review cells carry the row's urgency colour.
                match style {
                    Some(style) if matches!(index, 1 | 3 | 4) && !cell.is_empty() => {
                        let _ = write!(line, "{style}{padded}\x1b[0m  ");
                    }
                    _ => {
                        let _ = write!(line, "{padded}  ");
                    }
                }
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    let by_state = |state: State| {
        statuses
            .iter()
            .filter(|status| status.state == state)
            .count()
    };
    let by_review = |state: ReviewState| {
        statuses
            .iter()
            .filter(|status| !matches!(status.state, State::Retired | State::Draft))
            .filter(|status| status.review.state == state)
            .count()
    };
    let _ = writeln!(
        out,
        "\n{}: {} approved, {} changed since approval, {} never approved, {} draft, {} retired",
        count(statuses.len(), "document", "documents"),
        by_state(State::Approved),
        by_state(State::ChangedSinceApproval),
        by_state(State::NeverApproved),
        by_state(State::Draft),
        by_state(State::Retired),
    );
    let _ = writeln!(
        out,
        "reviews: {} overdue, {} due soon; at commit {}{}",
        by_review(ReviewState::Overdue),
        by_review(ReviewState::DueSoon),
        short(&history.head.to_string()),
        if history.truncated() {
            " (shallow clone: history is incomplete)"
        } else {
            ""
        }
    );
    let _ = writeln!(
        out,
        "signed: verified = signed with the approver's own key; signed? = signature not verifiable here; unsigned = the author line is the only evidence"
    );
    out.push_str(&not_documents_line(documents));
    if let Some(pending) = &assessment.governance.pending {
        let _ = writeln!(
            out,
            "aims.yaml: a committed change to who may approve is not in force until approved ({}): {}",
            short(&history.records[pending.record].id),
            pending.changes.join("; ")
        );
    }
    out
}

/// One entry of a document's timeline.
struct Entry<'h> {
    record: usize,
    what: String,
    detail: String,
    record_ref: &'h CommitRecord,
    /// A merge whose version of the document differs from every parent's.
    merge: bool,
}

fn timeline_entries<'h>(history: &'h History, status: &DocumentStatus<'h>) -> Vec<Entry<'h>> {
    let mut entries = Vec::new();
    for (position, &index) in status.timeline.commits.iter().enumerate() {
        let record = &history.records[index];
        let rename = status
            .timeline
            .renames
            .iter()
            .find(|rename| rename.commit == index)
            .map(|rename| format!(" (renamed from {})", rename.from))
            .unwrap_or_default();
        let blob = status.timeline.blobs.get(position).cloned().flatten();
        let merge = status.timeline.merges.get(position) == Some(&true);
        entries.push(Entry {
            merge,
            record: index,
            what: "change".to_owned(),
            detail: format!(
                "{}{rename}{}{}",
                record.summary,
                blob.map(|blob| format!(" [version {}]", short(&blob)))
                    .unwrap_or_default(),
                if merge {
                    " (a merge: its version differs from every parent's)"
                } else {
                    ""
                }
            ),
            record_ref: record,
        });
    }
    for (kind, events) in [
        ("approval", &status.approvals),
        ("review", &status.reviews),
        ("acceptance", &status.acceptances),
    ] {
        for event in events {
            let record = &history.records[event.record];
            let mut detail = format!(
                "by {} <{}> of version {}",
                event.name,
                event.email,
                short(&event.blob)
            );
            if event.current {
                detail.push_str(" (current)");
            }
            detail.push_str(match event.trust {
                TrustLevel::Verified => ", signed and verified",
                TrustLevel::SignedUnverified => ", signed but not verified",
                TrustLevel::Unsigned => ", unsigned",
            });
            let considered = status
                .id
                .as_deref()
                .map(|id| record.considered_for(id))
                .unwrap_or_default();
            if !considered.is_empty() {
                let versions: Vec<String> = considered
                    .iter()
                    .map(|(upstream, blob)| format!("{upstream} at {}", short(blob)))
                    .collect();
                let _ = write!(detail, "; considered {}", versions.join(", "));
            }
            match (event.problem, &event.why) {
                (Some(_), Some(why)) => {
                    let _ = write!(detail, " — does not count: {why}");
                }
                (Some(problem), None) => {
                    let _ = write!(
                        detail,
                        " — does not count: {}",
                        problem.name().replace('-', " ")
                    );
                }
                (None, _) => {}
            }
            entries.push(Entry {
                record: event.record,
                what: kind.to_owned(),
                detail,
                record_ref: record,
                merge: false,
            });
        }
    }
    // Newest first; at the same commit, changes before the approvals that follow them.
    entries.sort_by(|a, b| a.record.cmp(&b.record).then_with(|| b.what.cmp(&a.what)));
    entries
}

/// The line every command prints about matched files it cannot track as documents (empty when
/// there are none): how many, and why, grouped by reason.
pub fn not_documents_line(documents: &DocumentSet) -> String {
    let not = documents.not_documents();
    if not.is_empty() {
        return String::new();
    }
    let mut reasons: std::collections::BTreeMap<crate::load::Untracked, usize> =
        std::collections::BTreeMap::new();
    for item in &not {
        *reasons.entry(item.reason).or_default() += 1;
    }
    let why: Vec<String> = reasons
        .iter()
        .map(|(reason, count)| reason.counted(*count))
        .collect();
    format!(
        "not tracked: {} matched by `documents` in aims.yaml {} not documents ({}); `aims lint` says why for each\n",
        count(not.len(), "file", "files"),
        if not.len() == 1 { "is" } else { "are" },
        why.join(", ")
    )
}

/// The diff each change made, by the index of its commit in the history's records
/// (`aims log --diff`; empty without it).
pub type ChangeDiffs = std::collections::BTreeMap<usize, crate::history::diff::VersionDiff>;

/// `aims log DOC`, with each change's diff under it when `diffs` has one.
pub fn log_text(history: &History, status: &DocumentStatus<'_>, diffs: &ChangeDiffs) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {} — {}, review {} (due {})",
        status.id.as_deref().unwrap_or("-"),
        status.path,
        status.state.name().replace('_', " "),
        status.review.state.name().replace('_', " "),
        status
            .review
            .due
            .map(|date| date.to_string())
            .unwrap_or_else(|| "unknown".to_owned())
    );
    for entry in timeline_entries(history, status) {
        let _ = writeln!(
            out,
            "{}  {}  {:<8}  {:<28}  {}",
            entry
                .record_ref
                .author
                .date()
                .map(|date| date.to_string())
                .unwrap_or_default(),
            short(&entry.record_ref.id),
            entry.what,
            entry.record_ref.author.email,
            entry.detail
        );
        if entry.what == "change"
            && let Some(diff) = diffs.get(&entry.record)
        {
            out.push_str(&super::diff::diff_text(diff, "    "));
        }
    }
    out
}

/// `aims log DOC --format json`.
pub fn log_json(
    history: &History,
    documents: &DocumentSet,
    status: &DocumentStatus<'_>,
    diffs: &ChangeDiffs,
) -> String {
    let events: Vec<Value> = timeline_entries(history, status)
        .into_iter()
        .map(|entry| {
            let mut value = commit_json(entry.record_ref);
            value["type"] = json!(entry.what);
            value["detail"] = json!(entry.detail);
            if entry.what == "change" {
                value["merge"] = json!(entry.merge);
                if let Some(diff) = diffs.get(&entry.record) {
                    value["diff"] = serde_json::to_value(diff).unwrap_or(Value::Null);
                }
            }
            value
        })
        .collect();
    let value = json!({
        "version": 1,
        "head": history.head.to_string(),
        "document": DocumentJson::of(history, documents, status, &[]),
        "events": events,
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}
