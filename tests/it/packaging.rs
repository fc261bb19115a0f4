//! How aims is shipped: the PyPI package and the pre-commit placeholder agree with Cargo.toml,
//! the release workflow builds every archive the Action can download, and every workflow, the
//! composite action and the shell scripts pass actionlint and shellcheck.
//!
//! The lint tests need actionlint and shellcheck: they are `#[ignore]`d (reported as ignored,
//! never as passed) unless run with `--include-ignored`, which `.ci/run` does after installing
//! the tools from PyPI into a virtual environment named by `AIMS_CI_TOOLS`. The README's `pip
//! install` and `cargo install` commands, which build aims again, are in `tests/slow.rs`.

use crate::common;
use crate::common::packaging::{ci_tool, install_blocks, readme_command, repo_file};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::Command;

fn yaml(path: &str) -> Value {
    aims::load::yaml::parse_mapping(&repo_file(path), 1, aims::diagnostic::Span::START)
        .unwrap_or_else(|_| panic!("{path} is valid YAML"))
        .value
}

#[test]
fn the_pre_commit_placeholder_pins_this_version() {
    let version = env!("CARGO_PKG_VERSION");
    let setup = repo_file("setup.py");
    assert!(
        setup.contains(&format!("AIMS_VERSION = \"{version}\"")),
        "setup.py must pin aims-42001=={version} (Cargo.toml's version)"
    );
    assert!(setup.contains("install_requires=[f\"aims-42001=={AIMS_VERSION}\"]"));
    // The placeholder must not be the maturin project, or pre-commit would compile.
    assert!(
        !Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("pyproject.toml")
            .exists()
    );
    let pyproject = repo_file("pypi/pyproject.toml");
    for line in [
        "name = \"aims-42001\"",
        "dynamic = [\"version\"]",
        "bindings = \"bin\"",
        "manifest-path = \"../Cargo.toml\"",
        "build-backend = \"maturin\"",
    ] {
        assert!(pyproject.contains(line), "pypi/pyproject.toml lacks {line}");
    }
}

/// The targets `action/install.sh` maps runners to.
fn action_targets() -> Vec<String> {
    let script = repo_file("action/install.sh");
    let start = script
        .find("target_for() {")
        .expect("target_for in install.sh");
    let body = &script[start
        ..script[start..]
            .find("\n}")
            .map_or(script.len(), |end| start + end)];
    body.lines()
        .filter_map(|line| line.split_once(") echo ").map(|(_, target)| target.trim()))
        .filter(|target| !target.starts_with('"'))
        .map(|target| target.trim_end_matches(" ;;").to_owned())
        .collect()
}

#[test]
fn the_release_builds_every_archive_the_action_can_download() {
    let release = yaml(".github/workflows/release.yml");
    let matrix = release["jobs"]["build"]["strategy"]["matrix"]["include"]
        .as_array()
        .expect("a build matrix");
    let archived: Vec<&str> = matrix
        .iter()
        .filter(|entry| entry["archive"] == json!(true))
        .filter_map(|entry| entry["target"].as_str())
        .collect();
    let targets = action_targets();
    assert_eq!(targets.len(), 5, "{targets:?}");
    for target in &targets {
        assert!(
            archived.contains(&target.as_str()),
            "the action downloads {target}, which the release does not archive"
        );
    }
    let wheels: Vec<&str> = matrix
        .iter()
        .filter_map(|entry| entry["target"].as_str())
        .collect();
    for wanted in [
        "x86_64-unknown-linux-gnu",
        "aarch64-unknown-linux-gnu",
        "x86_64-unknown-linux-musl",
        "aarch64-unknown-linux-musl",
        "x86_64-apple-darwin",
        "aarch64-apple-darwin",
        "x86_64-pc-windows-msvc",
    ] {
        assert!(wheels.contains(&wanted), "no wheel for {wanted}");
    }
    let text = repo_file(".github/workflows/release.yml");
    for script in ["scripts/package-release.sh", "scripts/pin-checksums.sh"] {
        assert!(text.contains(script), "release.yml does not run {script}");
    }
}

/// action.yml as a reusable workflow, so actionlint checks its expressions and shellcheck its
/// `run` scripts (actionlint reads workflows, not action metadata).
fn action_as_workflow() -> Value {
    let action = yaml("action.yml");
    let inputs: serde_json::Map<String, Value> = action["inputs"]
        .as_object()
        .expect("inputs")
        .iter()
        .map(|(name, input)| {
            (
                name.clone(),
                json!({
                    "description": input["description"],
                    "required": false,
                    "type": "string",
                    "default": input["default"],
                }),
            )
        })
        .collect();
    json!({
        "name": "action.yml as a workflow (written by tests/it/packaging.rs)",
        "on": {"workflow_call": {"inputs": inputs}},
        "permissions": {"contents": "read"},
        "jobs": {"action": {"runs-on": "ubuntu-latest", "steps": action["runs"]["steps"]}},
    })
}

fn run_tool(tool: &Path, args: &[&str], files: &[PathBuf]) -> (bool, String) {
    let tools = tool.parent().expect("in a folder");
    let output = Command::new(tool)
        .args(args)
        .args(files)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env(
            "PATH",
            format!(
                "{}:{}",
                tools.display(),
                std::env::var("PATH").unwrap_or_default()
            ),
        )
        .output()
        .unwrap_or_else(|error| panic!("{}: {error}", tool.display()));
    (
        output.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ),
    )
}

#[test]
#[ignore = "needs actionlint and shellcheck; .ci/run installs them and runs it"]
fn workflows_and_the_action_pass_actionlint() {
    let actionlint = ci_tool("actionlint");
    // shellcheck must be found, or actionlint silently skips the run scripts.
    ci_tool("shellcheck");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join(".github/workflows"))
        .unwrap()
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| {
            path.extension()
                .is_some_and(|ext| ext == "yml" || ext == "yaml")
        })
        .collect();
    files.sort();
    assert!(files.len() >= 2, "{files:?}");
    files.push(root.join("examples/github/aims.yml"));
    let scratch = tempfile::tempdir().unwrap();
    let converted = scratch.path().join("action.yml");
    std::fs::write(
        &converted,
        serde_json::to_string_pretty(&action_as_workflow()).unwrap(),
    )
    .unwrap();
    files.push(converted.clone());
    let (ok, text) = run_tool(&actionlint, &["-no-color"], &files);
    assert!(ok, "actionlint found problems:\n{text}");
    // And it does find problems: a broken expression in the converted action is reported.
    let mut broken = action_as_workflow();
    broken["jobs"]["action"]["steps"][0]["env"]["BROKEN"] = json!("${{ inputs.no-such-input }}");
    std::fs::write(&converted, serde_json::to_string(&broken).unwrap()).unwrap();
    let (ok, text) = run_tool(&actionlint, &["-no-color"], &[converted]);
    assert!(!ok && text.contains("no-such-input"), "{text}");
}

#[test]
#[ignore = "needs shellcheck; .ci/run installs it and runs it"]
fn shell_scripts_pass_shellcheck() {
    let shellcheck = ci_tool("shellcheck");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let files: Vec<PathBuf> = [
        "action/install.sh",
        "scripts/package-release.sh",
        "scripts/pin-checksums.sh",
        ".ci/run",
    ]
    .iter()
    .map(|path| root.join(path))
    .collect();
    let (ok, text) = run_tool(&shellcheck, &[], &files);
    assert!(ok, "shellcheck found problems:\n{text}");
}

#[test]
fn the_readme_starts_with_the_newcomer_commands_then_install() {
    let readme = repo_file("README.md");
    assert!(readme.starts_with(
        "# aims\n\n```sh\ncargo run --release -- demo   # build a sample AIMS with 15 months of git history, check it, build its site\ncargo test --locked           # run the test suite\n```\n\n## Install\n"
    ));
    let blocks = install_blocks();
    assert_eq!(blocks.len(), 3, "{blocks:?}");
    let lines: Vec<&str> = blocks[0].lines().map(readme_command).collect();
    assert_eq!(lines, ["pip install aims-42001"]);
    let lines: Vec<&str> = blocks[1].lines().map(readme_command).collect();
    assert_eq!(
        lines,
        [
            "cargo install --locked --path .",
            "cargo install --locked --git https://github.com/<owner>/aims aims"
        ]
    );
    // The archive example names this version.
    assert!(
        blocks[2].starts_with(&format!("version={} ", env!("CARGO_PKG_VERSION"))),
        "{}",
        blocks[2]
    );
}

/// The README's archive commands, run as written against a release served from 127.0.0.1
/// (the base URL and the target are the only words replaced).
#[test]
fn the_readme_archive_commands_download_verify_and_run() {
    let server = common::release::ReleaseServer::serve(common::release::release_dir());
    let block = install_blocks().remove(2);
    let mut script = String::new();
    for line in block.lines() {
        let line = if line.starts_with("version=") {
            format!(
                "version={} target={}",
                common::release::RELEASE_VERSION,
                common::release::release_target()
            )
        } else if line.starts_with("base=") {
            format!("base={}", server.url)
        } else {
            line.to_owned()
        };
        script.push_str(&line);
        script.push('\n');
    }
    assert!(block.contains("base=https://github.com/<owner>/aims/releases/download\n"));
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new("bash")
        .args(["--noprofile", "--norc", "-euo", "pipefail", "-c", &script])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "{script}\n{text}");
    assert!(
        text.contains(&format!("{}: OK", common::release::release_archive())),
        "{text}"
    );
    assert!(
        text.contains(&format!("aims {}", env!("CARGO_PKG_VERSION"))),
        "{text}"
    );
    assert_eq!(server.requests(), 2);
}
