use super::prelude::*;

declare_rule! {
    /// ## What it checks
    /// That git history can be read and is complete: no commit that cannot be decoded (a
    /// malformed author line), no missing object, not a shallow clone (GitHub's
    /// `actions/checkout` fetches one commit by default) and not a partial clone missing
    /// objects. With unreadable or incomplete history, creation dates, approvals and reviews
    /// are invisible, so the history rules would report wrong states rather than none.
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
    /// For history that cannot be read, `git fsck` names the damaged objects; restore them from
    /// another clone.
    ///
    /// Or run `aims lint --no-history` to skip the history checks.
    pub struct HistoryIncomplete {
        code: "AIMS409",
        name: "history-incomplete",
        severity: Error,
        summary: "Git history cannot be read or is shallow or partial, so history checks would be wrong",
    }
}

impl Rule for HistoryIncomplete {
    fn check_project(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if let Some(error) = ctx.history_error {
            out.push(
                Self::META
                    .in_config(
                        crate::diagnostic::Span::START,
                        format!("git history cannot be read ({error}): approvals, reviews and dates cannot be checked"),
                    )
                    .with_help("run `git fsck` to find the damaged objects and restore them from another clone, or run with --no-history"),
            );
            return;
        }
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
