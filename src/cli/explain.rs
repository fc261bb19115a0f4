//! `aims explain [CODE]`: a rule's documentation, rendered for the terminal (headings, code,
//! lists) when colour is on, plain Markdown otherwise; or the list of every rule.

use super::{Cli, Failure, Outcome, output};
use aims::check::{Family, rules};
use clap::Args;
use std::fmt::Write;

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A rule code (AIMS201) or name (duplicate-id). Without one, every rule is listed.
    pub code: Option<String>,
}

/// The width explanations wrap to on a terminal: `COLUMNS` when set, at most 100.
fn width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|columns| columns.parse::<usize>().ok())
        .unwrap_or(88)
        .clamp(40, 100)
}

pub fn run(cli: &Cli, args: &ExplainArgs) -> Result<Outcome, Failure> {
    let text = match &args.code {
        Some(code) => {
            let meta = rules::lookup(code).ok_or_else(|| {
                Failure::new(format!("`{code}` is not a rule; `aims explain` lists them"))
            })?;
            if output::wants_color(cli.color) {
                let text = format!(
                    "\x1b[1m{} {}\x1b[0m ({} by default)\n\n\x1b[3m{}\x1b[0m\n\n{}\n",
                    meta.code,
                    meta.name,
                    meta.default_severity,
                    meta.summary,
                    aims::report::terminal_markdown::render(&meta.documentation(), width())
                );
                output::write_styled(&text, cli.color)?;
                return Ok(Outcome::Clean);
            }
            format!(
                "{} {} ({} by default)\n\n{}\n\n{}",
                meta.code,
                meta.name,
                meta.default_severity,
                meta.summary,
                meta.documentation().trim_end()
            ) + "\n"
        }
        None => {
            let mut text = String::new();
            let mut family = None;
            for meta in rules::all() {
                if family != Some(meta.family()) {
                    family = Some(meta.family());
                    let _ = writeln!(
                        text,
                        "{}{}",
                        if text.is_empty() { "" } else { "\n" },
                        Family::of(meta.code).title()
                    );
                }
                let _ = writeln!(
                    text,
                    "  {}  {:<32} {:<8} {}",
                    meta.code,
                    meta.name,
                    meta.default_severity.name(),
                    meta.summary
                );
            }
            text.push_str("\nRun `aims explain CODE` for details.\n");
            text
        }
    };
    output::write_stdout(&text)?;
    Ok(Outcome::Clean)
}
