//! Embedded reference data: ISO/IEC 42001 Annex A controls and clauses 4–10, and EU AI Act items
//! with the indicative Article 17 crosswalk. Identifiers and short titles only — never normative
//! text. The YAML files in `data/` are compiled into the binary and parsed once.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::LazyLock;

pub mod frameworks;
pub mod hints;
pub mod kinds;

const ANNEX_A: &str = include_str!("data/iso42001-annex-a.yaml");
const CLAUSES: &str = include_str!("data/iso42001-clauses.yaml");
const EU_AI_ACT: &str = include_str!("data/eu-ai-act.yaml");

#[derive(Debug, Clone, Deserialize)]
pub struct ControlGroup {
    pub id: String,
    pub title: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Control {
    pub id: String,
    pub title: String,
    pub group: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InformationKind {
    /// A living document to maintain.
    Doc,
    /// A record to retain as evidence.
    Rec,
}

#[derive(Debug, Clone, Deserialize)]
pub struct DocumentedInformation {
    pub kind: InformationKind,
    pub what: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Clause {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub documented_information: Vec<DocumentedInformation>,
    #[serde(default)]
    pub note: Option<String>,
}

impl Clause {
    pub fn requires_documented_information(&self) -> bool {
        !self.documented_information.is_empty()
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct ActItem {
    pub id: String,
    pub short: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Crosswalk {
    #[serde(default)]
    pub clauses: Vec<String>,
    #[serde(default)]
    pub controls: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct AnnexAFile {
    standard: String,
    annex_a_groups: Vec<ControlGroup>,
    annex_a_controls: Vec<Control>,
}

#[derive(Debug, Deserialize)]
struct ClausesFile {
    clauses: Vec<Clause>,
}

#[derive(Debug, Deserialize)]
struct EuAiActFile {
    regulation: String,
    art17_qms: Vec<ActItem>,
    crosswalk_art17_to_iso42001: BTreeMap<String, Crosswalk>,
}

/// All reference data, parsed.
#[derive(Debug)]
pub struct Catalog {
    pub standard: String,
    pub groups: Vec<ControlGroup>,
    pub controls: Vec<Control>,
    pub clauses: Vec<Clause>,
    pub regulation: String,
    pub article_17: Vec<ActItem>,
    /// Article 17(1) item → ISO 42001 clauses and controls. Indicative, not an official mapping.
    pub crosswalk: BTreeMap<String, Crosswalk>,
}

impl Catalog {
    pub fn control(&self, id: &str) -> Option<&Control> {
        self.controls.iter().find(|control| control.id == id)
    }

    pub fn clause(&self, id: &str) -> Option<&Clause> {
        self.clauses.iter().find(|clause| clause.id == id)
    }

    pub fn group(&self, id: &str) -> Option<&ControlGroup> {
        self.groups.iter().find(|group| group.id == id)
    }

    pub fn control_ids(&self) -> impl Iterator<Item = &str> {
        self.controls.iter().map(|control| control.id.as_str())
    }

    pub fn clause_ids(&self) -> impl Iterator<Item = &str> {
        self.clauses.iter().map(|clause| clause.id.as_str())
    }

    /// Clauses 4–10 that require documented information, in standard order.
    pub fn clauses_requiring_documents(&self) -> impl Iterator<Item = &Clause> {
        self.clauses
            .iter()
            .filter(|clause| clause.requires_documented_information())
    }
}

fn parse<T: for<'de> Deserialize<'de>>(name: &str, text: &str) -> T {
    let located = crate::yaml::parse_mapping(text, 1, crate::diagnostic::Span::START)
        .unwrap_or_else(|problem| panic!("embedded catalog {name} is not valid YAML: {problem:?}"));
    serde_json::from_value(located.value)
        .unwrap_or_else(|error| panic!("embedded catalog {name} has an unexpected shape: {error}"))
}

static CATALOG: LazyLock<Catalog> = LazyLock::new(|| {
    let annex: AnnexAFile = parse("iso42001-annex-a.yaml", ANNEX_A);
    let clauses: ClausesFile = parse("iso42001-clauses.yaml", CLAUSES);
    let act: EuAiActFile = parse("eu-ai-act.yaml", EU_AI_ACT);
    Catalog {
        standard: annex.standard,
        groups: annex.annex_a_groups,
        controls: annex.annex_a_controls,
        clauses: clauses.clauses,
        regulation: act.regulation,
        article_17: act.art17_qms,
        crosswalk: act.crosswalk_art17_to_iso42001,
    }
});

/// The embedded catalog (parsed on first use; the data is compiled in, so this cannot fail at
/// run time — a test parses it).
pub fn catalog() -> &'static Catalog {
    &CATALOG
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_catalog_is_complete() {
        let catalog = catalog();
        assert_eq!(catalog.controls.len(), 38);
        assert_eq!(catalog.groups.len(), 9);
        assert_eq!(catalog.article_17.len(), 13);
        assert_eq!(catalog.crosswalk.len(), 13);
        assert!(
            catalog
                .clause("6.1.3")
                .unwrap()
                .requires_documented_information()
        );
        assert_eq!(catalog.clauses_requiring_documents().count(), 16);
        for control in &catalog.controls {
            assert!(catalog.group(&control.group).is_some(), "{}", control.id);
        }
        for mapping in catalog.crosswalk.values() {
            for clause in &mapping.clauses {
                assert!(catalog.clause(clause).is_some(), "{clause}");
            }
            for control in &mapping.controls {
                assert!(catalog.control(control).is_some(), "{control}");
            }
        }
    }
}
