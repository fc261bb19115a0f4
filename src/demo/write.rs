//! Writes a planned history into a git repository with gix, never the `git` binary: blobs, trees
//! and commits as objects (so the same replay can run against an in-memory object store to
//! learn the final commit id without writing anything), then the `main` branch, the work tree
//! files and an index matching the last commit, so `git status` is clean.

use super::story::Plan;
use gix::ObjectId;
use gix::refs::transaction::{Change, LogChange, PreviousValue, RefEdit, RefLog};
use std::path::Path;

/// The branch the demo's history is on, whatever `init.defaultBranch` says.
pub const BRANCH: &str = "refs/heads/main";

/// What a replay produced.
#[derive(Debug, Clone, Copy)]
pub struct Replayed {
    pub head: ObjectId,
    pub tree: ObjectId,
}

fn git(error: impl std::fmt::Display) -> String {
    error.to_string()
}

/// Writes every object of `plan` into `repo`'s object store (no references are touched).
pub fn replay(repo: &gix::Repository, plan: &Plan) -> Result<Replayed, String> {
    if repo.object_hash() != gix::hash::Kind::Sha1 {
        return Err("the demo history is written with SHA-1 object ids".to_owned());
    }
    let mut tree = ObjectId::empty_tree(repo.object_hash());
    let mut head: Option<ObjectId> = None;
    for planned in &plan.commits {
        if !planned.writes.is_empty() {
            let mut editor = repo.edit_tree(tree).map_err(git)?;
            for (path, bytes) in &planned.writes {
                let blob = repo.write_blob(bytes).map_err(git)?.detach();
                editor
                    .upsert(path.as_str(), gix::object::tree::EntryKind::Blob, blob)
                    .map_err(git)?;
            }
            tree = editor.write().map_err(git)?.detach();
        }
        let signature = gix::actor::Signature {
            name: planned.author.name.as_str().into(),
            email: planned.author.email.as_str().into(),
            time: gix::date::Time::new(planned.seconds, planned.offset),
        };
        let commit = gix::objs::Commit {
            tree,
            parents: head.into_iter().collect(),
            author: signature.clone(),
            committer: signature,
            encoding: None,
            message: planned.message.as_str().into(),
            extra_headers: Vec::new(),
        };
        head = Some(repo.write_object(&commit).map_err(git)?.detach());
    }
    let head = head.ok_or_else(|| "the story has no commits".to_owned())?;
    Ok(Replayed { head, tree })
}

/// Points `main` at `head` and HEAD at `main`, with one reflog entry signed by the last
/// commit's author.
pub fn set_branch(repo: &gix::Repository, plan: &Plan, head: ObjectId) -> Result<(), String> {
    let last = plan
        .commits
        .last()
        .ok_or_else(|| "the story has no commits".to_owned())?;
    let signature = gix::actor::Signature {
        name: last.author.name.as_str().into(),
        email: last.author.email.as_str().into(),
        time: gix::date::Time::new(last.seconds, last.offset),
    };
    let mut time = gix::date::parse::TimeBuf::default();
    let branch: gix::refs::FullName = BRANCH.try_into().map_err(git)?;
    let edits = [
        RefEdit {
            change: Change::Update {
                log: LogChange {
                    mode: RefLog::AndReference,
                    force_create_reflog: false,
                    message: "aims demo: the Talentwise story".into(),
                },
                expected: PreviousValue::MustNotExist,
                new: gix::refs::Target::Object(head),
            },
            name: branch.clone(),
            deref: false,
        },
        RefEdit {
            change: Change::Update {
                log: LogChange::default(),
                expected: PreviousValue::Any,
                new: gix::refs::Target::Symbolic(branch),
            },
            name: "HEAD".try_into().map_err(git)?,
            deref: false,
        },
    ];
    repo.edit_references_as(edits, Some(signature.to_ref(&mut time)))
        .map_err(git)?;
    Ok(())
}

/// Writes the last commit's files into the work tree at `root`, then the index from `tree`.
pub fn check_out(
    repo: &gix::Repository,
    plan: &Plan,
    root: &Path,
    tree: ObjectId,
) -> Result<(), (std::path::PathBuf, String)> {
    for (path, bytes) in &plan.tree {
        let target = root.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|error| (parent.to_path_buf(), git(error)))?;
        }
        std::fs::write(&target, bytes).map_err(|error| (target.clone(), git(error)))?;
    }
    let mut index = repo
        .index_from_tree(&tree)
        .map_err(|error| (repo.index_path(), git(error)))?;
    index
        .write(Default::default())
        .map_err(|error| (repo.index_path(), git(error)))?;
    Ok(())
}
