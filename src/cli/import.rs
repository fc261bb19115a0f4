//! `aims import SOURCE --kind KIND [--mapping FILE] [--sheet NAME] [--dry-run] [--out DIR]
//! [--force]`: bring a register (CSV, workbook, Markdown table, or Markdown files with their own
//! frontmatter) into the AIMS.

use super::{Cli, Failure, Outcome, output};
use aims::import::{self, ImportError, ImportOptions, summary};
use aims::report::{Format, HumanOptions, LintReport};
use clap::{Args, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    Human,
    Json,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// A CSV file, a workbook (.xlsx, .xlsm, .xls, .ods), a Markdown file with a table, or a
    /// folder (or file) of Markdown documents with their own frontmatter.
    pub source: PathBuf,
    /// The kind of document each row (or file) becomes; `soa` makes the rows the entries of
    /// the Statement of Applicability.
    #[arg(long, value_name = "KIND")]
    pub kind: String,
    /// A YAML file mapping columns to fields, values to values, names to emails, and ids.
    #[arg(long, value_name = "FILE")]
    pub mapping: Option<PathBuf>,
    /// The worksheet to read, or the heading (or number) of the Markdown table.
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// Write nothing: convert, check and report every problem at its source.
    #[arg(long)]
    pub dry_run: bool,
    /// The folder new documents go to (default: where documents of the kind already are).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Replace files that already exist.
    #[arg(long)]
    pub force: bool,
    /// Write the documents even if they have errors (to fix them in Markdown afterwards).
    #[arg(long)]
    pub allow_errors: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ImportFormat::Human)]
    pub format: ImportFormat,
    /// The date rules judge due dates against (default: today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = super::parse_today)]
    pub today: Option<jiff::civil::Date>,
}

pub fn run(cli: &Cli, args: &ImportArgs) -> Result<Outcome, Failure> {
    let dir = super::working_dir(cli);
    let format = match args.format {
        ImportFormat::Human => Format::Human,
        ImportFormat::Json => Format::Json,
    };
    let config = super::lint::load_config(&dir, format, cli)?;
    let resolve = |path: &PathBuf| {
        if path.is_absolute() {
            path.clone()
        } else {
            dir.join(path)
        }
    };
    let options = ImportOptions {
        source: resolve(&args.source),
        shown: args.source.to_string_lossy().replace('\\', "/"),
        kind: args.kind.clone(),
        mapping: args
            .mapping
            .as_ref()
            .map(|path| (resolve(path), path.to_string_lossy().replace('\\', "/"))),
        sheet: args.sheet.clone(),
        out: args.out.as_ref().map(resolve),
        force: args.force,
        dry_run: args.dry_run,
        allow_errors: args.allow_errors,
        today: super::today_or_system(args.today),
    };
    let outcome = import::run(&config, &options).map_err(|error| match error {
        ImportError::Mapping(problem) => {
            let diagnostics = problem
                .problems
                .iter()
                .map(|found| {
                    let mut diagnostic = aims::diagnostic::Diagnostic::new(
                        "mapping",
                        aims::diagnostic::Severity::Error,
                        problem.file.clone(),
                        aims::diagnostic::Span::point(found.at),
                        found.message.clone(),
                    );
                    diagnostic.help = found.help.clone();
                    diagnostic
                })
                .collect();
            let mut report = LintReport {
                diagnostics,
                ..LintReport::default()
            };
            report
                .sources
                .insert(problem.file.clone(), problem.text.clone().into());
            Failure {
                message: format!(
                    "the mapping file {} is invalid ({}); nothing was imported",
                    problem.file,
                    aims::text::count(problem.problems.len(), "problem", "problems")
                ),
                rendered: Some(aims::report::render(
                    &report,
                    format,
                    HumanOptions {
                        color: output::wants_color(cli.color),
                        no_summary: true,
                        group: false,
                        threshold: None,
                    },
                )),
                io: None,
            }
        }
        other => Failure::new(format!("{other}; nothing was imported")),
    })?;
    let text = match args.format {
        ImportFormat::Human => summary::human(&outcome, output::wants_color(cli.color)),
        ImportFormat::Json => summary::json(&outcome),
    };
    match args.format {
        ImportFormat::Human => output::write_styled(&text, cli.color)?,
        ImportFormat::Json => output::write_stdout(&text)?,
    }
    if !outcome.conflicts.is_empty() && !args.force && !args.dry_run {
        return Err(Failure::new(format!(
            "{} would be replaced; nothing was imported (pass --force to replace them)",
            aims::text::count(outcome.conflicts.len(), "existing file", "existing files")
        )));
    }
    if outcome.counts().errors > 0 {
        Ok(Outcome::Findings)
    } else {
        Ok(Outcome::Clean)
    }
}
