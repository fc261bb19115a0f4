use super::prelude::*;

declare_rule! {
    /// ## What it checks
    /// A document marked `example: true`: one of the worked examples `aims init` writes (an
    /// AI system, a risk, an impact assessment, an objective, a record, an audit, a management
    /// review, a nonconformity) to show what a complete record looks like.
    ///
    /// ## Why it matters
    /// An example is not evidence. The gap analysis and the evidence site's dashboard never
    /// count it, and an auditor who finds the template's invented AI system in the inventory
    /// will ask what else was copied without thought.
    ///
    /// ## How to fix
    /// Replace the example with your own record (and remove `example: true`), or delete the
    /// file.
    pub struct ExampleDocument {
        code: "AIMS209",
        name: "example-document",
        severity: Warning,
        summary: "A worked example from `aims init` has not been replaced",
    }
}

impl Rule for ExampleDocument {
    fn check_document(&self, doc: &DocumentContext<'_>, out: &mut Vec<Diagnostic>) {
        let document = doc.document;
        if document.is_example() {
            out.push(
                Self::META
                    .at_key(
                        document,
                        "/example",
                        format!(
                            "{} is a worked example from `aims init`, not a record of yours; it never counts as evidence",
                            document.id().unwrap_or(&document.path)
                        ),
                    )
                    .with_help("replace it with your own record and remove `example: true`, or delete the file"),
            );
        }
    }
}
