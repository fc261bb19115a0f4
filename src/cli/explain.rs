//! `aims explain [CODE]`.

use super::{Failure, Outcome, output};
use aims::check::{Family, rules};
use clap::Args;
use std::fmt::Write;

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A rule code (AIMS201) or name (duplicate-id). Without one, every rule is listed.
    pub code: Option<String>,
}

pub fn run(args: &ExplainArgs) -> Result<Outcome, Failure> {
    let text = match &args.code {
        Some(code) => {
            let meta = rules::lookup(code).ok_or_else(|| {
                Failure::new(format!("`{code}` is not a rule; `aims explain` lists them"))
            })?;
            format!(
                "{} {} ({} by default)\n\n{}\n\n{}",
                meta.code,
                meta.name,
                meta.default_severity,
                meta.summary,
                meta.doc.trim_end()
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
                    meta.default_severity.as_str(),
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
