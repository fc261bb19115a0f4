//! The "Examples:" section at the end of every `--help`: real commands, one per line, each
//! with what it does (clap `after_help`). A test checks every command has one.

pub const AIMS: &str = "Examples:
  aims init my-aims --org \"Acme Ltd\"    write a starter AIMS
  aims lint                             check it
  aims explain AIMS401                  what a rule checks and how to fix it
  aims status --state overdue,changed   what needs attention
  aims demo                             a sample AIMS with 15 months of history";

pub const LINT: &str = "Examples:
  aims lint                               every document, with the history rules
  aims lint aims/policies                 only findings in these files (all are checked)
  aims lint --statistics                  how many findings per rule
  aims lint --quiet                       only what fails the run; nothing when it passes
  aims lint --staged                      the staged versions (pre-commit)
  aims lint --base origin/main --format github --sarif aims.sarif";

pub const EXPLAIN: &str = "Examples:
  aims explain                  every rule, by family
  aims explain AIMS401          one rule: what it checks, why, how to fix it
  aims explain not-approved     the same, by name";

pub const SCHEMA: &str = "Examples:
  aims schema risk              the JSON Schema of risk documents
  aims schema aims              the schema of aims.yaml
  aims schema --out .schemas    every schema, for your editor";

pub const INIT: &str = "Examples:
  aims init my-aims --org \"Acme Ltd\"   a new folder
  aims init --force                    here, overwriting files that exist";

pub const STATUS: &str = "Examples:
  aims status                                most urgent first
  aims status --state overdue,due-soon       reviews to do
  aims status --kind policy --owner cto@acme.example
  aims status --at v1.0 --format json        as it stood at a tag";

pub const LOG: &str = "Examples:
  aims log POL-001                       changes, approvals and reviews, newest first
  aims log aims/policies/ai-policy.md    the same, by path
  aims log POL-001 --format json";

pub const IMPACT: &str = "Examples:
  aims impact AIS-001                    risks, impact assessments, ... that depend on it
  aims impact aims/systems/ais-001.md    the same, by path
  aims impact AIS-001 --format json";

pub const APPROVE: &str = "Examples:
  aims approve POL-001 RISK-003     approve both as committed at HEAD
  aims approve --sign POL-001       signed with your git signing key";

pub const REVIEW: &str = "Examples:
  aims review PROC-004              record a periodic review with no change";

pub const ACCEPT: &str = "Examples:
  aims accept RISK-008              accept the residual risk as committed
  aims accept RISK-008 --sign       the same, in a signed commit";

pub const SITE: &str = "Examples:
  aims site                         build _site/ for auditors
  aims site --out public --at v1.0  as the documents stood at a tag
  aims site --since audit-2025      with a page of what changed since that tag";

pub const DIFF: &str = "Examples:
  aims diff audit-2025                   what changed since the last audit's tag
  aims diff v1.0 v2.0 --format markdown  to paste into an audit report
  aims diff HEAD~20 --format json";

pub const HOOK: &str = "Examples:
  aims hook install                 run `aims lint --staged` before each commit
  aims hook install --force         replace another hook (kept as a backup)";

pub const DEMO: &str = "Examples:
  aims demo                         create ./aims-demo and show what aims makes of it
  aims demo /tmp/demo --no-site     elsewhere, without building the site";

pub const GAP: &str = "Examples:
  aims gap                          the prioritised checklist, as Markdown
  aims gap --format csv --output gap.csv
  aims gap --at v1.0 --format json";

pub const IMPORT: &str = "Examples:
  aims import risk-register.xlsx --kind risk --dry-run       what would be written, and every problem
  aims import risk-register.xlsx --kind risk --mapping risks.mapping.yaml
  aims import soa.csv --kind soa                              rows become the SoA's annex_a entries
  aims import ../old-policies --kind policy                   Markdown files with their own frontmatter";

pub const EXPORT: &str = "Examples:
  aims export soa                          SoA-COMMIT.xlsx: a cover sheet and one row per control
  aims export risks --format csv -o risks.csv
  aims export gap --format md --at v1.0    the gap analysis as committed at a tag";

pub const REVIEW_PACK: &str = "Examples:
  aims review-pack                                 since the previous management review
  aims review-pack --format markdown > pack.md     for the review's minutes
  aims review-pack --since v2026.1                 since a tag (or commit, or branch)
  aims review-pack --since 2026-01-01 --format json";
