//! Workbooks (XLSX, XLSM, XLS, ODS) through `calamine`: one sheet, chosen by name or the first
//! one that is not a cover sheet, read as a grid of typed cells. Dates come as dates, numbers
//! as numbers; a formula cell gives the value Excel last computed for it (the formula itself is
//! never evaluated); error cells (`#N/A`) are empty.

use super::source::{
    Grid, GridRow, MAX_COLUMNS, MAX_RECORDS, Raw, SourceError, SourceKind, Table, column_letter,
};
use crate::diagnostic::{Position, Span};
use calamine::{Data, DataRef, Reader, Xlsx};
use std::io::Cursor;

/// Sheet names that hold a title page rather than the register, skipped when no sheet is named.
const COVER_NAMES: &[&str] = &["cover", "about", "readme", "read me", "instructions"];

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

/// Cells beyond these are refused rather than read: a sheet that claims a cell at XFD1048576
/// would otherwise make the reader allocate the whole grid.
const MAX_ROW: u32 = MAX_RECORDS as u32 + 1_000;
const MAX_COLUMN: u32 = MAX_COLUMNS as u32;
/// Cells read in total.
const MAX_CELLS: usize = 5_000_000;

fn raw_ref(cell: &DataRef<'_>) -> Raw {
    match cell {
        DataRef::Empty | DataRef::Error(_) => Raw::Text(String::new()),
        DataRef::String(text) => Raw::Text(text.clone()),
        DataRef::SharedString(text) => Raw::Text((*text).to_owned()),
        DataRef::Int(number) => Raw::Int(*number),
        DataRef::Float(number) => Raw::Float(*number),
        DataRef::Bool(value) => Raw::Bool(*value),
        DataRef::DateTime(datetime) => raw(&Data::DateTime(*datetime)),
        DataRef::DateTimeIso(text) => raw(&Data::DateTimeIso(text.clone())),
        DataRef::DurationIso(text) => Raw::Text(text.clone()),
    }
}

/// Reads an XLSX sheet cell by cell, within the limits, into rows.
fn xlsx_rows(
    workbook: &mut Xlsx<Cursor<Vec<u8>>>,
    sheet: &str,
    file: &str,
) -> Result<Vec<GridRow>, SourceError> {
    let mut reader = workbook
        .worksheet_cells_reader(sheet)
        .map_err(|error| SourceError::new(file, format!("cannot read sheet `{sheet}`: {error}")))?;
    let mut cells: std::collections::BTreeMap<u32, Vec<(u32, Raw)>> = Default::default();
    let mut count = 0usize;
    loop {
        let cell = match reader.next_cell() {
            Ok(Some(cell)) => cell,
            Ok(None) => break,
            Err(error) => {
                return Err(SourceError::new(
                    file,
                    format!("cannot read sheet `{sheet}`: {error}"),
                ));
            }
        };
        let (row, column) = cell.get_position();
        let value = raw_ref(cell.get_value());
        if value.is_empty() {
            continue;
        }
        if row >= MAX_ROW || column >= MAX_COLUMN {
            return Err(SourceError::at(
                file,
                Position::new(row as usize + 1, column as usize + 1),
                format!(
                    "sheet `{sheet}` has a value at row {}, column {}: registers this large are not read (at most {MAX_RECORDS} rows and {MAX_COLUMNS} columns)",
                    row + 1,
                    column_letter(column as usize + 1)
                ),
            ));
        }
        count += 1;
        if count > MAX_CELLS {
            return Err(SourceError::new(
                file,
                format!("sheet `{sheet}` has more than {MAX_CELLS} cells"),
            ));
        }
        cells.entry(row).or_default().push((column, value));
    }
    Ok(cells
        .into_iter()
        .map(|(row, mut values)| {
            values.sort_by_key(|(column, _)| *column);
            let number = row as usize + 1;
            let width = values.last().map_or(0, |(column, _)| *column as usize + 1);
            let mut row_cells: Vec<(Raw, Span)> = (1..=width)
                .map(|column| {
                    (
                        Raw::Text(String::new()),
                        Span::new(
                            Position::new(number, column),
                            Position::new(number, column + 1),
                        ),
                    )
                })
                .collect();
            for (column, value) in values {
                if let Some(slot) = row_cells.get_mut(column as usize) {
                    slot.0 = value;
                }
            }
            GridRow {
                number,
                cells: row_cells,
            }
        })
        .collect())
}

/// Workbooks whose parts would inflate beyond this are refused before anything is inflated.
const MAX_INFLATED: u128 = 512 * 1024 * 1024;

/// For zip-based workbooks (XLSX, ODS): refuses archives that declare more than
/// [`MAX_INFLATED`] bytes once inflated.
fn check_inflated_size(bytes: &[u8], file: &str) -> Result<(), SourceError> {
    if !bytes.starts_with(b"PK") {
        return Ok(());
    }
    let Ok(archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    match archive.decompressed_size() {
        Some(size) if size > MAX_INFLATED => Err(SourceError::new(
            file,
            format!(
                "the workbook would inflate to {} MB; registers are far smaller (the limit is {} MB)",
                size / 1_000_000,
                MAX_INFLATED / 1_000_000
            ),
        )),
        _ => Ok(()),
    }
}

/// Reads one sheet of a workbook as a table.
pub fn read(
    bytes: &[u8],
    file: &str,
    sheet: Option<&str>,
    header_row: Option<usize>,
) -> Result<Table, SourceError> {
    check_inflated_size(bytes, file)?;
    // XLSX is read cell by cell (bounded); other workbook formats through calamine's grid.
    let xlsx = std::panic::catch_unwind(|| {
        calamine::open_workbook_from_rs::<Xlsx<_>, _>(Cursor::new(bytes.to_vec()))
    });
    let mut streaming = match xlsx {
        Ok(Ok(workbook)) => Some(workbook),
        _ => None,
    };
    let mut workbook = match streaming {
        Some(_) => None,
        None => Some(open(bytes, file)?),
    };
    let names = match (&streaming, &workbook) {
        (Some(xlsx), _) => xlsx.sheet_names(),
        (None, Some(other)) => other.sheet_names(),
        (None, None) => Vec::new(),
    };
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
    let rows = match (streaming.as_mut(), workbook.as_mut()) {
        (Some(xlsx), _) => {
            match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                xlsx_rows(xlsx, &chosen, file)
            })) {
                Ok(rows) => rows?,
                Err(_) => {
                    return Err(SourceError::new(
                        file,
                        format!(
                            "the workbook reader failed on sheet `{chosen}`; the file is damaged"
                        ),
                    ));
                }
            }
        }
        (None, Some(other)) => grid_rows(other, &chosen, file)?,
        (None, None) => Vec::new(),
    };
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

/// XLS, XLSB and ODS sheets through calamine's grid.
fn grid_rows(
    workbook: &mut calamine::Sheets<Cursor<Vec<u8>>>,
    chosen: &str,
    file: &str,
) -> Result<Vec<GridRow>, SourceError> {
    let range = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        workbook.worksheet_range(chosen)
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
    Ok(rows)
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
