//! Checks that history records taken from the cache say what the git objects say. The cache
//! saves the expensive part of a pass (tree diffs); it is never the witness of an approval.
//! Every cached commit's identity, dates, subject, approval trailers, signature presence and
//! parents are re-read from its commit object, and for every document an approval names, each
//! recorded change is checked against the trees (the content it claims is in that commit, and
//! its parent held the previous content), so an edited cache cannot create, alter or hide an
//! approval-relevant fact. A cache that disagrees is discarded.

use super::HistoryError;
use super::approvals::parse_target;
use super::record::{ChangeKind, CommitRecord};
use super::timeline::Timeline;
use super::walk::CommitFacts;
use gix::ObjectId;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Whether the records of approval commits (those with approval trailers) agree with their
/// commit objects: who, when, what they approve, whether signed.
pub fn approval_facts_agree(
    repo: &gix::Repository,
    records: &[CommitRecord],
) -> Result<bool, HistoryError> {
    for record in records.iter().filter(|record| !record.trailers.is_empty()) {
        let Ok(id) = ObjectId::from_hex(record.id.as_bytes()) else {
            return Ok(false);
        };
        if !CommitFacts::read(repo, id)?.agrees_with(record) {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Whether every record agrees with its commit object and the records form a closed graph
/// (every parent of a non-boundary commit is recorded).
pub fn records_agree(
    repo: &gix::Repository,
    records: &[CommitRecord],
) -> Result<bool, HistoryError> {
    let known: HashSet<&str> = records.iter().map(|record| record.id.as_str()).collect();
    let closed = records.iter().all(|record| {
        record.boundary
            || record
                .parents
                .iter()
                .all(|parent| known.contains(parent.as_str()))
    });
    if !closed {
        return Ok(false);
    }
    let shared = repo.clone().into_sync();
    let chunk = records
        .len()
        .div_ceil(rayon::current_num_threads() * 4)
        .max(64);
    let agreed: Result<Vec<bool>, HistoryError> = records
        .par_chunks(chunk)
        .map(|records| {
            let repo = shared.to_thread_local();
            for record in records {
                let Ok(id) = ObjectId::from_hex(record.id.as_bytes()) else {
                    return Ok(false);
                };
                if !CommitFacts::read(&repo, id)?.agrees_with(record) {
                    return Ok(false);
                }
            }
            Ok(true)
        })
        .collect();
    Ok(agreed?.into_iter().all(|agrees| agrees))
}

/// Whether the recorded changes of every document an approval may name agree with the trees.
pub fn timelines_agree(
    repo: &gix::Repository,
    project_prefix: &str,
    records: &[CommitRecord],
    timelines: &BTreeMap<String, Timeline>,
) -> Result<bool, HistoryError> {
    let named: HashSet<String> = records
        .iter()
        .flat_map(|record| &record.trailers)
        .filter(|(token, _)| {
            token.eq_ignore_ascii_case("approves")
                || token.eq_ignore_ascii_case("reviewed")
                || token.eq_ignore_ascii_case("accepts")
        })
        .filter_map(|(_, value)| parse_target(value).map(|(_, blob)| blob))
        .collect();
    let endorsed: HashSet<usize> = records
        .iter()
        .enumerate()
        .filter(|(_, record)| {
            record.is_merge()
                || record
                    .trailers
                    .iter()
                    .any(|(token, _)| token.eq_ignore_ascii_case("approved-by"))
        })
        .map(|(index, _)| index)
        .collect();
    let mut trees = Trees {
        repo,
        prefix: project_prefix,
        commit_trees: HashMap::new(),
    };
    for timeline in timelines.values() {
        let relevant = named.contains(&timeline.blob)
            || timeline
                .blobs
                .iter()
                .flatten()
                .any(|blob| named.contains(blob))
            || timeline
                .commits
                .iter()
                .any(|commit| endorsed.contains(commit));
        if relevant && !timeline_agrees(&mut trees, records, timeline)? {
            return Ok(false);
        }
    }
    Ok(true)
}

struct Trees<'r> {
    repo: &'r gix::Repository,
    prefix: &'r str,
    commit_trees: HashMap<String, Option<ObjectId>>,
}

impl Trees<'_> {
    /// The blob at project-relative `path` in commit `commit`.
    fn blob_at(&mut self, commit: &str, path: &str) -> Result<Option<String>, HistoryError> {
        let tree = match self.commit_trees.get(commit) {
            Some(tree) => *tree,
            None => {
                let tree = ObjectId::from_hex(commit.as_bytes())
                    .ok()
                    .and_then(|id| self.repo.find_commit(id).ok())
                    .and_then(|commit| commit.tree_id().ok())
                    .map(|id| id.detach());
                self.commit_trees.insert(commit.to_owned(), tree);
                tree
            }
        };
        let Some(tree) = tree else {
            return Ok(None);
        };
        let entry = self
            .repo
            .find_tree(tree)
            .map_err(HistoryError::git)?
            .lookup_entry_by_path(super::walk::repo_path(self.prefix, path))
            .map_err(HistoryError::git)?;
        Ok(entry
            .filter(|entry| entry.mode().is_blob_or_symlink())
            .map(|entry| entry.object_id().to_string()))
    }
}

/// Walks a timeline newest first: each recorded change must be in its commit's tree, and a
/// parent of each commit must hold content the timeline records (under the name it had then).
/// A change removed from the record leaves its successor's parent holding content no entry
/// produced; parallel branches keep working, as any recorded version satisfies the check.
fn timeline_agrees(
    trees: &mut Trees<'_>,
    records: &[CommitRecord],
    timeline: &Timeline,
) -> Result<bool, HistoryError> {
    let known: HashSet<&str> = timeline
        .blobs
        .iter()
        .flatten()
        .map(String::as_str)
        .collect();
    // Some recorded change produced the current content; a record without the newest change
    // would leave it unexplained.
    if !timeline.commits.is_empty() && !known.contains(timeline.blob.as_str()) {
        return Ok(false);
    }
    let mut path = timeline.path.clone();
    for (&index, blob) in timeline.commits.iter().zip(&timeline.blobs) {
        let record = &records[index];
        let Some(change) = record
            .changes
            .iter()
            .find(|change| change.path == path && change.blob == *blob)
            .or_else(|| record.changes.iter().find(|change| change.blob == *blob))
        else {
            return Ok(false);
        };
        if trees.blob_at(&record.id, &change.path)? != change.blob {
            return Ok(false);
        }
        let before = match &change.kind {
            ChangeKind::Renamed { from } => from.clone(),
            _ => change.path.clone(),
        };
        if change.kind != ChangeKind::Added && !record.boundary && !record.parents.is_empty() {
            let mut held = false;
            for parent in &record.parents {
                if let Some(found) = trees.blob_at(parent, &before)?
                    && known.contains(found.as_str())
                {
                    held = true;
                    break;
                }
            }
            if !held {
                return Ok(false);
            }
        }
        path = before;
    }
    Ok(true)
}
