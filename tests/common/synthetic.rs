//! A deterministic synthetic git history for tests and benchmarks: documents created, edited,
//! renamed (with edits), deleted and re-created, by several authors, on branches merged back
//! (sometimes with an extra change in the merge itself), every commit one minute after the
//! last. Emitted as a `git fast-import` stream, so even 20,000 commits build in seconds.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

/// A small, fast, deterministic random number generator (SplitMix64).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

pub struct Spec {
    pub documents: usize,
    pub commits: usize,
    pub seed: u64,
    /// Percentage of commits that open a short branch merged back later.
    pub branch_percent: u64,
    /// Percentage of main-line commits that rename a document (with an edit).
    pub rename_percent: u64,
    /// Percentage of main-line commits that are approval commits (`aims approve`'s trailers)
    /// of documents changed recently, by an author who did not change them last.
    pub approve_percent: u64,
    /// Lines of text in each document's body (long documents make diffs and renames dearer).
    pub body_lines: usize,
    /// Percentage of main-line commits that reorganise: every document of one folder moves
    /// to a new folder.
    pub reorganize_percent: u64,
    /// Percentage of documents first written under `drafts/` (outside the document folders)
    /// and adopted into them later, with an edit.
    pub draft_percent: u64,
}

impl Spec {
    /// The shape of the early synthetic repositories: short documents, no reorganisations.
    pub fn simple(documents: usize, commits: usize, seed: u64) -> Spec {
        Spec {
            documents,
            commits,
            seed,
            branch_percent: 5,
            rename_percent: 2,
            approve_percent: 0,
            body_lines: 12,
            reorganize_percent: 0,
            draft_percent: 0,
        }
    }
}

/// The aims.yaml committed first: every synthetic author holds the approving role.
pub const CONFIG: &str = "documents: [\"aims/**/*.md\"]\nroles:\n  approver: [ada@synthetic.example, grace@synthetic.example, alan@synthetic.example, katherine@synthetic.example, edsger@synthetic.example]\ndefaults:\n  approvers: [approver]\nseverity:\n  AIMS208: off\n";

/// The blob id git gives `text`.
fn blob_id(text: &str) -> String {
    gix::objs::compute_hash(
        gix::hash::Kind::Sha1,
        gix::objs::Kind::Blob,
        text.as_bytes(),
    )
    .map(|id| id.to_string())
    .unwrap_or_default()
}

pub const AUTHORS: &[(&str, &str)] = &[
    ("Ada Lovelace", "ada@synthetic.example"),
    ("Grace Hopper", "grace@synthetic.example"),
    ("Alan Turing", "alan@synthetic.example"),
    ("Katherine Johnson", "katherine@synthetic.example"),
    ("Edsger Dijkstra", "edsger@synthetic.example"),
];

const KINDS: &[(&str, &str)] = &[("risk", "RISK"), ("record", "REC"), ("procedure", "PROC")];

struct Doc {
    path: String,
    lines: Vec<String>,
}

impl Doc {
    fn new(index: usize, path: String, body_lines: usize) -> Doc {
        let (kind, prefix) = KINDS[index % KINDS.len()];
        let mut lines = vec![
            "---".to_owned(),
            format!("id: {prefix}-{index:05}"),
            format!("kind: {kind}"),
            format!("title: Synthetic document {index}"),
            "owner: ada@synthetic.example".to_owned(),
            "status: draft".to_owned(),
            "---".to_owned(),
            format!("# Synthetic document {index}"),
        ];
        // Distinct words per document, so no document resembles another closely enough to pass
        // for a copy of it (see `history` on copies).
        let mut rng = Rng::new(index as u64 * 7919 + 1);
        for _ in 0..body_lines {
            let words: Vec<String> = (0..8)
                .map(|_| format!("w{:x}", rng.next() % 0xFFFFF))
                .collect();
            lines.push(words.join(" "));
        }
        Doc { path, lines }
    }

    fn text(&self) -> String {
        let mut text = self.lines.join("\n");
        text.push('\n');
        text
    }

    fn edit(&mut self, rng: &mut Rng, stamp: usize) {
        let at = 8 + rng.below(self.lines.len() - 8);
        self.lines[at] = format!("Line rewritten in change {stamp}.");
        if rng.chance(50) {
            self.lines.push(format!("Added in change {stamp}."));
        }
    }
}

/// Writes the fast-import stream for `spec` and returns it.
pub fn stream(spec: &Spec) -> String {
    let mut rng = Rng::new(spec.seed);
    let mut out = String::new();
    let mut mark = 0usize;
    let mut time: i64 = 1_700_000_000;
    let mut main_tip: Option<usize> = None;
    // All live documents on main, by path.
    let mut docs: BTreeMap<String, Doc> = BTreeMap::new();
    let mut next_doc = 0usize;
    let mut made = 0usize;
    let dirs = ["aims/risks", "aims/records", "aims/procedures/sub"];
    // Documents changed since they were last approved, with who changed them last.
    let mut unapproved: BTreeMap<String, &'static str> = BTreeMap::new();
    // Drafts outside the document folders: (draft path, adopted path, document).
    let mut drafts: Vec<(String, String, Doc)> = Vec::new();

    let emit_commit = |out: &mut String,
                       mark: &mut usize,
                       time: &mut i64,
                       rng: &mut Rng,
                       branch: &str,
                       from: Option<usize>,
                       merge: Option<usize>,
                       message: &str,
                       ops: &[String]| {
        *mark += 1;
        *time += 60;
        let (name, email) = AUTHORS[rng.below(AUTHORS.len())];
        let _ = writeln!(out, "commit refs/heads/{branch}");
        let _ = writeln!(out, "mark :{mark}");
        let _ = writeln!(out, "author {name} <{email}> {time} +0000");
        let _ = writeln!(out, "committer {name} <{email}> {time} +0000");
        let _ = writeln!(out, "data {}\n{message}", message.len());
        if let Some(from) = from {
            let _ = writeln!(out, "from :{from}");
        }
        if let Some(merge) = merge {
            let _ = writeln!(out, "merge :{merge}");
        }
        for op in ops {
            out.push_str(op);
        }
        out.push('\n');
        *mark
    };
    let modify =
        |path: &str, text: &str| format!("M 100644 inline {path}\ndata {}\n{text}\n", text.len());

    // Create the documents in batches; the first batch also commits aims.yaml.
    while next_doc < spec.documents {
        let mut ops = Vec::new();
        if main_tip.is_none() {
            ops.push(modify("aims.yaml", CONFIG));
        }
        for _ in 0..50.min(spec.documents - next_doc) {
            let dir = dirs[next_doc % dirs.len()];
            let path = format!("{dir}/doc-{next_doc:05}.md");
            let doc = Doc::new(next_doc, path.clone(), spec.body_lines);
            if rng.chance(spec.draft_percent) {
                // Drafted outside the document folders; adopted later.
                let draft = format!("drafts/doc-{next_doc:05}.md");
                ops.push(modify(&draft, &doc.text()));
                drafts.push((draft, path, doc));
            } else {
                ops.push(modify(&path, &doc.text()));
                docs.insert(path, doc);
            }
            next_doc += 1;
        }
        let id = emit_commit(
            &mut out,
            &mut mark,
            &mut time,
            &mut rng,
            "main",
            main_tip,
            None,
            "Add documents",
            &ops,
        );
        main_tip = Some(id);
        made += 1;
    }

    while made < spec.commits {
        if rng.chance(spec.branch_percent) && docs.len() > 10 {
            // A short branch touching documents the main line leaves alone meanwhile.
            let paths: Vec<String> = docs.keys().cloned().collect();
            let half = paths.len() / 2;
            let (branch_paths, main_paths) = paths.split_at(half);
            let mut branch_tip = main_tip;
            let mut main_ops_tip = main_tip;
            let mut touched: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
            for step in 0..(2 + rng.below(4)) {
                let path = branch_paths[rng.below(branch_paths.len())].clone();
                let stamp = made;
                let doc = docs.get_mut(&path).expect("live");
                doc.edit(&mut rng, stamp);
                let ops = vec![modify(&path, &doc.text())];
                touched.insert(path.clone());
                branch_tip = Some(emit_commit(
                    &mut out,
                    &mut mark,
                    &mut time,
                    &mut rng,
                    "topic",
                    branch_tip,
                    None,
                    &format!("Edit {path} on a branch"),
                    &ops,
                ));
                made += 1;
                if step % 2 == 0 {
                    let path = main_paths[rng.below(main_paths.len())].clone();
                    let doc = docs.get_mut(&path).expect("live");
                    doc.edit(&mut rng, made);
                    let ops = vec![modify(&path, &doc.text())];
                    main_ops_tip = Some(emit_commit(
                        &mut out,
                        &mut mark,
                        &mut time,
                        &mut rng,
                        "main",
                        main_ops_tip,
                        None,
                        &format!("Edit {path}"),
                        &ops,
                    ));
                    made += 1;
                }
            }
            // The merge starts from the main side's tree and takes the branch's versions of the
            // files the branch touched; sometimes it also changes a document itself (an "evil
            // merge"), which then differs from both parents.
            let mut message = "Merge branch 'topic'".to_owned();
            if rng.chance(30) {
                let path = paths[rng.below(paths.len())].clone();
                let doc = docs.get_mut(&path).expect("live");
                doc.edit(&mut rng, made);
                touched.insert(path.clone());
                message = format!("Merge branch 'topic' and fix {path}");
            }
            let ops: Vec<String> = touched
                .iter()
                .map(|path| modify(path, &docs[path].text()))
                .collect();
            main_tip = Some(emit_commit(
                &mut out,
                &mut mark,
                &mut time,
                &mut rng,
                "main",
                main_ops_tip,
                branch_tip,
                &message,
                &ops,
            ));
            made += 1;
            continue;
        }
        if rng.chance(spec.approve_percent) && !unapproved.is_empty() {
            // An approval commit, as `aims approve` writes it: empty, with one trailer per
            // document, by someone who did not make the last change.
            let (name, email) = AUTHORS[rng.below(AUTHORS.len())];
            let chosen: Vec<String> = unapproved
                .iter()
                .filter(|(_, changer)| **changer != email)
                .map(|(path, _)| path.clone())
                .take(3)
                .collect();
            let mut trailers = String::new();
            for path in &chosen {
                if let Some(doc) = docs.get(path) {
                    let id = doc.lines[1].trim_start_matches("id: ").to_owned();
                    let _ = writeln!(trailers, "Approves: {id} <{}>", blob_id(&doc.text()));
                }
                unapproved.remove(path);
            }
            if !trailers.is_empty() {
                mark += 1;
                time += 60;
                let message = format!("Approve documents\n\n{trailers}");
                let _ = writeln!(out, "commit refs/heads/main");
                let _ = writeln!(out, "mark :{mark}");
                let _ = writeln!(out, "author {name} <{email}> {time} +0000");
                let _ = writeln!(out, "committer {name} <{email}> {time} +0000");
                let _ = writeln!(out, "data {}\n{message}", message.len());
                if let Some(from) = main_tip {
                    let _ = writeln!(out, "from :{from}");
                }
                out.push('\n');
                main_tip = Some(mark);
                made += 1;
                continue;
            }
        }
        if !drafts.is_empty() && rng.chance(spec.draft_percent.min(50)) {
            // A draft is adopted: moved into the document folders, with an edit.
            let (draft, path, mut doc) = drafts.remove(rng.below(drafts.len()));
            doc.edit(&mut rng, made);
            doc.path = path.clone();
            let ops = vec![format!("D {draft}\n"), modify(&path, &doc.text())];
            docs.insert(path, doc);
            let id = emit_commit(
                &mut out,
                &mut mark,
                &mut time,
                &mut rng,
                "main",
                main_tip,
                None,
                &format!("Adopt {draft}"),
                &ops,
            );
            main_tip = Some(id);
            made += 1;
            continue;
        }
        if rng.chance(spec.reorganize_percent) && !docs.is_empty() {
            // Every document of one folder moves to a new folder, unchanged.
            let folder = docs
                .keys()
                .nth(rng.below(docs.len()))
                .and_then(|path| path.rsplit_once('/'))
                .map(|(folder, _)| folder.to_owned())
                .unwrap_or_default();
            let moving: Vec<String> = docs
                .keys()
                .filter(|path| path.rsplit_once('/').map(|(f, _)| f) == Some(folder.as_str()))
                .cloned()
                .collect();
            let target = format!("aims/reorganised-{made}");
            let mut ops = Vec::new();
            for from in moving {
                let mut doc = docs.remove(&from).expect("live");
                let name = from.rsplit('/').next().unwrap_or_default();
                let to = format!("{target}/{name}");
                ops.push(format!("D {from}\n"));
                ops.push(modify(&to, &doc.text()));
                doc.path = to.clone();
                docs.insert(to, doc);
            }
            let id = emit_commit(
                &mut out,
                &mut mark,
                &mut time,
                &mut rng,
                "main",
                main_tip,
                None,
                &format!("Reorganise {folder}"),
                &ops,
            );
            main_tip = Some(id);
            made += 1;
            continue;
        }
        let paths: Vec<String> = docs.keys().cloned().collect();
        let roll = rng.below(100) as u64;
        let mut edited: Vec<String> = Vec::new();
        let ops = if roll < spec.rename_percent {
            let from = paths[rng.below(paths.len())].clone();
            let mut doc = docs.remove(&from).expect("live");
            let to = format!("{}-renamed-{made}.md", from.trim_end_matches(".md"));
            doc.edit(&mut rng, made);
            doc.path = to.clone();
            let ops = vec![format!("D {from}\n"), modify(&to, &doc.text())];
            docs.insert(to, doc);
            ops
        } else if roll < spec.rename_percent + 2 && docs.len() > 20 {
            // Delete a document and, later, create a new one at the same path.
            let path = paths[rng.below(paths.len())].clone();
            docs.remove(&path);
            let ops = vec![format!("D {path}\n")];
            let id = emit_commit(
                &mut out,
                &mut mark,
                &mut time,
                &mut rng,
                "main",
                main_tip,
                None,
                &format!("Retire {path}"),
                &ops,
            );
            main_tip = Some(id);
            made += 1;
            let doc = Doc::new(next_doc, path.clone(), spec.body_lines);
            next_doc += 1;
            let ops = vec![modify(&path, &doc.text())];
            docs.insert(path, doc);
            ops
        } else {
            let mut ops = Vec::new();
            for _ in 0..(1 + rng.below(3)) {
                let path = paths[rng.below(paths.len())].clone();
                if let Some(doc) = docs.get_mut(&path) {
                    doc.edit(&mut rng, made);
                    ops.push(modify(&path, &doc.text()));
                    edited.push(path);
                }
            }
            ops
        };
        // Who makes the next commit decides who may approve these edits.
        let next_author = AUTHORS[Rng(rng.0).below(AUTHORS.len())].1;
        for path in edited.drain(..) {
            unapproved.insert(path, next_author);
        }
        let id = emit_commit(
            &mut out,
            &mut mark,
            &mut time,
            &mut rng,
            "main",
            main_tip,
            None,
            &format!("Change {made}"),
            &ops,
        );
        main_tip = Some(id);
        made += 1;
    }
    out.push_str("done\n");
    out
}

/// Builds the repository at `dir` (which must not exist yet, or be empty) from `spec`.
pub fn build(dir: &Path, spec: &Spec) {
    std::fs::create_dir_all(dir).expect("mkdir");
    let git = |args: &[&str], input: Option<&str>| {
        use std::io::Write;
        let mut child = std::process::Command::new("git")
            .args(args)
            .current_dir(dir)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("git runs");
        if let Some(input) = input {
            child
                .stdin
                .take()
                .expect("stdin")
                .write_all(input.as_bytes())
                .expect("write");
        } else {
            drop(child.stdin.take());
        }
        assert!(child.wait().expect("git ends").success(), "git {args:?}");
    };
    git(&["init", "-q", "-b", "main"], None);
    git(&["fast-import", "--quiet", "--done"], Some(&stream(spec)));
    git(&["checkout", "-q", "-f", "main"], None);
}
