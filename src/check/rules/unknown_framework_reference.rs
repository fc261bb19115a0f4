use crate::catalog::frameworks::{self, framework_by_name};
use crate::load::references::{REFERENCE_LISTS, reference_id, values_at};
use super::prelude::*;
use crate::text::{code_list, did_you_mean};
use serde_json::Value;

declare_rule! {
    /// ## What it checks
    /// An entry of `references` (on a document, or on a Statement of Applicability entry) that
    /// names a framework aims knows — ISO/IEC 27001:2022 (`iso27001`), NIST AI RMF 1.0
    /// (`nist-ai-rmf`) or the EU AI Act (`eu-ai-act`) — with an id that framework does not
    /// have, or a framework name that looks like a misspelling of one of them.
    ///
    /// Common spellings are understood: `ISO/IEC 27001` and `A.5.9`, `NIST AI RMF` and
    /// `GV-1.2` (a subcategory counts for its category), `EU AI Act` and `Art. 9(2)(a)` or
    /// `Annex IV(2)`. Other frameworks (`SOC 2`, `GDPR`, ...) are recorded as written and not
    /// checked.
    ///
    /// ## Why it matters
    /// `aims gap --framework` and the site's framework pages count these references as
    /// evidence for the framework's requirements. A reference that names nothing counts for
    /// nothing, silently.
    ///
    /// ## How to fix
    /// Correct the id (the help lists the valid ones) or the framework name:
    ///
    /// ```yaml
    /// references:
    ///   - {framework: nist-ai-rmf, id: MAP 5, note: impact assessment method}
    ///   - {framework: iso27001, id: "5.9"}
    /// ```
    pub struct UnknownFrameworkReference {
        code: "AIMS210",
        name: "unknown-framework-reference",
        severity: Warning,
        summary: "A reference names an id its framework does not have",
    }
}

impl Rule for UnknownFrameworkReference {
    fn check_document(&self, doc: &DocumentContext<'_>, out: &mut Vec<Diagnostic>) {
        let document = doc.document;
        if doc.ctx.known_kind(document).is_none() {
            return;
        }
        let Some(front) = document.frontmatter() else {
            return;
        };
        for pattern in REFERENCE_LISTS {
            for (pointer, entry) in values_at(&front.data, pattern) {
                check_entry(document, &pointer, entry, out);
            }
        }
    }
}

fn check_entry(document: &Document, pointer: &str, entry: &Value, out: &mut Vec<Diagnostic>) {
    let meta = &UnknownFrameworkReference::META;
    let Some(name) = entry.get("framework").and_then(Value::as_str) else {
        return;
    };
    let Some(framework) = framework_by_name(name) else {
        let keys = frameworks::keys();
        if let Some(suggestion) = did_you_mean(name, keys.iter().copied()) {
            out.push(
                meta.at(
                    document,
                    &format!("{pointer}/framework"),
                    format!("`{name}` is not a framework aims knows"),
                )
                .with_help(format!(
                    "did you mean `{suggestion}`? Known frameworks: {}",
                    code_list(&keys)
                )),
            );
        }
        return;
    };
    let Some(id) = reference_id(entry) else {
        return;
    };
    if framework.resolve(&id).is_none() {
        out.push(
            meta.at(
                document,
                &format!("{pointer}/id"),
                format!(
                    "`{id}` is not a {} of {}",
                    framework.item_noun, framework.name
                ),
            )
            .with_help(framework.id_help()),
        );
    }
}
