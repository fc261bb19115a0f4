//! `aims demo [DIR]`: create (or reuse) the sample AIMS repository, then show what aims makes
//! of it — lint findings, the approval and review status, the evidence site — and what to try
//! next. Findings do not fail the command: they are the point of the demonstration.

use super::{Cli, Failure, Outcome, output};
use aims::demo::{self, DemoError, Options};
use aims::lint::{self, LintOptions};
use aims::load::worktree::Worktree;
use aims::report::{self, Format, HumanOptions};
use clap::Args;
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Where to create the demo repository (a new or empty folder). A folder that already holds
    /// the untouched demo is reused; any other non-empty folder is refused.
    #[arg(value_name = "DIR", default_value = "aims-demo")]
    pub dir: PathBuf,

    /// The date to judge reviews and due dates against. Default: 2026-11-22, the story's
    /// "today". The demo's history is dated (September 2025 to November 2026), so on the real
    /// date its reviews would drift towards overdue.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = super::parse_today)]
    pub today: Option<jiff::civil::Date>,

    /// Do not build the evidence site.
    #[arg(long)]
    pub no_site: bool,
}

fn heading(title: &str) -> String {
    format!(
        "\n── {title} {}\n\n",
        "─".repeat(60usize.saturating_sub(title.chars().count()))
    )
}

pub fn run(cli: &Cli, args: &DemoArgs) -> Result<Outcome, Failure> {
    if let Some(base) = &cli.directory
        && !base.is_dir()
    {
        return Err(Failure::new(format!(
            "cannot run in {}: no such folder",
            base.display()
        )));
    }
    let dir = match &cli.directory {
        Some(base) if !args.dir.is_absolute() => base.join(&args.dir),
        _ => args.dir.clone(),
    };
    let repo = demo::create(&dir, &Options::default()).map_err(|error| match error {
        DemoError::Story(_) | DemoError::Git(_) | DemoError::Io { .. } => {
            Failure::new(format!("could not create the demo: {error}"))
        }
        other => Failure::new(other.to_string()),
    })?;
    let today = args.today.unwrap_or(repo.today);
    let shown = dir.display().to_string();

    let mut intro = if repo.created {
        format!(
            "Created {shown}: the AI management system of Talentwise Ltd, an invented HR-tech company,\n\
             {} files and {} commits by {} people from {} to {} (HEAD {}).\n",
            repo.files,
            repo.commits,
            repo.people,
            repo.first,
            repo.last,
            repo.head.to_hex_with_len(7)
        )
    } else {
        format!(
            "{shown} already holds the demo (HEAD {}); nothing was written, the checks run again.\n",
            repo.head.to_hex_with_len(7)
        )
    };
    intro.push_str(&format!(
        "Everything below is as of {today}{}.\n",
        if today == repo.today {
            ", the story's today"
        } else {
            ""
        }
    ));
    output::write_stdout(&intro)?;

    let config = super::lint::load_config(&dir, Format::Human, cli)?;
    let dated = format!("--today {today}");

    // What `aims lint` reports, with the history rules.
    output::write_stdout(&heading(&format!("aims lint {dated}")))?;
    let options = LintOptions {
        today,
        only_paths: None,
        history: true,
    };
    let run = lint::run(&config, &Worktree::new(&config.root), &options)?;
    let text = report::render(
        &run.report,
        Format::Human,
        HumanOptions {
            color: output::wants_color(cli.color),
            no_summary: false,
            group: true,
            threshold: None,
        },
    );
    output::write_styled(&text, cli.color)?;

    // What `aims status` reports.
    output::write_stdout(&heading(&format!("aims status {dated}")))?;
    let snapshot = aims::history::snapshot(&config, None, true)?;
    let assessment = snapshot.assess(&config, today);
    let statuses: Vec<_> = assessment.statuses().collect();
    output::write_styled(
        &report::status::status_table(
            &assessment,
            &snapshot.documents,
            &statuses,
            output::wants_color(cli.color),
        ),
        cli.color,
    )?;

    let site = if args.no_site {
        None
    } else {
        output::write_stdout(&heading(&format!("aims site {dated}")))?;
        let summary = aims::site::build(
            &config,
            &aims::site::SiteOptions {
                out: dir.join("_site"),
                at: None,
                today,
                cache: true,
                since: None,
            },
            &aims::site::Silent,
        )?;
        output::write_stdout(&format!(
            "built {} pages and copied {} evidence files into {}\n",
            summary.pages,
            summary.files,
            Path::new(&shown).join("_site").display()
        ))?;
        Some(summary.out.join("index.html"))
    };

    let mut next = heading("try next");
    // Suggested commands must work however aims was started: `aims` only when the `aims` on
    // PATH is this binary; otherwise the command that started it, run on the demo with -C.
    let invocation = super::invocation::Invocation::detect();
    let on_path = invocation == super::invocation::Invocation::OnPath;
    let quoted = super::invocation::shell_quote(&shown);
    let aims = if on_path {
        "aims".to_owned()
    } else {
        format!("{} -C {quoted}", invocation.prefix())
    };
    let mut commands = Vec::new();
    if on_path {
        commands.push((format!("cd {quoted}"), String::new()));
    }
    commands.extend([
        (
            format!("{aims} status {dated}"),
            "approval and review state of every document".to_owned(),
        ),
        (
            format!("{aims} log POL-003"),
            "approved in 2025, edited in November 2026: what changed since".to_owned(),
        ),
        (
            format!("{aims} gap {dated}"),
            "what is still missing before the Stage 1 audit (new)".to_owned(),
        ),
        (
            format!("{aims} lint {dated} --format sarif"),
            "the same findings for GitHub code scanning".to_owned(),
        ),
    ]);
    let width = commands
        .iter()
        .map(|(command, _)| command.chars().count())
        .max()
        .unwrap_or(0);
    for (command, what) in &commands {
        let line = format!("  {command:<width$}  {what}");
        next.push_str(line.trim_end());
        next.push('\n');
    }
    if !on_path {
        next.push_str(
            "\n`aims` is not on your PATH: `pip install aims-42001` or `cargo install --locked --path .`\n\
             (in this checkout) puts it there; see Install in the README.\n",
        );
    }
    if let Some(index) = site {
        let absolute = std::fs::canonicalize(&index).unwrap_or(index);
        next.push_str(&format!("\nopen {}\n", absolute.display()));
    }
    output::write_stdout(&next)?;
    Ok(Outcome::Clean)
}
