//! Per-document timelines: which commits changed each document present at the starting commit,
//! following renames backwards the way `git log --follow` does.
//!
//! Commits are visited newest first. Each current path starts as its own alias; when a commit
//! renames `a` to an aliased `b`, older commits that touch `a` belong to the same document.
//! Like `git log --follow`, a path deleted and later re-created keeps one history: the
//! deletion and the earlier incarnation are part of it.

use super::HistoryError;
use super::record::{ChangeKind, CommitRecord};
use super::walk::Scope;
use gix::ObjectId;
use std::collections::{BTreeMap, HashMap};

/// One rename in a document's past.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rename {
    /// Index of the renaming commit in the history's records.
    pub commit: usize,
    pub from: String,
    pub to: String,
}

/// The commits that changed one document.
#[derive(Debug, Clone, Default)]
pub struct Timeline {
    /// Path at the starting commit.
    pub path: String,
    /// Blob at the starting commit.
    pub blob: String,
    /// Indices into the history's records of the commits that changed it, newest first.
    pub commits: Vec<usize>,
    /// The blob each of those commits produced (parallel to `commits`).
    pub blobs: Vec<Option<String>>,
    /// Renames, newest first.
    pub renames: Vec<Rename>,
}

impl Timeline {
    /// The latest change, if the document has one in the walked history.
    pub fn last(&self) -> Option<usize> {
        self.commits.first().copied()
    }

    /// The earliest change (its creation, unless history is truncated).
    pub fn first(&self) -> Option<usize> {
        self.commits.last().copied()
    }

    /// Whether `blob` is a version this document has had.
    pub fn had_blob(&self, blob: &str) -> bool {
        self.blob == blob || self.blobs.iter().flatten().any(|known| known == blob)
    }
}

/// The documents present in commit `head` within `scope`: project-relative path → blob.
pub fn documents_at(
    repo: &gix::Repository,
    head: ObjectId,
    scope: &Scope,
) -> Result<BTreeMap<String, ObjectId>, HistoryError> {
    let tree = repo
        .find_commit(head)
        .and_then(|commit| commit.tree_id())
        .map_err(HistoryError::git)?
        .detach();
    let files =
        crate::load::gitsource::list_tree(repo, tree, &scope.roots(), &scope.project_prefix)
            .map_err(HistoryError::git)?;
    Ok(files
        .into_iter()
        .filter(|(path, _)| scope.matcher.is_match(path))
        .map(|(path, file)| (path, file.blob))
        .collect())
}

/// Attributes the commits in `records` (newest first) to the documents in `current`.
pub fn build(
    records: &[CommitRecord],
    current: &BTreeMap<String, ObjectId>,
) -> BTreeMap<String, Timeline> {
    let mut timelines: BTreeMap<String, Timeline> = current
        .iter()
        .map(|(path, blob)| {
            (
                path.clone(),
                Timeline {
                    path: path.clone(),
                    blob: blob.to_string(),
                    ..Timeline::default()
                },
            )
        })
        .collect();
    // Historical path → current path.
    let mut alias: HashMap<String, String> = current
        .keys()
        .map(|path| (path.clone(), path.clone()))
        .collect();
    for (index, record) in records.iter().enumerate() {
        let mut renamed_from: Vec<(String, String)> = Vec::new();
        for change in &record.changes {
            let Some(owner) = alias.get(&change.path).cloned() else {
                continue;
            };
            let Some(timeline) = timelines.get_mut(&owner) else {
                continue;
            };
            match &change.kind {
                ChangeKind::Deleted | ChangeKind::Added | ChangeKind::Modified => {}
                ChangeKind::Renamed { from } => {
                    renamed_from.push((change.path.clone(), from.clone()));
                    timeline.renames.push(Rename {
                        commit: index,
                        from: from.clone(),
                        to: change.path.clone(),
                    });
                }
            }
            if timeline.commits.last() != Some(&index) {
                timeline.commits.push(index);
                timeline.blobs.push(change.blob.clone());
            }
        }
        // Older commits see the file under its former name.
        for (to, from) in renamed_from {
            if let Some(owner) = alias.remove(&to) {
                alias.insert(from, owner);
            }
        }
    }
    timelines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::record::{FileChange, Person};

    fn commit(id: &str, changes: Vec<FileChange>) -> CommitRecord {
        let person = Person {
            name: "A".into(),
            email: "a@x".into(),
            seconds: 0,
            offset: 0,
        };
        CommitRecord {
            id: id.into(),
            parents: vec![],
            author: person.clone(),
            committer: person,
            summary: String::new(),
            trailers: vec![],
            signed: false,
            changes,
            brought_in: vec![],
            boundary: false,
        }
    }

    fn change(path: &str, kind: ChangeKind, blob: &str) -> FileChange {
        FileChange {
            path: path.into(),
            kind,
            blob: Some(blob.into()),
        }
    }

    #[test]
    fn follows_renames_and_recreations_like_git() {
        // Newest first: edit b; rename a -> b; edit a; create a; an earlier incarnation of a.
        let records = vec![
            commit("5", vec![change("b.md", ChangeKind::Modified, "b3")]),
            commit(
                "4",
                vec![change(
                    "b.md",
                    ChangeKind::Renamed {
                        from: "a.md".into(),
                    },
                    "b2",
                )],
            ),
            commit("3", vec![change("a.md", ChangeKind::Modified, "a2")]),
            commit("2", vec![change("a.md", ChangeKind::Added, "a1")]),
            commit("1", vec![change("a.md", ChangeKind::Modified, "old")]),
        ];
        let current: BTreeMap<String, ObjectId> =
            [("b.md".to_owned(), ObjectId::null(gix::hash::Kind::Sha1))].into();
        let timelines = build(&records, &current);
        let timeline = &timelines["b.md"];
        assert_eq!(timeline.commits, vec![0, 1, 2, 3, 4]);
        assert_eq!(timeline.renames.len(), 1);
        assert!(timeline.had_blob("a1"));
        assert!(timeline.had_blob("old"));
    }
}
