//! Records → documents: each cell goes to the field its column maps to (by the mapping, or by a
//! column name that is a field name, or to an `x-` field), converted by the field's type; the
//! mapping's defaults fill what is left; every value remembers the cell it came from. For the
//! Statement of Applicability, rows become `annex_a` entries of one document and the controls
//! no row names are listed.

use super::convert::{self, Context, natural, rewrite_id};
use super::fields::{FieldInfo, FieldType, Fields};
use super::mapping::{Mapping, Target, Unmapped, normal};
use super::source::{Origin, Raw, Record, SourceKind, Table};
use crate::catalog::catalog;
use crate::catalog::hints;
use crate::config::risk::{Axis, RiskScale};
use crate::diagnostic::{Position, Span};
use crate::load::Document;
use serde_json::{Map, Value};
use std::collections::BTreeSet;

/// What the build needs to know about the kind and the project.
pub struct Setup<'a> {
    pub kind: &'a str,
    /// The kind's id prefix (`RISK`).
    pub prefix: Option<&'a str>,
    /// The fields a record maps to (an `annex_a` entry's for the SoA).
    pub fields: &'a Fields,
    /// The SoA document's own fields (`--kind soa` only).
    pub document_fields: Option<&'a Fields>,
    pub mapping: &'a Mapping,
    pub scale: &'a RiskScale,
    /// Ids already used in the project, so generated ids do not collide.
    pub existing_ids: &'a BTreeSet<String>,
    /// Project-relative folder new documents go to.
    pub out_dir: &'a str,
    /// The Statement of Applicability in the project, if any (`--kind soa`).
    pub existing_soa: Option<&'a Document>,
}

/// One document the import makes.
#[derive(Debug, Clone)]
pub struct Built {
    pub id: Option<String>,
    /// Project-relative path it is written to.
    pub path: String,
    pub data: Map<String, Value>,
    pub body: String,
    /// JSON pointer → where its value came from.
    pub provenance: Vec<(String, Origin)>,
    /// The record (row or file) it came from.
    pub origin: Origin,
}

impl Built {
    /// Where the value at `pointer` (or its nearest ancestor with one) came from.
    pub fn origin_of(&self, pointer: &str) -> &Origin {
        let mut current = pointer;
        loop {
            if let Some((_, origin)) = self.provenance.iter().find(|(stored, _)| stored == current)
            {
                return origin;
            }
            match current.rfind('/') {
                Some(cut) if !current.is_empty() => current = &current[..cut],
                _ => return &self.origin,
            }
        }
    }
}

/// The result of the build.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub documents: Vec<Built>,
    pub notes: Vec<String>,
    /// `--kind soa`: Annex A controls no row names.
    pub missing_controls: Vec<String>,
}

/// Where one column goes.
#[derive(Debug, Clone)]
enum Destination {
    Field(FieldInfo),
    /// An `x-` field (or one under a known object).
    Extension(Vec<String>),
    Body,
    Ignore,
}

fn escape(segment: &str) -> String {
    let mut out = String::new();
    crate::yaml::push_escaped(&mut out, segment);
    out
}

fn pointer(prefix: &str, path: &[String]) -> String {
    let mut out = prefix.to_owned();
    for part in path {
        out.push('/');
        out.push_str(&escape(part));
    }
    out
}

/// `Internal ref #` → `x-internal-ref`.
fn extension_name(column: &str) -> String {
    if column.trim().to_lowercase().starts_with("x-") {
        return column.trim().to_owned();
    }
    let slug: String = normal(column)
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect();
    let slug = slug
        .split('-')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    format!("x-{}", if slug.is_empty() { "column" } else { &slug })
}

/// Sets `value` at `path`, creating mappings on the way; false when something that is not a
/// mapping is in the way.
fn set(data: &mut Map<String, Value>, path: &[String], value: Value) -> bool {
    let Some((last, parents)) = path.split_last() else {
        return false;
    };
    let mut current = data;
    for part in parents {
        let entry = current
            .entry(part.clone())
            .or_insert_with(|| Value::Object(Map::new()));
        let Some(next) = entry.as_object_mut() else {
            return false;
        };
        current = next;
    }
    match (current.get_mut(last), value) {
        (Some(Value::Array(existing)), Value::Array(more)) => existing.extend(more),
        (Some(_), _) => return false,
        (None, value) => {
            current.insert(last.clone(), value);
        }
    }
    true
}

/// Removes the value at `path`, if any.
fn remove(data: &mut Map<String, Value>, path: &[String]) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut current = data;
    for part in parents {
        match current.get_mut(part).and_then(Value::as_object_mut) {
            Some(next) => current = next,
            None => return,
        }
    }
    current.remove(last);
}

fn get<'v>(data: &'v Map<String, Value>, path: &[String]) -> Option<&'v Value> {
    let (first, rest) = path.split_first()?;
    let mut current = data.get(first)?;
    for part in rest {
        current = current.get(part)?;
    }
    Some(current)
}

impl Setup<'_> {
    /// Where a column goes, and whether it was matched by name (for the summary).
    fn destination(&self, column: &str) -> (Destination, &'static str) {
        if let Some(rule) = self.mapping.column(column) {
            return (
                match &rule.target {
                    Target::Body => Destination::Body,
                    Target::Ignore => Destination::Ignore,
                    Target::Field(path) => match self.fields.get(path) {
                        Some(info) => Destination::Field(info.clone()),
                        None => Destination::Extension(path.clone()),
                    },
                },
                "mapping",
            );
        }
        let lowered = normal(column);
        // Columns an export worked out (levels, bands, control titles) are not fields.
        if lowered.ends_with("(computed)") {
            return (Destination::Ignore, "computed");
        }
        // In a Statement of Applicability the control's title comes from the standard.
        if self.document_fields.is_some()
            && ["title", "control title", "control name", "name"].contains(&lowered.as_str())
        {
            return (Destination::Ignore, "ignored");
        }
        if lowered == "body" {
            return (Destination::Body, "name");
        }
        if lowered.starts_with("x-") {
            return (
                Destination::Extension(column.trim().split('.').map(str::to_owned).collect()),
                "name",
            );
        }
        // `treatment.x-ticket`: a field of one's own inside a known mapping.
        if let Some((parent, last)) = column.trim().rsplit_once('.')
            && last.to_lowercase().starts_with("x-")
            && self
                .fields
                .get_dotted(&parent.to_lowercase())
                .is_some_and(|info| info.ty == FieldType::Object)
        {
            let mut path: Vec<String> = parent
                .to_lowercase()
                .split('.')
                .map(str::to_owned)
                .collect();
            path.push(last.to_owned());
            return (Destination::Extension(path), "name");
        }
        let underscored = lowered.replace([' ', '-'], "_");
        let mut candidates = vec![underscored.clone(), lowered.replace(' ', "")];
        if lowered.contains('.') {
            candidates.push(
                lowered
                    .split('.')
                    .map(|part| part.trim().replace([' ', '-'], "_"))
                    .collect::<Vec<_>>()
                    .join("."),
            );
        }
        // `Residual likelihood` → `residual.likelihood`.
        for (index, _) in lowered.match_indices(' ') {
            let (head, tail) = lowered.split_at(index);
            candidates.push(format!(
                "{}.{}",
                head.replace([' ', '-'], "_"),
                tail.trim().replace([' ', '-'], "_")
            ));
        }
        for candidate in candidates {
            if let Some(info) = self.fields.get_dotted(&candidate) {
                if matches!(info.ty, FieldType::Object) {
                    continue;
                }
                return (Destination::Field(info.clone()), "name");
            }
        }
        match self.mapping.unmapped {
            Unmapped::Extension => (
                Destination::Extension(vec![extension_name(column)]),
                "extension",
            ),
            Unmapped::Ignore => (Destination::Ignore, "ignored"),
        }
    }

    fn axis(&self, path: &[String]) -> Option<&Axis> {
        if self.kind != "risk" {
            return None;
        }
        let names: Vec<&str> = path.iter().map(String::as_str).collect();
        match names.as_slice() {
            ["likelihood"] | ["residual", "likelihood"] => Some(&self.scale.likelihood),
            ["impact"] | ["residual", "impact"] => Some(&self.scale.impact),
            _ => None,
        }
    }

    fn convert(&self, raw: &Raw, info: &FieldInfo, column: &str) -> Value {
        let rule = self.mapping.column(column);
        let mut values = Vec::new();
        if let Some(rule) = rule
            && !rule.values.is_empty()
        {
            values.push(&rule.values);
        }
        if let Some(map) = self.mapping.values_for(&info.path) {
            values.push(map);
        }
        let split = rule
            .and_then(|rule| rule.split.as_deref())
            .or_else(|| self.mapping.split_for(&info.path));
        let context = Context {
            values,
            people: &self.mapping.people,
            split,
            prefix: rule.and_then(|rule| rule.prefix.as_deref()),
            axis: self.axis(&info.path),
            ids: &self.mapping.ids,
            kind_prefix: self.prefix,
        };
        convert::convert(raw, &info.ty, &context)
    }

    /// A preset value from the mapping (`defaults`, `document`), converted like a cell.
    fn preset_value(&self, value: &Value, info: Option<&FieldInfo>) -> Value {
        match info {
            Some(info) => {
                let context = Context {
                    values: Vec::new(),
                    people: &self.mapping.people,
                    split: None,
                    prefix: None,
                    axis: None,
                    ids: &self.mapping.ids,
                    kind_prefix: self.prefix,
                };
                convert::convert(&Raw::Json(value.clone()), &info.ty, &context)
            }
            None => value.clone(),
        }
    }
}

/// The fields of one record, with provenance relative to `base` (a JSON pointer prefix).
struct Filled {
    data: Map<String, Value>,
    provenance: Vec<(String, Origin)>,
    body_parts: Vec<(String, String)>,
    conflicts: Vec<String>,
}

fn fill(setup: &Setup<'_>, record: &Record, base: &str, summary: &mut ColumnSummary) -> Filled {
    let mut filled = Filled {
        data: Map::new(),
        provenance: Vec::new(),
        body_parts: Vec::new(),
        conflicts: Vec::new(),
    };
    for cell in &record.cells {
        if cell.raw.is_empty() {
            continue;
        }
        let (destination, how) = setup.destination(&cell.column);
        summary.note(&cell.column, &destination, how);
        let (path, value) = match destination {
            Destination::Ignore => continue,
            Destination::Body => {
                filled
                    .body_parts
                    .push((cell.column.clone(), cell.raw.text()));
                continue;
            }
            Destination::Field(info) => {
                if matches!(info.ty, FieldType::Const(_)) {
                    // `kind` comes from --kind.
                    continue;
                }
                let value = setup.convert(&cell.raw, &info, &cell.column);
                (info.path.clone(), value)
            }
            Destination::Extension(path) => (path, natural(&cell.raw)),
        };
        if value.is_null() {
            continue;
        }
        if set(&mut filled.data, &path, value) {
            filled
                .provenance
                .push((pointer(base, &path), cell.origin.clone()));
        } else {
            filled.conflicts.push(format!(
                "{}: `{}` is already set by another column; this value was not imported",
                cell.origin.describe(),
                path.join(".")
            ));
        }
    }
    for preset in &setup.mapping.defaults {
        if get(&filled.data, &preset.path).is_some() {
            continue;
        }
        let info = setup.fields.get(&preset.path);
        let value = setup.preset_value(&preset.value, info);
        if set(&mut filled.data, &preset.path, value) {
            filled.provenance.push((
                pointer(base, &preset.path),
                mapping_origin(setup.mapping, preset.at, &preset.path),
            ));
        }
    }
    filled
}

fn mapping_origin(mapping: &Mapping, at: Position, _path: &[String]) -> Origin {
    Origin::in_file(&mapping.file, Span::point(at))
}

/// Which columns went where, for the summary.
#[derive(Debug, Default)]
struct ColumnSummary {
    by_name: Vec<String>,
    extensions: Vec<(String, String)>,
    ignored: Vec<String>,
}

impl ColumnSummary {
    fn note(&mut self, column: &str, destination: &Destination, how: &str) {
        match (how, destination) {
            ("name", Destination::Field(info)) => {
                let entry = if info.dotted() == column {
                    column.to_owned()
                } else {
                    format!("{column} → {}", info.dotted())
                };
                if !self.by_name.contains(&entry) {
                    self.by_name.push(entry);
                }
            }
            ("extension", Destination::Extension(path)) => {
                let entry = (column.to_owned(), path.join("."));
                if !self.extensions.contains(&entry) {
                    self.extensions.push(entry);
                }
            }
            ("ignored", _) if !self.ignored.iter().any(|seen| seen == column) => {
                self.ignored.push(column.to_owned());
            }
            _ => {}
        }
    }

    fn notes(&self, mapped: bool) -> Vec<String> {
        let mut notes = Vec::new();
        if !self.by_name.is_empty() && !mapped {
            notes.push(format!(
                "columns matched to fields by name: {}",
                self.by_name.join(", ")
            ));
        } else if !self.by_name.is_empty() {
            notes.push(format!(
                "columns not in the mapping but named like fields: {}",
                self.by_name.join(", ")
            ));
        }
        if !self.extensions.is_empty() {
            notes.push(format!(
                "columns kept as fields of your own: {}",
                self.extensions
                    .iter()
                    .map(|(column, field)| format!("{column} → {field}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        if !self.ignored.is_empty() {
            notes.push(format!("columns ignored: {}", self.ignored.join(", ")));
        }
        notes
    }
}

/// A file name for an id: letters, digits, `.`, `_` and `-` only.
fn file_stem(id: &str) -> String {
    let stem: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect();
    let stem = stem.trim_matches(['.', '-']).to_owned();
    if stem.is_empty() {
        "document".to_owned()
    } else {
        stem
    }
}

/// The highest number used after `PREFIX-` in the project.
fn highest_number(prefix: &str, ids: &BTreeSet<String>) -> u64 {
    let start = format!("{prefix}-");
    ids.iter()
        .filter_map(|id| id.strip_prefix(&start))
        .filter_map(|rest| rest.parse::<u64>().ok())
        .max()
        .unwrap_or(0)
}

fn join(dir: &str, name: &str) -> String {
    let dir = dir.trim_matches('/');
    if dir.is_empty() || dir == "." {
        name.to_owned()
    } else {
        format!("{dir}/{name}")
    }
}

/// A title to show for a record without one.
fn heading(data: &Map<String, Value>) -> String {
    data.get("title")
        .and_then(Value::as_str)
        .or_else(|| data.get("id").and_then(Value::as_str))
        .unwrap_or("Imported document")
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned()
}

fn body_of(parts: &[(String, String)], generated: impl FnOnce() -> String) -> String {
    match parts {
        [] => generated(),
        [(_, text)] => {
            let mut body = text.trim_end_matches([' ', '\t']).to_owned();
            if !body.ends_with('\n') {
                body.push('\n');
            }
            body
        }
        many => {
            let mut body = String::new();
            for (column, text) in many {
                body.push_str(&format!("\n## {column}\n\n{}\n", text.trim()));
            }
            body
        }
    }
}

/// Builds the documents of a non-SoA import.
pub fn documents(setup: &Setup<'_>, table: &Table) -> Plan {
    let mut plan = Plan::default();
    let mut summary = ColumnSummary::default();
    let mut next_number = setup
        .prefix
        .map(|prefix| highest_number(prefix, setup.existing_ids))
        .unwrap_or(0);
    let mut generated_ids = 0;
    let mut paths: BTreeSet<String> = BTreeSet::new();
    for record in &table.records {
        let filled = fill(setup, record, "", &mut summary);
        plan.notes.extend(filled.conflicts);
        let mut data = filled.data;
        let mut provenance = filled.provenance;
        data.insert("kind".to_owned(), Value::String(setup.kind.to_owned()));
        if !data.contains_key("id")
            && let Some(prefix) = setup.prefix
        {
            next_number += 1;
            generated_ids += 1;
            data.insert(
                "id".to_owned(),
                Value::String(format!(
                    "{prefix}-{next_number:0>width$}",
                    width = setup.mapping.ids.width
                )),
            );
            provenance.push(("/id".to_owned(), record.origin.clone()));
        }
        if !data.contains_key("status") {
            data.insert("status".to_owned(), Value::String("draft".to_owned()));
        }
        let id = data.get("id").and_then(Value::as_str).map(str::to_owned);
        let data = super::render::ordered(data, &setup.fields.order);
        let body = match &record.body {
            Some(body) => body.clone(),
            None => body_of(&filled.body_parts, || {
                format!(
                    "\n# {}\n\n_Imported from `{}`, {}._\n",
                    heading(&data),
                    record.origin.file,
                    record.origin.describe()
                )
            }),
        };
        let stem = match (table.kind, &record.origin.file) {
            (SourceKind::Frontmatter, file) => std::path::Path::new(file)
                .file_stem()
                .and_then(|stem| stem.to_str())
                .map(file_stem)
                .unwrap_or_else(|| file_stem(id.as_deref().unwrap_or("document"))),
            _ => file_stem(id.as_deref().unwrap_or("document")),
        };
        let mut path = join(setup.out_dir, &format!("{stem}.md"));
        let mut n = 2;
        while !paths.insert(path.clone()) {
            path = join(setup.out_dir, &format!("{stem}-{n}.md"));
            n += 1;
        }
        plan.documents.push(Built {
            id,
            path,
            data,
            body,
            provenance,
            origin: record.origin.clone(),
        });
    }
    if generated_ids > 0 {
        plan.notes.push(format!(
            "no id column: ids numbered in row order ({} of them, after the highest {}-number in the project)",
            generated_ids,
            setup.prefix.unwrap_or_default()
        ));
    }
    if !setup.mapping.defaults.is_empty() {
        plan.notes.push(format!(
            "defaults from the mapping fill {} where the source has no value",
            setup
                .mapping
                .defaults
                .iter()
                .map(|preset| format!("`{}`", preset.path.join(".")))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    plan.notes
        .extend(summary.notes(!setup.mapping.file.is_empty()));
    plan
}

/// Whether an SoA row is an area heading (`A.6`, `A.6.2`) or an objective (`A.5.1`), which
/// spreadsheets list between the controls.
fn is_heading(text: &str) -> bool {
    let Some(canonical) = hints::canonical_control(text) else {
        return false;
    };
    let catalog = catalog();
    if catalog.control(&canonical).is_some() {
        return false;
    }
    let depth = canonical.matches('.').count();
    depth == 1
        || canonical == "A.6.1"
        || canonical == "A.6.2"
        || canonical
            .strip_suffix(".1")
            .is_some_and(|area| catalog.group(area).is_some() || area == "A.6.1" || area == "A.6.2")
}

/// Builds the one Statement of Applicability of a `--kind soa` import.
pub fn soa(setup: &Setup<'_>, table: &Table, path: &str) -> Plan {
    let mut plan = Plan::default();
    let mut summary = ColumnSummary::default();
    let mut entries = Vec::new();
    let mut provenance = Vec::new();
    let mut skipped = Vec::new();
    let mut named = BTreeSet::new();
    for record in &table.records {
        let id_cell = record.cells.iter().find(|cell| {
            matches!(setup.destination(&cell.column).0, Destination::Field(ref info) if info.path == ["id"])
        });
        if let Some(cell) = id_cell
            && is_heading(&cell.raw.text())
        {
            skipped.push(cell.raw.text().trim().to_owned());
            continue;
        }
        let index = entries.len();
        let base = format!("/annex_a/{index}");
        let filled = fill(setup, record, &base, &mut summary);
        plan.notes.extend(filled.conflicts);
        if !filled.body_parts.is_empty() && !filled.data.contains_key("notes") {
            // Text mapped to `body` has no body to go to in an entry: keep it as notes.
            let text = filled
                .body_parts
                .iter()
                .map(|(_, text)| text.trim())
                .collect::<Vec<_>>()
                .join("\n\n");
            let mut data = filled.data;
            data.insert("notes".to_owned(), Value::String(text));
            entries.push(Value::Object(super::render::ordered(
                data,
                &setup.fields.order,
            )));
        } else {
            entries.push(Value::Object(super::render::ordered(
                filled.data,
                &setup.fields.order,
            )));
        }
        if let Some(id) = entries[index].get("id").and_then(Value::as_str) {
            named.insert(id.to_owned());
        }
        provenance.push((base, record.origin.clone()));
        provenance.extend(filled.provenance);
    }
    if !skipped.is_empty() {
        plan.notes.push(format!(
            "skipped {} that are area headings or objectives, not controls: {}",
            crate::text::count(skipped.len(), "row", "rows"),
            skipped.join(", ")
        ));
    }
    plan.missing_controls = catalog()
        .control_ids()
        .filter(|control| !named.contains(*control))
        .map(str::to_owned)
        .collect();

    // The document itself: the existing SoA's fields and body, else the mapping's `document`
    // and sensible defaults.
    // Findings about the SoA as a whole (a control no row names) point at the source as a
    // whole, not at its first row.
    let origin = Origin {
        sheet: table.sheet.clone(),
        ..Origin::in_file(&table.name, Span::point(Position::START))
    };
    let mut data = Map::new();
    let mut body = None;
    if let Some(existing) = setup.existing_soa
        && let Some(front) = existing.frontmatter()
        && let Some(object) = front.data.as_object()
    {
        data = object.clone();
        data.remove("annex_a");
        body = Some(existing.body().to_owned());
        plan.notes.push(format!(
            "the SoA's own fields and text are kept from {}",
            existing.path
        ));
    }
    let document_fields = setup.document_fields.unwrap_or(setup.fields);
    for preset in &setup.mapping.document {
        let info = document_fields.get(&preset.path);
        let value = setup.preset_value(&preset.value, info);
        // The mapping's `document` wins over what the existing SoA says.
        remove(&mut data, &preset.path);
        set(&mut data, &preset.path, value);
        provenance.push((
            pointer("", &preset.path),
            Origin::in_file(&setup.mapping.file, Span::point(preset.at)),
        ));
    }
    data.insert("kind".to_owned(), Value::String("soa".to_owned()));
    data.entry("id".to_owned())
        .or_insert_with(|| Value::String("SOA-001".to_owned()));
    data.entry("title".to_owned())
        .or_insert_with(|| Value::String("Statement of Applicability".to_owned()));
    data.entry("status".to_owned())
        .or_insert_with(|| Value::String("draft".to_owned()));
    if let Some(id) = data.get("id").and_then(Value::as_str) {
        let rewritten = rewrite_id(id, &setup.mapping.ids, Some("SOA"));
        data.insert("id".to_owned(), Value::String(rewritten));
    }
    data.insert("annex_a".to_owned(), Value::Array(entries));
    let order = document_fields.order.clone();
    let data = super::render::ordered(data, &order);
    let body = body.unwrap_or_else(|| {
        format!(
            "\n# Statement of Applicability\n\n_Imported from `{}`{}._\n",
            table.name,
            table
                .sheet
                .as_deref()
                .map(|sheet| format!(", sheet `{sheet}`"))
                .unwrap_or_default()
        )
    });
    plan.notes
        .extend(summary.notes(!setup.mapping.file.is_empty()));
    plan.documents.push(Built {
        id: data.get("id").and_then(Value::as_str).map(str::to_owned),
        path: path.to_owned(),
        data,
        body,
        provenance,
        origin,
    });
    plan
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_headings() {
        assert_eq!(extension_name("Internal ref #"), "x-internal-ref");
        assert_eq!(extension_name("x-ticket"), "x-ticket");
        assert_eq!(file_stem("RISK-001"), "RISK-001");
        assert_eq!(file_stem("../etc/passwd"), "etc-passwd");
        assert!(is_heading("A.6"));
        assert!(is_heading("A.6.2"));
        assert!(is_heading("A.5.1"));
        assert!(is_heading("A.6.2.1"));
        assert!(!is_heading("A.6.2.4"));
        assert!(!is_heading("Policies"));
        let mut data = Map::new();
        assert!(set(&mut data, &["a".into(), "b".into()], Value::from(1)));
        assert!(!set(
            &mut data,
            &["a".into(), "b".into(), "c".into()],
            Value::from(1)
        ));
        assert!(set(&mut data, &["l".into()], serde_json::json!([1])));
        assert!(set(&mut data, &["l".into()], serde_json::json!([2])));
        assert_eq!(data["l"], serde_json::json!([1, 2]));
    }
}
