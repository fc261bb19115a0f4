//! `--format xlsx` through `rust_xlsxwriter`: a cover sheet, then the register with a frozen,
//! filterable header row and fitted column widths. Text that a spreadsheet would run as a
//! formula is written as text with Excel's quote prefix (the value stays as it is, and editing
//! the cell does not turn it into a formula). The workbook's creation time is the commit's, and
//! its zip entries carry a fixed date, so the same commit gives the same bytes.

use super::model::{Cell, Export, ExportError};
use crate::report::cells::starts_like_formula;
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
};

/// Excel's limit on the characters of one cell.
const MAX_CELL: usize = 32_767;
/// Widest column, in characters.
const MAX_WIDTH: usize = 60;

fn error(error: rust_xlsxwriter::XlsxError) -> ExportError {
    ExportError::Xlsx(error.to_string())
}

/// Cuts text Excel cannot hold in one cell, saying so in the cell.
pub fn fit(text: &str) -> (String, bool) {
    if text.encode_utf16().count() <= MAX_CELL {
        return (text.to_owned(), false);
    }
    let marker = "\n… [cut: the full text is in the repository]";
    let mut out = String::new();
    let mut units = 0;
    for ch in text.chars() {
        units += ch.len_utf16();
        if units > MAX_CELL - marker.len() - 2 {
            break;
        }
        out.push(ch);
    }
    out.push_str(marker);
    (out, true)
}

struct Formats {
    header: Format,
    computed_header: Format,
    text: Format,
    guarded: Format,
    number: Format,
    title: Format,
    label: Format,
}

fn formats() -> Formats {
    let text = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    Formats {
        header: Format::new()
            .set_bold()
            .set_background_color(Color::RGB(0xE7_EB_F0))
            .set_border_bottom(FormatBorder::Thin)
            .set_align(FormatAlign::Top),
        computed_header: Format::new()
            .set_italic()
            .set_font_color(Color::RGB(0x55_5F_6B))
            .set_background_color(Color::RGB(0xF3_F4_F6))
            .set_border_bottom(FormatBorder::Thin)
            .set_align(FormatAlign::Top),
        guarded: text.clone().set_quote_prefix(),
        number: Format::new().set_align(FormatAlign::Top),
        text,
        title: Format::new().set_bold().set_font_size(14),
        label: Format::new().set_bold().set_align(FormatAlign::Top),
    }
}

fn write_text(
    sheet: &mut Worksheet,
    row: u32,
    column: u16,
    text: &str,
    formats: &Formats,
) -> Result<(), ExportError> {
    let (text, _) = fit(text);
    let format = if starts_like_formula(&text) {
        &formats.guarded
    } else {
        &formats.text
    };
    sheet
        .write_string_with_format(row, column, text, format)
        .map_err(error)?;
    Ok(())
}

fn width(text: &str) -> usize {
    text.lines()
        .map(|line| line.chars().count())
        .max()
        .unwrap_or(0)
}

/// Renders the workbook.
pub fn render(export: &Export) -> Result<Vec<u8>, ExportError> {
    let formats = formats();
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_timestamp(export.cover.seconds).map_err(error)?;
    let properties = DocProperties::new()
        .set_title(format!(
            "{}{}",
            export.cover.title,
            export
                .cover
                .organisation
                .as_deref()
                .map(|name| format!(" — {name}"))
                .unwrap_or_default()
        ))
        .set_subject(export.cover.standard.clone())
        .set_company(export.cover.organisation.clone().unwrap_or_default())
        .set_author(export.cover.generator.clone())
        .set_comment(format!("Exported from commit {}", export.cover.commit))
        .set_creation_datetime(&created);
    workbook.set_properties(&properties);

    // The register first in the file's sheet order would hide the cover; the cover comes
    // first, the register second.
    {
        let cover = workbook.add_worksheet();
        cover.set_name("Cover").map_err(error)?;
        cover.set_column_width(0, 24).map_err(error)?;
        cover.set_column_width(1, 40).map_err(error)?;
        for column in 2..7u16 {
            cover.set_column_width(column, 22).map_err(error)?;
        }
        cover.set_column_width(6, 60).map_err(error)?;
        let c = &export.cover;
        cover
            .write_string_with_format(0, 0, c.title.clone(), &formats.title)
            .map_err(error)?;
        let facts: Vec<(&str, String)> = vec![
            ("Organisation", c.organisation.clone().unwrap_or_default()),
            ("Standard", c.standard.clone()),
            ("Commit", c.commit.clone()),
            ("Commit date", c.commit_date.clone()),
            (
                "Generated",
                format!("{} (the date of the commit exported)", c.commit_date),
            ),
            ("Exported by", c.generator.clone()),
        ];
        let mut row = 2u32;
        for (label, value) in facts {
            cover
                .write_string_with_format(row, 0, label, &formats.label)
                .map_err(error)?;
            write_text(cover, row, 1, &value, &formats)?;
            row += 1;
        }
        for note in &c.notes {
            row += 1;
            write_text(cover, row, 0, note, &formats)?;
        }
        row += 2;
        cover
            .write_string_with_format(row, 0, "Document versions and approvals", &formats.label)
            .map_err(error)?;
        row += 1;
        let header_row = row;
        for (column, name) in [
            "Id",
            "Title",
            "Path",
            "Version (blob)",
            "Last changed",
            "State",
            "Approved by",
        ]
        .iter()
        .enumerate()
        {
            cover
                .write_string_with_format(row, column as u16, *name, &formats.header)
                .map_err(error)?;
        }
        for version in &c.documents {
            row += 1;
            let cells = [
                version.id.clone(),
                version.title.clone(),
                version.path.clone(),
                version.version.clone(),
                version.changed.clone(),
                version.state.clone(),
                version.approvals.join("\n"),
            ];
            for (column, text) in cells.iter().enumerate() {
                write_text(cover, row, column as u16, text, &formats)?;
            }
        }
        if !c.documents.is_empty() {
            cover.autofilter(header_row, 0, row, 6).map_err(error)?;
        }
    }

    let sheet = &export.sheet;
    let register = workbook.add_worksheet();
    register.set_name(sheet.name.clone()).map_err(error)?;
    for (index, column) in sheet.columns.iter().enumerate() {
        let index =
            u16::try_from(index).map_err(|_| ExportError::Xlsx("too many columns".into()))?;
        let format = if column.computed {
            &formats.computed_header
        } else {
            &formats.header
        };
        register
            .write_string_with_format(0, index, column.name.clone(), format)
            .map_err(error)?;
    }
    let mut widths: Vec<usize> = sheet
        .columns
        .iter()
        .map(|column| width(&column.name))
        .collect();
    for (offset, row) in sheet.rows.iter().enumerate() {
        let row_number =
            u32::try_from(offset + 1).map_err(|_| ExportError::Xlsx("too many rows".into()))?;
        for (index, value) in row.iter().enumerate() {
            let column = index as u16;
            match value {
                Cell::Empty => {}
                Cell::Number(number) => {
                    register
                        .write_number_with_format(row_number, column, *number, &formats.number)
                        .map_err(error)?;
                    if let Some(slot) = widths.get_mut(index) {
                        *slot = (*slot).max(value.text().len());
                    }
                }
                Cell::Bool(flag) => {
                    register
                        .write_boolean_with_format(row_number, column, *flag, &formats.number)
                        .map_err(error)?;
                    if let Some(slot) = widths.get_mut(index) {
                        *slot = (*slot).max(5);
                    }
                }
                Cell::Text(text) => {
                    write_text(register, row_number, column, text, &formats)?;
                    if let Some(slot) = widths.get_mut(index) {
                        *slot = (*slot).max(width(text));
                    }
                }
            }
        }
    }
    for (index, chars) in widths.iter().enumerate() {
        let chars = (*chars + 2).clamp(8, MAX_WIDTH);
        register
            .set_column_width(index as u16, chars as f64)
            .map_err(error)?;
    }
    register.set_freeze_panes(1, 1).map_err(error)?;
    if !sheet.columns.is_empty() {
        let last_row = u32::try_from(sheet.rows.len()).unwrap_or(u32::MAX);
        let last_column = u16::try_from(sheet.columns.len() - 1).unwrap_or(u16::MAX);
        register
            .autofilter(0, 0, last_row, last_column)
            .map_err(error)?;
    }
    workbook.save_to_buffer().map_err(error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_is_cut_with_a_note() {
        let (short, cut) = fit("abc");
        assert_eq!((short.as_str(), cut), ("abc", false));
        let long = "é".repeat(40_000);
        let (text, cut) = fit(&long);
        assert!(cut);
        assert!(text.encode_utf16().count() <= MAX_CELL);
        assert!(text.ends_with("[cut: the full text is in the repository]"));
    }
}
