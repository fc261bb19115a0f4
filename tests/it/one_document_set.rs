//! Every command agrees on what is a document: a matched file without frontmatter, without an
//! id, or unreadable is counted the same way by `aims lint`, `aims status` (table and JSON)
//! and the site, never silently dropped. Plus: a look at the past (`--at`) keeps the history
//! cache warm for HEAD, and small things a first user meets.

use crate::common::*;
use serde_json::Value;

fn repository_with_stray_files() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    copy_dir(&cases_dir().join("base"), root);
    std::fs::write(
        root.join("aims/README.md"),
        "# Notes for editors\n\nNot a document.\n",
    )
    .expect("write");
    std::fs::write(root.join("aims/todo.md"), "- finish the risk register\n").expect("write");
    std::fs::write(
        root.join("aims/no-id.md"),
        "---\nkind: record\ntitle: Forgot the id\nowner: lead@base.example\nstatus: active\n---\n# x\n",
    )
    .expect("write");
    git(root, &["init", "-q", "-b", "main"]);
    std::fs::write(root.join(".gitignore"), ".test-home/\n_site/\n").expect("write");
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "Create the AIMS"]);
    dir
}

#[test]
fn lint_status_and_site_count_the_same_untracked_files() {
    let dir = repository_with_stray_files();
    let root = dir.path();
    let (_, lint) = lint_json(root, &[]);
    assert_eq!(lint["summary"]["not_documents"], 3, "{lint:#}");
    let human = aims(root)
        .args(["lint", "--today", TODAY])
        .output()
        .expect("runs");
    let human = String::from_utf8_lossy(&human.stdout);
    assert!(
        human.contains("in 14 documents (3 not tracked as documents)"),
        "{human}"
    );

    let status = aims(root)
        .args(["status", "--format", "json", "--today", TODAY])
        .output()
        .expect("runs");
    assert_eq!(status.status.code(), Some(0), "status keeps its exit code");
    let status: Value = serde_json::from_slice(&status.stdout).expect("json");
    let untracked = status["not_documents"].as_array().expect("not_documents");
    let pairs: Vec<(&str, &str)> = untracked
        .iter()
        .map(|item| {
            (
                item["path"].as_str().unwrap(),
                item["reason"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        pairs,
        [
            ("aims/README.md", "no_frontmatter"),
            ("aims/no-id.md", "no_id"),
            ("aims/todo.md", "no_frontmatter"),
        ]
    );
    let table = aims(root)
        .args(["status", "--today", TODAY])
        .output()
        .expect("runs");
    let table = String::from_utf8_lossy(&table.stdout);
    assert!(
        table.contains(
            "not tracked: 3 files matched by `documents` in aims.yaml are not documents (2 without frontmatter, 1 without an `id`)"
        ),
        "{table}"
    );

    let site = aims(root)
        .args(["site", "--today", TODAY])
        .output()
        .expect("runs");
    assert_eq!(site.status.code(), Some(0));
    let findings = std::fs::read_to_string(root.join("_site/findings.html")).expect("page");
    assert!(
        findings.contains("3 files matched by <code>documents</code> in aims.yaml are not documents (2 without frontmatter, 1 without an `id`)"),
        "{findings}"
    );
    for path in ["aims/README.md", "aims/no-id.md", "aims/todo.md"] {
        assert!(findings.contains(path), "{path}");
    }
    let site_status: Value = serde_json::from_slice(
        &std::fs::read(root.join("_site/status.json")).expect("status.json"),
    )
    .expect("json");
    assert_eq!(
        site_status["not_documents"].as_array().map(Vec::len),
        Some(3)
    );
}

#[test]
fn a_look_at_the_past_keeps_the_cache_warm_for_head() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    copy_dir(&cases_dir().join("base"), root);
    git(root, &["init", "-q", "-b", "main"]);
    std::fs::write(root.join(".gitignore"), ".test-home/\n").expect("write");
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "Create the AIMS"]);
    for n in 0..5 {
        let path = root.join("aims/policy.md");
        let text = std::fs::read_to_string(&path).expect("read") + &format!("Edit {n}.\n");
        std::fs::write(&path, text).expect("write");
        git(root, &["commit", "-qam", &format!("Edit {n}")]);
    }
    let status = |extra: &[&str]| {
        let output = aims(root)
            .args(["status", "--format", "json", "--today", TODAY])
            .args(extra)
            .output()
            .expect("runs");
        assert_eq!(output.status.code(), Some(0));
        output.stdout
    };
    let cache = || {
        aims::history::cache::binary::decode(
            &std::fs::read(root.join(".git/aims/history.bin")).expect("cache"),
        )
        .expect("a cache file")
    };
    let now = status(&[]);
    let head = git(root, &["rev-parse", "HEAD"]).trim().to_owned();
    assert_eq!(cache().head, head);
    assert_eq!(cache().records.len(), 6);
    assert!(cache().timelines.is_some(), "HEAD's timelines are kept");
    let past = status(&["--at", "HEAD~3"]);
    assert_ne!(now, past);
    assert_eq!(cache().head, head, "the cache still serves HEAD");
    assert_eq!(cache().records.len(), 6);
    assert!(cache().timelines.is_some(), "and its timelines");
    assert_eq!(status(&[]), now);
}

#[test]
fn small_things_a_first_user_meets() {
    let dir = tempfile::tempdir().expect("tempdir");
    let output = aims(dir.path())
        .args(["-C", "/nonexistent/folder", "status"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("/nonexistent/folder is not a folder"),
        "{stderr}"
    );
    assert!(!stderr.contains("aims.yaml"), "{stderr}");
    let output = aims(dir.path())
        .args(["explain", "AIMS201"])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("\n## What it checks\nTwo or more documents"),
        "{text}"
    );
    assert!(!text.lines().any(|line| line.starts_with(' ')), "{text}");
}
