//! Argument parsing (clap derive) and dispatch. Exit codes: 0 nothing at error severity,
//! 1 findings at error severity, 2 usage error or the tool could not run. A closed pipe
//! (`aims lint | head`) ends quietly with 0.

mod demo;
mod explain;
mod export;
mod gap;
mod history;
mod hook;
mod import;
mod init;
mod lint;
mod output;
mod schema;
mod site;

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

/// Lint, trace and publish an ISO/IEC 42001 AI management system kept in git.
#[derive(Debug, Parser)]
#[command(name = "aims", version, about, long_about = None, max_term_width = 100, args_override_self = true)]
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
    Lint(lint::LintArgs),
    /// Explain a rule code (or list every rule).
    Explain(explain::ExplainArgs),
    /// Print or export the JSON Schemas of the document kinds and of aims.yaml.
    Schema(schema::SchemaArgs),
    /// Write a complete starter AIMS into a directory.
    Init(init::InitArgs),
    /// Review and approval state of every document, derived from git history.
    Status(history::StatusArgs),
    /// One document's history: changes, approvals and reviews, newest first.
    Log(history::LogArgs),
    /// Approve documents exactly as committed at HEAD (an empty commit bound to their blobs).
    Approve(history::MarkArgs),
    /// Record a periodic review of documents as committed at HEAD, without changing them.
    Review(history::MarkArgs),
    /// Build the static evidence site for auditors.
    Site(site::SiteArgs),
    /// Git hooks: `aims hook install` writes a pre-commit hook.
    Hook(hook::HookArgs),
    /// Create a sample AIMS with fifteen months of git history, then lint it, show its status
    /// and build its evidence site.
    Demo(demo::DemoArgs),
    /// Gap analysis: every clause 4–10 requirement and Annex A control, compliant or not, as a
    /// prioritised checklist with owners and deadlines.
    Gap(gap::GapArgs),
    /// Bring a register in: a CSV file, a workbook sheet, a Markdown table, or Markdown files
    /// with their own frontmatter become AIMS documents.
    Import(import::ImportArgs),
    /// Export the SoA, the risk register, the AI system inventory or the gap analysis as a
    /// workbook, CSV or Markdown, with a cover naming the commit, its date and the approvals.
    Export(export::ExportArgs),
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
}

impl Failure {
    pub fn new(message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
            rendered: None,
        }
    }
}

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(error: E) -> Failure {
        Failure::new(error.to_string())
    }
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Lint(args) => lint::run(&cli, args),
        Command::Explain(args) => explain::run(args),
        Command::Schema(args) => schema::run(&cli, args),
        Command::Init(args) => init::run(&cli, args),
        Command::Status(args) => history::status(&cli, args),
        Command::Log(args) => history::log(&cli, args),
        Command::Approve(args) => history::record(&cli, args, aims::history::mark::Mark::Approve),
        Command::Review(args) => history::record(&cli, args, aims::history::mark::Mark::Review),
        Command::Site(args) => site::run(&cli, args),
        Command::Hook(args) => hook::run(&cli, args),
        Command::Demo(args) => demo::run(&cli, args),
        Command::Gap(args) => gap::run(&cli, args),
        Command::Import(args) => import::run(&cli, args),
        Command::Export(args) => export::run(&cli, args),
    };
    match result {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::Findings) => ExitCode::from(1),
        Err(failure) if failure.message == output::BROKEN_PIPE => ExitCode::SUCCESS,
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
