//! One pass over history with gix: walk from a commit (newest first by commit time, like
//! `git log`), and for each commit find the files it changed among those history follows:
//! the documents, aims.yaml, and the earlier names documents had (anywhere in the repository,
//! whatever their extension). When a followed file appears, its source is found the way `git
//! log --follow -M` finds it ([`super::similarity`]): among the files the same commit deleted,
//! anywhere in the tree. Commits are diffed in parallel, each worker with its own thread-local
//! repository; the followed folders are compared by subtree id first, so unrelated parts of
//! the repository are never diffed, and the whole tree only in commits that add a followed
//! file.

use super::HistoryError;
use super::record::{ChangeKind, CommitRecord, FileChange, Person};
use super::similarity::{ChunkCache, Side, rename_source};
use crate::config::CONFIG_FILE;
use crate::load::DocumentMatcher;
use gix::ObjectId;
use gix::objs::FindExt;
use gix::objs::tree::EntryMode;
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap, HashSet};

/// Which files the walk is about.
#[derive(Debug, Clone)]
pub struct Scope {
    /// The project root inside the repository (`""` or `compliance/`).
    pub project_prefix: String,
    pub matcher: DocumentMatcher,
    /// Earlier names of documents that the matcher does not select (project-relative, `../`
    /// for names outside the project), whose changes are recorded too.
    pub followed: BTreeSet<String>,
    /// Record changes to aims.yaml (who may approve is read from its versions).
    pub config: bool,
}

impl Scope {
    /// The documents the matcher selects, and aims.yaml.
    pub fn documents(project_prefix: &str, matcher: &DocumentMatcher) -> Scope {
        Scope {
            project_prefix: project_prefix.to_owned(),
            matcher: matcher.clone(),
            followed: BTreeSet::new(),
            config: true,
        }
    }

    /// Only the given earlier names.
    pub fn names(project_prefix: &str, followed: BTreeSet<String>) -> Scope {
        Scope {
            project_prefix: project_prefix.to_owned(),
            matcher: DocumentMatcher::nothing(),
            followed,
            config: false,
        }
    }

    /// Repository-relative directories holding every followed file (`""` = the whole tree).
    pub fn roots(&self) -> Vec<String> {
        let mut roots: Vec<String> = self
            .matcher
            .prefixes()
            .iter()
            .map(|prefix| {
                format!("{}{}", self.project_prefix, prefix)
                    .trim_end_matches('/')
                    .to_owned()
            })
            .collect();
        for name in &self.followed {
            let repo_path = repo_path(&self.project_prefix, name);
            roots.push(
                repo_path
                    .rsplit_once('/')
                    .map_or(String::new(), |(dir, _)| dir.to_owned()),
            );
        }
        roots.sort();
        roots.dedup();
        if roots.iter().any(String::is_empty) {
            return vec![String::new()];
        }
        // A root inside another root is already covered.
        let all = roots.clone();
        roots.retain(|root| {
            !all.iter()
                .any(|other| other != root && root.starts_with(&format!("{other}/")))
        });
        roots
    }

    /// The project-relative path of a repository path, if history follows it.
    fn followed_path(&self, repo_path: &str) -> Option<String> {
        let relative = project_path(&self.project_prefix, repo_path);
        let document = !relative.starts_with("../")
            && self.matcher.is_match(&relative)
            && relative != CONFIG_FILE;
        (document || self.followed.contains(&relative)).then_some(relative)
    }

    /// The repository path of the project's aims.yaml, whose versions history also records:
    /// who may approve is read from them.
    pub fn config_path(&self) -> String {
        format!("{}{CONFIG_FILE}", self.project_prefix)
    }
}

/// A repository path as a project-relative one (`../x` when outside the project).
pub fn project_path(project_prefix: &str, repo_path: &str) -> String {
    if let Some(inside) = repo_path.strip_prefix(project_prefix) {
        return inside.to_owned();
    }
    let prefix: Vec<&str> = project_prefix
        .split('/')
        .filter(|p| !p.is_empty())
        .collect();
    let parts: Vec<&str> = repo_path.split('/').collect();
    let common = prefix
        .iter()
        .zip(&parts)
        .take_while(|(a, b)| a == b)
        .count();
    format!(
        "{}{}",
        "../".repeat(prefix.len() - common),
        parts[common..].join("/")
    )
}

/// A project-relative path (possibly `../x`) as a repository path.
pub fn repo_path(project_prefix: &str, project_path: &str) -> String {
    let mut parts: Vec<&str> = project_prefix
        .split('/')
        .filter(|p| !p.is_empty())
        .collect();
    let mut rest = project_path;
    while let Some(after) = rest.strip_prefix("../") {
        parts.pop();
        rest = after;
    }
    parts.push(rest);
    parts.join("/")
}

/// Trailer tokens approvals are read from (compared case-insensitively).
/// `considered` is not an approval: it records which upstream versions an approval or review
/// looked at (change impact), shown with it so that clearing AIMS413 is itself auditable.
const TRAILERS: &[&str] = &[
    "approves",
    "reviewed",
    "accepts",
    "approved-by",
    "considered",
];

/// A commit to visit: its id and its parents as the walk reported them.
#[derive(Debug, Clone)]
pub struct Visit {
    pub id: ObjectId,
    pub parents: Vec<ObjectId>,
}

/// Lists the commits reachable from `start`, newest first by commit time.
pub fn list_commits(repo: &gix::Repository, start: ObjectId) -> Result<Vec<Visit>, HistoryError> {
    let walk = repo
        .rev_walk([start])
        .sorting(gix::revision::walk::Sorting::ByCommitTime(
            gix::traverse::commit::simple::CommitTimeOrder::NewestFirst,
        ))
        .all()
        .map_err(HistoryError::git)?;
    let mut visits = Vec::new();
    for info in walk {
        let info = info.map_err(HistoryError::git)?;
        visits.push(Visit {
            id: info.id,
            parents: info.parent_ids().map(|id| id.detach()).collect(),
        });
    }
    Ok(visits)
}

/// What `record_commits` reads of each commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// The commit's facts (who, when, trailers) and its changes.
    Everything,
    /// Only its changes, to add to a record that has the facts already.
    ChangesOnly,
}

/// Computes records for `visits`, in parallel, preserving order.
pub fn record_commits(
    repo: &gix::Repository,
    visits: &[Visit],
    scope: &Scope,
    boundaries: &HashSet<ObjectId>,
    reading: Reading,
) -> Result<Vec<CommitRecord>, HistoryError> {
    if visits.is_empty() {
        return Ok(Vec::new());
    }
    let shared = repo.clone().into_sync();
    let packs = crate::git::packs::Packs::open(repo);
    let roots = scope.roots();
    // Contiguous chunks keep a parent and its child on the same worker, so their trees are
    // still in that worker's object cache.
    let chunk = visits
        .len()
        .div_ceil(rayon::current_num_threads() * 4)
        .max(16);
    let chunks: Result<Vec<Vec<CommitRecord>>, HistoryError> = visits
        .par_chunks(chunk)
        .map(|visits| {
            let repo = shared.to_thread_local();
            let mut worker = Worker {
                objects: packs.reader(&repo),
                buffer: Vec::new(),
                diff_state: gix::diff::tree::State::default(),
                scope,
                roots: &roots,
                config_path: scope.config_path(),
                trees: HashMap::new(),
                subtrees: HashMap::new(),
                config_blobs: HashMap::new(),
            };
            visits
                .iter()
                .map(|visit| worker.record(visit, boundaries.contains(&visit.id), reading))
                .collect()
        })
        .collect();
    Ok(chunks?.into_iter().flatten().collect())
}

struct Worker<'r> {
    /// Keeps the delta bases it inflates: consecutive commits' trees share them.
    objects: crate::git::packs::PackReader<'r>,
    /// Scratch space for one object at a time.
    buffer: Vec<u8>,
    /// Reused by every tree diff.
    diff_state: gix::diff::tree::State,
    scope: &'r Scope,
    roots: &'r [String],
    config_path: String,
    /// Commit id → root tree id, for parents looked up repeatedly.
    trees: HashMap<ObjectId, ObjectId>,
    /// (Root tree id, index of a root) → the subtree there: each commit's tree is looked
    /// into again as the next commit's parent.
    subtrees: HashMap<(ObjectId, usize), Option<ObjectId>>,
    /// Root tree id → the aims.yaml blob in it.
    config_blobs: HashMap<ObjectId, Option<ObjectId>>,
}

fn person(signature: gix::actor::SignatureRef<'_>) -> Person {
    let time = signature.time().unwrap_or_default();
    Person {
        name: signature.name.to_string(),
        email: signature.email.to_string(),
        seconds: time.seconds,
        offset: time.offset,
    }
}

/// What a commit object says about itself that approvals depend on: who, when, its subject,
/// the approval trailers and whether it is signed. Read from the object every time approvals
/// are judged, so a history cache can speed up the diffs but never be the witness.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommitFacts {
    pub parents: Vec<String>,
    pub author: Person,
    pub committer: Person,
    pub summary: String,
    pub trailers: Vec<(String, String)>,
    pub signed: bool,
}

impl CommitFacts {
    /// Decodes the facts of one commit.
    pub fn read(repo: &gix::Repository, id: ObjectId) -> Result<CommitFacts, HistoryError> {
        let commit = repo.find_commit(id).map_err(HistoryError::git)?;
        let decoded = commit.decode().map_err(HistoryError::git)?;
        CommitFacts::of(&decoded)
    }

    pub fn of(decoded: &gix::objs::CommitRef<'_>) -> Result<CommitFacts, HistoryError> {
        let author = person(decoded.author().map_err(HistoryError::git)?);
        let committer = person(decoded.committer().map_err(HistoryError::git)?);
        // Git shows a message only up to a NUL byte; an approval trailer hidden after one
        // would be invisible in `git log`, so it does not exist for aims either.
        let message: &[u8] = decoded.message.as_ref();
        let visible = message.split(|byte| *byte == 0).next().unwrap_or_default();
        let parsed = gix::objs::commit::MessageRef::from_bytes(visible);
        let trailers = parsed
            .body()
            .map(|body| {
                body.trailers()
                    .filter(|trailer| {
                        let token = trailer.token.to_string().to_ascii_lowercase();
                        TRAILERS.contains(&token.as_str())
                    })
                    .map(|trailer| (trailer.token.to_string(), trailer.value.to_string()))
                    .collect()
            })
            .unwrap_or_default();
        let signed = decoded
            .extra_headers()
            .find("gpgsig")
            .or_else(|| decoded.extra_headers().find("gpgsig-sha256"))
            .is_some();
        Ok(CommitFacts {
            parents: decoded.parents().map(|id| id.to_string()).collect(),
            author,
            committer,
            summary: parsed.summary().to_string(),
            trailers,
            signed,
        })
    }

    /// Whether `record` says the same as these facts.
    pub fn agrees_with(&self, record: &CommitRecord) -> bool {
        self.author == record.author
            && self.committer == record.committer
            && self.summary == record.summary
            && self.trailers == record.trailers
            && self.signed == record.signed
            && (record.boundary || self.parents == record.parents)
    }
}

/// One file difference between two trees, before renames are known.
#[derive(Debug, Clone)]
struct Raw {
    /// Repository path.
    path: String,
    added: bool,
    deleted: bool,
    blob: ObjectId,
    mode: u32,
    regular: bool,
}

impl Raw {
    fn new(path: String, added: bool, deleted: bool, blob: ObjectId, mode: EntryMode) -> Raw {
        Raw {
            path,
            added,
            deleted,
            blob,
            mode: u32::from(mode.value()),
            regular: mode.is_blob(),
        }
    }

    fn side(&self) -> Side {
        Side {
            path: self.path.clone(),
            blob: self.blob,
            regular: self.regular,
            mode: self.mode,
        }
    }
}

impl Worker<'_> {
    fn record(
        &mut self,
        visit: &Visit,
        boundary: bool,
        reading: Reading,
    ) -> Result<CommitRecord, HistoryError> {
        let (facts, tree) = match reading {
            Reading::Everything => {
                let decoded = self
                    .objects
                    .find_commit(&visit.id, &mut self.buffer)
                    .map_err(HistoryError::git)?;
                (CommitFacts::of(&decoded)?, decoded.tree())
            }
            Reading::ChangesOnly => (CommitFacts::default(), self.tree_of(visit.id)?),
        };
        self.trees.insert(visit.id, tree);
        let (changes, brought_in, merge_sources) = if boundary {
            (Vec::new(), Vec::new(), Vec::new())
        } else {
            self.changes(tree, &visit.parents)?
        };
        Ok(CommitRecord {
            id: visit.id.to_string(),
            parents: visit.parents.iter().map(ToString::to_string).collect(),
            author: facts.author,
            committer: facts.committer,
            summary: facts.summary,
            trailers: facts.trailers,
            signed: facts.signed,
            changes,
            brought_in,
            merge_sources,
            boundary,
        })
    }

    fn tree_of(&mut self, commit: ObjectId) -> Result<ObjectId, HistoryError> {
        if let Some(tree) = self.trees.get(&commit) {
            return Ok(*tree);
        }
        let tree = self
            .objects
            .find_commit(&commit, &mut self.buffer)
            .map_err(HistoryError::git)?
            .tree();
        self.trees.insert(commit, tree);
        Ok(tree)
    }

    /// The id of the subtree at root number `root` (`""` = the tree itself), if it exists.
    fn subtree(&mut self, tree: ObjectId, root: usize) -> Result<Option<ObjectId>, HistoryError> {
        let path = self.roots[root].as_str();
        if path.is_empty() {
            return Ok(Some(tree));
        }
        if let Some(known) = self.subtrees.get(&(tree, root)) {
            return Ok(*known);
        }
        let found = self
            .entry_at(tree, path)?
            .filter(|(_, mode)| mode.is_tree())
            .map(|(id, _)| id);
        self.subtrees.insert((tree, root), found);
        Ok(found)
    }

    /// The changes of a commit with `tree` against its `parents`: for a one-parent commit,
    /// what changed; for a merge, only what differs from every parent, plus what it brought
    /// in relative to its first parent and, per parent, the followed files it adds relative
    /// to that parent with their rename sources there.
    #[allow(clippy::type_complexity)]
    fn changes(
        &mut self,
        tree: ObjectId,
        parents: &[ObjectId],
    ) -> Result<
        (
            Vec<FileChange>,
            Vec<FileChange>,
            Vec<Vec<(String, Option<String>)>>,
        ),
        HistoryError,
    > {
        if parents.is_empty() {
            let raw = self.scoped(tree, None)?;
            let mut changes = self.describe(&raw, tree, None)?;
            if self.scope.config {
                changes.extend(self.config_change(tree, &[])?);
            }
            return Ok((changes, Vec::new(), Vec::new()));
        }
        let mut parent_trees = Vec::with_capacity(parents.len());
        for parent in parents {
            parent_trees.push(self.tree_of(*parent)?);
        }
        let first = self.scoped(tree, Some(parent_trees[0]))?;
        let mut changes = self.describe(&first, tree, Some(parent_trees[0]))?;
        if parents.len() == 1 {
            if self.scope.config {
                changes.extend(self.config_change(tree, &parent_trees)?);
            }
            return Ok((changes, Vec::new(), Vec::new()));
        }
        let brought_in = changes.clone();
        let mut sources = vec![added_sources(&changes)];
        // A merge counts for a file only where the file differs from every parent; where it
        // equals one parent's version, that parent's own commits carry the change.
        for parent_tree in &parent_trees[1..] {
            let raw = self.scoped(tree, Some(*parent_tree))?;
            let other = self.describe(&raw, tree, Some(*parent_tree))?;
            let differs: HashSet<&str> = other.iter().map(|change| change.path.as_str()).collect();
            changes.retain(|change| differs.contains(change.path.as_str()));
            sources.push(added_sources(&other));
        }
        if self.scope.config {
            changes.extend(self.config_change(tree, &parent_trees)?);
        }
        Ok((changes, brought_in, sources))
    }

    /// The followed files that differ between `tree` and `parent` (no renames yet).
    fn scoped(
        &mut self,
        tree: ObjectId,
        parent: Option<ObjectId>,
    ) -> Result<Vec<Raw>, HistoryError> {
        let mut out = Vec::new();
        for (index, root) in self.roots.iter().enumerate() {
            let new = self.subtree(tree, index)?;
            let old = match parent {
                Some(parent) => self.subtree(parent, index)?,
                None => None,
            };
            if new == old {
                continue;
            }
            self.diff(old, new, root, true, &mut out)?;
        }
        Ok(out)
    }

    /// Describes the followed files' differences, finding the sources of the added ones
    /// among everything `parent` had that `tree` lacks.
    fn describe(
        &mut self,
        raw: &[Raw],
        tree: ObjectId,
        parent: Option<ObjectId>,
    ) -> Result<Vec<FileChange>, HistoryError> {
        let added: Vec<&Raw> = raw.iter().filter(|change| change.added).collect();
        let mut sources: HashMap<String, String> = HashMap::new();
        if let Some(parent) = parent
            && !added.is_empty()
        {
            let mut everything = Vec::new();
            self.diff(Some(parent), Some(tree), "", false, &mut everything)?;
            let mut deleted: Vec<Side> = everything
                .iter()
                .filter(|change| change.deleted)
                .map(Raw::side)
                .collect();
            deleted.sort_by(|a, b| a.path.cmp(&b.path));
            if !deleted.is_empty() {
                let objects = &self.objects;
                let mut chunks = ChunkCache::new(|id| {
                    let mut buffer = Vec::new();
                    objects.find_blob(id, &mut buffer).ok()?;
                    Some(buffer)
                });
                for change in &added {
                    if let Some(index) = rename_source(&change.side(), &deleted, &mut chunks) {
                        sources.insert(change.path.clone(), deleted[index].path.clone());
                    }
                }
            }
        }
        let prefix = &self.scope.project_prefix;
        Ok(raw
            .iter()
            .filter_map(|change| {
                let path = self.scope.followed_path(&change.path)?;
                let kind = if change.deleted {
                    ChangeKind::Deleted
                } else if change.added {
                    match sources.get(&change.path) {
                        Some(from) => ChangeKind::Renamed {
                            from: project_path(prefix, from),
                        },
                        None => ChangeKind::Added,
                    }
                } else {
                    ChangeKind::Modified
                };
                Some(FileChange {
                    path,
                    blob: (!change.deleted).then(|| change.blob.to_string()),
                    kind,
                })
            })
            .collect())
    }

    /// Diffs two trees at `root`, collecting file differences; only followed files when
    /// `followed_only`.
    fn diff(
        &mut self,
        old: Option<ObjectId>,
        new: Option<ObjectId>,
        root: &str,
        followed_only: bool,
        out: &mut Vec<Raw>,
    ) -> Result<(), HistoryError> {
        let hash = self.objects.object_hash();
        let (mut old_buffer, mut new_buffer) = (Vec::new(), Vec::new());
        let old_tree = tree_entries(&self.objects, old, &mut old_buffer, hash)?;
        let new_tree = tree_entries(&self.objects, new, &mut new_buffer, hash)?;
        let mut recorder = gix::diff::tree::Recorder::default();
        gix::diff::tree(
            old_tree,
            new_tree,
            &mut self.diff_state,
            &self.objects,
            &mut recorder,
        )
        .map_err(HistoryError::git)?;
        let join = |location: &gix::bstr::BStr| -> String {
            if root.is_empty() {
                location.to_string()
            } else {
                format!("{root}/{location}")
            }
        };
        let scope = self.scope;
        let mut keep = |raw: Raw| {
            if !followed_only || scope.followed_path(&raw.path).is_some() {
                out.push(raw);
            }
        };
        use gix::diff::tree::recorder::Change;
        for change in recorder.records {
            match change {
                Change::Addition {
                    path,
                    entry_mode,
                    oid,
                    ..
                } if entry_mode.is_blob_or_symlink() => {
                    keep(Raw::new(join(path.as_ref()), true, false, oid, entry_mode))
                }
                Change::Deletion {
                    path,
                    entry_mode,
                    oid,
                    ..
                } if entry_mode.is_blob_or_symlink() => {
                    keep(Raw::new(join(path.as_ref()), false, true, oid, entry_mode))
                }
                // A file that became a link (or the reverse) is a deletion and an addition in
                // git's eyes; a tree that became a file is an addition.
                Change::Modification {
                    path,
                    entry_mode,
                    previous_entry_mode,
                    oid,
                    ..
                } if entry_mode.is_blob_or_symlink() => keep(Raw::new(
                    join(path.as_ref()),
                    !previous_entry_mode.is_blob_or_symlink(),
                    false,
                    oid,
                    entry_mode,
                )),
                // A file replaced by a folder: the file is gone.
                Change::Modification {
                    path,
                    previous_entry_mode,
                    previous_oid,
                    ..
                } if previous_entry_mode.is_blob_or_symlink() => keep(Raw::new(
                    join(path.as_ref()),
                    false,
                    true,
                    previous_oid,
                    previous_entry_mode,
                )),
                _ => {}
            }
        }
        Ok(())
    }

    /// The entry at `path` (`a/b/c`) under `tree`, with its mode, if there is one.
    fn entry_at(
        &mut self,
        tree: ObjectId,
        path: &str,
    ) -> Result<Option<(ObjectId, gix::objs::tree::EntryMode)>, HistoryError> {
        let mut current = tree;
        let mut names = path.split('/').peekable();
        while let Some(name) = names.next() {
            let entries = self
                .objects
                .find_tree_iter(&current, &mut self.buffer)
                .map_err(HistoryError::git)?;
            let mut found = None;
            for entry in entries {
                let entry = entry.map_err(HistoryError::git)?;
                if entry.filename == name.as_bytes() {
                    found = Some((entry.oid.to_owned(), entry.mode));
                    break;
                }
            }
            match found {
                Some(found) if names.peek().is_none() => return Ok(Some(found)),
                Some((id, mode)) if mode.is_tree() => current = id,
                _ => return Ok(None),
            }
        }
        Ok(None)
    }

    /// The aims.yaml blob in a root tree.
    fn config_blob(&mut self, tree: ObjectId) -> Result<Option<ObjectId>, HistoryError> {
        if let Some(known) = self.config_blobs.get(&tree) {
            return Ok(*known);
        }
        let path = self.config_path.clone();
        let found = self
            .entry_at(tree, &path)?
            .filter(|(_, mode)| mode.is_blob())
            .map(|(id, _)| id);
        self.config_blobs.insert(tree, found);
        Ok(found)
    }

    /// How the commit changed aims.yaml, judged like documents: a merge changes it only where
    /// it differs from every parent.
    fn config_change(
        &mut self,
        tree: ObjectId,
        parent_trees: &[ObjectId],
    ) -> Result<Option<FileChange>, HistoryError> {
        let now = self.config_blob(tree)?;
        let mut before = Vec::with_capacity(parent_trees.len());
        for parent in parent_trees {
            before.push(self.config_blob(*parent)?);
        }
        if before.contains(&now) || (now.is_none() && before.iter().all(Option::is_none)) {
            return Ok(None);
        }
        let kind = match (now, before.iter().any(Option::is_some)) {
            (None, _) => ChangeKind::Deleted,
            (Some(_), true) => ChangeKind::Modified,
            (Some(_), false) => ChangeKind::Added,
        };
        Ok(Some(FileChange {
            path: CONFIG_FILE.to_owned(),
            kind,
            blob: now.map(|blob| blob.to_string()),
        }))
    }
}

/// The entries of tree `id` (none for `None`, the side of a diff where the tree is absent).
fn tree_entries<'b>(
    objects: &crate::git::packs::PackReader<'_>,
    id: Option<ObjectId>,
    buffer: &'b mut Vec<u8>,
    hash: gix::hash::Kind,
) -> Result<gix::objs::TreeRefIter<'b>, HistoryError> {
    match id {
        Some(id) => objects
            .find_tree_iter(&id, buffer)
            .map_err(HistoryError::git),
        None => Ok(gix::objs::TreeRefIter::from_bytes(&[], hash)),
    }
}

/// The files a change list adds, with their rename sources (project-relative).
fn added_sources(changes: &[FileChange]) -> Vec<(String, Option<String>)> {
    changes
        .iter()
        .filter_map(|change| match &change.kind {
            ChangeKind::Added => Some((change.path.clone(), None)),
            ChangeKind::Renamed { from } => Some((change.path.clone(), Some(from.clone()))),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_outside_the_project_round_trip() {
        assert_eq!(
            project_path("compliance/", "compliance/aims/x.md"),
            "aims/x.md"
        );
        assert_eq!(project_path("compliance/", "drafts/x.md"), "../drafts/x.md");
        assert_eq!(project_path("a/b/", "c/x.md"), "../../c/x.md");
        assert_eq!(project_path("", "drafts/x.md"), "drafts/x.md");
        for (prefix, path) in [
            ("compliance/", "../drafts/x.md"),
            ("a/b/", "../../c/x.md"),
            ("a/b/", "../x.md"),
            ("", "aims/x.md"),
        ] {
            assert_eq!(project_path(prefix, &repo_path(prefix, path)), path);
        }
    }
}
