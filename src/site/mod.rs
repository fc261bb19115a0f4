//! `aims site`: a self-contained, read-only evidence website for auditors, built from one commit
//! (HEAD or `--at REV`): dashboard, Statement of Applicability, risk register with heatmaps,
//! AI systems, impact assessments, traceability, clause coverage, the EU AI Act, NIST AI RMF and
//! ISO/IEC 27001 read through indicative crosswalks, one page per document with its approval
//! trail and change history, audits and nonconformities, lint findings, search, and a printable
//! audit binder.
//!
//! Load once, render many: the documents, their history and the findings are computed once and
//! every page is a view of them. No page loads anything from the network; user content is
//! escaped or sanitised; two builds of the same commit are byte-identical.

pub mod context;
pub mod files;
pub mod frameworks;
pub mod gap;
pub mod markdown;
pub mod pages;
pub mod svg;
mod write;

use crate::check::{HistoryFacts, HistoryInput};
use crate::config::Config;
use crate::history::{self, HistoryError};
use crate::lint::{self, LintOptions};
use askama::Template;
use context::{Context, Link};
use pages::{DocView, Layout};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use write::SiteWriter;

const STYLE: &str = include_str!("assets/style.css");
const SEARCH: &str = include_str!("assets/search.js");
/// Marks a folder as built by aims, so rebuilding may replace it.
const MARKER: &str = ".aims-site";
/// Stands for the path to the site root in rendered document views; every page replaces it.
/// A relative path, so sanitising leaves it alone.
const ROOT: &str = "./__aims_root__/";
/// How much of each document's text the search index carries.
const SEARCH_TEXT: usize = 1500;
/// Document pages rendered in parallel before they are written; bounds memory on large sites.
const PAGE_BATCH: usize = 256;

#[derive(Debug, Clone)]
pub struct SiteOptions {
    pub out: PathBuf,
    pub at: Option<String>,
    pub today: jiff::civil::Date,
    pub cache: bool,
}

#[derive(Debug, Clone)]
pub struct SiteSummary {
    pub out: PathBuf,
    pub pages: usize,
    pub files: usize,
    pub commit: String,
    pub errors: usize,
    pub warnings: usize,
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

/// One output file.
struct Output {
    path: String,
    bytes: Vec<u8>,
}

fn template(result: askama::Result<String>) -> Result<String, SiteError> {
    result.map_err(|error| SiteError::Template(error.to_string()))
}

/// Builds the site into `options.out`.
pub fn build(
    config: &Config,
    options: &SiteOptions,
    progress: &dyn Progress,
) -> Result<SiteSummary, SiteError> {
    check_output_folder(&config.root, &options.out)?;
    let snapshot = history::snapshot(config, options.at.as_deref(), options.cache)?;
    let schemas = lint::schemas(config)?;
    let facts = HistoryFacts::new(snapshot.assess(config, options.today));
    let lint_options = LintOptions {
        today: options.today,
        only_paths: None,
        history: true,
    };
    let report = lint::check(
        config,
        &snapshot.source,
        &snapshot.documents,
        &schemas,
        &lint_options,
        HistoryInput::Read(&facts),
    );
    let context = Context::new(
        config,
        &snapshot.documents,
        &snapshot.history,
        &snapshot.source,
    );
    let head = snapshot.history.head.to_string();
    let head_record = snapshot.history.records.first();
    let layout = |title: &str, root: &'static str, active: &'static str| Layout {
        organisation: config
            .organisation
            .clone()
            .unwrap_or_else(|| "Our organisation".to_owned()),
        title: title.to_owned(),
        root,
        active,
        commit: head.clone(),
        commit_short: head.chars().take(7).collect(),
        commit_date: head_record
            .map(|record| record.committer.iso8601())
            .unwrap_or_default(),
        commit_url: context.commit_url(&head).unwrap_or_default(),
        version: env!("CARGO_PKG_VERSION"),
        shallow: snapshot.history.truncated(),
    };

    // Who refers to whom, for "referenced by".
    let mut incoming: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for document in snapshot.documents.loaded() {
        let Some(from) = document.id() else { continue };
        for reference in crate::check::references::Facts::of(document).references {
            if reference.id != from {
                incoming
                    .entry(reference.id.to_owned())
                    .or_default()
                    .insert(from.to_owned());
            }
        }
    }

    // One view per document with a page, rendered in parallel.
    let with_pages: Vec<&crate::load::Document> = snapshot
        .documents
        .loaded()
        .filter(|document| {
            document
                .id()
                .is_some_and(|id| context.paths.get(&document.path).map(String::as_str) == Some(id))
        })
        .collect();
    progress.start(with_pages.len() * 2 + 16);
    // Each document is rendered once, with links relative to a placeholder root that each page
    // then replaces with its own ("../" on document pages, "" in the binder).
    let mut binder_views: Vec<DocView> = with_pages
        .par_iter()
        .map(|document| {
            let referenced_by: Vec<String> = document
                .id()
                .and_then(|id| incoming.get(id))
                .map(|ids| ids.iter().cloned().collect())
                .unwrap_or_default();
            let view = pages::doc_view(
                &context,
                document,
                facts.assessment.status(&document.path),
                &referenced_by,
                ROOT,
            );
            progress.advance(1);
            view
        })
        .collect();
    binder_views.sort_by(|a, b| {
        (pages::kind_rank(&a.kind), &a.kind, &a.id).cmp(&(
            pages::kind_rank(&b.kind),
            &b.kind,
            &b.id,
        ))
    });

    let mut writer = SiteWriter::begin(&options.out)?;
    for batch in binder_views.chunks(PAGE_BATCH) {
        let rendered: Vec<Output> = batch
            .par_iter()
            .map(|view| {
                let page = pages::DocumentPage {
                    layout: layout(
                        &format!("{} {}", view.id, view.title),
                        "../",
                        "documents.html",
                    ),
                    doc: view,
                };
                let url = context.pages.get(&view.id).cloned().unwrap_or_default();
                template(page.render()).map(|html| Output {
                    path: url,
                    bytes: html.replace(ROOT, "../").into_bytes(),
                })
            })
            .collect::<Result<_, _>>()?;
        for output in rendered {
            writer.write(&output.path, &output.bytes)?;
            progress.advance(1);
        }
    }

    let mut add = |path: &str, html: Result<String, SiteError>| -> Result<(), SiteError> {
        writer.write(path, html?.as_bytes())?;
        progress.advance(1);
        Ok(())
    };
    let approvals = crate::gap::approval_facts(&snapshot.history, facts.assessment.statuses());
    let gap_report = crate::gap::analyse(&crate::gap::GapInput {
        config,
        catalog: crate::catalog::catalog(),
        documents: &snapshot.documents,
        files: &snapshot.source,
        approvals: Some(&approvals),
        commit: Some(head.clone()),
        today: options.today,
    });
    let dashboard_input = pages::DashboardInput {
        gap: &gap_report,
        statuses: &facts.assessment,
        diagnostics: &report.diagnostics,
        today: options.today,
    };
    add(
        "index.html",
        template(
            pages::dashboard(
                &context,
                layout("Dashboard", "", "index.html"),
                &dashboard_input,
            )
            .render(),
        ),
    )?;
    add(
        "gap.html",
        template(
            gap::page(
                &context,
                layout("Gap analysis", "", "gap.html"),
                &gap_report,
            )
            .render(),
        ),
    )?;
    add(
        "soa.html",
        template(
            pages::soa_page(
                &context,
                layout("Statement of Applicability", "", "soa.html"),
            )
            .render(),
        ),
    )?;
    add(
        "risks.html",
        template(pages::risks_page(&context, layout("Risk register", "", "risks.html")).render()),
    )?;
    add(
        "systems.html",
        template(pages::systems_page(&context, layout("AI systems", "", "systems.html")).render()),
    )?;
    add(
        "impact.html",
        template(
            pages::impact_page(&context, layout("Impact assessments", "", "impact.html")).render(),
        ),
    )?;
    add(
        "traceability.html",
        template(
            pages::traceability_page(&context, layout("Traceability", "", "traceability.html"))
                .render(),
        ),
    )?;
    add(
        "clauses.html",
        template(
            pages::clauses_page(&context, layout("Clauses 4–10", "", "clauses.html")).render(),
        ),
    )?;
    for (key, file) in frameworks::PAGES {
        let Some(framework) = crate::catalog::frameworks::framework(key) else {
            continue;
        };
        let report = crate::gap::framework::assess(framework, &gap_report, &snapshot.documents);
        add(
            file,
            template(frameworks::page(&context, layout(&report.name, "", file), &report).render()),
        )?;
    }
    add(
        "audits.html",
        template(
            pages::audits_page(
                &context,
                layout("Audits and nonconformities", "", "audits.html"),
                options.today,
            )
            .render(),
        ),
    )?;
    add(
        "findings.html",
        template(
            pages::findings_page(
                &context,
                layout("Lint findings", "", "findings.html"),
                &report.diagnostics,
            )
            .render(),
        ),
    )?;

    let mut groups: Vec<(String, Vec<pages::DocRow>)> = Vec::new();
    for view in &binder_views {
        let title = view.kind_title.clone();
        let row = pages::DocRow {
            link: context.document_link(&view.id, ""),
            title: view.title.clone(),
            state: view.state.clone(),
            state_class: view.state_class,
            review: view.review_state.clone(),
            review_class: view.review_class,
            due: view.review_due.clone(),
            owner: view.owner.clone(),
            status: view.status.clone(),
        };
        match groups.last_mut() {
            Some((kind, rows)) if *kind == title => rows.push(row),
            _ => groups.push((title, vec![row])),
        }
    }
    let documents_page = pages::DocumentsPage {
        layout: layout("Documents", "", "documents.html"),
        total: binder_views.len(),
        groups,
    };
    add("documents.html", template(documents_page.render()))?;
    let binder = pages::BinderPage {
        layout: layout("Audit binder", "", "binder.html"),
        organisation: config
            .organisation
            .clone()
            .unwrap_or_else(|| "Our organisation".to_owned()),
        docs: binder_views.iter().collect(),
    };
    writer.write_replaced("binder.html", &template(binder.render())?, ROOT, "")?;
    progress.advance(1);

    // Assets and the search index.
    writer.write("assets/style.css", STYLE.as_bytes())?;
    writer.write("assets/search.js", SEARCH.as_bytes())?;
    writer.write(
        "assets/search-index.js",
        search_index(&context, &binder_views).as_bytes(),
    )?;
    writer.write(
        MARKER,
        b"Built by aims. This folder is replaced on every `aims site` build.\n",
    )?;
    // The same approval facts in machine-readable form: exactly what `aims status --format
    // json` says for this commit and day.
    writer.write(
        "status.json",
        crate::report::status::status_json(
            &facts.assessment,
            &snapshot.documents,
            &facts.assessment.statuses().collect::<Vec<_>>(),
        )
        .as_bytes(),
    )?;

    // Evidence and linked files, as committed.
    let claimed: Vec<String> = context
        .files
        .lock()
        .map(|files| files.iter().cloned().collect())
        .unwrap_or_default();
    let mut copied = 0;
    for path in claimed {
        if let Some(folder) = path.strip_suffix('/') {
            let listed = snapshot.source_list(folder);
            for file in &listed {
                if let Some(bytes) = read_file(&snapshot.source, file) {
                    writer.write(&context.file_names.disk_path(file), &bytes)?;
                    copied += 1;
                }
            }
            let (page_path, page_url) = files::folder_page(folder);
            let depth = page_url.matches('/').count();
            let page = pages::FolderPage {
                layout: layout(&format!("Evidence folder {folder}"), root_for(depth), ""),
                folder: folder.to_owned(),
                files: listed
                    .iter()
                    .map(|file| Link {
                        href: format!("{}{}", root_for(depth), context.file_names.url(file)),
                        text: file.clone(),
                        title: String::new(),
                    })
                    .collect(),
            };
            writer.write(&page_path, template(page.render())?.as_bytes())?;
        } else if let Some(bytes) = read_file(&snapshot.source, &path) {
            writer.write(&context.file_names.disk_path(&path), &bytes)?;
            copied += 1;
        }
    }

    let pages_written = writer.pages();
    writer.finish()?;
    progress.finish();
    let counts = crate::diagnostic::Counts::of(&report.diagnostics);
    Ok(SiteSummary {
        out: options.out.clone(),
        pages: pages_written,
        files: copied,
        commit: head,
        errors: counts.errors,
        warnings: counts.warnings,
    })
}

fn root_for(depth: usize) -> &'static str {
    // Folder pages live at files/<folder>/index.html; depth counts the segments below the root.
    const ROOTS: [&str; 9] = [
        "",
        "../",
        "../../",
        "../../../",
        "../../../../",
        "../../../../../",
        "../../../../../../",
        "../../../../../../../",
        "../../../../../../../../",
    ];
    ROOTS[depth.min(ROOTS.len() - 1)]
}

fn read_file(source: &crate::load::gitsource::TreeSource, path: &str) -> Option<Vec<u8>> {
    use crate::load::source::FileSource;
    source.read(path).ok()
}

impl history::Snapshot {
    /// Files of this commit under `folder`.
    fn source_list(&self, folder: &str) -> Vec<String> {
        use crate::load::source::FileSource;
        self.source
            .list(&[folder.to_owned()])
            .map(|files| files.into_iter().map(|file| file.path).collect())
            .unwrap_or_default()
    }
}

/// `window.AIMS_SEARCH = [...]`: ids, titles, kinds, URLs and text, inlined as a script so it
/// loads from `file://` where `fetch()` is blocked.
fn search_index(context: &Context<'_>, views: &[DocView]) -> String {
    #[derive(serde::Serialize)]
    struct Entry<'a> {
        i: &'a str,
        t: &'a str,
        k: &'a str,
        u: &'a str,
        x: String,
    }
    let mut json = String::from("window.AIMS_SEARCH = [");
    for (n, view) in views.iter().enumerate() {
        let entry = Entry {
            i: &view.id,
            t: &view.title,
            k: &view.kind_title,
            u: context.pages.get(&view.id).map_or("", String::as_str),
            x: context
                .documents
                .by_path(&view.path)
                .map(|document| markdown::plain_text(document.body(), SEARCH_TEXT))
                .unwrap_or_default(),
        };
        let Ok(text) = serde_json::to_string(&entry) else {
            continue;
        };
        if n > 0 {
            json.push(',');
        }
        // `<` (so `</script>` can never end an element if this is ever inlined) and the two
        // line separators that older JavaScript rejects in string literals. JSON only has
        // these characters inside strings, where the escapes mean the same.
        for c in text.chars() {
            match c {
                '<' => json.push_str("\\u003c"),
                '\u{2028}' => json.push_str("\\u2028"),
                '\u{2029}' => json.push_str("\\u2029"),
                c => json.push(c),
            }
        }
    }
    json.push_str("];\n");
    json
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
}
