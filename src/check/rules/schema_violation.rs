use crate::check::{Context, Rule, declare_rule, rule_meta};
use crate::diagnostic::Diagnostic;
use crate::load::Document;
use crate::schema::{FindingKind, Target};

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

impl Rule for SchemaViolation {
    rule_meta!();

    fn check_document(
        &self,
        ctx: &Context<'_>,
        index: usize,
        document: &Document,
        out: &mut Vec<Diagnostic>,
    ) {
        emit(ctx, index, document, FindingKind::Schema, &Self::META, out);
    }
}

/// Turns the document's schema findings of one kind into diagnostics of `meta`'s code.
pub(super) fn emit(
    ctx: &Context<'_>,
    index: usize,
    document: &Document,
    kind: FindingKind,
    meta: &'static crate::check::RuleMeta,
    out: &mut Vec<Diagnostic>,
) {
    for finding in ctx.schema_findings_of(index) {
        if finding.kind != kind {
            continue;
        }
        let span = match finding.target {
            Target::Value => document.span(&finding.pointer),
            Target::Key => document.key_span(&finding.pointer),
        };
        let mut diagnostic = meta.at_span(document, span, finding.message.clone());
        diagnostic.help = finding.help.clone();
        out.push(diagnostic);
    }
}
