//! Rendering findings: one renderer per output format behind one `match`. Renderers return the
//! text; the binary decides where it goes.

pub mod cells;
pub mod framework;
pub mod gap;
pub mod github;
pub mod group;
pub mod human;
pub mod json;
pub mod markdown;
pub mod sarif;
pub mod statistics;
pub mod terminal_markdown;

use crate::diagnostic::{Counts, Diagnostic};
use std::collections::HashMap;

/// Output formats of `aims lint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    Github,
    Sarif,
    Markdown,
}

/// The result of a lint run, with what renderers need to show it.
#[derive(Debug, Default)]
pub struct LintReport {
    pub diagnostics: Vec<Diagnostic>,
    /// How many documents were checked.
    pub files: usize,
    /// How many of those matched files are not documents (no frontmatter, no id, unreadable):
    /// the same count `aims status` and the site show.
    pub not_documents: usize,
    /// Findings suppressed by waivers.
    pub waived: usize,
    /// File texts by project-relative path, for source snippets.
    pub sources: HashMap<String, std::sync::Arc<str>>,
    /// The project root relative to the repository root (`""` or `compliance/`), prefixed to
    /// paths in formats that need repository-relative paths (GitHub, SARIF).
    pub path_prefix: String,
    /// For `--staged` and `--base`: the documents the change touches.
    pub changed: Option<Vec<crate::lint::changes::ChangedDocument>>,
    /// For `--base`: the revision compared with.
    pub base: Option<String>,
}

impl LintReport {
    pub fn counts(&self) -> Counts {
        Counts::of(&self.diagnostics)
    }

    pub fn source(&self, path: &str) -> Option<&str> {
        self.sources.get(path).map(|text| &**text)
    }
}

/// Options for the human renderer.
#[derive(Debug, Clone, Copy, Default)]
pub struct HumanOptions {
    pub color: bool,
    /// Leave out the closing summary line (used when the run stopped before checking).
    pub no_summary: bool,
    /// Show alike findings as one block listing their locations (`group.rs`).
    pub group: bool,
    /// Show only findings at or above this severity (`--quiet`); the summary counts all.
    pub threshold: Option<crate::diagnostic::Severity>,
}

/// Renders a report in the chosen format.
pub fn render(report: &LintReport, format: Format, human: HumanOptions) -> String {
    match format {
        Format::Human => human::render(report, human),
        Format::Json => json::render(report),
        Format::Github => github::render(report),
        Format::Sarif => sarif::render(report),
        Format::Markdown => markdown::render(report),
    }
}
pub mod status;
pub mod status_view;
