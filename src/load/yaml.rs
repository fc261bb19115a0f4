//! YAML text → `serde_json::Value` plus a map from JSON pointer to source position.
//!
//! Parsing goes through saphyr's `MarkedYaml`, so every key and value carries a span. The JSON
//! value is what schemas and rules look at; the [`PositionMap`] is how a finding about
//! `/treatment/controls/2` becomes `risks/RISK-007.md:14:7`. YAML 1.2 semantics apply (`yes`
//! stays a string), duplicate keys and alias bombs are rejected by saphyr, and everything JSON
//! cannot hold (tags, complex keys, `.nan`) is refused with its position instead of guessed at.

use crate::diagnostic::{Position, Span};
use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};
use serde_json::{Map, Number, Value};
use std::collections::HashMap;

/// Where one node sits in the file: its key (for mapping entries) and its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NodePosition {
    pub key: Option<Span>,
    pub value: Span,
}

/// JSON pointer (RFC 6901) → position of that node in the source file.
#[derive(Debug, Clone, Default)]
pub struct PositionMap {
    nodes: HashMap<String, NodePosition>,
}

impl PositionMap {
    /// The node at `pointer`, or its nearest existing ancestor (a missing field is reported at
    /// its parent).
    pub fn nearest(&self, pointer: &str) -> Option<(&str, NodePosition)> {
        let mut current = pointer;
        loop {
            if let Some((stored, position)) = self.nodes.get_key_value(current) {
                return Some((stored.as_str(), *position));
            }
            if current.is_empty() {
                return None;
            }
            current = match current.rfind('/') {
                Some(cut) => &current[..cut],
                None => "",
            };
        }
    }

    /// The span to underline for a finding about `pointer`: the value itself when it exists
    /// (scalars), the key for containers, the nearest ancestor's key otherwise.
    pub fn span_for(&self, pointer: &str) -> Option<Span> {
        let (found, position) = self.nearest(pointer)?;
        if found == pointer {
            Some(position.value)
        } else {
            Some(position.key.unwrap_or(position.value))
        }
    }

    /// The span of the key that introduces `pointer` (or of the nearest ancestor's key).
    pub fn key_span(&self, pointer: &str) -> Option<Span> {
        let (_, position) = self.nearest(pointer)?;
        Some(position.key.unwrap_or(position.value))
    }

    pub fn get(&self, pointer: &str) -> Option<NodePosition> {
        self.nodes.get(pointer).copied()
    }

    fn insert(&mut self, pointer: String, position: NodePosition) {
        self.nodes.insert(pointer, position);
    }
}

/// YAML that could be read, as JSON with positions.
#[derive(Debug, Clone)]
pub struct Located {
    pub value: Value,
    pub positions: PositionMap,
}

/// Why a YAML text could not become a JSON mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum YamlProblem {
    /// The text is not YAML.
    Syntax { message: String, at: Position },
    /// The same key appears twice in one mapping.
    DuplicateKey { at: Position },
    /// YAML that is valid but that aims does not accept (tags, complex keys, `.nan`, aliases
    /// past the expansion budget, several documents, a lone carriage return, a non-mapping root).
    Unsupported { message: String, at: Position },
}

impl YamlProblem {
    pub fn position(&self) -> Position {
        match self {
            YamlProblem::Syntax { at, .. }
            | YamlProblem::DuplicateKey { at }
            | YamlProblem::Unsupported { at, .. } => *at,
        }
    }
}

/// Parses `text` (whose first line is line `first_line` of the file) as one YAML mapping.
///
/// `root` is the span reported for the whole mapping, typically the opening `---` line, so a
/// missing top-level field points somewhere useful.
pub fn parse_mapping(text: &str, first_line: usize, root: Span) -> Result<Located, YamlProblem> {
    if let Some(at) = find_lone_carriage_return(text, first_line) {
        return Err(YamlProblem::Unsupported {
            message: "lone carriage return (old Mac line ending): YAML counts it as a line break \
                      but editors do not, so line numbers would be wrong"
                .to_owned(),
            at,
        });
    }
    let documents = MarkedYaml::load_from_str(text).map_err(|error| {
        let marker = error.marker();
        let at = to_position(marker.line(), marker.col(), first_line);
        if error.info().contains("duplicated key") {
            YamlProblem::DuplicateKey { at }
        } else if error.info().contains("alias expansion") {
            YamlProblem::Unsupported {
                message: error.info().to_owned(),
                at,
            }
        } else {
            YamlProblem::Syntax {
                message: error.info().to_owned(),
                at,
            }
        }
    })?;
    let mut documents = documents.into_iter();
    let Some(document) = documents.next() else {
        return Ok(Located {
            value: Value::Object(Map::new()),
            positions: root_only(root),
        });
    };
    if let Some(extra) = documents.next() {
        return Err(YamlProblem::Unsupported {
            message: "more than one YAML document in the frontmatter".to_owned(),
            at: start_of(&extra, first_line),
        });
    }
    if matches!(document.data, YamlData::Value(Scalar::Null)) {
        return Ok(Located {
            value: Value::Object(Map::new()),
            positions: root_only(root),
        });
    }
    if !document.data.is_mapping() {
        return Err(YamlProblem::Unsupported {
            message: "the frontmatter must be a mapping of `key: value` lines".to_owned(),
            at: start_of(&document, first_line),
        });
    }
    let mut positions = PositionMap::default();
    let mut converter = Converter {
        first_line,
        positions: &mut positions,
    };
    let value = converter.convert(&document, &mut String::new(), None, root)?;
    Ok(Located { value, positions })
}

fn root_only(root: Span) -> PositionMap {
    let mut positions = PositionMap::default();
    positions.insert(
        String::new(),
        NodePosition {
            key: None,
            value: root,
        },
    );
    positions
}

struct Converter<'m> {
    first_line: usize,
    positions: &'m mut PositionMap,
}

impl Converter<'_> {
    fn convert(
        &mut self,
        node: &MarkedYaml<'_>,
        pointer: &mut String,
        key: Option<Span>,
        root: Span,
    ) -> Result<Value, YamlProblem> {
        let span = if pointer.is_empty() {
            root
        } else {
            self.span_of(node)
        };
        self.positions.insert(
            pointer.clone(),
            NodePosition {
                key,
                value: if pointer.is_empty() {
                    root
                } else if node.data.is_mapping() || node.data.is_sequence() {
                    Span::point(span.start)
                } else {
                    span
                },
            },
        );
        match &node.data {
            YamlData::Value(scalar) => self.scalar(scalar, node),
            YamlData::Representation(text, _, _) => Ok(Value::String(text.to_string())),
            YamlData::Sequence(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (index, item) in items.iter().enumerate() {
                    let restore = pointer.len();
                    pointer.push('/');
                    pointer.push_str(&index.to_string());
                    let item_span = self.span_of(item);
                    out.push(self.convert(item, pointer, Some(item_span), root)?);
                    pointer.truncate(restore);
                }
                Ok(Value::Array(out))
            }
            YamlData::Mapping(entries) => {
                let mut out = Map::with_capacity(entries.len());
                for (key_node, value_node) in entries {
                    let name = self.key_text(key_node)?;
                    let restore = pointer.len();
                    pointer.push('/');
                    push_escaped(pointer, &name);
                    let key_span = self.span_of(key_node);
                    let value = self.convert(value_node, pointer, Some(key_span), root)?;
                    pointer.truncate(restore);
                    out.insert(name, value);
                }
                Ok(Value::Object(out))
            }
            YamlData::Tagged(tag, inner) => {
                if tag.is_yaml_core_schema() {
                    self.convert(inner, pointer, key, root)
                } else {
                    Err(YamlProblem::Unsupported {
                        message: format!("YAML tag `{tag}` is not supported; remove it"),
                        at: span.start,
                    })
                }
            }
            YamlData::Alias(_) => Err(YamlProblem::Unsupported {
                message: "unresolved YAML alias".to_owned(),
                at: span.start,
            }),
            YamlData::BadValue => Err(YamlProblem::Unsupported {
                message: "this value does not match its YAML tag".to_owned(),
                at: span.start,
            }),
        }
    }

    fn scalar(&self, scalar: &Scalar<'_>, node: &MarkedYaml<'_>) -> Result<Value, YamlProblem> {
        Ok(match scalar {
            Scalar::Null => Value::Null,
            Scalar::Boolean(flag) => Value::Bool(*flag),
            Scalar::Integer(number) => Value::Number(Number::from(*number)),
            Scalar::FloatingPoint(number) => match Number::from_f64(number.into_inner()) {
                Some(number) => Value::Number(number),
                None => {
                    return Err(YamlProblem::Unsupported {
                        message: "`.nan` and `.inf` cannot be represented; quote the value if \
                                  you mean text"
                            .to_owned(),
                        at: self.span_of(node).start,
                    });
                }
            },
            Scalar::String(text) => Value::String(text.to_string()),
        })
    }

    fn key_text(&self, key: &MarkedYaml<'_>) -> Result<String, YamlProblem> {
        let unsupported = || YamlProblem::Unsupported {
            message: "only plain text keys are supported".to_owned(),
            at: self.span_of(key).start,
        };
        match &key.data {
            YamlData::Value(Scalar::String(text)) => Ok(text.to_string()),
            YamlData::Value(Scalar::Integer(number)) => Ok(number.to_string()),
            YamlData::Value(Scalar::Boolean(flag)) => Ok(flag.to_string()),
            YamlData::Value(Scalar::FloatingPoint(number)) => Ok(number.to_string()),
            YamlData::Value(Scalar::Null) => Ok("null".to_owned()),
            YamlData::Representation(text, _, _) => Ok(text.to_string()),
            YamlData::Tagged(tag, inner) if tag.is_yaml_core_schema() => self.key_text(inner),
            _ => Err(unsupported()),
        }
    }

    fn span_of(&self, node: &MarkedYaml<'_>) -> Span {
        let start = to_position(
            node.span.start.line(),
            node.span.start.col(),
            self.first_line,
        );
        let end = to_position(node.span.end.line(), node.span.end.col(), self.first_line);
        Span::new(start, end)
    }
}

fn start_of(node: &MarkedYaml<'_>, first_line: usize) -> Position {
    to_position(node.span.start.line(), node.span.start.col(), first_line)
}

/// saphyr lines are 1-based and columns 0-based, relative to the YAML text.
fn to_position(line: usize, col: usize, first_line: usize) -> Position {
    Position::new(line.max(1) + first_line - 1, col + 1)
}

/// Appends one RFC 6901 pointer segment.
pub fn push_escaped(pointer: &mut String, segment: &str) {
    for ch in segment.chars() {
        match ch {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            other => pointer.push(other),
        }
    }
}

/// Builds a pointer from plain segments.
pub fn pointer<I, S>(segments: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut out = String::new();
    for segment in segments {
        out.push('/');
        push_escaped(&mut out, segment.as_ref());
    }
    out
}

/// A `\r` that is not part of `\r\n` would make saphyr's line numbers disagree with editors'.
fn find_lone_carriage_return(text: &str, first_line: usize) -> Option<Position> {
    let bytes = text.as_bytes();
    let mut line = first_line;
    let mut line_start = 0;
    for (index, &byte) in bytes.iter().enumerate() {
        match byte {
            b'\n' => {
                line += 1;
                line_start = index + 1;
            }
            b'\r' if bytes.get(index + 1) != Some(&b'\n') => {
                let column = text[line_start..index].chars().count() + 1;
                return Some(Position::new(line, column));
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(text: &str) -> Result<Located, YamlProblem> {
        parse_mapping(text, 2, Span::START)
    }

    #[test]
    fn maps_pointers_to_file_positions() {
        let located = parse("id: POL-001\nlist:\n  - a\n  - b/c\nnested:\n  x~y: 3\n").unwrap();
        assert_eq!(
            located.value,
            json!({"id": "POL-001", "list": ["a", "b/c"], "nested": {"x~y": 3}})
        );
        let id = located.positions.get("/id").unwrap();
        assert_eq!(id.key.unwrap().start, Position::new(2, 1));
        assert_eq!(id.value.start, Position::new(2, 5));
        assert_eq!(id.value.end, Position::new(2, 12));
        assert_eq!(
            located.positions.get("/list/1").unwrap().value.start,
            Position::new(5, 5)
        );
        assert_eq!(
            located.positions.get("/nested/x~0y").unwrap().value.start,
            Position::new(7, 8)
        );
        // A missing child is reported at its parent's key.
        assert_eq!(
            located.positions.span_for("/nested/missing").unwrap().start,
            Position::new(6, 1)
        );
    }

    #[test]
    fn yaml_1_1_booleans_stay_strings() {
        let located = parse("a: yes\nb: on\nc: true\nd: 2025-01-31\ne: 1.2\n").unwrap();
        assert_eq!(
            located.value,
            json!({"a": "yes", "b": "on", "c": true, "d": "2025-01-31", "e": 1.2})
        );
    }

    #[test]
    fn duplicate_keys_are_positioned() {
        let problem = parse("title: A\nowner: x\ntitle: B\n").unwrap_err();
        assert_eq!(
            problem,
            YamlProblem::DuplicateKey {
                at: Position::new(4, 1)
            }
        );
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut text =
            String::from("a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n");
        let names = ["b", "c", "d", "e", "f", "g", "h", "i"];
        let mut previous = "a";
        for name in names {
            text.push_str(&format!(
                "{name}: &{name} [*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous}]\n"
            ));
            previous = name;
        }
        let problem = parse(&text).unwrap_err();
        assert!(
            matches!(problem, YamlProblem::Unsupported { .. }),
            "{problem:?}"
        );
    }

    #[test]
    fn tags_and_non_finite_numbers_are_refused() {
        assert!(matches!(
            parse("a: !custom x\n").unwrap_err(),
            YamlProblem::Unsupported { .. }
        ));
        assert!(matches!(
            parse("a: .nan\n").unwrap_err(),
            YamlProblem::Unsupported { .. }
        ));
        assert_eq!(parse("a: !!str 12\n").unwrap().value, json!({"a": "12"}));
    }

    #[test]
    fn lone_carriage_return_is_refused_with_its_position() {
        let problem = parse("a: 1\rb: 2\n").unwrap_err();
        assert_eq!(problem.position(), Position::new(2, 5));
        // CRLF is fine.
        assert_eq!(
            parse("a: 1\r\nb: 2\r\n").unwrap().value,
            json!({"a": 1, "b": 2})
        );
    }

    #[test]
    fn non_mapping_and_empty_frontmatter() {
        assert!(matches!(
            parse("- a\n- b\n").unwrap_err(),
            YamlProblem::Unsupported { .. }
        ));
        assert_eq!(parse("").unwrap().value, json!({}));
        assert_eq!(parse("# only a comment\n").unwrap().value, json!({}));
    }

    #[test]
    fn syntax_errors_and_tabs_have_positions() {
        let problem = parse("a: [1, 2\nb: 3\n").unwrap_err();
        assert!(matches!(problem, YamlProblem::Syntax { .. }), "{problem:?}");
        let problem = parse("a:\n\t- x\n").unwrap_err();
        assert_eq!(problem.position().line, 3, "{problem:?}");
    }
}
