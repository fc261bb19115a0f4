//! Rendering findings: one renderer per output format behind one `match`. Renderers return the
//! text; the binary decides where it goes.

pub mod cells;
pub mod diff;
pub mod framework;
pub mod gap;
pub mod github;
pub mod group;
pub mod human;
pub mod json;
pub mod markdown;
pub mod review_pack;
pub mod revisions;
pub mod sarif;
pub mod statistics;
pub mod terminal_markdown;

/// Output formats of `aims lint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    Github,
    Sarif,
    Markdown,
}

pub use crate::lint::LintReport;

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
