//! Hardening found while attacking approvals: concurrent site builds, evidence that could run in
//! a browser or collide, FIFOs, CRLF checkouts, hidden trailers, submodules, symlinked evidence
//! folders, hook backups, symlinked output folders; and one source of approval truth for
//! `aims status`, `aims lint` and `aims site` on the demo.

use crate::common::*;
use serde_json::Value;
use std::path::Path;

fn base_repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    copy_dir(&cases_dir().join("base"), root);
    git(root, &["init", "-q", "-b", "main"]);
    std::fs::write(root.join(".gitignore"), ".test-home/\n_site/\n").expect("write");
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "Create the AIMS"]);
    dir
}

fn approve_as_ceo(root: &Path, args: &[&str]) -> std::process::Output {
    git(root, &["config", "user.name", "Cleo CEO"]);
    git(root, &["config", "user.email", "ceo@base.example"]);
    aims(root)
        .arg("approve")
        .args(args)
        .env("GIT_AUTHOR_DATE", "2026-02-01T10:00:00+00:00")
        .env("GIT_COMMITTER_DATE", "2026-02-01T10:00:00+00:00")
        .output()
        .expect("runs")
}

fn state(root: &Path, id: &str) -> Value {
    let output = aims(root)
        .args(["status", "--format", "json", "--today", TODAY])
        .output()
        .expect("runs");
    let status: Value = serde_json::from_slice(&output.stdout).expect("json");
    status["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .find(|document| document["id"] == id)
        .map(|document| document["state"].clone())
        .unwrap_or(Value::Null)
}

#[test]
fn two_site_builds_into_one_folder_do_not_corrupt_each_other() {
    let dir = base_repository();
    let root = dir.path();
    let binary = assert_cmd::cargo::cargo_bin("aims");
    let spawn = || {
        std::process::Command::new(&binary)
            .args(["site", "--today", TODAY, "--out", "shared-site"])
            .current_dir(root)
            .env("HOME", root.join(".test-home"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawns")
    };
    let builds: Vec<_> = (0..3).map(|_| spawn()).collect();
    for build in builds {
        let output = build.wait_with_output().expect("waits");
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let site = root.join("shared-site");
    assert!(site.join("index.html").is_file());
    assert!(site.join("documents/POL-001.html").is_file());
    assert!(site.join("status.json").is_file());
    let leftovers: Vec<String> = std::fs::read_dir(root)
        .expect("read")
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("aims-building") || name.contains("old-site"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn evidence_is_copied_only_as_inert_files_with_distinct_names() {
    let dir = base_repository();
    let root = dir.path();
    let evidence = root.join("evidence/hostile");
    std::fs::create_dir_all(&evidence).expect("mkdir");
    let page = "<html><script>alert(1)</script></html>";
    for name in [
        "page.xht",
        "page.xhtm",
        "page.shtm",
        "noextension",
        "Report.pdf",
    ] {
        std::fs::write(evidence.join(name), page).expect("write");
    }
    std::fs::write(evidence.join("report.pdf"), "%PDF-1.4 second").expect("write");
    std::fs::write(evidence.join("page.xht.txt"), "a real text file").expect("write");
    let record = std::fs::read_to_string(root.join("aims/policy.md")).expect("read");
    std::fs::write(
        root.join("aims/policy.md"),
        record.replacen(
            "status: active\n",
            "status: active\nevidence: [evidence/hostile]\n",
            1,
        ),
    )
    .expect("write");
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "Hostile evidence"]);
    let output = aims(root)
        .args(["site", "--today", TODAY])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    let copied = root.join("_site/files/evidence/hostile");
    let mut names: Vec<String> = std::fs::read_dir(&copied)
        .expect("copied")
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "Report.pdf",
            "index.html",
            "noextension.txt",
            "page.shtm.txt",
            "page.xht.txt",
            "page.xhtm.txt",
            "page.xht~2.txt",
            "report~2.pdf",
        ]
    );
    // Every copy keeps its own content: no name was shared.
    assert_eq!(
        std::fs::read_to_string(copied.join("report~2.pdf")).expect("read"),
        "%PDF-1.4 second"
    );
    assert_eq!(
        std::fs::read_to_string(copied.join("page.xht.txt")).expect("read"),
        "a real text file"
    );
    // The folder page links each file under its own name.
    let index = std::fs::read_to_string(copied.join("index.html")).expect("read");
    assert!(index.contains("page.xht~2.txt"), "{index}");
    assert!(
        std::fs::read_to_string(copied.join("page.xht~2.txt"))
            .expect("read")
            .contains("<script>"),
        "the hostile page is there, as text"
    );
    assert!(index.contains("report~2.pdf"), "{index}");
}

#[cfg(unix)]
#[test]
fn a_fifo_among_the_documents_is_reported_never_read() {
    let dir = base_repository();
    let root = dir.path();
    let status = std::process::Command::new("mkfifo")
        .arg(root.join("aims/pipe.md"))
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
    let (tx, rx) = std::sync::mpsc::channel();
    let root_path = root.to_path_buf();
    std::thread::spawn(move || {
        let _ = tx.send(lint_json(&root_path, &["--no-history"]));
    });
    let (exit, report) = rx
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("lint finishes instead of waiting on the FIFO");
    assert_eq!(exit, 1);
    let finding = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["path"] == "aims/pipe.md")
        .expect("the FIFO is reported");
    assert_eq!(finding["code"], "AIMS101");
    assert!(
        finding["message"]
            .as_str()
            .unwrap()
            .contains("not a regular file"),
        "{finding}"
    );
}

#[test]
fn a_crlf_checkout_can_approve_and_review() {
    let dir = base_repository();
    let root = dir.path();
    git(root, &["config", "core.autocrlf", "true"]);
    // Check the documents out again, now with CRLF line endings.
    std::fs::remove_dir_all(root.join("aims")).expect("remove");
    git(root, &["checkout", "--", "aims"]);
    let text = std::fs::read(root.join("aims/policy.md")).expect("read");
    assert!(text.windows(2).any(|pair| pair == b"\r\n"), "CRLF checkout");
    let output = approve_as_ceo(root, &["POL-001"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(state(root, "POL-001"), "approved");
    git(root, &["config", "user.email", "lead@base.example"]);
    let output = aims(root)
        .args(["review", "POL-001"])
        .env("GIT_AUTHOR_DATE", "2026-02-02T10:00:00+00:00")
        .env("GIT_COMMITTER_DATE", "2026-02-02T10:00:00+00:00")
        .output()
        .expect("runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn an_approval_hidden_after_a_nul_byte_does_not_count() {
    let dir = base_repository();
    let root = dir.path();
    let blob = git(root, &["rev-parse", "HEAD:aims/policy.md"]);
    let tree = git(root, &["rev-parse", "HEAD^{tree}"]);
    let parent = git(root, &["rev-parse", "HEAD"]);
    let mut object = format!(
        "tree {}\nparent {}\nauthor Cleo CEO <ceo@base.example> 1769940000 +0000\ncommitter Cleo CEO <ceo@base.example> 1769940000 +0000\n\nRoutine update\n\nNothing to see.\n",
        tree.trim(),
        parent.trim()
    )
    .into_bytes();
    object.push(0);
    object.extend_from_slice(format!("\nApproves: POL-001 <{}>\n", blob.trim()).as_bytes());
    let path = root.join(".test-home/commit");
    std::fs::create_dir_all(root.join(".test-home")).expect("mkdir");
    std::fs::write(&path, object).expect("write");
    let id = git(
        root,
        &[
            "hash-object",
            "-t",
            "commit",
            "-w",
            "--literally",
            path.to_str().expect("utf-8"),
        ],
    );
    git(root, &["update-ref", "refs/heads/main", id.trim()]);
    // git log shows no trailer; neither does aims.
    let shown = git(root, &["log", "-1", "--format=%B"]);
    assert!(!shown.contains("Approves"), "{shown}");
    assert_eq!(state(root, "POL-001"), "never_approved");
    // The same trailer where git shows it counts (the fixture is otherwise sound).
    let output = approve_as_ceo(root, &["POL-001"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(state(root, "POL-001"), "approved");
}

#[test]
fn a_submodule_is_treated_alike_by_lint_status_and_site() {
    let outer = base_repository();
    let root = outer.path();
    // A separate repository holding a document, added as a submodule inside the roots.
    let inner = tempfile::tempdir().expect("tempdir");
    git(inner.path(), &["init", "-q", "-b", "main"]);
    std::fs::write(
        inner.path().join("vendor-policy.md"),
        "---\nid: POL-900\nkind: policy\ntitle: Vendor\nowner: v@vendor.example\nstatus: active\npolicy_type: topic\n---\n# Vendor\n",
    )
    .expect("write");
    git(inner.path(), &["add", "-A"]);
    git(inner.path(), &["commit", "-q", "-m", "Vendor policy"]);
    git(
        root,
        &[
            "-c",
            "protocol.file.allow=always",
            "submodule",
            "add",
            "-q",
            inner.path().to_str().expect("utf-8"),
            "aims/vendor",
        ],
    );
    git(root, &["commit", "-q", "-m", "Add the vendor's repository"]);
    assert!(root.join("aims/vendor/vendor-policy.md").is_file());
    let (_, report) = lint_json(root, &[]);
    assert_eq!(report["summary"]["files"], 11, "{report:#}");
    assert!(
        !report.to_string().contains("POL-900"),
        "lint does not load the submodule's documents"
    );
    assert_eq!(state(root, "POL-900"), Value::Null);
    let output = aims(root)
        .args(["site", "--today", TODAY])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    assert!(!root.join("_site/documents/POL-900.html").exists());
}

#[cfg(unix)]
#[test]
fn evidence_through_a_linked_folder_reveals_nothing_outside() {
    let dir = base_repository();
    let root = dir.path();
    let outside = tempfile::tempdir().expect("tempdir");
    std::fs::write(outside.path().join("exists.pdf"), "secret").expect("write");
    std::os::unix::fs::symlink(outside.path(), root.join("evidence/linked")).expect("link");
    let record = std::fs::read_to_string(root.join("aims/policy.md")).expect("read");
    std::fs::write(
        root.join("aims/policy.md"),
        record.replacen(
            "status: active\n",
            "status: active\nevidence: [evidence/linked/exists.pdf, evidence/linked/missing.pdf]\n",
            1,
        ),
    )
    .expect("write");
    let (_, report) = lint_json(root, &["--no-history"]);
    let findings: Vec<(String, String)> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["path"] == "aims/policy.md")
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_owned(),
                d["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(findings.len(), 2, "{findings:?}");
    for (code, _) in &findings {
        assert_eq!(code, "AIMS503", "{findings:?}");
    }
    // Both messages have the same shape: nothing says which file exists.
    let shape = |message: &str| {
        message
            .replace("exists.pdf", "X")
            .replace("missing.pdf", "X")
    };
    assert_eq!(shape(&findings[0].1), shape(&findings[1].1), "{findings:?}");
}

#[test]
fn hook_install_force_keeps_every_earlier_backup() {
    let dir = base_repository();
    let root = dir.path();
    let hooks = root.join(".git/hooks");
    std::fs::create_dir_all(&hooks).expect("hooks");
    for (round, text) in ["#!/bin/sh\necho first\n", "#!/bin/sh\necho second\n"]
        .iter()
        .enumerate()
    {
        std::fs::write(hooks.join("pre-commit"), text).expect("write");
        let output = aims(root)
            .args(["hook", "install", "--force"])
            .output()
            .expect("runs");
        assert_eq!(output.status.code(), Some(0), "round {round}");
    }
    assert_eq!(
        std::fs::read_to_string(hooks.join("pre-commit.aims-backup")).expect("first backup"),
        "#!/bin/sh\necho first\n"
    );
    assert_eq!(
        std::fs::read_to_string(hooks.join("pre-commit.aims-backup.1")).expect("second backup"),
        "#!/bin/sh\necho second\n"
    );
}

#[cfg(unix)]
#[test]
fn site_out_pointing_at_a_link_is_refused() {
    let dir = base_repository();
    let root = dir.path();
    let elsewhere = tempfile::tempdir().expect("tempdir");
    std::os::unix::fs::symlink(elsewhere.path(), root.join("linked-site")).expect("link");
    let output = aims(root)
        .args(["site", "--today", TODAY, "--out", "linked-site"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("symbolic link"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        std::fs::read_dir(elsewhere.path()).expect("read").count(),
        0,
        "nothing written through the link"
    );
}

#[test]
fn status_lint_and_site_give_the_demo_the_same_approval_facts() {
    let parent = tempfile::tempdir().expect("tempdir");
    let output = aims(parent.path())
        .args(["demo", "d", "--no-site"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    let root = parent.path().join("d");
    let status = aims(&root)
        .args(["status", "--format", "json", "--today", TODAY])
        .output()
        .expect("runs");
    assert_eq!(status.status.code(), Some(0));
    let site = aims(&root)
        .args(["site", "--today", TODAY, "--out", "_site"])
        .output()
        .expect("runs");
    assert_eq!(site.status.code(), Some(0));
    let from_site = std::fs::read(root.join("_site/status.json")).expect("status.json");
    assert_eq!(
        String::from_utf8_lossy(&status.stdout),
        String::from_utf8_lossy(&from_site),
        "the site carries exactly what `aims status` says"
    );
    let status: Value = serde_json::from_slice(&status.stdout).expect("json");
    let (_, lint) = lint_json(&root, &[]);
    let findings = |code: &str| -> std::collections::BTreeSet<String> {
        lint["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .filter(|d| d["code"] == code)
            .map(|d| d["path"].as_str().unwrap().to_owned())
            .collect()
    };
    let documents = status["documents"].as_array().expect("documents");
    let with = |predicate: &dyn Fn(&Value) -> bool| -> std::collections::BTreeSet<String> {
        documents
            .iter()
            .filter(|document| predicate(document))
            .map(|document| document["path"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        findings("AIMS402"),
        with(&|d| d["state"] == "changed_since_approval")
    );
    assert_eq!(
        findings("AIMS401"),
        with(&|d| d["state"] == "never_approved"
            && d["approvals"]
                .as_array()
                .is_none_or(|a| a.iter().all(|a| a["current"] == false)))
    );
    let active: std::collections::BTreeSet<String> = documents
        .iter()
        .filter(|d| d["state"] != "draft" && d["state"] != "retired")
        .map(|d| d["path"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        findings("AIMS403"),
        with(&|d| d["review"]["state"] == "overdue")
            .intersection(&active)
            .cloned()
            .collect()
    );
    assert!(!findings("AIMS402").is_empty() && !findings("AIMS403").is_empty());
}
