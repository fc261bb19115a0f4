use super::prelude::*;
use super::unknown_clause::UnknownClause;
use super::unknown_control::UnknownControl;
use crate::schema::{FindingKind, SchemaFinding, Target};

declare_rule! {
    /// ## What it checks
    /// The frontmatter against the JSON Schema of the document's kind: required fields present,
    /// no unknown fields (fields of your own may start with `x-`), values of the right type,
    /// allowed values for enumerations, dates as `YYYY-MM-DD`, emails, ids, ISO 8601 review
    /// cycles, scores from 1 to 5.
    ///
    /// Unknown Annex A controls and clauses found by the schema are reported as AIMS205 and
    /// AIMS206 instead.
    ///
    /// ## Why it matters
    /// Every other check, the evidence site and the gap analysis read these fields. A missing
    /// owner or a likelihood of "high" instead of 4 is a gap an auditor will find.
    ///
    /// ## How to fix
    /// Follow the message and help at the reported line. `aims schema --out schemas/` exports
    /// the schemas so editors (VS Code with the YAML extension, for example) can check fields
    /// while you type.
    pub struct SchemaViolation {
        code: "AIMS108",
        name: "schema-violation",
        severity: Error,
        summary: "The frontmatter does not follow its kind's schema",
    }
}

/// Raised by the engine from the document's schema findings; see [`finding`].
impl Rule for SchemaViolation {}

/// The finding for one result of validating `document` against its schema, under the code of
/// the rule that reports that kind of result.
pub fn finding(document: &Document, finding: &SchemaFinding) -> Diagnostic {
    let meta = match finding.kind {
        FindingKind::Schema => &SchemaViolation::META,
        FindingKind::UnknownControl => &UnknownControl::META,
        FindingKind::UnknownClause => &UnknownClause::META,
    };
    let span = match finding.target {
        Target::Value => document.span(&finding.pointer),
        Target::Key => document.key_span(&finding.pointer),
    };
    let mut diagnostic = meta.at_span(document, span, finding.message.clone());
    diagnostic.help = finding.help.clone();
    diagnostic
}
