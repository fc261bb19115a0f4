//! Coverage of the AI-system inventory: which AI systems are in use, which risk assessments,
//! impact assessments and scopes list each one, and, for EU AI Act high-risk systems with
//! provider obligations, which documents say they address the technical documentation
//! (Art. 11, Annex IV) or post-market monitoring (Art. 72). Rules AIMS313–AIMS316 report the
//! gaps; the gap analysis lowers clauses 4.3, 6.1.4, 8.2 and 8.4 with the same facts.

use crate::catalog::frameworks::framework_by_name;
use crate::load::references::{reference_id, references, values_at};
use crate::load::{Document, DocumentSet};
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};

/// Life-cycle stages (ISO/IEC 22989, the schema's `lifecycle_stage`) of a system that is not
/// in use: still planned or being built and tested, or withdrawn.
pub const NOT_IN_USE_STAGES: &[&str] = &[
    "inception",
    "design-and-development",
    "verification-and-validation",
    "retirement",
];

/// Whether an inventory entry describes an AI system in use: an `ai-system` document with
/// `status: active`, not a worked example, whose `lifecycle_stage` is not one of
/// [`NOT_IN_USE_STAGES`] (so deployment, operation-and-monitoring or re-evaluation; a missing
/// or unknown stage, which the schema rule reports, counts as in use).
pub fn in_use(system: &Document) -> bool {
    system.kind() == Some("ai-system")
        && system.is_active()
        && !system.is_example()
        && !system
            .str_at("/lifecycle_stage")
            .is_some_and(|stage| NOT_IN_USE_STAGES.contains(&stage))
}

/// The AI systems in use, with their ids, in path order, except those an active scope
/// excludes by naming their id in a `boundaries.excluded` item (with its justification): the
/// AIMS does not cover them, so nothing is asked of them.
pub fn systems_in_use(documents: &DocumentSet) -> Vec<(&str, &Document)> {
    let excluded = excluded_from_scope(documents);
    documents
        .of_kind("ai-system")
        .filter(|system| in_use(system))
        .filter_map(|system| Some((system.id()?, system)))
        .filter(|(id, _)| !excluded.contains(id))
        .collect()
}

/// The words of active scopes' `boundaries.excluded[].item` texts, as possible system ids.
fn excluded_from_scope(documents: &DocumentSet) -> BTreeSet<&str> {
    documents
        .of_kind("scope")
        .filter(|scope| scope.is_active() && !scope.is_example())
        .filter_map(|scope| scope.frontmatter())
        .flat_map(|front| values_at(&front.data, "/boundaries/excluded/*/item"))
        .filter_map(|(_, item)| item.as_str())
        .flat_map(|text| {
            text.split(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
                .map(|word| word.trim_end_matches('.'))
        })
        .filter(|word| !word.is_empty())
        .collect()
}

/// The AI systems in use that no active document of `kind` lists in `systems`, with the
/// documents not yet in force that do.
pub fn uncovered<'d>(
    documents: &'d DocumentSet,
    kind: &str,
) -> Vec<(&'d str, &'d Document, Vec<&'d str>)> {
    let coverage = Coverage::of_kind(documents, kind);
    systems_in_use(documents)
        .into_iter()
        .filter(|(id, _)| !coverage.covers(id))
        .map(|(id, system)| (id, system, coverage.drafts(id).to_vec()))
        .collect()
}

/// How a finding names the system's state: its life-cycle stage, or its status.
pub fn stage(system: &Document) -> &str {
    system.str_at("/lifecycle_stage").unwrap_or("active")
}

/// The ids a document lists under `systems`.
fn listed_systems(document: &Document) -> impl Iterator<Item = &str> {
    document
        .get("/systems")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
}

/// Which documents of one kind list each AI system in their `systems`. Only documents in force
/// (`status: active`, not worked examples) cover a system; drafts are kept apart so a finding
/// can name them.
#[derive(Debug, Default)]
pub struct Coverage<'d> {
    active: HashMap<&'d str, Vec<&'d str>>,
    drafts: HashMap<&'d str, Vec<&'d str>>,
    /// Whether any document of the kind exists that is not retired and not an example.
    pub any: bool,
}

impl<'d> Coverage<'d> {
    pub fn of_kind(documents: &'d DocumentSet, kind: &str) -> Coverage<'d> {
        let mut coverage = Coverage::default();
        for document in documents.loaded() {
            if document.kind() != Some(kind) || document.is_retired() || document.is_example() {
                continue;
            }
            coverage.any = true;
            let name = document.id().unwrap_or(document.path.as_str());
            let into = if document.is_active() {
                &mut coverage.active
            } else {
                &mut coverage.drafts
            };
            for system in listed_systems(document) {
                let names = into.entry(system).or_default();
                if !names.contains(&name) {
                    names.push(name);
                }
            }
        }
        coverage
    }

    /// Whether an active document lists `system`.
    pub fn covers(&self, system: &str) -> bool {
        self.active.contains_key(system)
    }

    /// The ids of documents not yet in force (not active, not retired) listing `system`.
    pub fn drafts(&self, system: &str) -> &[&'d str] {
        self.drafts
            .get(system)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }
}

/// `; RISK-011 lists it but is not active yet`, the same for several, or nothing: for the help
/// text, so that the message stays the same while drafts come and go (the import compares
/// findings before and after by message).
pub fn drafts_note(drafts: &[&str]) -> String {
    match drafts {
        [] => String::new(),
        [one] => format!("; {one} lists it but is not active yet"),
        many => format!("; {} list it but are not active yet", many.join(", ")),
    }
}

/// A provider obligation of the EU AI Act for high-risk AI systems that AIMS316 looks for
/// (indicatively).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Obligation {
    /// Art. 11 and Annex IV.
    TechnicalDocumentation,
    /// Art. 72 (also Annex IV point 9 and Art. 17(1)(h)).
    PostMarketMonitoring,
}

impl Obligation {
    pub const ALL: [Obligation; 2] = [
        Obligation::TechnicalDocumentation,
        Obligation::PostMarketMonitoring,
    ];

    /// What it is called in messages.
    pub fn label(self) -> &'static str {
        match self {
            Obligation::TechnicalDocumentation => "technical documentation (Art. 11, Annex IV)",
            Obligation::PostMarketMonitoring => "post-market monitoring (Art. 72)",
        }
    }

    /// A reference id a document can list for it, for help texts.
    pub fn example_id(self) -> &'static str {
        match self {
            Obligation::TechnicalDocumentation => "Annex IV(2)",
            Obligation::PostMarketMonitoring => "72",
        }
    }

    /// Which obligation an EU AI Act reference id points to: Art. 11 (any paragraph) or
    /// Annex IV (whole, or points 1–8) for technical documentation; Art. 72 (any paragraph),
    /// Annex IV(9) or Art. 17(1)(h) for post-market monitoring. Ids are read as
    /// [`crate::catalog::frameworks::Framework::resolve`] reads them (`Art. 11`, `Annex IV(9)`,
    /// `IV(2)`, `72(1)`); anything else is `None`.
    pub fn of_reference(id: &str) -> Option<Obligation> {
        let compact: String = id
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_lowercase();
        let (annex, rest) = match compact.strip_prefix("annex") {
            Some(rest) => (true, rest),
            None => (false, compact.as_str()),
        };
        if let Some(point) = rest.strip_prefix("iv") {
            return if point.is_empty() {
                Some(Obligation::TechnicalDocumentation)
            } else if point == "(9)" || point.starts_with("(9)(") {
                Some(Obligation::PostMarketMonitoring)
            } else if point.starts_with('(') {
                Some(Obligation::TechnicalDocumentation)
            } else {
                None
            };
        }
        if annex {
            return None;
        }
        let rest = rest
            .strip_prefix("article")
            .or_else(|| rest.strip_prefix("art."))
            .or_else(|| rest.strip_prefix("art"))
            .unwrap_or(rest);
        let number: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let paragraphs = &rest[number.len()..];
        match number.as_str() {
            "11" => Some(Obligation::TechnicalDocumentation),
            "72" => Some(Obligation::PostMarketMonitoring),
            "17" if paragraphs.starts_with("(1)(h)") => Some(Obligation::PostMarketMonitoring),
            _ => None,
        }
    }
}

/// Whether the EU AI Act's provider obligations for high-risk systems apply to `system` as
/// its inventory entry describes it: `eu_ai_act.risk_class: high`, and `eu_ai_act.role`
/// provider or product-manufacturer (or, without a role there, `ai_role` provider or
/// producer). Deployers, importers and distributors have other obligations.
pub fn high_risk_provider(system: &Document) -> bool {
    if system.str_at("/eu_ai_act/risk_class") != Some("high") {
        return false;
    }
    match system.str_at("/eu_ai_act/role") {
        Some(role) => matches!(role, "provider" | "product-manufacturer"),
        None => matches!(system.str_at("/ai_role"), Some("provider" | "producer")),
    }
}

/// The obligations a document's own `references` (framework `eu-ai-act`) say it addresses.
fn addressed(document: &Document) -> BTreeSet<Obligation> {
    let Some(front) = document.frontmatter() else {
        return BTreeSet::new();
    };
    values_at(&front.data, "/references/*")
        .into_iter()
        .filter(|(_, entry)| {
            entry
                .get("framework")
                .and_then(Value::as_str)
                .and_then(framework_by_name)
                .is_some_and(|framework| framework.key == "eu-ai-act")
        })
        .filter_map(|(_, entry)| {
            let id = reference_id(entry)?;
            let framework = framework_by_name("eu-ai-act")?;
            framework.resolve(&id)?;
            Obligation::of_reference(&id)
        })
        .collect()
}

/// For each AI system, the documents in force that say they address an [`Obligation`] for it:
/// the system's own inventory entry, or a document that refers to the system (any reference
/// field: `systems`, `related`, ...), listing an EU AI Act reference for the obligation.
#[derive(Debug, Default)]
pub struct ActEvidence<'d> {
    by_system: HashMap<(&'d str, Obligation), Vec<&'d str>>,
}

impl<'d> ActEvidence<'d> {
    pub fn index(documents: &'d DocumentSet) -> ActEvidence<'d> {
        let mut evidence = ActEvidence::default();
        for document in documents.loaded() {
            if !document.is_active() || document.is_example() {
                continue;
            }
            let obligations = addressed(document);
            if obligations.is_empty() {
                continue;
            }
            let name = document.id().unwrap_or(document.path.as_str());
            let mut systems: BTreeSet<&str> = references(document)
                .into_iter()
                .map(|reference| reference.id)
                .collect();
            if document.kind() == Some("ai-system")
                && let Some(id) = document.id()
            {
                systems.insert(id);
            }
            for system in systems {
                for &obligation in &obligations {
                    let names = evidence.by_system.entry((system, obligation)).or_default();
                    if !names.contains(&name) {
                        names.push(name);
                    }
                }
            }
        }
        evidence
    }

    /// Whether a document in force addresses `obligation` for `system`.
    pub fn has(&self, system: &str, obligation: Obligation) -> bool {
        self.by_system.contains_key(&(system, obligation))
    }

    /// The obligations not addressed for `system`, in [`Obligation::ALL`] order.
    pub fn missing(&self, system: &str) -> Vec<Obligation> {
        Obligation::ALL
            .into_iter()
            .filter(|&obligation| !self.has(system, obligation))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_ids_map_to_obligations() {
        let tech = Some(Obligation::TechnicalDocumentation);
        let pmm = Some(Obligation::PostMarketMonitoring);
        for (id, expected) in [
            ("11", tech),
            ("Art. 11(1)", tech),
            ("Article 11", tech),
            ("Annex IV", tech),
            ("Annex IV(2)", tech),
            ("IV(8)", tech),
            ("Annex IV(9)", pmm),
            ("72", pmm),
            ("Art. 72(3)", pmm),
            ("17(1)(h)", pmm),
            ("17(1)(g)", None),
            ("110", None),
            ("1", None),
            ("Annex III", None),
            ("Annex IX", None),
            ("", None),
            ("é(", None),
        ] {
            assert_eq!(Obligation::of_reference(id), expected, "{id}");
        }
    }
}
