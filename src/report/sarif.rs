//! `--format sarif`: SARIF 2.1.0 for GitHub code scanning and other viewers, with rule
//! metadata, 1-based columns counted in Unicode code points, and stable fingerprints that do
//! not change when a finding moves to another line.

use super::LintReport;
use crate::diagnostic::Severity;
use serde_json::{Value, json};

pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A repository-relative path as an RFC 3986 relative reference: every byte outside the
/// unreserved set and `/` is percent-encoded (so `%`, spaces and non-ASCII names survive).
pub fn path_to_uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// FNV-1a, 64 bits: small, stable across platforms and releases.
fn fingerprint(parts: &[&str]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain(std::iter::once(0)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

pub fn to_value(report: &LintReport) -> Value {
    let metas: Vec<_> = crate::check::rules::all().collect();
    let rules: Vec<Value> = metas
        .iter()
        .map(|meta| {
            json!({
                "id": meta.code,
                "name": meta.name,
                "shortDescription": {"text": meta.summary},
                "fullDescription": {"text": meta.summary},
                "help": {"text": meta.documentation(), "markdown": meta.documentation()},
                "defaultConfiguration": {"level": level(meta.default_severity)},
                "properties": {"tags": [meta.family().title()]}
            })
        })
        .collect();
    let results: Vec<Value> = report
        .diagnostics
        .iter()
        .map(|diagnostic| {
            let rule_index = metas.iter().position(|meta| meta.code == diagnostic.code);
            let mut text = diagnostic.message.clone();
            if let Some(help) = &diagnostic.help {
                text.push_str("\nhelp: ");
                text.push_str(help);
            }
            let span = diagnostic.span;
            let uri = path_to_uri(&format!("{}{}", report.path_prefix, diagnostic.path));
            let mut result = json!({
                "ruleId": diagnostic.code,
                "level": level(diagnostic.severity),
                "message": {"text": text},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri},
                        "region": {
                            "startLine": span.start.line.max(1),
                            "startColumn": span.start.column.max(1),
                            "endLine": span.end.line.max(span.start.line).max(1),
                            "endColumn": span.end.column.max(1),
                        }
                    }
                }],
                "partialFingerprints": {
                    "aimsFinding/v1": fingerprint(&[diagnostic.code, &uri, &diagnostic.message])
                }
            });
            if let Some(index) = rule_index {
                result["ruleIndex"] = json!(index);
            }
            result
        })
        .collect();
    json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "aims",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results
        }]
    })
}

pub fn render(report: &LintReport) -> String {
    let mut text = serde_json::to_string_pretty(&to_value(report)).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(
            path_to_uri("aims/odd,name: 100%.md"),
            "aims/odd%2Cname%3A%20100%25.md"
        );
        assert_eq!(path_to_uri("aims/é.md"), "aims/%C3%A9.md");
        assert_eq!(path_to_uri("aims/ok-1_2.md"), "aims/ok-1_2.md");
    }
}
