use crate::check::{Context, Rule, declare_rule, rule_meta};
use crate::diagnostic::Diagnostic;
use crate::load::Document;

declare_rule! {
    /// ## What it checks
    /// A document whose `id` does not start with its kind's prefix: `POL-` for policies,
    /// `RISK-` for risks, and so on (custom kinds set theirs in `aims.yaml`).
    ///
    /// | kind | prefix |
    /// |---|---|
    /// | scope | SCOPE |
    /// | policy | POL |
    /// | ai-system | AIS |
    /// | risk | RISK |
    /// | impact-assessment | AIIA |
    /// | soa | SOA |
    /// | objective | OBJ |
    /// | audit | AUD |
    /// | management-review | MR |
    /// | nonconformity | NC |
    /// | procedure | PROC |
    /// | record | REC |
    ///
    /// ## Why it matters
    /// Readers (and auditors sampling a register) tell a risk from a policy by its id; a
    /// mismatched prefix usually means a copied document whose kind or id was not updated.
    ///
    /// ## How to fix
    /// Rename the id to use the kind's prefix, and update references to it.
    pub struct IdPrefix {
        code: "AIMS202",
        name: "id-prefix",
        severity: Error,
        summary: "A document id does not use its kind's prefix",
    }
}

impl Rule for IdPrefix {
    rule_meta!();

    fn check_document(
        &self,
        ctx: &Context<'_>,
        _: usize,
        document: &Document,
        out: &mut Vec<Diagnostic>,
    ) {
        let (Some(id), Some(kind)) = (document.id(), ctx.known_kind(document)) else {
            return;
        };
        let Some(prefix) = ctx.config.prefix_for(kind) else {
            return;
        };
        let expected = format!("{prefix}-");
        if !id.starts_with(&expected) {
            let suffix = id.split_once('-').map_or(id, |(_, rest)| rest);
            out.push(
                Self::META
                    .at(
                        document,
                        "/id",
                        format!(
                            "`{id}` does not start with `{expected}`, the prefix of kind `{kind}`"
                        ),
                    )
                    .with_help(format!("did you mean `{expected}{suffix}`?")),
            );
        }
    }
}
