//! `aims gap --framework KEY` (Markdown): a summary per section, then one table per section
//! with each requirement's coverage, the ISO/IEC 42001 requirements behind it and the documents
//! that reference it.

use crate::gap::framework::{CoverageTally, FrameworkReport};
use crate::report::markdown::cell;
use std::fmt::Write;

fn counts(out: &mut String, label: &str, tally: &CoverageTally) {
    let _ = writeln!(
        out,
        "| {} | {} | {} | {} | {} |",
        cell(label),
        tally.covered,
        tally.partial,
        tally.not_covered,
        tally.outside
    );
}

pub fn render(report: &FrameworkReport) -> String {
    let mut out = String::new();
    let organisation = report
        .organisation
        .as_deref()
        .map(|name| format!(": {}", cell(name)))
        .unwrap_or_default();
    let _ = writeln!(out, "# {} coverage{organisation}\n", cell(&report.name));
    let mut context = vec!["read through ISO/IEC 42001:2023".to_owned()];
    context.push(match &report.commit {
        Some(commit) => format!(
            "documents as committed at `{}`",
            commit.chars().take(7).collect::<String>()
        ),
        None => "documents in the working tree (not in git)".to_owned(),
    });
    context.push(format!("assessed on {}", report.today));
    let _ = writeln!(out, "{}\n", context.join(" · "));
    let _ = writeln!(
        out,
        "> **{}.** Each requirement is related to ISO/IEC 42001 clauses and Annex A controls by subject matter; it counts as covered when all of them are compliant in `aims gap`. Coverage here does not establish conformity with {}.\n",
        report.indicative,
        cell(&report.name)
    );
    let _ = writeln!(
        out,
        "| | Covered | Partial | Not covered | Outside the AIMS |"
    );
    let _ = writeln!(out, "|---|---:|---:|---:|---:|");
    for (title, tally) in &report.sections {
        counts(&mut out, title, tally);
    }
    counts(&mut out, "**Total**", &report.total);
    let mut current = None;
    for row in &report.rows {
        if current != Some(&row.section) {
            current = Some(&row.section);
            let _ = writeln!(out, "\n## {}\n", cell(&row.section));
            let _ = writeln!(
                out,
                "| Id | Requirement | Coverage | ISO/IEC 42001 | Referenced by |"
            );
            let _ = writeln!(out, "|---|---|---|---|---|");
        }
        let mut title = cell(&row.title);
        if let Some(note) = &row.note {
            let _ = write!(title, " ({})", cell(note));
        }
        let mapped = super::mapped_list(row);
        let _ = writeln!(
            out,
            "| {} | {title} | {} | {} | {} |",
            cell(&row.id),
            row.coverage.label(),
            if mapped.is_empty() {
                "—".to_owned()
            } else {
                cell(&mapped)
            },
            if row.referenced_by.is_empty() {
                "—".to_owned()
            } else {
                cell(&row.referenced_by.join(", "))
            }
        );
    }
    out
}
