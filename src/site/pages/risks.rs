//! `risks.html`: the risk register, with inherent and residual heatmaps on the risk scale
//! configured in aims.yaml.

use super::super::html::{Html, svg};
use super::super::layout::Layout;
use super::super::links::{Link, LinkList};
use super::super::model::SiteModel;
use super::{Page, list_links};
use crate::load::Document;
use crate::load::model::risk;
use askama::Template;

pub struct Risks;

impl Page for Risks {
    fn file(&self) -> &str {
        "risks.html"
    }

    fn title(&self, _: &SiteModel<'_>) -> String {
        "Risk register".to_owned()
    }

    fn nav(&self) -> Option<&'static str> {
        Some("Risks")
    }

    fn render(&self, model: &SiteModel<'_>, layout: &Layout<'_>) -> askama::Result<String> {
        risks_page(model, layout).render()
    }
}

pub struct RiskRow {
    pub anchor: String,
    pub link: Link,
    pub title: String,
    pub systems: LinkList,
    pub source: String,
    pub inherent: String,
    pub inherent_band: &'static str,
    pub treatment: String,
    pub controls: LinkList,
    pub residual: String,
    pub residual_band: &'static str,
    pub owner: String,
    /// `treatment.due`, and whether it has passed while the risk is active.
    pub due: String,
    pub due_passed: bool,
    pub acceptance: AcceptanceCell,
    pub status: String,
    /// The approval state from history (`approved`, `changed since approval`, ...).
    pub approval: String,
}

/// What history says about a risk's acceptance (`aims accept`), never what its file claims.
pub struct AcceptanceCell {
    pub text: String,
    /// `ok` (accepted, this version), `warn` (needed, not accepted) or empty.
    pub class: &'static str,
    pub commit: Option<Link>,
}

fn acceptance_cell(
    model: &SiteModel<'_>,
    document: &Document,
    needed: Option<String>,
) -> AcceptanceCell {
    let requested = risk(document).accepted_by;
    let status = model.assessment.status(&document.path);
    if let Some(acceptance) = status.and_then(|status| status.current_acceptances().last()) {
        let record = &model.assessment.history.records[acceptance.record];
        let day = record
            .author
            .date()
            .map(|day| day.to_string())
            .unwrap_or_default();
        let commit = super::super::model::document::commit_link(&model.links, &record.id);
        return AcceptanceCell {
            text: format!(
                "{} on {day} ({})",
                acceptance.email,
                super::super::model::document::trust_label(acceptance.trust)
            ),
            class: "ok",
            commit: Some(commit),
        };
    }
    let text = match (&needed, requested, status.is_some()) {
        (Some(_), Some(by), true) => format!("not accepted in git; requested from {by}"),
        (Some(_), Some(by), false) => format!("requested from {by} (not committed)"),
        (Some(_), None, _) => "needed; nobody named".to_owned(),
        (None, Some(by), _) => format!("requested from {by}"),
        (None, None, _) => String::new(),
    };
    AcceptanceCell {
        text,
        class: if needed.is_some() { "warn" } else { "" },
        commit: None,
    }
}

#[derive(Template)]
#[template(path = "risks.html")]
struct RisksTemplate<'a> {
    layout: &'a Layout<'a>,
    inherent: Html,
    residual: Html,
    rows: Vec<RiskRow>,
}

/// Risk ids placed on the scale: `cells[likelihood-1][impact-1]`.
type Cells = Vec<Vec<Vec<String>>>;

/// The risks in force placed on the scale: (inherent cells, residual cells).
fn heat_cells(model: &SiteModel<'_>) -> (Cells, Cells) {
    let scale = &model.config.risk;
    let mut inherent = svg::empty_cells(scale);
    let mut residual = svg::empty_cells(scale);
    for &document in model.risks_in_force() {
        let id = document.id().unwrap_or_default();
        let view = risk(document);
        if let (Some(l), Some(i)) = (view.likelihood, view.impact)
            && scale.on_scale(l, i)
        {
            inherent[usize::from(l - 1)][usize::from(i - 1)].push(id.to_owned());
        }
        if let (Some(l), Some(i)) = (view.residual_likelihood, view.residual_impact)
            && scale.on_scale(l, i)
        {
            residual[usize::from(l - 1)][usize::from(i - 1)].push(id.to_owned());
        }
    }
    (inherent, residual)
}

/// The residual-risk heat map for the dashboard, when any risk is placed on the scale.
pub fn residual_heatmap(model: &SiteModel<'_>, root: &str) -> Option<Html> {
    let (_, residual) = heat_cells(model);
    residual
        .iter()
        .flatten()
        .any(|ids| !ids.is_empty())
        .then(|| {
            svg::heatmap(
                "dashboard-residual",
                "Residual risk (after treatment)",
                &residual,
                &model.config.risk,
                root,
            )
        })
}

fn risks_page<'a>(model: &SiteModel<'_>, layout: &'a Layout<'a>) -> RisksTemplate<'a> {
    let root = layout.root.as_str();
    let scale = &model.config.risk;
    let (inherent, residual) = heat_cells(model);
    let mut rows = Vec::new();
    let mut risks: Vec<&Document> = model
        .documents
        .of_kind("risk")
        .filter(|d| d.id().is_some())
        .collect();
    risks.sort_by_key(|document| document.id());
    for document in risks {
        let id = document.id().unwrap_or_default();
        let view = risk(document);
        let retired = document.is_retired();
        let score = |l: Option<u8>, i: Option<u8>| match (l, i) {
            (Some(l), Some(i)) if scale.on_scale(l, i) => scale.describe(l, i),
            _ => "—".to_owned(),
        };
        rows.push(RiskRow {
            anchor: format!("risk-{id}"),
            link: model.links.document_link(id, root),
            title: document.title().unwrap_or_default().to_owned(),
            systems: list_links(model, document, "/systems", root),
            source: document
                .str_at("/risk_source")
                .unwrap_or_default()
                .to_owned(),
            inherent: score(view.likelihood, view.impact),
            inherent_band: view
                .inherent(scale)
                .map_or("muted", |level| scale.band(level)),
            treatment: view.option.unwrap_or_default().to_owned(),
            controls: view
                .controls
                .iter()
                .map(|control| model.links.control_link(control, root))
                .collect(),
            residual: score(view.residual_likelihood, view.residual_impact),
            residual_band: view
                .residual(scale)
                .map_or("muted", |level| scale.band(level)),
            owner: document.str_at("/owner").unwrap_or_default().to_owned(),
            due: document
                .str_at("/treatment/due")
                .unwrap_or_default()
                .to_owned(),
            due_passed: !retired
                && document
                    .str_at("/treatment/due")
                    .and_then(|due| due.parse::<jiff::civil::Date>().ok())
                    .is_some_and(|due| due < model.today),
            acceptance: acceptance_cell(
                model,
                document,
                view.acceptance_needed(scale).filter(|_| !retired),
            ),
            status: document.status().unwrap_or_default().to_owned(),
            approval: model
                .assessment
                .status(&document.path)
                .map(|status| status.state.to_string().replace('_', " "))
                .unwrap_or_else(|| "not committed".to_owned()),
        });
    }
    RisksTemplate {
        inherent: svg::heatmap(
            "inherent",
            "Inherent risk (before treatment)",
            &inherent,
            scale,
            root,
        ),
        residual: svg::heatmap(
            "residual",
            "Residual risk (after treatment)",
            &residual,
            scale,
            root,
        ),
        rows,
        layout,
    }
}
