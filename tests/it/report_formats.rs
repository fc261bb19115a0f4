//! The four output formats, snapshotted on one fixture with errors, a warning and a note, and
//! characters that need escaping (`%`, `:`, `,`) in messages and paths. SARIF is validated
//! against the official SARIF 2.1.0 schema.

use crate::common::*;
use serde_json::Value;

fn output(format: &str) -> (i32, String) {
    let project = project_from_case(&cases_dir().join("formats"));
    let output = aims(project.path())
        .args([
            "lint",
            "--format",
            format,
            "--today",
            TODAY,
            "--color",
            "never",
            "--no-history",
        ])
        .output()
        .unwrap();
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stdout).unwrap(),
    )
}

fn snapshot(name: &str, text: &str) {
    insta::with_settings!({snapshot_path => "../snapshots/report_formats", prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!(name, text);
    });
}

#[test]
fn human() {
    let (code, text) = output("human");
    assert_eq!(code, 1);
    snapshot("human", &text);
}

#[test]
fn json() {
    let (code, text) = output("json");
    assert_eq!(code, 1);
    let value: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["version"], 1);
    for field in [
        "code",
        "severity",
        "message",
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "help",
    ] {
        assert!(
            value["diagnostics"][0].get(field).is_some(),
            "missing {field}"
        );
    }
    let summary = &value["summary"];
    assert_eq!(
        (
            summary["files"].as_u64(),
            summary["errors"].as_u64(),
            summary["warnings"].as_u64()
        ),
        (Some(12), Some(2), Some(1))
    );
    snapshot("json", &text);
}

#[test]
fn github() {
    let (code, text) = output("github");
    assert_eq!(code, 1);
    for line in text.lines() {
        assert!(
            line.starts_with("::error ")
                || line.starts_with("::warning ")
                || line.starts_with("::notice "),
            "{line}"
        );
        let (properties, message) = line
            .split_once("::")
            .and_then(|(_, rest)| rest.split_once("::"))
            .unwrap();
        assert!(!message.contains('\n') && !message.contains('\r'));
        let file = properties
            .split(',')
            .find_map(|p| {
                p.strip_prefix("error file=")
                    .or_else(|| p.strip_prefix("warning file="))
                    .or_else(|| p.strip_prefix("notice file="))
            })
            .unwrap();
        assert!(!file.contains(':'), "unescaped property: {file}");
    }
    assert!(text.contains("file=aims/odd%2Cname%3A 100%25.md"), "{text}");
    snapshot("github", &text);
}

#[test]
fn sarif_is_valid_sarif_2_1_0() {
    let (code, text) = output("sarif");
    assert_eq!(code, 1);
    let sarif: Value = serde_json::from_str(&text).unwrap();
    let schema_text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/sarif-schema-2.1.0.json"
    ))
    .unwrap();
    let mut schema: Value = serde_json::from_str(&schema_text).unwrap();
    // The published schema's `language` pattern has an unbalanced `]` that strict regex engines
    // reject; it is irrelevant to aims' output.
    for definition in ["run", "toolComponent"] {
        if let Some(language) = schema["definitions"][definition]["properties"].get_mut("language")
        {
            language["pattern"] = Value::String("^[a-zA-Z]{2}(-[a-zA-Z]{2})?$".to_owned());
        }
    }
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(results.iter().all(|r| {
        r["locations"][0]["physicalLocation"]["region"]["startColumn"].as_u64() >= Some(1)
    }));
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert_eq!(rules.len(), aims::check::rules::all().count());
    snapshot("sarif", &text);
}

#[test]
fn output_file_and_restricted_paths() {
    let project = project_from_case(&cases_dir().join("formats"));
    let root = project.path();
    aims(root)
        .args([
            "lint",
            "--format",
            "sarif",
            "--output",
            "out/report.sarif",
            "--today",
            TODAY,
            "--no-history",
        ])
        .assert()
        .code(1)
        .stdout("");
    assert!(root.join("out/report.sarif").exists());
    // Restricting to the policy keeps cross-document rules but reports only that file.
    let (code, report) = lint_json(root, &["aims/policy.md", "--no-history"]);
    assert_eq!(code, 0);
    assert_eq!(report["summary"]["files"], 1);
    assert!(
        report["diagnostics"].as_array().unwrap().is_empty(),
        "{report:#}"
    );
    let (code, report) = lint_json(root, &["aims", "--no-history"]);
    assert_eq!((code, report["summary"]["files"].as_u64()), (1, Some(12)));
    let outside = tempfile::tempdir().unwrap();
    aims(root)
        .args(["lint"])
        .arg(outside.path())
        .assert()
        .code(2);
}

#[test]
fn dash_c_works_before_and_after_the_subcommand() {
    let project = project_from_case(&cases_dir().join("base-only"));
    let elsewhere = tempfile::tempdir().unwrap();
    let root = project.path().to_str().unwrap();
    for args in [
        vec!["-C", root, "lint", "--today", TODAY, "--no-history"],
        vec!["lint", "-C", root, "--today", TODAY, "--no-history"],
    ] {
        let output = aims(elsewhere.path()).args(&args).output().unwrap();
        assert_eq!(output.status.code(), Some(0));
        assert!(String::from_utf8_lossy(&output.stdout).contains("no problems"));
    }
    // From a subfolder, aims.yaml is found by walking up.
    aims(&project.path().join("aims"))
        .args(["lint", "--today", TODAY, "--no-history"])
        .assert()
        .code(0);
}
