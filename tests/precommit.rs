//! The pre-commit paths: `aims lint --staged` reads the index, `aims hook install` writes a git
//! hook that blocks a bad commit, and the real pre-commit framework runs this repository's hook
//! (`pre-commit try-repo`).

mod common;

use common::*;
use std::path::Path;
use std::process::Command;

const BAD_RECORD: &str =
    "---\nid: REC-001\nkind: record\ntitle: Training\nowner: not-an-email\nstatus: active\n---\n";
const GOOD_RECORD: &str = "---\nid: REC-001\nkind: record\ntitle: Training\nowner: lead@base.example\nstatus: active\n---\n";

fn base_repo() -> tempfile::TempDir {
    project_from_case(&cases_dir().join("base-only"))
}

#[test]
fn staged_reads_the_index_not_the_work_tree() {
    let repo = base_repo();
    let root = repo.path();
    // Nothing staged: nothing to report.
    let (exit, report) = lint_json(root, &["--staged"]);
    assert_eq!(
        (exit, report["summary"]["files"].as_u64()),
        (0, Some(0)),
        "{report:#}"
    );
    // A bad record staged, then fixed in the work tree only: the staged version is checked.
    std::fs::write(root.join("aims/record.md"), BAD_RECORD).unwrap();
    git(root, &["add", "aims/record.md"]);
    std::fs::write(root.join("aims/record.md"), GOOD_RECORD).unwrap();
    let (exit, report) = lint_json(root, &["--staged"]);
    assert_eq!(exit, 1, "{report:#}");
    assert_eq!(codes(&report), vec!["AIMS108"]);
    assert_eq!(report["changed"][0]["path"], "aims/record.md");
    assert_eq!(report["changed"][0]["change"], "added");
    // Staging the fix makes it pass.
    git(root, &["add", "aims/record.md"]);
    let (exit, report) = lint_json(root, &["--staged"]);
    assert_eq!((exit, codes(&report)), (0, vec![]), "{report:#}");
    // Deleting a document others refer to reports the broken references in them.
    git(root, &["rm", "-q", "--cached", "aims/system.md"]);
    let (exit, report) = lint_json(root, &["--staged"]);
    assert_eq!(exit, 1);
    let broken: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "AIMS203")
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert!(
        broken.contains(&"aims/risk.md") && broken.contains(&"aims/scope.md"),
        "{report:#}"
    );
    // A staged aims.yaml is the one used.
    git(root, &["reset", "-q"]);
    let config = std::fs::read_to_string(root.join("aims.yaml")).unwrap();
    std::fs::write(root.join("aims.yaml"), format!("{config}bogus: key\n")).unwrap();
    git(root, &["add", "aims.yaml"]);
    let output = aims(root)
        .args(["lint", "--staged", "--today", TODAY])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(2),
        "an invalid staged aims.yaml stops the commit"
    );
}

#[test]
fn hook_install_blocks_a_bad_commit() {
    let repo = base_repo();
    let root = repo.path();
    aims(root).args(["hook", "install"]).assert().code(0);
    let hook = root.join(".git/hooks/pre-commit");
    let script = std::fs::read_to_string(&hook).unwrap();
    assert!(script.contains("aims lint --staged"), "{script}");
    let commit = |message: &str| {
        Command::new("git")
            .args([
                "-c",
                "user.name=T",
                "-c",
                "user.email=t@x",
                "commit",
                "-qm",
                message,
            ])
            .current_dir(root)
            .env(
                "PATH",
                format!(
                    "{}:{}",
                    assert_cmd::cargo::cargo_bin("aims")
                        .parent()
                        .unwrap()
                        .display(),
                    std::env::var("PATH").unwrap_or_default()
                ),
            )
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .output()
            .unwrap()
    };
    std::fs::write(root.join("aims/record.md"), BAD_RECORD).unwrap();
    git(root, &["add", "aims/record.md"]);
    let output = commit("Add a bad record");
    assert!(!output.status.success(), "the hook must block the commit");
    // git shows a hook's output on its own standard error.
    let shown = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(shown.contains("AIMS108"), "{shown}");
    std::fs::write(root.join("aims/record.md"), GOOD_RECORD).unwrap();
    git(root, &["add", "aims/record.md"]);
    let output = commit("Add a good record");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // Reinstalling our own hook is fine; someone else's is never replaced silently.
    aims(root).args(["hook", "install"]).assert().code(0);
    std::fs::write(&hook, "#!/bin/sh\necho mine\n").unwrap();
    let output = aims(root).args(["hook", "install"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(&hook).unwrap(),
        "#!/bin/sh\necho mine\n"
    );
    aims(root)
        .args(["hook", "install", "--force"])
        .assert()
        .code(0);
    assert_eq!(
        std::fs::read_to_string(root.join(".git/hooks/pre-commit.aims-backup")).unwrap(),
        "#!/bin/sh\necho mine\n"
    );
}

/// A virtual environment with the pre-commit framework from PyPI, or why there is none.
fn pre_commit_venv(dir: &Path) -> Result<std::path::PathBuf, String> {
    let venv = dir.join("venv");
    let made = Command::new("python3")
        .args(["-m", "venv"])
        .arg(&venv)
        .output()
        .map_err(|e| format!("python3: {e}"))?;
    if !made.status.success() {
        return Err(format!(
            "python3 -m venv failed: {}",
            String::from_utf8_lossy(&made.stderr)
        ));
    }
    let pip = Command::new(venv.join("bin/pip"))
        .args([
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--timeout",
            "30",
            "pre-commit==4.0.1",
        ])
        .output()
        .map_err(|e| format!("pip: {e}"))?;
    if !pip.status.success() {
        return Err(format!(
            "PyPI could not be reached: {}",
            String::from_utf8_lossy(&pip.stderr)
                .lines()
                .last()
                .unwrap_or_default()
        ));
    }
    Ok(venv.join("bin/pre-commit"))
}

#[test]
fn the_pre_commit_framework_runs_this_repositorys_hook() {
    let tools = tempfile::tempdir().unwrap();
    let pre_commit = match pre_commit_venv(tools.path()) {
        Ok(path) => path,
        Err(reason) if std::env::var_os("AIMS_REQUIRE_PRE_COMMIT").is_none() => {
            eprintln!(
                "skipped: the pre-commit framework could not be installed ({reason}); set AIMS_REQUIRE_PRE_COMMIT=1 to make this a failure"
            );
            return;
        }
        Err(reason) => panic!("{reason}"),
    };
    let repo = base_repo();
    let root = repo.path();
    let this_repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    // pre-commit builds the hook with `cargo install`; a shared target folder and a quick
    // release profile keep that to one build across runs.
    let target = this_repo.join("target/pre-commit-hook");
    let run = |expect_success: bool| {
        let output = Command::new(&pre_commit)
            .args(["try-repo"])
            .arg(this_repo)
            .args(["aims-lint", "--verbose"])
            .current_dir(root)
            .env("PRE_COMMIT_HOME", tools.path().join("cache"))
            .env("CARGO_TARGET_DIR", &target)
            .env("CARGO_PROFILE_RELEASE_LTO", "false")
            .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .output()
            .unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        assert_eq!(output.status.success(), expect_success, "{text}");
        text
    };
    std::fs::write(root.join("aims/record.md"), BAD_RECORD).unwrap();
    git(root, &["add", "aims/record.md"]);
    let text = run(false);
    assert!(text.contains("AIMS108"), "{text}");
    std::fs::write(root.join("aims/record.md"), GOOD_RECORD).unwrap();
    git(root, &["add", "aims/record.md"]);
    run(true);
}
