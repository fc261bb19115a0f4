//! Change impact (AIMS413, upstream-changed) on scripted histories with pinned dates: a change
//! to an AI system after the risk assessments referencing it were approved flags exactly those
//! documents, a review clears them, a change the approval already saw does not count, and "saw"
//! means the change is in the approval's history, whatever the dates say.

use crate::common::*;
use serde_json::Value;
use std::path::Path;

/// The test author appends a line to `relative` and commits it at `when`.
fn edit(root: &Path, relative: &str, when: &str) -> String {
    let path = root.join(relative);
    let mut text = std::fs::read_to_string(&path).expect("read");
    text.push_str("A line added later.\n");
    std::fs::write(path, text).expect("write");
    git_at(
        root,
        &["commit", "-q", "-am", &format!("Edit {relative}")],
        when,
    );
    git(root, &["rev-parse", "HEAD"]).trim().to_owned()
}

fn report(root: &Path) -> Value {
    lint_json(root, &[]).1
}

/// The documents AIMS413 flags, sorted, and its messages.
fn flagged(report: &Value) -> (Vec<String>, Vec<String>) {
    let findings: Vec<&Value> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == "AIMS413")
        .collect();
    let mut ids: Vec<String> = findings
        .iter()
        .map(|d| d["document_id"].as_str().unwrap_or_default().to_owned())
        .collect();
    ids.sort();
    let messages = findings
        .iter()
        .map(|d| d["message"].as_str().unwrap_or_default().to_owned())
        .collect();
    (ids, messages)
}

#[test]
fn a_system_change_flags_its_risk_and_impact_assessment_until_they_are_looked_at() {
    let project = committed_base();
    let root = project.path();
    approve_base(root, "2026-01-02T10:00:00+00:00");
    assert_eq!(codes(&report(root)), Vec::<String>::new());

    let change = edit(root, "aims/system.md", "2026-02-01T10:00:00+00:00");
    as_base_ceo(root, "2026-02-02T10:00:00+00:00", &["approve", "AIS-001"]);
    let found = report(root);
    assert_eq!(codes(&found), vec!["AIMS413"], "{found:#}");
    let (ids, messages) = flagged(&found);
    // The scope lists the system too, but only as being in scope: it is not flagged.
    assert_eq!(ids, vec!["AIIA-001", "RISK-001"], "{found:#}");
    for message in &messages {
        assert!(message.starts_with("AIS-001 changed after"), "{message}");
        assert!(message.contains(&change[..7]), "{message}");
        assert!(
            message.contains("Test Author <author@base.example>"),
            "{message}"
        );
        assert!(message.contains("on 2026-02-01"), "{message}");
        assert!(message.contains("(2026-01-02)"), "{message}");
    }

    // The risk still holds: a review records that and clears it, and only it.
    as_base_ceo(root, "2026-02-03T10:00:00+00:00", &["review", "RISK-001"]);
    assert_eq!(flagged(&report(root)).0, vec!["AIIA-001"]);
    // The review commit names the version of the system the reviewer looked at.
    let system_blob = git(root, &["rev-parse", "HEAD:aims/system.md"]);
    let message = git(root, &["log", "-1", "--format=%B"]);
    assert!(
        message.contains(&format!(
            "Considered: AIS-001 <{}> for RISK-001",
            system_blob.trim()
        )),
        "{message}"
    );
    // A risk depends on its systems, not on the scope that lists it.
    assert!(!message.contains("Considered: SCOPE-001"), "{message}");
    // What was considered is shown with the review: clearing the finding is auditable.
    let log = aims_ok(root, &["log", "RISK-001", "--today", TODAY]);
    assert!(
        log.contains(&format!(
            "; considered AIS-001 at {}",
            &system_blob.trim()[..7]
        )),
        "{log}"
    );
    let status: Value = serde_json::from_str(&aims_ok(
        root,
        &["status", "--format", "json", "--today", TODAY],
    ))
    .expect("json");
    let risk = status["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .find(|d| d["id"] == "RISK-001")
        .expect("RISK-001");
    assert_eq!(
        risk["reviews"][0]["considered"],
        serde_json::json!([{"id": "AIS-001", "blob": system_blob.trim()}]),
        "{risk:#}"
    );
    // The approval considered the system's earlier version.
    assert_eq!(
        risk["approvals"][0]["considered"][0]["id"], "AIS-001",
        "{risk:#}"
    );
    assert_ne!(
        risk["approvals"][0]["considered"][0]["blob"],
        risk["reviews"][0]["considered"][0]["blob"]
    );

    // The impact assessment is updated and approved again.
    edit(root, "aims/impact.md", "2026-02-04T10:00:00+00:00");
    as_base_ceo(root, "2026-02-05T10:00:00+00:00", &["approve", "AIIA-001"]);
    assert_eq!(codes(&report(root)), Vec::<String>::new());
}

#[test]
fn a_change_the_approval_already_saw_does_not_flag() {
    let project = committed_base();
    let root = project.path();
    edit(root, "aims/system.md", "2026-01-01T12:00:00+00:00");
    approve_base(root, "2026-01-02T10:00:00+00:00");
    assert_eq!(codes(&report(root)), Vec::<String>::new());
}

#[test]
fn a_change_merged_from_a_branch_is_unseen_by_an_earlier_review_whatever_its_date() {
    let project = committed_base();
    let root = project.path();
    approve_base(root, "2026-01-02T10:00:00+00:00");
    git(root, &["checkout", "-q", "-b", "system-update"]);
    edit(root, "aims/system.md", "2026-01-10T10:00:00+00:00");
    git(root, &["checkout", "-q", "main"]);
    // Reviewed on main after the branch's change was dated, but without it in its history.
    as_base_ceo(root, "2026-01-20T10:00:00+00:00", &["review", "RISK-001"]);
    git_at(
        root,
        &[
            "merge",
            "-q",
            "--no-ff",
            "-m",
            "Merge the system update",
            "system-update",
        ],
        "2026-01-25T10:00:00+00:00",
    );
    as_base_ceo(root, "2026-01-26T10:00:00+00:00", &["approve", "AIS-001"]);
    let found = report(root);
    assert_eq!(flagged(&found).0, vec!["AIIA-001", "RISK-001"], "{found:#}");

    as_base_ceo(
        root,
        "2026-01-27T10:00:00+00:00",
        &["review", "RISK-001", "AIIA-001"],
    );
    assert_eq!(flagged(&report(root)).0, Vec::<String>::new());
}

/// `aims impact ID --format json`, which must succeed.
fn impact(root: &Path, id: &str) -> Value {
    let stdout = aims_ok(
        root,
        &["impact", id, "--format", "json", "--today", "2026-03-01"],
    );
    serde_json::from_str(&stdout).expect("JSON")
}

/// (id, depth, via, upstream_changed) of each document `aims impact` lists.
fn dependants(found: &Value) -> Vec<(String, u64, String, bool)> {
    found["downstream"]
        .as_array()
        .expect("downstream")
        .iter()
        .map(|row| {
            (
                row["id"].as_str().unwrap_or_default().to_owned(),
                row["depth"].as_u64().unwrap_or_default(),
                row["via"].as_str().unwrap_or_default().to_owned(),
                row["upstream_changed"].as_bool().unwrap_or_default(),
            )
        })
        .collect()
}

#[test]
fn impact_lists_what_depends_on_a_document_and_what_already_waits_for_a_review() {
    let project = committed_base();
    let root = project.path();
    approve_base(root, "2026-01-02T10:00:00+00:00");
    let before = impact(root, "AIS-001");
    assert_eq!(before["document"]["id"], "AIS-001");
    let listed = dependants(&before);
    let ids: Vec<&str> = listed.iter().map(|(id, ..)| id.as_str()).collect();
    // The risk and the impact assessment depend on the system; the scope only lists it.
    assert!(ids.contains(&"RISK-001"), "{before:#}");
    assert!(ids.contains(&"AIIA-001"), "{before:#}");
    assert!(!ids.contains(&"SCOPE-001"), "{before:#}");
    assert!(
        listed.iter().all(|(.., waiting)| !waiting),
        "nothing changed yet: {before:#}"
    );
    for (id, depth, via, _) in &listed {
        if *depth == 1 {
            assert_eq!(via, "AIS-001", "{id}");
        } else {
            assert!(
                ids.contains(&via.as_str()),
                "{id} is reached through a listed document"
            );
        }
    }

    edit(root, "aims/system.md", "2026-02-01T10:00:00+00:00");
    as_base_ceo(root, "2026-02-02T10:00:00+00:00", &["approve", "AIS-001"]);
    let after = dependants(&impact(root, "AIS-001"));
    let waiting: Vec<&str> = after
        .iter()
        .filter(|(.., waiting)| *waiting)
        .map(|(id, ..)| id.as_str())
        .collect();
    // Exactly the documents AIMS413 flags.
    let mut expected = flagged(&report(root)).0;
    expected.sort();
    let mut waiting: Vec<String> = waiting.iter().map(|id| (*id).to_owned()).collect();
    waiting.sort();
    assert_eq!(waiting, expected);
    assert_eq!(waiting, vec!["AIIA-001", "RISK-001"]);

    let text = aims(root)
        .args(["impact", "aims/system.md", "--today", "2026-03-01"])
        .output()
        .expect("aims runs");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.starts_with("AIS-001 (aims/system.md): "), "{text}");
    assert!(
        text.contains("AIS-001 changed since its last review"),
        "{text}"
    );
    assert!(text.contains("(AIMS413)"), "{text}");

    let missing = aims(root)
        .args(["impact", "NOPE-1"])
        .output()
        .expect("runs");
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn a_pull_request_lists_the_documents_it_puts_under_review() {
    let project = committed_base();
    let root = project.path();
    approve_base(root, "2026-01-02T10:00:00+00:00");
    git(root, &["branch", "-q", "base"]);
    edit(root, "aims/system.md", "2026-02-01T10:00:00+00:00");

    let (_, found) = lint_json(root, &["--base", "base"]);
    let under_review: Vec<(&str, &str)> = found["under_review"]
        .as_array()
        .expect("under_review for --base")
        .iter()
        .map(|row| {
            (
                row["id"].as_str().unwrap_or_default(),
                row["via"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert!(under_review.contains(&("RISK-001", "AIS-001")), "{found:#}");
    assert!(under_review.contains(&("AIIA-001", "AIS-001")), "{found:#}");
    // The changed document itself is listed under "changed", not here; the scope only lists it.
    assert!(
        !under_review
            .iter()
            .any(|(id, _)| *id == "AIS-001" || *id == "SCOPE-001"),
        "{found:#}"
    );
    // Same order as `aims impact`: nearest first.
    let impact_ids: Vec<String> = dependants(&impact(root, "AIS-001"))
        .into_iter()
        .map(|(id, ..)| id)
        .collect();
    let listed: Vec<&str> = under_review.iter().map(|(id, _)| *id).collect();
    assert_eq!(listed, impact_ids, "{found:#}");

    let output = aims(root)
        .args([
            "lint",
            "--base",
            "base",
            "--today",
            "2026-03-01",
            "--format",
            "github",
            "--summary",
            "summary.md",
        ])
        .output()
        .expect("aims runs");
    assert!(output.status.code().is_some());
    let summary = std::fs::read_to_string(root.join("summary.md")).expect("summary written");
    assert!(
        summary.contains(&format!(
            "### Documents to look at again ({})",
            listed.len()
        )),
        "{summary}"
    );
    assert!(
        summary.contains("| `RISK-001` aims/risk.md | `AIS-001` | `/systems/0` |"),
        "{summary}"
    );
}

#[test]
fn impact_since_a_revision_lists_what_changed_and_what_depends_on_it() {
    let project = committed_base();
    let root = project.path();
    approve_base(root, "2026-01-02T10:00:00+00:00");
    git(root, &["tag", "last-audit"]);
    let run = |args: &[&str]| {
        let output = aims(root)
            .args(["impact", "--today", "2026-03-01"])
            .args(args)
            .output()
            .expect("aims runs");
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    assert_eq!(
        run(&["--base", "last-audit"]),
        "No document changed since last-audit\n"
    );
    edit(root, "aims/system.md", "2026-02-01T10:00:00+00:00");
    let found: Value =
        serde_json::from_str(&run(&["--base", "last-audit", "--format", "json"])).expect("JSON");
    assert_eq!(found["base"], "last-audit");
    let changed: Vec<(&str, &str)> = found["changed"]
        .as_array()
        .expect("changed")
        .iter()
        .map(|row| {
            (
                row["id"].as_str().unwrap_or_default(),
                row["change"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(changed, vec![("AIS-001", "modified")], "{found:#}");
    // Exactly what `aims impact AIS-001` lists, and what a pull request would list.
    assert_eq!(dependants(&found), dependants(&impact(root, "AIS-001")));
    let (_, lint) = lint_json(root, &["--base", "last-audit"]);
    let listed: Vec<&str> = lint["under_review"]
        .as_array()
        .expect("under_review")
        .iter()
        .filter_map(|row| row["id"].as_str())
        .collect();
    let ids: Vec<String> = dependants(&found).into_iter().map(|(id, ..)| id).collect();
    assert_eq!(listed, ids);
    // The risk was approved before the change: it waits for a look (AIMS413) until reviewed.
    let waiting = |found: &Value| -> Vec<String> {
        dependants(found)
            .into_iter()
            .filter(|(.., waiting)| *waiting)
            .map(|(id, ..)| id)
            .collect()
    };
    assert!(
        waiting(&found).contains(&"RISK-001".to_owned()),
        "{found:#}"
    );
    as_base_ceo(root, "2026-02-02T10:00:00+00:00", &["review", "RISK-001"]);
    let after: Value =
        serde_json::from_str(&run(&["--base", "last-audit", "--format", "json"])).expect("JSON");
    assert!(
        !waiting(&after).contains(&"RISK-001".to_owned()),
        "{after:#}"
    );
    // Still listed: the change since the audit concerns it, looked at or not.
    assert!(
        dependants(&after).iter().any(|(id, ..)| id == "RISK-001"),
        "{after:#}"
    );
    let text = run(&["--base", "last-audit"]);
    assert!(
        text.starts_with("1 document changed since last-audit:\n"),
        "{text}"
    );
    assert!(text.contains("look at them again:"), "{text}");
    // A document and --base together make no sense; an unknown base is an error.
    let both = aims(root)
        .args(["impact", "AIS-001", "--base", "last-audit"])
        .output()
        .expect("runs");
    assert_eq!(both.status.code(), Some(2));
    let unknown = aims(root)
        .args(["impact", "--base", "no-such-tag"])
        .output()
        .expect("runs");
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&unknown.stderr).contains("no-such-tag"),
        "{}",
        String::from_utf8_lossy(&unknown.stderr)
    );
}

#[test]
fn the_site_shows_upstream_changes_until_they_are_reviewed() {
    let project = committed_base();
    let root = project.path();
    approve_base(root, "2026-01-02T10:00:00+00:00");
    let change = edit(root, "aims/system.md", "2026-02-01T10:00:00+00:00");
    as_base_ceo(root, "2026-02-02T10:00:00+00:00", &["approve", "AIS-001"]);

    let risk = site_page(root, "documents/RISK-001.html");
    let notice = risk
        .split_once("Upstream changed since last review")
        .map(|(_, after)| after.split_once("</section>").map_or(after, |(n, _)| n))
        .unwrap_or_else(|| panic!("no notice on the risk page:\n{risk}"));
    assert!(
        notice.contains(r#"href="../documents/AIS-001.html""#),
        "{notice}"
    );
    assert!(notice.contains(&change[..7]), "{notice}");
    assert!(notice.contains("Test Author"), "{notice}");
    assert!(notice.contains("2026-02-01"), "{notice}");
    assert!(notice.contains("aims review RISK-001"), "{notice}");
    // The system itself depends on nothing that changed.
    let system = site_page(root, "documents/AIS-001.html");
    assert!(!system.contains("Upstream changed"), "{system}");

    let matrix = site_page(root, "traceability.html");
    let row = matrix
        .split("<tr")
        .find(|row| row.contains(r#"href="documents/RISK-001.html""#))
        .unwrap_or_else(|| panic!("no RISK-001 row:\n{matrix}"));
    let edge = row
        .split_once(r#"href="documents/AIS-001.html""#)
        .map(|(_, after)| after)
        .unwrap_or_else(|| panic!("no edge to AIS-001:\n{row}"));
    assert!(edge.contains("changed since review"), "{row}");
    assert!(
        edge.contains(
            r#"title="AIS-001 changed once since RISK-001 was last approved or reviewed""#
        ),
        "{row}"
    );

    as_base_ceo(root, "2026-02-03T10:00:00+00:00", &["review", "RISK-001"]);
    let risk = site_page(root, "documents/RISK-001.html");
    assert!(!risk.contains("Upstream changed"), "{risk}");
    let matrix = site_page(root, "traceability.html");
    assert!(!matrix.contains("changed since review"), "{matrix}");
    // The impact assessment was not looked at: its notice stays, without `aims review` when
    // it cannot help.
    let impact = site_page(root, "documents/AIIA-001.html");
    assert!(
        impact.contains("Upstream changed since last review"),
        "{impact}"
    );
}
