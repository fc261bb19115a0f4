//! Unit tests of YAML parsing: positions, refusals and syntax-error locations.

use super::*;
use serde_json::json;

fn syntax_error(text: &str) -> (String, Position) {
    match parse(text) {
        Err(YamlProblem::Syntax { message, at }) => (message, at),
        other => panic!("expected a syntax error, got {other:?}"),
    }
}

#[test]
fn an_unclosed_bracket_is_reported_where_it_opens() {
    let (message, at) = syntax_error("id: POL-001\ncontrols: [A.2.2, A.2.3\ntitle: x\n");
    // `parse` numbers lines as in a file whose frontmatter starts after `---` on line 1.
    assert_eq!((at.line, at.column), (3, 11), "{message}");
    assert!(
        message.contains("`[` is never closed with `]`"),
        "{message}"
    );
    assert!(message.contains("line 4"), "{message}");

    let (message, at) = syntax_error("id: X\nowner: {name: a\nkind: policy\n");
    assert_eq!((at.line, at.column), (3, 8), "{message}");
    assert!(
        message.contains("`{` is never closed with `}`"),
        "{message}"
    );
}

#[test]
fn brackets_in_text_quotes_comments_and_block_scalars_open_nothing() {
    assert!(find_unclosed_flow("title: a[1\nb: 2\n", 1, 3).is_none());
    assert!(find_unclosed_flow("title: \"[x\"\nb: 2\n", 1, 3).is_none());
    assert!(find_unclosed_flow("title: 'it''s [x'\nb: 2\n", 1, 3).is_none());
    assert!(find_unclosed_flow("a: 1 # [not yaml\nb: 2\n", 1, 3).is_none());
    assert!(find_unclosed_flow("text: |\n  [literal\nb: 2\n", 1, 4).is_none());
    assert!(find_unclosed_flow("list: [a,\n  b]\nc: 1\n", 1, 4).is_none());
    assert_eq!(
        find_unclosed_flow("- [a, [b]\nc: 1\n", 1, 3),
        Some((Position::new(1, 3), '['))
    );
}

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
    let mut text = String::from("a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n");
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
fn deep_nesting_is_refused_without_recursion() {
    let mut text = String::from("x:\n");
    for level in 1..5000 {
        text.push_str(&"  ".repeat(level));
        text.push_str("a:\n");
    }
    let problem = parse(&text).unwrap_err();
    assert!(
        matches!(problem, YamlProblem::Unsupported { ref message, .. } if message.contains("nesting")),
        "{problem:?}"
    );
    let flow = format!("x: {}{}\n", "[".repeat(300), "]".repeat(300));
    assert!(parse(&flow).is_err());
    let sequences = format!("x: {}1\n", "- ".repeat(3000));
    assert!(parse(&sequences).is_err());
}

#[test]
fn aliases_expand_within_budget() {
    let located = parse("base: &b [x, y]\ncopy: *b\n").unwrap();
    assert_eq!(
        located.value,
        json!({"base": ["x", "y"], "copy": ["x", "y"]})
    );
    assert_eq!(
        located.positions.get("/copy").unwrap().value.start,
        Position::new(3, 7)
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
    // The caret goes on the tab itself (line 3 of the file, first column).
    let problem = parse("a:\n\t- x\n").unwrap_err();
    assert_eq!(problem.position(), Position::new(3, 1), "{problem:?}");
    let problem = parse("a:\n  b:\n  \t- x\n").unwrap_err();
    assert_eq!(problem.position(), Position::new(4, 3), "{problem:?}");
}
