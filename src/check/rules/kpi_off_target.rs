use super::prelude::*;
use crate::load::model::kpis;

declare_rule! {
    /// ## What it checks
    /// A KPI of an active objective whose latest value (`current`) misses its `target` the
    /// way `direction` says: below the target for `at-least` (the default), above it for
    /// `at-most`. A KPI with no `current` value yet is not reported.
    ///
    /// ## Why it matters
    /// Clause 9.1 asks for the results of monitoring to be analysed and evaluated, and clause
    /// 6.2 for objectives to be met or acted on. An objective whose KPI is off target and
    /// nobody says so reaches the management review (9.3) as a surprise, or not at all.
    ///
    /// ## How to fix
    /// Act on it: record what is being done in the objective (its plan, or a nonconformity
    /// with corrective actions), and commit the next measurement when it is back on target. If
    /// the target was wrong, change it and have the objective approved. An accepted miss can
    /// be waived in `aims.yaml` under `waivers`, with a reason and an expiry date.
    pub struct KpiOffTarget {
        code: "AIMS312",
        name: "kpi-off-target",
        severity: Warning,
        summary: "A KPI's latest value misses its target",
    }
}

impl Rule for KpiOffTarget {
    fn check_document(&self, doc: &DocumentContext<'_>, out: &mut Vec<Diagnostic>) {
        let ctx = doc.ctx;
        let document = doc.document;
        if ctx.known_kind(document) != Some("objective") || !document.is_active() {
            return;
        }
        for kpi in kpis(document) {
            let (Some(current), Some(target)) = (kpi.current, kpi.target) else {
                continue;
            };
            let direction = kpi.direction();
            if direction.meets(current, target) {
                continue;
            }
            let name = kpi.name.unwrap_or("KPI");
            let unit = match kpi.unit {
                Some("%") => "%".to_owned(),
                Some(unit) => format!(" {unit}"),
                None => String::new(),
            };
            let measured = kpi
                .measured_on
                .map(|date| format!(" (measured {date})"))
                .unwrap_or_default();
            let wanted = match direction {
                crate::load::model::Direction::AtLeast => "at least",
                crate::load::model::Direction::AtMost => "at most",
            };
            out.push(
                Self::META
                    .at(
                        document,
                        &kpi.pointer("current"),
                        format!(
                            "KPI \"{name}\" is {current}{unit}{measured}, off its target of {wanted} {target}{unit}"
                        ),
                    )
                    .with_help(
                        "record in the objective what is done about it (or raise a nonconformity), and commit the next measurement; change the target only with the objective's approval",
                    ),
            );
        }
    }
}
