//! `aims lint [PATHS…]`.

use super::{Cli, Failure, Outcome, output};
use aims::config::{self, ConfigError};
use aims::lint::{self, LintOptions};
use aims::load::worktree::Worktree;
use aims::report::{self, Format, HumanOptions, LintReport};
use clap::{Args, ValueEnum};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
pub struct LintArgs {
    /// Only report findings in these files or folders (cross-document rules still see every
    /// document).
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Human)]
    pub format: FormatArg,

    /// Write the report to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// The date to judge due dates against (default: today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = super::parse_today)]
    pub today: Option<jiff::civil::Date>,

    /// Skip the checks that read git history (approvals, reviews).
    #[arg(long)]
    pub no_history: bool,

    /// Check the staged versions of the changed documents, read from the git index (for
    /// pre-commit hooks).
    #[arg(long, conflicts_with_all = ["paths", "base"])]
    pub staged: bool,

    /// Report only what the work tree changes since REV: new findings and findings in changed
    /// documents, and list the changed documents with their approval state (for pull requests).
    #[arg(long, value_name = "REV")]
    pub base: Option<String>,

    /// The lowest severity that makes the exit code 1.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,

    /// Also write SARIF to FILE (for code scanning), from the same run.
    #[arg(long, value_name = "FILE")]
    pub sarif: Option<PathBuf>,

    /// Also append a Markdown summary to FILE (such as $GITHUB_STEP_SUMMARY).
    #[arg(long, value_name = "FILE")]
    pub summary: Option<PathBuf>,

    /// Count the findings per rule instead of showing them (human or json format).
    #[arg(long)]
    pub statistics: bool,

    /// Show only the findings that fail the run (see --fail-on), and nothing at all when it
    /// passes (human format).
    #[arg(short, long)]
    pub quiet: bool,

    /// Show every finding in full, even when many are alike (human format groups them).
    #[arg(long)]
    pub no_group: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Human,
    Json,
    Github,
    Sarif,
    Markdown,
}

impl From<FormatArg> for Format {
    fn from(format: FormatArg) -> Format {
        match format {
            FormatArg::Human => Format::Human,
            FormatArg::Json => Format::Json,
            FormatArg::Github => Format::Github,
            FormatArg::Sarif => Format::Sarif,
            FormatArg::Markdown => Format::Markdown,
        }
    }
}

pub fn run(cli: &Cli, args: &LintArgs) -> Result<Outcome, Failure> {
    let dir = super::working_dir(cli);
    let format = Format::from(args.format);
    if args.statistics && !matches!(format, Format::Human | Format::Json) {
        return Err(Failure::new(
            "--statistics works with --format human or json",
        ));
    }
    let config = load_config(&dir, format, cli)?;
    let only_paths = if args.staged {
        None
    } else {
        restrict(&config, &args.paths)?
    };
    let options = LintOptions {
        today: super::today_or_system(args.today),
        only_paths,
        history: !args.no_history,
    };
    let run = if args.staged {
        lint::run_staged(&config, &options)?
    } else {
        let source = Worktree::new(&config.root);
        match &args.base {
            Some(base) => lint::run_against_base(&config, &source, base, &options)?,
            None => lint::run(&config, &source, &options)?,
        }
    };
    let counts = run.report.counts();
    let failing = match args.fail_on {
        FailOn::Error => counts.errors > 0,
        FailOn::Warning => counts.errors + counts.warnings > 0,
        FailOn::Never => false,
    };
    let threshold = match args.fail_on {
        FailOn::Error => aims::diagnostic::Severity::Error,
        FailOn::Warning | FailOn::Never => aims::diagnostic::Severity::Warning,
    };
    let shown = Shown {
        statistics: args.statistics,
        group: !args.no_group,
        threshold: args.quiet.then_some(threshold),
    };
    // --quiet silences a passing run's human report; machine formats always print.
    if !(args.quiet && !failing && format == Format::Human) {
        emit(&run.report, format, cli, args.output.as_deref(), shown)?;
    }
    if let Some(path) = &args.sarif {
        let text = report::render(&run.report, Format::Sarif, HumanOptions::default());
        aims::atomic::write_atomically(path, text.as_bytes())
            .map_err(|error| Failure::new(format!("cannot write {}: {error}", path.display())))?;
    }
    if let Some(path) = &args.summary {
        use std::io::Write;
        let text = report::render(&run.report, Format::Markdown, HumanOptions::default());
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .and_then(|mut file| file.write_all(text.as_bytes()))
            .map_err(|error| Failure::new(format!("cannot write {}: {error}", path.display())))?;
    }
    let outcome = if failing {
        Outcome::Findings
    } else {
        Outcome::Clean
    };
    // The process ends here; freeing thousands of parsed documents one by one would only
    // delay the exit (about 10% of a 10,000-document run).
    std::mem::forget(run.documents);
    Ok(outcome)
}

/// Loads aims.yaml; a broken one is rendered like any other finding, then the run stops.
pub fn load_config(dir: &Path, format: Format, cli: &Cli) -> Result<config::Config, Failure> {
    let error = match config::discover(dir, aims::check::rules::is_code) {
        Ok(config) => return Ok(config),
        Err(error) => error,
    };
    let message = error.to_string();
    let ConfigError::Invalid { text, diagnostics } = error else {
        return Err(Failure::new(message));
    };
    let mut report = LintReport {
        diagnostics,
        ..LintReport::default()
    };
    report
        .sources
        .insert(config::CONFIG_FILE.to_owned(), text.into());
    let rendered = report::render(
        &report,
        format,
        HumanOptions {
            color: output::wants_color(cli.color),
            no_summary: true,
            ..HumanOptions::default()
        },
    );
    Err(Failure {
        message,
        rendered: Some(rendered),
        io: None,
    })
}

/// Turns PATHS into the set of project-relative document paths to report on.
fn restrict(
    config: &config::Config,
    paths: &[PathBuf],
) -> Result<Option<BTreeSet<String>>, Failure> {
    if paths.is_empty() {
        return Ok(None);
    }
    let root = std::fs::canonicalize(&config.root)?;
    let mut prefixes = Vec::new();
    for path in paths {
        let absolute = std::fs::canonicalize(path)
            .map_err(|error| Failure::new(format!("{}: {error}", path.display())))?;
        let relative = absolute.strip_prefix(&root).map_err(|_| {
            Failure::new(format!(
                "{} is outside the project at {}",
                path.display(),
                root.display()
            ))
        })?;
        let relative = relative.to_string_lossy().replace('\\', "/");
        prefixes.push((relative, absolute.is_dir()));
    }
    let source = Worktree::new(&config.root);
    let matcher = lint::matcher(config)?;
    let listed = aims::load::source::FileSource::list(&source, matcher.prefixes())?;
    let mut only = BTreeSet::new();
    for file in listed {
        if !matcher.is_match(&file.path) {
            continue;
        }
        let selected = prefixes.iter().any(|(prefix, is_dir)| {
            if *is_dir {
                prefix.is_empty() || file.path.starts_with(&format!("{prefix}/"))
            } else {
                file.path == *prefix
            }
        });
        if selected {
            only.insert(file.path);
        }
    }
    if prefixes
        .iter()
        .any(|(prefix, _)| prefix == config::CONFIG_FILE)
    {
        only.insert(config::CONFIG_FILE.to_owned());
    }
    Ok(Some(only))
}

/// What the main report shows, beyond its format.
#[derive(Debug, Clone, Copy)]
pub struct Shown {
    /// Counts per rule instead of findings.
    pub statistics: bool,
    /// Group alike findings (human format).
    pub group: bool,
    /// Show only findings at or above this severity (human format).
    pub threshold: Option<aims::diagnostic::Severity>,
}

pub fn emit(
    report: &LintReport,
    format: Format,
    cli: &Cli,
    to: Option<&Path>,
    shown: Shown,
) -> Result<(), Failure> {
    let color = to.is_none() && output::wants_color(cli.color);
    let text = if shown.statistics {
        match format {
            Format::Json => report::statistics::json(&report.diagnostics),
            _ => report::statistics::table(&report.diagnostics),
        }
    } else {
        report::render(
            report,
            format,
            HumanOptions {
                color,
                no_summary: false,
                group: shown.group,
                threshold: shown.threshold,
            },
        )
    };
    match to {
        Some(path) => aims::atomic::write_atomically(path, text.as_bytes())
            .map_err(|error| Failure::new(format!("cannot write {}: {error}", path.display()))),
        None if format == Format::Human => output::write_styled(&text, cli.color),
        None => output::write_stdout(&text),
    }
}
