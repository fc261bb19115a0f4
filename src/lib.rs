//! `aims`: lint, trace and publish an ISO/IEC 42001 AI management system kept as Markdown files
//! with YAML frontmatter in a git repository.
//!
//! The library follows the pipeline: [`load`] documents from a source, [`check`] them against
//! schemas and rules, derive facts from [`git`] history, and render findings with [`report`].
//! It returns data and never prints; the `aims` binary renders.

pub mod catalog;
pub mod check;
pub mod config;
pub mod dates;
pub mod demo;
pub mod diagnostic;
pub mod docs;
pub mod embedded;
pub mod export;
pub mod gap;
pub mod git;
pub mod history;
pub mod import;
pub mod init;
pub mod lint;
pub mod load;
pub mod report;
pub mod site;
pub mod text;
