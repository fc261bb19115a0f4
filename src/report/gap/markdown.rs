//! `aims gap` (the default `--format md`): the prioritised checklist as Markdown — a summary
//! table, one row per gap, then each gap's missing pieces as a task list, then what is already
//! compliant. Readable in a terminal, on GitHub and pasted into a programme plan.

use super::{MAX_MISSING, deadline_label, more_missing, priority_label, requirement_label};
use crate::dates::days_between;
use crate::gap::{Applicability, GapItem, GapReport, Tally};
use crate::report::markdown::cell;
use std::fmt::Write;

fn tally_row(out: &mut String, label: &str, tally: &Tally) {
    let _ = writeln!(
        out,
        "| {label} | {} | {} | {} |",
        tally.compliant, tally.partial, tally.not_compliant
    );
}

fn status(item: &GapItem) -> String {
    let mut text = item.conformity.label().to_owned();
    if item.applicability == Some(Applicability::Excluded) {
        text.push_str(" (excluded)");
    }
    text
}

pub fn render(report: &GapReport) -> String {
    let mut out = String::new();
    let organisation = report
        .organisation
        .as_deref()
        .map(|name| format!(": {}", cell(name)))
        .unwrap_or_default();
    let _ = writeln!(out, "# Gap analysis{organisation}\n");
    let mut context = vec![cell(&report.standard)];
    context.push(match &report.commit {
        Some(commit) => format!(
            "documents as committed at `{}`",
            commit.chars().take(7).collect::<String>()
        ),
        None => "documents in the working tree (not in git)".to_owned(),
    });
    context.push(format!("assessed on {}", report.today));
    if let Some(stage1) = report.stage1 {
        let days = days_between(report.today, stage1);
        context.push(if days >= 0 {
            format!("Stage 1 audit on {stage1} (in {days} days)")
        } else {
            format!("Stage 1 audit was on {stage1}")
        });
    }
    let _ = writeln!(out, "{}\n", context.join(" · "));
    if !report.history {
        let _ = writeln!(
            out,
            "> Not assessed from git: approvals and reviews are read from git history, so here \"compliant\" means evidenced by documents, not that they are approved.\n"
        );
    }
    if report.stage1.is_none() {
        let _ = writeln!(
            out,
            "> No Stage 1 date: set `certification.stage1` in aims.yaml to give every gap a deadline.\n"
        );
    }

    let _ = writeln!(out, "| | Compliant | Partial | Not compliant |");
    let _ = writeln!(out, "|---|---:|---:|---:|");
    tally_row(
        &mut out,
        &format!("Clauses 4–10 ({} requirements)", report.clauses.total()),
        &report.clauses,
    );
    let excluded = if report.controls.excluded > 0 {
        format!(", {} excluded", report.controls.excluded)
    } else {
        String::new()
    };
    tally_row(
        &mut out,
        &format!("Annex A ({} controls{excluded})", report.controls.total()),
        &report.controls,
    );
    out.push('\n');

    let gaps: Vec<&GapItem> = report.gaps().collect();
    if gaps.is_empty() {
        let _ = writeln!(
            out,
            "No gaps: every requirement is evidenced by approved, current documents.\n"
        );
    } else {
        let _ = writeln!(out, "## Prioritised checklist\n");
        let _ = writeln!(
            out,
            "| # | Priority | Requirement | Status | Owner | Deadline | Effort |"
        );
        let _ = writeln!(out, "|---:|---|---|---|---|---|---|");
        for (rank, item) in gaps.iter().enumerate() {
            let overdue = if item.overdue(report.today) {
                " **overdue**"
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {}{overdue} | {} |",
                rank + 1,
                priority_label(item),
                cell(&requirement_label(item)),
                status(item),
                cell(item.owner.as_deref().unwrap_or("unassigned")),
                if item.deadline.is_some() {
                    cell(&deadline_label(item))
                } else {
                    // No due date behind it and no Stage 1 date in aims.yaml.
                    "—".to_owned()
                },
                item.effort.map(|effort| effort.name()).unwrap_or_default(),
            );
        }
        let _ = writeln!(out, "\n## What is missing\n");
        for (rank, item) in gaps.iter().enumerate() {
            let _ = writeln!(
                out,
                "### {}. {}\n",
                rank + 1,
                cell(&requirement_label(item))
            );
            let mut facts = vec![
                format!("**{}**", status(item)),
                match item.reasons.is_empty() {
                    true => priority_label(item),
                    false => format!(
                        "{} ({})",
                        priority_label(item),
                        cell(&item.reasons.join("; "))
                    ),
                },
                format!(
                    "owner {}",
                    cell(item.owner.as_deref().unwrap_or("unassigned"))
                ),
            ];
            if item.deadline.is_some() {
                facts.push(format!("deadline {}", cell(&deadline_label(item))));
            }
            if let Some(effort) = item.effort {
                facts.push(format!("effort {}", effort.name()));
            }
            let _ = writeln!(out, "{}\n", facts.join(" · "));
            if !item.evidence.is_empty() {
                let _ = writeln!(out, "Evidence: {}\n", cell(&item.evidence.join(", ")));
            }
            for missing in item.missing.iter().take(MAX_MISSING) {
                let _ = writeln!(out, "- [ ] {}", cell(&missing.text));
            }
            if let Some(more) = more_missing(item) {
                let _ = writeln!(out, "- {more}");
            }
            out.push('\n');
        }
    }

    let compliant: Vec<&GapItem> = report.compliant().collect();
    if !compliant.is_empty() {
        let _ = writeln!(out, "## Compliant\n");
        let _ = writeln!(out, "| Requirement | Status | Evidence | Owner |");
        let _ = writeln!(out, "|---|---|---|---|");
        for item in compliant {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                cell(&requirement_label(item)),
                status(item),
                cell(&item.evidence.join(", ")),
                cell(item.owner.as_deref().unwrap_or("")),
            );
        }
    }
    out
}
