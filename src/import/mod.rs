//! `aims import`: bring an existing register into the AIMS. A CSV file, a workbook sheet, a
//! Markdown table, or Markdown files with another tool's frontmatter become documents of one
//! kind (for `soa`, the entries of the one Statement of Applicability), converted field by
//! field with an optional mapping file, linted in memory with the project's other documents,
//! and written only when that finds no errors, never over an existing file without `force`.
//! Every finding names the source file, sheet, row and column it comes from.
//!
//! Layers: [`source`] and the readers ([`csv`], [`xlsx`], [`markdown`], [`frontmatter`]) give
//! records; [`mapping`] and [`fields`] say where each column goes; [`convert`] turns cells into
//! values; [`build`] makes the documents; [`check`] lints them; [`render`] writes them;
//! [`summary`] renders the outcome for the command line.

pub mod build;
pub mod check;
pub mod convert;
pub mod csv;
pub mod fields;
pub mod frontmatter;
pub mod mapping;
pub mod markdown;
pub mod render;
pub mod source;
pub mod summary;
pub mod xlsx;

use crate::config::Config;
use crate::diagnostic::Counts;
use crate::lint;
use crate::load::worktree::Worktree;
use fields::Fields;
use mapping::{Mapping, MappingError};
use source::{MAX_SOURCE_BYTES, SourceError, SourceKind, Table};
use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

/// What to import and how.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The source on disk.
    pub source: PathBuf,
    /// The source as the user named it (shown in messages and findings).
    pub shown: String,
    pub kind: String,
    /// The mapping file on disk and as the user named it.
    pub mapping: Option<(PathBuf, String)>,
    pub sheet: Option<String>,
    /// The folder new documents go to (default: where documents of the kind live).
    pub out: Option<PathBuf>,
    pub force: bool,
    pub dry_run: bool,
    /// Write the documents even when they have errors.
    pub allow_errors: bool,
    pub today: jiff::civil::Date,
}

/// One document the import makes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    pub path: String,
    pub id: Option<String>,
    /// A file is already there (replaced only with `force`).
    pub exists: bool,
}

/// What happened.
#[derive(Debug)]
pub struct ImportOutcome {
    pub source: String,
    pub source_kind: SourceKind,
    pub sheet: Option<String>,
    pub records: usize,
    pub kind: String,
    pub documents: Vec<Planned>,
    /// The documents' text, by path (what is or would be written).
    pub texts: Vec<(String, String)>,
    pub checked: check::Checked,
    pub notes: Vec<String>,
    pub missing_controls: Vec<String>,
    /// Files that exist and would be replaced (nothing is written without `force`).
    pub conflicts: Vec<String>,
    /// New documents that aims.yaml's `documents` globs do not select.
    pub unselected: Vec<String>,
    pub dry_run: bool,
    /// `--force`: existing files may be replaced.
    pub forced: bool,
    pub written: bool,
}

impl ImportOutcome {
    pub fn counts(&self) -> Counts {
        Counts::of(&self.checked.diagnostics)
    }

    /// The folder (or file) to `git add`.
    pub fn add_path(&self) -> String {
        let paths: Vec<&str> = self.documents.iter().map(|d| d.path.as_str()).collect();
        match paths.as_slice() {
            [] => ".".to_owned(),
            [one] => (*one).to_owned(),
            many => {
                let first: Vec<&str> = many[0].split('/').collect();
                let mut common = first.len() - 1;
                for path in &many[1..] {
                    let parts: Vec<&str> = path.split('/').collect();
                    common = common.min(
                        first
                            .iter()
                            .zip(&parts)
                            .take_while(|(a, b)| a == b)
                            .count()
                            .min(parts.len() - 1),
                    );
                }
                if common == 0 {
                    ".".to_owned()
                } else {
                    first[..common].join("/")
                }
            }
        }
    }
}

/// Why the import could not run (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Source(#[from] SourceError),
    #[error("the mapping file {} has {} problem(s)", .0.file, .0.problems.len())]
    Mapping(MappingError),
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Lint(#[from] lint::LintError),
    #[error("cannot write {path}: {message} (files written by this import were removed)")]
    Write { path: String, message: String },
}

/// The folder documents of each built-in kind usually live in.
fn kind_folder(kind: &str) -> &str {
    match kind {
        "risk" => "risks",
        "ai-system" => "systems",
        "impact-assessment" => "impact-assessments",
        "policy" => "policies",
        "procedure" => "procedures",
        "objective" => "objectives",
        "record" => "records",
        "audit" => "audits",
        "management-review" => "reviews",
        "nonconformity" => "nonconformities",
        "scope" | "soa" => "",
        other => other,
    }
}

/// `a/./b/../c` → `a/c`, refusing to climb above the start.
fn normalise(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            other => out.push(other),
        }
    }
    Some(out)
}

/// The output folder relative to the project root, if it is inside it.
fn project_relative(config: &Config, out: &Path) -> Result<String, ImportError> {
    let root = std::fs::canonicalize(&config.root).unwrap_or_else(|_| config.root.clone());
    let absolute = if out.is_absolute() {
        out.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|dir| dir.join(out))
            .unwrap_or_else(|_| out.to_path_buf())
    };
    // Resolve the part that exists (symbolic links included), then append the rest.
    let mut existing = absolute.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_owned());
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut resolved = std::fs::canonicalize(&existing).unwrap_or(existing);
    for name in rest.iter().rev() {
        resolved.push(name);
    }
    let resolved = normalise(&resolved).unwrap_or(resolved);
    let relative = resolved.strip_prefix(&root).map_err(|_| {
        ImportError::Usage(format!(
            "--out {} is outside the project ({}); documents must live in the project",
            out.display(),
            root.display()
        ))
    })?;
    Ok(relative.to_string_lossy().replace('\\', "/"))
}

/// Where new documents of `kind` go by default: the folder most documents of the kind are
/// in, else the kind's usual folder under the documents' root.
fn default_folder(config: &Config, existing: &crate::load::DocumentSet, kind: &str) -> String {
    let mut counts: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for document in existing.of_kind(kind) {
        let folder = document
            .path
            .rsplit_once('/')
            .map_or(String::new(), |(folder, _)| folder.to_owned());
        *counts.entry(folder).or_default() += 1;
    }
    if let Some((folder, _)) = counts
        .iter()
        .max_by_key(|(folder, count)| (**count, std::cmp::Reverse((*folder).clone())))
    {
        return folder.clone();
    }
    let base = config
        .documents
        .first()
        .map(|glob| {
            let glob = glob.trim_start_matches("./");
            glob.split('/')
                .take_while(|part| !part.contains(['*', '?', '[', '{']))
                .collect::<Vec<_>>()
        })
        .map(|parts| {
            // A literal file name is not a folder.
            let keep = parts.len().saturating_sub(usize::from(
                parts.last().is_some_and(|last| last.ends_with(".md")),
            ));
            parts[..keep].join("/")
        })
        .unwrap_or_default();
    let folder = kind_folder(kind);
    match (base.is_empty(), folder.is_empty()) {
        (true, _) => folder.to_owned(),
        (false, true) => base,
        (false, false) => format!("{base}/{folder}"),
    }
}

/// Reads the source as a table.
fn read_source(options: &ImportOptions, mapping: &Mapping) -> Result<Table, ImportError> {
    let path = &options.source;
    let shown = &options.shown;
    let sheet = options.sheet.as_deref().or(mapping.sheet.as_deref());
    let metadata = std::fs::metadata(path)
        .map_err(|error| SourceError::new(shown, format!("cannot read it: {error}")))?;
    if metadata.is_dir() {
        return Ok(frontmatter::read(path, shown)?);
    }
    if metadata.len() > MAX_SOURCE_BYTES {
        return Err(SourceError::new(
            shown,
            format!(
                "{} MB is too large for a register (the limit is {} MB)",
                metadata.len() / 1_000_000,
                MAX_SOURCE_BYTES / 1_000_000
            ),
        )
        .into());
    }
    let bytes = std::fs::read(path)
        .map_err(|error| SourceError::new(shown, format!("cannot read it: {error}")))?;
    let extension = path
        .extension()
        .and_then(|ext| ext.to_str())
        .map(str::to_lowercase)
        .unwrap_or_default();
    let looks_like_workbook =
        bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
    match extension.as_str() {
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => {
            Ok(xlsx::read(&bytes, shown, sheet, mapping.header_row)?)
        }
        "md" | "markdown" => {
            let text = crate::load::frontmatter::decode(bytes).map_err(|problem| {
                SourceError::new(shown, format!("not a text file ({problem:?})"))
            })?;
            if markdown::has_table(&text) {
                Ok(markdown::read(&text, shown, sheet, mapping.header_row)?)
            } else {
                Ok(frontmatter::read(path, shown)?)
            }
        }
        _ if looks_like_workbook => Ok(xlsx::read(&bytes, shown, sheet, mapping.header_row)?),
        _ => {
            if sheet.is_some() {
                return Err(ImportError::Usage(format!(
                    "--sheet applies to workbooks and Markdown tables, and {shown} is read as CSV"
                )));
            }
            Ok(csv::read(&bytes, shown, mapping.header_row)?)
        }
    }
}

/// Runs the import: read, map, convert, lint in memory, and write unless told not to.
pub fn run(config: &Config, options: &ImportOptions) -> Result<ImportOutcome, ImportError> {
    let schemas = lint::schemas(config)?;
    let kind = options.kind.as_str();
    if !schemas.has_kind(kind) {
        let kinds = config.kind_names();
        let hint = crate::text::did_you_mean(kind, kinds.iter().copied())
            .map(|suggestion| format!("did you mean `{suggestion}`? "))
            .unwrap_or_default();
        return Err(ImportError::Usage(format!(
            "`{kind}` is not a document kind; {hint}kinds: {}",
            kinds.join(", ")
        )));
    }
    let is_soa = kind == "soa";
    let fields = Fields::of(&schemas, kind, is_soa)
        .ok_or_else(|| ImportError::Usage(format!("no schema for `{kind}`")))?;
    let document_fields = if is_soa {
        Fields::of(&schemas, kind, false)
    } else {
        None
    };
    let mapping = match &options.mapping {
        None => Mapping::default(),
        Some((path, shown)) => {
            let bytes = std::fs::read(path).map_err(|error| {
                ImportError::Usage(format!("cannot read the mapping file {shown}: {error}"))
            })?;
            let text = crate::load::frontmatter::decode(bytes).map_err(|problem| {
                ImportError::Usage(format!(
                    "the mapping file {shown} is not text ({problem:?})"
                ))
            })?;
            mapping::parse(shown, &text, kind, &fields, document_fields.as_ref())
                .map_err(ImportError::Mapping)?
        }
    };
    let explicit_out = options
        .out
        .as_ref()
        .map(|out| project_relative(config, out))
        .transpose()?;
    let table = read_source(options, &mapping)?;
    if table.records.is_empty() {
        return Err(
            SourceError::new(&options.shown, "no rows to import under the column names").into(),
        );
    }

    let worktree = Worktree::new(&config.root);
    let existing = lint::load(config, &worktree)?;
    let existing_ids: BTreeSet<String> = existing.ids().map(str::to_owned).collect();
    let out_dir = match explicit_out {
        Some(out) => out,
        None => default_folder(config, &existing, kind),
    };
    let existing_soa = if is_soa {
        existing
            .of_kind("soa")
            .find(|document| !document.is_retired())
    } else {
        None
    };
    let setup = build::Setup {
        kind,
        prefix: config.prefix_for(kind),
        fields: &fields,
        document_fields: document_fields.as_ref(),
        mapping: &mapping,
        scale: &config.risk,
        existing_ids: &existing_ids,
        out_dir: &out_dir,
        existing_soa,
    };
    let plan = if is_soa {
        let path = match (existing_soa, &options.out) {
            (Some(soa), None) => soa.path.clone(),
            _ => {
                let dir = out_dir.trim_matches('/');
                if dir.is_empty() || dir == "." {
                    "soa.md".to_owned()
                } else {
                    format!("{dir}/soa.md")
                }
            }
        };
        build::soa(&setup, &table, &path)
    } else {
        build::documents(&setup, &table)
    };

    let checked = check::check(
        config,
        &worktree,
        &schemas,
        &existing,
        &plan.documents,
        &table,
        &mapping,
        options.today,
    );
    let matcher = lint::matcher(config)?;
    let documents: Vec<Planned> = plan
        .documents
        .iter()
        .map(|document| Planned {
            path: document.path.clone(),
            id: document.id.clone(),
            exists: config.root.join(&document.path).exists(),
        })
        .collect();
    let conflicts: Vec<String> = documents
        .iter()
        .filter(|document| document.exists)
        .map(|document| document.path.clone())
        .collect();
    let unselected: Vec<String> = documents
        .iter()
        .filter(|document| !matcher.is_match(&document.path))
        .map(|document| document.path.clone())
        .collect();
    let texts: Vec<(String, String)> = plan
        .documents
        .iter()
        .map(|document| {
            (
                document.path.clone(),
                render::document(&document.data, &document.body),
            )
        })
        .collect();
    let errors = Counts::of(&checked.diagnostics).errors;
    let mut notes = table.notes.clone();
    notes.extend(plan.notes);
    let mut outcome = ImportOutcome {
        source: options.shown.clone(),
        source_kind: table.kind,
        sheet: table.sheet.clone(),
        records: table.records.len(),
        kind: kind.to_owned(),
        documents,
        texts,
        checked,
        notes,
        missing_controls: plan.missing_controls,
        conflicts,
        unselected,
        dry_run: options.dry_run,
        forced: options.force,
        written: false,
    };
    let blocked = (!outcome.conflicts.is_empty() && !options.force)
        || options.dry_run
        || (errors > 0 && !options.allow_errors);
    if !blocked {
        write(config, &outcome.texts)?;
        outcome.written = true;
    }
    Ok(outcome)
}

/// Writes every document, or none: a failure removes the files and folders this run created
/// and puts back the files it replaced.
fn write(config: &Config, texts: &[(String, String)]) -> Result<(), ImportError> {
    // In creation order, so undoing goes the other way.
    let mut created: Vec<PathBuf> = Vec::new();
    let mut replaced: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    let mut created_dirs: Vec<PathBuf> = Vec::new();
    for (path, text) in texts {
        let target = config.root.join(path);
        let previous = std::fs::read(&target).ok();
        let mut missing = Vec::new();
        let mut parent = target.parent();
        while let Some(dir) = parent {
            if dir.exists() || dir == config.root {
                break;
            }
            missing.push(dir.to_path_buf());
            parent = dir.parent();
        }
        missing.reverse();
        if let Err(error) = crate::atomic::write_atomically(&target, text.as_bytes()) {
            for file in created.iter().rev() {
                let _ = std::fs::remove_file(file);
            }
            for (file, bytes) in replaced.iter().rev() {
                let _ = std::fs::write(file, bytes);
            }
            for dir in created_dirs.iter().chain(missing.iter()).rev() {
                let _ = std::fs::remove_dir(dir);
            }
            return Err(ImportError::Write {
                path: path.clone(),
                message: error.to_string(),
            });
        }
        match previous {
            Some(bytes) => replaced.push((target, bytes)),
            None => created.push(target),
        }
        created_dirs.extend(missing);
    }
    Ok(())
}
