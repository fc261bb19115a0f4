use super::prelude::*;
use serde_json::Value;
use std::collections::BTreeSet;

declare_rule! {
    /// ## What it checks
    /// Frontmatter that claims what only history can prove, and that history contradicts:
    ///
    /// * `approved_by` (a role, email or name, or a list of them): someone it names must have a
    ///   counted approval of the current version;
    /// * `last_reviewed` (a date): must be the date of the last counted approval or review;
    /// * `version` (a number such as `3`, `"v3"` or `"3.0"`): must equal the number of distinct
    ///   versions that were approved. Other version labels are not checked.
    ///
    /// ## Why it matters
    /// A file's claims about itself prove nothing, and stale claims mislead auditors. History is
    /// authoritative; the claim must agree with it or go.
    ///
    /// ## How to fix
    /// Remove the field (`aims status` and the evidence site show the facts from history), or
    /// correct it.
    pub struct ClaimContradictsHistory {
        code: "AIMS405",
        name: "claim-contradicts-history",
        severity: Warning,
        summary: "A document's frontmatter claims something git history contradicts",
    }
}

impl Rule for ClaimContradictsHistory {
    fn check_document(&self, doc: &DocumentContext<'_>, out: &mut Vec<Diagnostic>) {
        let ctx = doc.ctx;
        let document = doc.document;
        let Some(status) = doc.status else {
            return;
        };
        let current: Vec<_> = status.current_approvals().collect();

        if let Some(claim) = document.get("/approved_by") {
            let names: Vec<&str> = match claim {
                Value::String(name) => vec![name.as_str()],
                Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
                _ => Vec::new(),
            };
            for name in names {
                let emails = ctx.config.emails_for(name);
                let matched = current.iter().any(|approval| {
                    approval.name.eq_ignore_ascii_case(name)
                        || approval.email.eq_ignore_ascii_case(name)
                        || emails
                            .iter()
                            .any(|email| email.eq_ignore_ascii_case(&approval.email))
                });
                if !matched {
                    let actual: Vec<&str> = current
                        .iter()
                        .map(|approval| approval.email.as_str())
                        .collect();
                    out.push(
                        Self::META
                            .at_key(document, "/approved_by", format!(
                                "`approved_by` names `{name}`, but history shows no approval of this version by {}",
                                if emails.is_empty() { name.to_owned() } else { emails.join(" or ") }
                            ))
                            .with_help(if actual.is_empty() {
                                "history shows no approval of the current version; remove the claim".to_owned()
                            } else {
                                format!("history shows approval by {}; remove or correct the claim", actual.join(", "))
                            }),
                    );
                }
            }
        }

        if let Some(claim) = document.str_at("/last_reviewed")
            && let Some(claimed) = crate::dates::parse_date(claim)
            && status.review.last != Some(claimed)
        {
            let actual = match status.review.last {
                Some(last) => format!("the last approval or review in history is {last}"),
                None => "history shows no approval or review".to_owned(),
            };
            out.push(
                Self::META
                    .at(
                        document,
                        "/last_reviewed",
                        format!("`last_reviewed: {claimed}` contradicts history: {actual}"),
                    )
                    .with_help("remove the field; record reviews with `aims review ID`"),
            );
        }

        if let Some(claim) = document.get("/version")
            && let Some(claimed) = version_number(claim)
        {
            let approved: BTreeSet<&str> = status
                .approvals
                .iter()
                .filter(|approval| approval.counts())
                .map(|approval| approval.blob.as_str())
                .collect();
            if claimed != approved.len() as u64 {
                out.push(
                    Self::META
                        .at(document, "/version", format!(
                            "`version` claims {claimed}, but history shows {} approved version{}",
                            approved.len(),
                            if approved.len() == 1 { "" } else { "s" }
                        ))
                        .with_help("remove the field: the approval trail in history numbers the versions"),
                );
            }
        }
    }
}

/// `3`, `"3"`, `"v3"`, `"3.0"` → 3; anything else is a label aims does not interpret.
fn version_number(value: &Value) -> Option<u64> {
    match value {
        Value::Number(number) => number.as_u64().or_else(|| {
            number
                .as_f64()
                .filter(|f| f.fract() == 0.0 && *f >= 0.0)
                .map(|f| f as u64)
        }),
        Value::String(text) => {
            let text = text.trim().trim_start_matches(['v', 'V']);
            let text = text.strip_suffix(".0").unwrap_or(text);
            text.parse().ok()
        }
        _ => None,
    }
}
