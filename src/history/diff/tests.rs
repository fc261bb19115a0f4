use super::*;

fn doc(front: &str, body: &str) -> Vec<u8> {
    format!("---\n{front}---\n{body}").into_bytes()
}

fn change<'d>(diff: &'d VersionDiff, path: &str) -> &'d FieldChange {
    diff.fields
        .iter()
        .find(|field| field.path == path)
        .unwrap_or_else(|| panic!("no change at {path}: {:#?}", diff.fields))
}

#[test]
fn fields_added_removed_and_changed() {
    let old = doc("id: POL-001\nowner: a@x\nreview_by: 2026-01-01\n", "Text\n");
    let new = doc("id: POL-001\nowner: b@x\nversion: 2\n", "Text\n");
    let diff = between("p.md", Some(&old), &new);
    assert_eq!(diff.fields.len(), 3, "{:#?}", diff.fields);
    assert_eq!(
        change(&diff, "owner").sentence(),
        "Field `owner` changed from a@x to b@x"
    );
    assert_eq!(change(&diff, "version").change, FieldChangeKind::Added);
    assert_eq!(change(&diff, "version").new.as_deref(), Some("2"));
    let removed = change(&diff, "review_by");
    assert_eq!(removed.change, FieldChangeKind::Removed);
    assert_eq!(removed.old.as_deref(), Some("2026-01-01"));
    assert!(diff.body.hunks.is_empty());
    assert_eq!(diff.body.summary(), "unchanged");
    assert!(diff.notes.is_empty());
}

#[test]
fn nested_lists_of_records_item_by_item_plain_lists_as_a_whole() {
    let old = doc(
        "id: OBJ-1\napprovers: [ceo, cto]\nkpis:\n  - name: a\n    current: 1\n  - name: b\n    current: 2\n",
        "",
    );
    let new = doc(
        "id: OBJ-1\napprovers: [ceo]\nkpis:\n  - name: a\n    current: 5\n  - name: b\n    current: 2\n  - name: c\n    current: 3\n",
        "",
    );
    let diff = between("o.md", Some(&old), &new);
    let current = change(&diff, "kpis[0].current");
    assert_eq!(
        (current.old.as_deref(), current.new.as_deref()),
        (Some("1"), Some("5"))
    );
    assert_eq!(change(&diff, "kpis[2]").change, FieldChangeKind::Added);
    let approvers = change(&diff, "approvers");
    assert_eq!(
        (approvers.old.as_deref(), approvers.new.as_deref()),
        (Some("ceo, cto"), Some("ceo"))
    );
    assert_eq!(diff.fields.len(), 3, "{:#?}", diff.fields);
}

#[test]
fn body_hunks_with_context() {
    let body_old: String = (1..=20).map(|n| format!("line {n}\n")).collect();
    let body_new = body_old
        .replace("line 3\n", "line three\n")
        .replace("line 15\n", "line 15\nnew line\nanother\n");
    let diff = between(
        "p.md",
        Some(&doc("id: P\n", &body_old)),
        &doc("id: P\n", &body_new),
    );
    assert!(diff.fields.is_empty());
    assert_eq!((diff.body.added, diff.body.removed), (3, 1));
    assert_eq!(diff.body.summary(), "3 lines added, 1 removed");
    assert_eq!(diff.body.hunks.len(), 2, "{:#?}", diff.body.hunks);
    let first = &diff.body.hunks[0];
    assert_eq!((first.old_start, first.old_lines), (1, 6));
    assert_eq!((first.new_start, first.new_lines), (1, 6));
    let signs: String = first.lines.iter().map(|line| line.kind.sign()).collect();
    assert_eq!(signs, "  -+   ");
    assert_eq!(first.lines[2].text, "line 3");
    assert_eq!(first.lines[3].text, "line three");
    let second = &diff.body.hunks[1];
    assert_eq!((second.old_start, second.new_start), (13, 13));
    assert_eq!(second.old_lines + 2, second.new_lines);
}

#[test]
fn close_changes_share_a_hunk() {
    let diff = compare_lines("a\nb\nc\nd\ne\n", "A\nb\nc\nd\nE\n", 3);
    assert_eq!(diff.hunks.len(), 1);
    assert_eq!(diff.hunks[0].lines.len(), 7);
}

#[test]
fn crlf_and_final_newline_are_not_text_changes() {
    let lf = doc("id: P\n", "one\ntwo\n");
    let crlf = b"---\r\nid: P\r\n---\r\none\r\ntwo".to_vec();
    let diff = between("p.md", Some(&lf), &crlf);
    assert!(diff.fields.is_empty(), "{:#?}", diff.fields);
    assert!(diff.is_empty());
    assert!(diff.body.whitespace_only);
    assert_eq!(diff.body.summary(), "only line endings changed");
    let changed = compare_lines("one\r\ntwo\r\n", "one\r\n2\r\n", 3);
    assert_eq!(changed.hunks[0].lines[1].text, "two", "no \\r kept");
}

#[test]
fn binary_and_non_utf8_degrade_to_a_note() {
    let text = doc("id: P\n", "body\n");
    let binary = b"\x89PNG\r\n\x1a\n\0\0\0".to_vec();
    let diff = between("p.md", Some(&text), &binary);
    assert!(diff.is_empty());
    assert_eq!(
        diff.notes,
        ["this version is not readable text: not compared"]
    );
    let latin1 = b"---\nid: P\n---\ncaf\xe9 \xff\xfe\n".to_vec();
    let diff = between("p.md", Some(&latin1), &text);
    assert_eq!(
        diff.notes,
        ["the older version is not readable text: not compared"]
    );
}

#[test]
fn broken_frontmatter_compares_whole_text() {
    let old = doc("id: P\n", "body\n");
    let new = b"---\nid: [unclosed\n---\nbody\n".to_vec();
    let diff = between("p.md", Some(&old), &new);
    assert!(diff.fields.is_empty());
    assert_eq!(diff.notes.len(), 1);
    assert_eq!((diff.body.added, diff.body.removed), (1, 1));
}

#[test]
fn first_version_is_all_added() {
    let new = doc("id: P\nowner: a@x\n", "one\ntwo\n");
    let diff = between("p.md", None, &new);
    assert_eq!(diff.fields.len(), 2);
    assert!(
        diff.fields
            .iter()
            .all(|field| field.change == FieldChangeKind::Added)
    );
    assert_eq!((diff.body.added, diff.body.removed), (2, 0));
}

#[test]
fn large_versions_are_capped() {
    let old: String = (0..2000).map(|n| format!("{n}\n")).collect();
    let new: String = (0..2000).map(|n| format!("{}\n", n * 7)).collect();
    let diff = compare_lines(&old, &new, 3);
    assert!(diff.truncated);
    let kept: usize = diff.hunks.iter().map(|hunk| hunk.lines.len()).sum();
    assert_eq!(kept, MAX_LINES);
    assert!(diff.added > MAX_LINES);

    let huge = vec![b'a'; MAX_BYTES + 1];
    let diff = between("p.md", Some(b"x"), &huge);
    assert!(diff.body.truncated);
    assert_eq!(diff.notes.len(), 1);
}

#[test]
fn long_values_are_shortened() {
    let long = "x".repeat(1000);
    let diff = between(
        "p.md",
        Some(&doc("title: a\n", "")),
        &doc(&format!("title: {long}\n"), ""),
    );
    let new = change(&diff, "title").new.clone().unwrap_or_default();
    assert_eq!(new.chars().count(), MAX_VALUE_CHARS + 1);
    assert!(new.ends_with('…'));
}

#[test]
fn multi_line_values_stay_on_one_line() {
    let diff = between(
        "p.md",
        Some(&doc("description: |\n  one\n  two\n", "")),
        &doc("description: |\n  one\n  three\n", ""),
    );
    assert_eq!(
        change(&diff, "description").sentence(),
        "Field `description` changed from one ↵ two to one ↵ three"
    );
}
