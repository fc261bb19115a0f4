//! How urgent a gap is, and how much work closing it takes.
//!
//! The priority adds up what an auditor and a risk owner would weigh: how far the requirement
//! is from met, the level of the risks a control treats, open nonconformities (a major one is
//! a certification blocker), documented information the standard requires, and the Stage 1
//! prerequisites (an internal audit and a management review held). The effort is that of the
//! largest missing piece: approving or deciding is quick, finishing or correcting takes a while,
//! writing a document or implementing a control is a project.

use super::{Action, Conformity, Effort, GapItem, Requirement};
use crate::catalog::catalog;
use crate::config::risk::RiskScale;
use jiff::civil::Date;

crate::text::display_as_serialized!(Priority);

/// P1 (critical) to P4 (low); sorts most urgent first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Priority {
    Critical,
    High,
    Medium,
    Low,
}

impl Priority {
    /// `P1` … `P4`.
    pub fn label(self) -> &'static str {
        match self {
            Priority::Critical => "P1",
            Priority::High => "P2",
            Priority::Medium => "P3",
            Priority::Low => "P4",
        }
    }

    fn from_score(score: u32) -> Priority {
        match score {
            6.. => Priority::Critical,
            4..=5 => Priority::High,
            2..=3 => Priority::Medium,
            _ => Priority::Low,
        }
    }
}

fn effort_of(action: Action) -> Effort {
    match action {
        Action::Approve | Action::Review | Action::Accept | Action::Decide => Effort::Low,
        Action::Evidence | Action::Finish | Action::Correct | Action::Complete => Effort::Medium,
        Action::Write | Action::Implement => Effort::High,
    }
}

/// Requirements a certification body checks before it will run Stage 2.
const STAGE1_PREREQUISITES: &[&str] = &["9.2.2", "9.3.3"];

/// Sets `priority`, `reasons` and `effort` of a gap (compliant items get none).
pub fn rate(item: &mut GapItem, today: Date, scale: &RiskScale) {
    if !item.is_gap() {
        return;
    }
    let mut score = match item.conformity {
        Conformity::NotCompliant => 3,
        _ => 1,
    };
    let mut reasons = Vec::new();
    if item.conformity == Conformity::NotCompliant {
        reasons.push("not compliant".to_owned());
    }
    if let Some(level) = item.risk_level {
        let band = scale.band(level);
        score += match band {
            "critical" => 3,
            "high" => 2,
            "medium" => 1,
            _ => 0,
        };
        reasons.push(format!(
            "treats {} ({band}, {level})",
            item.risks.first().map(String::as_str).unwrap_or("a risk")
        ));
    }
    let grade_weight = |grade: &str| match grade {
        "major" => 3,
        "minor" => 2,
        _ => 0,
    };
    if let Some(nc) = item
        .nonconformities
        .iter()
        .filter(|nc| grade_weight(&nc.grade) > 0)
        .max_by_key(|nc| grade_weight(&nc.grade))
    {
        score += grade_weight(&nc.grade);
        reasons.push(format!("open {} nonconformity {}", nc.grade, nc.id));
    }
    if item.requirement == Requirement::Clause && item.conformity == Conformity::NotCompliant {
        let required = catalog()
            .clause(&item.id)
            .is_some_and(|clause| clause.requires_documented_information());
        if STAGE1_PREREQUISITES.contains(&item.id.as_str()) {
            score += 3;
            reasons.push("needed before Stage 1".to_owned());
        } else if required {
            score += 3;
            reasons.push("required documented information".to_owned());
        }
    }
    if item.overdue(today) {
        score += 1;
        if let Some(deadline) = &item.deadline {
            reasons.push(format!("overdue since {}", deadline.date));
        }
    }
    item.priority = Some(Priority::from_score(score));
    item.reasons = reasons;
    item.effort = item
        .missing
        .iter()
        .map(|missing| effort_of(missing.action))
        .max()
        .or(Some(Effort::Medium));
}
