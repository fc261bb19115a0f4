//! Argument parsing (clap derive) and dispatch. Exit codes: 0 nothing at error severity,
//! 1 findings at error severity, 2 usage error or the tool could not run. A closed pipe
//! (`aims lint | head`) ends quietly with 0.

mod demo;
mod diff;
mod examples;
mod explain;
mod export;
mod gap;
mod history;
mod hook;
mod impact;
mod import;
mod init;
mod invocation;
mod lint;
mod output;
mod review_pack;
mod schema;
mod site;
mod status_filter;

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

/// Lint, trace and publish an ISO/IEC 42001 AI management system kept in git.
#[derive(Debug, Parser)]
#[command(name = "aims", version, about, long_about = None, max_term_width = 100, args_override_self = true, after_help = examples::AIMS)]
pub struct Cli {
    /// Run as if aims was started in DIR (like `git -C`).
    #[arg(short = 'C', value_name = "DIR", global = true)]
    pub directory: Option<PathBuf>,

    /// When to use colours in human output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check the AIMS documents: schemas, references, SoA and clause coverage, evidence.
    #[command(after_help = examples::LINT)]
    Lint(lint::LintArgs),
    /// Explain a rule (or list every rule).
    #[command(after_help = examples::EXPLAIN)]
    Explain(explain::ExplainArgs),
    /// Print or export the JSON Schemas of the document kinds and of aims.yaml.
    #[command(after_help = examples::SCHEMA)]
    Schema(schema::SchemaArgs),
    /// Write a complete starter AIMS into a folder.
    #[command(after_help = examples::INIT)]
    Init(init::InitArgs),
    /// Show the approval and review state of every document, most urgent first, from git
    /// history.
    #[command(after_help = examples::STATUS)]
    Status(history::StatusArgs),
    /// Show one document's history: changes, approvals and reviews, newest first.
    #[command(after_help = examples::LOG)]
    Log(history::LogArgs),
    /// Approve documents exactly as committed at HEAD (an empty commit bound to their blobs).
    #[command(after_help = examples::APPROVE)]
    Approve(history::MarkArgs),
    /// Record a periodic review of documents as committed at HEAD, without changing them.
    #[command(after_help = examples::REVIEW)]
    Review(history::MarkArgs),
    /// Accept the residual level of risks as committed at HEAD (clause 6.1.3): an empty commit
    /// bound to each risk's exact version, by someone the risk's `acceptance.by` names.
    #[command(after_help = examples::ACCEPT)]
    Accept(history::MarkArgs),
    /// Show every document that depends on a document (directly or through others): what a
    /// change to it puts under review, and which already wait for a review (AIMS413).
    #[command(after_help = examples::IMPACT)]
    Impact(impact::ImpactArgs),
    /// Show what changed in the AIMS between two revisions (since the last audit): documents
    /// added, changed, renamed or retired, approvals and reviews, findings introduced and
    /// resolved.
    ///
    /// Both revisions are read as committed (not the work tree), each linted with its own
    /// history and judged on the same day (--today); findings are compared by rule, path and
    /// message. A report, not a gate: it exits 0 whatever the period introduced, and 2 when a
    /// revision does not name a commit. docs/history.md describes the JSON.
    #[command(after_help = examples::DIFF)]
    Diff(diff::DiffArgs),
    /// Build the static evidence site for auditors.
    #[command(after_help = examples::SITE)]
    Site(site::SiteArgs),
    /// Install git hooks: `aims hook install` writes a pre-commit hook.
    #[command(after_help = examples::HOOK)]
    Hook(hook::HookArgs),
    /// Create a sample AIMS with fifteen months of git history, then lint it, show its status
    /// and build its evidence site.
    #[command(after_help = examples::DEMO)]
    Demo(demo::DemoArgs),
    /// Assess every clause 4–10 requirement and Annex A control: compliant or not, as a
    /// prioritised checklist with owners and deadlines.
    #[command(after_help = examples::GAP)]
    Gap(gap::GapArgs),
    /// Bring a register in: a CSV file, a workbook sheet, a Markdown table, or Markdown files
    /// with their own frontmatter become AIMS documents.
    #[command(after_help = examples::IMPORT)]
    Import(import::ImportArgs),
    /// Export the SoA, the risk register, the AI system inventory or the gap analysis as a
    /// workbook, CSV or Markdown, with a cover naming the commit, its date and the approvals.
    #[command(after_help = examples::EXPORT)]
    Export(export::ExportArgs),
    /// Assemble the management-review input pack (9.3.2) from history: the previous review's
    /// actions, document changes and approvals, nonconformities, KPI trends, audits, risk
    /// changes, stale evidence and suspect links since the last management review.
    #[command(name = "review-pack", after_help = examples::REVIEW_PACK)]
    ReviewPack(review_pack::ReviewPackArgs),
}

/// How a command ended.
pub enum Outcome {
    Clean,
    Findings,
}

/// A failure that stops a command (exit code 2).
#[derive(Debug)]
pub struct Failure {
    pub message: String,
    /// Already-rendered output to show instead of (or before) the message.
    pub rendered: Option<String>,
    /// The kind of a failed write to stdout, kept so a closed pipe is told apart by type.
    pub io: Option<std::io::ErrorKind>,
}

impl Failure {
    pub fn new(message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
            rendered: None,
            io: None,
        }
    }

    /// Writing the output failed.
    pub fn output(error: &std::io::Error) -> Failure {
        Failure {
            io: Some(error.kind()),
            ..Failure::new(format!("cannot write output: {error}"))
        }
    }

    /// Whoever read the output stopped early (`aims status | head`): a normal end, exit 0.
    pub fn is_broken_pipe(&self) -> bool {
        self.io == Some(std::io::ErrorKind::BrokenPipe)
    }
}

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(error: E) -> Failure {
        Failure::new(error.to_string())
    }
}

/// Leaves `value` for the operating system to reclaim: the command's output is written and
/// the process ends right after. Freeing a long history one allocation at a time (8,000 commit
/// records with their people, paths and trailers) cost a cached `aims status` a fifth of its
/// run. Nothing here has a `Drop` that writes or removes files.
fn free_at_exit<T>(value: T) {
    std::mem::forget(value);
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Lint(args) => lint::run(&cli, args),
        Command::Explain(args) => explain::run(&cli, args),
        Command::Schema(args) => schema::run(&cli, args),
        Command::Init(args) => init::run(&cli, args),
        Command::Status(args) => history::status(&cli, args),
        Command::Log(args) => history::log(&cli, args),
        Command::Impact(args) => impact::run(&cli, args),
        Command::Approve(args) => history::record(&cli, args, aims::history::mark::Mark::Approve),
        Command::Review(args) => history::record(&cli, args, aims::history::mark::Mark::Review),
        Command::Accept(args) => history::record(&cli, args, aims::history::mark::Mark::Accept),
        Command::Diff(args) => diff::run(&cli, args),
        Command::Site(args) => site::run(&cli, args),
        Command::Hook(args) => hook::run(&cli, args),
        Command::Demo(args) => demo::run(&cli, args),
        Command::Gap(args) => gap::run(&cli, args),
        Command::Import(args) => import::run(&cli, args),
        Command::Export(args) => export::run(&cli, args),
        Command::ReviewPack(args) => review_pack::run(&cli, args),
    };
    match result {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::Findings) => ExitCode::from(1),
        Err(failure) if failure.is_broken_pipe() => ExitCode::SUCCESS,
        Err(failure) => {
            if let Some(rendered) = &failure.rendered {
                let _ = output::write_stdout(rendered);
            }
            if !failure.message.is_empty() {
                eprintln!("error: {}", failure.message);
            }
            ExitCode::from(2)
        }
    }
}

/// The directory commands run in: `-C DIR` or the current directory.
pub fn working_dir(cli: &Cli) -> PathBuf {
    cli.directory.clone().unwrap_or_else(|| PathBuf::from("."))
}

/// Parses `--today`.
pub fn parse_today(text: &str) -> Result<jiff::civil::Date, String> {
    aims::dates::parse_date(text).ok_or_else(|| format!("`{text}` is not a date (YYYY-MM-DD)"))
}

pub fn today_or_system(today: Option<jiff::civil::Date>) -> jiff::civil::Date {
    today.unwrap_or_else(aims::dates::system_today)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn every_help_shows_examples_in_one_voice() {
        let command = Cli::command();
        command.clone().debug_assert();
        let mut checked = 0;
        for sub in std::iter::once(&command).chain(command.get_subcommands()) {
            let after = sub
                .get_after_help()
                .map(|text| text.to_string())
                .unwrap_or_default();
            assert!(
                after.starts_with("Examples:\n  aims "),
                "{} has no examples",
                sub.get_name()
            );
            for line in after.lines().skip(1) {
                assert!(line.starts_with("  aims "), "{}: {line}", sub.get_name());
            }
            if sub.get_name() != "aims" {
                // One voice: every command is described by an imperative verb.
                let about = sub
                    .get_about()
                    .map(|text| text.to_string())
                    .unwrap_or_default();
                let first = about.split_whitespace().next().unwrap_or_default();
                assert!(
                    [
                        "Check", "Explain", "Print", "Write", "Show", "Approve", "Record", "Build",
                        "Install", "Create", "Assess", "Bring", "Export", "Accept", "Assemble"
                    ]
                    .contains(&first),
                    "{}: {about}",
                    sub.get_name()
                );
            }
            for arg in sub.get_arguments() {
                if arg.is_hide_set() || ["help", "version"].contains(&arg.get_id().as_str()) {
                    continue;
                }
                let help = arg
                    .get_help()
                    .map(|text| text.to_string())
                    .unwrap_or_default();
                assert!(
                    !help.is_empty(),
                    "{} --{} has no help",
                    sub.get_name(),
                    arg.get_id()
                );
            }
            checked += 1;
        }
        assert_eq!(checked, 19);
    }
}
