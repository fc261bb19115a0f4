//! The gap analysis on the site: `gap.html` (the prioritised checklist with what is missing for
//! each requirement) and the summary card and top priorities on the dashboard.

use super::super::html::filters;
use super::super::layout::Layout;
use super::super::links::Link;
use super::super::model::SiteModel;
use super::Page;
use crate::gap::{Applicability, Conformity, GapItem, GapReport, Priority, Requirement};
use askama::Template;

pub struct Gap;

impl Page for Gap {
    fn file(&self) -> &str {
        "gap.html"
    }

    fn title(&self, _: &SiteModel<'_>) -> String {
        "Gap analysis".to_owned()
    }

    fn nav(&self) -> Option<&'static str> {
        Some("Gap analysis")
    }

    fn render(&self, model: &SiteModel<'_>, layout: &Layout<'_>) -> askama::Result<String> {
        page(model, layout).render()
    }
}

/// One requirement in the checklist.
pub struct GapRow {
    pub rank: usize,
    pub anchor: String,
    pub requirement: Link,
    pub title: String,
    pub status: &'static str,
    pub status_class: &'static str,
    pub excluded: bool,
    pub priority: String,
    pub priority_class: &'static str,
    pub reasons: String,
    pub owner: String,
    pub deadline: String,
    pub deadline_reason: String,
    pub overdue: bool,
    pub effort: &'static str,
    /// What is missing, each with its `backticked` parts (commands, fields) shown as code.
    pub missing: Vec<Vec<Span>>,
    /// Links to the documents the missing pieces and the evidence name.
    pub documents: Vec<Link>,
}

/// A piece of text, shown as code or not.
pub struct Span {
    pub code: bool,
    pub text: String,
}

/// Splits text at backticks: every other piece is code.
fn code_spans(text: &str) -> Vec<Span> {
    text.split('`')
        .enumerate()
        .map(|(index, part)| Span {
            code: index % 2 == 1,
            text: part.to_owned(),
        })
        .collect()
}

/// Counts shown as stats.
pub struct GapStat {
    pub label: &'static str,
    pub value: usize,
    pub class: &'static str,
}

/// What the dashboard shows of the analysis.
pub struct GapSummary {
    pub stats: Vec<GapStat>,
    pub total: usize,
    /// The most urgent gaps.
    pub top: Vec<GapRow>,
    pub gaps: usize,
}

#[derive(Template)]
#[template(path = "gap.html")]
struct GapTemplate<'a> {
    layout: &'a Layout<'a>,
    stats: Vec<GapStat>,
    clauses: [usize; 3],
    controls: [usize; 3],
    excluded: usize,
    gaps: Vec<GapRow>,
    compliant: Vec<GapRow>,
    today: String,
    stage1: String,
}

fn status_class(conformity: Conformity) -> &'static str {
    match conformity {
        Conformity::Compliant => "ok",
        Conformity::Partial => "warn",
        Conformity::NotCompliant => "bad",
    }
}

fn priority_class(priority: Option<Priority>) -> &'static str {
    match priority {
        Some(Priority::Critical) => "bad",
        Some(Priority::High) => "sev-high",
        Some(Priority::Medium) => "warn",
        Some(Priority::Low) | None => "muted",
    }
}

fn anchor(id: &str) -> String {
    format!(
        "gap-{}",
        id.chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect::<String>()
    )
}

fn row(
    model: &SiteModel<'_>,
    rank: usize,
    item: &GapItem,
    root: &str,
    today: jiff::civil::Date,
) -> GapRow {
    let links = &model.links;
    let requirement = match item.requirement {
        Requirement::Clause => links.clause_link(&item.id, root),
        Requirement::Control => links.control_link(&item.id, root),
    };
    let mut ids: Vec<&str> = item
        .missing
        .iter()
        .filter_map(|missing| missing.document.as_deref())
        .collect();
    ids.extend(item.evidence.iter().map(String::as_str));
    let mut seen = std::collections::BTreeSet::new();
    let documents = ids
        .into_iter()
        .filter(|id| seen.insert(*id))
        .filter(|id| links.document_of(id).is_some())
        .take(crate::report::gap::MAX_MISSING)
        .map(|id| links.document_link(id, root))
        .collect();
    GapRow {
        rank,
        anchor: anchor(&item.id),
        requirement,
        title: item.title.clone(),
        status: item.conformity.label(),
        status_class: status_class(item.conformity),
        excluded: item.applicability == Some(Applicability::Excluded),
        priority: item
            .priority
            .map(|priority| format!("{} {}", priority.label(), priority.name()))
            .unwrap_or_default(),
        priority_class: priority_class(item.priority),
        reasons: item.reasons.join("; "),
        owner: item.owner.clone().unwrap_or_default(),
        deadline: item
            .deadline
            .as_ref()
            .map(|deadline| deadline.date.to_string())
            .unwrap_or_default(),
        deadline_reason: item
            .deadline
            .as_ref()
            .map(|deadline| deadline.reason.clone())
            .unwrap_or_default(),
        overdue: item.overdue(today),
        effort: item.effort.map(|effort| effort.name()).unwrap_or_default(),
        missing: item
            .missing
            .iter()
            .take(crate::report::gap::MAX_MISSING)
            .map(|missing| code_spans(&missing.text))
            .chain(crate::report::gap::more_missing(item).map(|more| code_spans(&more)))
            .collect(),
        documents,
    }
}

fn stats(report: &GapReport) -> Vec<GapStat> {
    let (clauses, controls) = (&report.clauses, &report.controls);
    vec![
        GapStat {
            label: "Compliant",
            value: clauses.compliant + controls.compliant,
            class: "ok",
        },
        GapStat {
            label: "Partial",
            value: clauses.partial + controls.partial,
            class: "warn",
        },
        GapStat {
            label: "Not compliant",
            value: clauses.not_compliant + controls.not_compliant,
            class: "bad",
        },
    ]
    .into_iter()
    .map(|stat| GapStat {
        class: if stat.value == 0 { "muted" } else { stat.class },
        ..stat
    })
    .collect()
}

/// How many gaps the dashboard lists.
const TOP: usize = 5;

pub fn summary(model: &SiteModel<'_>, root: &str) -> GapSummary {
    let report = &model.gap;
    let top = report
        .gaps()
        .take(TOP)
        .enumerate()
        .map(|(rank, item)| row(model, rank + 1, item, root, report.today))
        .collect();
    GapSummary {
        stats: stats(report),
        total: report.items.len(),
        top,
        gaps: report.gaps().count(),
    }
}

fn page<'a>(model: &SiteModel<'_>, layout: &'a Layout<'a>) -> GapTemplate<'a> {
    let root = layout.root.as_str();
    let report = &model.gap;
    let gaps = report
        .gaps()
        .enumerate()
        .map(|(rank, item)| row(model, rank + 1, item, root, report.today))
        .collect();
    let compliant = report
        .compliant()
        .map(|item| row(model, 0, item, root, report.today))
        .collect();
    let triple = |tally: &crate::gap::Tally| [tally.compliant, tally.partial, tally.not_compliant];
    GapTemplate {
        stats: stats(report),
        clauses: triple(&report.clauses),
        controls: triple(&report.controls),
        excluded: report.controls.excluded,
        gaps,
        compliant,
        today: report.today.to_string(),
        stage1: report
            .stage1
            .map(|date| date.to_string())
            .unwrap_or_default(),
        layout,
    }
}

#[cfg(test)]
mod tests {
    use super::code_spans;

    #[test]
    fn backticks_mark_code() {
        let spans = code_spans("run `aims approve <X>` & wait ``");
        let shown: Vec<(bool, &str)> = spans
            .iter()
            .map(|span| (span.code, span.text.as_str()))
            .collect();
        assert_eq!(
            shown,
            [
                (false, "run "),
                (true, "aims approve <X>"),
                (false, " & wait "),
                (true, ""),
                (false, "")
            ]
        );
    }
}
