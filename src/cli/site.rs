//! `aims site [--out DIR] [--at REV] [--since REV] [--today D]`.

use super::{Cli, Failure, Outcome};
use aims::report::Format;
use aims::site::{self, Progress, SiteOptions};
use clap::Args;
use std::io::IsTerminal;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct SiteArgs {
    /// Where to write the site (replaced if aims built it before).
    #[arg(long, value_name = "DIR", default_value = "_site")]
    pub out: PathBuf,
    /// Build the site as the documents stood at this commit, tag or branch.
    #[arg(long, value_name = "REV")]
    pub at: Option<String>,
    /// The date to judge review and due dates against (default: today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = super::parse_today)]
    pub today: Option<jiff::civil::Date>,
    /// Add a "Changes since REV" page (linked from the navigation and from each changed
    /// document's page): what changed from REV (the last audit's tag, say) to the site's
    /// commit, as `aims diff REV` reports it.
    #[arg(long, value_name = "REV")]
    pub since: Option<String>,
    /// Do not read or write the history cache under .git/aims/.
    #[arg(long)]
    pub no_cache: bool,
}

/// A progress bar on stderr, only when stderr is a terminal.
struct Bar(Option<indicatif::ProgressBar>);

impl Progress for Bar {
    fn start(&self, total: usize) {
        if let Some(bar) = &self.0 {
            bar.set_length(total as u64);
        }
    }
    fn advance(&self, count: usize) {
        if let Some(bar) = &self.0 {
            bar.inc(count as u64);
        }
    }
    fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

pub fn run(cli: &Cli, args: &SiteArgs) -> Result<Outcome, Failure> {
    let dir = super::working_dir(cli);
    let config = super::lint::load_config(&dir, Format::Human, cli)?;
    let out = if args.out.is_absolute() {
        args.out.clone()
    } else {
        dir.join(&args.out)
    };
    let bar = Bar(std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(0);
        if let Ok(style) = indicatif::ProgressStyle::with_template("{msg} [{bar:32}] {pos}/{len}") {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message("rendering");
        bar
    }));
    let options = SiteOptions {
        out,
        at: args.at.clone(),
        today: super::today_or_system(args.today),
        cache: !args.no_cache,
        since: args.since.clone(),
    };
    let summary = site::build(&config, &options, &bar).map_err(|error| match error {
        site::SiteError::History(aims::history::HistoryError::NotARepository) => Failure::new(
            "the evidence site is built from git history: run aims site inside a git repository",
        ),
        other => Failure::new(other.to_string()),
    })?;
    super::history::print_timings(&summary.timings);
    let index = summary.out.join("index.html");
    eprintln!(
        "built {} pages and copied {} evidence files from commit {} ({} errors, {} warnings in findings)\nopen {}",
        summary.pages,
        summary.files,
        &summary.commit[..7.min(summary.commit.len())],
        summary.errors,
        summary.warnings,
        index.display()
    );
    Ok(Outcome::Clean)
}
