//! `aims review-pack` (ISO/IEC 42001 9.3.2) on a scripted history with pinned dates: the base
//! AIMS with a management review whose two decisions name documents, approved on 2026-07-05;
//! after it, the policy one decision names is edited and approved (closing that decision; the
//! other is overdue), an audit raises a new nonconformity, the old one is closed, a risk's
//! residual level rises above the appetite (which puts the impact assessment that names it
//! under review), and a KPI is measured twice. The procedure's evidence file is stale.

use crate::common::*;
use serde_json::Value;
use std::path::Path;

const REVIEW: &str = "---\nid: MR-001\nkind: management-review\ntitle: Management review 2026\n\
owner: lead@base.example\nstatus: active\ndate: \"2026-07-01\"\nattendees: [ceo@base.example]\n\
inputs:\n  - topic: Audit results\ndecisions:\n  - decision: Update the AI policy for the new regulation\n\
\x20   owner: ceo@base.example\n    due: \"2026-09-30\"\n    references: [POL-001]\n\
\x20 - decision: Extend the procedure to retraining\n    owner: lead@base.example\n\
\x20   due: \"2026-08-31\"\n    references: [PROC-001]\n\
\x20 - decision: Confirm the scope\n    due: \"2026-07-01\"\n    references: [SCOPE-001]\n---\n# Review\n";

const OPEN_NC: &str = "---\nid: NC-001\nkind: nonconformity\ntitle: Missing training records\n\
owner: lead@base.example\nstatus: active\ngrade: minor\nsource: internal-audit\nraised: \"2026-05-10\"\n\
raised_in: AUD-001\ncorrective_actions:\n  - action: Record training\n    owner: lead@base.example\n\
\x20   due: \"2026-10-30\"\n---\n# NC\n";

fn objective(value: &str, measured: &str) -> String {
    format!(
        "---\nid: OBJ-001\nkind: objective\ntitle: Fair outcomes\nowner: lead@base.example\n\
         status: active\nkpis:\n  - name: Selection rate ratio\n    target: 0.8\n    unit: ratio\n\
         \x20   frequency: monthly\n    current: {value}\n    measured_on: \"{measured}\"\n---\n# Objective\n"
    )
}

/// Writes files and commits them as `author` at `when`; returns the commit id.
fn commit(root: &Path, files: &[(&str, &str)], message: &str, author: &str, when: &str) -> String {
    for (path, text) in files {
        std::fs::write(root.join(path), text).expect("write");
    }
    git_at(root, &["add", "-A"], when);
    git_at(
        root,
        &["commit", "-q", "-m", message, "--author", author],
        when,
    );
    git(root, &["rev-parse", "HEAD"]).trim().to_owned()
}

const ALICE: &str = "Alice Analyst <alice@base.example>";

/// The scripted repository, and the commit that records the new audit (for `--since REV`).
fn scripted() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    copy_dir(&cases_dir().join("base"), root);
    let config = std::fs::read_to_string(root.join("aims.yaml")).expect("aims.yaml");
    let config = config.replace(
        "  approvers: [ceo]\n",
        "  approvers: [ceo]\n  evidence_refresh: P6M\n",
    ) + "risk:\n  appetite: 10\n";
    std::fs::write(root.join("aims.yaml"), config).expect("write");
    std::fs::write(root.join("aims/review.md"), REVIEW).expect("write");
    std::fs::write(root.join("aims/nc.md"), OPEN_NC).expect("write");
    // The impact assessment names the risk, so the risk's change puts it under review.
    let impact = std::fs::read_to_string(root.join("aims/impact.md"))
        .expect("impact")
        .replace(
            "systems: [AIS-001]\n",
            "systems: [AIS-001]\nrisks: [RISK-001]\n",
        );
    std::fs::write(root.join("aims/impact.md"), impact).expect("write");
    std::fs::write(
        root.join("aims/objective.md"),
        objective("0.86", "2026-06-30"),
    )
    .expect("write");
    git(root, &["init", "-q", "-b", "main"]);
    std::fs::write(root.join(".gitignore"), ".test-home/\n").expect("write");
    git_at(root, &["add", "-A"], "2026-01-01T10:00:00+00:00");
    git_at(
        root,
        &["commit", "-q", "-m", "Create the AIMS"],
        "2026-01-01T10:00:00+00:00",
    );
    // The review (and everything else) approved: the period starts after this commit.
    approve_base(root, "2026-07-05T10:00:00+00:00");

    let policy = std::fs::read_to_string(root.join("aims/policy.md"))
        .expect("policy")
        .replace("# AI policy", "# AI policy\n\nCovers the new regulation.");
    commit(
        root,
        &[("aims/policy.md", &policy)],
        "Policy: the new regulation",
        ALICE,
        "2026-08-10T09:00:00+00:00",
    );
    as_base_ceo(root, "2026-08-15T09:00:00+00:00", &["approve", "POL-001"]);
    commit(
        root,
        &[("aims/objective.md", &objective("0.81", "2026-08-31"))],
        "KPI: August",
        ALICE,
        "2026-09-01T09:00:00+00:00",
    );
    let audit = commit(
        root,
        &[
            (
                "aims/audit2.md",
                "---\nid: AUD-002\nkind: audit\ntitle: Internal audit H2\nowner: lead@base.example\n\
                 status: active\ndate: \"2026-09-02\"\nauditor: auditor@external.example\n\
                 scope: Clauses 8-10\nfindings: [NC-002]\nconclusion: Mostly effective\n---\n# Audit\n",
            ),
            (
                "aims/nc2.md",
                "---\nid: NC-002\nkind: nonconformity\ntitle: Monitoring not done\n\
                 owner: lead@base.example\nstatus: active\ngrade: major\nsource: internal-audit\n\
                 raised: \"2026-09-02\"\nraised_in: AUD-002\ncorrective_actions:\n\
                 \x20 - action: Schedule monitoring\n    owner: lead@base.example\n    due: \"2026-10-15\"\n---\n# NC\n",
            ),
        ],
        "Audit H2 and its finding",
        ALICE,
        "2026-09-03T09:00:00+00:00",
    );
    let closed = OPEN_NC
        .replace(
            "    due: \"2026-10-30\"\n",
            "    due: \"2026-10-30\"\n    completed: \"2026-09-10\"\n",
        )
        .replace(
            "---\n# NC",
            "closed: \"2026-09-12\"\neffectiveness: Records checked\n---\n# NC",
        );
    commit(
        root,
        &[("aims/nc.md", &closed)],
        "Close NC-001",
        ALICE,
        "2026-09-15T09:00:00+00:00",
    );
    let risk = std::fs::read_to_string(root.join("aims/risk.md"))
        .expect("risk")
        .replace("residual:\n  likelihood: 2", "residual:\n  likelihood: 3");
    commit(
        root,
        &[("aims/risk.md", &risk)],
        "Risk: ranking drift observed",
        ALICE,
        "2026-09-20T09:00:00+00:00",
    );
    commit(
        root,
        &[("aims/objective.md", &objective("0.78", "2026-09-30"))],
        "KPI: September",
        ALICE,
        "2026-10-01T09:00:00+00:00",
    );
    (dir, audit)
}

fn pack_json(root: &Path, extra: &[&str]) -> Value {
    let mut args = vec!["review-pack", "--format", "json", "--today", TODAY];
    args.extend(extra);
    serde_json::from_str(&aims_ok(root, &args)).expect("JSON")
}

fn ids(list: &Value, key: &str) -> Vec<String> {
    list.as_array()
        .expect("list")
        .iter()
        .map(|item| item[key].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn pack_since_the_previous_review_holds_each_input() {
    let (project, _) = scripted();
    let root = project.path();
    let pack = pack_json(root, &[]);
    assert_eq!(pack["version"], 1);

    let period = &pack["period"];
    assert_eq!(period["basis"], "management_review");
    assert_eq!(period["start"], "2026-07-05");
    assert_eq!(period["review"]["id"], "MR-001");
    assert_eq!(period["review"]["approved"], true);
    assert_eq!(period["review"]["commit"]["email"], "ceo@base.example");
    assert_eq!(period["commits"], 7, "{period:#}");

    let actions = &pack["actions"];
    assert_eq!(
        actions["counts"],
        serde_json::json!({"total": 3, "open": 0, "overdue": 1, "closed": 2})
    );
    assert_eq!(actions["items"][0]["state"], "closed");
    assert_eq!(actions["items"][0]["closed_by"]["date"], "2026-08-10");
    assert_eq!(
        actions["items"][0]["closed_by"]["email"],
        "alice@base.example"
    );
    assert_eq!(
        actions["items"][0]["references"][0]["path"],
        "aims/policy.md"
    );
    assert_eq!(actions["items"][1]["state"], "overdue");
    assert_eq!(actions["items"][1]["references"][0]["changed"], Value::Null);
    // Due on the review's own date: done at the review, though its document did not change.
    assert_eq!(actions["items"][2]["state"], "closed");
    assert_eq!(actions["items"][2]["at_review"], true);
    assert_eq!(actions["items"][2]["closed_by"], Value::Null);

    let changes = &pack["changes"];
    assert_eq!(
        changes["counts"],
        serde_json::json!({"added": 2, "changed": 4, "retired": 0, "deleted": 0,
            "approvals": 1, "reviews": 0, "signed": 0, "not_counted": 0})
    );
    assert_eq!(
        ids(&changes["documents"], "id"),
        [
            "AUD-002", "NC-001", "NC-002", "OBJ-001", "POL-001", "RISK-001"
        ]
    );
    let approval = &changes["approvals"][0];
    assert_eq!(
        (
            &approval["id"],
            &approval["action"],
            &approval["email"],
            &approval["date"],
            &approval["signed"],
            &approval["counts"]
        ),
        (
            &Value::from("POL-001"),
            &Value::from("approval"),
            &Value::from("ceo@base.example"),
            &Value::from("2026-08-15"),
            &Value::from(false),
            &Value::from(true)
        )
    );

    let ncs = &pack["nonconformities"];
    assert_eq!(
        ncs["counts"],
        serde_json::json!({"opened": 1, "closed": 1, "open": 1, "overdue": 1,
            "open_by_grade": {"major": 1}})
    );
    assert_eq!(ids(&ncs["opened"], "id"), ["NC-002"]);
    assert_eq!(ids(&ncs["closed"], "id"), ["NC-001"]);
    assert_eq!(ncs["closed"][0]["closed"]["date"], "2026-09-15");
    assert_eq!(
        ncs["trend"],
        serde_json::json!([
            {"quarter": "2026-Q3", "opened": 1, "closed": 1},
            {"quarter": "2026-Q4", "opened": 0, "closed": 0}
        ])
    );

    let kpi = &pack["kpis"]["items"][0];
    assert_eq!(
        pack["kpis"]["counts"],
        serde_json::json!({"kpis": 1, "on_target": 0, "off_target": 1, "overdue": 1,
            "measured_in_period": 1})
    );
    assert_eq!(kpi["before"], 0.86);
    assert_eq!(kpi["latest"]["value"], 0.78);
    assert_eq!(
        kpi["points"]
            .as_array()
            .expect("points")
            .iter()
            .map(|point| (point["value"].as_f64(), point["date"].as_str()))
            .collect::<Vec<_>>(),
        [
            (Some(0.81), Some("2026-08-31")),
            (Some(0.78), Some("2026-09-30"))
        ]
    );
    assert_eq!(kpi["trend"], "down");
    assert_eq!(kpi["on_target"], false);
    assert_eq!(kpi["overdue_since"], "2026-10-30");

    let audits = &pack["audits"];
    assert_eq!(
        audits["counts"],
        serde_json::json!({"audits": 1, "findings": 1, "open_findings": 1})
    );
    assert_eq!(audits["items"][0]["id"], "AUD-002");
    assert_eq!(audits["items"][0]["findings"][0]["grade"], "major");

    let risks = &pack["risks"];
    assert_eq!(
        risks["counts"],
        serde_json::json!({"added": 0, "changed": 1, "level_changed": 1,
            "above_appetite": 1, "above_appetite_unaccepted": 1})
    );
    let risk = &risks["changed"][0];
    assert_eq!(
        (&risk["id"], &risk["residual_before"], &risk["residual"]),
        (&Value::from("RISK-001"), &Value::from(8), &Value::from(12))
    );
    assert_eq!(risks["above_appetite"][0]["level"], 12);

    let stale = &pack["stale_evidence"];
    assert_eq!(stale["count"], 1);
    assert_eq!(stale["items"][0]["id"], "PROC-001");
    assert_eq!(stale["items"][0]["entry"], "evidence/training.csv");
    assert_eq!(stale["items"][0]["last_changed"], "2026-01-01");
    assert_eq!(stale["items"][0]["deadline"], "2026-07-01");

    let suspects = &pack["suspect_links"];
    let pairs: Vec<(String, String)> = suspects["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|item| {
            (
                item["id"].as_str().unwrap_or_default().to_owned(),
                item["upstream"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    assert_eq!(pairs, [("AIIA-001".to_owned(), "RISK-001".to_owned())]);
    assert_eq!(suspects["count"], 1);
    assert_eq!(suspects["items"][0]["signed_off"], "2026-07-05");
    assert_eq!(suspects["items"][0]["last"]["date"], "2026-09-20");
}

#[test]
fn human_and_markdown_renderings() {
    let (project, _) = scripted();
    let root = project.path();
    let human = aims_ok(root, &["review-pack", "--today", TODAY]);
    let markdown = aims_ok(
        root,
        &["review-pack", "--format", "markdown", "--today", TODAY],
    );
    insta::with_settings!({snapshot_path => "../snapshots/review_pack", prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!("review_pack_human", human);
        insta::assert_snapshot!("review_pack_markdown", markdown);
    });
}

#[test]
fn since_a_revision_or_a_date() {
    let (project, audit) = scripted();
    let root = project.path();
    let pack = pack_json(root, &["--since", &audit]);
    assert_eq!(pack["period"]["basis"], "revision");
    assert_eq!(pack["period"]["revision"], audit.as_str());
    assert_eq!(pack["period"]["after"]["commit"], audit.as_str());
    assert_eq!(pack["period"]["commits"], 3);
    // The audit and its finding came with the boundary commit: before the period.
    assert_eq!(pack["nonconformities"]["counts"]["opened"], 0);
    assert_eq!(pack["nonconformities"]["counts"]["closed"], 1);
    assert_eq!(pack["audits"]["counts"]["audits"], 0);
    // The previous review's actions are still judged from the review on.
    assert_eq!(pack["actions"]["counts"]["closed"], 2);

    let pack = pack_json(root, &["--since", "2026-09-10"]);
    assert_eq!(pack["period"]["basis"], "date");
    assert_eq!(pack["period"]["start"], "2026-09-10");
    assert_eq!(pack["period"]["commits"], 3);
    assert_eq!(
        ids(&pack["changes"]["documents"], "id"),
        ["NC-001", "OBJ-001", "RISK-001"]
    );
    assert_eq!(pack["kpis"]["items"][0]["before"], 0.81);

    // A document deleted in the period is listed with the commit that deleted it.
    git(root, &["rm", "-q", "aims/audit.md"]);
    git_at(
        root,
        &["commit", "-q", "-m", "Drop the old audit"],
        "2026-10-10T09:00:00+00:00",
    );
    let pack = pack_json(root, &["--since", "2026-09-10"]);
    let deleted = &pack["changes"]["documents"][0];
    assert_eq!(
        (&deleted["id"], &deleted["change"], &deleted["last"]["date"]),
        (
            &Value::from("AUD-001"),
            &Value::from("deleted"),
            &Value::from("2026-10-10")
        )
    );
    assert_eq!(pack["changes"]["counts"]["deleted"], 1);
}

#[test]
fn without_a_previous_review_the_period_is_the_whole_history() {
    let project = committed_base();
    let root = project.path();
    git(root, &["rm", "-q", "aims/review.md"]);
    git_at(
        root,
        &["commit", "-q", "-m", "No review yet"],
        "2026-02-01T10:00:00+00:00",
    );
    let pack = pack_json(root, &[]);
    assert_eq!(pack["period"]["basis"], "first_commit");
    assert_eq!(pack["period"]["start"], "2026-01-01");
    assert_eq!(pack["period"]["commits"], 2);
    assert_eq!(pack["actions"]["counts"]["total"], 0);
    assert!(
        pack["notes"][0]
            .as_str()
            .is_some_and(|note| note.contains("no previous management review")),
        "{pack:#}"
    );
    let human = aims_ok(root, &["review-pack", "--today", TODAY]);
    assert!(human.contains("No previous management review."), "{human}");
}

#[test]
fn a_shallow_clone_is_said_to_be_incomplete() {
    let (project, _) = scripted();
    let clone = tempfile::tempdir().expect("tempdir");
    let url = format!("file://{}", project.path().display());
    git(
        clone.path(),
        &["clone", "-q", "--depth", "1", &url, "shallow"],
    );
    let root = clone.path().join("shallow");
    let output = aims(&root)
        .args(["review-pack", "--format", "json", "--today", TODAY])
        .output()
        .expect("aims runs");
    assert_eq!(output.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("history is incomplete"), "{stderr}");
    let pack: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert!(
        pack["notes"][0]
            .as_str()
            .is_some_and(|note| note.contains("shallow")),
        "{pack:#}"
    );
}

#[test]
fn bad_input_exits_2_with_a_clear_error() {
    let project = committed_base();
    let root = project.path();
    let output = aims(root)
        .args(["review-pack", "--since", "no-such-tag", "--today", TODAY])
        .output()
        .expect("aims runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("`no-such-tag` does not name a commit"),
        "{stderr}"
    );

    let empty = tempfile::tempdir().expect("tempdir");
    copy_dir(&cases_dir().join("base"), empty.path());
    git(empty.path(), &["init", "-q", "-b", "main"]);
    let output = aims(empty.path())
        .args(["review-pack", "--today", TODAY])
        .output()
        .expect("aims runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("no commits yet"), "{stderr}");
}

#[test]
fn site_page_links_resolve_and_hostile_titles_are_escaped() {
    let (project, _) = scripted();
    let root = project.path();
    let hostile = std::fs::read_to_string(root.join("aims/risk.md"))
        .expect("risk")
        .replace(
            "title: Biased ranking",
            "title: \"<script>alert(1)</script> & <img src=x onerror=alert(2)>\"",
        );
    commit(
        root,
        &[("aims/risk.md", &hostile)],
        "Risk: retitled",
        ALICE,
        "2026-10-05T09:00:00+00:00",
    );
    let (_out, site) = build_site(root, &[]);
    let page = std::fs::read_to_string(site.join("review-pack.html")).expect("page");
    assert!(page.contains("Management review input pack"), "{page}");
    assert!(!page.contains("<script>alert"), "{page}");
    assert!(!page.contains("<img src=x"), "{page}");
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{page}"
    );
    assert!(page.contains("Update the AI policy for the new regulation"));
    let markdown = aims_ok(
        root,
        &["review-pack", "--format", "markdown", "--today", TODAY],
    );
    assert!(!markdown.contains("<script>"), "{markdown}");
    assert!(!markdown.contains("<img"), "{markdown}");
    assert!(markdown.contains("&lt;script&gt;"), "{markdown}");
    // The navigation links to the page, and every local link on it resolves.
    let index = std::fs::read_to_string(site.join("index.html")).expect("index");
    assert!(index.contains("href=\"review-pack.html\""), "{index}");
    let mut checked = 0;
    for piece in page.split("href=\"").skip(1) {
        let href = piece.split('"').next().unwrap_or_default();
        if href.starts_with('#') || href.starts_with("http") {
            continue;
        }
        let file = href.split('#').next().unwrap_or_default();
        assert!(site.join(file).is_file(), "{href} does not resolve");
        checked += 1;
    }
    assert!(checked > 10, "only {checked} links");
}
