//! `SiteModel`: everything the pages show, computed once before any page is rendered — the
//! documents and their approval statuses, the lint findings, the gap analysis, the build commit,
//! one view per document (shared by its page, the binder, the document list and the search
//! index), and the repository files the site must carry. Pages only read it, so they can be
//! rendered in any order, in parallel, and none can change what another one shows.

pub mod changes;
pub mod document;
pub mod trends;

use super::Progress;
use super::links::{Copy, Links};
use crate::check::impact::upstream_changes;
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::gap::GapReport;
use crate::history::History;
use crate::history::assess::Assessment;
use crate::history::diff::SinceApproval;
use crate::load::source::FileSource;
use crate::load::{Document, DocumentSet};
use document::{DocView, kind_rank};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// The commit the site is built from.
pub struct Commit {
    pub id: String,
    pub short: String,
    /// ISO 8601 committer date.
    pub date: String,
    /// On the forge, when `repo_url` is configured (else empty).
    pub url: String,
    /// Built from a shallow clone: history before the cut is missing.
    pub shallow: bool,
}

/// A document that changed after a document depending on it was last approved or reviewed.
pub struct Upstream {
    pub id: String,
    /// The commits (indices into the history's records, newest first) that changed it since.
    pub commits: Vec<usize>,
}

/// An evidence folder: the site lists its files on a page of its own.
pub struct Folder {
    pub path: String,
    pub files: Vec<String>,
}

pub struct SiteModel<'a> {
    pub config: &'a Config,
    pub organisation: String,
    pub links: Links<'a>,
    pub documents: &'a DocumentSet,
    pub assessment: &'a Assessment<'a>,
    pub diagnostics: Vec<Diagnostic>,
    pub gap: GapReport,
    pub today: jiff::civil::Date,
    pub commit: Commit,
    /// One view per document with a page, in binder order (by kind, then id).
    pub views: Vec<DocView>,
    /// By document path: the documents it depends on that changed after its last counted
    /// approval or review (rule AIMS413), in reference order.
    pub upstream: BTreeMap<String, Vec<Upstream>>,
    /// Repository files copied into the site, each once, in path order.
    pub files: BTreeSet<String>,
    /// The files linked to on their own (not only as part of a folder), in path order.
    pub named_files: BTreeSet<String>,
    /// Evidence folders, in path order.
    pub folders: Vec<Folder>,
    /// What changed since `--since REV`, when asked for.
    pub since: Option<crate::lint::revisions::RevisionDiff>,
    /// The management-review input pack since the previous review (`review-pack.html`), set
    /// by the build, which holds the commit's files it is made from.
    pub review_pack: Option<crate::review_pack::ReviewPack>,
    /// The Statement of Applicability in force, found once: pages ask for it per control.
    soa: Option<&'a Document>,
    /// The risks in force (with an id, not retired), by id: the heat maps and the
    /// traceability matrix all list them.
    risks_in_force: Vec<&'a Document>,
}

/// What the model is computed from.
pub struct Inputs<'a> {
    pub config: &'a Config,
    /// Where approved versions are read from, to show what changed since (`None`: not shown).
    pub repo: Option<&'a gix::Repository>,
    pub source: &'a dyn FileSource,
    pub documents: &'a DocumentSet,
    pub history: &'a History,
    pub assessment: &'a Assessment<'a>,
    pub diagnostics: Vec<Diagnostic>,
    pub today: jiff::civil::Date,
    pub since: Option<crate::lint::revisions::RevisionDiff>,
}

impl<'a> SiteModel<'a> {
    /// Computes the model; `progress` hears of each document view as it is built.
    pub fn new(inputs: Inputs<'a>, progress: &dyn Progress) -> SiteModel<'a> {
        let Inputs {
            config,
            repo,
            source,
            documents,
            history,
            assessment,
            diagnostics,
            today,
            since: since_rev,
        } = inputs;
        let links = Links::new(config, documents, source);
        let head = history.head.to_string();
        let commit = Commit {
            short: head.chars().take(7).collect(),
            date: history
                .records
                .first()
                .map(|record| record.committer.iso8601())
                .unwrap_or_default(),
            url: links.commit_url(&head).unwrap_or_default(),
            shallow: history.truncated(),
            id: head,
        };
        let since = since_approval(repo, &links, assessment, documents);
        // The gap analysis runs on one thread: beside the document views, it costs no time of
        // its own.
        let (gap, (views, upstream)) = rayon::join(
            || {
                let approvals = crate::gap::approval_facts(assessment, documents, config, today);
                crate::gap::analyse(&crate::gap::GapInput {
                    config,
                    catalog: crate::catalog::catalog(),
                    documents,
                    files: source,
                    approvals: Some(&approvals),
                    commit: Some(commit.id.clone()),
                    today,
                })
            },
            || {
                views(
                    &links,
                    history,
                    assessment,
                    documents,
                    &Dated {
                        today,
                        since: &since,
                    },
                    progress,
                )
            },
        );
        let (files, named_files, folders) = copies(&links, source, &views);
        SiteModel {
            config,
            organisation: config
                .organisation
                .clone()
                .unwrap_or_else(|| "Our organisation".to_owned()),
            links,
            documents,
            assessment,
            diagnostics,
            gap,
            today,
            commit,
            views,
            upstream,
            files,
            named_files,
            folders,
            since: since_rev,
            review_pack: None,
            soa: soa_in_force(documents),
            risks_in_force: risks_in_force(documents),
        }
    }
}

impl<'a> SiteModel<'a> {
    /// The Statement of Applicability in force.
    pub fn soa(&self) -> Option<&'a Document> {
        self.soa
    }

    /// The risks in force (with an id, not retired), by id.
    pub fn risks_in_force(&self) -> &[&'a Document] {
        &self.risks_in_force
    }

    /// How `upstream` changed since `downstream` was last approved or reviewed, if it did.
    pub fn upstream_change(&self, downstream: &Document, upstream: &str) -> Option<&Upstream> {
        self.upstream
            .get(&downstream.path)?
            .iter()
            .find(|change| change.id == upstream)
    }
}

/// The Statement of Applicability in force: the first one not retired.
fn soa_in_force(documents: &DocumentSet) -> Option<&Document> {
    documents
        .of_kind("soa")
        .find(|document| !document.is_retired())
}

fn risks_in_force(documents: &DocumentSet) -> Vec<&Document> {
    let mut risks: Vec<&Document> = documents
        .of_kind("risk")
        .filter(|document| document.id().is_some() && !document.is_retired())
        .collect();
    risks.sort_by_key(|document| document.id());
    risks
}

/// What one document refers to: the ids for "referenced by", and the documents it depends on
/// that changed since its last sign-off.
struct Outgoing<'d> {
    document: &'d Document,
    ids: Vec<&'d str>,
    upstream: Vec<Upstream>,
}

/// Reads each document's references once, in parallel.
fn outgoing<'d>(documents: &'d DocumentSet, assessment: &Assessment<'_>) -> Vec<Outgoing<'d>> {
    let loaded: Vec<&Document> = documents.loaded().collect();
    loaded
        .par_iter()
        .map(|&document| {
            let references = crate::load::references::Facts::of(document).references;
            let upstream = assessment
                .status(&document.path)
                .map(|status| {
                    upstream_changes(documents, assessment, document, status, &references)
                        .into_iter()
                        .map(|change| Upstream {
                            id: change.id.to_owned(),
                            commits: change.commits,
                        })
                        .collect()
                })
                .unwrap_or_default();
            Outgoing {
                document,
                ids: references.iter().map(|reference| reference.id).collect(),
                upstream,
            }
        })
        .collect()
}

/// Each document with a page against its last counted approval, by path (read from git
/// serially: a repository is not shared between threads).
fn since_approval(
    repo: Option<&gix::Repository>,
    links: &Links<'_>,
    assessment: &Assessment<'_>,
    documents: &DocumentSet,
) -> BTreeMap<String, SinceApproval> {
    let Some(repo) = repo else {
        return BTreeMap::new();
    };
    documents
        .loaded()
        .filter(|document| links.has_page(document))
        .filter_map(|document| {
            let status = assessment.status(&document.path)?;
            Some((
                document.path.clone(),
                crate::history::diff::since_approval(repo, status, document.text.as_bytes()),
            ))
        })
        .collect()
}

/// The day pages are judged on and what changed since each approval.
struct Dated<'d> {
    today: jiff::civil::Date,
    since: &'d BTreeMap<String, SinceApproval>,
}

/// One view per document with a page, built in parallel, in binder order, and the upstream
/// changes of every document, by path.
fn views(
    links: &Links<'_>,
    history: &History,
    assessment: &Assessment<'_>,
    documents: &DocumentSet,
    dated: &Dated<'_>,
    progress: &dyn Progress,
) -> (Vec<DocView>, BTreeMap<String, Vec<Upstream>>) {
    let today = dated.today;
    // Who refers to whom, for "referenced by".
    let mut incoming: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut upstream: BTreeMap<String, Vec<Upstream>> = BTreeMap::new();
    for out in outgoing(documents, assessment) {
        if let Some(from) = out.document.id() {
            for id in out.ids {
                if id != from {
                    incoming
                        .entry(id.to_owned())
                        .or_default()
                        .insert(from.to_owned());
                }
            }
        }
        if !out.upstream.is_empty() {
            upstream.insert(out.document.path.clone(), out.upstream);
        }
    }
    let with_pages: Vec<&Document> = documents
        .loaded()
        .filter(|document| links.has_page(document))
        .collect();
    progress.start(with_pages.len());
    // Each document is rendered once, with links relative to a placeholder root that each page
    // then replaces with its own ("../" on document pages, "" in the binder).
    let mut views: Vec<DocView> = with_pages
        .par_iter()
        .map(|document| {
            let referenced_by: Vec<String> = document
                .id()
                .and_then(|id| incoming.get(id))
                .map(|ids| ids.iter().cloned().collect())
                .unwrap_or_default();
            let view = document::doc_view(
                links,
                history,
                document,
                assessment.status(&document.path),
                &document::Related {
                    referenced_by: &referenced_by,
                    upstream: upstream
                        .get(&document.path)
                        .map(Vec::as_slice)
                        .unwrap_or_default(),
                    kpis: assessment.kpis(&document.path),
                    today,
                    since_approval: dated.since.get(&document.path),
                },
                super::ROOT,
            );
            progress.advance(1);
            view
        })
        .collect();
    views.sort_by(|a, b| {
        (kind_rank(&a.kind), &a.kind, &a.id).cmp(&(kind_rank(&b.kind), &b.kind, &b.id))
    });
    (views, upstream)
}

/// The repository files and folders the site links to: what the document views link to, and
/// the evidence the SoA page and the traceability matrix show (the evidence of the SoA in
/// force and of the documents it names as implementing controls).
fn copies(
    links: &Links<'_>,
    source: &dyn FileSource,
    views: &[DocView],
) -> (BTreeSet<String>, BTreeSet<String>, Vec<Folder>) {
    let mut linked: BTreeSet<Copy> = views
        .iter()
        .flat_map(|view| view.copies.iter().cloned())
        .collect();
    if let Some(soa) = soa_in_force(links.documents) {
        for entry in crate::load::model::soa_entries(soa) {
            linked.extend(entry.evidence.iter().filter_map(|e| links.evidence_copy(e)));
            for id in &entry.implemented_by {
                let evidence = links
                    .document_of(id)
                    .and_then(|document| document.get("/evidence"))
                    .and_then(serde_json::Value::as_array);
                linked.extend(
                    evidence
                        .into_iter()
                        .flatten()
                        .filter_map(crate::load::references::evidence_path)
                        .filter_map(|e| links.evidence_copy(e)),
                );
            }
        }
    }
    let mut files = BTreeSet::new();
    let mut named_files = BTreeSet::new();
    let mut folders = Vec::new();
    for copy in linked {
        match copy {
            Copy::File(path) => {
                files.insert(path.clone());
                named_files.insert(path);
            }
            Copy::Folder(path) => {
                let listed: Vec<String> = source
                    .list(std::slice::from_ref(&path))
                    .map(|found| found.into_iter().map(|file| file.path).collect())
                    .unwrap_or_default();
                files.extend(listed.iter().cloned());
                folders.push(Folder {
                    path,
                    files: listed,
                });
            }
        }
    }
    (files, named_files, folders)
}
