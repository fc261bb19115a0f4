//! Turning raw file bytes into text and splitting the YAML frontmatter from the Markdown body.
//!
//! Both steps refuse, with a position, what they cannot read faithfully: binary files, files
//! that are not UTF-8, files too large to be documents, and frontmatter that is opened but never
//! closed. A byte-order mark is accepted and skipped; CRLF line endings are accepted.

pub use crate::decode::{DecodeProblem, MAX_DOCUMENT_BYTES, decode};

/// A document split into its frontmatter and body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the delimiters.
    pub yaml: &'a str,
    /// File line of the first YAML line (2 for a well-formed file).
    pub yaml_first_line: usize,
    /// The Markdown after the closing delimiter.
    pub body: &'a str,
    /// Byte offset of `body` in the text.
    pub body_offset: usize,
    /// File line on which the body starts.
    pub body_first_line: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SplitProblem {
    /// The first line is not `---`.
    Missing,
    /// The file starts with YAML fields that a `---` line on `closing_line` closes, but the
    /// opening `---` is missing (the layout some tools, such as strongdm/comply, write).
    MissingOpening { closing_line: usize },
    /// `---` opens the frontmatter but no `---` or `...` line closes it.
    Unterminated,
}

/// Splits `text` at its frontmatter delimiters: `---` on the first line, then `---` or `...`.
pub fn split(text: &str) -> Result<Split<'_>, SplitProblem> {
    let mut lines = LineIter { text, offset: 0 };
    let Some((_, first)) = lines.next() else {
        return Err(SplitProblem::Missing);
    };
    if first.trim_end() != "---" {
        return Err(missing_opening(text).unwrap_or(SplitProblem::Missing));
    }
    let yaml_start = lines.offset;
    let mut line_number = 1;
    while let Some((start, line)) = lines.next() {
        line_number += 1;
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return Ok(Split {
                yaml: &text[yaml_start..start],
                yaml_first_line: 2,
                body: &text[lines.offset..],
                body_offset: lines.offset,
                body_first_line: line_number + 1,
            });
        }
    }
    Err(SplitProblem::Unterminated)
}

/// A file whose first line is a YAML `key: value` and that has a `---` line further down, with
/// only YAML-looking lines before it, lacks just its opening delimiter.
fn missing_opening(text: &str) -> Option<SplitProblem> {
    let looks_like_field = |line: &str| {
        let Some((key, _)) = line.split_once(':') else {
            return false;
        };
        !key.is_empty()
            && !key.starts_with(char::is_whitespace)
            && key
                .chars()
                .all(|ch| ch.is_alphanumeric() || matches!(ch, '_' | '-' | '"' | '\'' | ' '))
    };
    let mut lines = LineIter { text, offset: 0 };
    let (_, first) = lines.next()?;
    if !looks_like_field(first.trim_end()) {
        return None;
    }
    for (line_number, (_, line)) in (2..).zip(lines) {
        let trimmed = line.trim_end();
        if trimmed == "---" {
            return Some(SplitProblem::MissingOpening {
                closing_line: line_number,
            });
        }
        // YAML lines: fields, indented continuations, list items, comments, blank lines.
        let yaml_like = trimmed.is_empty()
            || trimmed.starts_with([' ', '\t', '-', '#'])
            || looks_like_field(trimmed);
        if !yaml_like {
            return None;
        }
    }
    None
}

/// Lines with their byte offsets; each line excludes its `\n` (a trailing `\r` is kept and
/// trimmed by callers).
struct LineIter<'a> {
    text: &'a str,
    offset: usize,
}

impl<'a> Iterator for LineIter<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        if self.offset >= self.text.len() {
            return None;
        }
        let start = self.offset;
        let rest = &self.text[start..];
        let (line, advance) = match rest.find('\n') {
            Some(end) => (&rest[..end], end + 1),
            None => (rest, rest.len()),
        };
        self.offset += advance;
        Some((start, line))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Position;

    #[test]
    fn splits_frontmatter_and_body() {
        let text = "---\nid: POL-001\n---\n# Policy\n";
        let split = split(text).unwrap();
        assert_eq!(split.yaml, "id: POL-001\n");
        assert_eq!(split.body, "# Policy\n");
        assert_eq!(split.body_first_line, 4);
    }

    #[test]
    fn accepts_crlf_and_dots_terminator() {
        let text = "---\r\nid: X\r\n...\r\nbody";
        let split = split(text).unwrap();
        assert_eq!(split.yaml, "id: X\r\n");
        assert_eq!(split.body, "body");
    }

    #[test]
    fn reports_missing_and_unterminated() {
        assert_eq!(split("# Title\n"), Err(SplitProblem::Missing));
        assert_eq!(split(""), Err(SplitProblem::Missing));
        assert_eq!(split("---\nid: X\n"), Err(SplitProblem::Unterminated));
        assert_eq!(
            split("id: X\ntitle: Y\n  more\n---\n# Body\n"),
            Err(SplitProblem::MissingOpening { closing_line: 4 })
        );
        // Prose with a colon, then a thematic break, is not frontmatter.
        assert_eq!(
            split("Note: text\nMore prose here.\n---\n"),
            Err(SplitProblem::Missing)
        );
    }

    #[test]
    fn decode_strips_bom_and_rejects_binary_and_bad_utf8() {
        assert_eq!(decode(b"\xEF\xBB\xBF---\n".to_vec()).unwrap(), "---\n");
        assert_eq!(decode(b"ab\0cd".to_vec()), Err(DecodeProblem::Binary));
        assert_eq!(decode(b"\xFF\xFEa\0".to_vec()), Err(DecodeProblem::Utf16));
        assert_eq!(
            decode(b"---\nt\xC3\xA9: \xFF\n".to_vec()),
            Err(DecodeProblem::NotUtf8 {
                at: Position::new(2, 5)
            })
        );
        assert!(matches!(
            decode(vec![b'a'; MAX_DOCUMENT_BYTES + 1]),
            Err(DecodeProblem::TooLarge { .. })
        ));
    }
}
