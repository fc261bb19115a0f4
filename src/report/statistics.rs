//! `aims lint --statistics`: how many findings each rule produced, most first (like
//! `ruff --statistics`), as a table or versioned JSON.

use crate::check::rules;
use crate::diagnostic::{Diagnostic, Severity};
use serde_json::json;
use std::collections::BTreeMap;
use std::fmt::Write;

/// One rule's count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleCount {
    pub code: &'static str,
    pub name: &'static str,
    /// The most severe level the rule's findings had in this run.
    pub severity: Severity,
    pub count: usize,
}

/// Counts per rule, most findings first, then by severity (errors first), then by code.
pub fn of(diagnostics: &[Diagnostic]) -> Vec<RuleCount> {
    let mut by_code: BTreeMap<&'static str, RuleCount> = BTreeMap::new();
    for diagnostic in diagnostics {
        let entry = by_code.entry(diagnostic.code).or_insert_with(|| RuleCount {
            code: diagnostic.code,
            name: rules::lookup(diagnostic.code).map_or("", |meta| meta.name),
            severity: diagnostic.severity,
            count: 0,
        });
        entry.count += 1;
        entry.severity = entry.severity.max(diagnostic.severity);
    }
    let mut counts: Vec<RuleCount> = by_code.into_values().collect();
    counts.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then(b.severity.cmp(&a.severity))
            .then(a.code.cmp(b.code))
    });
    counts
}

/// The table: `count  code  severity  name`, then a hint to explain the first rule.
pub fn table(diagnostics: &[Diagnostic]) -> String {
    let counts = of(diagnostics);
    let mut out = String::new();
    if counts.is_empty() {
        out.push_str("no findings\n");
        return out;
    }
    let width = counts
        .iter()
        .map(|count| count.count.to_string().len())
        .max()
        .unwrap_or(1);
    let name_width = counts
        .iter()
        .map(|count| count.name.len())
        .max()
        .unwrap_or(0);
    for count in &counts {
        let line = format!(
            "{:>width$}  {}  {:<7}  {:<name_width$}  {}",
            count.count,
            count.code,
            count.severity.name(),
            count.name,
            rules::lookup(count.code).map_or("", |meta| meta.summary),
        );
        out.push_str(line.trim_end());
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "\n{} findings from {}; `aims explain {}` says what the first one checks and how to fix it",
        diagnostics.len(),
        crate::text::count(counts.len(), "rule", "rules"),
        counts[0].code
    );
    out
}

/// `--statistics --format json`: `{"version": 1, "statistics": [{code, name, severity, count}]}`.
pub fn json(diagnostics: &[Diagnostic]) -> String {
    let value = json!({
        "version": 1,
        "statistics": of(diagnostics)
            .iter()
            .map(|count| json!({
                "code": count.code,
                "name": count.name,
                "severity": count.severity.name(),
                "count": count.count,
            }))
            .collect::<Vec<_>>(),
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Position, Span};

    fn finding(code: &'static str, severity: Severity) -> Diagnostic {
        Diagnostic::new(
            code,
            severity,
            "a.md",
            Span::point(Position::new(1, 1)),
            "m",
        )
    }

    #[test]
    fn most_findings_first_then_errors_then_code() {
        let diagnostics = vec![
            finding("AIMS401", Severity::Warning),
            finding("AIMS108", Severity::Error),
            finding("AIMS401", Severity::Warning),
            finding("AIMS203", Severity::Warning),
        ];
        let counts = of(&diagnostics);
        let order: Vec<(&str, usize)> = counts.iter().map(|c| (c.code, c.count)).collect();
        assert_eq!(order, [("AIMS401", 2), ("AIMS108", 1), ("AIMS203", 1)]);
        assert_eq!(counts[0].name, "not-approved");
        assert!(table(&[]).starts_with("no findings"));
    }
}
