//! `aims export soa|risks|systems|gap`: the registers auditors and customers ask for, as a
//! workbook (a cover sheet and the register, with frozen headers, filters and column widths),
//! CSV or Markdown, built from one commit.
//!
//! The cover names the organisation, the standard, the commit, and the date — the commit's own
//! date, never the clock, so the same commit always gives the same bytes — and every document's
//! version (its blob) with the approvals that count for it, read from git history. Register
//! columns are the documents' fields as dotted names, so an exported workbook imports back
//! (`aims import`) to the same documents; columns worked out by aims are marked `(computed)` and
//! skipped on import.
//!
//! [`model`] builds the sheets; [`xlsx`], [`csv`] and [`markdown`] render them.

pub mod csv;
pub mod markdown;
pub mod model;
pub mod xlsx;

pub use model::{Cell, Column, Cover, Export, ExportError, ExportOptions, Sheet, What, build};

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Xlsx,
    Csv,
    Markdown,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Csv => "csv",
            Format::Markdown => "md",
        }
    }
}

/// Renders an export in `format`.
pub fn render(export: &Export, format: Format) -> Result<Vec<u8>, ExportError> {
    match format {
        Format::Xlsx => xlsx::render(export),
        Format::Csv => Ok(csv::render(export).into_bytes()),
        Format::Markdown => Ok(markdown::render(export).into_bytes()),
    }
}
