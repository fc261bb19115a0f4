//! `aims import`: realistic registers built in code — a CSV risk register, a workbook written
//! with rust_xlsxwriter (a cover sheet, a title row, dates, numbers, formulas, a bad row), a
//! Markdown table, a folder of documents with another tool's frontmatter, an SoA workbook — are
//! imported into a small project and linted clean; a bad row is reported at its sheet, row and
//! column; `--dry-run` and every refusal leave the tree byte-identical; hostile input never
//! panics.

use crate::common;

use crate::common::{TODAY, aims, cases_dir, copy_dir, git};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use tempfile::TempDir;

/// The base project (a small lint-clean AIMS), committed.
fn project() -> TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(&cases_dir().join("base"), dir.path());
    git(dir.path(), &["init", "-q", "-b", "main"]);
    std::fs::write(dir.path().join(".gitignore"), ".test-home/\nsources/\n").expect("write");
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-q", "-m", "base"]);
    std::fs::create_dir_all(dir.path().join("sources")).expect("mkdir");
    dir
}

/// Every file of the project (but git's own) with its bytes.
fn tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .filter_entry(|entry| entry.file_name() != ".git" && entry.file_name() != ".test-home")
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            (
                entry
                    .path()
                    .strip_prefix(root)
                    .expect("inside")
                    .to_string_lossy()
                    .into_owned(),
                std::fs::read(entry.path()).expect("read"),
            )
        })
        .collect()
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn import(root: &Path, args: &[&str]) -> Run {
    let output = aims(root)
        .args(["import", "--today", TODAY])
        .args(args)
        .output()
        .expect("aims runs");
    Run {
        code: output.status.code().expect("exit code"),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn import_json(root: &Path, args: &[&str]) -> (i32, Value) {
    let run = import(root, &[args, &["--format", "json"]].concat());
    let value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|error| panic!("not JSON ({error}): {}\n{}", run.stdout, run.stderr));
    (run.code, value)
}

/// `aims lint` finds nothing at all.
fn lints_clean(root: &Path) {
    let (code, report) = common::lint_json(root, &["--no-history"]);
    assert_eq!(common::codes(&report), Vec::<String>::new(), "{report:#}");
    assert_eq!(code, 0);
}

fn frontmatter(root: &Path, path: &str) -> Value {
    let text = std::fs::read_to_string(root.join(path)).unwrap_or_else(|_| panic!("{path}"));
    let document = aims::load::Document::parse(path, text.into_bytes());
    document
        .frontmatter()
        .unwrap_or_else(|| panic!("{path} has frontmatter"))
        .data
        .clone()
}

const MAPPING: &str = "\
# The risk register's columns, as the risk team names them.
columns:
  Ref: id
  Risk: title
  Description: risk_source
  Analysis: body
  Risk owner: owner
  L: likelihood
  I: impact
  Response: treatment.option
  Controls: {field: treatment.controls, split: \";\"}
  Systems: {field: systems, prefix: AIS}
  Due: treatment.due
  Internal notes: ~
values:
  likelihood: {Low: 2, Medium: 3, High: 4}
  treatment.option: {Reduce: mitigate, Accept: accept, Transfer: transfer, Avoid: avoid}
people:
  Lee Lead: lead@base.example
defaults:
  status: active
";

const CSV: &str = "\
Ref,Risk,Description,Analysis,Risk owner,L,I,Response,Controls,Systems,Due,Ticket,Internal notes
R-11,Biased shortlists,\"Historical hiring labels, skewed\",\"## Analysis

Labels reflect past decisions.\",Lee Lead,High,4,Reduce,A-7-4,AI-1,31.03.2027,JIRA-1,secret
R-12,Drifting accuracy,New applicant populations,,lead@base.example,2,3,Reduce,A.7.4,AIS-001,2027-01-15,,
R-13,\"=cmd|' /C calc'!A0\",<script>alert(1)</script>,,Lee Lead,Low,2,Reduce,a.7.4,AIS-001,,JIRA-3,
";

#[test]
fn csv_register_imports_and_lints_clean() {
    let dir = project();
    let root = dir.path();
    std::fs::write(root.join("sources/register.csv"), CSV).expect("write");
    std::fs::write(root.join("sources/mapping.yaml"), MAPPING).expect("write");
    let run = import(
        root,
        &[
            "sources/register.csv",
            "--kind",
            "risk",
            "--mapping",
            "sources/mapping.yaml",
        ],
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("wrote 3 files"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("git add aims && git commit -m \"Import 3 risks from sources/register.csv\""),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("Ticket → x-ticket"), "{}", run.stdout);
    lints_clean(root);
    let risk = frontmatter(root, "aims/RISK-011.md");
    assert_eq!(risk["owner"], "lead@base.example");
    assert_eq!(risk["likelihood"], 4);
    assert_eq!(risk["systems"], serde_json::json!(["AIS-001"]));
    assert_eq!(risk["treatment"]["controls"], serde_json::json!(["A.7.4"]));
    assert_eq!(risk["treatment"]["due"], "2027-03-31");
    assert_eq!(risk["x-ticket"], "JIRA-1");
    assert!(risk.get("x-internal-notes").is_none(), "ignored column");
    assert_eq!(risk["status"], "active");
    let text = std::fs::read_to_string(root.join("aims/RISK-011.md")).expect("read");
    assert!(
        text.ends_with("---\n## Analysis\n\nLabels reflect past decisions.\n"),
        "{text}"
    );
    // Hostile cells are text, quoted where YAML needs it.
    let hostile = frontmatter(root, "aims/RISK-013.md");
    assert_eq!(hostile["title"], "=cmd|' /C calc'!A0");
    assert_eq!(hostile["risk_source"], "<script>alert(1)</script>");
}

#[test]
fn without_a_mapping_columns_named_like_fields_map_directly() {
    let dir = project();
    let root = dir.path();
    std::fs::write(
        root.join("sources/systems.csv"),
        "id;title;owner;purpose;AI role;lifecycle_stage;EU AI Act.risk class;data_sources;Business unit\n\
         AIS-002;Chat assistant;lead@base.example;Answer questions;provider;operation-and-monitoring;limited;\"[{\"\"name\"\": \"\"Tickets\"\", \"\"personal_data\"\": true}]\";Support\n",
    )
    .expect("write");
    let (code, report) = import_json(root, &["sources/systems.csv", "--kind", "ai-system"]);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(report["written"], true);
    assert_eq!(report["documents"][0]["path"], "aims/AIS-002.md");
    let system = frontmatter(root, "aims/AIS-002.md");
    assert_eq!(system["ai_role"], "provider");
    assert_eq!(system["eu_ai_act"]["risk_class"], "limited");
    assert_eq!(
        system["data_sources"][0]["personal_data"], true,
        "a JSON cell"
    );
    assert_eq!(system["x-business-unit"], "Support");
    assert_eq!(
        system["status"], "draft",
        "imported documents are drafts by default"
    );
    lints_clean(root);
}

/// A workbook as registers are kept: a cover sheet first, a title row above the column names,
/// real dates and numbers, a formula, and one bad row.
fn risk_workbook(bad_row: bool) -> Vec<u8> {
    let mut workbook = Workbook::new();
    let cover = workbook.add_worksheet();
    cover.set_name("Cover").unwrap();
    cover
        .write_string(0, 0, "Acme risk register — confidential")
        .unwrap();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Risks").unwrap();
    sheet.write_string(0, 0, "AI risk register 2026").unwrap();
    let header = [
        "Risk ID",
        "Title",
        "Source",
        "Owner",
        "Systems",
        "Likelihood",
        "Impact",
        "Treatment",
        "Controls",
        "Review by",
        "Accepted",
        "Score",
    ];
    for (column, name) in header.iter().enumerate() {
        sheet.write_string(2, column as u16, *name).unwrap();
    }
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let rows: Vec<(&str, &str, &str, f64, &str)> = vec![
        ("R-21", "Unfair ranking", "Skewed labels", 4.0, "A.7.4"),
        ("R-22", "Model drift", "Population change", 3.0, "A.7.4"),
        ("R-23", "Prompt injection", "Untrusted CVs", 2.0, "A.7.4"),
        ("R-24", "Opaque scores", "Black-box model", 2.0, "A.7.4"),
    ];
    for (index, (id, title, source, likelihood, control)) in rows.iter().enumerate() {
        let row = 3 + index as u32;
        sheet.write_string(row, 0, *id).unwrap();
        sheet.write_string(row, 1, *title).unwrap();
        sheet.write_string(row, 2, *source).unwrap();
        sheet.write_string(row, 3, "lead@base.example").unwrap();
        sheet.write_string(row, 4, "AIS-001").unwrap();
        if bad_row && index == 3 {
            sheet.write_string(row, 5, "Very high").unwrap();
        } else {
            sheet.write_number(row, 5, *likelihood).unwrap();
        }
        sheet.write_number(row, 6, 3.0).unwrap();
        sheet.write_string(row, 7, "mitigate").unwrap();
        sheet.write_string(row, 8, *control).unwrap();
        let due = ExcelDateTime::from_ymd(2027, 3, 31).unwrap();
        sheet
            .write_datetime_with_format(row, 9, &due, &date)
            .unwrap();
        sheet.write_boolean(row, 10, false).unwrap();
        // A formula with its cached result: the value is imported, the formula never runs.
        sheet
            .write_formula(row, 11, format!("=F{}*G{}", row + 1, row + 1).as_str())
            .unwrap()
            .set_formula_result(row, 11, "9");
    }
    workbook.save_to_buffer().unwrap()
}

const XLSX_MAPPING: &str = "\
columns:
  Risk ID: id
  Source: risk_source
  Treatment: treatment.option
  Controls: treatment.controls
  Review by: treatment.due
";

#[test]
fn workbook_imports_and_a_bad_row_is_reported_at_its_cell() {
    let dir = project();
    let root = dir.path();
    std::fs::write(root.join("sources/register.xlsx"), risk_workbook(true)).expect("write");
    std::fs::write(root.join("sources/mapping.yaml"), XLSX_MAPPING).expect("write");
    let before = tree(root);
    let args = [
        "sources/register.xlsx",
        "--kind",
        "risk",
        "--mapping",
        "sources/mapping.yaml",
    ];
    let (code, report) = import_json(root, &[&args[..], &["--dry-run"]].concat());
    assert_eq!(code, 1, "{report:#}");
    assert_eq!(report["sheet"], "Risks", "the cover sheet is skipped");
    assert_eq!(report["written"], false);
    let diagnostics = report["diagnostics"].as_array().expect("diagnostics");
    assert_eq!(diagnostics.len(), 1, "{report:#}");
    let bad = &diagnostics[0];
    assert_eq!(bad["code"], "AIMS108");
    assert_eq!(bad["path"], "sources/register.xlsx");
    assert_eq!(bad["line"], 7, "row 7 of the sheet");
    assert_eq!(bad["column"], 6, "column F");
    assert_eq!(bad["document_id"], "RISK-024");
    let message = bad["message"].as_str().expect("message");
    assert!(
        message.starts_with(
            "sheet `Risks`, row 7, column `Likelihood` (F) (RISK-024): expected a whole number"
        ),
        "{message}"
    );
    assert!(
        bad["help"]
            .as_str()
            .expect("help")
            .contains("values: {likelihood:")
    );
    assert_eq!(tree(root), before, "a dry run writes nothing");

    // Without --dry-run, errors still stop the import before anything is written.
    let run = import(root, &args);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("nothing written"), "{}", run.stdout);
    assert!(
        run.stdout.contains("--> sources/register.xlsx:7:6"),
        "{}",
        run.stdout
    );
    assert_eq!(tree(root), before);

    // Fixed, it imports and lints clean.
    std::fs::write(root.join("sources/register.xlsx"), risk_workbook(false)).expect("write");
    let run = import(root, &args);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("column names read from row 3"),
        "{}",
        run.stdout
    );
    lints_clean(root);
    let risk = frontmatter(root, "aims/RISK-021.md");
    assert_eq!(risk["treatment"]["due"], "2027-03-31", "a date cell");
    assert_eq!(risk["likelihood"], 4, "a number cell");
    assert_eq!(risk["x-accepted"], false, "a boolean cell");
    assert_eq!(risk["x-score"], 9, "a formula's cached value");
}

#[test]
fn markdown_table_imports_and_lints_clean() {
    let dir = project();
    let root = dir.path();
    std::fs::write(
        root.join("sources/register.md"),
        "# Risk register\n\nKept by the AI lead.\n\n## Open risks\n\n\
         | id | title | owner | systems | risk source | likelihood | impact | treatment option | treatment controls |\n\
         |---|---|---|---|---|---|---|---|---|\n\
         | RISK-031 | Hallucinated answers | lead@base.example | AIS-001 | LLM output | 3 | 3 | mitigate | A.7.4 |\n\
         | RISK-032 | Data leak via prompts | lead@base.example | AIS-001 | User input | 2 | 5 | mitigate | A.7.4<br>A.7.4 |\n",
    )
    .expect("write");
    let (code, report) = import_json(root, &["sources/register.md", "--kind", "risk"]);
    assert_eq!(code, 1, "the duplicated control is a finding: {report:#}");
    let finding = &report["diagnostics"][0];
    assert_eq!(finding["path"], "sources/register.md");
    assert_eq!(finding["line"], 10, "the table row's line");
    assert!(
        finding["message"]
            .as_str()
            .unwrap()
            .contains("column `treatment controls`")
    );
    std::fs::write(
        root.join("sources/register.md"),
        std::fs::read_to_string(root.join("sources/register.md"))
            .unwrap()
            .replace("A.7.4<br>A.7.4", "A.7.4"),
    )
    .expect("write");
    let run = import(root, &["sources/register.md", "--kind", "risk"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("Markdown table, `Open risks`"),
        "{}",
        run.stdout
    );
    lints_clean(root);
    assert_eq!(frontmatter(root, "aims/RISK-032.md")["impact"], 5);
}

const FOREIGN_MAPPING: &str = "\
columns:
  name: title
  responsible: owner
  meta.level: likelihood
  meta.severity: impact
  mitigation.controls: treatment.controls
  mitigation.strategy: treatment.option
  system: {field: systems, prefix: AIS}
  type: ~
values:
  impact: {minor: 2, major: 4}
  treatment.option: {reduce: mitigate}
people:
  Direction Générale: lead@base.example
ids: {prefix: RISK, width: 3}
defaults:
  risk_source: Recorded in the previous tool
  status: active
";

#[test]
fn foreign_frontmatter_is_migrated() {
    let dir = project();
    let root = dir.path();
    let folder = root.join("sources/_risks");
    std::fs::create_dir_all(&folder).expect("mkdir");
    std::fs::write(
        folder.join("bias.md"),
        "---\nid: R-41\ntype: risk\nname: Biased outcomes\nresponsible: Direction Générale\nsystem: ai-1\nmeta:\n  level: 3\n  severity: major\nmitigation:\n  strategy: reduce\n  controls: [A-7-4]\n---\n# Biased outcomes\n\nOriginal text, kept as it is.\n",
    )
    .expect("write");
    // The strongdm/comply layout: YAML first, closed by `---`, no opening line.
    std::fs::write(
        folder.join("drift.md"),
        "id: R-42\nname: Drift\nresponsible: lead@base.example\nsystem: AIS-001\nmeta: {level: 2, severity: minor}\nmitigation: {strategy: reduce, controls: [a_7_4]}\n---\nDrift body.\n",
    )
    .expect("write");
    std::fs::write(folder.join("README.md"), "Notes about the folder.\n").expect("write");
    std::fs::write(root.join("sources/foreign.yaml"), FOREIGN_MAPPING).expect("write");
    let run = import(
        root,
        &[
            "sources/_risks",
            "--kind",
            "risk",
            "--mapping",
            "sources/foreign.yaml",
            "--out",
            "aims/risks",
        ],
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("skipped 1 file without frontmatter"),
        "{}",
        run.stdout
    );
    lints_clean(root);
    let bias = frontmatter(root, "aims/risks/bias.md");
    assert_eq!(bias["id"], "RISK-041");
    assert_eq!(bias["owner"], "lead@base.example");
    assert_eq!(bias["systems"], serde_json::json!(["AIS-001"]));
    assert_eq!(bias["treatment"]["controls"], serde_json::json!(["A.7.4"]));
    assert_eq!(bias["impact"], 4);
    assert!(bias.get("x-type").is_none());
    let text = std::fs::read_to_string(root.join("aims/risks/bias.md")).expect("read");
    assert!(text.ends_with("---\n# Biased outcomes\n\nOriginal text, kept as it is.\n"));
    let drift = frontmatter(root, "aims/risks/drift.md");
    assert_eq!(drift["treatment"]["controls"], serde_json::json!(["A.7.4"]));
    // The sources are untouched.
    assert!(
        std::fs::read_to_string(folder.join("drift.md"))
            .unwrap()
            .starts_with("id: R-42")
    );
}

#[test]
fn a_foreign_value_is_reported_where_it_is_written() {
    let dir = project();
    let root = dir.path();
    let folder = root.join("sources/_risks");
    std::fs::create_dir_all(&folder).expect("mkdir");
    std::fs::write(
        folder.join("bias.md"),
        "---\nid: R-41\nname: Biased outcomes\nresponsible: Somebody Else\nsystem: AIS-001\nmeta:\n  level: 3\n  severity: catastrophic\nmitigation: {strategy: reduce, controls: [A.6.2]}\n---\n",
    )
    .expect("write");
    std::fs::write(root.join("sources/foreign.yaml"), FOREIGN_MAPPING).expect("write");
    let (code, report) = import_json(
        root,
        &[
            "sources/_risks",
            "--kind",
            "risk",
            "--mapping",
            "sources/foreign.yaml",
            "--dry-run",
        ],
    );
    assert_eq!(code, 1);
    let found: Vec<(String, u64, String)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
                d["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert!(
        found.contains(&("sources/_risks/bias.md".into(), 4, "AIMS108".into())),
        "{found:?}"
    );
    assert!(
        found.contains(&("sources/_risks/bias.md".into(), 8, "AIMS108".into())),
        "{found:?}"
    );
    assert!(
        found.contains(&("sources/_risks/bias.md".into(), 9, "AIMS205".into())),
        "{found:?}"
    );
    let area = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "AIMS205")
        .unwrap();
    assert!(
        area["help"]
            .as_str()
            .unwrap()
            .contains("is an area of Annex A")
    );
}

/// An SoA kept in a workbook: area headings and objectives between the controls, yes/no
/// applicability, owners and due dates, references to ISO/IEC 27001.
fn soa_workbook(skip: &[&str]) -> Vec<u8> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("SoA").unwrap();
    for (column, name) in [
        "Control",
        "Control name",
        "Applicable",
        "Justification",
        "Status",
        "Implemented by",
        "Owner",
        "Due",
        "ISO 27001",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(0, column as u16, *name).unwrap();
    }
    let catalog = aims::catalog::catalog();
    let mut row = 1u32;
    let mut group = String::new();
    for control in &catalog.controls {
        if control.group != group {
            group = control.group.clone();
            let title = catalog
                .group(&group)
                .map(|g| g.title.clone())
                .unwrap_or_default();
            sheet.write_string(row, 0, group.as_str()).unwrap();
            sheet.write_string(row, 1, title).unwrap();
            row += 1;
            sheet.write_string(row, 0, format!("{group}.1")).unwrap();
            sheet.write_string(row, 1, "Objective").unwrap();
            row += 1;
        }
        if skip.contains(&control.id.as_str()) {
            continue;
        }
        sheet
            .write_string(row, 0, control.id.replace('.', "-"))
            .unwrap();
        sheet.write_string(row, 1, control.title.as_str()).unwrap();
        let excluded = control.id == "A.10.4";
        sheet
            .write_string(row, 2, if excluded { "No" } else { "Yes" })
            .unwrap();
        sheet
            .write_string(
                row,
                3,
                if excluded {
                    "We have no customers of AI systems."
                } else {
                    "Needed for our provider role."
                },
            )
            .unwrap();
        if !excluded {
            sheet.write_string(row, 4, "Implemented").unwrap();
            sheet.write_string(row, 5, "PROC-001").unwrap();
            sheet.write_string(row, 6, "ai-lead").unwrap();
            sheet.write_string(row, 7, "2027-01-31").unwrap();
        }
        if control.id == "A.2.2" {
            sheet.write_string(row, 8, "5.1").unwrap();
        }
        row += 1;
    }
    workbook.save_to_buffer().unwrap()
}

const SOA_MAPPING: &str = "\
columns:
  Control: id
  Implemented by: implemented_by
  ISO 27001: ~
document:
  owner: lead@base.example
";

#[test]
fn soa_workbook_becomes_the_entries_of_the_one_soa() {
    let dir = project();
    let root = dir.path();
    std::fs::write(root.join("sources/mapping.yaml"), SOA_MAPPING).expect("write");
    std::fs::write(
        root.join("sources/soa.xlsx"),
        soa_workbook(&["A.9.3", "A.4.5"]),
    )
    .expect("write");
    let before = tree(root);
    let args = [
        "sources/soa.xlsx",
        "--kind",
        "soa",
        "--mapping",
        "sources/mapping.yaml",
    ];
    // The project has an SoA: replacing it needs --force.
    let run = import(root, &args);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert_eq!(tree(root), before, "refused: nothing written");
    // Dry run: two controls have no row.
    let (code, report) = import_json(root, &[&args[..], &["--dry-run"]].concat());
    assert_eq!(
        report["missing_controls"],
        serde_json::json!(["A.4.5", "A.9.3"])
    );
    assert_eq!(code, 1, "AIMS302 reports them: {report:#}");
    let missing = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "AIMS302")
        .expect("AIMS302");
    assert_eq!(missing["path"], "sources/soa.xlsx");
    assert!(
        missing["message"]
            .as_str()
            .unwrap()
            .starts_with("sheet `SoA` (SOA-001): Annex A control A.4.5"),
        "{missing}"
    );
    assert!(
        report["notes"]
            .to_string()
            .contains("area headings or objectives")
    );
    assert_eq!(tree(root), before);

    std::fs::write(root.join("sources/soa.xlsx"), soa_workbook(&[])).expect("write");
    let run = import(root, &[&args[..], &["--force"]].concat());
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("aims/soa.md (replaces the file there)"),
        "{}",
        run.stdout
    );
    lints_clean(root);
    let soa = frontmatter(root, "aims/soa.md");
    assert_eq!(soa["id"], "SOA-001", "the SoA's own fields are kept");
    let entries = soa["annex_a"].as_array().expect("entries");
    assert_eq!(entries.len(), 38);
    assert_eq!(entries[0]["id"], "A.2.2", "A-2-2 is read as A.2.2");
    assert_eq!(entries[0]["status"], "implemented");
    assert_eq!(entries[0]["owner"], "ai-lead");
    assert_eq!(entries[0]["due"], "2027-01-31");
    assert_eq!(
        entries[0]["implemented_by"],
        serde_json::json!(["PROC-001"])
    );
    let excluded = entries
        .iter()
        .find(|e| e["id"] == "A.10.4")
        .expect("A.10.4");
    assert_eq!(excluded["applicable"], false);
    assert!(
        entries[0].get("x-control-name").is_none(),
        "titles come from the standard"
    );
}

#[test]
fn existing_files_are_kept_without_force() {
    let dir = project();
    let root = dir.path();
    std::fs::write(
        root.join("sources/r.csv"),
        "id,title,owner,systems,risk_source,likelihood,impact,treatment.option\nRISK-001,Replaced,lead@base.example,AIS-001,x,1,1,avoid\n",
    )
    .expect("write");
    let before = tree(root);
    let run = import(
        root,
        &["sources/r.csv", "--kind", "risk", "--out", "aims/risks"],
    );
    assert_eq!(
        run.code, 1,
        "RISK-001 already exists elsewhere: {}",
        run.stdout
    );
    assert!(run.stdout.contains("AIMS201"), "{}", run.stdout);
    assert_eq!(tree(root), before);
    // Into the same file: refused without --force.
    std::fs::create_dir_all(root.join("aims/risks")).expect("mkdir");
    std::fs::rename(
        root.join("aims/risk.md"),
        root.join("aims/risks/RISK-001.md"),
    )
    .expect("mv");
    let before = tree(root);
    let run = import(
        root,
        &["sources/r.csv", "--kind", "risk", "--out", "aims/risks"],
    );
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert_eq!(tree(root), before);
    // The replacement is a draft, which leaves AIS-001 without an active risk (AIMS313).
    let run = import(
        root,
        &[
            "sources/r.csv",
            "--kind",
            "risk",
            "--out",
            "aims/risks",
            "--force",
            "--allow-errors",
        ],
    );
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("AIMS313"), "{}", run.stdout);
    assert_eq!(
        frontmatter(root, "aims/risks/RISK-001.md")["title"],
        "Replaced"
    );
}

#[test]
fn mapping_problems_are_positioned() {
    let dir = project();
    let root = dir.path();
    std::fs::write(root.join("sources/r.csv"), CSV).expect("write");
    std::fs::write(
        root.join("sources/bad.yaml"),
        "colums:\n  Ref: id\ncolumns:\n  Response: treatment.optoin\n",
    )
    .expect("write");
    let before = tree(root);
    let run = import(
        root,
        &[
            "sources/r.csv",
            "--kind",
            "risk",
            "--mapping",
            "sources/bad.yaml",
        ],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stdout.contains("--> sources/bad.yaml:1:1"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("did you mean `columns`?"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("--> sources/bad.yaml:4:13"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("did you mean `treatment.option`?"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr
            .contains("the mapping file sources/bad.yaml is invalid")
    );
    assert_eq!(tree(root), before);
}

#[test]
fn hostile_and_broken_sources_exit_2_and_change_nothing() {
    let dir = project();
    let root = dir.path();
    std::fs::write(root.join("sources/fake.xlsx"), "id,title\nR-1,x\n").expect("write");
    std::fs::write(root.join("sources/zip.xlsx"), b"PK\x03\x04not really a zip").expect("write");
    std::fs::write(
        root.join("sources/open.csv"),
        "id,title\nR-1,\"never closed\n",
    )
    .expect("write");
    std::fs::write(root.join("sources/empty.csv"), "").expect("write");
    std::fs::write(root.join("sources/binary.csv"), b"\x00\x01\x02\x03").expect("write");
    std::fs::write(root.join("sources/one-column.csv"), "title\nx\n").expect("write");
    let mut empty_book = Workbook::new();
    empty_book.add_worksheet().set_name("Data").unwrap();
    std::fs::write(
        root.join("sources/empty.xlsx"),
        empty_book.save_to_buffer().unwrap(),
    )
    .expect("write");
    // Two cells, one at the far corner of the sheet: read cell by cell, never as a grid of
    // seventeen billion cells.
    let mut far_book = Workbook::new();
    let far = far_book.add_worksheet();
    far.write_string(0, 0, "id").unwrap();
    far.write_string(0, 1, "title").unwrap();
    far.write_string(1_048_575, 16_383, "far away").unwrap();
    std::fs::write(
        root.join("sources/far.xlsx"),
        far_book.save_to_buffer().unwrap(),
    )
    .expect("write");
    let huge = std::fs::File::create(root.join("sources/huge.csv")).expect("create");
    huge.set_len(65 * 1024 * 1024).expect("sparse file");
    let before = tree(root);
    for (source, expected) in [
        ("sources/fake.xlsx", "not a workbook"),
        ("sources/zip.xlsx", "not a workbook"),
        (
            "sources/open.csv",
            "sources/open.csv:2:5: this quoted field is never closed",
        ),
        ("sources/empty.csv", "no row with column names"),
        ("sources/binary.csv", "binary data"),
        ("sources/one-column.csv", "no row with column names"),
        (
            "sources/empty.xlsx",
            "sheet `Data` has no row with column names",
        ),
        ("sources/huge.csv", "too large"),
        ("sources/far.xlsx", "registers this large are not read"),
        ("sources/missing.csv", "cannot read it"),
    ] {
        let run = import(root, &[source, "--kind", "risk"]);
        assert_eq!(run.code, 2, "{source}: {}{}", run.stdout, run.stderr);
        assert!(run.stderr.contains(expected), "{source}: {}", run.stderr);
        assert!(!run.stderr.contains("panicked"), "{source}: {}", run.stderr);
    }
    let run = import(
        root,
        &["sources/empty.xlsx", "--kind", "risk", "--sheet", "Nope"],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("no sheet named `Nope`; the sheets are `Data`"),
        "{}",
        run.stderr
    );
    let run = import(root, &["sources/open.csv", "--kind", "risks"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("did you mean `risk`?"),
        "{}",
        run.stderr
    );
    let run = import(
        root,
        &[
            "sources/open.csv",
            "--kind",
            "risk",
            "--out",
            "../elsewhere",
        ],
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("outside the project"), "{}", run.stderr);
    assert_eq!(tree(root), before);
}
