//! `aims diff REV1 [REV2]`: what changed in the AIMS between two committed revisions, as the
//! surveillance audit asks ("since the last audit"). A report, not a gate: it exits 0 whatever
//! findings the period introduced, and 2 when a revision is unknown or there is no repository.

use super::history::history_failure;
use super::{Cli, Failure, Outcome, output};
use aims::lint::LintError;
use aims::report::{Format, revisions};
use clap::{Args, ValueEnum};

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier revision: a tag, branch or commit (for example the last audit's tag).
    #[arg(value_name = "REV1")]
    pub from: String,
    /// The later revision.
    #[arg(value_name = "REV2", default_value = "HEAD")]
    pub to: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    pub format: DiffFormat,
    /// The date both revisions are judged on, for due dates in findings (default: today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = super::parse_today)]
    pub today: Option<jiff::civil::Date>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    Human,
    Json,
    Markdown,
}

pub fn run(cli: &Cli, args: &DiffArgs) -> Result<Outcome, Failure> {
    let config = super::lint::load_config(&super::working_dir(cli), Format::Human, cli)?;
    let today = super::today_or_system(args.today);
    let diff =
        aims::lint::revisions::compare(&config, &args.from, &args.to, today).map_err(|error| {
            match error {
                LintError::History(error) => history_failure(error),
                other => Failure::new(other.to_string()),
            }
        })?;
    let text = match args.format {
        DiffFormat::Human => revisions::human(&diff),
        DiffFormat::Json => revisions::json(&diff),
        DiffFormat::Markdown => revisions::markdown(&diff),
    };
    output::write_stdout(&text)?;
    Ok(Outcome::Clean)
}
