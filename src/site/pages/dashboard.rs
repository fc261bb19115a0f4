//! `index.html`, the readiness dashboard: the gap analysis in brief, SoA implementation, approval
//! states, lint findings, open nonconformities, the certification calendar and overdue reviews.

use super::super::html::filters;
use super::super::layout::Layout;
use super::super::links::Link;
use super::super::model::SiteModel;
use super::audits::{NcRow, nc_rows};
use super::gap::{GapSummary, summary};
use super::{Page, label, state_class};
use crate::history::approvals::{DocumentStatus, ReviewState, State};
use crate::load::model::{SoaEntry, soa_entries};
use askama::Template;

pub struct Dashboard;

impl Page for Dashboard {
    fn file(&self) -> &str {
        "index.html"
    }

    fn title(&self, _: &SiteModel<'_>) -> String {
        "Dashboard".to_owned()
    }

    fn nav(&self) -> Option<&'static str> {
        Some("Dashboard")
    }

    fn render(&self, model: &SiteModel<'_>, layout: &Layout<'_>) -> askama::Result<String> {
        dashboard(model, layout).render()
    }
}

pub struct Stat {
    pub label: String,
    pub value: usize,
    pub class: &'static str,
    /// The list that shows what the tile counts (a page, or an anchor of the action list);
    /// empty when the tile counts nothing there is to act on.
    pub href: String,
}

/// One group of the dashboard's action list: the documents someone has to act on, for one
/// reason, each with the finding that says why.
pub struct ActionGroup {
    pub anchor: &'static str,
    pub heading: &'static str,
    pub items: Vec<ActionItem>,
}

pub struct ActionItem {
    pub doc: Option<Link>,
    pub path: String,
    pub message: String,
}

/// The action list: findings of the rules that ask someone to approve, review, accept or
/// refresh something, grouped by what is to be done, in rule order within each group.
fn action_list(model: &SiteModel<'_>, root: &str) -> Vec<ActionGroup> {
    const GROUPS: [(&str, &str, &[&str]); 5] = [
        ("act-approval", "Needs approval", &["AIMS401", "AIMS402"]),
        ("act-overdue", "Review overdue", &["AIMS403"]),
        ("act-suspect", "Upstream changed since review", &["AIMS413"]),
        ("act-acceptance", "Risk acceptance missing", &["AIMS414"]),
        ("act-stale", "Stale evidence", &["AIMS505"]),
    ];
    GROUPS
        .iter()
        .map(|(anchor, heading, codes)| ActionGroup {
            anchor,
            heading,
            items: model
                .diagnostics
                .iter()
                .filter(|diagnostic| codes.contains(&diagnostic.code))
                .map(|diagnostic| ActionItem {
                    doc: diagnostic
                        .document_id
                        .as_deref()
                        .map(|id| model.links.document_link(id, root)),
                    path: diagnostic.path.clone(),
                    message: diagnostic.message.clone(),
                })
                .collect(),
        })
        .collect()
}

pub struct ReviewRow {
    pub doc: Link,
    pub title: String,
    pub due: String,
    pub owner: String,
}

/// One KPI in the dashboard's KPI panel.
pub struct KpiRow {
    pub objective: Link,
    /// The KPI's name, linking to its chart on the objective's page.
    pub kpi: Link,
    pub latest: String,
    pub target: String,
    pub state: &'static str,
    pub state_class: &'static str,
    pub next_due: String,
    pub overdue: bool,
}

/// Every KPI of the active objectives, in binder order.
fn kpi_rows(model: &SiteModel<'_>, root: &str) -> Vec<KpiRow> {
    model
        .views
        .iter()
        .filter(|view| view.status == "active")
        .flat_map(|view| {
            let objective = model.links.document_link(&view.id, root);
            view.kpis.iter().map(move |panel| KpiRow {
                kpi: Link {
                    href: if objective.href.is_empty() {
                        String::new()
                    } else {
                        format!("{}#{}", objective.href, panel.anchor)
                    },
                    text: panel.name.clone(),
                    title: format!("{} over time", panel.name),
                },
                objective: objective.clone(),
                latest: panel.latest.clone(),
                target: panel.target.clone(),
                state: panel.state,
                state_class: panel.state_class,
                next_due: panel.next_due.clone(),
                overdue: panel.overdue,
            })
        })
        .collect()
}

pub struct CalendarRow {
    pub label: String,
    pub date: String,
    /// The document behind the date (an audit or a review) …
    pub link: Option<Link>,
    /// … or a note (the certification body).
    pub note: String,
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardTemplate<'a> {
    layout: &'a Layout<'a>,
    gap: GapSummary,
    soa_stats: Vec<Stat>,
    soa_total: usize,
    soa_found: bool,
    implemented_percent: usize,
    states: Vec<Stat>,
    actions: Vec<ActionGroup>,
    /// The residual-risk heat map (linking into the risk register), when there are risks.
    heatmap: Option<super::super::html::Html>,
    overdue: Vec<ReviewRow>,
    due_soon: Vec<ReviewRow>,
    open_ncs: Vec<NcRow>,
    nc_grades: Vec<Stat>,
    errors: usize,
    warnings: usize,
    infos: usize,
    calendar: Vec<CalendarRow>,
    kpis: Vec<KpiRow>,
    documents: usize,
    today: String,
    /// With `--since REV`: (REV, what changed since), for a line linking to the changes page.
    since: Option<(String, String)>,
}

fn soa_stats(entries: &[SoaEntry<'_>]) -> (Vec<Stat>, usize, usize) {
    let count = |predicate: &dyn Fn(&SoaEntry<'_>) -> bool| {
        entries.iter().filter(|entry| predicate(entry)).count()
    };
    let applicable_with =
        |status: &'static str| count(&|e| e.applicable == Some(true) && e.status == Some(status));
    let implemented = applicable_with("implemented");
    let applicable = count(&|e| e.applicable == Some(true));
    let stat = |label: &str, value: usize, class: &'static str| Stat {
        label: label.into(),
        value,
        class,
        href: "soa.html".to_owned(),
    };
    let stats = vec![
        stat("Applicable", applicable, "info"),
        stat("Implemented", implemented, "ok"),
        stat("Partial", applicable_with("partial"), "warn"),
        stat("Planned", applicable_with("planned"), "warn"),
        stat("Not implemented", applicable_with("not-implemented"), "bad"),
        stat("Excluded", count(&|e| e.applicable == Some(false)), "muted"),
    ];
    (stats, implemented, applicable)
}

/// Reviews overdue and due soon, of active documents, soonest first.
fn reviews(model: &SiteModel<'_>, root: &str) -> (Vec<ReviewRow>, Vec<ReviewRow>) {
    let mut overdue = Vec::new();
    let mut due_soon = Vec::new();
    let mut ordered: Vec<&DocumentStatus<'_>> = model.assessment.statuses().collect();
    ordered.sort_by(|a, b| (a.review.due, &a.path).cmp(&(b.review.due, &b.path)));
    for status in ordered {
        let Some(document) = model.documents.by_path(&status.path) else {
            continue;
        };
        if !document.is_active() {
            continue;
        }
        let row = || ReviewRow {
            doc: model
                .links
                .document_link(status.id.as_deref().unwrap_or_default(), root),
            title: document.title().unwrap_or_default().to_owned(),
            due: status
                .review
                .due
                .map(|due| due.to_string())
                .unwrap_or_default(),
            owner: document.str_at("/owner").unwrap_or_default().to_owned(),
        };
        match status.review.state {
            ReviewState::Overdue => overdue.push(row()),
            ReviewState::DueSoon => due_soon.push(row()),
            ReviewState::Current => {}
        }
    }
    (overdue, due_soon)
}

fn dashboard<'a>(model: &SiteModel<'_>, layout: &'a Layout<'a>) -> DashboardTemplate<'a> {
    let root = layout.root.as_str();
    let soa = model.soa();
    let entries = soa.map(soa_entries).unwrap_or_default();
    let (soa_stats, implemented, applicable) = soa_stats(&entries);
    let states = [
        State::Approved,
        State::ChangedSinceApproval,
        State::NeverApproved,
        State::Draft,
        State::Retired,
    ]
    .into_iter()
    .map(|state| Stat {
        href: match state {
            State::ChangedSinceApproval | State::NeverApproved => "#act-approval".to_owned(),
            _ => "documents.html".to_owned(),
        },
        label: label(&state.name().replace('_', " ")),
        value: model
            .assessment
            .statuses()
            .filter(|status| status.state == state)
            .count(),
        class: state_class(state),
    })
    .collect();
    let (overdue, due_soon) = reviews(model, root);
    let open_ncs: Vec<NcRow> = nc_rows(model, root)
        .into_iter()
        .filter(|row| row.closed.is_empty())
        .collect();
    let nc_grades: Vec<Stat> = ["major", "minor", "observation"]
        .iter()
        .map(|grade| Stat {
            href: "audits.html#nonconformities".to_owned(),
            label: label(grade),
            value: open_ncs.iter().filter(|row| row.grade == *grade).count(),
            class: match *grade {
                "major" => "bad",
                "minor" => "warn",
                _ => "muted",
            },
        })
        .collect();
    let counts = crate::diagnostic::Counts::of(&model.diagnostics);
    DashboardTemplate {
        gap: summary(model, root),
        soa_found: soa.is_some(),
        soa_total: entries.len(),
        implemented_percent: (implemented * 100).checked_div(applicable).unwrap_or(0),
        soa_stats: quiet(soa_stats),
        states: quiet(states),
        actions: action_list(model, root),
        heatmap: super::risks::residual_heatmap(model, root),
        overdue,
        due_soon,
        open_ncs,
        nc_grades: quiet(nc_grades),
        errors: counts.errors,
        warnings: counts.warnings,
        infos: counts.infos,
        calendar: calendar(model, root),
        kpis: kpi_rows(model, root),
        documents: model.documents.len(),
        today: model.today.to_string(),
        since: model
            .since
            .as_ref()
            .map(|diff| (diff.from.rev.clone(), super::changes::period(diff))),
        layout,
    }
}

/// A zero is not an alarm: show it in neutral colours.
fn quiet(stats: Vec<Stat>) -> Vec<Stat> {
    stats
        .into_iter()
        .map(|stat| {
            if stat.value == 0 {
                Stat {
                    class: "muted",
                    ..stat
                }
            } else {
                stat
            }
        })
        .collect()
}

/// Dated documents of `kind` (`date` field), as (date, id, active), oldest first.
fn dated(model: &SiteModel<'_>, kind: &str) -> Vec<(String, String, bool)> {
    let mut found: Vec<(String, String, bool)> = model
        .documents
        .of_kind(kind)
        .filter(|document| !document.is_retired())
        .filter_map(|document| {
            Some((
                document.str_at("/date")?.to_owned(),
                document.id()?.to_owned(),
                document.is_active(),
            ))
        })
        .collect();
    found.sort();
    found
}

fn calendar(model: &SiteModel<'_>, root: &str) -> Vec<CalendarRow> {
    let today = model.today.to_string();
    let mut rows = Vec::new();
    for (kind, past, next) in [
        (
            "audit",
            "Last internal audit",
            "Next internal audit (planned)",
        ),
        (
            "management-review",
            "Last management review",
            "Next management review (planned)",
        ),
    ] {
        let all = dated(model, kind);
        // Held: active and dated today or earlier. Planned: a draft, or dated after today.
        let held = all
            .iter()
            .rfind(|(date, _, active)| *active && *date <= today);
        let planned = all
            .iter()
            .find(|(date, _, active)| !*active || *date > today);
        rows.push(CalendarRow {
            label: past.into(),
            date: held
                .map(|(date, _, _)| date.clone())
                .unwrap_or_else(|| "none recorded".into()),
            link: held.map(|(_, id, _)| model.links.document_link(id, root)),
            note: String::new(),
        });
        if let Some((date, id, _)) = planned {
            rows.push(CalendarRow {
                label: next.into(),
                date: date.clone(),
                link: Some(model.links.document_link(id, root)),
                note: String::new(),
            });
        }
    }
    let certification = &model.config.certification;
    let body = certification.body.clone().unwrap_or_default();
    for (label, date) in [
        ("Stage 1 audit", &certification.stage1),
        ("Stage 2 audit", &certification.stage2),
        ("Certificate issued", &certification.certificate_issued),
        ("Next surveillance audit", &certification.next_surveillance),
        ("Recertification", &certification.recertification),
    ] {
        if let Some(date) = date {
            rows.push(CalendarRow {
                label: label.into(),
                date: date.clone(),
                link: None,
                note: body.clone(),
            });
        }
    }
    rows
}
