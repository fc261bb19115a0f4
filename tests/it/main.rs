//! The integration tests, as one binary (one link of the library and gix instead of one per
//! file): each module below was once its own `tests/NAME.rs`. Run one file's tests with
//! `cargo test --test it NAME::` (e.g. `cargo test --test it report_formats::`).
//!
//! The rule cases (`tests/cases/CODE/`) are a separate binary, `tests/rule_cases.rs`, with one
//! test per case; the slow tests that build aims again (the wheel, `cargo install`) are
//! `tests/slow.rs`, opted into with `AIMS_SLOW_TESTS=1`.
//!
//! A test that cannot run on this machine (a missing browser or CI tool) is `#[ignore]`d with the
//! reason, so `cargo test` reports it as ignored, never as passed; `cargo test -- --include-ignored`
//! (what `.ci/run` does, after installing the tools) runs it, and it fails if what it needs is
//! missing.

#[path = "../common/mod.rs"]
mod common;

mod action;
mod aims_diff;
mod approval_trust;
mod browser;
mod change_impact;
mod demo;
mod diffs;
mod example;
mod export;
mod first_hour;
mod gap;
mod generated_docs;
mod hardening;
mod history_truth;
mod history_vs_git;
mod hostile;
mod import;
mod init;
mod inventory_coverage;
mod kpi_evidence;
mod layers;
mod one_document_set;
mod packaging;
mod packs;
mod pr_mode;
mod precommit;
mod report_formats;
mod review_pack;
mod risk_acceptance;
mod search_binder;
mod site;
mod status;
