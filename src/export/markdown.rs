//! `--format md`: the cover as a header and a table of document versions and approvals, then
//! the register as a Markdown table (without the documents' bodies).

use super::{Cell, Export};
use crate::report::markdown::cell;
use std::fmt::Write;

fn text(value: &Cell) -> String {
    cell(&value.text().replace('\n', "; "))
}

pub fn render(export: &Export) -> String {
    let cover = &export.cover;
    let mut out = String::new();
    let organisation = cover
        .organisation
        .as_deref()
        .map(|name| format!(": {}", cell(name)))
        .unwrap_or_default();
    let _ = writeln!(out, "# {}{organisation}\n", cell(&cover.title));
    let _ = writeln!(
        out,
        "{} · commit `{}` of {} · exported by {}\n",
        cell(&cover.standard),
        cover.commit.chars().take(12).collect::<String>(),
        cover.commit_date,
        cover.generator
    );
    for note in &cover.notes {
        let _ = writeln!(out, "> {}\n", cell(note));
    }
    let _ = writeln!(out, "## Document versions and approvals\n");
    let _ = writeln!(
        out,
        "| Id | Title | Version | Last changed | State | Approved by |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|---|");
    for version in &cover.documents {
        let _ = writeln!(
            out,
            "| {} | {} | `{}` | {} | {} | {} |",
            cell(&version.id),
            cell(&version.title),
            cell(&version.version),
            cell(&version.changed),
            cell(&version.state),
            if version.approvals.is_empty() {
                "—".to_owned()
            } else {
                cell(&version.approvals.join("; "))
            }
        );
    }
    let sheet = &export.sheet;
    let shown: Vec<usize> = sheet
        .columns
        .iter()
        .enumerate()
        .filter(|(_, column)| column.name != "body")
        .map(|(index, _)| index)
        .collect();
    let _ = writeln!(out, "\n## {}\n", cell(&sheet.name));
    let header: Vec<String> = shown
        .iter()
        .map(|&index| cell(&sheet.columns[index].name))
        .collect();
    let _ = writeln!(out, "| {} |", header.join(" | "));
    let _ = writeln!(out, "|{}", "---|".repeat(shown.len()));
    for row in &sheet.rows {
        let cells: Vec<String> = shown
            .iter()
            .map(|&index| row.get(index).map(text).unwrap_or_default())
            .collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    out
}
