//! Evidence freshness: how long each evidence entry stays valid (`valid_until`, `refresh`, or
//! the `evidence_refresh` default of aims.yaml for the document's kind) and whether it still
//! is, from the date its file was last committed (read in the one pass over history). Shared
//! by the stale-evidence rule, the gap analysis and the site.

use crate::config::Config;
use crate::history::History;
use crate::load::Document;
use crate::load::evidence::{EvidenceTarget, classify};
use jiff::civil::Date;
use serde_json::Value;

/// Where an entry's validity limit comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// The entry's own `valid_until` date.
    ValidUntil,
    /// The entry's own `refresh` duration.
    Refresh,
    /// aims.yaml's `evidence_refresh` (the kind's, else the general default).
    Default,
}

/// Whether an evidence entry is still valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Within its limit.
    Current,
    /// Past its deadline.
    Stale,
    /// A refresh period applies but the file's last commit is unknown (not committed, a
    /// link, or history not read).
    Unknown,
    /// No limit declared.
    Unlimited,
}

impl State {
    pub fn name(self) -> &'static str {
        match self {
            State::Current => "current",
            State::Stale => "stale",
            State::Unknown => "unknown",
            State::Unlimited => "no limit",
        }
    }
}

/// One evidence entry's freshness.
#[derive(Debug, Clone)]
pub struct Freshness<'d> {
    /// The entry's pointer in the frontmatter (`/evidence/0`).
    pub pointer: String,
    /// The path or link as written.
    pub entry: &'d str,
    /// The project path, for files and folders.
    pub path: Option<String>,
    /// The newest commit that changed the file (a record index into the history).
    pub last_commit: Option<usize>,
    /// That commit's author date.
    pub last_changed: Option<Date>,
    /// The refresh period in force (as written), if any.
    pub refresh: Option<&'d str>,
    /// Which limit decided the deadline.
    pub limit: Option<Limit>,
    /// The date after which the evidence is stale.
    pub deadline: Option<Date>,
    pub state: State,
}

impl Freshness<'_> {
    /// Whole days since the last commit, on `today`.
    pub fn age_days(&self, today: Date) -> Option<i64> {
        self.last_changed
            .map(|date| crate::dates::days_between(date, today))
    }

    /// The pointer of the field that set the limit (the entry itself for a default).
    pub fn limit_pointer(&self) -> String {
        match self.limit {
            Some(Limit::ValidUntil) => format!("{}/valid_until", self.pointer),
            Some(Limit::Refresh) => format!("{}/refresh", self.pointer),
            _ => self.pointer.clone(),
        }
    }
}

/// The newest commit (a record index) that changed the file at `path`, or for a folder any
/// file in it (records are newest first, so the smallest index).
fn last_commit(history: &History, path: &str) -> Option<usize> {
    if let Some(index) = history.evidence.get(path) {
        return Some(*index);
    }
    let folder = format!("{path}/");
    history
        .evidence
        .range(folder.clone()..)
        .take_while(|(file, _)| file.starts_with(&folder))
        .map(|(_, index)| *index)
        .min()
}

/// The freshness of every evidence entry of `document`, in frontmatter order.
pub fn evidence_freshness<'d>(
    config: &'d Config,
    document: &'d Document,
    history: Option<&History>,
    today: Date,
) -> Vec<Freshness<'d>> {
    let default = document
        .kind()
        .and_then(|kind| config.evidence_refresh(kind));
    crate::load::references::evidence(document)
        .into_iter()
        .map(|(pointer, entry)| {
            let object = document.get(&pointer).and_then(Value::as_object);
            let field = |name: &str| object.and_then(|object| object.get(name)?.as_str());
            let valid_until = field("valid_until").and_then(crate::dates::parse_date);
            let (refresh, refresh_limit) = match field("refresh") {
                Some(own) => (Some(own), Limit::Refresh),
                None => (default, Limit::Default),
            };
            let path = match classify(entry) {
                EvidenceTarget::Path(path) => Some(path),
                _ => None,
            };
            let last_commit = history
                .zip(path.as_ref())
                .and_then(|(history, path)| last_commit(history, path));
            let last_changed = history
                .zip(last_commit)
                .and_then(|(history, index)| history.records.get(index))
                .and_then(|record| record.author.date());
            let refreshed_by = refresh
                .and_then(crate::dates::parse_duration)
                .zip(last_changed)
                .and_then(|(every, last)| crate::dates::add(last, every));
            // The earlier deadline decides when both are given.
            let (deadline, limit) = match (valid_until, refreshed_by) {
                (Some(until), Some(by)) if by < until => (Some(by), Some(refresh_limit)),
                (Some(until), _) => (Some(until), Some(Limit::ValidUntil)),
                (None, Some(by)) => (Some(by), Some(refresh_limit)),
                (None, None) => (None, refresh.map(|_| refresh_limit)),
            };
            let state = match (deadline, refresh) {
                (Some(deadline), _) if deadline < today => State::Stale,
                (Some(_), _) => State::Current,
                (None, Some(_)) => State::Unknown,
                (None, None) => State::Unlimited,
            };
            Freshness {
                pointer,
                entry,
                path,
                last_commit,
                last_changed,
                refresh,
                limit,
                deadline,
                state,
            }
        })
        .collect()
}
