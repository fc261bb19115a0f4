//! On a generated history with merges, evil merges, renames (with edits), deletions and
//! re-creations, every document's commits agree with `git log --full-history --follow -M`:
//! the same non-merge commits in the same order (so the same last commit, author, date and
//! count), and merges attributed exactly where the file differs from every parent.

use crate::common::synthetic::{self, Spec};
use aims::history::{self, Repo};
use aims::load::DocumentMatcher;

fn git(dir: &std::path::Path, args: &[&str]) -> String {
    let output = std::process::Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .expect("git runs");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("utf-8")
}

#[test]
fn every_document_agrees_with_git_log_follow() {
    let dir = tempfile::tempdir().unwrap();
    let keep = std::env::var_os("AIMS_KEEP_FIXTURE").map(std::path::PathBuf::from);
    let root = keep.as_deref().unwrap_or(dir.path());
    // AIMS_HISTORY_SEED / AIMS_HISTORY_COMMITS explore other histories locally.
    let seed = std::env::var("AIMS_HISTORY_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(7);
    let commits = std::env::var("AIMS_HISTORY_COMMITS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(600);
    synthetic::build(
        root,
        &Spec {
            documents: 60,
            commits,
            seed,
            branch_percent: 8,
            rename_percent: 6,
            approve_percent: 2,
            body_lines: 12,
            reorganize_percent: 1,
            draft_percent: 10,
        },
    );
    let repo = Repo::discover(root).unwrap();
    let matcher = DocumentMatcher::new(&["aims/**/*.md".to_owned()], &[]).unwrap();
    let history = history::load(
        &repo,
        &matcher,
        &history::Options {
            at: None,
            cache: false,
            evidence: &Default::default(),
        },
    )
    .unwrap();
    assert!(
        history.records.len() >= 600,
        "{} commits",
        history.records.len()
    );
    assert!(history.records.iter().any(|r| r.is_merge()));
    let renamed = history
        .timelines
        .values()
        .filter(|t| !t.renames.is_empty())
        .count();
    assert!(renamed >= 5, "only {renamed} documents were renamed");
    let evil: Vec<_> = history
        .records
        .iter()
        .filter(|r| r.is_merge() && !r.changes.is_empty())
        .collect();
    assert!(!evil.is_empty(), "the fixture should contain evil merges");

    let mut compared = 0;
    let mut reused = 0;
    let mut mismatches = Vec::new();
    for (path, timeline) in &history.timelines {
        let log = git(
            root,
            &[
                "log",
                "--full-history",
                "--follow",
                "-M",
                "--no-merges",
                "--format=%H%x09%an%x09%ae%x09%aI",
                "--",
                path,
            ],
        );
        // git writes UTC as `Z`, aims as `+00:00`; both are ISO 8601.
        let expected: Vec<String> = log
            .lines()
            .map(|line| line.replace("Z", "+00:00"))
            .collect();
        let ours: Vec<String> = timeline
            .commits
            .iter()
            .map(|&index| &history.records[index])
            .filter(|record| !record.is_merge())
            .map(|record| {
                format!(
                    "{}\t{}\t{}\t{}",
                    record.id,
                    record.author.name,
                    record.author.email,
                    record.author.iso8601()
                )
            })
            .collect();
        // git's --follow keeps following a reused name past the new file's creation (into the
        // old file's history); aims stops at the creation, as the truth suite asserts.
        let created_here = timeline.commits.last().is_some_and(|&index| {
            history.records[index].changes.iter().any(|change| {
                change.blob == timeline.blobs.last().cloned().flatten()
                    && change.kind == aims::history::record::ChangeKind::Added
            })
        });
        if ours != expected {
            if created_here && expected.starts_with(&ours) {
                reused += 1;
            } else {
                mismatches.push(format!("{path}:\n  aims {ours:#?}\n  git  {expected:#?}"));
            }
        }
        compared += 1;
    }
    assert!(
        mismatches.is_empty(),
        "{} of {compared} documents differ:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
    assert_eq!(compared, history.timelines.len());
    assert!(compared >= 55);
    assert!(
        reused < compared / 4,
        "{reused} of {compared} documents differ only by a reused path"
    );

    // Merges: attributed to a document exactly when the merge's version differs from every
    // parent's.
    for record in history.records.iter().filter(|r| r.is_merge()) {
        let differs_from_all: std::collections::BTreeSet<String> = record
            .parents
            .iter()
            .map(|parent| {
                git(
                    root,
                    &[
                        "diff",
                        "--name-only",
                        "--no-renames",
                        parent,
                        &record.id,
                        "--",
                        "aims",
                    ],
                )
                .lines()
                .map(str::to_owned)
                .collect::<std::collections::BTreeSet<String>>()
            })
            .reduce(|a, b| a.intersection(&b).cloned().collect())
            .unwrap_or_default();
        let ours: std::collections::BTreeSet<String> =
            record.changes.iter().map(|c| c.path.clone()).collect();
        assert_eq!(ours, differs_from_all, "merge {}", record.id);
    }
}
