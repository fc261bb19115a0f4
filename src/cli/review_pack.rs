//! `aims review-pack`: the management-review input pack (ISO/IEC 42001 9.3.2) for the period
//! since the previous management review, or since `--since REV|DATE`.

use super::history::history_failure;
use super::{Cli, Failure, Outcome, output};
use aims::history::{self, HistoryError};
use aims::report::Format;
use aims::report::review_pack as render;
use aims::review_pack::{self as pack, Since};
use clap::{Args, ValueEnum};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PackFormat {
    Human,
    Markdown,
    Json,
}

#[derive(Debug, Args)]
pub struct ReviewPackArgs {
    /// Start the period after this commit, tag or branch, or on this day (YYYY-MM-DD), instead
    /// of after the approval of the previous management review.
    #[arg(long, value_name = "REV|DATE")]
    pub since: Option<String>,
    /// Output format: plain text, Markdown for the review's minutes, or JSON.
    #[arg(long, value_enum, default_value_t = PackFormat::Human)]
    pub format: PackFormat,
    /// The date to judge due dates, overdue measurements and stale evidence against (default:
    /// today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = super::parse_today)]
    pub today: Option<jiff::civil::Date>,
    /// Do not read or write the history cache under .git/aims/.
    #[arg(long)]
    pub no_cache: bool,
}

pub fn run(cli: &Cli, args: &ReviewPackArgs) -> Result<Outcome, Failure> {
    let config = super::lint::load_config(&super::working_dir(cli), Format::Human, cli)?;
    let snapshot = match history::snapshot(&config, None, !args.no_cache) {
        Ok(snapshot) => snapshot,
        Err(HistoryError::NoCommits) => {
            return Err(Failure::new(
                "the repository has no commits yet: a review pack is made from history; commit your documents first",
            ));
        }
        Err(error) => return Err(history_failure(error)),
    };
    if snapshot.history.truncated() || snapshot.history.partial {
        eprintln!(
            "warning: history is incomplete (a shallow or partial clone): fetch the full history \
             (in GitHub Actions: actions/checkout with `fetch-depth: 0`)"
        );
    }
    let since = match args.since.as_deref() {
        None => None,
        Some(text) => Some(match aims::dates::parse_date(text) {
            Some(date) => Since::Date(date),
            None => Since::Commit {
                id: snapshot.repo.resolve(Some(text)).map_err(history_failure)?,
                label: text.to_owned(),
            },
        }),
    };
    let today = super::today_or_system(args.today);
    let mut assessment = snapshot.assess(&config, today);
    assessment.read_kpis(&snapshot.repo.repo, &snapshot.documents);
    let pack = pack::build(
        &pack::Inputs {
            config: &config,
            repo: &snapshot.repo.repo,
            project_prefix: &snapshot.repo.project_prefix,
            source: &snapshot.source,
            documents: &snapshot.documents,
            history: &snapshot.history,
            assessment: &assessment,
            today,
        },
        since.as_ref(),
    )
    .map_err(|error| match error {
        pack::PackError::History(error) => history_failure(error),
        other => Failure::new(other.to_string()),
    })?;
    let text = match args.format {
        PackFormat::Human => render::human(&pack),
        PackFormat::Markdown => render::markdown(&pack),
        PackFormat::Json => render::json(&pack),
    };
    output::write_stdout(&text)?;
    Ok(Outcome::Clean)
}
