//! YAML text → `serde_json::Value` plus a map from JSON pointer to source position.
//!
//! Parsing goes through saphyr's `MarkedYaml`, so every key and value carries a span. The JSON
//! value is what schemas and rules look at; the [`PositionMap`] is how a finding about
//! `/treatment/controls/2` becomes `risks/RISK-007.md:14:7`. YAML 1.2 semantics apply (`yes`
//! stays a string), duplicate keys and alias bombs are rejected by saphyr, and everything JSON
//! cannot hold (tags, complex keys, `.nan`) is refused with its position instead of guessed at.

use crate::diagnostic::{Position, Span};
use saphyr::{Scalar, ScalarStyle, Tag};
use saphyr_parser::{Event, Parser, SpannedEventReceiver};
use serde_json::{Map, Number, Value};
use std::collections::HashMap;
use std::fmt::Write as _;

/// Where one node sits in the file: its key (for mapping entries) and its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NodePosition {
    pub key: Option<Span>,
    pub value: Span,
}

/// JSON pointer (RFC 6901) → position of that node in the source file.
///
/// Kept in document order in a plain vector: it is filled for every node of every document but
/// read only when a finding is reported, so cheap insertion matters more than lookup.
#[derive(Debug, Clone, Default)]
pub struct PositionMap {
    /// Every pointer, concatenated; `nodes` hold ranges into it (one allocation per document
    /// instead of one per node).
    pointers: String,
    nodes: Vec<(u32, u32, NodePosition)>,
}

impl PositionMap {
    fn with_capacity(nodes: usize) -> PositionMap {
        PositionMap {
            pointers: String::with_capacity(nodes * 16),
            nodes: Vec::with_capacity(nodes),
        }
    }

    /// Gives back the room reserved while parsing: the map lives as long as its document.
    fn shrink_to_fit(&mut self) {
        self.pointers.shrink_to_fit();
        self.nodes.shrink_to_fit();
    }

    fn iter(&self) -> impl Iterator<Item = (&str, NodePosition)> {
        self.nodes.iter().map(|(start, end, position)| {
            (
                self.pointers
                    .get(*start as usize..*end as usize)
                    .unwrap_or_default(),
                *position,
            )
        })
    }

    /// The node at `pointer`, or its nearest existing ancestor (a missing field is reported at
    /// its parent).
    pub fn nearest(&self, pointer: &str) -> Option<(&str, NodePosition)> {
        let mut current = pointer;
        loop {
            if let Some(found) = self.iter().find(|(stored, _)| *stored == current) {
                return Some(found);
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

    /// The deepest node whose value or key is exactly `span` (the reverse of [`span_for`]
    /// and [`key_span`]), for tracing a finding back to the field it is about.
    ///
    /// [`span_for`]: PositionMap::span_for
    /// [`key_span`]: PositionMap::key_span
    pub fn pointer_at(&self, span: Span) -> Option<&str> {
        self.iter()
            .filter(|(_, position)| position.value == span || position.key == Some(span))
            .map(|(pointer, _)| pointer)
            .max_by_key(|pointer| pointer.len())
    }

    pub fn get(&self, pointer: &str) -> Option<NodePosition> {
        self.iter()
            .find(|(stored, _)| *stored == pointer)
            .map(|(_, position)| position)
    }

    fn insert(&mut self, pointer: &str, position: NodePosition) {
        let start = self.pointers.len() as u32;
        self.pointers.push_str(pointer);
        self.nodes
            .push((start, self.pointers.len() as u32, position));
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

/// Frontmatter never needs deep nesting; a cap keeps hostile input from exhausting the stack
/// of anything that later walks the value recursively (validation, rendering, drop).
pub const MAX_DEPTH: usize = 64;

/// Nodes that alias expansion may add in one document ("billion laughs" guard).
const ALIAS_BUDGET: usize = 100_000;

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
    if let Some(at) = find_excessive_indentation(text, first_line) {
        return Err(YamlProblem::Unsupported {
            message: format!("nesting deeper than {MAX_DEPTH} levels"),
            at,
        });
    }
    let mut builder = Builder {
        first_line,
        path: String::new(),
        root,
        stack: Vec::new(),
        positions: PositionMap::with_capacity(text.len() / 12 + 4),
        anchors: HashMap::new(),
        alias_budget: ALIAS_BUDGET,
        result: None,
        problem: None,
        documents: 0,
    };
    let mut parser = Parser::new_from_str(text);
    if let Err(error) = parser.load(&mut builder, true) {
        let marker = error.marker();
        let at = to_position(marker.line(), marker.col(), first_line);
        // A problem found while building comes first: it is what stopped the document.
        if let Some(problem) = builder.problem {
            return Err(problem);
        }
        // A forgotten `]` or `}` makes the parser fail lines later, at something innocent;
        // the opening bracket is where the fix goes.
        if let Some((opened, bracket)) = find_unclosed_flow(text, first_line, at.line) {
            let closing = if bracket == '[' { ']' } else { '}' };
            return Err(YamlProblem::Syntax {
                message: format!(
                    "`{bracket}` is never closed with `{closing}` (the YAML parser gave up at line {}: {})",
                    at.line,
                    error.info()
                ),
                at: opened,
            });
        }
        let at = if error.info().contains("tab") {
            point_at_tab(text, first_line, at)
        } else {
            at
        };
        return Err(YamlProblem::Syntax {
            message: error.info().to_owned(),
            at,
        });
    }
    if let Some(problem) = builder.problem {
        return Err(problem);
    }
    builder.positions.shrink_to_fit();
    match builder.result {
        None | Some(Value::Null) => {
            let mut positions = PositionMap::default();
            positions.insert(
                "",
                NodePosition {
                    key: None,
                    value: root,
                },
            );
            Ok(Located {
                value: Value::Object(Map::new()),
                positions,
            })
        }
        Some(value @ Value::Object(_)) => Ok(Located {
            value,
            positions: builder.positions,
        }),
        Some(_) => Err(YamlProblem::Unsupported {
            message: "the frontmatter must be a mapping of `key: value` lines".to_owned(),
            at: Position::new(first_line, 1),
        }),
    }
}

/// An open collection while the event stream is being read.
enum Frame {
    Sequence {
        items: Vec<Value>,
        /// Length of this collection's pointer in the builder's path buffer.
        path_len: usize,
        anchor: usize,
    },
    Mapping {
        entries: Map<String, Value>,
        path_len: usize,
        anchor: usize,
        /// The key read, waiting for its value.
        key: Option<(String, Span)>,
    },
}

/// Builds the JSON value and position map from saphyr-parser events, with an explicit stack
/// (no recursion), a depth cap, duplicate-key detection and an alias budget.
struct Builder {
    first_line: usize,
    /// The pointer of the node being read; frames remember their prefix length, so no node
    /// needs a pointer string of its own.
    path: String,
    root: Span,
    stack: Vec<Frame>,
    positions: PositionMap,
    anchors: HashMap<usize, Value>,
    alias_budget: usize,
    result: Option<Value>,
    problem: Option<YamlProblem>,
    documents: usize,
}

/// Where a node being started will live: the span of its key (or item); its pointer is the
/// builder's path buffer when the slot is taken.
struct Slot {
    key: Option<Span>,
}

impl Builder {
    fn span(&self, span: saphyr_parser::Span) -> Span {
        let start = to_position(span.start.line(), span.start.col(), self.first_line);
        let end = to_position(span.end.line(), span.end.col(), self.first_line);
        Span::new(start, end)
    }

    fn fail(&mut self, problem: YamlProblem) {
        if self.problem.is_none() {
            self.problem = Some(problem);
        }
    }

    /// Points the path buffer at the node starting at `span`, or returns `None` when the node
    /// is a mapping key.
    fn slot(&mut self, span: Span) -> Option<Slot> {
        match self.stack.last() {
            None => {
                self.path.clear();
                Some(Slot { key: None })
            }
            Some(Frame::Sequence {
                items, path_len, ..
            }) => {
                self.path.truncate(*path_len);
                self.path.push('/');
                let _ = write!(self.path, "{}", items.len());
                Some(Slot { key: Some(span) })
            }
            Some(Frame::Mapping { key: None, .. }) => None,
            Some(Frame::Mapping {
                key: Some((name, key_span)),
                path_len,
                ..
            }) => {
                self.path.truncate(*path_len);
                self.path.push('/');
                push_escaped(&mut self.path, name);
                Some(Slot {
                    key: Some(*key_span),
                })
            }
        }
    }

    /// Adds a finished node to its parent (or makes it the result).
    fn attach(&mut self, value: Value, span: Span, anchor: usize) {
        if anchor > 0 {
            self.anchors.insert(anchor, value.clone());
        }
        match self.stack.last_mut() {
            None => {
                if self.result.is_none() {
                    self.result = Some(value);
                }
            }
            Some(Frame::Sequence { items, .. }) => items.push(value),
            Some(Frame::Mapping { entries, key, .. }) => match key.take() {
                Some((name, _)) => {
                    entries.insert(name, value);
                }
                None => {
                    let name = match value {
                        Value::String(text) => text,
                        Value::Number(number) => number.to_string(),
                        Value::Bool(flag) => flag.to_string(),
                        Value::Null => "null".to_owned(),
                        Value::Array(_) | Value::Object(_) => {
                            self.fail(YamlProblem::Unsupported {
                                message: "only plain text keys are supported".to_owned(),
                                at: span.start,
                            });
                            return;
                        }
                    };
                    if entries.contains_key(&name) {
                        self.fail(YamlProblem::DuplicateKey { at: span.start });
                        return;
                    }
                    *key = Some((name, span));
                }
            },
        }
    }

    fn record(&mut self, slot: Slot, value: Span) {
        self.positions.insert(
            &self.path,
            NodePosition {
                key: slot.key,
                value,
            },
        );
    }

    fn scalar(
        &mut self,
        text: std::borrow::Cow<'_, str>,
        style: ScalarStyle,
        tag: Option<&std::borrow::Cow<'_, Tag>>,
        span: Span,
    ) -> Option<Value> {
        if let Some(tag) = tag
            && !is_plain_core_tag(tag, &["str", "int", "float", "bool", "null"])
        {
            self.fail(unsupported_tag(tag, span));
            return None;
        }
        let Some(scalar) = Scalar::parse_from_cow_and_metadata(text, style, tag) else {
            self.fail(YamlProblem::Unsupported {
                message: "this value does not match its YAML tag".to_owned(),
                at: span.start,
            });
            return None;
        };
        Some(match scalar {
            Scalar::Null => Value::Null,
            Scalar::Boolean(flag) => Value::Bool(flag),
            Scalar::Integer(number) => Value::Number(Number::from(number)),
            Scalar::FloatingPoint(number) => match Number::from_f64(number.into_inner()) {
                Some(number) => Value::Number(number),
                None => {
                    self.fail(YamlProblem::Unsupported {
                        message: "`.nan` and `.inf` cannot be represented; quote the value if \
                                  you mean text"
                            .to_owned(),
                        at: span.start,
                    });
                    return None;
                }
            },
            // The scanner's buffer has room to spare; tens of thousands of documents keep these.
            Scalar::String(text) => Value::String(exact_string(text)),
        })
    }

    fn open(
        &mut self,
        anchor: usize,
        tag: Option<&std::borrow::Cow<'_, Tag>>,
        span: Span,
        mapping: bool,
    ) {
        if let Some(tag) = tag
            && !is_plain_core_tag(tag, &["seq", "map"])
        {
            self.fail(unsupported_tag(tag, span));
            return;
        }
        if self.stack.len() >= MAX_DEPTH {
            self.fail(YamlProblem::Unsupported {
                message: format!("nesting deeper than {MAX_DEPTH} levels"),
                at: span.start,
            });
            return;
        }
        let path_len = match self.slot(span) {
            Some(slot) => {
                let value = if self.path.is_empty() {
                    self.root
                } else {
                    Span::point(span.start)
                };
                self.record(slot, value);
                self.path.len()
            }
            None => {
                self.fail(YamlProblem::Unsupported {
                    message: "only plain text keys are supported".to_owned(),
                    at: span.start,
                });
                return;
            }
        };
        self.stack.push(if mapping {
            Frame::Mapping {
                entries: Map::new(),
                path_len,
                anchor,
                key: None,
            }
        } else {
            Frame::Sequence {
                items: Vec::new(),
                path_len,
                anchor,
            }
        });
    }

    fn close(&mut self, span: Span) {
        let Some(frame) = self.stack.pop() else {
            return;
        };
        // Collections grow by doubling while they are read; every loaded document keeps them,
        // so they are cut to size once complete (a third of lint's memory at 50k documents).
        let (value, anchor) = match frame {
            Frame::Sequence {
                mut items, anchor, ..
            } => {
                items.shrink_to_fit();
                (Value::Array(items), anchor)
            }
            Frame::Mapping {
                entries, anchor, ..
            } => {
                let mut exact = Map::with_capacity(entries.len());
                exact.extend(entries);
                (Value::Object(exact), anchor)
            }
        };
        self.attach(value, span, anchor);
    }
}

/// `text` as an owned string without spare capacity.
fn exact_string(text: std::borrow::Cow<'_, str>) -> String {
    match text {
        std::borrow::Cow::Borrowed(text) => text.to_owned(),
        std::borrow::Cow::Owned(mut text) => {
            text.shrink_to_fit();
            text
        }
    }
}

/// Whether a tag is one of the plain core-schema tags (`!!str`, `!!map`, ...). Other tags under
/// the core handle (`!!python/object:...`) are language-specific and refused.
fn is_plain_core_tag(tag: &Tag, allowed: &[&str]) -> bool {
    tag.is_yaml_core_schema() && allowed.contains(&tag.suffix.as_str())
}

fn unsupported_tag(tag: &Tag, span: Span) -> YamlProblem {
    YamlProblem::Unsupported {
        message: format!("YAML tag `{tag}` is not supported; remove it"),
        at: span.start,
    }
}

/// Counts nodes up to `limit` without recursion.
fn count_nodes(value: &Value, limit: usize) -> usize {
    let mut count = 0;
    let mut pending = vec![value];
    while let Some(node) = pending.pop() {
        count += 1;
        if count > limit {
            break;
        }
        match node {
            Value::Array(items) => pending.extend(items),
            Value::Object(entries) => pending.extend(entries.values()),
            _ => {}
        }
    }
    count
}

impl<'input> SpannedEventReceiver<'input> for Builder {
    fn on_event(&mut self, event: Event<'input>, span: saphyr_parser::Span) {
        if self.problem.is_some() {
            return;
        }
        let span = self.span(span);
        match event {
            Event::DocumentStart(_) => {
                self.documents += 1;
                if self.documents > 1 {
                    self.fail(YamlProblem::Unsupported {
                        message: "more than one YAML document in the frontmatter".to_owned(),
                        at: span.start,
                    });
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                let slot = self.slot(span);
                let Some(value) = self.scalar(text, style, tag.as_ref(), span) else {
                    return;
                };
                if let Some(slot) = slot {
                    self.record(slot, span);
                }
                self.attach(value, span, anchor);
            }
            Event::SequenceStart(anchor, tag) => self.open(anchor, tag.as_ref(), span, false),
            Event::MappingStart(anchor, tag) => self.open(anchor, tag.as_ref(), span, true),
            Event::SequenceEnd | Event::MappingEnd => self.close(span),
            Event::Alias(id) => {
                let Some(value) = self.anchors.get(&id).cloned() else {
                    self.fail(YamlProblem::Syntax {
                        message: "alias to an unknown anchor".to_owned(),
                        at: span.start,
                    });
                    return;
                };
                let nodes = count_nodes(&value, self.alias_budget);
                if nodes > self.alias_budget {
                    self.fail(YamlProblem::Unsupported {
                        message: "alias expansion exceeded the maximum node budget (possible \
                                  billion-laughs attack)"
                            .to_owned(),
                        at: span.start,
                    });
                    return;
                }
                self.alias_budget -= nodes;
                if let Some(slot) = self.slot(span) {
                    self.record(slot, span);
                }
                self.attach(value, span, 0);
            }
            Event::Nothing | Event::StreamStart | Event::StreamEnd | Event::DocumentEnd => {}
        }
    }
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

mod diagnose;
use diagnose::{
    find_excessive_indentation, find_lone_carriage_return, find_unclosed_flow, point_at_tab,
};

#[cfg(test)]
mod tests;
