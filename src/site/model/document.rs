//! The view of one document: its facts, its text, its approval trail and its change history.
//! Its page, the audit binder, the document list and the search index all show it, so it is
//! built once, in the site model, with links relative to [`super::super::ROOT`].

use super::super::html::{Html, filters};
use super::super::links::{Copy, Link, LinkList, Links};
use super::super::markdown;
use super::Upstream;
use super::trends;
use crate::history::History;
use crate::history::approvals::{DocumentStatus, ReviewState, State, TrustLevel};
use crate::load::Document;
use askama::Template;
use serde_json::Value;

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

pub fn state_class(state: State) -> &'static str {
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

/// `review_cycle` → "Review cycle", `ai_roles` → "AI roles": words that are initialisms in
/// the standards' own language keep their capitals.
pub fn label(key: &str) -> String {
    const INITIALISMS: [(&str, &str); 10] = [
        ("ai", "AI"),
        ("eu", "EU"),
        ("kpi", "KPI"),
        ("kpis", "KPIs"),
        ("soa", "SoA"),
        ("id", "ID"),
        ("ids", "IDs"),
        ("url", "URL"),
        ("dpia", "DPIA"),
        ("nist", "NIST"),
    ];
    let words: Vec<String> = key
        .split(['_', '-'])
        .filter(|word| !word.is_empty())
        .enumerate()
        .map(|(index, word)| {
            if let Some((_, upper)) = INITIALISMS.iter().find(|(lower, _)| *lower == word) {
                (*upper).to_owned()
            } else if index == 0 {
                let mut chars = word.chars();
                chars
                    .next()
                    .map(|first| first.to_uppercase().collect::<String>() + chars.as_str())
                    .unwrap_or_default()
            } else {
                word.to_owned()
            }
        })
        .collect();
    words.join(" ")
}

/// Whether a list of values reads well on one line: ids, controls, tags and short names do;
/// sentences joined by commas do not.
fn short_enough_for_one_line(facts: &[Fact]) -> bool {
    facts.iter().all(|fact| match fact {
        Fact::Link(_) | Fact::Empty => true,
        Fact::Text(text) => text.chars().count() <= 32 && !text.contains(". "),
        _ => false,
    })
}

/// A frontmatter value as the page shows it: document ids, controls, clauses and evidence
/// become links; lists and maps nest (`templates/fragments/fact.html`).
#[derive(Debug, Clone, PartialEq, Eq, Template)]
#[template(path = "fragments/fact.html")]
pub enum Fact {
    Empty,
    Text(String),
    Link(Link),
    /// Values on one line, separated by commas.
    Inline(Vec<Fact>),
    List(Vec<Fact>),
    Map(Vec<(String, Fact)>),
}

// The fragment template escapes every field.
impl askama::filters::HtmlSafe for Fact {}

/// Builds the fact for `value` under `key`, noting in `copies` the evidence it links to.
fn fact(links: &Links<'_>, key: &str, value: &Value, root: &str, copies: &mut Vec<Copy>) -> Fact {
    match value {
        Value::Null => Fact::Empty,
        Value::Bool(flag) => Fact::Text(if *flag { "yes" } else { "no" }.to_owned()),
        Value::Number(number) => Fact::Text(number.to_string()),
        Value::String(text) => {
            if key == "evidence" {
                copies.extend(links.evidence_copy(text));
                Fact::Link(links.evidence_link(text, root))
            } else if links.pages.contains_key(text) {
                Fact::Link(links.document_link(text, root))
            } else if links.catalog.control(text).is_some() {
                Fact::Link(links.control_link(text, root))
            } else if key == "clauses" && links.catalog.clause(text).is_some() {
                Fact::Link(links.clause_link(text, root))
            } else {
                Fact::Text(text.clone())
            }
        }
        Value::Array(items) => {
            let facts: Vec<Fact> = items
                .iter()
                .map(|item| fact(links, key, item, root, copies))
                .collect();
            if items.is_empty() {
                Fact::Empty
            } else if items
                .iter()
                .all(|item| !item.is_object() && !item.is_array())
                && short_enough_for_one_line(&facts)
            {
                Fact::Inline(facts)
            } else {
                Fact::List(facts)
            }
        }
        Value::Object(entries) => Fact::Map(
            entries
                .iter()
                .map(|(child_key, child)| {
                    // The object form of an evidence entry: its `path` is the evidence.
                    let as_key = if key == "evidence" && child_key == "path" {
                        key
                    } else {
                        child_key
                    };
                    (label(child_key), fact(links, as_key, child, root, copies))
                })
                .collect(),
        ),
    }
}

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
    /// The row's anchor, where KPI chart points link to.
    pub anchor: String,
    pub date: String,
    pub day: String,
    pub author: String,
    pub email: String,
    pub commit: Link,
    pub subject: String,
    pub version: String,
}

/// A document this one depends on that changed after its last counted approval or review.
pub struct UpstreamRow {
    pub document: Link,
    /// The newest change.
    pub commit: Link,
    pub author: String,
    pub email: String,
    /// ISO 8601 with time and offset (for `datetime` and hover).
    pub date: String,
    pub day: String,
    /// How many changes since the sign-off.
    pub count: usize,
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
    pub facts: Vec<(String, Fact)>,
    pub body: Html,
    pub approvals: Vec<ApprovalRow>,
    /// What each signature level in the trail proves, one line each.
    pub trust_legend: Vec<(String, &'static str)>,
    pub changes: Vec<ChangeRow>,
    pub referenced_by: LinkList,
    /// The documents it depends on that changed since its last sign-off, in reference order.
    pub upstream: Vec<UpstreamRow>,
    /// Whether `aims review` can clear the upstream changes: a review only counts for the
    /// approved version, so an edited document needs approval instead.
    pub reviewable: bool,
    pub source_url: String,
    /// The repository files and folders this view links to.
    pub copies: Vec<Copy>,
    /// An objective's KPIs over time.
    pub kpis: Vec<trends::KpiPanel>,
    /// Each evidence entry's age and state.
    pub evidence: Vec<trends::EvidenceRow>,
    /// What changed since the last approved version.
    pub since_approval: super::changes::SinceApprovalView,
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
pub(in crate::site) fn trust_label(level: TrustLevel) -> &'static str {
    match level {
        TrustLevel::Verified => "signed, verified",
        TrustLevel::SignedUnverified => "signed, not verified",
        TrustLevel::Unsigned => "unsigned",
    }
}

/// `P12M` → "every 12 months", `P1Y` → "every year", `P90D` → "every 90 days"; a cycle that
/// is not a valid duration is shown as written (the schema rule reports it).
pub fn every(cycle: &str) -> String {
    let Some(span) = crate::dates::parse_duration(cycle) else {
        return cycle.to_owned();
    };
    let units = [
        (i64::from(span.get_years()), "year"),
        (i64::from(span.get_months()), "month"),
        (i64::from(span.get_weeks()), "week"),
        (i64::from(span.get_days()), "day"),
    ];
    let parts: Vec<String> = units
        .into_iter()
        .filter(|(number, _)| *number != 0)
        .map(|(number, unit)| match number {
            1 => unit.to_owned(),
            n => format!("{n} {unit}s"),
        })
        .collect();
    format!("every {}", parts.join(" and "))
}

fn short(id: &str) -> String {
    id.chars().take(7).collect()
}

/// The kind's title (built in, or from aims.yaml's custom kinds).
pub fn kind_title(links: &Links<'_>, kind: &str) -> String {
    crate::catalog::kinds::builtin(kind)
        .map(|builtin| builtin.title.to_owned())
        .or_else(|| {
            links
                .config
                .custom_kind(kind)
                .map(|custom| custom.title.clone())
        })
        .unwrap_or_else(|| kind.to_owned())
}

pub(in crate::site) fn commit_link(links: &Links<'_>, id: &str) -> Link {
    Link {
        href: links.commit_url(id).unwrap_or_default(),
        text: short(id),
        title: id.to_owned(),
    }
}

/// The approval trail and change history of a committed document, oldest first.
fn trail(
    links: &Links<'_>,
    history: &History,
    status: &DocumentStatus<'_>,
    anchor: &str,
) -> (Vec<ApprovalRow>, Vec<ChangeRow>) {
    let commit_link = |id: &str| commit_link(links, id);
    let mut rows: Vec<(usize, ApprovalRow)> = Vec::new();
    for (kind, events) in [
        ("approval", &status.approvals),
        ("review", &status.reviews),
        ("risk acceptance", &status.acceptances),
    ] {
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
                        (Some(problem), None) => {
                            format!("does not count: {}", problem.name().replace('-', " "))
                        }
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
                anchor: trends::change_anchor(anchor, &record.id),
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

/// Each upstream change with its newest commit, links relative to `root`.
fn upstream_rows(
    links: &Links<'_>,
    history: &History,
    upstream: &[Upstream],
    root: &str,
) -> Vec<UpstreamRow> {
    upstream
        .iter()
        .filter_map(|change| {
            let record = history.records.get(*change.commits.first()?)?;
            Some(UpstreamRow {
                document: links.document_link(&change.id, root),
                commit: commit_link(links, &record.id),
                author: record.author.name.clone(),
                email: record.author.email.clone(),
                date: record.author.iso8601(),
                day: record
                    .author
                    .date()
                    .map(|day| day.to_string())
                    .unwrap_or_default(),
                count: change.commits.len(),
            })
        })
        .collect()
}

/// What a document's view shows of the documents around it.
pub struct Related<'r> {
    /// The ids of the documents that refer to it.
    pub referenced_by: &'r [String],
    pub upstream: &'r [Upstream],
    /// An objective's KPI series.
    pub kpis: &'r [crate::history::kpi::KpiSeries],
    /// The day evidence ages and KPI due dates are judged on.
    pub today: jiff::civil::Date,
    /// The current text against the last counted approval (`None`: not shown).
    pub since_approval: Option<&'r crate::history::diff::SinceApproval>,
}

/// The view of one document, its links relative to `root`.
pub fn doc_view(
    links: &Links<'_>,
    history: &History,
    document: &Document,
    status: Option<&DocumentStatus<'_>>,
    related: &Related<'_>,
    root: &str,
) -> DocView {
    let id = document.id().unwrap_or_default().to_owned();
    let kind = document.kind().unwrap_or_default().to_owned();
    let mut copies = Vec::new();
    let facts = document
        .frontmatter()
        .and_then(|front| front.data.as_object())
        .map(|entries| {
            entries
                .iter()
                .filter(|(key, _)| !CARD_FIELDS.contains(&key.as_str()))
                .map(|(key, value)| (label(key), fact(links, key, value, root, &mut copies)))
                .collect()
        })
        .unwrap_or_default();
    let dir = document.path.rsplit_once('/').map_or("", |(dir, _)| dir);
    let body = markdown::render(document.body(), dir, root, links);
    copies.extend(
        body.targets
            .iter()
            .filter_map(|target| links.body_copy(target)),
    );
    let anchor = format!(
        "doc-{}",
        id.replace(|c: char| !c.is_ascii_alphanumeric(), "-")
    );
    let (approvals, changes) = status
        .map(|status| trail(links, history, status, &anchor))
        .unwrap_or_default();
    let kpis = trends::kpi_panels(links, related.kpis, &anchor, "", &anchor, related.today);
    let evidence = trends::evidence_rows(links, history, document, related.today);
    let mut trust_legend: Vec<(String, &'static str)> = Vec::new();
    for row in &approvals {
        if !trust_legend
            .iter()
            .any(|(label, _)| *label == row.signature)
        {
            trust_legend.push((row.signature.clone(), row.signature_note));
        }
    }
    let source_url = links
        .config
        .repo_url
        .as_ref()
        .map(|url| format!("{url}/blob/{}/{}", history.head, document.path))
        .unwrap_or_default();
    let since_approval =
        super::changes::since_approval_view(history, related.since_approval, &anchor);
    DocView {
        since_approval,
        anchor,
        kpis,
        evidence,
        title: document.title().unwrap_or(&document.path).to_owned(),
        kind_title: kind_title(links, &kind),
        kind,
        path: document.path.clone(),
        status: document.status().unwrap_or_default().to_owned(),
        owner: document.str_at("/owner").unwrap_or_default().to_owned(),
        approvers: status
            .map(|status| status.approvers.join(", "))
            .unwrap_or_default(),
        state: status
            .map(|status| status.state.name().replace('_', " "))
            .unwrap_or_else(|| "not committed".to_owned()),
        state_class: status.map_or("muted", |status| state_class(status.state)),
        review_state: status
            .map(|status| status.review.state.name().replace('_', " "))
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
        body: body.html,
        trust_legend,
        approvals,
        changes,
        referenced_by: links.document_links(related.referenced_by.iter().map(String::as_str), root),
        upstream: upstream_rows(links, history, related.upstream, root),
        reviewable: status.is_some_and(|status| status.state == State::Approved),
        source_url,
        copies,
        id,
    }
}

#[cfg(test)]
mod tests {
    use super::{Fact, every};
    use crate::site::links::Link;

    #[test]
    fn review_cycles_in_words() {
        assert_eq!(every("P12M"), "every 12 months");
        assert_eq!(every("P1Y"), "every year");
        assert_eq!(every("P1Y6M"), "every year and 6 months");
        assert_eq!(every("P90D"), "every 90 days");
        assert_eq!(every("P2W3D"), "every 2 weeks and 3 days");
        assert_eq!(every("odd"), "odd");
        assert_eq!(every("P0D"), "P0D");
    }

    #[test]
    fn labels_keep_initialisms() {
        assert_eq!(super::label("ai_roles"), "AI roles");
        assert_eq!(super::label("eu_ai_act"), "EU AI act");
        assert_eq!(super::label("review_cycle"), "Review cycle");
        assert_eq!(super::label("kpis"), "KPIs");
    }

    #[test]
    fn sentences_are_listed_and_short_values_stay_on_one_line() {
        use super::{Fact, short_enough_for_one_line};
        let tags = [
            Fact::Text("fairness".into()),
            Fact::Text("UK and EU".into()),
        ];
        assert!(short_enough_for_one_line(&tags));
        let sentences = [
            Fact::Text("Candidates are told before the assessment.".into()),
            Fact::Text("UK and EU".into()),
        ];
        assert!(!short_enough_for_one_line(&sentences));
    }

    #[test]
    fn facts_nest_at_any_depth_and_escape() {
        let mut value = Fact::Text("<deep>".to_owned());
        for _ in 0..3 {
            value = Fact::List(vec![Fact::Map(vec![("Key".to_owned(), value)])]);
        }
        let inline = Fact::Inline(vec![
            Fact::Empty,
            Fact::Link(Link {
                href: "x.html".to_owned(),
                text: "X".to_owned(),
                title: String::new(),
            }),
        ]);
        assert_eq!(
            value.to_string(),
            "<ul class=\"values\"><li><dl class=\"nested\"><dt>Key</dt><dd>".repeat(3)
                + "&lt;deep&gt;"
                + &"</dd></dl></li></ul>".repeat(3)
        );
        assert_eq!(
            inline.to_string(),
            r#"<span class="none">—</span>, <a href="x.html">X</a>"#
        );
    }
}
