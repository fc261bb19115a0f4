//! One page per other framework (`eu-ai-act.html`, `nist-ai-rmf.html`, `iso27001.html`): the
//! framework's requirements read through its indicative crosswalk to ISO/IEC 42001, with the
//! coverage `aims gap --framework` reports, links to the clauses and controls behind each
//! requirement and to the documents that reference it.

use super::super::html::filters;
use super::super::layout::Layout;
use super::super::links::Link;
use super::super::model::SiteModel;
use super::Page;
use crate::catalog::frameworks::Framework;
use crate::gap::framework::{Coverage, CoverageTally, FrameworkReport};
use crate::gap::{Conformity, Requirement};
use askama::Template;

/// The page of one framework.
pub struct FrameworkPage {
    framework: &'static Framework,
    file: &'static str,
    nav: &'static str,
}

/// The framework pages, in navigation order: (catalog key, file, navigation label).
const PAGES: [(&str, &str, &str); 3] = [
    ("eu-ai-act", "eu-ai-act.html", "EU AI Act"),
    ("nist-ai-rmf", "nist-ai-rmf.html", "NIST AI RMF"),
    ("iso27001", "iso27001.html", "ISO 27001"),
];

/// The pages of the frameworks the catalog has (it embeds all three).
pub fn pages() -> impl Iterator<Item = FrameworkPage> {
    PAGES.into_iter().filter_map(|(key, file, nav)| {
        Some(FrameworkPage {
            framework: crate::catalog::frameworks::framework(key)?,
            file,
            nav,
        })
    })
}

impl Page for FrameworkPage {
    fn file(&self) -> &str {
        self.file
    }

    fn title(&self, _: &SiteModel<'_>) -> String {
        self.framework.name.clone()
    }

    fn nav(&self) -> Option<&'static str> {
        Some(self.nav)
    }

    fn render(&self, model: &SiteModel<'_>, layout: &Layout<'_>) -> askama::Result<String> {
        let report = crate::gap::framework::assess(self.framework, &model.gap, model.documents);
        page(model, layout, &report).render()
    }
}

/// An ISO/IEC 42001 requirement behind a framework's requirement, with its state.
pub struct MappedView {
    pub link: Link,
    pub state: &'static str,
    pub class: &'static str,
}

pub struct FrameworkRowView {
    pub id: String,
    pub title: String,
    pub note: String,
    pub coverage: &'static str,
    pub coverage_class: &'static str,
    pub mapped: Vec<MappedView>,
    /// The documents that reference the requirement, each with the entry that names it.
    pub referenced_by: Vec<(Link, String)>,
}

pub struct SectionView {
    pub title: String,
    pub counts: CoverageTally,
    pub rows: Vec<FrameworkRowView>,
}

#[derive(Template)]
#[template(path = "framework.html")]
struct FrameworkTemplate<'a> {
    layout: &'a Layout<'a>,
    name: String,
    indicative: &'static str,
    total: CoverageTally,
    sections: Vec<SectionView>,
    /// EU AI Act only: the AI systems the inventory classes as high-risk.
    high_risk: Option<Vec<Link>>,
}

fn coverage_class(coverage: Coverage) -> &'static str {
    match coverage {
        Coverage::Covered => "ok",
        Coverage::Partial => "warn",
        Coverage::NotCovered => "bad",
        Coverage::OutsideAims => "muted",
    }
}

fn conformity_class(conformity: Conformity, excluded: bool) -> &'static str {
    match (conformity, excluded) {
        (_, true) => "muted",
        (Conformity::Compliant, _) => "ok",
        (Conformity::Partial, _) => "warn",
        (Conformity::NotCompliant, _) => "bad",
    }
}

fn page<'a>(
    model: &SiteModel<'_>,
    layout: &'a Layout<'a>,
    report: &FrameworkReport,
) -> FrameworkTemplate<'a> {
    let root = layout.root.as_str();
    let links = &model.links;
    let mut sections: Vec<SectionView> = report
        .sections
        .iter()
        .map(|(title, counts)| SectionView {
            title: title.clone(),
            counts: *counts,
            rows: Vec::new(),
        })
        .collect();
    for row in &report.rows {
        let mapped = row
            .mapped
            .iter()
            .map(|mapped| MappedView {
                link: match mapped.requirement {
                    Requirement::Clause => links.clause_link(&mapped.id, root),
                    Requirement::Control => links.control_link(&mapped.id, root),
                },
                state: if mapped.excluded {
                    "excluded"
                } else {
                    mapped.conformity.label()
                },
                class: conformity_class(mapped.conformity, mapped.excluded),
            })
            .collect();
        let referenced_by = row
            .referenced_by
            .iter()
            .map(|by| {
                let (id, entry) = by.split_once(' ').unwrap_or((by.as_str(), ""));
                (links.document_link(id, root), entry.to_owned())
            })
            .collect();
        let view = FrameworkRowView {
            id: row.id.clone(),
            title: row.title.clone(),
            note: row.note.clone().unwrap_or_default(),
            coverage: row.coverage.label(),
            coverage_class: coverage_class(row.coverage),
            mapped,
            referenced_by,
        };
        if let Some(section) = sections
            .iter_mut()
            .find(|section| section.title == row.section)
        {
            section.rows.push(view);
        }
    }
    let high_risk = (report.key == "eu-ai-act").then(|| {
        model
            .documents
            .of_kind("ai-system")
            .filter(|document| document.str_at("/eu_ai_act/risk_class") == Some("high"))
            .filter_map(|document| document.id().map(|id| links.document_link(id, root)))
            .collect()
    });
    FrameworkTemplate {
        layout,
        name: report.name.clone(),
        indicative: report.indicative,
        total: report.total,
        sections,
        high_risk,
    }
}
