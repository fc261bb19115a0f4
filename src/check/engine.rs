//! Running the rules: schema validation first (once per document, in parallel), then
//! per-document rules in parallel, then whole-project rules; then severity overrides and
//! waivers from aims.yaml, and the findings about overrides and waivers that matched nothing.

use super::rules::{
    self, duplicate_key, expired_waiver, invalid_yaml, missing_frontmatter, schema_violation,
    unreadable_file, unsupported_yaml, unterminated_frontmatter, unused_override, unused_waiver,
};
use super::{Context, DocumentContext};
use crate::config::{Config, SeverityOverride};
use crate::diagnostic::{Diagnostic, sort_and_dedup};
use crate::load::frontmatter::SplitProblem;
use crate::load::references::Facts;
use crate::load::source::FileSource;
use crate::load::{Document, DocumentSet, LoadProblem};
use crate::schema::{SchemaFinding, SchemaSet};
use crate::yaml::YamlProblem;
use jiff::civil::Date;
use rayon::prelude::*;
use std::collections::{BTreeSet, HashSet};

/// What to check and how.
pub struct LintInput<'a> {
    pub config: &'a Config,
    pub documents: &'a DocumentSet,
    pub schemas: &'a SchemaSet,
    pub files: &'a dyn FileSource,
    pub today: Date,
    /// When set, only findings in these project-relative paths are reported; cross-document
    /// rules still see every document.
    pub only_paths: Option<&'a BTreeSet<String>>,
    /// Git history, for the 4xx rules.
    pub history: super::HistoryInput<'a>,
}

/// Findings plus the bookkeeping reports need.
#[derive(Debug, Default)]
pub struct LintOutcome {
    pub diagnostics: Vec<Diagnostic>,
    /// How many findings waivers suppressed.
    pub waived: usize,
}

/// Validates every document against its kind's schema.
pub fn schema_findings(documents: &DocumentSet, schemas: &SchemaSet) -> Vec<Vec<SchemaFinding>> {
    documents
        .documents
        .par_iter()
        .map(|document| match (document.frontmatter(), document.kind()) {
            (Some(front), Some(kind)) if schemas.has_kind(kind) => {
                schemas.validate(kind, &front.data)
            }
            _ => Vec::new(),
        })
        .collect()
}

/// Runs every rule and applies aims.yaml's overrides and waivers.
pub fn run(input: &LintInput<'_>) -> LintOutcome {
    let (findings, facts) = rayon::join(
        || schema_findings(input.documents, input.schemas),
        || {
            input
                .documents
                .documents
                .par_iter()
                .map(Facts::of)
                .collect::<Vec<_>>()
        },
    );
    let ctx = Context {
        config: input.config,
        documents: input.documents,
        schemas: input.schemas,
        catalog: crate::catalog::catalog(),
        today: input.today,
        files: input.files,
        history: input.history.facts(),
        history_error: input.history.error(),
    };
    let wanted = |path: &str| input.only_paths.is_none_or(|only| only.contains(path));

    let mut raw: Vec<Diagnostic> = input
        .documents
        .documents
        .par_iter()
        .zip(&findings)
        .zip(&facts)
        .filter(|((document, _), _)| wanted(&document.path))
        .flat_map_iter(|((document, schema_findings), facts)| {
            let doc = DocumentContext {
                ctx: &ctx,
                document,
                schema_findings,
                facts,
                status: ctx.history.and_then(|history| history.status(document)),
            };
            let mut out = Vec::new();
            out.extend(load_finding(document));
            out.extend(
                schema_findings
                    .iter()
                    .map(|finding| schema_violation::finding(document, finding)),
            );
            for registered in rules::RULES {
                registered.rule.check_document(&doc, &mut out);
            }
            out
        })
        .collect();
    let project: Vec<Diagnostic> = rules::RULES
        .par_iter()
        .flat_map_iter(|registered| {
            let mut out = Vec::new();
            registered.rule.check_project(&ctx, &mut out);
            out
        })
        .collect();
    raw.extend(project);

    let outcome = apply_config(input.config, input.today, raw, input.only_paths.is_some());
    let mut diagnostics: Vec<Diagnostic> = outcome
        .diagnostics
        .into_iter()
        .filter(|diagnostic| wanted(&diagnostic.path))
        .collect();
    sort_and_dedup(&mut diagnostics);
    LintOutcome {
        diagnostics,
        waived: outcome.waived,
    }
}

/// The loader's finding about `document`, when it could not be loaded; the wording is in the
/// file of the rule each problem belongs to.
fn load_finding(document: &Document) -> Option<Diagnostic> {
    let Err(problem) = &document.content else {
        return None;
    };
    Some(match problem {
        LoadProblem::Read(problem) => unreadable_file::read(document, problem),
        LoadProblem::Decode(problem) => unreadable_file::decode(document, problem),
        LoadProblem::Split(SplitProblem::Missing) => missing_frontmatter::finding(document, None),
        LoadProblem::Split(SplitProblem::MissingOpening { closing_line }) => {
            missing_frontmatter::finding(document, Some(*closing_line))
        }
        LoadProblem::Split(SplitProblem::Unterminated) => {
            unterminated_frontmatter::finding(document)
        }
        LoadProblem::Yaml(YamlProblem::Syntax { message, at }) => {
            invalid_yaml::finding(document, message, *at)
        }
        LoadProblem::Yaml(YamlProblem::DuplicateKey { at }) => {
            duplicate_key::finding(document, *at)
        }
        LoadProblem::Yaml(YamlProblem::Unsupported { message, at }) => {
            unsupported_yaml::finding(document, message, *at)
        }
    })
}

/// Applies severity overrides and waivers to raw findings. Staleness of overrides and waivers is
/// only judged on a complete run (`partial` false), since a partial run sees fewer findings.
pub fn apply_config(
    config: &Config,
    today: Date,
    raw: Vec<Diagnostic>,
    partial: bool,
) -> LintOutcome {
    let fired: HashSet<&'static str> = raw.iter().map(|diagnostic| diagnostic.code).collect();
    let mut waiver_used = vec![false; config.waivers.len()];
    let mut waived = 0;
    // Consumed, not cloned, and `out` grows only by what survives: on a large repository with
    // a rule turned off, most raw findings are dropped here.
    let mut out = Vec::new();
    for diagnostic in raw {
        if let Some(waiver_index) = config.waivers.iter().position(|waiver| {
            waiver.covers(&diagnostic) && waiver.expires.is_none_or(|expires| expires >= today)
        }) {
            waiver_used[waiver_index] = true;
            waived += 1;
            continue;
        }
        out.extend(overridden(config, diagnostic));
    }
    let mut meta = Vec::new();
    expired_waiver::check(config, today, &mut meta);
    if !partial {
        unused_override::check(config, &fired, &mut meta);
        // An expired waiver is reported as expired, not also as unused.
        let unused: Vec<bool> = waiver_used
            .iter()
            .zip(&config.waivers)
            .map(|(used, waiver)| *used || waiver.expires.is_some_and(|expires| expires < today))
            .collect();
        unused_waiver::check(config, &unused, &mut meta);
    }
    // Findings about aims.yaml itself cannot be waived, but their severity can be overridden.
    out.extend(
        meta.into_iter()
            .filter_map(|diagnostic| overridden(config, diagnostic)),
    );
    LintOutcome {
        diagnostics: out,
        waived,
    }
}

/// `diagnostic` at the severity aims.yaml sets for its code; `None` when the code is off.
fn overridden(config: &Config, mut diagnostic: Diagnostic) -> Option<Diagnostic> {
    match config.severity.get(diagnostic.code) {
        Some(SeverityOverride::Off) => return None,
        Some(SeverityOverride::Level(level)) => diagnostic.severity = *level,
        None => {}
    }
    Some(diagnostic)
}
