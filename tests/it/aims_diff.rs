//! `aims diff REV1 REV2` and `aims site --since REV` on a scripted history with pinned dates:
//! between the last audit's tag and HEAD a document is added (with a hostile title), one is
//! changed (a field and its text), one renamed, one deleted, one approved, a finding is
//! introduced and another resolved. Exact JSON, snapshots of the human and Markdown reports,
//! the error for an unknown revision, the empty report, and the site page's links and escaping.

use crate::common::*;
use serde_json::{Value, json};
use std::path::Path;

const HOSTILE: &str = "Data handling <script>alert(1)</script>";

fn write(root: &Path, relative: &str, text: &str) {
    let path = root.join(relative);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

fn procedure(id: &str, title: &str, colour: &str) -> String {
    format!(
        "---\nid: {id}\nkind: procedure\ntitle: {title}\nowner: lead@base.example\nstatus: active\ncolour: {colour}\n---\n# Procedure\n"
    )
}

/// The base, approved, plus a procedure with a finding; tagged `audit-2026`. Then the period:
/// the policy edited, a procedure added, the review renamed, the old procedure deleted, and
/// the policy approved again.
fn scripted() -> tempfile::TempDir {
    let project = committed_base();
    let root = project.path();
    approve_base(root, "2026-01-02T10:00:00+00:00");
    write(
        root,
        "aims/old.md",
        &procedure("PROC-009", "Old procedure", "blue"),
    );
    git(root, &["add", "-A"]);
    git_at(
        root,
        &["commit", "-q", "-m", "Add the old procedure"],
        "2026-01-03T10:00:00+00:00",
    );
    git(root, &["tag", "audit-2026"]);

    let policy = root.join("aims/policy.md");
    let text = std::fs::read_to_string(&policy).expect("read");
    let text = text.replace("title: AI policy\n", "title: AI use policy\n");
    std::fs::write(
        &policy,
        format!("{text}Staff may use approved tools only.\n"),
    )
    .expect("write");
    git_at(
        root,
        &["commit", "-q", "-am", "Tighten the AI policy"],
        "2026-02-01T10:00:00+00:00",
    );
    write(root, "aims/data.md", &procedure("PROC-002", HOSTILE, "red"));
    git(root, &["add", "-A"]);
    git_at(
        root,
        &["commit", "-q", "-m", "Add the data handling procedure"],
        "2026-02-02T10:00:00+00:00",
    );
    std::fs::create_dir_all(root.join("aims/reviews")).expect("mkdir");
    git(root, &["mv", "aims/review.md", "aims/reviews/review.md"]);
    git_at(
        root,
        &["commit", "-q", "-m", "File the management review"],
        "2026-02-03T10:00:00+00:00",
    );
    git(root, &["rm", "-q", "aims/old.md"]);
    git_at(
        root,
        &["commit", "-q", "-m", "Drop the old procedure"],
        "2026-02-04T10:00:00+00:00",
    );
    as_base_ceo(root, "2026-02-05T10:00:00+00:00", &["approve", "POL-001"]);
    project
}

/// Commit ids depend on git's object format details; the snapshots name them by role.
fn redact(root: &Path, text: &str) -> String {
    let tag = git(root, &["rev-parse", "audit-2026"]).trim().to_owned();
    let head = git(root, &["rev-parse", "HEAD"]).trim().to_owned();
    text.replace(&tag, "<AUDIT-2026>")
        .replace(&head, "<HEAD>")
        .replace(&tag[..7], "<audit>")
        .replace(&head[..7], "<head>")
}

fn diff_json(root: &Path, args: &[&str]) -> Value {
    let mut all = vec!["diff"];
    all.extend(args);
    all.extend(["--format", "json", "--today", TODAY]);
    serde_json::from_str(&aims_ok(root, &all)).expect("json")
}

#[test]
fn diff_summarises_the_period_as_json() {
    let project = scripted();
    let root = project.path();
    let value = diff_json(root, &["audit-2026"]);
    let value: Value =
        serde_json::from_str(&redact(root, &serde_json::to_string(&value).expect("json")))
            .expect("json");
    let expected = json!({
        "version": 1,
        "from": {
            "rev": "audit-2026",
            "commit": "<AUDIT-2026>",
            "date": "2026-01-03T10:00:00+00:00",
            "summary": "Add the old procedure"
        },
        "to": {
            "rev": "HEAD",
            "commit": "<HEAD>",
            "date": "2026-02-05T10:00:00+00:00",
            "summary": "Approve POL-001"
        },
        "commits": 5,
        "documents": [
            {
                "path": "aims/data.md", "id": "PROC-002", "kind": "procedure", "title": HOSTILE,
                "change": "added", "fields": [], "lines_added": 1, "lines_removed": 0
            },
            {
                "path": "aims/policy.md", "id": "POL-001", "kind": "policy",
                "title": "AI use policy", "change": "changed", "fields": ["title"],
                "lines_added": 1, "lines_removed": 0
            },
            {
                "path": "aims/reviews/review.md", "id": "MR-001", "kind": "management-review",
                "title": "Management review 2026", "change": "renamed", "from": "aims/review.md",
                "fields": [], "lines_added": 0, "lines_removed": 0
            },
            {
                "path": "aims/old.md", "id": "PROC-009", "kind": "procedure",
                "title": "Old procedure", "change": "deleted", "fields": [], "lines_added": 0,
                "lines_removed": 0
            }
        ],
        "configuration_changed": false,
        "approvals": [
            {
                "action": "approval", "id": "POL-001", "path": "aims/policy.md",
                "version": "53453a58ccb43a0a704a5c75f0708f19e95df478", "current": true,
                "name": "Cleo CEO", "email": "ceo@base.example", "commit": "<HEAD>",
                "date": "2026-02-05T10:00:00+00:00", "signed": false, "trust": "unsigned",
                "counts": true
            }
        ],
        "findings": {
            "introduced_counts": {"errors": 1, "warnings": 1, "infos": 0},
            "resolved_counts": {"errors": 1, "warnings": 1, "infos": 0},
            "introduced": [
                {
                    "code": "AIMS401", "severity": "warning", "path": "aims/data.md", "line": 2,
                    "message": "PROC-002 has never been approved"
                },
                {
                    "code": "AIMS108", "severity": "error", "path": "aims/data.md", "line": 7,
                    "message": "unknown field `colour`"
                }
            ],
            "resolved": [
                {
                    "code": "AIMS401", "severity": "warning", "path": "aims/old.md", "line": 2,
                    "message": "PROC-009 has never been approved"
                },
                {
                    "code": "AIMS108", "severity": "error", "path": "aims/old.md", "line": 7,
                    "message": "unknown field `colour`"
                }
            ]
        },
        "notes": []
    });
    assert_eq!(value, expected, "{value:#}");
    // REV2 named explicitly is the same report.
    assert_eq!(
        diff_json(root, &["audit-2026", "HEAD"]),
        diff_json(root, &["audit-2026"])
    );
}

#[test]
fn human_and_markdown_reports_read_counts_first() {
    let project = scripted();
    let root = project.path();
    let human = redact(
        root,
        &aims_ok(root, &["diff", "audit-2026", "--today", TODAY]),
    );
    let markdown = redact(
        root,
        &aims_ok(
            root,
            &[
                "diff",
                "audit-2026",
                "--format",
                "markdown",
                "--today",
                TODAY,
            ],
        ),
    );
    // Markdown pasted into a report renders no markup from a document title.
    assert!(!markdown.contains("<script>"), "{markdown}");
    insta::with_settings!({snapshot_path => "../snapshots/aims_diff", prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!("human", human);
        insta::assert_snapshot!("markdown", markdown);
    });
}

#[test]
fn the_same_revision_twice_is_an_empty_report() {
    let project = scripted();
    let root = project.path();
    let value = diff_json(root, &["audit-2026", "audit-2026"]);
    assert_eq!(value["commits"], 0);
    assert_eq!(value["documents"], json!([]));
    assert_eq!(value["configuration_changed"], false);
    assert_eq!(value["approvals"], json!([]));
    assert_eq!(value["findings"]["introduced"], json!([]));
    assert_eq!(value["findings"]["resolved"], json!([]));
    assert_eq!(value["notes"], json!([]));
    // Reversed, the period is empty and the report says why the documents still differ.
    let reversed = diff_json(root, &["HEAD", "audit-2026"]);
    assert_eq!(reversed["commits"], 0);
    assert_eq!(reversed["documents"][0]["change"], "added", "{reversed:#}");
    assert!(
        reversed["notes"][0]
            .as_str()
            .is_some_and(|note| note.starts_with("HEAD is not an ancestor of audit-2026")),
        "{reversed:#}"
    );
    let text = aims_ok(root, &["diff", "HEAD", "HEAD", "--today", TODAY]);
    assert!(
        text.ends_with("0 commits in the period\n\nNothing changed.\n"),
        "{text}"
    );
}

#[test]
fn bad_revisions_and_missing_repositories_exit_2_with_a_clear_message() {
    let project = scripted();
    let root = project.path();
    for args in [
        vec!["diff", "no-such-tag"],
        vec!["diff", "audit-2026", "no-such-branch"],
    ] {
        let output = aims(root).args(&args).output().expect("aims runs");
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        let name = args.last().expect("rev");
        assert_eq!(
            stderr,
            format!("error: `{name}` does not name a commit\n"),
            "{args:?}"
        );
        assert!(output.stdout.is_empty());
    }

    // A project folder that is not in a repository.
    let plain = tempfile::tempdir().expect("tempdir");
    copy_dir(&cases_dir().join("base"), plain.path());
    let output = aims(plain.path())
        .args(["diff", "HEAD~1"])
        .output()
        .expect("aims runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("not inside a git repository"), "{stderr}");

    // A repository without commits.
    git(plain.path(), &["init", "-q", "-b", "main"]);
    let output = aims(plain.path())
        .args(["diff", "HEAD"])
        .output()
        .expect("aims runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr, "error: the repository has no commits yet\n");
}

#[test]
fn a_shallow_clone_says_what_it_lacks() {
    let project = scripted();
    let origin = project.path();
    let out = tempfile::tempdir().expect("tempdir");
    let url = format!("file://{}", origin.display());
    git(out.path(), &["clone", "-q", "--depth", "2", &url, "clone"]);
    let root = out.path().join("clone");
    // Within the fetched commits: a report, with a note about the cut.
    let value = diff_json(&root, &["HEAD~1"]);
    assert_eq!(value["commits"], 1);
    let note = value["notes"][0].as_str().expect("note");
    assert!(note.starts_with("this is a shallow clone"), "{note}");
    // Beyond the cut: exit 2, saying why.
    let output = aims(&root)
        .args(["diff", "HEAD~3", "--today", TODAY])
        .output()
        .expect("aims runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with("error: `HEAD~3` does not name a commit in this shallow clone"),
        "{stderr}"
    );
}

#[test]
fn a_retired_document_is_reported_as_retired() {
    let project = committed_base();
    let root = project.path();
    git(root, &["tag", "before"]);
    let path = root.join("aims/procedure.md");
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(&path, text.replace("status: active", "status: retired")).expect("write");
    git_at(
        root,
        &["commit", "-q", "-am", "Retire the procedure"],
        "2026-03-01T10:00:00+00:00",
    );
    let value = diff_json(root, &["before"]);
    assert_eq!(value["documents"][0]["change"], "retired", "{value:#}");
    assert_eq!(value["documents"][0]["fields"], json!(["status"]));
    assert_eq!(value["commits"], 1);
    assert_eq!(value["configuration_changed"], false);

    // A change to aims.yaml is reported as such.
    let config = root.join("aims.yaml");
    let text = std::fs::read_to_string(&config).expect("read");
    std::fs::write(
        &config,
        text.replace("review_cycle: P12M", "review_cycle: P6M"),
    )
    .expect("write");
    git_at(
        root,
        &["commit", "-q", "-am", "Review twice a year"],
        "2026-03-02T10:00:00+00:00",
    );
    let value = diff_json(root, &["HEAD~1"]);
    assert_eq!(value["configuration_changed"], true, "{value:#}");
    let text = aims_ok(root, &["diff", "HEAD~1", "--today", TODAY]);
    assert!(
        text.contains("\n  aims.yaml changed (roles, approvers or rules may differ)\n"),
        "{text}"
    );
}

/// Every `href` and `src` in `html`, as written.
fn urls(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attribute in ["href=\"", "src=\""] {
        for part in html.split(attribute).skip(1) {
            if let Some(end) = part.find('"') {
                found.push(part[..end].replace("&amp;", "&"));
            }
        }
    }
    found
}

/// Every `id` in `html`.
fn ids(html: &str) -> Vec<String> {
    html.split(" id=\"")
        .skip(1)
        .filter_map(|part| part.find('"').map(|end| part[..end].to_owned()))
        .collect()
}

/// Resolves `url` found on the page at `page` (relative to the site root).
fn resolve(page: &str, url: &str) -> (String, Option<String>) {
    let (path, fragment) = url.split_once('#').map_or((url, None), |(path, fragment)| {
        (path, Some(fragment.to_owned()))
    });
    if path.is_empty() {
        return (page.to_owned(), fragment);
    }
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for part in path.split('/') {
        match part {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            other => parts.push(other),
        }
    }
    (parts.join("/"), fragment)
}

#[test]
fn site_since_adds_a_changes_page_whose_links_resolve() {
    let project = scripted();
    let root = project.path();
    let (out, site) = build_site(root, &["--since", "audit-2026"]);
    let read = |page: &str| std::fs::read_to_string(site.join(page)).expect("page");
    let changes = read("changes.html");
    assert!(
        changes.contains("<h1>Changes since audit-2026</h1>"),
        "{changes}"
    );
    // The navigation of every page leads to it.
    assert!(read("index.html").contains(r#"<a href="changes.html">Changes</a>"#));
    assert!(read("index.html").contains(
        "<p>Since audit-2026: 5 commits, 4 documents changed, 1 approval or review, 2 findings introduced and 2 resolved. <a href=\"changes.html\">See what changed</a>.</p>"
    ));
    assert!(read("documents/POL-001.html").contains(r#"href="../changes.html">Changes</a>"#));

    // Every link on the page resolves, fragments included.
    let mut checked = 0;
    for url in urls(&changes) {
        if url.starts_with("http") {
            continue;
        }
        let (target, fragment) = resolve("changes.html", &url);
        let html = std::fs::read_to_string(site.join(&target))
            .unwrap_or_else(|_| panic!("changes.html: {url} -> {target} (missing)"));
        if let Some(fragment) = fragment {
            assert!(
                ids(&html).contains(&fragment),
                "changes.html: {url} (no #{fragment} in {target})"
            );
        }
        checked += 1;
    }
    assert!(checked > 10, "only {checked} links checked");

    // Each present document links to its page; the deleted one is named, not linked.
    for page in [
        "documents/PROC-002.html",
        "documents/POL-001.html",
        "documents/MR-001.html",
    ] {
        assert!(changes.contains(&format!("href=\"{page}\"")), "{page}");
    }
    assert!(!changes.contains("PROC-009.html"));
    assert!(changes.contains("PROC-009"));
    // The changed policy's page links to its diff, which shows the field and the line.
    let policy = read("documents/POL-001.html");
    let link = policy
        .split("Changed since audit-2026: <a href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("no link to the diff in {policy}"));
    let (target, fragment) = resolve("documents/POL-001.html", link);
    assert_eq!(target, "changes.html");
    let fragment = fragment.expect("anchor");
    assert!(ids(&changes).contains(&fragment), "{fragment}");
    let section = changes
        .split(&format!("id=\"{fragment}\""))
        .nth(1)
        .and_then(|rest| rest.split("</section>").next())
        .expect("diff section");
    assert!(section.contains("<code>title</code>"), "{section}");
    assert!(section.contains("<del>AI policy</del>"), "{section}");
    assert!(
        section.contains("</span>Staff may use approved tools only.</span>"),
        "{section}"
    );
    // An unchanged document's page has no such link.
    assert!(!read("documents/RISK-001.html").contains("Changed since"));

    // The hostile title is text, never markup.
    assert!(!changes.contains("<script>alert"), "{changes}");
    assert!(
        changes.contains("&lt;script&gt;") || changes.contains("&#60;script&#62;"),
        "{changes}"
    );
    // The period's approval and both findings lists are there.
    assert!(changes.contains("Cleo CEO"));
    assert!(changes.contains("PROC-002 has never been approved"));
    assert!(changes.contains("PROC-009 has never been approved"));

    // Without --since there is no page and no navigation entry.
    let plain = site_page(root, "index.html");
    assert!(!plain.contains("changes.html"));

    // An unknown revision stops the build with exit 2.
    let output = aims(root)
        .args(["site", "--since", "nope", "--today", TODAY, "--out"])
        .arg(out.path().join("other"))
        .output()
        .expect("aims runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("`nope` does not name a commit"));
}
