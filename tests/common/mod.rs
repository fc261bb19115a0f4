//! Shared helpers for the integration tests: running the binary, building fixture projects from
//! `tests/cases/`, and git with pinned dates and an isolated configuration.

#![allow(dead_code)]

pub mod packaging;
pub mod release;
pub mod synthetic;

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// "Today" for every test: tests never read the clock.
pub const TODAY: &str = "2026-11-22";

/// The ids of every document in `tests/cases/base`, for approving all of it.
pub const BASE_DOCUMENTS: &[&str] = &[
    "SCOPE-001",
    "POL-001",
    "PROC-001",
    "SOA-001",
    "AIS-001",
    "RISK-001",
    "AIIA-001",
    "OBJ-001",
    "AUD-001",
    "MR-001",
    "NC-001",
];

pub fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases")
}

/// The `aims` binary with a clean environment.
pub fn aims(dir: &Path) -> Command {
    let mut command = Command::cargo_bin("aims").expect("binary built");
    command
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("GIT_DIR")
        // cargo sets this for tests as for `cargo run`; aims reads it to suggest `cargo run`.
        .env_remove("CARGO_PKG_NAME");
    isolate_git(&mut command, dir);
    command
}

fn isolate_git(command: &mut Command, dir: &Path) {
    let home = dir.join(".test-home");
    let _ = std::fs::create_dir_all(&home);
    command
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", &home)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", home.join("gitconfig"));
}

/// Runs git in `dir` with pinned identity and dates; panics on failure (fixtures must build).
pub fn git(dir: &Path, args: &[&str]) -> String {
    git_at(dir, args, "2026-01-01T10:00:00+00:00")
}

pub fn git_at(dir: &Path, args: &[&str], date: &str) -> String {
    let home = dir.join(".test-home");
    let _ = std::fs::create_dir_all(&home);
    let output = std::process::Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("HOME", &home)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", home.join("gitconfig"))
        .env("GIT_AUTHOR_NAME", "Test Author")
        .env("GIT_AUTHOR_EMAIL", "author@base.example")
        .env("GIT_COMMITTER_NAME", "Test Author")
        .env("GIT_COMMITTER_EMAIL", "author@base.example")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .output()
        .expect("git runs");
    assert!(
        output.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).min_depth(1) {
        let entry = entry.expect("readable fixture");
        let relative = entry.path().strip_prefix(from).expect("inside");
        let target = to.join(relative);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent).expect("mkdir");
            }
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// A git repository holding `base` overlaid with the case's files. The case may have
/// `case.json` (`remove`: paths to delete), `setup.sh` (run before the commit) and `post.sh`
/// (run after it).
pub fn project_from_case(case: &Path) -> TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    copy_dir(&cases_dir().join("base"), root);
    let overlay = walkdir::WalkDir::new(case).min_depth(1).into_iter();
    for entry in overlay.filter(|_| case.exists()) {
        let entry = entry.expect("readable case");
        let relative = entry.path().strip_prefix(case).expect("inside");
        let name = relative.to_string_lossy();
        if entry.file_type().is_dir()
            || ["case.json", "setup.sh", "post.sh"].contains(&name.as_ref())
        {
            continue;
        }
        let target = root.join(relative);
        std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
        std::fs::copy(entry.path(), &target).expect("copy");
    }
    let meta = case_meta(case);
    for removed in meta["remove"].as_array().into_iter().flatten() {
        std::fs::remove_file(root.join(removed.as_str().expect("path"))).expect("remove");
    }
    run_script(case, "setup.sh", root);
    git(root, &["init", "-q", "-b", "main"]);
    std::fs::write(root.join(".gitignore"), ".test-home/\n").expect("write");
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "fixture"]);
    run_script(case, "post.sh", root);
    dir
}

pub fn case_meta(case: &Path) -> serde_json::Value {
    std::fs::read_to_string(case.join("case.json"))
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or(serde_json::Value::Null)
}

fn run_script(case: &Path, name: &str, root: &Path) {
    let script = case.join(name);
    if script.exists() {
        let home = root.join(".test-home");
        let _ = std::fs::create_dir_all(&home);
        let binary = assert_cmd::cargo::cargo_bin("aims");
        let status = std::process::Command::new("bash")
            .arg(&script)
            .current_dir(root)
            .env("AIMS_BIN", binary)
            .env("CASES", cases_dir())
            .env("HOME", &home)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", home.join("gitconfig"))
            .status()
            .expect("bash runs");
        assert!(status.success(), "{} failed", script.display());
    }
}

/// Runs `aims lint --format json` and returns (exit code, parsed output).
pub fn lint_json(root: &Path, extra: &[&str]) -> (i32, serde_json::Value) {
    let output = aims(root)
        .args(["lint", "--format", "json", "--today", TODAY])
        .args(extra)
        .output()
        .expect("aims runs");
    let code = output.status.code().expect("exit code");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let value = serde_json::from_str(&stdout).unwrap_or_else(|error| {
        panic!(
            "not JSON ({error}):\n{stdout}\nstderr:\n{}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (code, value)
}

/// The sorted, distinct rule codes in a JSON report.
pub fn codes(report: &serde_json::Value) -> Vec<String> {
    let mut codes: Vec<String> = report["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| d["code"].as_str().unwrap_or_default().to_owned())
        .collect();
    codes.sort();
    codes.dedup();
    codes
}

/// The base AIMS (`tests/cases/base`) in a new repository, committed by the test author:
/// the starting point of the scripted-history tests.
pub fn committed_base() -> TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    copy_dir(&cases_dir().join("base"), root);
    git(root, &["init", "-q", "-b", "main"]);
    std::fs::write(root.join(".gitignore"), ".test-home/\n").expect("write");
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "Create the AIMS"]);
    dir
}

/// Builds the site of `root` with `extra` arguments outside the repository (the working tree
/// stays clean for the next `aims review`); (the folder holding it, the site's path).
pub fn build_site(root: &Path, extra: &[&str]) -> (TempDir, PathBuf) {
    let out = tempfile::tempdir().expect("tempdir");
    let site = out.path().join("site");
    let output = aims(root)
        .args(["site", "--today", TODAY])
        .args(extra)
        .arg("--out")
        .arg(&site)
        .output()
        .expect("aims runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    (out, site)
}

/// Builds the site of `root` (see [`build_site`]) and reads one of its pages.
pub fn site_page(root: &Path, page: &str) -> String {
    let (_out, site) = build_site(root, &[]);
    std::fs::read_to_string(site.join(page)).expect("page")
}

/// The base fixture's CEO, who may approve every base document.
pub const BASE_CEO: (&str, &str) = ("Cleo CEO", "ceo@base.example");

/// `aims ARGS` in `root`, which must exit 0; its standard output.
pub fn aims_ok(root: &Path, args: &[&str]) -> String {
    let output = aims(root).args(args).output().expect("aims runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "aims {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// `aims approve` or `aims review` by the base CEO at `when`, which must succeed.
pub fn as_base_ceo(root: &Path, when: &str, args: &[&str]) {
    git(root, &["config", "user.name", BASE_CEO.0]);
    git(root, &["config", "user.email", BASE_CEO.1]);
    let output = aims(root)
        .args(args)
        .env("GIT_AUTHOR_DATE", when)
        .env("GIT_COMMITTER_DATE", when)
        .output()
        .expect("aims runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "aims {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The base CEO approves every base document at `when`.
pub fn approve_base(root: &Path, when: &str) {
    let mut args = vec!["approve"];
    args.extend(BASE_DOCUMENTS);
    as_base_ceo(root, when, &args);
}
