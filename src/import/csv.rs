//! CSV (RFC 4180, as spreadsheets write it): comma, semicolon or tab separated (whichever the
//! header line uses), quoted fields with doubled quotes and line breaks, CRLF or LF, a leading
//! byte-order mark. Text that is not UTF-8 is read as Windows-1252, which is what Excel writes
//! on Windows when asked for "CSV". A cell `'=SUM(...)` written by a formula guard (ours, or
//! Excel's) is read back without its `'`.

use super::source::{Grid, GridRow, MAX_RECORDS, Raw, SourceError, SourceKind, Table};
use crate::diagnostic::{Position, Span};

/// Windows-1252 characters for bytes 0x80–0x9F (the rest of the upper half is Latin-1).
const CP1252_HIGH: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
];

/// Decodes CSV bytes: UTF-8 (without BOM), else Windows-1252. Returns the text and whether it
/// was re-encoded.
pub fn decode(bytes: &[u8], file: &str) -> Result<(String, bool), SourceError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(SourceError::new(
            file,
            "the file is UTF-16; save it as \"CSV UTF-8\"",
        ));
    }
    if bytes[..bytes.len().min(8000)].contains(&0) {
        return Err(SourceError::new(
            file,
            "the file holds binary data, not CSV text",
        ));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok((text.to_owned(), false)),
        Err(_) => Ok((
            bytes
                .iter()
                .map(|&byte| match byte {
                    0x80..=0x9F => CP1252_HIGH[usize::from(byte - 0x80)],
                    other => char::from(other),
                })
                .collect(),
            true,
        )),
    }
}

/// The separator the first line uses (outside quotes).
fn sniff_separator(text: &str) -> char {
    let first_line: String = {
        let mut quoted = false;
        let mut line = String::new();
        for ch in text.chars() {
            match ch {
                '"' => quoted = !quoted,
                '\n' if !quoted => break,
                _ => {}
            }
            if !quoted {
                line.push(ch);
            }
        }
        line
    };
    [',', ';', '\t']
        .into_iter()
        .max_by_key(|separator| (first_line.matches(*separator).count(), *separator == ','))
        .unwrap_or(',')
}

/// A cell written by a formula guard: `'=...`, `'+...`, `'-...`, `'@...`.
fn unguard(text: String) -> String {
    let mut chars = text.chars();
    if chars.next() == Some('\'')
        && chars
            .next()
            .is_some_and(|second| matches!(second, '=' | '+' | '-' | '@' | '\t' | '\r'))
    {
        text[1..].to_owned()
    } else {
        text
    }
}

/// Splits CSV text into rows of (cell text, position of the cell's first character).
pub fn rows(text: &str, file: &str) -> Result<Vec<GridRow>, SourceError> {
    let separator = sniff_separator(text);
    let mut rows = Vec::new();
    let mut cells: Vec<(Raw, Span)> = Vec::new();
    let mut cell = String::new();
    let mut cell_start = Position::new(1, 1);
    let mut quoted = false;
    let mut quote_opened = Position::new(1, 1);
    let (mut line, mut column) = (1usize, 1usize);
    let mut row_number = 1;
    let mut chars = text.chars().peekable();
    let mut at_cell_start = true;
    let finish_cell =
        |cells: &mut Vec<(Raw, Span)>, cell: &mut String, start: Position, end: Position| {
            cells.push((
                Raw::Text(unguard(std::mem::take(cell))),
                Span::new(start, end),
            ));
        };
    while let Some(ch) = chars.next() {
        let here = Position::new(line, column);
        if at_cell_start {
            cell_start = here;
            at_cell_start = false;
            if ch == '"' {
                quoted = true;
                quote_opened = here;
                column += 1;
                continue;
            }
        }
        if quoted {
            match ch {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    cell.push('"');
                    column += 2;
                }
                '"' => {
                    quoted = false;
                    column += 1;
                }
                '\n' => {
                    cell.push('\n');
                    line += 1;
                    column = 1;
                }
                '\r' if chars.peek() == Some(&'\n') => {
                    // CRLF inside a quoted field is one line break.
                }
                other => {
                    cell.push(other);
                    column += 1;
                }
            }
            continue;
        }
        match ch {
            c if c == separator => {
                finish_cell(&mut cells, &mut cell, cell_start, here);
                at_cell_start = true;
                column += 1;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                finish_cell(&mut cells, &mut cell, cell_start, here);
                rows.push(GridRow {
                    number: row_number,
                    cells: std::mem::take(&mut cells),
                });
                if rows.len() > MAX_RECORDS + 16 {
                    return Err(SourceError::new(
                        file,
                        format!("more than {MAX_RECORDS} rows; split the source"),
                    ));
                }
                row_number += 1;
                at_cell_start = true;
                line += 1;
                column = 1;
            }
            other => {
                // Text after a closing quote (`"a"b`) is kept, as spreadsheets do.
                cell.push(other);
                column += 1;
            }
        }
    }
    if quoted {
        return Err(SourceError::at(
            file,
            quote_opened,
            "this quoted field is never closed: a `\"` is missing",
        ));
    }
    if !at_cell_start || !cells.is_empty() {
        finish_cell(
            &mut cells,
            &mut cell,
            cell_start,
            Position::new(line, column),
        );
        rows.push(GridRow {
            number: row_number,
            cells,
        });
    }
    Ok(rows)
}

/// Reads a CSV file's bytes as a table.
pub fn read(bytes: &[u8], file: &str, header_row: Option<usize>) -> Result<Table, SourceError> {
    let (text, reencoded) = decode(bytes, file)?;
    let grid = Grid {
        rows: rows(&text, file)?,
    };
    let mut table = grid.into_table(SourceKind::Csv, file, None, header_row, false)?;
    if reencoded {
        table
            .notes
            .push("the file is not UTF-8: read as Windows-1252".to_owned());
    }
    table.texts.push((file.to_owned(), text));
    Ok(table)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(text: &str) -> Vec<Vec<String>> {
        rows(text, "t.csv")
            .unwrap()
            .into_iter()
            .map(|row| row.cells.into_iter().map(|(raw, _)| raw.text()).collect())
            .collect()
    }

    #[test]
    fn reads_rfc4180() {
        assert_eq!(
            cells("a,b\r\n1,\"x, \"\"y\"\"\"\r\n2,\"multi\nline\"\n"),
            vec![
                vec!["a", "b"],
                vec!["1", "x, \"y\""],
                vec!["2", "multi\nline"]
            ]
        );
        assert_eq!(cells("a;b\n1;2,5"), vec![vec!["a", "b"], vec!["1", "2,5"]]);
        assert_eq!(cells("a\tb\n1\t2"), vec![vec!["a", "b"], vec!["1", "2"]]);
        assert_eq!(
            cells("a,b\n'=SUM(A1),'x"),
            vec![vec!["a", "b"], vec!["=SUM(A1)", "'x"]]
        );
    }

    #[test]
    fn positions_follow_lines_and_columns() {
        let rows = rows("id,title\nR-1,\"two\nlines\"\nR-2,ok\n", "t.csv").unwrap();
        assert_eq!(rows[2].number, 3);
        assert_eq!(rows[2].cells[1].1.start, Position::new(4, 5));
        assert_eq!(rows[2].cells[1].1.end, Position::new(4, 7));
        assert_eq!(rows[1].cells[1].1.start, Position::new(2, 5));
    }

    #[test]
    fn refuses_what_it_cannot_read() {
        let error = rows("a,b\n1,\"never closed\n", "t.csv").unwrap_err();
        assert_eq!(error.at, Some(Position::new(2, 3)));
        assert!(decode(b"PK\x03\x04\0\0", "t.csv").is_err());
        assert!(decode(b"\xFF\xFEa\0", "t.csv").is_err());
        let (text, reencoded) = decode(b"caf\xE9 \x80", "t.csv").unwrap();
        assert_eq!(text, "café €");
        assert!(reencoded);
    }
}
