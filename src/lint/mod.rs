//! One lint run, end to end: load the documents of a project from a source, check them, and
//! package the findings with what renderers need. This is what `aims lint` calls, in its three
//! modes: the work tree (optionally restricted to some paths), the staged changes
//! (`--staged`, the pre-commit hook), and the changes since a base revision (`--base`, pull
//! requests).

pub mod changes;
mod report;
pub mod revisions;

pub use report::LintReport;

use crate::check::engine::{self, LintInput};
use crate::check::{HistoryFacts, HistoryInput};
use crate::config::{self, Config};
use crate::history::approvals::State;
use crate::history::assess::Assessment;
use crate::load::gitsource::TreeSource;
use crate::load::source::{FileSource, SourceError};
use crate::load::{DocumentMatcher, DocumentSet, load_documents};
use crate::schema::{CompileError, SchemaSet};
use changes::{ChangedDocument, HeadState, Version};
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
    Globs(#[source] globset::Error),
    #[error(transparent)]
    History(#[from] crate::history::HistoryError),
    /// A revision a shallow clone cannot resolve: it may lie before the cut.
    #[error(
        "`{0}` does not name a commit in this shallow clone: it may be older than the commits fetched (run `git fetch --unshallow`, or check out with `fetch-depth: 0`)"
    )]
    ShallowRevision(String),
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
    DocumentMatcher::for_config(config).map_err(LintError::Globs)
}

/// Compiles the schemas of every kind the configuration knows.
pub fn schemas(config: &Config) -> Result<SchemaSet, LintError> {
    Ok(SchemaSet::compile_shaped(
        &config::custom_schemas(&config.kinds),
        |kind, schema| config::risk::shape_schema(&config.risk, kind, schema),
    )?)
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
        let evidence = crate::load::references::evidence_files(&documents, source);
        load_history(config, None, &evidence)
    } else {
        HistoryLoad::Skipped
    };
    let report = check_loaded(config, source, &documents, &schemas, options, &history);
    Ok(LintRun { report, documents })
}

/// Checks with whatever history could be read: its facts when loaded, a finding that says it
/// could not be read when it failed (never silence), none when there is no history.
fn check_loaded(
    config: &Config,
    source: &dyn FileSource,
    documents: &DocumentSet,
    schemas: &SchemaSet,
    options: &LintOptions,
    history: &HistoryLoad,
) -> LintReport {
    match history {
        HistoryLoad::Loaded(repo, history) => {
            let assessment = Assessment::new(history, &repo.repo, documents, config, options.today);
            let facts = HistoryFacts::new(assessment);
            check(
                config,
                source,
                documents,
                schemas,
                options,
                HistoryInput::Read(&facts),
            )
        }
        HistoryLoad::Failed(error) => {
            let error = error.detail();
            check(
                config,
                source,
                documents,
                schemas,
                options,
                HistoryInput::Unreadable(&error),
            )
        }
        HistoryLoad::Skipped | HistoryLoad::Unavailable => check(
            config,
            source,
            documents,
            schemas,
            options,
            HistoryInput::Absent,
        ),
    }
}

/// The outcome of reading history for a lint run.
pub enum HistoryLoad {
    /// Not asked for.
    Skipped,
    /// Not a git repository, or no commits yet: nothing to check against.
    Unavailable,
    /// The repository exists but its history could not be read (a corrupt or missing object, a
    /// commit that cannot be decoded): every history check would be wrong.
    Failed(crate::history::HistoryError),
    Loaded(Box<crate::history::Repo>, crate::history::History),
}

/// Reads history at `at` (or HEAD), through the cache, for the documents aims.yaml selects,
/// finding in the same pass the last change of the `evidence` files.
pub fn load_history(
    config: &Config,
    at: Option<&str>,
    evidence: &std::collections::BTreeSet<String>,
) -> HistoryLoad {
    use crate::history::HistoryError;
    let repo = match crate::history::Repo::discover(&config.root) {
        Ok(repo) => repo,
        Err(_) => return HistoryLoad::Unavailable,
    };
    let matcher = match matcher(config) {
        Ok(matcher) => matcher,
        Err(LintError::Globs(error)) => return HistoryLoad::Failed(HistoryError::Globs(error)),
        Err(error) => return HistoryLoad::Failed(HistoryError::git(error)),
    };
    match crate::history::load(
        &repo,
        &matcher,
        &crate::history::Options {
            at,
            cache: true,
            evidence,
        },
    ) {
        Ok(history) => HistoryLoad::Loaded(Box::new(repo), history),
        Err(HistoryError::NoCommits | HistoryError::NotARepository) => HistoryLoad::Unavailable,
        Err(error) => HistoryLoad::Failed(error),
    }
}

/// Checks an already loaded document set.
pub fn check(
    config: &Config,
    source: &dyn FileSource,
    documents: &DocumentSet,
    schemas: &SchemaSet,
    options: &LintOptions,
    history: HistoryInput<'_>,
) -> LintReport {
    let outcome = engine::run(&LintInput {
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
            config.text.as_str().into()
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
    let not_documents = documents
        .not_documents()
        .iter()
        .filter(|item| {
            options
                .only_paths
                .as_ref()
                .is_none_or(|only| only.contains(item.path))
        })
        .count();
    LintReport {
        diagnostics: outcome.diagnostics,
        files,
        not_documents,
        waived: outcome.waived,
        sources,
        path_prefix: crate::git::discover(&config.root)
            .map(|(_, prefix)| prefix)
            .unwrap_or_default(),
        changed: None,
        base: None,
        under_review: None,
    }
}

/// Path → (blob, id) of the documents a tree or index source holds.
fn version_of(source: &TreeSource, documents: &DocumentSet) -> Version {
    documents
        .documents
        .iter()
        .filter_map(|document| {
            let file = source.files().get(&document.path)?;
            Some((
                document.path.clone(),
                (file.blob, document.id().map(str::to_owned)),
            ))
        })
        .collect()
}

/// Path → (blob, id) of the work-tree documents, hashing their bytes as `git add` would
/// (line-ending conversions included).
fn worktree_version(
    config: &Config,
    documents: &DocumentSet,
    repo: &crate::history::Repo,
) -> Version {
    let mut hasher = crate::git::WorktreeHasher::new(&repo.repo);
    documents
        .documents
        .iter()
        .filter_map(|document| {
            let bytes = std::fs::read(config.root.join(&document.path)).ok()?;
            let blob =
                hasher.blob_id(&format!("{}{}", repo.project_prefix, document.path), &bytes)?;
            Some((
                document.path.clone(),
                (blob, document.id().map(str::to_owned)),
            ))
        })
        .collect()
}

/// The documents in `commit` (when there is one) as a version, loading only what `after` lacks
/// (their ids matter for renames and deletions).
fn committed_version(
    repo: &crate::history::Repo,
    config: &Config,
    commit: Option<gix::ObjectId>,
    after: &Version,
) -> Result<Version, LintError> {
    let Some(commit) = commit else {
        return Ok(Version::new());
    };
    let source = TreeSource::new(&repo.repo, commit, &repo.project_prefix)?;
    let matcher = matcher(config)?;
    let mut version = Version::new();
    for (path, file) in source.files() {
        if !matcher.is_match(path) {
            continue;
        }
        let id = if after.contains_key(path) {
            None
        } else {
            crate::load::Document::load(&source, path)
                .id()
                .map(str::to_owned)
        };
        version.insert(path.clone(), (file.blob, id));
    }
    Ok(version)
}

/// The approval state at HEAD of each changed document, from the same assessment lint uses.
fn annotate_states(
    config: &Config,
    documents: &DocumentSet,
    changed: &mut [ChangedDocument],
    today: Date,
) -> Result<(), LintError> {
    // The states of changed documents only: no evidence dates needed.
    let (repo, history) = match load_history(config, None, &Default::default()) {
        HistoryLoad::Loaded(repo, history) => (repo, history),
        HistoryLoad::Failed(error) => return Err(error.into()),
        HistoryLoad::Skipped | HistoryLoad::Unavailable => return Ok(()),
    };
    let assessment = Assessment::new(&history, &repo.repo, documents, config, today);
    for change in changed.iter_mut() {
        if documents.by_path(&change.path).is_some() {
            change.state = Some(
                assessment
                    .status(&change.path)
                    .map_or(HeadState::NotCommitted, |status| {
                        HeadState::Assessed(status.state)
                    }),
            );
        }
    }
    Ok(())
}

/// `aims lint --staged`: the staged versions of the changed documents, checked against the
/// whole staged document set (read from the git index, not the work tree). History rules are
/// left to CI: they describe HEAD, which the commit being made does not change.
pub fn run_staged(config: &Config, options: &LintOptions) -> Result<LintRun, LintError> {
    let repo = crate::history::Repo::discover(&config.root)?;
    let source = TreeSource::from_index(&repo.repo, &repo.project_prefix)?;
    let head = repo.repo.head_id().ok().map(|id| id.detach());
    let (documents, schemas) = rayon::join(|| load(config, &source), || schemas(config));
    let (documents, schemas) = (documents?, schemas?);
    let after = version_of(&source, &documents);
    let before = committed_version(&repo, config, head, &after)?;
    let mut changed = changes::diff(&before, &after);
    let mut only = changes::affected_paths(&changed, &documents);
    let config_blob = |files: &std::collections::BTreeMap<
        String,
        crate::load::gitsource::TreeFile,
    >| { files.get(crate::config::CONFIG_FILE).map(|file| file.blob) };
    let committed_config = match head {
        Some(head) => TreeSource::new(&repo.repo, head, &repo.project_prefix)
            .ok()
            .and_then(|tree| config_blob(tree.files())),
        None => None,
    };
    if config_blob(source.files()) != committed_config {
        only.insert(crate::config::CONFIG_FILE.to_owned());
    }
    annotate_states(config, &documents, &mut changed, options.today)?;
    // HEAD's state describes the version before this commit; once committed, an edited document
    // is no longer the version anyone approved.
    for change in &mut changed {
        if matches!(
            change.change,
            changes::Change::Modified | changes::Change::Renamed { .. }
        ) && change.state == Some(HeadState::Assessed(State::Approved))
        {
            change.state = Some(HeadState::Assessed(State::ChangedSinceApproval));
        }
    }
    let staged = LintOptions {
        today: options.today,
        only_paths: Some(only),
        history: false,
    };
    let mut report = check(
        config,
        &source,
        &documents,
        &schemas,
        &staged,
        HistoryInput::Absent,
    );
    report.changed = Some(changed);
    Ok(LintRun { report, documents })
}

/// `aims lint --base REV`: the work tree checked in full, reporting only what the change
/// introduced or touched: findings that the base revision did not have, and every finding in
/// the documents changed since it. The changed documents are listed with their approval state,
/// so an edit to an approved policy shows that it needs approval again.
pub fn run_against_base(
    config: &Config,
    source: &dyn FileSource,
    base: &str,
    options: &LintOptions,
) -> Result<LintRun, LintError> {
    let repo = crate::history::Repo::discover(&config.root)?;
    let base_commit = repo.resolve(Some(base))?;
    let base_source = TreeSource::new(&repo.repo, base_commit, &repo.project_prefix)?;
    let mut head = run(config, source, options)?;
    let base_documents = load(config, &base_source)?;
    let schemas = schemas(config)?;
    let base_options = LintOptions {
        today: options.today,
        only_paths: None,
        history: options.history,
    };
    // The base is judged with its own history on the same day, so an overdue review elsewhere
    // in the repository is not "new" in every pull request.
    let base_history = if options.history {
        load_history(
            config,
            Some(base),
            &crate::load::references::evidence_files(&base_documents, &base_source),
        )
    } else {
        HistoryLoad::Skipped
    };
    let before_report = check_loaded(
        config,
        &base_source,
        &base_documents,
        &schemas,
        &base_options,
        &base_history,
    );
    let known: std::collections::HashSet<(&str, &str, &str)> = before_report
        .diagnostics
        .iter()
        .map(|d| (d.code, d.path.as_str(), d.message.as_str()))
        .collect();
    let before = version_of(&base_source, &base_documents);
    let after = worktree_version(config, &head.documents, &repo);
    let mut changed = changes::diff(&before, &after);
    let affected = changes::affected_paths(&changed, &head.documents);
    let config_changed = base_source
        .files()
        .get(crate::config::CONFIG_FILE)
        .map(|file| file.blob)
        != std::fs::read(config.root.join(crate::config::CONFIG_FILE))
            .ok()
            .and_then(|bytes| {
                crate::git::WorktreeHasher::new(&repo.repo).blob_id(
                    &format!("{}{}", repo.project_prefix, crate::config::CONFIG_FILE),
                    &bytes,
                )
            });
    head.report.diagnostics.retain(|diagnostic| {
        !known.contains(&(
            diagnostic.code,
            diagnostic.path.as_str(),
            diagnostic.message.as_str(),
        )) || affected.contains(&diagnostic.path)
            || (config_changed && diagnostic.path == crate::config::CONFIG_FILE)
    });
    annotate_states(config, &head.documents, &mut changed, options.today)?;
    head.report.under_review = Some(under_review(&head.documents, &changed));
    head.report.changed = Some(changed);
    head.report.base = Some(base.to_owned());
    Ok(head)
}

/// What changed among the documents from commit `base` to the committed `head` documents, and
/// the documents depending on those changes (see [`under_review`]): `aims impact --base REV`.
pub fn committed_impact(
    repo: &crate::history::Repo,
    matcher: &crate::load::DocumentMatcher,
    base: &str,
    head_source: &TreeSource,
    head_documents: &DocumentSet,
) -> Result<
    (
        Vec<changes::ChangedDocument>,
        Vec<crate::check::impact::Downstream>,
    ),
    crate::history::HistoryError,
> {
    let commit = repo.resolve(Some(base))?;
    let base_source = TreeSource::new(&repo.repo, commit, &repo.project_prefix)
        .map_err(crate::history::HistoryError::git)?;
    let base_documents = crate::load::load_documents(&base_source, matcher)?;
    let changed = changes::diff(
        &version_of(&base_source, &base_documents),
        &version_of(head_source, head_documents),
    );
    let downstream = under_review(head_documents, &changed);
    Ok((changed, downstream))
}

/// The documents depending on those `changed` modifies or renames, each once at its shortest
/// distance, leaving out the changed documents themselves (the change already shows them).
pub fn under_review(
    documents: &DocumentSet,
    changed: &[changes::ChangedDocument],
) -> Vec<crate::check::impact::Downstream> {
    let touched: std::collections::HashSet<&str> = changed
        .iter()
        .filter_map(|change| change.id.as_deref())
        .collect();
    let modified: Vec<&str> = changed
        .iter()
        .filter(|change| {
            matches!(
                change.change,
                changes::Change::Modified | changes::Change::Renamed { .. }
            )
        })
        .filter_map(|change| change.id.as_deref())
        .collect();
    let mut out: Vec<_> = crate::check::impact::downstream(documents, &modified)
        .into_iter()
        .filter(|downstream| !touched.contains(downstream.id.as_str()))
        .collect();
    out.sort_by(|a, b| (a.depth, &a.path).cmp(&(b.depth, &b.path)));
    out
}
