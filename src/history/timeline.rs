//! Per-document timelines: which commits changed each document present at the starting commit,
//! following renames backwards through the commit graph, one branch at a time.
//!
//! Names travel from each commit to its parents: unchanged, or to the source of a rename, or
//! nowhere when the file was created there. This is `git log --follow -M` with three of its
//! quirks left out, on purpose: a *copy* (the source still exists) starts a new document; a
//! path reused for a new file after its old file was renamed away does not inherit the old
//! file's history; and an edit made under an old name on a parallel branch is kept (git's
//! `--follow` switches names once, for the whole walk). A merge counts for a document only
//! where the merged version differs from every parent, and is marked as a merge.

use super::HistoryError;
use super::record::{ChangeKind, CommitRecord};
use super::walk::Scope;
use gix::ObjectId;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::rc::Rc;

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
    /// Whether each of those commits is a merge (whose version differs from every parent).
    pub merges: Vec<bool>,
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

    /// How many of the commits are merges.
    pub fn merge_count(&self) -> usize {
        self.merges.iter().filter(|merge| **merge).count()
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

/// Timelines, and the earlier names they lead to whose changes are not recorded yet.
#[derive(Debug, Default)]
pub struct Built {
    pub timelines: BTreeMap<String, Timeline>,
    /// Names (project-relative) that documents had before, outside what `recorded` covers.
    pub unrecorded: BTreeSet<String>,
}

/// Which documents (indices) each path (id) stands for at one commit: `(path, document)`
/// pairs, sorted and without repeats. A flat list rather than a map of lists, because it is
/// copied whenever a commit moves a name (a merge adds dozens relative to its second parent),
/// and copying one list costs one allocation where a map of lists costs one per document.
#[derive(Debug, Clone, Default)]
struct Live(Vec<(u32, u32)>);

impl Live {
    /// Where the pairs of `path` are.
    fn range(&self, path: u32) -> std::ops::Range<usize> {
        let start = self.0.partition_point(|(at, _)| *at < path);
        let end = start + self.0[start..].partition_point(|(at, _)| *at == path);
        start..end
    }

    /// The documents `path` stands for.
    fn documents(&self, path: u32) -> impl Iterator<Item = u32> + '_ {
        self.0[self.range(path)]
            .iter()
            .map(|(_, document)| *document)
    }

    fn contains(&self, path: u32) -> bool {
        !self.range(path).is_empty()
    }

    /// Adds pairs, keeping the list sorted and without repeats.
    fn extend(&mut self, pairs: impl IntoIterator<Item = (u32, u32)>) {
        self.0.extend(pairs);
        self.0.sort_unstable();
        self.0.dedup();
    }
}

/// Interns paths, so names travel through the graph as small integers.
#[derive(Default)]
struct Names {
    ids: HashMap<String, u32>,
}

impl Names {
    fn id(&mut self, path: &str) -> u32 {
        if let Some(id) = self.ids.get(path) {
            return *id;
        }
        let id = self.ids.len() as u32;
        self.ids.insert(path.to_owned(), id);
        id
    }

    fn get(&self, path: &str) -> Option<u32> {
        self.ids.get(path).copied()
    }
}

/// One change attributed to a document.
struct Entry {
    record: usize,
    blob: Option<String>,
    merge: bool,
}

/// Attributes the commits in `records` (all reachable from `head`) to the documents in
/// `current`; `recorded` says whether a path's changes are in the records.
pub fn build(
    records: &[CommitRecord],
    head: &str,
    current: &BTreeMap<String, ObjectId>,
    recorded: impl Fn(&str) -> bool,
) -> Built {
    let position: HashMap<&str, usize> = records
        .iter()
        .enumerate()
        .map(|(index, record)| (record.id.as_str(), index))
        .collect();
    // Parents present in the records, with their position in the commit's parent list.
    let parents: Vec<Vec<(usize, usize)>> = records
        .iter()
        .map(|record| {
            record
                .parents
                .iter()
                .enumerate()
                .filter_map(|(nth, parent)| {
                    position.get(parent.as_str()).map(|index| (nth, *index))
                })
                .collect()
        })
        .collect();
    let mut children = vec![0usize; records.len()];
    for list in &parents {
        for (_, parent) in list {
            children[*parent] += 1;
        }
    }

    let mut names = Names::default();
    let documents: Vec<(&String, &ObjectId)> = current.iter().collect();
    let mut initial = Live::default();
    initial.extend(
        documents
            .iter()
            .enumerate()
            .map(|(index, (path, _))| (names.id(path), index as u32)),
    );
    let mut live: Vec<Option<Rc<Live>>> = vec![None; records.len()];
    let mut entries: Vec<Vec<Entry>> = (0..documents.len()).map(|_| Vec::new()).collect();
    let mut renames: Vec<Vec<Rename>> = (0..documents.len()).map(|_| Vec::new()).collect();
    let mut unrecorded = BTreeSet::new();
    if let Some(&start) = position.get(head) {
        live[start] = Some(Rc::new(initial));
    }
    // Children before parents, whatever the dates say.
    let mut ready: Vec<usize> = (0..records.len())
        .filter(|index| children[*index] == 0)
        .collect();
    ready.reverse();
    while let Some(commit) = ready.pop() {
        let record = &records[commit];
        if let Some(here) = live[commit].take() {
            for change in &record.changes {
                let Some(id) = names.get(&change.path) else {
                    continue;
                };
                for document in here.documents(id) {
                    entries[document as usize].push(Entry {
                        record: commit,
                        blob: change.blob.clone(),
                        merge: record.is_merge(),
                    });
                    if let ChangeKind::Renamed { from } = &change.kind {
                        renames[document as usize].push(Rename {
                            commit,
                            from: from.clone(),
                            to: change.path.clone(),
                        });
                    }
                }
            }
            if !record.boundary {
                for &(nth, parent) in &parents[commit] {
                    let moves: Vec<(&str, Option<&str>)> = if record.is_merge() {
                        record
                            .merge_sources
                            .get(nth)
                            .into_iter()
                            .flatten()
                            .map(|(path, from)| (path.as_str(), from.as_deref()))
                            .collect()
                    } else {
                        record
                            .changes
                            .iter()
                            .filter_map(|change| match &change.kind {
                                ChangeKind::Added => Some((change.path.as_str(), None)),
                                ChangeKind::Renamed { from } => {
                                    Some((change.path.as_str(), Some(from.as_str())))
                                }
                                _ => None,
                            })
                            .collect()
                    };
                    let next = travel(&here, &moves, &mut names, &recorded, &mut unrecorded);
                    match &mut live[parent] {
                        None => live[parent] = Some(next),
                        Some(existing) if Rc::ptr_eq(existing, &next) => {}
                        Some(existing) => {
                            Rc::make_mut(existing).extend(next.0.iter().copied());
                        }
                    }
                }
            }
        }
        for &(_, parent) in &parents[commit] {
            children[parent] -= 1;
            if children[parent] == 0 {
                ready.push(parent);
            }
        }
    }

    let timelines = documents
        .iter()
        .enumerate()
        .map(|(index, (path, blob))| {
            let mut found = std::mem::take(&mut entries[index]);
            found.sort_by_key(|entry| entry.record);
            found.dedup_by_key(|entry| entry.record);
            let mut renamed = std::mem::take(&mut renames[index]);
            renamed.sort_by_key(|rename| rename.commit);
            renamed.dedup_by(|a, b| a.commit == b.commit && a.from == b.from);
            (
                (*path).clone(),
                Timeline {
                    path: (*path).clone(),
                    blob: blob.to_string(),
                    commits: found.iter().map(|entry| entry.record).collect(),
                    merges: found.iter().map(|entry| entry.merge).collect(),
                    blobs: found.into_iter().map(|entry| entry.blob).collect(),
                    renames: renamed,
                },
            )
        })
        .collect();
    Built {
        timelines,
        unrecorded,
    }
}

/// The names `here` has in a parent, given the files the commit adds relative to it (with
/// their rename sources): shared, not copied, when nothing followed moves.
fn travel(
    here: &Rc<Live>,
    moves: &[(&str, Option<&str>)],
    names: &mut Names,
    recorded: &impl Fn(&str) -> bool,
    unrecorded: &mut BTreeSet<String>,
) -> Rc<Live> {
    let touched = moves
        .iter()
        .any(|(path, _)| names.get(path).is_some_and(|id| here.contains(id)));
    if !touched {
        return here.clone();
    }
    // A commit's renames happen at once: a name moved away and another moved onto it in
    // the same commit do not mix their documents.
    let mut next = Live::clone(here);
    let mut moved = Vec::new();
    for (path, from) in moves {
        let Some(id) = names.get(path) else { continue };
        let range = next.range(id);
        if range.is_empty() {
            continue;
        }
        let documents: Vec<u32> = next.0.drain(range).map(|(_, document)| document).collect();
        // Created here: the name goes no further. Renamed: it continues under the old name.
        if let Some(from) = from {
            if !recorded(from) {
                unrecorded.insert((*from).to_owned());
            }
            let from = names.id(from);
            moved.extend(documents.into_iter().map(|document| (from, document)));
        }
    }
    next.extend(moved);
    Rc::new(next)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::record::{FileChange, Person};

    fn commit(id: &str, parents: &[&str], changes: Vec<FileChange>) -> CommitRecord {
        let person = Person {
            name: "A".into(),
            email: "a@x".into(),
            seconds: 0,
            offset: 0,
        };
        CommitRecord {
            id: id.into(),
            parents: parents.iter().map(|p| p.to_string()).collect(),
            author: person.clone(),
            committer: person,
            summary: String::new(),
            trailers: vec![],
            signed: false,
            changes,
            brought_in: vec![],
            merge_sources: vec![],
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
    fn follows_renames_and_stops_at_creation() {
        // Newest first: edit b; rename a -> b; edit a; create a; an earlier life of a.
        let records = vec![
            commit(
                "5",
                &["4"],
                vec![change("b.md", ChangeKind::Modified, "b3")],
            ),
            commit(
                "4",
                &["3"],
                vec![change(
                    "b.md",
                    ChangeKind::Renamed {
                        from: "a.md".into(),
                    },
                    "b2",
                )],
            ),
            commit(
                "3",
                &["2"],
                vec![change("a.md", ChangeKind::Modified, "a2")],
            ),
            commit("2", &["1"], vec![change("a.md", ChangeKind::Added, "a1")]),
            commit("1", &[], vec![change("a.md", ChangeKind::Added, "old")]),
        ];
        let current: BTreeMap<String, ObjectId> =
            [("b.md".to_owned(), ObjectId::null(gix::hash::Kind::Sha1))].into();
        let built = build(&records, "5", &current, |_| true);
        let timeline = &built.timelines["b.md"];
        assert_eq!(timeline.commits, vec![0, 1, 2, 3]);
        assert_eq!(timeline.renames.len(), 1);
        assert!(timeline.had_blob("a1"));
        assert!(
            !timeline.had_blob("old"),
            "a reused path's old life is not this document"
        );
        let built = build(&records, "5", &current, |path| path == "b.md");
        assert_eq!(built.unrecorded, ["a.md".to_owned()].into());
    }
}
