//! `--format github`: GitHub Actions workflow commands, which become annotations on the lines of
//! a pull request. Escaping follows actions/toolkit (`escapeData` / `escapeProperty`).

use super::LintReport;
use crate::diagnostic::Severity;
use crate::history::approvals::State;
use crate::lint::changes::HeadState;
use std::fmt::Write;

/// Escapes a message: `%`, CR and LF.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value: as data, plus `:` and `,`.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(report: &LintReport) -> String {
    let mut out = String::new();
    for diagnostic in &report.diagnostics {
        let command = match diagnostic.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut message = diagnostic.message.clone();
        if let Some(help) = &diagnostic.help {
            message.push_str("\n\nhelp: ");
            message.push_str(help);
        }
        let span = diagnostic.span;
        let _ = write!(
            out,
            "::{command} file={},line={},col={}",
            escape_property(&format!("{}{}", report.path_prefix, diagnostic.path)),
            span.start.line,
            span.start.column,
        );
        if span.end.line >= span.start.line && span.end != span.start {
            let _ = write!(
                out,
                ",endLine={},endColumn={}",
                span.end.line, span.end.column
            );
        }
        let _ = writeln!(
            out,
            ",title={}::{}",
            escape_property(&format!(
                "{} {}",
                diagnostic.code,
                rule_name(diagnostic.code)
            )),
            escape_data(&message)
        );
    }
    // A changed document that is not approved as committed gets a note on its file, so the pull
    // request shows which documents still need an approver.
    for document in report.changed.iter().flatten() {
        let note = super::markdown::approval_note(document.state);
        if matches!(
            document.state,
            Some(HeadState::Assessed(
                State::ChangedSinceApproval | State::NeverApproved
            ))
        ) {
            let _ = writeln!(
                out,
                "::notice file={},line=1,title={}::{}",
                escape_property(&format!("{}{}", report.path_prefix, document.path)),
                escape_property("aims approval"),
                escape_data(&format!(
                    "{} {}: {note}",
                    document.id.as_deref().unwrap_or("this document"),
                    document.change.label()
                ))
            );
        }
    }
    out
}

fn rule_name(code: &str) -> &'static str {
    crate::check::rules::lookup(code).map_or("", |meta| meta.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_the_toolkit() {
        assert_eq!(escape_data("50% done\r\nnext"), "50%25 done%0D%0Anext");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
