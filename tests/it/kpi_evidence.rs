//! KPIs over time (AIMS311, AIMS312) and evidence freshness (AIMS505) on scripted histories
//! with pinned dates: a KPI's series is exactly the values committed (value, date, commit,
//! author), an overdue measurement and stale evidence are reported with the right dates, and
//! `refresh`, `valid_until` and aims.yaml's per-kind default each decide staleness.

use crate::common::*;
use serde_json::Value;
use std::path::Path;

/// The base objective with one quarterly KPI, and `measurement` (current, measured_on).
fn objective(measurement: Option<(&str, &str)>, body: &str) -> String {
    let measured = measurement
        .map(|(value, date)| format!("    current: {value}\n    measured_on: {date}\n"))
        .unwrap_or_default();
    format!(
        "---\nid: OBJ-001\nkind: objective\ntitle: Fair outcomes\nowner: lead@base.example\n\
         status: active\nkpis:\n  - name: Selection rate ratio\n    target: 0.8\n    unit: ratio\n\
         \x20   frequency: quarterly\n    direction: at-least\n{measured}\
         \x20 - name: Appeals answered\n    target: 10\n    unit: days\n    frequency: monthly\n\
         \x20   direction: at-most\n---\n# Objective\n{body}"
    )
}

/// Writes `text` to `relative` and commits it as `author` at `when`; returns the commit id.
fn commit_as(root: &Path, relative: &str, text: &str, author: &str, when: &str) -> String {
    std::fs::write(root.join(relative), text).expect("write");
    git_at(
        root,
        &[
            "commit",
            "-q",
            "-am",
            &format!("Update {relative}"),
            "--author",
            author,
        ],
        when,
    );
    git(root, &["rev-parse", "HEAD"]).trim().to_owned()
}

fn diagnostics<'r>(report: &'r Value, code: &str) -> Vec<&'r Value> {
    report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == code)
        .collect()
}

fn status_json(root: &Path) -> Value {
    let stdout = aims_ok(root, &["status", "--format", "json", "--today", TODAY]);
    serde_json::from_str(&stdout).expect("JSON")
}

/// The objective's ratio KPI measured three times (plus a body edit that changes no KPI):
/// the project and the three measuring commits.
fn measured_objective() -> (tempfile::TempDir, [String; 3]) {
    let project = committed_base();
    let root = project.path();
    let path = "aims/objective.md";
    let first = commit_as(
        root,
        path,
        &objective(Some(("0.86", "2026-03-31")), ""),
        "Alice Analyst <alice@base.example>",
        "2026-04-02T09:00:00+00:00",
    );
    // A body edit changes no KPI: no point.
    commit_as(
        root,
        path,
        &objective(Some(("0.86", "2026-03-31")), "Context added.\n"),
        "Bob Writer <bob@base.example>",
        "2026-05-01T09:00:00+00:00",
    );
    let second = commit_as(
        root,
        path,
        &objective(Some(("0.81", "2026-06-30")), "Context added.\n"),
        "Carol Quant <carol@base.example>",
        "2026-07-03T09:00:00+02:00",
    );
    let third = commit_as(
        root,
        path,
        &objective(Some(("0.74", "2026-07-31")), "Context added.\n"),
        "Alice Analyst <alice@base.example>",
        "2026-08-04T09:00:00+00:00",
    );

    (project, [first, second, third])
}

#[test]
fn kpi_series_is_what_history_holds_and_the_late_measurement_is_reported() {
    let (project, [first, second, third]) = measured_objective();
    let root = project.path();
    let status = status_json(root);
    let document = status["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .find(|document| document["id"] == "OBJ-001")
        .expect("OBJ-001");
    let kpis = document["kpis"].as_array().expect("kpis");
    assert_eq!(kpis.len(), 2, "{document:#}");
    let ratio = &kpis[0];
    assert_eq!(ratio["name"], "Selection rate ratio");
    assert_eq!(ratio["target"], 0.8);
    assert_eq!(ratio["direction"], "at-least");
    assert_eq!(ratio["frequency"], "quarterly");
    let points: Vec<(f64, &str, &str, &str, &str)> = ratio["points"]
        .as_array()
        .expect("points")
        .iter()
        .map(|point| {
            (
                point["value"].as_f64().expect("value"),
                point["measured_on"].as_str().expect("measured_on"),
                point["commit"].as_str().expect("commit"),
                point["email"].as_str().expect("email"),
                point["committed"].as_str().expect("committed"),
            )
        })
        .collect();
    assert_eq!(
        points,
        [
            (
                0.86,
                "2026-03-31",
                first.as_str(),
                "alice@base.example",
                "2026-04-02T09:00:00+00:00"
            ),
            (
                0.81,
                "2026-06-30",
                second.as_str(),
                "carol@base.example",
                "2026-07-03T09:00:00+02:00"
            ),
            (
                0.74,
                "2026-07-31",
                third.as_str(),
                "alice@base.example",
                "2026-08-04T09:00:00+00:00"
            ),
        ]
    );
    assert_eq!(ratio["points"][1]["author"], "Carol Quant");
    // Never measured: a series without points.
    assert_eq!(kpis[1]["name"], "Appeals answered");
    assert_eq!(kpis[1]["points"], serde_json::json!([]));

    // Measured 2026-07-31, quarterly: due 2026-10-31, 22 days before 2026-11-22.
    let (_, report) = lint_json(root, &["--no-history"]);
    let overdue = diagnostics(&report, "AIMS311");
    assert_eq!(overdue.len(), 1, "{report:#}");
    assert_eq!(
        overdue[0]["message"],
        "KPI \"Selection rate ratio\" is measured quarterly but was last measured 2026-07-31: the next measurement was due 2026-10-31 (22 days ago)"
    );
    assert_eq!(overdue[0]["line"], 14, "at measured_on");
    let off = diagnostics(&report, "AIMS312");
    assert_eq!(off.len(), 1, "{report:#}");
    assert_eq!(
        off[0]["message"],
        "KPI \"Selection rate ratio\" is 0.74 ratio (measured 2026-07-31), off its target of at least 0.8 ratio"
    );
}

#[test]
fn a_kpi_measured_in_time_and_on_target_is_not_reported() {
    let project = committed_base();
    let root = project.path();
    commit_as(
        root,
        "aims/objective.md",
        &objective(Some(("0.8", "2026-09-30")), ""),
        "Alice Analyst <alice@base.example>",
        "2026-10-01T09:00:00+00:00",
    );
    let (_, report) = lint_json(root, &["--no-history"]);
    assert!(diagnostics(&report, "AIMS311").is_empty(), "{report:#}");
    assert!(diagnostics(&report, "AIMS312").is_empty(), "{report:#}");
}

/// The base procedure with `evidence` as its evidence list (YAML lines).
fn procedure(evidence: &str) -> String {
    format!(
        "---\nid: PROC-001\nkind: procedure\ntitle: Risk management and operations\n\
         owner: lead@base.example\nstatus: active\nclauses: [\"6.1.1\", \"6.1.2\", \"7.2\", \"8.1\", \"9.1\"]\n\
         evidence:\n{evidence}---\n# Procedure\n"
    )
}

/// Evidence files committed at known dates: `evidence/training.csv` with the base on
/// 2026-01-01, `evidence/pentest.txt` on 2026-03-15, re-committed 2026-05-20.
fn evidence_project(evidence: &str, config_extra: &str) -> tempfile::TempDir {
    let project = committed_base();
    let root = project.path();
    std::fs::write(root.join("evidence/pentest.txt"), "first test\n").expect("write");
    git_at(root, &["add", "-A"], "2026-03-15T10:00:00+00:00");
    git_at(
        root,
        &["commit", "-q", "-m", "Pentest report"],
        "2026-03-15T10:00:00+00:00",
    );
    commit_as(
        root,
        "evidence/pentest.txt",
        "retest\n",
        "Pat Tester <pat@base.example>",
        "2026-05-20T10:00:00+00:00",
    );
    if !config_extra.is_empty() {
        let config = std::fs::read_to_string(root.join("aims.yaml")).expect("read");
        let config = config.replace(
            "  approvers: [ceo]\n",
            &format!("  approvers: [ceo]\n{config_extra}"),
        );
        commit_as(
            root,
            "aims.yaml",
            &config,
            "Test Author <author@base.example>",
            "2026-06-01T10:00:00+00:00",
        );
    }
    commit_as(
        root,
        "aims/procedure.md",
        &procedure(evidence),
        "Test Author <author@base.example>",
        "2026-06-02T10:00:00+00:00",
    );
    project
}

/// The AIMS505 findings: (line, message).
fn stale(root: &Path) -> Vec<(u64, String)> {
    let (_, report) = lint_json(root, &[]);
    diagnostics(&report, "AIMS505")
        .into_iter()
        .map(|d| {
            (
                d["line"].as_u64().unwrap_or_default(),
                d["message"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

#[test]
fn refresh_counts_from_the_last_commit_of_the_evidence_file() {
    let project = evidence_project(
        "  - {path: evidence/training.csv, refresh: P6M}\n  - {path: evidence/pentest.txt, refresh: P6M}\n",
        "",
    );
    // training.csv: 2026-01-01 + 6 months = 2026-07-01, stale; pentest.txt: last committed
    // 2026-05-20 (not its first commit in March) + 6 months = 2026-11-20, stale two days ago.
    assert_eq!(
        stale(project.path()),
        [
            (
                9,
                "evidence `evidence/training.csv` is stale: last committed 2026-01-01, refresh every P6M: due 2026-07-01 (144 days ago)".to_owned()
            ),
            (
                10,
                "evidence `evidence/pentest.txt` is stale: last committed 2026-05-20, refresh every P6M: due 2026-11-20 (2 days ago)".to_owned()
            ),
        ]
    );
    let project = evidence_project("  - {path: evidence/pentest.txt, refresh: P1Y}\n", "");
    assert_eq!(stale(project.path()), []);
    // With both, the earlier deadline counts: here the refresh period, then the date.
    let project = evidence_project(
        "  - {path: evidence/pentest.txt, refresh: P6M, valid_until: 2027-01-31}\n  - {path: evidence/training.csv, refresh: P2Y, valid_until: 2026-10-01}\n",
        "",
    );
    assert_eq!(
        stale(project.path()),
        [
            (
                9,
                "evidence `evidence/pentest.txt` is stale: last committed 2026-05-20, refresh every P6M: due 2026-11-20 (2 days ago)".to_owned()
            ),
            (
                10,
                "evidence `evidence/training.csv` is stale: last committed 2026-01-01, valid until 2026-10-01 (52 days ago)".to_owned()
            ),
        ]
    );
}

#[test]
fn valid_until_makes_evidence_stale_after_its_date_even_without_history() {
    let project = evidence_project(
        "  - path: evidence/pentest.txt\n    valid_until: 2026-10-31\n  - evidence/training.csv\n  - {path: \"https://reports.example/a\", valid_until: 2027-01-31}\n",
        "",
    );
    let expected = [(
        10,
        "evidence `evidence/pentest.txt` is stale: last committed 2026-05-20, valid until 2026-10-31 (22 days ago)".to_owned(),
    )];
    assert_eq!(stale(project.path()), expected);
    let (_, report) = lint_json(project.path(), &["--no-history"]);
    let messages: Vec<&str> = diagnostics(&report, "AIMS505")
        .iter()
        .filter_map(|d| d["message"].as_str())
        .collect();
    assert_eq!(
        messages,
        ["evidence `evidence/pentest.txt` is stale: valid until 2026-10-31 (22 days ago)"]
    );
}

#[test]
fn aims_yaml_gives_refresh_defaults_per_kind_and_an_entry_overrides_them() {
    let config = "  evidence_refresh: P2Y\n  kinds:\n    procedure: {evidence_refresh: P3M}\n";
    // The procedure kind's P3M: pentest.txt (2026-05-20) was due 2026-08-20.
    let project = evidence_project("  - evidence/pentest.txt\n", config);
    let found = stale(project.path());
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, 9);
    assert_eq!(
        found[0].1,
        "evidence `evidence/pentest.txt` is stale: last committed 2026-05-20, aims.yaml's evidence_refresh P3M: due 2026-08-20 (94 days ago)"
    );
    // The entry's own refresh wins over the default.
    let project = evidence_project("  - {path: evidence/pentest.txt, refresh: P1Y}\n", config);
    assert_eq!(stale(project.path()), []);
    // Only the general default: two years.
    let project = evidence_project("  - evidence/pentest.txt\n", "  evidence_refresh: P2Y\n");
    assert_eq!(stale(project.path()), []);
}

#[test]
fn a_malformed_refresh_is_a_positioned_finding_not_a_crash() {
    let project = evidence_project("  - {path: evidence/pentest.txt, refresh: 3 months}\n", "");
    let (exit, report) = lint_json(project.path(), &[]);
    assert_eq!(exit, 1, "{report:#}");
    let schema = diagnostics(&report, "AIMS108");
    assert_eq!(schema.len(), 1, "{report:#}");
    assert_eq!(schema[0]["path"], "aims/procedure.md");
    assert!(schema[0]["line"].as_u64().unwrap_or(0) >= 8, "{report:#}");
    assert!(diagnostics(&report, "AIMS505").is_empty());

    // In aims.yaml: a config error with its position.
    let project = evidence_project(
        "  - evidence/pentest.txt\n",
        "  evidence_refresh: 3 months\n",
    );
    let (exit, report) = lint_json(project.path(), &[]);
    assert_eq!(exit, 2, "{report:#}");
}

#[test]
fn evidence_dates_are_the_same_through_the_history_cache() {
    let project = evidence_project("  - {path: evidence/pentest.txt, refresh: P6M}\n", "");
    let root = project.path();
    let pentest = (
        9,
        "evidence `evidence/pentest.txt` is stale: last committed 2026-05-20, refresh every P6M: due 2026-11-20 (2 days ago)".to_owned(),
    );
    // The first run walks history and writes the cache; the second reads it all.
    assert_eq!(stale(root), std::slice::from_ref(&pentest));
    assert_eq!(stale(root), std::slice::from_ref(&pentest));
    // A new entry names a file the cached pass did not follow: its date is still found.
    commit_as(
        root,
        "aims/procedure.md",
        &procedure(
            "  - {path: evidence/pentest.txt, refresh: P6M}\n  - {path: evidence/training.csv, refresh: P3M}\n",
        ),
        "Test Author <author@base.example>",
        "2026-06-10T10:00:00+00:00",
    );
    let training = (
        10,
        "evidence `evidence/training.csv` is stale: last committed 2026-01-01, refresh every P3M: due 2026-04-01 (235 days ago)".to_owned(),
    );
    assert_eq!(stale(root), [pentest, training.clone()]);
    // A commit the cache does not hold yet refreshes the pentest report.
    commit_as(
        root,
        "evidence/pentest.txt",
        "third test\n",
        "Pat Tester <pat@base.example>",
        "2026-11-01T10:00:00+00:00",
    );
    assert_eq!(stale(root), std::slice::from_ref(&training));
    assert_eq!(stale(root), [training]);
}

#[test]
fn the_site_charts_each_kpi_with_points_linking_to_their_changes() {
    let (project, commits) = measured_objective();
    let root = project.path();
    let output = aims(root)
        .args(["site", "--out", "_site", "--today", TODAY])
        .output()
        .expect("aims runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let page =
        std::fs::read_to_string(root.join("_site/documents/OBJ-001.html")).expect("OBJ-001 page");
    let chart_at = page.find("<svg class=\"kpi-chart\"").expect("a chart");
    let chart = &page[chart_at..chart_at + page[chart_at..].find("</svg>").expect("closed")];
    assert!(chart.contains("role=\"group\""), "{chart}");
    assert!(chart.contains("<title id=\"doc-OBJ-001-kpi-0-title\">Selection rate ratio</title>"));
    assert!(chart.contains("target 0.8"), "{chart}");
    assert_eq!(chart.matches("<circle").count(), 3, "{chart}");
    for commit in &commits {
        let anchor = format!("doc-OBJ-001-v-{}", &commit[..7]);
        // The point links to the change-history row of the commit, which the page has.
        assert!(
            chart.contains(&format!("href=\"#{anchor}\"")),
            "{anchor}: {chart}"
        );
        assert!(page.contains(&format!("<tr id=\"{anchor}\">")), "{anchor}");
    }
    // The text alternative: every value in a table, the last one off target.
    for value in ["0.86 ratio", "0.81 ratio", "0.74 ratio"] {
        assert!(page.contains(&format!("<td>{value}</td>")), "{value}");
    }
    assert!(page.contains("off target: 0.74 ratio"));
    assert!(page.contains("measurement overdue since 2026-10-31"));
    // The dashboard's KPI panel links to the chart.
    let dashboard = std::fs::read_to_string(root.join("_site/index.html")).expect("dashboard");
    assert!(
        dashboard.contains("href=\"documents/OBJ-001.html#doc-OBJ-001-kpi-0\""),
        "{dashboard}"
    );
    assert!(dashboard.contains("overdue since 2026-10-31"));
    // The procedure's evidence is listed with its last commit and age.
    let procedure =
        std::fs::read_to_string(root.join("_site/documents/PROC-001.html")).expect("PROC-001 page");
    assert!(procedure.contains("Evidence freshness"));
    assert!(procedure.contains("<td class=\"date\">2026-01-01</td><td>325 days</td>"));
}

#[test]
fn a_folder_of_evidence_is_as_old_as_its_newest_file() {
    let project = evidence_project("  - {path: evidence, refresh: P6M}\n", "");
    // evidence/ holds training.csv (2026-01-01) and pentest.txt (last 2026-05-20).
    assert_eq!(
        stale(project.path()),
        [(
            9,
            "evidence `evidence` is stale: last committed 2026-05-20, refresh every P6M: due 2026-11-20 (2 days ago)".to_owned()
        )]
    );
    commit_as(
        project.path(),
        "evidence/training.csv",
        "name,course,date\nsam,AI basics,2026-11-01\n",
        "Test Author <author@base.example>",
        "2026-11-02T10:00:00+00:00",
    );
    assert_eq!(stale(project.path()), []);
}
