//! `aims demo`: a complete sample AIMS in a git repository with a believable history, so a
//! newcomer sees lint, approvals, reviews and the evidence site working on real data in one
//! command.
//!
//! The repository holds the Talentwise sample (`examples/talentwise`, embedded) and the
//! history scripted in `story.yaml`: about fifteen months of commits by the cast, approvals and
//! a management review, ending a few days before the story's "today" with one document edited
//! after approval, one review overdue and a few due soon. Commit ids are deterministic: pinned
//! authors and dates, no signing, nothing read from the user's git configuration.
//!
//! [`create`] never deletes or overwrites anything. A folder that already holds exactly the
//! demo (its HEAD is the scripted last commit) is reused as it is; any other non-empty folder
//! is refused.

pub mod story;
mod write;

use gix::ObjectId;
use jiff::civil::Date;
use std::path::{Path, PathBuf};

pub use write::BRANCH;

/// How [`create`] treats a folder that already exists.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Reuse a folder that holds exactly the demo (HEAD at the scripted last commit) instead
    /// of refusing it.
    pub reuse: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options { reuse: true }
    }
}

/// The demo repository, created or reused.
#[derive(Debug, Clone)]
pub struct DemoRepo {
    /// The folder, as given.
    pub root: PathBuf,
    /// The last commit of the story (HEAD of `main`).
    pub head: ObjectId,
    /// Commits in the history.
    pub commits: usize,
    /// Files in the last commit.
    pub files: usize,
    /// People who authored commits.
    pub people: usize,
    /// Dates of the first and the last commit.
    pub first: Date,
    pub last: Date,
    /// The date the story is told on (the default `--today` for what is shown about it).
    pub today: Date,
    /// False when the folder already held the demo and nothing was written.
    pub created: bool,
}

/// Why the demo could not be created; nothing already in the folder was changed.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error(
        "{} is not empty and does not hold an untouched aims demo ({reason}); nothing was changed — choose a new or empty folder",
        .dir.display()
    )]
    Occupied { dir: PathBuf, reason: String },
    #[error("{} exists and is not a folder", .0.display())]
    NotAFolder(PathBuf),
    #[error("cannot write {}: {message}", .path.display())]
    Io { path: PathBuf, message: String },
    #[error("git: {0}")]
    Git(String),
    #[error("the built-in demo story is inconsistent: {0}")]
    Story(String),
}

/// The date the built-in story is told on (2026-11-22).
pub fn story_today() -> Result<Date, DemoError> {
    story::plan()
        .map(|plan| plan.today)
        .map_err(DemoError::Story)
}

/// Creates the demo repository in `dir` (created if missing), or reuses it when it already
/// holds exactly the demo and `options.reuse` is set.
pub fn create(dir: &Path, options: &Options) -> Result<DemoRepo, DemoError> {
    let plan = story::plan().map_err(DemoError::Story)?;
    let summary = |head: ObjectId, created: bool| {
        let people: std::collections::BTreeSet<&str> = plan
            .commits
            .iter()
            .map(|commit| commit.author.email.as_str())
            .collect();
        DemoRepo {
            root: dir.to_path_buf(),
            head,
            commits: plan.commits.len(),
            files: plan.tree.len(),
            people: people.len(),
            first: plan
                .commits
                .first()
                .map_or(plan.today, |commit| commit.date),
            last: plan.commits.last().map_or(plan.today, |commit| commit.date),
            today: plan.today,
            created,
        }
    };
    match std::fs::metadata(dir) {
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
        Err(error) => {
            return Err(DemoError::Io {
                path: dir.to_path_buf(),
                message: error.to_string(),
            });
        }
        Ok(metadata) if !metadata.is_dir() => return Err(DemoError::NotAFolder(dir.to_path_buf())),
        Ok(_) => {
            let mut entries = std::fs::read_dir(dir).map_err(|error| DemoError::Io {
                path: dir.to_path_buf(),
                message: error.to_string(),
            })?;
            if entries.next().is_some() {
                let reason = if options.reuse {
                    match existing_demo(dir, &plan) {
                        Ok(head) => return Ok(summary(head, false)),
                        Err(reason) => reason,
                    }
                } else {
                    "reuse not allowed".to_owned()
                };
                return Err(DemoError::Occupied {
                    dir: dir.to_path_buf(),
                    reason,
                });
            }
        }
    }

    std::fs::create_dir_all(dir).map_err(|error| DemoError::Io {
        path: dir.to_path_buf(),
        message: error.to_string(),
    })?;
    let repo = gix::init(dir).map_err(|error| DemoError::Git(error.to_string()))?;
    let replayed = write::replay(&repo, &plan).map_err(DemoError::Git)?;
    write::set_branch(&repo, &plan, replayed.head).map_err(DemoError::Git)?;
    write::check_out(&repo, &plan, dir, replayed.tree)
        .map_err(|(path, message)| DemoError::Io { path, message })?;
    Ok(summary(replayed.head, true))
}

/// The HEAD of `dir` if it is the demo's last commit; otherwise why not.
fn existing_demo(dir: &Path, plan: &story::Plan) -> Result<ObjectId, String> {
    let repo = gix::open(dir).map_err(|_| "it is not a git repository".to_owned())?;
    let same_folder = repo.workdir().is_some_and(|workdir| {
        std::fs::canonicalize(workdir).ok() == std::fs::canonicalize(dir).ok()
    });
    if !same_folder {
        return Err("it is not the top of a git work tree".to_owned());
    }
    let head = repo
        .head_id()
        .map_err(|_| "its git repository has no commits".to_owned())?
        .detach();
    // Replay the story into memory only, to learn the scripted last commit id.
    let scratch = repo.clone().with_object_memory();
    let expected = write::replay(&scratch, plan)?.head;
    if head == expected {
        Ok(head)
    } else if repo.has_object(expected) {
        Err(format!(
            "it is an aims demo with commits added since (HEAD is {})",
            head.to_hex_with_len(7)
        ))
    } else {
        Err(format!(
            "it holds another git history (HEAD is {})",
            head.to_hex_with_len(7)
        ))
    }
}
