use super::prelude::*;
use crate::config::Config;

declare_rule! {
    /// ## What it checks
    /// A waiver in `aims.yaml` (an accepted finding, with a reason) that matched no finding in
    /// this run.
    ///
    /// ## Why it matters
    /// Waivers are exceptions an auditor may ask about. One that no longer matches anything was
    /// either fixed (good: remove it) or no longer matches because a path or id changed (bad: it
    /// silently stopped applying). Either way it should not stay.
    ///
    /// ## How to fix
    /// Remove the waiver, or correct its `paths` / `ids` so it matches what it was meant for.
    pub struct UnusedWaiver {
        code: "AIMS003",
        name: "unused-waiver",
        severity: Warning,
        summary: "A waiver matches no finding",
    }
}

/// Raised by the engine when it applies aims.yaml; see [`check`].
impl Rule for UnusedWaiver {}

/// `used[i]` says whether waiver `i` suppressed at least one finding.
pub fn check(config: &Config, used: &[bool], out: &mut Vec<Diagnostic>) {
    for (waiver, used) in config.waivers.iter().zip(used) {
        if !used {
            out.push(
                UnusedWaiver::META
                    .in_config(
                        waiver.span,
                        format!("this waiver for {} matches no finding", waiver.code),
                    )
                    .with_help("remove it, or fix its `paths` or `ids`"),
            );
        }
    }
}
