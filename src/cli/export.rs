//! `aims export soa|risks|systems|gap [--format xlsx|csv|md] [--output FILE] [--at REV]`: the
//! registers auditors ask for, built from one commit.

use super::{Cli, Failure, Outcome, output};
use aims::export::{self, ExportOptions, Format, What};
use aims::report::Format as ReportFormat;
use clap::{Args, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Register {
    /// The Statement of Applicability, one row per Annex A control.
    Soa,
    /// The risk register, one row per risk.
    Risks,
    /// The AI system inventory, one row per system.
    Systems,
    /// The gap analysis, one row per requirement.
    Gap,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// A workbook: a cover sheet and the register.
    Xlsx,
    /// The register as CSV.
    Csv,
    /// The cover and the register as Markdown.
    #[value(alias = "markdown")]
    Md,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// What to export.
    #[arg(value_enum)]
    pub what: Register,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExportFormat::Xlsx)]
    pub format: ExportFormat,
    /// Write to FILE (default for xlsx: WHAT-COMMIT.xlsx in the current folder; csv and md go
    /// to standard output).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Export the documents as committed at this commit, tag or branch (default: HEAD).
    #[arg(long, value_name = "REV")]
    pub at: Option<String>,
    /// The date the gap analysis judges against (default: the commit's date).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = super::parse_today)]
    pub today: Option<jiff::civil::Date>,
    /// Do not read or write the history cache under .git/aims/.
    #[arg(long)]
    pub no_cache: bool,
}

pub fn run(cli: &Cli, args: &ExportArgs) -> Result<Outcome, Failure> {
    let dir = super::working_dir(cli);
    let config = super::lint::load_config(&dir, ReportFormat::Human, cli)?;
    let what = match args.what {
        Register::Soa => What::Soa,
        Register::Risks => What::Risks,
        Register::Systems => What::Systems,
        Register::Gap => What::Gap,
    };
    let format = match args.format {
        ExportFormat::Xlsx => Format::Xlsx,
        ExportFormat::Csv => Format::Csv,
        ExportFormat::Md => Format::Markdown,
    };
    let built = export::build(
        &config,
        &ExportOptions {
            what,
            at: args.at.as_deref(),
            today: args.today,
            cache: !args.no_cache,
        },
    )?;
    let bytes = export::render(&built, format)?;
    let target = match (&args.output, format) {
        (Some(path), _) => Some(if path.is_absolute() {
            path.clone()
        } else {
            dir.join(path)
        }),
        (None, Format::Xlsx) => Some(dir.join(format!("{}.xlsx", built.file_stem()))),
        (None, _) => None,
    };
    match target {
        Some(path) => {
            std::fs::write(&path, &bytes).map_err(|error| {
                Failure::new(format!("cannot write {}: {error}", path.display()))
            })?;
            eprintln!(
                "wrote {} ({}: {} rows; cover: {} at commit {})",
                path.display(),
                built.sheet.name,
                built.sheet.rows.len(),
                aims::text::count(
                    built.cover.documents.len(),
                    "document version",
                    "document versions"
                ),
                built.cover.commit.chars().take(7).collect::<String>()
            );
        }
        None => output::write_stdout(&String::from_utf8_lossy(&bytes))?,
    }
    Ok(Outcome::Clean)
}
