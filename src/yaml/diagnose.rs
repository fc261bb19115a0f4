//! Pre-scans that find what saphyr reports badly or cannot survive (runaway indentation,
//! unclosed flow collections, tabs, lone carriage returns) and point at the real spot.

use super::MAX_DEPTH;
use crate::diagnostic::Position;

/// saphyr-parser recurses on block nesting, so thousands of ever-deeper indentation levels
/// overflow the stack before any event reaches the builder. This linear pre-scan bounds the
/// nesting that indentation (and `- ` sequence markers) can express; block-scalar text can only
/// inflate the estimate, never hide real nesting.
pub(super) fn find_excessive_indentation(text: &str, first_line: usize) -> Option<Position> {
    let limit = MAX_DEPTH * 2;
    let mut indents: Vec<usize> = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let content = line.trim_start_matches(' ');
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let indent = line.len() - content.len();
        while indents.last().is_some_and(|&top| top > indent) {
            indents.pop();
        }
        if indents.last() != Some(&indent) {
            indents.push(indent);
        }
        let mut markers = 0;
        let mut rest = content;
        while let Some(after) = rest.strip_prefix("- ") {
            markers += 1;
            rest = after.trim_start_matches(' ');
        }
        if indents.len() + markers > limit {
            return Some(Position::new(first_line + index, indent + 1));
        }
    }
    None
}

/// Moves a tab error's position onto the tab: the parser reports the character after the
/// indentation, but the tab is what must go. `at` stays put when its line has no tab.
pub(super) fn point_at_tab(text: &str, first_line: usize, at: Position) -> Position {
    let Some(line) = text.lines().nth(at.line.saturating_sub(first_line)) else {
        return at;
    };
    let before: Vec<char> = line.chars().take(at.column.max(1)).collect();
    match before.iter().rposition(|c| *c == '\t') {
        Some(index) => Position::new(at.line, index + 1),
        None => match line.chars().position(|c| c == '\t') {
            Some(index) => Position::new(at.line, index + 1),
            None => at,
        },
    }
}

/// A `\r` that is not part of `\r\n` would make saphyr's line numbers disagree with editors'.
/// The innermost `[` or `{` opened in flow position on a line before `error_line` (absolute)
/// and still open when that line starts. Quotes, comments and block scalars are skipped; a
/// bracket inside a plain scalar (`title: a[1]`) does not open anything.
pub(super) fn find_unclosed_flow(
    text: &str,
    first_line: usize,
    error_line: usize,
) -> Option<(Position, char)> {
    let mut open: Vec<(Position, char)> = Vec::new();
    let mut block_scalar: Option<usize> = None;
    for (offset, line) in text.lines().enumerate() {
        let number = first_line + offset;
        if number >= error_line {
            break;
        }
        let indent = line.len() - line.trim_start_matches(' ').len();
        if let Some(parent) = block_scalar {
            if line.trim().is_empty() || indent > parent {
                continue;
            }
            block_scalar = None;
        }
        let mut quote: Option<char> = None;
        let mut previous: Option<char> = None;
        // Where a value may start: the line start, after `: `, `- `, `,` or an opening bracket.
        let mut value_start = true;
        let mut chars = line.chars().enumerate().peekable();
        while let Some((column, c)) = chars.next() {
            match quote {
                Some('"') if c == '\\' => {
                    chars.next();
                }
                Some(q) if c == q => {
                    if q == '\'' && chars.peek().is_some_and(|&(_, next)| next == '\'') {
                        chars.next();
                    } else {
                        quote = None;
                    }
                }
                Some(_) => {}
                None => match c {
                    '#' if previous.is_none_or(char::is_whitespace) => break,
                    '"' | '\'' if value_start => quote = Some(c),
                    '[' | '{' if value_start || !open.is_empty() => {
                        open.push((Position::new(number, column + 1), c));
                        value_start = true;
                    }
                    ']' | '}' if !open.is_empty() => {
                        open.pop();
                        value_start = false;
                    }
                    ',' if !open.is_empty() => value_start = true,
                    ' ' => {
                        if matches!(previous, Some(':' | '-')) {
                            value_start = true;
                        }
                    }
                    '|' | '>' if value_start && open.is_empty() => {
                        block_scalar = Some(indent);
                        value_start = false;
                    }
                    _ => value_start = false,
                },
            }
            previous = Some(c);
        }
    }
    open.pop()
}

pub(super) fn find_lone_carriage_return(text: &str, first_line: usize) -> Option<Position> {
    let bytes = text.as_bytes();
    let mut line = first_line;
    let mut line_start = 0;
    for (index, &byte) in bytes.iter().enumerate() {
        match byte {
            b'\n' => {
                line += 1;
                line_start = index + 1;
            }
            b'\r' if bytes.get(index + 1) != Some(&b'\n') => {
                let column = text[line_start..index].chars().count() + 1;
                return Some(Position::new(line, column));
            }
            _ => {}
        }
    }
    None
}
