//! Change impact between documents: which referenced (upstream) documents changed after a
//! referring (downstream) document was last approved or reviewed. The rule `upstream-changed`
//! reports these; the gap analysis reads them for the clauses whose evidence they weaken.

use crate::history::approvals::DocumentStatus;
use crate::history::assess::Assessment;
use crate::load::references::{Reference, dependencies};
use crate::load::{Document, DocumentSet};
use std::collections::HashSet;

/// One referenced document that changed after the referring document's last sign-off.
#[derive(Debug, Clone)]
pub struct UpstreamChange<'d> {
    /// Where the first reference to it sits in the referring document.
    pub pointer: &'d str,
    pub id: &'d str,
    /// The commits (record indices, newest first) that changed it since.
    pub commits: Vec<usize>,
}

/// The documents `document` (with history `status`) depends on that changed after its last
/// counted approval or review, each once, in reference order. Retired documents, on either
/// side, uncommitted ones and objectives (whose versions report progress) have none.
pub fn upstream_changes<'d>(
    documents: &DocumentSet,
    assessment: &Assessment<'_>,
    document: &Document,
    status: &DocumentStatus<'_>,
    references: &'d [Reference<'d>],
) -> Vec<UpstreamChange<'d>> {
    if document.is_retired() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for reference in dependencies(document, references) {
        let Some(upstream) = documents.by_id(reference.id) else {
            continue;
        };
        // An objective's new versions report progress towards it; what it aims at is not
        // what changes, so nothing that names it needs another look.
        if upstream.is_retired() || upstream.kind() == Some("objective") {
            continue;
        }
        let Some(upstream_status) = assessment.status(&upstream.path) else {
            continue;
        };
        let commits = assessment.unseen_changes(status, upstream_status);
        if !commits.is_empty() {
            out.push(UpstreamChange {
                pointer: &reference.pointer,
                id: reference.id,
                commits,
            });
        }
    }
    out
}

/// A document downstream of another: it depends on it directly, or through documents that do.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Downstream {
    pub path: String,
    pub id: String,
    /// 1 for a document that refers to the starting one, 2 for one that refers to those, ...
    pub depth: usize,
    /// The document it depends on (the starting one, or one found at `depth - 1`).
    pub via: String,
    /// Where that reference sits in its frontmatter.
    pub pointer: String,
}

/// Every document that depends on any of `starts` (ids), breadth first: the documents whose
/// content would need another look if those changed. Each appears once, at its shortest
/// distance from the nearest start (starts themselves are never listed); retired
/// documents neither propagate nor appear, objectives appear but do not propagate, as in
/// [`upstream_changes`]. One pass over the documents whatever the number of starts.
pub fn downstream(documents: &DocumentSet, starts: &[&str]) -> Vec<Downstream> {
    // Who depends on whom, computed once: upstream id -> (downstream, pointer), in path order.
    let mut dependants: std::collections::HashMap<&str, Vec<(&Document, String)>> =
        std::collections::HashMap::new();
    for document in &documents.documents {
        if document.is_retired() || document.id().is_none() {
            continue;
        }
        let references = crate::load::references::references(document);
        for reference in dependencies(document, &references) {
            dependants
                .entry(reference.id)
                .or_default()
                .push((document, reference.pointer.clone()));
        }
    }
    let mut reached: HashSet<&str> = starts.iter().copied().collect();
    let mut frontier = starts.to_vec();
    let mut out = Vec::new();
    let mut depth = 0;
    while !frontier.is_empty() {
        depth += 1;
        let mut next = Vec::new();
        for upstream in frontier {
            let propagates = documents
                .by_id(upstream)
                .is_none_or(|document| document.kind() != Some("objective"));
            if !propagates {
                continue;
            }
            for (document, pointer) in dependants.get(upstream).into_iter().flatten() {
                let Some(id) = document.id() else {
                    continue;
                };
                if reached.insert(id) {
                    out.push(Downstream {
                        path: document.path.clone(),
                        id: id.to_owned(),
                        depth,
                        via: upstream.to_owned(),
                        pointer: pointer.clone(),
                    });
                    next.push(id);
                }
            }
        }
        frontier = next;
    }
    out
}
