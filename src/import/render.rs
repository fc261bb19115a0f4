//! Writing an imported document: YAML frontmatter in the house style (fields in schema order,
//! short lists in flow style, plain scalars where YAML reads them back unchanged, everything
//! else double-quoted) and the Markdown body. Every value written reads back as the same JSON,
//! which a property test checks against the loader.

use serde_json::{Map, Value};
use std::fmt::Write;

/// Flow lists longer than this are written one item per line.
const FLOW_WIDTH: usize = 80;
/// Text longer than this is folded over several lines (`>-`).
const FOLD_WIDTH: usize = 92;

/// Words YAML 1.1 tools read as booleans or null; quoted so every tool reads text.
const SPECIAL_WORDS: &[&str] = &[
    "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~",
];

/// Whether `text` can be written as a plain scalar and read back as the same string.
fn plain_ok(text: &str, in_flow: bool) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    if text != text.trim() || SPECIAL_WORDS.contains(&text.to_lowercase().as_str()) {
        return false;
    }
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) {
        // `-` alone or `-1` would read as a list item or a number.
        let keeps = first == '-'
            && text.len() > 1
            && !text.starts_with("- ")
            && text[1..].chars().next().is_some_and(char::is_alphabetic);
        if !keeps {
            return false;
        }
    }
    if text.contains(": ") || text.contains(" #") || text.ends_with(':') {
        return false;
    }
    if text.chars().any(|c| {
        c.is_control() || c == '\u{feff}' || c == '\u{2028}' || c == '\u{2029}' || c == '\u{85}'
    }) {
        return false;
    }
    if text.starts_with("---") || text.starts_with("...") || text.starts_with("<<") {
        return false;
    }
    if in_flow && text.contains([',', '[', ']', '{', '}', ':', '#']) {
        return false;
    }
    // Numbers, in any form YAML 1.2 core or 1.1 would read.
    let numeric = text.replace('_', "");
    if numeric.parse::<f64>().is_ok()
        || numeric.starts_with("0x")
        || numeric.starts_with("0o")
        || numeric.starts_with("0b")
        || [".inf", "-.inf", "+.inf", ".nan"].contains(&numeric.to_lowercase().as_str())
    {
        return false;
    }
    // `1:20` is sexagesimal in YAML 1.1.
    if text.chars().all(|c| c.is_ascii_digit() || c == ':') {
        return false;
    }
    true
}

/// Long or multi-line text as a block scalar, when it reads back exactly: folded (`>-`) for long
/// single-line prose, literal (`|` or `|-`) for text with line breaks. `None` when the text
/// needs a quoted scalar instead.
fn block(text: &str, indent: usize) -> Option<String> {
    let printable = !text.chars().any(|c| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{feff}' | '\u{2028}' | '\u{2029}' | '\u{85}')
    });
    if !printable || text.starts_with([' ', '\n']) || text.trim().is_empty() {
        return None;
    }
    let pad = " ".repeat(indent.max(2));
    if text.contains('\n') {
        let body = text.strip_suffix('\n').unwrap_or(text);
        // Trailing blank lines, and lines with trailing spaces before them, need `|+`.
        if body.ends_with('\n') || body.lines().any(|line| line.ends_with(' ')) {
            return None;
        }
        let indicator = if text.ends_with('\n') { "|" } else { "|-" };
        let mut out = format!(" {indicator}\n");
        for line in body.split('\n') {
            if line.is_empty() {
                out.push('\n');
            } else {
                let _ = writeln!(out, "{pad}{line}");
            }
        }
        return Some(out);
    }
    if text.chars().count() <= FOLD_WIDTH
        || text.ends_with(' ')
        || text.contains("  ")
        || text.contains('\t')
    {
        return None;
    }
    let mut out = String::from(" >-\n");
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > FOLD_WIDTH {
            let _ = writeln!(out, "{pad}{line}");
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    let _ = writeln!(out, "{pad}{line}");
    Some(out)
}

/// A string as a YAML scalar.
pub fn scalar(text: &str, in_flow: bool) -> String {
    if plain_ok(text, in_flow) {
        text.to_owned()
    } else {
        // A JSON string is a valid YAML double-quoted scalar.
        serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned())
    }
}

fn key(text: &str) -> String {
    let simple = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        && !text.starts_with(['-', '.'])
        && plain_ok(text, true);
    if simple {
        text.to_owned()
    } else {
        serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned())
    }
}

fn flow_scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(scalar(text, true)),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        Value::Null => Some("null".to_owned()),
        _ => None,
    }
}

/// A list of scalars on one line, when it fits.
fn flow_list(items: &[Value]) -> Option<String> {
    let parts: Option<Vec<String>> = items.iter().map(flow_scalar).collect();
    let line = format!("[{}]", parts?.join(", "));
    (line.chars().count() <= FLOW_WIDTH).then_some(line)
}

fn write_value(out: &mut String, value: &Value, indent: usize) {
    let pad = " ".repeat(indent);
    match value {
        Value::Object(object) if !object.is_empty() => {
            out.push('\n');
            write_mapping(out, object, indent);
        }
        Value::Object(_) => out.push_str(" {}\n"),
        Value::Array(items) if items.is_empty() => out.push_str(" []\n"),
        Value::Array(items) => match flow_list(items) {
            Some(line) => {
                let _ = writeln!(out, " {line}");
            }
            None => {
                out.push('\n');
                for item in items {
                    let _ = write!(out, "{pad}-");
                    write_item(out, item, indent + 2);
                }
            }
        },
        Value::String(text) => match block(text, indent) {
            Some(lines) => out.push_str(&lines),
            None => {
                let _ = writeln!(out, " {}", scalar(text, false));
            }
        },
        other => {
            let _ = writeln!(out, " {}", flow_scalar(other).unwrap_or_default());
        }
    }
}

/// A list item after its `-`.
fn write_item(out: &mut String, item: &Value, indent: usize) {
    match item {
        Value::Object(object) if !object.is_empty() => {
            let mut first = true;
            for (name, value) in object {
                if first {
                    let _ = write!(out, " {}:", key(name));
                    first = false;
                } else {
                    let _ = write!(out, "{}{}:", " ".repeat(indent), key(name));
                }
                write_value(out, value, indent + 2);
            }
        }
        other => write_value(out, other, indent),
    }
}

fn write_mapping(out: &mut String, object: &Map<String, Value>, indent: usize) {
    let pad = " ".repeat(indent);
    for (name, value) in object {
        if value.is_null() {
            continue;
        }
        let _ = write!(out, "{pad}{}:", key(name));
        write_value(out, value, indent + 2);
    }
}

/// The frontmatter YAML (without delimiters) of `data`, in the order its keys have.
pub fn yaml(data: &Map<String, Value>) -> String {
    let mut out = String::new();
    write_mapping(&mut out, data, 0);
    out
}

/// A whole document: `---`, the frontmatter, `---`, the body.
pub fn document(data: &Map<String, Value>, body: &str) -> String {
    format!("---\n{}---\n{body}", yaml(data))
}

/// `data` with its keys in `order` first (then the rest as they were).
pub fn ordered(data: Map<String, Value>, order: &[String]) -> Map<String, Value> {
    let mut rest = data;
    let mut out = Map::new();
    for name in order {
        if let Some(value) = rest.remove(name) {
            out.insert(name.clone(), value);
        }
    }
    for (name, value) in rest {
        out.insert(name, value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Span;
    use proptest::prelude::*;
    use serde_json::json;

    fn read_back(data: &Map<String, Value>) -> Value {
        crate::yaml::parse_mapping(&yaml(data), 1, Span::START)
            .unwrap_or_else(|problem| panic!("{problem:?} in\n{}", yaml(data)))
            .value
    }

    #[test]
    fn writes_the_house_style() {
        let data = json!({
            "id": "RISK-001", "kind": "risk", "title": "Bias: in ranking #1",
            "owner": "a@example.com", "likelihood": 4, "flag": true, "text": "yes",
            "number": "4.1", "systems": ["AIS-001"],
            "treatment": {"option": "mitigate", "controls": ["A.7.4", "A.5.4"]},
            "long": ["a very long item that goes on", "and on and on and on", "until the line is too long to fit"],
            "references": [{"framework": "nist-ai-rmf", "id": "MAP 5"}],
            "x-formula": "=cmd|' /C calc'!A0", "x-html": "<script>alert(1)</script>",
            "x-multi": "line one\nline two", "empty": []
        });
        let Value::Object(data) = data else {
            unreachable!()
        };
        let text = yaml(&data);
        assert!(text.contains("title: \"Bias: in ranking #1\""), "{text}");
        assert!(text.contains("systems: [AIS-001]"), "{text}");
        assert!(text.contains("text: \"yes\""), "{text}");
        assert!(text.contains("number: \"4.1\""), "{text}");
        assert!(
            text.contains("treatment:\n  option: mitigate\n  controls: [A.7.4, A.5.4]\n"),
            "{text}"
        );
        assert!(
            text.contains("references:\n  - framework: nist-ai-rmf\n    id: MAP 5\n"),
            "{text}"
        );
        assert!(text.contains("long:\n  - a very long item"), "{text}");
        assert_eq!(read_back(&data), Value::Object(data));
    }

    proptest! {
        #[test]
        fn prose_reads_back(words in proptest::collection::vec("[a-zA-Z0-9:#\\-\\[\\]'\"*&!%@`>|]{1,12}", 0..40), breaks in "[ \\n]{0,3}") {
            let text = words.join(" ") + &breaks;
            let mut data = Map::new();
            data.insert("t".to_owned(), Value::String(text.clone()));
            data.insert("n".to_owned(), json!({"deep": {"t": text.clone()}, "l": [{"t": text}]}));
            prop_assert_eq!(read_back(&data), Value::Object(data));
        }

        #[test]
        fn any_text_reads_back(text in "\\PC*", other in "[ -~\\n\\t]{0,40}") {
            let mut data = Map::new();
            data.insert("a".to_owned(), Value::String(text.clone()));
            data.insert("b".to_owned(), json!([text.clone(), other.clone()]));
            data.insert(other.clone(), json!({"c": other.clone()}));
            prop_assert_eq!(read_back(&data), Value::Object(data));
        }
    }
}
