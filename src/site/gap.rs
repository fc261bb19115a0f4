//! The gap analysis on the site: `gap.html` (the prioritised checklist with what is missing for
//! each requirement) and the summary card and top priorities on the dashboard.

use super::context::{Context, Link};
use super::pages::Layout;
use crate::gap::{Applicability, Conformity, GapItem, GapReport, Priority, Requirement};
use askama::Template;

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
    pub missing: Vec<String>,
    /// Links to the documents the missing pieces and the evidence name.
    pub documents: Vec<Link>,
}

/// Escapes text and shows `backticked` parts (commands, fields) as code.
fn with_code_spans(text: &str) -> String {
    text.split('`')
        .enumerate()
        .map(|(index, part)| {
            if index % 2 == 1 {
                format!("<code>{}</code>", super::context::escape(part))
            } else {
                super::context::escape(part)
            }
        })
        .collect()
}

impl GapRow {
    pub fn missing_html(&self) -> Vec<String> {
        self.missing
            .iter()
            .map(|text| with_code_spans(text))
            .collect()
    }

    pub fn documents_html(&self) -> String {
        self.documents
            .iter()
            .map(Link::html)
            .collect::<Vec<_>>()
            .join(", ")
    }

    pub fn requirement_html(&self) -> String {
        self.requirement.html()
    }
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
pub struct GapPage {
    pub layout: Layout,
    pub stats: Vec<GapStat>,
    pub clauses: [usize; 3],
    pub controls: [usize; 3],
    pub excluded: usize,
    pub gaps: Vec<GapRow>,
    pub compliant: Vec<GapRow>,
    pub today: String,
    pub stage1: String,
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
    context: &Context<'_>,
    rank: usize,
    item: &GapItem,
    root: &str,
    today: jiff::civil::Date,
) -> GapRow {
    let requirement = match item.requirement {
        Requirement::Clause => context.clause_link(&item.id, root),
        Requirement::Control => context.control_link(&item.id, root),
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
        .filter(|id| context.document_of(id).is_some())
        .take(crate::report::gap::MAX_MISSING)
        .map(|id| context.document_link(id, root))
        .collect();
    GapRow {
        rank,
        anchor: anchor(&item.id),
        requirement,
        title: item.title.clone(),
        status: item.conformity.as_str(),
        status_class: status_class(item.conformity),
        excluded: item.applicability == Some(Applicability::Excluded),
        priority: item
            .priority
            .map(|priority| format!("{} {}", priority.label(), priority.as_str()))
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
        effort: item
            .effort
            .map(|effort| effort.as_str())
            .unwrap_or_default(),
        missing: item
            .missing
            .iter()
            .take(crate::report::gap::MAX_MISSING)
            .map(|missing| missing.text.clone())
            .chain(crate::report::gap::more_missing(item))
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

pub fn summary(context: &Context<'_>, report: &GapReport, root: &str) -> GapSummary {
    let top = report
        .gaps()
        .take(TOP)
        .enumerate()
        .map(|(rank, item)| row(context, rank + 1, item, root, report.today))
        .collect();
    GapSummary {
        stats: stats(report),
        total: report.items.len(),
        top,
        gaps: report.gaps().count(),
    }
}

pub fn page(context: &Context<'_>, layout: Layout, report: &GapReport) -> GapPage {
    let root = layout.root;
    let gaps = report
        .gaps()
        .enumerate()
        .map(|(rank, item)| row(context, rank + 1, item, root, report.today))
        .collect();
    let compliant = report
        .compliant()
        .map(|item| row(context, 0, item, root, report.today))
        .collect();
    let triple = |tally: &crate::gap::Tally| [tally.compliant, tally.partial, tally.not_compliant];
    GapPage {
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
    use super::with_code_spans;

    #[test]
    fn code_spans_are_escaped() {
        assert_eq!(
            with_code_spans("run `aims approve <X>` & wait"),
            "run <code>aims approve &lt;X&gt;</code> &amp; wait"
        );
        assert_eq!(with_code_spans("odd ` tick"), "odd <code> tick</code>");
    }
}
