//! `--format json`: a stable, versioned document for scripts.
//!
//! `{"version":1,"diagnostics":[{"code","severity","message","path","line","column","end_line",
//! "end_column","help"}],"summary":{"files","errors","warnings","infos","waived"}}`

use super::LintReport;
use serde_json::{Value, json};

pub fn to_value(report: &LintReport) -> Value {
    let counts = report.counts();
    let diagnostics: Vec<Value> = report
        .diagnostics
        .iter()
        .map(|diagnostic| {
            json!({
                "code": diagnostic.code,
                "severity": diagnostic.severity.name(),
                "message": diagnostic.message,
                "path": diagnostic.path,
                "line": diagnostic.span.start.line,
                "column": diagnostic.span.start.column,
                "end_line": diagnostic.span.end.line,
                "end_column": diagnostic.span.end.column,
                "help": diagnostic.help,
                "document_id": diagnostic.document_id,
            })
        })
        .collect();
    let mut value = json!({
        "version": 1,
        "diagnostics": diagnostics,
        "summary": {
            "files": report.files,
            "not_documents": report.not_documents,
            "errors": counts.errors,
            "warnings": counts.warnings,
            "infos": counts.infos,
            "waived": report.waived,
        }
    });
    if let Some(changed) = &report.changed {
        value["changed"] = serde_json::to_value(changed).unwrap_or_default();
    }
    if let Some(under_review) = &report.under_review {
        value["under_review"] = serde_json::to_value(under_review).unwrap_or_default();
    }
    if let Some(base) = &report.base {
        value["base"] = json!(base);
    }
    value
}

pub fn render(report: &LintReport) -> String {
    let mut text = serde_json::to_string_pretty(&to_value(report)).unwrap_or_default();
    text.push('\n');
    text
}
