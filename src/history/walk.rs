//! One pass over history with gix: walk from a commit (newest first by commit time, like
//! `git log`), and for each commit find the document files it changed, with renames tracked by
//! similarity (like `git -M`). Commits are diffed in parallel, each worker with its own
//! thread-local repository and diff cache; document roots are compared by subtree id first so
//! unrelated parts of the repository are never diffed.

use super::HistoryError;
use super::record::{ChangeKind, CommitRecord, FileChange, Person};
use crate::config::CONFIG_FILE;
use crate::load::DocumentMatcher;
use gix::ObjectId;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};

/// Which files the walk is about.
#[derive(Debug, Clone)]
pub struct Scope {
    /// The project root inside the repository (`""` or `compliance/`).
    pub project_prefix: String,
    pub matcher: DocumentMatcher,
}

impl Scope {
    /// Repository-relative directories holding every document (`""` = the whole tree).
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

    /// The project-relative path of a repository path, if it is a document path.
    fn document_path(&self, repo_path: &str) -> Option<String> {
        let relative = repo_path.strip_prefix(&self.project_prefix)?;
        (self.matcher.is_match(relative) && relative != CONFIG_FILE).then(|| relative.to_owned())
    }

    /// The repository path of the project's aims.yaml, whose versions history also records:
    /// who may approve is read from them.
    pub fn config_path(&self) -> String {
        format!("{}{CONFIG_FILE}", self.project_prefix)
    }
}

/// Trailer tokens approvals are read from (compared case-insensitively).
const TRAILERS: &[&str] = &["approves", "reviewed", "approved-by"];

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

/// Computes records for `visits`, in parallel, preserving order.
pub fn record_commits(
    repo: &gix::Repository,
    visits: &[Visit],
    scope: &Scope,
    boundaries: &HashSet<ObjectId>,
) -> Result<Vec<CommitRecord>, HistoryError> {
    if visits.is_empty() {
        return Ok(Vec::new());
    }
    let shared = repo.clone().into_sync();
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
            let mut repo = shared.to_thread_local();
            repo.object_cache_size_if_unset(16 * 1024 * 1024);
            let mut worker = Worker {
                diff_cache: repo
                    .diff_resource_cache_for_tree_diff()
                    .map_err(HistoryError::git)?,
                repo: &repo,
                scope,
                roots: &roots,
                config_path: scope.config_path(),
                trees: HashMap::new(),
                config_blobs: HashMap::new(),
            };
            visits
                .iter()
                .map(|visit| worker.record(visit, boundaries.contains(&visit.id)))
                .collect()
        })
        .collect();
    Ok(chunks?.into_iter().flatten().collect())
}

struct Worker<'r> {
    repo: &'r gix::Repository,
    diff_cache: gix::diff::blob::Platform,
    scope: &'r Scope,
    roots: &'r [String],
    config_path: String,
    /// Commit id → root tree id, for parents looked up repeatedly.
    trees: HashMap<ObjectId, ObjectId>,
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
#[derive(Debug, Clone, PartialEq, Eq)]
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

impl Worker<'_> {
    fn record(&mut self, visit: &Visit, boundary: bool) -> Result<CommitRecord, HistoryError> {
        let commit = self.repo.find_commit(visit.id).map_err(HistoryError::git)?;
        let decoded = commit.decode().map_err(HistoryError::git)?;
        let facts = CommitFacts::of(&decoded)?;
        let tree = decoded.tree();
        self.trees.insert(visit.id, tree);
        let (changes, brought_in) = if boundary {
            (Vec::new(), Vec::new())
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
            boundary,
        })
    }

    fn tree_of(&mut self, commit: ObjectId) -> Result<ObjectId, HistoryError> {
        if let Some(tree) = self.trees.get(&commit) {
            return Ok(*tree);
        }
        let tree = self
            .repo
            .find_commit(commit)
            .map_err(HistoryError::git)?
            .tree_id()
            .map_err(HistoryError::git)?
            .detach();
        self.trees.insert(commit, tree);
        Ok(tree)
    }

    /// The id of the subtree at `root` (`""` = the tree itself), if it exists.
    fn subtree(&self, tree: ObjectId, root: &str) -> Result<Option<ObjectId>, HistoryError> {
        if root.is_empty() {
            return Ok(Some(tree));
        }
        let tree = self.repo.find_tree(tree).map_err(HistoryError::git)?;
        let entry = tree.lookup_entry_by_path(root).map_err(HistoryError::git)?;
        Ok(entry
            .filter(|entry| entry.mode().is_tree())
            .map(|entry| entry.object_id()))
    }

    /// Document changes of a commit with `tree` against its `parents`, and for a merge also
    /// its changes against the first parent alone.
    fn changes(
        &mut self,
        tree: ObjectId,
        parents: &[ObjectId],
    ) -> Result<(Vec<FileChange>, Vec<FileChange>), HistoryError> {
        if parents.is_empty() {
            let mut changes = self.diff_against(tree, None)?;
            changes.extend(self.config_change(tree, &[])?);
            return Ok((changes, Vec::new()));
        }
        let first = self.tree_of(parents[0])?;
        let mut changes = self.diff_against(tree, Some(first))?;
        let brought_in = if parents.len() > 1 {
            changes.clone()
        } else {
            Vec::new()
        };
        // A merge counts for a file only where the file differs from every parent; where it
        // equals one parent's version, that parent's own commits carry the change.
        for parent in &parents[1..] {
            if changes.is_empty() {
                break;
            }
            let parent_tree = self.tree_of(*parent)?;
            let other: HashSet<String> = self
                .diff_against(tree, Some(parent_tree))?
                .into_iter()
                .map(|change| change.path)
                .collect();
            changes.retain(|change| other.contains(&change.path));
        }
        let parent_trees = parents
            .iter()
            .map(|parent| self.tree_of(*parent))
            .collect::<Result<Vec<_>, _>>()?;
        changes.extend(self.config_change(tree, &parent_trees)?);
        Ok((changes, brought_in))
    }

    /// The aims.yaml blob in a root tree.
    fn config_blob(&mut self, tree: ObjectId) -> Result<Option<ObjectId>, HistoryError> {
        if let Some(known) = self.config_blobs.get(&tree) {
            return Ok(*known);
        }
        let found = self
            .repo
            .find_tree(tree)
            .map_err(HistoryError::git)?
            .lookup_entry_by_path(&self.config_path)
            .map_err(HistoryError::git)?
            .filter(|entry| entry.mode().is_blob())
            .map(|entry| entry.object_id());
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

    fn diff_against(
        &mut self,
        tree: ObjectId,
        parent: Option<ObjectId>,
    ) -> Result<Vec<FileChange>, HistoryError> {
        let mut out = Vec::new();
        for root in self.roots {
            let new = self.subtree(tree, root)?;
            let old = match parent {
                Some(parent) => self.subtree(parent, root)?,
                None => None,
            };
            if new == old {
                continue;
            }
            self.diff_subtrees(old, new, root, &mut out)?;
        }
        Ok(out)
    }

    fn diff_subtrees(
        &mut self,
        old: Option<ObjectId>,
        new: Option<ObjectId>,
        root: &str,
        out: &mut Vec<FileChange>,
    ) -> Result<(), HistoryError> {
        let repo = self.repo;
        let old_tree = match old {
            Some(id) => repo.find_tree(id).map_err(HistoryError::git)?,
            None => repo.empty_tree(),
        };
        let new_tree = match new {
            Some(id) => repo.find_tree(id).map_err(HistoryError::git)?,
            None => repo.empty_tree(),
        };
        let join = |location: &gix::bstr::BStr| -> String {
            if root.is_empty() {
                location.to_string()
            } else {
                format!("{root}/{location}")
            }
        };
        let scope = self.scope;
        let mut platform = old_tree.changes().map_err(HistoryError::git)?;
        platform.options(|options| {
            options
                .track_path()
                .track_rewrites(Some(gix::diff::Rewrites::default()));
        });
        platform
            .for_each_to_obtain_tree_with_cache(&new_tree, &mut self.diff_cache, |change| {
                use gix::object::tree::diff::Change;
                let change = match change {
                    Change::Addition {
                        location,
                        entry_mode,
                        id,
                        ..
                    } if entry_mode.is_blob_or_symlink() => {
                        scope.document_path(&join(location)).map(|path| FileChange {
                            path,
                            kind: ChangeKind::Added,
                            blob: Some(id.to_string()),
                        })
                    }
                    Change::Deletion {
                        location,
                        entry_mode,
                        ..
                    } if entry_mode.is_blob_or_symlink() => {
                        scope.document_path(&join(location)).map(|path| FileChange {
                            path,
                            kind: ChangeKind::Deleted,
                            blob: None,
                        })
                    }
                    Change::Modification {
                        location,
                        entry_mode,
                        id,
                        ..
                    } if entry_mode.is_blob_or_symlink() => {
                        scope.document_path(&join(location)).map(|path| FileChange {
                            path,
                            kind: ChangeKind::Modified,
                            blob: Some(id.to_string()),
                        })
                    }
                    Change::Rewrite {
                        source_location,
                        location,
                        entry_mode,
                        id,
                        copy,
                        ..
                    } if entry_mode.is_blob_or_symlink() => {
                        let from = join(source_location);
                        scope.document_path(&join(location)).map(|path| FileChange {
                            path,
                            kind: if copy {
                                ChangeKind::Added
                            } else {
                                ChangeKind::Renamed {
                                    from: from
                                        .strip_prefix(&scope.project_prefix)
                                        .unwrap_or(&from)
                                        .to_owned(),
                                }
                            },
                            blob: Some(id.to_string()),
                        })
                    }
                    _ => None,
                };
                out.extend(change);
                Ok(std::ops::ControlFlow::Continue(()))
            })
            .map_err(HistoryError::git)?;
        self.diff_cache.clear_resource_cache_keep_allocation();
        Ok(())
    }
}
