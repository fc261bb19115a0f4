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
use rayon::prelude::*;
use serde_json::Value;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

/// Every document's status at one commit, and the approved configuration over time.
pub struct Assessment<'h> {
    pub history: &'h History,
    pub governance: Governance,
    /// Parent links of the history's records, for questions of the form "had this change
    /// happened when that approval was given?" that dates cannot answer honestly.
    pub graph: Graph,
    statuses: HashMap<String, DocumentStatus<'h>>,
    /// Paths in order, for deterministic iteration.
    paths: Vec<String>,
    /// Objectives' KPI series, by path (only objectives with named KPIs).
    kpis: HashMap<String, Vec<super::kpi::KpiSeries>>,
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
            graph: assessor.graph,
            statuses,
            paths,
            kpis: HashMap::new(),
        }
    }

    /// Rebuilds the objectives' KPI series from their committed versions, for what shows
    /// them (`aims status`, the site); lint's rules read the current values only, so a lint
    /// run does not pay for reading old versions.
    pub fn read_kpis(&mut self, repo: &gix::Repository, documents: &DocumentSet) {
        let read = |blob: &str| {
            let id = gix::ObjectId::from_hex(blob.as_bytes()).ok()?;
            String::from_utf8(repo.find_blob(id).ok()?.data.clone()).ok()
        };
        for document in documents.of_kind("objective") {
            let Some(status) = self.statuses.get(&document.path) else {
                continue;
            };
            let series = super::kpi::series(self.history, status.timeline, document, read);
            if !series.is_empty() {
                self.kpis.insert(document.path.clone(), series);
            }
        }
    }

    /// The KPI series of the objective at `path`, current KPIs in order (empty for other
    /// documents, and until [`Assessment::read_kpis`]).
    pub fn kpis(&self, path: &str) -> &[super::kpi::KpiSeries] {
        self.kpis.get(path).map(Vec::as_slice).unwrap_or_default()
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
    /// A risk's `acceptance.by`: who must accept its residual level.
    #[serde(default)]
    acceptance_by: Option<String>,
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
            acceptance_by: document.str_at("/acceptance/by").map(str::to_owned),
        }
    }
}

/// Who may approve a version, and who the change itself would have liked to.
#[derive(Default)]
struct InForce {
    /// Roles and emails, as configured.
    identities: Vec<String>,
    /// Their emails.
    emails: Vec<String>,
    /// Emails the unapproved change names (its own `approvers` or owner, or a pending
    /// aims.yaml), to explain why an approval by one of them does not count.
    proposed: Vec<String>,
}

impl InForce {
    /// `identities` (roles and emails) in force under `trust`, with the emails they resolve to.
    fn resolve(trust: &Trust, identities: Vec<String>, proposed: Vec<String>) -> InForce {
        let emails = identities
            .iter()
            .flat_map(|identity| trust.emails_for(identity))
            .map(str::to_owned)
            .collect();
        InForce {
            identities,
            emails,
            proposed,
        }
    }
}

/// Whether a version may name `identity` for itself: only a role of the approved aims.yaml, or
/// an email holding one, since a change cannot pick its own approver (or acceptor).
fn known_to(trust: &Trust, identity: &str) -> bool {
    trust.is_role(identity) || (identity.contains('@') && trust.holds_a_role(identity))
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
/// (Renamed when the fields change, so an older cache without them is never read.)
const FIELDS_CACHE: super::cache::BlobCache = super::cache::BlobCache::new("version-fields-2");

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
        if assessor
            .governance
            .policy()
            .is_some_and(|policy| policy.merge_commits)
        {
            assessor.index.add_merge_approvals(history);
        }
        assessor.read_approved_versions();
        assessor
    }

    /// Reads, in parallel, the fields of every document version an approval source in force
    /// names that the cache lacks. Judging asks for them one at a time, and each is an old
    /// version of a document: at the end of a long delta chain in a packed repository.
    fn read_approved_versions(&self) {
        let known = self.fields.borrow();
        let wanted: HashSet<&str> = self
            .index
            .by_id
            .values()
            .chain(self.index.by_blob.values())
            .flatten()
            .filter(|event| self.source_enabled(event) && !known.contains_key(&event.blob))
            .map(|event| event.blob.as_str())
            .collect();
        if wanted.is_empty() {
            return;
        }
        // Grouped by document, whose path the versions are parsed under. (Reading a
        // document's versions together was measured to share little: delta chains run
        // across documents.)
        let versions: Vec<(&str, Vec<&str>)> = self
            .history
            .timelines
            .values()
            .filter_map(|timeline| {
                let mut blobs: Vec<&str> = timeline
                    .blobs
                    .iter()
                    .flatten()
                    .map(String::as_str)
                    .filter(|blob| wanted.contains(blob))
                    .collect();
                blobs.dedup();
                (!blobs.is_empty()).then_some((timeline.path.as_str(), blobs))
            })
            .collect();
        drop(known);
        if versions.is_empty() {
            return;
        }
        let shared = self.repo.clone().into_sync();
        let packs = crate::git::packs::Packs::open(self.repo);
        let read: Vec<(String, VersionFields)> = versions
            .par_iter()
            .map_init(
                || shared.to_thread_local(),
                |repo, (path, blobs)| {
                    use gix::objs::FindExt;
                    let objects = packs.reader(repo);
                    blobs
                        .iter()
                        .filter_map(|blob| {
                            let id = gix::ObjectId::from_hex(blob.as_bytes()).ok()?;
                            let mut data = Vec::new();
                            objects.find_blob(&id, &mut data).ok()?;
                            let document = Document::parse(path, data);
                            Some(((*blob).to_owned(), VersionFields::of(&document)))
                        })
                        .collect::<Vec<_>>()
                },
            )
            .flatten()
            .collect();
        if read.is_empty() {
            return;
        }
        self.fields_read.set(true);
        self.fields.borrow_mut().extend(
            read.into_iter()
                .map(|(blob, fields)| (blob, Rc::new(fields))),
        );
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

mod govern;
mod impact;
mod judge;
mod status;

pub use govern::Entitlement;
