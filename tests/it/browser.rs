//! The evidence site in a real browser: `aims site` builds the Talentwise sample, and
//! `tests/browser/check-site.mjs` drives it in headless Chromium over file:// — every page loads
//! without console errors, search finds and opens a document, navigation works without
//! JavaScript, axe-core finds no WCAG 2.1 A/AA violation on a page of every kind, no page is
//! wider than a 390, 1024 or 1366 px window — and saves screenshots of the dashboard, the SoA, a
//! document and an objective (its KPI charts) for review.
//!
//! Needs Node.js, Chromium (`/usr/bin/chromium` or `$CHROMIUM`) and `npm ci` in `tests/browser`
//! (playwright-core and axe-core),
//! so it is `#[ignore]`d: `cargo test` reports it as ignored, and `cargo test -- --include-ignored`
//! (as `.ci/run` does, after installing Chromium and the node modules) runs it and fails, naming
//! what is missing, if a prerequisite is not there.

use crate::common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// What the browser check needs that this machine lacks, if anything.
fn missing_prerequisite(chromium: &Path) -> Option<String> {
    let node = Command::new("node").arg("--version").output();
    if !node.is_ok_and(|output| output.status.success()) {
        return Some("node (Node.js) is not installed or not on PATH".to_owned());
    }
    if !chromium.is_file() {
        return Some(format!(
            "Chromium not found at {} (install Debian's `chromium` or set CHROMIUM)",
            chromium.display()
        ));
    }
    let playwright = manifest_dir().join("tests/browser/node_modules/playwright-core");
    if !playwright.is_dir() {
        return Some(format!(
            "{} is missing (run `npm ci` in tests/browser)",
            playwright.display()
        ));
    }
    None
}

/// Debian's Chromium (or `$CHROMIUM`), failing the test, naming what is missing, when a
/// prerequisite of the browser checks is not there.
fn chromium() -> PathBuf {
    let chromium = std::env::var_os("CHROMIUM")
        .filter(|value| !value.is_empty())
        .map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from);
    if let Some(reason) = missing_prerequisite(&chromium) {
        panic!("the browser test cannot run: {reason}");
    }
    chromium
}

/// Runs `tests/browser/SCRIPT SITE ARTIFACTS` with `env`, fails the test if it fails, and
/// checks each screenshot in `shots` was written; the artefacts folder is emptied first.
fn run_check(script: &str, site: &Path, artifacts: &Path, env: &[(&str, String)], shots: &[&str]) {
    let chromium = chromium();
    let _ = std::fs::remove_dir_all(artifacts);
    std::fs::create_dir_all(artifacts).unwrap();
    eprintln!("browser artefacts: {}", artifacts.display());
    let mut command = Command::new("node");
    command
        .arg(manifest_dir().join("tests/browser").join(script))
        .arg(site)
        .arg(artifacts)
        .current_dir(manifest_dir().join("tests/browser"))
        .env("CHROMIUM", &chromium);
    for (name, value) in env {
        command.env(name, value);
    }
    let output = command.output().expect("node runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    eprintln!("{stdout}{stderr}");
    assert!(
        output.status.success(),
        "{script} failed ({}):\n{stderr}",
        output.status
    );
    for shot in shots {
        let size = std::fs::metadata(artifacts.join(shot)).map_or(0, |meta| meta.len());
        assert!(
            size > 10_000,
            "{shot} missing or empty in {}",
            artifacts.display()
        );
    }
}

/// The Talentwise sample in a fresh git repository, committed once.
fn talentwise() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&manifest_dir().join("examples/talentwise"), dir.path());
    git(dir.path(), &["init", "-q", "-b", "main"]);
    std::fs::write(dir.path().join(".gitignore"), ".test-home/\n_site/\n").unwrap();
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-qm", "Talentwise AIMS"]);
    dir
}

/// The ids of the Markdown documents under `dir` that mention `needle` anywhere (frontmatter
/// or text).
fn citing_ids(dir: &Path, needle: &str) -> Vec<String> {
    let mut ids = Vec::new();
    for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
        if entry.path().extension().is_none_or(|ext| ext != "md") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
        if !text.contains(needle) {
            continue;
        }
        if let Some(id) = text
            .lines()
            .skip(1)
            .take_while(|line| *line != "---")
            .find_map(|line| line.strip_prefix("id: "))
        {
            ids.push(id.trim().trim_matches('"').to_owned());
        }
    }
    ids
}

#[test]
#[ignore = "needs Node.js, Chromium and `npm ci` in tests/browser; .ci/run installs them and runs it"]
fn site_works_in_headless_chromium() {
    chromium();
    let project = talentwise();
    let output = aims(project.path())
        .args(["site", "--out", "_site", "--today", TODAY])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "aims site failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    run_check(
        "check-site.mjs",
        &project.path().join("_site"),
        &Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser-artifacts"),
        &[(
            "EXPECT_A626",
            citing_ids(&project.path().join("aims"), "A.6.2.6").join(","),
        )],
        &["dashboard.png", "soa.png", "document.png", "objective.png"],
    );
}

/// The demo repository (`aims demo`, 100+ scripted commits) built with `--since HEAD~30`:
/// `tests/browser/check-history.mjs` checks the pages only a history gives (the diff since the
/// last approval, the upstream-changed warning and suspect links, KPI charts, the changes since
/// a revision, acceptances in the risk register, the review pack) render, pass axe, and saves
/// a screenshot of each (`history-*.png`).
#[test]
#[ignore = "needs Node.js, Chromium and `npm ci` in tests/browser; .ci/run installs them and runs it"]
fn history_pages_work_in_headless_chromium() {
    chromium();
    let parent = tempfile::tempdir().unwrap();
    let output = aims(parent.path())
        .args(["demo", "d", "--no-site", "--today", TODAY])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "aims demo failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let (_out, site) = build_site(&parent.path().join("d"), &["--since", "HEAD~30"]);
    run_check(
        "check-history.mjs",
        &site,
        &Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser-artifacts-history"),
        &[],
        &[
            "history-diff.png",
            "history-upstream.png",
            "history-traceability.png",
            "history-kpi.png",
            "history-changes.png",
            "history-risks.png",
        ],
    );
}
