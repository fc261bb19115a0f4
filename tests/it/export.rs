//! `aims export`: workbooks, CSV and Markdown built from one commit. The same commit gives the
//! same bytes whenever and wherever it is exported; the cover names the commit, its date and
//! the approvals git history shows; formula-looking text stays text; and an exported workbook
//! (or CSV) imports back to the same documents.

use crate::common::{TODAY, aims, cases_dir, copy_dir, git};
use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use serde_json::Value;
use std::io::Cursor;
use std::path::Path;
use tempfile::TempDir;

/// Runs git as someone, at a pinned date.
fn git_as(root: &Path, name: &str, email: &str, date: &str, args: &[&str]) -> String {
    let home = root.join(".test-home");
    let output = std::process::Command::new("git")
        .args(args)
        .current_dir(root)
        .env("HOME", &home)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", home.join("gitconfig"))
        .env("GIT_AUTHOR_NAME", name)
        .env("GIT_AUTHOR_EMAIL", email)
        .env("GIT_COMMITTER_NAME", name)
        .env("GIT_COMMITTER_EMAIL", email)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .output()
        .expect("git runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

const RICH_RISK: &str = "---
id: RISK-002
kind: risk
title: \"=cmd|' /C calc'!A0\"
owner: lead@base.example
status: active
approvers: [ceo]
review_cycle: P6M
systems: [AIS-001]
risk_source: |-
  Historical hiring data.
  Second line, with a comma.
category: fairness
likelihood: 3
impact: 4
treatment:
  option: accept
  controls: [A.7.4]
  plan: >-
    Monitor impact ratios every month per tenant and retrain when the ratio falls below the
    agreed threshold for two months in a row.
  due: 2027-03-31
  x-ticket: JIRA-7
residual:
  likelihood: 2
  impact: 4
acceptance:
  by: ceo
  date: 2026-03-01
  rationale: Within appetite.
clauses: [\"8.2\"]
related: [AIS-001]
tags: [fairness, <script>]
references:
  - {framework: nist-ai-rmf, id: MAP 5, note: impact method}
  - {framework: iso27001, id: \"5.34\"}
x-score: 7
x-note: \"@SUM(A1:A9)\"
---
# Analysis

The ranking model *may* disadvantage applicants with career gaps.

- one
- two
";

/// The base project with a richer risk, committed on 2026-01-01; then an approval of RISK-001
/// by the CEO on 2026-01-02.
fn project() -> TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    copy_dir(&cases_dir().join("base"), root);
    std::fs::write(root.join("aims/risk-2.md"), RICH_RISK).expect("write");
    // SoA entries with the new fields.
    let soa = std::fs::read_to_string(root.join("aims/soa.md")).expect("soa");
    let soa = soa.replacen(
        "  - id: A.2.2\n    applicable: true\n",
        "  - id: A.2.2\n    applicable: true\n    owner: ceo\n    due: 2027-01-31\n    notes: Reviewed yearly.\n    references: [{framework: iso27001, id: \"5.1\"}]\n    x-row: 7\n",
        1,
    );
    std::fs::write(root.join("aims/soa.md"), soa).expect("write");
    git(root, &["init", "-q", "-b", "main"]);
    std::fs::write(root.join(".gitignore"), ".test-home/\n*.xlsx\n*.csv.out\n").expect("write");
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "base"]);
    let blob = git(root, &["rev-parse", "HEAD:aims/risk.md"]);
    git_as(
        root,
        "Cleo CEO",
        "ceo@base.example",
        "2026-01-02T09:00:00+00:00",
        &[
            "commit",
            "-q",
            "--allow-empty",
            "-m",
            "Approve RISK-001",
            "-m",
            &format!("Approves: RISK-001 <{}>", blob.trim()),
        ],
    );
    dir
}

fn export(root: &Path, args: &[&str]) -> Vec<u8> {
    let output = aims(root)
        .args(["export"])
        .args(args)
        .output()
        .expect("aims runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

fn workbook(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
    open_workbook_from_rs(Cursor::new(bytes.to_vec())).expect("a workbook")
}

/// Text of the cells of one sheet, row by row.
fn sheet_text(bytes: &[u8], name: &str) -> Vec<Vec<String>> {
    let mut book = workbook(bytes);
    let range = book.worksheet_range(name).expect("sheet");
    range
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

fn frontmatter_and_body(path: &Path) -> (Value, String) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|_| panic!("{}", path.display()));
    let document = aims::load::Document::parse("x.md", text.into_bytes());
    (
        document.frontmatter().expect("frontmatter").data.clone(),
        document.body().to_owned(),
    )
}

#[test]
fn the_same_commit_gives_the_same_bytes() {
    let dir = project();
    let root = dir.path();
    let first = export(root, &["risks", "-o", "first.xlsx"]);
    assert!(first.is_empty(), "the workbook goes to the file");
    let first = std::fs::read(root.join("first.xlsx")).expect("written");
    // A second later (the clock must not show), from another clone with no cache.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let clone = tempfile::tempdir().expect("tempdir");
    let status = std::process::Command::new("git")
        .args(["clone", "-q"])
        .arg(root)
        .arg(clone.path().join("copy"))
        .status()
        .expect("git clone");
    assert!(status.success());
    let copy = clone.path().join("copy");
    export(&copy, &["risks", "-o", "again.xlsx", "--no-cache"]);
    let again = std::fs::read(copy.join("again.xlsx")).expect("written");
    assert!(first == again, "two exports of one commit differ");
    // The default name says what and which commit.
    export(root, &["soa"]);
    let head = git(root, &["rev-parse", "--short=7", "HEAD"]);
    assert!(root.join(format!("soa-{}.xlsx", head.trim())).is_file());
    // CSV and Markdown are deterministic too.
    assert_eq!(
        export(root, &["gap", "--format", "csv"]),
        export(&copy, &["gap", "--format", "csv"])
    );
}

#[test]
fn the_cover_names_commit_date_versions_and_approvals() {
    let dir = project();
    let root = dir.path();
    let bytes = export(root, &["risks", "-o", "risks.xlsx"]);
    assert!(bytes.is_empty());
    let bytes = std::fs::read(root.join("risks.xlsx")).expect("written");
    let book = workbook(&bytes);
    assert_eq!(book.sheet_names(), vec!["Cover", "Risk register"]);
    let cover = sheet_text(&bytes, "Cover");
    let value = |label: &str| {
        cover
            .iter()
            .find(|row| row.first().map(String::as_str) == Some(label))
            .and_then(|row| row.get(1).cloned())
            .unwrap_or_else(|| panic!("no {label} on the cover: {cover:?}"))
    };
    let head = git(root, &["rev-parse", "HEAD"]);
    assert_eq!(value("Organisation"), "Base Test Ltd");
    assert_eq!(value("Standard"), "ISO/IEC 42001:2023");
    assert_eq!(value("Commit"), head.trim());
    assert_eq!(value("Commit date"), "2026-01-02T09:00:00+00:00");
    let risk_001 = cover
        .iter()
        .find(|row| row.first().map(String::as_str) == Some("RISK-001"))
        .expect("RISK-001 on the cover");
    let blob = git(root, &["rev-parse", "HEAD:aims/risk.md"]);
    assert_eq!(risk_001[3], blob.trim()[..12]);
    assert_eq!(risk_001[5], "approved");
    let approval = git(root, &["rev-parse", "--short=7", "HEAD"]);
    assert_eq!(
        risk_001[6],
        format!(
            "Cleo CEO <ceo@base.example> on 2026-01-02 ({})",
            approval.trim()
        )
    );
    let risk_002 = cover
        .iter()
        .find(|row| row.first().map(String::as_str) == Some("RISK-002"))
        .expect("RISK-002");
    assert_eq!(risk_002[5], "never_approved");
    assert_eq!(risk_002[6], "");
}

#[test]
fn formula_looking_text_stays_text() {
    let dir = project();
    let root = dir.path();
    export(root, &["risks", "-o", "risks.xlsx"]);
    let bytes = std::fs::read(root.join("risks.xlsx")).expect("written");
    let mut book = workbook(&bytes);
    let range = book.worksheet_range("Risk register").expect("sheet");
    let title_column = range
        .rows()
        .next()
        .expect("header")
        .iter()
        .position(|cell| *cell == "title")
        .expect("title column");
    let titles: Vec<&Data> = range.rows().skip(1).map(|row| &row[title_column]).collect();
    assert!(
        titles.contains(&&Data::String("=cmd|' /C calc'!A0".to_owned())),
        "{titles:?}"
    );
    let formulas = book.worksheet_formula("Risk register").expect("formulas");
    assert!(
        formulas
            .used_cells()
            .all(|(_, _, formula)| formula.is_empty()),
        "no cell is a formula"
    );
    let csv = String::from_utf8(export(root, &["risks", "--format", "csv"])).expect("utf-8");
    assert!(csv.contains(",'=cmd|' /C calc'!A0,"), "{csv}");
    assert!(
        csv.contains(",'@SUM(A1:A9),") || csv.contains("'@SUM(A1:A9)"),
        "{csv}"
    );
}

/// Deletes the documents an export holds, imports the export, and compares.
fn round_trip(root: &Path, what: &str, kind: &str, files: &[&str], extra: &[&str]) {
    let originals: Vec<(Value, String)> = files
        .iter()
        .map(|file| frontmatter_and_body(&root.join(file)))
        .collect();
    let output = format!("{what}.xlsx");
    export(root, &[what, "-o", &output]);
    if kind != "soa" {
        for file in files {
            std::fs::remove_file(root.join(file)).expect("remove");
        }
    }
    let out = if kind == "soa" {
        vec![]
    } else {
        vec!["--out", "aims"]
    };
    let run = aims(root)
        .args(["import", &output, "--kind", kind, "--today", TODAY])
        .args(&out)
        .args(extra)
        .output()
        .expect("aims runs");
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    for (data, body) in originals {
        let id = data["id"].as_str().expect("id");
        let path = if kind == "soa" {
            root.join(files[0])
        } else {
            root.join(format!("aims/{id}.md"))
        };
        let (imported, imported_body) = frontmatter_and_body(&path);
        assert_eq!(imported, data, "{id} differs after the round trip");
        assert_eq!(imported_body, body, "{id}'s body differs");
    }
}

#[test]
fn an_exported_risk_register_imports_back_to_the_same_documents() {
    let dir = project();
    round_trip(
        dir.path(),
        "risks",
        "risk",
        &["aims/risk.md", "aims/risk-2.md"],
        &[],
    );
}

#[test]
fn an_exported_soa_imports_back_to_the_same_document() {
    let dir = project();
    round_trip(dir.path(), "soa", "soa", &["aims/soa.md"], &["--force"]);
}

#[test]
fn an_exported_system_inventory_imports_back() {
    let dir = project();
    round_trip(dir.path(), "systems", "ai-system", &["aims/system.md"], &[]);
}

#[test]
fn an_exported_csv_imports_back() {
    let dir = project();
    let root = dir.path();
    let originals = frontmatter_and_body(&root.join("aims/risk-2.md"));
    let csv = export(root, &["risks", "--format", "csv"]);
    std::fs::write(root.join("risks.csv.out"), csv).expect("write");
    std::fs::remove_file(root.join("aims/risk-2.md")).expect("remove");
    std::fs::remove_file(root.join("aims/risk.md")).expect("remove");
    let run = aims(root)
        .args([
            "import",
            "risks.csv.out",
            "--kind",
            "risk",
            "--out",
            "aims",
            "--today",
            TODAY,
        ])
        .output()
        .expect("aims runs");
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stdout)
    );
    assert_eq!(
        frontmatter_and_body(&root.join("aims/RISK-002.md")),
        originals
    );
}

#[test]
fn markdown_export() {
    let dir = project();
    let root = dir.path();
    let text = String::from_utf8(export(root, &["soa", "--format", "md"])).expect("utf-8");
    let head = git(root, &["rev-parse", "HEAD"]);
    let text = text.replace(&head.trim()[..12], "<commit>");
    let approval = git(root, &["rev-parse", "--short=7", "HEAD"]);
    let text = text.replace(approval.trim(), "<short>");
    insta::with_settings!({snapshot_path => "../snapshots/export", prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!("soa_markdown", text);
    });
}

#[test]
fn exports_need_a_commit() {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(&cases_dir().join("base"), dir.path());
    let output = aims(dir.path())
        .args(["export", "risks"])
        .output()
        .expect("aims runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("commit the documents first"), "{stderr}");
    let dir = project();
    std::fs::remove_file(dir.path().join("aims/system.md")).expect("remove");
    git(dir.path(), &["commit", "-qam", "no systems"]);
    let output = aims(dir.path())
        .args(["export", "systems"])
        .output()
        .expect("aims runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no ai-system documents"));
}
