//! Workbooks (XLSX, XLSM, XLS, ODS) through `calamine`: one sheet, chosen by name or the first
//! one that is not a cover sheet, read as a grid of typed cells. Dates come as dates, numbers
//! as numbers; a formula cell gives the value Excel last computed for it (the formula itself is
//! never evaluated); error cells (`#N/A`) are empty.

use super::source::{Grid, GridRow, Raw, SourceError, SourceKind, Table};
use crate::diagnostic::{Position, Span};
use calamine::{Data, Reader};
use std::io::Cursor;

/// Sheet names that hold a title page rather than the register, skipped when no sheet is named.
const COVER_NAMES: &[&str] = &["cover", "about", "readme", "read me", "instructions"];

/// The workbook's sheet names, in order.
pub fn sheet_names(bytes: &[u8], file: &str) -> Result<Vec<String>, SourceError> {
    let workbook = open(bytes, file)?;
    Ok(workbook.sheet_names())
}

fn open(bytes: &[u8], file: &str) -> Result<calamine::Sheets<Cursor<Vec<u8>>>, SourceError> {
    let cursor = Cursor::new(bytes.to_vec());
    // The reader is third-party code facing hostile files: a panic in it must not take the
    // command down without a message.
    match std::panic::catch_unwind(|| calamine::open_workbook_auto_from_rs(cursor)) {
        Ok(Ok(workbook)) => Ok(workbook),
        Ok(Err(error)) => Err(SourceError::new(
            file,
            format!("not a workbook aims can read (XLSX, XLSM, XLS or ODS): {error}"),
        )),
        Err(_) => Err(SourceError::new(
            file,
            "the workbook reader failed on this file; it is damaged or not a workbook",
        )),
    }
}

/// An Excel date serial as a calendar date, when it is a plausible one.
fn serial_date(serial: f64) -> Option<jiff::civil::Date> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    // Excel counts 1900-02-29, which did not exist: serials from 60 on are one day late.
    let days = serial.floor() as i64 - if serial >= 60.0 { 1 } else { 0 };
    let epoch = jiff::civil::date(1899, 12, 31);
    epoch.checked_add(jiff::Span::new().days(days)).ok()
}

fn raw(cell: &Data) -> Raw {
    match cell {
        Data::Empty | Data::Error(_) => Raw::Text(String::new()),
        Data::String(text) => Raw::Text(text.clone()),
        Data::Int(number) => Raw::Int(*number),
        Data::Float(number) => Raw::Float(*number),
        Data::Bool(value) => Raw::Bool(*value),
        Data::DateTime(datetime) if datetime.is_datetime() => {
            match serial_date(datetime.as_f64()) {
                Some(date) => Raw::Date(date),
                None => Raw::Float(datetime.as_f64()),
            }
        }
        Data::DateTime(datetime) => Raw::Float(datetime.as_f64()),
        Data::DateTimeIso(text) => match text.get(..10).and_then(|day| day.parse().ok()) {
            Some(date) => Raw::Date(date),
            None => Raw::Text(text.clone()),
        },
        Data::DurationIso(text) => Raw::Text(text.clone()),
    }
}

/// Reads one sheet of a workbook as a table.
pub fn read(
    bytes: &[u8],
    file: &str,
    sheet: Option<&str>,
    header_row: Option<usize>,
) -> Result<Table, SourceError> {
    let mut workbook = open(bytes, file)?;
    let names = workbook.sheet_names();
    if names.is_empty() {
        return Err(SourceError::new(file, "the workbook has no sheets"));
    }
    let chosen = match sheet {
        Some(wanted) => names
            .iter()
            .find(|name| name.as_str() == wanted)
            .or_else(|| names.iter().find(|name| name.eq_ignore_ascii_case(wanted)))
            .cloned()
            .ok_or_else(|| {
                SourceError::new(
                    file,
                    format!(
                        "no sheet named `{wanted}`; the sheets are {}",
                        crate::text::code_list(&names)
                    ),
                )
            })?,
        None => names
            .iter()
            .find(|name| !COVER_NAMES.contains(&name.trim().to_lowercase().as_str()))
            .unwrap_or(&names[0])
            .clone(),
    };
    let range = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        workbook.worksheet_range(&chosen)
    })) {
        Ok(Ok(range)) => range,
        Ok(Err(error)) => {
            return Err(SourceError::new(
                file,
                format!("cannot read sheet `{chosen}`: {error}"),
            ));
        }
        Err(_) => {
            return Err(SourceError::new(
                file,
                format!("the workbook reader failed on sheet `{chosen}`; the file is damaged"),
            ));
        }
    };
    let (first_row, first_column) = range.start().unwrap_or((0, 0));
    let mut rows = Vec::new();
    for (offset, cells) in range.rows().enumerate() {
        let number = first_row as usize + offset + 1;
        let cells = cells
            .iter()
            .enumerate()
            .map(|(index, cell)| {
                let column = first_column as usize + index + 1;
                (
                    raw(cell),
                    Span::new(
                        Position::new(number, column),
                        Position::new(number, column + 1),
                    ),
                )
            })
            .collect();
        rows.push(GridRow { number, cells });
    }
    // Cells left of the used range are empty; keep column letters right by padding.
    if first_column > 0 {
        for row in &mut rows {
            let mut padded: Vec<(Raw, Span)> = (1..=first_column as usize)
                .map(|column| {
                    (
                        Raw::Text(String::new()),
                        Span::point(Position::new(row.number, column)),
                    )
                })
                .collect();
            padded.append(&mut row.cells);
            row.cells = padded;
        }
    }
    let mut table = Grid { rows }.into_table(
        SourceKind::Workbook,
        file,
        Some(chosen.clone()),
        header_row,
        true,
    )?;
    if names.len() > 1 && sheet.is_none() {
        table.notes.push(format!(
            "read sheet `{chosen}` of {}; choose another with --sheet",
            crate::text::code_list(&names)
        ));
    }
    Ok(table)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_serials() {
        assert_eq!(serial_date(46_112.0), Some(jiff::civil::date(2026, 3, 31)));
        assert_eq!(serial_date(1.0), Some(jiff::civil::date(1900, 1, 1)));
        assert_eq!(serial_date(61.0), Some(jiff::civil::date(1900, 3, 1)));
        assert_eq!(serial_date(-4.0), None);
        assert_eq!(serial_date(f64::NAN), None);
    }

    #[test]
    fn not_a_workbook_is_an_error() {
        let error = read(b"id,title\nR-1,x\n", "fake.xlsx", None, None).unwrap_err();
        assert!(error.message.contains("not a workbook"), "{error}");
        let error = read(b"PK\x03\x04garbage", "zip.xlsx", None, None).unwrap_err();
        assert!(error.message.contains("not a workbook"), "{error}");
    }
}
