//! Shared logic of the rules that explain why an approval of the current version did not count.

use super::prelude::*;
use crate::check::RuleMeta;
use crate::history::approvals::{Problem, State};

/// Which approvals a rule reports.
pub(super) struct Reported<'a> {
    pub problems: &'a [Problem],
    /// Also while the version is approved otherwise: the problem points at tampering or a
    /// forgery, which an auditor must see even when another approval makes it harmless.
    pub even_if_approved: bool,
}

/// Reports approvals of the current version that fail with one of `reported.problems`, with
/// the assessment's one-sentence reason; `help` says how to fix it.
pub(super) fn report(
    doc: &DocumentContext<'_>,
    reported: &Reported<'_>,
    meta: &'static RuleMeta,
    help: impl Fn(Problem) -> String,
    out: &mut Vec<Diagnostic>,
) {
    let (Some(history), Some(status)) = (doc.ctx.history, doc.status) else {
        return;
    };
    if !reported.even_if_approved
        && matches!(
            status.state,
            State::Approved | State::Draft | State::Retired
        )
    {
        return;
    }
    for approval in status.approvals.iter().filter(|approval| approval.current) {
        let Some(problem) = approval
            .problem
            .filter(|problem| reported.problems.contains(problem))
        else {
            continue;
        };
        let record = &history.history.records[approval.record];
        let when = record
            .author
            .date()
            .map(|date| date.to_string())
            .unwrap_or_default();
        let why = approval
            .why
            .clone()
            .unwrap_or_else(|| problem.name().replace('-', " "));
        let commit = &record.id[..7.min(record.id.len())];
        out.push(
            meta.at(
                doc.document,
                "/id",
                format!(
                    "the approval by {} on {when} (commit {commit}) does not count: {why}",
                    approval.email
                ),
            )
            .with_help(help(problem)),
        );
    }
}
