//! `findings.html`: what `aims lint` finds on the commit, and the files the configuration
//! matches that are not tracked as documents.

use super::super::html::filters;
use super::super::layout::Layout;
use super::super::model::SiteModel;
use super::Page;
use crate::diagnostic::Severity;
use askama::Template;
use std::collections::BTreeMap;

pub struct Findings;

impl Page for Findings {
    fn file(&self) -> &str {
        "findings.html"
    }

    fn title(&self, _: &SiteModel<'_>) -> String {
        "Lint findings".to_owned()
    }

    fn nav(&self) -> Option<&'static str> {
        Some("Findings")
    }

    fn render(&self, model: &SiteModel<'_>, layout: &Layout<'_>) -> askama::Result<String> {
        findings_page(model, layout).render()
    }
}

pub struct FindingRow {
    pub severity: &'static str,
    pub code: String,
    pub message: String,
    /// `path:line:column`.
    pub place: String,
    /// The page of the document the finding is in (empty when it has none).
    pub href: String,
    pub help: String,
}

#[derive(Template)]
#[template(path = "findings.html")]
struct FindingsTemplate<'a> {
    layout: &'a Layout<'a>,
    rows: Vec<FindingRow>,
    errors: usize,
    warnings: usize,
    infos: usize,
    /// Matched files that are not tracked as documents: (path, why).
    untracked: Vec<(String, String)>,
    /// `3 without frontmatter, 1 without an id`.
    untracked_summary: String,
}

fn findings_page<'a>(model: &SiteModel<'_>, layout: &'a Layout<'a>) -> FindingsTemplate<'a> {
    let root = layout.root.as_str();
    let links = &model.links;
    let counts = crate::diagnostic::Counts::of(&model.diagnostics);
    let rows = model
        .diagnostics
        .iter()
        .map(|diagnostic| FindingRow {
            severity: match diagnostic.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "info",
            },
            code: diagnostic.code.to_owned(),
            message: diagnostic.message.clone(),
            place: format!(
                "{}:{}:{}",
                diagnostic.path, diagnostic.span.start.line, diagnostic.span.start.column
            ),
            href: links
                .paths
                .get(&diagnostic.path)
                .and_then(|id| links.pages.get(id))
                .map(|url| format!("{root}{url}"))
                .unwrap_or_default(),
            help: diagnostic.help.clone().unwrap_or_default(),
        })
        .collect();
    let not_documents = model.documents.not_documents();
    let mut reasons: BTreeMap<crate::load::Untracked, usize> = BTreeMap::new();
    for item in &not_documents {
        *reasons.entry(item.reason).or_default() += 1;
    }
    FindingsTemplate {
        layout,
        rows,
        errors: counts.errors,
        warnings: counts.warnings,
        infos: counts.infos,
        untracked: not_documents
            .iter()
            .map(|item| (item.path.to_owned(), item.reason.describe().to_owned()))
            .collect(),
        untracked_summary: reasons
            .iter()
            .map(|(reason, count)| reason.counted(*count))
            .collect::<Vec<_>>()
            .join(", "),
    }
}
