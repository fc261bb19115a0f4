//! The management-review input pack (ISO/IEC 42001 9.3.2): for the period since the last
//! management review, what top management must consider, assembled from the documents and
//! their git history in one pass: the previous review's actions and their state, changes to
//! the AIMS documents with the approvals given, nonconformities and their trend, KPI trends,
//! internal audits, risk changes, stale evidence and suspect links.
//!
//! Every fact about *when* comes from commits, never from dates a file gives about itself,
//! except where only the file can say (a KPI's `measured_on`, a decision's `due`). The pack
//! is data ([`ReviewPack`], serialisable); `report::review_pack` renders it and the site shows
//! it on `review-pack.html`.

mod actions;
mod documents;
mod period;
mod signals;

use crate::config::Config;
use crate::history::History;
use crate::history::assess::Assessment;
use crate::history::record::CommitRecord;
use crate::lint::changes;
use crate::load::DocumentSet;
use crate::load::gitsource::TreeSource;
use jiff::civil::Date;
use serde::Serialize;
use std::collections::BTreeMap;

pub use period::{Basis, Period, Since};

/// What the pack is made from: one snapshot of the documents, its history and its assessment
/// (with the KPI series read: [`Assessment::read_kpis`]).
pub struct Inputs<'a> {
    pub config: &'a Config,
    pub repo: &'a gix::Repository,
    /// The project's prefix inside the repository (see [`crate::history::Repo`]).
    pub project_prefix: &'a str,
    pub source: &'a TreeSource,
    pub documents: &'a DocumentSet,
    pub history: &'a History,
    pub assessment: &'a Assessment<'a>,
    pub today: Date,
}

/// The whole pack. Each section gives its counts first, then its lists.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewPack {
    /// The commit the pack describes.
    pub head: String,
    pub today: String,
    pub period: Period,
    pub actions: actions::Actions,
    pub changes: documents::Changes,
    pub nonconformities: documents::Nonconformities,
    pub kpis: signals::Kpis,
    pub audits: documents::Audits,
    pub risks: documents::Risks,
    pub stale_evidence: signals::StaleEvidence,
    pub suspect_links: signals::SuspectLinks,
    /// What limits the pack (a shallow clone, no previous review), in sentences.
    pub notes: Vec<String>,
}

pub use actions::{Action, ActionReference, ActionState, Actions};
pub use documents::{
    ApprovalEvent, AuditItem, Audits, Changes, DocumentChange, Finding, NcItem, Nonconformities,
    RiskChange, RiskLevel, Risks, TrendBucket,
};
pub use signals::{KpiPoint, KpiTrend, Kpis, StaleEvidence, StaleItem, SuspectLink, SuspectLinks};

/// Why a pack could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PackError {
    #[error(transparent)]
    History(#[from] crate::history::HistoryError),
    /// `--since` names a commit HEAD does not descend from.
    #[error("`{0}` is not in the history of HEAD: give a commit, tag or branch HEAD descends from")]
    NotInHistory(String),
}

/// A commit, as the pack names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommitRef {
    pub commit: String,
    /// The author date, `YYYY-MM-DD`.
    pub date: String,
    pub author: String,
    pub email: String,
}

impl CommitRef {
    fn of(record: &CommitRecord) -> CommitRef {
        CommitRef {
            commit: record.id.clone(),
            date: record
                .author
                .date()
                .map(|date| date.to_string())
                .unwrap_or_default(),
            author: record.author.name.clone(),
            email: record.author.email.clone(),
        }
    }

    /// The first seven hex digits, as people quote commits.
    pub fn short(&self) -> &str {
        self.commit.get(..7).unwrap_or(&self.commit)
    }
}

/// What every section reads: the inputs, and which commits fall in the period.
struct Context<'a> {
    inputs: &'a Inputs<'a>,
    /// Parallel to the history's records: the commit is in the period.
    in_period: Vec<bool>,
    /// The documents at the start of the period: path → (blob, id), empty without a boundary.
    before: changes::Version,
    /// The boundary commit's files, to read a document's version at the start when a section
    /// needs it: reading all of them would resolve thousands of old, deltified blobs.
    before_source: Option<TreeSource>,
    /// Id → path at the start of the period.
    before_ids: std::collections::HashMap<String, String>,
}

impl Context<'_> {
    fn record(&self, index: usize) -> Option<&CommitRecord> {
        self.inputs.history.records.get(index)
    }

    fn commit(&self, index: usize) -> Option<CommitRef> {
        self.record(index).map(CommitRef::of)
    }

    fn in_period(&self, index: usize) -> bool {
        self.in_period.get(index).copied().unwrap_or(false)
    }

    /// The commits (record indices, newest first) of `path`'s timeline that fall in the period.
    fn period_commits(&self, path: &str) -> Vec<usize> {
        self.inputs
            .history
            .timeline(path)
            .map(|timeline| {
                timeline
                    .commits
                    .iter()
                    .copied()
                    .filter(|index| self.in_period(*index))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The document at `path` as it was at the start of the period.
    fn before_document(&self, path: &str) -> Option<crate::load::Document> {
        let source = self.before_source.as_ref()?;
        self.before
            .contains_key(path)
            .then(|| crate::load::Document::load(source, path))
    }

    /// The document with `id` as it was at the start of the period. The version's ids of
    /// unchanged paths come from HEAD, so the one read is checked: a path can be reused.
    fn before_by_id(&self, id: &str) -> Option<crate::load::Document> {
        let path = self.before_ids.get(id)?;
        self.before_document(path)
            .filter(|document| document.id() == Some(id))
    }

    /// A version of the document at `path` by blob id, parsed.
    fn version(&self, path: &str, blob: &str) -> Option<crate::load::Document> {
        let id = gix::ObjectId::from_hex(blob.as_bytes()).ok()?;
        let data = self.inputs.repo.find_blob(id).ok()?.data.clone();
        Some(crate::load::Document::parse(path, data))
    }
}

/// Assembles the pack for the period `since` gives, or since the last management review.
pub fn build(inputs: &Inputs<'_>, since: Option<&Since>) -> Result<ReviewPack, PackError> {
    let history = inputs.history;
    let mut notes = Vec::new();
    let previous = period::previous_review(inputs);
    let period = period::choose(inputs, since, previous.as_ref())?;
    if history.truncated() || history.partial {
        notes.push(
            "history is incomplete (a shallow or partial clone): changes, approvals and dates \
             before its boundary are missing; fetch the full history"
                .to_owned(),
        );
    }
    if let Some(note) = &period.period.note {
        notes.push(note.clone());
    }
    let (before_source, before) = match period.boundary {
        Some(boundary) => {
            let (source, version) = period::version_at(inputs, boundary)?;
            (Some(source), version)
        }
        None => (None, changes::Version::new()),
    };
    let before_ids = before
        .iter()
        .filter_map(|(path, (_, id))| Some((id.clone()?, path.clone())))
        .collect();
    let context = Context {
        before_ids,
        inputs,
        in_period: period.in_period,
        before,
        before_source,
    };
    // Whether a decision was carried out is judged from the review on, whatever period was
    // asked for.
    let after_review = previous
        .as_ref()
        .map(|review| period::after(history, review.boundary));
    let actions = actions::actions(&context, previous.as_ref(), after_review.as_deref());
    let head_date = history
        .records
        .first()
        .and_then(|record| record.author.date());
    Ok(ReviewPack {
        head: history.head.to_string(),
        today: inputs.today.to_string(),
        actions,
        changes: documents::changes(&context),
        nonconformities: documents::nonconformities(
            &context,
            period.period.start.clone(),
            head_date,
        ),
        kpis: signals::kpis(&context),
        audits: documents::audits(&context),
        risks: documents::risks(&context),
        stale_evidence: signals::stale_evidence(&context),
        suspect_links: signals::suspect_links(&context),
        period: period.period,
        notes,
    })
}

/// Counts by a key, in key order (for grades and states).
fn tally<'k>(keys: impl Iterator<Item = &'k str>) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for key in keys {
        *counts.entry(key.to_owned()).or_insert(0) += 1;
    }
    counts
}
