use super::prelude::*;
use crate::load::model::soa_entries;
use std::collections::HashMap;

declare_rule! {
    /// ## What it checks
    /// An Annex A control listed more than once in the Statement of Applicability.
    ///
    /// ## Why it matters
    /// Two entries for one control can disagree (applicable in one, excluded in the other), and
    /// then the SoA says both.
    ///
    /// ## How to fix
    /// Merge the entries into one.
    pub struct SoaControlDuplicate {
        code: "AIMS303",
        name: "soa-control-duplicate",
        severity: Error,
        summary: "An Annex A control is listed twice in the Statement of Applicability",
    }
}

impl Rule for SoaControlDuplicate {
    fn check_project(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let Some(soa) = ctx.soa() else { return };
        let mut first_line: HashMap<&str, usize> = HashMap::new();
        for entry in soa_entries(soa) {
            let Some(id) = entry.id else { continue };
            let pointer = entry.pointer("id");
            match first_line.get(id) {
                Some(line) => out.push(
                    Self::META
                        .at(
                            soa,
                            &pointer,
                            format!("{id} is already listed on line {line}"),
                        )
                        .with_help("keep one entry per control"),
                ),
                None => {
                    first_line.insert(id, soa.span(&pointer).start.line);
                }
            }
        }
    }
}
