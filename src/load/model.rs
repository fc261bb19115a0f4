//! Typed read-only views over frontmatter for the kinds that rules, the site and the gap
//! analysis reason about (the SoA, risks, nonconformities). Views are lenient: a field of the
//! wrong type reads as absent, because the schema rule already reports it.

use super::Document;
use crate::config::risk::RiskScale;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A document's lifecycle `status`, the values `common.schema.json` allows: draft while being
/// written, active once in force, retired when withdrawn (kept for the record, no longer
/// evidence).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lifecycle {
    Draft,
    Active,
    Retired,
}

crate::text::display_as_serialized!(Lifecycle);

fn strings(value: Option<&Value>) -> Vec<&str> {
    value
        .and_then(Value::as_array)
        .map(|items| items.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

/// One entry of the Statement of Applicability's `annex_a` list.
#[derive(Debug, Clone)]
pub struct SoaEntry<'d> {
    /// Position in the `annex_a` list, for pointers (`/annex_a/{index}`).
    pub index: usize,
    pub id: Option<&'d str>,
    pub applicable: Option<bool>,
    pub justification: Option<&'d str>,
    pub status: Option<&'d str>,
    pub implemented_by: Vec<&'d str>,
    pub evidence: Vec<&'d str>,
}

impl SoaEntry<'_> {
    pub fn pointer(&self, field: &str) -> String {
        if field.is_empty() {
            format!("/annex_a/{}", self.index)
        } else {
            format!("/annex_a/{}/{field}", self.index)
        }
    }
}

/// The entries of an SoA document.
pub fn soa_entries(document: &Document) -> Vec<SoaEntry<'_>> {
    let Some(items) = document.get("/annex_a").and_then(Value::as_array) else {
        return Vec::new();
    };
    items
        .iter()
        .enumerate()
        .map(|(index, item)| SoaEntry {
            index,
            id: item.get("id").and_then(Value::as_str),
            applicable: item.get("applicable").and_then(Value::as_bool),
            justification: item
                .get("justification")
                .and_then(Value::as_str)
                .filter(|text| !text.trim().is_empty()),
            status: item.get("status").and_then(Value::as_str),
            implemented_by: strings(item.get("implemented_by")),
            evidence: strings(item.get("evidence")),
        })
        .collect()
}

/// A risk's scores and treatment.
#[derive(Debug, Clone)]
pub struct RiskView<'d> {
    pub likelihood: Option<u8>,
    pub impact: Option<u8>,
    pub residual_likelihood: Option<u8>,
    pub residual_impact: Option<u8>,
    pub option: Option<&'d str>,
    pub controls: Vec<&'d str>,
    pub accepted_by: Option<&'d str>,
    pub accepted_on: Option<&'d str>,
}

/// A level on a scale of up to 10 (aims.yaml's `risk` decides how many; the schema checks it).
fn score(value: Option<&Value>) -> Option<u8> {
    value
        .and_then(Value::as_u64)
        .filter(|score| (1..=10).contains(score))
        .map(|score| score as u8)
}

impl RiskView<'_> {
    /// Inherent risk level on `scale` (likelihood × impact on the built-in scale), when both
    /// are on it.
    pub fn inherent(&self, scale: &RiskScale) -> Option<u8> {
        let (likelihood, impact) = (self.likelihood?, self.impact?);
        scale
            .on_scale(likelihood, impact)
            .then(|| scale.score(likelihood, impact))
    }

    /// Residual risk level on `scale`, when both scores are on it.
    pub fn residual(&self, scale: &RiskScale) -> Option<u8> {
        let (likelihood, impact) = (self.residual_likelihood?, self.residual_impact?);
        scale
            .on_scale(likelihood, impact)
            .then(|| scale.score(likelihood, impact))
    }
}

pub fn risk(document: &Document) -> RiskView<'_> {
    RiskView {
        likelihood: score(document.get("/likelihood")),
        impact: score(document.get("/impact")),
        residual_likelihood: score(document.get("/residual/likelihood")),
        residual_impact: score(document.get("/residual/impact")),
        option: document.str_at("/treatment/option"),
        controls: strings(document.get("/treatment/controls")),
        accepted_by: document.str_at("/acceptance/by"),
        accepted_on: document.str_at("/acceptance/date"),
    }
}

/// One corrective action of a nonconformity.
#[derive(Debug, Clone)]
pub struct CorrectiveAction<'d> {
    pub index: usize,
    pub action: Option<&'d str>,
    pub owner: Option<&'d str>,
    pub due: Option<&'d str>,
    pub completed: Option<&'d str>,
}

/// A nonconformity's grade, dates and actions.
#[derive(Debug, Clone)]
pub struct NonconformityView<'d> {
    pub grade: Option<&'d str>,
    pub raised: Option<&'d str>,
    pub closed: Option<&'d str>,
    pub actions: Vec<CorrectiveAction<'d>>,
}

impl NonconformityView<'_> {
    pub fn is_open(&self) -> bool {
        self.closed.is_none()
    }

    /// The earliest due date among actions not yet completed.
    pub fn next_due(&self) -> Option<&str> {
        self.actions
            .iter()
            .filter(|action| action.completed.is_none())
            .filter_map(|action| action.due)
            .min()
    }
}

pub fn nonconformity(document: &Document) -> NonconformityView<'_> {
    let actions = document
        .get("/corrective_actions")
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .enumerate()
                .map(|(index, item)| CorrectiveAction {
                    index,
                    action: item.get("action").and_then(Value::as_str),
                    owner: item.get("owner").and_then(Value::as_str),
                    due: item.get("due").and_then(Value::as_str),
                    completed: item.get("completed").and_then(Value::as_str),
                })
                .collect()
        })
        .unwrap_or_default();
    NonconformityView {
        grade: document.str_at("/grade"),
        raised: document.str_at("/raised"),
        closed: document.str_at("/closed"),
        actions,
    }
}

/// Clauses a document evidences: those it lists plus those its kind implies (a `risk` evidences
/// 8.2 and 8.3, the AI policy 5.2, ...), and for custom kinds those set in aims.yaml.
pub fn evidenced_clauses<'d>(
    document: &'d Document,
    custom_clauses: Option<&'d [String]>,
) -> Vec<&'d str> {
    let mut clauses = strings(document.get("/clauses"));
    if let Some(kind) = document.kind() {
        if let Some(builtin) = crate::catalog::kinds::builtin(kind) {
            clauses.extend(builtin.implied_clauses.iter().copied());
        }
        if kind == "policy" && document.str_at("/policy_type") == Some("ai") {
            clauses.push("5.2");
        }
    }
    if let Some(custom) = custom_clauses {
        clauses.extend(custom.iter().map(String::as_str));
    }
    clauses.sort_unstable();
    clauses.dedup();
    clauses
}

/// Controls a document claims to implement or evidence through its `controls` field.
pub fn listed_controls(document: &Document) -> Vec<&str> {
    strings(document.get("/controls"))
}
