//! Coverage of the AI-system inventory (AIMS313–AIMS316) on a scripted project: of four AI
//! systems, the one covered everywhere and the retired one are not reported, the one without a
//! risk assessment is (at its `id`), and the high-risk one whose only EU AI Act reference is to
//! Annex IV gets the indicative post-market monitoring finding (at its `risk_class`).

use crate::common::*;
use std::path::Path;

fn system(id: &str, title: &str, stage: &str, eu_ai_act: &str, extra: &str) -> String {
    format!(
        "---\nid: {id}\nkind: ai-system\ntitle: {title}\nowner: lead@base.example\nstatus: active\n\
         purpose: {title}.\nai_role: provider\nlifecycle_stage: {stage}\ndata_sources:\n  - name: Inputs\n\
         eu_ai_act:\n{eu_ai_act}{extra}---\n\n# {title}\n"
    )
}

/// Replaces `from` (which must occur) by `to` in the project file `relative`.
fn replace(root: &Path, relative: &str, from: &str, to: &str) {
    let path = root.join(relative);
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.contains(from), "{relative}: {from}");
    std::fs::write(path, text.replacen(from, to, 1)).expect("write");
}

#[test]
fn active_systems_are_traced_to_risks_impact_scope_and_act_obligations() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    copy_dir(&cases_dir().join("base"), root);
    // AIS-001 (the base's) is covered everywhere. AIS-002, a piloted scheduler, is in the
    // scope and the impact assessment but no risk lists it. AIS-003 is retired and covered by
    // nothing. AIS-004 is high-risk, covered everywhere, with technical documentation only.
    let systems = root.join("aims/systems");
    std::fs::create_dir_all(&systems).expect("mkdir");
    let files = [
        (
            "AIS-002.md",
            system(
                "AIS-002",
                "Interview scheduler",
                "deployment",
                "  risk_class: limited\n",
                "",
            ),
        ),
        (
            "AIS-003.md",
            system(
                "AIS-003",
                "Legacy CV parser",
                "retirement",
                "  risk_class: high\n",
                "",
            ),
        ),
        (
            "AIS-004.md",
            system(
                "AIS-004",
                "Skills matcher",
                "operation-and-monitoring",
                "  risk_class: high\n  role: provider\n",
                "references:\n  - framework: eu-ai-act\n    id: Annex IV(2)\n",
            ),
        ),
    ];
    for (name, text) in &files {
        std::fs::write(systems.join(name), text).expect("write");
    }
    replace(
        root,
        "aims/scope.md",
        "systems: [AIS-001]",
        "systems: [AIS-001, AIS-002, AIS-004]",
    );
    replace(
        root,
        "aims/impact.md",
        "systems: [AIS-001]",
        "systems: [AIS-001, AIS-002, AIS-004]",
    );
    replace(
        root,
        "aims/risk.md",
        "systems: [AIS-001]",
        "systems: [AIS-001, AIS-004]",
    );
    git(root, &["init", "-q", "-b", "main"]);
    std::fs::write(root.join(".gitignore"), ".test-home/\n").expect("write");
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "Inventory"]);

    let (exit, report) = lint_json(root, &["--no-history"]);
    let found: Vec<(String, String, u64, u64, String)> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default().to_owned(),
                d["path"].as_str().unwrap_or_default().to_owned(),
                d["line"].as_u64().unwrap_or_default(),
                d["column"].as_u64().unwrap_or_default(),
                d["severity"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let expected = vec![
        (
            "AIMS313".to_owned(),
            "aims/systems/AIS-002.md".to_owned(),
            2,
            5,
            "error".to_owned(),
        ),
        (
            "AIMS316".to_owned(),
            "aims/systems/AIS-004.md".to_owned(),
            13,
            15,
            "warning".to_owned(),
        ),
    ];
    assert_eq!((exit, found), (1, expected), "{report:#}");
    let messages: Vec<&str> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter_map(|d| d["message"].as_str())
        .collect();
    assert!(
        messages[0].contains("AIS-002") && messages[0].contains("no active risk"),
        "{messages:?}"
    );
    assert!(
        messages[1].starts_with("indicative (EU AI Act)")
            && messages[1].contains("post-market monitoring (Art. 72)"),
        "{messages:?}"
    );

    // Retiring AIS-002 in the inventory clears its finding; the warning alone exits 0.
    replace(
        root,
        "aims/systems/AIS-002.md",
        "lifecycle_stage: deployment",
        "lifecycle_stage: retirement",
    );
    let (exit, report) = lint_json(root, &["--no-history"]);
    assert_eq!(
        (exit, codes(&report)),
        (0, vec!["AIMS316".to_owned()]),
        "{report:#}"
    );
}
