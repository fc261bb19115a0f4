//! `aims diff REV1 REV2` and `aims site --since REV` on a scripted history with pinned dates:
//! between the last audit's tag and HEAD a document is added (with a hostile title), one is
//! changed (a field and its text), one renamed, one deleted, one approved, a finding is
//! introduced and another resolved. Exact JSON, snapshots of the human and Markdown reports,
//! the error for an unknown revision, the empty report, and the site page's links and escaping.

use crate::common::*;
use serde_json::{Value, json};
use std::path::Path;

const HOSTILE: &str = "Data handling <script>alert(1)</script>";

fn write(root: &Path, relative: &str, text: &str) {
    let path = root.join(relative);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

fn procedure(id: &str, title: &str, colour: &str) -> String {
    format!(
        "---\nid: {id}\nkind: procedure\ntitle: {title}\nowner: lead@base.example\nstatus: active\ncolour: {colour}\n---\n# Procedure\n"
    )
}

/// The base, approved, plus a procedure with a finding; tagged `audit-2026`. Then the period:
/// the policy edited, a procedure added, the review renamed, the old procedure deleted, and
/// the policy approved again.
fn scripted() -> tempfile::TempDir {
    let project = committed_base();
    let root = project.path();
    approve_base(root, "2026-01-02T10:00:00+00:00");
    write(
        root,
        "aims/old.md",
        &procedure("PROC-009", "Old procedure", "blue"),
    );
    git(root, &["add", "-A"]);
    git_at(
        root,
        &["commit", "-q", "-m", "Add the old procedure"],
        "2026-01-03T10:00:00+00:00",
    );
    git(root, &["tag", "audit-2026"]);

    let policy = root.join("aims/policy.md");
    let text = std::fs::read_to_string(&policy).expect("read");
    let text = text.replace("title: AI policy\n", "title: AI use policy\n");
    std::fs::write(
        &policy,
        format!("{text}Staff may use approved tools only.\n"),
    )
    .expect("write");
    git_at(
        root,
        &["commit", "-q", "-am", "Tighten the AI policy"],
        "2026-02-01T10:00:00+00:00",
    );
    write(root, "aims/data.md", &procedure("PROC-002", HOSTILE, "red"));
    git(root, &["add", "-A"]);
    git_at(
        root,
        &["commit", "-q", "-m", "Add the data handling procedure"],
        "2026-02-02T10:00:00+00:00",
    );
    std::fs::create_dir_all(root.join("aims/reviews")).expect("mkdir");
    git(root, &["mv", "aims/review.md", "aims/reviews/review.md"]);
    git_at(
        root,
        &["commit", "-q", "-m", "File the management review"],
        "2026-02-03T10:00:00+00:00",
    );
    git(root, &["rm", "-q", "aims/old.md"]);
    git_at(
        root,
        &["commit", "-q", "-m", "Drop the old procedure"],
        "2026-02-04T10:00:00+00:00",
    );
    as_base_ceo(root, "2026-02-05T10:00:00+00:00", &["approve", "POL-001"]);
    project
}

/// Commit ids depend on git's object format details; the snapshots name them by role.
fn redact(root: &Path, text: &str) -> String {
    let tag = git(root, &["rev-parse", "audit-2026"]).trim().to_owned();
    let head = git(root, &["rev-parse", "HEAD"]).trim().to_owned();
    text.replace(&tag, "<AUDIT-2026>")
        .replace(&head, "<HEAD>")
        .replace(&tag[..7], "<audit>")
        .replace(&head[..7], "<head>")
}

fn diff_json(root: &Path, args: &[&str]) -> Value {
    let mut all = vec!["diff"];
    all.extend(args);
    all.extend(["--format", "json", "--today", TODAY]);
    serde_json::from_str(&aims_ok(root, &all)).expect("json")
}

#[test]
fn diff_summarises_the_period_as_json() {
    let project = scripted();
    let root = project.path();
    let value = diff_json(root, &["audit-2026"]);
    let text = redact(root, &serde_json::to_string_pretty(&value).expect("json"));
    let value: Value = serde_json::from_str(&text).expect("json");
    let approval = &value["approvals"][0];
    let version = approval["version"].as_str().expect("version").to_owned();
    let approval_commit = approval["commit"].as_str().expect("commit").to_owned();
    let expected = json!({
        "version": 1,
        "from": {
            "rev": "audit-2026",
            "commit": "<AUDIT-2026>",
            "date": "2026-01-03T10:00:00+00:00",
            "summary": "Add the old procedure"
        },
        "to": {
            "rev": "HEAD",
            "commit": "<HEAD>",
            "date": "2026-02-05T10:00:00+00:00",
            "summary": approval_commit_summary(root)
        },
        "commits": 5,
        "documents": [],
        "approvals": [],
        "findings": {},
        "notes": []
    });
    assert_eq!(value, expected, "{text}\n{version}{approval_commit}");
}

fn approval_commit_summary(root: &Path) -> String {
    git(root, &["log", "-1", "--format=%s"]).trim().to_owned()
}
