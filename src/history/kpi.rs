//! KPI series: every measurement of an objective's KPIs, rebuilt from the committed versions
//! of the objective. A version that changed a KPI's `current` or `measured_on` (matched across
//! versions by `name`) gives a point: the value, the date it says it was measured, and the
//! commit that recorded it with its author. Nothing is read from the working tree.

use super::History;
use super::timeline::Timeline;
use crate::load::Document;
use crate::load::model::{Direction, kpis};
use serde::Serialize;
use std::collections::HashMap;

/// One recorded measurement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KpiPoint {
    pub value: f64,
    /// The `measured_on` date the version gives (`YYYY-MM-DD`), if any.
    pub measured_on: Option<String>,
    /// The commit that recorded it.
    pub commit: String,
    pub author: String,
    pub email: String,
    /// The commit's author date, ISO 8601.
    pub committed: String,
}

impl KpiPoint {
    /// The date the point stands for: `measured_on`, else the day it was committed.
    pub fn date(&self) -> &str {
        self.measured_on
            .as_deref()
            .unwrap_or_else(|| self.committed.get(..10).unwrap_or(&self.committed))
    }
}

/// One KPI of the objective as it is now, with its measurements oldest first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KpiSeries {
    pub name: String,
    /// Position in the current `kpis` list.
    pub index: usize,
    pub target: Option<f64>,
    pub unit: Option<String>,
    pub frequency: Option<String>,
    pub direction: Direction,
    pub points: Vec<KpiPoint>,
}

/// The series of every named KPI `document` has now. `read` gives a blob's text; the version
/// at the history's start is `document` itself.
pub fn series(
    history: &History,
    timeline: &Timeline,
    document: &Document,
    read: impl Fn(&str) -> Option<String>,
) -> Vec<KpiSeries> {
    let now = kpis(document);
    if now.iter().all(|kpi| kpi.name.is_none()) {
        return Vec::new();
    }
    let mut points: HashMap<&str, Vec<KpiPoint>> = HashMap::new();
    let mut last: HashMap<String, (Option<String>, Option<String>)> = HashMap::new();
    // Oldest first; a deleted version (no blob) reads as no KPIs.
    for (commit, blob) in timeline.commits.iter().zip(&timeline.blobs).rev() {
        let Some(record) = history.records.get(*commit) else {
            continue;
        };
        let parsed;
        let version = match blob {
            Some(blob) if *blob == timeline.blob => document,
            Some(blob) => match read(blob) {
                Some(text) => {
                    parsed = Document::parse(&document.path, text.into_bytes());
                    &parsed
                }
                None => continue,
            },
            None => continue,
        };
        for kpi in kpis(version) {
            let Some(name) = kpi.name else {
                continue;
            };
            let Some(own) = now.iter().find_map(|kept| kept.name.filter(|n| *n == name)) else {
                continue;
            };
            let state = (
                kpi.current.map(|value| value.to_string()),
                kpi.measured_on.map(str::to_owned),
            );
            if last.get(name) == Some(&state) {
                continue;
            }
            last.insert(name.to_owned(), state);
            let Some(value) = kpi.current else {
                continue;
            };
            points.entry(own).or_default().push(KpiPoint {
                value,
                measured_on: kpi.measured_on.map(str::to_owned),
                commit: record.id.clone(),
                author: record.author.name.clone(),
                email: record.author.email.clone(),
                committed: record.author.iso8601(),
            });
        }
    }
    now.iter()
        .filter_map(|kpi| {
            let name = kpi.name?;
            Some(KpiSeries {
                name: name.to_owned(),
                index: kpi.index,
                target: kpi.target,
                unit: kpi.unit.map(str::to_owned),
                frequency: kpi.frequency.map(str::to_owned),
                direction: kpi.direction(),
                points: points.remove(name).unwrap_or_default(),
            })
        })
        .collect()
}
