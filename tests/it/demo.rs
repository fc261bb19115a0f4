//! `aims demo`: the scripted Talentwise repository is created with pinned authors and dates, is
//! clean and identical wherever it is created, tells the intended story through `aims status`
//! and `aims lint`, is reused when run again, and never touches a folder it did not create.

use crate::common::*;
use serde_json::Value;
use std::path::Path;

/// Runs `aims demo ARGS` in `parent`; returns (exit code, stdout, stderr).
fn demo(parent: &Path, args: &[&str]) -> (i32, String, String) {
    let output = aims(parent)
        .arg("demo")
        .args(args)
        .output()
        .expect("aims runs");
    (
        output.status.code().expect("exit code"),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Read-only git in `dir`, with a configuration isolated from the machine's (kept outside
/// `dir`, so it leaves no trace in the repository).
fn git_read(dir: &Path, args: &[&str]) -> String {
    let home = dir.parent().expect("parent").join(".test-home");
    std::fs::create_dir_all(&home).expect("home");
    let output = std::process::Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", &home)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", home.join("gitconfig"))
        .env_remove("GIT_DIR")
        .output()
        .expect("git runs");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn head(dir: &Path) -> String {
    git_read(dir, &["rev-parse", "HEAD"]).trim().to_owned()
}

fn by_id<'a>(status: &'a Value, id: &str) -> &'a Value {
    status["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .find(|document| document["id"] == id)
        .unwrap_or_else(|| panic!("no {id} in the status"))
}

#[test]
fn demo_creates_the_story_then_reuses_it() {
    let tmp = tempfile::tempdir().unwrap();
    let parent = tmp.path();
    let (code, stdout, stderr) = demo(parent, &["d"]);
    assert_eq!(code, 0, "stdout:\n{stdout}\nstderr:\n{stderr}");
    let root = parent.join("d");

    // The last line says where the site is; the site is there.
    let last = stdout.lines().last().expect("output");
    assert!(
        last.starts_with("open ") && last.ends_with("_site/index.html"),
        "{last}"
    );
    assert!(Path::new(&last["open ".len()..]).is_file(), "{last}");
    assert!(Path::new(&last["open ".len()..]).is_absolute(), "{last}");
    // The test binary is not on PATH: the suggestions name it by the path that started it.
    let binary = assert_cmd::cargo::cargo_bin("aims");
    for expected in [
        "── aims lint --today 2026-11-22".to_owned(),
        "── aims status".to_owned(),
        format!("  {} -C d log POL-003", binary.display()),
        format!("  {} -C d gap --today 2026-11-22", binary.display()),
        "`aims` is not on your PATH: `pip install aims-42001`".to_owned(),
    ] {
        assert!(
            stdout.contains(&expected),
            "{expected} missing from:\n{stdout}"
        );
    }

    // A clean work tree on `main`, the site ignored.
    assert_eq!(
        git_read(&root, &["status", "--porcelain", "--untracked-files=all"]),
        ""
    );
    assert_eq!(
        git_read(&root, &["symbolic-ref", "HEAD"]).trim(),
        "refs/heads/main"
    );
    assert_eq!(
        std::fs::read_to_string(root.join(".gitignore")).unwrap(),
        "/_site/\n"
    );

    // The story, readable: who did what when.
    let log = git_read(&root, &["log", "--format=%ad %an %s", "--date=short"]);
    // Named as insta named it when this test was its own binary (tests/demo.rs).
    insta::with_settings!({snapshot_path => "../snapshots", prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!("demo__demo_git_log", log);
    });
    let first = git_read(
        &root,
        &[
            "log",
            "--reverse",
            "--format=%an <%ae> %ad|%cn %cd",
            "--date=iso",
        ],
    );
    let first = first.lines().next().expect("a first commit");
    assert!(
        first.starts_with("Hannah Lindqvist <hannah.lindqvist@talentwise.example> 2025-09-08 "),
        "{first}"
    );
    assert!(first.ends_with("+0100"), "London summer time: {first}");
    let last = git_read(&root, &["log", "-1", "--format=%ad", "--date=iso"]);
    assert!(last.trim().ends_with("+0000"), "London winter time: {last}");
    let chloe = git_read(
        &root,
        &[
            "log",
            "-1",
            "--format=%an|%ae|%ad|%s",
            "--date=short",
            "--",
            "aims/policies/acceptable-use-of-ai.md",
        ],
    );
    assert_eq!(
        chloe.trim(),
        "Chloe Martin|chloe.martin@talentwise.example|2026-11-12|Say how the use of AI tools is monitored (POL-003)"
    );
    let review = git_read(
        &root,
        &[
            "log",
            "-1",
            "--format=%an|%ad|%B",
            "--date=iso",
            "--grep=Reviewed: POL-001",
        ],
    );
    assert!(
        review.starts_with("Hannah Lindqvist|2026-07-09 "),
        "{review}"
    );
    assert!(review.contains("+0100|"), "London summer time: {review}");
    assert!(review.contains("Reviewed: AIIA-001 <"), "{review}");

    // aims status tells the story (run from outside, so the test leaves nothing in the folder).
    let output = aims(parent)
        .args(["-C", "d", "status", "--today", TODAY, "--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let status: Value = serde_json::from_slice(&output.stdout).unwrap();
    let pol3 = by_id(&status, "POL-003");
    assert_eq!(pol3["state"], "changed_since_approval");
    assert_eq!(pol3["last_changed"]["author"], "Chloe Martin");
    let pol5 = by_id(&status, "POL-005");
    assert_eq!(pol5["state"], "approved");
    assert_eq!(pol5["review"]["state"], "overdue");
    assert_eq!(pol5["review"]["due"], "2026-09-12");
    let pol1 = by_id(&status, "POL-001");
    assert_eq!(pol1["state"], "approved");
    assert_eq!(pol1["review"]["state"], "current");
    assert_eq!(pol1["review"]["last"], "2026-07-09");
    assert_eq!(pol1["review"]["due"], "2027-07-09");
    assert_eq!(
        pol1["reviews"][0]["email"],
        "hannah.lindqvist@talentwise.example"
    );
    for id in ["SCOPE-001", "RISK-003", "RISK-009", "AIIA-001"] {
        let document = by_id(&status, id);
        assert_eq!(document["review"]["last"], "2026-07-09", "{id}");
        assert_eq!(document["reviews"][0]["counts"], true, "{id}");
    }
    for (id, state) in [
        ("PROC-015", "draft"),
        ("AUD-002", "draft"),
        ("POL-004", "retired"),
    ] {
        assert_eq!(by_id(&status, id)["state"], state, "{id}");
    }
    assert!(by_id(&status, "POL-004")["commits"].as_u64().unwrap() >= 2);
    assert!(by_id(&status, "AIS-001")["commits"].as_u64().unwrap() >= 2);
    let documents = status["documents"].as_array().unwrap();
    let due_soon: Vec<&str> = documents
        .iter()
        .filter(|document| document["review"]["state"] == "due_soon")
        .filter_map(|document| document["id"].as_str())
        .collect();
    assert_eq!(due_soon, ["POL-003", "POL-002", "PROC-001", "PROC-003"]);
    let approved = documents
        .iter()
        .filter(|document| document["state"] == "approved")
        .count();
    assert_eq!(
        approved,
        documents.len() - 4,
        "all but POL-003, two drafts and POL-004"
    );
    for document in documents {
        for approval in document["approvals"]
            .as_array()
            .unwrap()
            .iter()
            .chain(document["reviews"].as_array().unwrap())
        {
            assert_eq!(approval["counts"], true, "{} {approval}", document["id"]);
        }
    }

    // aims lint finds exactly the intended problems.
    let output = aims(parent)
        .args(["-C", "d", "lint", "--today", TODAY, "--format", "json"])
        .output()
        .unwrap();
    let code = output.status.code().unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(code, 1, "POL-005's overdue review is an error");
    let findings: Vec<(String, String)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                format!(
                    "{} {}",
                    d["severity"].as_str().unwrap(),
                    d["code"].as_str().unwrap()
                ),
                d["path"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let errors_and_warnings: Vec<&(String, String)> = findings
        .iter()
        .filter(|(code, _)| !code.starts_with("info"))
        .collect();
    let finding = |code: &str, path: &str| (code.to_owned(), path.to_owned());
    assert_eq!(
        errors_and_warnings,
        [
            // Change impact the story holds: AIIA-001 lists RISK-001 and RISK-007, changed in
            // August and October; RISK-003 and RISK-005 are treated by REC-005, which got its
            // July addendum; the SoA (brought up to date on 2026-11-09, approved the next day)
            // names POL-003, edited since.
            &finding("warning AIMS413", "aims/impact-assessments/AIIA-001.md"),
            &finding("warning AIMS413", "aims/impact-assessments/AIIA-001.md"),
            // KPIs behind on 2026-11-22: OBJ-001's impact ratio (0.84 < 0.85) and escalation
            // rate (NC-003); OBJ-002's review share (88%, not measured since September) and its
            // quarterly training KPI that slipped 97% → 95% → 93%; OBJ-004's weekly F1 last
            // measured 2026-11-13.
            &finding("warning AIMS312", "aims/objectives/OBJ-001.md"),
            &finding("warning AIMS312", "aims/objectives/OBJ-001.md"),
            &finding("warning AIMS312", "aims/objectives/OBJ-002.md"),
            &finding("warning AIMS311", "aims/objectives/OBJ-002.md"),
            &finding("warning AIMS312", "aims/objectives/OBJ-002.md"),
            &finding("warning AIMS311", "aims/objectives/OBJ-004.md"),
            &finding("warning AIMS402", "aims/policies/acceptable-use-of-ai.md"),
            &finding(
                "error AIMS403",
                "aims/policies/information-security-policy.md"
            ),
            // REC-006's bias test (committed 2026-03-10) is refreshed every six months.
            &finding("warning AIMS505", "aims/records/REC-006.md"),
            &finding("warning AIMS413", "aims/risks/RISK-003.md"),
            &finding("warning AIMS413", "aims/risks/RISK-005.md"),
            &finding("warning AIMS413", "aims/soa.md"),
            // Screen is high-risk under the EU AI Act; its technical documentation and
            // post-market monitoring plan are still being prepared (PROC-015 is a draft):
            // indicative warnings.
            &finding("warning AIMS316", "aims/systems/AIS-001.md"),
            &finding("warning AIMS316", "aims/systems/AIS-001.md"),
        ],
        "{report:#}"
    );
    assert_eq!(
        codes(&report),
        [
            "AIMS311", "AIMS312", "AIMS316", "AIMS402", "AIMS403", "AIMS404", "AIMS413", "AIMS505"
        ]
    );

    // Run again: reused, nothing rewritten.
    let before = head(&root);
    let reflog = git_read(&root, &["reflog"]);
    let (code, stdout, stderr) = demo(parent, &["d", "--no-site"]);
    assert_eq!(code, 0, "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(stdout.contains("already holds the demo"), "{stdout}");
    assert_eq!(head(&root), before);
    assert_eq!(git_read(&root, &["reflog"]), reflog);
    assert_eq!(
        git_read(&root, &["status", "--porcelain", "--untracked-files=all"]),
        ""
    );

    // With this binary on PATH, the suggestions say `aims`, after a `cd`.
    let path = format!(
        "{}:{}",
        binary.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let output = aims(parent)
        .args(["demo", "d", "--no-site"])
        .env("PATH", &path)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let next = &stdout[stdout.find("try next").expect("try next")..];
    assert!(next.contains("  cd d\n"), "{next}");
    assert!(next.contains("  aims log POL-003"), "{next}");
    assert!(!next.contains("not on your PATH"), "{next}");
    // Started by `cargo run` (cargo sets CARGO_PKG_NAME): the same command, with -C.
    let output = aims(parent)
        .args(["demo", "d", "--no-site"])
        .env("CARGO_PKG_NAME", "aims")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("  cargo run -- -C d status --today 2026-11-22"),
        "{stdout}"
    );
}

#[test]
fn the_history_is_identical_wherever_it_is_created() {
    let one = tempfile::tempdir().unwrap();
    let two = tempfile::tempdir().unwrap();
    // An existing empty folder is fine too.
    std::fs::create_dir(two.path().join("empty")).unwrap();
    assert_eq!(demo(one.path(), &["first", "--no-site"]).0, 0);
    assert_eq!(demo(two.path(), &["empty", "--no-site"]).0, 0);
    assert_eq!(
        head(&one.path().join("first")),
        head(&two.path().join("empty"))
    );
    // -C is honoured like everywhere else.
    let (code, _, stderr) = demo(one.path(), &["-C", "sub", "third", "--no-site"]);
    assert_eq!(code, 2, "-C to a missing folder: {stderr}");
    std::fs::create_dir(one.path().join("sub")).unwrap();
    assert_eq!(demo(one.path(), &["-C", "sub", "third", "--no-site"]).0, 0);
    assert_eq!(
        head(&one.path().join("sub/third")),
        head(&one.path().join("first"))
    );
}

#[test]
fn demo_refuses_folders_it_did_not_create() {
    let tmp = tempfile::tempdir().unwrap();
    let parent = tmp.path();

    // A folder with someone's files.
    let foreign = parent.join("notes");
    std::fs::create_dir(&foreign).unwrap();
    std::fs::write(foreign.join("todo.txt"), "keep me\n").unwrap();
    let (code, stdout, stderr) = demo(parent, &["notes"]);
    assert_eq!(code, 2, "stdout:\n{stdout}");
    assert!(stderr.contains("notes is not empty"), "{stderr}");
    assert!(stderr.contains("nothing was changed"), "{stderr}");
    let entries: Vec<_> = std::fs::read_dir(&foreign)
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(entries, ["todo.txt"]);
    assert_eq!(
        std::fs::read_to_string(foreign.join("todo.txt")).unwrap(),
        "keep me\n"
    );

    // A file, not a folder.
    std::fs::write(parent.join("file"), "x").unwrap();
    let (code, _, stderr) = demo(parent, &["file"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("not a folder"), "{stderr}");

    // A demo someone has worked in since: refused, left as it was.
    assert_eq!(demo(parent, &["d", "--no-site"]).0, 0);
    let root = parent.join("d");
    let home = parent.join(".test-home");
    let status = std::process::Command::new("git")
        .args(["commit", "-q", "--allow-empty", "-m", "more"])
        .current_dir(&root)
        .env("HOME", &home)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", home.join("gitconfig"))
        .env("GIT_AUTHOR_NAME", "Someone")
        .env("GIT_AUTHOR_EMAIL", "someone@example.com")
        .env("GIT_COMMITTER_NAME", "Someone")
        .env("GIT_COMMITTER_EMAIL", "someone@example.com")
        .status()
        .unwrap();
    assert!(status.success());
    let moved = head(&root);
    let (code, _, stderr) = demo(parent, &["d", "--no-site"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("commits added since"), "{stderr}");
    assert_eq!(head(&root), moved);
}
