use super::prelude::*;
use crate::config::{Config, SeverityOverride};
use std::collections::HashSet;

declare_rule! {
    /// ## What it checks
    /// A `severity` override in `aims.yaml` that lowers a rule (to `warning`, `info` or `off`)
    /// while that rule found nothing in this run.
    ///
    /// ## Why it matters
    /// Lowering a rule is a decision to live with its findings. Once the findings are gone, the
    /// override only hides future regressions. Raising a rule (for example making a warning an
    /// error) is policy, never stale, and is not reported.
    ///
    /// ## How to fix
    /// Remove the override from `aims.yaml`.
    pub struct UnusedOverride {
        code: "AIMS002",
        name: "unused-override",
        severity: Warning,
        summary: "A severity override lowers a rule that found nothing",
    }
}

/// Raised by the engine when it applies aims.yaml; see [`check`].
impl Rule for UnusedOverride {}

/// `fired` holds the codes that produced at least one finding before overrides applied.
pub fn check(config: &Config, fired: &HashSet<&str>, out: &mut Vec<Diagnostic>) {
    for (code, level) in &config.severity {
        let Some(rule) = super::lookup(code) else {
            continue;
        };
        let lowers = match level {
            SeverityOverride::Off => true,
            SeverityOverride::Level(level) => *level < rule.default_severity,
        };
        if lowers && !fired.contains(code.as_str()) {
            let pointer = crate::yaml::pointer(["severity", code]);
            out.push(
                UnusedOverride::META
                    .in_config(
                        config.key_span(&pointer),
                        format!("the override for {code} ({}) matches no finding", rule.name),
                    )
                    .with_help("remove it so the rule protects you again"),
            );
        }
    }
}
