//! `aims gap [--format md|csv|json]`: the prioritised gap analysis.

use super::{Cli, Failure, Outcome, output};
use aims::gap::{self, GapError, GapOptions};
use aims::report::Format;
use aims::report::gap as render;
use clap::{Args, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GapFormat {
    /// Markdown: summary, prioritised checklist, what is missing, what is compliant.
    #[value(alias = "markdown")]
    Md,
    /// One row per requirement, for spreadsheets.
    Csv,
    Json,
}

#[derive(Debug, Args)]
pub struct GapArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = GapFormat::Md)]
    pub format: GapFormat,
    /// Write to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Assess the documents as they stood at this commit, tag or branch.
    #[arg(long, value_name = "REV")]
    pub at: Option<String>,
    /// The date to judge reviews, due dates and deadlines against (default: today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = super::parse_today)]
    pub today: Option<jiff::civil::Date>,
    /// Do not read or write the history cache under .git/aims/.
    #[arg(long)]
    pub no_cache: bool,
}

pub fn run(cli: &Cli, args: &GapArgs) -> Result<Outcome, Failure> {
    let dir = super::working_dir(cli);
    let config = super::lint::load_config(&dir, Format::Human, cli)?;
    let options = GapOptions {
        at: args.at.as_deref(),
        today: super::today_or_system(args.today),
        cache: !args.no_cache,
    };
    let report = gap::for_project(&config, &options).map_err(|error| match error {
        GapError::History(error) => Failure::new(error.to_string()),
        GapError::Lint(error) => Failure::new(error.to_string()),
    })?;
    if report.truncated {
        eprintln!(
            "warning: history is incomplete (shallow or partial clone), so some approvals and reviews may be missing; fetch the full history"
        );
    }
    if !report.history {
        eprintln!(
            "note: not a git repository with commits: the analysis reads the working tree and cannot show approvals"
        );
    }
    let text = match args.format {
        GapFormat::Md => render::markdown::render(&report),
        GapFormat::Csv => render::csv::render(&report),
        GapFormat::Json => render::json::render(&report),
    };
    match &args.output {
        Some(path) => {
            let path = if path.is_absolute() {
                path.clone()
            } else {
                dir.join(path)
            };
            std::fs::write(&path, text).map_err(|error| {
                Failure::new(format!("cannot write {}: {error}", path.display()))
            })?;
        }
        None => output::write_stdout(&text)?,
    }
    Ok(Outcome::Clean)
}
