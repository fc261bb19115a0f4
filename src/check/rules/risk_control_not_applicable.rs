use super::prelude::*;
use crate::load::model::soa_entries;
use serde_json::Value;
use std::collections::HashMap;

declare_rule! {
    /// ## What it checks
    /// A risk (not retired) whose `treatment.controls` names an Annex A control that the
    /// Statement of Applicability excludes (`applicable: false`) or does not list.
    ///
    /// ## Why it matters
    /// Clause 6.1.3 derives the necessary controls from risk treatment. A control relied on to
    /// treat a risk but excluded from the SoA is a contradiction an auditor will find by
    /// tracing the risk.
    ///
    /// ## How to fix
    /// Mark the control applicable in the SoA (with status and implementing documents), or
    /// change the risk's treatment.
    pub struct RiskControlNotApplicable {
        code: "AIMS306",
        name: "risk-control-not-applicable",
        severity: Error,
        summary: "A risk is treated with a control the SoA does not mark applicable",
    }
}

impl Rule for RiskControlNotApplicable {
    fn check_project(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let Some(soa) = ctx.soa() else { return };
        let applicability: HashMap<&str, Option<bool>> = soa_entries(soa)
            .into_iter()
            .filter_map(|entry| Some((entry.id?, entry.applicable)))
            .collect();
        for document in ctx.documents.of_kind("risk") {
            if document.is_retired() {
                continue;
            }
            let controls = document
                .get("/treatment/controls")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str);
            for (index, control) in controls.enumerate() {
                if ctx.catalog.control(control).is_none() {
                    continue; // AIMS205 reports it.
                }
                let pointer = format!("/treatment/controls/{index}");
                let message = match applicability.get(control) {
                    Some(Some(true)) | Some(None) => continue,
                    Some(Some(false)) => format!(
                        "{control} treats this risk, but the Statement of Applicability excludes it"
                    ),
                    None => format!(
                        "{control} treats this risk, but the Statement of Applicability does not list it"
                    ),
                };
                out.push(
                    Self::META
                        .at(document, &pointer, message)
                        .with_help(format!(
                            "mark {control} applicable in {} or change the treatment",
                            soa.path
                        )),
                );
            }
        }
    }
}
