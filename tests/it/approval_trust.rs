//! Approvals tried as an attacker would: each forged or misleading approval must not count and
//! must produce a finding that says why; each legitimate one must still count. Every fixture is
//! a scripted git history with pinned dates on the base AIMS (`tests/cases/base`); signing keys
//! are real SSH keys made for the test with `ssh-keygen`.

use crate::common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;

const CEO: (&str, &str) = ("Cleo CEO", "ceo@base.example");
const LEAD: (&str, &str) = ("Lee Lead", "lead@base.example");
const AUTHOR: (&str, &str) = ("Test Author", "author@base.example");
const FRIEND: (&str, &str) = ("Fred Friend", "friend@base.example");

/// A git repository holding the base AIMS, committed on 2026-01-01.
struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        copy_dir(&cases_dir().join("base"), root);
        git(root, &["init", "-q", "-b", "main"]);
        std::fs::write(root.join(".gitignore"), ".test-home/\n").expect("write");
        git(root, &["add", "-A"]);
        git(root, &["commit", "-q", "-m", "Create the AIMS"]);
        Fixture { dir }
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.root().join(relative)
    }

    fn append(&self, relative: &str, text: &str) {
        let path = self.path(relative);
        let mut content = std::fs::read_to_string(&path).expect("read");
        content.push_str(text);
        content.push('\n');
        std::fs::write(path, content).expect("write");
    }

    fn replace(&self, relative: &str, from: &str, to: &str) {
        let path = self.path(relative);
        let content = std::fs::read_to_string(&path).expect("read");
        assert!(content.contains(from), "{relative} lacks {from:?}");
        std::fs::write(path, content.replacen(from, to, 1)).expect("write");
    }

    /// Commits everything as `who` on `day` (YYYY-MM-DD).
    fn commit(&self, who: (&str, &str), day: &str, message: &str) {
        git_as(self.root(), who, day, &["add", "-A"]);
        git_as(self.root(), who, day, &["commit", "-q", "-m", message]);
    }

    /// Runs aims as `who` on `day` (the user's git identity and commit dates).
    fn aims_as(&self, who: (&str, &str), day: &str, args: &[&str]) -> Output {
        git(self.root(), &["config", "user.name", who.0]);
        git(self.root(), &["config", "user.email", who.1]);
        let date = timestamp(day);
        aims(self.root())
            .args(args)
            .env("GIT_AUTHOR_DATE", &date)
            .env("GIT_COMMITTER_DATE", &date)
            .output()
            .expect("aims runs")
    }

    /// `aims approve` (or review) that must succeed.
    fn mark(&self, who: (&str, &str), day: &str, args: &[&str]) {
        let output = self.aims_as(who, day, args);
        assert_eq!(
            output.status.code(),
            Some(0),
            "aims {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }

    fn status(&self) -> Value {
        let output = aims(self.root())
            .args(["status", "--format", "json", "--today", TODAY])
            .output()
            .expect("aims runs");
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice(&output.stdout).expect("json")
    }

    fn document(&self, id: &str) -> Value {
        self.status()["documents"]
            .as_array()
            .expect("documents")
            .iter()
            .find(|document| document["id"] == id)
            .cloned()
            .unwrap_or_else(|| panic!("{id} missing"))
    }

    fn lint(&self) -> (i32, Value) {
        lint_json(self.root(), &[])
    }

    /// Findings of `code` about `id`.
    fn findings(&self, code: &str, id: &str) -> Vec<String> {
        let (_, report) = self.lint();
        report["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .filter(|d| d["code"] == code && d["document_id"] == id)
            .map(|d| d["message"].as_str().unwrap_or_default().to_owned())
            .collect()
    }

    fn head(&self) -> String {
        git(self.root(), &["rev-parse", "HEAD"]).trim().to_owned()
    }

    /// Makes an SSH signing key for `email`, trusted for `principal` in the allowed-signers
    /// file (usually the same email), and returns its path.
    fn signing_key(&self, email: &str, principal: &str) -> PathBuf {
        let home = self.path(".test-home");
        std::fs::create_dir_all(&home).expect("home");
        let key = home.join(format!("key-{}", email.replace('@', "-at-")));
        let status = std::process::Command::new("ssh-keygen")
            .args(["-q", "-t", "ed25519", "-N", "", "-C", email, "-f"])
            .arg(&key)
            .status()
            .expect("ssh-keygen runs");
        assert!(status.success());
        let public = std::fs::read_to_string(format!("{}.pub", key.display())).expect("public key");
        let signers = home.join("allowed_signers");
        let mut text = std::fs::read_to_string(&signers).unwrap_or_default();
        text.push_str(&format!("{principal} namespaces=\"git\" {public}"));
        std::fs::write(&signers, text).expect("write");
        git(self.root(), &["config", "gpg.format", "ssh"]);
        git(
            self.root(),
            &[
                "config",
                "gpg.ssh.allowedSignersFile",
                signers.to_str().expect("utf-8"),
            ],
        );
        key
    }

    fn sign_with(&self, key: &Path) {
        git(
            self.root(),
            &["config", "user.signingkey", key.to_str().expect("utf-8")],
        );
    }
}

/// git as `who` on `day`.
/// An approval or review commit made by hand, without `aims approve`/`review`: what an
/// attacker who bypasses the command writes (`trailer` is `Approves` or `Reviewed`).
fn mark_by_hand(root: &Path, who: (&str, &str), day: &str, trailer: &str, id: &str, blob: &str) {
    let subject = if trailer == "Approves" {
        "Approve"
    } else {
        "Review"
    };
    git_as(
        root,
        who,
        day,
        &[
            "commit",
            "-q",
            "--allow-empty",
            "-m",
            &format!("{subject} {id}"),
            "-m",
            &format!("{trailer}: {id} <{}>", blob.trim()),
        ],
    );
}

fn git_as(root: &Path, who: (&str, &str), day: &str, args: &[&str]) -> String {
    let mut full = vec!["-c".to_owned(), format!("user.name={}", who.0)];
    full.extend(["-c".to_owned(), format!("user.email={}", who.1)]);
    full.extend(args.iter().map(|arg| (*arg).to_owned()));
    let full: Vec<&str> = full.iter().map(String::as_str).collect();
    let output = std::process::Command::new("git")
        .args(&full)
        .current_dir(root)
        .env("HOME", root.join(".test-home"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", root.join(".test-home/gitconfig"))
        .env("GIT_AUTHOR_NAME", who.0)
        .env("GIT_AUTHOR_EMAIL", who.1)
        .env("GIT_COMMITTER_NAME", who.0)
        .env("GIT_COMMITTER_EMAIL", who.1)
        .env("GIT_AUTHOR_DATE", timestamp(day))
        .env("GIT_COMMITTER_DATE", timestamp(day))
        .output()
        .expect("git runs");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A day means 10:00 UTC that day; a full timestamp is taken as written.
fn timestamp(day: &str) -> String {
    if day.contains('T') {
        day.to_owned()
    } else {
        format!("{day}T10:00:00+00:00")
    }
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn approvals(document: &Value) -> Vec<Value> {
    document["approvals"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

#[test]
fn an_approval_signed_with_someone_elses_key_does_not_count() {
    let fixture = Fixture::new();
    fixture.replace(
        "aims.yaml",
        "defaults:\n",
        "approval:\n  require_signed: true\ndefaults:\n",
    );
    fixture.commit(AUTHOR, "2026-01-02", "Require signed approvals");
    let ceo_key = fixture.signing_key(CEO.1, CEO.1);
    let lead_key = fixture.signing_key(LEAD.1, LEAD.1);

    // Authored as the CEO, signed with the AI lead's (trusted) key.
    fixture.sign_with(&lead_key);
    fixture.mark(CEO, "2026-01-05", &["approve", "--sign", "POL-001"]);
    let policy = fixture.document("POL-001");
    assert_eq!(policy["state"], "never_approved");
    let forged = &approvals(&policy)[0];
    assert_eq!(forged["counts"], false);
    assert_eq!(forged["problem"], "signer-mismatch");
    assert_eq!(forged["signer"], "lead@base.example");
    assert_eq!(forged["verified"], false);
    assert_eq!(forged["trust"], "signed-unverified");
    assert_eq!(
        forged["why"],
        "the commit is authored as ceo@base.example but signed by lead@base.example"
    );
    let messages = fixture.findings("AIMS410", "POL-001");
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(messages[0].contains("ceo@base.example"), "{messages:?}");
    assert!(messages[0].contains("lead@base.example"), "{messages:?}");
    // `aims log` does not call it verified.
    let log = fixture.aims_as(CEO, "2026-01-05", &["log", "POL-001", "--today", TODAY]);
    let log = String::from_utf8_lossy(&log.stdout);
    assert!(!log.contains("signed and verified"), "{log}");
    assert!(log.contains("signed by lead@base.example"), "{log}");

    // The CEO's own key: it counts, and is shown as verified everywhere.
    fixture.sign_with(&ceo_key);
    fixture.mark(CEO, "2026-01-06", &["approve", "--sign", "POL-001"]);
    let policy = fixture.document("POL-001");
    assert_eq!(policy["state"], "approved");
    assert_eq!(policy["trust"], "verified");
    let genuine = &approvals(&policy)[1];
    assert_eq!(
        (&genuine["counts"], &genuine["signer"], &genuine["trust"]),
        (
            &Value::Bool(true),
            &Value::from("ceo@base.example"),
            &Value::from("verified")
        )
    );
    let table = fixture.aims_as(CEO, "2026-01-06", &["status", "--today", TODAY]);
    let table = String::from_utf8_lossy(&table.stdout);
    let row = table
        .lines()
        .find(|line| line.starts_with("POL-001"))
        .expect("POL-001 row");
    assert!(row.contains("verified"), "{table}");
    let row = table
        .lines()
        .find(|line| line.starts_with("PROC-001"))
        .expect("PROC-001 row");
    assert!(row.contains(" - "), "{table}");
}

#[test]
fn a_signature_by_a_declared_alias_counts() {
    let fixture = Fixture::new();
    fixture.replace(
        "aims.yaml",
        "defaults:\n",
        "aliases:\n  ceo@base.example: [cleo@home.example]\ndefaults:\n",
    );
    fixture.commit(AUTHOR, "2026-01-02", "The CEO signs with her home key");
    // The alias is a change to who may approve: the CEO (a config approver) approves it.
    fixture.mark(CEO, "2026-01-03", &["approve", "aims.yaml"]);
    let key = fixture.signing_key("cleo@home.example", "cleo@home.example");
    fixture.sign_with(&key);
    fixture.mark(CEO, "2026-01-05", &["approve", "--sign", "POL-001"]);
    let policy = fixture.document("POL-001");
    assert_eq!(policy["state"], "approved");
    assert_eq!(approvals(&policy)[0]["signer"], "cleo@home.example");
    assert_eq!(approvals(&policy)[0]["trust"], "verified");
}

#[test]
fn a_change_cannot_pick_its_own_approver_in_the_document() {
    let fixture = Fixture::new();
    fixture.mark(CEO, "2026-01-02", &["approve", "POL-001"]);
    // The author names a friend as the policy's approver, in the same change as an edit.
    fixture.replace(
        "aims/policy.md",
        "status: active\n",
        "status: active\napprovers: [friend@base.example]\n",
    );
    fixture.append("aims/policy.md", "A loosened rule.");
    fixture.commit(AUTHOR, "2026-01-03", "Loosen the policy");
    // aims approve refuses the friend, with the reason.
    let refused = fixture.aims_as(FRIEND, "2026-01-04", &["approve", "POL-001"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        stderr(&refused).contains("named as an approver only by the change under approval"),
        "{}",
        stderr(&refused)
    );
    // Bypassing aims approve with a hand-made approval commit does not help.
    let blob = git(fixture.root(), &["rev-parse", "HEAD:aims/policy.md"]);
    mark_by_hand(
        fixture.root(),
        FRIEND,
        "2026-01-04",
        "Approves",
        "POL-001",
        &blob,
    );
    let policy = fixture.document("POL-001");
    assert_eq!(policy["state"], "changed_since_approval");
    assert_eq!(approvals(&policy)[1]["problem"], "listed-only-by-change");
    assert_eq!(policy["approvers"], serde_json::json!(["ceo"]));
    let messages = fixture.findings("AIMS407", "POL-001");
    assert!(
        messages[0].contains("named as an approver only by the change under approval"),
        "{messages:?}"
    );
    // The approver in force approves the change; from then on the friend may approve.
    fixture.mark(CEO, "2026-01-05", &["approve", "POL-001"]);
    assert_eq!(fixture.document("POL-001")["state"], "approved");
    fixture.append("aims/policy.md", "A later clarification.");
    fixture.commit(AUTHOR, "2026-01-06", "Clarify the policy");
    fixture.mark(FRIEND, "2026-01-07", &["approve", "POL-001"]);
    let policy = fixture.document("POL-001");
    assert_eq!(policy["state"], "approved");
    assert_eq!(
        policy["approvers"],
        serde_json::json!(["friend@base.example"])
    );
}

#[test]
fn a_first_version_cannot_name_an_outsider_as_approver() {
    let fixture = Fixture::new();
    std::fs::write(
        fixture.path("aims/new-policy.md"),
        "---\nid: POL-002\nkind: policy\ntitle: Vendor policy\nowner: author@base.example\nstatus: active\n\
         policy_type: topic\napprovers: [friend@base.example]\n---\n# Vendor policy\n",
    )
    .expect("write");
    fixture.commit(AUTHOR, "2026-01-03", "Add a vendor policy");
    let output = fixture.aims_as(FRIEND, "2026-01-04", &["approve", "POL-002"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    // The default approvers of aims.yaml are in force instead.
    fixture.mark(CEO, "2026-01-05", &["approve", "POL-002"]);
    assert_eq!(fixture.document("POL-002")["state"], "approved");
}

#[test]
fn a_change_to_roles_takes_effect_only_once_approved() {
    let fixture = Fixture::new();
    // The author makes a friend CEO in aims.yaml and commits it.
    fixture.replace(
        "aims.yaml",
        "ceo: [ceo@base.example]",
        "ceo: [ceo@base.example, friend@base.example]",
    );
    fixture.commit(AUTHOR, "2026-01-02", "Add a CEO");
    let (_, report) = fixture.lint();
    let pending: Vec<&Value> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == "AIMS412")
        .collect();
    assert_eq!(pending.len(), 1, "{report:#}");
    assert_eq!(pending[0]["path"], "aims.yaml");
    assert_eq!(pending[0]["line"], 4);
    assert!(
        pending[0]["message"]
            .as_str()
            .unwrap()
            .contains("role `ceo` gains friend@base.example"),
        "{report:#}"
    );
    // The friend cannot approve the policy, nor approve the change to the roles.
    let refused = fixture.aims_as(FRIEND, "2026-01-03", &["approve", "POL-001"]);
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    let refused = fixture.aims_as(FRIEND, "2026-01-03", &["approve", "aims.yaml"]);
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    // A hand-made approval by the friend does not count, and neither does one of the roles
    // change by its own author.
    let policy_blob = git(fixture.root(), &["rev-parse", "HEAD:aims/policy.md"]);
    let config_blob = git(fixture.root(), &["rev-parse", "HEAD:aims.yaml"]);
    git_as(
        fixture.root(),
        FRIEND,
        "2026-01-04",
        &[
            "commit",
            "-q",
            "--allow-empty",
            "-m",
            "Approve",
            "-m",
            &format!(
                "Approves: POL-001 <{}>\nApproves: aims.yaml <{}>",
                policy_blob.trim(),
                config_blob.trim()
            ),
        ],
    );
    let status = fixture.status();
    assert!(status["configuration"]["pending"].is_object(), "{status:#}");
    let policy = fixture.document("POL-001");
    assert_eq!(policy["state"], "never_approved");
    assert_eq!(approvals(&policy)[0]["problem"], "listed-only-by-change");
    // The CEO in force approves the change to the roles; then the friend's approval counts.
    fixture.mark(CEO, "2026-01-05", &["approve", "aims.yaml"]);
    let status = fixture.status();
    assert!(status["configuration"]["pending"].is_null(), "{status:#}");
    assert_eq!(
        status["configuration"]["in_force"]["approval"]["email"],
        "ceo@base.example"
    );
    assert!(!codes(&fixture.lint().1).contains(&"AIMS412".to_owned()));
    fixture.mark(FRIEND, "2026-01-06", &["approve", "POL-001"]);
    assert_eq!(fixture.document("POL-001")["state"], "approved");
}

#[test]
fn an_edited_history_cache_is_not_believed() {
    let fixture = Fixture::new();
    fixture.append("aims/policy.md", "An edit.");
    fixture.commit(LEAD, "2026-01-02", "Edit the policy");
    // Warm the cache: it is signed with the user's own key.
    assert_eq!(fixture.document("POL-001")["state"], "never_approved");
    let signature = fixture.path(".git/aims/history.bin.sig");
    assert!(signature.is_file());
    // A cache without its signature is checked against git in full, kept, and signed again.
    std::fs::remove_file(&signature).expect("remove");
    let output = aims(fixture.root())
        .args(["status", "--today", TODAY])
        .output()
        .expect("runs");
    assert!(stderr(&output).is_empty(), "{}", stderr(&output));
    assert!(signature.is_file());
    // Now forge it.
    let cache_path = fixture.path(".git/aims/history.bin");
    let mut cache = read_cache(&cache_path);
    let blob = git(fixture.root(), &["rev-parse", "HEAD:aims/policy.md"]);
    let head = fixture.head();
    // 1. An approval trailer added to a commit that has none.
    let newest = cache
        .records
        .iter_mut()
        .find(|record| record.id == head.trim())
        .expect("head record");
    newest.trailers = vec![("Approves".to_owned(), format!("POL-001 <{}>", blob.trim()))];
    newest.author.email = "ceo@base.example".to_owned();
    newest.author.name = "Cleo CEO".to_owned();
    write_cache(&cache_path, &cache);
    let output = aims(fixture.root())
        .args(["status", "--format", "json", "--today", TODAY])
        .output()
        .expect("aims runs");
    assert!(
        stderr(&output).contains("did not match the git objects"),
        "{}",
        stderr(&output)
    );
    let status: Value = serde_json::from_slice(&output.stdout).expect("json");
    let policy = status["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .find(|document| document["id"] == "POL-001")
        .expect("POL-001");
    assert_eq!(policy["state"], "never_approved");
    assert!(approvals(policy).is_empty());
}

#[test]
fn an_edited_version_fields_cache_is_not_believed() {
    let fixture = Fixture::new();
    fixture.mark(CEO, "2026-01-02", &["approve", "POL-001"]);
    let approved = git(fixture.root(), &["rev-parse", "HEAD:aims/policy.md"]);
    fixture.append("aims/policy.md", "Lee's edit.");
    fixture.commit(LEAD, "2026-01-03", "Lee edits the policy");
    // Fred is no approver: his approval of the new version does not count...
    let blob = git(fixture.root(), &["rev-parse", "HEAD:aims/policy.md"]);
    mark_by_hand(
        fixture.root(),
        FRIEND,
        "2026-01-05",
        "Approves",
        "POL-001",
        &blob,
    );
    let policy = fixture.document("POL-001");
    assert_eq!(policy["state"], "changed_since_approval", "{policy}");
    // ...and the approvers of the approved version, read from its blob, are cached (signed).
    let cache_path = fixture.path(".git/aims/version-fields-2.json");
    let cache = std::fs::read_to_string(&cache_path).expect("fields cache written");
    assert!(
        fixture
            .path(".git/aims/version-fields-2.json.sig")
            .is_file()
    );
    let mut value: Value = serde_json::from_str(&cache).expect("json");
    let entry = &mut value["entries"][approved.trim()];
    assert!(entry.is_object(), "{value:#}");
    // Forged: the approved version named Fred as its approver.
    entry["approvers"] = serde_json::json!(["friend@base.example"]);
    std::fs::write(&cache_path, serde_json::to_string(&value).expect("json")).expect("write");
    let policy = fixture.document("POL-001");
    assert_eq!(policy["state"], "changed_since_approval", "{policy}");
    let fred = approvals(&policy)
        .iter()
        .find(|approval| approval["email"] == "friend@base.example")
        .cloned()
        .expect("Fred's approval listed");
    assert_eq!(fred["counts"], false, "{fred}");
}

#[test]
fn a_cache_hiding_the_approvers_own_change_is_not_believed() {
    let fixture = Fixture::new();
    fixture.replace(
        "aims.yaml",
        "ceo: [ceo@base.example]",
        "ceo: [ceo@base.example, lead@base.example]",
    );
    fixture.commit(AUTHOR, "2026-01-02", "Two CEOs");
    fixture.mark(CEO, "2026-01-03", &["approve", "aims.yaml"]);
    // Lee edits the policy, then approves it: a self-approval.
    fixture.append("aims/policy.md", "Lee's edit.");
    fixture.commit(LEAD, "2026-01-04", "Lee edits the policy");
    let output = fixture.aims_as(LEAD, "2026-01-05", &["approve", "POL-001"]);
    assert_eq!(output.status.code(), Some(2), "aims approve refuses it");
    let blob = git(fixture.root(), &["rev-parse", "HEAD:aims/policy.md"]);
    mark_by_hand(
        fixture.root(),
        LEAD,
        "2026-01-05",
        "Approves",
        "POL-001",
        &blob,
    );
    assert_eq!(
        approvals(&fixture.document("POL-001"))[0]["problem"],
        "self-approval"
    );
    // The cache is edited to say someone else made Lee's edit.
    let cache_path = fixture.path(".git/aims/history.bin");
    let edit = git(fixture.root(), &["rev-parse", "HEAD~1"]);
    let mut cache = read_cache(&cache_path);
    let original = aims::history::cache::binary::encode(&cache.contents()).expect("encodes");
    for record in &mut cache.records {
        if record.id == edit.trim() {
            record.author.email = "author@base.example".to_owned();
        }
    }
    write_cache(&cache_path, &cache);
    assert_eq!(
        approvals(&fixture.document("POL-001"))[0]["problem"],
        "self-approval"
    );
    // Or to drop Lee's edit from the record altogether, and from the cached timelines.
    let mut cache = aims::history::cache::binary::decode(&original).expect("decodes");
    let position = cache
        .records
        .iter()
        .position(|record| record.id == edit.trim())
        .expect("edit recorded");
    cache.records[position].changes.clear();
    for timeline in cache
        .timelines
        .iter_mut()
        .flat_map(|timelines| timelines.values_mut())
    {
        if let Some(at) = timeline
            .commits
            .iter()
            .position(|commit| *commit == position)
        {
            timeline.commits.remove(at);
            timeline.blobs.remove(at);
            timeline.merges.remove(at);
        }
    }
    write_cache(&cache_path, &cache);
    assert_eq!(
        approvals(&fixture.document("POL-001"))[0]["problem"],
        "self-approval"
    );
}

#[test]
fn history_that_cannot_be_read_is_an_error_in_every_command() {
    let fixture = Fixture::new();
    // Clean before: lint exits 0 with warnings.
    let (exit, _) = fixture.lint();
    assert_eq!(exit, 0);
    // A commit whose author line git cannot parse (no email), written with git hash-object.
    let tree = git(fixture.root(), &["rev-parse", "HEAD^{tree}"]);
    let parent = fixture.head();
    let object = format!(
        "tree {}\nparent {parent}\nauthor Nobody 1767261600 +0000\ncommitter Nobody <n@base.example> 1767261600 +0000\n\nbroken\n",
        tree.trim()
    );
    let path = fixture.path(".test-home/commit.txt");
    std::fs::write(&path, object).expect("write");
    let id = git(
        fixture.root(),
        &[
            "hash-object",
            "-t",
            "commit",
            "-w",
            "--literally",
            path.to_str().expect("utf-8"),
        ],
    );
    git(
        fixture.root(),
        &["update-ref", "refs/heads/main", id.trim()],
    );
    let (exit, report) = fixture.lint();
    assert_eq!(exit, 1, "{report:#}");
    let finding = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["code"] == "AIMS409")
        .expect("AIMS409");
    assert!(
        finding["message"]
            .as_str()
            .unwrap()
            .contains("git history cannot be read"),
        "{finding}"
    );
    for args in [
        vec!["status", "--today", TODAY],
        vec!["gap", "--today", TODAY],
        vec!["site", "--today", TODAY, "--out", "site-out"],
        vec!["log", "POL-001"],
    ] {
        let output = aims(fixture.root()).args(&args).output().expect("runs");
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    assert!(!fixture.path("site-out").exists());
}

#[test]
fn a_missing_object_is_an_error_not_silence() {
    let fixture = Fixture::new();
    fixture.append("aims/policy.md", "An edit.");
    fixture.commit(AUTHOR, "2026-01-02", "Edit the policy");
    // The first commit's tree is lost (loose objects; nothing is packed in a fresh repo).
    let first = git(fixture.root(), &["rev-list", "--max-parents=0", "HEAD"]);
    let tree = git(
        fixture.root(),
        &["rev-parse", &format!("{}^{{tree}}", first.trim())],
    );
    let tree = tree.trim();
    let object = fixture.path(&format!(".git/objects/{}/{}", &tree[..2], &tree[2..]));
    std::fs::remove_file(&object).expect("loose tree object");
    let (exit, report) = fixture.lint();
    assert_eq!(exit, 1, "{report:#}");
    assert!(codes(&report).contains(&"AIMS409".to_owned()), "{report:#}");
    let output = aims(fixture.root())
        .args(["status", "--today", TODAY])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn commands_refuse_what_would_mislead() {
    let fixture = Fixture::new();
    // Review of a never-approved document points to approve, and writes nothing.
    let head = fixture.head();
    let output = fixture.aims_as(LEAD, "2026-01-02", &["review", "POL-001"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("never been approved")
            && stderr(&output).contains("aims approve POL-001"),
        "{}",
        stderr(&output)
    );
    assert_eq!(fixture.head(), head);
    // Approve, then approving the same version again says so and writes nothing.
    fixture.mark(CEO, "2026-01-02", &["approve", "POL-001"]);
    let head = fixture.head();
    let output = fixture.aims_as(CEO, "2026-01-03", &["approve", "POL-001"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("already approved"),
        "{}",
        stderr(&output)
    );
    assert_eq!(fixture.head(), head);
    // A review of the approved version by its owner is fine.
    fixture.mark(LEAD, "2026-01-04", &["review", "POL-001"]);
    // After an edit, a review is refused: the edited version was never approved.
    fixture.append("aims/policy.md", "An edit.");
    fixture.commit(AUTHOR, "2026-01-05", "Edit the policy");
    let head = fixture.head();
    let output = fixture.aims_as(LEAD, "2026-01-06", &["review", "POL-001"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("changed since it was approved"),
        "{}",
        stderr(&output)
    );
    assert_eq!(fixture.head(), head);
    // A review written by hand (bypassing aims) does not restart the review clock.
    let blob = git(fixture.root(), &["rev-parse", "HEAD:aims/policy.md"]);
    mark_by_hand(
        fixture.root(),
        LEAD,
        "2026-01-07",
        "Reviewed",
        "POL-001",
        &blob,
    );
    let policy = fixture.document("POL-001");
    let reviews = policy["reviews"].as_array().expect("reviews");
    assert_eq!(
        reviews.last().expect("review")["problem"],
        "version-not-approved"
    );
    assert_eq!(policy["review"]["last"], "2026-01-04");
    // A draft is not approved unless asked for explicitly.
    fixture.replace("aims/procedure.md", "status: active", "status: draft");
    fixture.commit(AUTHOR, "2026-01-08", "Back to draft");
    let output = fixture.aims_as(CEO, "2026-01-09", &["approve", "PROC-001"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("draft"), "{}", stderr(&output));
    fixture.mark(CEO, "2026-01-09", &["approve", "--allow-draft", "PROC-001"]);
}

#[test]
fn paths_given_to_approve_are_relative_to_the_current_folder() {
    let fixture = Fixture::new();
    git(fixture.root(), &["config", "user.name", CEO.0]);
    git(fixture.root(), &["config", "user.email", CEO.1]);
    let output = aims(&fixture.path("aims"))
        .args(["approve", "policy.md"])
        .env("GIT_AUTHOR_DATE", "2026-01-02T10:00:00+00:00")
        .env("GIT_COMMITTER_DATE", "2026-01-02T10:00:00+00:00")
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(String::from_utf8_lossy(&output.stdout).contains("approved POL-001"));
    let log = aims(&fixture.path("aims"))
        .args(["log", "policy.md", "--today", TODAY])
        .output()
        .expect("runs");
    assert_eq!(log.status.code(), Some(0), "{}", stderr(&log));
    assert!(String::from_utf8_lossy(&log.stdout).starts_with("POL-001 aims/policy.md"));
    let output = aims(&fixture.path("aims"))
        .args(["approve", "../aims/procedure.md"])
        .env("GIT_AUTHOR_DATE", "2026-01-02T10:00:00+00:00")
        .env("GIT_COMMITTER_DATE", "2026-01-02T10:00:00+00:00")
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn approvals_dated_impossibly_do_not_count() {
    let fixture = Fixture::new();
    // An approval made before the content existed: its author computed the blob id of a
    // version not yet committed, approved it, then committed the content.
    let future = std::fs::read_to_string(fixture.path("aims/policy.md")).expect("read")
        + "Text decided later.\n";
    let scratch = fixture.path(".test-home/future.md");
    std::fs::write(&scratch, &future).expect("write");
    let blob = git(
        fixture.root(),
        &["hash-object", scratch.to_str().expect("utf-8")],
    );
    mark_by_hand(
        fixture.root(),
        CEO,
        "2026-01-02",
        "Approves",
        "POL-001",
        &blob,
    );
    std::fs::write(fixture.path("aims/policy.md"), future).expect("write");
    fixture.commit(AUTHOR, "2026-01-03", "The text the CEO approved in advance");
    let policy = fixture.document("POL-001");
    assert_eq!(policy["state"], "never_approved");
    let approval = &approvals(&policy)[0];
    assert_eq!(approval["problem"], "before-content");
    assert!(
        approval["why"]
            .as_str()
            .unwrap()
            .contains("which is not in its own history"),
        "{approval}"
    );
    assert_eq!(fixture.findings("AIMS411", "POL-001").len(), 1);
    // A future-dated approval of the current version does not count either.
    fixture.mark(CEO, "2031-06-01", &["approve", "POL-001"]);
    let policy = fixture.document("POL-001");
    assert_eq!(policy["state"], "never_approved");
    assert_eq!(approvals(&policy)[1]["problem"], "future-dated");
    // ...and it would not restart the review clock of an approved version either.
    fixture.mark(CEO, "2026-01-04", &["approve", "PROC-001"]);
    fixture.mark(LEAD, "2031-06-01", &["review", "PROC-001"]);
    let procedure = fixture.document("PROC-001");
    assert_eq!(procedure["review"]["last"], "2026-01-04");
    // A colleague's clock a few hours behind is not an attack: the approval still counts.
    std::fs::write(fixture.path("aims/notes.txt"), "minutes\n").expect("write");
    fixture.commit(
        AUTHOR,
        "2026-01-04T07:00:00+00:00",
        "Notes, from a slow clock",
    );
    let procedure = fixture.document("PROC-001");
    assert_eq!(procedure["state"], "approved", "{procedure}");
    // A commit days before the approval it builds on means the dates cannot be trusted.
    std::fs::write(fixture.path("aims/notes.txt"), "more minutes\n").expect("write");
    fixture.commit(
        AUTHOR,
        "2026-01-02T10:00:00+00:00",
        "Notes, from a wrong clock",
    );
    let procedure = fixture.document("PROC-001");
    assert_eq!(procedure["state"], "never_approved", "{procedure}");
}

#[test]
fn roles_that_dangle_are_reported_in_aims_yaml() {
    let fixture = Fixture::new();
    fixture.replace(
        "aims.yaml",
        "defaults:\n  review_cycle: P12M\n  approvers: [ceo]\n",
        "defaults:\n  review_cycle: P12M\n  approvers: [ceo]\n  kinds:\n    risk:\n      approvers: [risk-owner]\n",
    );
    let (exit, report) = lint_json(fixture.root(), &["--no-history"]);
    assert_eq!(exit, 1, "{report:#}");
    let dangling = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["code"] == "AIMS207")
        .expect("AIMS207");
    assert_eq!(dangling["path"], "aims.yaml");
    assert_eq!(dangling["line"], 11);
    assert!(
        dangling["message"]
            .as_str()
            .unwrap()
            .contains("`risk-owner`"),
        "{dangling}"
    );
    // A role with nobody in it is a configuration error.
    fixture.replace("aims.yaml", "ai-lead: [lead@base.example]", "ai-lead: []");
    let output = aims(fixture.root())
        .args(["lint", "--no-history"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let text = String::from_utf8_lossy(&output.stdout).into_owned() + &stderr(&output);
    assert!(text.contains("aims.yaml:5"), "{text}");
}

/// The history cache as an attacker with write access to `.git` would read it...
fn read_cache(path: &Path) -> aims::history::cache::Cached {
    aims::history::cache::binary::decode(&std::fs::read(path).expect("cache written"))
        .expect("a cache file")
}

/// ...and write it back edited (unable to sign it with the user's key).
fn write_cache(path: &Path, cache: &aims::history::cache::Cached) {
    let bytes = aims::history::cache::binary::encode(&cache.contents()).expect("encodes");
    std::fs::write(path, bytes).expect("write");
}
