//! `aims approve` and `aims review`: record, in an empty commit on top of HEAD, that the current
//! git user approves (or has reviewed) documents exactly as committed, by binding each document
//! id to its blob id in a trailer (`Approves: POL-001 <blob>`, `Reviewed: POL-001 <blob>`).
//!
//! Refused, with nothing written, when the repository has staged changes, when a document has
//! uncommitted changes, or when the user is not entitled (not a listed approver, or approving
//! their own change without `allow_self_approval`).

use super::approvals::{Evaluator, Index, Problem};
use super::{HistoryError, Repo};
use crate::config::Config;
use crate::load::gitsource::TreeSource;
use crate::load::{Document, DocumentSet};
use gix::ObjectId;
use jiff::civil::Date;

/// What is being recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Approve,
    Review,
}

impl Mark {
    fn trailer(self) -> &'static str {
        match self {
            Mark::Approve => "Approves",
            Mark::Review => "Reviewed",
        }
    }

    fn verb(self) -> &'static str {
        match self {
            Mark::Approve => "Approve",
            Mark::Review => "Review",
        }
    }
}

/// Why nothing was recorded.
#[derive(Debug, thiserror::Error)]
pub enum MarkError {
    #[error(transparent)]
    History(#[from] HistoryError),
    #[error(
        "the repository has staged changes; commit or unstage them first, so the approval commit contains nothing else"
    )]
    StagedChanges,
    #[error(
        "{0} has uncommitted changes; commit them first: only committed versions can be approved"
    )]
    Uncommitted(String),
    #[error(
        "no document `{0}` in the last commit (documents must be committed before they are approved)"
    )]
    UnknownDocument(String),
    #[error(
        "git user.name and user.email are not set; approvals are recorded under your git identity"
    )]
    NoIdentity,
    #[error("{email} may not {action} {id}: {reason}")]
    NotEntitled {
        email: String,
        action: &'static str,
        id: String,
        reason: String,
    },
    #[error("could not write the commit: {0}")]
    Write(String),
}

/// One document recorded.
#[derive(Debug, Clone)]
pub struct Marked {
    pub id: String,
    pub path: String,
    pub blob: ObjectId,
}

/// The commit written.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub commit: ObjectId,
    pub signed: bool,
    pub documents: Vec<Marked>,
}

/// Finds a document by id or by project-relative path.
fn find<'d>(documents: &'d DocumentSet, target: &str) -> Option<&'d Document> {
    documents
        .by_id(target)
        .or_else(|| documents.by_path(target.trim_start_matches("./")))
}

/// Whether the index differs from HEAD's tree (something is staged).
fn has_staged_changes(repo: &gix::Repository, head: ObjectId) -> Result<bool, HistoryError> {
    let tree = repo
        .find_commit(head)
        .and_then(|commit| commit.tree_id())
        .map_err(HistoryError::git)?;
    let committed = repo.index_from_tree(&tree).map_err(HistoryError::git)?;
    let staged = repo.index_or_empty().map_err(HistoryError::git)?;
    let entries = |index: &gix::index::State| -> Vec<(Vec<u8>, ObjectId, u32)> {
        let mut entries: Vec<_> = index
            .entries()
            .iter()
            .map(|entry| (entry.path(index).to_vec(), entry.id, entry.mode.bits()))
            .collect();
        entries.sort();
        entries
    };
    Ok(entries(&committed) != entries(&staged))
}

/// Records approvals or reviews of `targets` (ids or project-relative paths).
pub fn mark(
    config: &Config,
    repo: &Repo,
    targets: &[String],
    mark: Mark,
    sign: bool,
    today: Date,
) -> Result<Outcome, MarkError> {
    let git = &repo.repo;
    let head = repo.resolve(None)?;
    if has_staged_changes(git, head)? {
        return Err(MarkError::StagedChanges);
    }
    let source = TreeSource::new(git, head, &repo.project_prefix).map_err(HistoryError::git)?;
    let matcher =
        crate::lint::matcher(config).map_err(|error| HistoryError::Git(error.to_string()))?;
    let documents = crate::load::load_documents(&source, &matcher).map_err(HistoryError::git)?;
    let identity = git
        .author()
        .and_then(Result::ok)
        .map(|author| (author.name.to_string(), author.email.to_string()))
        .ok_or(MarkError::NoIdentity)?;

    let history = super::load(
        repo,
        &matcher,
        &super::Options {
            at: None,
            cache: true,
        },
    )?;
    let index = Index::new(&history, config);
    let verify = |_: &str| true;
    let evaluator = Evaluator {
        history: &history,
        index: &index,
        config,
        today,
        verify: &verify,
        verify_all: false,
    };

    let mut marked = Vec::new();
    for target in targets {
        let document =
            find(&documents, target).ok_or_else(|| MarkError::UnknownDocument(target.clone()))?;
        let id = document
            .id()
            .ok_or_else(|| MarkError::UnknownDocument(target.clone()))?
            .to_owned();
        let file = source
            .files()
            .get(&document.path)
            .ok_or_else(|| MarkError::UnknownDocument(target.clone()))?;
        let on_disk = std::fs::read(config.root.join(&document.path)).ok();
        let disk_blob = on_disk.and_then(|bytes| {
            gix::objs::compute_hash(git.object_hash(), gix::objs::Kind::Blob, &bytes).ok()
        });
        if disk_blob != Some(file.blob) {
            return Err(MarkError::Uncommitted(document.path.clone()));
        }
        check_entitled(&evaluator, document, &id, &identity.1, mark)?;
        marked.push(Marked {
            id,
            path: document.path.clone(),
            blob: file.blob,
        });
    }

    let ids: Vec<&str> = marked.iter().map(|entry| entry.id.as_str()).collect();
    let mut message = format!("{} {}\n\n", mark.verb(), ids.join(", "));
    for entry in &marked {
        message.push_str(&format!(
            "{}: {} <{}>\n",
            mark.trailer(),
            entry.id,
            entry.blob
        ));
    }
    let tree = git
        .find_commit(head)
        .and_then(|commit| commit.tree_id())
        .map_err(HistoryError::git)?
        .detach();
    let commit = if sign {
        let unsigned = git
            .new_commit(message.as_str(), tree, [head])
            .map_err(|error| MarkError::Write(error.to_string()))?;
        let signed = unsigned
            .signed()
            .map_err(|error| MarkError::Write(format!("signing failed: {error}")))?;
        let id = signed.id;
        advance_head(git, head, id, &message)?;
        id
    } else {
        git.commit("HEAD", message.as_str(), tree, [head])
            .map_err(|error| MarkError::Write(error.to_string()))?
            .detach()
    };
    Ok(Outcome {
        commit,
        signed: sign,
        documents: marked,
    })
}

fn check_entitled(
    evaluator: &Evaluator<'_>,
    document: &Document,
    id: &str,
    email: &str,
    mark: Mark,
) -> Result<(), MarkError> {
    let approvers = evaluator.approvers_of(document);
    let mut allowed: Vec<&str> = approvers
        .iter()
        .flat_map(|identity| evaluator.config.emails_for(identity))
        .collect();
    if mark == Mark::Review
        && let Some(owner) = document.str_at("/owner")
    {
        allowed.push(owner);
    }
    let action = match mark {
        Mark::Approve => "approve",
        Mark::Review => "review",
    };
    if !allowed
        .iter()
        .any(|allowed| allowed.eq_ignore_ascii_case(email))
    {
        return Err(MarkError::NotEntitled {
            email: email.to_owned(),
            action,
            id: id.to_owned(),
            reason: format!(
                "not among its approvers ({}){}",
                approvers.join(", "),
                if mark == Mark::Review {
                    " nor its owner"
                } else {
                    ""
                }
            ),
        });
    }
    if mark == Mark::Approve && !evaluator.config.approval.allow_self_approval {
        // Would an approval by this person of the current version be a self-approval?
        let status = evaluator.evaluate(document);
        let authored = status.as_ref().is_some_and(|status| {
            let last_counted = status
                .approvals
                .iter()
                .filter(|approval| approval.counts())
                .map(|approval| approval.record)
                .min();
            status
                .timeline
                .commits
                .iter()
                .filter(|record| last_counted.is_none_or(|last| **record < last))
                .any(|record| {
                    evaluator.history.records[*record]
                        .author
                        .email
                        .eq_ignore_ascii_case(email)
                })
        });
        if authored {
            return Err(MarkError::NotEntitled {
                email: email.to_owned(),
                action,
                id: id.to_owned(),
                reason: format!(
                    "you changed it since its last approval; another approver must approve it ({})",
                    Problem::SelfApproval.as_str()
                ),
            });
        }
    }
    Ok(())
}

/// Points HEAD (through its branch) at `new`, if it still points at `old`.
fn advance_head(
    repo: &gix::Repository,
    old: ObjectId,
    new: ObjectId,
    message: &str,
) -> Result<(), MarkError> {
    use gix::refs::transaction::{PreviousValue, RefEdit};
    let summary = message.lines().next().unwrap_or_default();
    let name = "HEAD"
        .try_into()
        .map_err(|error: gix::validate::reference::name::Error| {
            MarkError::Write(error.to_string())
        })?;
    let edit = RefEdit::update(
        name,
        new,
        PreviousValue::MustExistAndMatch(old.into()),
        format!("commit: {summary}"),
    )
    .with_deref(true);
    repo.edit_reference(edit)
        .map(|_| ())
        .map_err(|error| MarkError::Write(error.to_string()))
}
