use super::prelude::*;
use crate::load::model::kpis;

declare_rule! {
    /// ## What it checks
    /// A KPI of an active objective whose last measurement is older than its `frequency`
    /// allows: `measured_on` plus the frequency (daily P1D, weekly P1W, monthly P1M, quarterly
    /// P3M, semi-annually P6M, annually P1Y) is before today (`--today` overrides the date).
    /// A KPI with no `measured_on` yet is not reported: it has no measurement to be late.
    ///
    /// The series of past measurements is rebuilt from git history (every committed change of
    /// the KPI's `current` or `measured_on`); `aims status --format json` and the evidence site
    /// show it.
    ///
    /// ## Why it matters
    /// Clause 9.1 requires the organisation to determine when monitoring and measuring are
    /// performed, and to do it then. A KPI measured monthly whose last value is from spring is
    /// not monitored; auditors compare the dates with the stated frequency.
    ///
    /// ## How to fix
    /// Measure the KPI, then record the value in `current` and the date in `measured_on` and
    /// commit. If the frequency no longer fits, change `frequency` (and have the objective
    /// approved).
    pub struct KpiMeasurementOverdue {
        code: "AIMS311",
        name: "kpi-measurement-overdue",
        severity: Warning,
        summary: "A KPI has not been measured as often as its frequency says",
    }
}

impl Rule for KpiMeasurementOverdue {
    fn check_document(&self, doc: &DocumentContext<'_>, out: &mut Vec<Diagnostic>) {
        let ctx = doc.ctx;
        let document = doc.document;
        if ctx.known_kind(document) != Some("objective") || !document.is_active() {
            return;
        }
        for kpi in kpis(document) {
            let Some(due) = kpi.overdue_since(ctx.today) else {
                continue;
            };
            let name = kpi.name.unwrap_or("KPI");
            let frequency = kpi.frequency.unwrap_or_default();
            let measured = kpi.measured_on.unwrap_or_default();
            let days = crate::dates::days_between(due, ctx.today);
            out.push(
                Self::META
                    .at(
                        document,
                        &kpi.pointer("measured_on"),
                        format!(
                            "KPI \"{name}\" is measured {frequency} but was last measured {measured}: the next measurement was due {due} ({})",
                            crate::text::count(days as usize, "day ago", "days ago")
                        ),
                    )
                    .with_help(
                        "measure it, record `current` and `measured_on`, and commit; or change `frequency` if it no longer fits",
                    ),
            );
        }
    }
}
