//! The period a pack covers: the commits after a boundary commit (the approval of the previous
//! management review, a revision, or the last commit before a date), or the whole history.
//! "After" means not an ancestor of the boundary, as `git log BOUNDARY..HEAD` counts, so a
//! branch merged later with older commits is still in the period.

use super::{CommitRef, Inputs, PackError};
use crate::history::History;
use crate::load::gitsource::TreeSource;
use jiff::civil::Date;
use serde::Serialize;
use std::collections::HashMap;

/// Where the period starts, as asked for on the command line.
#[derive(Debug, Clone)]
pub enum Since {
    /// After this commit (`--since REV`); `label` is the revision as given.
    Commit { id: gix::ObjectId, label: String },
    /// From this day on (`--since YYYY-MM-DD`), by author date.
    Date(Date),
}

/// What decided the start of the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The previous management review: after the commit that approved it (or, unapproved,
    /// the commit that last changed it).
    ManagementReview,
    Revision,
    Date,
    /// No previous management review: the whole history.
    FirstCommit,
}

/// The previous management review.
#[derive(Debug, Clone, Serialize)]
pub struct PreviousReview {
    pub id: String,
    pub path: String,
    pub title: String,
    /// Its `date` field: when it says it took place.
    pub date: Option<String>,
    /// The commit the period starts after: its newest counted approval, else its newest change.
    pub commit: CommitRef,
    /// Whether `commit` is an approval that counts.
    pub approved: bool,
    #[serde(skip)]
    pub boundary: usize,
}

/// The period, as the pack reports it.
#[derive(Debug, Clone, Serialize)]
pub struct Period {
    pub basis: Basis,
    /// The first day of the period (the boundary commit's date, or the date asked for).
    pub start: Option<String>,
    /// The commit the period starts after (excluded), if any.
    pub after: Option<CommitRef>,
    /// The revision as given to `--since`.
    pub revision: Option<String>,
    pub review: Option<PreviousReview>,
    /// Commits in the period.
    pub commits: usize,
    #[serde(skip)]
    pub note: Option<String>,
}

/// A chosen period with what the sections need.
pub struct Chosen {
    pub period: Period,
    /// Record index of the boundary commit.
    pub boundary: Option<usize>,
    pub in_period: Vec<bool>,
}

/// The latest management review that is not a draft (a review being prepared is not the
/// previous one), by its `date` field, then id.
pub fn previous_review(inputs: &Inputs<'_>) -> Option<PreviousReview> {
    let review = inputs
        .documents
        .of_kind("management-review")
        .filter(|document| {
            document.lifecycle() != Some(crate::load::model::Lifecycle::Draft)
                && document.id().is_some()
        })
        .max_by(|a, b| (a.str_at("/date"), a.id()).cmp(&(b.str_at("/date"), b.id())))?;
    let status = inputs.assessment.status(&review.path)?;
    let (boundary, approved) = match status.last_counted_approval() {
        Some(approval) => (approval.record, true),
        None => (status.timeline.last()?, false),
    };
    let record = inputs.history.records.get(boundary)?;
    Some(PreviousReview {
        id: review.id().unwrap_or_default().to_owned(),
        path: review.path.clone(),
        title: review.title().unwrap_or_default().to_owned(),
        date: review.str_at("/date").map(str::to_owned),
        commit: CommitRef::of(record),
        approved,
        boundary,
    })
}

/// Chooses the period: `since` when given, else after the previous review, else everything.
/// A `--since` commit outside HEAD's history is refused: what "since" it means is unclear.
pub fn choose(
    inputs: &Inputs<'_>,
    since: Option<&Since>,
    review: Option<&PreviousReview>,
) -> Result<Chosen, PackError> {
    let history = inputs.history;
    let index_of = |id: gix::ObjectId| {
        let hex = id.to_string();
        history.records.iter().position(|record| record.id == hex)
    };
    let (basis, boundary, revision, note) = match since {
        Some(Since::Commit { id, label }) => match index_of(*id) {
            Some(index) => (Basis::Revision, Some(index), Some(label.clone()), None),
            None => return Err(PackError::NotInHistory(label.clone())),
        },
        Some(Since::Date(date)) => {
            // The newest commit dated before the day: what was there when the period began.
            let boundary = history
                .records
                .iter()
                .position(|record| record.author.date().is_some_and(|day| day < *date));
            (Basis::Date, boundary, None, None)
        }
        None => match review {
            Some(review) => (Basis::ManagementReview, Some(review.boundary), None, None),
            None => (
                Basis::FirstCommit,
                None,
                None,
                Some(
                    "no previous management review (a non-draft document of kind \
                     management-review): the period starts at the first commit"
                        .to_owned(),
                ),
            ),
        },
    };
    let in_period = match boundary {
        Some(boundary) => after(history, boundary),
        None => vec![true; history.records.len()],
    };
    let start = match (since, boundary) {
        (Some(Since::Date(date)), _) => Some(date.to_string()),
        (_, Some(boundary)) => history
            .records
            .get(boundary)
            .and_then(|record| record.author.date())
            .map(|date| date.to_string()),
        (_, None) => history
            .records
            .last()
            .and_then(|record| record.author.date())
            .map(|date| date.to_string()),
    };
    Ok(Chosen {
        period: Period {
            basis,
            start,
            after: boundary
                .and_then(|index| history.records.get(index))
                .map(CommitRef::of),
            revision,
            review: review.cloned(),
            commits: in_period.iter().filter(|inside| **inside).count(),
            note,
        },
        boundary,
        in_period,
    })
}

/// Parallel to the records: the commit is not `boundary` nor one of its ancestors.
pub fn after(history: &History, boundary: usize) -> Vec<bool> {
    let records = &history.records;
    let index: HashMap<&str, usize> = records
        .iter()
        .enumerate()
        .map(|(position, record)| (record.id.as_str(), position))
        .collect();
    let mut inside = vec![true; records.len()];
    let mut stack = vec![boundary];
    while let Some(position) = stack.pop() {
        let Some(flag) = inside.get_mut(position) else {
            continue;
        };
        if !*flag {
            continue;
        }
        *flag = false;
        if let Some(record) = records.get(position) {
            stack.extend(
                record
                    .parents
                    .iter()
                    .filter_map(|parent| index.get(parent.as_str()).copied()),
            );
        }
    }
    inside
}

/// The boundary commit's files, and its documents as a version (path → blob, id). A document
/// still at the same path at HEAD takes its id from there, as `aims lint --staged` does; only
/// the others (deleted or renamed since) are read.
pub fn version_at(
    inputs: &Inputs<'_>,
    boundary: usize,
) -> Result<(TreeSource, crate::lint::changes::Version), PackError> {
    use crate::history::HistoryError;
    let record = inputs
        .history
        .records
        .get(boundary)
        .ok_or_else(|| HistoryError::BadRevision(boundary.to_string()))?;
    let commit = gix::ObjectId::from_hex(record.id.as_bytes()).map_err(HistoryError::git)?;
    let source =
        TreeSource::new(inputs.repo, commit, inputs.project_prefix).map_err(HistoryError::git)?;
    let matcher =
        crate::load::DocumentMatcher::for_config(inputs.config).map_err(HistoryError::Globs)?;
    let mut version = crate::lint::changes::Version::new();
    for (path, file) in source.files() {
        if !matcher.is_match(path) {
            continue;
        }
        let id = match inputs.documents.by_path(path) {
            Some(now) => now.id().map(str::to_owned),
            None => crate::load::Document::load(&source, path)
                .id()
                .map(str::to_owned),
        };
        version.insert(path.clone(), (file.blob, id));
    }
    Ok((source, version))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::record::{CommitRecord, Person};

    fn record(id: &str, parents: &[&str]) -> CommitRecord {
        CommitRecord {
            id: id.to_owned(),
            parents: parents.iter().map(|parent| (*parent).to_owned()).collect(),
            author: Person::default(),
            committer: Person::default(),
            summary: String::new(),
            trailers: Vec::new(),
            signed: false,
            changes: Vec::new(),
            brought_in: Vec::new(),
            merge_sources: Vec::new(),
            boundary: false,
        }
    }

    #[test]
    fn after_a_commit_is_what_git_log_boundary_dot_dot_head_lists() {
        // m merges b (branched from a before r) into r's line: b is after r, as git says.
        //   a - r - c - m
        //    \         /
        //     b ------
        let records = vec![
            record("m", &["c", "b"]),
            record("c", &["r"]),
            record("b", &["a"]),
            record("r", &["a"]),
            record("a", &[]),
        ];
        let history = History {
            head: gix::ObjectId::null(gix::hash::Kind::Sha1),
            shallow: false,
            partial: false,
            records,
            timelines: Default::default(),
            cache_rejected: false,
            cache: false,
            config_blob: None,
            timings: Default::default(),
            evidence: Default::default(),
        };
        assert_eq!(after(&history, 3), [true, true, true, false, false]);
        assert_eq!(after(&history, 2), [true, true, false, true, false]);
        assert_eq!(after(&history, 0), [false; 5]);
    }
}
