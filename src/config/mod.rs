//! `aims.yaml`: finding it, reading it with positions, validating it against its own JSON Schema
//! (unknown keys are errors at their line), and resolving roles, defaults, severity overrides,
//! waivers and custom kinds. The risk method (`risk:`) is read by [`risk`].

pub mod trust;

use crate::catalog::kinds::{BUILTIN_KINDS, CONFIG_SCHEMA, builtin};
use crate::diagnostic::OPENING_DELIMITER;
use crate::diagnostic::{Diagnostic, Severity, Span};
use crate::glob::build_globset;
use crate::schema::{self, CustomSchema, Target};
use crate::yaml::{self, PositionMap};
use globset::GlobSet;
use jiff::civil::Date;
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub mod risk;

/// The configuration file's name.
pub const CONFIG_FILE: &str = "aims.yaml";
/// The rule code of every configuration error.
pub const CONFIG_CODE: &str = "AIMS001";
/// Review cycle when neither the document nor aims.yaml sets one.
pub const DEFAULT_REVIEW_CYCLE: &str = "P12M";

/// Why the configuration could not be used; the command cannot run.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The folder to start from does not exist (or is not a folder).
    #[error("{} is not a folder (or does not exist)", start.display())]
    NoSuchFolder { start: PathBuf },
    /// No aims.yaml in the directory or any parent.
    #[error(
        "no {CONFIG_FILE} found in {} or any parent folder; run `aims init` to create a starter AIMS",
        start.display()
    )]
    NotFound { start: PathBuf },
    /// aims.yaml exists but could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Unreadable { path: PathBuf, source: Unreadable },
    /// aims.yaml was read but is wrong; the diagnostics point into it.
    #[error(
        "{CONFIG_FILE} is invalid ({}); nothing was checked",
        crate::text::count(diagnostics.len(), "error", "errors")
    )]
    Invalid {
        text: String,
        diagnostics: Vec<Diagnostic>,
    },
}

/// Why aims.yaml could not be read as text.
#[derive(Debug, thiserror::Error)]
pub enum Unreadable {
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Decode(#[from] crate::decode::DecodeProblem),
}

/// A per-code severity override.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeverityOverride {
    Off,
    Level(Severity),
}

/// An accepted finding.
#[derive(Debug, Clone)]
pub struct Waiver {
    pub code: String,
    pub paths: Vec<String>,
    path_set: GlobSet,
    pub ids: Vec<String>,
    pub reason: String,
    pub expires: Option<Date>,
    /// Where the waiver is written in aims.yaml.
    pub span: Span,
}

impl Waiver {
    /// Whether this waiver covers `diagnostic` (ignoring expiry).
    pub fn covers(&self, diagnostic: &Diagnostic) -> bool {
        if diagnostic.code != self.code {
            return false;
        }
        if self.paths.is_empty() && self.ids.is_empty() {
            return true;
        }
        let by_path = !self.paths.is_empty() && self.path_set.is_match(&diagnostic.path);
        let by_id = diagnostic
            .document_id
            .as_deref()
            .is_some_and(|id| self.ids.iter().any(|waived| waived == id));
        by_path || by_id
    }
}

/// A document kind defined in aims.yaml.
#[derive(Debug, Clone)]
pub struct CustomKind {
    pub name: String,
    pub prefix: String,
    pub title: String,
    pub schema_path: String,
    pub schema: Value,
    pub clauses: Vec<String>,
}

/// Defaults for a kind (or for all kinds).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindDefaults {
    pub review_cycle: Option<String>,
    pub approvers: Option<Vec<String>>,
    /// How long evidence files stay valid after their last commit (ISO 8601 duration), for
    /// evidence entries that set neither `valid_until` nor `refresh`.
    pub evidence_refresh: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDefaults {
    review_cycle: Option<String>,
    approvers: Option<Vec<String>>,
    evidence_refresh: Option<String>,
    #[serde(default)]
    kinds: BTreeMap<String, KindDefaults>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWaiver {
    code: String,
    #[serde(default)]
    paths: Vec<String>,
    #[serde(default)]
    ids: Vec<String>,
    reason: String,
    expires: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKind {
    schema: String,
    prefix: String,
    title: Option<String>,
    #[serde(default)]
    clauses: Vec<String>,
}

/// How approvals are recognised in history (`approval:` in aims.yaml).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApprovalPolicy {
    #[serde(default)]
    pub approved_by_trailer: bool,
    #[serde(default)]
    pub merge_commits: bool,
    #[serde(default)]
    pub require_signed: bool,
    #[serde(default)]
    pub allow_self_approval: bool,
    #[serde(default)]
    pub quorum: Quorum,
    /// Who approves changes to roles, aliases, approver defaults and this policy.
    #[serde(default)]
    pub config_approvers: Option<Vec<String>>,
}

/// How many of a document's approvers must approve a version.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Quorum {
    #[default]
    Any,
    All,
}

/// Certification milestones (`certification:` in aims.yaml), as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Certification {
    pub body: Option<String>,
    pub stage1: Option<String>,
    pub stage2: Option<String>,
    pub certificate_issued: Option<String>,
    pub next_surveillance: Option<String>,
    pub recertification: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReview {
    due_soon: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    organisation: Option<String>,
    documents: Option<Vec<String>>,
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default)]
    roles: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    aliases: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    defaults: RawDefaults,
    #[serde(default)]
    severity: BTreeMap<String, String>,
    #[serde(default)]
    waivers: Vec<RawWaiver>,
    #[serde(default)]
    kinds: BTreeMap<String, RawKind>,
    #[serde(default)]
    approval: ApprovalPolicy,
    #[serde(default)]
    review: RawReview,
    repo_url: Option<String>,
    #[serde(default)]
    certification: Certification,
    /// Read by [`risk::parse`].
    #[serde(default)]
    risk: Option<Value>,
}

/// The resolved configuration of one AIMS project.
#[derive(Debug, Clone)]
pub struct Config {
    /// The directory holding aims.yaml; every project path is relative to it.
    pub root: PathBuf,
    /// aims.yaml's text, for snippets.
    pub text: String,
    pub positions: PositionMap,
    pub organisation: Option<String>,
    pub documents: Vec<String>,
    pub exclude: Vec<String>,
    pub roles: BTreeMap<String, Vec<String>>,
    /// Email → other emails of the same person.
    pub aliases: BTreeMap<String, Vec<String>>,
    pub defaults: KindDefaults,
    pub kind_defaults: BTreeMap<String, KindDefaults>,
    pub severity: BTreeMap<String, SeverityOverride>,
    pub waivers: Vec<Waiver>,
    pub kinds: Vec<CustomKind>,
    pub approval: ApprovalPolicy,
    /// How long before a due date a review counts as due soon.
    pub review_due_soon: jiff::Span,
    /// The repository's web address, for links to commits and files.
    pub repo_url: Option<String>,
    pub certification: Certification,
    /// The risk method: scales, scoring, bands, appetite, categories.
    pub risk: risk::RiskScale,
}

/// Finds aims.yaml in `start` or the nearest parent directory.
pub fn find(start: &Path) -> Option<PathBuf> {
    let start = std::fs::canonicalize(start).unwrap_or_else(|_| start.to_path_buf());
    start
        .ancestors()
        .map(|dir| dir.join(CONFIG_FILE))
        .find(|candidate| candidate.is_file())
}

/// Whether a code names a rule. The rules live above the configuration (they read it), so
/// whoever loads aims.yaml passes their registry's answer in (`check::rules::is_code`).
pub type IsRuleCode = fn(&str) -> bool;

/// Finds and loads the configuration for a working directory.
pub fn discover(start: &Path, is_rule_code: IsRuleCode) -> Result<Config, ConfigError> {
    if !start.is_dir() {
        return Err(ConfigError::NoSuchFolder {
            start: start.to_path_buf(),
        });
    }
    let path = find(start).ok_or_else(|| ConfigError::NotFound {
        start: start.to_path_buf(),
    })?;
    load(&path, is_rule_code)
}

/// Reads and validates one aims.yaml.
pub fn load(path: &Path, is_rule_code: IsRuleCode) -> Result<Config, ConfigError> {
    let unreadable = |source: Unreadable| ConfigError::Unreadable {
        path: path.to_path_buf(),
        source,
    };
    let bytes = std::fs::read(path).map_err(|error| unreadable(error.into()))?;
    let root = path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let text = crate::decode::decode(bytes).map_err(|problem| unreadable(problem.into()))?;
    let read =
        |relative: &str| std::fs::read(root.join(relative)).map_err(|error| error.to_string());
    parse(&root, text, read, is_rule_code)
}

/// Parses configuration text; `read` fetches files it refers to (custom kind schemas).
pub fn parse(
    root: &Path,
    text: String,
    read: impl Fn(&str) -> Result<Vec<u8>, String>,
    is_rule_code: IsRuleCode,
) -> Result<Config, ConfigError> {
    let whole_file = Span::new(OPENING_DELIMITER.start, OPENING_DELIMITER.start);
    let located = match yaml::parse_mapping(&text, 1, whole_file) {
        Ok(located) => located,
        Err(problem) => {
            let at = problem.position();
            let message = match problem {
                yaml::YamlProblem::Syntax { message, .. } => format!("invalid YAML: {message}"),
                yaml::YamlProblem::DuplicateKey { .. } => {
                    "this key appears twice in the same mapping".to_owned()
                }
                yaml::YamlProblem::Unsupported { message, .. } => message,
            };
            let diagnostics = vec![error_at(Span::point(at), message, None)];
            return Err(ConfigError::Invalid { text, diagnostics });
        }
    };
    let mut errors = Vec::new();
    validate_against_schema(&located.value, &located.positions, &mut errors);
    if !errors.is_empty() {
        return Err(ConfigError::Invalid {
            text,
            diagnostics: errors,
        });
    }
    let raw: RawConfig = match serde_json::from_value(located.value.clone()) {
        Ok(raw) => raw,
        Err(error) => {
            let diagnostics = vec![error_at(OPENING_DELIMITER, error.to_string(), None)];
            return Err(ConfigError::Invalid { text, diagnostics });
        }
    };
    let positions = located.positions;
    let span = |pointer: &str| positions.span_for(pointer).unwrap_or(OPENING_DELIMITER);
    let key_span = |pointer: &str| positions.key_span(pointer).unwrap_or(OPENING_DELIMITER);

    // Globs must compile.
    let documents = raw.documents.unwrap_or_else(|| vec!["**/*.md".to_owned()]);
    for (field, globs) in [("documents", &documents), ("exclude", &raw.exclude)] {
        for (index, glob) in globs.iter().enumerate() {
            if let Err(error) = crate::glob::compile_glob(glob) {
                errors.push(error_at(
                    span(&format!("/{field}/{index}")),
                    format!("invalid glob `{glob}`: {}", error.kind()),
                    None,
                ));
            }
        }
    }

    // Kind defaults must name a kind.
    let custom_names: Vec<&str> = raw.kinds.keys().map(String::as_str).collect();
    for kind in raw.defaults.kinds.keys() {
        if builtin(kind).is_none() && !custom_names.contains(&kind.as_str()) {
            let known: Vec<&str> = BUILTIN_KINDS
                .iter()
                .map(|k| k.name)
                .chain(custom_names.iter().copied())
                .collect();
            errors.push(error_at(
                key_span(&yaml::pointer(["defaults", "kinds", kind])),
                format!("`{kind}` is not a document kind"),
                crate::text::did_you_mean(kind, known).map(|s| format!("did you mean `{s}`?")),
            ));
        }
    }
    let review_due_soon = match &raw.review.due_soon {
        None => crate::dates::default_due_soon(),
        Some(text) => crate::dates::parse_duration(text).unwrap_or_else(|| {
            errors.push(error_at(
                span("/review/due_soon"),
                format!("`{text}` is not a usable duration"),
                Some("write durations like P30D or P2W".to_owned()),
            ));
            crate::dates::default_due_soon()
        }),
    };
    let durations = [
        ("review_cycle", "review cycle"),
        ("evidence_refresh", "evidence refresh period"),
    ];
    for (field, what) in durations {
        let pick = |defaults: &KindDefaults| match field {
            "review_cycle" => defaults.review_cycle.clone(),
            _ => defaults.evidence_refresh.clone(),
        };
        let general = match field {
            "review_cycle" => raw.defaults.review_cycle.clone(),
            _ => raw.defaults.evidence_refresh.clone(),
        };
        let cycles = std::iter::once(("".to_owned(), general)).chain(
            raw.defaults
                .kinds
                .iter()
                .map(|(kind, defaults)| (kind.clone(), pick(defaults))),
        );
        for (kind, cycle) in cycles {
            if let Some(cycle) = cycle
                && crate::dates::parse_duration(&cycle).is_none()
            {
                let pointer = if kind.is_empty() {
                    yaml::pointer(["defaults", field])
                } else {
                    yaml::pointer(["defaults", "kinds", &kind, field])
                };
                errors.push(error_at(
                    span(&pointer),
                    format!("`{cycle}` is not a usable {what}"),
                    Some("write durations like P12M (12 months), P1Y, P6M or P90D".to_owned()),
                ));
            }
        }
    }

    // Severity overrides must name a rule.
    let mut severity = BTreeMap::new();
    for (code, level) in &raw.severity {
        if !is_rule_code(code) {
            errors.push(error_at(
                key_span(&yaml::pointer(["severity", code])),
                format!("`{code}` is not a rule code"),
                Some("`aims explain` lists every rule code".to_owned()),
            ));
            continue;
        }
        let level = match level.as_str() {
            "off" => SeverityOverride::Off,
            other => SeverityOverride::Level(Severity::parse(other).unwrap_or(Severity::Error)),
        };
        severity.insert(code.clone(), level);
    }

    // Waivers.
    let mut waivers = Vec::new();
    for (index, waiver) in raw.waivers.iter().enumerate() {
        let base = format!("/waivers/{index}");
        if !is_rule_code(&waiver.code) {
            errors.push(error_at(
                span(&format!("{base}/code")),
                format!("`{}` is not a rule code", waiver.code),
                None,
            ));
        }
        let path_set = match build_globset(&waiver.paths) {
            Ok(set) => set,
            Err(error) => {
                errors.push(error_at(
                    span(&format!("{base}/paths")),
                    format!("invalid glob: {}", error.kind()),
                    None,
                ));
                GlobSet::empty()
            }
        };
        let expires = match &waiver.expires {
            Some(text) => match text.parse::<Date>() {
                Ok(date) => Some(date),
                Err(_) => {
                    errors.push(error_at(
                        span(&format!("{base}/expires")),
                        format!("`{text}` is not a valid date"),
                        Some("write dates as YYYY-MM-DD".to_owned()),
                    ));
                    None
                }
            },
            None => None,
        };
        waivers.push(Waiver {
            code: waiver.code.clone(),
            paths: waiver.paths.clone(),
            path_set,
            ids: waiver.ids.clone(),
            reason: waiver.reason.clone(),
            expires,
            span: key_span(&base),
        });
    }

    // The risk method.
    let mut risk_problems = Vec::new();
    let risk = risk::parse(raw.risk.as_ref(), span, &mut risk_problems);
    for (at, message, help) in risk_problems {
        errors.push(error_at(at, message, help));
    }

    // Custom kinds.
    let mut kinds = Vec::new();
    for (name, kind) in &raw.kinds {
        let base = yaml::pointer(["kinds", name]);
        if builtin(name).is_some() {
            errors.push(error_at(
                key_span(&base),
                format!("`{name}` is a built-in kind and cannot be redefined"),
                Some("choose another name for your kind".to_owned()),
            ));
            continue;
        }
        if let Some(clash) = BUILTIN_KINDS.iter().find(|b| b.prefix == kind.prefix) {
            errors.push(error_at(
                span(&format!("{base}/prefix")),
                format!(
                    "prefix `{}` is already used by the built-in kind `{}`",
                    kind.prefix, clash.name
                ),
                None,
            ));
        }
        for (index, clause) in kind.clauses.iter().enumerate() {
            if crate::catalog::catalog().clause(clause).is_none() {
                errors.push(error_at(
                    span(&format!("{base}/clauses/{index}")),
                    format!("`{clause}` is not an ISO/IEC 42001 clause"),
                    None,
                ));
            }
        }
        let schema_span = span(&format!("{base}/schema"));
        let schema = match read(&kind.schema) {
            Err(message) => {
                errors.push(error_at(
                    schema_span,
                    format!("cannot read schema `{}`: {message}", kind.schema),
                    None,
                ));
                continue;
            }
            Ok(bytes) => match serde_json::from_slice::<Value>(&bytes) {
                Ok(value) => value,
                Err(error) => {
                    errors.push(error_at(
                        schema_span,
                        format!("schema `{}` is not valid JSON: {error}", kind.schema),
                        None,
                    ));
                    continue;
                }
            },
        };
        kinds.push(CustomKind {
            name: name.clone(),
            prefix: kind.prefix.clone(),
            title: kind.title.clone().unwrap_or_else(|| name.clone()),
            schema_path: kind.schema.clone(),
            schema,
            clauses: kind.clauses.clone(),
        });
    }
    if errors.is_empty()
        && !kinds.is_empty()
        && let Err(error) = schema::SchemaSet::compile(&custom_schemas(&kinds))
    {
        let at = raw
            .kinds
            .keys()
            .find(|name| **name == error.kind)
            .map(|name| span(&format!("{}/schema", yaml::pointer(["kinds", name]))))
            .unwrap_or(OPENING_DELIMITER);
        errors.push(error_at(at, error.to_string(), None));
    }

    if !errors.is_empty() {
        return Err(ConfigError::Invalid {
            text,
            diagnostics: errors,
        });
    }
    Ok(Config {
        root: root.to_path_buf(),
        text,
        positions,
        organisation: raw.organisation,
        documents,
        exclude: raw.exclude,
        roles: raw.roles,
        aliases: raw.aliases,
        defaults: KindDefaults {
            review_cycle: raw.defaults.review_cycle,
            approvers: raw.defaults.approvers,
            evidence_refresh: raw.defaults.evidence_refresh,
        },
        kind_defaults: raw.defaults.kinds,
        severity,
        waivers,
        kinds,
        approval: raw.approval,
        review_due_soon,
        repo_url: raw.repo_url.map(|url| url.trim_end_matches('/').to_owned()),
        certification: raw.certification,
        risk,
    })
}

/// The custom kinds' schemas in the form the schema compiler takes.
pub fn custom_schemas(kinds: &[CustomKind]) -> Vec<CustomSchema> {
    kinds
        .iter()
        .map(|kind| CustomSchema {
            kind: kind.name.clone(),
            schema: kind.schema.clone(),
        })
        .collect()
}

fn validate_against_schema(value: &Value, positions: &PositionMap, out: &mut Vec<Diagnostic>) {
    let Ok(config_schema) = serde_json::from_str::<Value>(CONFIG_SCHEMA) else {
        return;
    };
    let Ok(registry) = schema::registry(&[]) else {
        return;
    };
    let Ok(validator) =
        schema::compile_one("aims.yaml", &config_schema, "aims.schema.json", &registry)
    else {
        return;
    };
    let empty = Value::Null;
    let mut findings = Vec::new();
    for error in validator.iter_errors(value) {
        schema::explain(
            &error,
            value,
            |pointer| schema::property_names(&config_schema, &empty, pointer),
            |pointer| schema::describe_field(&config_schema, &empty, pointer),
            &mut findings,
        );
    }
    for finding in findings {
        let span = match finding.target {
            Target::Value => positions.span_for(&finding.pointer),
            Target::Key => positions.key_span(&finding.pointer),
        }
        .unwrap_or(OPENING_DELIMITER);
        let message = finding.message.replace("unknown field", "unknown key");
        out.push(error_at(span, message, finding.help));
    }
}

fn error_at(span: Span, message: impl Into<String>, help: Option<String>) -> Diagnostic {
    let mut diagnostic = Diagnostic::new(CONFIG_CODE, Severity::Error, CONFIG_FILE, span, message);
    diagnostic.help = help;
    diagnostic
}

impl Config {
    /// A configuration with every default, rooted at `root` (used by tests and `init`).
    pub fn defaults_at(root: &Path) -> Config {
        // Empty text names no rule codes, so no registry is needed to check them.
        parse(
            root,
            String::new(),
            |_| Err("no files".to_owned()),
            |_| true,
        )
        .unwrap_or_else(|_| Config {
            root: root.to_path_buf(),
            text: String::new(),
            positions: PositionMap::default(),
            organisation: None,
            documents: vec!["**/*.md".to_owned()],
            exclude: Vec::new(),
            roles: BTreeMap::new(),
            aliases: BTreeMap::new(),
            defaults: KindDefaults::default(),
            kind_defaults: BTreeMap::new(),
            severity: BTreeMap::new(),
            waivers: Vec::new(),
            kinds: Vec::new(),
            approval: ApprovalPolicy::default(),
            review_due_soon: crate::dates::default_due_soon(),
            repo_url: None,
            certification: Certification::default(),
            risk: risk::RiskScale::default(),
        })
    }

    /// The span of a node in aims.yaml.
    pub fn span(&self, pointer: &str) -> Span {
        self.positions
            .span_for(pointer)
            .unwrap_or(OPENING_DELIMITER)
    }

    pub fn key_span(&self, pointer: &str) -> Span {
        self.positions
            .key_span(pointer)
            .unwrap_or(OPENING_DELIMITER)
    }

    pub fn is_role(&self, name: &str) -> bool {
        self.roles.contains_key(name)
    }

    /// The emails an identity stands for: a role's members, or the email itself.
    pub fn emails_for<'a>(&'a self, identity: &'a str) -> Vec<&'a str> {
        match self.roles.get(identity) {
            Some(emails) => emails.iter().map(String::as_str).collect(),
            None if identity.contains('@') => vec![identity],
            None => Vec::new(),
        }
    }

    /// The review cycle text that applies to a document of `kind` that sets `own`.
    pub fn review_cycle<'a>(&'a self, kind: &str, own: Option<&'a str>) -> &'a str {
        own.or_else(|| {
            self.kind_defaults
                .get(kind)
                .and_then(|defaults| defaults.review_cycle.as_deref())
        })
        .or(self.defaults.review_cycle.as_deref())
        .unwrap_or(DEFAULT_REVIEW_CYCLE)
    }

    /// How long evidence of a document of `kind` stays valid after its last commit, when the
    /// entry says nothing: the kind's `evidence_refresh` default, else the general one.
    pub fn evidence_refresh(&self, kind: &str) -> Option<&str> {
        self.kind_defaults
            .get(kind)
            .and_then(|defaults| defaults.evidence_refresh.as_deref())
            .or(self.defaults.evidence_refresh.as_deref())
    }

    /// The approvers that apply to a document of `kind` that lists `own`.
    pub fn approvers<'a>(&'a self, kind: &str, own: Option<Vec<&'a str>>) -> Vec<&'a str> {
        if let Some(own) = own
            && !own.is_empty()
        {
            return own;
        }
        self.kind_defaults
            .get(kind)
            .and_then(|defaults| defaults.approvers.as_ref())
            .or(self.defaults.approvers.as_ref())
            .map(|list| list.iter().map(String::as_str).collect())
            .unwrap_or_default()
    }

    pub fn custom_kind(&self, name: &str) -> Option<&CustomKind> {
        self.kinds.iter().find(|kind| kind.name == name)
    }

    /// The id prefix documents of `kind` use.
    pub fn prefix_for(&self, kind: &str) -> Option<&str> {
        builtin(kind)
            .map(|builtin| builtin.prefix)
            .or_else(|| self.custom_kind(kind).map(|custom| custom.prefix.as_str()))
    }

    /// All kind names, built-in first.
    pub fn kind_names(&self) -> Vec<&str> {
        BUILTIN_KINDS
            .iter()
            .map(|kind| kind.name)
            .chain(self.kinds.iter().map(|kind| kind.name.as_str()))
            .collect()
    }
}

#[cfg(test)]
mod tests;
