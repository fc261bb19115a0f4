//! `aims gap [--format md|csv|json] [--framework KEY]`: the prioritised gap analysis, or another
//! framework's coverage read through it.

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
    /// Report another framework's coverage through its indicative crosswalk to ISO/IEC 42001.
    #[arg(long, value_enum, value_name = "FRAMEWORK")]
    pub framework: Option<FrameworkChoice>,
}

/// The frameworks `--framework` takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FrameworkChoice {
    /// NIST AI RMF 1.0, functions and categories.
    #[value(name = "nist-ai-rmf")]
    NistAiRmf,
    /// ISO/IEC 27001:2022 Annex A.
    #[value(name = "iso27001")]
    Iso27001,
    /// EU AI Act: Articles 9, 17, 73, Annex IV and record keeping.
    #[value(name = "eu-ai-act")]
    EuAiAct,
}

impl FrameworkChoice {
    pub fn key(self) -> &'static str {
        match self {
            FrameworkChoice::NistAiRmf => "nist-ai-rmf",
            FrameworkChoice::Iso27001 => "iso27001",
            FrameworkChoice::EuAiAct => "eu-ai-act",
        }
    }
}

pub fn run(cli: &Cli, args: &GapArgs) -> Result<Outcome, Failure> {
    let dir = super::working_dir(cli);
    let config = super::lint::load_config(&dir, Format::Human, cli)?;
    let options = GapOptions {
        at: args.at.as_deref(),
        today: super::today_or_system(args.today),
        cache: !args.no_cache,
    };
    let failure = |error: GapError| match error {
        GapError::History(error) => Failure::new(error.to_string()),
        GapError::Lint(error) => Failure::new(error.to_string()),
    };
    if let Some(choice) = args.framework {
        let framework = aims::catalog::frameworks::framework(choice.key())
            .ok_or_else(|| Failure::new(format!("no data for `{}`", choice.key())))?;
        let report = gap::framework_for_project(&config, &options, framework).map_err(failure)?;
        if !report.history {
            eprintln!(
                "note: not a git repository with commits: the analysis reads the working tree and cannot show approvals"
            );
        }
        let text = match args.format {
            GapFormat::Md => aims::report::framework::markdown::render(&report),
            GapFormat::Csv => aims::report::framework::csv::render(&report),
            GapFormat::Json => aims::report::framework::json::render(&report),
        };
        return write(&dir, args.output.as_deref(), &text);
    }
    let report = gap::for_project(&config, &options).map_err(failure)?;
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
    write(&dir, args.output.as_deref(), &text)
}

/// Writes to `--output` (relative to the working directory) or standard output.
fn write(
    dir: &std::path::Path,
    output: Option<&std::path::Path>,
    text: &str,
) -> Result<Outcome, Failure> {
    match output {
        Some(path) => {
            let path = if path.is_absolute() {
                path.to_path_buf()
            } else {
                dir.join(path)
            };
            std::fs::write(&path, text).map_err(|error| {
                Failure::new(format!("cannot write {}: {error}", path.display()))
            })?;
        }
        None => output::write_stdout(text)?,
    }
    Ok(Outcome::Clean)
}
