//! The history walk reads packed objects with its own delta resolution
//! (`aims::git::packs`), which keeps every delta base it inflates. These tests hold it to
//! gix's answers on every object of repacked repositories (deep offset and reference delta
//! chains, plus loose objects beside the pack), and to "no panic, no invented content" on a
//! damaged pack.

use crate::common::git;
use crate::common::synthetic::{self, Spec};
use aims::git::packs::Packs;
use gix::objs::Find;
use std::path::Path;

fn history(root: &Path) {
    synthetic::build(
        root,
        &Spec {
            documents: 25,
            commits: 250,
            seed: 11,
            branch_percent: 8,
            rename_percent: 5,
            approve_percent: 3,
            body_lines: 40,
            reorganize_percent: 1,
            draft_percent: 10,
        },
    );
}

fn all_objects(root: &Path) -> Vec<gix::ObjectId> {
    git(
        root,
        &[
            "cat-file",
            "--batch-all-objects",
            "--batch-check=%(objectname)",
        ],
    )
    .lines()
    .map(|line| gix::ObjectId::from_hex(line.as_bytes()).expect("object id"))
    .collect()
}

/// The longest delta chain in the repository's packs.
fn longest_chain(root: &Path) -> usize {
    let mut longest = 0;
    for index in std::fs::read_dir(root.join(".git/objects/pack")).unwrap() {
        let index = index.unwrap().path();
        if index.extension().is_some_and(|e| e == "idx") {
            let listing = git(root, &["verify-pack", "-v", index.to_str().unwrap()]);
            for line in listing.lines() {
                if let Some(depth) = line.strip_prefix("chain length = ") {
                    let depth: usize = depth.split(':').next().unwrap().trim().parse().unwrap();
                    longest = longest.max(depth);
                }
            }
        }
    }
    longest
}

#[test]
fn every_object_reads_the_same_as_through_gix() {
    for reference_deltas in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        history(root);
        // Offset deltas (git's default) or reference deltas (older packs, some servers).
        let offsets = if reference_deltas { "false" } else { "true" };
        git(
            root,
            &[
                "-c",
                &format!("repack.useDeltaBaseOffset={offsets}"),
                "repack",
                "-adfq",
                "--depth=50",
                "--window=250",
            ],
        );
        // One loose object beside the pack, read through gix.
        std::fs::write(root.join("loose.txt"), "not packed\n").unwrap();
        let loose = git(root, &["hash-object", "-w", "loose.txt"]);
        let chain = longest_chain(root);
        assert!(chain >= 20, "the pack should have deep chains, has {chain}");

        let repo = gix::open(root).unwrap();
        let packs = Packs::open(&repo);
        // Read by the reader itself, not all handed on to gix.
        assert_eq!(packs.len(), 1, "the repacked history is one pack");
        let reader = packs.reader(&repo);
        let objects = all_objects(root);
        assert!(objects.len() > 800, "{} objects", objects.len());
        let loose = gix::ObjectId::from_hex(loose.trim().as_bytes()).unwrap();
        assert!(objects.contains(&loose));
        for id in &objects {
            let (mut ours, mut theirs) = (Vec::new(), Vec::new());
            let ours = reader.try_find(id, &mut ours).unwrap().expect("found");
            let theirs = repo
                .objects
                .try_find(id, &mut theirs)
                .unwrap()
                .expect("found");
            assert_eq!(ours.kind, theirs.kind, "{id}");
            assert!(ours.data == theirs.data, "{id} reads differently");
            // The content is the object: it hashes to its id.
            let hash = gix::objs::compute_hash(repo.object_hash(), ours.kind, ours.data).unwrap();
            assert_eq!(hash, *id);
        }
        assert_eq!(
            reader.read_from_packs(),
            objects.len() - 1,
            "every packed object is resolved by the reader, only the loose one by gix"
        );
    }
}

#[test]
fn a_damaged_pack_is_read_without_panicking_or_inventing_content() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    history(root);
    git(root, &["repack", "-adfq", "--depth=50", "--window=250"]);
    let objects = all_objects(root);
    let pack = std::fs::read_dir(root.join(".git/objects/pack"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .find(|path| path.extension().is_some_and(|e| e == "pack"))
        .unwrap();
    // Flip bytes through the pack's objects (not its header or trailing checksum).
    let mut bytes = std::fs::read(&pack).unwrap();
    let end = bytes.len() - 20;
    for at in (12..end).step_by(997) {
        bytes[at] ^= 0x5a;
    }
    let mut permissions = std::fs::metadata(&pack).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    permissions.set_readonly(false);
    std::fs::set_permissions(&pack, permissions).unwrap();
    std::fs::write(&pack, &bytes).unwrap();

    let repo = gix::open(root).unwrap();
    let packs = Packs::open(&repo);
    let reader = packs.reader(&repo);
    let mut agreed = 0;
    for id in &objects {
        let mut buffer = Vec::new();
        // Whatever the damage, an object read is either refused or is that object.
        if let Ok(Some(found)) = reader.try_find(id, &mut buffer) {
            let hash = gix::objs::compute_hash(repo.object_hash(), found.kind, found.data);
            if hash.ok() == Some(*id) {
                agreed += 1;
            } else {
                // gix, asked the same, gives the same damaged bytes: nothing is invented.
                let mut theirs = Vec::new();
                let theirs = repo.objects.try_find(id, &mut theirs);
                assert!(
                    matches!(&theirs, Ok(Some(theirs)) if theirs.data == found.data),
                    "{id}: the pack reader made up content gix does not read"
                );
            }
        }
    }
    assert!(agreed > 0, "undamaged objects still read");

    // And the command built on it reports the damage instead of crashing.
    let output = crate::common::aims(root)
        .args(["status", "--no-cache", "--today", "2026-11-22"])
        .output()
        .unwrap();
    let code = output.status.code();
    assert!(
        matches!(code, Some(1 | 2)),
        "exit {code:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        !String::from_utf8_lossy(&output.stderr).contains("panicked"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
