//! Approvals and reviews read from history, bound to exact content, and the state derived from
//! them.
//!
//! An approval is an event in git history that names a document version by blob id:
//! * an approval commit (written by `aims approve`) with trailers `Approves: POL-001 <blob>`;
//! * opt-in: an `Approved-by: Name <email>` trailer on the commit that produced the version;
//! * opt-in: a merge commit on the first-parent chain, authored by an approver, for the versions
//!   the merged branch brought in.
//!
//! A review (`aims review`, trailer `Reviewed: POL-001 <blob>`) records a periodic review with no
//! content change. An approval counts only when its author is a listed approver of the
//! document, did not author the changes being approved (unless allowed), and — when signatures
//! are required — its commit's signature verifies. Nothing a document says about itself is used.

use super::History;
use super::record::CommitRecord;
use super::timeline::Timeline;
use crate::config::{Config, Quorum};
use crate::load::Document;
use jiff::civil::Date;
use std::collections::{HashMap, HashSet};

/// Where an approval came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A commit with an `Approves:` trailer.
    ApprovalCommit,
    /// An `Approved-by:` trailer on the commit that produced the version.
    ApprovedByTrailer,
    /// A first-parent merge authored by an approver.
    MergeCommit,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::ApprovalCommit => "approval-commit",
            Source::ApprovedByTrailer => "approved-by-trailer",
            Source::MergeCommit => "merge-commit",
        }
    }
}

/// Why an approval or review does not count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// The person is not among the document's approvers (or, for reviews, its owner).
    NotListed,
    /// The person changed the version they approved.
    SelfApproval,
    /// Signatures are required and the commit is not signed.
    Unsigned,
    /// Signatures are required and the commit's signature does not verify.
    Unverified,
}

impl Problem {
    pub fn as_str(self) -> &'static str {
        match self {
            Problem::NotListed => "not-listed",
            Problem::SelfApproval => "self-approval",
            Problem::Unsigned => "unsigned",
            Problem::Unverified => "unverified",
        }
    }
}

/// One approval (or review) of one version of a document.
#[derive(Debug, Clone)]
pub struct Approval {
    /// Index of the commit in the history's records.
    pub record: usize,
    pub name: String,
    pub email: String,
    pub blob: String,
    pub source: Source,
    pub signed: bool,
    /// Whether the signature verifies; `None` when not checked (signatures not required).
    pub verified: Option<bool>,
    /// It approves the document's current version.
    pub current: bool,
    pub problem: Option<Problem>,
}

impl Approval {
    pub fn counts(&self) -> bool {
        self.problem.is_none()
    }
}

/// The approval state of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Approved,
    ChangedSinceApproval,
    NeverApproved,
    Draft,
    Retired,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::Approved => "approved",
            State::ChangedSinceApproval => "changed_since_approval",
            State::NeverApproved => "never_approved",
            State::Draft => "draft",
            State::Retired => "retired",
        }
    }
}

/// Where a document stands in its review cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewState {
    Current,
    DueSoon,
    Overdue,
}

impl ReviewState {
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewState::Current => "current",
            ReviewState::DueSoon => "due_soon",
            ReviewState::Overdue => "overdue",
        }
    }
}

#[derive(Debug, Clone)]
pub struct ReviewStatus {
    /// The review cycle in force, e.g. `P12M`.
    pub cycle: String,
    /// The last counted approval or review.
    pub last: Option<Date>,
    /// `last` (or the creation date) plus the cycle.
    pub due: Option<Date>,
    pub state: ReviewState,
}

/// Everything history says about one document.
#[derive(Debug, Clone)]
pub struct DocumentStatus<'h> {
    pub path: String,
    pub id: Option<String>,
    pub state: State,
    pub review: ReviewStatus,
    pub timeline: &'h Timeline,
    /// Approvals of any version, oldest first.
    pub approvals: Vec<Approval>,
    /// Reviews of any version, oldest first.
    pub reviews: Vec<Approval>,
    /// The roles and emails whose approval the document needs.
    pub approvers: Vec<String>,
    /// With `quorum: all`, the approvers still missing for the current version.
    pub missing: Vec<String>,
}

impl DocumentStatus<'_> {
    /// Counted approvals of the current version.
    pub fn current_approvals(&self) -> impl Iterator<Item = &Approval> {
        self.approvals
            .iter()
            .filter(|approval| approval.current && approval.counts())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Approve,
    Review,
}

#[derive(Debug, Clone)]
struct Event {
    record: usize,
    kind: Kind,
    source: Source,
    blob: String,
    name: String,
    email: String,
}

/// Approval and review events of a history, indexed by document id and by blob.
pub struct Index {
    by_id: HashMap<String, Vec<Event>>,
    by_blob: HashMap<String, Vec<Event>>,
}

/// `POL-001 <0123…>` → (`POL-001`, `0123…`).
pub fn parse_target(value: &str) -> Option<(&str, String)> {
    let (id, rest) = value.trim().split_once(char::is_whitespace)?;
    let blob = rest.trim().strip_prefix('<')?.strip_suffix('>')?.trim();
    let valid =
        (blob.len() == 40 || blob.len() == 64) && blob.chars().all(|c| c.is_ascii_hexdigit());
    valid.then(|| (id, blob.to_ascii_lowercase()))
}

/// `Name <email>` → (name, email).
fn parse_identity(value: &str) -> Option<(String, String)> {
    let (name, rest) = value.split_once('<')?;
    let email = rest.strip_suffix('>')?.trim();
    (!email.is_empty()).then(|| (name.trim().to_owned(), email.to_owned()))
}

impl Index {
    pub fn new(history: &History, config: &Config) -> Index {
        let mut index = Index {
            by_id: HashMap::new(),
            by_blob: HashMap::new(),
        };
        let first_parent_chain = if config.approval.merge_commits {
            first_parent_chain(&history.records)
        } else {
            HashSet::new()
        };
        for (position, record) in history.records.iter().enumerate() {
            for (token, value) in &record.trailers {
                let kind = match token.to_ascii_lowercase().as_str() {
                    "approves" => Some(Kind::Approve),
                    "reviewed" => Some(Kind::Review),
                    _ => None,
                };
                if let Some(kind) = kind
                    && let Some((id, blob)) = parse_target(value)
                {
                    index.by_id.entry(id.to_owned()).or_default().push(Event {
                        record: position,
                        kind,
                        source: Source::ApprovalCommit,
                        blob,
                        name: record.author.name.clone(),
                        email: record.author.email.clone(),
                    });
                }
                if config.approval.approved_by_trailer
                    && token.eq_ignore_ascii_case("approved-by")
                    && let Some((name, email)) = parse_identity(value)
                {
                    for change in &record.changes {
                        if let Some(blob) = &change.blob {
                            index.by_blob.entry(blob.clone()).or_default().push(Event {
                                record: position,
                                kind: Kind::Approve,
                                source: Source::ApprovedByTrailer,
                                blob: blob.clone(),
                                name: name.clone(),
                                email: email.clone(),
                            });
                        }
                    }
                }
            }
            if record.is_merge() && first_parent_chain.contains(&position) {
                for change in record.brought_in.iter().chain(&record.changes) {
                    if let Some(blob) = &change.blob {
                        index.by_blob.entry(blob.clone()).or_default().push(Event {
                            record: position,
                            kind: Kind::Approve,
                            source: Source::MergeCommit,
                            blob: blob.clone(),
                            name: record.author.name.clone(),
                            email: record.author.email.clone(),
                        });
                    }
                }
            }
        }
        index
    }

    /// Whether any approval or review names this document id.
    pub fn mentions(&self, id: &str) -> bool {
        self.by_id.contains_key(id)
    }
}

/// Positions of the commits on the first-parent chain from the newest record.
fn first_parent_chain(records: &[CommitRecord]) -> HashSet<usize> {
    let by_id: HashMap<&str, usize> = records
        .iter()
        .enumerate()
        .map(|(position, record)| (record.id.as_str(), position))
        .collect();
    let mut chain = HashSet::new();
    let mut current = records.first().map(|_| 0);
    while let Some(position) = current {
        if !chain.insert(position) {
            break;
        }
        current = records[position]
            .parents
            .first()
            .and_then(|parent| by_id.get(parent.as_str()).copied());
    }
    chain
}

/// Evaluates documents against one history.
pub struct Evaluator<'a> {
    pub history: &'a History,
    pub index: &'a Index,
    pub config: &'a Config,
    pub today: Date,
    /// Whether a commit's signature verifies.
    pub verify: &'a dyn Fn(&str) -> bool,
    /// Verify every signed approval, not only when signatures are required (for reports, where
    /// auditors want to see it; lint skips the cost unless signatures are required).
    pub verify_all: bool,
}

fn same_email(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

impl<'a> Evaluator<'a> {
    /// The roles and emails whose approval `document` needs: its own `approvers`, else the
    /// defaults for its kind, else its owner.
    pub fn approvers_of(&self, document: &Document) -> Vec<String> {
        let own: Option<Vec<&str>> = document
            .get("/approvers")
            .and_then(serde_json::Value::as_array)
            .map(|items| items.iter().filter_map(serde_json::Value::as_str).collect());
        let kind = document.kind().unwrap_or_default();
        let mut approvers: Vec<String> = self
            .config
            .approvers(kind, own)
            .into_iter()
            .map(str::to_owned)
            .collect();
        if approvers.is_empty()
            && let Some(owner) = document.str_at("/owner")
        {
            approvers.push(owner.to_owned());
        }
        approvers
    }

    fn emails_of(&self, identities: &[String]) -> Vec<String> {
        identities
            .iter()
            .flat_map(|identity| self.config.emails_for(identity))
            .map(str::to_owned)
            .collect()
    }

    /// Everything history says about `document` (None when it is not in the history's commit).
    pub fn evaluate(&self, document: &Document) -> Option<DocumentStatus<'a>> {
        let timeline = self.history.timeline(&document.path)?;
        let id = document.id().map(str::to_owned);
        let approvers = self.approvers_of(document);
        let approver_emails = self.emails_of(&approvers);
        let mut reviewer_emails = approver_emails.clone();
        if let Some(owner) = document.str_at("/owner") {
            reviewer_emails.push(owner.to_owned());
        }

        let mut events: Vec<&Event> = Vec::new();
        if let Some(id) = &id
            && let Some(named) = self.index.by_id.get(id)
        {
            events.extend(named.iter().filter(|event| timeline.had_blob(&event.blob)));
        }
        let versions = std::iter::once(&timeline.blob).chain(timeline.blobs.iter().flatten());
        for blob in versions {
            if let Some(found) = self.index.by_blob.get(blob) {
                events.extend(found);
            }
        }
        // Oldest first, without duplicates (a blob can be a version more than once).
        events.sort_by_key(|event| std::cmp::Reverse(event.record));
        let mut seen = HashSet::new();
        events.retain(|event| {
            seen.insert((
                event.record,
                event.blob.clone(),
                event.email.clone(),
                event.kind as u8,
            ))
        });

        let mut approvals = Vec::new();
        let mut reviews = Vec::new();
        let mut last_counted: Option<usize> = None;
        for event in events {
            let record = &self.history.records[event.record];
            let allowed = match event.kind {
                Kind::Approve => &approver_emails,
                Kind::Review => &reviewer_emails,
            };
            let mut verified = None;
            let problem = if !allowed.iter().any(|email| same_email(email, &event.email)) {
                Some(Problem::NotListed)
            } else if event.kind == Kind::Approve
                && !self.config.approval.allow_self_approval
                && self.changed_by(timeline, event, last_counted)
            {
                Some(Problem::SelfApproval)
            } else if self.config.approval.require_signed && !record.signed {
                Some(Problem::Unsigned)
            } else if self.config.approval.require_signed {
                let ok = (self.verify)(&record.id);
                verified = Some(ok);
                (!ok).then_some(Problem::Unverified)
            } else {
                None
            };
            if verified.is_none() && record.signed && self.verify_all {
                verified = Some((self.verify)(&record.id));
            }
            let approval = Approval {
                record: event.record,
                name: event.name.clone(),
                email: event.email.clone(),
                blob: event.blob.clone(),
                source: event.source,
                signed: record.signed,
                verified,
                current: event.blob == timeline.blob,
                problem,
            };
            match event.kind {
                Kind::Approve => {
                    if approval.counts() {
                        last_counted = Some(event.record);
                    }
                    approvals.push(approval);
                }
                Kind::Review => reviews.push(approval),
            }
        }

        let (approved, missing) = self.quorum(&approvers, &approvals);
        let state = match document.status() {
            Some("draft") => State::Draft,
            Some("retired") => State::Retired,
            _ if approved => State::Approved,
            _ if approvals.iter().any(Approval::counts) => State::ChangedSinceApproval,
            _ => State::NeverApproved,
        };
        let review = self.review_status(document, timeline, &approvals, &reviews);
        Some(DocumentStatus {
            path: document.path.clone(),
            id,
            state,
            review,
            timeline,
            approvals,
            reviews,
            approvers,
            missing,
        })
    }

    /// Whether the approver authored any change that went into the approved version since the
    /// last counted approval (segregation of duties).
    fn changed_by(&self, timeline: &Timeline, event: &Event, last_counted: Option<usize>) -> bool {
        // Timeline commits are newest first; a larger record index is an older commit. The
        // version was produced by the newest commit, at or before the approval, with that blob.
        let producer = timeline
            .commits
            .iter()
            .zip(&timeline.blobs)
            .find(|(record, blob)| {
                **record >= event.record && blob.as_deref() == Some(event.blob.as_str())
            })
            .map(|(record, _)| *record);
        let Some(producer) = producer else {
            return false;
        };
        timeline
            .commits
            .iter()
            .filter(|record| **record >= producer)
            .filter(|record| last_counted.is_none_or(|last| **record < last))
            .any(|record| same_email(&self.history.records[*record].author.email, &event.email))
    }

    fn quorum(&self, approvers: &[String], approvals: &[Approval]) -> (bool, Vec<String>) {
        let current: Vec<&Approval> = approvals
            .iter()
            .filter(|approval| approval.current && approval.counts())
            .collect();
        match self.config.approval.quorum {
            Quorum::Any => (!current.is_empty(), Vec::new()),
            Quorum::All => {
                let missing: Vec<String> = approvers
                    .iter()
                    .filter(|identity| {
                        let emails = self.config.emails_for(identity);
                        !current.iter().any(|approval| {
                            emails
                                .iter()
                                .any(|email| same_email(email, &approval.email))
                        })
                    })
                    .cloned()
                    .collect();
                (!current.is_empty() && missing.is_empty(), missing)
            }
        }
    }

    fn review_status(
        &self,
        document: &Document,
        timeline: &Timeline,
        approvals: &[Approval],
        reviews: &[Approval],
    ) -> ReviewStatus {
        let kind = document.kind().unwrap_or_default();
        let cycle = self
            .config
            .review_cycle(kind, document.str_at("/review_cycle"))
            .to_owned();
        let span = crate::dates::parse_duration(&cycle)
            .or_else(|| crate::dates::parse_duration(crate::config::DEFAULT_REVIEW_CYCLE));
        let last = approvals
            .iter()
            .chain(reviews)
            .filter(|event| event.counts())
            .filter_map(|event| self.history.records[event.record].author.date())
            .max();
        let base = last.or_else(|| {
            timeline
                .first()
                .and_then(|record| self.history.records[record].author.date())
        });
        let due = base
            .zip(span)
            .and_then(|(base, span)| crate::dates::add(base, span));
        let state = match due {
            Some(due) if due < self.today => ReviewState::Overdue,
            Some(due)
                if crate::dates::subtract(due, self.config.review_due_soon)
                    .is_some_and(|soon| soon <= self.today) =>
            {
                ReviewState::DueSoon
            }
            _ => ReviewState::Current,
        };
        ReviewStatus {
            cycle,
            last,
            due,
            state,
        }
    }
}

/// Whether the commit's signature verifies with the repository's configuration (gpg, gpgsm or
/// ssh-keygen with `gpg.ssh.allowedSignersFile`, as git does).
pub fn verify_commit(repo: &gix::Repository, id: &str) -> bool {
    let Ok(id) = gix::ObjectId::from_hex(id.as_bytes()) else {
        return false;
    };
    repo.find_commit(id)
        .ok()
        .and_then(|commit| commit.verify_signature().ok().flatten())
        .is_some_and(|outcome| outcome.is_valid())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_trailer_values() {
        let blob = "0123456789abcdef0123456789abcdef01234567";
        assert_eq!(
            parse_target(&format!("POL-001 <{blob}>")),
            Some(("POL-001", blob.to_owned()))
        );
        assert_eq!(parse_target("POL-001 <abc>"), None);
        assert_eq!(parse_target("POL-001"), None);
        assert_eq!(
            parse_identity("Alice Example <alice@x.example>"),
            Some(("Alice Example".to_owned(), "alice@x.example".to_owned()))
        );
    }
}
