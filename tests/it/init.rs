//! `aims init`: the starter AIMS lints clean as written, whatever the organisation is called and
//! whenever it is run; existing files are never overwritten without `--force`.

use crate::common::*;

#[test]
fn starter_aims_lints_clean() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    aims(root)
        .args([
            "init",
            "--org",
            "O'Brien \"Quoted\" & Co: #1 \\ Ltd",
            "--today",
            TODAY,
        ])
        .assert()
        .code(0);
    assert!(root.join("aims.yaml").exists());
    assert!(root.join("aims/soa.md").exists());
    // Only warnings: the placeholder example.com people to replace, and the worked examples.
    let (exit, report) = lint_json(root, &[]);
    assert_eq!(
        (exit, codes(&report)),
        (0, vec!["AIMS208".to_owned(), "AIMS209".to_owned()]),
        "{report:#}"
    );
    assert!(report["summary"]["files"].as_u64().unwrap() >= 20);
    // The site it builds stays out of git.
    assert!(
        std::fs::read_to_string(root.join(".gitignore"))
            .unwrap()
            .lines()
            .any(|line| line == "/_site/")
    );
    let config = std::fs::read_to_string(root.join("aims.yaml")).unwrap();
    assert!(
        config.contains(r#"organisation: "O'Brien \"Quoted\" & Co: #1 \\ Ltd""#),
        "{config}"
    );
    // Years later, with nothing edited, it still has no errors (nothing in it can go overdue).
    let (exit, _) = lint_json(root, &["--today", "2031-06-30"]);
    assert_eq!(exit, 0);
    // After the first commit the only findings are the approvals still to give (warnings).
    git(root, &["init", "-q"]);
    let ignore = std::fs::read_to_string(root.join(".gitignore")).unwrap();
    std::fs::write(root.join(".gitignore"), format!("{ignore}.test-home/\n")).unwrap();
    git(root, &["add", "-A"]);
    git_at(
        root,
        &["commit", "-qm", "Start the AIMS"],
        "2026-11-22T09:00:00+00:00",
    );
    let (exit, report) = lint_json(root, &[]);
    assert_eq!(
        (exit, codes(&report)),
        (
            0,
            vec![
                "AIMS208".to_owned(),
                "AIMS209".to_owned(),
                "AIMS401".to_owned()
            ]
        ),
        "{report:#}"
    );
}

#[test]
fn fills_every_placeholder() {
    let dir = tempfile::tempdir().unwrap();
    aims(dir.path())
        .args(["init", "target", "--org", "Acme", "--today", TODAY])
        .assert()
        .code(0);
    for entry in walkdir::WalkDir::new(dir.path().join("target")) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            assert!(
                !text.contains("{{"),
                "{} keeps a placeholder",
                entry.path().display()
            );
        }
    }
}

#[test]
fn refuses_to_overwrite_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("aims")).unwrap();
    std::fs::write(root.join("aims/scope.md"), "my own scope\n").unwrap();
    let output = aims(root)
        .args(["init", "--today", TODAY])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("aims/scope.md"));
    // Nothing at all was written.
    assert_eq!(
        std::fs::read_to_string(root.join("aims/scope.md")).unwrap(),
        "my own scope\n"
    );
    assert!(!root.join("aims.yaml").exists());
    aims(root)
        .args(["init", "--force", "--today", TODAY])
        .assert()
        .code(0);
    assert_ne!(
        std::fs::read_to_string(root.join("aims/scope.md")).unwrap(),
        "my own scope\n"
    );
}

#[test]
fn never_writes_through_a_symlink() {
    let dir = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    let victim = outside.path().join("victim.txt");
    std::fs::write(&victim, "keep me\n").unwrap();
    std::os::unix::fs::symlink(&victim, dir.path().join("aims.yaml")).unwrap();
    let output = aims(dir.path())
        .args(["init", "--force", "--today", TODAY])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me\n");
}

#[test]
fn explain_and_schema_commands() {
    let dir = tempfile::tempdir().unwrap();
    let output = aims(dir.path())
        .args(["explain", "AIMS302"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.starts_with("AIMS302 soa-control-missing (error by default)"),
        "{text}"
    );
    assert!(text.contains("## How to fix"));
    let output = aims(dir.path()).args(["explain"]).output().unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        text.matches("  AIMS").count(),
        aims::check::rules::all().count()
    );
    aims(dir.path())
        .args(["schema", "--out", "schemas"])
        .assert()
        .code(0);
    let risk: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("schemas/risk.schema.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(risk["allOf"][0]["$ref"], "common.schema.json");
    assert!(dir.path().join("schemas/common.schema.json").exists());
    let output = aims(dir.path()).args(["schema", "soa"]).output().unwrap();
    assert!(String::from_utf8_lossy(&output.stdout).contains("\"annex_a\""));
}
