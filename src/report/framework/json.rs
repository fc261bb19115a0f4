//! `aims gap --framework KEY --format json`: the framework read through the AIMS, versioned.

use crate::gap::framework::{CoverageTally, FrameworkReport};
use serde_json::{Value, json};

fn tally(tally: &CoverageTally) -> Value {
    json!({
        "covered": tally.covered,
        "partial": tally.partial,
        "not_covered": tally.not_covered,
        "outside_aims": tally.outside,
        "total": tally.total(),
    })
}

pub fn to_value(report: &FrameworkReport) -> Value {
    json!({
        "version": 1,
        "framework": report.key,
        "name": report.name,
        "indicative": true,
        "note": report.indicative,
        "organisation": report.organisation,
        "commit": report.commit,
        "today": report.today.to_string(),
        "history": report.history,
        "summary": tally(&report.total),
        "sections": report.sections.iter().map(|(title, counts)| json!({
            "title": title,
            "summary": tally(counts),
        })).collect::<Vec<_>>(),
        "items": report.rows.iter().map(|row| json!({
            "section": row.section,
            "id": row.id,
            "title": row.title,
            "coverage": row.coverage.name(),
            "iso42001": row.mapped.iter().map(|mapped| json!({
                "type": mapped.requirement.name(),
                "id": mapped.id,
                "status": mapped.conformity.name(),
                "excluded": mapped.excluded,
            })).collect::<Vec<_>>(),
            "referenced_by": row.referenced_by,
            "note": row.note,
        })).collect::<Vec<_>>(),
    })
}

pub fn render(report: &FrameworkReport) -> String {
    let mut text = serde_json::to_string_pretty(&to_value(report)).unwrap_or_default();
    text.push('\n');
    text
}
