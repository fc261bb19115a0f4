//! One lint run, end to end: load the documents of a project from a source, check them, and
//! package the findings with what renderers need. This is what `aims lint` calls.

use crate::check::HistoryFacts;
use crate::check::engine::{self, LintInput};
use crate::check::schema::{CompileError, SchemaSet};
use crate::config::{self, Config};
use crate::history::approvals::{Evaluator, Index};
use crate::load::source::{FileSource, SourceError};
use crate::load::{DocumentMatcher, DocumentSet, load_documents};
use crate::report::LintReport;
use jiff::civil::Date;
use std::collections::BTreeSet;

/// Why a lint run could not happen (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum LintError {
    #[error(transparent)]
    Source(#[from] SourceError),
    #[error(transparent)]
    Schema(#[from] CompileError),
    #[error("invalid document globs in aims.yaml: {0}")]
    Globs(String),
}

pub struct LintOptions {
    pub today: Date,
    /// Restrict the report to these project-relative document paths.
    pub only_paths: Option<BTreeSet<String>>,
    /// Read git history and run the 4xx rules (when the project is in a repository with
    /// commits).
    pub history: bool,
}

/// The documents of a project as a source holds them.
pub fn load(config: &Config, source: &dyn FileSource) -> Result<DocumentSet, LintError> {
    let matcher = matcher(config)?;
    Ok(load_documents(source, &matcher)?)
}

pub fn matcher(config: &Config) -> Result<DocumentMatcher, LintError> {
    DocumentMatcher::new(&config.documents, &config.exclude)
        .map_err(|error| LintError::Globs(error.to_string()))
}

/// Compiles the schemas of every kind the configuration knows.
pub fn schemas(config: &Config) -> Result<SchemaSet, LintError> {
    Ok(SchemaSet::compile(&config::custom_schemas(&config.kinds))?)
}

/// A finished run: the report, and the documents it was made from.
pub struct LintRun {
    pub report: LintReport,
    pub documents: DocumentSet,
}

/// Loads, checks and reports.
pub fn run(
    config: &Config,
    source: &dyn FileSource,
    options: &LintOptions,
) -> Result<LintRun, LintError> {
    let (documents, schemas) = rayon::join(|| load(config, source), || schemas(config));
    let (documents, schemas) = (documents?, schemas?);
    let history = if options.history {
        load_history(config)
    } else {
        HistoryLoad::Skipped
    };
    let report = match &history {
        HistoryLoad::Loaded(history) => {
            let index = Index::new(history, config);
            let verify = |id: &str| match &history_repo(config) {
                Some(repo) => crate::history::approvals::verify_commit(&repo.repo, id),
                None => false,
            };
            let evaluator = Evaluator {
                history,
                index: &index,
                config,
                today: options.today,
                verify: &verify,
                verify_all: false,
            };
            let statuses = documents
                .loaded()
                .filter_map(|document| {
                    evaluator
                        .evaluate(document)
                        .map(|status| (document.path.clone(), status))
                })
                .collect();
            let facts = HistoryFacts { history, statuses };
            check(config, source, &documents, &schemas, options, Some(&facts))
        }
        _ => check(config, source, &documents, &schemas, options, None),
    };
    Ok(LintRun { report, documents })
}

/// The outcome of reading history for a lint run.
pub enum HistoryLoad {
    /// Not asked for.
    Skipped,
    /// Not a git repository, or no commits yet: nothing to check against.
    Unavailable,
    Loaded(crate::history::History),
}

fn history_repo(config: &Config) -> Option<crate::history::Repo> {
    crate::history::Repo::discover(&config.root).ok()
}

/// Reads history (through the cache) for the documents aims.yaml selects.
pub fn load_history(config: &Config) -> HistoryLoad {
    let Some(repo) = history_repo(config) else {
        return HistoryLoad::Unavailable;
    };
    let Ok(matcher) = matcher(config) else {
        return HistoryLoad::Unavailable;
    };
    match crate::history::load(
        &repo,
        &matcher,
        &crate::history::Options {
            at: None,
            cache: true,
        },
    ) {
        Ok(history) => HistoryLoad::Loaded(history),
        Err(_) => HistoryLoad::Unavailable,
    }
}

/// Checks an already loaded document set.
pub fn check(
    config: &Config,
    source: &dyn FileSource,
    documents: &DocumentSet,
    schemas: &SchemaSet,
    options: &LintOptions,
    history: Option<&HistoryFacts<'_>>,
) -> LintReport {
    let outcome = engine::lint(&LintInput {
        config,
        documents,
        schemas,
        files: source,
        today: options.today,
        only_paths: options.only_paths.as_ref(),
        history,
    });
    let mut sources = std::collections::HashMap::new();
    for diagnostic in &outcome.diagnostics {
        if sources.contains_key(&diagnostic.path) {
            continue;
        }
        let text = if diagnostic.path == config::CONFIG_FILE {
            config.text.clone()
        } else {
            match documents.by_path(&diagnostic.path) {
                Some(document) if !document.text.is_empty() => document.text.clone(),
                _ => continue,
            }
        };
        sources.insert(diagnostic.path.clone(), text);
    }
    let files = match &options.only_paths {
        Some(only) => documents
            .documents
            .iter()
            .filter(|document| only.contains(&document.path))
            .count(),
        None => documents.len(),
    };
    LintReport {
        diagnostics: outcome.diagnostics,
        files,
        waived: outcome.waived,
        sources,
        path_prefix: crate::git::discover(&config.root)
            .map(|(_, prefix)| prefix)
            .unwrap_or_default(),
    }
}
