//! `aims approve`, `aims review` and `aims accept`: record, in an empty commit on top of HEAD,
//! that the current git user approves (has reviewed, accepts the residual risk of) documents
//! exactly as committed, by binding each document id to its blob id in a trailer
//! (`Approves: POL-001 <blob>`, `Reviewed: POL-001 <blob>`, `Accepts: RISK-001 <blob>`).
//!
//! Refused, with nothing written, whenever the commit would mislead: staged or uncommitted
//! changes; a user who is not entitled (judged exactly as the assessment judges approval
//! commits: approvers in force, segregation of duties); a version already approved; a review
//! of a version that was never approved (that needs `aims approve`); a draft without
//! `--allow-draft`; an acceptance of anything but a risk, or of a version already accepted. `aims approve aims.yaml` puts a committed change to who may approve into
//! force.

use super::approvals::State;
use super::assess::Entitlement;
use super::{HistoryError, Repo};
use crate::config::{CONFIG_FILE, Config};
use crate::load::gitsource::TreeSource;
use crate::load::{Document, DocumentSet};
use gix::ObjectId;
use jiff::civil::Date;

/// What is being recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Approve,
    Review,
    /// Accept a risk's residual level (clause 6.1.3).
    Accept,
}

impl Mark {
    fn trailer(self) -> &'static str {
        match self {
            Mark::Approve => "Approves",
            Mark::Review => "Reviewed",
            Mark::Accept => "Accepts",
        }
    }

    fn verb(self) -> &'static str {
        match self {
            Mark::Approve => "Approve",
            Mark::Review => "Review",
            Mark::Accept => "Accept the residual risk of",
        }
    }

    fn action(self) -> &'static str {
        match self {
            Mark::Approve => "approve",
            Mark::Review => "review",
            Mark::Accept => "accept",
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
    #[error("{id} is already approved: {detail}; nothing written")]
    AlreadyApproved { id: String, detail: String },
    #[error("{id} is already accepted at this version: {detail}; nothing written")]
    AlreadyAccepted { id: String, detail: String },
    #[error(
        "{id} is a {kind}, not a risk: only a risk's residual level is accepted; nothing written"
    )]
    NotARisk { id: String, kind: String },
    #[error("{id} {detail}; nothing written")]
    NeedsApproval { id: String, detail: String },
    #[error(
        "{0} is a draft (`status: draft`): set `status: active` and commit when it is ready, or pass --allow-draft to approve the draft; nothing written"
    )]
    Draft(String),
    #[error("{0}; nothing written")]
    Configuration(String),
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

/// What to record and how.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    /// Document ids, or paths relative to `cwd` (like git), or project-relative paths.
    pub targets: &'a [String],
    pub mark: Mark,
    pub sign: bool,
    pub allow_draft: bool,
    pub today: Date,
    /// The current directory relative to the project root (`""` or `aims/policies/`).
    pub cwd: String,
}

/// Finds a document by id, by path relative to the current directory, or by project-relative
/// path.
pub fn find<'d>(documents: &'d DocumentSet, target: &str, cwd: &str) -> Option<&'d Document> {
    documents.by_id(target).or_else(|| {
        let plain = target.trim_start_matches("./");
        normalise(&format!("{cwd}{plain}"))
            .and_then(|path| documents.by_path(&path))
            .or_else(|| documents.by_path(plain))
    })
}

/// The documents `document` depends on ([`dependencies`](crate::load::references::dependencies)),
/// with their blobs at HEAD.
fn upstream_versions(
    documents: &DocumentSet,
    source: &TreeSource,
    document: &Document,
    id: &str,
) -> Vec<(String, ObjectId, String)> {
    let references = crate::load::references::references(document);
    crate::load::references::dependencies(document, &references)
        .into_iter()
        .filter_map(|reference| {
            let upstream = documents.by_id(reference.id)?;
            let blob = source.files().get(&upstream.path)?.blob;
            Some((reference.id.to_owned(), blob, id.to_owned()))
        })
        .collect()
}

/// `a/./b/../c` → `a/c`; `None` when it climbs out of the project.
fn normalise(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
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

/// Records approvals or reviews of `request.targets`.
pub fn mark(config: &Config, repo: &Repo, request: &Request<'_>) -> Result<Outcome, MarkError> {
    let git = &repo.repo;
    let head = repo.resolve(None)?;
    if has_staged_changes(git, head)? {
        return Err(MarkError::StagedChanges);
    }
    let source = TreeSource::new(git, head, &repo.project_prefix).map_err(HistoryError::from)?;
    let matcher = crate::load::DocumentMatcher::for_config(config).map_err(HistoryError::Globs)?;
    let documents = crate::load::load_documents(&source, &matcher).map_err(HistoryError::from)?;
    let identity = git
        .author()
        .and_then(Result::ok)
        .map(|author| (author.name.to_string(), author.email.to_string()))
        .ok_or(MarkError::NoIdentity)?;
    let email = identity.1.as_str();

    let history = super::load(
        repo,
        &matcher,
        &super::Options {
            at: None,
            cache: true,
            evidence: &std::collections::BTreeSet::new(),
        },
    )?;
    let judge = Entitlement::new(&history, git, config, request.today);
    let mut hasher = crate::git::WorktreeHasher::new(git);
    let unchanged_on_disk = |hasher: &mut crate::git::WorktreeHasher<'_>, path: &str, blob| {
        std::fs::read(config.root.join(path))
            .ok()
            .and_then(|bytes| hasher.blob_id(&format!("{}{path}", repo.project_prefix), &bytes))
            == Some(blob)
    };

    let mut marked = Vec::new();
    // (upstream id, its blob at HEAD, the marked document that depends on it)
    let mut considered: Vec<(String, ObjectId, String)> = Vec::new();
    for target in request.targets {
        let is_config = target.trim_start_matches("./") == CONFIG_FILE
            || normalise(&format!("{}{}", request.cwd, target)).as_deref() == Some(CONFIG_FILE);
        if is_config {
            if request.mark != Mark::Approve {
                return Err(MarkError::Configuration(format!(
                    "aims.yaml is not {}: `aims approve aims.yaml` puts a committed change to who may approve into force",
                    if request.mark == Mark::Review {
                        "reviewed"
                    } else {
                        "accepted"
                    }
                )));
            }
            let blob = source
                .files()
                .get(CONFIG_FILE)
                .map(|file| file.blob)
                .ok_or_else(|| MarkError::UnknownDocument(CONFIG_FILE.to_owned()))?;
            if !unchanged_on_disk(&mut hasher, CONFIG_FILE, blob) {
                return Err(MarkError::Uncommitted(CONFIG_FILE.to_owned()));
            }
            judge
                .check_config(email)
                .map_err(|(_, reason)| MarkError::Configuration(reason))?;
            marked.push(Marked {
                id: CONFIG_FILE.to_owned(),
                path: CONFIG_FILE.to_owned(),
                blob,
            });
            continue;
        }
        let document = find(&documents, target, &request.cwd)
            .ok_or_else(|| MarkError::UnknownDocument(target.clone()))?;
        let id = document
            .id()
            .ok_or_else(|| MarkError::UnknownDocument(target.clone()))?
            .to_owned();
        let file = source
            .files()
            .get(&document.path)
            .ok_or_else(|| MarkError::UnknownDocument(target.clone()))?;
        if !unchanged_on_disk(&mut hasher, &document.path, file.blob) {
            return Err(MarkError::Uncommitted(document.path.clone()));
        }
        let status = judge
            .status(document)
            .ok_or_else(|| MarkError::UnknownDocument(target.clone()))?;
        if request.mark == Mark::Accept && document.kind() != Some("risk") {
            return Err(MarkError::NotARisk {
                id,
                kind: document
                    .kind()
                    .unwrap_or("document without a kind")
                    .to_owned(),
            });
        }
        refuse_misleading(document, &status, &history, email, request)?;
        let entitled = match request.mark {
            Mark::Accept => judge.check_accept(document, &status, email),
            mark => judge.check(document, &status, email, mark == Mark::Review),
        };
        entitled.map_err(|(problem, reason)| MarkError::NotEntitled {
            email: email.to_owned(),
            action: request.mark.action(),
            id: id.clone(),
            reason: format!("{reason} ({})", problem.name()),
        })?;
        if request.mark != Mark::Accept {
            considered.extend(upstream_versions(&documents, &source, document, &id));
        }
        marked.push(Marked {
            id,
            path: document.path.clone(),
            blob: file.blob,
        });
    }

    let ids: Vec<&str> = marked.iter().map(|entry| entry.id.as_str()).collect();
    let mut message = format!("{} {}\n\n", request.mark.verb(), ids.join(", "));
    for entry in &marked {
        message.push_str(&format!(
            "{}: {} <{}>\n",
            request.mark.trailer(),
            entry.id,
            entry.blob
        ));
    }
    // The versions of what each document depends on, as they were when it was looked at: the
    // record that clears a change-impact finding (AIMS413) says what the reviewer saw.
    for (upstream, blob, by) in &considered {
        message.push_str(&format!("Considered: {upstream} <{blob}> for {by}\n"));
    }
    let tree = git
        .find_commit(head)
        .and_then(|commit| commit.tree_id())
        .map_err(HistoryError::git)?
        .detach();
    let commit = if request.sign {
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
        signed: request.sign,
        documents: marked,
    })
}

/// Refuses approvals and reviews whose commit would say something untrue or pointless.
fn refuse_misleading(
    document: &Document,
    status: &super::approvals::DocumentStatus<'_>,
    history: &super::History,
    email: &str,
    request: &Request<'_>,
) -> Result<(), MarkError> {
    let id = status.id.clone().unwrap_or_else(|| document.path.clone());
    let when = |approval: &super::approvals::Approval| {
        let record = &history.records[approval.record];
        format!(
            "by {} on {} (commit {})",
            approval.email,
            record
                .author
                .date()
                .map(|date| date.to_string())
                .unwrap_or_default(),
            record.id.get(..7).unwrap_or(&record.id)
        )
    };
    let current: Vec<_> = status.current_approvals().collect();
    match request.mark {
        Mark::Approve => {
            if status.current_version_approved {
                let detail = current
                    .iter()
                    .map(|approval| when(approval))
                    .collect::<Vec<_>>()
                    .join(", ");
                return Err(MarkError::AlreadyApproved { id, detail });
            }
            if let Some(mine) = current
                .iter()
                .find(|approval| approval.email.eq_ignore_ascii_case(email))
            {
                return Err(MarkError::AlreadyApproved {
                    id,
                    detail: format!(
                        "you approved this version {}; it still needs {}",
                        when(mine),
                        status.missing.join(", ")
                    ),
                });
            }
            if status.state == State::Draft && !request.allow_draft {
                return Err(MarkError::Draft(id));
            }
        }
        Mark::Accept => {
            let current: Vec<_> = status.current_acceptances().collect();
            if !current.is_empty() {
                let detail = current
                    .iter()
                    .map(|acceptance| when(acceptance))
                    .collect::<Vec<_>>()
                    .join(", ");
                return Err(MarkError::AlreadyAccepted { id, detail });
            }
            if status.state == State::Draft && !request.allow_draft {
                return Err(MarkError::Draft(id));
            }
        }
        Mark::Review => {
            if !status.current_version_approved {
                let detail = match status.last_counted_approval() {
                    Some(approval) => format!(
                        "changed since it was approved {}: a review confirms an approved version, so an approver ({}) runs `aims approve {id}` instead",
                        when(approval),
                        status.approvers.join(", ")
                    ),
                    None => format!(
                        "has never been approved: a review confirms an approved version, so an approver ({}) runs `aims approve {id}` first",
                        status.approvers.join(", ")
                    ),
                };
                return Err(MarkError::NeedsApproval { id, detail });
            }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_normalised_inside_the_project() {
        assert_eq!(normalise("aims/./p/../x.md").as_deref(), Some("aims/x.md"));
        assert_eq!(normalise("../x.md"), None);
        assert_eq!(normalise("aims/x.md").as_deref(), Some("aims/x.md"));
    }
}
