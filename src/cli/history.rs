//! `aims status`, `aims log`, `aims approve` and `aims review`.

use super::{Cli, Failure, Outcome, output};
use aims::history::mark::{self, Mark};
use aims::history::{self, HistoryError};
use aims::report::Format;
use aims::report::status as render;
use clap::{Args, ValueEnum};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusFormat {
    Table,
    Json,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = StatusFormat::Table)]
    pub format: StatusFormat,
    /// Report the documents as they were at this commit, tag or branch.
    #[arg(long, value_name = "REV")]
    pub at: Option<String>,
    /// The date to judge review due dates against (default: today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = super::parse_today)]
    pub today: Option<jiff::civil::Date>,
    /// Do not read or write the history cache under .git/aims/.
    #[arg(long)]
    pub no_cache: bool,
    #[command(flatten)]
    pub filter: super::status_filter::FilterArgs,
}

#[derive(Debug, Args)]
pub struct LogArgs {
    /// The document: its id (POL-001) or path.
    pub document: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = StatusFormat::Table)]
    pub format: StatusFormat,
    /// Show the history as it was at this commit, tag or branch.
    #[arg(long, value_name = "REV")]
    pub at: Option<String>,
    /// The date to judge the review due date against (default: today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = super::parse_today)]
    pub today: Option<jiff::civil::Date>,
    /// Under each change, show what it changed: fields old → new and the text's added and
    /// removed lines.
    #[arg(long)]
    pub diff: bool,
}

#[derive(Debug, Args)]
pub struct MarkArgs {
    /// Documents (ids such as POL-001, or paths), as committed at HEAD.
    #[arg(required = true)]
    pub documents: Vec<String>,
    /// Sign the commit with your configured git signing key (gpg or ssh).
    #[arg(long)]
    pub sign: bool,
    /// Approve documents whose `status` is `draft` (refused otherwise: approve what is ready).
    #[arg(long)]
    pub allow_draft: bool,
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = super::parse_today, hide = true)]
    pub today: Option<jiff::civil::Date>,
}

/// The current directory relative to the project root (`aims/policies/`), so paths given to
/// `approve` and `review` are relative to where the user is, as in git.
pub(super) fn current_dir_in_project(cli: &Cli, root: &std::path::Path) -> String {
    let here = std::fs::canonicalize(super::working_dir(cli)).ok();
    let root = std::fs::canonicalize(root).ok();
    match (here, root) {
        (Some(here), Some(root)) => match here.strip_prefix(&root) {
            Ok(relative) if !relative.as_os_str().is_empty() => {
                format!("{}/", relative.to_string_lossy().replace('\\', "/"))
            }
            _ => String::new(),
        },
        _ => String::new(),
    }
}

pub(super) fn history_failure(error: HistoryError) -> Failure {
    match &error {
        HistoryError::NotARepository => Failure::new(
            "not inside a git repository: approvals and reviews are read from git history",
        ),
        HistoryError::Git(_) | HistoryError::Documents(_) => Failure::new(format!(
            "git history cannot be read ({}): approvals, reviews and dates cannot be checked; `git fsck` names the damaged objects",
            error.detail()
        )),
        other => Failure::new(other.to_string()),
    }
}

/// With `AIMS_TIMINGS=1`, where the time went (to stderr).
pub fn print_timings(timings: &history::Timings) {
    if std::env::var_os("AIMS_TIMINGS").is_none() {
        return;
    }
    for (phase, took) in &timings.phases {
        eprintln!("{:>9.3} s  {phase}", took.as_secs_f64());
    }
}

fn shallow_warning(history: &history::History) {
    if history.cache_rejected {
        eprintln!(
            "warning: the history cache under .git/aims/ did not match the git objects; it was rebuilt from them"
        );
    }
    if history.truncated() || history.partial {
        eprintln!(
            "warning: this is a {} clone, so history is incomplete and dates and approvals may be missing; \
             fetch the full history (in GitHub Actions: actions/checkout with `fetch-depth: 0`)",
            if history.partial {
                "partial"
            } else {
                "shallow"
            }
        );
    }
}

pub fn status(cli: &Cli, args: &StatusArgs) -> Result<Outcome, Failure> {
    let config = super::lint::load_config(&super::working_dir(cli), Format::Human, cli)?;
    let snapshot = match history::snapshot(&config, args.at.as_deref(), !args.no_cache) {
        Ok(snapshot) => snapshot,
        Err(HistoryError::NoCommits) => {
            let text = match args.format {
                StatusFormat::Json => "{\n  \"version\": 1,\n  \"head\": null,\n  \"shallow\": false,\n  \"partial\": false,\n  \"documents\": []\n}\n".to_owned(),
                StatusFormat::Table => "no commits yet: commit your documents, then approve them with `aims approve ID…`\n".to_owned(),
            };
            output::write_stdout(&text)?;
            return Ok(Outcome::Clean);
        }
        Err(error) => return Err(history_failure(error)),
    };
    shallow_warning(&snapshot.history);
    let mut timings = snapshot.history.timings.clone();
    let mut assessment = snapshot.assess(&config, super::today_or_system(args.today));
    if matches!(args.format, StatusFormat::Json) {
        assessment.read_kpis(&snapshot.repo.repo, &snapshot.documents);
    }
    timings.lap("judge approvals");
    let filter = args.filter.filter();
    let statuses: Vec<_> = assessment
        .statuses()
        .filter(|status| filter.keeps(&snapshot.documents, status))
        .collect();
    match args.format {
        StatusFormat::Json => output::write_stdout(&render::status_json(
            &assessment,
            &snapshot.documents,
            &statuses,
        ))?,
        StatusFormat::Table => output::write_styled(
            &render::status_table(
                &assessment,
                &snapshot.documents,
                &statuses,
                output::wants_color(cli.color),
            ),
            cli.color,
        )?,
    }
    timings.lap("render");
    print_timings(&timings);
    super::free_at_exit(statuses);
    super::free_at_exit(assessment);
    super::free_at_exit(snapshot);
    Ok(Outcome::Clean)
}

pub fn log(cli: &Cli, args: &LogArgs) -> Result<Outcome, Failure> {
    let config = super::lint::load_config(&super::working_dir(cli), Format::Human, cli)?;
    let snapshot = history::snapshot(&config, args.at.as_deref(), true).map_err(history_failure)?;
    shallow_warning(&snapshot.history);
    let cwd = current_dir_in_project(cli, &config.root);
    let document = mark::find(&snapshot.documents, &args.document, &cwd)
        .ok_or_else(|| Failure::new(format!("no document `{}` in that commit", args.document)))?;
    let assessment = snapshot.assess(&config, super::today_or_system(args.today));
    let status = assessment
        .status(&document.path)
        .ok_or_else(|| Failure::new(format!("{} has no history yet", document.path)))?;
    let diffs = if args.diff {
        history::diff::timeline_diffs(&snapshot.repo.repo, status.timeline)
    } else {
        render::ChangeDiffs::new()
    };
    let text = match args.format {
        StatusFormat::Json => {
            render::log_json(&snapshot.history, &snapshot.documents, status, &diffs)
        }
        StatusFormat::Table => render::log_text(&snapshot.history, status, &diffs),
    };
    output::write_stdout(&text)?;
    super::free_at_exit(assessment);
    super::free_at_exit(snapshot);
    Ok(Outcome::Clean)
}

pub fn record(cli: &Cli, args: &MarkArgs, kind: Mark) -> Result<Outcome, Failure> {
    let config = super::lint::load_config(&super::working_dir(cli), Format::Human, cli)?;
    let repo = history::Repo::discover(&config.root).map_err(history_failure)?;
    let outcome = mark::mark(
        &config,
        &repo,
        &mark::Request {
            targets: &args.documents,
            mark: kind,
            sign: args.sign,
            allow_draft: args.allow_draft,
            today: super::today_or_system(args.today),
            cwd: current_dir_in_project(cli, &config.root),
        },
    )
    .map_err(|error| match error {
        mark::MarkError::History(error) => history_failure(error),
        other => Failure::new(other.to_string()),
    })?;
    let verb = match kind {
        Mark::Approve => "approved",
        Mark::Review => "recorded review of",
        Mark::Accept => "accepted the residual risk of",
    };
    let mut text = String::new();
    for entry in &outcome.documents {
        text.push_str(&format!(
            "{verb} {} ({}) at version {}\n",
            entry.id,
            entry.path,
            &entry.blob.to_string()[..7]
        ));
    }
    text.push_str(&format!(
        "commit {}{}\n",
        &outcome.commit.to_string()[..7],
        if outcome.signed { " (signed)" } else { "" }
    ));
    output::write_stdout(&text)?;
    Ok(Outcome::Clean)
}
