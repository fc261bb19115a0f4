use super::prelude::*;

declare_rule! {
    /// ## What it checks
    /// `aims.yaml` must be valid YAML and follow its schema (`aims schema` exports it as
    /// `aims.schema.json`): no unknown keys, globs that compile, rule codes that exist, review
    /// cycles written as ISO 8601 durations, kinds that exist, custom kind schemas that can be
    /// read and compiled.
    ///
    /// ## Why it matters
    /// A typo in the configuration silently changes what is checked: a misspelt `documents` key
    /// would lint nothing, a misspelt rule code would waive nothing. aims refuses to run (exit
    /// code 2) rather than give a reassuring but wrong answer.
    ///
    /// ## How to fix
    /// Correct the key or value at the reported line. The help line suggests the closest known
    /// key when the key looks like a typo.
    pub struct ConfigInvalid {
        code: "AIMS001",
        name: "config-invalid",
        severity: Error,
        summary: "aims.yaml is not valid",
    }
}

/// Reported by the configuration loader, which stops the run; nothing to check afterwards.
impl Rule for ConfigInvalid {}

#[cfg(test)]
mod tests {
    use super::*;

    /// The configuration loader sits below the rules, so it names the code itself.
    #[test]
    fn the_loader_reports_under_this_code() {
        assert_eq!(ConfigInvalid::META.code, crate::config::CONFIG_CODE);
        assert_eq!(
            ConfigInvalid::META.default_severity,
            crate::diagnostic::Severity::Error
        );
    }
}
