//! `action.yml`: valid YAML, every input used, and its run steps, executed locally with a
//! simulated GitHub Actions environment, produce annotations, a job summary and SARIF, fail the
//! job on errors, and warn about shallow checkouts.

mod common;

use common::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

fn action() -> Value {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("action.yml")).unwrap();
    aims::load::yaml::parse_mapping(&text, 1, aims::diagnostic::Span::START)
        .expect("action.yml is valid YAML")
        .value
}

#[test]
fn every_input_is_documented_and_used() {
    let action = action();
    assert_eq!(action["runs"]["using"], "composite");
    let steps = serde_json::to_string(&action["runs"]["steps"]).unwrap();
    let inputs = action["inputs"].as_object().unwrap();
    assert!(inputs.len() >= 4);
    for (name, input) in inputs {
        assert!(
            input["description"].as_str().is_some_and(|d| !d.is_empty()),
            "{name} has no description"
        );
        assert!(
            steps.contains(&format!("inputs.{name}")),
            "input {name} is never used"
        );
    }
    for step in action["runs"]["steps"].as_array().unwrap() {
        assert!(
            step.get("uses").is_some() || step["shell"] == "bash",
            "every run step names its shell: {step}"
        );
    }
}

/// Replaces `${{ inputs.x }}` and `${{ github.action_path }}` the way the runner does.
fn expand(text: &str, inputs: &BTreeMap<&str, String>, action_path: &str) -> String {
    let mut out = text.replace("${{ github.action_path }}", action_path);
    for (name, value) in inputs {
        out = out.replace(&format!("${{{{ inputs.{name} }}}}"), value);
    }
    out
}

struct Run {
    stdout: String,
    failed_step: Option<String>,
}

/// Runs the action's `run` steps in order, like the runner: bash -e -o pipefail, GITHUB_ENV
/// carried into later steps, the first failing step stopping the job.
fn run_action(
    workspace: &Path,
    inputs: &[(&str, &str)],
    extra_env: &[(&str, String)],
) -> (Run, tempfile::TempDir) {
    let action = action();
    let runner = tempfile::tempdir().unwrap();
    let action_path = env!("CARGO_MANIFEST_DIR").to_owned();
    let mut values: BTreeMap<&str, String> = action["inputs"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(name, input)| {
            (
                name.as_str(),
                input["default"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    for (name, value) in inputs {
        values.insert(name, (*value).to_owned());
    }
    let github_env = runner.path().join("env");
    std::fs::write(&github_env, "").unwrap();
    let mut carried: BTreeMap<String, String> = BTreeMap::new();
    let mut stdout = String::new();
    for step in action["runs"]["steps"].as_array().unwrap() {
        let Some(script) = step["run"].as_str() else {
            continue;
        };
        let script = expand(script, &values, &action_path);
        let dir = step["working-directory"]
            .as_str()
            .map(|d| expand(d, &values, &action_path))
            .unwrap_or_else(|| ".".to_owned());
        let mut command = std::process::Command::new("bash");
        command
            .args(["--noprofile", "--norc", "-eo", "pipefail", "-c", &script])
            .current_dir(workspace.join(dir))
            .env("GITHUB_ACTIONS", "true")
            .env("GITHUB_ACTION_PATH", &action_path)
            .env("GITHUB_WORKSPACE", workspace)
            .env("GITHUB_ENV", &github_env)
            .env("GITHUB_STEP_SUMMARY", runner.path().join("summary.md"))
            .env("RUNNER_TEMP", runner.path())
            .env("AIMS_BIN", assert_cmd::cargo::cargo_bin("aims"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null");
        for (key, value) in extra_env {
            command.env(key, value);
        }
        for (key, value) in step["env"].as_object().into_iter().flatten() {
            command.env(
                key,
                expand(value.as_str().unwrap_or_default(), &values, &action_path),
            );
        }
        command.envs(&carried);
        let output = command.output().unwrap();
        stdout.push_str(&String::from_utf8_lossy(&output.stdout));
        for line in std::fs::read_to_string(&github_env).unwrap().lines() {
            if let Some((key, value)) = line.split_once('=') {
                carried.insert(key.to_owned(), value.to_owned());
            }
        }
        if !output.status.success() {
            return (
                Run {
                    stdout,
                    failed_step: Some(step["name"].as_str().unwrap_or_default().to_owned()),
                },
                runner,
            );
        }
    }
    (
        Run {
            stdout,
            failed_step: None,
        },
        runner,
    )
}

#[test]
fn run_steps_annotate_summarise_and_fail_on_errors() {
    let repo = project_from_case(&cases_dir().join("base-only"));
    let root = repo.path();
    git(root, &["update-ref", "refs/remotes/origin/main", "HEAD"]);
    std::fs::write(
        root.join("aims/new.md"),
        "---\nid: REC-NEW\nkind: record\ntitle: New\nowner: nobody\nstatus: draft\n---\n",
    )
    .unwrap();
    git(root, &["add", "-A"]);
    git_at(
        root,
        &["commit", "-qm", "Add a record"],
        "2026-02-01T10:00:00+00:00",
    );

    let (run, runner) = run_action(
        root,
        &[("sarif", "out/aims.sarif")],
        &[("GITHUB_BASE_REF", "main".to_owned())],
    );
    assert_eq!(run.failed_step.as_deref(), Some("Lint"), "{}", run.stdout);
    assert!(
        run.stdout.contains("::error file=aims/new.md,line=5,col=8"),
        "{}",
        run.stdout
    );
    let summary = std::fs::read_to_string(runner.path().join("summary.md")).unwrap();
    assert!(summary.starts_with("## ❌ aims: 1 error"), "{summary}");
    assert!(summary.contains("compared with `origin/main`"), "{summary}");
    assert!(
        summary.contains("| `REC-NEW` aims/new.md | added |"),
        "{summary}"
    );
    let sarif: Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("out/aims.sarif")).unwrap())
            .unwrap();
    assert_eq!(sarif["version"], "2.1.0");

    // fail-level: never lets the job pass with the same findings.
    let (run, _) = run_action(
        root,
        &[("fail-level", "never")],
        &[("GITHUB_BASE_REF", "main".to_owned())],
    );
    assert_eq!(run.failed_step, None, "{}", run.stdout);
    assert!(run.stdout.contains("::error file=aims/new.md"));
}

#[test]
fn shallow_checkouts_get_a_clear_warning() {
    let repo = project_from_case(&cases_dir().join("base-only"));
    git_at(
        repo.path(),
        &["commit", "-q", "--allow-empty", "-m", "second"],
        "2026-01-02T10:00:00+00:00",
    );
    let clone = tempfile::tempdir().unwrap();
    let status = std::process::Command::new("git")
        .args(["clone", "-q", "--depth", "1"])
        .arg(format!("file://{}", repo.path().display()))
        .arg(clone.path().join("work"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .status()
        .unwrap();
    assert!(status.success());
    let (run, _) = run_action(&clone.path().join("work"), &[], &[]);
    assert!(
        run.stdout.contains("::warning title=aims: shallow clone::"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("fetch-depth: 0"), "{}", run.stdout);
    // And the lint itself reports the incomplete history as an error.
    assert!(run.stdout.contains("AIMS409"), "{}", run.stdout);
}
