//! The sections judged on `today` with the rules' own logic: KPI trends (the series
//! [`crate::history::kpi`] rebuilt from history), stale evidence (what AIMS505 reports, from
//! [`crate::check::freshness`]) and suspect links (what AIMS413 reports, from
//! [`crate::check::impact`]).

use super::{CommitRef, Context};
use crate::check::freshness::{Limit, State, evidence_freshness};
use crate::check::impact::upstream_changes;
use crate::load::model::{Direction, frequency_duration};
use serde::Serialize;

/// One measurement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KpiPoint {
    pub value: f64,
    /// `measured_on`, else the day it was committed.
    pub date: String,
    pub commit: String,
}

/// One KPI over the period.
#[derive(Debug, Clone, Serialize)]
pub struct KpiTrend {
    /// The objective's id and path.
    pub objective: String,
    pub path: String,
    pub name: String,
    pub target: Option<f64>,
    pub unit: Option<String>,
    pub direction: Direction,
    pub frequency: Option<String>,
    /// The newest measurement.
    pub latest: Option<KpiPoint>,
    /// The last value recorded before the period.
    pub before: Option<f64>,
    /// Measurements committed in the period, oldest first.
    pub points: Vec<KpiPoint>,
    /// `up`, `down` or `flat`: the latest value against `before` (or the period's first), when
    /// the period has a measurement and there is something to compare it with.
    pub trend: Option<&'static str>,
    /// The latest value meets the target (`None` without both).
    pub on_target: Option<bool>,
    /// When the next measurement was due, if before today.
    pub overdue_since: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct KpiCounts {
    pub kpis: usize,
    pub on_target: usize,
    pub off_target: usize,
    pub overdue: usize,
    pub measured_in_period: usize,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Kpis {
    pub counts: KpiCounts,
    pub items: Vec<KpiTrend>,
}

pub fn kpis(context: &Context<'_>) -> Kpis {
    let inputs = context.inputs;
    let positions: std::collections::HashMap<&str, usize> = inputs
        .history
        .records
        .iter()
        .enumerate()
        .map(|(index, record)| (record.id.as_str(), index))
        .collect();
    let record_index = |commit: &str| positions.get(commit).copied();
    let mut items = Vec::new();
    for document in inputs.documents.of_kind("objective") {
        if document.is_retired() {
            continue;
        }
        let objective = document.id().unwrap_or(&document.path).to_owned();
        for series in inputs.assessment.kpis(&document.path) {
            let point = |point: &crate::history::kpi::KpiPoint| KpiPoint {
                value: point.value,
                date: point.date().to_owned(),
                commit: point.commit.clone(),
            };
            let (inside, outside): (Vec<_>, Vec<_>) = series.points.iter().partition(|point| {
                record_index(&point.commit).is_some_and(|index| context.in_period(index))
            });
            let latest = series.points.last();
            let before = outside.last().map(|point| point.value);
            // One measurement and nothing before it is no trend.
            let reference = before.or(inside
                .first()
                .filter(|_| inside.len() > 1)
                .map(|point| point.value));
            let trend =
                latest
                    .zip(reference)
                    .filter(|_| !inside.is_empty())
                    .map(|(latest, reference)| {
                        if latest.value > reference {
                            "up"
                        } else if latest.value < reference {
                            "down"
                        } else {
                            "flat"
                        }
                    });
            let overdue_since = latest
                .and_then(|point| crate::dates::parse_date(point.date()))
                .zip(
                    series
                        .frequency
                        .as_deref()
                        .and_then(frequency_duration)
                        .and_then(crate::dates::parse_duration),
                )
                .and_then(|(measured, every)| crate::dates::add(measured, every))
                .filter(|due| *due < inputs.today)
                .map(|due| due.to_string());
            items.push(KpiTrend {
                objective: objective.clone(),
                path: document.path.clone(),
                name: series.name.clone(),
                target: series.target,
                unit: series.unit.clone(),
                direction: series.direction,
                frequency: series.frequency.clone(),
                latest: latest.map(point),
                before,
                points: inside.into_iter().map(point).collect(),
                trend,
                on_target: latest
                    .zip(series.target)
                    .map(|(latest, target)| series.direction.meets(latest.value, target)),
                overdue_since,
            });
        }
    }
    Kpis {
        counts: KpiCounts {
            kpis: items.len(),
            on_target: items.iter().filter(|k| k.on_target == Some(true)).count(),
            off_target: items.iter().filter(|k| k.on_target == Some(false)).count(),
            overdue: items.iter().filter(|k| k.overdue_since.is_some()).count(),
            measured_in_period: items.iter().filter(|k| !k.points.is_empty()).count(),
        },
        items,
    }
}

/// One stale evidence entry.
#[derive(Debug, Clone, Serialize)]
pub struct StaleItem {
    pub id: Option<String>,
    pub path: String,
    /// The entry as written.
    pub entry: String,
    pub last_changed: Option<String>,
    pub deadline: Option<String>,
    /// `valid_until`, `refresh` or `default` (aims.yaml's `evidence_refresh`).
    pub limit: Option<&'static str>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct StaleEvidence {
    pub count: usize,
    pub items: Vec<StaleItem>,
}

pub fn stale_evidence(context: &Context<'_>) -> StaleEvidence {
    let inputs = context.inputs;
    let mut items = Vec::new();
    for document in inputs.documents.loaded() {
        if document.is_retired() {
            continue;
        }
        for item in evidence_freshness(inputs.config, document, Some(inputs.history), inputs.today)
        {
            if item.state != State::Stale {
                continue;
            }
            items.push(StaleItem {
                id: document.id().map(str::to_owned),
                path: document.path.clone(),
                entry: item.entry.to_owned(),
                last_changed: item.last_changed.map(|date| date.to_string()),
                deadline: item.deadline.map(|date| date.to_string()),
                limit: item.limit.map(|limit| match limit {
                    Limit::ValidUntil => "valid_until",
                    Limit::Refresh => "refresh",
                    Limit::Default => "default",
                }),
            });
        }
    }
    StaleEvidence {
        count: items.len(),
        items,
    }
}

/// A document whose upstream changed after its last approval or review.
#[derive(Debug, Clone, Serialize)]
pub struct SuspectLink {
    pub id: Option<String>,
    pub path: String,
    /// The upstream document that changed.
    pub upstream: String,
    pub upstream_path: Option<String>,
    /// How many commits changed it since.
    pub changes: usize,
    /// The newest of them.
    pub last: Option<CommitRef>,
    /// The downstream document's last approval or review.
    pub signed_off: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct SuspectLinks {
    pub count: usize,
    pub items: Vec<SuspectLink>,
}

pub fn suspect_links(context: &Context<'_>) -> SuspectLinks {
    let inputs = context.inputs;
    let mut items = Vec::new();
    for document in inputs.documents.loaded() {
        let Some(status) = inputs.assessment.status(&document.path) else {
            continue;
        };
        let references = crate::load::references::references(document);
        for change in upstream_changes(
            inputs.documents,
            inputs.assessment,
            document,
            status,
            &references,
        ) {
            items.push(SuspectLink {
                id: status.id.clone(),
                path: document.path.clone(),
                upstream: change.id.to_owned(),
                upstream_path: inputs
                    .documents
                    .by_id(change.id)
                    .map(|upstream| upstream.path.clone()),
                changes: change.commits.len(),
                last: change
                    .commits
                    .first()
                    .and_then(|index| context.commit(*index)),
                signed_off: status.review.last.map(|date| date.to_string()),
            });
        }
    }
    SuspectLinks {
        count: items.len(),
        items,
    }
}
