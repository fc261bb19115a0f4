//! The one finding type every stage produces and every renderer consumes.
//!
//! A [`Diagnostic`] is plain data: a stable rule code, a severity, a message in plain words, a
//! position in a file (1-based line and column, columns counted in Unicode scalar values), and
//! optional help. Renderers in `report/` turn a list of them into human, JSON, GitHub or SARIF
//! output; nothing here prints.

use serde::{Deserialize, Serialize};

/// How serious a finding is. Ordered so that `Error > Warning > Info`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

// `diagnostic` sits in the lowest layer, beside `text`, so it cannot use
// `text::display_as_serialized!`: the three names are spelled here, and a unit test holds them
// to the serde spelling.
impl Severity {
    /// The name as serialised and shown.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(text: &str) -> Option<Severity> {
        let text: serde::de::value::StrDeserializer<'_, serde::de::value::Error> =
            serde::de::IntoDeserializer::into_deserializer(text);
        Severity::deserialize(text).ok()
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A position in a text file: 1-based line, 1-based column counted in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Default)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl Position {
    pub const START: Position = Position { line: 1, column: 1 };

    pub fn new(line: usize, column: usize) -> Position {
        Position {
            line: line.max(1),
            column: column.max(1),
        }
    }
}

/// A range in a text file; `end` is exclusive and never before `start`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Default)]
pub struct Span {
    pub start: Position,
    pub end: Position,
}

impl Span {
    pub const START: Span = Span {
        start: Position::START,
        end: Position::START,
    };

    pub fn new(start: Position, end: Position) -> Span {
        Span {
            start,
            end: end.max(start),
        }
    }

    pub fn point(at: Position) -> Span {
        Span { start: at, end: at }
    }
}

/// One finding, positioned in one file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Diagnostic {
    /// Stable rule code such as `AIMS201`.
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    /// Path relative to the project root, with forward slashes.
    pub path: String,
    pub span: Span,
    /// What to do about it, in plain words.
    pub help: Option<String>,
    /// The document id the finding is about, when there is one (used by waivers and reports).
    pub document_id: Option<String>,
}

impl Diagnostic {
    pub fn new(
        code: &'static str,
        severity: Severity,
        path: impl Into<String>,
        span: Span,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            code,
            severity,
            message: message.into(),
            path: path.into(),
            span,
            help: None,
            document_id: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn with_document_id(mut self, id: Option<&str>) -> Diagnostic {
        self.document_id = id.map(str::to_owned);
        self
    }

    /// The order every output uses: by path, then position, then code. Findings that tie keep
    /// the order their rule produced them in (clause order, control order), which is
    /// deterministic.
    pub fn sort_key(&self) -> (&str, Span, &str) {
        (&self.path, self.span, self.code)
    }
}

/// Counts over a list of diagnostics.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Counts {
    pub fn of(diagnostics: &[Diagnostic]) -> Counts {
        let mut counts = Counts::default();
        for diagnostic in diagnostics {
            match diagnostic.severity {
                Severity::Error => counts.errors += 1,
                Severity::Warning => counts.warnings += 1,
                Severity::Info => counts.infos += 1,
            }
        }
        counts
    }
}

/// Sorts diagnostics into the canonical output order and drops exact duplicates.
pub fn sort_and_dedup(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let mut seen = std::collections::HashSet::new();
    diagnostics.retain(|diagnostic| seen.insert(diagnostic.clone()));
}

/// The `---` that opens a frontmatter block.
pub const OPENING_DELIMITER: Span = Span {
    start: Position { line: 1, column: 1 },
    end: Position { line: 1, column: 4 },
};

#[cfg(test)]
mod tests {
    use super::Severity;

    #[test]
    fn severity_names_are_the_serialised_ones() {
        for severity in [Severity::Info, Severity::Warning, Severity::Error] {
            assert_eq!(severity.name(), crate::text::variant_name(&severity));
            assert_eq!(Severity::parse(severity.name()), Some(severity));
        }
        assert_eq!(Severity::parse("Error"), None);
    }
}
