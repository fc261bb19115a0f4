//! Shared logic of the rules that explain why an approval of the current version did not count.

use crate::check::{Context, RuleMeta};
use crate::diagnostic::Diagnostic;
use crate::history::approvals::{Problem, State};
use crate::load::Document;

/// Reports approvals of the current version that fail with `problem`, for documents that are
/// not approved otherwise (an extra invalid approval of an approved version changes nothing,
/// and history cannot be rewritten to remove it).
pub(super) fn report(
    ctx: &Context<'_>,
    document: &Document,
    problem: Problem,
    meta: &'static RuleMeta,
    describe: impl Fn(&str, &str) -> (String, String),
    out: &mut Vec<Diagnostic>,
) {
    let Some(history) = ctx.history else { return };
    let Some(status) = history.status(document) else {
        return;
    };
    if matches!(
        status.state,
        State::Approved | State::Draft | State::Retired
    ) {
        return;
    }
    for approval in status
        .approvals
        .iter()
        .filter(|a| a.current && a.problem == Some(problem))
    {
        let record = &history.history.records[approval.record];
        let when = record
            .author
            .date()
            .map(|date| date.to_string())
            .unwrap_or_default();
        let (message, help) = describe(&approval.email, &when);
        let commit = &record.id[..7.min(record.id.len())];
        out.push(
            meta.at(document, "/id", format!("{message} (commit {commit})"))
                .with_help(help),
        );
    }
}
