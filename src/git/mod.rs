//! Thin helpers over gix shared by the loader (tracked files, the index, commit trees) and by
//! history. The product never runs the `git` binary.

use crate::load::source::TrackedPaths;
use std::path::{Path, PathBuf};

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
pub fn tracked_paths(project_root: &Path) -> Option<TrackedPaths> {
    let (repo, prefix) = discover(project_root)?;
    let index = repo.index_or_empty().ok()?;
    let paths = index.entries().iter().filter_map(|entry| {
        let path = std::str::from_utf8(entry.path(&index)).ok()?;
        path.strip_prefix(prefix.as_str()).map(str::to_owned)
    });
    Some(TrackedPaths::new(paths))
}
