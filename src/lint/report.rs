//! What a lint run hands to renderers: the findings, what was checked, and the texts to quote.

use crate::diagnostic::{Counts, Diagnostic};
use std::collections::HashMap;

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
    pub changed: Option<Vec<super::changes::ChangedDocument>>,
    /// For `--base`: the revision compared with.
    pub base: Option<String>,
    /// For `--base`: the documents that depend on a document the change modifies (directly or
    /// through others), which were not changed themselves: what it puts under review.
    pub under_review: Option<Vec<crate::check::impact::Downstream>>,
}

impl LintReport {
    pub fn counts(&self) -> Counts {
        Counts::of(&self.diagnostics)
    }

    pub fn source(&self, path: &str) -> Option<&str> {
        self.sources.get(path).map(|text| &**text)
    }
}
