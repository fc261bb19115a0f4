//! The truth suite: scripted repositories (pinned dates) in every shape a document's history
//! takes, each compared with what the git CLI says (`git log --full-history --follow -M`).
//! For every document: last commit, author, creation commit and commit count agree with git,
//! or differ only by merges aims marks as such, or — where git's `--follow` is known to be
//! wrong — the test says why and asserts aims's answer:
//!
//! * git's `--follow` chases *copies* (it runs copy detection): a document created by copying
//!   a template would inherit the template's history. aims follows renames only.
//! * git's `--follow` keeps following a path *name*: a path renamed away and later reused for
//!   unrelated content inherits the old file's history. aims starts the new file at its
//!   creation.
//! * git's `--follow` switches names once for the whole walk: an edit made under the old name
//!   on a parallel branch is lost. aims follows each branch, so it is kept.

use crate::common::*;
use serde_json::Value;
use std::path::Path;

/// A repository built step by step, every commit at a pinned date.
struct Script {
    dir: tempfile::TempDir,
    day: u32,
}

const ALICE: (&str, &str) = ("Alice Author", "alice@truth.example");
const BOB: (&str, &str) = ("Bob Builder", "bob@truth.example");

impl Script {
    fn new() -> Script {
        let dir = tempfile::tempdir().expect("tempdir");
        let script = Script { dir, day: 0 };
        script.git(ALICE, &["init", "-q", "-b", "main"]);
        std::fs::write(
            script.root().join("aims.yaml"),
            "documents: [\"aims/**/*.md\"]\nseverity:\n  AIMS208: off\n",
        )
        .expect("write");
        std::fs::write(script.root().join(".gitignore"), ".test-home/\n").expect("write");
        script
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn git(&self, who: (&str, &str), args: &[&str]) -> String {
        let date = if self.day == 0 {
            "2026-01-01T10:00:00+00:00".to_owned()
        } else {
            format!(
                "2026-{:02}-{:02}T10:00:00+00:00",
                1 + (self.day - 1) / 28,
                1 + (self.day - 1) % 28
            )
        };
        let output = std::process::Command::new("git")
            .args(args)
            .current_dir(self.root())
            .env("HOME", self.root().join(".test-home"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_AUTHOR_NAME", who.0)
            .env("GIT_AUTHOR_EMAIL", who.1)
            .env("GIT_COMMITTER_NAME", who.0)
            .env("GIT_COMMITTER_EMAIL", who.1)
            .env("GIT_AUTHOR_DATE", &date)
            .env("GIT_COMMITTER_DATE", &date)
            .output()
            .expect("git runs");
        assert!(
            output.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// A document with `lines` distinct lines of text about `topic`.
    fn document(id: &str, topic: &str, lines: usize) -> String {
        let mut text = format!(
            "---\nid: {id}\nkind: record\ntitle: {topic}\nowner: alice@truth.example\nstatus: active\n---\n# {topic}\n"
        );
        for line in 0..lines {
            text.push_str(&format!(
                "Line {line} about {topic}: words that make this line its own.\n"
            ));
        }
        text
    }

    fn write(&self, path: &str, text: &str) {
        let path = self.root().join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }

    fn read(&self, path: &str) -> String {
        std::fs::read_to_string(self.root().join(path)).expect("read")
    }

    /// Rewrites line `line` of the file's body.
    fn edit(&self, path: &str, line: usize, with: &str) {
        let text = self.read(path);
        let edited: Vec<String> = text
            .lines()
            .map(|current| {
                if current.starts_with(&format!("Line {line} ")) {
                    format!("Line {line} {with}")
                } else {
                    current.to_owned()
                }
            })
            .collect();
        self.write(path, &(edited.join("\n") + "\n"));
    }

    fn commit(&mut self, who: (&str, &str), message: &str) {
        self.day += 1;
        self.git(who, &["add", "-A"]);
        self.git(who, &["commit", "-q", "--allow-empty", "-m", message]);
    }

    fn mv(&self, from: &str, to: &str) {
        let target = self.root().join(to);
        std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
        self.git(ALICE, &["mv", from, to]);
    }

    fn merge(&mut self, who: (&str, &str), branch: &str) {
        self.day += 1;
        self.git(
            who,
            &[
                "merge",
                "-q",
                "--no-ff",
                "-m",
                &format!("Merge {branch}"),
                branch,
            ],
        );
    }

    fn head(&self) -> String {
        self.git(ALICE, &["rev-parse", "HEAD"]).trim().to_owned()
    }

    /// `aims status --format json` for one document, by id.
    fn aims(&self, id: &str) -> Value {
        let output = aims(self.root())
            .args([
                "status",
                "--format",
                "json",
                "--today",
                "2026-12-01",
                "--no-cache",
            ])
            .output()
            .expect("aims runs");
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let status: Value = serde_json::from_slice(&output.stdout).expect("json");
        status["documents"]
            .as_array()
            .expect("documents")
            .iter()
            .find(|document| document["id"] == id)
            .cloned()
            .unwrap_or_else(|| panic!("no {id}: {status:#}"))
    }

    /// The commits `git log --follow` lists for `path`, newest first, without merges.
    fn git_follow(&self, path: &str) -> Vec<String> {
        self.git(
            ALICE,
            &[
                "log",
                "--full-history",
                "--follow",
                "-M",
                "--no-merges",
                "--format=%H",
                "--",
                path,
            ],
        )
        .lines()
        .map(str::to_owned)
        .collect()
    }
}

/// aims's commits for a document (from `aims log --format json`), newest first, as
/// (commit, is a merge).
fn aims_commits(script: &Script, id: &str) -> Vec<(String, bool)> {
    let output = aims(script.root())
        .args(["log", id, "--format", "json", "--today", "2026-12-01"])
        .output()
        .expect("aims runs");
    assert_eq!(output.status.code(), Some(0));
    let log: Value = serde_json::from_slice(&output.stdout).expect("json");
    log["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter(|event| event["type"] == "change")
        .map(|event| {
            (
                event["commit"].as_str().expect("commit").to_owned(),
                event["merge"] == true,
            )
        })
        .collect()
}

/// Asserts that aims agrees with `git log --follow` for `id` at `path`, merges aside, and
/// that the status fields agree with that list.
fn agrees_with_git(script: &Script, id: &str, path: &str) {
    let ours = aims_commits(script, id);
    let without_merges: Vec<&str> = ours
        .iter()
        .filter(|(_, merge)| !merge)
        .map(|(commit, _)| commit.as_str())
        .collect();
    let git = script.git_follow(path);
    assert_eq!(
        without_merges, git,
        "{id} ({path}): aims vs git log --follow"
    );
    let status = script.aims(id);
    assert_eq!(status["commits"], ours.len(), "{status:#}");
    assert_eq!(
        status["created"]["commit"].as_str(),
        ours.last().map(|(commit, _)| commit.as_str())
    );
    assert_eq!(
        status["last_changed"]["commit"].as_str(),
        ours.first().map(|(commit, _)| commit.as_str())
    );
}

#[test]
fn a_document_drafted_elsewhere_keeps_its_history_when_moved_into_the_root() {
    let mut s = Script::new();
    s.write(
        "drafts/policy.md",
        &Script::document("REC-001", "Drafting", 20),
    );
    s.commit(ALICE, "Draft the policy outside the AIMS");
    s.edit("drafts/policy.md", 3, "reworded by Bob in the draft");
    s.commit(BOB, "Bob edits the draft");
    s.mv("drafts/policy.md", "aims/records/policy.md");
    s.commit(ALICE, "Adopt the draft");
    s.edit("aims/records/policy.md", 5, "adopted and edited");
    s.commit(ALICE, "Edit after adoption");
    agrees_with_git(&s, "REC-001", "aims/records/policy.md");
    let status = s.aims("REC-001");
    assert_eq!(status["commits"], 4);
    assert_eq!(
        status["created"]["subject"],
        "Draft the policy outside the AIMS"
    );
    assert_eq!(status["created"]["email"], "alice@truth.example");
}

#[test]
fn history_through_names_the_globs_do_not_match_is_kept() {
    let mut s = Script::new();
    s.write(
        "aims/records/notes.mdwn",
        &Script::document("REC-002", "Wiki page", 20),
    );
    s.commit(ALICE, "A wiki page");
    s.edit("aims/records/notes.mdwn", 1, "edited on the wiki");
    s.commit(BOB, "Wiki edit");
    s.mv("aims/records/notes.mdwn", "aims/records/NOTES");
    s.commit(ALICE, "Drop the extension");
    s.mv("aims/records/NOTES", "aims/records/notes.md");
    s.commit(ALICE, "Markdown at last");
    agrees_with_git(&s, "REC-002", "aims/records/notes.md");
    assert_eq!(s.aims("REC-002")["commits"], 4);
}

#[test]
fn a_rename_with_a_heavy_edit_is_followed_at_gits_threshold() {
    let mut s = Script::new();
    s.write(
        "aims/records/a.md",
        &Script::document("REC-003", "Alpha", 30),
    );
    s.commit(ALICE, "Create");
    // Rename and rewrite 40% of it: git still sees a rename (above 50% similar).
    s.mv("aims/records/a.md", "aims/records/b.md");
    for line in 0..12 {
        s.edit(
            "aims/records/b.md",
            line,
            "rewritten during the move, entirely new words",
        );
    }
    s.commit(BOB, "Move and rewrite");
    agrees_with_git(&s, "REC-003", "aims/records/b.md");
    assert_eq!(s.aims("REC-003")["commits"], 2);
    // Rewriting most of it in the move starts a new document, as git says.
    s.mv("aims/records/b.md", "aims/records/c.md");
    let replaced = Script::document("REC-003", "Completely different", 30);
    s.write("aims/records/c.md", &replaced);
    s.commit(BOB, "Replace");
    agrees_with_git(&s, "REC-003", "aims/records/c.md");
    assert_eq!(s.aims("REC-003")["commits"], 1);
}

#[test]
fn the_same_rename_on_two_branches_keeps_both_rename_commits() {
    let mut s = Script::new();
    s.write(
        "aims/records/old.md",
        &Script::document("REC-004", "Twice", 20),
    );
    s.commit(ALICE, "Create");
    s.git(ALICE, &["checkout", "-q", "-b", "one"]);
    s.mv("aims/records/old.md", "aims/records/new.md");
    s.commit(ALICE, "Rename on one");
    s.git(ALICE, &["checkout", "-q", "main"]);
    s.git(ALICE, &["checkout", "-q", "-b", "two"]);
    s.mv("aims/records/old.md", "aims/records/new.md");
    s.commit(BOB, "Rename on two");
    s.git(ALICE, &["checkout", "-q", "main"]);
    s.merge(ALICE, "one");
    s.merge(ALICE, "two");
    agrees_with_git(&s, "REC-004", "aims/records/new.md");
    assert_eq!(s.aims("REC-004")["commits"], 3);
}

#[test]
fn a_merge_that_changes_a_document_is_counted_and_marked() {
    let mut s = Script::new();
    s.write(
        "aims/records/r.md",
        &Script::document("REC-005", "Merged", 20),
    );
    s.commit(ALICE, "Create");
    s.git(ALICE, &["checkout", "-q", "-b", "topic"]);
    s.edit("aims/records/r.md", 2, "topic's wording");
    s.commit(BOB, "Topic edit");
    s.git(ALICE, &["checkout", "-q", "main"]);
    s.edit("aims/records/r.md", 2, "main's wording");
    s.commit(ALICE, "Main edit");
    // The merge stops on the conflict (git exits 1), leaving it to be resolved.
    let conflict = std::process::Command::new("git")
        .args(["merge", "-q", "topic"])
        .current_dir(s.root())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", ALICE.0)
        .env("GIT_AUTHOR_EMAIL", ALICE.1)
        .env("GIT_COMMITTER_NAME", ALICE.0)
        .env("GIT_COMMITTER_EMAIL", ALICE.1)
        .output()
        .expect("git runs");
    assert!(!conflict.status.success());
    assert!(s.root().join(".git/MERGE_HEAD").exists());
    // Resolve the conflict with wording from neither side.
    s.write(
        "aims/records/r.md",
        &Script::document("REC-005", "Merged", 20),
    );
    s.edit("aims/records/r.md", 2, "agreed wording");
    s.commit(ALICE, "Merge topic, agreeing on the wording");
    agrees_with_git(&s, "REC-005", "aims/records/r.md");
    let ours = aims_commits(&s, "REC-005");
    assert_eq!(ours.len(), 4, "{ours:?}");
    assert_eq!(
        ours[0],
        (s.head(), true),
        "the merge is counted, and marked"
    );
}

#[test]
fn rename_chains_case_only_renames_and_octopus_merges() {
    let mut s = Script::new();
    s.write(
        "aims/records/Policy.md",
        &Script::document("REC-006", "Chain", 20),
    );
    s.commit(ALICE, "Create");
    s.mv("aims/records/Policy.md", "aims/records/policy.md");
    s.commit(ALICE, "Case only");
    s.mv("aims/records/policy.md", "aims/archive/policy.md");
    s.commit(BOB, "Archive it");
    s.mv("aims/archive/policy.md", "aims/records/policy-v2.md");
    s.edit("aims/records/policy-v2.md", 4, "second version");
    s.commit(ALICE, "Bring it back as v2");
    for branch in ["a", "b", "c"] {
        s.git(ALICE, &["checkout", "-q", "-b", branch, "main"]);
        s.write(
            &format!("aims/records/{branch}.md"),
            &Script::document(&format!("REC-1{branch}"), branch, 5),
        );
        s.commit(BOB, &format!("Add {branch}"));
    }
    s.git(ALICE, &["checkout", "-q", "main"]);
    s.day += 1;
    s.git(ALICE, &["merge", "-q", "-m", "Octopus", "a", "b", "c"]);
    agrees_with_git(&s, "REC-006", "aims/records/policy-v2.md");
    assert_eq!(s.aims("REC-006")["commits"], 4);
    for branch in ["a", "b", "c"] {
        agrees_with_git(
            &s,
            &format!("REC-1{branch}"),
            &format!("aims/records/{branch}.md"),
        );
    }
}

#[test]
fn copies_are_not_renames_unlike_gits_follow() {
    let mut s = Script::new();
    s.write(
        "aims/records/template.md",
        &Script::document("REC-007", "Template", 20),
    );
    s.commit(ALICE, "A template");
    s.edit("aims/records/template.md", 1, "template improved");
    s.commit(BOB, "Improve the template");
    // A new record copied from the template (the template stays).
    let copy = s
        .read("aims/records/template.md")
        .replace("REC-007", "REC-008");
    s.write("aims/records/copy.md", &copy);
    s.commit(ALICE, "A record from the template");
    // git's --follow runs copy detection and drags the template's history in.
    assert_eq!(s.git_follow("aims/records/copy.md").len(), 3);
    // aims: the copy's history starts when it was written.
    let ours = aims_commits(&s, "REC-008");
    assert_eq!(ours.len(), 1, "{ours:?}");
    assert_eq!(
        s.aims("REC-008")["created"]["subject"],
        "A record from the template"
    );
}

#[test]
fn a_reused_path_does_not_inherit_the_old_files_history_unlike_gits_follow() {
    let mut s = Script::new();
    s.write(
        "aims/records/r.md",
        &Script::document("REC-009", "First life", 20),
    );
    s.commit(ALICE, "First document at this path");
    s.edit("aims/records/r.md", 1, "first life edited");
    s.commit(BOB, "Edit the first");
    s.mv("aims/records/r.md", "aims/records/moved.md");
    s.commit(ALICE, "Move it away");
    s.write(
        "aims/records/r.md",
        &Script::document("REC-010", "Unrelated second life", 20),
    );
    s.commit(BOB, "A new document reuses the path");
    // git keeps following the name through the rename away.
    assert_eq!(s.git_follow("aims/records/r.md").len(), 4);
    // aims: the new document starts at its creation; the old one moved with its history.
    assert_eq!(aims_commits(&s, "REC-010").len(), 1);
    agrees_with_git(&s, "REC-009", "aims/records/moved.md");
    assert_eq!(aims_commits(&s, "REC-009").len(), 3);
}

#[test]
fn parallel_edits_under_the_old_name_are_kept_unlike_gits_follow() {
    let mut s = Script::new();
    s.write(
        "aims/records/old.md",
        &Script::document("REC-011", "Parallel", 20),
    );
    s.commit(ALICE, "Create");
    s.git(ALICE, &["branch", "edit"]);
    s.mv("aims/records/old.md", "aims/records/new.md");
    s.commit(ALICE, "Rename on main");
    // Bob edits under the old name on a branch, after the rename was made on main.
    s.git(ALICE, &["checkout", "-q", "edit"]);
    s.edit(
        "aims/records/old.md",
        15,
        "edited on a branch under the old name",
    );
    s.commit(BOB, "Edit under the old name");
    s.git(ALICE, &["checkout", "-q", "main"]);
    s.merge(ALICE, "edit");
    // git switches to the old name once the rename is passed, in date order: Bob's edit (made
    // after the rename, on the branch) is never looked at under the old name.
    let git = s.git_follow("aims/records/new.md");
    let ours: Vec<String> = aims_commits(&s, "REC-011")
        .into_iter()
        .filter(|(_, merge)| !merge)
        .map(|(commit, _)| commit)
        .collect();
    let bob_edit = s
        .git(ALICE, &["log", "--all", "--format=%H", "--author=Bob"])
        .trim()
        .to_owned();
    assert!(ours.contains(&bob_edit), "{ours:?}");
    assert!(!git.contains(&bob_edit), "git loses it: {git:?}");
    assert_eq!(ours.len(), 3);
}
