//! `aims import` on the registers an adopter brings: a 40-row risk register and a 38-control
//! Statement of Applicability, kept in Excel the usual way (a title row, labels instead of
//! scores, names instead of emails, `A-7-4` style ids, area headings between the controls),
//! into a fresh `aims init` project. Prints the wall time of a dry run and of the real import
//! (median of AIMS_BENCH_RUNS, default 5) and how many lines of mapping the user writes.
//!
//! cargo bench --bench import

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const RISK_MAPPING: &str = "\
# Acme's risk register → aims risks
sheet: Risk Register
columns:
  Risk ID: id
  Risk: title
  Description: risk_source
  Owner: owner
  AI system: systems
  Likelihood: likelihood
  Impact: impact
  Response: treatment.option
  Controls (Annex A): treatment.controls
  Review date: treatment.due
  Accepted by: acceptance.by
  Accepted on: acceptance.date
  Status: ~
values:
  likelihood: {Rare: 1, Unlikely: 2, Possible: 3, Likely: 4, Almost certain: 5}
  impact: {Minor: 1, Moderate: 2, Significant: 3, Major: 4, Severe: 5}
  treatment.option: {Reduce: mitigate, Accept: accept, Transfer: transfer, Avoid: avoid}
people:
  Sam Risk: risk-owner@example.com
  Ada Lead: ai-lead@example.com
defaults:
  status: active
";

const SOA_MAPPING: &str = "\
# Acme's SoA workbook → the aims Statement of Applicability
columns:
  Control: id
  Applicable?: applicable
  Implementation: status
  Documents: implemented_by
  Owner: owner
values:
  status: {Done: implemented, In progress: partial, Not started: planned}
";

fn risk_register(path: &Path) {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Risk Register").unwrap();
    sheet.write_string(0, 0, "Acme AI risk register").unwrap();
    let header = [
        "Risk ID",
        "Risk",
        "Description",
        "Owner",
        "AI system",
        "Likelihood",
        "Impact",
        "Response",
        "Controls (Annex A)",
        "Review date",
        "Accepted by",
        "Accepted on",
        "Status",
    ];
    for (column, name) in header.iter().enumerate() {
        sheet.write_string(2, column as u16, *name).unwrap();
    }
    let likelihood = ["Rare", "Unlikely", "Possible", "Likely", "Almost certain"];
    let impact = ["Minor", "Moderate", "Significant", "Major", "Severe"];
    let controls = [
        "A-7-4, A-6-2-4",
        "A.6.2.6",
        "A-9-4; A-8-2",
        "a.7.2",
        "A.6.2.4",
    ];
    let date = Format::new().set_num_format("dd/mm/yyyy");
    for index in 0..40u32 {
        let row = 3 + index;
        let accept = index % 7 == 3;
        sheet
            .write_string(row, 0, format!("R-{:02}", index + 1))
            .unwrap();
        sheet
            .write_string(
                row,
                1,
                format!("Risk number {} of the assistant", index + 1),
            )
            .unwrap();
        sheet
            .write_string(row, 2, "Model output or data handling could harm customers")
            .unwrap();
        sheet
            .write_string(
                row,
                3,
                if index % 2 == 0 {
                    "Sam Risk"
                } else {
                    "Ada Lead"
                },
            )
            .unwrap();
        sheet.write_string(row, 4, "AIS-001").unwrap();
        sheet
            .write_string(row, 5, likelihood[index as usize % 5])
            .unwrap();
        sheet
            .write_string(row, 6, impact[(index as usize / 5) % 5])
            .unwrap();
        sheet
            .write_string(row, 7, if accept { "Accept" } else { "Reduce" })
            .unwrap();
        sheet
            .write_string(row, 8, controls[index as usize % 5])
            .unwrap();
        let due = ExcelDateTime::from_ymd(2027, 1 + (index % 12) as u8, 15).unwrap();
        sheet
            .write_datetime_with_format(row, 9, &due, &date)
            .unwrap();
        if accept {
            sheet.write_string(row, 10, "top-management").unwrap();
            sheet.write_string(row, 11, "2026-11-01").unwrap();
        }
        sheet.write_string(row, 12, "Open").unwrap();
    }
    std::fs::write(path, workbook.save_to_buffer().unwrap()).unwrap();
}

fn soa(path: &Path) {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("SoA").unwrap();
    for (column, name) in [
        "Control",
        "Control title",
        "Applicable?",
        "Justification",
        "Implementation",
        "Documents",
        "Owner",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(0, column as u16, *name).unwrap();
    }
    let catalog = aims::catalog::catalog();
    let mut row = 1;
    let mut group = String::new();
    for (index, control) in catalog.controls.iter().enumerate() {
        if control.group != group {
            group = control.group.clone();
            sheet.write_string(row, 0, group.as_str()).unwrap();
            row += 1;
        }
        sheet
            .write_string(row, 0, control.id.replace('.', "-"))
            .unwrap();
        sheet.write_string(row, 1, control.title.as_str()).unwrap();
        sheet.write_string(row, 2, "Yes").unwrap();
        sheet
            .write_string(row, 3, "Needed for the customer-support assistant.")
            .unwrap();
        sheet
            .write_string(row, 4, ["Done", "In progress", "Not started"][index % 3])
            .unwrap();
        sheet.write_string(row, 5, "POL-001, PROC-001").unwrap();
        sheet.write_string(row, 6, "ai-lead").unwrap();
        row += 1;
    }
    std::fs::write(path, workbook.save_to_buffer().unwrap()).unwrap();
}

fn time(dir: &Path, args: &[&str]) -> Duration {
    let start = Instant::now();
    let status = Command::new(env!("CARGO_BIN_EXE_aims"))
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("runs");
    assert!(status.code().is_some_and(|code| code <= 1), "aims {args:?}");
    start.elapsed()
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

/// Lines a user writes: not blank, not comments.
fn mapping_lines(text: &str) -> usize {
    text.lines()
        .filter(|line| !line.trim().is_empty() && !line.trim_start().starts_with('#'))
        .count()
}

fn main() {
    let runs: usize = std::env::var("AIMS_BENCH_RUNS")
        .ok()
        .and_then(|runs| runs.parse().ok())
        .unwrap_or(5);
    let work = tempfile::tempdir().expect("tempdir");
    let project = work.path().join("acme");
    let status = Command::new(env!("CARGO_BIN_EXE_aims"))
        .args(["init", "--org", "Acme"])
        .arg(&project)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("aims init");
    assert!(status.success());
    let sources = project.join("sources");
    std::fs::create_dir_all(&sources).unwrap();
    risk_register(&sources.join("risk-register.xlsx"));
    soa(&sources.join("soa.xlsx"));
    std::fs::write(sources.join("risks.yaml"), RISK_MAPPING).unwrap();
    std::fs::write(sources.join("soa.yaml"), SOA_MAPPING).unwrap();

    let risk_args = [
        "import",
        "sources/risk-register.xlsx",
        "--kind",
        "risk",
        "--mapping",
        "sources/risks.yaml",
        "--force",
        "--today",
        "2026-11-22",
    ];
    let soa_args = [
        "import",
        "sources/soa.xlsx",
        "--kind",
        "soa",
        "--mapping",
        "sources/soa.yaml",
        "--force",
        "--today",
        "2026-11-22",
    ];
    // Check that both import cleanly before timing them.
    for args in [&risk_args[..], &soa_args[..]] {
        let output = Command::new(env!("CARGO_BIN_EXE_aims"))
            .args(args)
            .arg("--dry-run")
            .current_dir(&project)
            .output()
            .expect("runs");
        if !output.status.success() {
            println!("{}", String::from_utf8_lossy(&output.stdout));
            panic!("the benchmark registers do not import cleanly");
        }
    }
    fn dry<'a>(args: &[&'a str]) -> Vec<&'a str> {
        [args, &["--dry-run"]].concat()
    }
    let risk_dry = median(
        (0..runs)
            .map(|_| time(&project, &dry(&risk_args)))
            .collect(),
    );
    let soa_dry = median((0..runs).map(|_| time(&project, &dry(&soa_args))).collect());
    let risk_write = median((0..runs).map(|_| time(&project, &risk_args)).collect());
    let soa_write = median((0..runs).map(|_| time(&project, &soa_args)).collect());
    let lint = median(
        (0..runs)
            .map(|_| time(&project, &["lint", "--no-history", "--today", "2026-11-22"]))
            .collect(),
    );
    println!("project: aims init + 40 imported risks + the imported SoA");
    println!(
        "40-row risk register (XLSX): dry run {:>6.3} s, import {:>6.3} s; mapping: {} lines",
        risk_dry.as_secs_f64(),
        risk_write.as_secs_f64(),
        mapping_lines(RISK_MAPPING)
    );
    println!(
        "38-control SoA (XLSX):       dry run {:>6.3} s, import {:>6.3} s; mapping: {} lines",
        soa_dry.as_secs_f64(),
        soa_write.as_secs_f64(),
        mapping_lines(SOA_MAPPING)
    );
    println!("aims lint of the result:     {:>6.3} s", lint.as_secs_f64());
}
