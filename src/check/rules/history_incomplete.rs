use crate::check::{Context, Rule, declare_rule, rule_meta};
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// ## What it checks
    /// That git history is complete: not a shallow clone (GitHub's `actions/checkout` fetches
    /// one commit by default) and not a partial clone missing objects. With incomplete history,
    /// creation dates, approvals and reviews older than the cut are invisible, so the history
    /// rules would report wrong states rather than none.
    ///
    /// ## Why it matters
    /// Silent, plausible-looking wrong answers are worse than a clear error.
    ///
    /// ## How to fix
    /// Fetch the full history: `git fetch --unshallow`, or in GitHub Actions:
    ///
    /// ```yaml
    /// - uses: actions/checkout@v4
    ///   with:
    ///     fetch-depth: 0
    /// ```
    ///
    /// Or run `aims lint --no-history` to skip the history checks.
    pub struct HistoryIncomplete {
        code: "AIMS409",
        name: "history-incomplete",
        severity: Error,
        summary: "Git history is shallow or partial, so history checks would be wrong",
    }
}

impl Rule for HistoryIncomplete {
    rule_meta!();

    fn check_project(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let Some(history) = ctx.history else { return };
        let what = if history.history.partial {
            "a partial clone"
        } else if history.history.truncated() {
            "a shallow clone"
        } else {
            return;
        };
        out.push(
            Self::META
                .in_config(crate::diagnostic::Span::START, format!("git history is incomplete ({what}): approval and review dates cannot be trusted"))
                .with_help("fetch full history (`git fetch --unshallow`; in GitHub Actions use actions/checkout with `fetch-depth: 0`), or run with --no-history"),
        );
    }
}
