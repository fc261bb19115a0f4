//! Turning jsonschema errors into findings a compliance lead can act on: the pointer, whether
//! to underline the key or the value, a message in the document's terms, and a fix.

use super::*;

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
    crate::yaml::push_escaped(&mut out, segment);
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
