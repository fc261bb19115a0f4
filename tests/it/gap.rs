//! `aims gap`: the prioritised gap analysis, on a deliberately incomplete repository
//! (`tests/fixtures/gap-incomplete.sh`), on the sample AIMS with its scripted history (`aims
//! demo`), outside git, and with hostile text.

use crate::common;

use crate::common::{TODAY, aims, copy_dir, git, git_at};
use serde_json::Value;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

fn incomplete() -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("aims");
    let status = std::process::Command::new("bash")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/gap-incomplete.sh"))
        .arg(&root)
        .status()
        .expect("bash runs");
    assert!(status.success(), "fixture script failed");
    (dir, root)
}

fn gap(root: &Path, args: &[&str]) -> String {
    let output = aims(root)
        .args(["gap", "--today", TODAY])
        .args(args)
        .output()
        .expect("aims runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("utf-8")
}

fn gap_json(root: &Path) -> Value {
    serde_json::from_str(&gap(root, &["--format", "json"])).expect("JSON")
}

/// Commit ids depend on nothing but the pinned fixture, but a snapshot should not hinge on them.
fn redact_commit(text: &str, root: &Path) -> String {
    let head = git(root, &["rev-parse", "HEAD"]);
    let head = head.trim();
    text.replace(head, "<commit>")
        .replace(&head[..7], "<commit>")
}

fn snapshot(name: &str, text: &str) {
    insta::with_settings!({snapshot_path => "../snapshots/gap", prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!(name, text);
    });
}

fn item<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|item| item["id"] == id)
        .unwrap_or_else(|| panic!("no item {id}"))
}

fn missing_texts(item: &Value) -> Vec<String> {
    item["missing"]
        .as_array()
        .expect("missing")
        .iter()
        .map(|missing| missing["text"].as_str().expect("text").to_owned())
        .collect()
}

#[test]
fn incomplete_repository_markdown() {
    let (_dir, root) = incomplete();
    let text = redact_commit(&gap(&root, &[]), &root);
    snapshot("incomplete_markdown", &text);
}

#[test]
fn incomplete_repository_csv() {
    let (_dir, root) = incomplete();
    let text = gap(&root, &["--format", "csv"]);
    assert!(text.starts_with("rank,type,id,title,status,"));
    // One header and 70 requirements (32 clause requirements, 38 controls), CRLF per RFC 4180.
    assert_eq!(text.matches("\r\n").count(), 71);
    snapshot("incomplete_csv", &text);
}

#[test]
fn incomplete_repository_judgements() {
    let (_dir, root) = incomplete();
    let report = gap_json(&root);
    assert_eq!(report["version"], 1);
    assert_eq!(report["history"], true);
    assert_eq!(report["stage1"], "2027-03-01");
    let items = report["items"].as_array().expect("items");
    assert_eq!(items.len(), 70);

    // Gaps come first, most urgent first, ranked 1..n; compliant items have no rank.
    let ranks = ["P1", "P2", "P3", "P4"];
    let mut last = 0;
    let mut seen_compliant = false;
    for (index, item) in items.iter().enumerate() {
        if item["status"] == "compliant" {
            seen_compliant = true;
            assert!(item["rank"].is_null() && item["priority"].is_null());
            continue;
        }
        assert!(!seen_compliant, "a gap after a compliant item");
        assert_eq!(item["rank"], index + 1);
        let rank = ranks
            .iter()
            .position(|p| item["priority"] == *p)
            .expect("a priority");
        assert!(rank >= last, "priorities out of order at {}", item["id"]);
        last = rank;
    }

    // No internal audit held: a Stage 1 blocker, due when the planned audit is.
    let audit = item(&report, "9.2.2");
    assert_eq!(audit["status"], "not_compliant");
    assert_eq!(audit["priority"], "P1");
    assert_eq!(audit["deadline"]["date"], "2027-01-20");
    assert_eq!(audit["deadline"]["reason"], "AUD-002 planned");
    assert_eq!(
        missing_texts(audit).len(),
        1,
        "the planned audit is said once"
    );

    // A control treating a critical risk, with a major nonconformity and missing evidence.
    let quality = item(&report, "A.7.4");
    assert_eq!(quality["status"], "not_compliant");
    assert_eq!(quality["risk_level"], 20);
    assert_eq!(quality["risks"][0], "RISK-001");
    assert_eq!(quality["nonconformities"][0]["grade"], "major");
    let texts = missing_texts(quality);
    assert!(texts.iter().any(|t| t.contains("data-quality-report.pdf")));
    assert!(
        texts
            .iter()
            .any(|t| t.contains("1 corrective action overdue"))
    );

    // SoA decisions: undecided, excluded without justification, planned, not implemented.
    assert_eq!(item(&report, "A.10.4")["applicability"], "undecided");
    let excluded = item(&report, "A.9.3");
    assert_eq!(excluded["applicability"], "excluded");
    assert_eq!(excluded["status"], "not_compliant");
    assert_eq!(excluded["effort"], "low");
    assert_eq!(item(&report, "A.6.2.4")["implementation"], "planned");
    assert_eq!(item(&report, "A.4.2")["effort"], "high");

    // History: an edit after approval, a scope overdue for review, a procedure never approved.
    let policy = item(&report, "5.2");
    assert_eq!(policy["status"], "partial");
    assert!(
        missing_texts(policy)
            .iter()
            .any(|t| t.contains("POL-001 changed after its approval on 2026-03-01"))
    );
    let scope = item(&report, "4.3");
    assert_eq!(scope["deadline"]["date"], "2026-10-02");
    assert_eq!(scope["deadline"]["overdue"], true);
    assert!(
        missing_texts(item(&report, "7.5.2"))
            .iter()
            .any(|t| t.contains("PROC-001 is not approved"))
    );

    // Required documented information missing entirely.
    let objectives = item(&report, "6.2");
    assert_eq!(objectives["status"], "not_compliant");
    assert_eq!(objectives["priority"], "P1");
    assert!(objectives["owner"].is_null());

    // Accepted risk that does not even say who must accept it.
    assert!(
        missing_texts(item(&report, "8.3")).iter().any(|t| t
            == "RISK-002 needs acceptance (its treatment option is `accept`) but does not name who must accept it")
    );
}

#[test]
fn at_an_earlier_commit_and_to_a_file() {
    let (_dir, root) = incomplete();
    // Before NC-001 and RISK-002 existed the A.7.4 gap had no nonconformity.
    let output = aims(&root)
        .args([
            "gap", "--today", TODAY, "--format", "json", "--at", "HEAD~1",
        ])
        .args(["--output", "gap.json"])
        .output()
        .expect("aims runs");
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stdout.is_empty());
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("gap.json")).expect("written"))
            .expect("JSON");
    let quality = item(&report, "A.7.4");
    assert_eq!(quality["nonconformities"], serde_json::json!([]));
    assert_eq!(
        report["commit"].as_str().map(str::len),
        Some(40),
        "names the commit"
    );
}

#[test]
fn outside_git_the_working_tree_is_assessed_without_approvals() {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(&common::cases_dir().join("base"), dir.path());
    let output = aims(dir.path())
        .args(["gap", "--today", TODAY, "--format", "json"])
        .output()
        .expect("aims runs");
    assert_eq!(output.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("not a git repository"), "{stderr}");
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(report["history"], false);
    assert!(report["commit"].is_null());
    let control = item(&report, "7.5.3");
    assert_eq!(control["status"], "not_compliant");
    // The base project evidences the clauses its kinds imply; approvals are not held against it.
    assert_eq!(item(&report, "5.2")["status"], "compliant");
}

#[test]
fn hostile_text_is_escaped_and_defused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    copy_dir(&common::cases_dir().join("base"), root);
    let procedure = root.join("aims/procedure.md");
    let text = std::fs::read_to_string(&procedure).expect("read");
    let text = text.replacen(
        "owner: lead@base.example",
        "owner: \"=HYPERLINK(\\\"http://evil.example\\\")\"",
        1,
    );
    std::fs::write(&procedure, text).expect("write");
    let csv = gap(root, &["--format", "csv"]);
    assert!(csv.contains("\"'=HYPERLINK("), "{csv}");
    assert!(!csv.contains(",=HYPERLINK"));
    let markdown = gap(root, &[]);
    assert!(markdown.contains("=HYPERLINK(\"http://evil.example\")"));
}

#[test]
fn bad_revision_is_a_clear_error() {
    let (_dir, root) = incomplete();
    let output = aims(&root)
        .args(["gap", "--today", TODAY, "--at", "no-such-ref"])
        .output()
        .expect("aims runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no-such-ref"));
}

/// The sample AIMS with its scripted history: `aims demo` builds it, `aims gap` assesses it.
fn demo_repository() -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let output = aims(dir.path())
        .args(["demo", "talentwise", "--no-site"])
        .output()
        .expect("aims runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let root = dir.path().join("talentwise");
    (dir, root)
}

#[test]
fn the_sample_aims_with_its_history() {
    let (_dir, root) = demo_repository();
    snapshot("demo_markdown", &gap(&root, &[]));

    let report = gap_json(&root);
    // NC-003 is open against operation and monitoring, which treats the critical RISK-001.
    let first = &report["items"][0];
    assert_eq!(first["id"], "A.6.2.6", "{first}");
    assert_eq!(first["priority"], "P1", "{first}");
    // POL-005's review is overdue: documented information is not kept up to date.
    let documented = item(&report, "7.5.2");
    assert_eq!(documented["status"], "partial", "{documented}");
    assert!(
        missing_texts(documented)
            .iter()
            .any(|text| text.contains("POL-005")),
        "{documented}"
    );
    // Everything the example holds is found: no clause is wholly missing.
    assert_eq!(report["summary"]["clauses"]["not_compliant"], 0, "{report}");
    assert_eq!(report["summary"]["controls"]["excluded"], 1, "{report}");
}

#[test]
fn a_fresh_starter_aims_gets_a_complete_checklist() {
    let dir = tempfile::tempdir().expect("tempdir");
    let init = aims(dir.path())
        .args(["init", "starter", "--org", "Acme Ltd"])
        .output()
        .expect("aims runs");
    assert_eq!(init.status.code(), Some(0));
    let root = dir.path().join("starter");
    let text = gap(&root, &[]);
    assert!(text.contains("# Gap analysis: Acme Ltd"), "{text}");
    assert!(text.contains("Not assessed from git"), "{text}");
    // The starter has no certification dates; the report says how to get deadlines.
    assert!(text.contains("set `certification.stage1`"), "{text}");
    let report = gap_json(&root);
    let total = |part: &str| report["summary"][part]["total"].as_u64();
    assert_eq!(total("clauses"), Some(32));
    assert_eq!(total("controls"), Some(38));
    // Its internal audit and management review are planned, not held: Stage 1 prerequisites.
    for id in ["9.2.2", "9.3.3"] {
        let requirement = item(&report, id);
        assert_eq!(requirement["status"], "not_compliant", "{requirement}");
        assert_eq!(requirement["priority"], "P1", "{requirement}");
    }
    let gaps = report["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|item| item["status"] != "compliant");
    for gap in gaps {
        // A gap has an owner unless nothing exists yet to own (the worked examples `aims init`
        // writes are not evidence): then it says what to write.
        let nothing_yet = gap["missing"]
            .as_array()
            .expect("missing")
            .iter()
            .any(|missing| missing["document"].is_null());
        assert!(
            gap["owner"].is_string() || nothing_yet,
            "every gap has an owner: {gap}"
        );
        assert!(
            !gap["missing"].as_array().expect("missing").is_empty(),
            "every gap says what is missing: {gap}"
        );
    }
}

#[test]
fn long_lists_of_missing_pieces_are_cut_in_markdown_and_on_the_site_but_not_in_csv() {
    let (_dir, root) = incomplete();
    // Sixty records nobody has approved: clause 7.5.2 now misses sixty approvals.
    for n in 0..60 {
        std::fs::write(
            root.join(format!("aims/record-{n:02}.md")),
            format!(
                "---\nid: REC-{:03}\nkind: record\ntitle: Training record {n}\nowner: lead@base.example\nstatus: active\nclauses: [\"7.2\"]\n---\nDone.\n",
                100 + n
            ),
        )
        .expect("write");
    }
    git(&root, &["add", "-A"]);
    git(&root, &["commit", "-qm", "Sixty training records"]);

    let report = gap_json(&root);
    let approvals = item(&report, "7.5.2");
    let listed = missing_texts(approvals)
        .iter()
        .filter(|text| text.contains("REC-1"))
        .count();
    assert_eq!(listed, 60, "JSON lists every piece");
    let total = approvals["missing"].as_array().expect("missing").len();

    let markdown = gap(&root, &[]);
    let more = format!(
        "… and {} more (`aims gap --format csv` lists them all)",
        total - 50
    );
    assert!(markdown.contains(&more), "{markdown}");
    let csv = gap(&root, &["--format", "csv"]);
    assert!(csv.contains("REC-159"), "CSV lists every piece");

    let site = root.join("_site");
    let output = aims(&root)
        .args(["site", "--today", TODAY, "--out"])
        .arg(&site)
        .output()
        .expect("aims runs");
    assert!(output.status.success());
    let page = std::fs::read_to_string(site.join("gap.html")).expect("gap.html");
    assert!(
        page.contains(&format!(
            "… and {} more (<code>aims gap --format csv</code> lists them all)",
            total - 50
        )),
        "the site cuts the list the same way"
    );
}

/// `aims gap --framework`: other frameworks read through the indicative crosswalks, counting the
/// documents that reference a requirement directly.
#[test]
fn frameworks_through_the_crosswalk() {
    let (_dir, root) = incomplete();
    // An active procedure references NIST categories and an ISO/IEC 27001 control; a draft
    // one references MANAGE 4, which must not count.
    let procedure = root.join("aims/procedure.md");
    let text = std::fs::read_to_string(&procedure).expect("read");
    let text = text.replacen(
        "status: active",
        "status: active\nreferences:\n  - {framework: NIST AI RMF, id: GV-1.2}\n  - {framework: nist-ai-rmf, id: MAP 5, note: impact method}\n  - {framework: ISO/IEC 27001:2022, id: A.7.1}",
        1,
    );
    std::fs::write(&procedure, text).expect("write");
    std::fs::write(
        root.join("aims/draft.md"),
        "---\nid: PROC-009\nkind: procedure\ntitle: Draft\nowner: lead@base.example\nstatus: draft\nreferences: [{framework: nist-ai-rmf, id: MANAGE 4}]\n---\n",
    )
    .expect("write");
    // Dated after the fixture's history: a commit dated before its parents would make the
    // approvals it builds on impossible to date (AIMS411).
    git_at(&root, &["add", "-A"], "2026-10-01T10:00:00+00:00");
    git_at(
        &root,
        &["commit", "-q", "-m", "references"],
        "2026-10-01T10:00:00+00:00",
    );

    let nist: Value = serde_json::from_str(&gap(
        &root,
        &["--framework", "nist-ai-rmf", "--format", "json"],
    ))
    .expect("JSON");
    assert_eq!(nist["version"], 1);
    assert_eq!(nist["framework"], "nist-ai-rmf");
    assert_eq!(nist["indicative"], true);
    assert_eq!(nist["items"].as_array().map(Vec::len), Some(19));
    assert_eq!(nist["summary"]["total"], 19);
    let govern1 = item(&nist, "GOVERN 1");
    assert_eq!(govern1["referenced_by"], serde_json::json!(["PROC-001"]));
    assert!(
        item(&nist, "MANAGE 4")["referenced_by"]
            .as_array()
            .is_some_and(Vec::is_empty)
    );
    // MEASURE 1 maps to A.6.2.4, which is only planned: not covered by it.
    let measure1 = item(&nist, "MEASURE 1");
    assert_ne!(measure1["coverage"], "covered");
    assert!(
        measure1["iso42001"]
            .as_array()
            .expect("mapped")
            .iter()
            .any(|mapped| mapped["id"] == "A.6.2.4" && mapped["status"] != "compliant")
    );

    let iso: Value = serde_json::from_str(&gap(
        &root,
        &["--framework", "iso27001", "--format", "json"],
    ))
    .expect("JSON");
    assert_eq!(iso["items"].as_array().map(Vec::len), Some(93));
    // 7.1 has no ISO/IEC 42001 counterpart, but a document addresses it.
    assert_eq!(item(&iso, "7.1")["coverage"], "partial");
    assert_eq!(item(&iso, "7.2")["coverage"], "outside_aims");

    let act = gap(&root, &["--framework", "eu-ai-act"]);
    let act = redact_commit(&act, &root);
    assert!(act.contains("Indicative crosswalk, not an official mapping"));
    snapshot("framework_eu_ai_act_markdown", &act);
    let csv = gap(&root, &["--framework", "eu-ai-act", "--format", "csv"]);
    assert!(
        csv.starts_with("framework,section,id,title,coverage,"),
        "{csv}"
    );
    assert!(csv.contains("report within 2 days of awareness"), "{csv}");

    let output = aims(&root)
        .args(["gap", "--framework", "soc2"])
        .output()
        .expect("aims runs");
    assert_eq!(output.status.code(), Some(2));
}
