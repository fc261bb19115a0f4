//! Renders a [`VersionDiff`] as plain text for the terminal (`aims log ID --diff`): one sentence
//! per changed field, a one-line summary of the body, then its hunks with `+`/`-` signs.

use crate::history::diff::VersionDiff;
use std::fmt::Write;

/// The diff as indented text lines, each ending in a newline; `indent` starts every line.
pub fn diff_text(diff: &VersionDiff, indent: &str) -> String {
    let mut out = String::new();
    for note in &diff.notes {
        let _ = writeln!(out, "{indent}Note: {note}");
    }
    for field in &diff.fields {
        let _ = writeln!(out, "{indent}{}", one_line(&field.sentence()));
    }
    let body = &diff.body;
    if body.added > 0 || body.removed > 0 || body.whitespace_only {
        let _ = writeln!(out, "{indent}Section text: {}", body.summary());
    }
    for hunk in &body.hunks {
        let _ = writeln!(
            out,
            "{indent}@@ -{},{} +{},{} @@",
            hunk.old_start, hunk.old_lines, hunk.new_start, hunk.new_lines
        );
        for line in &hunk.lines {
            let _ = writeln!(out, "{indent}{}{}", line.kind.sign(), one_line(&line.text));
        }
    }
    if body.truncated && !body.hunks.is_empty() {
        let _ = writeln!(
            out,
            "{indent}… (diff cut short: {} lines added, {} removed in all)",
            body.added, body.removed
        );
    }
    if out.is_empty() {
        let _ = writeln!(out, "{indent}(no visible change)");
    }
    out
}

/// Control characters (a lone `\r`, escape sequences) shown as `\u{..}` so a document cannot
/// drive the terminal.
pub(crate) fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() && c != '\t' {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::diff::between;

    #[test]
    fn renders_fields_summary_and_hunks() {
        let old =
            b"---\nid: P\nowner: a@x\nkpis:\n  - current: 1\n---\n# Policy\n\nOld rule.\nKeep.\n";
        let new = b"---\nid: P\nowner: b@x\nkpis:\n  - current: 2\nversion: 2\n---\n# Policy\n\nNew rule.\nAlso this.\nKeep.\n";
        let diff = between("p.md", Some(old), new);
        insta::assert_snapshot!(diff_text(&diff, "    "));
    }

    #[test]
    fn escapes_terminal_control_characters() {
        let diff = between("p.md", Some(b"a\n"), b"a\n\x1b[31mred\n");
        assert!(diff_text(&diff, "").contains("+\\u{1b}[31mred"));
    }
}
