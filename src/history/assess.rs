//! The one place that decides what each approval and review is worth, computed once per
//! snapshot of history; lint, status, log, gap, the site, `--base`, `--staged` and `aims
//! approve` all read its result.
//!
//! An approval counts only when, judged with the facts as they stood when it was given:
//! * it is dated sanely: not after the commit being reported on (or today), and not before
//!   the commit that introduced the content it names (which must be in its history);
//! * its author was an approver *in force*: named by the last approved version of the
//!   document (for a first version, a role of the approved aims.yaml), resolved through the
//!   roles of the approved aims.yaml — a change cannot pick its own approvers;
//! * its author did not change the version approved (segregation of duties);
//! * a signature on it, when it verifies, is the author's own key; and when signatures are
//!   required, it is signed and verifies.
//!
//! Changes to who may approve (roles, aliases, approver defaults, the approval policy) are
//! themselves approved: the first committed aims.yaml is the root of trust, and a later version
//! that changes these settings takes effect once one of the `config_approvers` in force runs
//! `aims approve aims.yaml`.

use super::History;
use super::approvals::{
    Approval, DocumentStatus, Event, Index, Kind, Problem, ReviewState, ReviewStatus, Source,
    State, TrustLevel,
};
use super::graph::Graph;
use super::signature::{Signature, Verifier};
use super::timeline::Timeline;
use crate::config::trust::Trust;
use crate::config::{CONFIG_FILE, Config, Quorum};
use crate::load::{Document, DocumentSet};

/// How far an approval may be dated after the commit being reported on before its date is
/// judged impossible: commits made on machines whose clocks run a few hours apart are normal,
/// and a day still stops an approval dated months ahead to keep a review current.
const CLOCK_SKEW_SECONDS: i64 = 24 * 60 * 60;
use jiff::civil::Date;
use serde_json::Value;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

/// Every document's status at one commit, and the approved configuration over time.
pub struct Assessment<'h> {
    pub history: &'h History,
    pub governance: Governance,
    statuses: HashMap<String, DocumentStatus<'h>>,
    /// Paths in order, for deterministic iteration.
    paths: Vec<String>,
}

impl<'h> Assessment<'h> {
    /// Judges every approval and review in `history` for the documents of `documents` (the
    /// documents as they are at the history's starting commit).
    pub fn new(
        history: &'h History,
        repo: &gix::Repository,
        documents: &DocumentSet,
        config: &Config,
        today: Date,
    ) -> Assessment<'h> {
        let assessor = Assessor::new(history, repo, config, today);
        let mut statuses = HashMap::new();
        let mut paths = Vec::new();
        for document in documents.loaded() {
            if let Some(status) = assessor.evaluate(document) {
                paths.push(document.path.clone());
                statuses.insert(document.path.clone(), status);
            }
        }
        assessor.keep_fields();
        Assessment {
            history,
            governance: assessor.governance,
            statuses,
            paths,
        }
    }

    pub fn status(&self, path: &str) -> Option<&DocumentStatus<'h>> {
        self.statuses.get(path)
    }

    /// Every status, in path order.
    pub fn statuses(&self) -> impl Iterator<Item = &DocumentStatus<'h>> {
        self.paths.iter().filter_map(|path| self.statuses.get(path))
    }

    pub fn len(&self) -> usize {
        self.paths.len()
    }

    pub fn is_empty(&self) -> bool {
        self.paths.is_empty()
    }
}

/// Who may approve, as approved over time.
#[derive(Debug, Clone, Default)]
pub struct Governance {
    /// Settings in force, oldest first; each from the commit `since` (a record index) on.
    pub periods: Vec<Period>,
    /// Approvals of aims.yaml (and attempts that did not count), oldest first.
    pub approvals: Vec<Approval>,
    /// The committed aims.yaml changes who may approve, and nobody entitled approved it yet.
    pub pending: Option<PendingChange>,
}

/// One stretch of history with the same approved settings.
#[derive(Debug, Clone)]
pub struct Period {
    pub since: usize,
    pub trust: Trust,
    /// The aims.yaml blob the settings come from.
    pub blob: String,
    /// The approval (index into [`Governance::approvals`]) that put them in force; `None` for
    /// the first committed aims.yaml, the root of trust.
    pub approval: Option<usize>,
}

/// A committed change to who may approve that is not in force yet.
#[derive(Debug, Clone)]
pub struct PendingChange {
    pub blob: String,
    /// The commit that made it.
    pub record: usize,
    pub trust: Trust,
    /// What it changes, in words.
    pub changes: Vec<String>,
}

impl Governance {
    /// Who held which role at the commit with record index `record`. History older than the
    /// first committed aims.yaml (an AIMS adopted in a repository with a past) is judged by
    /// that first version, the root of trust.
    pub fn at(&self, record: usize) -> Option<&Trust> {
        self.periods
            .iter()
            .rev()
            .find(|period| period.since >= record)
            .or(self.periods.first())
            .map(|period| &period.trust)
    }

    /// How approvals are recognised (`approval:`): the policy in force now applies to all of
    /// history, the way a rule of evidence does; changing it needs approval like roles do.
    pub fn policy(&self) -> Option<&crate::config::ApprovalPolicy> {
        self.current().map(|period| &period.trust.policy)
    }

    /// The settings in force now.
    pub fn current(&self) -> Option<&Period> {
        self.periods.last()
    }
}

/// Fields of one document version that decide who may approve the next.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
struct VersionFields {
    kind: Option<String>,
    approvers: Option<Vec<String>>,
    owner: Option<String>,
}

impl VersionFields {
    fn of(document: &Document) -> VersionFields {
        VersionFields {
            kind: document.kind().map(str::to_owned),
            approvers: document
                .get("/approvers")
                .and_then(Value::as_array)
                .map(|items| {
                    items
                        .iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect()
                }),
            owner: document.str_at("/owner").map(str::to_owned),
        }
    }
}

/// Who may approve a version, and who the change itself would have liked to.
struct InForce {
    /// Roles and emails, as configured.
    identities: Vec<String>,
    /// Their emails.
    emails: Vec<String>,
    /// Emails the unapproved change names (its own `approvers` or owner, or a pending
    /// aims.yaml), to explain why an approval by one of them does not count.
    proposed: Vec<String>,
}

/// The verdict on one event.
struct Ruling {
    problem: Option<Problem>,
    why: Option<String>,
    signature: Signature,
}

/// What one event is judged against.
struct Case<'c> {
    trust: Option<&'c Trust>,
    /// How approvals are recognised.
    policy: &'c crate::config::ApprovalPolicy,
    in_force: &'c InForce,
    /// Commits that produced the blob the event names.
    producers: &'c [usize],
    /// Commits whose authors changed what is approved (segregation of duties).
    changed_by: &'c [usize],
    /// For reviews: whether the reviewed version had a counted approval.
    version_approved: bool,
}

struct Assessor<'h, 'a> {
    history: &'h History,
    repo: &'a gix::Repository,
    verifier: Verifier,
    config: &'a Config,
    index: Index,
    graph: Graph,
    /// Record index of the starting commit.
    head: Option<usize>,
    today: Date,
    governance: Governance,
    fields: RefCell<HashMap<String, Rc<VersionFields>>>,
    /// Fields read from blobs this run that the signed side cache did not hold.
    fields_read: std::cell::Cell<bool>,
}

/// Approver fields of the document versions approvals named, by blob id: reading an old
/// version of a long document means resolving a long delta chain, once per version ever.
const FIELDS_CACHE: super::cache::BlobCache = super::cache::BlobCache::new("version-fields");

impl<'h, 'a> Assessor<'h, 'a> {
    fn new(
        history: &'h History,
        repo: &'a gix::Repository,
        config: &'a Config,
        today: Date,
    ) -> Assessor<'h, 'a> {
        let head_id = history.head.to_string();
        let mut assessor = Assessor {
            history,
            repo,
            verifier: Verifier::new(repo),
            config,
            index: Index::new(history),
            graph: Graph::new(&history.records),
            head: history
                .records
                .iter()
                .position(|record| record.id == head_id),
            today,
            governance: Governance::default(),
            fields: RefCell::new(if history.cache {
                FIELDS_CACHE
                    .read::<VersionFields>(repo)
                    .into_iter()
                    .map(|(blob, fields)| (blob, Rc::new(fields)))
                    .collect()
            } else {
                HashMap::new()
            }),
            fields_read: std::cell::Cell::new(false),
        };
        assessor.governance = assessor.govern();
        assessor
    }

    fn blob_text(&self, blob: &str) -> Option<String> {
        let id = gix::ObjectId::from_hex(blob.as_bytes()).ok()?;
        let data = self.repo.find_blob(id).ok()?.data.clone();
        String::from_utf8(data).ok()
    }

    /// The approver-relevant fields of a document version (`current` when it is the one
    /// loaded, else read from its blob).
    fn fields(&self, blob: &str, current: &Document, current_blob: &str) -> Rc<VersionFields> {
        if let Some(known) = self.fields.borrow().get(blob) {
            return known.clone();
        }
        let fields = if blob == current_blob {
            VersionFields::of(current)
        } else {
            match self.blob_text(blob) {
                Some(text) => {
                    self.fields_read.set(true);
                    VersionFields::of(&Document::parse(&current.path, text.into_bytes()))
                }
                // Not cached: the blob may be readable another time (a partial clone).
                None => return Rc::new(VersionFields::default()),
            }
        };
        let fields = Rc::new(fields);
        self.fields
            .borrow_mut()
            .insert(blob.to_owned(), fields.clone());
        fields
    }

    /// Saves the fields read from blobs this run for the next.
    fn keep_fields(&self) {
        if !self.history.cache || !self.fields_read.get() {
            return;
        }
        let fields = self.fields.borrow();
        FIELDS_CACHE.write(
            self.repo,
            fields.iter().map(|(blob, fields)| (blob, fields.as_ref())),
        );
    }

    /// The settings in force at the head commit.
    fn current_trust(&self) -> Option<&Trust> {
        self.governance.current().map(|period| &period.trust)
    }

    fn signature_of(&self, event: &Event) -> Signature {
        let record = &self.history.records[event.record];
        // An `Approved-by:` trailer is typed by the commit's author, not by the approver: a
        // signature proves nothing about the approver.
        if !record.signed || event.source == Source::ApprovedByTrailer {
            return Signature::Unsigned;
        }
        self.verifier.check(&record.id)
    }

    /// Judges one event; the checks run from the most to the least telling.
    fn judge(&self, event: &Event, case: &Case<'_>) -> Ruling {
        let signature = self.signature_of(event);
        let ruling = |problem: Problem, why: String, signature: Signature| Ruling {
            problem: Some(problem),
            why: Some(why),
            signature,
        };
        let Some(trust) = case.trust else {
            return ruling(
                Problem::NoConfiguration,
                "no aims.yaml had been committed yet, so nobody was entitled to approve".to_owned(),
                signature,
            );
        };
        if let Some(why) = self.dated_in_future(event.record) {
            return ruling(Problem::FutureDated, why, signature);
        }
        if let Some(why) = self.before_content(event.record, case.producers) {
            return ruling(Problem::BeforeContent, why, signature);
        }
        if event.kind == Kind::Review && !case.version_approved {
            return ruling(
                Problem::VersionNotApproved,
                "a review confirms an approved version, and no approval counts for this one"
                    .to_owned(),
                signature,
            );
        }
        let listed = |emails: &[String]| {
            emails
                .iter()
                .any(|email| trust.same_person(email, &event.email))
        };
        if !listed(&case.in_force.emails) {
            let in_force = if case.in_force.identities.is_empty() {
                "nobody".to_owned()
            } else {
                describe_identities(trust, &case.in_force.identities)
            };
            return if listed(&case.in_force.proposed) {
                ruling(
                    Problem::ListedOnlyByChange,
                    format!(
                        "{} is named as an approver only by the change under approval; approvers in force: {in_force}",
                        event.email
                    ),
                    signature,
                )
            } else {
                ruling(
                    Problem::NotListed,
                    format!(
                        "{} is not among the approvers in force: {in_force}",
                        event.email
                    ),
                    signature,
                )
            };
        }
        if event.kind == Kind::Approve
            && !case.policy.allow_self_approval
            && let Some(own) = case.changed_by.iter().find(|index| {
                trust.same_person(&self.history.records[**index].author.email, &event.email)
            })
        {
            let change = &self.history.records[*own];
            return ruling(
                Problem::SelfApproval,
                format!(
                    "{} changed this version themself (commit {})",
                    event.email,
                    short(&change.id)
                ),
                signature,
            );
        }
        match &signature {
            Signature::Verified { signer } => {
                let matches = signer
                    .as_deref()
                    .is_some_and(|signer| trust.same_person(signer, &event.email));
                if !matches {
                    let signer = signer.as_deref().unwrap_or("an unnamed key");
                    return ruling(
                        Problem::SignerMismatch,
                        format!(
                            "the commit is authored as {} but signed by {signer}",
                            event.email
                        ),
                        signature,
                    );
                }
            }
            Signature::Unsigned if case.policy.require_signed => {
                return ruling(
                    Problem::Unsigned,
                    "signed approvals are required and this commit is not signed".to_owned(),
                    signature,
                );
            }
            Signature::Unverified { reason } if case.policy.require_signed => {
                let why = format!("signed approvals are required and {reason}");
                return ruling(Problem::Unverified, why, signature);
            }
            _ => {}
        }
        Ruling {
            problem: None,
            why: None,
            signature,
        }
    }

    /// Why a commit is dated in the future, if it is.
    fn dated_in_future(&self, record: usize) -> Option<String> {
        let commit = &self.history.records[record];
        let head = self.head.map(|head| &self.history.records[head]);
        for (what, person) in [
            ("authored", &commit.author),
            ("committed", &commit.committer),
        ] {
            if person.date().is_some_and(|date| date > self.today) {
                return Some(format!(
                    "{what} on {}, after today ({})",
                    person.iso8601(),
                    self.today
                ));
            }
            if let Some(head) = head
                && person.seconds > head.committer.seconds + CLOCK_SKEW_SECONDS
            {
                return Some(format!(
                    "{what} on {}, after the commit being reported on ({}, {})",
                    person.iso8601(),
                    short(&head.id),
                    head.committer.iso8601()
                ));
            }
        }
        None
    }

    /// Why an event predates the content it names, if it does: none of the commits that
    /// produced that content is in its history, or it is dated before the first that is.
    fn before_content(&self, record: usize, producers: &[usize]) -> Option<String> {
        if producers.is_empty() {
            return None;
        }
        let introduced = producers
            .iter()
            .filter(|producer| self.graph.is_ancestor(**producer, record))
            .max()
            .copied();
        let Some(introduced) = introduced else {
            let first = producers.iter().max().copied().unwrap_or_default();
            return Some(format!(
                "it names content first committed in {}, which is not in its own history",
                short(&self.history.records[first].id)
            ));
        };
        let content = &self.history.records[introduced];
        let commit = &self.history.records[record];
        for (what, person) in [
            ("authored", &commit.author),
            ("committed", &commit.committer),
        ] {
            if person.seconds < content.committer.seconds {
                return Some(format!(
                    "{what} on {}, before the content it names was committed ({}, {})",
                    person.iso8601(),
                    short(&content.id),
                    content.committer.iso8601()
                ));
            }
        }
        None
    }

    fn approval(&self, event: &Event, ruling: Ruling, current: bool) -> Approval {
        let record = &self.history.records[event.record];
        let trust = match (&ruling.signature, ruling.problem) {
            (Signature::Verified { .. }, problem) if problem != Some(Problem::SignerMismatch) => {
                TrustLevel::Verified
            }
            (Signature::Unsigned, _) => TrustLevel::Unsigned,
            _ => TrustLevel::SignedUnverified,
        };
        Approval {
            record: event.record,
            name: event.name.clone(),
            email: event.email.clone(),
            blob: event.blob.clone(),
            source: event.source,
            signed: record.signed && event.source != Source::ApprovedByTrailer,
            verified: match &ruling.signature {
                Signature::Unsigned => None,
                Signature::Unverified { .. } => Some(false),
                Signature::Verified { .. } => Some(ruling.problem != Some(Problem::SignerMismatch)),
            },
            signer: match &ruling.signature {
                Signature::Verified { signer } => signer.clone(),
                _ => None,
            },
            trust,
            current,
            problem: ruling.problem,
            why: ruling.why,
        }
    }

    /// The approval policy in force now.
    fn policy(&self) -> crate::config::ApprovalPolicy {
        self.governance.policy().cloned().unwrap_or_default()
    }

    /// Whether the approval source is enabled by the policy in force.
    fn source_enabled(&self, event: &Event) -> bool {
        let policy = self.governance.policy();
        match event.source {
            Source::ApprovalCommit => true,
            Source::ApprovedByTrailer => policy.is_some_and(|policy| policy.approved_by_trailer),
            Source::MergeCommit => policy.is_some_and(|policy| policy.merge_commits),
        }
    }

    /// The approval and review events naming a document, oldest first, without duplicates.
    fn events_of(&self, id: Option<&str>, timeline: &Timeline) -> Vec<Event> {
        let mut events: Vec<&Event> = Vec::new();
        if let Some(id) = id
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
        events
            .into_iter()
            .filter(|event| self.source_enabled(event))
            .cloned()
            .collect()
    }

    /// Who may approve a version of a document: per the last approved version (`base`) if
    /// there is one, else per the version itself restricted to what `trust` knows.
    fn in_force(
        &self,
        trust: Option<&Trust>,
        base: Option<&VersionFields>,
        version: &VersionFields,
    ) -> InForce {
        let Some(trust) = trust else {
            return InForce {
                identities: Vec::new(),
                emails: Vec::new(),
                proposed: Vec::new(),
            };
        };
        let kind_of = |fields: &VersionFields| fields.kind.clone().unwrap_or_default();
        let identities: Vec<String> = match base {
            Some(base) => {
                let own = base
                    .approvers
                    .as_ref()
                    .map(|list| list.iter().map(String::as_str).collect());
                let mut identities: Vec<String> = trust
                    .approvers(&kind_of(base), own)
                    .into_iter()
                    .map(str::to_owned)
                    .collect();
                if identities.is_empty()
                    && let Some(owner) = &base.owner
                {
                    identities.push(owner.clone());
                }
                identities
            }
            None => {
                // A first version cannot name its own approvers: only roles of the approved
                // aims.yaml, or emails holding one of them, count.
                let known = |identity: &str| {
                    trust.is_role(identity)
                        || (identity.contains('@') && trust.holds_a_role(identity))
                };
                let own: Vec<&str> = version
                    .approvers
                    .iter()
                    .flatten()
                    .map(String::as_str)
                    .filter(|identity| known(identity))
                    .collect();
                let mut identities: Vec<String> = trust
                    .approvers(&kind_of(version), Some(own))
                    .into_iter()
                    .map(str::to_owned)
                    .collect();
                if identities.is_empty()
                    && let Some(owner) = &version.owner
                    && known(owner)
                {
                    identities.push(owner.clone());
                }
                identities
            }
        };
        let emails = identities
            .iter()
            .flat_map(|identity| trust.emails_for(identity))
            .map(str::to_owned)
            .collect();
        // What the change itself, or an aims.yaml nobody approved yet, would allow.
        let mut proposed: Vec<String> = Vec::new();
        let pending = self
            .governance
            .pending
            .as_ref()
            .map(|pending| &pending.trust);
        for candidate in std::iter::once(trust).chain(pending) {
            let own = version
                .approvers
                .as_ref()
                .map(|list| list.iter().map(String::as_str).collect());
            for identity in candidate.approvers(&kind_of(version), own) {
                proposed.extend(
                    candidate
                        .emails_for(identity)
                        .into_iter()
                        .map(str::to_owned),
                );
            }
            proposed.extend(version.owner.clone());
            if let Some(base) = base {
                let own = base
                    .approvers
                    .as_ref()
                    .map(|list| list.iter().map(String::as_str).collect());
                for identity in candidate.approvers(&kind_of(base), own) {
                    proposed.extend(
                        candidate
                            .emails_for(identity)
                            .into_iter()
                            .map(str::to_owned),
                    );
                }
            }
        }
        InForce {
            identities,
            emails,
            proposed,
        }
    }

    /// Commits of `timeline` that produced `blob`.
    fn producers(timeline: &Timeline, blob: &str) -> Vec<usize> {
        timeline
            .commits
            .iter()
            .zip(&timeline.blobs)
            .filter(|(_, produced)| produced.as_deref() == Some(blob))
            .map(|(record, _)| *record)
            .collect()
    }

    /// The commits whose authors changed the version an event at `record` approves: from the
    /// newest producer of `blob` in its history back to the last counted approval.
    fn changed_by(
        &self,
        timeline: &Timeline,
        blob: &str,
        record: Option<usize>,
        last_counted: Option<usize>,
    ) -> Vec<usize> {
        let producer = timeline
            .commits
            .iter()
            .zip(&timeline.blobs)
            .filter(|(_, produced)| produced.as_deref() == Some(blob))
            .map(|(index, _)| *index)
            .find(|index| record.is_none_or(|record| self.graph.is_ancestor(*index, record)));
        let Some(producer) = producer else {
            return Vec::new();
        };
        timeline
            .commits
            .iter()
            .copied()
            .filter(|index| *index >= producer)
            .filter(|index| last_counted.is_none_or(|last| *index < last))
            .collect()
    }

    /// Everything history says about `document`; `None` when it is not in the history's
    /// starting commit.
    fn evaluate(&self, document: &Document) -> Option<DocumentStatus<'h>> {
        let timeline = self.history.timeline(&document.path)?;
        let id = document.id().map(str::to_owned);
        let events = self.events_of(id.as_deref(), timeline);

        let mut approvals = Vec::new();
        let mut reviews = Vec::new();
        let mut last_counted: Option<usize> = None;
        // The last fully approved version, whose fields decide who approves the next.
        let mut base: Option<Rc<VersionFields>> = None;
        let mut approved_blobs: HashSet<String> = HashSet::new();
        // Blob → emails whose approval of it counted (for `quorum: all`).
        let mut approved_by: HashMap<String, Vec<String>> = HashMap::new();
        let policy = self.policy();
        for event in &events {
            let trust = self.governance.at(event.record);
            let version = self.fields(&event.blob, document, &timeline.blob);
            let reviewed_base = (event.kind == Kind::Review
                && approved_blobs.contains(&event.blob))
            .then(|| version.clone());
            let base_fields = reviewed_base.as_deref().or(base.as_deref());
            let mut in_force = self.in_force(trust, base_fields, &version);
            if event.kind == Kind::Review
                && let Some(owner) = base_fields.and_then(|fields| fields.owner.clone())
            {
                in_force.emails.push(owner);
            }
            let producers = Self::producers(timeline, &event.blob);
            let changed_by =
                self.changed_by(timeline, &event.blob, Some(event.record), last_counted);
            let ruling = self.judge(
                event,
                &Case {
                    trust,
                    policy: &policy,
                    in_force: &in_force,
                    producers: &producers,
                    changed_by: &changed_by,
                    version_approved: approved_blobs.contains(&event.blob),
                },
            );
            let approval = self.approval(event, ruling, event.blob == timeline.blob);
            match event.kind {
                Kind::Approve => {
                    if approval.counts() {
                        last_counted = Some(event.record);
                        let by = approved_by.entry(event.blob.clone()).or_default();
                        by.push(event.email.clone());
                        let quorum = policy.quorum;
                        let complete = match (quorum, trust) {
                            (Quorum::All, Some(trust)) => {
                                missing(trust, &in_force.identities, by).is_empty()
                            }
                            _ => true,
                        };
                        if complete {
                            approved_blobs.insert(event.blob.clone());
                            base = Some(version.clone());
                        }
                    }
                    approvals.push(approval);
                }
                Kind::Review => reviews.push(approval),
            }
        }

        let trust = self.current_trust();
        let current = self.fields(&timeline.blob, document, &timeline.blob);
        let in_force = self.in_force(trust, base.as_deref(), &current);
        let missing = match trust {
            Some(trust) if policy.quorum == Quorum::All => {
                let by = approved_by.get(&timeline.blob).cloned().unwrap_or_default();
                missing(trust, &in_force.identities, &by)
            }
            _ => Vec::new(),
        };
        let state = match document.status() {
            Some("draft") => State::Draft,
            Some("retired") => State::Retired,
            _ if approved_blobs.contains(&timeline.blob) => State::Approved,
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
            approvers: in_force.identities,
            missing,
            current_version_approved: approved_blobs.contains(&timeline.blob),
        })
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

    /// Reads who may approve from every committed aims.yaml, oldest first, and decides which
    /// changes to it took effect.
    fn govern(&self) -> Governance {
        let records = &self.history.records;
        // (record, blob) of each aims.yaml version, oldest first.
        let mut versions: Vec<(usize, Option<String>)> = records
            .iter()
            .enumerate()
            .flat_map(|(index, record)| {
                record
                    .changes
                    .iter()
                    .filter(|change| change.path == CONFIG_FILE)
                    .map(move |change| (index, change.blob.clone()))
            })
            .collect();
        versions.reverse();
        if versions.is_empty()
            && let Some(blob) = &self.history.config_blob
        {
            // Truncated history (a shallow clone) records no change to aims.yaml: the oldest
            // visible version, the one at the starting commit, is the root of trust.
            versions.push((records.len().saturating_sub(1), Some(blob.clone())));
        }
        let mut events: Vec<Event> = self
            .index
            .by_id
            .get(CONFIG_FILE)
            .map(|events| {
                events
                    .iter()
                    .filter(|event| event.kind == Kind::Approve)
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        events.sort_by_key(|event| std::cmp::Reverse(event.record));
        let head_blob = versions.last().and_then(|(_, blob)| blob.clone());

        let mut parsed: HashMap<String, Option<Trust>> = HashMap::new();
        let mut trust_of = |blob: &str| -> Option<Trust> {
            parsed
                .entry(blob.to_owned())
                .or_insert_with(|| {
                    self.blob_text(blob)
                        .and_then(|text| Trust::parse(&text).ok())
                })
                .clone()
        };
        let mut governance = Governance::default();
        // Pending versions: (blob, trust, producing record).
        let mut pending: Vec<(String, Trust, usize)> = Vec::new();
        let mut effective_producer: Option<usize> = None;
        let mut next_version = 0;
        for event in events.iter().map(Some).chain(std::iter::once(None)) {
            // Every version committed before this event (older record, larger index).
            while let Some((index, blob)) = versions.get(next_version) {
                if event.is_some_and(|event| *index < event.record) {
                    break;
                }
                next_version += 1;
                let Some(blob) = blob else { continue };
                let Some(trust) = trust_of(blob) else {
                    continue;
                };
                match governance.periods.last() {
                    None => {
                        governance.periods.push(Period {
                            since: *index,
                            trust,
                            blob: blob.clone(),
                            approval: None,
                        });
                        effective_producer = Some(*index);
                    }
                    Some(period) if period.trust == trust => {}
                    Some(_) => pending.push((blob.clone(), trust, *index)),
                }
            }
            let Some(event) = event else { break };
            let effective = governance.periods.last().map(|period| period.trust.clone());
            let target = pending
                .iter()
                .rev()
                .find(|(blob, _, _)| *blob == event.blob)
                .cloned();
            let config_approvers = |trust: &Trust| -> Vec<String> {
                trust
                    .config_approvers()
                    .into_iter()
                    .map(str::to_owned)
                    .collect()
            };
            let identities = effective.as_ref().map(config_approvers).unwrap_or_default();
            let emails = effective
                .as_ref()
                .map(|trust| {
                    identities
                        .iter()
                        .flat_map(|identity| trust.emails_for(identity))
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default();
            let proposed = target
                .as_ref()
                .map(|(_, trust, _)| {
                    config_approvers(trust)
                        .iter()
                        .flat_map(|identity| trust.emails_for(identity))
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default();
            let in_force = InForce {
                identities,
                emails,
                proposed,
            };
            let producers: Vec<usize> = versions
                .iter()
                .filter(|(_, blob)| blob.as_deref() == Some(event.blob.as_str()))
                .map(|(index, _)| *index)
                .collect();
            let newest_producer = producers
                .iter()
                .copied()
                .filter(|producer| self.graph.is_ancestor(*producer, event.record))
                .min();
            let changed_by: Vec<usize> = match newest_producer {
                Some(producer) => versions
                    .iter()
                    .map(|(index, _)| *index)
                    .filter(|index| *index >= producer)
                    .filter(|index| effective_producer.is_none_or(|since| *index < since))
                    .collect(),
                None => Vec::new(),
            };
            let ruling = self.judge(
                event,
                &Case {
                    trust: effective.as_ref(),
                    policy: &effective
                        .as_ref()
                        .map(|trust| trust.policy.clone())
                        .unwrap_or_default(),
                    in_force: &in_force,
                    producers: &producers,
                    changed_by: &changed_by,
                    version_approved: true,
                },
            );
            let current = head_blob.as_deref() == Some(event.blob.as_str());
            let approval = self.approval(event, ruling, current);
            let counts = approval.counts();
            governance.approvals.push(approval);
            if counts && let Some((blob, trust, producer)) = target {
                governance.periods.push(Period {
                    since: event.record,
                    trust,
                    blob,
                    approval: Some(governance.approvals.len() - 1),
                });
                effective_producer = Some(producer);
                pending.retain(|(_, _, index)| *index < producer);
            }
        }
        if let (Some(head_blob), Some(period)) = (&head_blob, governance.periods.last())
            && let Some(trust) = trust_of(head_blob)
            && trust != period.trust
        {
            let record = versions
                .iter()
                .rev()
                .find(|(_, blob)| blob.as_deref() == Some(head_blob.as_str()))
                .map(|(index, _)| *index)
                .unwrap_or_default();
            governance.pending = Some(PendingChange {
                blob: head_blob.clone(),
                record,
                changes: period.trust.changes_to(&trust),
                trust,
            });
        }
        governance
    }

    /// Whether `email` may approve (or review) the current version of `document` now, and if
    /// not, why: the same judgement an approval commit would get, without the commit.
    fn entitlement(
        &self,
        document: &Document,
        status: &DocumentStatus<'_>,
        email: &str,
        kind: Kind,
    ) -> Result<(), (Problem, String)> {
        let timeline = status.timeline;
        let trust = self.current_trust();
        let base_blob = status
            .approvals
            .iter()
            .rev()
            .find(|approval| approval.counts())
            .map(|approval| approval.blob.clone());
        let base = base_blob
            .as_deref()
            .map(|blob| self.fields(blob, document, &timeline.blob));
        let current = self.fields(&timeline.blob, document, &timeline.blob);
        let version_approved = status.current_version_approved;
        let reviewed = (kind == Kind::Review && version_approved).then(|| current.clone());
        let base_fields = reviewed.as_deref().or(base.as_deref());
        let mut in_force = self.in_force(trust, base_fields, &current);
        if kind == Kind::Review
            && let Some(owner) = base_fields.and_then(|fields| fields.owner.clone())
        {
            in_force.emails.push(owner);
        }
        let last_counted = status
            .last_counted_approval()
            .map(|approval| approval.record);
        let changed_by = self.changed_by(timeline, &timeline.blob, None, last_counted);
        let Some(trust) = trust else {
            return Err((
                Problem::NoConfiguration,
                "no aims.yaml is committed, so nobody is entitled to approve".to_owned(),
            ));
        };
        if kind == Kind::Review && !version_approved {
            return Err((
                Problem::VersionNotApproved,
                "a review confirms an approved version".to_owned(),
            ));
        }
        if !in_force
            .emails
            .iter()
            .any(|allowed| trust.same_person(allowed, email))
        {
            let problem = if in_force
                .proposed
                .iter()
                .any(|proposed| trust.same_person(proposed, email))
            {
                Problem::ListedOnlyByChange
            } else {
                Problem::NotListed
            };
            let listed = describe_identities(trust, &in_force.identities);
            let why = match problem {
                Problem::ListedOnlyByChange => format!(
                    "you are named as an approver only by the change under approval; approvers in force: {listed}"
                ),
                _ => format!("not among the approvers in force: {listed}"),
            };
            return Err((problem, why));
        }
        if kind == Kind::Approve
            && !self.policy().allow_self_approval
            && let Some(own) = changed_by
                .iter()
                .find(|index| trust.same_person(&self.history.records[**index].author.email, email))
        {
            return Err((
                Problem::SelfApproval,
                format!(
                    "you changed it since its last approval (commit {}); another approver must approve it",
                    short(&self.history.records[*own].id)
                ),
            ));
        }
        Ok(())
    }
}

/// The identities of `identities` none of `approved` (emails) covers.
fn missing(trust: &Trust, identities: &[String], approved: &[String]) -> Vec<String> {
    identities
        .iter()
        .filter(|identity| {
            !trust.emails_for(identity).iter().any(|email| {
                approved
                    .iter()
                    .any(|approver| trust.same_person(email, approver))
            })
        })
        .cloned()
        .collect()
}

/// `ceo (a@x), ai-lead (b@x)`.
fn describe_identities(trust: &Trust, identities: &[String]) -> String {
    if identities.is_empty() {
        return "nobody".to_owned();
    }
    identities
        .iter()
        .map(|identity| {
            if trust.is_role(identity) {
                format!("{identity} ({})", trust.emails_for(identity).join(", "))
            } else {
                identity.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn short(id: &str) -> &str {
    id.get(..7).unwrap_or(id)
}

/// What `aims approve` / `aims review` ask before writing anything: the same judgement an
/// approval commit would get, made without the commit.
pub struct Entitlement<'h, 'a> {
    assessor: Assessor<'h, 'a>,
}

impl<'h, 'a> Entitlement<'h, 'a> {
    pub fn new(
        history: &'h History,
        repo: &'a gix::Repository,
        config: &'a Config,
        today: Date,
    ) -> Entitlement<'h, 'a> {
        Entitlement {
            assessor: Assessor::new(history, repo, config, today),
        }
    }

    /// The document's status, as the assessment reports it.
    pub fn status(&self, document: &Document) -> Option<DocumentStatus<'h>> {
        self.assessor.evaluate(document)
    }

    /// Whether `email` may approve the current version (`review` false) or review it.
    pub fn check(
        &self,
        document: &Document,
        status: &DocumentStatus<'_>,
        email: &str,
        review: bool,
    ) -> Result<(), (Problem, String)> {
        let kind = if review { Kind::Review } else { Kind::Approve };
        self.assessor.entitlement(document, status, email, kind)
    }

    pub fn governance(&self) -> &Governance {
        &self.assessor.governance
    }

    /// Whether `email` may put the pending aims.yaml change into force now.
    pub fn check_config(&self, email: &str) -> Result<(), (Problem, String)> {
        let governance = &self.assessor.governance;
        let Some(pending) = &governance.pending else {
            return Err((
                Problem::NotListed,
                "the committed aims.yaml changes nothing about who may approve, so there is nothing to approve".to_owned(),
            ));
        };
        let Some(period) = governance.current() else {
            return Err((
                Problem::NoConfiguration,
                "no aims.yaml is in force yet".to_owned(),
            ));
        };
        let trust = &period.trust;
        let identities: Vec<String> = trust
            .config_approvers()
            .into_iter()
            .map(str::to_owned)
            .collect();
        let entitled = identities
            .iter()
            .flat_map(|identity| trust.emails_for(identity))
            .any(|allowed| trust.same_person(allowed, email));
        if !entitled {
            return Err((
                Problem::NotListed,
                format!(
                    "changes to who may approve are approved by `approval.config_approvers` as in force: {}",
                    describe_identities(trust, &identities)
                ),
            ));
        }
        let author = &self.assessor.history.records[pending.record].author.email;
        if !trust.policy.allow_self_approval && trust.same_person(author, email) {
            return Err((
                Problem::SelfApproval,
                "you made this change to aims.yaml; another config approver must approve it"
                    .to_owned(),
            ));
        }
        Ok(())
    }
}
