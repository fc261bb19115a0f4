//! Checking: JSON Schema validation plus rules over the whole document set, producing
//! [`Diagnostic`]s. Severity overrides and waivers from aims.yaml are applied here, and overrides
//! or waivers that matched nothing are reported so they cannot go stale.

pub mod engine;
pub mod freshness;
pub mod impact;
pub mod inventory;

pub mod rules;

use crate::catalog::Catalog;
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Severity, Span};
use crate::history::approvals::DocumentStatus;
use crate::load::references::Facts;
use crate::load::source::FileSource;
use crate::load::{Document, DocumentSet};
use crate::schema::{SchemaFinding, SchemaSet};
use jiff::civil::Date;

/// The rule families, by the hundreds digit of the code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Family {
    Configuration,
    Frontmatter,
    References,
    Coverage,
    History,
    Evidence,
}

impl Family {
    pub fn of(code: &str) -> Family {
        match code.as_bytes().get(4) {
            Some(b'1') => Family::Frontmatter,
            Some(b'2') => Family::References,
            Some(b'3') => Family::Coverage,
            Some(b'4') => Family::History,
            Some(b'5') => Family::Evidence,
            _ => Family::Configuration,
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Family::Configuration => "Configuration (0xx)",
            Family::Frontmatter => "Frontmatter and schema (1xx)",
            Family::References => "References and ids (2xx)",
            Family::Coverage => "Statement of Applicability and coverage (3xx)",
            Family::History => "History, approval and review (4xx)",
            Family::Evidence => "Evidence files and paths (5xx)",
        }
    }
}

/// What every rule declares about itself.
#[derive(Debug)]
pub struct RuleMeta {
    /// Stable code, `AIMS###`.
    pub code: &'static str,
    /// Kebab-case name.
    pub name: &'static str,
    pub default_severity: Severity,
    /// One line, shown in rule lists and SARIF.
    pub summary: &'static str,
    /// The rule's documentation (its doc comment), printed by `aims explain`.
    pub doc: &'static str,
}

impl RuleMeta {
    /// The documentation as Markdown: the doc comment without the space `///` leaves at the
    /// start of every line.
    pub fn documentation(&self) -> String {
        let mut text: String = self
            .doc
            .lines()
            .map(|line| line.strip_prefix(' ').unwrap_or(line))
            .collect::<Vec<_>>()
            .join("\n");
        text.push('\n');
        text
    }

    pub fn family(&self) -> Family {
        Family::of(self.code)
    }

    /// A finding about the node at `pointer` in `document`.
    pub fn at(&self, document: &Document, pointer: &str, message: impl Into<String>) -> Diagnostic {
        self.at_span(document, document.span(pointer), message)
    }

    /// A finding about the key introducing `pointer` in `document`.
    pub fn at_key(
        &self,
        document: &Document,
        pointer: &str,
        message: impl Into<String>,
    ) -> Diagnostic {
        self.at_span(document, document.key_span(pointer), message)
    }

    pub fn at_span(
        &self,
        document: &Document,
        span: Span,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::new(
            self.code,
            self.default_severity,
            document.path.clone(),
            span,
            message,
        )
        .with_document_id(document.id())
    }

    /// A finding about aims.yaml.
    pub fn in_config(&self, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(
            self.code,
            self.default_severity,
            crate::config::CONFIG_FILE,
            span,
            message,
        )
    }
}

/// Declares a rule: a unit struct, its [`RuleMeta`] with the doc comment as documentation.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        $vis:vis struct $name:ident {
            code: $code:literal,
            name: $slug:literal,
            severity: $severity:ident,
            summary: $summary:literal $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Copy, Default)]
        $vis struct $name;

        impl $name {
            pub const META: $crate::check::RuleMeta = $crate::check::RuleMeta {
                code: $code,
                name: $slug,
                default_severity: $crate::diagnostic::Severity::$severity,
                summary: $summary,
                doc: concat!($($doc, "\n"),*),
            };
        }
    };
}
pub(crate) use declare_rule;

/// What every rule may look at: the whole project.
pub struct Context<'a> {
    pub config: &'a Config,
    pub documents: &'a DocumentSet,
    pub schemas: &'a SchemaSet,
    pub catalog: &'static Catalog,
    pub today: Date,
    pub files: &'a dyn FileSource,
    /// What git history says about the documents, when it was read.
    pub history: Option<&'a HistoryFacts<'a>>,
    /// Why the repository's history could not be read, when it could not.
    pub history_error: Option<&'a str>,
}

/// What a per-document rule looks at: one document and what the engine computed for it once,
/// so no rule recomputes it or looks it up by position.
pub struct DocumentContext<'a> {
    /// The project, for rules that compare the document with others or with aims.yaml.
    pub ctx: &'a Context<'a>,
    pub document: &'a Document,
    /// The document validated against its kind's schema.
    pub schema_findings: &'a [SchemaFinding],
    /// References, identities and evidence named in the frontmatter.
    pub facts: &'a Facts<'a>,
    /// The document's judged status in git history, when history was read and the document
    /// is committed.
    pub status: Option<&'a DocumentStatus<'a>>,
}

/// What the history rules get to see.
#[derive(Clone, Copy)]
pub enum HistoryInput<'a> {
    /// Not read: no repository, no commits yet, or `--no-history`.
    Absent,
    Read(&'a HistoryFacts<'a>),
    /// The repository's history could not be read; the text says why.
    Unreadable(&'a str),
}

impl<'a> HistoryInput<'a> {
    pub fn facts(self) -> Option<&'a HistoryFacts<'a>> {
        match self {
            HistoryInput::Read(facts) => Some(facts),
            _ => None,
        }
    }

    pub fn error(self) -> Option<&'a str> {
        match self {
            HistoryInput::Unreadable(error) => Some(error),
            _ => None,
        }
    }
}

/// History as the 4xx rules see it: every document's judged status, and who may approve over
/// time — the one assessment every command reads.
pub struct HistoryFacts<'h> {
    pub history: &'h crate::history::History,
    pub assessment: crate::history::assess::Assessment<'h>,
}

impl<'h> HistoryFacts<'h> {
    pub fn new(assessment: crate::history::assess::Assessment<'h>) -> HistoryFacts<'h> {
        HistoryFacts {
            history: assessment.history,
            assessment,
        }
    }

    pub fn status(&self, document: &Document) -> Option<&DocumentStatus<'h>> {
        self.assessment.status(&document.path)
    }
}

impl<'a> Context<'a> {
    /// The document's kind, when it names one aims knows (built-in or from aims.yaml).
    pub fn known_kind<'d>(&self, document: &'d Document) -> Option<&'d str> {
        document.kind().filter(|kind| self.schemas.has_kind(kind))
    }

    /// The Statement of Applicability in force: the first non-retired `soa` document.
    pub fn soa(&self) -> Option<&Document> {
        self.documents
            .of_kind("soa")
            .find(|document| !document.is_retired())
    }
}

/// A check. Rules that look at one document at a time implement `check_document` (run in
/// parallel); rules over the whole set implement `check_project`. A rule whose findings are
/// raised elsewhere (by the loader, the schema validation or the engine) implements neither:
/// its file holds the constructor those places call.
pub trait Rule: Sync + Send {
    fn check_document(&self, _doc: &DocumentContext<'_>, _out: &mut Vec<Diagnostic>) {}

    fn check_project(&self, _ctx: &Context<'_>, _out: &mut Vec<Diagnostic>) {}
}
