//! `aims diff REV1 REV2` rendered three ways: for a compliance lead at the terminal (counts
//! first, then the lists), as Markdown to paste into an audit report, and as JSON for scripts.
//! The JSON shape is [`RevisionDiff`]'s fields under a top-level `"version": 1`.

use super::diff::one_line;
use super::markdown::cell;
use crate::diagnostic::Counts;
use crate::lint::revisions::{ChangeKind, Finding, RevisionDiff, SignOff};
use crate::text::count;
use serde::Serialize;
use std::fmt::Write;

#[derive(Serialize)]
struct Versioned<'a> {
    version: u32,
    #[serde(flatten)]
    diff: &'a RevisionDiff,
}

/// `--format json`.
pub fn json(diff: &RevisionDiff) -> String {
    let mut text =
        serde_json::to_string_pretty(&Versioned { version: 1, diff }).unwrap_or_default();
    text.push('\n');
    text
}

/// "1 error, 2 warnings, 0 infos".
fn severities(counts: &Counts) -> String {
    format!(
        "{}, {}, {}",
        count(counts.errors, "error", "errors"),
        count(counts.warnings, "warning", "warnings"),
        count(counts.infos, "info", "infos")
    )
}

/// "2 added, 1 changed, 0 renamed, 0 retired, 1 deleted".
fn change_counts(diff: &RevisionDiff) -> String {
    diff.counts()
        .iter()
        .map(|(kind, n)| format!("{n} {}", kind.name()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn day(date: &str) -> &str {
    date.get(..10).unwrap_or(date)
}

fn short(id: &str) -> &str {
    id.get(..7).unwrap_or(id)
}

/// "unsigned", "signed, not verified" or "signed and verified".
fn signature(sign_off: &SignOff) -> &'static str {
    use crate::history::approvals::TrustLevel;
    match sign_off.trust {
        TrustLevel::Verified => "signed and verified",
        TrustLevel::SignedUnverified => "signed, not verified",
        TrustLevel::Unsigned if sign_off.signed => "signed, not verified",
        TrustLevel::Unsigned => "unsigned",
    }
}

fn verdict(sign_off: &SignOff) -> String {
    match (&sign_off.why, sign_off.counts) {
        (_, true) => "counts".to_owned(),
        (Some(why), false) => format!("does not count: {why}"),
        (None, false) => "does not count".to_owned(),
    }
}

/// The human report.
pub fn human(diff: &RevisionDiff) -> String {
    let mut out = String::new();
    let (from, to) = (&diff.from, &diff.to);
    let _ = writeln!(
        out,
        "What changed in the AIMS from {} ({}, {}) to {} ({}, {})",
        one_line(&from.rev),
        from.short(),
        from.day(),
        one_line(&to.rev),
        to.short(),
        to.day()
    );
    let _ = writeln!(
        out,
        "{} in the period",
        count(diff.commits, "commit", "commits")
    );
    for note in &diff.notes {
        let _ = writeln!(out, "Note: {}", one_line(note));
    }
    if diff.is_empty() {
        let _ = writeln!(out, "\nNothing changed.");
        return out;
    }

    let _ = writeln!(out, "\nDocuments: {}", change_counts(diff));
    if diff.configuration_changed {
        let _ = writeln!(
            out,
            "  aims.yaml changed (roles, approvers or rules may differ)"
        );
    }
    let width = diff
        .documents
        .iter()
        .map(|document| document.id.as_deref().map_or(7, |id| id.chars().count()))
        .max()
        .unwrap_or(0);
    for document in &diff.documents {
        let mut line = format!(
            "  {:<8} {:<width$}",
            document.change.name(),
            document.id.as_deref().unwrap_or("(no id)")
        );
        let _ = write!(line, "  {}", document.path);
        if let Some(from) = &document.from {
            let _ = write!(line, " (from {from})");
        }
        if let Some(title) = &document.title {
            let _ = write!(line, "  {title}");
        }
        let summary = document.summary();
        if document.change != ChangeKind::Added && !summary.is_empty() {
            let _ = write!(line, ": {summary}");
        }
        let _ = writeln!(out, "{}", one_line(&line));
    }

    let _ = writeln!(out, "\nApprovals and reviews: {}", diff.approvals.len());
    for sign_off in &diff.approvals {
        let line = format!(
            "  {}  {:<8} {} version {} by {} <{}>, {}, {}",
            day(&sign_off.date),
            sign_off.action,
            sign_off.id.as_deref().unwrap_or(&sign_off.path),
            short(&sign_off.version),
            sign_off.name,
            sign_off.email,
            signature(sign_off),
            verdict(sign_off)
        );
        let _ = writeln!(out, "{}", one_line(&line));
    }

    let findings = &diff.findings;
    let _ = writeln!(
        out,
        "\nFindings introduced: {} ({})",
        findings.introduced.len(),
        severities(&findings.introduced_counts)
    );
    human_findings(&mut out, &findings.introduced);
    let _ = writeln!(
        out,
        "\nFindings resolved: {} ({})",
        findings.resolved.len(),
        severities(&findings.resolved_counts)
    );
    human_findings(&mut out, &findings.resolved);
    out
}

fn human_findings(out: &mut String, findings: &[Finding]) {
    for finding in findings {
        let line = format!(
            "  {:<7} {} {}:{}  {}",
            finding.severity.name(),
            finding.code,
            finding.path,
            finding.line,
            finding.message
        );
        let _ = writeln!(out, "{}", one_line(&line));
    }
}

/// `--format markdown`: headings, a period table, then one table per list.
pub fn markdown(diff: &RevisionDiff) -> String {
    let mut out = String::new();
    let (from, to) = (&diff.from, &diff.to);
    let _ = writeln!(
        out,
        "## What changed in the AIMS: `{}` → `{}`\n",
        cell(&from.rev).replace('`', "'"),
        cell(&to.rev).replace('`', "'")
    );
    let _ = writeln!(out, "| | From | To |\n|---|---|---|");
    let _ = writeln!(out, "| Commit | `{}` | `{}` |", from.short(), to.short());
    let _ = writeln!(out, "| Date | {} | {} |", from.day(), to.day());
    let _ = writeln!(
        out,
        "| Summary | {} | {} |\n",
        cell(&from.summary),
        cell(&to.summary)
    );
    let _ = writeln!(
        out,
        "{} in the period. Documents: {}. Approvals and reviews: {}. Findings introduced: {} ({}); resolved: {} ({}).\n",
        count(diff.commits, "commit", "commits"),
        change_counts(diff),
        diff.approvals.len(),
        diff.findings.introduced.len(),
        severities(&diff.findings.introduced_counts),
        diff.findings.resolved.len(),
        severities(&diff.findings.resolved_counts),
    );
    for note in &diff.notes {
        let _ = writeln!(out, "> **Note:** {}\n", cell(note));
    }

    let _ = writeln!(out, "### Documents\n");
    if diff.configuration_changed {
        let _ = writeln!(
            out,
            "`aims.yaml` changed in the period (roles, approvers or rules may differ).\n"
        );
    }
    if diff.documents.is_empty() {
        let _ = writeln!(out, "No document changed.\n");
    } else {
        let _ = writeln!(
            out,
            "| Change | Document | Path | Title | What changed |\n|---|---|---|---|---|"
        );
        for document in &diff.documents {
            let path = match &document.from {
                Some(from) => format!("{} (from {})", document.path, from),
                None => document.path.clone(),
            };
            let summary = if document.change == ChangeKind::Added {
                String::new()
            } else {
                document.summary()
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                document.change.name(),
                cell(document.id.as_deref().unwrap_or("")),
                cell(&path),
                cell(document.title.as_deref().unwrap_or("")),
                cell(&summary)
            );
        }
        out.push('\n');
    }

    let _ = writeln!(out, "### Approvals and reviews\n");
    if diff.approvals.is_empty() {
        let _ = writeln!(out, "No approval or review was recorded.\n");
    } else {
        let _ = writeln!(
            out,
            "| Date | Action | Document | Version | By | Signature | Counts |\n|---|---|---|---|---|---|---|"
        );
        for sign_off in &diff.approvals {
            let _ = writeln!(
                out,
                "| {} | {} | {} | `{}` | {} | {} | {} |",
                day(&sign_off.date),
                sign_off.action,
                cell(sign_off.id.as_deref().unwrap_or(&sign_off.path)),
                short(&sign_off.version),
                cell(&format!("{} <{}>", sign_off.name, sign_off.email)),
                signature(sign_off),
                cell(&verdict(sign_off))
            );
        }
        out.push('\n');
    }

    for (heading, findings) in [
        ("Findings introduced", &diff.findings.introduced),
        ("Findings resolved", &diff.findings.resolved),
    ] {
        let _ = writeln!(out, "### {heading}\n");
        if findings.is_empty() {
            let _ = writeln!(out, "None.\n");
            continue;
        }
        let _ = writeln!(
            out,
            "| Severity | Code | Where | Message |\n|---|---|---|---|"
        );
        for finding in findings {
            let _ = writeln!(
                out,
                "| {} | {} | {}:{} | {} |",
                finding.severity.name(),
                finding.code,
                cell(&finding.path),
                finding.line,
                cell(&finding.message)
            );
        }
        out.push('\n');
    }
    out
}
