//! What a new user sees in the first hour: `aims init`, a first commit, `aims lint`. Alike
//! findings are grouped into one block, `--statistics` counts them per rule, `--quiet` shows
//! only what fails the run, and the summary names the most common rule and how to read about it.

mod common;

use common::*;
use std::path::Path;

/// A starter AIMS from `aims init`, committed once: every document is active and unapproved.
fn first_commit() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    git(root, &["init", "-q", "-b", "main"]);
    aims(root)
        .args(["init", "--org", "Acme Ltd", "--today", TODAY])
        .assert()
        .code(0);
    std::fs::write(root.join(".gitignore"), ".test-home/\n").unwrap();
    git(root, &["add", "-A"]);
    git_at(
        root,
        &["commit", "-qm", "Start the AIMS"],
        "2026-11-20T10:00:00+00:00",
    );
    dir
}

fn lint(root: &Path, args: &[&str]) -> (i32, String) {
    let output = aims(root)
        .args(["lint", "--today", TODAY])
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

fn snapshot(name: &str, text: &str) {
    insta::with_settings!({snapshot_path => "snapshots/first_hour", prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!(name, text);
    });
}

#[test]
fn alike_findings_are_one_block_and_the_summary_points_at_the_rule() {
    let repo = first_commit();
    let (exit, text) = lint(repo.path(), &[]);
    assert_eq!(exit, 0, "warnings do not fail the run: {text}");
    snapshot("grouped", &text);
    assert!(text.lines().count() < 20, "{text}");
    // Every finding in full on request: the same findings, one block each.
    let (_, full) = lint(repo.path(), &["--no-group"]);
    assert_eq!(full.matches("warning[AIMS401]").count(), 23, "{full}");
    assert!(full.lines().count() > 150);
    assert_eq!(
        text.lines().last(),
        full.lines().last(),
        "the same summary either way"
    );
}

#[test]
fn statistics_count_findings_per_rule() {
    let repo = first_commit();
    let (exit, text) = lint(repo.path(), &["--statistics"]);
    assert_eq!(exit, 0);
    snapshot("statistics", &text);
    let (exit, json) = lint(repo.path(), &["--statistics", "--format", "json"]);
    assert_eq!(exit, 0);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        value,
        serde_json::json!({
            "version": 1,
            "statistics": [{"code": "AIMS401", "name": "not-approved", "severity": "warning", "count": 23}],
        })
    );
    // The exit code still follows --fail-on.
    let (exit, _) = lint(repo.path(), &["--statistics", "--fail-on", "warning"]);
    assert_eq!(exit, 1);
    let output = aims(repo.path())
        .args(["lint", "--statistics", "--format", "sarif"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--statistics works with"));
}

#[test]
fn quiet_shows_only_what_fails_the_run() {
    let repo = first_commit();
    // Warnings only, failing on errors: nothing at all.
    let (exit, text) = lint(repo.path(), &["--quiet"]);
    assert_eq!((exit, text.as_str()), (0, ""));
    // Failing on warnings: the warnings, and the summary.
    let (exit, text) = lint(repo.path(), &["-q", "--fail-on", "warning"]);
    assert_eq!(exit, 1);
    assert!(text.starts_with("warning[AIMS401]: … has never been approved (23 findings)"));
    // An error among warnings: only the error is shown; the summary counts everything.
    std::fs::write(
        repo.path().join("aims/records/bad.md"),
        "---\nid: REC-099\nkind: record\ntitle: Bad\nowner: not-an-email\nstatus: active\n---\n",
    )
    .unwrap();
    let (exit, text) = lint(repo.path(), &["--quiet", "--no-history"]);
    assert_eq!(exit, 1);
    assert!(text.starts_with("error[AIMS108]"), "{text}");
    assert!(!text.contains("warning["), "{text}");
    assert!(text.contains("aims: 1 error"), "{text}");
    // Machine formats are never silenced.
    let (_, json) = lint(repo.path(), &["--quiet", "--format", "json"]);
    assert!(json.starts_with('{'), "{json}");
}
