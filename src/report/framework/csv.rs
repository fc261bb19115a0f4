//! `aims gap --framework KEY --format csv`: one row per requirement of the framework.

use crate::gap::framework::FrameworkReport;
use crate::report::cells::csv_line;

pub const COLUMNS: &[&str] = &[
    "framework",
    "section",
    "id",
    "title",
    "coverage",
    "iso42001",
    "not_yet_covering",
    "referenced_by",
    "note",
];

/// Every row's cells (not yet quoted), for CSV and exports.
pub fn rows(report: &FrameworkReport) -> Vec<Vec<String>> {
    report
        .rows
        .iter()
        .map(|row| {
            vec![
                report.key.to_owned(),
                row.section.clone(),
                row.id.clone(),
                row.title.clone(),
                row.coverage.name().to_owned(),
                super::mapped_list(row),
                row.missing()
                    .map(|mapped| mapped.id.clone())
                    .collect::<Vec<_>>()
                    .join(" "),
                row.referenced_by.join("; "),
                row.note.clone().unwrap_or_default(),
            ]
        })
        .collect()
}

pub fn render(report: &FrameworkReport) -> String {
    let mut out = COLUMNS.join(",");
    out.push_str("\r\n");
    for row in rows(report) {
        out.push_str(&csv_line(&row));
    }
    out
}
