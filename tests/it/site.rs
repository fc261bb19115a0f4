//! `aims site`: every internal link resolves, builds are byte-identical, hostile content never
//! becomes executable, `--at` rebuilds an older state, and the output folder is handled safely.

use crate::common::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A git repository holding the Talentwise sample, committed once.
fn talentwise() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/talentwise"),
        dir.path(),
    );
    git(dir.path(), &["init", "-q", "-b", "main"]);
    std::fs::write(
        dir.path().join(".gitignore"),
        ".test-home/\n_site/\nsite-*/\n",
    )
    .unwrap();
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-qm", "Talentwise AIMS"]);
    dir
}

fn build(root: &Path, out: &str, extra: &[&str]) -> PathBuf {
    let output = aims(root)
        .args(["site", "--out", out, "--today", TODAY])
        .args(extra)
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    root.join(out)
}

fn files(site: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(site)
        .into_iter()
        .flatten()
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let relative = entry
                .path()
                .strip_prefix(site)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (relative, std::fs::read(entry.path()).unwrap())
        })
        .collect()
}

/// Values of `attribute="..."` on the tags of `html`. Only real tags are looked at: in the
/// output a literal `<` always starts a tag (text has it escaped as `&lt;`), so escaped markup
/// shown as text is not mistaken for attributes.
fn attributes<'h>(html: &'h str, attribute: &str) -> Vec<&'h str> {
    let needle = format!(" {attribute}=\"");
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        let tag_and_more = &rest[open..];
        let close = tag_and_more.find('>').unwrap_or(tag_and_more.len());
        let mut tag = &tag_and_more[..close];
        while let Some(at) = tag.find(&needle) {
            let after = &tag[at + needle.len()..];
            let end = after.find('"').unwrap_or(after.len());
            found.push(&after[..end]);
            tag = &after[end..];
        }
        rest = &tag_and_more[close..];
    }
    found
}

/// The text of every real tag in `html` (from `<` to `>`).
fn tags(html: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        let tag_and_more = &rest[open..];
        let close = tag_and_more.find('>').unwrap_or(tag_and_more.len());
        found.push(&tag_and_more[..close]);
        rest = &tag_and_more[close..];
    }
    found
}

fn decode(url: &str) -> String {
    let mut out = Vec::new();
    let bytes = url.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(byte) = u8::from_str_radix(&url[i + 1..i + 3], 16)
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap().replace("&amp;", "&")
}

#[test]
fn every_internal_link_and_anchor_resolves() {
    let repo = talentwise();
    let site = build(repo.path(), "_site", &[]);
    let all = files(&site);
    let ids: BTreeMap<&str, BTreeSet<String>> = all
        .iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(path, bytes)| {
            let html = std::str::from_utf8(bytes).unwrap();
            (
                path.as_str(),
                attributes(html, "id")
                    .into_iter()
                    .map(str::to_owned)
                    .collect(),
            )
        })
        .collect();
    let mut checked = 0;
    let mut broken = Vec::new();
    for (page, bytes) in all.iter().filter(|(path, _)| path.ends_with(".html")) {
        let html = std::str::from_utf8(bytes).unwrap();
        let dir = Path::new(page).parent().unwrap_or(Path::new(""));
        for url in attributes(html, "href")
            .into_iter()
            .chain(attributes(html, "src"))
        {
            if url.starts_with("http://")
                || url.starts_with("https://")
                || url.starts_with("mailto:")
            {
                continue;
            }
            checked += 1;
            let (path, fragment) = url
                .split_once('#')
                .map_or((url, None), |(p, f)| (p, Some(f)));
            let target = if path.is_empty() {
                page.clone()
            } else {
                let joined = dir.join(decode(path));
                let mut parts: Vec<String> = Vec::new();
                for part in joined.components() {
                    match part {
                        std::path::Component::ParentDir => {
                            parts.pop();
                        }
                        std::path::Component::Normal(p) => {
                            parts.push(p.to_string_lossy().into_owned())
                        }
                        _ => {}
                    }
                }
                parts.join("/")
            };
            if !all.contains_key(&target) {
                broken.push(format!("{page}: {url} -> {target} (missing)"));
                continue;
            }
            if let Some(fragment) = fragment
                && target.ends_with(".html")
                && !ids
                    .get(target.as_str())
                    .is_some_and(|ids| ids.contains(fragment))
            {
                broken.push(format!("{page}: {url} (no #{fragment} in {target})"));
            }
        }
    }
    assert!(
        broken.is_empty(),
        "{} broken links:\n{}",
        broken.len(),
        broken.join("\n")
    );
    assert!(checked > 1000, "only {checked} links checked");
    // The sample's evidence files were copied, and every document has a page.
    assert!(
        all.keys()
            .filter(|path| path.starts_with("files/evidence/"))
            .count()
            >= 15
    );
    assert!(
        all.keys()
            .filter(|path| path.starts_with("documents/"))
            .count()
            >= 50
    );
    for page in [
        "index.html",
        "gap.html",
        "soa.html",
        "risks.html",
        "systems.html",
        "impact.html",
        "traceability.html",
        "clauses.html",
        "eu-ai-act.html",
        "nist-ai-rmf.html",
        "iso27001.html",
        "documents.html",
        "audits.html",
        "findings.html",
        "binder.html",
        "search.html",
    ] {
        assert!(all.contains_key(page), "{page} missing");
    }
    // Pages name the commit they were built from.
    let head = git(repo.path(), &["rev-parse", "HEAD"]);
    let index = String::from_utf8(all["index.html"].clone()).unwrap();
    assert!(index.contains(&head.trim()[..7]), "footer lacks the commit");
    let act = String::from_utf8(all["eu-ai-act.html"].clone()).unwrap();
    assert!(act.contains("Indicative crosswalk, not an official mapping"));
    for section in [
        "Article 17: quality management system",
        "Article 9: risk management system",
        "Annex IV: technical documentation",
        "Article 73: reporting of serious incidents",
        "report within 15 days of awareness",
    ] {
        assert!(act.contains(section), "eu-ai-act.html lacks {section}");
    }
    for (page, expected) in [("nist-ai-rmf.html", "MANAGE 4"), ("iso27001.html", "8.34")] {
        let html = String::from_utf8(all[page].clone()).unwrap();
        assert!(
            html.contains("Indicative crosswalk, not an official mapping"),
            "{page}"
        );
        assert!(html.contains(expected), "{page} lacks {expected}");
    }
    // The gap analysis: a card and the top priorities on the dashboard, the checklist on its page.
    assert!(index.contains(r#"<a href="gap.html">Gap analysis</a>"#));
    assert!(index.contains("Top priorities"));
    let gap = String::from_utf8(all["gap.html"].clone()).unwrap();
    assert!(gap.contains("Prioritised checklist"));
    assert!(
        gap.contains(r#"id="gap-A-6-2-6""#),
        "every requirement has an anchor"
    );
}

#[test]
fn two_builds_of_the_same_commit_are_identical() {
    let repo = talentwise();
    let first = files(&build(repo.path(), "site-a", &[]));
    let second = files(&build(repo.path(), "site-b", &["--no-cache"]));
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &first {
        assert!(bytes == &second[path], "{path} differs between builds");
    }
    // Rebuilding into the same folder replaces it.
    build(repo.path(), "site-a", &[]);
    assert_eq!(files(&repo.path().join("site-a")), first);
}

#[test]
fn hostile_content_never_becomes_executable() {
    let project = project_from_case(&cases_dir().join("hostile-site"));
    // The base documents stay; the hostile ones are added by the case.
    let site = build(project.path(), "_site", &[]);
    let all = files(&site);
    let mut scripts = 0;
    for (path, bytes) in &all {
        let text = String::from_utf8_lossy(bytes);
        if path.ends_with(".html") {
            let lower = text.to_lowercase();
            // The only scripts are the site's own two.
            for (at, _) in lower.match_indices("<script") {
                let tag = &lower[at..at + lower[at..].find('>').unwrap_or(0)];
                assert!(
                    tag.contains("src=\"") && tag.contains("assets/search"),
                    "{path}: {tag}"
                );
                scripts += 1;
            }
            for attribute in ["href", "src", "action", "formaction", "data", "style"] {
                for value in attributes(&lower, attribute) {
                    let value = value.trim().replace(['\t', '\n', '\r'], "");
                    assert!(
                        !value.starts_with("javascript:")
                            && !value.starts_with("vbscript:")
                            && !value.starts_with("data:text/html"),
                        "{path}: {attribute}={value}"
                    );
                }
            }
            for tag in tags(&lower) {
                // Attribute names only: quoted values (escaped user text) are dropped.
                let names: String = tag.split('"').step_by(2).collect::<Vec<_>>().join(" ");
                for event in ["onerror=", "onload=", "onclick=", "onmouseover="] {
                    assert!(!names.contains(&format!(" {event}")), "{path}: {tag}");
                }
                for element in [
                    "<iframe",
                    "<object",
                    "<embed",
                    "<img src=\"x\"",
                    "<meta http-equiv=\"refresh",
                ] {
                    assert!(!tag.starts_with(element), "{path}: {tag}");
                }
                // The only SVGs are the site's own heatmaps and KPI charts.
                assert!(
                    !tag.starts_with("<svg")
                        || tag.starts_with("<svg class=\"heatmap\"")
                        || tag.starts_with("<svg class=\"kpi-chart\""),
                    "{path}: {tag}"
                );
            }
        }
        if path.ends_with(".js") && path != "assets/search.js" {
            assert!(
                !text.to_lowercase().contains("</script"),
                "{path} can break out of a script element"
            );
        }
    }
    assert!(scripts > 0);
    // Evidence a browser would run is copied as text.
    assert!(all.contains_key("files/evidence/report.html.txt"));
    assert!(all.contains_key("files/evidence/chart.svg.txt"));
    assert!(!all.contains_key("files/evidence/report.html"));
    assert!(all.contains_key("files/evidence/data.csv"));
    // The hostile text is still there, as text.
    let page = String::from_utf8(all["documents/REC-001.html"].clone()).unwrap();
    assert!(
        page.contains("&lt;script&gt;alert(8)&lt;/script&gt;"),
        "raw HTML should be shown as text"
    );
    assert!(
        page.contains("&#60;img src=x onerror=alert(1)&#62; Training"),
        "titles are escaped"
    );
    // The search index is plain data: JSON with every `<`, `>` and `&` escaped in every
    // manifest and shard file, and the hostile title and frontmatter come back exactly as
    // written when parsed.
    let mut index_files = 0;
    let mut titles = Vec::new();
    for (path, bytes) in &all {
        if !(path == "assets/search-index.js" || path.starts_with("assets/search/")) {
            continue;
        }
        index_files += 1;
        let text = String::from_utf8(bytes.clone()).unwrap();
        assert!(
            !text.contains(['<', '>', '&', '\u{2028}', '\u{2029}']),
            "{path}: {text}"
        );
        let Some(json) = text
            .strip_prefix("window.AIMS_SEARCH_SHARD(\"")
            .and_then(|rest| rest.split_once("\","))
            .and_then(|(_, rest)| rest.strip_suffix(");\n"))
        else {
            continue;
        };
        let shard: serde_json::Value = serde_json::from_str(json).expect("valid JSON");
        if path.starts_with("assets/search/d") {
            titles.extend(
                shard
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|entry| entry[1].clone()),
            );
        }
    }
    assert!(index_files >= 3, "{index_files} search index files");
    assert!(
        titles
            .iter()
            .any(|title| title == "<img src=x onerror=alert(1)> Training <script>alert(2)</script>"),
        "{titles:?}"
    );
}

#[test]
fn at_rebuilds_an_older_state() {
    let dir = tempfile::tempdir().unwrap();
    let status = std::process::Command::new("bash")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/history-story.sh"))
        .arg(dir.path())
        .env("AIMS_BIN", assert_cmd::cargo::cargo_bin("aims"))
        .env("HOME", dir.path())
        .status()
        .unwrap();
    assert!(status.success());
    let root = dir.path();
    let now = build(root, "site-now", &[]);
    let before_a4 = git(
        root,
        &[
            "rev-list",
            "-1",
            "--before=2026-02-04T12:00:00+00:00",
            "HEAD",
        ],
    );
    let then = build(root, "site-then", &["--at", before_a4.trim()]);
    let risk_now = std::fs::read_to_string(now.join("documents/RISK-001.html")).unwrap();
    let risk_then = std::fs::read_to_string(then.join("documents/RISK-001.html")).unwrap();
    assert!(risk_now.contains("changed since approval"), "{risk_now}");
    assert!(risk_then.contains("never approved"), "{risk_then}");
    assert!(!risk_then.contains("A mitigation added after approval"));
    let footer_then = std::fs::read_to_string(then.join("index.html")).unwrap();
    assert!(footer_then.contains(&before_a4.trim()[..7]));
}

#[test]
fn output_folder_is_handled_safely() {
    let repo = talentwise();
    let root = repo.path();
    std::fs::create_dir_all(root.join("notes")).unwrap();
    std::fs::write(root.join("notes/mine.txt"), "keep me").unwrap();
    for out in ["notes", ".", "aims"] {
        let output = aims(root)
            .args(["site", "--out", out, "--today", TODAY])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "--out {out}");
        assert!(
            String::from_utf8_lossy(&output.stderr).contains("refusing"),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    assert_eq!(
        std::fs::read_to_string(root.join("notes/mine.txt")).unwrap(),
        "keep me"
    );
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("aims.yaml"), "documents: [\"*.md\"]\n").unwrap();
    let output = aims(outside.path()).args(["site"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("git repository"));
}

/// The dashboard's tiles link to the lists of what they count, and the action list names each
/// document to act on; the SoA page is headed by the SoA's own version and approval from git.
#[test]
fn dashboard_tiles_lead_to_the_action_list_and_the_soa_shows_its_approval() {
    let project = committed_base();
    let root = project.path();
    let dashboard = site_page(root, "index.html");
    assert!(
        dashboard
            .contains(r##"<a href="#act-approval"><span class="n">11</span> Never approved</a>"##),
        "the never-approved tile does not link to the action list"
    );
    let approval_list = dashboard
        .split(r#"<h3 id="act-approval">"#)
        .nth(1)
        .and_then(|rest| rest.split("<h3 ").next())
        .expect("the action list's approval group");
    for id in BASE_DOCUMENTS {
        assert!(
            approval_list.contains(&format!("documents/{id}.html")),
            "{id} missing from the approval group:\n{approval_list}"
        );
    }
    assert!(
        dashboard.contains(
            r#"<h3 id="act-overdue">Review overdue <span class="badge ok">0</span></h3>"#
        )
    );
    assert!(
        dashboard.contains("dashboard-residual-title"),
        "no heat map on the dashboard"
    );
    let soa = site_page(root, "soa.html");
    assert!(soa.contains("<li>Never approved.</li>"), "{soa}");

    approve_base(root, "2026-01-02T10:00:00+00:00");
    let soa = site_page(root, "soa.html");
    assert!(
        soa.contains("<li>This version is approved by ceo@base.example on 2026-01-02 (commit "),
        "{soa}"
    );
    assert!(
        soa.contains("(1 commit), last changed on 2026-01-01 by Test Author"),
        "{soa}"
    );
    let dashboard = site_page(root, "index.html");
    assert!(
        dashboard.contains(
            r#"<h3 id="act-approval">Needs approval <span class="badge ok">0</span></h3>"#
        )
    );
}
