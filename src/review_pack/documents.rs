//! The sections read from document versions: what changed among the documents (with the
//! approvals given), nonconformities and their trend, internal audits, and risks. The start of
//! the period is the document set at the boundary commit; the period's changes are the
//! timelines' commits after it, so nothing here walks history again.

use super::{CommitRef, Context, tally};
use crate::history::approvals::{State, TrustLevel};
use crate::lint::changes::{self, Change, Version};
use crate::load::model::{Lifecycle, nonconformity, risk};
use crate::load::{Document, DocumentSet};
use jiff::civil::Date;
use serde::Serialize;
use std::collections::BTreeMap;

/// How a document changed in the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Added,
    Changed,
    /// Its `status` became `retired`.
    Retired,
    Deleted,
}

crate::text::display_as_serialized!(ChangeKind);

#[derive(Debug, Clone, Serialize)]
pub struct DocumentChange {
    pub id: Option<String>,
    pub path: String,
    pub title: String,
    pub kind: Option<String>,
    pub change: ChangeKind,
    /// The path it had at the start, when renamed.
    pub renamed_from: Option<String>,
    /// Commits that changed it in the period.
    pub commits: usize,
    /// The newest of them.
    pub last: Option<CommitRef>,
    /// Its approval state now (`approved`, `changed_since_approval`, ...).
    pub state: Option<State>,
}

/// An approval or review given in the period.
#[derive(Debug, Clone, Serialize)]
pub struct ApprovalEvent {
    pub id: Option<String>,
    pub path: String,
    /// `approval` or `review`.
    pub action: &'static str,
    pub name: String,
    pub email: String,
    pub date: String,
    pub commit: String,
    pub signed: bool,
    pub trust: TrustLevel,
    /// Whether it counts; `why` says why not.
    pub counts: bool,
    pub why: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct ChangeCounts {
    pub added: usize,
    pub changed: usize,
    pub retired: usize,
    pub deleted: usize,
    pub approvals: usize,
    pub reviews: usize,
    /// Approvals and reviews in signed commits.
    pub signed: usize,
    /// Approvals and reviews that do not count.
    pub not_counted: usize,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Changes {
    pub counts: ChangeCounts,
    pub documents: Vec<DocumentChange>,
    pub approvals: Vec<ApprovalEvent>,
}

/// Path → (blob, id) of a document set as committed.
fn version(source: &crate::load::gitsource::TreeSource, set: &DocumentSet) -> Version {
    set.documents
        .iter()
        .filter_map(|document| {
            let file = source.files().get(&document.path)?;
            Some((
                document.path.clone(),
                (file.blob, document.id().map(str::to_owned)),
            ))
        })
        .collect()
}

pub fn changes(context: &Context<'_>) -> Changes {
    let inputs = context.inputs;
    let after = version(inputs.source, inputs.documents);
    let mut documents = Vec::new();
    for change in changes::diff(&context.before, &after) {
        let now = inputs.documents.by_path(&change.path);
        // The version at the start matters only to tell a retirement, or to name a deleted
        // document.
        let then = match (&change.change, now) {
            (Change::Deleted, _) => context.before_document(&change.path),
            (Change::Renamed { from }, Some(now)) if now.is_retired() => {
                context.before_document(from)
            }
            (Change::Modified, Some(now)) if now.is_retired() => {
                context.before_document(&change.path)
            }
            _ => None,
        };
        let kind = match &change.change {
            Change::Added => ChangeKind::Added,
            Change::Deleted => ChangeKind::Deleted,
            Change::Modified | Change::Renamed { .. } => {
                let retired_now = now.is_some_and(Document::is_retired);
                let retired_then = then.as_ref().is_some_and(Document::is_retired);
                if retired_now && !retired_then {
                    ChangeKind::Retired
                } else {
                    ChangeKind::Changed
                }
            }
        };
        let shown = now.or(then.as_ref());
        let commits = if kind == ChangeKind::Deleted {
            deletions(context, &change.path)
        } else {
            context.period_commits(&change.path)
        };
        documents.push(DocumentChange {
            id: change.id.clone(),
            path: change.path.clone(),
            title: shown
                .and_then(Document::title)
                .unwrap_or_default()
                .to_owned(),
            kind: shown.and_then(Document::kind).map(str::to_owned),
            change: kind,
            renamed_from: match &change.change {
                Change::Renamed { from } => Some(from.clone()),
                _ => None,
            },
            commits: commits.len(),
            last: commits.first().and_then(|index| context.commit(*index)),
            state: inputs
                .assessment
                .status(&change.path)
                .map(|status| status.state),
        });
    }
    let mut approvals = Vec::new();
    for status in inputs.assessment.statuses() {
        let events = status
            .approvals
            .iter()
            .map(|event| ("approval", event))
            .chain(status.reviews.iter().map(|event| ("review", event)));
        for (action, event) in events {
            if !context.in_period(event.record) {
                continue;
            }
            let Some(commit) = context.commit(event.record) else {
                continue;
            };
            approvals.push(ApprovalEvent {
                id: status.id.clone(),
                path: status.path.clone(),
                action,
                name: event.name.clone(),
                email: event.email.clone(),
                date: commit.date,
                commit: commit.commit,
                signed: event.signed,
                trust: event.trust,
                counts: event.counts(),
                why: event.why.clone(),
            });
        }
    }
    approvals.sort_by(|a, b| (&a.date, &a.path, a.action).cmp(&(&b.date, &b.path, b.action)));
    let count = |kind: ChangeKind| documents.iter().filter(|d| d.change == kind).count();
    Changes {
        counts: ChangeCounts {
            added: count(ChangeKind::Added),
            changed: count(ChangeKind::Changed),
            retired: count(ChangeKind::Retired),
            deleted: count(ChangeKind::Deleted),
            approvals: approvals.iter().filter(|a| a.action == "approval").count(),
            reviews: approvals.iter().filter(|a| a.action == "review").count(),
            signed: approvals.iter().filter(|a| a.signed).count(),
            not_counted: approvals.iter().filter(|a| !a.counts).count(),
        },
        documents,
        approvals,
    }
}

/// The period's commits (newest first) that deleted `path`: a deleted document has no
/// timeline, so its end is read from the records.
fn deletions(context: &Context<'_>, path: &str) -> Vec<usize> {
    context
        .inputs
        .history
        .records
        .iter()
        .enumerate()
        .filter(|(index, record)| {
            context.in_period(*index)
                && record.changes.iter().any(|change| {
                    change.path == path
                        && change.kind == crate::history::record::ChangeKind::Deleted
                })
        })
        .map(|(index, _)| index)
        .collect()
}

/// One nonconformity.
#[derive(Debug, Clone, Serialize)]
pub struct NcItem {
    pub id: String,
    pub path: String,
    pub title: String,
    pub grade: Option<String>,
    /// The commit that first recorded it.
    pub recorded: Option<CommitRef>,
    /// The commit that set `closed` (from history), when closed.
    pub closed: Option<CommitRef>,
    pub corrective_actions: usize,
    pub open_actions: usize,
    /// The earliest due date of its open corrective actions.
    pub next_due: Option<String>,
    pub overdue: bool,
}

/// Nonconformities opened and closed in one quarter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrendBucket {
    /// `2026-Q3`.
    pub quarter: String,
    pub opened: usize,
    pub closed: usize,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct NcCounts {
    pub opened: usize,
    pub closed: usize,
    pub open: usize,
    pub overdue: usize,
    /// Open nonconformities by grade.
    pub open_by_grade: BTreeMap<String, usize>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Nonconformities {
    pub counts: NcCounts,
    pub opened: Vec<NcItem>,
    pub closed: Vec<NcItem>,
    pub open: Vec<NcItem>,
    /// Per quarter of the period, oldest first.
    pub trend: Vec<TrendBucket>,
}

pub fn nonconformities(
    context: &Context<'_>,
    start: Option<String>,
    head: Option<Date>,
) -> Nonconformities {
    let inputs = context.inputs;
    let mut out = Nonconformities::default();
    for document in inputs.documents.of_kind("nonconformity") {
        let (Some(id), Some(timeline)) = (document.id(), inputs.history.timeline(&document.path))
        else {
            continue;
        };
        let view = nonconformity(document);
        let first = timeline.first();
        let recorded = first.and_then(|index| context.commit(index));
        let closed = if view.closed.is_some() {
            closing_commit(context, document)
        } else {
            None
        };
        let next_due = view.next_due().map(str::to_owned);
        let open = view.is_open() && !document.is_retired();
        let item = NcItem {
            id: id.to_owned(),
            path: document.path.clone(),
            title: document.title().unwrap_or_default().to_owned(),
            grade: view.grade.map(str::to_owned),
            recorded,
            closed: closed.and_then(|index| context.commit(index)),
            corrective_actions: view.actions.len(),
            open_actions: view
                .actions
                .iter()
                .filter(|action| action.completed.is_none())
                .count(),
            overdue: open
                && next_due
                    .as_deref()
                    .and_then(crate::dates::parse_date)
                    .is_some_and(|due| due < inputs.today),
            next_due,
        };
        if first.is_some_and(|index| context.in_period(index)) {
            out.opened.push(item.clone());
        }
        if closed.is_some_and(|index| context.in_period(index)) {
            out.closed.push(item.clone());
        }
        if open {
            out.open.push(item);
        }
    }
    out.trend = trend(&out, start.as_deref(), head.unwrap_or(inputs.today));
    out.counts = NcCounts {
        opened: out.opened.len(),
        closed: out.closed.len(),
        open: out.open.len(),
        overdue: out.open.iter().filter(|item| item.overdue).count(),
        open_by_grade: tally(
            out.open
                .iter()
                .map(|item| item.grade.as_deref().unwrap_or("ungraded")),
        ),
    };
    out
}

/// The commit (record index) from which on the nonconformity has been closed: the oldest of
/// the newest run of versions with `closed` set.
fn closing_commit(context: &Context<'_>, document: &Document) -> Option<usize> {
    let timeline = context.inputs.history.timeline(&document.path)?;
    let mut closing = None;
    for (index, blob) in timeline.commits.iter().zip(&timeline.blobs) {
        let closed = match blob {
            Some(blob) if *blob == timeline.blob => nonconformity(document).closed.is_some(),
            Some(blob) => context
                .version(&document.path, blob)
                .is_some_and(|version| nonconformity(&version).closed.is_some()),
            None => false,
        };
        if !closed {
            break;
        }
        closing = Some(*index);
    }
    closing
}

/// `2026-Q3` for a date.
fn quarter(date: Date) -> String {
    format!("{}-Q{}", date.year(), (date.month() - 1) / 3 + 1)
}

/// Opened and closed per quarter from the period's start to `end`, every quarter listed.
fn trend(out: &Nonconformities, start: Option<&str>, end: Date) -> Vec<TrendBucket> {
    let Some(start) = start.and_then(crate::dates::parse_date) else {
        return Vec::new();
    };
    let mut buckets: Vec<TrendBucket> = Vec::new();
    let mut day = start;
    while day <= end && buckets.len() < 400 {
        let label = quarter(day);
        if buckets.last().is_none_or(|last| last.quarter != label) {
            buckets.push(TrendBucket {
                quarter: label,
                opened: 0,
                closed: 0,
            });
        }
        match day.checked_add(jiff::Span::new().months(1)) {
            Ok(next) => day = next,
            Err(_) => break,
        }
    }
    let end_label = quarter(end);
    if buckets.last().is_some_and(|last| last.quarter != end_label) {
        buckets.push(TrendBucket {
            quarter: end_label,
            opened: 0,
            closed: 0,
        });
    }
    let mut add = |commit: Option<&CommitRef>, opened: bool| {
        let Some(date) = commit.and_then(|commit| crate::dates::parse_date(&commit.date)) else {
            return;
        };
        let label = quarter(date);
        if let Some(bucket) = buckets.iter_mut().find(|bucket| bucket.quarter == label) {
            if opened {
                bucket.opened += 1;
            } else {
                bucket.closed += 1;
            }
        }
    };
    for item in &out.opened {
        add(item.recorded.as_ref(), true);
    }
    for item in &out.closed {
        add(item.closed.as_ref(), false);
    }
    buckets
}

/// One nonconformity an audit raised.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub id: String,
    pub path: Option<String>,
    pub grade: Option<String>,
    pub open: Option<bool>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AuditItem {
    pub id: String,
    pub path: String,
    pub title: String,
    /// When it says it took place.
    pub date: Option<String>,
    pub auditor: Option<String>,
    pub audit_type: String,
    pub conclusion: Option<String>,
    /// `added` or `changed` in the period.
    pub change: ChangeKind,
    pub last: Option<CommitRef>,
    pub findings: Vec<Finding>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct AuditCounts {
    pub audits: usize,
    pub findings: usize,
    pub open_findings: usize,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Audits {
    pub counts: AuditCounts,
    pub items: Vec<AuditItem>,
}

/// Audits recorded or updated in the period.
pub fn audits(context: &Context<'_>) -> Audits {
    let inputs = context.inputs;
    let mut items = Vec::new();
    for document in inputs.documents.of_kind("audit") {
        let Some(id) = document.id() else {
            continue;
        };
        let commits = context.period_commits(&document.path);
        if commits.is_empty() {
            continue;
        }
        let findings = document
            .get("/findings")
            .and_then(serde_json::Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(serde_json::Value::as_str)
            .map(|finding| {
                let nc = inputs.documents.by_id(finding);
                Finding {
                    id: finding.to_owned(),
                    path: nc.map(|nc| nc.path.clone()),
                    grade: nc.and_then(|nc| nonconformity(nc).grade.map(str::to_owned)),
                    open: nc.map(|nc| nonconformity(nc).is_open()),
                }
            })
            .collect();
        items.push(AuditItem {
            id: id.to_owned(),
            path: document.path.clone(),
            title: document.title().unwrap_or_default().to_owned(),
            date: document.str_at("/date").map(str::to_owned),
            auditor: document.str_at("/auditor").map(str::to_owned),
            audit_type: document
                .str_at("/audit_type")
                .unwrap_or("internal")
                .to_owned(),
            conclusion: document.str_at("/conclusion").map(str::to_owned),
            change: if context.before_by_id(id).is_some() {
                ChangeKind::Changed
            } else {
                ChangeKind::Added
            },
            last: commits.first().and_then(|index| context.commit(*index)),
            findings,
        });
    }
    items.sort_by(|a, b| (&a.date, &a.id).cmp(&(&b.date, &b.id)));
    let findings = items.iter().flat_map(|item| &item.findings);
    Audits {
        counts: AuditCounts {
            audits: items.len(),
            findings: findings.clone().count(),
            open_findings: findings.filter(|f| f.open == Some(true)).count(),
        },
        items,
    }
}

/// A risk added or changed in the period.
#[derive(Debug, Clone, Serialize)]
pub struct RiskChange {
    pub id: String,
    pub path: String,
    pub title: String,
    pub change: ChangeKind,
    pub inherent_before: Option<u8>,
    pub inherent: Option<u8>,
    pub residual_before: Option<u8>,
    pub residual: Option<u8>,
    /// Its inherent or residual level differs from the start of the period.
    pub level_changed: bool,
    pub last: Option<CommitRef>,
}

/// A risk above the appetite now.
#[derive(Debug, Clone, Serialize)]
pub struct RiskLevel {
    pub id: String,
    pub path: String,
    pub title: String,
    pub level: u8,
    /// `residual` or `inherent`: which level is judged.
    pub which: &'static str,
    pub band: &'static str,
    /// Someone accepted it (`acceptance` with `by` and `date`).
    pub accepted: bool,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct RiskCounts {
    pub added: usize,
    pub changed: usize,
    pub level_changed: usize,
    pub above_appetite: usize,
    pub above_appetite_unaccepted: usize,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Risks {
    pub counts: RiskCounts,
    /// The appetite in aims.yaml, if set.
    pub appetite: Option<u8>,
    pub changed: Vec<RiskChange>,
    pub above_appetite: Vec<RiskLevel>,
}

pub fn risks(context: &Context<'_>) -> Risks {
    let inputs = context.inputs;
    let scale = &inputs.config.risk;
    let mut changed = Vec::new();
    let mut above = Vec::new();
    for document in inputs.documents.of_kind("risk") {
        let Some(id) = document.id() else {
            continue;
        };
        let now = risk(document);
        let commits = context.period_commits(&document.path);
        if !commits.is_empty() {
            let then = context.before_by_id(id);
            let levels = then.as_ref().map(|then| {
                let view = risk(then);
                (view.inherent(scale), view.residual(scale))
            });
            let (inherent_before, residual_before) = levels.unwrap_or_default();
            let (inherent, residual) = (now.inherent(scale), now.residual(scale));
            changed.push(RiskChange {
                id: id.to_owned(),
                path: document.path.clone(),
                title: document.title().unwrap_or_default().to_owned(),
                change: if then.is_some() {
                    ChangeKind::Changed
                } else {
                    ChangeKind::Added
                },
                level_changed: then.is_some()
                    && (inherent_before != inherent || residual_before != residual),
                inherent_before,
                inherent,
                residual_before,
                residual,
                last: commits.first().and_then(|index| context.commit(*index)),
            });
        }
        if document.lifecycle() != Some(Lifecycle::Active) {
            continue;
        }
        let (level, which) = match (now.residual(scale), now.inherent(scale)) {
            (Some(level), _) => (level, "residual"),
            (None, Some(level)) => (level, "inherent"),
            (None, None) => continue,
        };
        if scale.appetite.is_some() && scale.above_appetite(level) {
            above.push(RiskLevel {
                id: id.to_owned(),
                path: document.path.clone(),
                title: document.title().unwrap_or_default().to_owned(),
                level,
                which,
                band: scale.band(level),
                accepted: now.accepted_by.is_some() && now.accepted_on.is_some(),
            });
        }
    }
    above.sort_by(|a, b| b.level.cmp(&a.level).then_with(|| a.id.cmp(&b.id)));
    Risks {
        counts: RiskCounts {
            added: changed
                .iter()
                .filter(|c| c.change == ChangeKind::Added)
                .count(),
            changed: changed
                .iter()
                .filter(|c| c.change == ChangeKind::Changed)
                .count(),
            level_changed: changed.iter().filter(|c| c.level_changed).count(),
            above_appetite: above.len(),
            above_appetite_unaccepted: above.iter().filter(|r| !r.accepted).count(),
        },
        appetite: scale.appetite,
        changed,
        above_appetite: above,
    }
}
