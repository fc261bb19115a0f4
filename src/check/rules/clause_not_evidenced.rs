use super::prelude::*;
use crate::load::model::evidenced_clauses;
use std::collections::HashSet;

declare_rule! {
    /// ## What it checks
    /// That each clause of ISO/IEC 42001 clauses 4–10 requiring documented information is
    /// evidenced by at least one active document. A document evidences the clauses it lists in
    /// `clauses`, plus those its kind implies:
    ///
    /// | kind | implied clauses |
    /// |---|---|
    /// | scope | 4.3 |
    /// | policy with `policy_type: ai` | 5.2 |
    /// | soa | 6.1.3 |
    /// | impact-assessment | 6.1.4, 8.4 |
    /// | objective | 6.2 |
    /// | risk | 8.2, 8.3 |
    /// | audit | 9.2.2 |
    /// | management-review | 9.3.3 |
    /// | nonconformity | 10.2 |
    ///
    /// The others (6.1.1, 6.1.2, 7.2, 8.1, 9.1) need a document that lists them, typically a
    /// procedure or a record.
    ///
    /// ## Why it matters
    /// These are the documents and records a certification auditor asks for in Stage 1. A
    /// missing one is a likely nonconformity.
    ///
    /// ## How to fix
    /// Write the document (`aims init` has templates for all of them) and set its `status` to
    /// `active`, or add the clause to the `clauses` list of the document that covers it.
    pub struct ClauseNotEvidenced {
        code: "AIMS307",
        name: "clause-not-evidenced",
        severity: Warning,
        summary: "A clause requiring documented information has no active document",
    }
}

impl Rule for ClauseNotEvidenced {
    fn check_project(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let mut covered: HashSet<&str> = HashSet::new();
        for document in ctx
            .documents
            .loaded()
            .filter(|document| document.is_active())
        {
            let custom = document
                .kind()
                .and_then(|kind| ctx.config.custom_kind(kind))
                .map(|kind| kind.clauses.as_slice());
            covered.extend(evidenced_clauses(document, custom));
        }
        for clause in ctx.catalog.clauses_requiring_documents() {
            if covered.contains(clause.id.as_str()) {
                continue;
            }
            let what: Vec<&str> = clause
                .documented_information
                .iter()
                .map(|info| info.what.as_str())
                .collect();
            out.push(
                Self::META
                    .in_config(
                        ctx.config.key_span("/documents"),
                        format!(
                            "clause {} ({}) is not evidenced by any active document",
                            clause.id, clause.title
                        ),
                    )
                    .with_help(format!(
                        "expected: {}; add `clauses: [{}]` to the active document that covers it",
                        what.join("; "),
                        clause.id
                    )),
            );
        }
    }
}
