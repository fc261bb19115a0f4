//! Gap analysis: where the AIMS stands against every requirement of ISO/IEC 42001 clauses 4–10
//! and every Annex A control, as a prioritised checklist a compliance lead works through before
//! the Stage 1 audit.
//!
//! Each requirement is judged compliant, partial or not compliant from the same facts `aims lint`
//! and `aims status` use: the Statement of Applicability, the documents that evidence a clause
//! or implement a control, their approval and review state from git history, open
//! nonconformities, evidence files and the risks a control treats. Every gap names what is
//! missing, who owns it, a deadline and a priority, and the list is sorted so the first line is
//! the most urgent.

mod clauses;
mod controls;
mod documents;
pub mod framework;
mod priority;

use crate::catalog::Catalog;
use crate::config::Config;
use crate::history::approvals::{ReviewState, State};
use crate::history::assess::Assessment;
use crate::load::source::FileSource;
use crate::load::{Document, DocumentSet};
use jiff::civil::Date;
use serde::Serialize;
use std::collections::HashMap;

pub use priority::Priority;

crate::text::display_as_serialized!(Requirement, Applicability, Action, Effort);

/// Whether a requirement is met.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Conformity {
    NotCompliant,
    Partial,
    Compliant,
}

impl Conformity {
    /// The form for people (reports, the site).
    pub fn label(self) -> &'static str {
        match self {
            Conformity::Compliant => "compliant",
            Conformity::Partial => "partial",
            Conformity::NotCompliant => "not compliant",
        }
    }

    /// The machine-readable form (JSON, CSV), as serialised.
    pub fn name(self) -> &'static str {
        crate::text::variant_name(&self)
    }
}

/// A clause requirement or an Annex A control.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Requirement {
    Clause,
    Control,
}

/// What the Statement of Applicability says about a control.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    Applicable,
    Excluded,
    /// Not in the SoA (or no SoA at all).
    Undecided,
}

/// The kind of work a missing piece takes; it decides the effort.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// Approve a document version (`aims approve`).
    Approve,
    /// Record a periodic review (`aims review`).
    Review,
    /// Accept a risk's residual level (`aims accept`).
    Accept,
    /// Decide and write down applicability, a justification or a status in the SoA.
    Decide,
    /// Attach or fix evidence, or point a document at the clause it covers.
    Evidence,
    /// Finish a draft document.
    Finish,
    /// Complete a corrective action of a nonconformity.
    Correct,
    /// Complete a partial implementation.
    Complete,
    /// Write a document or record that does not exist.
    Write,
    /// Implement a control (or hold the audit or review) that has not been done.
    Implement,
}

/// One thing to do to close a gap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    pub action: Action,
    /// The document concerned, when there is one.
    pub document: Option<String>,
    pub text: String,
}

impl Missing {
    fn new(action: Action, document: Option<&str>, text: impl Into<String>) -> Missing {
        Missing {
            action,
            document: document.map(str::to_owned),
            text: text.into(),
        }
    }
}

/// Rough size of the work to close a gap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Effort {
    Low,
    Medium,
    High,
}

/// When a gap should be closed, and why that date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    pub date: Date,
    pub reason: String,
}

/// An open nonconformity raised against a requirement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenNonconformity {
    pub id: String,
    /// major, minor or observation.
    pub grade: String,
}

/// The assessment of one requirement.
#[derive(Debug, Clone)]
pub struct GapItem {
    pub requirement: Requirement,
    pub id: String,
    pub title: String,
    pub conformity: Conformity,
    /// Controls only.
    pub applicability: Option<Applicability>,
    /// Controls only: the SoA's implementation status as written.
    pub implementation: Option<String>,
    pub owner: Option<String>,
    /// Ids of the documents that evidence or implement it.
    pub evidence: Vec<String>,
    pub missing: Vec<Missing>,
    /// None for compliant requirements.
    pub priority: Option<Priority>,
    /// What raised the priority.
    pub reasons: Vec<String>,
    /// Controls only: the highest inherent level (likelihood × impact) of the active risks it
    /// treats, and those risks.
    pub risk_level: Option<u8>,
    pub risks: Vec<String>,
    pub nonconformities: Vec<OpenNonconformity>,
    pub effort: Option<Effort>,
    pub deadline: Option<Deadline>,
    /// Position in the standard (clauses first, then Annex A), for stable ordering.
    pub order: usize,
}

impl GapItem {
    /// A requirement before assessment: compliant until something is found missing.
    fn new(requirement: Requirement, id: &str, title: &str, order: usize) -> GapItem {
        GapItem {
            requirement,
            id: id.to_owned(),
            title: title.to_owned(),
            conformity: Conformity::Compliant,
            applicability: None,
            implementation: None,
            owner: None,
            evidence: Vec::new(),
            missing: Vec::new(),
            priority: None,
            reasons: Vec::new(),
            risk_level: None,
            risks: Vec::new(),
            nonconformities: Vec::new(),
            effort: None,
            deadline: None,
            order,
        }
    }

    pub fn is_gap(&self) -> bool {
        self.conformity != Conformity::Compliant
    }

    /// Whether the deadline has passed.
    pub fn overdue(&self, today: Date) -> bool {
        self.deadline
            .as_ref()
            .is_some_and(|deadline| deadline.date < today)
    }
}

/// Counts for one family of requirements.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub compliant: usize,
    pub partial: usize,
    pub not_compliant: usize,
    /// Controls excluded with a justification (counted as compliant).
    pub excluded: usize,
}

impl Tally {
    pub fn total(&self) -> usize {
        self.compliant + self.partial + self.not_compliant
    }
}

/// The whole analysis.
#[derive(Debug, Clone)]
pub struct GapReport {
    pub organisation: Option<String>,
    pub standard: String,
    pub today: Date,
    /// The commit the documents were read from, when they came from git.
    pub commit: Option<String>,
    /// Whether approvals and reviews could be read from git history.
    pub history: bool,
    pub stage1: Option<Date>,
    /// History is incomplete (shallow or partial clone): approvals may be missing.
    pub truncated: bool,
    /// Gaps first, most urgent first; then compliant requirements in the standard's order.
    pub items: Vec<GapItem>,
    pub clauses: Tally,
    pub controls: Tally,
}

impl GapReport {
    pub fn gaps(&self) -> impl Iterator<Item = &GapItem> {
        self.items.iter().filter(|item| item.is_gap())
    }

    pub fn compliant(&self) -> impl Iterator<Item = &GapItem> {
        self.items.iter().filter(|item| !item.is_gap())
    }
}

/// What history says about one document, as far as the gap analysis cares.
#[derive(Debug, Clone)]
pub struct Approvals {
    pub state: State,
    /// The date of the latest counted approval of any version.
    pub approved_on: Option<Date>,
    pub review: ReviewState,
    pub review_due: Option<Date>,
    /// With `quorum: all`, approvers still missing.
    pub missing_approvers: Vec<String>,
    /// Documents it depends on that changed after its last approval or review (ids).
    pub upstream_changed: Vec<String>,
    /// Its evidence entries past their validity (as written), with the date they went stale.
    pub stale_evidence: Vec<(String, Date)>,
    /// For a risk: the newest counted acceptance of its current version (`aims accept`).
    pub accepted: Option<Acceptance>,
}

/// A counted acceptance of a risk's current version, as history proves it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Acceptance {
    pub email: String,
    pub date: Option<Date>,
    pub commit: String,
    pub trust: crate::history::approvals::TrustLevel,
}

/// Project path → approval facts, for every document with history.
pub type ApprovalFacts = HashMap<String, Approvals>;

/// Condenses `aims status` results into what the analysis needs; `documents` are the ones
/// the assessment judged, for the references between them and their evidence (judged on
/// `today` with `config`'s refresh defaults).
pub fn approval_facts(
    assessment: &Assessment<'_>,
    documents: &DocumentSet,
    config: &Config,
    today: Date,
) -> ApprovalFacts {
    let history = assessment.history;
    assessment
        .statuses()
        .map(|status| {
            let approved_on = status
                .approvals
                .iter()
                .filter(|approval| approval.counts())
                .filter_map(|approval| history.records.get(approval.record))
                .filter_map(|record| record.committer.date())
                .max();
            let upstream_changed = documents
                .by_path(&status.path)
                .map(|document| {
                    let references = crate::load::references::references(document);
                    crate::check::impact::upstream_changes(
                        documents,
                        assessment,
                        document,
                        status,
                        &references,
                    )
                    .into_iter()
                    .map(|change| change.id.to_owned())
                    .collect()
                })
                .unwrap_or_default();
            let stale_evidence = documents
                .by_path(&status.path)
                .map(|document| {
                    crate::check::freshness::evidence_freshness(
                        config,
                        document,
                        Some(history),
                        today,
                    )
                    .into_iter()
                    .filter(|item| item.state == crate::check::freshness::State::Stale)
                    .filter_map(|item| Some((item.entry.to_owned(), item.deadline?)))
                    .collect()
                })
                .unwrap_or_default();
            let accepted = status.current_acceptances().last().map(|acceptance| {
                let record = &history.records[acceptance.record];
                Acceptance {
                    email: acceptance.email.clone(),
                    date: record.author.date(),
                    commit: record.id.clone(),
                    trust: acceptance.trust,
                }
            });
            (
                status.path.clone(),
                Approvals {
                    state: status.state,
                    approved_on,
                    review: status.review.state,
                    review_due: status.review.due,
                    missing_approvers: status.missing.clone(),
                    upstream_changed,
                    stale_evidence,
                    accepted,
                },
            )
        })
        .collect()
}

/// Everything the analysis reads.
pub struct GapInput<'a> {
    pub config: &'a Config,
    pub catalog: &'static Catalog,
    pub documents: &'a DocumentSet,
    pub files: &'a dyn FileSource,
    /// None when the project is not in git (or has no commits): approvals cannot be shown.
    pub approvals: Option<&'a ApprovalFacts>,
    pub commit: Option<String>,
    pub today: Date,
}

/// Runs the analysis.
pub fn analyse(input: &GapInput<'_>) -> GapReport {
    // Worked examples from `aims init` are never evidence of anything.
    let without_examples;
    let real_input;
    let input = if input.documents.loaded().any(Document::is_example) {
        without_examples = DocumentSet::new(
            input
                .documents
                .documents
                .iter()
                .filter(|document| !document.is_example())
                .cloned()
                .collect(),
        );
        real_input = GapInput {
            config: input.config,
            catalog: input.catalog,
            documents: &without_examples,
            files: input.files,
            approvals: input.approvals,
            commit: input.commit.clone(),
            today: input.today,
        };
        &real_input
    } else {
        input
    };
    let facts = documents::Facts::new(input);
    let mut items = clauses::assess(input, &facts);
    let clause_count = items.len();
    items.extend(controls::assess(input, &facts, clause_count));
    for item in &mut items {
        priority::rate(item, input.today, &input.config.risk);
    }
    let mut clauses = Tally::default();
    let mut controls = Tally::default();
    for item in &items {
        let tally = match item.requirement {
            Requirement::Clause => &mut clauses,
            Requirement::Control => &mut controls,
        };
        match item.conformity {
            Conformity::Compliant => tally.compliant += 1,
            Conformity::Partial => tally.partial += 1,
            Conformity::NotCompliant => tally.not_compliant += 1,
        }
        if item.applicability == Some(Applicability::Excluded)
            && item.conformity == Conformity::Compliant
        {
            tally.excluded += 1;
        }
    }
    items.sort_by(|a, b| {
        let rank = |item: &GapItem| {
            (
                !item.is_gap(),
                item.priority,
                item.deadline
                    .as_ref()
                    .map(|deadline| deadline.date)
                    .is_none(),
                item.deadline.as_ref().map(|deadline| deadline.date),
                item.effort,
                item.order,
            )
        };
        rank(a).cmp(&rank(b))
    });
    GapReport {
        organisation: input.config.organisation.clone(),
        standard: input.catalog.standard.clone(),
        today: input.today,
        commit: input.commit.clone(),
        history: input.approvals.is_some(),
        stage1: facts.stage1,
        truncated: false,
        items,
        clauses,
        controls,
    }
}

/// Why the analysis could not run (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum GapError {
    #[error(transparent)]
    History(#[from] crate::history::HistoryError),
    #[error(transparent)]
    Lint(#[from] crate::lint::LintError),
}

/// Options of [`for_project`].
pub struct GapOptions<'a> {
    /// Assess the documents as they stood at this revision (default: HEAD).
    pub at: Option<&'a str>,
    pub today: Date,
    /// Read and write the history cache under `.git/aims/`.
    pub cache: bool,
}

/// Analyses a project: the documents as committed (with approvals and reviews from history),
/// or, in a directory that is not yet a git repository or has no commits, the working tree
/// without them.
pub fn for_project(config: &Config, options: &GapOptions<'_>) -> Result<GapReport, GapError> {
    assess_project(config, options).map(|assessed| assessed.report)
}

/// The analysis together with the documents it was made from (for the framework views, which
/// also read the documents' own `references`).
pub struct AssessedProject {
    pub report: GapReport,
    pub documents: DocumentSet,
}

/// Reads another framework through the analysis of a project.
pub fn framework_for_project(
    config: &Config,
    options: &GapOptions<'_>,
    framework: &crate::catalog::frameworks::Framework,
) -> Result<framework::FrameworkReport, GapError> {
    let assessed = assess_project(config, options)?;
    Ok(framework::assess(
        framework,
        &assessed.report,
        &assessed.documents,
    ))
}

/// [`for_project`], keeping the documents.
pub fn assess_project(
    config: &Config,
    options: &GapOptions<'_>,
) -> Result<AssessedProject, GapError> {
    use crate::history::{self, HistoryError};
    let snapshot = match history::snapshot(config, options.at, options.cache) {
        Ok(snapshot) => snapshot,
        Err(HistoryError::NotARepository | HistoryError::NoCommits) if options.at.is_none() => {
            let worktree = crate::load::worktree::Worktree::new(&config.root);
            let documents = crate::lint::load(config, &worktree)?;
            let report = analyse(&GapInput {
                config,
                catalog: crate::catalog::catalog(),
                documents: &documents,
                files: &worktree,
                approvals: None,
                commit: None,
                today: options.today,
            });
            return Ok(AssessedProject { report, documents });
        }
        Err(error) => return Err(error.into()),
    };
    let assessment = snapshot.assess(config, options.today);
    let approvals = approval_facts(&assessment, &snapshot.documents, config, options.today);
    let mut report = analyse(&GapInput {
        config,
        catalog: crate::catalog::catalog(),
        documents: &snapshot.documents,
        files: &snapshot.source,
        approvals: Some(&approvals),
        commit: Some(snapshot.history.head.to_string()),
        today: options.today,
    });
    report.truncated = snapshot.history.truncated() || snapshot.history.partial;
    // `snapshot` stays borrowed by the evaluator; the documents are cheap to copy (their text
    // is shared).
    let documents = DocumentSet::new(snapshot.documents.documents.clone());
    Ok(AssessedProject { report, documents })
}
