//! `--format human`: rustc-style findings with the offending source lines underlined, the
//! rule code, and a help line; alike findings grouped into one block (`group.rs`); then a
//! one-line summary naming the most common rule.

use super::{HumanOptions, LintReport};
use crate::diagnostic::{Diagnostic, Position, Severity};
use crate::text::count;
use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use std::fmt::Write;

/// How many source lines a snippet shows at most.
const MAX_SNIPPET_LINES: usize = 6;

pub fn render(report: &LintReport, options: HumanOptions) -> String {
    let renderer = if options.color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    let shown: Vec<Diagnostic>;
    let diagnostics = match options.threshold {
        Some(threshold) => {
            shown = report
                .diagnostics
                .iter()
                .filter(|diagnostic| diagnostic.severity >= threshold)
                .cloned()
                .collect();
            &shown[..]
        }
        None => &report.diagnostics[..],
    };
    let items = if options.group {
        super::group::group(diagnostics)
    } else {
        diagnostics.iter().map(super::group::Item::Single).collect()
    };
    for item in items {
        match item {
            super::group::Item::Single(diagnostic) => out.push_str(&render_one(
                &renderer,
                diagnostic,
                report.source(&diagnostic.path),
            )),
            super::group::Item::Group { shape, members } => {
                out.push_str(&render_group(&renderer, &shape, &members));
            }
        }
        out.push_str("\n\n");
    }
    if let Some(changed) = &report.changed {
        let against = report
            .base
            .as_deref()
            .map_or("HEAD".to_owned(), |base| base.to_owned());
        let _ = writeln!(out, "documents changed since {against}: {}", changed.len());
        for document in changed {
            let note = super::markdown::approval_note(document.state);
            let _ = writeln!(
                out,
                "  {:<12} {:<40} {}{}",
                document.id.as_deref().unwrap_or("-"),
                document.path,
                document.change.label(),
                if note.is_empty() {
                    String::new()
                } else {
                    format!(" · {note}")
                }
            );
        }
        out.push('\n');
    }
    if let Some(under_review) = report
        .under_review
        .as_ref()
        .filter(|found| !found.is_empty())
    {
        let _ = writeln!(
            out,
            "documents depending on what changed, to look at again: {}",
            under_review.len()
        );
        for downstream in under_review {
            let _ = writeln!(
                out,
                "  {:<12} {:<40} via {} {}",
                downstream.id, downstream.path, downstream.via, downstream.pointer
            );
        }
        out.push('\n');
    }
    if !options.no_summary {
        out.push_str(&summary(report));
        out.push('\n');
    }
    out
}

fn level(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    }
}

fn render_one(renderer: &Renderer, diagnostic: &Diagnostic, source: Option<&str>) -> String {
    let title = level(diagnostic.severity)
        .primary_title(diagnostic.message.as_str())
        .id(diagnostic.code);
    let start = diagnostic.span.start;
    let group = match source.and_then(|text| window(text, diagnostic)) {
        Some(window) => title.element(
            Snippet::source(window.text)
                .line_start(window.first_line)
                .path(diagnostic.path.as_str())
                .fold(false)
                .annotation(AnnotationKind::Primary.span(window.range)),
        ),
        None => title.element(
            Origin::path(diagnostic.path.as_str())
                .line(start.line)
                .char_column(start.column),
        ),
    };
    let mut groups = vec![group];
    if let Some(help) = &diagnostic.help {
        groups.push(Group::with_title(
            Level::HELP.secondary_title(help.as_str()),
        ));
    }
    renderer.render(&groups)
}

/// A block for alike findings: the shared message shape as the title, one line per location
/// with its own message, and the help (the first finding's, marked "e.g." when they differ).
fn render_group(renderer: &Renderer, shape: &str, members: &[&Diagnostic]) -> String {
    let Some(first) = members.first() else {
        return String::new();
    };
    let title = format!("{shape} ({})", count(members.len(), "finding", "findings"));
    let mut out = renderer.render(&[Group::with_title(
        level(first.severity)
            .primary_title(title.as_str())
            .id(first.code),
    )]);
    let locations: Vec<String> = members
        .iter()
        .map(|diagnostic| {
            format!(
                "{}:{}:{}",
                diagnostic.path, diagnostic.span.start.line, diagnostic.span.start.column
            )
        })
        .collect();
    // A long list is cut, unless only a line or two would be left out.
    let listed = if members.len() > super::group::MAX_LISTED + 2 {
        super::group::MAX_LISTED
    } else {
        members.len()
    };
    let width = locations
        .iter()
        .take(listed)
        .map(|location| location.chars().count())
        .max()
        .unwrap_or(0);
    for (diagnostic, location) in members.iter().zip(&locations).take(listed) {
        let _ = write!(out, "\n  --> {location:<width$}  {}", diagnostic.message);
    }
    if members.len() > listed {
        let _ = write!(
            out,
            "\n  … and {} more (`aims lint --no-group` shows every one)",
            members.len() - listed
        );
    }
    if let Some(help) = &first.help {
        let same = members
            .iter()
            .all(|diagnostic| diagnostic.help.as_deref() == Some(help.as_str()));
        let text = if same {
            help.clone()
        } else {
            format!("for {}: {help}", first.path)
        };
        out.push_str("\n  |\n");
        out.push_str(&renderer.render(&[Group::with_title(
            Level::HELP.secondary_title(text.as_str()),
        )]));
    }
    out
}

struct Window<'a> {
    text: &'a str,
    first_line: usize,
    range: std::ops::Range<usize>,
}

/// The source lines the diagnostic covers, with the byte range to underline inside them.
fn window<'a>(text: &'a str, diagnostic: &Diagnostic) -> Option<Window<'a>> {
    let span = diagnostic.span;
    let first_line = span.start.line.max(1);
    let last_line = span
        .end
        .line
        .max(first_line)
        .min(first_line + MAX_SNIPPET_LINES - 1);
    let start = line_offset(text, first_line)?;
    let end_of_window = line_offset(text, last_line + 1).unwrap_or(text.len());
    let slice = text.get(start..end_of_window)?;
    let slice = slice.trim_end_matches(['\n', '\r']);
    let from = column_offset(slice, Position::new(1, span.start.column))?;
    let to = if span.end.line > last_line || span.end == span.start {
        // A point, or a span running past the window: underline one character (or the line end).
        let next = slice[from..].chars().next().map_or(0, char::len_utf8);
        from + next
    } else {
        column_offset(
            slice,
            Position::new(span.end.line - first_line + 1, span.end.column),
        )
        .unwrap_or(from)
    };
    let to = to.max(from).min(slice.len());
    Some(Window {
        text: slice,
        first_line,
        range: from..to,
    })
}

/// Byte offset of the start of 1-based `line`, or `None` past the end.
fn line_offset(text: &str, line: usize) -> Option<usize> {
    if line == 1 {
        return Some(0);
    }
    text.match_indices('\n')
        .nth(line - 2)
        .map(|(index, _)| index + 1)
        .filter(|offset| *offset <= text.len())
}

/// Byte offset of a (line, column) position inside `text`, clamped to the line's end.
fn column_offset(text: &str, at: Position) -> Option<usize> {
    let start = line_offset(text, at.line)?;
    let line = text[start..].split('\n').next().unwrap_or_default();
    let line = line.strip_suffix('\r').unwrap_or(line);
    let within = line
        .char_indices()
        .nth(at.column.saturating_sub(1))
        .map_or(line.len(), |(offset, _)| offset);
    Some(start + within)
}

/// `aims: 2 errors, 1 warning in 41 documents (3 findings waived)`, and, when one rule
/// accounts for several findings, `; most common: AIMS401 not-approved (23), see `aims explain
/// AIMS401``.
pub fn summary(report: &LintReport) -> String {
    let counts = report.counts();
    let mut text = String::from("aims: ");
    if counts.errors == 0 && counts.warnings == 0 && counts.infos == 0 {
        text.push_str("no problems");
    } else {
        let mut parts = vec![
            count(counts.errors, "error", "errors"),
            count(counts.warnings, "warning", "warnings"),
        ];
        if counts.infos > 0 {
            parts.push(count(counts.infos, "note", "notes"));
        }
        text.push_str(&parts.join(", "));
    }
    let _ = write!(text, " in {}", count(report.files, "document", "documents"));
    if report.not_documents > 0 {
        let _ = write!(
            text,
            " ({} not tracked as {})",
            report.not_documents,
            if report.not_documents == 1 {
                "a document"
            } else {
                "documents"
            }
        );
    }
    if report.waived > 0 {
        let _ = write!(
            text,
            " ({} waived)",
            count(report.waived, "finding", "findings")
        );
    }
    if let Some(top) = super::statistics::of(&report.diagnostics)
        .into_iter()
        .next()
        .filter(|top| top.count > 1)
    {
        let _ = write!(
            text,
            "; most common: {} {} ({}), see `aims explain {}`",
            top.code, top.name, top.count, top.code
        );
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Span;

    #[test]
    fn windows_cover_the_span() {
        let text = "---\nid: X\ntitle: é中 ok\n---\n";
        let diagnostic = Diagnostic::new(
            "AIMS108",
            Severity::Error,
            "a.md",
            Span::new(Position::new(3, 8), Position::new(3, 10)),
            "m",
        );
        let window = window(text, &diagnostic).unwrap();
        assert_eq!(window.text, "title: é中 ok");
        assert_eq!(&window.text[window.range.clone()], "é中");
    }

    #[test]
    fn point_spans_underline_one_character() {
        let diagnostic = Diagnostic::new(
            "AIMS104",
            Severity::Error,
            "a.md",
            Span::point(Position::new(1, 1)),
            "m",
        );
        let window = window("---\r\n", &diagnostic).unwrap();
        assert_eq!(window.text, "---");
        assert_eq!(window.range, 0..1);
    }
}
