//! Linting the imported documents before anything is written: the project's documents plus
//! the new ones, in memory, through the same checks as `aims lint`; then every finding about a
//! new document is moved to where its value came from (file, sheet, row, column), and findings
//! the project already had are left out.

use super::build::Built;
use super::mapping::Mapping;
use super::render;
use super::source::Table;
use crate::config::Config;
use crate::diagnostic::{Diagnostic, sort_and_dedup};
use crate::lint::{self, LintOptions};
use crate::load::source::FileSource;
use crate::load::{Document, DocumentSet};
use crate::schema::SchemaSet;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// Findings of the import, positioned at their sources, with the texts snippets need.
#[derive(Debug, Default)]
pub struct Checked {
    pub diagnostics: Vec<Diagnostic>,
    pub sources: HashMap<String, Arc<str>>,
}

/// Codes whose findings are about a value that a mapping `values:` entry could translate.
const VALUE_CODES: &[&str] = &["AIMS108", "AIMS205", "AIMS206"];

/// Lints `built` together with the project's documents and positions the findings at their
/// sources.
#[allow(clippy::too_many_arguments)]
pub fn check(
    config: &Config,
    files: &dyn FileSource,
    schemas: &SchemaSet,
    existing: &DocumentSet,
    built: &[Built],
    table: &Table,
    mapping: &Mapping,
    today: jiff::civil::Date,
) -> Checked {
    let options = LintOptions {
        today,
        only_paths: None,
        history: false,
    };
    let before = lint::check(
        config,
        files,
        existing,
        schemas,
        &options,
        crate::check::HistoryInput::Absent,
    );
    let known: HashSet<(&str, &str, &str)> = before
        .diagnostics
        .iter()
        .map(|d| (d.code, d.path.as_str(), d.message.as_str()))
        .collect();
    let new_documents: Vec<Document> = built
        .iter()
        .map(|document| {
            Document::parse(
                &document.path,
                render::document(&document.data, &document.body).into_bytes(),
            )
        })
        .collect();
    let replaced: HashSet<&str> = built
        .iter()
        .map(|document| document.path.as_str())
        .collect();
    let mut combined: Vec<Document> = existing
        .documents
        .iter()
        .filter(|document| !replaced.contains(document.path.as_str()))
        .cloned()
        .collect();
    combined.extend(new_documents.iter().cloned());
    let combined = DocumentSet::new(combined);
    let after = lint::check(
        config,
        files,
        &combined,
        schemas,
        &options,
        crate::check::HistoryInput::Absent,
    );

    let mut checked = Checked::default();
    for (file, text) in &table.texts {
        checked
            .sources
            .insert(file.clone(), Arc::from(text.as_str()));
    }
    if !mapping.file.is_empty() {
        checked
            .sources
            .insert(mapping.file.clone(), Arc::from(mapping.text.as_str()));
    }
    for diagnostic in after.diagnostics {
        let position = built
            .iter()
            .zip(&new_documents)
            .find(|(document, _)| document.path == diagnostic.path);
        match position {
            Some((document, parsed)) => checked
                .diagnostics
                .push(at_source(diagnostic, document, parsed)),
            None => {
                if known.contains(&(
                    diagnostic.code,
                    diagnostic.path.as_str(),
                    diagnostic.message.as_str(),
                )) {
                    continue;
                }
                if let Some(text) = after.sources.get(&diagnostic.path) {
                    checked
                        .sources
                        .insert(diagnostic.path.clone(), text.clone());
                }
                checked.diagnostics.push(diagnostic);
            }
        }
    }
    sort_and_dedup(&mut checked.diagnostics);
    checked
}

/// A finding about an imported document, moved to the cell its value came from.
fn at_source(mut diagnostic: Diagnostic, document: &Built, parsed: &Document) -> Diagnostic {
    let pointer = parsed
        .frontmatter()
        .and_then(|front| front.positions.pointer_at(diagnostic.span))
        .unwrap_or("")
        .to_owned();
    let origin = document.origin_of(&pointer);
    let id = document.id.as_deref().unwrap_or("the imported document");
    diagnostic.message = format!("{} ({id}): {}", origin.describe(), diagnostic.message);
    let field = pointer
        .trim_start_matches('/')
        .split('/')
        .filter(|part| part.parse::<usize>().is_err())
        .collect::<Vec<_>>()
        .join(".");
    let field = field
        .strip_prefix("annex_a.")
        .map(str::to_owned)
        .unwrap_or(field);
    let extra = if diagnostic.message.contains("missing required field") {
        Some("add a column for it (named like the field, or mapped in the mapping file under `columns:`), or give every document a value with `defaults:` in the mapping file".to_owned())
    } else if VALUE_CODES.contains(&diagnostic.code) && origin.column.is_some() && !field.is_empty()
    {
        Some(format!(
            "or translate the source's value in the mapping file: `values: {{{field}: {{<as written>: <value>}}}}`"
        ))
    } else {
        None
    };
    diagnostic.help = match (diagnostic.help.take(), extra) {
        (Some(help), Some(extra)) => Some(format!("{help}; {extra}")),
        (help, extra) => help.or(extra),
    };
    diagnostic.path = origin.file.clone();
    diagnostic.span = origin.span();
    diagnostic.document_id = document.id.clone();
    diagnostic
}
