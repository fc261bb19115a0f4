//! The fields a kind's schema defines, with what type of value each takes, read from the same
//! compiled schemas lint uses (so the configured risk scale and custom kinds are included).
//! The importer converts cells by these types and checks mapping targets against them.

use crate::schema::{SchemaSet, schema_nodes};
use serde_json::Value;

/// What a field holds, as far as turning a cell into a value goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldType {
    Text,
    Integer,
    Number,
    Boolean,
    Date,
    /// An email (`owner`).
    Email,
    /// A role from aims.yaml or an email (`approvers`, `acceptance.by`).
    Identity,
    ControlId,
    ClauseId,
    /// The document's own id.
    DocumentId,
    /// The id of another document.
    DocumentRef,
    Duration,
    /// One of fixed values.
    Enum(Vec<String>),
    /// A fixed value (`kind`).
    Const(String),
    List(Box<FieldType>),
    /// A mapping (its own fields are listed separately).
    Object,
    /// A list of mappings, or anything the schema leaves open.
    Any,
}

impl FieldType {
    pub fn is_list(&self) -> bool {
        matches!(self, FieldType::List(_))
    }
}

/// One field, as a dotted path (`treatment.option`).
#[derive(Debug, Clone)]
pub struct FieldInfo {
    pub path: Vec<String>,
    pub ty: FieldType,
}

impl FieldInfo {
    pub fn dotted(&self) -> String {
        self.path.join(".")
    }
}

/// The fields of one kind (or of a Statement of Applicability entry).
#[derive(Debug, Clone, Default)]
pub struct Fields {
    pub fields: Vec<FieldInfo>,
    /// Top-level field names in the order documents list them.
    pub order: Vec<String>,
}

impl Fields {
    /// The fields of `kind`; for `soa` with `entries`, those of one `annex_a` entry.
    pub fn of(schemas: &SchemaSet, kind: &str, entries: bool) -> Option<Fields> {
        let (schema, common) = schemas.navigable(kind)?;
        let root = if entries { "/annex_a/0" } else { "" };
        let mut fields = Fields::default();
        walk(schema, common, root, &[], 0, &mut fields);
        fields.order = if entries {
            properties(schema, common, root)
        } else {
            document_order(schema, common)
        };
        Some(fields)
    }

    pub fn get(&self, path: &[String]) -> Option<&FieldInfo> {
        self.fields.iter().find(|field| field.path == path)
    }

    pub fn get_dotted(&self, dotted: &str) -> Option<&FieldInfo> {
        self.fields.iter().find(|field| field.dotted() == dotted)
    }

    /// Every dotted path, for suggestions.
    pub fn dotted(&self) -> Vec<String> {
        self.fields.iter().map(FieldInfo::dotted).collect()
    }
}

/// The order documents list their fields in: id, kind, title, owner, status, approvers and
/// review cycle; then the kind's own fields; then the other common fields.
fn document_order(schema: &Value, common: &Value) -> Vec<String> {
    const HEAD: &[&str] = &[
        "id",
        "kind",
        "title",
        "owner",
        "status",
        "approvers",
        "review_cycle",
    ];
    let all = properties(schema, common, "");
    let common_names: Vec<String> = common
        .get("properties")
        .and_then(Value::as_object)
        .map(|props| props.keys().cloned().collect())
        .unwrap_or_default();
    let mut order: Vec<String> = HEAD
        .iter()
        .filter(|name| all.iter().any(|field| field == *name))
        .map(|name| (*name).to_owned())
        .collect();
    for pass_common in [false, true] {
        for name in &all {
            if !order.contains(name) && common_names.contains(name) == pass_common {
                order.push(name.clone());
            }
        }
    }
    order
}

/// Property names at `pointer`, in schema order (common fields first).
fn properties(schema: &Value, common: &Value, pointer: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let nodes = schema_nodes(schema, common, pointer);
    // The common fields' order first (id, kind, title, owner, status, ...), then the kind's.
    let mut ordered: Vec<&Value> = nodes.clone();
    ordered.sort_by_key(|node| {
        let is_common = node
            .get("title")
            .and_then(Value::as_str)
            .is_some_and(|title| title.starts_with("Common fields"));
        !is_common
    });
    for node in ordered {
        if let Some(props) = node.get("properties").and_then(Value::as_object) {
            for name in props.keys() {
                if !names.contains(name) {
                    names.push(name.clone());
                }
            }
        }
    }
    names
}

fn reference_name(node: &Value) -> Option<&str> {
    node.get("$ref")
        .and_then(Value::as_str)
        .and_then(|reference| reference.rsplit('/').next())
}

/// The type of the value at `pointer`.
fn type_at(schema: &Value, common: &Value, pointer: &str, depth: usize) -> FieldType {
    let nodes = schema_nodes(schema, common, pointer);
    for node in &nodes {
        match reference_name(node) {
            Some("control_id") => return FieldType::ControlId,
            Some("clause_id") => return FieldType::ClauseId,
            Some("document_id") => return FieldType::DocumentId,
            Some("document_ref") => return FieldType::DocumentRef,
            Some("email") => return FieldType::Email,
            Some("identity") => return FieldType::Identity,
            Some("date") => return FieldType::Date,
            Some("duration") => return FieldType::Duration,
            _ => {}
        }
    }
    for node in &nodes {
        if let Some(constant) = node.get("const").and_then(Value::as_str) {
            return FieldType::Const(constant.to_owned());
        }
        if let Some(options) = node.get("enum").and_then(Value::as_array) {
            return FieldType::Enum(
                options
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect(),
            );
        }
    }
    for node in &nodes {
        match node.get("type") {
            Some(Value::String(kind)) => {
                return match kind.as_str() {
                    "array" if depth < 4 => {
                        let item = type_at(schema, common, &format!("{pointer}/0"), depth + 1);
                        match item {
                            FieldType::Object | FieldType::Any => FieldType::Any,
                            other => FieldType::List(Box::new(other)),
                        }
                    }
                    "integer" => FieldType::Integer,
                    "number" => FieldType::Number,
                    "boolean" => FieldType::Boolean,
                    "string" => FieldType::Text,
                    "object" => FieldType::Object,
                    _ => FieldType::Any,
                };
            }
            Some(Value::Array(kinds)) if kinds.iter().any(|kind| kind == "string") => {
                return FieldType::Text;
            }
            _ => {}
        }
    }
    FieldType::Any
}

fn walk(
    schema: &Value,
    common: &Value,
    pointer: &str,
    prefix: &[String],
    depth: usize,
    out: &mut Fields,
) {
    if depth > 3 {
        return;
    }
    for name in properties(schema, common, pointer) {
        let child = format!("{pointer}/{name}");
        let ty = type_at(schema, common, &child, 0);
        let mut path = prefix.to_vec();
        path.push(name.clone());
        let is_object = ty == FieldType::Object;
        out.fields.push(FieldInfo {
            path: path.clone(),
            ty,
        });
        if is_object {
            walk(schema, common, &child, &path, depth + 1, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn risk_fields_and_types() {
        let schemas = SchemaSet::compile(&[]).unwrap();
        let fields = Fields::of(&schemas, "risk", false).unwrap();
        let ty = |path: &str| fields.get_dotted(path).map(|f| f.ty.clone());
        assert_eq!(ty("id"), Some(FieldType::DocumentId));
        assert_eq!(ty("owner"), Some(FieldType::Email));
        assert_eq!(ty("likelihood"), Some(FieldType::Integer));
        assert_eq!(
            ty("treatment.option").map(|t| matches!(t, FieldType::Enum(_))),
            Some(true)
        );
        assert_eq!(
            ty("treatment.controls"),
            Some(FieldType::List(Box::new(FieldType::ControlId)))
        );
        assert_eq!(
            ty("systems"),
            Some(FieldType::List(Box::new(FieldType::DocumentRef)))
        );
        assert_eq!(ty("acceptance.by"), Some(FieldType::Identity));
        assert_eq!(ty("references"), Some(FieldType::Any));
        assert_eq!(
            &fields.order[..5],
            &["id", "kind", "title", "owner", "status"]
        );
        assert!(fields.order.contains(&"risk_source".to_owned()));
        let entry = Fields::of(&schemas, "soa", true).unwrap();
        assert_eq!(
            entry.get_dotted("applicable").map(|f| f.ty.clone()),
            Some(FieldType::Boolean)
        );
        assert_eq!(
            entry.get_dotted("owner").map(|f| f.ty.clone()),
            Some(FieldType::Identity)
        );
        assert_eq!(entry.order[0], "id");
    }
}
