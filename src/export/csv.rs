//! `--format csv`: the register alone (a CSV file has one table), with formula-looking cells
//! defused by [`crate::report::cells`]. The import reads the guard back.

use super::Export;
use crate::report::cells::csv_line;

pub fn render(export: &Export) -> String {
    let header: Vec<String> = export
        .sheet
        .columns
        .iter()
        .map(|column| column.name.clone())
        .collect();
    let mut out = csv_line(&header);
    for row in &export.sheet.rows {
        let cells: Vec<String> = row.iter().map(super::Cell::text).collect();
        out.push_str(&csv_line(&cells));
    }
    out
}
