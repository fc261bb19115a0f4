//! Residual-risk acceptance from git (`aims accept`, AIMS414) on scripted histories with pinned
//! dates, tried as an attacker would: the acceptance counts only when the person the risk's
//! last approved version names under `acceptance.by` accepts exactly the current version. An
//! approver who is not that person, a hand-written trailer, a change that names its own
//! acceptor, the author of the change, and an older version's acceptance all do not count.

use crate::common::*;
use serde_json::Value;
use std::path::Path;

const LEAD: (&str, &str) = ("Lee Lead", "lead@base.example");
const AUTHOR: (&str, &str) = ("Test Author", "author@base.example");

/// The base AIMS with its risk treated by acceptance (the AI lead must accept it), every
/// document approved by the CEO on 2 January 2026.
fn accepted_risk_project() -> tempfile::TempDir {
    let project = committed_base();
    let root = project.path();
    let path = root.join("aims/risk.md");
    let text = std::fs::read_to_string(&path).expect("risk");
    let text = text
        .replace("  option: mitigate", "  option: accept")
        .replacen(
            "residual:\n  likelihood: 2\n  impact: 4\n---",
            "residual:\n  likelihood: 2\n  impact: 4\nacceptance:\n  by: ai-lead\n  rationale: Residual 8 is proportionate while the fairness tests run monthly.\n---",
            1,
        );
    assert!(text.contains("by: ai-lead"), "{text}");
    std::fs::write(&path, text).expect("write");
    git_at(
        root,
        &["commit", "-q", "-am", "Accept the ranking risk"],
        "2026-01-01T12:00:00+00:00",
    );
    approve_base(root, "2026-01-02T10:00:00+00:00");
    project
}

/// `aims ARGS` as `who` at `when`: (exit code, stdout, stderr).
fn aims_as(root: &Path, who: (&str, &str), when: &str, args: &[&str]) -> (i32, String, String) {
    git(root, &["config", "user.name", who.0]);
    git(root, &["config", "user.email", who.1]);
    let output = aims(root)
        .args(args)
        .args(["--today", TODAY])
        .env("GIT_AUTHOR_DATE", when)
        .env("GIT_COMMITTER_DATE", when)
        .output()
        .expect("aims runs");
    (
        output.status.code().expect("exit code"),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// `git ARGS` with `who` as author and committer at `when` (the shared helpers commit as the
/// fixture author).
fn git_as(root: &Path, who: (&str, &str), when: &str, args: &[&str]) {
    let home = root.join(".test-home");
    let status = std::process::Command::new("git")
        .args(args)
        .current_dir(root)
        .env("HOME", &home)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", home.join("gitconfig"))
        .env("GIT_AUTHOR_NAME", who.0)
        .env("GIT_AUTHOR_EMAIL", who.1)
        .env("GIT_COMMITTER_NAME", who.0)
        .env("GIT_COMMITTER_EMAIL", who.1)
        .env("GIT_AUTHOR_DATE", when)
        .env("GIT_COMMITTER_DATE", when)
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?} failed");
}

/// An `Accepts:` commit written by hand as `who`, bypassing `aims accept`.
fn forged_acceptance(root: &Path, who: (&str, &str), when: &str) {
    let blob = git(root, &["rev-parse", "HEAD:aims/risk.md"]);
    let trailer = format!("Accepts: RISK-001 <{}>", blob.trim());
    git_as(
        root,
        who,
        when,
        &[
            "commit",
            "-q",
            "--allow-empty",
            "-m",
            "Accept the residual risk of RISK-001",
            "-m",
            &trailer,
        ],
    );
}

fn acceptance_findings(root: &Path) -> Vec<Value> {
    let (_, report) = lint_json(root, &[]);
    report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == "AIMS414")
        .cloned()
        .collect()
}

fn risk_status(root: &Path) -> Value {
    let out = aims_ok(root, &["status", "--format", "json", "--today", TODAY]);
    let status: Value = serde_json::from_str(&out).expect("json");
    status["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .find(|d| d["id"] == "RISK-001")
        .expect("RISK-001")
        .clone()
}

fn head(root: &Path) -> String {
    git(root, &["rev-parse", "HEAD"]).trim().to_owned()
}

#[test]
fn an_acceptance_by_the_named_role_counts_and_an_approvers_does_not() {
    let project = accepted_risk_project();
    let root = project.path();
    let found = acceptance_findings(root);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("its treatment option is `accept`"),
        "{found:#?}"
    );
    assert_eq!(found[0]["help"], "ai-lead runs `aims accept RISK-001`");
    let gap = aims_ok(root, &["gap", "--today", TODAY]);
    assert!(
        gap.contains("RISK-001 needs acceptance"),
        "gap analysis does not list the missing acceptance:\n{gap}"
    );

    // The CEO may approve the risk, but the risk names the AI lead to accept it.
    let before = head(root);
    let (code, _, stderr) = aims_as(
        root,
        BASE_CEO,
        "2026-01-03T10:00:00+00:00",
        &["accept", "RISK-001"],
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("ceo@base.example may not accept RISK-001")
            && stderr
                .contains("not among those who may accept this risk: ai-lead (lead@base.example)"),
        "{stderr}"
    );
    assert_eq!(head(root), before, "a refused acceptance wrote a commit");

    // Written by hand, the same acceptance is recorded but does not count.
    forged_acceptance(root, BASE_CEO, "2026-01-03T11:00:00+00:00");
    let found = acceptance_findings(root);
    assert_eq!(found.len(), 1, "{found:#?}");
    let message = found[0]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("the acceptance by ceo@base.example on 2026-01-03")
            && message
                .contains("does not count: ceo@base.example is not among those who may accept it"),
        "{message}"
    );

    let (code, stdout, stderr) = aims_as(
        root,
        LEAD,
        "2026-01-04T10:00:00+00:00",
        &["accept", "RISK-001"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.starts_with("accepted the residual risk of RISK-001 (aims/risk.md) at version "),
        "{stdout}"
    );
    let message = git(root, &["log", "-1", "--format=%B"]);
    let blob = git(root, &["rev-parse", "HEAD:aims/risk.md"]);
    assert!(
        message.contains(&format!("Accepts: RISK-001 <{}>", blob.trim())),
        "{message}"
    );
    assert!(acceptance_findings(root).is_empty());

    let status = risk_status(root);
    assert_eq!(status["acceptors"], serde_json::json!(["ai-lead"]));
    let acceptances = status["acceptances"].as_array().expect("acceptances");
    let summary: Vec<(String, bool, bool)> = acceptances
        .iter()
        .map(|a| {
            (
                a["email"].as_str().unwrap_or_default().to_owned(),
                a["counts"] == true,
                a["current"] == true,
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            ("ceo@base.example".to_owned(), false, true),
            ("lead@base.example".to_owned(), true, true)
        ]
    );
    // Once is enough: a second acceptance of the same version is refused.
    let (code, _, stderr) = aims_as(
        root,
        LEAD,
        "2026-01-05T10:00:00+00:00",
        &["accept", "RISK-001"],
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains(
            "RISK-001 is already accepted at this version: by lead@base.example on 2026-01-04"
        ),
        "{stderr}"
    );

    let gap = aims_ok(root, &["gap", "--today", TODAY]);
    assert!(!gap.contains("RISK-001 needs acceptance"), "{gap}");
    let register = site_page(root, "risks.html");
    assert!(
        register.contains(
            r#"<span class="badge ok">accepted</span> lead@base.example on 2026-01-04 (unsigned)"#
        ),
        "{register}"
    );
    let page = site_page(root, "documents/RISK-001.html");
    assert!(
        page.contains("risk acceptance"),
        "the document page's trail lacks the acceptance"
    );
}

#[test]
fn an_acceptance_is_of_one_version_of_the_risk() {
    let project = accepted_risk_project();
    let root = project.path();
    let (code, _, stderr) = aims_as(
        root,
        LEAD,
        "2026-01-04T10:00:00+00:00",
        &["accept", "RISK-001"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(acceptance_findings(root).is_empty());

    // A new residual estimate, approved by the CEO: the old acceptance no longer covers it.
    let path = root.join("aims/risk.md");
    let text = std::fs::read_to_string(&path).expect("risk").replacen(
        "  likelihood: 2\n",
        "  likelihood: 3\n",
        1,
    );
    std::fs::write(&path, text).expect("write");
    git_at(
        root,
        &["commit", "-q", "-am", "Re-estimate the residual risk"],
        "2026-02-01T10:00:00+00:00",
    );
    as_base_ceo(root, "2026-02-02T10:00:00+00:00", &["approve", "RISK-001"]);
    let found = acceptance_findings(root);
    assert_eq!(found.len(), 1, "{found:#?}");
    let message = found[0]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("the last acceptance, by lead@base.example on 2026-01-04")
            && message.ends_with("is of an earlier version"),
        "{message}"
    );
    let register = site_page(root, "risks.html");
    assert!(
        register.contains("not accepted in git; requested from ai-lead"),
        "{register}"
    );
}

#[test]
fn a_change_cannot_name_its_own_acceptor_and_its_author_cannot_accept_it() {
    let project = accepted_risk_project();
    let root = project.path();
    // The fixture author rewrites the request to name themself, then accepts.
    let path = root.join("aims/risk.md");
    let text = std::fs::read_to_string(&path)
        .expect("risk")
        .replace("  by: ai-lead", "  by: author@base.example");
    std::fs::write(&path, text).expect("write");
    git_at(
        root,
        &["commit", "-q", "-am", "Who accepts"],
        "2026-01-05T10:00:00+00:00",
    );
    let (code, _, stderr) = aims_as(
        root,
        AUTHOR,
        "2026-01-05T11:00:00+00:00",
        &["accept", "RISK-001"],
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("named as someone who may accept this risk only by the change itself; those who may accept it: ai-lead"),
        "{stderr}"
    );
    forged_acceptance(root, AUTHOR, "2026-01-05T12:00:00+00:00");
    let found = acceptance_findings(root);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0]["message"].as_str().unwrap_or_default().contains(
            "author@base.example is named as someone who may accept this risk only by the change under approval"
        ),
        "{found:#?}"
    );

    // The AI lead, entitled to accept, edits the risk and may then not accept it themself.
    let text = std::fs::read_to_string(&path)
        .expect("risk")
        .replace("  by: author@base.example", "  by: ai-lead");
    std::fs::write(&path, text).expect("write");
    git_as(
        root,
        LEAD,
        "2026-01-06T10:00:00+00:00",
        &["commit", "-q", "-am", "Restore the acceptor"],
    );
    let (code, _, stderr) = aims_as(
        root,
        LEAD,
        "2026-01-06T11:00:00+00:00",
        &["accept", "RISK-001"],
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("self-approval") || stderr.contains("you changed it"),
        "{stderr}"
    );
}

#[test]
fn only_risks_are_accepted() {
    let project = accepted_risk_project();
    let root = project.path();
    let before = head(root);
    let (code, _, stderr) = aims_as(
        root,
        LEAD,
        "2026-01-04T10:00:00+00:00",
        &["accept", "POL-001"],
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("POL-001 is a policy, not a risk"),
        "{stderr}"
    );
    assert_eq!(head(root), before);
}
