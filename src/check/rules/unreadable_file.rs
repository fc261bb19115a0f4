use super::prelude::*;
use crate::diagnostic::Span;
use crate::load::frontmatter::{DecodeProblem, MAX_DOCUMENT_BYTES};
use crate::load::source::ReadProblem;

declare_rule! {
    /// ## What it checks
    /// A file matched by the `documents` globs that cannot be read as a text document: it is
    /// binary, not UTF-8 (or UTF-16), larger than 4 MiB, a symbolic link pointing outside the
    /// project, has a file name that is not UTF-8, or cannot be opened.
    ///
    /// ## Why it matters
    /// aims reports what it cannot read instead of skipping it: a document nobody can read is a
    /// document nobody checked.
    ///
    /// ## How to fix
    /// Save the file as UTF-8 text, move binary evidence out of the document globs (reference it
    /// from a document's `evidence` list instead), or narrow `documents` / `exclude` in
    /// `aims.yaml`.
    pub struct UnreadableFile {
        code: "AIMS101",
        name: "unreadable-file",
        severity: Error,
        summary: "A document file cannot be read as UTF-8 text",
    }
}

/// Raised by the engine from the loader's problem; see [`read`] and [`decode`].
impl Rule for UnreadableFile {}

/// The finding for a file that could not be read.
pub fn read(document: &Document, problem: &ReadProblem) -> Diagnostic {
    let help = match problem {
        ReadProblem::SymlinkEscape { .. } => "aims only follows links that stay inside the project",
        ReadProblem::BadFileName => "rename the file using UTF-8 characters",
        ReadProblem::NotAFile => {
            "only regular files are documents: move it out of the document folders, or exclude it in aims.yaml"
        }
        ReadProblem::Io(_) => "check the file's permissions",
    };
    UnreadableFile::META
        .at_span(document, Span::START, problem.to_string())
        .with_help(help)
}

/// The finding for a file that was read but is not UTF-8 text.
pub fn decode(document: &Document, problem: &DecodeProblem) -> Diagnostic {
    let (span, message, help) = match problem {
        DecodeProblem::Binary => (
            Span::START,
            "this is a binary file, not a Markdown document".to_owned(),
            "list binary evidence in a document's `evidence` field instead",
        ),
        DecodeProblem::Utf16 => (
            Span::START,
            "this file is UTF-16 encoded".to_owned(),
            "save it as UTF-8",
        ),
        DecodeProblem::NotUtf8 { at } => (
            Span::point(*at),
            "this file is not valid UTF-8".to_owned(),
            "save it as UTF-8; the first invalid byte is at the reported position",
        ),
        DecodeProblem::TooLarge { bytes } => (
            Span::START,
            format!(
                "this file is larger than {} MiB ({} bytes or more)",
                MAX_DOCUMENT_BYTES / (1024 * 1024),
                bytes
            ),
            "documents are prose with a header; keep large files as evidence",
        ),
    };
    UnreadableFile::META
        .at_span(document, span, message)
        .with_help(help)
}
