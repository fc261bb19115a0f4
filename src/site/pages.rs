//! The pages of the site: a view model per page, built from the documents, their history and
//! the lint findings, and rendered with askama templates (`templates/`). Templates escape every
//! value; the only values marked safe are sanitised Markdown and fragments built here from
//! escaped parts.

use super::context::{Context, Link, clause_anchor, control_anchor, escape};
use super::markdown;
use crate::diagnostic::{Diagnostic, Severity};
use crate::history::approvals::{DocumentStatus, ReviewState, State};
use crate::load::Document;
use crate::load::model::{SoaEntry, evidenced_clauses, nonconformity, risk, soa_entries};
use askama::Template;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};

impl Link {
    /// The link as HTML (a `span` when there is nowhere to go).
    pub fn html(&self) -> String {
        let title = if self.title.is_empty() {
            String::new()
        } else {
            format!(r#" title="{}""#, escape(&self.title))
        };
        if self.href.is_empty() {
            format!(r#"<span class="dead"{title}>{}</span>"#, escape(&self.text))
        } else if self.href.starts_with("http://") || self.href.starts_with("https://") {
            format!(
                r#"<a href="{}"{title} rel="noopener noreferrer">{}</a>"#,
                escape(&self.href),
                escape(&self.text)
            )
        } else {
            format!(
                r#"<a href="{}"{title}>{}</a>"#,
                escape(&self.href),
                escape(&self.text)
            )
        }
    }
}

fn links_html(links: &[Link]) -> String {
    if links.is_empty() {
        return r#"<span class="none">—</span>"#.to_owned();
    }
    links.iter().map(Link::html).collect::<Vec<_>>().join(", ")
}

/// Shared page frame.
pub struct Layout {
    pub organisation: String,
    pub title: String,
    /// From the page to the site root: `""` or `"../"`.
    pub root: &'static str,
    pub active: &'static str,
    pub commit: String,
    pub commit_short: String,
    pub commit_date: String,
    pub commit_url: String,
    pub version: &'static str,
    pub shallow: bool,
}

impl Layout {
    /// The build commit's calendar day.
    pub fn commit_day(&self) -> &str {
        self.commit_date.get(..10).unwrap_or(&self.commit_date)
    }

    pub fn nav(&self) -> Vec<(&'static str, &'static str, bool)> {
        NAV.iter()
            .map(|(file, label)| (*file, *label, *file == self.active))
            .collect()
    }
}

const NAV: &[(&str, &str)] = &[
    ("index.html", "Dashboard"),
    ("gap.html", "Gap analysis"),
    ("soa.html", "Statement of Applicability"),
    ("risks.html", "Risks"),
    ("systems.html", "AI systems"),
    ("impact.html", "Impact assessments"),
    ("traceability.html", "Traceability"),
    ("clauses.html", "Clauses 4–10"),
    ("eu-ai-act.html", "EU AI Act"),
    ("nist-ai-rmf.html", "NIST AI RMF"),
    ("iso27001.html", "ISO 27001"),
    ("documents.html", "Documents"),
    ("audits.html", "Audits & NCs"),
    ("findings.html", "Findings"),
    ("binder.html", "Audit binder"),
];

/// The order documents are listed and bound in, by kind.
pub const KIND_ORDER: &[&str] = &[
    "scope",
    "policy",
    "procedure",
    "soa",
    "ai-system",
    "risk",
    "impact-assessment",
    "objective",
    "record",
    "audit",
    "management-review",
    "nonconformity",
];

pub fn kind_rank(kind: &str) -> usize {
    KIND_ORDER
        .iter()
        .position(|known| *known == kind)
        .unwrap_or(KIND_ORDER.len())
}

pub fn kind_title(context: &Context<'_>, kind: &str) -> String {
    crate::catalog::kinds::builtin(kind)
        .map(|builtin| builtin.title.to_owned())
        .or_else(|| {
            context
                .config
                .custom_kind(kind)
                .map(|custom| custom.title.clone())
        })
        .unwrap_or_else(|| kind.to_owned())
}

fn state_class(state: State) -> &'static str {
    match state {
        State::Approved => "ok",
        State::ChangedSinceApproval => "warn",
        State::NeverApproved => "bad",
        State::Draft | State::Retired => "muted",
    }
}

fn review_class(state: ReviewState) -> &'static str {
    match state {
        ReviewState::Current => "ok",
        ReviewState::DueSoon => "warn",
        ReviewState::Overdue => "bad",
    }
}

fn label(key: &str) -> String {
    let spaced = key.replace('_', " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().collect::<String>() + chars.as_str(),
        None => String::new(),
    }
}

/// `P12M` → "every 12 months", `P1Y` → "every year", `P90D` → "every 90 days".
pub fn every(cycle: &str) -> String {
    let Some(rest) = cycle.strip_prefix('P') else {
        return cycle.to_owned();
    };
    let mut parts = Vec::new();
    let mut number = String::new();
    for ch in rest.chars() {
        if ch.is_ascii_digit() {
            number.push(ch);
            continue;
        }
        let unit = match ch {
            'Y' => "year",
            'M' => "month",
            'W' => "week",
            'D' => "day",
            _ => return cycle.to_owned(),
        };
        parts.push(match number.as_str() {
            "1" => unit.to_owned(),
            n => format!("{n} {unit}s"),
        });
        number.clear();
    }
    if parts.is_empty() {
        cycle.to_owned()
    } else {
        format!("every {}", parts.join(" and "))
    }
}

fn short(id: &str) -> String {
    id.chars().take(7).collect()
}

/// Renders a frontmatter value as HTML, linking document ids, controls, clauses and evidence.
pub fn value_html(context: &Context<'_>, key: &str, value: &Value, root: &str) -> String {
    match value {
        Value::Null => r#"<span class="none">—</span>"#.to_owned(),
        Value::Bool(flag) => if *flag { "yes" } else { "no" }.to_owned(),
        Value::Number(number) => escape(&number.to_string()),
        Value::String(text) => {
            if key == "evidence" {
                context.evidence_link(text, root).html()
            } else if context.pages.contains_key(text) {
                context.document_link(text, root).html()
            } else if context.catalog.control(text).is_some() {
                context.control_link(text, root).html()
            } else if key == "clauses" && context.catalog.clause(text).is_some() {
                context.clause_link(text, root).html()
            } else {
                escape(text)
            }
        }
        Value::Array(items) => {
            if items
                .iter()
                .all(|item| !item.is_object() && !item.is_array())
            {
                if items.is_empty() {
                    return r#"<span class="none">—</span>"#.to_owned();
                }
                items
                    .iter()
                    .map(|item| value_html(context, key, item, root))
                    .collect::<Vec<_>>()
                    .join(", ")
            } else {
                let mut out = String::from("<ul class=\"values\">");
                for item in items {
                    out.push_str("<li>");
                    out.push_str(&value_html(context, key, item, root));
                    out.push_str("</li>");
                }
                out.push_str("</ul>");
                out
            }
        }
        Value::Object(entries) => {
            let mut out = String::from("<dl class=\"nested\">");
            for (child_key, child) in entries {
                out.push_str(&format!(
                    "<dt>{}</dt><dd>{}</dd>",
                    escape(&label(child_key)),
                    value_html(context, child_key, child, root)
                ));
            }
            out.push_str("</dl>");
            out
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Documents

pub struct ApprovalRow {
    pub kind: &'static str,
    /// ISO 8601 with time and offset (for `datetime` and hover).
    pub date: String,
    /// The calendar day shown.
    pub day: String,
    pub approver: String,
    pub email: String,
    pub commit: Link,
    pub version: String,
    pub signature: String,
    /// One line on what the signature level proves.
    pub signature_note: &'static str,
    pub current: bool,
    pub counts: bool,
    pub note: String,
}

pub struct ChangeRow {
    pub date: String,
    pub day: String,
    pub author: String,
    pub email: String,
    pub commit: Link,
    pub subject: String,
    pub version: String,
}

pub struct DocView {
    pub id: String,
    pub anchor: String,
    pub title: String,
    pub kind: String,
    pub kind_title: String,
    pub path: String,
    pub status: String,
    pub owner: String,
    pub approvers: String,
    pub state: String,
    pub state_class: &'static str,
    pub review_state: String,
    pub review_class: &'static str,
    pub review_due: String,
    pub review_last: String,
    pub review_cycle: String,
    /// The review cycle in words ("every 12 months").
    pub review_every: String,
    pub committed: bool,
    pub facts: Vec<(String, String)>,
    pub body: String,
    pub approvals: Vec<ApprovalRow>,
    /// What each signature level in the trail proves, one line each.
    pub trust_legend: Vec<(String, &'static str)>,
    pub changes: Vec<ChangeRow>,
    pub referenced_by: Vec<Link>,
    pub source_url: String,
}

const CARD_FIELDS: &[&str] = &[
    "id",
    "kind",
    "title",
    "owner",
    "status",
    "approvers",
    "review_cycle",
];

/// The signature level as the approval trail shows it.
fn trust_label(level: crate::history::approvals::TrustLevel) -> &'static str {
    match level {
        crate::history::approvals::TrustLevel::Verified => "signed, verified",
        crate::history::approvals::TrustLevel::SignedUnverified => "signed, not verified",
        crate::history::approvals::TrustLevel::Unsigned => "unsigned",
    }
}

pub fn doc_view(
    context: &Context<'_>,
    document: &Document,
    status: Option<&DocumentStatus<'_>>,
    referenced_by: &[String],
    root: &str,
) -> DocView {
    let id = document.id().unwrap_or_default().to_owned();
    let kind = document.kind().unwrap_or_default().to_owned();
    let facts = document
        .frontmatter()
        .and_then(|front| front.data.as_object())
        .map(|entries| {
            entries
                .iter()
                .filter(|(key, _)| !CARD_FIELDS.contains(&key.as_str()))
                .map(|(key, value)| (label(key), value_html(context, key, value, root)))
                .collect()
        })
        .unwrap_or_default();
    let dir = document.path.rsplit_once('/').map_or("", |(dir, _)| dir);
    let body = markdown::render(document.body(), dir, root, context);
    let history = context.history;
    let commit_link = |id: &str| Link {
        href: context.commit_url(id).unwrap_or_default(),
        text: short(id),
        title: id.to_owned(),
    };
    let (approvals, changes) = match status {
        Some(status) => {
            let mut rows: Vec<(usize, ApprovalRow)> = Vec::new();
            for (kind, events) in [("approval", &status.approvals), ("review", &status.reviews)] {
                for event in events.iter() {
                    let record = &history.records[event.record];
                    rows.push((
                        event.record,
                        ApprovalRow {
                            kind,
                            date: record.author.iso8601(),
                            day: record
                                .author
                                .date()
                                .map(|day| day.to_string())
                                .unwrap_or_default(),
                            approver: event.name.clone(),
                            email: event.email.clone(),
                            commit: commit_link(&record.id),
                            version: short(&event.blob),
                            signature: trust_label(event.trust).to_owned(),
                            signature_note: event.trust.explain(),
                            current: event.current,
                            counts: event.counts(),
                            note: match (&event.problem, &event.why) {
                                (Some(_), Some(why)) => format!("does not count: {why}"),
                                (Some(problem), None) => format!(
                                    "does not count: {}",
                                    problem.as_str().replace('-', " ")
                                ),
                                _ => String::new(),
                            },
                        },
                    ));
                }
            }
            rows.sort_by_key(|(record, _)| *record);
            let changes = status
                .timeline
                .commits
                .iter()
                .zip(&status.timeline.blobs)
                .map(|(&index, blob)| {
                    let record = &history.records[index];
                    ChangeRow {
                        date: record.author.iso8601(),
                        day: record
                            .author
                            .date()
                            .map(|day| day.to_string())
                            .unwrap_or_default(),
                        author: record.author.name.clone(),
                        email: record.author.email.clone(),
                        commit: commit_link(&record.id),
                        subject: record.summary.clone(),
                        version: blob.as_deref().map(short).unwrap_or_default(),
                    }
                })
                .collect();
            (rows.into_iter().map(|(_, row)| row).collect(), changes)
        }
        None => (Vec::new(), Vec::new()),
    };
    let mut trust_legend: Vec<(String, &'static str)> = Vec::new();
    for row in &approvals {
        if !trust_legend
            .iter()
            .any(|(label, _)| *label == row.signature)
        {
            trust_legend.push((row.signature.clone(), row.signature_note));
        }
    }
    let source_url = context
        .config
        .repo_url
        .as_ref()
        .map(|url| format!("{url}/blob/{}/{}", history.head, document.path))
        .unwrap_or_default();
    DocView {
        anchor: format!(
            "doc-{}",
            id.replace(|c: char| !c.is_ascii_alphanumeric(), "-")
        ),
        title: document.title().unwrap_or(&document.path).to_owned(),
        kind_title: kind_title(context, &kind),
        kind,
        path: document.path.clone(),
        status: document.status().unwrap_or_default().to_owned(),
        owner: document.str_at("/owner").unwrap_or_default().to_owned(),
        approvers: status
            .map(|status| status.approvers.join(", "))
            .unwrap_or_default(),
        state: status
            .map(|status| status.state.as_str().replace('_', " "))
            .unwrap_or_else(|| "not committed".to_owned()),
        state_class: status.map_or("muted", |status| state_class(status.state)),
        review_state: status
            .map(|status| status.review.state.as_str().replace('_', " "))
            .unwrap_or_default(),
        review_class: status.map_or("muted", |status| review_class(status.review.state)),
        review_due: status
            .and_then(|status| status.review.due)
            .map(|date| date.to_string())
            .unwrap_or_default(),
        review_last: status
            .and_then(|status| status.review.last)
            .map(|date| date.to_string())
            .unwrap_or_default(),
        review_cycle: status
            .map(|status| status.review.cycle.clone())
            .unwrap_or_default(),
        review_every: status
            .map(|status| every(&status.review.cycle))
            .unwrap_or_default(),
        committed: status.is_some(),
        facts,
        body,
        trust_legend,
        approvals,
        changes,
        referenced_by: referenced_by
            .iter()
            .map(|id| context.document_link(id, root))
            .collect(),
        source_url,
        id,
    }
}

impl DocView {
    pub fn referenced_by_html(&self) -> String {
        links_html(&self.referenced_by)
    }
}

#[derive(Template)]
#[template(path = "document.html")]
pub struct DocumentPage<'a> {
    pub layout: Layout,
    pub doc: &'a DocView,
}

pub struct DocRow {
    pub link: Link,
    pub title: String,
    pub state: String,
    pub state_class: &'static str,
    pub review: String,
    pub review_class: &'static str,
    pub due: String,
    pub owner: String,
    pub status: String,
}

#[derive(Template)]
#[template(path = "documents.html")]
pub struct DocumentsPage {
    pub layout: Layout,
    pub groups: Vec<(String, Vec<DocRow>)>,
    pub total: usize,
}

#[derive(Template)]
#[template(path = "binder.html")]
pub struct BinderPage<'a> {
    pub layout: Layout,
    pub docs: Vec<&'a DocView>,
    pub organisation: String,
}

// ---------------------------------------------------------------------------------------------
// Dashboard

pub struct Stat {
    pub label: String,
    pub value: usize,
    pub class: &'static str,
}

pub struct ReviewRow {
    pub doc: Link,
    pub title: String,
    pub due: String,
    pub owner: String,
}

pub struct NcRow {
    pub doc: Link,
    pub title: String,
    pub grade: String,
    pub source: String,
    pub raised: String,
    pub raised_in: String,
    pub actions: String,
    pub next_due: String,
    pub overdue: bool,
    pub closed: String,
}

pub struct CalendarRow {
    pub label: String,
    pub date: String,
    pub detail: String,
}

#[derive(Template)]
#[template(path = "dashboard.html")]
pub struct DashboardPage {
    pub layout: Layout,
    pub gap: super::gap::GapSummary,
    pub soa_stats: Vec<Stat>,
    pub soa_total: usize,
    pub soa_found: bool,
    pub implemented_percent: usize,
    pub states: Vec<Stat>,
    pub overdue: Vec<ReviewRow>,
    pub due_soon: Vec<ReviewRow>,
    pub open_ncs: Vec<NcRow>,
    pub nc_grades: Vec<Stat>,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub calendar: Vec<CalendarRow>,
    pub documents: usize,
    pub today: String,
}

pub struct DashboardInput<'a> {
    pub gap: &'a crate::gap::GapReport,
    pub statuses: &'a crate::history::assess::Assessment<'a>,
    pub diagnostics: &'a [Diagnostic],
    pub today: jiff::civil::Date,
}

/// The Statement of Applicability in force: the first one not retired.
fn soa_in_force<'c>(context: &Context<'c>) -> Option<&'c Document> {
    context
        .documents
        .of_kind("soa")
        .find(|document| document.status() != Some("retired"))
}

/// The Statement of Applicability in force and its entries by control id.
fn current_soa<'c>(
    context: &Context<'c>,
) -> (Option<&'c Document>, HashMap<&'c str, SoaEntry<'c>>) {
    let soa = soa_in_force(context);
    let by_id = soa
        .map(soa_entries)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|entry| Some((entry.id?, entry)))
        .collect();
    (soa, by_id)
}

pub fn dashboard(
    context: &Context<'_>,
    layout: Layout,
    input: &DashboardInput<'_>,
) -> DashboardPage {
    let root = layout.root;
    let soa = soa_in_force(context);
    let entries = soa.map(soa_entries).unwrap_or_default();
    let count = |predicate: &dyn Fn(&crate::load::model::SoaEntry<'_>) -> bool| {
        entries.iter().filter(|entry| predicate(entry)).count()
    };
    let implemented = count(&|e| e.applicable == Some(true) && e.status == Some("implemented"));
    let applicable = count(&|e| e.applicable == Some(true));
    let soa_stats = vec![
        Stat {
            label: "Applicable".into(),
            value: applicable,
            class: "info",
        },
        Stat {
            label: "Implemented".into(),
            value: implemented,
            class: "ok",
        },
        Stat {
            label: "Partial".into(),
            value: count(&|e| e.applicable == Some(true) && e.status == Some("partial")),
            class: "warn",
        },
        Stat {
            label: "Planned".into(),
            value: count(&|e| e.applicable == Some(true) && e.status == Some("planned")),
            class: "warn",
        },
        Stat {
            label: "Not implemented".into(),
            value: count(&|e| e.applicable == Some(true) && e.status == Some("not-implemented")),
            class: "bad",
        },
        Stat {
            label: "Excluded".into(),
            value: count(&|e| e.applicable == Some(false)),
            class: "muted",
        },
    ];
    let mut states = Vec::new();
    for state in [
        State::Approved,
        State::ChangedSinceApproval,
        State::NeverApproved,
        State::Draft,
        State::Retired,
    ] {
        states.push(Stat {
            label: label(&state.as_str().replace('_', " ")),
            value: input
                .statuses
                .statuses()
                .filter(|status| status.state == state)
                .count(),
            class: state_class(state),
        });
    }
    let mut overdue = Vec::new();
    let mut due_soon = Vec::new();
    let mut ordered: Vec<&DocumentStatus<'_>> = input.statuses.statuses().collect();
    ordered.sort_by(|a, b| (a.review.due, &a.path).cmp(&(b.review.due, &b.path)));
    for status in ordered {
        let Some(document) = context.documents.by_path(&status.path) else {
            continue;
        };
        if !document.is_active() {
            continue;
        }
        let row = || ReviewRow {
            doc: context.document_link(status.id.as_deref().unwrap_or_default(), root),
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
    let all_ncs = nc_rows(context, root, input.today);
    let open_ncs: Vec<NcRow> = all_ncs
        .into_iter()
        .filter(|row| row.closed.is_empty())
        .collect();
    let nc_grades: Vec<Stat> = ["major", "minor", "observation"]
        .iter()
        .map(|grade| Stat {
            label: label(grade),
            value: open_ncs.iter().filter(|row| row.grade == *grade).count(),
            class: match *grade {
                "major" => "bad",
                "minor" => "warn",
                _ => "muted",
            },
        })
        .collect();
    let counts = crate::diagnostic::Counts::of(input.diagnostics);
    // A zero is not an alarm: show it in neutral colours.
    let quiet = |stats: Vec<Stat>| -> Vec<Stat> {
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
    };
    let soa_stats = quiet(soa_stats);
    let states = quiet(states);
    let nc_grades = quiet(nc_grades);
    DashboardPage {
        gap: super::gap::summary(context, input.gap, root),
        soa_found: soa.is_some(),
        soa_total: entries.len(),
        implemented_percent: (implemented * 100).checked_div(applicable).unwrap_or(0),
        soa_stats,
        states,
        overdue,
        due_soon,
        open_ncs,
        nc_grades,
        errors: counts.errors,
        warnings: counts.warnings,
        infos: counts.infos,
        calendar: calendar(context, root, input.today),
        documents: context.documents.len(),
        today: input.today.to_string(),
        layout,
    }
}

/// Dated documents of `kind` (`date` field), as (date, id, active), oldest first.
fn dated(context: &Context<'_>, kind: &str) -> Vec<(String, String, bool)> {
    let mut found: Vec<(String, String, bool)> = context
        .documents
        .of_kind(kind)
        .filter(|document| document.status() != Some("retired"))
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

fn calendar(context: &Context<'_>, root: &str, today: jiff::civil::Date) -> Vec<CalendarRow> {
    let today = today.to_string();
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
        let all = dated(context, kind);
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
            detail: held
                .map(|(_, id, _)| context.document_link(id, root).html())
                .unwrap_or_default(),
        });
        if let Some((date, id, _)) = planned {
            rows.push(CalendarRow {
                label: next.into(),
                date: date.clone(),
                detail: context.document_link(id, root).html(),
            });
        }
    }
    let certification = &context.config.certification;
    let body = certification
        .body
        .as_deref()
        .map(escape)
        .unwrap_or_default();
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
                detail: body.clone(),
            });
        }
    }
    rows
}

pub fn nc_rows(context: &Context<'_>, root: &str, today: jiff::civil::Date) -> Vec<NcRow> {
    let mut rows: Vec<NcRow> = context
        .documents
        .of_kind("nonconformity")
        .filter_map(|document| {
            let id = document.id()?;
            let view = nonconformity(document);
            let open_actions = view
                .actions
                .iter()
                .filter(|action| action.completed.is_none())
                .count();
            let next_due = view.next_due().unwrap_or_default().to_owned();
            let overdue = view.is_open()
                && document.is_active()
                && crate::dates::parse_date(&next_due).is_some_and(|due| due < today);
            Some(NcRow {
                doc: context.document_link(id, root),
                title: document.title().unwrap_or_default().to_owned(),
                grade: view.grade.unwrap_or_default().to_owned(),
                source: document.str_at("/source").unwrap_or_default().to_owned(),
                raised: view.raised.unwrap_or_default().to_owned(),
                raised_in: document
                    .str_at("/raised_in")
                    .map(|id| context.document_link(id, root).html())
                    .unwrap_or_default(),
                actions: format!("{open_actions} open of {}", view.actions.len()),
                next_due: if view.is_open() {
                    next_due
                } else {
                    String::new()
                },
                overdue,
                closed: view.closed.unwrap_or_default().to_owned(),
            })
        })
        .collect();
    rows.sort_by(|a, b| {
        (a.closed.is_empty(), &a.raised, &a.doc.text)
            .cmp(&(b.closed.is_empty(), &b.raised, &b.doc.text))
            .reverse()
    });
    rows
}

// ---------------------------------------------------------------------------------------------
// Statement of Applicability

pub struct SoaRow {
    pub id: String,
    pub anchor: String,
    pub title: String,
    pub listed: bool,
    pub applicable: String,
    pub applicable_class: &'static str,
    pub justification: String,
    pub status: String,
    pub status_class: &'static str,
    pub implemented_by: String,
    pub evidence: String,
    pub risks: String,
}

pub struct SoaGroup {
    pub id: String,
    pub title: String,
    pub rows: Vec<SoaRow>,
}

#[derive(Template)]
#[template(path = "soa.html")]
pub struct SoaPage {
    pub layout: Layout,
    pub soa: Option<Link>,
    pub groups: Vec<SoaGroup>,
}

fn status_class(status: &str) -> &'static str {
    match status {
        "implemented" => "ok",
        "partial" | "planned" => "warn",
        "not-implemented" => "bad",
        _ => "muted",
    }
}

/// Control id → ids of the (non-retired) risks whose treatment uses it.
pub fn risks_by_control(context: &Context<'_>) -> BTreeMap<String, Vec<String>> {
    let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for document in context.documents.of_kind("risk") {
        if document.status() == Some("retired") {
            continue;
        }
        let Some(id) = document.id() else { continue };
        for control in risk(document).controls {
            map.entry(control.to_owned())
                .or_default()
                .push(id.to_owned());
        }
    }
    map
}

pub fn soa_page(context: &Context<'_>, layout: Layout) -> SoaPage {
    let root = layout.root;
    let (soa, by_id) = current_soa(context);
    let risks = risks_by_control(context);
    let groups = context
        .catalog
        .groups
        .iter()
        .map(|group| SoaGroup {
            id: group.id.clone(),
            title: group.title.clone(),
            rows: context
                .catalog
                .controls
                .iter()
                .filter(|control| control.group == group.id)
                .map(|control| {
                    let entry = by_id.get(control.id.as_str());
                    let links = |ids: &[&str]| -> Vec<Link> {
                        ids.iter()
                            .map(|id| context.document_link(id, root))
                            .collect()
                    };
                    let applicable = entry.and_then(|entry| entry.applicable);
                    let status = entry.and_then(|entry| entry.status).unwrap_or_default();
                    SoaRow {
                        anchor: control_anchor(&control.id),
                        id: control.id.clone(),
                        title: control.title.clone(),
                        listed: entry.is_some(),
                        applicable: match applicable {
                            Some(true) => "applicable".into(),
                            Some(false) => "excluded".into(),
                            None => "not stated".into(),
                        },
                        applicable_class: match applicable {
                            Some(true) => "info",
                            Some(false) => "muted",
                            None => "bad",
                        },
                        justification: entry
                            .and_then(|entry| entry.justification)
                            .unwrap_or_default()
                            .to_owned(),
                        status: if applicable == Some(true) {
                            status.to_owned()
                        } else {
                            String::new()
                        },
                        status_class: status_class(status),
                        implemented_by: links_html(
                            &entry
                                .map(|entry| links(&entry.implemented_by))
                                .unwrap_or_default(),
                        ),
                        evidence: links_html(
                            &entry
                                .map(|entry| {
                                    entry
                                        .evidence
                                        .iter()
                                        .map(|item| context.evidence_link(item, root))
                                        .collect::<Vec<_>>()
                                })
                                .unwrap_or_default(),
                        ),
                        risks: links_html(
                            &risks
                                .get(&control.id)
                                .map(|ids| {
                                    ids.iter()
                                        .map(|id| context.document_link(id, root))
                                        .collect::<Vec<_>>()
                                })
                                .unwrap_or_default(),
                        ),
                    }
                })
                .collect(),
        })
        .collect();
    SoaPage {
        soa: soa
            .and_then(Document::id)
            .map(|id| context.document_link(id, root)),
        groups,
        layout,
    }
}

// ---------------------------------------------------------------------------------------------
// Risks, systems, impact assessments

pub struct RiskRow {
    pub anchor: String,
    pub link: Link,
    pub title: String,
    pub systems: String,
    pub source: String,
    pub inherent: String,
    pub inherent_band: &'static str,
    pub treatment: String,
    pub controls: String,
    pub residual: String,
    pub residual_band: &'static str,
    pub acceptance: String,
    pub status: String,
}

#[derive(Template)]
#[template(path = "risks.html")]
pub struct RisksPage {
    pub layout: Layout,
    pub inherent: String,
    pub residual: String,
    pub rows: Vec<RiskRow>,
}

fn list_links(context: &Context<'_>, document: &Document, pointer: &str, root: &str) -> String {
    let links: Vec<Link> = document
        .get(pointer)
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(Value::as_str)
                .map(|id| context.document_link(id, root))
                .collect()
        })
        .unwrap_or_default();
    links_html(&links)
}

pub fn risks_page(context: &Context<'_>, layout: Layout) -> RisksPage {
    let root = layout.root;
    let scale = &context.config.risk;
    let mut inherent = super::svg::empty_cells(scale);
    let mut residual = super::svg::empty_cells(scale);
    let mut rows = Vec::new();
    let mut risks: Vec<&Document> = context
        .documents
        .of_kind("risk")
        .filter(|d| d.id().is_some())
        .collect();
    risks.sort_by_key(|document| document.id());
    for document in risks {
        let id = document.id().unwrap_or_default();
        let view = risk(document);
        let retired = document.status() == Some("retired");
        if !retired {
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
        let score = |l: Option<u8>, i: Option<u8>| match (l, i) {
            (Some(l), Some(i)) if scale.on_scale(l, i) => scale.describe(l, i),
            _ => "—".to_owned(),
        };
        rows.push(RiskRow {
            anchor: format!("risk-{id}"),
            link: context.document_link(id, root),
            title: document.title().unwrap_or_default().to_owned(),
            systems: list_links(context, document, "/systems", root),
            source: document
                .str_at("/risk_source")
                .unwrap_or_default()
                .to_owned(),
            inherent: score(view.likelihood, view.impact),
            inherent_band: view
                .inherent(scale)
                .map_or("muted", |level| scale.band(level)),
            treatment: view.option.unwrap_or_default().to_owned(),
            controls: links_html(
                &view
                    .controls
                    .iter()
                    .map(|control| context.control_link(control, root))
                    .collect::<Vec<_>>(),
            ),
            residual: score(view.residual_likelihood, view.residual_impact),
            residual_band: view
                .residual(scale)
                .map_or("muted", |level| scale.band(level)),
            acceptance: match (view.accepted_by, view.accepted_on) {
                (Some(by), Some(on)) => format!("{by}, {on}"),
                _ => String::new(),
            },
            status: document.status().unwrap_or_default().to_owned(),
        });
    }
    RisksPage {
        inherent: super::svg::heatmap(
            "inherent",
            "Inherent risk (before treatment)",
            &inherent,
            scale,
            root,
        ),
        residual: super::svg::heatmap(
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

pub struct SystemRow {
    pub link: Link,
    pub title: String,
    pub purpose: String,
    pub role: String,
    pub stage: String,
    pub act_class: String,
    pub act_basis: String,
    pub owner: String,
    pub data: String,
    pub risks: String,
    pub assessments: String,
}

#[derive(Template)]
#[template(path = "systems.html")]
pub struct SystemsPage {
    pub layout: Layout,
    pub rows: Vec<SystemRow>,
}

/// For documents of `kind`, each id named in their `pointer` list → the ids of those documents.
fn referencing(context: &Context<'_>, kind: &str, pointer: &str) -> HashMap<String, Vec<String>> {
    let mut map: HashMap<String, Vec<String>> = HashMap::new();
    for document in context.documents.of_kind(kind) {
        let Some(id) = document.id() else { continue };
        for target in document
            .get(pointer)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            map.entry(target.to_owned())
                .or_default()
                .push(id.to_owned());
        }
    }
    map
}

pub fn systems_page(context: &Context<'_>, layout: Layout) -> SystemsPage {
    let root = layout.root;
    let mut systems: Vec<&Document> = context
        .documents
        .of_kind("ai-system")
        .filter(|d| d.id().is_some())
        .collect();
    systems.sort_by_key(|document| document.id());
    let risks = referencing(context, "risk", "/systems");
    let assessments = referencing(context, "impact-assessment", "/systems");
    let rows = systems
        .into_iter()
        .map(|document| {
            let id = document.id().unwrap_or_default();
            let data: Vec<String> = document
                .get("/data_sources")
                .and_then(Value::as_array)
                .map(|items| {
                    items
                        .iter()
                        .filter_map(|item| {
                            let name = item.get("name")?.as_str()?;
                            let personal =
                                item.get("personal_data").and_then(Value::as_bool) == Some(true);
                            Some(if personal {
                                format!("{name} (personal data)")
                            } else {
                                name.to_owned()
                            })
                        })
                        .collect()
                })
                .unwrap_or_default();
            let as_links = |ids: Option<&Vec<String>>| {
                links_html(
                    &ids.into_iter()
                        .flatten()
                        .map(|id| context.document_link(id, root))
                        .collect::<Vec<_>>(),
                )
            };
            SystemRow {
                link: context.document_link(id, root),
                title: document.title().unwrap_or_default().to_owned(),
                purpose: document.str_at("/purpose").unwrap_or_default().to_owned(),
                role: document.str_at("/ai_role").unwrap_or_default().to_owned(),
                stage: document
                    .str_at("/lifecycle_stage")
                    .unwrap_or_default()
                    .replace('-', " "),
                act_class: document
                    .str_at("/eu_ai_act/risk_class")
                    .unwrap_or_default()
                    .to_owned(),
                act_basis: document
                    .str_at("/eu_ai_act/basis")
                    .unwrap_or_default()
                    .to_owned(),
                owner: document.str_at("/owner").unwrap_or_default().to_owned(),
                data: data.join("; "),
                risks: as_links(risks.get(id)),
                assessments: as_links(assessments.get(id)),
            }
        })
        .collect();
    SystemsPage { layout, rows }
}

pub struct ImpactRow {
    pub link: Link,
    pub title: String,
    pub systems: String,
    pub assessed_on: String,
    pub severity: String,
    pub affected: Vec<(String, String, String)>,
    pub mitigations: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "impact.html")]
pub struct ImpactPage {
    pub layout: Layout,
    pub rows: Vec<ImpactRow>,
}

pub fn impact_page(context: &Context<'_>, layout: Layout) -> ImpactPage {
    let root = layout.root;
    let mut assessments: Vec<&Document> = context
        .documents
        .of_kind("impact-assessment")
        .filter(|d| d.id().is_some())
        .collect();
    assessments.sort_by_key(|document| document.id());
    let rows = assessments
        .into_iter()
        .map(|document| {
            let id = document.id().unwrap_or_default();
            let field = |item: &Value, key: &str| {
                item.get(key)
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned()
            };
            ImpactRow {
                link: context.document_link(id, root),
                title: document.title().unwrap_or_default().to_owned(),
                systems: list_links(context, document, "/systems", root),
                assessed_on: document
                    .str_at("/assessed_on")
                    .unwrap_or_default()
                    .to_owned(),
                severity: document.str_at("/severity").unwrap_or_default().to_owned(),
                affected: document
                    .get("/affected")
                    .and_then(Value::as_array)
                    .map(|items| {
                        items
                            .iter()
                            .map(|item| {
                                (
                                    field(item, "party"),
                                    field(item, "scope"),
                                    field(item, "severity"),
                                )
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
                mitigations: document
                    .get("/mitigations")
                    .and_then(Value::as_array)
                    .map(|items| {
                        items
                            .iter()
                            .map(|item| (field(item, "measure"), field(item, "status")))
                            .collect()
                    })
                    .unwrap_or_default(),
            }
        })
        .collect();
    ImpactPage { layout, rows }
}

// ---------------------------------------------------------------------------------------------
// Traceability, clauses, EU AI Act

pub struct TraceControl {
    pub control: String,
    pub state: String,
    pub state_class: &'static str,
    pub documents: Vec<(String, String)>,
    pub gap: String,
}

pub struct TraceRow {
    pub risk: String,
    pub title: String,
    pub treatment: String,
    pub controls: Vec<TraceControl>,
    pub gap: String,
}

#[derive(Template)]
#[template(path = "traceability.html")]
pub struct TraceabilityPage {
    pub layout: Layout,
    pub rows: Vec<TraceRow>,
    pub gaps: usize,
}

pub fn traceability_page(context: &Context<'_>, layout: Layout) -> TraceabilityPage {
    let root = layout.root;
    let (_, by_id) = current_soa(context);
    let mut risks: Vec<&Document> = context
        .documents
        .of_kind("risk")
        .filter(|d| d.id().is_some() && d.status() != Some("retired"))
        .collect();
    risks.sort_by_key(|document| document.id());
    let mut gaps = 0;
    let rows = risks
        .into_iter()
        .map(|document| {
            let view = risk(document);
            let controls: Vec<TraceControl> = view
                .controls
                .iter()
                .map(|control| {
                    let entry = by_id.get(control);
                    let (state, state_class, mut gap) = match entry {
                        None => (
                            "not in the SoA".to_owned(),
                            "bad",
                            "control missing from the SoA".to_owned(),
                        ),
                        Some(entry) if entry.applicable != Some(true) => (
                            "excluded".to_owned(),
                            "bad",
                            "control excluded in the SoA".to_owned(),
                        ),
                        Some(entry) => {
                            let status = entry.status.unwrap_or("no status").to_owned();
                            let class = status_class(&status);
                            (status, class, String::new())
                        }
                    };
                    let mut documents: Vec<(String, String)> = entry
                        .map(|entry| {
                            entry
                                .implemented_by
                                .iter()
                                .map(|id| {
                                    let evidence: Vec<Link> = context
                                        .document_of(id)
                                        .and_then(|document| document.get("/evidence"))
                                        .and_then(Value::as_array)
                                        .map(|items| {
                                            items
                                                .iter()
                                                .filter_map(Value::as_str)
                                                .map(|item| context.evidence_link(item, root))
                                                .collect()
                                        })
                                        .unwrap_or_default();
                                    (
                                        context.document_link(id, root).html(),
                                        links_html(&evidence),
                                    )
                                })
                                .collect()
                        })
                        .unwrap_or_default();
                    if let Some(entry) = entry
                        && !entry.evidence.is_empty()
                    {
                        let evidence: Vec<Link> = entry
                            .evidence
                            .iter()
                            .map(|item| context.evidence_link(item, root))
                            .collect();
                        documents.push(("<em>SoA evidence</em>".to_owned(), links_html(&evidence)));
                    }
                    if gap.is_empty() && documents.is_empty() {
                        gap = "no implementing document or evidence".to_owned();
                    }
                    if !gap.is_empty() {
                        gaps += 1;
                    }
                    TraceControl {
                        control: context.control_link(control, root).html(),
                        state,
                        state_class,
                        documents,
                        gap,
                    }
                })
                .collect();
            let gap = if controls.is_empty() && view.option == Some("mitigate") {
                gaps += 1;
                "mitigated, but no Annex A control named".to_owned()
            } else {
                String::new()
            };
            TraceRow {
                risk: context
                    .document_link(document.id().unwrap_or_default(), root)
                    .html(),
                title: document.title().unwrap_or_default().to_owned(),
                treatment: view.option.unwrap_or_default().to_owned(),
                controls,
                gap,
            }
        })
        .collect();
    TraceabilityPage { layout, rows, gaps }
}

pub struct ClauseRow {
    pub id: String,
    pub anchor: String,
    pub title: String,
    pub depth: usize,
    pub required: Vec<String>,
    pub documents: String,
    pub gap: bool,
}

#[derive(Template)]
#[template(path = "clauses.html")]
pub struct ClausesPage {
    pub layout: Layout,
    pub rows: Vec<ClauseRow>,
    pub covered: usize,
    pub required: usize,
}

/// Clause id → ids of the active documents evidencing it.
pub fn evidence_by_clause(context: &Context<'_>) -> BTreeMap<String, BTreeSet<String>> {
    let mut map: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for document in context
        .documents
        .loaded()
        .filter(|document| document.is_active())
    {
        let Some(id) = document.id() else { continue };
        let custom = document
            .kind()
            .and_then(|kind| context.config.custom_kind(kind))
            .map(|kind| kind.clauses.as_slice());
        for clause in evidenced_clauses(document, custom) {
            map.entry(clause.to_owned())
                .or_default()
                .insert(id.to_owned());
        }
    }
    map
}

pub fn clauses_page(context: &Context<'_>, layout: Layout) -> ClausesPage {
    let root = layout.root;
    let evidence = evidence_by_clause(context);
    let mut covered = 0;
    let mut required = 0;
    let rows = context
        .catalog
        .clauses
        .iter()
        .map(|clause| {
            let ids = evidence.get(&clause.id).cloned().unwrap_or_default();
            let needs = clause.requires_documented_information();
            if needs {
                required += 1;
                if !ids.is_empty() {
                    covered += 1;
                }
            }
            ClauseRow {
                anchor: clause_anchor(&clause.id),
                depth: clause.id.matches('.').count(),
                title: clause.title.clone(),
                required: clause
                    .documented_information
                    .iter()
                    .map(|info| {
                        format!(
                            "{}: {}",
                            match info.kind {
                                crate::catalog::InformationKind::Doc => "document",
                                crate::catalog::InformationKind::Rec => "record",
                            },
                            info.what
                        )
                    })
                    .collect(),
                documents: links_html(
                    &ids.iter()
                        .map(|id| context.document_link(id, root))
                        .collect::<Vec<_>>(),
                ),
                gap: needs && ids.is_empty(),
                id: clause.id.clone(),
            }
        })
        .collect();
    ClausesPage {
        layout,
        rows,
        covered,
        required,
    }
}

// ---------------------------------------------------------------------------------------------
// Audits, findings

pub struct AuditRow {
    pub link: Link,
    pub title: String,
    pub date: String,
    pub auditor: String,
    pub audit_type: String,
    pub scope: String,
    pub findings: String,
    pub status: String,
}

#[derive(Template)]
#[template(path = "audits.html")]
pub struct AuditsPage {
    pub layout: Layout,
    pub audits: Vec<AuditRow>,
    pub reviews: Vec<AuditRow>,
    pub ncs: Vec<NcRow>,
}

pub fn audits_page(context: &Context<'_>, layout: Layout, today: jiff::civil::Date) -> AuditsPage {
    let root = layout.root;
    let rows = |kind: &str| -> Vec<AuditRow> {
        let mut rows: Vec<AuditRow> = context
            .documents
            .of_kind(kind)
            .filter_map(|document| {
                let id = document.id()?;
                Some(AuditRow {
                    link: context.document_link(id, root),
                    title: document.title().unwrap_or_default().to_owned(),
                    date: document.str_at("/date").unwrap_or_default().to_owned(),
                    auditor: document.str_at("/auditor").unwrap_or_default().to_owned(),
                    audit_type: document
                        .str_at("/audit_type")
                        .unwrap_or("internal")
                        .to_owned(),
                    scope: document.str_at("/scope").unwrap_or_default().to_owned(),
                    findings: list_links(context, document, "/findings", root),
                    status: document.status().unwrap_or_default().to_owned(),
                })
            })
            .collect();
        rows.sort_by(|a, b| {
            b.date
                .cmp(&a.date)
                .then_with(|| a.link.text.cmp(&b.link.text))
        });
        rows
    };
    AuditsPage {
        audits: rows("audit"),
        reviews: rows("management-review"),
        ncs: nc_rows(context, root, today),
        layout,
    }
}

pub struct FindingRow {
    pub severity: &'static str,
    pub code: String,
    pub message: String,
    pub location: String,
    pub help: String,
}

#[derive(Template)]
#[template(path = "findings.html")]
pub struct FindingsPage {
    pub layout: Layout,
    pub rows: Vec<FindingRow>,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Matched files that are not tracked as documents: (path, why).
    pub untracked: Vec<(String, String)>,
    /// `3 without frontmatter, 1 without an id`.
    pub untracked_summary: String,
}

pub fn findings_page(
    context: &Context<'_>,
    layout: Layout,
    diagnostics: &[Diagnostic],
) -> FindingsPage {
    let root = layout.root;
    let counts = crate::diagnostic::Counts::of(diagnostics);
    let rows = diagnostics
        .iter()
        .map(|diagnostic| {
            let place = format!(
                "{}:{}:{}",
                diagnostic.path, diagnostic.span.start.line, diagnostic.span.start.column
            );
            let location = match context
                .paths
                .get(&diagnostic.path)
                .and_then(|id| context.pages.get(id))
            {
                Some(url) => format!(r#"<a href="{root}{}">{}</a>"#, escape(url), escape(&place)),
                None => escape(&place),
            };
            FindingRow {
                severity: match diagnostic.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                    Severity::Info => "info",
                },
                code: diagnostic.code.to_owned(),
                message: diagnostic.message.clone(),
                location,
                help: diagnostic.help.clone().unwrap_or_default(),
            }
        })
        .collect();
    let not_documents = context.documents.not_documents();
    let mut reasons: BTreeMap<crate::load::Untracked, usize> = BTreeMap::new();
    for item in &not_documents {
        *reasons.entry(item.reason).or_default() += 1;
    }
    FindingsPage {
        layout,
        rows,
        errors: counts.errors,
        warnings: counts.warnings,
        infos: counts.infos,
        untracked: not_documents
            .iter()
            .map(|item| (item.path.to_owned(), item.reason.describe().to_owned()))
            .collect(),
        untracked_summary: reasons
            .iter()
            .map(|(reason, count)| reason.counted(*count))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// A listing of a folder given as evidence.
#[derive(Template)]
#[template(path = "folder.html")]
pub struct FolderPage {
    pub layout: Layout,
    pub folder: String,
    pub files: Vec<Link>,
}

#[cfg(test)]
mod tests {
    #[test]
    fn review_cycles_in_words() {
        assert_eq!(super::every("P12M"), "every 12 months");
        assert_eq!(super::every("P1Y"), "every year");
        assert_eq!(super::every("P1Y6M"), "every year and 6 months");
        assert_eq!(super::every("P90D"), "every 90 days");
        assert_eq!(super::every("odd"), "odd");
    }
}
