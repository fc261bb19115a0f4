use super::prelude::*;

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
    fn check_document(&self, doc: &DocumentContext<'_>, out: &mut Vec<Diagnostic>) {
        let ctx = doc.ctx;
        let document = doc.document;
        let (Some(id), Some(kind)) = (document.id(), ctx.known_kind(document)) else {
            return;
        };
        let Some(prefix) = ctx.config.prefix_for(kind) else {
            return;
        };
        let expected = format!("{prefix}-");
        if !id.starts_with(&expected) {
            let suffix = suggested_suffix(id, prefix);
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

/// What follows the prefix in a suggested id: the id without whatever prefix it has, so the
/// suggestion never repeats it (`POL120` → `POL-120`, not `POL-POL120`).
fn suggested_suffix<'i>(id: &'i str, prefix: &str) -> &'i str {
    let separators: &[char] = &['-', '_', '.', ' '];
    if id.len() > prefix.len()
        && id.is_char_boundary(prefix.len())
        && id[..prefix.len()].eq_ignore_ascii_case(prefix)
        && !id[prefix.len()..].starts_with(|c: char| c.is_ascii_alphabetic())
    {
        let rest = id[prefix.len()..].trim_start_matches(separators);
        if !rest.is_empty() {
            return rest;
        }
    }
    if let Some((_, rest)) = id.split_once('-')
        && !rest.is_empty()
    {
        return rest;
    }
    let start = id
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(id.len());
    let rest = id[start..].trim_start_matches(separators);
    if rest.is_empty() { id } else { rest }
}

#[cfg(test)]
mod tests {
    use super::suggested_suffix;

    #[test]
    fn suggestions_never_repeat_the_prefix() {
        assert_eq!(suggested_suffix("POL120", "POL"), "120");
        assert_eq!(suggested_suffix("pol_120", "POL"), "120");
        assert_eq!(suggested_suffix("POL-120", "PROC"), "120");
        assert_eq!(suggested_suffix("POLICY-7", "POL"), "7");
        assert_eq!(suggested_suffix("R12", "RISK"), "12");
        assert_eq!(suggested_suffix("Hiring", "POL"), "Hiring");
    }
}
