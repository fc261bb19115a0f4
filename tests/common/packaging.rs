//! Helpers shared by the packaging and pre-commit tests (`tests/it/packaging.rs`,
//! `tests/it/precommit.rs`) and the slow tests that build aims again (`tests/slow.rs`): the CI
//! tools, the README's install commands, and `pre-commit try-repo` on a machine without Rust.

use super::{cases_dir, project_from_case};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A file of this repository, as text.
pub fn repo_file(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .unwrap_or_else(|error| panic!("{path}: {error}"))
}

/// The folder holding the CI tools (`.ci/run` installs them and sets `AIMS_CI_TOOLS`), checked
/// to hold each of `needed`. A test that needs them and runs without fails, saying how to run it.
pub fn ci_tools(needed: &[&str]) -> PathBuf {
    let dir = std::env::var_os("AIMS_CI_TOOLS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            panic!(
                "this test needs {}: set AIMS_CI_TOOLS to a folder holding them (.ci/run installs the tools and sets it)",
                needed.join(", ")
            )
        });
    for tool in needed {
        assert!(dir.join(tool).exists(), "{} has no {tool}", dir.display());
    }
    dir
}

/// One CI tool (see `ci_tools`).
pub fn ci_tool(name: &str) -> PathBuf {
    ci_tools(&[name]).join(name)
}

/// The `sh` code blocks of the README's Install section, in order.
pub fn install_blocks() -> Vec<String> {
    let readme = repo_file("README.md");
    let start = readme.find("\n## Install\n").expect("an Install section");
    let section = &readme[start + 1..];
    let section = &section[..section[3..]
        .find("\n## ")
        .map_or(section.len(), |end| end + 3)];
    section
        .split("```sh\n")
        .skip(1)
        .map(|block| block[..block.find("```").expect("closed block")].to_owned())
        .collect()
}

/// The command of a README line, without its trailing comment.
pub fn readme_command(line: &str) -> &str {
    line.split("  #").next().unwrap_or(line).trim()
}

pub const BAD_RECORD: &str =
    "---\nid: REC-001\nkind: record\ntitle: Training\nowner: not-an-email\nstatus: active\n---\n";
pub const GOOD_RECORD: &str = "---\nid: REC-001\nkind: record\ntitle: Training\nowner: lead@base.example\nstatus: active\n---\n";

/// The base AIMS (`tests/cases/base`) in a fresh repository.
pub fn base_repo() -> tempfile::TempDir {
    project_from_case(&cases_dir().join("base-only"))
}

/// PATH without any folder that holds cargo or rustc: a machine with Python but no Rust.
pub fn path_without_rust(first: &[&Path]) -> String {
    let mut dirs: Vec<PathBuf> = first.iter().map(|dir| dir.to_path_buf()).collect();
    let current = std::env::var_os("PATH").unwrap_or_default();
    for dir in std::env::split_paths(&current) {
        if !dir.join("cargo").exists() && !dir.join("rustc").exists() {
            dirs.push(dir);
        }
    }
    let joined = std::env::join_paths(&dirs).unwrap();
    let joined = joined.to_string_lossy().into_owned();
    for dir in std::env::split_paths(&joined) {
        assert!(!dir.join("cargo").exists() && !dir.join("rustc").exists());
    }
    joined
}

pub fn output_text(output: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// Runs `pre-commit try-repo REPO HOOK` in `root` with the given environment; returns
/// (success, output).
pub fn try_repo(
    tools: &Path,
    hook_repo: &Path,
    hook: &str,
    root: &Path,
    home: &Path,
    env: &[(&str, String)],
) -> (bool, String) {
    let mut command = Command::new(tools.join("pre-commit"));
    command
        .args(["try-repo"])
        .arg(hook_repo)
        .args([hook, "--verbose"])
        .current_dir(root)
        .env("PRE_COMMIT_HOME", home)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env_remove("AIMS_BIN");
    for (key, value) in env {
        command.env(key, value);
    }
    let output = command.output().unwrap();
    (output.status.success(), output_text(&output))
}
