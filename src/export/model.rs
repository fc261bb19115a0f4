//! The sheets of an export, computed before any rendering: the cover (organisation, standard,
//! commit and its date, every document's version and approvals) and the register (one row per
//! document or SoA entry, one column per field).

use crate::config::Config;
use crate::gap::{self, GapInput};
use crate::history::approvals::DocumentStatus;
use crate::history::{self, HistoryError};
use crate::import::fields::Fields;
use crate::lint;
use crate::load::Document;
use crate::load::model::risk;
use crate::schema::SchemaSet;
use serde_json::Value;

/// What to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum What {
    Soa,
    Risks,
    Systems,
    Gap,
}

crate::text::display_as_serialized!(What);

impl What {
    fn title(self) -> &'static str {
        match self {
            What::Soa => "Statement of Applicability",
            What::Risks => "Risk register",
            What::Systems => "AI system inventory",
            What::Gap => "Gap analysis",
        }
    }
}

/// How to export.
#[derive(Debug, Clone)]
pub struct ExportOptions<'a> {
    pub what: What,
    /// The commit to export (default: HEAD).
    pub at: Option<&'a str>,
    /// The date the gap analysis judges against (default: the commit's date).
    pub today: Option<jiff::civil::Date>,
    /// Read and write the history cache under `.git/aims/`.
    pub cache: bool,
}

/// One cell of a sheet.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    Bool(bool),
    Empty,
}

impl Cell {
    /// The cell as text (CSV, Markdown).
    pub fn text(&self) -> String {
        match self {
            Cell::Text(text) => text.clone(),
            Cell::Number(number) => crate::import::source::float_text(*number),
            Cell::Bool(flag) => flag.to_string(),
            Cell::Empty => String::new(),
        }
    }
}

/// One column.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub name: String,
    /// Worked out by aims, not a field: skipped on import.
    pub computed: bool,
}

/// One sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub name: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
}

/// A document's version and approvals, for the cover.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    pub id: String,
    pub title: String,
    pub path: String,
    /// The blob id at the exported commit.
    pub version: String,
    /// `2026-03-01 (abc1234)`.
    pub changed: String,
    pub state: String,
    /// `Name <email> on 2026-03-01 (abc1234)`, one per counted approval of this version.
    pub approvals: Vec<String>,
}

/// The cover sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Cover {
    pub title: String,
    pub organisation: Option<String>,
    pub standard: String,
    pub commit: String,
    /// The commit's committer date, ISO 8601 with its offset.
    pub commit_date: String,
    /// The commit's committer time, seconds since the epoch (the workbook's creation time).
    pub seconds: i64,
    pub generator: String,
    pub documents: Vec<Version>,
    pub notes: Vec<String>,
}

/// A whole export.
#[derive(Debug, Clone, PartialEq)]
pub struct Export {
    pub what: What,
    pub cover: Cover,
    pub sheet: Sheet,
}

impl Export {
    /// `risks-abc1234`: a file name that says what and which commit.
    pub fn file_stem(&self) -> String {
        format!(
            "{}-{}",
            self.what.name(),
            self.cover.commit.chars().take(7).collect::<String>()
        )
    }
}

/// Why the export could not be made (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{0}; exports are dated and versioned by a commit, so commit the documents first")]
    History(#[from] HistoryError),
    #[error(transparent)]
    Lint(#[from] lint::LintError),
    #[error("{0}")]
    Nothing(String),
    #[error("cannot write the workbook: {0}")]
    Xlsx(String),
}

/// A field value as a cell: lists of scalars one per line, mappings and lists of mappings as
/// JSON.
fn cell(value: &Value) -> Cell {
    match value {
        Value::Null => Cell::Empty,
        Value::Bool(flag) => Cell::Bool(*flag),
        Value::Number(number) => number.as_f64().map_or(Cell::Empty, Cell::Number),
        Value::String(text) => Cell::Text(text.clone()),
        Value::Array(items)
            if items
                .iter()
                .all(|item| item.is_string() || item.is_number()) =>
        {
            Cell::Text(
                items
                    .iter()
                    .map(|item| match item {
                        Value::String(text) => text.clone(),
                        other => other.to_string(),
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
            )
        }
        other => Cell::Text(other.to_string()),
    }
}

/// Leaves of a mapping as dotted names (`treatment.option`); lists are leaves.
fn leaves(value: &Value, prefix: &str, out: &mut Vec<(String, Value)>) {
    match value.as_object() {
        Some(object) if !object.is_empty() => {
            for (key, child) in object {
                let name = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                leaves(child, &name, out);
            }
        }
        _ => out.push((prefix.to_owned(), value.clone())),
    }
}

/// Column order: the `head` fields (id, title, owner, status for documents); the kind's own
/// fields; the common fields; then anything else in the order first seen.
fn order_columns(
    seen: Vec<String>,
    fields: &Fields,
    common: &[String],
    head: &[&str],
) -> Vec<String> {
    let schema_order: Vec<String> = fields.dotted();
    let rank = |name: &str, seen_at: usize| -> (usize, usize) {
        if let Some(index) = head.iter().position(|head| *head == name) {
            return (0, index);
        }
        let top = name.split('.').next().unwrap_or(name);
        match schema_order.iter().position(|field| field == name) {
            Some(index) if !common.iter().any(|c| c == top) => (1, index),
            Some(index) => (2, index),
            None => (3, seen_at),
        }
    };
    let mut ranked: Vec<(usize, usize, String)> = seen
        .into_iter()
        .enumerate()
        .map(|(index, name)| {
            let (group, position) = rank(&name, index);
            (group, position, name)
        })
        .collect();
    ranked.sort();
    ranked.into_iter().map(|(_, _, name)| name).collect()
}

/// A sheet with one row per item: its fields as columns, then computed columns.
fn sheet_of(
    name: &str,
    items: &[(Value, Option<String>)],
    fields: &Fields,
    common: &[String],
    head: &[&str],
    computed: &[(String, Vec<Cell>)],
) -> Sheet {
    let mut rows_leaves = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for (data, _) in items {
        let mut found = Vec::new();
        leaves(data, "", &mut found);
        found.retain(|(name, _)| name != "kind" && !name.is_empty());
        for (name, _) in &found {
            if !seen.contains(name) {
                seen.push(name.clone());
            }
        }
        rows_leaves.push(found);
    }
    let names = order_columns(seen, fields, common, head);
    let has_body = items.iter().any(|(_, body)| body.is_some());
    let mut columns: Vec<Column> = names
        .iter()
        .map(|name| Column {
            name: name.clone(),
            computed: false,
        })
        .collect();
    columns.extend(computed.iter().map(|(name, _)| Column {
        name: name.clone(),
        computed: true,
    }));
    if has_body {
        columns.push(Column {
            name: "body".to_owned(),
            computed: false,
        });
    }
    let rows = rows_leaves
        .iter()
        .enumerate()
        .map(|(index, found)| {
            let mut row: Vec<Cell> = names
                .iter()
                .map(|name| {
                    found
                        .iter()
                        .find(|(leaf, _)| leaf == name)
                        .map_or(Cell::Empty, |(_, value)| cell(value))
                })
                .collect();
            for (_, values) in computed {
                row.push(values.get(index).cloned().unwrap_or(Cell::Empty));
            }
            if has_body {
                row.push(items[index].1.clone().map_or(Cell::Empty, Cell::Text));
            }
            row
        })
        .collect();
    Sheet {
        name: name.to_owned(),
        columns,
        rows,
    }
}

fn common_names() -> Vec<String> {
    serde_json::from_str::<Value>(crate::catalog::kinds::COMMON_SCHEMA)
        .ok()
        .and_then(|schema| {
            schema
                .get("properties")
                .and_then(Value::as_object)
                .map(|props| props.keys().cloned().collect())
        })
        .unwrap_or_default()
}

fn version_of(
    document: &Document,
    status: Option<&DocumentStatus<'_>>,
    history: &history::History,
) -> Version {
    let short = |id: &str| id.chars().take(7).collect::<String>();
    let record = |index: usize| history.records.get(index);
    let (version, changed, state, approvals) = match status {
        Some(status) => {
            let changed = status
                .timeline
                .last()
                .and_then(record)
                .map(|record| {
                    format!(
                        "{} ({})",
                        record
                            .committer
                            .date()
                            .map(|date| date.to_string())
                            .unwrap_or_default(),
                        short(&record.id)
                    )
                })
                .unwrap_or_default();
            let approvals = status
                .current_approvals()
                .filter_map(|approval| {
                    let record = record(approval.record)?;
                    Some(format!(
                        "{} <{}> on {} ({})",
                        approval.name,
                        approval.email,
                        record
                            .committer
                            .date()
                            .map(|date| date.to_string())
                            .unwrap_or_default(),
                        short(&record.id)
                    ))
                })
                .collect();
            (
                status.timeline.blob.chars().take(12).collect(),
                changed,
                status.state.name().to_owned(),
                approvals,
            )
        }
        None => (String::new(), String::new(), String::new(), Vec::new()),
    };
    Version {
        id: document.id().unwrap_or_default().to_owned(),
        title: document.title().unwrap_or_default().to_owned(),
        path: document.path.clone(),
        version,
        changed,
        state,
        approvals,
    }
}

fn sorted<'d>(documents: impl Iterator<Item = &'d Document>) -> Vec<&'d Document> {
    let mut documents: Vec<&Document> = documents.filter(|d| d.id().is_some()).collect();
    documents.sort_by(|a, b| (a.id(), &a.path).cmp(&(b.id(), &b.path)));
    documents
}

/// The register sheet of one document kind.
fn documents_sheet(
    name: &str,
    documents: &[&Document],
    schemas: &SchemaSet,
    kind: &str,
    config: &Config,
) -> Sheet {
    let fields = Fields::of(schemas, kind, false).unwrap_or_default();
    let items: Vec<(Value, Option<String>)> = documents
        .iter()
        .map(|document| {
            (
                document
                    .frontmatter()
                    .map(|front| front.data.clone())
                    .unwrap_or(Value::Null),
                Some(document.body().to_owned()),
            )
        })
        .collect();
    let mut computed: Vec<(String, Vec<Cell>)> = Vec::new();
    if kind == "risk" {
        let scale = &config.risk;
        let mut inherent = Vec::new();
        let mut inherent_band = Vec::new();
        let mut residual = Vec::new();
        let mut residual_band = Vec::new();
        for document in documents {
            let view = risk(document);
            let level = view.inherent(scale);
            inherent.push(level.map_or(Cell::Empty, |level| Cell::Number(f64::from(level))));
            inherent_band.push(level.map_or(Cell::Empty, |level| {
                Cell::Text(scale.band(level).to_owned())
            }));
            let level = view.residual(scale);
            residual.push(level.map_or(Cell::Empty, |level| Cell::Number(f64::from(level))));
            residual_band.push(level.map_or(Cell::Empty, |level| {
                Cell::Text(scale.band(level).to_owned())
            }));
        }
        computed = vec![
            ("inherent level (computed)".to_owned(), inherent),
            ("inherent band (computed)".to_owned(), inherent_band),
            ("residual level (computed)".to_owned(), residual),
            ("residual band (computed)".to_owned(), residual_band),
        ];
    }
    sheet_of(
        name,
        &items,
        &fields,
        &common_names(),
        &["id", "title", "owner", "status"],
        &computed,
    )
}

/// The SoA's entries as a sheet.
fn soa_sheet(document: &Document, schemas: &SchemaSet) -> Sheet {
    let fields = Fields::of(schemas, "soa", true).unwrap_or_default();
    let entries: Vec<(Value, Option<String>)> = document
        .get("/annex_a")
        .and_then(Value::as_array)
        .map(|items| items.iter().map(|item| (item.clone(), None)).collect())
        .unwrap_or_default();
    let titles = entries
        .iter()
        .map(|(entry, _)| {
            entry
                .get("id")
                .and_then(Value::as_str)
                .and_then(|id| crate::catalog::catalog().control(id))
                .map_or(Cell::Empty, |control| Cell::Text(control.title.clone()))
        })
        .collect();
    let mut sheet = sheet_of(
        "Statement of Applicability",
        &entries,
        &fields,
        &[],
        &["id"],
        &[("control title (computed)".to_owned(), titles)],
    );
    // The control's title reads best right after its id.
    if let Some(from) = sheet.columns.iter().position(|column| column.computed) {
        let column = sheet.columns.remove(from);
        sheet.columns.insert(1.min(sheet.columns.len()), column);
        for row in &mut sheet.rows {
            let value = row.remove(from);
            row.insert(1.min(row.len()), value);
        }
    }
    sheet
}

/// The gap analysis as a sheet (the columns of `aims gap --format csv`).
fn gap_sheet(report: &gap::GapReport) -> Sheet {
    let columns = crate::report::gap::csv::columns();
    let numeric = ["rank", "risk_level"];
    Sheet {
        name: "Gap analysis".to_owned(),
        columns: columns
            .iter()
            .map(|name| Column {
                name: (*name).to_owned(),
                computed: false,
            })
            .collect(),
        rows: crate::report::gap::csv::rows(report)
            .into_iter()
            .map(|row| {
                row.into_iter()
                    .zip(columns.iter())
                    .map(|(text, column)| {
                        if text.is_empty() {
                            Cell::Empty
                        } else if numeric.contains(column)
                            && let Ok(number) = text.parse::<f64>()
                        {
                            Cell::Number(number)
                        } else {
                            Cell::Text(text)
                        }
                    })
                    .collect()
            })
            .collect(),
    }
}

/// Builds an export from the documents as committed at `options.at` (or HEAD).
pub fn build(config: &Config, options: &ExportOptions<'_>) -> Result<Export, ExportError> {
    let snapshot = history::snapshot(config, options.at, options.cache)?;
    let schemas = lint::schemas(config)?;
    let head = snapshot.history.head.to_string();
    let head_record = snapshot
        .history
        .records
        .iter()
        .find(|record| record.id == head);
    let commit_date = head_record
        .map(|record| record.committer.iso8601())
        .unwrap_or_default();
    let seconds = head_record.map_or(0, |record| record.committer.seconds);
    let today = options
        .today
        .or_else(|| head_record.and_then(|record| record.committer.date()))
        .unwrap_or(jiff::civil::date(2000, 1, 1));
    let assessment = snapshot.assess(config, today);
    let documents = &snapshot.documents;
    let mut notes = Vec::new();
    let (sheet, covered): (Sheet, Vec<&Document>) = match options.what {
        What::Risks => {
            let risks = sorted(documents.of_kind("risk"));
            if risks.is_empty() {
                return Err(ExportError::Nothing(
                    "no risk documents at this commit".to_owned(),
                ));
            }
            let scale = &config.risk;
            notes.push(format!(
                "Risk levels on a {} × {} scale, {}; bands: low ≤ {}, medium ≤ {}, high ≤ {}, critical above{}.",
                scale.likelihood.levels,
                scale.impact.levels,
                match scale.scoring {
                    crate::config::risk::Scoring::Multiply => "likelihood × impact",
                    crate::config::risk::Scoring::Add => "likelihood + impact",
                },
                scale.bands[0],
                scale.bands[1],
                scale.bands[2],
                scale
                    .appetite
                    .map(|appetite| format!("; risk appetite {appetite}"))
                    .unwrap_or_default()
            ));
            (
                documents_sheet("Risk register", &risks, &schemas, "risk", config),
                risks,
            )
        }
        What::Systems => {
            let systems = sorted(documents.of_kind("ai-system"));
            if systems.is_empty() {
                return Err(ExportError::Nothing(
                    "no ai-system documents at this commit".to_owned(),
                ));
            }
            (
                documents_sheet("AI systems", &systems, &schemas, "ai-system", config),
                systems,
            )
        }
        What::Soa => {
            let Some(soa) = documents
                .of_kind("soa")
                .find(|document| !document.is_retired())
            else {
                return Err(ExportError::Nothing(
                    "no Statement of Applicability at this commit".to_owned(),
                ));
            };
            (soa_sheet(soa, &schemas), vec![soa])
        }
        What::Gap => {
            let approvals = gap::approval_facts(&assessment, documents, config, today);
            let report = gap::analyse(&GapInput {
                config,
                catalog: crate::catalog::catalog(),
                documents,
                files: &snapshot.source,
                approvals: Some(&approvals),
                commit: Some(head.clone()),
                today,
            });
            notes.push(format!(
                "Assessed on {today}: {} of {} clause requirements and {} of {} Annex A controls compliant.",
                report.clauses.compliant,
                report.clauses.total(),
                report.controls.compliant,
                report.controls.total()
            ));
            (gap_sheet(&report), sorted(documents.loaded()))
        }
    };
    let long = sheet
        .rows
        .iter()
        .flatten()
        .filter(|value| matches!(value, Cell::Text(text) if text.encode_utf16().count() > 32_767))
        .count();
    if long > 0 {
        notes.push(format!(
            "{} longer than a spreadsheet cell can hold: cut in the workbook (the CSV and the repository hold the whole text).",
            crate::text::count(long, "cell is", "cells are")
        ));
    }
    notes.push("Document versions are git blob ids; approvals are those git history shows for the exported version, by a listed approver, not by the version's author.".to_owned());
    if snapshot.history.truncated() {
        notes.push(
            "History is incomplete (shallow clone): some approvals may be missing.".to_owned(),
        );
    }
    let cover = Cover {
        title: options.what.title().to_owned(),
        organisation: config.organisation.clone(),
        standard: crate::catalog::catalog().standard.clone(),
        commit: head,
        commit_date,
        seconds,
        generator: format!("aims {}", env!("CARGO_PKG_VERSION")),
        documents: covered
            .iter()
            .map(|document| {
                version_of(
                    document,
                    assessment.status(&document.path),
                    &snapshot.history,
                )
            })
            .collect(),
        notes,
    };
    Ok(Export {
        what: options.what,
        cover,
        sheet,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn cells_and_leaves() {
        assert_eq!(
            cell(&json!(["A.7.4", "A.5.4"])),
            Cell::Text("A.7.4\nA.5.4".into())
        );
        assert_eq!(cell(&json!(4)), Cell::Number(4.0));
        assert_eq!(
            cell(&json!([{"framework": "iso27001", "id": "5.1"}])),
            Cell::Text(r#"[{"framework":"iso27001","id":"5.1"}]"#.into())
        );
        let mut found = Vec::new();
        leaves(
            &json!({"a": 1, "t": {"o": "x", "c": ["y"]}, "e": {}}),
            "",
            &mut found,
        );
        let names: Vec<&str> = found.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(names, vec!["a", "t.o", "t.c", "e"]);
    }
}
