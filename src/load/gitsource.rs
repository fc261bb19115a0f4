//! A commit's tree, or the git index, as a [`FileSource`]: documents as they were committed (for
//! `aims status`, `--at REV` and `--base REV`) or as they are staged (for `aims lint --staged`,
//! the pre-commit hook), read from the object database.
//!
//! Symbolic links are blobs holding their target; one is followed only when the target,
//! resolved lexically from the link's folder, stays inside the project.
//!
//! Decoding thousands of blobs through pack delta chains is slow, so when the work tree holds a
//! file whose bytes hash to exactly the committed blob id, those bytes are used instead: same
//! content, proved by the hash, at a fraction of the cost.

use super::source::{Entry, FileSource, Listed, ReadProblem, SourceError, TrackedPaths};
use crate::load::evidence::{EvidenceTarget, classify};
use gix::ObjectId;
use std::collections::BTreeMap;
use std::sync::Mutex;

/// One file in a tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TreeFile {
    pub blob: ObjectId,
    pub symlink: bool,
}

/// Every file of `tree` under the repository-relative `roots` (`""` = everything), keyed by path
/// relative to `project_prefix` (files outside the project are left out).
pub fn list_tree(
    repo: &gix::Repository,
    tree: ObjectId,
    roots: &[String],
    project_prefix: &str,
) -> Result<BTreeMap<String, TreeFile>, SourceError> {
    let git = |error: gix::Error| SourceError::Git(error.into());
    let top = repo.find_tree(tree).map_err(git)?;
    let mut files = BTreeMap::new();
    for root in roots {
        let subtree = if root.is_empty() {
            top.clone()
        } else {
            match top.lookup_entry_by_path(root).map_err(git)? {
                Some(entry) if entry.mode().is_tree() => {
                    repo.find_tree(entry.object_id()).map_err(git)?
                }
                _ => continue,
            }
        };
        for entry in subtree.traverse().breadthfirst.files().map_err(git)? {
            if !entry.mode.is_blob_or_symlink() {
                continue;
            }
            let Ok(relative) = std::str::from_utf8(&entry.filepath) else {
                continue;
            };
            let repo_path = if root.is_empty() {
                relative.to_owned()
            } else {
                format!("{root}/{relative}")
            };
            if let Some(project_path) = repo_path.strip_prefix(project_prefix) {
                files.insert(
                    project_path.to_owned(),
                    TreeFile {
                        blob: entry.oid,
                        symlink: entry.mode.is_link(),
                    },
                );
            }
        }
    }
    Ok(files)
}

/// The files of one commit's tree (or of the index) under the project root.
pub struct TreeSource {
    /// What the files are: "commit 1a2b3c4", "the index".
    label: String,
    commit: ObjectId,
    files: BTreeMap<String, TreeFile>,
    tracked: TrackedPaths,
    /// Thread-local repositories handed out to readers (gix repositories are not `Sync`).
    pool: Mutex<Vec<gix::Repository>>,
    shared: gix::ThreadSafeRepository,
    /// The project folder in the work tree, for the hash-verified shortcut.
    worktree: Option<std::path::PathBuf>,
    hash_kind: gix::hash::Kind,
}

impl TreeSource {
    /// The project's files in `commit`.
    pub fn new(
        repo: &gix::Repository,
        commit: ObjectId,
        project_prefix: &str,
    ) -> Result<TreeSource, SourceError> {
        let tree = repo
            .find_commit(commit)
            .and_then(|commit| commit.tree_id())
            .map_err(|error| SourceError::Git(crate::git::GitError::new(error)))?
            .detach();
        let root = project_prefix.trim_end_matches('/').to_owned();
        let files = list_tree(repo, tree, &[root], project_prefix)?;
        Ok(TreeSource::from_files(
            repo,
            format!("commit {}", commit.to_hex_with_len(7)),
            commit,
            files,
            project_prefix,
        ))
    }

    /// The project's files as staged in the git index (stage 0; conflicted paths are left out).
    pub fn from_index(
        repo: &gix::Repository,
        project_prefix: &str,
    ) -> Result<TreeSource, SourceError> {
        let index = repo
            .index_or_empty()
            .map_err(|error| SourceError::Git(crate::git::GitError::new(error)))?;
        let mut files = BTreeMap::new();
        for entry in index.entries() {
            if entry.stage_raw() != 0 || entry.mode.is_submodule() {
                continue;
            }
            let Ok(path) = std::str::from_utf8(entry.path(&index)) else {
                continue;
            };
            if let Some(project_path) = path.strip_prefix(project_prefix) {
                files.insert(
                    project_path.to_owned(),
                    TreeFile {
                        blob: entry.id,
                        symlink: entry.mode == gix::index::entry::Mode::SYMLINK,
                    },
                );
            }
        }
        let head = repo
            .head_id()
            .map(|id| id.detach())
            .unwrap_or_else(|_| ObjectId::null(repo.object_hash()));
        Ok(TreeSource::from_files(
            repo,
            "the index (staged changes)".to_owned(),
            head,
            files,
            project_prefix,
        ))
    }

    fn from_files(
        repo: &gix::Repository,
        label: String,
        commit: ObjectId,
        files: BTreeMap<String, TreeFile>,
        project_prefix: &str,
    ) -> TreeSource {
        let tracked = TrackedPaths::new(files.keys().cloned());
        let worktree = repo
            .workdir()
            .map(|workdir| workdir.join(project_prefix.trim_end_matches('/')));
        TreeSource {
            label,
            commit,
            files,
            tracked,
            pool: Mutex::new(Vec::new()),
            shared: repo.clone().into_sync(),
            worktree,
            hash_kind: repo.object_hash(),
        }
    }

    pub fn commit(&self) -> ObjectId {
        self.commit
    }

    /// Path → blob of every file.
    pub fn files(&self) -> &BTreeMap<String, TreeFile> {
        &self.files
    }

    fn with_repo<T>(&self, job: impl FnOnce(&gix::Repository) -> T) -> T {
        let repo = self
            .pool
            .lock()
            .ok()
            .and_then(|mut pool| pool.pop())
            .unwrap_or_else(|| self.shared.to_thread_local());
        let result = job(&repo);
        if let Ok(mut pool) = self.pool.lock() {
            pool.push(repo);
        }
        result
    }

    /// The committed content of `path`: the work-tree file when it hashes to `id`, else the blob.
    fn content(&self, path: &str, id: ObjectId) -> Result<Vec<u8>, ReadProblem> {
        if let Some(root) = &self.worktree {
            let on_disk = root.join(path);
            let regular = std::fs::symlink_metadata(&on_disk).is_ok_and(|meta| meta.is_file());
            if regular
                && let Ok(bytes) = std::fs::read(&on_disk)
                && gix::objs::compute_hash(self.hash_kind, gix::objs::Kind::Blob, &bytes).ok()
                    == Some(id)
            {
                return Ok(bytes);
            }
        }
        self.blob(id)
    }

    fn blob(&self, id: ObjectId) -> Result<Vec<u8>, ReadProblem> {
        self.with_repo(|repo| {
            repo.find_blob(id)
                .map(|blob| blob.data.clone())
                .map_err(|error| ReadProblem::Io(error.to_string()))
        })
    }

    /// Where a symlink at `path` leads, lexically, if that stays inside the project.
    fn link_target(&self, path: &str, file: TreeFile) -> (String, Option<String>) {
        let target = self
            .blob(file.blob)
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
            .unwrap_or_default();
        let base = path.rsplit_once('/').map_or("", |(dir, _)| dir);
        let joined = if base.is_empty() {
            target.clone()
        } else {
            format!("{base}/{target}")
        };
        match classify(&joined) {
            EvidenceTarget::Path(resolved) if !target.starts_with('/') => (target, Some(resolved)),
            _ => (target, None),
        }
    }
}

impl FileSource for TreeSource {
    fn describe(&self) -> String {
        self.label.clone()
    }

    fn list(&self, prefixes: &[String]) -> Result<Vec<Listed>, SourceError> {
        Ok(self
            .files
            .iter()
            .filter(|(path, _)| {
                prefixes.is_empty()
                    || prefixes
                        .iter()
                        .any(|prefix| prefix.is_empty() || path.starts_with(&format!("{prefix}/")))
            })
            .map(|(path, file)| Listed {
                path: path.clone(),
                bad_name: false,
                symlink: file.symlink,
                special: false,
            })
            .collect())
    }

    fn read(&self, path: &str) -> Result<Vec<u8>, ReadProblem> {
        let file = *self
            .files
            .get(path)
            .ok_or_else(|| ReadProblem::Io("not in this commit".to_owned()))?;
        if !file.symlink {
            return self.content(path, file.blob);
        }
        match self.link_target(path, file) {
            (_, Some(resolved)) => match self.files.get(&resolved) {
                Some(target) if !target.symlink => self.content(&resolved, target.blob),
                _ => Err(ReadProblem::Io(format!(
                    "link target `{resolved}` is not a file in this commit"
                ))),
            },
            (target, None) => Err(ReadProblem::SymlinkEscape { target }),
        }
    }

    fn entry(&self, path: &str) -> Entry {
        self.entry_through_links(path, 0)
    }

    fn tracked(&self) -> Option<&TrackedPaths> {
        Some(&self.tracked)
    }
}

impl TreeSource {
    /// What is at `path`, following committed links to folders on the way (at most a few, so
    /// a cycle of links ends).
    fn entry_through_links(&self, path: &str, hops: usize) -> Entry {
        // A path through a committed link to a folder: outside the project, or resolved.
        if !self.files.contains_key(path) {
            let parts: Vec<&str> = path.split('/').collect();
            for depth in 1..parts.len() {
                let folder = parts[..depth].join("/");
                if let Some(file) = self.files.get(&folder).filter(|file| file.symlink) {
                    let (target, resolved) = self.link_target(&folder, *file);
                    return match resolved {
                        Some(resolved) if resolved != folder && hops < 8 => {
                            let rest = parts[depth..].join("/");
                            self.entry_through_links(&format!("{resolved}/{rest}"), hops + 1)
                        }
                        _ => Entry::Symlink {
                            target,
                            inside: false,
                        },
                    };
                }
            }
        }
        match self.files.get(path) {
            Some(file) if file.symlink => {
                let (target, resolved) = self.link_target(path, *file);
                Entry::Symlink {
                    target,
                    inside: resolved.is_some_and(|resolved| self.files.contains_key(&resolved)),
                }
            }
            Some(_) => Entry::File,
            None if self.tracked.contains(path) => Entry::Directory,
            None => Entry::Missing,
        }
    }
}
