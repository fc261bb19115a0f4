//! `aims`: lint, trace and publish an ISO/IEC 42001 AI management system kept as Markdown files
//! with YAML frontmatter in a git repository.
//!
//! The modules are one-way layers, each using only those listed before it (enforced by
//! `tests/it/layers.rs`; `scripts/module-graph` prints the graph):
//!
//! 1. Leaves: [`diagnostic`] (findings and positions), [`dates`], [`text`], [`glob`],
//!    [`atomic`] (file writes), [`embedded`] (the bundled files); then [`decode`] (bytes to
//!    text) and [`yaml`] (YAML with positions).
//! 2. [`catalog`]: what ISO/IEC 42001 and the document kinds are; [`schema`]: JSON Schema
//!    validation with explained findings; [`config`]: aims.yaml.
//! 3. [`git`] (thin gix helpers), then [`load`]: the documents of a work tree, index or commit.
//! 4. [`history`]: what git says happened to each document, and the one assessment of what its
//!    approvals are worth.
//! 5. [`check`]: schemas and the rules, over documents and history; [`lint`]: one run of
//!    load → history → check, the result every front end reads.
//! 6. Front ends over a lint run: [`gap`], [`report`] (renderers), [`site`], [`import`] and
//!    [`export`]; beside them [`init`], [`demo`], [`docs`] and [`review_pack`] (the
//!    management-review input pack).
//!
//! The library returns data and never prints; the `aims` binary (`src/cli`) renders.

pub mod atomic;
pub mod catalog;
pub mod check;
pub mod config;
pub mod dates;
pub mod decode;
pub mod demo;
pub mod diagnostic;
pub mod docs;
pub mod embedded;
pub mod export;
pub mod gap;
pub mod git;
pub mod glob;
pub mod history;
pub mod import;
pub mod init;
pub mod lint;
pub mod load;
pub mod report;
pub mod review_pack;
pub mod schema;
pub mod site;
pub mod text;
pub mod yaml;
