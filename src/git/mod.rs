//! Thin helpers over gix shared by the loader (tracked files, the index, commit trees) and by
//! history. The product never runs the `git` binary.

pub mod packs;

use std::path::{Path, PathBuf};

/// A failure inside gix (a missing or corrupt object, an unreadable index), kept with its
/// source chain: gix has one error type per operation, and callers only need to show it.
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct GitError(Box<dyn std::error::Error + Send + Sync + 'static>);

impl GitError {
    pub fn new(error: impl std::error::Error + Send + Sync + 'static) -> GitError {
        GitError(Box::new(error))
    }
}

impl From<gix::Error> for GitError {
    fn from(error: gix::Error) -> GitError {
        GitError::new(error)
    }
}

/// The repository containing `dir`, and `dir`'s path inside its work tree ("" at the top).
pub fn discover(dir: &Path) -> Option<(gix::Repository, String)> {
    let repo = gix::discover(dir).ok()?;
    let workdir = repo.workdir()?.to_path_buf();
    let prefix = project_prefix(&workdir, dir)?;
    Some((repo, prefix))
}

/// `dir` relative to `workdir`, with forward slashes and a trailing slash ("" when equal).
fn project_prefix(workdir: &Path, dir: &Path) -> Option<String> {
    let workdir: PathBuf = std::fs::canonicalize(workdir).ok()?;
    let dir: PathBuf = std::fs::canonicalize(dir).ok()?;
    let relative = dir.strip_prefix(&workdir).ok()?;
    let text = relative.to_str()?.replace('\\', "/");
    if text.is_empty() {
        Some(String::new())
    } else {
        Some(format!("{text}/"))
    }
}

/// Paths in the git index under the project root, relative to it; `None` outside a repository.
pub fn tracked_paths(project_root: &Path) -> Option<Vec<String>> {
    let (repo, prefix) = discover(project_root)?;
    let index = repo.index_or_empty().ok()?;
    let paths = index.entries().iter().filter_map(|entry| {
        let path = std::str::from_utf8(entry.path(&index)).ok()?;
        path.strip_prefix(prefix.as_str()).map(str::to_owned)
    });
    Some(paths.collect())
}

/// Computes the blob ids git would store for work-tree files, applying the same clean
/// conversions `git add` applies (`core.autocrlf`, `.gitattributes` eol and filters), so a
/// checkout with CRLF line endings still matches the committed LF blob.
pub struct WorktreeHasher<'r> {
    repo: &'r gix::Repository,
    pipeline: Option<(
        gix::filter::Pipeline<'r>,
        gix::worktree::IndexPersistedOrInMemory,
    )>,
}

impl<'r> WorktreeHasher<'r> {
    pub fn new(repo: &'r gix::Repository) -> WorktreeHasher<'r> {
        WorktreeHasher {
            repo,
            pipeline: repo.filter_pipeline(None).ok(),
        }
    }

    /// The blob id of `bytes` stored at repository-relative `path`.
    pub fn blob_id(&mut self, path: &str, bytes: &[u8]) -> Option<gix::ObjectId> {
        use std::io::Read;
        let hash = self.repo.object_hash();
        let converted: Option<Vec<u8>> = match self.pipeline.as_mut() {
            Some((pipeline, index)) => {
                let outcome = pipeline
                    .convert_to_git(bytes, Path::new(path), index)
                    .ok()?;
                match outcome {
                    gix::filter::plumbing::pipeline::convert::ToGitOutcome::Unchanged(_) => None,
                    gix::filter::plumbing::pipeline::convert::ToGitOutcome::Buffer(buffer) => {
                        Some(buffer.to_vec())
                    }
                    gix::filter::plumbing::pipeline::convert::ToGitOutcome::Process(mut read) => {
                        let mut out = Vec::new();
                        read.read_to_end(&mut out).ok()?;
                        Some(out)
                    }
                }
            }
            None => None,
        };
        let stored = converted.as_deref().unwrap_or(bytes);
        gix::objs::compute_hash(hash, gix::objs::Kind::Blob, stored).ok()
    }
}
