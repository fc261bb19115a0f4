//! `action.yml`: valid YAML, every input used, and its run steps, executed locally with a
//! simulated GitHub Actions environment, produce annotations, a job summary and SARIF, fail the
//! job on errors, and warn about shallow checkouts.

use crate::common::release::*;
use crate::common::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn action() -> Value {
    action_at(Path::new(env!("CARGO_MANIFEST_DIR")))
}

fn action_at(dir: &Path) -> Value {
    let text = std::fs::read_to_string(dir.join("action.yml")).unwrap();
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

/// Replaces `${{ inputs.x }}`, `${{ steps.s.outputs.o }}` and `${{ github.action_path }}` the
/// way the runner does; any other expression left in a run step's text is a test failure.
fn expand(text: &str, inputs: &BTreeMap<&str, String>, job: &JobState) -> String {
    let mut out = text.replace("${{ github.action_path }}", &job.action_path);
    for (name, value) in inputs {
        out = out.replace(&format!("${{{{ inputs.{name} }}}}"), value);
    }
    for (step, outputs) in &job.outputs {
        for (name, value) in outputs {
            out = out.replace(&format!("${{{{ steps.{step}.outputs.{name} }}}}"), value);
        }
    }
    // Outputs a step never wrote are empty strings, as on the runner.
    while let Some(start) = out.find("${{ steps.") {
        let Some(length) = out[start..].find("}}") else {
            break;
        };
        out.replace_range(start..start + length + 2, "");
    }
    out
}

/// The `if:` conditions the action uses: `steps.ID.outputs.NAME == 'VALUE'`.
fn condition_holds(condition: &str, job: &JobState) -> bool {
    let (left, right) = condition
        .split_once("==")
        .unwrap_or_else(|| panic!("the test runner cannot evaluate `if: {condition}`"));
    let path: Vec<&str> = left.trim().split('.').collect();
    let ["steps", step, "outputs", name] = path[..] else {
        panic!("the test runner cannot evaluate `if: {condition}`");
    };
    let expected = right.trim().trim_matches('\'');
    job.outputs
        .get(step)
        .and_then(|outputs| outputs.get(name))
        .map_or("", String::as_str)
        == expected
}

struct JobState {
    action_path: String,
    outputs: BTreeMap<String, BTreeMap<String, String>>,
}

struct Run {
    stdout: String,
    failed_step: Option<String>,
    /// `actions/cache` steps that ran: (key, hit).
    caches: Vec<(String, bool)>,
    /// From the job's start to the start of the Lint step.
    to_lint: Option<std::time::Duration>,
}

/// How to run the action: where it lives, what the runner looks like, and a cache store that
/// stands in for `actions/cache` (restored before the step, saved after a successful job).
struct Job {
    action_path: PathBuf,
    aims_bin: Option<PathBuf>,
    cache_store: Option<PathBuf>,
    env: Vec<(String, String)>,
}

impl Job {
    /// The action as checked out here, with `AIMS_BIN` set to the test binary.
    fn with_test_binary() -> Job {
        Job {
            action_path: PathBuf::from(env!("CARGO_MANIFEST_DIR")),
            aims_bin: Some(assert_cmd::cargo::cargo_bin("aims")),
            cache_store: None,
            env: Vec::new(),
        }
    }
}

/// Parses `KEY=VALUE` lines (and `KEY<<EOF` blocks) as the runner reads GITHUB_ENV/GITHUB_OUTPUT.
fn read_key_values(path: &Path) -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let mut values = BTreeMap::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if let Some((key, value)) = line.split_once('=') {
            values.insert(key.to_owned(), value.to_owned());
        } else if let Some((key, delimiter)) = line.split_once("<<") {
            let block: Vec<&str> = lines.by_ref().take_while(|l| *l != delimiter).collect();
            values.insert(key.to_owned(), block.join("\n"));
        }
    }
    values
}

/// Runs the action's steps in order, like the runner: `run` steps with bash -e -o pipefail,
/// GITHUB_ENV and step outputs carried into later steps, `if:` conditions, `actions/cache`
/// emulated with `Job::cache_store`, the first failing step stopping the job.
fn run_job(
    job: &Job,
    workspace: &Path,
    inputs: &[(&str, &str)],
    extra_env: &[(&str, String)],
) -> (Run, tempfile::TempDir) {
    let started = std::time::Instant::now();
    let action = action_at(&job.action_path);
    let runner = tempfile::tempdir().unwrap();
    let mut state = JobState {
        action_path: job.action_path.display().to_string(),
        outputs: BTreeMap::new(),
    };
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
    let temp = runner.path().join("temp");
    std::fs::create_dir_all(&temp).unwrap();
    let mut carried: BTreeMap<String, String> = BTreeMap::new();
    let mut run = Run {
        stdout: String::new(),
        failed_step: None,
        caches: Vec::new(),
        to_lint: None,
    };
    let mut to_save: Vec<(String, PathBuf)> = Vec::new();
    for (position, step) in action["runs"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
    {
        if let Some(condition) = step["if"].as_str()
            && !condition_holds(condition, &state)
        {
            continue;
        }
        let name = step["name"].as_str().unwrap_or_default().to_owned();
        if name == "Lint" {
            run.to_lint = Some(started.elapsed());
        }
        if let Some(uses) = step["uses"].as_str() {
            assert!(uses.starts_with("actions/cache@"), "unexpected step {uses}");
            let Some(store) = &job.cache_store else {
                continue;
            };
            let key = expand(step["with"]["key"].as_str().unwrap(), &values, &state);
            let path = expand(step["with"]["path"].as_str().unwrap(), &values, &state);
            assert!(!path.contains('\n'), "only single-path caches are emulated");
            let saved = store.join(&key);
            let hit = saved.is_dir();
            if hit {
                copy_dir(&saved, Path::new(&path));
            } else {
                to_save.push((key.clone(), PathBuf::from(&path)));
            }
            run.caches.push((key, hit));
            continue;
        }
        let Some(script) = step["run"].as_str() else {
            continue;
        };
        let script = expand(script, &values, &state);
        let dir = step["working-directory"]
            .as_str()
            .map(|d| expand(d, &values, &state))
            .unwrap_or_else(|| ".".to_owned());
        let github_output = runner.path().join(format!("output-{position}"));
        std::fs::write(&github_output, "").unwrap();
        let mut command = std::process::Command::new("bash");
        command
            .args(["--noprofile", "--norc", "-eo", "pipefail", "-c", &script])
            .current_dir(workspace.join(dir))
            .env("GITHUB_ACTIONS", "true")
            .env("GITHUB_ACTION_PATH", &job.action_path)
            .env("GITHUB_ACTION_REPOSITORY", "example/aims")
            .env("GITHUB_SERVER_URL", "http://127.0.0.1:9")
            .env("GITHUB_WORKSPACE", workspace)
            .env("GITHUB_ENV", &github_env)
            .env("GITHUB_OUTPUT", &github_output)
            .env("GITHUB_STEP_SUMMARY", runner.path().join("summary.md"))
            .env("RUNNER_OS", runner_os())
            .env("RUNNER_ARCH", runner_arch())
            .env("RUNNER_TEMP", &temp)
            .env_remove("AIMS_BIN")
            .env_remove("AIMS_RELEASE_URL")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null");
        if let Some(binary) = &job.aims_bin {
            command.env("AIMS_BIN", binary);
        }
        for (key, value) in job.env.iter().map(|(k, v)| (k.as_str(), v.clone())) {
            command.env(key, value);
        }
        for (key, value) in extra_env {
            command.env(key, value);
        }
        for (key, value) in step["env"].as_object().into_iter().flatten() {
            command.env(
                key,
                expand(value.as_str().unwrap_or_default(), &values, &state),
            );
        }
        command.envs(&carried);
        let output = command.output().unwrap();
        run.stdout
            .push_str(&String::from_utf8_lossy(&output.stdout));
        run.stdout
            .push_str(&String::from_utf8_lossy(&output.stderr));
        carried.extend(read_key_values(&github_env));
        if let Some(id) = step["id"].as_str() {
            state
                .outputs
                .insert(id.to_owned(), read_key_values(&github_output));
        }
        if !output.status.success() {
            run.failed_step = Some(name);
            return (run, runner);
        }
    }
    // actions/cache saves in its post step, and only when the job succeeded.
    if let Some(store) = &job.cache_store {
        for (key, path) in to_save {
            if path.is_dir() {
                copy_dir(&path, &store.join(key));
            }
        }
    }
    (run, runner)
}

/// The action's `run` steps with the test binary as `AIMS_BIN`.
fn run_action(
    workspace: &Path,
    inputs: &[(&str, &str)],
    extra_env: &[(&str, String)],
) -> (Run, tempfile::TempDir) {
    run_job(&Job::with_test_binary(), workspace, inputs, extra_env)
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

/// A copy of the action (action.yml, Cargo.toml, action/) whose checksums file pins the test
/// release, written by scripts/pin-checksums.sh as the release workflow does; `pin: false`
/// leaves the checksums file as committed (no release pinned for this version).
fn action_copy(pin: bool) -> tempfile::TempDir {
    let source = Path::new(env!("CARGO_MANIFEST_DIR"));
    let copy = tempfile::tempdir().unwrap();
    std::fs::copy(source.join("action.yml"), copy.path().join("action.yml")).unwrap();
    std::fs::write(
        copy.path().join("Cargo.toml"),
        format!("[package]\nname = \"aims\"\nversion = \"{RELEASE_VERSION}\"\n"),
    )
    .unwrap();
    copy_dir(&source.join("action"), &copy.path().join("action"));
    if pin {
        let output = std::process::Command::new("bash")
            .arg(source.join("scripts/pin-checksums.sh"))
            .arg(release_dir().join(format!("v{RELEASE_VERSION}")))
            .arg(copy.path().join("action/checksums.txt"))
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    copy
}

/// A repository with one error finding, for the action to lint.
fn repo_with_an_error() -> tempfile::TempDir {
    let repo = project_from_case(&cases_dir().join("base-only"));
    std::fs::write(
        repo.path().join("aims/new.md"),
        "---\nid: REC-NEW\nkind: record\ntitle: New\nowner: nobody\nstatus: draft\n---\n",
    )
    .unwrap();
    git(repo.path(), &["add", "-A"]);
    git(repo.path(), &["commit", "-qm", "Add a record"]);
    repo
}

fn download_job(action: &Path, cache: &Path) -> Job {
    Job {
        action_path: action.to_owned(),
        aims_bin: None,
        cache_store: Some(cache.to_owned()),
        env: Vec::new(),
    }
}

#[test]
fn downloads_verifies_and_caches_the_pinned_release() {
    let server = ReleaseServer::serve(release_dir());
    let action = action_copy(true);
    let cache = tempfile::tempdir().unwrap();
    let repo = repo_with_an_error();
    let job = download_job(action.path(), cache.path());
    let inputs = [("release-url", server.url.as_str())];

    // Cold cache: one download, verified, then the lint runs with the downloaded binary.
    let (cold, _) = run_job(&job, repo.path(), &inputs, &[]);
    assert_eq!(cold.failed_step.as_deref(), Some("Lint"), "{}", cold.stdout);
    assert!(
        cold.stdout.contains(&format!(
            "aims {RELEASE_VERSION} for {}: downloaded and verified",
            release_target()
        )),
        "{}",
        cold.stdout
    );
    assert!(
        cold.stdout.contains("::error file=aims/new.md"),
        "{}",
        cold.stdout
    );
    assert_eq!(server.requests(), 1);
    assert_eq!(cold.caches.len(), 1, "only the release cache step runs");
    assert!(!cold.caches[0].1, "a cold cache misses");
    assert!(cold.caches[0].0.contains(&release_archive()));

    // The lint failed the job, so actions/cache saved nothing; a passing job saves it.
    let (passing, _) = run_job(
        &job,
        repo.path(),
        &[inputs[0], ("fail-level", "never")],
        &[],
    );
    assert_eq!(passing.failed_step, None, "{}", passing.stdout);
    assert_eq!(server.requests(), 2);

    // Warm cache: no download, the cached archive is verified again before use.
    let (warm, _) = run_job(&job, repo.path(), &inputs, &[]);
    assert_eq!(warm.failed_step.as_deref(), Some("Lint"), "{}", warm.stdout);
    assert!(warm.caches[0].1, "the second job hits the cache");
    assert!(
        warm.stdout.contains("cached archive verified"),
        "{}",
        warm.stdout
    );
    assert_eq!(server.requests(), 2, "a warm cache downloads nothing");
    eprintln!(
        "time to first lint (local release server): cold cache {:?}, warm cache {:?}",
        cold.to_lint.unwrap_or_default(),
        warm.to_lint.unwrap_or_default()
    );

    // A cache whose archive was altered is not trusted: the archive is downloaded again.
    let saved = std::fs::read_dir(cache.path())
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let cached = saved.join(release_archive());
    let mut bytes = std::fs::read(&cached).unwrap();
    bytes.extend_from_slice(b"tampered");
    std::fs::write(&cached, bytes).unwrap();
    let (poisoned, _) = run_job(&job, repo.path(), &inputs, &[]);
    assert!(
        poisoned.stdout.contains("downloaded and verified"),
        "{}",
        poisoned.stdout
    );
    assert_eq!(server.requests(), 3);
}

#[test]
fn a_tampered_release_archive_is_refused() {
    // The server holds an archive of the right name whose bytes differ from the pinned ones.
    let tampered = tempfile::tempdir().unwrap();
    copy_dir(release_dir(), tampered.path());
    let archive = tampered
        .path()
        .join(format!("v{RELEASE_VERSION}"))
        .join(release_archive());
    let mut bytes = std::fs::read(&archive).unwrap();
    bytes.extend_from_slice(b"\0");
    std::fs::write(&archive, bytes).unwrap();
    let server = ReleaseServer::serve(tampered.path());
    let action = action_copy(true);
    let cache = tempfile::tempdir().unwrap();
    let repo = repo_with_an_error();
    let job = download_job(action.path(), cache.path());
    let (run, runner) = run_job(&job, repo.path(), &[("release-url", &server.url)], &[]);
    assert_eq!(
        run.failed_step.as_deref(),
        Some("Install aims"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(&format!(
            "::error title=aims: installation failed::checksum mismatch for {}",
            release_archive()
        )),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("The download was refused and nothing was run."),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("::error file="), "the lint never ran");
    // Nothing of the refused download stays behind, and nothing was cached.
    let dir = runner
        .path()
        .join("temp")
        .join(format!("aims-{RELEASE_VERSION}-{}", release_target()));
    let left: Vec<_> = std::fs::read_dir(&dir)
        .map(|entries| entries.flatten().map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "{left:?}");
    assert_eq!(std::fs::read_dir(cache.path()).unwrap().count(), 0);
}

#[test]
fn a_pinned_release_that_cannot_be_downloaded_fails_clearly() {
    let empty = tempfile::tempdir().unwrap();
    let server = ReleaseServer::serve(empty.path());
    let action = action_copy(true);
    let cache = tempfile::tempdir().unwrap();
    let repo = repo_with_an_error();
    let job = download_job(action.path(), cache.path());
    let (run, _) = run_job(&job, repo.path(), &[("release-url", &server.url)], &[]);
    assert_eq!(
        run.failed_step.as_deref(),
        Some("Install aims"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(&format!(
            "could not download {}/v{RELEASE_VERSION}/{}",
            server.url,
            release_archive()
        )),
        "{}",
        run.stdout
    );
}

/// With AIMS_BIN unset and no release pinned for the version, the action builds from source.
/// `cargo` is a stub here (a full release build takes minutes): it records its arguments and
/// puts this test's binary where `cargo build --release --target-dir …` would.
#[test]
fn without_a_pinned_release_it_builds_from_source_with_a_stubbed_cargo() {
    let action = action_copy(false);
    let repo = repo_with_an_error();
    let stub = tempfile::tempdir().unwrap();
    let log = stub.path().join("cargo-args");
    std::fs::write(
        stub.path().join("cargo"),
        format!(
            "#!/usr/bin/env bash\nprintf '%s\\n' \"$@\" > '{}'\nwhile [ \"$#\" -gt 0 ]; do\n  if [ \"$1\" = --target-dir ]; then dir=\"$2\"; fi\n  shift\ndone\nmkdir -p \"$dir/release\"\ncp '{}' \"$dir/release/aims\"\n",
            log.display(),
            assert_cmd::cargo::cargo_bin("aims").display()
        ),
    )
    .unwrap();
    std::process::Command::new("chmod")
        .arg("+x")
        .arg(stub.path().join("cargo"))
        .status()
        .unwrap();
    let path = format!(
        "{}:{}",
        stub.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let cache = tempfile::tempdir().unwrap();
    let mut job = download_job(action.path(), cache.path());
    job.env.push(("PATH".to_owned(), path));
    // The source build's cache lists several paths; the emulation covers only the release one.
    job.cache_store = None;
    let (run, _) = run_job(&job, repo.path(), &[], &[]);
    assert_eq!(run.failed_step.as_deref(), Some("Lint"), "{}", run.stdout);
    assert!(
        run.stdout.contains(&format!(
            "::notice title=aims::no prebuilt aims {RELEASE_VERSION} release for {}/{} is pinned in this action; building from source",
            runner_os(),
            runner_arch()
        )),
        "{}",
        run.stdout
    );
    let args = std::fs::read_to_string(&log).unwrap();
    let manifest = action.path().join("Cargo.toml");
    assert_eq!(
        args.lines().collect::<Vec<_>>(),
        vec![
            "build",
            "--release",
            "--locked",
            "--manifest-path",
            &manifest.display().to_string(),
            "--target-dir",
            &action.path().join("target").display().to_string(),
        ]
    );
    assert!(
        run.stdout.contains("::error file=aims/new.md"),
        "the source-built binary ran the lint: {}",
        run.stdout
    );

    // A platform without release archives also builds from source, even with a version pinned.
    let pinned = action_copy(true);
    let mut job = download_job(pinned.path(), cache.path());
    job.cache_store = None;
    job.env.push((
        "PATH".to_owned(),
        format!(
            "{}:{}",
            stub.path().display(),
            std::env::var("PATH").unwrap_or_default()
        ),
    ));
    let (run, _) = run_job(
        &job,
        repo.path(),
        &[],
        &[("RUNNER_OS", "FreeBSD".to_owned())],
    );
    assert!(
        run.stdout.contains("building from source"),
        "{}",
        run.stdout
    );
}
