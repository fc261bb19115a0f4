//! What changed in the AIMS between two committed revisions — the "since the last audit"
//! summary surveillance auditors ask for (`aims diff REV1 REV2`, the site's `--since REV`
//! page): the period, the documents added, changed, renamed and retired, the approvals and
//! reviews recorded in between, and the findings introduced and resolved.
//!
//! Each revision is linted as committed, with its own history and the same day, and findings
//! are compared by (code, path, message) as `aims lint --base` does, so a finding that only
//! moved to another line is neither new nor resolved. Data only; `report::revisions` renders.

use super::changes::{self, Change};
use super::{HistoryLoad, LintError, LintOptions, check_loaded, load, load_history, version_of};
use crate::config::Config;
use crate::diagnostic::{Counts, Diagnostic, Severity};
use crate::history::diff::VersionDiff;
use crate::history::{History, HistoryError};
use crate::load::DocumentSet;
use crate::load::gitsource::TreeSource;
use jiff::civil::Date;
use serde::Serialize;
use std::collections::HashSet;

/// The whole comparison, in the shape `aims diff --format json` prints (with `version: 1`).
#[derive(Debug, Clone, Serialize)]
pub struct RevisionDiff {
    pub from: Revision,
    pub to: Revision,
    /// Commits reachable from `to` but not from `from` (`git rev-list --count FROM..TO`).
    pub commits: usize,
    /// By kind of change (added, changed, renamed, retired, deleted), then path.
    pub documents: Vec<DocumentChange>,
    /// aims.yaml differs between the revisions (roles, approvers, rules may have changed).
    pub configuration_changed: bool,
    /// Approvals and reviews recorded in those commits, oldest first.
    pub approvals: Vec<SignOff>,
    pub findings: FindingChanges,
    /// What limits the comparison (a shallow clone), in plain words.
    pub notes: Vec<String>,
}

impl RevisionDiff {
    /// Nothing happened between the revisions.
    pub fn is_empty(&self) -> bool {
        self.commits == 0
            && self.documents.is_empty()
            && !self.configuration_changed
            && self.approvals.is_empty()
            && self.findings.introduced.is_empty()
            && self.findings.resolved.is_empty()
    }

    /// How many documents changed in each way, in [`ChangeKind`] order.
    pub fn counts(&self) -> Vec<(ChangeKind, usize)> {
        ChangeKind::ALL
            .iter()
            .map(|kind| {
                let count = self
                    .documents
                    .iter()
                    .filter(|document| document.change == *kind)
                    .count();
                (*kind, count)
            })
            .collect()
    }
}

/// One end of the period.
#[derive(Debug, Clone, Serialize)]
pub struct Revision {
    /// The revision as given (`v1.0`, `HEAD~3`, a commit id).
    pub rev: String,
    pub commit: String,
    /// The committer date, ISO 8601 with its recorded offset.
    pub date: String,
    pub summary: String,
}

impl Revision {
    pub fn short(&self) -> &str {
        self.commit.get(..7).unwrap_or(&self.commit)
    }

    /// The calendar day of [`Revision::date`].
    pub fn day(&self) -> &str {
        self.date.get(..10).unwrap_or(&self.date)
    }
}

/// How a document changed over the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Added,
    Changed,
    Renamed,
    /// Still present, but its `status` became `retired`.
    Retired,
    Deleted,
}

impl ChangeKind {
    pub const ALL: [ChangeKind; 5] = [
        ChangeKind::Added,
        ChangeKind::Changed,
        ChangeKind::Renamed,
        ChangeKind::Retired,
        ChangeKind::Deleted,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Changed => "changed",
            ChangeKind::Renamed => "renamed",
            ChangeKind::Retired => "retired",
            ChangeKind::Deleted => "deleted",
        }
    }
}

/// One document that differs between the revisions.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentChange {
    /// The path at `to` (at `from` for a deleted document).
    pub path: String,
    pub id: Option<String>,
    pub kind: Option<String>,
    pub title: Option<String>,
    pub change: ChangeKind,
    /// The earlier path of a renamed document.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Frontmatter fields added, removed or changed (readable paths such as `owner`).
    pub fields: Vec<String>,
    /// Lines added and removed in the Markdown text (for an added document, all of it).
    pub lines_added: usize,
    pub lines_removed: usize,
    /// The full comparison, for the site; JSON carries the summary only.
    #[serde(skip)]
    pub diff: VersionDiff,
}

impl DocumentChange {
    /// "fields owner, kpis; text +3 -1", or "" when nothing readable changed (a pure rename).
    /// Fields are named by their top-level key, once each: six changed KPI values read as
    /// `kpis` on one line (the JSON keeps every path).
    pub fn summary(&self) -> String {
        let mut parts = Vec::new();
        let mut keys: Vec<&str> = Vec::new();
        for path in &self.fields {
            let key = path.split(['.', '[']).next().unwrap_or(path);
            if !keys.contains(&key) {
                keys.push(key);
            }
        }
        if !keys.is_empty() {
            let noun = if keys.len() == 1 { "field" } else { "fields" };
            parts.push(format!("{noun} {}", keys.join(", ")));
        }
        if self.lines_added > 0 || self.lines_removed > 0 {
            parts.push(format!(
                "text +{} -{}",
                self.lines_added, self.lines_removed
            ));
        }
        parts.join("; ")
    }
}

/// An approval or review recorded in a commit of the period.
#[derive(Debug, Clone, Serialize)]
pub struct SignOff {
    /// `approval` or `review`.
    pub action: &'static str,
    pub id: Option<String>,
    pub path: String,
    /// The approved (or reviewed) version's blob id.
    pub version: String,
    /// It names the document's version at `to`.
    pub current: bool,
    pub name: String,
    pub email: String,
    pub commit: String,
    /// The commit's committer date, ISO 8601.
    pub date: String,
    pub signed: bool,
    /// `unsigned`, `signed-unverified` or `verified`.
    pub trust: crate::history::approvals::TrustLevel,
    /// It counts (allowed approver, not self-approval, signed when required, ...).
    pub counts: bool,
    /// Why it does not count, when it does not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
}

/// Findings at `to` that `from` did not have, and the reverse.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FindingChanges {
    pub introduced_counts: Counts,
    pub resolved_counts: Counts,
    pub introduced: Vec<Finding>,
    pub resolved: Vec<Finding>,
}

/// One finding, as far as a period summary needs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub code: &'static str,
    pub severity: Severity,
    pub path: String,
    /// The line at the revision that has it.
    pub line: usize,
    pub message: String,
}

impl From<&Diagnostic> for Finding {
    fn from(diagnostic: &Diagnostic) -> Finding {
        Finding {
            code: diagnostic.code,
            severity: diagnostic.severity,
            path: diagnostic.path.clone(),
            line: diagnostic.span.start.line,
            message: diagnostic.message.clone(),
        }
    }
}

/// One revision loaded and linted as committed.
struct Loaded {
    source: TreeSource,
    documents: DocumentSet,
    history: History,
    diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    fn side(&self) -> Side<'_> {
        Side {
            source: &self.source,
            documents: &self.documents,
            history: &self.history,
            diagnostics: &self.diagnostics,
        }
    }
}

/// One revision as the comparison reads it: loaded here, or the site's own snapshot and
/// findings (so `aims site --since` does not load and lint its commit twice).
#[derive(Clone, Copy)]
pub struct Side<'a> {
    pub source: &'a TreeSource,
    pub documents: &'a DocumentSet,
    pub history: &'a History,
    /// The findings of a full lint of the revision (history rules included).
    pub diagnostics: &'a [Diagnostic],
}

/// Compares the AIMS as committed at `from` with `to`, judging both on `today`.
pub fn compare(
    config: &Config,
    from: &str,
    to: &str,
    today: Date,
) -> Result<RevisionDiff, LintError> {
    let repo = crate::history::Repo::discover(&config.root)?;
    // An empty repository is said so, rather than "`HEAD` does not name a commit".
    repo.resolve(None)?;
    let from_commit = resolve(&repo, from)?;
    let to_commit = resolve(&repo, to)?;
    let schemas = super::schemas(config)?;
    let after = load_side(config, &repo, &schemas, to_commit, today)?;
    let before = load_side(config, &repo, &schemas, from_commit, today)?;
    Ok(compare_sides(
        config,
        &repo,
        (from, before.side()),
        (to, after.side()),
        today,
    ))
}

/// Compares `from` with `to`, whose documents, history and findings the caller already has
/// (the site's snapshot).
pub fn compare_with(
    config: &Config,
    repo: &crate::history::Repo,
    from: &str,
    to: (&str, Side<'_>),
    today: Date,
) -> Result<RevisionDiff, LintError> {
    let from_commit = resolve(repo, from)?;
    let schemas = super::schemas(config)?;
    let before = load_side(config, repo, &schemas, from_commit, today)?;
    Ok(compare_sides(
        config,
        repo,
        (from, before.side()),
        to,
        today,
    ))
}

/// The commit `rev` names; in a shallow clone, an unknown name may lie before the cut.
fn resolve(repo: &crate::history::Repo, rev: &str) -> Result<gix::ObjectId, LintError> {
    match repo.resolve(Some(rev)) {
        Err(HistoryError::BadRevision(rev)) if repo.is_shallow() => {
            Err(LintError::ShallowRevision(rev))
        }
        other => other.map_err(LintError::from),
    }
}

fn compare_sides(
    config: &Config,
    repo: &crate::history::Repo,
    (from, before): (&str, Side<'_>),
    (to, after): (&str, Side<'_>),
    today: Date,
) -> RevisionDiff {
    let (before_history, after_history) = (before.history, after.history);
    let (from_commit, to_commit) = (before_history.head, after_history.head);
    let earlier: HashSet<&str> = before_history
        .records
        .iter()
        .map(|record| record.id.as_str())
        .collect();
    let period: HashSet<usize> = after_history
        .records
        .iter()
        .enumerate()
        .filter(|(_, record)| !earlier.contains(record.id.as_str()))
        .map(|(index, _)| index)
        .collect();
    let mut notes = Vec::new();
    let from_hex = from_commit.to_string();
    if !after_history
        .records
        .iter()
        .any(|record| record.id == from_hex)
    {
        notes.push(format!(
            "{from} is not an ancestor of {to}: the comparison is between two lines of history, \
             and the commits counted are those of {to} that {from} lacks"
        ));
    }
    if before_history.truncated() || after_history.truncated() {
        notes.push(
            "this is a shallow clone: commits before its cut are missing, so the count of \
             commits and the approvals listed may be incomplete (fetch the full history with \
             `git fetch --unshallow`)"
                .to_owned(),
        );
    }
    let approvals = sign_offs(config, repo, after, &period, today);
    RevisionDiff {
        from: revision(before_history, from, from_commit),
        to: revision(after_history, to, to_commit),
        commits: period.len(),
        documents: document_changes(before, after),
        configuration_changed: config_blob(before.source) != config_blob(after.source),
        approvals,
        findings: finding_changes(before.diagnostics, after.diagnostics),
        notes,
    }
}

fn config_blob(source: &TreeSource) -> Option<gix::ObjectId> {
    source
        .files()
        .get(crate::config::CONFIG_FILE)
        .map(|file| file.blob)
}

/// Loads the documents of `commit`, its history, and lints them.
fn load_side(
    config: &Config,
    repo: &crate::history::Repo,
    schemas: &crate::schema::SchemaSet,
    commit: gix::ObjectId,
    today: Date,
) -> Result<Loaded, LintError> {
    let options = &LintOptions {
        today,
        only_paths: None,
        history: true,
    };
    let source = TreeSource::new(&repo.repo, commit, &repo.project_prefix)?;
    let documents = load(config, &source)?;
    // The commit id, not the name: a branch name could move between the two reads.
    let history = load_history(
        config,
        Some(&commit.to_string()),
        &crate::load::references::evidence_files(&documents, &source),
    );
    let report = check_loaded(config, &source, &documents, schemas, options, &history);
    let history = match history {
        HistoryLoad::Loaded(_, history) => history,
        HistoryLoad::Failed(error) => return Err(error.into()),
        HistoryLoad::Skipped | HistoryLoad::Unavailable => {
            return Err(HistoryError::NoCommits.into());
        }
    };
    Ok(Loaded {
        source,
        documents,
        history,
        diagnostics: report.diagnostics,
    })
}

fn revision(history: &History, rev: &str, commit: gix::ObjectId) -> Revision {
    let id = commit.to_string();
    let record = history.records.iter().find(|record| record.id == id);
    Revision {
        rev: rev.to_owned(),
        date: record
            .map(|record| record.committer.iso8601())
            .unwrap_or_default(),
        summary: record
            .map(|record| record.summary.clone())
            .unwrap_or_default(),
        commit: id,
    }
}

/// The documents that differ, by kind of change then path, each with a summary of its diff.
fn document_changes(before: Side<'_>, after: Side<'_>) -> Vec<DocumentChange> {
    let changed = changes::diff(
        &version_of(before.source, before.documents),
        &version_of(after.source, after.documents),
    );
    let mut documents: Vec<DocumentChange> = changed
        .into_iter()
        .map(|change| {
            let (old_path, kind) = match &change.change {
                Change::Added => (None, ChangeKind::Added),
                Change::Modified => (Some(change.path.clone()), ChangeKind::Changed),
                Change::Renamed { from } => (Some(from.clone()), ChangeKind::Renamed),
                Change::Deleted => (Some(change.path.clone()), ChangeKind::Deleted),
            };
            let old = old_path
                .as_deref()
                .and_then(|path| before.documents.by_path(path));
            let new = after.documents.by_path(&change.path);
            let retired_now = new.is_some_and(|document| document.is_retired())
                && !old.is_some_and(|document| document.is_retired());
            let kind = if retired_now && kind != ChangeKind::Added {
                ChangeKind::Retired
            } else {
                kind
            };
            let diff = match new {
                Some(new) => crate::history::diff::between(
                    &new.path,
                    old.map(|old| old.text.as_bytes()),
                    new.text.as_bytes(),
                ),
                None => VersionDiff::default(),
            };
            let shown = new.or(old);
            DocumentChange {
                path: change.path.clone(),
                id: change
                    .id
                    .clone()
                    .or_else(|| shown.and_then(|d| d.id().map(str::to_owned))),
                kind: shown.and_then(|d| d.kind().map(str::to_owned)),
                title: shown.and_then(|d| d.title().map(str::to_owned)),
                change: kind,
                from: match &change.change {
                    Change::Renamed { from } => Some(from.clone()),
                    _ => None,
                },
                fields: if kind == ChangeKind::Added {
                    Vec::new()
                } else {
                    diff.fields.iter().map(|field| field.path.clone()).collect()
                },
                lines_added: diff.body.added,
                lines_removed: diff.body.removed,
                diff,
            }
        })
        .collect();
    // Grouped as a reader counts them: added, changed, renamed, retired, deleted.
    documents.sort_by(|a, b| (a.change, &a.path).cmp(&(b.change, &b.path)));
    documents
}

/// Approvals and reviews of the documents at `to` recorded in the period's commits, oldest
/// first, as the assessment at `to` judged them.
fn sign_offs(
    config: &Config,
    repo: &crate::history::Repo,
    after: Side<'_>,
    period: &HashSet<usize>,
    today: Date,
) -> Vec<SignOff> {
    let history = after.history;
    let assessment = crate::history::assess::Assessment::new(
        history,
        &repo.repo,
        after.documents,
        config,
        today,
    );
    let mut found: Vec<(usize, SignOff)> = Vec::new();
    for status in assessment.statuses() {
        let events = status
            .approvals
            .iter()
            .map(|approval| ("approval", approval))
            .chain(status.reviews.iter().map(|review| ("review", review)));
        for (action, event) in events {
            if !period.contains(&event.record) {
                continue;
            }
            let Some(record) = history.records.get(event.record) else {
                continue;
            };
            found.push((
                event.record,
                SignOff {
                    action,
                    id: status.id.clone(),
                    path: status.path.clone(),
                    version: event.blob.clone(),
                    current: event.current,
                    name: event.name.clone(),
                    email: event.email.clone(),
                    commit: record.id.clone(),
                    date: record.committer.iso8601(),
                    signed: event.signed,
                    trust: event.trust,
                    counts: event.counts(),
                    why: event.why.clone(),
                },
            ));
        }
    }
    // Records are newest first: a higher index is older.
    found.sort_by(|(a, left), (b, right)| {
        (std::cmp::Reverse(*a), &left.path, left.action).cmp(&(
            std::cmp::Reverse(*b),
            &right.path,
            right.action,
        ))
    });
    found.into_iter().map(|(_, sign_off)| sign_off).collect()
}

type Key<'d> = (&'d str, &'d str, &'d str);

fn key(diagnostic: &Diagnostic) -> Key<'_> {
    (diagnostic.code, &diagnostic.path, &diagnostic.message)
}

/// Findings compared by (code, path, message), each list in output order.
fn finding_changes(before: &[Diagnostic], after: &[Diagnostic]) -> FindingChanges {
    let only_in = |these: &[Diagnostic], those: &[Diagnostic]| -> Vec<Diagnostic> {
        let known: HashSet<Key<'_>> = those.iter().map(key).collect();
        let mut out: Vec<Diagnostic> = these
            .iter()
            .filter(|diagnostic| !known.contains(&key(diagnostic)))
            .cloned()
            .collect();
        crate::diagnostic::sort_and_dedup(&mut out);
        out
    };
    let introduced = only_in(after, before);
    let resolved = only_in(before, after);
    FindingChanges {
        introduced_counts: Counts::of(&introduced),
        resolved_counts: Counts::of(&resolved),
        introduced: introduced.iter().map(Finding::from).collect(),
        resolved: resolved.iter().map(Finding::from).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Position, Span};

    fn finding(code: &'static str, path: &str, line: usize, message: &str) -> Diagnostic {
        Diagnostic::new(
            code,
            Severity::Error,
            path,
            Span::point(Position::new(line, 1)),
            message,
        )
    }

    #[test]
    fn findings_are_compared_by_code_path_and_message_not_line() {
        let before = [
            finding("AIMS101", "a.md", 3, "moved"),
            finding("AIMS102", "a.md", 4, "fixed"),
        ];
        let after = [
            finding("AIMS101", "a.md", 9, "moved"),
            finding("AIMS103", "b.md", 2, "new"),
        ];
        let changes = finding_changes(&before, &after);
        let codes = |list: &[Finding]| list.iter().map(|f| f.code).collect::<Vec<_>>();
        assert_eq!(codes(&changes.introduced), ["AIMS103"]);
        assert_eq!(codes(&changes.resolved), ["AIMS102"]);
        assert_eq!(changes.introduced_counts.errors, 1);
        assert_eq!(changes.resolved[0].line, 4);
    }

    #[test]
    fn summary_names_fields_and_line_counts() {
        let diff = crate::history::diff::between(
            "p.md",
            Some(b"---\nid: P\ntitle: A\n---\nold\n"),
            b"---\nid: P\ntitle: B\nowner: x@y\n---\nnew\nmore\n",
        );
        let change = DocumentChange {
            path: "p.md".to_owned(),
            id: Some("P".to_owned()),
            kind: None,
            title: None,
            change: ChangeKind::Changed,
            from: None,
            fields: diff.fields.iter().map(|f| f.path.clone()).collect(),
            lines_added: diff.body.added,
            lines_removed: diff.body.removed,
            diff,
        };
        assert_eq!(change.summary(), "fields title, owner; text +2 -1");
        let nested = DocumentChange {
            fields: vec![
                "kpis[0].current".to_owned(),
                "kpis[1].current".to_owned(),
                "controls.A.2.2".to_owned(),
            ],
            lines_added: 0,
            lines_removed: 0,
            ..change
        };
        assert_eq!(nested.summary(), "fields kpis, controls");
    }
}
