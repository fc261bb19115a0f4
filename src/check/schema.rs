//! JSON Schema validation of frontmatter: compiling the kind schemas once, and turning
//! jsonschema's errors into findings in plain words that point at the right key or value.
//!
//! Schemas reference each other by relative file name (`common.schema.json`), as they do when
//! exported next to each other for editors. Here they are registered under `file:///aims/schema/`
//! URIs in an offline registry, so validation never touches the network or the disk.

use crate::catalog::kinds::{BUILTIN_KINDS, COMMON_SCHEMA};
use crate::config::risk::RiskScale;
use crate::text::{code_list, did_you_mean};
use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{JsonType, ValidationError, Validator};
use rayon::prelude::*;
use serde_json::{Value, json};
use std::collections::HashMap;

const BASE: &str = "file:///aims/schema/";

/// A user-defined kind's schema, already parsed from its file.
#[derive(Debug, Clone)]
pub struct CustomSchema {
    pub kind: String,
    pub schema: Value,
}

/// Why a schema could not be compiled.
#[derive(Debug, Clone, thiserror::Error)]
#[error("the schema for kind `{kind}` is not usable: {message}")]
pub struct CompileError {
    pub kind: String,
    pub message: String,
}

/// The compiled validators of every kind, plus the raw schemas for navigation.
pub struct SchemaSet {
    /// A dozen or so kinds: a linear scan beats hashing the kind name for every rule call.
    validators: Vec<(String, Validator)>,
    raw: HashMap<String, Value>,
    common: Value,
}

/// What a schema error is about, which decides the rule code that reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FindingKind {
    Schema,
    UnknownControl,
    UnknownClause,
}

/// Which part of the node to underline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The value at the pointer.
    Value,
    /// The key introducing the pointer.
    Key,
}

/// One schema error, explained.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaFinding {
    pub kind: FindingKind,
    pub pointer: String,
    pub target: Target,
    pub message: String,
    pub help: Option<String>,
}

fn uri(file: &str) -> String {
    format!("{BASE}{file}")
}

fn parse_embedded(name: &str, text: &str) -> Result<Value, CompileError> {
    serde_json::from_str(text).map_err(|error| CompileError {
        kind: name.to_owned(),
        message: error.to_string(),
    })
}

/// An offline registry holding the embedded schemas plus `extra` resources.
pub fn registry(extra: &[(String, Value)]) -> Result<jsonschema::Registry<'static>, CompileError> {
    let mut resources: Vec<(String, Value)> = vec![(
        uri("common.schema.json"),
        parse_embedded("common", COMMON_SCHEMA)?,
    )];
    for builtin in BUILTIN_KINDS {
        resources.push((
            uri(&format!("{}.schema.json", builtin.name)),
            parse_embedded(builtin.name, builtin.schema)?,
        ));
    }
    resources.extend(extra.iter().cloned());
    let error = |message: String| CompileError {
        kind: "registry".to_owned(),
        message,
    };
    jsonschema::Registry::new()
        .extend(resources)
        .map_err(|e| error(e.to_string()))?
        .prepare()
        .map_err(|e| error(e.to_string()))
}

/// Builds a validator for `schema` (located at `base_file` under the schema base URI).
pub fn compile_one(
    kind: &str,
    schema: &Value,
    base_file: &str,
    registry: &jsonschema::Registry<'_>,
) -> Result<Validator, CompileError> {
    jsonschema::draft202012::options()
        .with_registry(registry)
        .with_base_uri(uri(base_file))
        .should_validate_formats(true)
        .offline()
        .build(schema)
        .map_err(|e| CompileError {
            kind: kind.to_owned(),
            message: e.to_string(),
        })
}

/// Lets `x-` fields into every object a schema closes with `additionalProperties: false`, as
/// the built-in schemas do, so fields of one's own work at any depth.
pub fn allow_extensions(schema: &mut Value) {
    match schema {
        Value::Object(object) => {
            for child in object.values_mut() {
                allow_extensions(child);
            }
            if object.get("additionalProperties") == Some(&Value::Bool(false)) {
                let patterns = object
                    .entry("patternProperties")
                    .or_insert_with(|| json!({}));
                if let Some(patterns) = patterns.as_object_mut() {
                    patterns.entry("^x-").or_insert_with(|| json!({}));
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(allow_extensions),
        _ => {}
    }
}

/// A custom kind's schema with the common fields included, as [`schema_nodes`] can follow it.
fn navigable(schema: &Value) -> Value {
    let mut copy = schema.clone();
    if let Some(object) = copy.as_object_mut() {
        let common = json!({"$ref": "common.schema.json"});
        match object.get_mut("allOf").and_then(Value::as_array_mut) {
            Some(all) => all.push(common),
            None => {
                object.insert("allOf".to_owned(), json!([common]));
            }
        }
    }
    copy
}

/// The risk schema with the configured scale and categories in place of the built-in 1–5 and
/// category list.
pub fn risk_schema_for(mut schema: Value, scale: &RiskScale) -> Value {
    let level = |axis: &crate::config::risk::Axis, what: &str| {
        let mut description = format!("{what}, 1 to {}", axis.levels);
        if !axis.labels.is_empty() {
            let named: Vec<String> = axis
                .labels
                .iter()
                .enumerate()
                .map(|(index, label)| format!("{} {label}", index + 1))
                .collect();
            description = format!("{what}: {}", named.join(", "));
        }
        json!({
            "description": format!("{description} (the scale is set under `risk` in aims.yaml)."),
            "type": "integer",
            "minimum": 1,
            "maximum": axis.levels
        })
    };
    if let Some(properties) = schema.get_mut("properties").and_then(Value::as_object_mut) {
        properties.insert(
            "likelihood".to_owned(),
            level(&scale.likelihood, "Inherent likelihood"),
        );
        properties.insert("impact".to_owned(), level(&scale.impact, "Inherent impact"));
        if let Some(category) = properties
            .get_mut("category")
            .and_then(Value::as_object_mut)
        {
            category.insert("enum".to_owned(), json!(scale.categories));
        }
        if let Some(residual) = properties
            .get_mut("residual")
            .and_then(|residual| residual.get_mut("properties"))
            .and_then(Value::as_object_mut)
        {
            residual.insert(
                "likelihood".to_owned(),
                level(&scale.likelihood, "Residual likelihood"),
            );
            residual.insert("impact".to_owned(), level(&scale.impact, "Residual impact"));
        }
    }
    schema
}

impl SchemaSet {
    /// Compiles the built-in kinds (with the built-in risk scale) and the given custom kinds.
    pub fn compile(custom: &[CustomSchema]) -> Result<SchemaSet, CompileError> {
        SchemaSet::compile_for(custom, &RiskScale::default())
    }

    /// Compiles the built-in kinds, with the risk scale and categories of aims.yaml, and the
    /// given custom kinds.
    pub fn compile_for(
        custom: &[CustomSchema],
        scale: &RiskScale,
    ) -> Result<SchemaSet, CompileError> {
        let common = parse_embedded("common", COMMON_SCHEMA)?;
        let mut raw = HashMap::new();
        let mut jobs: Vec<(String, Value, String)> = Vec::new();
        for builtin in BUILTIN_KINDS {
            let mut schema = parse_embedded(builtin.name, builtin.schema)?;
            if builtin.name == "risk" && *scale != RiskScale::default() {
                schema = risk_schema_for(schema, scale);
            }
            raw.insert(builtin.name.to_owned(), schema.clone());
            jobs.push((
                builtin.name.to_owned(),
                schema,
                format!("{}.schema.json", builtin.name),
            ));
        }
        let mut extra = Vec::new();
        for custom in custom {
            let file = format!("custom/{}.schema.json", custom.kind);
            let mut schema = custom.schema.clone();
            allow_extensions(&mut schema);
            extra.push((uri(&file), schema));
            // The custom schema describes the fields the kind adds; the wrapper adds the common
            // fields and rejects anything neither describes.
            let wrapper = json!({
                "allOf": [
                    {"$ref": uri("common.schema.json")},
                    {"$ref": uri(&file)}
                ],
                "properties": {"kind": {"const": custom.kind}},
                "patternProperties": {"^x-": {}},
                "unevaluatedProperties": false
            });
            // For naming fields in messages, navigate the custom schema itself with the common
            // fields added: its local `#/$defs/...` references resolve in it.
            raw.insert(custom.kind.clone(), navigable(&custom.schema));
            jobs.push((
                custom.kind.clone(),
                wrapper,
                format!("custom/{}.wrapper.json", custom.kind),
            ));
        }
        let registry = registry(&extra)?;
        let validators: Result<Vec<(String, Validator)>, CompileError> = jobs
            .par_iter()
            .map(|(kind, schema, file)| {
                compile_one(kind, schema, file, &registry)
                    .map(|validator| (kind.clone(), validator))
            })
            .collect();
        Ok(SchemaSet {
            validators: validators?,
            raw,
            common,
        })
    }

    pub fn has_kind(&self, kind: &str) -> bool {
        self.validator(kind).is_some()
    }

    fn validator(&self, kind: &str) -> Option<&Validator> {
        self.validators
            .iter()
            .find(|(name, _)| name == kind)
            .map(|(_, validator)| validator)
    }

    /// Validates one document's frontmatter against its kind's schema.
    pub fn validate(&self, kind: &str, instance: &Value) -> Vec<SchemaFinding> {
        let Some(validator) = self.validator(kind) else {
            return Vec::new();
        };
        let schema = self.raw.get(kind);
        let mut findings = Vec::new();
        for error in validator.iter_errors(instance) {
            explain(
                &error,
                instance,
                |pointer| {
                    schema
                        .map(|schema| property_names(schema, &self.common, pointer))
                        .unwrap_or_default()
                },
                |pointer| schema.and_then(|schema| describe_field(schema, &self.common, pointer)),
                &mut findings,
            );
        }
        findings
    }

    /// The schema of `kind` as messages navigate it (custom kinds with the common fields
    /// included), and the common schema its references resolve in.
    pub fn navigable(&self, kind: &str) -> Option<(&Value, &Value)> {
        Some((self.raw.get(kind)?, &self.common))
    }

    /// The description of the field at `pointer` in `kind`'s schema.
    pub fn field_description(&self, kind: &str, pointer: &str) -> Option<String> {
        describe_field(self.raw.get(kind)?, &self.common, pointer)
    }
}

/// Turns one jsonschema error into findings (several for several unexpected keys).
pub fn explain(
    error: &ValidationError<'_>,
    instance: &Value,
    names_at: impl Fn(&str) -> Vec<String>,
    description_of: impl Fn(&str) -> Option<String>,
    out: &mut Vec<SchemaFinding>,
) {
    let pointer = error.instance_path().as_str().to_owned();
    let value = instance.pointer(&pointer).unwrap_or(&Value::Null);
    let location = error
        .absolute_keyword_location()
        .map(|uri| uri.as_str().to_owned())
        .unwrap_or_default();
    let defined_as = |name: &str| location.contains(&format!("/$defs/{name}/"));
    let finding = |message: String, help: Option<String>| SchemaFinding {
        kind: FindingKind::Schema,
        pointer: pointer.clone(),
        target: Target::Value,
        message,
        help,
    };
    match error.kind() {
        ValidationErrorKind::Required { property } => {
            let name = property.as_str().unwrap_or_default();
            let child = format!("{pointer}/{}", escape(name));
            out.push(SchemaFinding {
                target: Target::Key,
                help: description_of(&child).map(|text| format!("`{name}`: {text}")),
                ..finding(format!("missing required field `{name}`"), None)
            });
        }
        ValidationErrorKind::AdditionalProperties { unexpected }
        | ValidationErrorKind::UnevaluatedProperties { unexpected } => {
            let known = names_at(&pointer);
            // When a branch of `allOf` fails (say `status: actve`), JSON Schema 2020-12 drops
            // its annotations and `unevaluatedProperties` then sees every field it defines as
            // unexpected. Fields the schema does define are not unknown: skip them.
            for name in unexpected.iter().filter(|name| !known.contains(name)) {
                let help = match did_you_mean(name, known.iter().map(String::as_str)) {
                    Some(suggestion) => format!("did you mean `{suggestion}`?"),
                    None if !known.is_empty() && known.len() <= 16 => format!(
                        "fields allowed here: {}; fields of your own may start with `x-`",
                        code_list(&known)
                    ),
                    None => "fields of your own may start with `x-`".to_owned(),
                };
                out.push(SchemaFinding {
                    kind: FindingKind::Schema,
                    pointer: format!("{pointer}/{}", escape(name)),
                    target: Target::Key,
                    message: format!("unknown field `{name}`"),
                    help: Some(help),
                });
            }
        }
        ValidationErrorKind::Enum { options } => {
            let options: Vec<String> = options
                .as_array()
                .map(|items| items.iter().map(show_plain).collect())
                .unwrap_or_default();
            // `clauses: [4.1]` is the number 4.1: the type error already says to quote it, and
            // saying that 4.1 is not a clause as well would contradict it.
            if !value.is_string() && options.contains(&show_plain(value)) {
                return;
            }
            let shown = show(value);
            let suggestion = value
                .as_str()
                .and_then(|text| did_you_mean(text, options.iter().map(String::as_str)));
            let (kind, message) = if defined_as("control_id") {
                (
                    FindingKind::UnknownControl,
                    format!("{shown} is not an ISO/IEC 42001 Annex A control"),
                )
            } else if defined_as("clause_id") {
                (
                    FindingKind::UnknownClause,
                    format!("{shown} is not an ISO/IEC 42001 clause (4 to 10)"),
                )
            } else {
                (
                    FindingKind::Schema,
                    format!("{shown} is not one of {}", code_list(&options)),
                )
            };
            let hint = match kind {
                FindingKind::UnknownControl => {
                    value.as_str().and_then(crate::catalog::hints::control)
                }
                FindingKind::UnknownClause => {
                    value.as_str().and_then(crate::catalog::hints::clause)
                }
                FindingKind::Schema => None,
            };
            let help = match suggestion {
                _ if hint.is_some() => hint,
                Some(suggestion) => Some(format!("did you mean `{suggestion}`?")),
                None if kind == FindingKind::UnknownControl => Some(
                    "Annex A controls run from A.2.2 to A.10.4; `aims explain AIMS205` lists them"
                        .to_owned(),
                ),
                None if kind == FindingKind::UnknownClause => {
                    Some("clause ids look like 6.1.3; `aims explain AIMS206` lists them".to_owned())
                }
                None => None,
            };
            out.push(SchemaFinding {
                kind,
                ..finding(message, help)
            });
        }
        ValidationErrorKind::Constant { expected_value } => out.push(finding(
            format!("expected {}, found {}", show(expected_value), show(value)),
            None,
        )),
        ValidationErrorKind::Type { kind } => {
            let expected = match kind {
                TypeKind::Single(single) => type_name(*single).to_owned(),
                TypeKind::Multiple(set) => {
                    set.iter().map(type_name).collect::<Vec<_>>().join(" or ")
                }
            };
            out.push(finding(
                format!(
                    "expected {expected}, found {} {}",
                    value_type_name(value),
                    show(value)
                ),
                type_help(&expected, value),
            ));
        }
        ValidationErrorKind::Format { format } => {
            let shown = show(value);
            let (message, help) = match format.as_str() {
                "date" => (
                    format!("{shown} is not a valid date"),
                    Some("write dates as YYYY-MM-DD, e.g. 2026-03-31".to_owned()),
                ),
                "email" => (
                    format!("{shown} is not a valid email address"),
                    value
                        .as_str()
                        .filter(|text| !text.contains('@'))
                        .map(|text| email_help(&pointer, text)),
                ),
                other => (format!("{shown} is not a valid {other}"), None),
            };
            out.push(finding(message, help));
        }
        ValidationErrorKind::Pattern { pattern } => {
            let shown = show(value);
            let (message, help) = if defined_as("document_id") || defined_as("document_ref") {
                (
                    format!("{shown} is not a valid document id"),
                    "ids are an upper-case prefix, a dash and a number or name, e.g. POL-001",
                )
            } else if defined_as("duration") || location.contains("review_cycle") {
                (
                    format!("{shown} is not an ISO 8601 duration"),
                    "write durations like P12M (12 months), P1Y, P6M or P90D",
                )
            } else {
                (
                    format!("{shown} does not have the expected form"),
                    "see the field's description with `aims schema`",
                )
            };
            let help = description_of(&pointer)
                .map(|text| format!("{help}; {text}"))
                .unwrap_or_else(|| format!("{help} (pattern `{pattern}`)"));
            out.push(finding(message, Some(help)));
        }
        ValidationErrorKind::Minimum { limit }
        | ValidationErrorKind::ExclusiveMinimum { limit } => out.push(finding(
            format!("{} is below the minimum of {limit}", show(value)),
            description_of(&pointer),
        )),
        ValidationErrorKind::Maximum { limit }
        | ValidationErrorKind::ExclusiveMaximum { limit } => out.push(finding(
            format!("{} is above the maximum of {limit}", show(value)),
            description_of(&pointer),
        )),
        ValidationErrorKind::MinItems { limit } => out.push(SchemaFinding {
            target: Target::Key,
            ..finding(
                if *limit == 1 {
                    "this list must not be empty".to_owned()
                } else {
                    format!("this list needs at least {limit} entries")
                },
                description_of(&pointer),
            )
        }),
        ValidationErrorKind::MaxItems { limit } => out.push(SchemaFinding {
            target: Target::Key,
            ..finding(format!("this list allows at most {limit} entries"), None)
        }),
        ValidationErrorKind::MinLength { limit } => out.push(finding(
            if *limit == 1 {
                "this value must not be empty".to_owned()
            } else {
                format!("this text needs at least {limit} characters")
            },
            description_of(&pointer),
        )),
        ValidationErrorKind::MaxLength { limit } => out.push(finding(
            format!("this text allows at most {limit} characters"),
            None,
        )),
        ValidationErrorKind::UniqueItems => out.push(SchemaFinding {
            target: Target::Key,
            ..finding("this list contains the same entry twice".to_owned(), None)
        }),
        ValidationErrorKind::FalseSchema => out.push(SchemaFinding {
            target: Target::Key,
            ..finding("this field is not allowed here".to_owned(), None)
        }),
        _ => out.push(finding(error.to_string(), None)),
    }
}

/// Help for a name or role where an email is expected (`owner: Direction Générale`).
fn email_help(pointer: &str, text: &str) -> String {
    let field = pointer.rsplit('/').next().unwrap_or_default();
    format!(
        "`{field}` is the email address of one accountable person, as they commit with git, e.g. \
         `{}@example.com`; `{}` reads as a name or a role: roles go in `approvers` and are \
         mapped to emails under `roles` in aims.yaml",
        slug(text),
        truncate(text)
    )
}

/// A lower-case ASCII slug of a name, for example addresses (`Direction Générale` →
/// `direction.generale`).
fn slug(text: &str) -> String {
    let mut out = String::new();
    for ch in text.trim().chars() {
        let folded = match ch {
            'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' | 'À' | 'Á' | 'Â' | 'Ä' => 'a',
            'ç' | 'Ç' => 'c',
            'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' | 'Î' | 'Ï' => 'i',
            'ñ' => 'n',
            'ò' | 'ó' | 'ô' | 'ö' | 'õ' | 'Ô' | 'Ö' => 'o',
            'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
            other => other,
        };
        if folded.is_ascii_alphanumeric() {
            out.push(folded.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('.') {
            out.push('.');
        }
    }
    let trimmed = out.trim_end_matches('.');
    if trimmed.is_empty() {
        "name".to_owned()
    } else {
        trimmed.to_owned()
    }
}

fn escape(segment: &str) -> String {
    let mut out = String::new();
    crate::load::yaml::push_escaped(&mut out, segment);
    out
}

/// A value for a message: strings in backticks, other scalars as written, containers named.
fn show(value: &Value) -> String {
    match value {
        Value::String(text) => format!("`{}`", truncate(text)),
        Value::Array(_) => "a list".to_owned(),
        Value::Object(_) => "a mapping".to_owned(),
        Value::Null => "an empty value".to_owned(),
        other => format!("`{other}`"),
    }
}

fn show_plain(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

fn truncate(text: &str) -> String {
    const MAX: usize = 60;
    if text.chars().count() <= MAX {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(MAX).collect();
        format!("{cut}…")
    }
}

fn type_name(kind: JsonType) -> &'static str {
    match kind {
        JsonType::Array => "a list",
        JsonType::Boolean => "true or false",
        JsonType::Integer => "a whole number",
        JsonType::Null => "an empty value",
        JsonType::Number => "a number",
        JsonType::Object => "a mapping",
        JsonType::String => "text",
    }
}

fn value_type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "",
        Value::Bool(_) => "true/false",
        Value::Number(number) if number.is_i64() || number.is_u64() => "the number",
        Value::Number(_) => "the number",
        Value::String(_) => "the text",
        Value::Array(_) => "",
        Value::Object(_) => "",
    }
}

/// Hints for the type mistakes YAML invites.
fn type_help(expected: &str, value: &Value) -> Option<String> {
    match value {
        Value::String(text) if expected.contains("true or false") => {
            let lowered = text.to_lowercase();
            if ["yes", "no", "on", "off", "y", "n"].contains(&lowered.as_str()) {
                Some(format!(
                    "YAML 1.2 reads `{text}` as text; write `true` or `false`"
                ))
            } else {
                None
            }
        }
        Value::String(text)
            if expected.contains("number") && text.trim().parse::<f64>().is_ok() =>
        {
            Some("remove the quotes around the number".to_owned())
        }
        Value::Number(_) | Value::Bool(_) if expected == "text" => Some(format!(
            "put the value in quotes to make it text: \"{}\"",
            show_plain(value)
        )),
        Value::String(_) if expected == "a list" => {
            Some("write a list as `[a, b]` or as lines starting with `- `".to_owned())
        }
        Value::Null => Some("the value is missing after the colon".to_owned()),
        _ => None,
    }
}

/// Follows a JSON pointer through a schema, expanding `allOf` and local/common `$ref`s, and
/// returns every schema node that describes the instance at that pointer.
pub fn schema_nodes<'s>(schema: &'s Value, common: &'s Value, pointer: &str) -> Vec<&'s Value> {
    let mut nodes = expand(schema, schema, common);
    for segment in pointer.split('/').skip(1) {
        let segment = segment.replace("~1", "/").replace("~0", "~");
        let mut next = Vec::new();
        for (node, document) in nodes {
            let child = if segment.parse::<usize>().is_ok() && node.get("items").is_some() {
                node.get("items")
            } else {
                node.get("properties").and_then(|props| props.get(&segment))
            };
            if let Some(child) = child {
                next.extend(expand(child, document, common));
            }
        }
        nodes = next;
    }
    nodes.into_iter().map(|(node, _)| node).collect()
}

/// A node together with the schema document its local `#` references resolve in.
type Scoped<'s> = (&'s Value, &'s Value);

fn expand<'s>(node: &'s Value, document: &'s Value, common: &'s Value) -> Vec<Scoped<'s>> {
    let mut out = vec![(node, document)];
    if let Some(reference) = node.get("$ref").and_then(Value::as_str) {
        let (target_doc, fragment) = match reference.split_once('#') {
            Some(("", fragment)) => (document, fragment),
            Some((file, fragment)) if file.ends_with("common.schema.json") => (common, fragment),
            None if reference.ends_with("common.schema.json") => (common, ""),
            _ => (document, "\u{0}"),
        };
        if let Some(target) = target_doc.pointer(fragment) {
            out.extend(expand(target, target_doc, common));
        }
    }
    if let Some(all) = node.get("allOf").and_then(Value::as_array) {
        for branch in all {
            out.extend(expand(branch, document, common));
        }
    }
    out
}

/// Property names allowed at `pointer`.
pub fn property_names(schema: &Value, common: &Value, pointer: &str) -> Vec<String> {
    let mut names: Vec<String> = schema_nodes(schema, common, pointer)
        .into_iter()
        .filter_map(|node| node.get("properties").and_then(Value::as_object))
        .flat_map(|props| props.keys().cloned())
        .collect();
    names.sort();
    names.dedup();
    names
}

/// The first description found for the field at `pointer`.
pub fn describe_field(schema: &Value, common: &Value, pointer: &str) -> Option<String> {
    schema_nodes(schema, common, pointer)
        .into_iter()
        .find_map(|node| node.get("description").and_then(Value::as_str))
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set() -> SchemaSet {
        SchemaSet::compile(&[]).unwrap()
    }

    fn valid_policy() -> Value {
        json!({
            "id": "POL-001", "kind": "policy", "title": "AI policy",
            "owner": "ceo@example.com", "status": "active", "policy_type": "ai"
        })
    }

    #[test]
    fn valid_document_has_no_findings() {
        assert_eq!(set().validate("policy", &valid_policy()), vec![]);
    }

    #[test]
    fn explains_common_mistakes() {
        let mut doc = valid_policy();
        doc["ownr"] = json!("x");
        doc["status"] = json!("actve");
        doc["controls"] = json!(["A.2.9"]);
        doc["clauses"] = json!(["5.9"]);
        doc["review_cycle"] = json!("12 months");
        doc.as_object_mut().unwrap().remove("title");
        let findings = set().validate("policy", &doc);
        let messages: Vec<_> = findings.iter().map(|f| f.message.as_str()).collect();
        assert!(
            messages.contains(&"missing required field `title`"),
            "{messages:?}"
        );
        assert!(messages.contains(&"unknown field `ownr`"), "{messages:?}");
        assert!(
            messages.contains(&"`actve` is not one of `draft`, `active` and `retired`"),
            "{messages:?}"
        );
        let control = findings
            .iter()
            .find(|f| f.kind == FindingKind::UnknownControl)
            .expect("unknown control finding");
        assert_eq!(control.pointer, "/controls/0");
        assert_eq!(control.help.as_deref(), Some("did you mean `A.2.2`?"));
        assert!(
            findings
                .iter()
                .any(|f| f.kind == FindingKind::UnknownClause)
        );
        assert!(
            messages.contains(&"`12 months` is not an ISO 8601 duration"),
            "{messages:?}"
        );
        let unknown = findings
            .iter()
            .find(|f| f.message == "unknown field `ownr`")
            .unwrap();
        assert_eq!(unknown.help.as_deref(), Some("did you mean `owner`?"));
        assert_eq!(unknown.target, Target::Key);
    }

    #[test]
    fn yaml_boolean_hint() {
        let doc = json!({
            "id": "SOA-001", "kind": "soa", "title": "SoA", "owner": "a@example.com",
            "status": "draft", "annex_a": [{"id": "A.2.2", "applicable": "yes"}]
        });
        let findings = set().validate("soa", &doc);
        assert_eq!(findings.len(), 1, "{findings:?}");
        assert_eq!(findings[0].pointer, "/annex_a/0/applicable");
        assert!(
            findings[0]
                .help
                .as_deref()
                .unwrap()
                .contains("write `true`")
        );
    }

    #[test]
    fn unquoted_clause_is_one_finding_that_says_quote_it() {
        let mut doc = valid_policy();
        doc["clauses"] = json!([4.1, 10]);
        let findings = set().validate("policy", &doc);
        assert_eq!(findings.len(), 2, "{findings:?}");
        for finding in &findings {
            assert_eq!(finding.kind, FindingKind::Schema);
            assert!(finding.help.as_deref().unwrap().contains("quotes"));
        }
    }

    #[test]
    fn owner_that_is_a_name_gets_help() {
        let mut doc = valid_policy();
        doc["owner"] = json!("Direction Générale");
        let findings = set().validate("policy", &doc);
        assert_eq!(findings.len(), 1, "{findings:?}");
        let help = findings[0].help.as_deref().unwrap();
        assert!(help.contains("direction.generale@example.com"), "{help}");
        assert!(help.contains("roles"), "{help}");
    }

    #[test]
    fn control_ids_get_specific_hints() {
        let mut doc = valid_policy();
        doc["controls"] = json!(["A.6.2", "A.5.1"]);
        let findings = set().validate("policy", &doc);
        let helps: Vec<&str> = findings.iter().filter_map(|f| f.help.as_deref()).collect();
        assert!(helps[0].contains("is an area of Annex A"), "{helps:?}");
        assert!(helps[0].contains("A.6.2.2 (AI system requirements and specification)"));
        assert!(helps[1].contains("objective of A.5"), "{helps:?}");
        assert!(!helps[1].contains("did you mean"));
    }

    #[test]
    fn extension_fields_are_allowed_at_any_depth() {
        let doc = json!({
            "id": "RISK-001", "kind": "risk", "title": "R", "owner": "a@example.com",
            "status": "draft", "systems": ["AIS-001"], "risk_source": "x",
            "likelihood": 2, "impact": 3, "x-top": 1,
            "treatment": {"option": "mitigate", "x-ticket": "JIRA-1"},
            "residual": {"likelihood": 1, "impact": 1, "x-note": "n"},
            "references": [{"framework": "nist-ai-rmf", "id": "MAP 1", "x-mine": true}]
        });
        assert_eq!(set().validate("risk", &doc), vec![]);
        let soa = json!({
            "id": "SOA-001", "kind": "soa", "title": "SoA", "owner": "a@example.com",
            "status": "draft", "annex_a": [{"id": "A.2.2", "applicable": true,
            "owner": "ai-lead", "due": "2027-01-31", "notes": "n", "x-row": 7,
            "references": [{"framework": "iso27001", "id": "5.1"}]}]
        });
        assert_eq!(set().validate("soa", &soa), vec![]);
    }

    /// Every closed object of every built-in schema takes `x-` fields.
    #[test]
    fn every_closed_object_allows_extensions() {
        fn walk(node: &Value, at: &str, out: &mut Vec<String>) {
            match node {
                Value::Object(object) => {
                    if object.get("additionalProperties") == Some(&Value::Bool(false))
                        && object
                            .get("patternProperties")
                            .and_then(|p| p.get("^x-"))
                            .is_none()
                    {
                        out.push(at.to_owned());
                    }
                    for (key, child) in object {
                        walk(child, &format!("{at}/{key}"), out);
                    }
                }
                Value::Array(items) => {
                    for (index, child) in items.iter().enumerate() {
                        walk(child, &format!("{at}/{index}"), out);
                    }
                }
                _ => {}
            }
        }
        let mut closed = Vec::new();
        walk(
            &serde_json::from_str(COMMON_SCHEMA).unwrap(),
            "common",
            &mut closed,
        );
        for kind in BUILTIN_KINDS {
            walk(
                &serde_json::from_str(kind.schema).unwrap(),
                kind.name,
                &mut closed,
            );
        }
        assert!(closed.is_empty(), "objects without x- fields: {closed:?}");
    }

    #[test]
    fn custom_kind_with_one_error_reports_only_it() {
        let custom = CustomSchema {
            kind: "vendor".to_owned(),
            schema: json!({
                "type": "object",
                "properties": {
                    "vendor": {"type": "string"},
                    "tier": {"$ref": "#/$defs/tier"},
                    "contact": {"type": "object", "properties": {"name": {"type": "string"}},
                                "additionalProperties": false}
                },
                "$defs": {"tier": {"enum": ["low", "high"]}},
                "required": ["vendor"]
            }),
        };
        let set = SchemaSet::compile(&[custom]).unwrap();
        let doc = json!({
            "id": "VA-001", "kind": "vendor", "title": "V", "owner": "a@example.com",
            "status": "actve", "vendor": "Acme", "tier": "low", "x-own": 1,
            "contact": {"name": "Bob", "x-phone": "1"}
        });
        let findings = set.validate("vendor", &doc);
        let messages: Vec<&str> = findings.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(
            messages,
            vec!["`actve` is not one of `draft`, `active` and `retired`"],
            "{findings:?}"
        );
        let mut bad = doc.clone();
        bad["vendr"] = json!("x");
        let findings = set.validate("vendor", &bad);
        let unknown = findings
            .iter()
            .find(|f| f.message == "unknown field `vendr`")
            .expect("typo reported");
        assert_eq!(unknown.help.as_deref(), Some("did you mean `vendor`?"));
    }

    #[test]
    fn configured_risk_scale_replaces_one_to_five() {
        let mut scale = RiskScale::default();
        scale.likelihood.levels = 3;
        scale.likelihood.labels = vec!["Low".into(), "Medium".into(), "High".into()];
        scale.impact.levels = 3;
        scale.categories = vec!["bias".into()];
        let set = SchemaSet::compile_for(&[], &scale).unwrap();
        let doc = json!({
            "id": "RISK-001", "kind": "risk", "title": "R", "owner": "a@example.com",
            "status": "draft", "systems": ["AIS-001"], "risk_source": "x",
            "likelihood": 4, "impact": 3, "category": "privacy",
            "treatment": {"option": "mitigate"},
            "residual": {"likelihood": 1, "impact": 5}
        });
        let findings = set.validate("risk", &doc);
        let messages: Vec<&str> = findings.iter().map(|f| f.message.as_str()).collect();
        assert!(
            messages.contains(&"`4` is above the maximum of 3"),
            "{messages:?}"
        );
        assert!(
            messages.contains(&"`5` is above the maximum of 3"),
            "{messages:?}"
        );
        assert!(
            messages.contains(&"`privacy` is not one of `bias`"),
            "{messages:?}"
        );
        let likelihood = findings
            .iter()
            .find(|f| f.pointer == "/likelihood")
            .unwrap();
        assert!(
            likelihood
                .help
                .as_deref()
                .unwrap()
                .contains("1 Low, 2 Medium, 3 High"),
            "{likelihood:?}"
        );
    }

    #[test]
    fn navigates_schemas_for_names_and_descriptions() {
        let schema: Value =
            serde_json::from_str(crate::catalog::kinds::builtin("risk").unwrap().schema).unwrap();
        let common: Value = serde_json::from_str(COMMON_SCHEMA).unwrap();
        let names = property_names(&schema, &common, "");
        assert!(names.contains(&"owner".to_owned()) && names.contains(&"treatment".to_owned()));
        let names = property_names(&schema, &common, "/treatment");
        assert!(names.contains(&"option".to_owned()));
        assert!(describe_field(&schema, &common, "/likelihood").is_some());
    }
}
