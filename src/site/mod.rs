//! `aims site`: a self-contained, read-only evidence website for auditors, built from one commit
//! (HEAD or `--at REV`): dashboard, Statement of Applicability, risk register with heatmaps,
//! AI systems, impact assessments, traceability, clause coverage, the EU AI Act, NIST AI RMF and
//! ISO/IEC 27001 read through indicative crosswalks, one page per document with its approval
//! trail and change history, audits and nonconformities, the management-review input pack,
//! lint findings, search, and a printable audit binder.
//!
//! Load once, render many: the documents, their history and the findings are computed once and
//! every page is a view of them. No page loads anything from the network; user content is
//! escaped or sanitised; two builds of the same commit are byte-identical.

mod files;
mod html;
mod layout;
mod links;
mod markdown;
mod model;
mod pages;
mod search;
mod write;

use crate::check::{HistoryFacts, HistoryInput};
use crate::config::Config;
use crate::history::{self, HistoryError};
use crate::lint::{self, LintOptions};
use crate::load::source::FileSource;
use layout::{Layout, NavEntry};
use model::{Inputs, SiteModel};
use pages::Page;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use write::SiteWriter;

const STYLE: &str = include_str!("assets/style.css");
const SEARCH: &str = include_str!("assets/search.js");
/// Marks a folder as built by aims, so rebuilding may replace it.
const MARKER: &str = ".aims-site";
/// Stands for the path to the site root in rendered document views; every page that holds them
/// replaces it with its own. A relative path, so sanitising leaves it alone.
const ROOT: &str = "./__aims_root__/";
/// Files made but not yet written, at most; bounds memory on large sites.
const PAGE_BATCH: usize = 256;

#[derive(Debug, Clone)]
pub struct SiteOptions {
    pub out: PathBuf,
    pub at: Option<String>,
    pub today: jiff::civil::Date,
    pub cache: bool,
    /// Add a "Changes since REV" page comparing this revision with the site's commit.
    pub since: Option<String>,
}

#[derive(Debug, Clone)]
pub struct SiteSummary {
    pub out: PathBuf,
    pub pages: usize,
    pub files: usize,
    pub commit: String,
    pub errors: usize,
    pub warnings: usize,
    /// Where the time went, for `AIMS_TIMINGS=1`: history's phases, then the site's.
    pub timings: history::Timings,
}

#[derive(Debug, thiserror::Error)]
pub enum SiteError {
    #[error(transparent)]
    History(#[from] HistoryError),
    #[error(transparent)]
    Lint(#[from] lint::LintError),
    #[error("refusing to write the site to {path}: {reason}")]
    Unsafe { path: String, reason: String },
    #[error("cannot write {path}: {message}")]
    Write { path: String, message: String },
    #[error("template: {0}")]
    Template(String),
}

/// Receives progress while the site is written (the library never prints).
pub trait Progress: Sync {
    fn start(&self, total: usize);
    fn advance(&self, count: usize);
    fn finish(&self);
}

/// A progress sink that ignores everything.
pub struct Silent;

impl Progress for Silent {
    fn start(&self, _: usize) {}
    fn advance(&self, _: usize) {}
    fn finish(&self) {}
}

/// One file of the site, made and waiting to be written.
struct Output {
    /// Relative to the site root, made by aims, never `..`.
    path: String,
    content: Content,
}

enum Content {
    Page {
        html: String,
        /// What [`ROOT`] stands for on this page, when the page holds document views.
        root: Option<String>,
    },
    File(Vec<u8>),
}

fn template_error(error: askama::Error) -> SiteError {
    SiteError::Template(error.to_string())
}

/// Builds the site into `options.out`.
pub fn build(
    config: &Config,
    options: &SiteOptions,
    progress: &dyn Progress,
) -> Result<SiteSummary, SiteError> {
    check_output_folder(&config.root, &options.out)?;
    let snapshot = history::snapshot(config, options.at.as_deref(), options.cache)?;
    let mut timings = snapshot.history.timings.clone();
    let schemas = lint::schemas(config)?;
    let mut assessment = snapshot.assess(config, options.today);
    assessment.read_kpis(&snapshot.repo.repo, &snapshot.documents);
    let facts = HistoryFacts::new(assessment);
    timings.lap("judge approvals");
    let lint_options = LintOptions {
        today: options.today,
        only_paths: None,
        history: true,
    };
    // The findings and the review pack are independent, and the pack reads git objects on one
    // thread: made side by side, the pack costs no time of its own.
    let (report, pack) = std::thread::scope(|scope| {
        let linting = scope.spawn(|| {
            lint::check(
                config,
                &snapshot.source,
                &snapshot.documents,
                &schemas,
                &lint_options,
                HistoryInput::Read(&facts),
            )
        });
        let pack = crate::review_pack::build(
            &crate::review_pack::Inputs {
                config,
                repo: &snapshot.repo.repo,
                project_prefix: &snapshot.repo.project_prefix,
                source: &snapshot.source,
                documents: &snapshot.documents,
                history: &snapshot.history,
                assessment: &facts.assessment,
                today: options.today,
            },
            None,
        )
        .map_err(|error| match error {
            crate::review_pack::PackError::History(error) => SiteError::History(error),
            // Only a `--since` commit can be outside history, and the site asks for none.
            other => SiteError::Template(other.to_string()),
        });
        (linting.join(), pack)
    });
    // A panic is a bug: it goes on as it would have on this thread.
    let report = report.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
    let pack = pack?;
    timings.lap("lint and review pack");
    // Compared with the snapshot and findings the site shows, read once.
    let since = match &options.since {
        Some(rev) => Some(lint::revisions::compare_with(
            config,
            &snapshot.repo,
            rev,
            (
                options.at.as_deref().unwrap_or("HEAD"),
                lint::revisions::Side {
                    source: &snapshot.source,
                    documents: &snapshot.documents,
                    history: &snapshot.history,
                    diagnostics: &report.diagnostics,
                },
            ),
            options.today,
        )?),
        None => None,
    };
    timings.lap("compare with --since");
    let mut model = SiteModel::new(
        Inputs {
            config,
            repo: Some(&snapshot.repo.repo),
            source: &snapshot.source,
            documents: &snapshot.documents,
            history: &snapshot.history,
            assessment: &facts.assessment,
            diagnostics: report.diagnostics,
            today: options.today,
            since,
        },
        progress,
    );
    model.review_pack = Some(pack);
    timings.lap("site model");
    let counts = crate::diagnostic::Counts::of(&model.diagnostics);
    let commit = model.commit.id.clone();

    let writer = SiteWriter::begin(&options.out)?;
    // Pages, the search index, the status file and the repository's files are made on rayon's
    // threads while one thread writes them as they come (see `SiteWriter::write` for why one),
    // so the disk works while the pages render. The channel is bounded: a large site is never
    // held in memory at once.
    let (writer, copied) = std::thread::scope(|scope| {
        let (sender, receiver) = std::sync::mpsc::sync_channel::<Output>(PAGE_BATCH);
        let writing = scope.spawn(move || write_all(writer, receiver, progress));
        let made = make_all(model, &snapshot.source, progress, &sender);
        drop(sender);
        // The writer's error explains a producer's failure to send, so it comes first.
        let writer = writing
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
        made.map(|copied| (writer, copied))
    })?;
    timings.lap("render and write");

    let pages_written = writer.pages();
    writer.finish()?;
    progress.finish();
    timings.lap("swap in");
    Ok(SiteSummary {
        out: options.out.clone(),
        pages: pages_written,
        files: copied,
        commit,
        errors: counts.errors,
        warnings: counts.warnings,
        timings,
    })
}

/// Renders one page in its frame.
fn render(model: &SiteModel<'_>, nav: &[NavEntry], page: &dyn Page) -> Result<Output, SiteError> {
    let layout = Layout::new(model, nav, page.title(model), page.file(), page.active());
    let html = page.render(model, &layout).map_err(template_error)?;
    Ok(Output {
        path: page.file().to_owned(),
        content: Content::Page {
            html,
            root: page.holds_document_views().then(|| layout.root.clone()),
        },
    })
}

/// Writes every file `receiver` brings, in the order they come, and hands the writer back to
/// be finished.
fn write_all(
    mut writer: SiteWriter,
    receiver: std::sync::mpsc::Receiver<Output>,
    progress: &dyn Progress,
) -> Result<SiteWriter, SiteError> {
    for output in receiver {
        match &output.content {
            Content::Page { html, root } => {
                match root {
                    Some(root) => writer.write_replaced(&output.path, html, ROOT, root)?,
                    None => writer.write(&output.path, html.as_bytes())?,
                }
                progress.advance(1);
            }
            Content::File(bytes) => writer.write(&output.path, bytes)?,
        }
    }
    Ok(writer)
}

/// Makes every file of the site and sends it to be written: the pages, the search index, the
/// status file and the repository files the pages link to. Returns how many links to files the
/// site carries. Takes the model so it is freed while the writer finishes.
fn make_all(
    model: SiteModel<'_>,
    source: &dyn FileSource,
    progress: &dyn Progress,
    sender: &std::sync::mpsc::SyncSender<Output>,
) -> Result<usize, SiteError> {
    let model = &model;
    let pages = pages::all(model);
    let nav: Vec<NavEntry> = pages
        .iter()
        .filter_map(|page| {
            page.nav().map(|label| NavEntry {
                file: page.file().to_owned(),
                label,
            })
        })
        .collect();
    progress.start(model.views.len() + pages.len());
    // A send fails only when the writer stopped on an error, which the caller reports.
    let stopped = || SiteError::Write {
        path: String::new(),
        message: "the writer stopped".to_owned(),
    };
    let send = |sender: &std::sync::mpsc::SyncSender<Output>, output: Output| {
        sender.send(output).map_err(|_| stopped())
    };
    let text = |path: &str, text: String| Output {
        path: path.to_owned(),
        content: Content::File(text.into_bytes()),
    };
    let (rendered, copied) = rayon::join(
        || {
            pages
                .par_iter()
                .try_for_each_with(sender.clone(), |sender, page| {
                    send(sender, render(model, &nav, page.as_ref())?)
                })
        },
        || -> Result<usize, SiteError> {
            send(sender, text("assets/style.css", STYLE.to_owned()))?;
            send(sender, text("assets/search.js", SEARCH.to_owned()))?;
            send(
                sender,
                text(
                    MARKER,
                    "Built by aims. This folder is replaced on every `aims site` build.\n"
                        .to_owned(),
                ),
            )?;
            // The same approval facts in machine-readable form: exactly what `aims status
            // --format json` says for this commit and day.
            send(
                sender,
                text(
                    "status.json",
                    crate::report::status::status_json(
                        model.assessment,
                        model.documents,
                        &model.assessment.statuses().collect::<Vec<_>>(),
                    ),
                ),
            )?;
            for file in search::files(model) {
                send(
                    sender,
                    Output {
                        path: file.path,
                        content: Content::File(file.text.into_bytes()),
                    },
                )?;
            }
            // Evidence and linked files, as committed, each written once.
            let mut readable = std::collections::BTreeSet::new();
            for path in &model.files {
                if let Ok(bytes) = source.read(path) {
                    send(
                        sender,
                        Output {
                            path: model.links.file_names.disk_path(path),
                            content: Content::File(bytes),
                        },
                    )?;
                    readable.insert(path.as_str());
                }
            }
            // The summary has always counted a copy per link: a file named on its own and also
            // listed in an evidence folder (or in two nested folders) counts once for each.
            // Kept so the summary line stays what it was; it counts links to files, not files
            // on disk.
            Ok(model
                .named_files
                .iter()
                .chain(model.folders.iter().flat_map(|folder| &folder.files))
                .filter(|path| readable.contains(path.as_str()))
                .count())
        },
    );
    rendered?;
    copied
}

/// The output folder must not be (or contain) the project, and must be one aims made, or empty.
fn check_output_folder(project: &Path, out: &Path) -> Result<(), SiteError> {
    let unsafe_path = |reason: &str| SiteError::Unsafe {
        path: out.display().to_string(),
        reason: reason.to_owned(),
    };
    let project = std::fs::canonicalize(project).unwrap_or_else(|_| project.to_path_buf());
    let absolute = if out.is_absolute() {
        out.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|dir| dir.join(out))
            .unwrap_or_else(|_| out.to_path_buf())
    };
    // The path as given, before resolving links: a link would make the swap at the end replace
    // the link (or write through it) somewhere the user did not name.
    if std::fs::symlink_metadata(&absolute).is_ok_and(|metadata| metadata.file_type().is_symlink())
    {
        return Err(unsafe_path("it is a symbolic link"));
    }
    let resolved = std::fs::canonicalize(&absolute).unwrap_or(absolute);
    if project.starts_with(&resolved) {
        return Err(unsafe_path("it is the project folder or contains it"));
    }
    match std::fs::symlink_metadata(&resolved) {
        Err(_) => Ok(()),
        Ok(metadata) if metadata.file_type().is_symlink() => {
            Err(unsafe_path("it is a symbolic link"))
        }
        Ok(metadata) if !metadata.is_dir() => Err(unsafe_path("it is a file")),
        Ok(_) => {
            let empty = std::fs::read_dir(&resolved)
                .map(|mut entries| entries.next().is_none())
                .unwrap_or(false);
            if empty || resolved.join(MARKER).is_file() {
                Ok(())
            } else {
                Err(unsafe_path(
                    "it is a folder aims did not create; choose an empty or new folder",
                ))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_unsafe_output_folders() {
        let project = tempfile::tempdir().unwrap();
        assert!(check_output_folder(project.path(), project.path()).is_err());
        assert!(check_output_folder(&project.path().join("sub"), project.path()).is_err());
        let foreign = project.path().join("notes");
        std::fs::create_dir_all(&foreign).unwrap();
        std::fs::write(foreign.join("mine.txt"), "keep").unwrap();
        assert!(check_output_folder(&project.path().join("aims"), &foreign).is_err());
        assert!(
            check_output_folder(&project.path().join("aims"), &project.path().join("_site"))
                .is_ok()
        );
        // A link to an empty folder elsewhere is still a link.
        #[cfg(unix)]
        {
            let elsewhere = tempfile::tempdir().unwrap();
            let link = project.path().join("site-link");
            std::os::unix::fs::symlink(elsewhere.path(), &link).unwrap();
            let refused = check_output_folder(&project.path().join("aims"), &link);
            assert!(
                matches!(&refused, Err(SiteError::Unsafe { reason, .. }) if reason.contains("symbolic link")),
                "{refused:?}"
            );
        }
    }

    /// A file that cannot be written stops the build with that error: the threads still making
    /// pages are told to stop instead of waiting forever on a full channel, and the partial
    /// folder is removed.
    #[test]
    fn a_failed_write_stops_the_makers_and_leaves_nothing_behind() {
        let parent = tempfile::tempdir().unwrap();
        let writer = SiteWriter::begin(&parent.path().join("_site")).unwrap();
        let (sender, receiver) = std::sync::mpsc::sync_channel::<Output>(1);
        let file = |path: &str| Output {
            path: path.to_owned(),
            content: Content::File(b"x".to_vec()),
        };
        std::thread::scope(|scope| {
            let writing = scope.spawn(move || write_all(writer, receiver, &Silent));
            // A name no file system accepts.
            sender.send(file("bad\0name.html")).unwrap();
            let refused =
                (0..10).any(|number| sender.send(file(&format!("p{number}.html"))).is_err());
            assert!(
                refused,
                "the writer stopped, so sending must fail rather than block"
            );
            let result = writing.join().unwrap();
            assert!(
                matches!(&result, Err(SiteError::Write { message, .. }) if message.contains("NUL")),
                "{:?}",
                result.err()
            );
        });
        let left: Vec<_> = std::fs::read_dir(parent.path())
            .unwrap()
            .flatten()
            .map(|entry| entry.file_name())
            .collect();
        assert!(left.is_empty(), "{left:?}");
    }
}
