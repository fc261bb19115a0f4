//! Rendering of `aims review-pack`: plain text for a terminal, Markdown to paste into (or
//! attach to) the management review's minutes, and versioned JSON. Text and Markdown share one
//! walk over the pack, so both say the same things in the same order: each section's counts,
//! then its list.

use crate::review_pack::{ActionState, Basis, CommitRef, ReviewPack};
use crate::text::count;
use serde::Serialize;
use std::fmt::Write;

/// `aims review-pack --format json`: the pack with `"version": 1` first.
pub fn json(pack: &ReviewPack) -> String {
    #[derive(Serialize)]
    struct Versioned<'a> {
        version: u32,
        #[serde(flatten)]
        pack: &'a ReviewPack,
    }
    let mut text = serde_json::to_string_pretty(&Versioned { version: 1, pack })
        .unwrap_or_else(|error| format!("{{\"version\": 1, \"error\": \"{error}\"}}"));
    text.push('\n');
    text
}

/// Plain text.
pub fn human(pack: &ReviewPack) -> String {
    render(pack, Style::Text)
}

/// Markdown; document ids link to the documents' files, relative to the project root.
pub fn markdown(pack: &ReviewPack) -> String {
    render(pack, Style::Markdown)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Text,
    Markdown,
}

impl Style {
    /// User content, made inert: no control characters in a terminal, no Markdown or HTML
    /// in Markdown.
    fn text(self, text: &str) -> String {
        match self {
            Style::Text => text
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect(),
            Style::Markdown => {
                let mut out = String::with_capacity(text.len());
                for c in text.chars() {
                    match c {
                        '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' | '!' => {
                            out.push('\\');
                            out.push(c);
                        }
                        '<' => out.push_str("&lt;"),
                        '>' => out.push_str("&gt;"),
                        '&' => out.push_str("&amp;"),
                        c if c.is_control() => out.push(' '),
                        c => out.push(c),
                    }
                }
                out
            }
        }
    }

    /// A document: its id, linked to its file in Markdown.
    fn document(self, id: Option<&str>, path: Option<&str>) -> String {
        let label = id.or(path).unwrap_or("?");
        match (self, path) {
            (Style::Markdown, Some(path)) => {
                let href: String = path
                    .chars()
                    .map(|c| match c {
                        ' ' => "%20".to_owned(),
                        '(' => "%28".to_owned(),
                        ')' => "%29".to_owned(),
                        '<' => "%3C".to_owned(),
                        '>' => "%3E".to_owned(),
                        c => c.to_string(),
                    })
                    .collect();
                format!("[{}]({href})", self.text(label))
            }
            _ => self.text(label),
        }
    }

    fn title(self, out: &mut String, text: &str) {
        match self {
            Style::Text => {
                let _ = writeln!(out, "{text}\n{}", "=".repeat(text.chars().count()));
            }
            Style::Markdown => {
                let _ = writeln!(out, "# {text}");
            }
        }
    }

    /// In Markdown, a blank line before a block, so lists and paragraphs stay apart.
    fn blank(self, out: &mut String) {
        if self == Style::Markdown && !out.is_empty() && !out.ends_with("\n\n") {
            out.push('\n');
        }
    }

    fn heading(self, out: &mut String, text: &str) {
        match self {
            Style::Text => {
                let _ = writeln!(out, "\n{text}\n{}", "-".repeat(text.chars().count()));
            }
            Style::Markdown => {
                self.blank(out);
                let _ = writeln!(out, "## {text}\n");
            }
        }
    }

    fn subheading(self, out: &mut String, text: &str) {
        match self {
            Style::Text => {
                let _ = writeln!(out, "{text}:");
            }
            Style::Markdown => {
                self.blank(out);
                let _ = writeln!(out, "**{text}**\n");
            }
        }
    }

    fn item(self, out: &mut String, text: &str) {
        let bullet = match self {
            Style::Text => "  - ",
            Style::Markdown => "- ",
        };
        let _ = writeln!(out, "{bullet}{text}");
    }

    fn line(self, out: &mut String, text: &str) {
        self.blank(out);
        let _ = writeln!(out, "{text}");
        self.blank(out);
    }
}

/// `abc1234 on 2026-05-01 by Name`.
fn commit(style: Style, commit: &CommitRef) -> String {
    format!(
        "{} on {} by {}",
        commit.short(),
        commit.date,
        style.text(&commit.author)
    )
}

fn number(value: f64) -> String {
    format!("{value}")
}

fn render(pack: &ReviewPack, style: Style) -> String {
    let mut out = String::new();
    let s = style;
    s.title(
        &mut out,
        "Management review input pack (ISO/IEC 42001 9.3.2)",
    );
    if s == Style::Text {
        out.push('\n');
    }
    let period = &pack.period;
    let start = period.start.as_deref().unwrap_or("the first commit");
    let since = match period.basis {
        Basis::ManagementReview => match &period.review {
            Some(review) => format!(
                "since the previous management review {} ({}), {} in {}",
                s.document(Some(&review.id), Some(&review.path)),
                review.date.as_deref().unwrap_or("undated"),
                if review.approved {
                    "approved"
                } else {
                    "last changed"
                },
                commit(s, &review.commit)
            ),
            None => format!("since {start}"),
        },
        Basis::Revision => format!(
            "since {} ({start})",
            s.text(period.revision.as_deref().unwrap_or("?"))
        ),
        Basis::Date => format!("since {start}"),
        Basis::FirstCommit => format!("since the first commit ({start})"),
    };
    s.line(
        &mut out,
        &format!(
            "Period: {since}; {} up to {} (today {}).",
            count(period.commits, "commit", "commits"),
            pack.head.get(..7).unwrap_or(&pack.head),
            pack.today
        ),
    );
    for note in &pack.notes {
        s.line(&mut out, &format!("Note: {}", s.text(note)));
    }
    actions(&mut out, pack, s);
    changes(&mut out, pack, s);
    nonconformities(&mut out, pack, s);
    kpis(&mut out, pack, s);
    audits(&mut out, pack, s);
    risks(&mut out, pack, s);
    evidence(&mut out, pack, s);
    suspects(&mut out, pack, s);
    out
}

fn actions(out: &mut String, pack: &ReviewPack, s: Style) {
    let actions = &pack.actions;
    let from = pack
        .period
        .review
        .as_ref()
        .map(|review| format!(" ({})", s.text(&review.id)))
        .unwrap_or_default();
    s.heading(
        out,
        &format!("Actions from the previous management review{from}"),
    );
    let c = &actions.counts;
    if pack.period.review.is_none() {
        s.line(out, "No previous management review.");
        return;
    }
    s.line(
        out,
        &format!(
            "{}: {} open, {} overdue, {} closed.",
            count(c.total, "action", "actions"),
            c.open,
            c.overdue,
            c.closed
        ),
    );
    for action in &actions.items {
        let mut line = format!("[{}] {}", action.state, s.text(&action.decision));
        if let Some(owner) = &action.owner {
            let _ = write!(line, "; owner {}", s.text(owner));
        }
        if let Some(due) = &action.due {
            let _ = write!(line, "; due {}", s.text(due));
        }
        match (&action.closed_by, action.state) {
            (Some(by), ActionState::Closed) => {
                let _ = write!(line, "; done in {}", commit(s, by));
            }
            (None, ActionState::Closed) if action.at_review => {
                line.push_str("; done at the review (due on its date)");
            }
            _ if action.references.is_empty() => {
                line.push_str("; names no document, so history cannot show it done");
            }
            _ => {}
        }
        let named: Vec<String> = action
            .references
            .iter()
            .map(|reference| {
                let changed = match &reference.changed {
                    Some(changed) => format!("changed {} {}", changed.short(), changed.date),
                    None if reference.path.is_none() => "no such document".to_owned(),
                    None => "not changed since the review".to_owned(),
                };
                format!(
                    "{} ({changed})",
                    s.document(Some(&reference.id), reference.path.as_deref())
                )
            })
            .collect();
        if !named.is_empty() {
            let _ = write!(line, "; names {}", named.join(", "));
        }
        s.item(out, &line);
    }
}

fn changes(out: &mut String, pack: &ReviewPack, s: Style) {
    let changes = &pack.changes;
    let c = &changes.counts;
    s.heading(out, "Changes to AIMS documents");
    s.line(
        out,
        &format!(
            "{} added, {} changed, {} retired, {} deleted; {}, {} ({} signed, {} not counted).",
            c.added,
            c.changed,
            c.retired,
            c.deleted,
            count(c.approvals, "approval", "approvals"),
            count(c.reviews, "review", "reviews"),
            c.signed,
            c.not_counted
        ),
    );
    for document in &changes.documents {
        let mut line = format!(
            "{} {}: {}",
            s.document(document.id.as_deref(), Some(&document.path)),
            s.text(&document.title),
            document.change
        );
        if let Some(from) = &document.renamed_from {
            let _ = write!(line, " (renamed from {})", s.text(from));
        }
        if let Some(last) = &document.last {
            let _ = write!(
                line,
                ", {}, last {}",
                count(document.commits, "commit", "commits"),
                commit(s, last)
            );
        }
        if let Some(state) = document.state {
            let _ = write!(line, "; now {}", state.to_string().replace('_', " "));
        }
        s.item(out, &line);
    }
    if !changes.approvals.is_empty() {
        s.subheading(out, "Approvals and reviews given in the period");
        for event in &changes.approvals {
            let mut line = format!(
                "{} {} of {} by {} ({}) in {} ({})",
                event.date,
                event.action,
                s.document(event.id.as_deref(), Some(&event.path)),
                s.text(&event.name),
                s.text(&event.email),
                event.commit.get(..7).unwrap_or(&event.commit),
                if event.signed { "signed" } else { "unsigned" }
            );
            if !event.counts {
                let _ = write!(
                    line,
                    "; does not count: {}",
                    s.text(event.why.as_deref().unwrap_or("see `aims log`"))
                );
            }
            s.item(out, &line);
        }
    }
}

fn nonconformities(out: &mut String, pack: &ReviewPack, s: Style) {
    let ncs = &pack.nonconformities;
    let c = &ncs.counts;
    s.heading(out, "Nonconformities and corrective actions");
    let grades: Vec<String> = c
        .open_by_grade
        .iter()
        .map(|(grade, n)| format!("{} {n}", s.text(grade)))
        .collect();
    s.line(
        out,
        &format!(
            "{} opened and {} closed in the period; {} open now ({} overdue){}.",
            c.opened,
            c.closed,
            c.open,
            c.overdue,
            if grades.is_empty() {
                String::new()
            } else {
                format!("; open by grade: {}", grades.join(", "))
            }
        ),
    );
    let item = |nc: &crate::review_pack::NcItem| {
        format!(
            "{} {} ({})",
            s.document(Some(&nc.id), Some(&nc.path)),
            s.text(&nc.title),
            s.text(nc.grade.as_deref().unwrap_or("ungraded"))
        )
    };
    let lists = [
        ("Opened", &ncs.opened),
        ("Closed", &ncs.closed),
        ("Still open", &ncs.open),
    ];
    for (label, list) in lists {
        if list.is_empty() {
            continue;
        }
        s.subheading(out, label);
        for nc in list {
            let detail = match label {
                "Opened" => nc
                    .recorded
                    .as_ref()
                    .map(|c| format!(": recorded in {}", commit(s, c))),
                "Closed" => nc
                    .closed
                    .as_ref()
                    .map(|c| format!(": closed in {}", commit(s, c))),
                _ => Some(format!(
                    ": {} of {} corrective actions open{}",
                    nc.open_actions,
                    nc.corrective_actions,
                    match (&nc.next_due, nc.overdue) {
                        (Some(due), true) => format!(", OVERDUE since {}", s.text(due)),
                        (Some(due), false) => format!(", next due {}", s.text(due)),
                        (None, _) => String::new(),
                    }
                )),
            };
            s.item(out, &format!("{}{}", item(nc), detail.unwrap_or_default()));
        }
    }
    if !ncs.trend.is_empty() {
        s.subheading(out, "Trend per quarter (opened / closed)");
        match s {
            Style::Markdown => {
                out.push_str("| Quarter | Opened | Closed |\n|---|---:|---:|\n");
                for bucket in &ncs.trend {
                    let _ = writeln!(
                        out,
                        "| {} | {} | {} |",
                        bucket.quarter, bucket.opened, bucket.closed
                    );
                }
            }
            Style::Text => {
                for bucket in &ncs.trend {
                    s.item(
                        out,
                        &format!("{}: {} / {}", bucket.quarter, bucket.opened, bucket.closed),
                    );
                }
            }
        }
    }
}

fn kpis(out: &mut String, pack: &ReviewPack, s: Style) {
    let kpis = &pack.kpis;
    let c = &kpis.counts;
    s.heading(out, "KPI trends");
    s.line(
        out,
        &format!(
            "{}: {} on target, {} off target, {} with a measurement overdue, {} measured in the period.",
            count(c.kpis, "KPI", "KPIs"),
            c.on_target,
            c.off_target,
            c.overdue,
            c.measured_in_period
        ),
    );
    for kpi in &kpis.items {
        let unit = kpi
            .unit
            .as_deref()
            .map(|unit| format!(" {}", s.text(unit)))
            .unwrap_or_default();
        let mut line = format!(
            "{} {}: ",
            s.document(Some(&kpi.objective), Some(&kpi.path)),
            s.text(&kpi.name)
        );
        match &kpi.latest {
            Some(latest) => {
                let _ = write!(line, "{}{unit} ({})", number(latest.value), latest.date);
            }
            None => line.push_str("never measured"),
        }
        if let Some(target) = kpi.target {
            let wanted = match kpi.direction {
                crate::load::model::Direction::AtLeast => "at least",
                crate::load::model::Direction::AtMost => "at most",
            };
            let _ = write!(line, ", target {wanted} {}{unit}", number(target));
        }
        match kpi.on_target {
            Some(true) => line.push_str(", on target"),
            Some(false) => line.push_str(", OFF TARGET"),
            None => {}
        }
        if let Some(trend) = kpi.trend {
            let _ = write!(line, "; trend {trend}");
        }
        if let Some(before) = kpi.before {
            let _ = write!(line, " (before the period {})", number(before));
        }
        if !kpi.points.is_empty() {
            let points: Vec<String> = kpi
                .points
                .iter()
                .map(|point| format!("{} ({})", number(point.value), point.date))
                .collect();
            let _ = write!(line, "; measured {}", points.join(", "));
        }
        if let Some(due) = &kpi.overdue_since {
            let _ = write!(line, "; measurement OVERDUE since {due}");
        }
        s.item(out, &line);
    }
}

fn audits(out: &mut String, pack: &ReviewPack, s: Style) {
    let audits = &pack.audits;
    let c = &audits.counts;
    s.heading(out, "Internal audit results");
    s.line(
        out,
        &format!(
            "{} recorded or updated in the period, {} ({} open).",
            count(c.audits, "audit", "audits"),
            count(c.findings, "finding", "findings"),
            c.open_findings
        ),
    );
    for audit in &audits.items {
        let findings: Vec<String> = audit
            .findings
            .iter()
            .map(|finding| {
                let state = match finding.open {
                    Some(true) => "open",
                    Some(false) => "closed",
                    None => "no such document",
                };
                match &finding.grade {
                    Some(grade) => format!(
                        "{} ({}, {state})",
                        s.document(Some(&finding.id), finding.path.as_deref()),
                        s.text(grade)
                    ),
                    None => format!(
                        "{} ({state})",
                        s.document(Some(&finding.id), finding.path.as_deref())
                    ),
                }
            })
            .collect();
        let mut line = format!(
            "{} {} ({}, {}",
            s.document(Some(&audit.id), Some(&audit.path)),
            s.text(&audit.title),
            s.text(&audit.audit_type),
            s.text(audit.date.as_deref().unwrap_or("undated"))
        );
        if let Some(auditor) = &audit.auditor {
            let _ = write!(line, ", auditor {}", s.text(auditor));
        }
        let _ = write!(
            line,
            "): {}",
            if findings.is_empty() {
                "no findings".to_owned()
            } else {
                format!("findings {}", findings.join(", "))
            }
        );
        if let Some(conclusion) = &audit.conclusion {
            let _ = write!(line, "; conclusion: {}", s.text(conclusion));
        }
        s.item(out, &line);
    }
}

fn level(before: Option<u8>, now: Option<u8>) -> String {
    let show = |level: Option<u8>| level.map_or("-".to_owned(), |level| level.to_string());
    if before == now {
        show(now)
    } else {
        format!("{} → {}", show(before), show(now))
    }
}

fn risks(out: &mut String, pack: &ReviewPack, s: Style) {
    let risks = &pack.risks;
    let c = &risks.counts;
    s.heading(out, "Risk changes");
    s.line(
        out,
        &format!(
            "{} added, {} changed ({} with a new level); {}.",
            c.added,
            c.changed,
            c.level_changed,
            match risks.appetite {
                Some(appetite) => format!(
                    "{} above the appetite of {appetite} ({} not accepted)",
                    c.above_appetite, c.above_appetite_unaccepted
                ),
                None => "no risk appetite set in aims.yaml (`risk: appetite:`)".to_owned(),
            }
        ),
    );
    for risk in &risks.changed {
        let mut line = format!(
            "{} {}: {}, inherent {}, residual {}",
            s.document(Some(&risk.id), Some(&risk.path)),
            s.text(&risk.title),
            risk.change,
            level(risk.inherent_before, risk.inherent),
            level(risk.residual_before, risk.residual)
        );
        if let Some(last) = &risk.last {
            let _ = write!(line, "; last {}", commit(s, last));
        }
        s.item(out, &line);
    }
    if !risks.above_appetite.is_empty() {
        s.subheading(out, "Above the risk appetite now");
        for risk in &risks.above_appetite {
            s.item(
                out,
                &format!(
                    "{} {}: {} level {} ({}){}",
                    s.document(Some(&risk.id), Some(&risk.path)),
                    s.text(&risk.title),
                    risk.which,
                    risk.level,
                    risk.band,
                    if risk.accepted {
                        ", accepted"
                    } else {
                        ", NOT ACCEPTED"
                    }
                ),
            );
        }
    }
}

fn evidence(out: &mut String, pack: &ReviewPack, s: Style) {
    let stale = &pack.stale_evidence;
    s.heading(out, "Stale evidence");
    s.line(
        out,
        &format!(
            "{} past its validity on {}.",
            count(stale.count, "evidence entry", "evidence entries"),
            pack.today
        ),
    );
    for item in &stale.items {
        s.item(
            out,
            &format!(
                "{}: {} (last committed {}, valid until {}{})",
                s.document(item.id.as_deref(), Some(&item.path)),
                s.text(&item.entry),
                item.last_changed.as_deref().unwrap_or("never"),
                item.deadline.as_deref().unwrap_or("?"),
                match item.limit {
                    Some("default") => ", by aims.yaml's evidence_refresh",
                    Some("refresh") => ", by its refresh period",
                    Some(_) => ", by its valid_until",
                    None => "",
                }
            ),
        );
    }
}

fn suspects(out: &mut String, pack: &ReviewPack, s: Style) {
    let suspects = &pack.suspect_links;
    s.heading(out, "Suspect links");
    s.line(
        out,
        &format!(
            "{}: documents whose upstream changed after their last approval or review.",
            count(suspects.count, "suspect link", "suspect links")
        ),
    );
    for link in &suspects.items {
        let mut line = format!(
            "{} depends on {}, changed {} since {}",
            s.document(link.id.as_deref(), Some(&link.path)),
            s.document(Some(&link.upstream), link.upstream_path.as_deref()),
            count(link.changes, "time", "times"),
            link.signed_off.as_deref().unwrap_or("its creation")
        );
        if let Some(last) = &link.last {
            let _ = write!(line, "; newest {}", commit(s, last));
        }
        s.item(out, &line);
    }
}
