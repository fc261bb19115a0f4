#!/usr/bin/env python3
"""Generate a large, valid, deterministic AIMS repository for benchmarks.

usage: gen-synthetic.py DIR [--documents N] [--git]

The mix resembles a big AIMS: one SoA, a scope and policy, then AI systems, risks (each
referencing systems and Annex A controls), impact assessments, records with evidence files,
audits, reviews and nonconformities. It lints clean (so the benchmark measures checking, not
rendering thousands of findings).
"""
import argparse, os, random, subprocess, yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ANNEX = yaml.safe_load(open(os.path.join(HERE, "..", "src/catalog/data/iso42001-annex-a.yaml")))
CONTROLS = [c["id"] for c in ANNEX["annex_a_controls"]]
BODY = "\n".join(
    f"Paragraph {i}: the control owner reviews the model's behaviour against the acceptance "
    f"criteria, records the outcome, and escalates deviations to the AI lead." for i in range(12)
)

def front(fields):
    return "---\n" + "".join(f"{k}: {v}\n" for k, v in fields) + "---\n\n# Notes\n\n" + BODY + "\n"

def write(root, path, text):
    full = os.path.join(root, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w") as f:
        f.write(text)

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dir")
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--git", action="store_true")
    args = parser.parse_args()
    rnd = random.Random(42)
    root = args.dir
    n = args.documents
    write(root, "aims.yaml", 'organisation: Synthetic Ltd\ndocuments: ["aims/**/*.md"]\nroles:\n  lead: [lead@synthetic.example]\n# Fictional people: their .example addresses are not placeholders to replace.\nseverity:\n  AIMS208: off\n')
    common = [("owner", "lead@synthetic.example"), ("status", "active"), ("approvers", "[lead]")]
    systems = max(1, n // 10)
    risks = n // 2
    records = n - systems - risks - 4 - 3 * (n // 100)
    write(root, "aims/scope.md", front([("id", "SCOPE-001"), ("kind", "scope"), ("title", "Scope")] + common + [("ai_roles", "[provider]"), ("systems", "[AIS-0000]"), ("boundaries", "{included: [Everything]}")]))
    write(root, "aims/policy.md", front([("id", "POL-001"), ("kind", "policy"), ("title", "AI policy")] + common + [("policy_type", "ai")]))
    write(root, "aims/procedure.md", front([("id", "PROC-001"), ("kind", "procedure"), ("title", "Methods")] + common + [("clauses", '["6.1.1", "6.1.2", "7.2", "8.1", "9.1"]')]))
    soa = [("id", "SOA-001"), ("kind", "soa"), ("title", "SoA")] + common
    entries = "\n" + "\n".join(f"  - {{id: {c}, applicable: true, justification: Needed, status: implemented, implemented_by: [PROC-001]}}" for c in CONTROLS)
    write(root, "aims/soa.md", front(soa + [("annex_a", entries)]))
    for i in range(systems):
        write(root, f"aims/systems/AIS-{i:04}.md", front([("id", f"AIS-{i:04}"), ("kind", "ai-system"), ("title", f"System {i}")] + common + [
            ("purpose", "Score things."), ("ai_role", "provider"), ("lifecycle_stage", "operation-and-monitoring"),
            ("data_sources", "[{name: Data, personal_data: true}]"), ("eu_ai_act", "{risk_class: high}")]))
    for i in range(risks):
        sysref = f"AIS-{rnd.randrange(systems):04}"
        controls = ", ".join(rnd.sample(CONTROLS, 3))
        write(root, f"aims/risks/RISK-{i:05}.md", front([("id", f"RISK-{i:05}"), ("kind", "risk"), ("title", f"Risk {i}")] + common + [
            ("systems", f"[{sysref}]"), ("risk_source", "Data"), ("likelihood", rnd.randint(1, 5)), ("impact", rnd.randint(1, 5)),
            ("treatment", f"{{option: mitigate, controls: [{controls}]}}"), ("residual", "{likelihood: 1, impact: 2}")]))
    for i in range(records):
        write(root, f"evidence/rec-{i:05}.txt", f"evidence {i}\n")
        write(root, f"aims/records/REC-{i:05}.md", front([("id", f"REC-{i:05}"), ("kind", "record"), ("title", f"Record {i}")] + common + [
            ("date", '"2026-03-01"'), ("systems", f"[AIS-{rnd.randrange(systems):04}]"), ("evidence", f"[evidence/rec-{i:05}.txt]")]))
    for i in range(n // 100):
        write(root, f"aims/impact/AIIA-{i:04}.md", front([("id", f"AIIA-{i:04}"), ("kind", "impact-assessment"), ("title", f"Impact {i}")] + common + [
            ("systems", f"[AIS-{i % systems:04}]"), ("assessed_on", '"2026-02-01"'), ("affected", "[{party: Applicants, scope: individuals, impacts: [Harm], severity: high}]"), ("severity", "high")]))
        write(root, f"aims/audits/AUD-{i:04}.md", front([("id", f"AUD-{i:04}"), ("kind", "audit"), ("title", f"Audit {i}")] + common + [
            ("date", '"2026-05-01"'), ("auditor", "auditor@x.example"), ("scope", "All"), ("findings", f"[NC-{i:04}]")]))
        write(root, f"aims/nc/NC-{i:04}.md", front([("id", f"NC-{i:04}"), ("kind", "nonconformity"), ("title", f"NC {i}")] + common + [
            ("grade", "minor"), ("source", "internal-audit"), ("raised", '"2026-05-01"'), ("raised_in", f"AUD-{i:04}"), ("closed", '"2026-06-01"')]))
    write(root, "aims/objective.md", front([("id", "OBJ-001"), ("kind", "objective"), ("title", "Objective")] + common + [("kpis", "[{name: K, target: 1, unit: '%', frequency: monthly}]")]))
    write(root, "aims/review.md", front([("id", "MR-001"), ("kind", "management-review"), ("title", "Review")] + common + [("date", '"2026-07-01"'), ("attendees", "[CEO]"), ("inputs", "[{topic: Audits}]"), ("decisions", "[]")]))
    if args.git:
        env = dict(os.environ, GIT_AUTHOR_DATE="2026-01-01T00:00:00Z", GIT_COMMITTER_DATE="2026-01-01T00:00:00Z",
                   GIT_AUTHOR_NAME="Bench", GIT_AUTHOR_EMAIL="bench@synthetic.example", GIT_COMMITTER_NAME="Bench", GIT_COMMITTER_EMAIL="bench@synthetic.example")
        for command in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-qm", "Synthetic AIMS"]):
            subprocess.run(command, cwd=root, env=env, check=True)

if __name__ == "__main__":
    main()
