//! JSON Schema validation of frontmatter: compiling the kind schemas once, and turning
//! jsonschema's errors into findings in plain words that point at the right key or value.
//!
//! Schemas reference each other by relative file name (`common.schema.json`), as they do when
//! exported next to each other for editors. Here they are registered under `file:///aims/schema/`
//! URIs in an offline registry, so validation never touches the network or the disk.

use crate::catalog::kinds::{BUILTIN_KINDS, COMMON_SCHEMA};
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

impl SchemaSet {
    /// Compiles the built-in kinds, as shipped, and the given custom kinds.
    pub fn compile(custom: &[CustomSchema]) -> Result<SchemaSet, CompileError> {
        SchemaSet::compile_shaped(custom, |_, schema| schema)
    }

    /// Compiles the built-in kinds, each first passed through `shape` with its kind name (how
    /// aims.yaml's risk scale replaces the built-in 1–5 and categories), and the given custom
    /// kinds.
    pub fn compile_shaped(
        custom: &[CustomSchema],
        shape: impl Fn(&str, Value) -> Value,
    ) -> Result<SchemaSet, CompileError> {
        let common = parse_embedded("common", COMMON_SCHEMA)?;
        let mut raw = HashMap::new();
        let mut jobs: Vec<(String, Value, String)> = Vec::new();
        for builtin in BUILTIN_KINDS {
            let schema = shape(builtin.name, parse_embedded(builtin.name, builtin.schema)?);
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

mod explain;
pub use explain::*;

#[cfg(test)]
mod tests;
