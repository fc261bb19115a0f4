//! Cells for spreadsheets (CSV here, XLSX in `export`): the guard against formula injection and
//! RFC 4180 quoting.
//!
//! Titles, owners and notes come from the repository, and a file opened in a spreadsheet must
//! not run what someone wrote there: a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage
//! return is read as a formula (or as DDE), so in CSV it gets a leading `'`. XLSX cells are
//! written as text with Excel's quote prefix instead, which keeps the value intact.

use std::borrow::Cow;

/// Whether a spreadsheet would read `text` typed into a cell as a formula.
pub fn starts_like_formula(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// `text` with a leading `'` when a spreadsheet would read it as a formula.
pub fn defuse(text: &str) -> Cow<'_, str> {
    if starts_like_formula(text) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// One CSV field: defused, then quoted when it holds a comma, a quote or a line break.
pub fn csv_field(text: &str) -> String {
    let guarded = defuse(text);
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded.into_owned()
    }
}

/// One CSV line (with CRLF, as RFC 4180 writes it).
pub fn csv_line(cells: &[String]) -> String {
    let mut line = cells
        .iter()
        .map(|cell| csv_field(cell))
        .collect::<Vec<_>>()
        .join(",");
    line.push_str("\r\n");
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_and_formulas_defused() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("-1"), "'-1");
        assert_eq!(csv_field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_field("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0");
        assert_eq!(csv_line(&["a".into(), "b,c".into()]), "a,\"b,c\"\r\n");
    }
}
