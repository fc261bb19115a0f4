//! `aims status`, `aims log`, `aims approve` and `aims review` on a scripted history
//! (`tests/fixtures/history-story.sh`): every field of the JSON checked against what the script
//! did, with commit ids looked up by subject through git.

use crate::common::*;
use serde_json::Value;
use std::path::Path;

fn story() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let status = std::process::Command::new("bash")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/history-story.sh"))
        .arg(dir.path())
        .env("AIMS_BIN", assert_cmd::cargo::cargo_bin("aims"))
        .env("HOME", dir.path())
        .status()
        .unwrap();
    assert!(status.success());
    dir
}

/// The oldest commit whose subject is `subject`.
fn first_commit(root: &Path, subject: &str) -> String {
    let out = std::process::Command::new("git")
        .args(["log", "--all", "--reverse", "--format=%H%x09%s"])
        .current_dir(root)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    text.lines()
        .filter_map(|line| line.split_once('\t'))
        .find(|(_, s)| *s == subject)
        .map(|(id, _)| id.to_owned())
        .unwrap_or_else(|| panic!("subject {subject:?}"))
}

/// The full id of the (only) commit whose subject is `subject`.
fn commit(root: &Path, subject: &str) -> String {
    let out = std::process::Command::new("git")
        .args(["log", "--all", "--format=%H%x09%s"])
        .current_dir(root)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let found: Vec<&str> = text
        .lines()
        .filter_map(|line| line.split_once('\t'))
        .filter(|(_, s)| *s == subject)
        .map(|(id, _)| id)
        .collect();
    assert_eq!(found.len(), 1, "subject {subject:?}");
    found[0].to_owned()
}

fn blob(root: &Path, rev: &str, path: &str) -> String {
    let out = std::process::Command::new("git")
        .args(["rev-parse", &format!("{rev}:{path}")])
        .current_dir(root)
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

fn status_json(root: &Path) -> Value {
    let output = aims(root)
        .args(["status", "--format", "json", "--today", "2026-03-10"])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

fn document<'v>(status: &'v Value, id: &str) -> &'v Value {
    status["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == id)
        .unwrap_or_else(|| panic!("{id} missing"))
}

fn person(value: &Value, commit: &str, name: &str, email: &str, date: &str) {
    assert_eq!(value["commit"], commit, "{value}");
    assert_eq!(value["author"], name, "{value}");
    assert_eq!(value["email"], email, "{value}");
    assert_eq!(value["date"], format!("{date}T10:00:00+00:00"), "{value}");
}

#[test]
fn status_json_field_by_field() {
    let dir = story();
    let root = dir.path();
    let status = status_json(root);
    assert_eq!(status["version"], 1);
    let head = git(root, &["rev-parse", "HEAD"]);
    assert_eq!(status["head"], head.trim());
    assert_eq!(status["shallow"], false);
    assert_eq!(status["documents"].as_array().unwrap().len(), 5);

    let c1 = commit(root, "Create the AIMS documents");
    let alice = ("Alice Author", "alice@story.example");

    // POL-001: created in C1, last changed by the conflict-resolving merge M2; C1, C6, C7 and M2
    // changed it (the clean merge did not). Approved by Cleo twice: the first version, then the
    // current one in a signed, verified commit.
    let policy = document(&status, "POL-001");
    assert_eq!(policy["path"], "aims/policy.md");
    assert_eq!(policy["kind"], "policy");
    assert_eq!(policy["title"], "AI policy");
    assert_eq!(policy["owner"], "alice@story.example");
    assert_eq!(policy["state"], "approved");
    assert_eq!(policy["commits"], 4);
    person(&policy["created"], &c1, alice.0, alice.1, "2026-01-05");
    let m2 = commit(root, "Merge branch 'topic2', agreeing on paragraph 2");
    person(&policy["last_changed"], &m2, alice.0, alice.1, "2026-02-01");
    assert_eq!(policy["review"]["cycle"], "P12M");
    assert_eq!(policy["review"]["last"], "2026-03-05");
    assert_eq!(policy["review"]["due"], "2027-03-05");
    assert_eq!(policy["review"]["state"], "current");
    let approvals = policy["approvals"].as_array().unwrap();
    assert_eq!(approvals.len(), 2);
    let a1 = &approvals[0];
    assert_eq!(a1["commit"], first_commit(root, "Approve POL-001"));
    assert_eq!(a1["approver"], "Cleo Chief");
    assert_eq!(a1["email"], "cleo@story.example");
    assert_eq!(a1["date"], "2026-01-10T10:00:00+00:00");
    assert_eq!(a1["blob"], blob(root, &c1, "aims/policy.md"));
    assert_eq!(
        (
            a1["signed"].clone(),
            a1["verified"].clone(),
            a1["current"].clone()
        ),
        (Value::Bool(false), Value::Null, Value::Bool(false))
    );
    assert_eq!(a1["trust"], "unsigned");
    let a5 = &approvals[1];
    assert_eq!(a5["commit"], status["head"]);
    assert_eq!(a5["date"], "2026-03-05T10:00:00+00:00");
    assert_eq!(a5["blob"], blob(root, "HEAD", "aims/policy.md"));
    assert_eq!(a5["blob"], policy["blob"]);
    assert_eq!(
        (
            a5["signed"].clone(),
            a5["verified"].clone(),
            a5["current"].clone()
        ),
        (Value::Bool(true), Value::Bool(true), Value::Bool(true))
    );
    assert_eq!(a5["trust"], "verified");
    assert_eq!(a5["signer"], "cleo@story.example");
    assert_eq!(policy["trust"], "verified");

    // PROC-001: followed through its rename; Alice's own approval does not count, Cleo's does.
    let procedure = document(&status, "PROC-001");
    assert_eq!(procedure["path"], "aims/procedures/risk-method.md");
    assert_eq!(procedure["state"], "approved");
    assert_eq!(procedure["commits"], 3);
    person(&procedure["created"], &c1, alice.0, alice.1, "2026-01-05");
    person(
        &procedure["last_changed"],
        &commit(root, "Clarify the risk method"),
        alice.0,
        alice.1,
        "2026-01-21",
    );
    let approvals = procedure["approvals"].as_array().unwrap();
    assert_eq!(approvals.len(), 2);
    assert_eq!(approvals[0]["email"], "alice@story.example");
    assert_eq!(approvals[0]["counts"], false);
    assert_eq!(approvals[0]["problem"], "self-approval");
    assert_eq!(approvals[1]["email"], "cleo@story.example");
    assert_eq!(
        approvals[1]["commit"],
        commit(root, "Approve RISK-001, PROC-001, REC-001")
    );
    assert_eq!(approvals[1]["current"], true);
    assert_eq!(approvals[1]["counts"], true);

    // RISK-001: renamed with an edit in one commit; an outsider's approval does not count;
    // Cleo's approval is followed by an edit, so the document changed since approval.
    let risk = document(&status, "RISK-001");
    assert_eq!(risk["path"], "aims/risks/RISK-001.md");
    assert_eq!(risk["state"], "changed_since_approval");
    assert_eq!(risk["commits"], 3);
    person(
        &risk["last_changed"],
        &commit(root, "Add a mitigation"),
        alice.0,
        alice.1,
        "2026-02-10",
    );
    let approvals = risk["approvals"].as_array().unwrap();
    assert_eq!(approvals.len(), 2);
    assert_eq!(approvals[0]["email"], "dave@outside.example");
    assert_eq!(approvals[0]["problem"], "not-listed");
    assert_eq!(
        approvals[0]["why"],
        "dave@outside.example is not among the approvers in force: ceo (cleo@story.example)"
    );
    assert_eq!(approvals[1]["email"], "cleo@story.example");
    assert_eq!(
        (
            approvals[1]["counts"].clone(),
            approvals[1]["current"].clone()
        ),
        (Value::Bool(true), Value::Bool(false))
    );
    assert_eq!(risk["review"]["last"], "2026-02-05");

    // REC-001: changed on a branch merged cleanly, approved by Cleo, then reviewed by its
    // owner with no change.
    let record = document(&status, "REC-001");
    assert_eq!(record["state"], "approved");
    assert_eq!(record["commits"], 2);
    person(
        &record["last_changed"],
        &commit(root, "Record Bob's training"),
        "Bob Builder",
        "bob@story.example",
        "2026-01-20",
    );
    let reviews = record["reviews"].as_array().unwrap();
    assert_eq!(reviews.len(), 1);
    assert_eq!(reviews[0]["email"], "lee@story.example");
    assert_eq!(reviews[0]["commit"], commit(root, "Review REC-001"));
    assert_eq!(reviews[0]["current"], true);
    assert_eq!(record["review"]["last"], "2026-03-01");
    assert_eq!(record["review"]["due"], "2027-03-01");

    // Every document agrees with git on its last commit and commit count (merges excluded).
    for document in status["documents"].as_array().unwrap() {
        let path = document["path"].as_str().unwrap();
        let log = std::process::Command::new("git")
            .args([
                "log",
                "--full-history",
                "--follow",
                "-M",
                "--no-merges",
                "--format=%H",
                "--",
                path,
            ])
            .current_dir(root)
            .output()
            .unwrap();
        let ids: Vec<String> = String::from_utf8(log.stdout)
            .unwrap()
            .lines()
            .map(str::to_owned)
            .collect();
        let merges = if path == "aims/policy.md" { 1 } else { 0 };
        assert_eq!(
            document["commits"].as_u64().unwrap() as usize,
            ids.len() + merges,
            "{path}"
        );
        if merges == 0 {
            assert_eq!(
                document["last_changed"]["commit"],
                ids[0].as_str(),
                "{path}"
            );
        }
    }
}

#[test]
fn lint_reports_what_status_shows() {
    let dir = story();
    let (exit, report) = lint_json(dir.path(), &["--today", "2026-03-10"]);
    // RISK-001 changed since approval; AIS-001 and REC-001 were never approved; AIS-001 has
    // no impact assessment and, high-risk, no EU AI Act technical documentation or post-market
    // monitoring reference (indicative).
    assert_eq!(
        codes(&report),
        vec![
            "AIMS301", "AIMS307", "AIMS314", "AIMS316", "AIMS401", "AIMS402"
        ]
    );
    assert_eq!(exit, 1, "the missing SoA is an error");
    let stale: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "AIMS402")
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert_eq!(stale, vec!["aims/risks/RISK-001.md"]);
}

#[test]
fn log_lists_changes_approvals_and_reviews_newest_first() {
    let dir = story();
    let output = aims(dir.path())
        .args([
            "log",
            "RISK-001",
            "--format",
            "json",
            "--today",
            "2026-03-10",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let log: Value = serde_json::from_slice(&output.stdout).unwrap();
    let kinds: Vec<(&str, &str)> = log["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["type"].as_str().unwrap(), e["date"].as_str().unwrap()))
        .collect();
    assert_eq!(
        kinds,
        vec![
            ("change", "2026-02-10T10:00:00+00:00"),
            ("approval", "2026-02-05T10:00:00+00:00"),
            ("approval", "2026-02-03T10:00:00+00:00"),
            ("change", "2026-01-15T10:00:00+00:00"),
            ("change", "2026-01-05T10:00:00+00:00"),
        ]
    );
    let text = aims(dir.path())
        .args(["log", "aims/risks/RISK-001.md", "--today", "2026-03-10"])
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("renamed from aims/risk.md"), "{text}");
    assert!(
        text.contains(
            "does not count: dave@outside.example is not among the approvers in force: ceo (cleo@story.example)"
        ),
        "{text}"
    );
}

#[test]
fn approve_refuses_what_would_not_count_and_leaves_the_repository_alone() {
    let dir = story();
    let root = dir.path();
    let run = |args: &[&str], email: &str| {
        git(root, &["config", "user.email", email]);
        aims(root)
            .args(args)
            .env("GIT_AUTHOR_DATE", "2026-03-08T10:00:00+00:00")
            .env("GIT_COMMITTER_DATE", "2026-03-08T10:00:00+00:00")
            .output()
            .unwrap()
    };
    // Alice is an approver of PROC-001, but she may not approve her own change to it.
    std::fs::write(
        root.join("aims/procedures/risk-method.md"),
        std::fs::read_to_string(root.join("aims/procedures/risk-method.md")).unwrap()
            + "One more step.\n",
    )
    .unwrap();
    let committed = std::process::Command::new("git")
        .args([
            "-c",
            "user.name=Alice Author",
            "-c",
            "user.email=alice@story.example",
            "commit",
            "-qam",
            "Add a step",
        ])
        .current_dir(root)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_DATE", "2026-03-07T10:00:00+00:00")
        .env("GIT_COMMITTER_DATE", "2026-03-07T10:00:00+00:00")
        .status()
        .unwrap();
    assert!(committed.success());
    let head = git(root, &["rev-parse", "HEAD"]).trim().to_owned();
    let out = run(&["approve", "PROC-001"], "alice@story.example");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("changed it since its last approval"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Dave is not an approver.
    let out = run(&["approve", "RISK-001"], "dave@outside.example");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("not among the approvers in force"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Uncommitted edits and staged changes are refused.
    std::fs::write(root.join("aims/system.md"), "changed\n").unwrap();
    let out = run(&["approve", "AIS-001"], "cleo@story.example");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("uncommitted changes"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    git(root, &["checkout", "--", "aims/system.md"]);
    std::fs::write(root.join("notes.txt"), "staged\n").unwrap();
    git(root, &["add", "notes.txt"]);
    let out = run(&["approve", "AIS-001"], "cleo@story.example");
    assert!(String::from_utf8_lossy(&out.stderr).contains("staged changes"));
    git(root, &["reset", "-q", "notes.txt"]);
    let out = run(&["approve", "NOPE-1"], "cleo@story.example");
    assert!(String::from_utf8_lossy(&out.stderr).contains("no document `NOPE-1`"));
    // None of that moved HEAD.
    assert_eq!(git(root, &["rev-parse", "HEAD"]).trim(), head);
    // Cleo may approve the changed risk; afterwards it is approved.
    let out = run(&["approve", "RISK-001", "AIS-001"], "cleo@story.example");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let status = status_json(root);
    assert_eq!(document(&status, "RISK-001")["state"], "approved");
    assert_eq!(document(&status, "AIS-001")["state"], "approved");
}

#[test]
fn status_at_a_past_commit_and_in_edge_cases() {
    let dir = story();
    let root = dir.path();
    let output = aims(root)
        .args([
            "status",
            "--format",
            "json",
            "--today",
            "2026-03-10",
            "--at",
            "HEAD~10",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let past: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        document(&past, "POL-001")["state"],
        "approved",
        "A1 approved the first version"
    );
    assert_eq!(
        document(&past, "PROC-001")["path"],
        "aims/procedures/risk-method.md"
    );
    // A bad revision, an unborn branch and a repository without commits.
    let bad = aims(root)
        .args(["status", "--at", "no-such-tag"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("does not name a commit"));
    let empty = tempfile::tempdir().unwrap();
    std::fs::write(empty.path().join("aims.yaml"), "documents: [\"*.md\"]\n").unwrap();
    git(empty.path(), &["init", "-q"]);
    let output = aims(empty.path())
        .args(["status", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let value: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(value["head"], Value::Null);
    let not_git = tempfile::tempdir().unwrap();
    std::fs::write(not_git.path().join("aims.yaml"), "documents: [\"*.md\"]\n").unwrap();
    let output = aims(not_git.path()).args(["status"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("not inside a git repository"));
    // Detached HEAD works like any commit.
    git(root, &["checkout", "-q", "--detach", "HEAD~1"]);
    assert_eq!(
        aims(root)
            .args(["status", "--today", "2026-03-10"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn cache_gives_the_same_answer() {
    let dir = story();
    let root = dir.path();
    let cold = aims(root)
        .args([
            "status",
            "--format",
            "json",
            "--today",
            "2026-03-10",
            "--no-cache",
        ])
        .output()
        .unwrap();
    let first = aims(root)
        .args(["status", "--format", "json", "--today", "2026-03-10"])
        .output()
        .unwrap();
    assert!(root.join(".git/aims/history.bin").exists());
    let warm = aims(root)
        .args(["status", "--format", "json", "--today", "2026-03-10"])
        .output()
        .unwrap();
    assert_eq!(cold.stdout, first.stdout);
    assert_eq!(cold.stdout, warm.stdout);
    // A new commit reuses the cached records and walks only what is new.
    git(root, &["commit", "-q", "--allow-empty", "-m", "Nothing"]);
    let after = aims(root)
        .args(["status", "--format", "json", "--today", "2026-03-10"])
        .output()
        .unwrap();
    let fresh = aims(root)
        .args([
            "status",
            "--format",
            "json",
            "--today",
            "2026-03-10",
            "--no-cache",
        ])
        .output()
        .unwrap();
    assert_eq!(after.stdout, fresh.stdout);
}

#[test]
fn opt_in_approval_sources() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let run = |args: &[&str], name: &str, email: &str, date: &str| {
        let status = std::process::Command::new("git")
            .args([
                "-c",
                &format!("user.name={name}"),
                "-c",
                &format!("user.email={email}"),
            ])
            .args(args)
            .current_dir(root)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_AUTHOR_DATE", format!("{date}T10:00:00+00:00"))
            .env("GIT_COMMITTER_DATE", format!("{date}T10:00:00+00:00"))
            .status()
            .unwrap();
        assert!(status.success(), "git {args:?}");
    };
    let config = "documents: [\"aims/*.md\"]\nroles:\n  ceo: [cleo@opt.example]\ndefaults:\n  approvers: [ceo]\n";
    std::fs::create_dir_all(root.join("aims")).unwrap();
    std::fs::write(root.join("aims.yaml"), config).unwrap();
    let doc = |id: &str, extra: &str| {
        format!(
            "---\nid: {id}\nkind: procedure\ntitle: {id}\nowner: alice@opt.example\nstatus: active\n---\n{extra}\n"
        )
    };
    std::fs::write(root.join("aims/a.md"), doc("PROC-001", "first")).unwrap();
    std::fs::write(root.join("aims/b.md"), doc("PROC-002", "first")).unwrap();
    run(&["init", "-q", "-b", "main"], "A", "a@x", "2026-01-01");
    run(&["add", "-A"], "A", "a@x", "2026-01-01");
    run(
        &["commit", "-qm", "Create"],
        "Alice",
        "alice@opt.example",
        "2026-01-01",
    );
    // An Approved-by trailer on the commit that changes PROC-001.
    std::fs::write(root.join("aims/a.md"), doc("PROC-001", "second")).unwrap();
    run(
        &[
            "commit",
            "-qam",
            "Edit PROC-001",
            "-m",
            "Approved-by: Cleo Chief <cleo@opt.example>",
        ],
        "Alice",
        "alice@opt.example",
        "2026-01-02",
    );
    // A pull request for PROC-002, merged by the CEO.
    run(&["checkout", "-qb", "change"], "A", "a@x", "2026-01-03");
    std::fs::write(root.join("aims/b.md"), doc("PROC-002", "second")).unwrap();
    run(
        &["commit", "-qam", "Edit PROC-002"],
        "Alice",
        "alice@opt.example",
        "2026-01-03",
    );
    run(&["checkout", "-q", "main"], "A", "a@x", "2026-01-04");
    run(
        &[
            "merge",
            "-q",
            "--no-ff",
            "-m",
            "Merge pull request #1",
            "change",
        ],
        "Cleo Chief",
        "cleo@opt.example",
        "2026-01-04",
    );

    let state = |id: &str| -> (String, String) {
        let output = aims(root)
            .args(["status", "--format", "json", "--today", "2026-03-01"])
            .output()
            .unwrap();
        let value: Value = serde_json::from_slice(&output.stdout).unwrap();
        let doc = document(&value, id);
        let source = doc["approvals"]
            .as_array()
            .unwrap()
            .last()
            .map(|a| a["source"].as_str().unwrap().to_owned())
            .unwrap_or_default();
        (doc["state"].as_str().unwrap().to_owned(), source)
    };
    // Off by default: anyone can type a trailer, and merging is not reviewing.
    assert_eq!(state("PROC-001").0, "never_approved");
    assert_eq!(state("PROC-002").0, "never_approved");
    // Turning them on is a change to how approvals are recognised: it takes effect once a
    // config approver (the CEO) approves it, not when it is written or committed.
    std::fs::write(
        root.join("aims.yaml"),
        format!("{config}approval:\n  approved_by_trailer: true\n  merge_commits: true\n"),
    )
    .unwrap();
    assert_eq!(state("PROC-001").0, "never_approved");
    run(
        &["commit", "-qam", "Recognise trailers and merges"],
        "Alice",
        "alice@opt.example",
        "2026-01-05",
    );
    assert_eq!(state("PROC-001").0, "never_approved");
    git(root, &["config", "user.name", "Cleo Chief"]);
    git(root, &["config", "user.email", "cleo@opt.example"]);
    let approve = aims(root)
        .args(["approve", "aims.yaml", "--today", "2026-01-06"])
        .env("GIT_AUTHOR_DATE", "2026-01-06T10:00:00+00:00")
        .env("GIT_COMMITTER_DATE", "2026-01-06T10:00:00+00:00")
        .output()
        .unwrap();
    assert_eq!(
        approve.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&approve.stderr)
    );
    assert_eq!(
        state("PROC-001"),
        ("approved".to_owned(), "approved-by-trailer".to_owned())
    );
    assert_eq!(
        state("PROC-002"),
        ("approved".to_owned(), "merge-commit".to_owned())
    );
}
