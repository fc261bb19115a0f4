//! Approvals and reviews read from history, bound to exact content, and the state derived from
//! them.
//!
//! An approval is an event in git history that names a document version by blob id:
//! * an approval commit (written by `aims approve`) with trailers `Approves: POL-001 <blob>`;
//! * opt-in: an `Approved-by: Name <email>` trailer on the commit that produced the version;
//! * opt-in: a merge commit on the first-parent chain, authored by an approver, for the versions
//!   the merged branch brought in.
//!
//! A review (`aims review`, trailer `Reviewed: POL-001 <blob>`) records a periodic review of an
//! approved version, with no content change. An acceptance (`aims accept`, trailer
//! `Accepts: RISK-001 <blob>`) records that someone entitled accepted a risk's residual level,
//! for exactly that version of the risk (clause 6.1.3). This module holds the vocabulary (events,
//! problems, states); [`super::assess`] is the one place that judges what each event is worth.

use super::History;
use super::timeline::Timeline;
use jiff::civil::Date;
use serde::Serialize;
use std::collections::{HashMap, HashSet};

crate::text::display_as_serialized!(Source, Problem, TrustLevel, State, ReviewState);

/// Where an approval came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    /// A commit with an `Approves:` trailer.
    ApprovalCommit,
    /// An `Approved-by:` trailer on the commit that produced the version.
    ApprovedByTrailer,
    /// A first-parent merge authored by an approver.
    MergeCommit,
}

/// Why an approval or review does not count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Problem {
    /// No aims.yaml was committed before it, so nobody was entitled to approve.
    NoConfiguration,
    /// Dated after the commit being reported on (or after today).
    FutureDated,
    /// It names content its commit did not contain yet, or is dated before that content.
    BeforeContent,
    /// A review of a version no approval counts for.
    VersionNotApproved,
    /// The person is not among the approvers in force (for reviews, or the owner; for
    /// acceptances, those who may accept the risk).
    NotListed,
    /// The person is an approver only in the change under approval (the version's own
    /// `approvers`, or an aims.yaml change nobody entitled has approved yet).
    ListedOnlyByChange,
    /// The person changed the version they approved.
    SelfApproval,
    /// The commit's signature verifies, but for someone other than its author.
    SignerMismatch,
    /// Signatures are required and the commit is not signed.
    Unsigned,
    /// Signatures are required and the commit's signature does not verify.
    Unverified,
}

/// How strongly history proves who gave an approval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TrustLevel {
    /// A plain commit: the author line says who, and anyone can type an author line.
    Unsigned,
    /// Signed, but the signature could not be verified here.
    SignedUnverified,
    /// Signed with a key the repository trusts, belonging to the commit's author.
    Verified,
}

impl TrustLevel {
    /// One line for people, as the site's approval trail and `aims log` show it.
    pub fn explain(self) -> &'static str {
        match self {
            TrustLevel::Unsigned => {
                "unsigned: the commit's author line names the approver; git does not prove it"
            }
            TrustLevel::SignedUnverified => {
                "signed, but the signature could not be verified with this repository's keys"
            }
            TrustLevel::Verified => {
                "signed and verified: the approver's own key signed the approval commit"
            }
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
    /// Whether the signature verifies (for its author); `None` when the commit is unsigned.
    pub verified: Option<bool>,
    /// The identity whose key signed the commit, when the signature verifies.
    pub signer: Option<String>,
    pub trust: TrustLevel,
    /// It approves the document's current version.
    pub current: bool,
    pub problem: Option<Problem>,
    /// Why it does not count, in one sentence naming the people involved.
    pub why: Option<String>,
}

impl Approval {
    pub fn counts(&self) -> bool {
        self.problem.is_none()
    }
}

/// The approval state of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    Approved,
    ChangedSinceApproval,
    NeverApproved,
    Draft,
    Retired,
}

/// Where a document stands in its review cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewState {
    Current,
    DueSoon,
    Overdue,
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
    /// Acceptances of any version of a risk, oldest first.
    pub acceptances: Vec<Approval>,
    /// Who may accept the current version of a risk: the `acceptance.by` of its last approved
    /// version, else the approvers of risks in the approved aims.yaml (never what the
    /// unapproved change itself names). Empty for other kinds.
    pub acceptors: Vec<String>,
    /// The roles and emails whose approval the current version needs: those in force now
    /// (the last approved version's `approvers`, or for a first version the roles of the
    /// approved aims.yaml), never what the unapproved change itself says.
    pub approvers: Vec<String>,
    /// With `quorum: all`, the approvers still missing for the current version.
    pub missing: Vec<String>,
    /// The current version has the approvals it needs (whatever its `status` field says).
    pub current_version_approved: bool,
}

impl DocumentStatus<'_> {
    /// Counted approvals of the current version.
    pub fn current_approvals(&self) -> impl Iterator<Item = &Approval> {
        self.approvals
            .iter()
            .filter(|approval| approval.current && approval.counts())
    }

    /// How strongly history proves the current version's approval: the best trust level
    /// among its counted approvals.
    pub fn trust(&self) -> Option<TrustLevel> {
        self.current_approvals()
            .map(|approval| approval.trust)
            .max()
    }

    /// Counted acceptances of the current version.
    pub fn current_acceptances(&self) -> impl Iterator<Item = &Approval> {
        self.acceptances
            .iter()
            .filter(|acceptance| acceptance.current && acceptance.counts())
    }

    /// The newest counted approval (of any version).
    pub fn last_counted_approval(&self) -> Option<&Approval> {
        self.approvals
            .iter()
            .rev()
            .find(|approval| approval.counts())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Approve,
    Review,
    Accept,
}

/// One approval or review as history records it, before it is judged.
#[derive(Debug, Clone)]
pub(super) struct Event {
    pub record: usize,
    pub kind: Kind,
    pub source: Source,
    pub blob: String,
    pub name: String,
    pub email: String,
}

/// Approval and review events of a history, indexed by document id and by blob. Every source
/// is collected; whether the opt-in ones count is decided by the policy in force at each event.
pub struct Index {
    pub(super) by_id: HashMap<String, Vec<Event>>,
    pub(super) by_blob: HashMap<String, Vec<Event>>,
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
    pub fn new(history: &History) -> Index {
        let mut index = Index {
            by_id: HashMap::new(),
            by_blob: HashMap::new(),
        };
        for (position, record) in history.records.iter().enumerate() {
            for (token, value) in &record.trailers {
                let kind = match token.to_ascii_lowercase().as_str() {
                    "approves" => Some(Kind::Approve),
                    "reviewed" => Some(Kind::Review),
                    "accepts" => Some(Kind::Accept),
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
                if token.eq_ignore_ascii_case("approved-by")
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
        }
        index
    }

    /// Adds the merges on the first-parent chain as approvals of what they brought in. Only
    /// when the policy in force counts them: a long history has thousands of merge changes,
    /// and indexing them costs a cached run more than a tenth of its time.
    pub fn add_merge_approvals(&mut self, history: &History) {
        let first_parent_chain = first_parent_chain(history);
        for (position, record) in history.records.iter().enumerate() {
            if record.is_merge() && first_parent_chain.contains(&position) {
                for change in record.brought_in.iter().chain(&record.changes) {
                    if let Some(blob) = &change.blob {
                        self.by_blob.entry(blob.clone()).or_default().push(Event {
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
    }

    /// Whether any approval or review names this document id.
    pub fn mentions(&self, id: &str) -> bool {
        self.by_id.contains_key(id)
    }
}

/// Positions of the commits on the first-parent chain from the history's starting commit.
fn first_parent_chain(history: &History) -> HashSet<usize> {
    let records = &history.records;
    let by_id: HashMap<&str, usize> = records
        .iter()
        .enumerate()
        .map(|(position, record)| (record.id.as_str(), position))
        .collect();
    let mut chain = HashSet::new();
    let mut current = by_id.get(history.head.to_string().as_str()).copied();
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
