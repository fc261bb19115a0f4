//! Markdown tables (GitHub-flavoured, through pulldown-cmark): the first table of the file, or
//! the one under the heading named by `--sheet` (or its number, `--sheet 2`). Cell text keeps
//! inline code and link text; `<br>` becomes a line break (the usual way to put a list in a
//! cell). Positions are the cells' own lines and columns in the file.

use super::source::{Grid, GridRow, Raw, SourceError, SourceKind, Table};
use crate::diagnostic::{Position, Span};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// One table found in the file.
struct Found {
    heading: Option<String>,
    rows: Vec<GridRow>,
}

/// Line and column (in characters) of a byte offset.
fn position(text: &str, offset: usize) -> Position {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .map_or(0, |last| last.chars().count())
        + 1;
    Position::new(line, column)
}

fn tables(text: &str) -> Vec<Found> {
    let parser = Parser::new_ext(text, Options::ENABLE_TABLES).into_offset_iter();
    let mut found = Vec::new();
    let mut heading: Option<String> = None;
    let mut heading_text: Option<String> = None;
    let mut current: Option<Found> = None;
    let mut row: Option<Vec<(Raw, Span)>> = None;
    let mut cell: Option<(String, Span)> = None;
    for (event, range) in parser {
        match event {
            Event::Start(Tag::Heading { .. }) => heading_text = Some(String::new()),
            Event::End(TagEnd::Heading(_)) => heading = heading_text.take(),
            Event::Start(Tag::Table(_)) => {
                current = Some(Found {
                    heading: heading.clone(),
                    rows: Vec::new(),
                });
            }
            Event::End(TagEnd::Table) => {
                if let Some(table) = current.take() {
                    found.push(table);
                }
            }
            Event::Start(Tag::TableHead) | Event::Start(Tag::TableRow) => row = Some(Vec::new()),
            Event::End(TagEnd::TableHead) | Event::End(TagEnd::TableRow) => {
                if let (Some(cells), Some(table)) = (row.take(), current.as_mut()) {
                    let number = cells.first().map_or(1, |(_, span)| span.start.line);
                    table.rows.push(GridRow { number, cells });
                }
            }
            Event::Start(Tag::TableCell) => {
                cell = Some((
                    String::new(),
                    Span::new(position(text, range.start), position(text, range.end)),
                ));
            }
            Event::End(TagEnd::TableCell) => {
                if let (Some((content, at)), Some(cells)) = (cell.take(), row.as_mut()) {
                    cells.push((Raw::Text(content.trim().to_owned()), at));
                }
            }
            Event::Text(part) | Event::Code(part) => {
                if let Some((content, _)) = cell.as_mut() {
                    content.push_str(&part);
                } else if let Some(title) = heading_text.as_mut() {
                    title.push_str(&part);
                }
            }
            Event::InlineHtml(html) | Event::Html(html) => {
                if let Some((content, _)) = cell.as_mut() {
                    let tag = html.trim().to_lowercase();
                    if tag == "<br>" || tag == "<br/>" || tag == "<br />" {
                        content.push('\n');
                    }
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((content, _)) = cell.as_mut() {
                    content.push(' ');
                }
            }
            _ => {}
        }
    }
    found
}

/// Whether the text holds a Markdown table.
pub fn has_table(text: &str) -> bool {
    !tables(text).is_empty()
}

/// Reads one table of a Markdown file.
pub fn read(
    text: &str,
    file: &str,
    sheet: Option<&str>,
    header_row: Option<usize>,
) -> Result<Table, SourceError> {
    let found = tables(text);
    if found.is_empty() {
        return Err(SourceError::new(file, "no Markdown table in this file"));
    }
    let count = found.len();
    let headings: Vec<String> = found
        .iter()
        .enumerate()
        .map(|(index, table)| {
            table
                .heading
                .clone()
                .unwrap_or_else(|| format!("table {}", index + 1))
        })
        .collect();
    let index = match sheet {
        None => 0,
        Some(wanted) => match wanted.parse::<usize>() {
            Ok(number) if (1..=count).contains(&number) => number - 1,
            _ => found
                .iter()
                .position(|table| {
                    table
                        .heading
                        .as_deref()
                        .is_some_and(|heading| heading.trim().eq_ignore_ascii_case(wanted.trim()))
                })
                .ok_or_else(|| {
                    SourceError::new(
                        file,
                        format!(
                            "no table under a heading `{wanted}`; the tables are {}",
                            crate::text::code_list(&headings)
                        ),
                    )
                })?,
        },
    };
    let Some(chosen) = found.into_iter().nth(index) else {
        return Err(SourceError::new(file, "no such table"));
    };
    let heading = chosen.heading.clone();
    let mut table = Grid { rows: chosen.rows }.into_table(
        SourceKind::MarkdownTable,
        file,
        heading,
        header_row,
        false,
    )?;
    // Rows of a Markdown table are lines in the file: messages name the line, not a row.
    for record in &mut table.records {
        record.origin.row = None;
        for cell in &mut record.cells {
            cell.origin.row = None;
        }
    }
    if count > 1 && sheet.is_none() {
        table.notes.push(format!(
            "read the first of {count} tables ({}); choose another with --sheet",
            crate::text::code_list(&headings)
        ));
    }
    table.texts.push((file.to_owned(), text.to_owned()));
    Ok(table)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "# Register\n\nIntro.\n\n## Risks\n\n| id | title | controls |\n|---|---|---|\n| R-1 | Bias in `ranking` | A.7.4<br>A.5.4 |\n| R-2 | Drift | |\n\n## Other\n\n| a | b |\n|---|---|\n| 1 | 2 |\n";

    #[test]
    fn reads_cells_with_positions() {
        let table = read(TEXT, "r.md", None, None).unwrap();
        assert_eq!(table.columns, vec!["id", "title", "controls"]);
        assert_eq!(table.records.len(), 2);
        let first = &table.records[0];
        assert_eq!(first.cell("title").unwrap().raw.text(), "Bias in ranking");
        assert_eq!(first.cell("controls").unwrap().raw.text(), "A.7.4\nA.5.4");
        assert_eq!(first.cell("id").unwrap().origin.at, Position::new(9, 2));
        assert_eq!(table.sheet.as_deref(), Some("Risks"));
        assert!(table.notes[0].contains("2 tables"));
    }

    #[test]
    fn chooses_by_heading_or_number() {
        assert_eq!(
            read(TEXT, "r.md", Some("other"), None).unwrap().columns,
            vec!["a", "b"]
        );
        assert_eq!(
            read(TEXT, "r.md", Some("2"), None).unwrap().columns,
            vec!["a", "b"]
        );
        assert!(read(TEXT, "r.md", Some("Nope"), None).is_err());
        assert!(read("no table", "r.md", None, None).is_err());
    }
}
