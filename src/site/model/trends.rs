//! What document pages and the dashboard show of KPIs over time (a chart and a table per KPI,
//! from the series history rebuilt) and of evidence freshness (each evidence item's age and
//! state).

use super::super::html::Html;
use super::super::html::svg::{ChartPoint, kpi_chart};
use super::super::links::{Link, Links};
use crate::check::freshness::{Limit, State, evidence_freshness};
use crate::history::History;
use crate::history::kpi::{KpiPoint, KpiSeries};
use crate::load::Document;
use crate::load::model::{Direction, frequency_duration};
use jiff::civil::Date;

/// One measurement as the table under a chart shows it.
pub struct KpiRow {
    pub date: String,
    pub value: String,
    /// The change that recorded it: the commit on the forge, else its row in the change
    /// history.
    pub commit: Link,
    pub author: String,
    pub on_target: bool,
}

/// One KPI: its chart, its measurements and where it stands.
pub struct KpiPanel {
    pub name: String,
    /// Anchor of the panel on the document page.
    pub anchor: String,
    pub target: String,
    pub frequency: String,
    pub chart: Html,
    pub rows: Vec<KpiRow>,
    /// The latest value with its unit, or empty.
    pub latest: String,
    /// "on target", "off target" or "not measured".
    pub state: &'static str,
    pub state_class: &'static str,
    /// When the next measurement is due (from the latest `measured_on`).
    pub next_due: String,
    pub overdue: bool,
}

/// The anchor of a change-history row: `{document anchor}-v-{short commit}`.
pub fn change_anchor(doc_anchor: &str, commit: &str) -> String {
    format!("{doc_anchor}-v-{}", commit.get(..7).unwrap_or(commit))
}

fn number(value: f64) -> String {
    value.to_string()
}

fn with_unit(value: f64, unit: Option<&str>) -> String {
    match unit {
        Some("%") => format!("{}%", number(value)),
        Some(unit) => format!("{} {unit}", number(value)),
        None => number(value),
    }
}

/// Where a point links: the commit on the forge, else the change-history row on `page`
/// (`page` is empty on the document's own page).
fn point_link(links: &Links<'_>, page: &str, doc_anchor: &str, point: &KpiPoint) -> Link {
    Link {
        href: links
            .commit_url(&point.commit)
            .unwrap_or_else(|| format!("{page}#{}", change_anchor(doc_anchor, &point.commit))),
        text: point.commit.get(..7).unwrap_or(&point.commit).to_owned(),
        title: point.commit.clone(),
    }
}

/// The panels of an objective's KPIs. `page` is the document page's URL from where the links
/// are made (empty on the page itself), `id` prefixes the chart ids.
pub fn kpi_panels(
    links: &Links<'_>,
    series: &[KpiSeries],
    doc_anchor: &str,
    page: &str,
    id: &str,
    today: Date,
) -> Vec<KpiPanel> {
    series
        .iter()
        .map(|kpi| {
            let unit = kpi.unit.as_deref();
            let meets = |value: f64| {
                kpi.target
                    .is_none_or(|target| kpi.direction.meets(value, target))
            };
            let rows: Vec<KpiRow> = kpi
                .points
                .iter()
                .map(|point| KpiRow {
                    date: point.date().to_owned(),
                    value: with_unit(point.value, unit),
                    commit: point_link(links, page, doc_anchor, point),
                    author: point.author.clone(),
                    on_target: meets(point.value),
                })
                .collect();
            let labels: Vec<String> = kpi
                .points
                .iter()
                .map(|point| {
                    format!(
                        "{}: {} (recorded in commit {} by {})",
                        point.date(),
                        with_unit(point.value, unit),
                        point.commit.get(..7).unwrap_or(&point.commit),
                        point.author
                    )
                })
                .collect();
            let points: Vec<ChartPoint<'_>> = kpi
                .points
                .iter()
                .zip(&rows)
                .zip(&labels)
                .map(|((point, row), label)| ChartPoint {
                    date: point.date(),
                    value: point.value,
                    href: &row.commit.href,
                    label,
                    on_target: row.on_target,
                })
                .collect();
            let wanted = match kpi.direction {
                Direction::AtLeast => "at least",
                Direction::AtMost => "at most",
            };
            let target = kpi
                .target
                .map(|target| format!("{wanted} {}", with_unit(target, unit)))
                .unwrap_or_default();
            let latest = kpi.points.last();
            let description = match (kpi.points.first(), latest) {
                (Some(first), Some(last)) => format!(
                    "{} measurements from {} ({}) to {} ({}); target {}.",
                    kpi.points.len(),
                    first.date(),
                    with_unit(first.value, unit),
                    last.date(),
                    with_unit(last.value, unit),
                    if target.is_empty() { "none" } else { &target }
                ),
                _ => "No measurement committed yet.".to_owned(),
            };
            let anchor = format!("{id}-kpi-{}", kpi.index);
            let chart = kpi_chart(&anchor, &kpi.name, &description, &points, kpi.target);
            let (state, state_class) = match latest {
                None => ("not measured", "muted"),
                Some(point) if meets(point.value) => ("on target", "ok"),
                Some(_) => ("off target", "bad"),
            };
            let next_due = latest
                .and_then(|point| point.measured_on.as_deref())
                .and_then(crate::dates::parse_date)
                .zip(
                    kpi.frequency
                        .as_deref()
                        .and_then(frequency_duration)
                        .and_then(crate::dates::parse_duration),
                )
                .and_then(|(date, every)| crate::dates::add(date, every));
            KpiPanel {
                name: kpi.name.clone(),
                anchor,
                target,
                frequency: kpi.frequency.clone().unwrap_or_default(),
                chart,
                latest: latest
                    .map(|point| with_unit(point.value, unit))
                    .unwrap_or_default(),
                rows,
                state,
                state_class,
                next_due: next_due.map(|date| date.to_string()).unwrap_or_default(),
                overdue: next_due.is_some_and(|due| due < today),
            }
        })
        .collect()
}

/// One evidence entry's age and state, as the document page lists them.
pub struct EvidenceRow {
    pub entry: String,
    /// The date of the file's last commit, or empty.
    pub last_changed: String,
    /// "123 days", or empty.
    pub age: String,
    /// The limit in words: "valid until 2026-06-30", "refresh every P6M (aims.yaml)".
    pub limit: String,
    pub deadline: String,
    pub state: &'static str,
    pub state_class: &'static str,
}

/// The evidence rows of `document`, in frontmatter order.
pub fn evidence_rows(
    links: &Links<'_>,
    history: &History,
    document: &Document,
    today: Date,
) -> Vec<EvidenceRow> {
    evidence_freshness(links.config, document, Some(history), today)
        .into_iter()
        .map(|item| EvidenceRow {
            entry: item.entry.to_owned(),
            last_changed: item
                .last_changed
                .map(|date| date.to_string())
                .unwrap_or_default(),
            age: item
                .age_days(today)
                .map(|days| crate::text::count(days.max(0) as usize, "day", "days"))
                .unwrap_or_default(),
            limit: match (item.limit, item.refresh) {
                (Some(Limit::ValidUntil), _) => "valid until date".to_owned(),
                (Some(Limit::Refresh), Some(refresh)) => format!("refresh {refresh}"),
                (Some(Limit::Default), Some(refresh)) => {
                    format!("refresh {refresh} (aims.yaml default)")
                }
                _ => String::new(),
            },
            deadline: item
                .deadline
                .map(|date| date.to_string())
                .unwrap_or_default(),
            state: item.state.name(),
            state_class: match item.state {
                State::Current => "ok",
                State::Stale => "bad",
                State::Unknown => "warn",
                State::Unlimited => "muted",
            },
        })
        .collect()
}
