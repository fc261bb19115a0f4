//! "What changed since approval" on a scripted history with pinned dates: `aims log ID --diff`
//! shows each change's fields and lines, `--format json` carries the same as data, and the
//! document page shows the change since the last counted approval, escaped.

use crate::common::*;
use serde_json::Value;
use std::path::Path;

/// The policy's title gets a hostile value and its text a line, committed at `when`.
fn edit_policy(root: &Path, when: &str) {
    let path = root.join("aims/policy.md");
    let text = std::fs::read_to_string(&path).expect("read");
    let text = text.replace(
        "title: AI policy\n",
        "title: AI policy <script>alert(1)</script>\n",
    );
    std::fs::write(&path, format!("{text}A line added later.\n")).expect("write");
    git_at(root, &["commit", "-q", "-am", "Edit the policy"], when);
}

#[test]
fn log_diff_shows_fields_and_lines_of_each_change() {
    let project = committed_base();
    let root = project.path();
    approve_base(root, "2026-01-02T10:00:00+00:00");
    edit_policy(root, "2026-02-01T10:00:00+00:00");

    let plain = aims_ok(root, &["log", "POL-001"]);
    assert!(!plain.contains("Field `"), "{plain}");

    let text = aims_ok(root, &["log", "POL-001", "--diff"]);
    assert!(
        text.contains(
            "    Field `title` changed from AI policy to AI policy <script>alert(1)</script>\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("    Section text: 1 line added, 0 removed\n"),
        "{text}"
    );
    assert!(text.contains("    +A line added later.\n"), "{text}");
    // The first version is compared with nothing: every field is added.
    assert!(text.contains("    Field `id` added: POL-001\n"), "{text}");
    // The edit's diff sits under the edit, before the creation's.
    let edit = text.find("Edit the policy").expect("edit listed");
    let title = text.find("Field `title` changed").expect("title diff");
    let created = text.find("Field `id` added").expect("creation diff");
    assert!(edit < title && title < created, "{text}");

    let json: Value = serde_json::from_str(&aims_ok(
        root,
        &["log", "POL-001", "--diff", "--format", "json"],
    ))
    .expect("json");
    let change = json["events"]
        .as_array()
        .expect("events")
        .iter()
        .find(|event| event["type"] == "change" && event["diff"]["fields"][0]["path"] == "title")
        .unwrap_or_else(|| panic!("no title change in {json:#}"));
    let field = &change["diff"]["fields"][0];
    assert_eq!(field["change"], "changed");
    assert_eq!(field["old"], "AI policy");
    assert_eq!(field["new"], "AI policy <script>alert(1)</script>");
    assert_eq!(change["diff"]["body"]["added"], 1);
    assert_eq!(change["diff"]["body"]["removed"], 0);
    let plain: Value =
        serde_json::from_str(&aims_ok(root, &["log", "POL-001", "--format", "json"]))
            .expect("json");
    assert!(
        plain["events"]
            .as_array()
            .expect("events")
            .iter()
            .all(|event| event.get("diff").is_none())
    );
}

#[test]
fn document_page_shows_the_change_since_approval_escaped() {
    let project = committed_base();
    let root = project.path();
    let never = site_page(root, "documents/POL-001.html");
    assert!(never.contains("Changes since the last approved version"));
    assert!(never.contains("Never approved"), "{never}");

    approve_base(root, "2026-01-02T10:00:00+00:00");
    let unchanged = site_page(root, "documents/POL-001.html");
    assert!(
        unchanged.contains("Unchanged since approval"),
        "{unchanged}"
    );

    edit_policy(root, "2026-02-01T10:00:00+00:00");
    let page = site_page(root, "documents/POL-001.html");
    let section = page
        .split("Changes since the last approved version")
        .nth(1)
        .and_then(|rest| rest.split("</section>").next())
        .unwrap_or_else(|| panic!("no section in {page}"));
    assert!(section.contains("approved by Cleo CEO"), "{section}");
    assert!(section.contains("2026-01-02"), "{section}");
    assert!(section.contains("<code>title</code>"), "{section}");
    assert!(
        section.contains("Section text: 1 line added, 0 removed."),
        "{section}"
    );
    // Added lines are marked by a sign and a word, not only by colour.
    assert!(
        section.contains(
            r#"<span class="add"><span class="sign" aria-hidden="true">+</span><span class="visually-hidden">added: </span>A line added later.</span>"#
        ),
        "{section}"
    );
    // The hostile title is text, never markup, anywhere on the page.
    assert!(!page.contains("<script>alert(1)"), "{page}");
    assert!(section.contains("alert(1)"), "{section}");
    assert!(
        section.contains("&lt;script&gt;") || section.contains("&#60;script&#62;"),
        "{section}"
    );
}
