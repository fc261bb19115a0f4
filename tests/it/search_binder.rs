//! The site's search index and audit binder at any size: the index (manifest, token shards,
//! document shards) finds documents by what their frontmatter cites, not only by their text,
//! its shards stay small on a large generated repository, hostile text cannot leave its string,
//! and the binder is one file per section (cut into volumes when large), every one linked from
//! the contents page.

use crate::common::*;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A git repository holding the Talentwise sample, committed once.
fn talentwise() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/talentwise"),
        dir.path(),
    );
    git(dir.path(), &["init", "-q", "-b", "main"]);
    std::fs::write(dir.path().join(".gitignore"), ".test-home/\n_site/\n").unwrap();
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-qm", "Talentwise AIMS"]);
    dir
}

fn build_site(root: &Path) -> std::path::PathBuf {
    let output = aims(root)
        .args(["site", "--out", "_site", "--today", TODAY])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    root.join("_site")
}

/// The search index of a built site, decoded.
struct Index {
    manifest: Value,
    /// Token → (document number, field mask).
    tokens: BTreeMap<String, Vec<(usize, u64)>>,
    /// Document number → [id, title, kind, page].
    documents: Vec<Value>,
    /// File name → size in bytes, of every token and document shard.
    sizes: BTreeMap<String, usize>,
}

/// The JSON a shard script hands to `window.AIMS_SEARCH_SHARD`.
fn shard_json(text: &str, name: &str) -> Value {
    let json = text
        .strip_prefix(&format!("window.AIMS_SEARCH_SHARD(\"{name}\","))
        .and_then(|rest| rest.strip_suffix(");\n"))
        .unwrap_or_else(|| panic!("{name} is not one shard call: {text:.200}"));
    serde_json::from_str(json).unwrap_or_else(|error| panic!("{name}: {error}"))
}

fn read_index(site: &Path) -> Index {
    let manifest = std::fs::read_to_string(site.join("assets/search-index.js")).unwrap();
    let manifest: Value = serde_json::from_str(
        manifest
            .strip_prefix("window.AIMS_SEARCH = ")
            .and_then(|rest| rest.strip_suffix(";\n"))
            .expect("one assignment"),
    )
    .unwrap();
    let mut index = Index {
        tokens: BTreeMap::new(),
        documents: Vec::new(),
        sizes: BTreeMap::new(),
        manifest,
    };
    let shards = index.manifest["shards"].as_array().unwrap().len();
    let mut previous_first = None;
    for n in 0..shards {
        let name = format!("t{n}");
        let text = std::fs::read_to_string(site.join(format!("assets/search/{name}.js"))).unwrap();
        index.sizes.insert(name.clone(), text.len());
        let flat = shard_json(&text, &name);
        let flat = flat.as_array().unwrap();
        assert_eq!(
            flat.first(),
            Some(&index.manifest["shards"][n]),
            "{name} starts with the token the manifest names"
        );
        for pair in flat.chunks(2) {
            let token = pair[0].as_str().unwrap().to_owned();
            // Sorted, and each token in one shard only.
            if let Some(before) = &previous_first {
                assert!(*before < token, "{before} then {token}");
            }
            previous_first = Some(token.clone());
            let numbers: Vec<u64> = pair[1]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| n.as_u64().unwrap())
                .collect();
            let mut doc = 0;
            let list = numbers
                .chunks(2)
                .map(|posting| {
                    doc += posting[0] as usize;
                    (doc, posting[1])
                })
                .collect();
            index.tokens.insert(token, list);
        }
    }
    let count = index.manifest["documents"].as_u64().unwrap() as usize;
    let per = index.manifest["per_shard"].as_u64().unwrap() as usize;
    for n in 0..count.div_ceil(per) {
        let name = format!("d{n}");
        let text = std::fs::read_to_string(site.join(format!("assets/search/{name}.js"))).unwrap();
        index.sizes.insert(name.clone(), text.len());
        index
            .documents
            .extend(shard_json(&text, &name).as_array().unwrap().iter().cloned());
    }
    assert_eq!(index.documents.len(), count);
    index
}

impl Index {
    /// The ids of the documents holding `token`, with the names of the fields it is in.
    fn hits(&self, token: &str) -> BTreeMap<String, Vec<String>> {
        let fields = self.manifest["fields"].as_array().unwrap();
        self.tokens
            .get(token)
            .into_iter()
            .flatten()
            .map(|(doc, mask)| {
                let names = (0..fields.len())
                    .filter(|bit| mask & (1 << bit) != 0)
                    .map(|bit| fields[bit].as_str().unwrap().to_owned())
                    .collect();
                (self.documents[*doc][0].as_str().unwrap().to_owned(), names)
            })
            .collect()
    }
}

/// The ids of the Markdown documents under `dir` whose text contains `needle`, and of those
/// that have it in the frontmatter only.
fn citing(dir: &Path, needle: &str) -> (BTreeSet<String>, BTreeSet<String>) {
    let (mut all, mut frontmatter_only) = (BTreeSet::new(), BTreeSet::new());
    for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
        if entry.path().extension().is_none_or(|ext| ext != "md") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let Some(rest) = text.strip_prefix("---\n") else {
            continue;
        };
        let Some((front, body)) = rest.split_once("\n---") else {
            continue;
        };
        let Some(id) = front
            .lines()
            .find_map(|line| line.strip_prefix("id: "))
            .map(|id| id.trim().trim_matches('"').to_owned())
        else {
            continue;
        };
        if text.contains(needle) {
            all.insert(id.clone());
            if !body.contains(needle) {
                frontmatter_only.insert(id);
            }
        }
    }
    (all, frontmatter_only)
}

/// Every `href` on `html`'s tags (the site writes them double-quoted).
fn hrefs(html: &str) -> Vec<&str> {
    html.split(" href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect()
}

#[test]
fn search_finds_every_document_citing_a_control_in_its_frontmatter() {
    let repo = talentwise();
    let site = build_site(repo.path());
    let index = read_index(&site);
    let (citing_all, frontmatter_only) = citing(&repo.path().join("aims"), "A.6.2.6");
    assert!(
        frontmatter_only.len() >= 5,
        "the sample cites A.6.2.6 in frontmatter only in {frontmatter_only:?}"
    );
    let hits = index.hits("a.6.2.6");
    let found: BTreeSet<String> = hits.keys().cloned().collect();
    assert_eq!(found, citing_all, "every document citing A.6.2.6 is a hit");
    for id in &frontmatter_only {
        let fields = &hits[id];
        assert!(
            !fields.is_empty() && !fields.iter().any(|field| field == "body"),
            "{id} cites A.6.2.6 in its frontmatter only, yet the hit says {fields:?}"
        );
    }
    // A risk's treatment controls, named as such.
    assert!(
        hits["RISK-001"]
            .iter()
            .any(|field| field.contains("controls")),
        "{:?}",
        hits["RISK-001"]
    );
    // Ids rank first: the id field is named, and parts of ids are tokens too.
    assert!(index.hits("pol-001")["POL-001"].contains(&"id".to_owned()));
    assert!(index.hits("pol").contains_key("POL-001"));
    // Owners (emails) are found whole and by their parts.
    let owner_hits = index.hits("talentwise.example");
    assert!(owner_hits.len() > 10, "{owner_hits:?}");
    // The results page is there for the search box to open, and every page loads only the
    // small manifest; the shards come when a query needs them.
    let results = std::fs::read_to_string(site.join("search.html")).unwrap();
    assert!(results.contains(r#"<label for="search-query">"#));
    assert!(results.contains(r#"id="search-hits""#));
    let dashboard = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(dashboard.contains(r#"<script src="assets/search-index.js"></script>"#));
    assert!(!dashboard.contains("assets/search/"));
}

#[test]
fn binder_is_one_file_per_section_linked_from_its_contents() {
    let repo = talentwise();
    let site = build_site(repo.path());
    let contents = std::fs::read_to_string(site.join("binder.html")).unwrap();
    let linked: BTreeSet<String> = hrefs(&contents)
        .into_iter()
        .filter(|href| href.starts_with("binder/"))
        .map(str::to_owned)
        .collect();
    let written: BTreeSet<String> = std::fs::read_dir(site.join("binder"))
        .unwrap()
        .flatten()
        .map(|entry| format!("binder/{}", entry.file_name().to_string_lossy()))
        .collect();
    assert_eq!(linked, written, "every volume is linked from the contents");
    for section in [
        "binder/policy.html",
        "binder/procedure.html",
        "binder/risk.html",
    ] {
        assert!(written.contains(section), "{section} missing: {written:?}");
    }
    // Every document is bound exactly once, in its own section.
    let pages = std::fs::read_dir(site.join("documents")).unwrap().count();
    let mut bound = 0;
    for volume in &written {
        let html = std::fs::read_to_string(site.join(volume)).unwrap();
        bound += html.matches(r#"<article class="document""#).count();
        assert!(html.contains(r#"<a href="../binder.html">"#), "{volume}");
    }
    assert_eq!(bound, pages);
    let risks = std::fs::read_to_string(site.join("binder/risk.html")).unwrap();
    assert!(risks.contains(r#"id="RISK-001""#) || risks.contains("RISK-001"));
    assert!(!risks.contains(r#"<span class="did">POL-001</span>"#));
}

/// A repository of `risks` risks (each citing three Annex A controls in its frontmatter only)
/// and as many records with evidence, with bodies that vary, committed once.
fn large_repository(dir: &Path, risks: usize) {
    let controls: Vec<String> = (1..=9)
        .flat_map(|a| (1..=4).map(move |b| format!("A.{a}.{b}")))
        .collect();
    let mut rng = crate::common::synthetic::Rng::new(7);
    std::fs::write(
        dir.join("aims.yaml"),
        "organisation: Large Ltd\ndocuments: [\"aims/**/*.md\"]\nroles:\n  lead: [lead@large.example]\nseverity:\n  AIMS208: off\n",
    )
    .unwrap();
    std::fs::write(dir.join(".gitignore"), ".test-home/\n_site/\n").unwrap();
    for folder in ["aims/risks", "aims/records", "aims/systems", "evidence"] {
        std::fs::create_dir_all(dir.join(folder)).unwrap();
    }
    let body = |rng: &mut crate::common::synthetic::Rng, n: usize| {
        (0..8)
            .map(|p| {
                format!(
                    "Paragraph {p}: the owner of item {n} reviews term{} and term{} against the criteria.\n",
                    rng.below(5000),
                    rng.below(5000)
                )
            })
            .collect::<String>()
    };
    std::fs::write(
        dir.join("aims/systems/AIS-0001.md"),
        "---\nid: AIS-0001\nkind: ai-system\ntitle: Scoring\nowner: lead@large.example\nstatus: active\npurpose: Score.\nai_role: provider\nlifecycle_stage: operation-and-monitoring\n---\n\nA system.\n",
    )
    .unwrap();
    for n in 0..risks {
        let cited: Vec<&str> = (0..3)
            .map(|_| controls[rng.below(controls.len())].as_str())
            .collect();
        let text = format!(
            "---\nid: RISK-{n:05}\nkind: risk\ntitle: Risk {n} of scoring drift\nowner: lead@large.example\nstatus: active\nsystems: [AIS-0001]\nrisk_source: Data\nlikelihood: {}\nimpact: {}\ntreatment: {{option: mitigate, controls: [{}]}}\nresidual: {{likelihood: 1, impact: 2}}\n---\n\n# Notes\n\n{}",
            1 + rng.below(5),
            1 + rng.below(5),
            cited.join(", "),
            body(&mut rng, n)
        );
        std::fs::write(dir.join(format!("aims/risks/RISK-{n:05}.md")), text).unwrap();
        std::fs::write(
            dir.join(format!("evidence/rec-{n:05}.txt")),
            format!("evidence {n}\n"),
        )
        .unwrap();
        let record = format!(
            "---\nid: REC-{n:05}\nkind: record\ntitle: Record {n}\nowner: lead@large.example\nstatus: active\ndate: \"2026-03-01\"\nsystems: [AIS-0001]\nevidence: [evidence/rec-{n:05}.txt]\n---\n\n{}",
            body(&mut rng, n)
        );
        std::fs::write(dir.join(format!("aims/records/REC-{n:05}.md")), record).unwrap();
    }
    git(dir, &["init", "-q", "-b", "main"]);
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-qm", "Large AIMS"]);
}

#[test]
fn shards_and_binder_volumes_stay_small_on_a_large_repository() {
    let dir = tempfile::tempdir().unwrap();
    let risks = 900;
    large_repository(dir.path(), risks);
    let site = build_site(dir.path());
    let index = read_index(&site);
    let documents = index.documents.len();
    assert_eq!(documents, 2 * risks + 1);

    // A token shard closes at 64 KiB unless one token's list (about 5 bytes a document)
    // makes it larger; the document shards hold 400 documents each.
    let largest = index.sizes.values().max().copied().unwrap_or(0);
    assert!(
        largest <= 64 * 1024 + 6 * documents,
        "largest shard {largest} bytes: {:?}",
        index.sizes
    );
    assert!(index.sizes.len() > 5, "{:?}", index.sizes);
    let manifest = std::fs::metadata(site.join("assets/search-index.js"))
        .unwrap()
        .len();
    assert!(manifest < 8 * 1024, "the manifest is {manifest} bytes");

    // Controls cited only in frontmatter are found, with the field named.
    let body = std::fs::read_to_string(dir.path().join("aims/risks/RISK-00000.md")).unwrap();
    let control = body
        .split("controls: [")
        .nth(1)
        .and_then(|rest| rest.split([',', ']']).next())
        .unwrap()
        .to_lowercase();
    let hits = index.hits(&control);
    assert!(
        hits.get("RISK-00000")
            .is_some_and(|fields| fields == &["controls".to_owned()]),
        "{control}: {:?}",
        hits.get("RISK-00000")
    );
    // Evidence paths, whole and by file name.
    assert!(
        index
            .hits("evidence/rec-00042.txt")
            .contains_key("REC-00042")
    );
    assert!(index.hits("rec-00042.txt").contains_key("REC-00042"));

    // The binder: the risks and the records are cut into volumes, each linked from the
    // contents, none over 2 MB.
    let contents = std::fs::read_to_string(site.join("binder.html")).unwrap();
    let volumes: Vec<&str> = hrefs(&contents)
        .into_iter()
        .filter(|href| href.starts_with("binder/"))
        .collect();
    assert!(volumes.contains(&"binder/risk-1.html"), "{volumes:?}");
    assert!(volumes.contains(&"binder/risk-2.html"), "{volumes:?}");
    assert!(!volumes.contains(&"binder/risk.html"), "{volumes:?}");
    let mut bound = 0;
    for volume in &volumes {
        let html = std::fs::read_to_string(site.join(volume)).unwrap();
        assert!(html.len() < 2_000_000, "{volume} is {} bytes", html.len());
        bound += html.matches(r#"<article class="document""#).count();
    }
    assert_eq!(bound, documents);
}
