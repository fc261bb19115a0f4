//! `changes.html` (with `aims site --since REV`): what changed in the AIMS from REV to the
//! site's commit — the same summary as `aims diff`, with each document linking to its page and
//! each changed document's diff shown in full under its own anchor, which its page links to.

use super::super::layout::Layout;
use super::super::links::Link;
use super::super::model::SiteModel;
use super::super::model::changes::{DiffView, diff_view};
use super::Page;
use crate::lint::revisions::{ChangeKind, DocumentChange, Finding, RevisionDiff};
use crate::text::count;
use askama::Template;

pub struct Changes;

/// The page's file, for links from document pages.
pub const FILE: &str = "changes.html";

/// The anchor of the `index`th changed document on the page.
pub fn anchor(index: usize) -> String {
    format!("change-{}", index + 1)
}

/// "5 commits, 4 documents changed, 1 approval or review, 2 findings introduced and 2
/// resolved": the page's lede and the dashboard's line.
pub fn period(diff: &RevisionDiff) -> String {
    let found = &diff.findings;
    format!(
        "{}, {} changed, {}, {} introduced and {} resolved",
        count(diff.commits, "commit", "commits"),
        count(diff.documents.len(), "document", "documents"),
        count(
            diff.approvals.len(),
            "approval or review",
            "approvals and reviews"
        ),
        count(found.introduced.len(), "finding", "findings"),
        found.resolved.len()
    )
}

/// What a document's page says about it: "Changed since audit-2025".
pub fn since_label(change: ChangeKind, rev: &str) -> String {
    let name = change.name();
    let mut chars = name.chars();
    let first = chars.next().map(|c| c.to_ascii_uppercase()).unwrap_or(' ');
    format!("{first}{} since {rev}", chars.as_str())
}

impl Page for Changes {
    fn file(&self) -> &str {
        FILE
    }

    fn title(&self, model: &SiteModel<'_>) -> String {
        match &model.since {
            Some(diff) => format!("Changes since {}", diff.from.rev),
            None => "Changes".to_owned(),
        }
    }

    fn nav(&self) -> Option<&'static str> {
        Some("Changes")
    }

    fn render(&self, model: &SiteModel<'_>, layout: &Layout<'_>) -> askama::Result<String> {
        let Some(diff) = &model.since else {
            return Ok(String::new());
        };
        let root = layout.root.as_str();
        let findings_counts = |counts: &crate::diagnostic::Counts| {
            format!(
                "{}, {}, {}",
                count(counts.errors, "error", "errors"),
                count(counts.warnings, "warning", "warnings"),
                count(counts.infos, "note", "notes")
            )
        };
        let found = &diff.findings;
        ChangesTemplate {
            layout,
            diff,
            period: period(diff),
            findings_summary: format!(
                "{} introduced ({}); {} resolved ({})",
                found.introduced.len(),
                findings_counts(&found.introduced_counts),
                found.resolved.len(),
                findings_counts(&found.resolved_counts)
            ),
            counts: diff
                .counts()
                .into_iter()
                .map(|(kind, n)| (kind.name(), n))
                .collect(),
            documents: diff
                .documents
                .iter()
                .enumerate()
                .map(|(index, document)| row(model, document, index, root))
                .collect(),
            approvals: diff
                .approvals
                .iter()
                .map(|sign_off| ApprovalRow {
                    day: sign_off.date.get(..10).unwrap_or(&sign_off.date).to_owned(),
                    date: sign_off.date.clone(),
                    action: sign_off.action,
                    document: document_link(model, sign_off.id.as_deref(), &sign_off.path, root),
                    version: sign_off.version.chars().take(7).collect(),
                    by: format!("{} <{}>", sign_off.name, sign_off.email),
                    signature: if sign_off.signed {
                        sign_off.trust.explain()
                    } else {
                        "unsigned"
                    },
                    counts: sign_off.counts,
                    why: sign_off.why.clone().unwrap_or_default(),
                })
                .collect(),
            finding_lists: vec![
                (
                    "Introduced",
                    findings(model, &diff.findings.introduced, root),
                ),
                ("Resolved", findings(model, &diff.findings.resolved, root)),
            ],
        }
        .render()
    }
}

pub struct DocumentRow {
    pub change: &'static str,
    pub document: Link,
    pub path: String,
    pub from: String,
    pub summary: String,
    pub anchor: String,
    /// The diff against the earlier revision (none for deleted documents).
    pub diff: Option<DiffView>,
}

pub struct ApprovalRow {
    pub date: String,
    pub day: String,
    pub action: &'static str,
    pub document: Link,
    pub version: String,
    pub by: String,
    pub signature: &'static str,
    pub counts: bool,
    pub why: String,
}

pub struct FindingRow {
    pub severity: &'static str,
    pub code: &'static str,
    pub place: String,
    pub href: String,
    pub message: String,
}

#[derive(Template)]
#[template(path = "changes.html")]
struct ChangesTemplate<'a> {
    layout: &'a Layout<'a>,
    diff: &'a RevisionDiff,
    /// "5 commits, 4 documents changed, …".
    period: String,
    /// "2 introduced (1 error, …); 1 resolved (…)".
    findings_summary: String,
    counts: Vec<(&'static str, usize)>,
    documents: Vec<DocumentRow>,
    approvals: Vec<ApprovalRow>,
    /// ("Introduced", rows) and ("Resolved", rows).
    finding_lists: Vec<(&'static str, Vec<FindingRow>)>,
}

/// A link to the page of the document at `path` (plain text when it has none: deleted, or
/// not the page its id shows).
fn document_link(model: &SiteModel<'_>, id: Option<&str>, path: &str, root: &str) -> Link {
    let text = id.unwrap_or(path).to_owned();
    match model.links.paths.get(path) {
        Some(page_id)
            if Some(page_id.as_str()) == id && model.links.pages.contains_key(page_id) =>
        {
            model.links.document_link(page_id, root)
        }
        _ => Link {
            href: String::new(),
            text,
            title: String::new(),
        },
    }
}

fn row(model: &SiteModel<'_>, document: &DocumentChange, index: usize, root: &str) -> DocumentRow {
    let mut link = document_link(model, document.id.as_deref(), &document.path, root);
    if link.title.is_empty() {
        link.title = document.title.clone().unwrap_or_default();
    }
    DocumentRow {
        change: document.change.name(),
        document: link,
        path: document.path.clone(),
        from: document.from.clone().unwrap_or_default(),
        summary: if document.change == ChangeKind::Added {
            String::new()
        } else {
            document.summary()
        },
        anchor: anchor(index),
        diff: (document.change != ChangeKind::Deleted).then(|| {
            let (caption, labels) = if document.change == ChangeKind::Added {
                ("Fields", ("Before", "Added version"))
            } else {
                ("Fields changed", ("Earlier version", "This version"))
            };
            diff_view(&document.diff, caption, labels)
        }),
    }
}

fn findings(model: &SiteModel<'_>, findings: &[Finding], root: &str) -> Vec<FindingRow> {
    findings
        .iter()
        .map(|finding| FindingRow {
            severity: finding.severity.name(),
            code: finding.code,
            place: format!("{}:{}", finding.path, finding.line),
            href: model
                .links
                .paths
                .get(&finding.path)
                .and_then(|id| model.links.pages.get(id))
                .map(|url| format!("{root}{url}"))
                .unwrap_or_default(),
            message: finding.message.clone(),
        })
        .collect()
}
