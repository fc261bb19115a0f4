//! The mapping file (YAML) that says how a register's columns become document fields:
//!
//! ```yaml
//! sheet: Risk register          # which sheet or table (like --sheet)
//! header_row: 3                 # where the column names are (default: the first full row)
//! columns:
//!   Risk ID: id
//!   Description: body           # the Markdown body
//!   Internal ref: ~             # ignored
//!   Treatment: treatment.option # dotted paths reach nested fields
//!   Controls: {field: treatment.controls, split: ","}
//!   Systems: {field: systems, prefix: AIS}   # AI-2 → AIS-002
//! values:                       # per field: source text → value
//!   likelihood: {Rare: 1, Unlikely: 2, Possible: 3, Likely: 4, Almost certain: 5}
//!   treatment.option: {Reduce: mitigate, Accept: accept}
//! people: {Jane Doe: jane.doe@acme.example}   # names → emails, for owner-like fields
//! ids: {prefix: RISK, width: 3, map: {R-1a: RISK-101}}
//! defaults: {status: draft, systems: [AIS-001]}
//! document: {id: SOA-001, owner: ciso@acme.example}   # --kind soa: the SoA's own fields
//! unmapped: x-                  # or `ignore`: what happens to columns not listed
//! ```
//!
//! Problems with the mapping are reported at their line and column in it.

use super::fields::Fields;
use crate::diagnostic::{Position, Span};
use crate::text::{code_list, did_you_mean};
use crate::yaml::{self, PositionMap};
use serde_json::{Map, Value};

/// Where a column's values go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A field, as a dotted path.
    Field(Vec<String>),
    /// The Markdown body.
    Body,
    /// Nowhere.
    Ignore,
}

/// Source text → value, matched without regard to case or surrounding spaces.
#[derive(Debug, Clone, Default)]
pub struct ValueMap {
    entries: Vec<(String, Value)>,
}

impl ValueMap {
    pub fn get(&self, text: &str) -> Option<&Value> {
        let wanted = normal(text);
        self.entries
            .iter()
            .find(|(key, _)| *key == wanted)
            .map(|(_, value)| value)
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn from_object(object: &Map<String, Value>) -> ValueMap {
        ValueMap {
            entries: object
                .iter()
                .map(|(key, value)| (normal(key), value.clone()))
                .collect(),
        }
    }
}

/// Lower-case with single spaces, for matching names and values.
pub fn normal(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// One column's rule.
#[derive(Debug, Clone)]
pub struct ColumnRule {
    /// The column's name as written in the mapping.
    pub column: String,
    pub target: Target,
    pub values: ValueMap,
    pub split: Option<String>,
    /// For id references: rewrite ids to this kind prefix (`AI-2` → `AIS-002`).
    pub prefix: Option<String>,
    pub at: Position,
}

/// How the document's own ids are written.
#[derive(Debug, Clone)]
pub struct IdRule {
    pub prefix: Option<String>,
    pub width: usize,
    pub map: Vec<(String, String)>,
    /// Keep ids as they are (no rewriting).
    pub keep: bool,
}

impl Default for IdRule {
    fn default() -> IdRule {
        IdRule {
            prefix: None,
            width: 3,
            map: Vec::new(),
            keep: false,
        }
    }
}

/// What happens to columns the mapping does not list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Unmapped {
    /// They become `x-` fields (`Internal ref` → `x-internal-ref`).
    #[default]
    Extension,
    Ignore,
}

/// A field value set by the mapping itself (`defaults`, `document`).
#[derive(Debug, Clone)]
pub struct Preset {
    pub path: Vec<String>,
    pub value: Value,
    pub at: Position,
}

/// A mapping file, read and checked.
#[derive(Debug, Clone, Default)]
pub struct Mapping {
    /// The file as the user named it (empty when there is no mapping file).
    pub file: String,
    /// Its text, for snippets.
    pub text: String,
    pub sheet: Option<String>,
    pub header_row: Option<usize>,
    pub columns: Vec<ColumnRule>,
    pub values: Vec<(Vec<String>, ValueMap)>,
    pub people: ValueMap,
    pub ids: IdRule,
    pub split: Vec<(Vec<String>, String)>,
    pub defaults: Vec<Preset>,
    pub document: Vec<Preset>,
    pub unmapped: Unmapped,
}

impl Mapping {
    /// The rule for a source column (names match without regard to case and spacing).
    pub fn column(&self, name: &str) -> Option<&ColumnRule> {
        let wanted = normal(name);
        self.columns
            .iter()
            .find(|rule| normal(&rule.column) == wanted)
    }

    /// The value map for a field.
    pub fn values_for(&self, path: &[String]) -> Option<&ValueMap> {
        self.values
            .iter()
            .find(|(field, _)| field == path)
            .map(|(_, map)| map)
    }

    pub fn split_for(&self, path: &[String]) -> Option<&str> {
        self.split
            .iter()
            .find(|(field, _)| field == path)
            .map(|(_, separator)| separator.as_str())
    }
}

/// A problem in the mapping file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MappingProblem {
    pub at: Position,
    pub message: String,
    pub help: Option<String>,
}

/// Why the mapping could not be used.
#[derive(Debug, Clone)]
pub struct MappingError {
    pub file: String,
    pub text: String,
    pub problems: Vec<MappingProblem>,
}

const KEYS: &[&str] = &[
    "kind",
    "sheet",
    "header_row",
    "columns",
    "values",
    "people",
    "ids",
    "split",
    "defaults",
    "document",
    "unmapped",
];

/// `treatment.option` → `["treatment", "option"]`.
pub fn dotted(path: &str) -> Vec<String> {
    path.split('.').map(|part| part.trim().to_owned()).collect()
}

struct Reader<'a> {
    positions: &'a PositionMap,
    problems: Vec<MappingProblem>,
}

impl Reader<'_> {
    fn at(&self, pointer: &str) -> Position {
        self.positions
            .span_for(pointer)
            .map_or(Position::START, |span| span.start)
    }

    fn key_at(&self, pointer: &str) -> Position {
        self.positions
            .key_span(pointer)
            .map_or(Position::START, |span| span.start)
    }

    fn problem(&mut self, at: Position, message: impl Into<String>, help: Option<String>) {
        self.problems.push(MappingProblem {
            at,
            message: message.into(),
            help,
        });
    }

    /// Checks that a target names a field of the kind (or `x-...`).
    fn check_field(&mut self, path: &[String], fields: &Fields, at: Position, what: &str) -> bool {
        if path.iter().any(String::is_empty) {
            self.problem(
                at,
                format!("`{}` is not a field path", path.join(".")),
                None,
            );
            return false;
        }
        if path.last().is_some_and(|last| last.starts_with("x-")) {
            let parent = &path[..path.len() - 1];
            if parent.is_empty() || fields.get(parent).is_some() {
                return true;
            }
        }
        if fields.get(path).is_some() {
            return true;
        }
        let dotted = path.join(".");
        let known = fields.dotted();
        let help = match did_you_mean(&dotted, known.iter().map(String::as_str)) {
            Some(suggestion) => format!("did you mean `{suggestion}`?"),
            None => format!(
                "fields of {what}: {}; `body` for the Markdown body, `x-...` for fields of your own",
                code_list(&known)
            ),
        };
        self.problem(
            at,
            format!("`{dotted}` is not a field of {what}"),
            Some(help),
        );
        false
    }
}

fn escape(segment: &str) -> String {
    let mut out = String::new();
    yaml::push_escaped(&mut out, segment);
    out
}

/// Flattens `{treatment: {option: x}}` and `{treatment.option: x}` into dotted presets.
fn presets(
    value: &Value,
    prefix: &[String],
    pointer: &str,
    reader: &Reader<'_>,
    out: &mut Vec<Preset>,
) {
    let Some(object) = value.as_object() else {
        return;
    };
    for (key, child) in object {
        let mut path = prefix.to_vec();
        path.extend(dotted(key));
        let child_pointer = format!("{pointer}/{}", escape(key));
        if child.is_object() {
            presets(child, &path, &child_pointer, reader, out);
        } else {
            out.push(Preset {
                path,
                value: child.clone(),
                at: reader.at(&child_pointer),
            });
        }
    }
}

/// Reads a mapping file's text. `fields` are the fields rows map to (an SoA entry's for
/// `--kind soa`), `document_fields` the SoA document's own; `what` names the kind in messages.
pub fn parse(
    file: &str,
    text: &str,
    kind: &str,
    fields: &Fields,
    document_fields: Option<&Fields>,
) -> Result<Mapping, MappingError> {
    let fail = |problems: Vec<MappingProblem>| MappingError {
        file: file.to_owned(),
        text: text.to_owned(),
        problems,
    };
    let located =
        yaml::parse_mapping(text, 1, Span::point(Position::START)).map_err(|problem| {
            let message = match &problem {
                yaml::YamlProblem::Syntax { message, .. } => format!("invalid YAML: {message}"),
                yaml::YamlProblem::DuplicateKey { .. } => {
                    "this key appears twice in the same mapping".to_owned()
                }
                yaml::YamlProblem::Unsupported { message, .. } => message.clone(),
            };
            fail(vec![MappingProblem {
                at: problem.position(),
                message,
                help: None,
            }])
        })?;
    let value = located.value;
    let mut reader = Reader {
        positions: &located.positions,
        problems: Vec::new(),
    };
    let what = if document_fields.is_some() {
        "a Statement of Applicability entry".to_owned()
    } else {
        format!("`{kind}`")
    };
    let mut mapping = Mapping {
        file: file.to_owned(),
        text: text.to_owned(),
        ..Mapping::default()
    };
    let Some(object) = value.as_object() else {
        return Err(fail(vec![MappingProblem {
            at: Position::START,
            message: "the mapping must be a YAML mapping (`columns:`, `values:`, ...)".to_owned(),
            help: None,
        }]));
    };
    for key in object.keys() {
        if !KEYS.contains(&key.as_str()) {
            let at = reader.key_at(&format!("/{}", escape(key)));
            let help = did_you_mean(key, KEYS.iter().copied())
                .map(|suggestion| format!("did you mean `{suggestion}`?"))
                .unwrap_or_else(|| format!("keys of a mapping: {}", code_list(KEYS)));
            reader.problem(at, format!("unknown key `{key}`"), Some(help));
        }
    }
    let text_of = |value: &Value| -> Option<String> {
        match value {
            Value::String(text) => Some(text.clone()),
            Value::Number(number) => Some(number.to_string()),
            _ => None,
        }
    };
    if let Some(declared) = object.get("kind")
        && declared.as_str() != Some(kind)
    {
        let at = reader.at("/kind");
        reader.problem(
            at,
            format!(
                "this mapping is for `{}`, but the import is for `{kind}`",
                text_of(declared).unwrap_or_default()
            ),
            Some("use the mapping with the matching `--kind`".to_owned()),
        );
    }
    match object.get("sheet") {
        None => {}
        Some(sheet) => match text_of(sheet) {
            Some(name) => mapping.sheet = Some(name),
            None => {
                let at = reader.at("/sheet");
                reader.problem(at, "`sheet` is a sheet name or table heading", None);
            }
        },
    }
    match object.get("header_row") {
        None => {}
        Some(row) => match row.as_u64().filter(|row| *row >= 1) {
            Some(row) => mapping.header_row = usize::try_from(row).ok(),
            None => {
                let at = reader.at("/header_row");
                reader.problem(at, "`header_row` is a row number, 1 or more", None);
            }
        },
    }
    match object.get("unmapped").and_then(Value::as_str) {
        None if object.get("unmapped").is_none() => {}
        Some("x-") | Some("x") | Some("extension") => mapping.unmapped = Unmapped::Extension,
        Some("ignore") => mapping.unmapped = Unmapped::Ignore,
        _ => {
            let at = reader.at("/unmapped");
            reader.problem(
                at,
                "`unmapped` is `x-` (columns not listed become x- fields) or `ignore`",
                None,
            );
        }
    }
    if let Some(columns) = object.get("columns") {
        match columns.as_object() {
            None => {
                let at = reader.at("/columns");
                reader.problem(
                    at,
                    "`columns` maps column names to fields",
                    Some("e.g. `columns: {Risk ID: id, Owner: owner}`".to_owned()),
                );
            }
            Some(columns) => {
                for (column, rule) in columns {
                    let pointer = format!("/columns/{}", escape(column));
                    let at = reader.at(&pointer);
                    let key_at = reader.key_at(&pointer);
                    let mut parsed = ColumnRule {
                        column: column.clone(),
                        target: Target::Ignore,
                        values: ValueMap::default(),
                        split: None,
                        prefix: None,
                        at: key_at,
                    };
                    let field = match rule {
                        Value::Null => None,
                        Value::String(field) => Some((field.clone(), at)),
                        Value::Object(options) => {
                            for option in options.keys() {
                                if !["field", "values", "split", "prefix"]
                                    .contains(&option.as_str())
                                {
                                    let at =
                                        reader.key_at(&format!("{pointer}/{}", escape(option)));
                                    reader.problem(
                                        at,
                                        format!("unknown key `{option}` in a column rule"),
                                        Some("a column rule has `field`, `values`, `split` and `prefix`".to_owned()),
                                    );
                                }
                            }
                            if let Some(values) = options.get("values") {
                                match values.as_object() {
                                    Some(values) => parsed.values = ValueMap::from_object(values),
                                    None => {
                                        let at = reader.at(&format!("{pointer}/values"));
                                        reader.problem(
                                            at,
                                            "`values` maps source values to field values",
                                            None,
                                        );
                                    }
                                }
                            }
                            parsed.split = options.get("split").and_then(text_of);
                            parsed.prefix = options.get("prefix").and_then(text_of);
                            match options.get("field") {
                                Some(Value::String(field)) => {
                                    Some((field.clone(), reader.at(&format!("{pointer}/field"))))
                                }
                                Some(Value::Null) | None => None,
                                Some(_) => {
                                    let at = reader.at(&format!("{pointer}/field"));
                                    reader.problem(at, "`field` is a field name", None);
                                    None
                                }
                            }
                        }
                        _ => {
                            reader.problem(
                                at,
                                "a column maps to a field name, `body`, `~` (ignore), or a rule `{field: ..., values: ..., split: ...}`",
                                None,
                            );
                            None
                        }
                    };
                    if let Some((field, at)) = field {
                        parsed.target = match field.trim() {
                            "body" => Target::Body,
                            "ignore" | "" => Target::Ignore,
                            other => {
                                let path = dotted(other);
                                reader.check_field(&path, fields, at, &what);
                                Target::Field(path)
                            }
                        };
                    }
                    mapping.columns.push(parsed);
                }
            }
        }
    }
    if let Some(values) = object.get("values") {
        match values.as_object() {
            None => {
                let at = reader.at("/values");
                reader.problem(
                    at,
                    "`values` maps field names to tables of values",
                    Some("e.g. `values: {likelihood: {High: 4, Low: 2}}`".to_owned()),
                );
            }
            Some(values) => {
                for (field, table) in values {
                    let pointer = format!("/values/{}", escape(field));
                    let path = dotted(field);
                    let key_at = reader.key_at(&pointer);
                    reader.check_field(&path, fields, key_at, &what);
                    match table.as_object() {
                        Some(table) => mapping.values.push((path, ValueMap::from_object(table))),
                        None => {
                            let at = reader.at(&pointer);
                            reader.problem(at, format!("`values.{field}` maps source values to values, e.g. `{{High: 4}}`"), None);
                        }
                    }
                }
            }
        }
    }
    if let Some(people) = object.get("people") {
        match people.as_object() {
            Some(people) => {
                for (name, email) in people {
                    if !email.as_str().is_some_and(|email| email.contains('@')) {
                        let at = reader.at(&format!("/people/{}", escape(name)));
                        reader.problem(
                            at,
                            format!("`{name}` should map to an email address"),
                            None,
                        );
                    }
                }
                mapping.people = ValueMap::from_object(people);
            }
            None => {
                let at = reader.at("/people");
                reader.problem(
                    at,
                    "`people` maps names to emails",
                    Some("e.g. `people: {Jane Doe: jane@acme.example}`".to_owned()),
                );
            }
        }
    }
    if let Some(ids) = object.get("ids") {
        match ids.as_object() {
            Some(ids) => {
                for key in ids.keys() {
                    if !["prefix", "width", "map", "keep"].contains(&key.as_str()) {
                        let at = reader.key_at(&format!("/ids/{}", escape(key)));
                        reader.problem(
                            at,
                            format!("unknown key `{key}` under `ids`"),
                            Some("`ids` has `prefix`, `width`, `map` and `keep`".to_owned()),
                        );
                    }
                }
                mapping.ids.prefix = ids.get("prefix").and_then(text_of);
                if let Some(width) = ids.get("width") {
                    match width.as_u64().filter(|width| (1..=8).contains(width)) {
                        Some(width) => mapping.ids.width = width as usize,
                        None => {
                            let at = reader.at("/ids/width");
                            reader.problem(at, "`width` is the number of digits, 1 to 8", None);
                        }
                    }
                }
                mapping.ids.keep = ids.get("keep").and_then(Value::as_bool).unwrap_or(false);
                if let Some(map) = ids.get("map").and_then(Value::as_object) {
                    mapping.ids.map = map
                        .iter()
                        .filter_map(|(from, to)| Some((normal(from), text_of(to)?)))
                        .collect();
                }
            }
            None => {
                let at = reader.at("/ids");
                reader.problem(at, "`ids` has `prefix`, `width`, `map` and `keep`", None);
            }
        }
    }
    if let Some(split) = object.get("split") {
        match split.as_object() {
            Some(split) => {
                for (field, separator) in split {
                    let path = dotted(field);
                    let at = reader.key_at(&format!("/split/{}", escape(field)));
                    reader.check_field(&path, fields, at, &what);
                    match text_of(separator) {
                        Some(separator) if !separator.is_empty() => {
                            mapping.split.push((path, separator))
                        }
                        _ => reader.problem(
                            at,
                            "a separator is a character such as `,` or `;`",
                            None,
                        ),
                    }
                }
            }
            None => {
                let at = reader.at("/split");
                reader.problem(
                    at,
                    "`split` maps list fields to a separator, e.g. `{systems: \";\"}`",
                    None,
                );
            }
        }
    }
    if let Some(defaults) = object.get("defaults") {
        let mut found = Vec::new();
        presets(defaults, &[], "/defaults", &reader, &mut found);
        for preset in &found {
            reader.check_field(&preset.path, fields, preset.at, &what);
        }
        mapping.defaults = found;
    }
    if let Some(document) = object.get("document") {
        let mut found = Vec::new();
        presets(document, &[], "/document", &reader, &mut found);
        match document_fields {
            Some(document_fields) => {
                for preset in &found {
                    reader.check_field(
                        &preset.path,
                        document_fields,
                        preset.at,
                        "the Statement of Applicability",
                    );
                }
            }
            None => {
                let at = reader.key_at("/document");
                reader.problem(at, "`document` sets the Statement of Applicability's own fields; it is only used with `--kind soa`", Some("use `defaults` for fields every imported document gets".to_owned()));
            }
        }
        mapping.document = found;
    }
    if reader.problems.is_empty() {
        Ok(mapping)
    } else {
        Err(fail(reader.problems))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::SchemaSet;

    fn risk_fields() -> Fields {
        Fields::of(&SchemaSet::compile(&[]).unwrap(), "risk", false).unwrap()
    }

    #[test]
    fn reads_a_full_mapping() {
        let text = "columns:\n  Risk ID: id\n  Notes: body\n  Ref: ~\n  Controls: {field: treatment.controls, split: \",\"}\n  Systems: {field: systems, prefix: AIS}\nvalues:\n  likelihood: {High: 4, Low: 2}\npeople: {Jane Doe: jane@acme.example}\nids: {prefix: RISK, width: 3}\ndefaults: {status: draft, treatment: {option: mitigate}}\nunmapped: ignore\n";
        let mapping = parse("m.yaml", text, "risk", &risk_fields(), None).unwrap();
        assert_eq!(mapping.columns.len(), 5);
        assert_eq!(
            mapping.column("risk id").unwrap().target,
            Target::Field(vec!["id".into()])
        );
        assert_eq!(mapping.column("NOTES").unwrap().target, Target::Body);
        assert_eq!(mapping.column("Ref").unwrap().target, Target::Ignore);
        assert_eq!(
            mapping.column("Controls").unwrap().split.as_deref(),
            Some(",")
        );
        assert_eq!(
            mapping.column("Systems").unwrap().prefix.as_deref(),
            Some("AIS")
        );
        assert_eq!(
            mapping
                .values_for(&["likelihood".into()])
                .unwrap()
                .get(" high "),
            Some(&Value::from(4))
        );
        assert_eq!(
            mapping.people.get("jane doe"),
            Some(&Value::from("jane@acme.example"))
        );
        assert_eq!(mapping.defaults.len(), 2);
        assert_eq!(mapping.defaults[1].path, vec!["treatment", "option"]);
        assert_eq!(mapping.unmapped, Unmapped::Ignore);
    }

    #[test]
    fn problems_are_positioned_with_suggestions() {
        let text =
            "colums:\n  A: id\ncolumns:\n  Treatment: treatment.optoin\n  Level: likelyhood\n";
        let error = parse("m.yaml", text, "risk", &risk_fields(), None).unwrap_err();
        let found: Vec<(usize, &str, Option<&str>)> = error
            .problems
            .iter()
            .map(|p| (p.at.line, p.message.as_str(), p.help.as_deref()))
            .collect();
        assert_eq!(
            found[0],
            (1, "unknown key `colums`", Some("did you mean `columns`?"))
        );
        assert_eq!(
            found[1],
            (
                4,
                "`treatment.optoin` is not a field of `risk`",
                Some("did you mean `treatment.option`?")
            )
        );
        assert_eq!(found[2].0, 5);
        assert!(parse("m.yaml", "columns: [a]\n", "risk", &risk_fields(), None).is_err());
        assert!(parse("m.yaml", "a: [\n", "risk", &risk_fields(), None).is_err());
        assert!(
            parse(
                "m.yaml",
                "document: {id: SOA-1}\n",
                "risk",
                &risk_fields(),
                None
            )
            .is_err()
        );
    }
}
