//! Every rule has a failing and a passing fixture under `tests/cases/CODE/{fail*,pass*}`, each
//! an overlay on `tests/cases/base` (a small lint-clean AIMS). A failing case must produce
//! exactly its expected codes (by default only its own); a passing case must produce nothing.
//! The human output of failing cases is snapshotted, every finding in full (`--no-group`).
//!
//! Each case is a test of its own, named `CODE/VARIANT` (`AIMS402/fail`, `AIMS402/pass`), so
//! `cargo test AIMS402` runs one rule's cases and `cargo test --test rule_cases AIMS402/fail`
//! one case; a failing case does not stop the others. The cases are found at run time, hence a
//! custom harness (libtest-mimic) with the same command line as libtest's.

mod common;

use common::*;
use libtest_mimic::{Arguments, Trial};
use std::path::{Path, PathBuf};

fn main() {
    let args = Arguments::from_args();
    let mut trials = vec![
        Trial::test(
            "every_rule_has_a_failing_and_a_passing_case",
            catching(every_rule_has_a_failing_and_a_passing_case),
        ),
        Trial::test(
            "every_case_folder_is_a_rule_s",
            catching(every_case_folder_is_a_rule_s),
        ),
        Trial::test("base_project_is_clean", catching(base_project_is_clean)),
    ];
    let mut cases = 0;
    for meta in aims::check::rules::all() {
        for (variant, path) in variants(meta.code) {
            let code = meta.code;
            trials.push(Trial::test(
                format!("{code}/{variant}"),
                catching(move || run_case(code, &variant, &path)),
            ));
            cases += 1;
        }
    }
    trials.push(Trial::test(
        "at_least_64_cases",
        catching(move || assert!(cases >= 64, "only {cases} cases")),
    ));
    libtest_mimic::run(&args, trials).exit();
}

/// A test body that fails by panicking, as a libtest-mimic runner (which reports the panic).
fn catching(
    test: impl FnOnce() + Send + 'static,
) -> impl FnOnce() -> Result<(), libtest_mimic::Failed> + Send + 'static {
    move || {
        test();
        Ok(())
    }
}

fn variants(code: &str) -> Vec<(String, PathBuf)> {
    let dir = cases_dir().join(code);
    let mut found: Vec<_> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .flatten()
                .filter(|entry| entry.path().is_dir())
                .map(|entry| {
                    (
                        entry.file_name().to_string_lossy().into_owned(),
                        entry.path(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

fn run_case(code: &str, variant: &str, case: &Path) {
    let project = project_from_case(case);
    let root = project.path();
    let meta = case_meta(case);
    let failing = variant.starts_with("fail");
    // History rules (4xx), and cases that say `"history": true`, build history; the others run
    // without it, since every fixture document is committed but never approved.
    let history_flag: &[&str] = if code.starts_with("AIMS4") || meta["history"] == true {
        &[]
    } else {
        &["--no-history"]
    };
    let (exit, report) = lint_json(root, history_flag);
    let expected_codes: Vec<String> = match meta["codes"].as_array() {
        Some(codes) => codes
            .iter()
            .map(|c| c.as_str().unwrap_or_default().to_owned())
            .collect(),
        None if failing => vec![code.to_owned()],
        None => vec![],
    };
    let mut expected_codes = expected_codes;
    expected_codes.sort();
    assert_eq!(
        codes(&report),
        expected_codes,
        "{code}/{variant}: {report:#}"
    );
    let expected_exit = meta["exit"].as_i64().unwrap_or(if failing { 1 } else { 0 }) as i32;
    assert_eq!(
        exit, expected_exit,
        "{code}/{variant}: exit code; {report:#}"
    );
    for diagnostic in report["diagnostics"].as_array().into_iter().flatten() {
        assert!(
            diagnostic["line"].as_u64().unwrap_or(0) >= 1,
            "{diagnostic}"
        );
        assert!(
            diagnostic["column"].as_u64().unwrap_or(0) >= 1,
            "{diagnostic}"
        );
    }
    if failing {
        let output = aims(root)
            .args(["lint", "--today", TODAY, "--color", "never", "--no-group"])
            .args(history_flag)
            .output()
            .expect("aims runs");
        let human = String::from_utf8_lossy(&output.stdout).into_owned()
            + &String::from_utf8_lossy(&output.stderr);
        // Signing keys are made afresh for each run, so signed commits get new ids.
        let human = if meta["signed"].as_bool() == Some(true) {
            redact_commits(&human)
        } else {
            human
        };
        insta::with_settings!({snapshot_path => "snapshots/rule_cases", prepend_module_to_snapshot => false}, {
            insta::assert_snapshot!(format!("{code}_{variant}"), human);
        });
    }
}

/// `commit 0a1b2c3` → `commit [signed]`.
fn redact_commits(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("commit ") {
        let (before, after) = rest.split_at(at + "commit ".len());
        out.push_str(before);
        let id: String = after.chars().take_while(char::is_ascii_hexdigit).collect();
        if id.len() == 7 {
            out.push_str("[signed]");
            rest = &after[7..];
        } else {
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

fn every_rule_has_a_failing_and_a_passing_case() {
    let mut missing = Vec::new();
    for meta in aims::check::rules::all() {
        let names: Vec<String> = variants(meta.code)
            .into_iter()
            .map(|(name, _)| name)
            .collect();
        if !names.iter().any(|name| name.starts_with("fail")) {
            missing.push(format!("{} fail", meta.code));
        }
        if !names.iter().any(|name| name.starts_with("pass")) {
            missing.push(format!("{} pass", meta.code));
        }
    }
    assert!(missing.is_empty(), "rules without cases: {missing:?}");
}

/// A case folder for a code no rule has, or a variant named neither `fail*` nor `pass*`,
/// would never run: every folder under `tests/cases/AIMS*` must be a rule's.
fn every_case_folder_is_a_rule_s() {
    let codes: Vec<&str> = aims::check::rules::all().map(|meta| meta.code).collect();
    let mut strays = Vec::new();
    for entry in std::fs::read_dir(cases_dir())
        .expect("tests/cases")
        .flatten()
    {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.starts_with("AIMS") {
            continue;
        }
        if !codes.contains(&name.as_str()) {
            strays.push(name);
            continue;
        }
        for (variant, _) in variants(&name) {
            if !variant.starts_with("fail") && !variant.starts_with("pass") {
                strays.push(format!("{name}/{variant}"));
            }
        }
    }
    strays.sort();
    assert!(strays.is_empty(), "case folders that never run: {strays:?}");
}

fn base_project_is_clean() {
    let project = project_from_case(&cases_dir().join("base-only-does-not-exist"));
    let (exit, report) = lint_json(project.path(), &["--no-history"]);
    assert_eq!(codes(&report), Vec::<String>::new(), "{report:#}");
    assert_eq!(exit, 0);
    assert_eq!(report["summary"]["files"], 11);
}
