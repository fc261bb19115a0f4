//! What every import source becomes: records of named cells, each remembering where it came
//! from (file, sheet, row, column name, and a line and column to point at), so a problem in an
//! imported document is reported at its source.
//!
//! Tables (CSV, XLSX, Markdown tables) give one record per row with the header row's names;
//! Markdown files with their own frontmatter give one record per file, with the frontmatter's
//! keys (nested keys as dotted names) as columns and the Markdown body kept.

use crate::diagnostic::{Position, Span};
use serde_json::Value;

/// Sources larger than this are refused: registers are small, and a huge file is a mistake.
pub const MAX_SOURCE_BYTES: u64 = 64 * 1024 * 1024;
/// Rows (or files) beyond this are refused.
pub const MAX_RECORDS: usize = 100_000;
/// Columns beyond this are refused.
pub const MAX_COLUMNS: usize = 1_000;

/// Where a cell or a record came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The source file, as the user named it (relative to where aims runs).
    pub file: String,
    /// The worksheet, for workbooks; the heading above the table, for Markdown tables.
    pub sheet: Option<String>,
    /// The row as a spreadsheet numbers it (the header row included), or the file's record.
    pub row: Option<usize>,
    /// The column's name in the header row, or the frontmatter key.
    pub column: Option<String>,
    /// What to point at: a line and column in the file (for workbooks, row and column
    /// number).
    pub at: Position,
    /// Where the cell ends (exclusive).
    pub end: Position,
    /// A spreadsheet column letter (`F`) for workbooks.
    pub letter: Option<String>,
}

impl Origin {
    /// `sheet "Risks", row 7, column "Likelihood" (F)`, for messages.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(sheet) = &self.sheet {
            parts.push(format!("sheet `{sheet}`"));
        }
        if let Some(row) = self.row {
            parts.push(format!("row {row}"));
        }
        if let Some(column) = &self.column {
            match &self.letter {
                Some(letter) => parts.push(format!("column `{column}` ({letter})")),
                None => parts.push(format!("column `{column}`")),
            }
        }
        if parts.is_empty() && self.at == Position::START {
            "the file".to_owned()
        } else if parts.is_empty() {
            format!("line {}", self.at.line)
        } else {
            parts.join(", ")
        }
    }

    pub fn span(&self) -> Span {
        Span::new(self.at, self.end)
    }

    /// The same place, narrowed to one cell.
    pub fn with_column(&self, column: &str, span: Span, letter: Option<String>) -> Origin {
        Origin {
            column: Some(column.to_owned()),
            at: span.start,
            end: span.end,
            letter,
            ..self.clone()
        }
    }

    /// A place in a file without a row or column (frontmatter keys, mapping entries).
    pub fn in_file(file: &str, span: Span) -> Origin {
        Origin {
            file: file.to_owned(),
            sheet: None,
            row: None,
            column: None,
            at: span.start,
            end: span.end,
            letter: None,
        }
    }
}

/// A cell's value as the source held it.
#[derive(Debug, Clone, PartialEq)]
pub enum Raw {
    Text(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Date(jiff::civil::Date),
    /// A typed value from foreign frontmatter (a list, a mapping, or a scalar as YAML read it).
    Json(Value),
}

impl Raw {
    /// Whether the cell holds nothing worth importing.
    pub fn is_empty(&self) -> bool {
        match self {
            Raw::Text(text) => text.trim().is_empty(),
            Raw::Json(Value::Null) => true,
            Raw::Json(Value::String(text)) => text.trim().is_empty(),
            Raw::Json(Value::Array(items)) => items.is_empty(),
            _ => false,
        }
    }

    /// The cell as text, the way a person reads it: integers without `.0`, dates as
    /// YYYY-MM-DD.
    pub fn text(&self) -> String {
        match self {
            Raw::Text(text) => text.clone(),
            Raw::Int(number) => number.to_string(),
            Raw::Float(number) => float_text(*number),
            Raw::Bool(value) => value.to_string(),
            Raw::Date(date) => date.to_string(),
            Raw::Json(Value::String(text)) => text.clone(),
            Raw::Json(other) => other.to_string(),
        }
    }
}

/// `4.0` → `4`, `6.1` → `6.1`.
pub fn float_text(number: f64) -> String {
    if number.is_finite() && number.fract() == 0.0 && number.abs() < 1e15 {
        format!("{}", number as i64)
    } else {
        format!("{number}")
    }
}

/// One named cell of a record.
#[derive(Debug, Clone)]
pub struct Cell {
    pub column: String,
    pub raw: Raw,
    pub origin: Origin,
}

/// One row of a table, or one file with frontmatter.
#[derive(Debug, Clone)]
pub struct Record {
    pub cells: Vec<Cell>,
    /// Where the record starts (its first cell, or the file's first line).
    pub origin: Origin,
    /// For frontmatter files: the Markdown body, kept as it was.
    pub body: Option<String>,
}

impl Record {
    pub fn cell(&self, column: &str) -> Option<&Cell> {
        self.cells.iter().find(|cell| cell.column == column)
    }
}

/// What kind of source it was, as the import summary names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum SourceKind {
    #[serde(rename = "CSV")]
    Csv,
    #[serde(rename = "workbook")]
    Workbook,
    #[serde(rename = "Markdown table")]
    MarkdownTable,
    #[serde(rename = "Markdown frontmatter")]
    Frontmatter,
}

crate::text::display_as_serialized!(SourceKind);

/// A source, read.
#[derive(Debug, Clone)]
pub struct Table {
    pub kind: SourceKind,
    /// The file (or folder) as the user named it.
    pub name: String,
    /// The sheet or table that was read.
    pub sheet: Option<String>,
    /// Column names in source order (for frontmatter: every key seen, in first-seen order).
    pub columns: Vec<String>,
    pub records: Vec<Record>,
    /// Source texts by file, for snippets in findings (CSV and Markdown sources).
    pub texts: Vec<(String, String)>,
    /// Notes about the reading (skipped rows, decoded encodings), for the summary.
    pub notes: Vec<String>,
}

/// Why a source could not be read at all (the command stops with exit code 2).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}{}: {message}", at.map(|at| format!(":{}:{}", at.line, at.column)).unwrap_or_default())]
pub struct SourceError {
    pub file: String,
    pub at: Option<Position>,
    pub message: String,
}

impl SourceError {
    pub fn new(file: &str, message: impl Into<String>) -> SourceError {
        SourceError {
            file: file.to_owned(),
            at: None,
            message: message.into(),
        }
    }

    pub fn at(file: &str, at: Position, message: impl Into<String>) -> SourceError {
        SourceError {
            file: file.to_owned(),
            at: Some(at),
            message: message.into(),
        }
    }
}

/// `A`, `Z`, `AA` for 1, 26, 27.
pub fn column_letter(mut number: usize) -> String {
    let mut letters = Vec::new();
    while number > 0 {
        let rest = (number - 1) % 26;
        letters.push(char::from(b'A' + rest as u8));
        number = (number - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// Header names made unique and never empty: a blank header becomes `column 3`, a repeated
/// `Notes` becomes `Notes (2)`.
pub fn unique_headers(headers: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(headers.len());
    for (index, header) in headers.into_iter().enumerate() {
        let base = {
            let trimmed = header.split_whitespace().collect::<Vec<_>>().join(" ");
            if trimmed.is_empty() {
                format!("column {}", index + 1)
            } else {
                trimmed
            }
        };
        let mut name = base.clone();
        let mut n = 2;
        while out
            .iter()
            .any(|existing| existing.eq_ignore_ascii_case(&name))
        {
            name = format!("{base} ({n})");
            n += 1;
        }
        out.push(name);
    }
    out
}

/// Builds records from rows of cells once the header row is known. `rows` hold (row number,
/// cells with their positions); the first row with at least two non-empty cells (or
/// `header_row`) is the header.
#[derive(Debug)]
pub struct Grid {
    pub rows: Vec<GridRow>,
}

/// One row of a grid: its number as the source shows it and its cells.
#[derive(Debug)]
pub struct GridRow {
    pub number: usize,
    pub cells: Vec<(Raw, Span)>,
}

impl Grid {
    /// Turns the grid into records under the header row.
    pub fn into_table(
        self,
        kind: SourceKind,
        file: &str,
        sheet: Option<String>,
        header_row: Option<usize>,
        letters: bool,
    ) -> Result<Table, SourceError> {
        let non_empty = |row: &GridRow| row.cells.iter().filter(|(raw, _)| !raw.is_empty()).count();
        let header_index = match header_row {
            Some(wanted) => self
                .rows
                .iter()
                .position(|row| row.number == wanted)
                .ok_or_else(|| {
                    SourceError::new(file, format!("there is no row {wanted} to read column names from"))
                })?,
            None => self
                .rows
                .iter()
                .position(|row| non_empty(row) >= 2)
                .ok_or_else(|| {
                    SourceError::new(
                        file,
                        match &sheet {
                            Some(sheet) => format!("sheet `{sheet}` has no row with column names (it is empty, or has a single column)"),
                            None => "no row with column names (the source is empty, or has a single column)".to_owned(),
                        },
                    )
                })?,
        };
        let header = &self.rows[header_index];
        if header.cells.len() > MAX_COLUMNS {
            return Err(SourceError::new(
                file,
                format!(
                    "{} columns; at most {MAX_COLUMNS} are read",
                    header.cells.len()
                ),
            ));
        }
        let names = unique_headers(header.cells.iter().map(|(raw, _)| raw.text()).collect());
        let mut records = Vec::new();
        let mut skipped_empty = 0;
        for row in &self.rows[header_index + 1..] {
            if non_empty(row) == 0 {
                skipped_empty += 1;
                continue;
            }
            if records.len() >= MAX_RECORDS {
                return Err(SourceError::new(
                    file,
                    format!("more than {MAX_RECORDS} rows; split the source"),
                ));
            }
            let first = row
                .cells
                .iter()
                .find(|(raw, _)| !raw.is_empty())
                .map(|(_, span)| *span)
                .unwrap_or(Span::point(Position::new(row.number, 1)));
            let origin = Origin {
                file: file.to_owned(),
                sheet: sheet.clone(),
                row: Some(row.number),
                column: None,
                at: first.start,
                end: first.end,
                letter: None,
            };
            let mut cells = Vec::new();
            for (index, (raw, span)) in row.cells.iter().enumerate() {
                if raw.is_empty() {
                    continue;
                }
                // A value beyond the last named column gets a name of its own.
                let name = names
                    .get(index)
                    .cloned()
                    .unwrap_or_else(|| format!("column {}", index + 1));
                let letter = letters.then(|| column_letter(index + 1));
                cells.push(Cell {
                    origin: origin.with_column(&name, *span, letter),
                    column: name,
                    raw: raw.clone(),
                });
            }
            records.push(Record {
                cells,
                origin,
                body: None,
            });
        }
        let mut notes = Vec::new();
        if header_index > 0 {
            notes.push(format!(
                "column names read from row {} (rows above it skipped)",
                header.number
            ));
        }
        if skipped_empty > 0 {
            notes.push(format!("{skipped_empty} empty rows skipped"));
        }
        Ok(Table {
            kind,
            name: file.to_owned(),
            sheet,
            columns: names,
            records,
            texts: Vec::new(),
            notes,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_and_headers() {
        assert_eq!(column_letter(1), "A");
        assert_eq!(column_letter(26), "Z");
        assert_eq!(column_letter(27), "AA");
        assert_eq!(column_letter(703), "AAA");
        assert_eq!(
            unique_headers(vec![
                "Notes".into(),
                " ".into(),
                "notes".into(),
                "A  B".into()
            ]),
            vec!["Notes", "column 2", "notes (2)", "A B"]
        );
        assert_eq!(float_text(4.0), "4");
        assert_eq!(float_text(6.1), "6.1");
    }
}
