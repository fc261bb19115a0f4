//! Where document bytes come from: the working tree, the git index, or a commit's tree.
//!
//! Everything after loading works on the same in-memory document set whichever source it came
//! from; the source also answers the questions evidence rules ask about other files (does it
//! exist, is it a symlink, is it tracked by git).

use std::collections::BTreeSet;
use std::fmt;

/// What sits at a path in a source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    Missing,
    File,
    Directory,
    /// A symbolic link. `inside` says whether its target resolves inside the project root.
    Symlink {
        target: String,
        inside: bool,
    },
}

/// Why one file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadProblem {
    Io(String),
    /// The path is a symlink whose target lies outside the project.
    SymlinkEscape {
        target: String,
    },
    /// The file name is not valid UTF-8 (shown lossily).
    BadFileName,
    /// A FIFO, socket or device, not a regular file: never opened.
    NotAFile,
}

impl fmt::Display for ReadProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadProblem::Io(message) => write!(f, "could not read the file: {message}"),
            ReadProblem::SymlinkEscape { target } => {
                write!(
                    f,
                    "symbolic link to `{target}`, which is outside the project"
                )
            }
            ReadProblem::BadFileName => f.write_str("the file name is not valid UTF-8"),
            ReadProblem::NotAFile => f.write_str(
                "not a regular file (a named pipe, socket or device); skipped without reading it",
            ),
        }
    }
}

/// A failure that stops loading altogether (the source itself cannot be listed).
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("cannot list files under {path}: {source}")]
    List {
        path: String,
        #[source]
        source: walkdir::Error,
    },
    #[error("git: {0}")]
    Git(#[source] crate::git::GitError),
}

/// The set of paths git tracks, relative to the project root.
#[derive(Debug, Clone, Default)]
pub struct TrackedPaths {
    paths: BTreeSet<String>,
}

impl TrackedPaths {
    pub fn new(paths: impl IntoIterator<Item = String>) -> TrackedPaths {
        TrackedPaths {
            paths: paths.into_iter().collect(),
        }
    }

    /// A file is tracked when it is in the set; a directory when any file under it is.
    pub fn contains(&self, path: &str) -> bool {
        if self.paths.contains(path) {
            return true;
        }
        let prefix = format!("{}/", path.trim_end_matches('/'));
        self.paths
            .range(prefix.clone()..)
            .next()
            .is_some_and(|first| first.starts_with(&prefix))
    }

    pub fn len(&self) -> usize {
        self.paths.len()
    }

    pub fn is_empty(&self) -> bool {
        self.paths.is_empty()
    }
}

/// A listed file: its project-relative path, or a name that could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub path: String,
    pub bad_name: bool,
    /// The listing saw a symbolic link here (reading must check where it leads).
    pub symlink: bool,
    /// Not a regular file (a FIFO, socket or device): never to be opened.
    pub special: bool,
}

/// A read-only view of the project's files.
pub trait FileSource: Sync {
    /// Describes the source for messages: "working tree", "index", "commit 1a2b3c4".
    fn describe(&self) -> String;
    /// Every file under the given literal directory prefixes ("" = everything), relative to the
    /// project root with forward slashes, in any order.
    fn list(&self, prefixes: &[String]) -> Result<Vec<Listed>, SourceError>;
    /// The bytes of the file at `path`.
    fn read(&self, path: &str) -> Result<Vec<u8>, ReadProblem>;
    /// The bytes of a file this source listed; sources may use what the listing learnt.
    fn read_listed(&self, file: &Listed) -> Result<Vec<u8>, ReadProblem> {
        self.read(&file.path)
    }
    /// What is at `path` (which is already normalised and inside the project).
    fn entry(&self, path: &str) -> Entry;
    /// The paths git tracks, when the project is in a git repository.
    fn tracked(&self) -> Option<&TrackedPaths>;
}
