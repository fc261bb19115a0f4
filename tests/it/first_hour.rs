//! What a new user sees in the first hour: `aims init`, a first commit, `aims lint`. Alike
//! findings are grouped into one block, `--statistics` counts them per rule, `--quiet` shows
//! only what fails the run, and the summary names the most common rule and how to read about it.
//! `aims status` lists the most urgent documents first, filters by state, owner and kind, and
//! colours rows by urgency on terminals.

use crate::common::*;
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
    insta::with_settings!({snapshot_path => "../snapshots/first_hour", prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!(name, text);
    });
}

#[test]
fn alike_findings_are_one_block_and_the_summary_points_at_the_rule() {
    let repo = first_commit();
    let (exit, text) = lint(repo.path(), &[]);
    assert_eq!(exit, 0, "warnings do not fail the run: {text}");
    snapshot("grouped", &text);
    // Three groups (placeholder people, unapproved documents, worked examples) of at most a
    // dozen lines each, instead of 62 seven-line blocks.
    assert!(text.lines().count() < 50, "{text}");
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
            "statistics": [
                {"code": "AIMS208", "name": "placeholder-identity", "severity": "warning", "count": 31},
                {"code": "AIMS401", "name": "not-approved", "severity": "warning", "count": 23},
                {"code": "AIMS209", "name": "example-document", "severity": "warning", "count": 8},
            ],
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
    assert!(
        text.contains("warning[AIMS401]: … has never been approved (23 findings)"),
        "{text}"
    );
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

/// The demo repository (its history is scripted, so its status is fixed on the story's date).
fn demo_repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    aims(dir.path())
        .args(["demo", "d", "--no-site"])
        .assert()
        .code(0);
    dir
}

fn status(root: &Path, args: &[&str]) -> String {
    let output = aims(root)
        .args(["status", "--today", TODAY])
        .args(args)
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn ids(table: &str) -> Vec<&str> {
    table
        .lines()
        .skip(1)
        .take_while(|line| !line.is_empty())
        .filter_map(|line| line.split_whitespace().next())
        .collect()
}

#[test]
fn status_puts_the_most_urgent_first_and_filters() {
    let dir = demo_repo();
    let root = dir.path().join("d");
    let table = status(&root, &[]);
    let order = ids(&table);
    // Overdue review, then changed since approval, then reviews due soon, then the rest by id;
    // drafts and retired documents last.
    assert_eq!(
        &order[..5],
        ["POL-005", "POL-003", "POL-002", "PROC-001", "PROC-003"],
        "{table}"
    );
    assert_eq!(
        &order[order.len() - 3..],
        ["AUD-002", "PROC-015", "POL-004"],
        "{table}"
    );
    snapshot("status_urgent", &table);

    let overdue_or_changed = status(&root, &["--state", "overdue,changed"]);
    assert_eq!(ids(&overdue_or_changed), ["POL-005", "POL-003"]);
    assert!(overdue_or_changed.contains("\n2 documents: 1 approved, 1 changed since approval"));
    // A retired document's overdue review is not "overdue".
    assert!(!ids(&status(&root, &["--state", "overdue"])).contains(&"POL-004"));
    assert_eq!(
        ids(&status(
            &root,
            &[
                "--kind",
                "policy",
                "--owner",
                "OWEN.PRICE@talentwise.example"
            ]
        )),
        ["POL-005", "POL-003", "POL-004"]
    );
    assert_eq!(
        ids(&status(&root, &["--state", "draft", "--state", "retired"])),
        ["AUD-002", "PROC-015", "POL-004"]
    );
    assert_eq!(
        ids(&status(&root, &["--kind", "no-such-kind"])),
        Vec::<&str>::new()
    );
    // Filters apply to JSON too (its order is unchanged: by path).
    let json: serde_json::Value =
        serde_json::from_str(&status(&root, &["--state", "changed", "--format", "json"])).unwrap();
    assert_eq!(json["documents"].as_array().map(Vec::len), Some(1));
    assert_eq!(json["documents"][0]["id"], "POL-003");
    // A bad state is a usage error.
    let output = aims(&root)
        .args(["status", "--state", "bogus"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn status_colours_by_urgency_only_when_asked_or_on_a_terminal() {
    let dir = demo_repo();
    let root = dir.path().join("d");
    // The test's stdout is a pipe and NO_COLOR is set: plain.
    assert!(!status(&root, &[]).contains('\u{1b}'));
    let output = aims(&root)
        .args(["status", "--today", TODAY, "--color", "always"])
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    let coloured = String::from_utf8_lossy(&output.stdout);
    let line = |id: &str| {
        coloured
            .lines()
            .find(|line| line.starts_with(id))
            .unwrap_or_default()
            .to_owned()
    };
    assert!(
        line("POL-005").contains("\u{1b}[1;31moverdue"),
        "{coloured}"
    );
    assert!(
        line("POL-003").contains("\u{1b}[33mchanged since approval"),
        "{coloured}"
    );
    assert!(line("AUD-001").contains("\u{1b}[32mapproved"), "{coloured}");
    assert!(line("POL-004").contains("\u{1b}[2mretired"), "{coloured}");
    // --color never wins over everything.
    let output = aims(&root)
        .args(["status", "--today", TODAY, "--color", "never"])
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&output.stdout).contains('\u{1b}'));
}

#[test]
fn explain_renders_markdown_for_terminals_and_stays_plain_in_pipes() {
    let dir = tempfile::tempdir().unwrap();
    let plain = aims(dir.path())
        .args(["explain", "AIMS401"])
        .output()
        .unwrap();
    let plain = String::from_utf8_lossy(&plain.stdout);
    assert!(plain.contains("## What it checks"), "{plain}");
    assert!(!plain.contains('\u{1b}'), "{plain}");
    let styled = aims(dir.path())
        .args(["--color", "always", "explain", "AIMS401"])
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    let styled = String::from_utf8_lossy(&styled.stdout);
    assert!(
        styled.starts_with("\u{1b}[1mAIMS401 not-approved\u{1b}[0m"),
        "{styled}"
    );
    assert!(!styled.contains("## "), "headings are rendered: {styled}");
    assert!(styled.contains("\u{1b}[1;33mWhat\u{1b}[0m"), "{styled}");
    assert!(
        styled.contains("\u{1b}[36maims\u{1b}[0m"),
        "inline code: {styled}"
    );
    // Wrapped to the width, without the doc comments' leading space.
    for line in styled.lines() {
        assert!(!line.starts_with(' '), "{line:?}");
    }
}

#[test]
fn colour_on_auto_follows_clicolor_force_like_the_stripping_does() {
    let dir = tempfile::tempdir().unwrap();
    let styled = aims(dir.path())
        .args(["explain", "AIMS401"])
        .env_remove("NO_COLOR")
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap();
    let styled = String::from_utf8_lossy(&styled.stdout);
    assert!(
        styled.starts_with("\u{1b}[1mAIMS401 not-approved\u{1b}[0m"),
        "{styled}"
    );
}

#[test]
fn output_into_a_closed_pipe_ends_quietly() {
    let dir = tempfile::tempdir().unwrap();
    // The reading end is closed before aims starts (`aims explain | true`): its first write
    // fails with a broken pipe, which is a normal end.
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let output = std::process::Command::new(assert_cmd::cargo::cargo_bin("aims"))
        .current_dir(dir.path())
        .args(["explain", "AIMS401"])
        .stdout(writer)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

#[test]
fn an_undecodable_aims_yaml_is_named_in_words() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("aims.yaml"), b"organisation: Acme\0\x01").unwrap();
    let output = aims(dir.path()).arg("lint").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("aims.yaml: it is a binary file, not text"),
        "{stderr}"
    );
}
