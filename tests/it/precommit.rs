//! The pre-commit paths: `aims lint --staged` reads the index, `aims hook install` writes a git
//! hook that blocks a bad commit, and the pre-commit framework runs this repository's hooks
//! (`pre-commit try-repo`): the system hook with this test's binary, and (in `tests/slow.rs`) the
//! default hook from a locally built wheel on a PATH without cargo or rustc, installing nothing
//! from the network.
//! The source-build hook (`language: rust`) is checked statically: building it is the same
//! `cargo install` every other build of aims does, and took minutes.
//!
//! The framework test needs pre-commit: it is `#[ignore]`d (reported as ignored, never as
//! passed) unless run with `--include-ignored`, which `.ci/run` does after installing the tools
//! from PyPI into a virtual environment named by `AIMS_CI_TOOLS`. The default hook from a wheel
//! built here is in `tests/slow.rs` (it builds aims again; opt in with `AIMS_SLOW_TESTS=1`).

use crate::common::packaging::*;
use crate::common::*;
use std::path::Path;
use std::process::Command;

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

fn hooks() -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(".pre-commit-hooks.yaml"),
    )
    .unwrap();
    let wrapped = format!(
        "hooks:\n{}",
        text.lines()
            .map(|line| format!("  {line}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    let value = aims::load::yaml::parse_mapping(&wrapped, 1, aims::diagnostic::Span::START)
        .expect(".pre-commit-hooks.yaml is valid YAML")
        .value;
    value["hooks"].as_array().cloned().unwrap_or_default()
}

#[test]
fn the_three_hooks_differ_only_in_where_aims_comes_from() {
    let hooks = hooks();
    let languages: Vec<(&str, &str)> = hooks
        .iter()
        .map(|hook| {
            (
                hook["id"].as_str().unwrap_or_default(),
                hook["language"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        languages,
        vec![
            ("aims-lint", "python"),
            ("aims-lint-src", "rust"),
            ("aims-lint-system", "system"),
        ]
    );
    for hook in &hooks {
        assert_eq!(hook["entry"], "aims lint --staged", "{hook}");
        assert_eq!(hook["pass_filenames"], false, "{hook}");
        assert_eq!(hook["require_serial"], true, "{hook}");
        assert_eq!(hook["files"], hooks[0]["files"], "{hook}");
    }
    // `language: rust` runs `cargo install --bins --root ENV --path REPO`: the repository must
    // build a binary named like the entry's command.
    let manifest =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml")).unwrap();
    assert!(
        manifest.starts_with("[package]\nname = \"aims\"\n"),
        "{manifest}"
    );
    assert!(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("src/main.rs")
            .exists()
    );
    // `language: python` runs `pip install .` on the repository: that must be the placeholder
    // pulling the prebuilt package (tests/it/packaging.rs checks its pin), never a source build.
    assert!(
        !Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("pyproject.toml")
            .exists()
    );
}

#[test]
#[ignore = "needs the pre-commit framework; .ci/run installs it and runs this"]
fn the_pre_commit_framework_runs_the_system_hook() {
    let tools = ci_tools(&["pre-commit"]);
    let repo = base_repo();
    let root = repo.path();
    let home = tempfile::tempdir().unwrap();
    let binary_dir = assert_cmd::cargo::cargo_bin("aims")
        .parent()
        .unwrap()
        .to_path_buf();
    let path = format!(
        "{}:{}",
        binary_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let this_repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let env = [("PATH", path)];
    std::fs::write(root.join("aims/record.md"), BAD_RECORD).unwrap();
    git(root, &["add", "aims/record.md"]);
    let (ok, text) = try_repo(
        &tools,
        this_repo,
        "aims-lint-system",
        root,
        home.path(),
        &env,
    );
    assert!(!ok && text.contains("AIMS108"), "{text}");
    std::fs::write(root.join("aims/record.md"), GOOD_RECORD).unwrap();
    git(root, &["add", "aims/record.md"]);
    let (ok, text) = try_repo(
        &tools,
        this_repo,
        "aims-lint-system",
        root,
        home.path(),
        &env,
    );
    assert!(ok, "{text}");
}
