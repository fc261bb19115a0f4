//! `--format markdown`: a summary for people, e.g. a pull request's job summary
//! (`$GITHUB_STEP_SUMMARY`): counts, the findings (the first hundred), and the documents the
//! change touches with whether each still needs approval.

use super::LintReport;
use crate::diagnostic::Severity;
use crate::history::approvals::State;
use crate::lint::changes::HeadState;
use crate::text::count;
use std::fmt::Write;

const MAX_ROWS: usize = 100;

/// Escapes text for a Markdown table cell.
pub(crate) fn cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// What an approval state means for a changed document.
pub fn approval_note(state: Option<HeadState>) -> &'static str {
    match state {
        Some(HeadState::Assessed(State::Approved)) => "approved as committed",
        Some(HeadState::Assessed(State::ChangedSinceApproval)) => {
            "needs approval again (changed since approved)"
        }
        Some(HeadState::Assessed(State::NeverApproved)) => "needs approval (never approved)",
        Some(HeadState::Assessed(State::Draft)) => "draft",
        Some(HeadState::Assessed(State::Retired)) => "retired",
        Some(HeadState::NotCommitted) => "not committed yet",
        None => "",
    }
}

pub fn render(report: &LintReport) -> String {
    let counts = report.counts();
    let mut out = String::new();
    let verdict = if counts.errors > 0 {
        "❌"
    } else if counts.warnings > 0 {
        "⚠️"
    } else {
        "✅"
    };
    let _ = writeln!(
        out,
        "## {verdict} aims: {}, {} in {}\n",
        count(counts.errors, "error", "errors"),
        count(counts.warnings, "warning", "warnings"),
        count(report.files, "document", "documents")
    );
    if let Some(base) = &report.base {
        let _ = writeln!(
            out,
            "Findings introduced by this change, or in documents it changes, compared with `{}`.\n",
            cell(base)
        );
    }
    if report.diagnostics.is_empty() {
        out.push_str("No findings.\n");
    } else {
        out.push_str("| Severity | Rule | Finding | Where |\n|---|---|---|---|\n");
        for diagnostic in report.diagnostics.iter().take(MAX_ROWS) {
            let severity = match diagnostic.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "note",
            };
            let mut finding = cell(&diagnostic.message);
            if let Some(help) = &diagnostic.help {
                let _ = write!(finding, "<br>_{}_", cell(help));
            }
            let _ = writeln!(
                out,
                "| {severity} | `{}` | {finding} | `{}{}:{}` |",
                diagnostic.code,
                cell(&report.path_prefix),
                cell(&diagnostic.path),
                diagnostic.span.start.line
            );
        }
        if report.diagnostics.len() > MAX_ROWS {
            let _ = writeln!(
                out,
                "\n…and {} more; run `aims lint` for all of them.",
                report.diagnostics.len() - MAX_ROWS
            );
        }
    }
    if let Some(changed) = &report.changed {
        let _ = writeln!(out, "\n### Documents changed ({})\n", changed.len());
        if changed.is_empty() {
            out.push_str("None.\n");
        } else {
            out.push_str("| Document | Change | Approval |\n|---|---|---|\n");
            for document in changed {
                let _ = writeln!(
                    out,
                    "| `{}` {} | {} | {} |",
                    cell(document.id.as_deref().unwrap_or("-")),
                    cell(&document.path),
                    cell(&document.change.label()),
                    approval_note(document.state)
                );
            }
        }
    }
    if let Some(under_review) = report
        .under_review
        .as_ref()
        .filter(|found| !found.is_empty())
    {
        let _ = writeln!(
            out,
            "\n### Documents to look at again ({})\n\nThey depend on a document this change modifies; once it is merged, check each against it \
             and run `aims review ID` (or edit and approve it).\n",
            under_review.len()
        );
        out.push_str("| Document | Depends on | Through |\n|---|---|---|\n");
        for downstream in under_review {
            let _ = writeln!(
                out,
                "| `{}` {} | `{}` | `{}` |",
                cell(&downstream.id),
                cell(&downstream.path),
                cell(&downstream.via),
                cell(&downstream.pointer)
            );
        }
    }
    out
}
