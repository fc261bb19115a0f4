//! What a change touches: the documents added, modified, renamed or deleted between two
//! versions of the project (HEAD and the index for the pre-commit hook; a base revision and the
//! work tree for pull requests), and the documents whose references the change broke.

use crate::history::approvals::State;
use crate::load::DocumentSet;
use crate::load::references::Facts;
use gix::ObjectId;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// How a document changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Change {
    Added,
    Modified,
    Deleted,
    /// Same id, new path.
    Renamed {
        from: String,
    },
}

impl Change {
    pub fn label(&self) -> String {
        match self {
            Change::Added => "added".to_owned(),
            Change::Modified => "modified".to_owned(),
            Change::Deleted => "deleted".to_owned(),
            Change::Renamed { from } => format!("renamed from {from}"),
        }
    }
}

/// A changed document's approval state at HEAD, serialised as the history state's name
/// (`approved`, `changed_since_approval`, ...) or `not_committed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HeadState {
    /// The document is not in HEAD's history yet.
    NotCommitted,
    /// What the history assessment says about it.
    #[serde(untagged)]
    Assessed(State),
}

/// One changed document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChangedDocument {
    pub path: String,
    pub id: Option<String>,
    #[serde(flatten)]
    pub change: Change,
    /// Its approval state at HEAD, when known.
    pub state: Option<HeadState>,
}

/// A version of the project's documents: path → (blob id, document id).
pub type Version = BTreeMap<String, (ObjectId, Option<String>)>;

/// The documents that differ between `before` and `after`, in path order.
pub fn diff(before: &Version, after: &Version) -> Vec<ChangedDocument> {
    let mut changed = Vec::new();
    let mut added: Vec<(&String, &Option<String>)> = Vec::new();
    let mut deleted: Vec<(&String, &Option<String>)> = Vec::new();
    for (path, (blob, id)) in after {
        match before.get(path) {
            None => added.push((path, id)),
            Some((old, _)) if old != blob => changed.push(ChangedDocument {
                path: path.clone(),
                id: id.clone(),
                change: Change::Modified,
                state: None,
            }),
            Some(_) => {}
        }
    }
    for (path, (_, id)) in before {
        if !after.contains_key(path) {
            deleted.push((path, id));
        }
    }
    // An id that disappears from one path and appears at another was renamed.
    let mut renamed_from: BTreeSet<&String> = BTreeSet::new();
    for (path, id) in added {
        let source = id.as_ref().and_then(|id| {
            deleted
                .iter()
                .find(|(old, old_id)| old_id.as_ref() == Some(id) && !renamed_from.contains(old))
                .map(|(old, _)| *old)
        });
        let change = match source {
            Some(from) => {
                renamed_from.insert(from);
                Change::Renamed { from: from.clone() }
            }
            None => Change::Added,
        };
        changed.push(ChangedDocument {
            path: path.clone(),
            id: id.clone(),
            change,
            state: None,
        });
    }
    for (path, id) in deleted {
        if !renamed_from.contains(path) {
            changed.push(ChangedDocument {
                path: path.clone(),
                id: id.clone(),
                change: Change::Deleted,
                state: None,
            });
        }
    }
    changed.sort_by(|a, b| a.path.cmp(&b.path));
    changed
}

/// Project paths a change should be reported on: the changed documents that still exist, plus
/// the documents that refer to an id the change removed (their references broke).
pub fn affected_paths(changed: &[ChangedDocument], after: &DocumentSet) -> BTreeSet<String> {
    let mut paths: BTreeSet<String> = changed
        .iter()
        .filter(|document| document.change != Change::Deleted)
        .map(|document| document.path.clone())
        .collect();
    let removed: BTreeSet<&str> = changed
        .iter()
        .filter(|document| document.change == Change::Deleted)
        .filter_map(|document| document.id.as_deref())
        .filter(|id| after.by_id(id).is_none())
        .collect();
    if !removed.is_empty() {
        for document in after.loaded() {
            if Facts::of(document)
                .references
                .iter()
                .any(|reference| removed.contains(reference.id))
            {
                paths.insert(document.path.clone());
            }
        }
    }
    paths
}

#[cfg(test)]
mod tests {
    use super::*;

    fn oid(byte: u8) -> ObjectId {
        ObjectId::from_bytes_or_panic(&[byte; 20])
    }

    #[test]
    fn classifies_changes() {
        let before: Version = [
            ("a.md".to_owned(), (oid(1), Some("A-1".to_owned()))),
            ("b.md".to_owned(), (oid(2), Some("B-1".to_owned()))),
            ("c.md".to_owned(), (oid(3), Some("C-1".to_owned()))),
            ("d.md".to_owned(), (oid(4), Some("D-1".to_owned()))),
        ]
        .into();
        let after: Version = [
            ("a.md".to_owned(), (oid(1), Some("A-1".to_owned()))),
            ("b.md".to_owned(), (oid(9), Some("B-1".to_owned()))),
            ("moved/c.md".to_owned(), (oid(3), Some("C-1".to_owned()))),
            ("e.md".to_owned(), (oid(5), Some("E-1".to_owned()))),
        ]
        .into();
        let changes: Vec<(String, String)> = diff(&before, &after)
            .into_iter()
            .map(|change| (change.path, change.change.label()))
            .collect();
        assert_eq!(
            changes,
            vec![
                ("b.md".to_owned(), "modified".to_owned()),
                ("d.md".to_owned(), "deleted".to_owned()),
                ("e.md".to_owned(), "added".to_owned()),
                ("moved/c.md".to_owned(), "renamed from c.md".to_owned()),
            ]
        );
    }
}
