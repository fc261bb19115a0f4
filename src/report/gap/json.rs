//! `aims gap --format json`: the whole analysis, versioned, for dashboards and other tools.

use crate::gap::{GapItem, GapReport, Tally};
use serde_json::{Value, json};

fn tally(tally: &Tally) -> Value {
    json!({
        "compliant": tally.compliant,
        "partial": tally.partial,
        "not_compliant": tally.not_compliant,
        "excluded": tally.excluded,
        "total": tally.total(),
    })
}

fn item(rank: Option<usize>, item: &GapItem, report: &GapReport) -> Value {
    json!({
        "rank": rank,
        "type": item.requirement.name(),
        "id": item.id,
        "title": item.title,
        "status": item.conformity.name(),
        "applicability": item.applicability.map(|applicability| applicability.name()),
        "implementation": item.implementation,
        "priority": item.priority.map(|priority| priority.label()),
        "priority_level": item.priority.map(|priority| priority.name()),
        "reasons": item.reasons,
        "owner": item.owner,
        "deadline": item.deadline.as_ref().map(|deadline| json!({
            "date": deadline.date.to_string(),
            "reason": deadline.reason,
            "overdue": deadline.date < report.today,
        })),
        "effort": item.effort.map(|effort| effort.name()),
        "risk_level": item.risk_level,
        "risks": item.risks,
        "nonconformities": item.nonconformities.iter().map(|nc| json!({
            "id": nc.id,
            "grade": nc.grade,
        })).collect::<Vec<_>>(),
        "missing": item.missing.iter().map(|missing| json!({
            "action": missing.action.name(),
            "document": missing.document,
            "text": missing.text,
        })).collect::<Vec<_>>(),
        "evidence": item.evidence,
    })
}

pub fn to_value(report: &GapReport) -> Value {
    let mut rank = 0;
    let items: Vec<Value> = report
        .items
        .iter()
        .map(|entry| {
            let position = entry.is_gap().then(|| {
                rank += 1;
                rank
            });
            item(position, entry, report)
        })
        .collect();
    json!({
        "version": 1,
        "organisation": report.organisation,
        "standard": report.standard,
        "today": report.today.to_string(),
        "commit": report.commit,
        "history": report.history,
        "stage1": report.stage1.map(|date| date.to_string()),
        "summary": {
            "clauses": tally(&report.clauses),
            "controls": tally(&report.controls),
        },
        "items": items,
    })
}

pub fn render(report: &GapReport) -> String {
    let mut text = serde_json::to_string_pretty(&to_value(report)).unwrap_or_default();
    text.push('\n');
    text
}
