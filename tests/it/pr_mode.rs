//! `aims lint --base REV` (pull requests): only findings the change introduced or that sit in
//! documents it changed, the changed documents with their approval state, and the Markdown
//! summary for the job.

use crate::common::*;

#[test]
fn reports_what_the_change_introduced_and_what_needs_approval() {
    let repo = project_from_case(&cases_dir().join("base-only"));
    let root = repo.path();
    // On main: everything approved, plus an old problem nobody is touching.
    let approve = std::process::Command::new(assert_cmd::cargo::cargo_bin("aims"))
        .arg("approve")
        .args(BASE_DOCUMENTS)
        .current_dir(root)
        .env("GIT_AUTHOR_NAME", "Cleo")
        .env("GIT_AUTHOR_EMAIL", "ceo@base.example")
        .env("GIT_COMMITTER_NAME", "Cleo")
        .env("GIT_COMMITTER_EMAIL", "ceo@base.example")
        .env("GIT_AUTHOR_DATE", "2026-01-02T10:00:00+00:00")
        .env("GIT_COMMITTER_DATE", "2026-01-02T10:00:00+00:00")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .unwrap();
    assert!(
        approve.status.success(),
        "{}",
        String::from_utf8_lossy(&approve.stderr)
    );
    std::fs::write(root.join("aims/old.md"), "---\nid: REC-OLD\nkind: record\ntitle: Old\nowner: lead@base.example\nstatus: draft\nrelated: [POL-404]\n---\n").unwrap();
    git(root, &["add", "-A"]);
    git(root, &["commit", "-qm", "An old, unrelated problem"]);
    git(root, &["branch", "-q", "base"]);
    // The pull request edits the approved policy and adds a record with a broken reference.
    let policy = std::fs::read_to_string(root.join("aims/policy.md")).unwrap();
    std::fs::write(
        root.join("aims/policy.md"),
        format!("{policy}\nA new commitment.\n"),
    )
    .unwrap();
    std::fs::write(root.join("aims/new.md"), "---\nid: REC-NEW\nkind: record\ntitle: New\nowner: lead@base.example\nstatus: draft\nrelated: [AIS-999]\n---\n").unwrap();
    git(root, &["add", "-A"]);
    git_at(
        root,
        &["commit", "-qm", "Edit the policy"],
        "2026-02-01T10:00:00+00:00",
    );

    let (exit, report) = lint_json(root, &["--base", "base"]);
    assert_eq!(exit, 1, "{report:#}");
    let findings: Vec<(String, String)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_owned(),
                d["path"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    // The new broken reference and the policy that now needs approval; not the old problem.
    assert!(
        findings.contains(&("AIMS203".to_owned(), "aims/new.md".to_owned())),
        "{findings:?}"
    );
    assert!(
        findings.contains(&("AIMS402".to_owned(), "aims/policy.md".to_owned())),
        "{findings:?}"
    );
    assert!(
        !findings.iter().any(|(_, path)| path == "aims/old.md"),
        "{findings:?}"
    );
    assert_eq!(report["base"], "base");
    let changed: Vec<(String, String, String)> = report["changed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["path"].as_str().unwrap().to_owned(),
                c["change"].as_str().unwrap().to_owned(),
                c["state"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        changed,
        vec![
            (
                "aims/new.md".to_owned(),
                "added".to_owned(),
                "draft".to_owned()
            ),
            (
                "aims/policy.md".to_owned(),
                "modified".to_owned(),
                "changed_since_approval".to_owned()
            ),
        ]
    );

    // The same run as a job summary, and as GitHub annotations with a note on the policy.
    let output = aims(root)
        .args([
            "lint",
            "--base",
            "base",
            "--today",
            TODAY,
            "--format",
            "github",
            "--summary",
            "summary.md",
        ])
        .output()
        .unwrap();
    let annotations = String::from_utf8(output.stdout).unwrap();
    assert!(
        annotations.contains("::error file=aims/new.md,line="),
        "{annotations}"
    );
    assert!(annotations.contains("::notice file=aims/policy.md,line=1,title=aims approval::POL-001 modified: needs approval again"), "{annotations}");
    let summary = std::fs::read_to_string(root.join("summary.md")).unwrap();
    insta::with_settings!({snapshot_path => "../snapshots/pr_mode", prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!("summary", summary);
    });

    // --fail-on decides the exit code.
    assert_eq!(
        aims(root)
            .args([
                "lint",
                "--base",
                "base",
                "--today",
                TODAY,
                "--fail-on",
                "never"
            ])
            .output()
            .unwrap()
            .status
            .code(),
        Some(0)
    );
    let bad_base = aims(root)
        .args(["lint", "--base", "no-such-branch", "--today", TODAY])
        .output()
        .unwrap();
    assert_eq!(bad_base.status.code(), Some(2));
}

/// A pull request is judged on what it changes: problems the base branch already had in
/// documents the change does not touch — here POL-005's overdue review in the demo — are not
/// reported again and do not fail it.
#[test]
fn problems_already_on_the_base_branch_do_not_fail_an_unrelated_change() {
    let dir = tempfile::tempdir().unwrap();
    let demo = aims(dir.path())
        .args(["demo", "talentwise", "--no-site"])
        .output()
        .unwrap();
    assert_eq!(demo.status.code(), Some(0));
    let root = dir.path().join("talentwise");
    let (exit, everything) = lint_json(&root, &[]);
    assert_eq!(exit, 1, "the overdue review is an error on the base branch");
    assert!(codes(&everything).contains(&"AIMS403".to_owned()));

    git(&root, &["checkout", "-q", "-b", "typo"]);
    let path = root.join("aims/objectives/OBJ-003.md");
    let objective = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{objective}\nOne more sentence.\n")).unwrap();
    git(&root, &["add", "-A"]);
    git_at(
        &root,
        &["commit", "-qm", "Clarify OBJ-003"],
        "2026-11-21T10:00:00+00:00",
    );

    let (exit, report) = lint_json(&root, &["--base", "main"]);
    assert_eq!(exit, 0, "{report:#}");
    let findings: Vec<(&str, &str)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["code"].as_str().unwrap(), d["path"].as_str().unwrap()))
        .collect();
    assert_eq!(
        findings,
        [("AIMS402", "aims/objectives/OBJ-003.md")],
        "only the edited objective, which now needs approval again"
    );
}
