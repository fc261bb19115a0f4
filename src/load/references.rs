//! Enumerating the places in a document's frontmatter that hold other documents' ids, evidence
//! paths and identities (roles or emails), with their JSON pointers. The engine computes these
//! [`Facts`] once per document, in parallel, and several rules read them. [`depends_on`] says
//! which references make a document depend on the other's content (change impact, AIMS413).

use crate::catalog::kinds::{COMMON_REFERENCES, ReferenceField, builtin};
use crate::load::Document;
use crate::load::evidence::{EvidenceTarget, classify};
use serde_json::Value;

/// One id found in a reference field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference<'d> {
    pub pointer: String,
    pub id: &'d str,
    /// Kinds the target must have; empty = any.
    pub targets: &'static [&'static str],
}

/// Every string value matched by a pointer pattern (`*` = every array element), with the
/// concrete pointer of each.
pub fn values_at<'v>(root: &'v Value, pattern: &str) -> Vec<(String, &'v Value)> {
    let mut current: Vec<(String, &Value)> = vec![(String::new(), root)];
    for segment in pattern.split('/').skip(1) {
        let mut next = Vec::new();
        for (pointer, value) in current {
            if segment == "*" {
                if let Some(items) = value.as_array() {
                    for (index, item) in items.iter().enumerate() {
                        next.push((format!("{pointer}/{index}"), item));
                    }
                }
            } else if let Some(child) = value.get(segment) {
                next.push((format!("{pointer}/{segment}"), child));
            }
        }
        current = next;
    }
    current
}

fn fields_for(kind: Option<&str>) -> impl Iterator<Item = &'static ReferenceField> {
    let specific = kind
        .and_then(builtin)
        .map(|kind| kind.references)
        .unwrap_or_default();
    COMMON_REFERENCES.iter().chain(specific.iter())
}

/// All document ids `document` refers to.
pub fn references(document: &Document) -> Vec<Reference<'_>> {
    let Some(front) = document.frontmatter() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for field in fields_for(document.kind()) {
        for (pointer, value) in values_at(&front.data, field.pointer) {
            if let Some(id) = value.as_str() {
                out.push(Reference {
                    pointer,
                    id,
                    targets: field.targets,
                });
            }
        }
    }
    out
}

/// Pointer patterns of fields holding identities (a role from aims.yaml or an email).
pub const IDENTITY_FIELDS: &[&str] = &[
    "/approvers/*",
    "/acceptance/by",
    "/mitigations/*/owner",
    "/decisions/*/owner",
    "/annex_a/*/owner",
];

/// All identities `document` names, with their pointers.
pub fn identities(document: &Document) -> Vec<(String, &str)> {
    let Some(front) = document.frontmatter() else {
        return Vec::new();
    };
    IDENTITY_FIELDS
        .iter()
        .flat_map(|pattern| values_at(&front.data, pattern))
        .filter_map(|(pointer, value)| value.as_str().map(|text| (pointer, text)))
        .collect()
}

/// Pointer patterns of fields holding evidence paths or links.
pub const EVIDENCE_FIELDS: &[&str] = &["/evidence/*", "/annex_a/*/evidence/*"];

/// All evidence entries `document` lists, with their pointers.
pub fn evidence(document: &Document) -> Vec<(String, &str)> {
    let Some(front) = document.frontmatter() else {
        return Vec::new();
    };
    EVIDENCE_FIELDS
        .iter()
        .flat_map(|pattern| values_at(&front.data, pattern))
        .filter_map(|(pointer, value)| evidence_path(value).map(|text| (pointer, text)))
        .collect()
}

/// The path (or link) of an evidence entry: the string itself, or the object form's `path`
/// (`{path, valid_until, refresh}`).
pub fn evidence_path(entry: &Value) -> Option<&str> {
    match entry {
        Value::String(text) => Some(text),
        Value::Object(object) => object.get("path").and_then(Value::as_str),
        _ => None,
    }
}

/// Where `references` lists (requirements of other frameworks) sit: on the document and on
/// Statement of Applicability entries.
pub const REFERENCE_LISTS: &[&str] = &["/references/*", "/annex_a/*/references/*"];

/// A framework reference's id as text (`5.9` may be written unquoted and read as a number).
pub fn reference_id(entry: &Value) -> Option<String> {
    match entry.get("id")? {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

/// One evidence entry, classified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceEntry<'d> {
    pub pointer: String,
    pub entry: &'d str,
    pub target: EvidenceTarget,
}

/// What several rules need to know about one document, computed once.
#[derive(Debug, Clone, Default)]
pub struct Facts<'d> {
    pub references: Vec<Reference<'d>>,
    pub identities: Vec<(String, &'d str)>,
    pub evidence: Vec<EvidenceEntry<'d>>,
}

impl<'d> Facts<'d> {
    pub fn of(document: &'d Document) -> Facts<'d> {
        // Kept for every document until the run ends: no room to spare (see yaml's close()).
        let mut references = references(document);
        references.shrink_to_fit();
        let mut identities = identities(document);
        identities.shrink_to_fit();
        Facts {
            references,
            identities,
            evidence: evidence(document)
                .into_iter()
                .map(|(pointer, entry)| EvidenceEntry {
                    pointer,
                    entry,
                    target: classify(entry),
                })
                .collect(),
        }
    }
}

/// Reference fields (kind or `*` for any, pointer pattern with `*` = any index) that do not make
/// the referring document depend on the referenced one's content: `related` (a see-also link,
/// often both ways), an audit's findings, a management review's inputs and decisions, a
/// policy's predecessor, the scope's list of systems (which says a system is in the AIMS, not
/// what it does) and a record's systems (a record states what happened to the system then).
const NOT_UPSTREAM: &[(&str, &str)] = &[
    ("*", "/related/*"),
    ("record", "/systems/*"),
    ("policy", "/supersedes"),
    ("audit", "/findings/*"),
    ("management-review", "/inputs/*/references/*"),
    ("management-review", "/decisions/*/references/*"),
    ("scope", "/systems/*"),
];

fn matches(pattern: &str, pointer: &str) -> bool {
    let mut pattern = pattern.split('/');
    let mut pointer = pointer.split('/');
    loop {
        match (pattern.next(), pointer.next()) {
            (None, None) => return true,
            (Some(expected), Some(actual)) if expected == "*" || expected == actual => {}
            _ => return false,
        }
    }
}

/// Whether `document`'s content depends on what `reference` points to.
pub fn depends_on(document: &Document, reference: &Reference<'_>) -> bool {
    !NOT_UPSTREAM.iter().any(|(kind, pattern)| {
        (*kind == "*" || document.kind() == Some(*kind)) && matches(pattern, &reference.pointer)
    })
}

/// The references among `references` (the document's own) that make `document` depend on
/// another document: the first one to each id, never to itself, only through fields
/// [`depends_on`] accepts. What change impact follows and what approvals record.
pub fn dependencies<'r, 'd>(
    document: &Document,
    references: &'r [Reference<'d>],
) -> Vec<&'r Reference<'d>> {
    let own = document.id();
    let mut seen = std::collections::HashSet::new();
    references
        .iter()
        .filter(|reference| {
            Some(reference.id) != own
                && depends_on(document, reference)
                && seen.insert(reference.id)
        })
        .collect()
}

/// Every project file the documents name as evidence, folders as the files `files` lists in
/// them (links and paths outside the project left out): the files whose last change history
/// looks for.
pub fn evidence_files(
    documents: &super::DocumentSet,
    files: &dyn super::source::FileSource,
) -> std::collections::BTreeSet<String> {
    let mut found = std::collections::BTreeSet::new();
    for document in documents.loaded() {
        for (_, entry) in evidence(document) {
            let EvidenceTarget::Path(path) = classify(entry) else {
                continue;
            };
            if files.entry(&path) == super::source::Entry::Directory {
                let listed = files.list(std::slice::from_ref(&path)).unwrap_or_default();
                found.extend(
                    listed
                        .into_iter()
                        .filter(|file| !file.bad_name && !file.special)
                        .map(|file| file.path),
                );
            } else {
                found.insert(path);
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn walks_patterns() {
        let value = json!({"a": [{"b": ["x", "y"]}, {"b": ["z"]}], "c": "w"});
        let found: Vec<String> = values_at(&value, "/a/*/b/*")
            .into_iter()
            .map(|(pointer, value)| format!("{pointer}={value}"))
            .collect();
        assert_eq!(
            found,
            vec!["/a/0/b/0=\"x\"", "/a/0/b/1=\"y\"", "/a/1/b/0=\"z\""]
        );
        assert_eq!(values_at(&value, "/c").len(), 1);
        assert!(values_at(&value, "/missing/*").is_empty());
    }

    #[test]
    fn patterns_match_whole_pointers() {
        assert!(matches("/findings/*", "/findings/3"));
        assert!(matches("/supersedes", "/supersedes"));
        assert!(matches("/inputs/*/references/*", "/inputs/0/references/2"));
        assert!(!matches("/findings/*", "/findings"));
        assert!(!matches("/inputs/*/references/*", "/inputs/0/references"));
        assert!(!matches("/systems/*", "/findings/0"));
    }
}
