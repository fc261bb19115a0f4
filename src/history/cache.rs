//! The history cache under `.git/aims/`: the records of the last pass, keyed by the scope they
//! were computed for. A record depends only on its commit id and the scope, so records are
//! reused across runs even when HEAD moves; when HEAD has not moved, the walk is skipped too.
//! A cache that cannot be read or written is silently ignored: it only ever saves time.

use super::record::CommitRecord;
use super::walk::Scope;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::PathBuf;

/// Bumped whenever the record format or the way records are computed changes.
const FORMAT: u32 = 4;

#[derive(Debug, Serialize, Deserialize)]
pub struct Cached {
    format: u32,
    key: String,
    pub head: String,
    pub records: Vec<CommitRecord>,
    /// Earlier document names outside the globs whose changes the records also hold.
    #[serde(default)]
    pub followed: Vec<String>,
}

impl Cached {
    /// The records of the commits reachable from the cache's head, in the walk's order (a
    /// cache may also hold records of other commits a look at the past added).
    pub fn reachable_records(self) -> Vec<CommitRecord> {
        let position: HashMap<&str, usize> = self
            .records
            .iter()
            .enumerate()
            .map(|(index, record)| (record.id.as_str(), index))
            .collect();
        let mut reachable = vec![false; self.records.len()];
        let mut stack: Vec<usize> = position
            .get(self.head.as_str())
            .copied()
            .into_iter()
            .collect();
        while let Some(index) = stack.pop() {
            if std::mem::replace(&mut reachable[index], true) {
                continue;
            }
            for parent in &self.records[index].parents {
                if let Some(&parent) = position.get(parent.as_str()) {
                    stack.push(parent);
                }
            }
        }
        if reachable.iter().all(|kept| *kept) {
            return self.records;
        }
        self.records
            .into_iter()
            .zip(reachable)
            .filter_map(|(record, kept)| kept.then_some(record))
            .collect()
    }

    /// This cache with `records` added, keeping its head and the names it follows: what a
    /// look at the past writes, so the tip's history stays warm. (Names the past run found
    /// are not added: the tip's records do not hold their changes.)
    pub fn merged_with(
        self,
        records: &[CommitRecord],
    ) -> (
        String,
        Vec<CommitRecord>,
        std::collections::BTreeSet<String>,
    ) {
        let known: std::collections::HashSet<String> = self
            .records
            .iter()
            .map(|record| record.id.clone())
            .collect();
        let mut merged = self.records;
        merged.extend(
            records
                .iter()
                .filter(|record| !known.contains(&record.id))
                .cloned(),
        );
        (self.head, merged, self.followed.into_iter().collect())
    }

    pub fn into_map(self) -> HashMap<String, CommitRecord> {
        self.records
            .into_iter()
            .map(|record| (record.id.clone(), record))
            .collect()
    }
}

/// What the records depend on besides commit ids: where the project is and which files are
/// documents.
pub fn scope_key(scope: &Scope) -> String {
    let (include, exclude) = scope.matcher.globs();
    format!("{}|{include:?}|{exclude:?}", scope.project_prefix)
}

fn path(repo: &gix::Repository) -> PathBuf {
    repo.common_dir().join("aims").join("history.json")
}

pub fn read(repo: &gix::Repository, key: &str) -> Option<Cached> {
    let bytes = std::fs::read(path(repo)).ok()?;
    let cached: Cached = serde_json::from_slice(&bytes).ok()?;
    (cached.format == FORMAT && cached.key == key).then_some(cached)
}

pub fn write(
    repo: &gix::Repository,
    key: &str,
    head: &str,
    records: &[CommitRecord],
    followed: &std::collections::BTreeSet<String>,
) {
    #[derive(Serialize)]
    struct Borrowed<'a> {
        format: u32,
        key: &'a str,
        head: &'a str,
        records: &'a [CommitRecord],
        followed: Vec<&'a String>,
    }
    let Ok(bytes) = serde_json::to_vec(&Borrowed {
        format: FORMAT,
        key,
        head,
        records,
        followed: followed.iter().collect(),
    }) else {
        return;
    };
    let target = path(repo);
    let _ = crate::init::write_atomically(&target, &bytes);
}
