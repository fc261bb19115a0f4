//! Other frameworks as data, each crosswalked to ISO/IEC 42001 clauses and Annex A controls:
//! ISO/IEC 27001:2022 Annex A, NIST AI RMF 1.0 (functions and categories) and the EU AI Act
//! items already embedded (Article 17 QMS, Article 9 risk management, Annex IV technical
//! documentation, record keeping, Article 73 serious incidents). Identifiers and short titles
//! only; every crosswalk is indicative, not an official mapping, and is labelled as such
//! wherever it is shown.
//!
//! References in documents (`references: [{framework, id}]`) are read through
//! [`framework_by_name`] and [`Framework::resolve`], which accept the spellings people use
//! (`ISO/IEC 27001`, `A.5.9`, `GV-1.2`, `Art. 9(2)(a)`).

use super::Crosswalk;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::LazyLock;

const ISO27001: &str = include_str!("data/iso27001-annex-a.yaml");
const NIST: &str = include_str!("data/nist-ai-rmf.yaml");
const EU_AI_ACT: &str = include_str!("data/eu-ai-act.yaml");

/// The label every crosswalk carries.
pub const INDICATIVE: &str = "Indicative crosswalk, not an official mapping";

/// One requirement of a framework.
#[derive(Debug, Clone)]
pub struct Item {
    pub id: String,
    pub title: String,
    /// The ISO/IEC 42001 clauses and controls it relates to (indicative); empty when it has no
    /// counterpart in an AIMS.
    pub maps_to: Crosswalk,
    /// A fact worth showing beside it (a reporting deadline, a retention period).
    pub note: Option<String>,
}

/// A group of items: a theme, a function, an article.
#[derive(Debug, Clone)]
pub struct Section {
    pub id: String,
    pub title: String,
    pub items: Vec<Item>,
}

/// A framework the AIMS can be read against.
#[derive(Debug, Clone)]
pub struct Framework {
    /// `iso27001`, `nist-ai-rmf` or `eu-ai-act`: the name in `references` and on the command
    /// line.
    pub key: &'static str,
    /// The framework's full name and version.
    pub name: String,
    /// What one item is called (`control`, `category`, `item`).
    pub item_noun: &'static str,
    pub sections: Vec<Section>,
}

/// What a reference id names in a framework.
#[derive(Debug, Clone, Copy)]
pub enum Resolved<'f> {
    /// An item of the data (a subcategory counts for its category).
    Item(&'f Item),
    /// A whole section (a NIST function, a theme, an article with items).
    Section(&'f Section),
    /// A valid id the data has no item for (an EU AI Act article outside the embedded lists).
    Other,
}

impl Framework {
    pub fn items(&self) -> impl Iterator<Item = &Item> {
        self.sections
            .iter()
            .flat_map(|section| section.items.iter())
    }

    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items().find(|item| item.id == id)
    }

    /// Reads a reference id as people write it.
    pub fn resolve(&self, id: &str) -> Option<Resolved<'_>> {
        match self.key {
            "iso27001" => self.resolve_iso27001(id),
            "nist-ai-rmf" => self.resolve_nist(id),
            _ => self.resolve_act(id),
        }
    }

    fn section(&self, id: &str) -> Option<&Section> {
        self.sections.iter().find(|section| section.id == id)
    }

    fn resolve_iso27001(&self, id: &str) -> Option<Resolved<'_>> {
        let trimmed = id.trim();
        let lowered = trimmed.to_lowercase();
        let rest = lowered
            .strip_prefix("annex a")
            .or_else(|| lowered.strip_prefix("a."))
            .or_else(|| lowered.strip_prefix('a'))
            .unwrap_or(&lowered)
            .trim()
            .trim_end_matches('.');
        if let Some(item) = self.item(rest) {
            return Some(Resolved::Item(item));
        }
        self.section(rest).map(Resolved::Section)
    }

    fn resolve_nist(&self, id: &str) -> Option<Resolved<'_>> {
        let upper = id.trim().to_uppercase();
        let word: String = upper
            .chars()
            .take_while(char::is_ascii_alphabetic)
            .collect();
        let function = self.sections.iter().find(|section| {
            section.id == word
                || NIST_ABBREVIATIONS.get(section.id.as_str()) == Some(&word.as_str())
        })?;
        let rest = upper[word.len()..].trim_start_matches([' ', '-', '_', '.', ':']);
        if rest.is_empty() {
            return Some(Resolved::Section(function));
        }
        let (major, minor) = match rest.split_once('.') {
            Some((major, minor)) => (major, Some(minor)),
            None => (rest, None),
        };
        if major.is_empty()
            || !major.chars().all(|c| c.is_ascii_digit())
            || minor.is_some_and(|m| m.is_empty() || !m.chars().all(|c| c.is_ascii_digit()))
        {
            return None;
        }
        let major: u32 = major.parse().ok()?;
        function
            .items
            .iter()
            .find(|item| item.id == format!("{} {major}", function.id))
            .map(Resolved::Item)
    }

    fn resolve_act(&self, id: &str) -> Option<Resolved<'_>> {
        let compact: String = id
            .trim()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_lowercase();
        if let Some(annex) = compact.strip_prefix("annex") {
            let numeral: String = annex
                .chars()
                .take_while(|c| matches!(c, 'i' | 'v' | 'x'))
                .collect();
            let rest = &annex[numeral.len()..];
            let canonical = format!("{}{rest}", numeral.to_uppercase());
            if let Some(item) = self.items().find(|item| item.id == canonical) {
                return Some(Resolved::Item(item));
            }
            if rest.is_empty() && ANNEXES.contains(&numeral.to_uppercase().as_str()) {
                return Some(match self.section(&format!("annex-{numeral}")) {
                    Some(section) => Resolved::Section(section),
                    None => Resolved::Other,
                });
            }
            return None;
        }
        let rest = compact
            .strip_prefix("article")
            .or_else(|| compact.strip_prefix("art."))
            .or_else(|| compact.strip_prefix("art"))
            .unwrap_or(&compact);
        if let Some(item) = self.items().find(|item| item.id == rest) {
            return Some(Resolved::Item(item));
        }
        // `IV(2)` without the word Annex.
        let upper = rest.to_uppercase();
        if let Some(item) = self
            .items()
            .find(|item| item.id.starts_with('I') && item.id == upper)
        {
            return Some(Resolved::Item(item));
        }
        let number: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let article: u32 = number.parse().ok()?;
        if !(1..=113).contains(&article) {
            return None;
        }
        let paragraphs = &rest[number.len()..];
        let well_formed = paragraphs.is_empty()
            || paragraphs.split_inclusive(')').all(|part| {
                part.starts_with('(')
                    && part.ends_with(')')
                    && part.len() > 2
                    && part[1..part.len() - 1]
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric())
            });
        if !well_formed {
            return None;
        }
        match self.section(&format!("art-{article}")) {
            Some(section) if paragraphs.is_empty() => Some(Resolved::Section(section)),
            _ => Some(Resolved::Other),
        }
    }

    /// One line saying which ids are valid, for help texts.
    pub fn id_help(&self) -> String {
        match self.key {
            "iso27001" => "ISO/IEC 27001:2022 Annex A controls run 5.1–5.37, 6.1–6.8, 7.1–7.14 and 8.1–8.34".to_owned(),
            "nist-ai-rmf" => "NIST AI RMF 1.0 categories are GOVERN 1–6, MAP 1–5, MEASURE 1–4 and MANAGE 1–4 (subcategories such as GOVERN 1.2 count for their category)".to_owned(),
            _ => "EU AI Act ids look like 9(2)(a), 17(1)(g), 73(2), Art. 10 or Annex IV(2)".to_owned(),
        }
    }
}

const ANNEXES: &[&str] = &[
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII",
];

static NIST_ABBREVIATIONS: LazyLock<BTreeMap<&'static str, &'static str>> = LazyLock::new(|| {
    BTreeMap::from([
        ("GOVERN", "GV"),
        ("MAP", "MP"),
        ("MEASURE", "MS"),
        ("MANAGE", "MG"),
    ])
});

#[derive(Deserialize)]
struct IsoControl {
    id: String,
    title: String,
    #[serde(default)]
    iso42001: Vec<String>,
}

#[derive(Deserialize)]
struct IsoTheme {
    id: String,
    title: String,
}

#[derive(Deserialize)]
struct IsoFile {
    standard: String,
    themes: Vec<IsoTheme>,
    controls: Vec<IsoControl>,
}

#[derive(Deserialize)]
struct NistFunction {
    id: String,
    short: String,
}

#[derive(Deserialize)]
struct NistCategory {
    id: String,
    function: String,
    short: String,
    #[serde(default)]
    iso42001: Crosswalk,
}

#[derive(Deserialize)]
struct NistFile {
    framework: String,
    functions: Vec<NistFunction>,
    categories: Vec<NistCategory>,
}

#[derive(Deserialize)]
struct ActEntry {
    id: String,
    short: String,
    #[serde(default)]
    deadline_days: Option<u32>,
    #[serde(default)]
    retention_years: Option<u32>,
    #[serde(default)]
    retention_months: Option<u32>,
}

#[derive(Deserialize)]
struct ActFile {
    regulation: String,
    art17_qms: Vec<ActEntry>,
    art9_rms: Vec<ActEntry>,
    annex_iv_technical_documentation: Vec<ActEntry>,
    record_keeping: Vec<ActEntry>,
    serious_incidents: Vec<ActEntry>,
    crosswalk_art17_to_iso42001: BTreeMap<String, Crosswalk>,
    crosswalk_art9_to_iso42001: BTreeMap<String, Crosswalk>,
    crosswalk_annex_iv_to_iso42001: BTreeMap<String, Crosswalk>,
    crosswalk_record_keeping_to_iso42001: BTreeMap<String, Crosswalk>,
    crosswalk_art73_to_iso42001: BTreeMap<String, Crosswalk>,
}

fn iso27001() -> Framework {
    let file: IsoFile = super::parse("iso27001-annex-a.yaml", ISO27001);
    let sections = file
        .themes
        .into_iter()
        .map(|theme| Section {
            items: file
                .controls
                .iter()
                .filter(|control| control.id.split('.').next() == Some(theme.id.as_str()))
                .map(|control| Item {
                    id: control.id.clone(),
                    title: control.title.clone(),
                    maps_to: Crosswalk {
                        clauses: Vec::new(),
                        controls: control.iso42001.clone(),
                    },
                    note: None,
                })
                .collect(),
            id: theme.id,
            title: theme.title,
        })
        .collect();
    Framework {
        key: "iso27001",
        name: format!("{} Annex A", file.standard),
        item_noun: "control",
        sections,
    }
}

fn nist() -> Framework {
    let file: NistFile = super::parse("nist-ai-rmf.yaml", NIST);
    let sections = file
        .functions
        .into_iter()
        .map(|function| Section {
            items: file
                .categories
                .iter()
                .filter(|category| category.function == function.id)
                .map(|category| Item {
                    id: category.id.clone(),
                    title: category.short.clone(),
                    maps_to: category.iso42001.clone(),
                    note: None,
                })
                .collect(),
            title: format!("{}: {}", function.id, function.short),
            id: function.id,
        })
        .collect();
    Framework {
        key: "nist-ai-rmf",
        name: file.framework,
        item_noun: "category",
        sections,
    }
}

fn eu_ai_act() -> Framework {
    let file: ActFile = super::parse("eu-ai-act.yaml", EU_AI_ACT);
    let section = |id: &str,
                   title: &str,
                   entries: &[ActEntry],
                   crosswalk: &BTreeMap<String, Crosswalk>| Section {
        id: id.to_owned(),
        title: title.to_owned(),
        items: entries
            .iter()
            .map(|entry| Item {
                id: entry.id.clone(),
                title: entry.short.clone(),
                maps_to: crosswalk.get(&entry.id).cloned().unwrap_or_default(),
                note: entry
                    .deadline_days
                    .map(|days| format!("report within {days} days of awareness"))
                    .or_else(|| {
                        entry
                            .retention_years
                            .map(|years| format!("keep for {years} years"))
                    })
                    .or_else(|| {
                        entry
                            .retention_months
                            .map(|months| format!("keep at least {months} months"))
                    }),
            })
            .collect(),
    };
    Framework {
        key: "eu-ai-act",
        name: format!("EU AI Act, {}", file.regulation),
        item_noun: "item",
        sections: vec![
            section(
                "art-17",
                "Article 17: quality management system",
                &file.art17_qms,
                &file.crosswalk_art17_to_iso42001,
            ),
            section(
                "art-9",
                "Article 9: risk management system",
                &file.art9_rms,
                &file.crosswalk_art9_to_iso42001,
            ),
            section(
                "annex-iv",
                "Annex IV: technical documentation (Article 11)",
                &file.annex_iv_technical_documentation,
                &file.crosswalk_annex_iv_to_iso42001,
            ),
            section(
                "record-keeping",
                "Record keeping (Articles 12, 18, 19, 26)",
                &file.record_keeping,
                &file.crosswalk_record_keeping_to_iso42001,
            ),
            section(
                "art-73",
                "Article 73: reporting of serious incidents",
                &file.serious_incidents,
                &file.crosswalk_art73_to_iso42001,
            ),
        ],
    }
}

static FRAMEWORKS: LazyLock<Vec<Framework>> =
    LazyLock::new(|| vec![iso27001(), nist(), eu_ai_act()]);

/// Every framework, in a fixed order.
pub fn frameworks() -> &'static [Framework] {
    &FRAMEWORKS
}

/// A framework by its key.
pub fn framework(key: &str) -> Option<&'static Framework> {
    frameworks().iter().find(|framework| framework.key == key)
}

/// Keys of every framework.
pub fn keys() -> Vec<&'static str> {
    frameworks().iter().map(|framework| framework.key).collect()
}

/// The framework a `references` entry names, in any usual spelling: `iso27001`,
/// `ISO/IEC 27001:2022`, `NIST AI RMF`, `AI RMF 1.0`, `EU AI Act`, `Regulation (EU) 2024/1689`.
pub fn framework_by_name(name: &str) -> Option<&'static Framework> {
    let compact: String = name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_lowercase();
    let key = if compact.contains("27001") {
        "iso27001"
    } else if compact.contains("airmf") || compact == "nist" || compact.starts_with("nistai") {
        "nist-ai-rmf"
    } else if compact.contains("aiact") || compact.contains("20241689") || compact == "euai" {
        "eu-ai-act"
    } else {
        return None;
    };
    framework(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolved_id(framework: &str, id: &str) -> Option<String> {
        match framework_by_name(framework)?.resolve(id)? {
            Resolved::Item(item) => Some(item.id.clone()),
            Resolved::Section(section) => Some(format!("section {}", section.id)),
            Resolved::Other => Some("other".to_owned()),
        }
    }

    #[test]
    fn frameworks_are_complete_and_crosswalk_to_real_ids() {
        let catalog = super::super::catalog();
        let iso = framework("iso27001").unwrap();
        assert_eq!(iso.items().count(), 93);
        assert_eq!(
            iso.sections
                .iter()
                .map(|s| s.items.len())
                .collect::<Vec<_>>(),
            vec![37, 8, 14, 34]
        );
        let nist = framework("nist-ai-rmf").unwrap();
        assert_eq!(nist.items().count(), 19);
        let act = framework("eu-ai-act").unwrap();
        assert_eq!(act.items().count(), 13 + 7 + 9 + 4 + 3);
        for framework in frameworks() {
            for item in framework.items() {
                for clause in &item.maps_to.clauses {
                    assert!(catalog.clause(clause).is_some(), "{} {clause}", item.id);
                }
                for control in &item.maps_to.controls {
                    assert!(catalog.control(control).is_some(), "{} {control}", item.id);
                }
            }
        }
        // Every EU AI Act item has a crosswalk entry.
        for item in act.items() {
            assert!(
                !item.maps_to.clauses.is_empty() || !item.maps_to.controls.is_empty(),
                "{}",
                item.id
            );
        }
    }

    #[test]
    fn names_and_ids_as_people_write_them() {
        assert_eq!(
            resolved_id("ISO/IEC 27001:2022", "A.5.9").as_deref(),
            Some("5.9")
        );
        assert_eq!(resolved_id("iso27001", "8.34").as_deref(), Some("8.34"));
        assert_eq!(resolved_id("iso27001", "8.35"), None);
        assert_eq!(
            resolved_id("NIST AI RMF", "GV-1.2").as_deref(),
            Some("GOVERN 1")
        );
        assert_eq!(
            resolved_id("nist-ai-rmf", "map 5").as_deref(),
            Some("MAP 5")
        );
        assert_eq!(
            resolved_id("nist-ai-rmf", "MEASURE").as_deref(),
            Some("section MEASURE")
        );
        assert_eq!(resolved_id("nist-ai-rmf", "GOVERN 7"), None);
        assert_eq!(resolved_id("nist-ai-rmf", "GOVERN x"), None);
        assert_eq!(
            resolved_id("EU AI Act", "Art. 9(2)(a)").as_deref(),
            Some("9(2)(a)")
        );
        assert_eq!(
            resolved_id("eu-ai-act", "Annex IV(2)").as_deref(),
            Some("IV(2)")
        );
        assert_eq!(resolved_id("eu-ai-act", "IV(5)").as_deref(), Some("IV(5)"));
        assert_eq!(
            resolved_id("eu-ai-act", "Article 10").as_deref(),
            Some("other")
        );
        assert_eq!(
            resolved_id("eu-ai-act", "Art. 17").as_deref(),
            Some("section art-17")
        );
        assert_eq!(
            resolved_id("eu-ai-act", "Annex IV").as_deref(),
            Some("section annex-iv")
        );
        assert_eq!(
            resolved_id("eu-ai-act", "Annex III").as_deref(),
            Some("other")
        );
        assert_eq!(resolved_id("eu-ai-act", "Art. 200"), None);
        assert_eq!(resolved_id("eu-ai-act", "9(2"), None);
        assert!(framework_by_name("SOC 2").is_none());
    }
}
