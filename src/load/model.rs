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
            evidence: item
                .get("evidence")
                .and_then(Value::as_array)
                .map(|entries| {
                    entries
                        .iter()
                        .filter_map(super::references::evidence_path)
                        .collect()
                })
                .unwrap_or_default(),
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

impl RiskView<'_> {
    /// Why the risk's residual level needs a recorded acceptance (clause 6.1.3), if it does:
    /// its treatment is to accept it, or its residual level (without one, its inherent level)
    /// is above the configured appetite.
    pub fn acceptance_needed(&self, scale: &RiskScale) -> Option<String> {
        if self.option == Some("accept") {
            return Some("its treatment option is `accept`".to_owned());
        }
        let appetite = scale.appetite?;
        let (level, which) = match self.residual(scale) {
            Some(level) => (level, "residual"),
            None => (self.inherent(scale)?, "inherent"),
        };
        scale
            .above_appetite(level)
            .then(|| format!("its {which} level {level} is above the risk appetite of {appetite}"))
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

/// Whether a KPI's target is a floor or a ceiling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    AtLeast,
    AtMost,
}

impl Direction {
    /// Whether `value` meets `target` this way round.
    pub fn meets(self, value: f64, target: f64) -> bool {
        match self {
            Direction::AtLeast => value >= target,
            Direction::AtMost => value <= target,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Direction::AtLeast => "at-least",
            Direction::AtMost => "at-most",
        }
    }
}

/// One key performance indicator of an objective (`kpis` list).
#[derive(Debug, Clone)]
pub struct KpiView<'d> {
    /// Position in the `kpis` list, for pointers (`/kpis/{index}`).
    pub index: usize,
    pub name: Option<&'d str>,
    pub target: Option<f64>,
    pub unit: Option<&'d str>,
    pub frequency: Option<&'d str>,
    pub direction: Option<Direction>,
    pub baseline: Option<f64>,
    pub current: Option<f64>,
    pub measured_on: Option<&'d str>,
}

impl KpiView<'_> {
    pub fn pointer(&self, field: &str) -> String {
        format!("/kpis/{}/{field}", self.index)
    }

    /// The direction, `at-least` when not given (most KPIs are floors: coverage, accuracy).
    pub fn direction(&self) -> Direction {
        self.direction.unwrap_or(Direction::AtLeast)
    }

    /// When the next measurement is due: `measured_on` plus the frequency.
    pub fn next_due(&self) -> Option<jiff::civil::Date> {
        let measured = self.measured_on.and_then(crate::dates::parse_date)?;
        let every = self
            .frequency
            .and_then(frequency_duration)
            .and_then(crate::dates::parse_duration)?;
        crate::dates::add(measured, every)
    }

    /// The date the next measurement was due, when that is before `today`.
    pub fn overdue_since(&self, today: jiff::civil::Date) -> Option<jiff::civil::Date> {
        self.next_due().filter(|due| *due < today)
    }

    /// Whether the latest value misses the target (`None` without both).
    pub fn off_target(&self) -> Option<bool> {
        Some(!self.direction().meets(self.current?, self.target?))
    }
}

/// The calendar interval a KPI `frequency` stands for, as an ISO 8601 duration.
pub fn frequency_duration(frequency: &str) -> Option<&'static str> {
    Some(match frequency {
        "daily" => "P1D",
        "weekly" => "P1W",
        "monthly" => "P1M",
        "quarterly" => "P3M",
        "semi-annually" => "P6M",
        "annually" => "P1Y",
        _ => return None,
    })
}

/// The KPIs of an objective, in order.
pub fn kpis(document: &Document) -> Vec<KpiView<'_>> {
    let Some(items) = document.get("/kpis").and_then(Value::as_array) else {
        return Vec::new();
    };
    items
        .iter()
        .enumerate()
        .map(|(index, item)| KpiView {
            index,
            name: item.get("name").and_then(Value::as_str),
            target: item.get("target").and_then(Value::as_f64),
            unit: item.get("unit").and_then(Value::as_str),
            frequency: item.get("frequency").and_then(Value::as_str),
            direction: match item.get("direction").and_then(Value::as_str) {
                Some("at-least") => Some(Direction::AtLeast),
                Some("at-most") => Some(Direction::AtMost),
                _ => None,
            },
            baseline: item.get("baseline").and_then(Value::as_f64),
            current: item.get("current").and_then(Value::as_f64),
            measured_on: item.get("measured_on").and_then(Value::as_str),
        })
        .collect()
}
