use super::prelude::*;
use crate::check::freshness::{Limit, State, evidence_freshness};

declare_rule! {
    /// ## What it checks
    /// An evidence entry past the date it stays valid. An entry may be written as an object,
    /// `{path: evidence/pentest.pdf, refresh: P1Y}` or `{path: ..., valid_until: 2026-06-30}`,
    /// instead of the plain path; entries that say neither take `evidence_refresh` from
    /// `aims.yaml` (`defaults.kinds.KIND.evidence_refresh`, else `defaults.evidence_refresh`).
    /// With `refresh`, the deadline is the file's last commit date plus the duration: the age of
    /// an evidence file is read from git history, never from the file system. With
    /// `valid_until`, it is that date. When both apply, the earlier one counts.
    ///
    /// A folder is as old as the newest commit to any file in it. Files never committed and
    /// links have no commit date: only `valid_until` can make them stale. Without history
    /// (`--no-history`) only `valid_until` is checked.
    ///
    /// ## Why it matters
    /// Clause 7.5 asks for documented information to be suitable and available when needed.
    /// Evidence such as a penetration test, a bias evaluation or a training record shows the
    /// state at a moment; auditors check that it is recent enough to support today's claims.
    ///
    /// ## How to fix
    /// Produce the evidence again and commit the new file (same path, or change the entry).
    /// If the evidence stays valid longer, change `valid_until` or `refresh` and have the
    /// document approved.
    pub struct EvidenceStale {
        code: "AIMS505",
        name: "evidence-stale",
        severity: Warning,
        summary: "An evidence file is older than the document allows",
    }
}

impl Rule for EvidenceStale {
    fn check_document(&self, doc: &DocumentContext<'_>, out: &mut Vec<Diagnostic>) {
        let ctx = doc.ctx;
        let document = doc.document;
        if document.is_retired() {
            return;
        }
        let history = ctx.history.map(|facts| facts.history);
        for item in evidence_freshness(ctx.config, document, history, ctx.today) {
            if item.state != State::Stale {
                continue;
            }
            let Some(deadline) = item.deadline else {
                continue;
            };
            let last = item
                .last_changed
                .map(|date| format!("last committed {date}, "))
                .unwrap_or_default();
            let why = match item.limit {
                Some(Limit::ValidUntil) => format!("valid until {deadline}"),
                Some(Limit::Refresh) => format!(
                    "refresh every {}: due {deadline}",
                    item.refresh.unwrap_or_default()
                ),
                _ => format!(
                    "aims.yaml's evidence_refresh {}: due {deadline}",
                    item.refresh.unwrap_or_default()
                ),
            };
            let days = crate::dates::days_between(deadline, ctx.today);
            out.push(
                Self::META
                    .at(
                        document,
                        &item.limit_pointer(),
                        format!(
                            "evidence `{}` is stale: {last}{why} ({})",
                            item.entry,
                            crate::text::count(days as usize, "day ago", "days ago")
                        ),
                    )
                    .with_help(
                        "produce the evidence again and commit it, or change `valid_until`/`refresh` if it stays valid longer",
                    ),
            );
        }
    }
}
