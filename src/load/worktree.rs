//! The working tree as a [`FileSource`]: files on disk under the project root.
//!
//! Symbolic links are never followed blindly: a link is read only when its target resolves
//! inside the project root, so a document or evidence path cannot smuggle in `/etc/passwd`.

use super::source::{Entry, FileSource, Listed, ReadProblem, SourceError, TrackedPaths};
use std::collections::HashMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use walkdir::WalkDir;

/// Directories that never hold documents and can be huge.
const SKIPPED_DIRS: &[&str] = &[".git", "target", "node_modules", "_site", ".venv"];

pub struct Worktree {
    root: PathBuf,
    canonical_root: PathBuf,
    tracked: Option<TrackedPaths>,
    /// Several evidence rules ask about the same path; stat it once.
    entries: Mutex<HashMap<String, Entry>>,
}

impl Worktree {
    /// A worktree source rooted at `root`; tracked paths are read from the git index when the
    /// root is inside a git repository.
    pub fn new(root: &Path) -> Worktree {
        let canonical_root = fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        let tracked = crate::git::tracked_paths(&canonical_root).map(TrackedPaths::new);
        Worktree {
            root: root.to_path_buf(),
            canonical_root,
            tracked,
            entries: Mutex::new(HashMap::new()),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    fn absolute(&self, path: &str) -> PathBuf {
        self.root.join(path)
    }

    /// The project-relative target of a symlink, if it resolves inside the project.
    fn resolve_link(&self, absolute: &Path) -> (String, bool) {
        let shown = fs::read_link(absolute)
            .map(|target| target.to_string_lossy().into_owned())
            .unwrap_or_default();
        match fs::canonicalize(absolute) {
            Ok(resolved) => match resolved.strip_prefix(&self.canonical_root) {
                Ok(_) => (shown, true),
                Err(_) => (shown, false),
            },
            // A dangling link: its target cannot be inside anything.
            Err(_) => (shown, false),
        }
    }
}

impl FileSource for Worktree {
    fn describe(&self) -> String {
        "working tree".to_owned()
    }

    fn list(&self, prefixes: &[String]) -> Result<Vec<Listed>, SourceError> {
        let mut out = Vec::new();
        let starts: Vec<&str> = if prefixes.iter().any(String::is_empty) || prefixes.is_empty() {
            vec![""]
        } else {
            prefixes.iter().map(String::as_str).collect()
        };
        for start in starts {
            let dir = self.root.join(start);
            if !dir.is_dir() {
                continue;
            }
            let walker = WalkDir::new(&dir)
                .follow_links(false)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|entry| {
                    let skipped = entry.depth() > 0
                        && entry.file_type().is_dir()
                        && (entry
                            .file_name()
                            .to_str()
                            .is_some_and(|name| SKIPPED_DIRS.contains(&name))
                            // A submodule or nested repository: its files belong to another
                            // repository, and status and the site (which read this
                            // repository's commits) cannot see them either.
                            || entry.path().join(".git").exists());
                    !skipped
                });
            for entry in walker {
                let entry = entry.map_err(|source| SourceError::List {
                    path: dir.display().to_string(),
                    source,
                })?;
                if entry.file_type().is_dir() {
                    continue;
                }
                let Ok(relative) = entry.path().strip_prefix(&self.root) else {
                    continue;
                };
                let symlink = entry.file_type().is_symlink();
                let special = !symlink && !entry.file_type().is_file();
                match relative.to_str() {
                    Some(text) => out.push(Listed {
                        path: to_slashes(text),
                        bad_name: false,
                        symlink,
                        special,
                    }),
                    None => out.push(Listed {
                        path: to_slashes(&relative.to_string_lossy()),
                        bad_name: true,
                        symlink,
                        special,
                    }),
                }
            }
        }
        out.sort_by(|a, b| a.path.cmp(&b.path));
        out.dedup();
        Ok(out)
    }

    fn read(&self, path: &str) -> Result<Vec<u8>, ReadProblem> {
        let absolute = self.absolute(path);
        let metadata =
            fs::symlink_metadata(&absolute).map_err(|error| ReadProblem::Io(error.to_string()))?;
        if metadata.file_type().is_symlink() {
            let (target, inside) = self.resolve_link(&absolute);
            if !inside {
                return Err(ReadProblem::SymlinkEscape { target });
            }
        }
        read_bounded(&absolute)
    }

    fn read_listed(&self, file: &Listed) -> Result<Vec<u8>, ReadProblem> {
        if file.special {
            return Err(ReadProblem::NotAFile);
        }
        if file.symlink {
            self.read(&file.path)
        } else {
            read_bounded(&self.absolute(&file.path))
        }
    }

    fn entry(&self, path: &str) -> Entry {
        if let Ok(cache) = self.entries.lock()
            && let Some(entry) = cache.get(path)
        {
            return entry.clone();
        }
        let entry = self.stat(path);
        if let Ok(mut cache) = self.entries.lock() {
            cache.insert(path.to_owned(), entry.clone());
        }
        entry
    }

    fn tracked(&self) -> Option<&TrackedPaths> {
        self.tracked.as_ref()
    }
}

impl Worktree {
    fn stat(&self, path: &str) -> Entry {
        // A folder on the way that is a link out of the project ends the question there: the
        // file behind it is outside, whether or not it exists, and aims must not say which.
        let parts: Vec<&str> = path.split('/').collect();
        for depth in 1..parts.len() {
            let folder = self.absolute(&parts[..depth].join("/"));
            if let Ok(metadata) = fs::symlink_metadata(&folder)
                && metadata.file_type().is_symlink()
            {
                let (target, inside) = self.resolve_link(&folder);
                if !inside {
                    return Entry::Symlink {
                        target,
                        inside: false,
                    };
                }
            }
        }
        let absolute = self.absolute(path);
        match fs::symlink_metadata(&absolute) {
            Err(_) => Entry::Missing,
            Ok(metadata) if metadata.file_type().is_symlink() => {
                let (target, inside) = self.resolve_link(&absolute);
                Entry::Symlink { target, inside }
            }
            Ok(metadata) if metadata.is_dir() => Entry::Directory,
            Ok(_) => Entry::File,
        }
    }
}

/// Reads a file, refusing (without reading it whole) one larger than a document may be, and
/// never opening a FIFO, socket or device (opening a FIFO waits for a writer forever).
fn read_bounded(path: &Path) -> Result<Vec<u8>, ReadProblem> {
    let limit = super::frontmatter::MAX_DOCUMENT_BYTES as u64;
    let metadata = fs::metadata(path).map_err(|error| ReadProblem::Io(error.to_string()))?;
    if !metadata.is_file() {
        return Err(ReadProblem::NotAFile);
    }
    let file = fs::File::open(path).map_err(|error| ReadProblem::Io(error.to_string()))?;
    let size = file.metadata().map(|metadata| metadata.len()).unwrap_or(0);
    // One byte past the limit is enough for decode() to recognise an oversized file.
    let mut bytes = Vec::with_capacity(size.min(limit + 1) as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|error| ReadProblem::Io(error.to_string()))?;
    Ok(bytes)
}

fn to_slashes(path: &str) -> String {
    if std::path::MAIN_SEPARATOR == '/' {
        path.to_owned()
    } else {
        path.replace(std::path::MAIN_SEPARATOR, "/")
    }
}
