//! `aims gap --format csv`: one row per requirement (RFC 4180), for the spreadsheet a programme
//! team tracks the work in.
//!
//! Cells that a spreadsheet would read as a formula are defused by [`crate::report::cells`]:
//! titles and owners come from the repository, and a CSV opened in Excel must not run what
//! someone wrote there.

use crate::gap::{GapItem, GapReport};
use crate::report::cells::csv_line;

const COLUMNS: &[&str] = &[
    "rank",
    "type",
    "id",
    "title",
    "status",
    "applicability",
    "implementation",
    "priority",
    "owner",
    "deadline",
    "deadline_reason",
    "overdue",
    "effort",
    "risk_level",
    "risks",
    "nonconformities",
    "missing",
    "evidence",
    "reasons",
];

fn row(rank: Option<usize>, item: &GapItem, report: &GapReport) -> Vec<String> {
    vec![
        rank.map(|rank| rank.to_string()).unwrap_or_default(),
        item.requirement.name().to_owned(),
        item.id.clone(),
        item.title.clone(),
        item.conformity.name().to_owned(),
        item.applicability
            .map(|applicability| applicability.name().to_owned())
            .unwrap_or_default(),
        item.implementation.clone().unwrap_or_default(),
        item.priority
            .map(|priority| priority.label().to_owned())
            .unwrap_or_default(),
        item.owner.clone().unwrap_or_default(),
        item.deadline
            .as_ref()
            .map(|deadline| deadline.date.to_string())
            .unwrap_or_default(),
        item.deadline
            .as_ref()
            .map(|deadline| deadline.reason.clone())
            .unwrap_or_default(),
        if item.overdue(report.today) {
            "yes".to_owned()
        } else {
            String::new()
        },
        item.effort
            .map(|effort| effort.name().to_owned())
            .unwrap_or_default(),
        item.risk_level
            .map(|level| level.to_string())
            .unwrap_or_default(),
        item.risks.join(" "),
        item.nonconformities
            .iter()
            .map(|nc| format!("{} ({})", nc.id, nc.grade))
            .collect::<Vec<_>>()
            .join(" "),
        item.missing
            .iter()
            .map(|missing| missing.text.as_str())
            .collect::<Vec<_>>()
            .join("; "),
        item.evidence.join(" "),
        item.reasons.join("; "),
    ]
}

pub fn render(report: &GapReport) -> String {
    let mut out = COLUMNS.join(",");
    out.push_str("\r\n");
    for (rank, item) in ranked(report) {
        out.push_str(&csv_line(&row(rank, item, report)));
    }
    out
}

/// The column names of [`rows`].
pub fn columns() -> &'static [&'static str] {
    COLUMNS
}

/// Every requirement as a row of cells (not yet quoted), in report order, for exports.
pub fn rows(report: &GapReport) -> Vec<Vec<String>> {
    ranked(report)
        .map(|(rank, item)| row(rank, item, report))
        .collect()
}

/// Items with their rank among the gaps (compliant items have none).
fn ranked(report: &GapReport) -> impl Iterator<Item = (Option<usize>, &GapItem)> {
    let mut rank = 0;
    report.items.iter().map(move |item| {
        let position = item.is_gap().then(|| {
            rank += 1;
            rank
        });
        (position, item)
    })
}
