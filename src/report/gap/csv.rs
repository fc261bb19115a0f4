//! `aims gap --format csv`: one row per requirement (RFC 4180), for the spreadsheet a programme
//! team tracks the work in.
//!
//! Cells that a spreadsheet would read as a formula (starting with `=`, `+`, `-`, `@`, tab or
//! carriage return) are prefixed with `'`: titles and owners come from the repository, and a CSV
//! opened in Excel must not run what someone wrote there.

use crate::gap::{GapItem, GapReport};

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

fn field(text: &str) -> String {
    let guarded = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

fn row(rank: Option<usize>, item: &GapItem, report: &GapReport) -> Vec<String> {
    vec![
        rank.map(|rank| rank.to_string()).unwrap_or_default(),
        item.requirement.as_str().to_owned(),
        item.id.clone(),
        item.title.clone(),
        item.conformity.key().to_owned(),
        item.applicability
            .map(|applicability| applicability.as_str().to_owned())
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
            .map(|effort| effort.as_str().to_owned())
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
    let mut rank = 0;
    for item in &report.items {
        let position = item.is_gap().then(|| {
            rank += 1;
            rank
        });
        let cells: Vec<String> = row(position, item, report)
            .iter()
            .map(|cell| field(cell))
            .collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::field;

    #[test]
    fn fields_are_quoted_and_formulas_defused() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a, b"), "\"a, b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(field("-1"), "'-1");
        assert_eq!(field("@SUM(A1)"), "'@SUM(A1)");
    }
}
