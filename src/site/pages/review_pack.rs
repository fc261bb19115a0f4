//! `review-pack.html`: the management-review input pack (9.3.2) since the previous review,
//! from the same [`ReviewPack`] `aims review-pack` renders. Each section is a summary line of
//! counts and tables of plain strings and links, all escaped by the template.

use super::super::layout::Layout;
use super::super::links::Link;
use super::super::model::SiteModel;
use super::Page;
use crate::review_pack::{ActionState, Basis, CommitRef, ReviewPack};
use askama::Template;

pub struct ReviewPackPage;

impl Page for ReviewPackPage {
    fn file(&self) -> &str {
        "review-pack.html"
    }

    fn title(&self, _: &SiteModel<'_>) -> String {
        "Management review input pack".to_owned()
    }

    fn nav(&self) -> Option<&'static str> {
        Some("Review pack")
    }

    fn render(&self, model: &SiteModel<'_>, layout: &Layout<'_>) -> askama::Result<String> {
        let root = layout.root.as_str();
        let (period, sections) = match &model.review_pack {
            Some(pack) => (period(pack), sections(model, pack, root)),
            None => (String::new(), Vec::new()),
        };
        ReviewPackTemplate {
            layout,
            period,
            notes: model
                .review_pack
                .as_ref()
                .map(|pack| pack.notes.clone())
                .unwrap_or_default(),
            sections,
        }
        .render()
    }
}

/// One cell: text, optionally a link, optionally shown as a badge of a class.
pub struct Cell {
    pub link: Option<Link>,
    pub text: String,
    pub badge: &'static str,
}

impl Cell {
    fn text(text: impl Into<String>) -> Cell {
        Cell {
            link: None,
            text: text.into(),
            badge: "",
        }
    }

    fn badge(text: impl Into<String>, class: &'static str) -> Cell {
        Cell {
            link: None,
            text: text.into(),
            badge: class,
        }
    }

    /// A document's link and its title.
    fn document(link: Link, title: &str) -> Cell {
        Cell {
            link: Some(link),
            text: title.to_owned(),
            badge: "",
        }
    }
}

pub struct Table {
    pub caption: String,
    pub headers: Vec<&'static str>,
    pub rows: Vec<Vec<Cell>>,
}

pub struct Section {
    pub anchor: &'static str,
    pub heading: String,
    pub summary: String,
    pub tables: Vec<Table>,
}

#[derive(Template)]
#[template(path = "review-pack.html")]
struct ReviewPackTemplate<'a> {
    layout: &'a Layout<'a>,
    period: String,
    notes: Vec<String>,
    sections: Vec<Section>,
}

fn commit(commit: &CommitRef) -> String {
    format!("{} {} ({})", commit.date, commit.short(), commit.author)
}

fn optional(commit: Option<&CommitRef>) -> String {
    commit.map(self::commit).unwrap_or_default()
}

fn period(pack: &ReviewPack) -> String {
    let period = &pack.period;
    let start = period.start.as_deref().unwrap_or("the first commit");
    let since = match (&period.basis, &period.review) {
        (Basis::ManagementReview, Some(review)) => format!(
            "since the previous management review {} ({}), {} in commit {} on {}",
            review.id,
            review.date.as_deref().unwrap_or("undated"),
            if review.approved {
                "approved"
            } else {
                "last changed"
            },
            review.commit.short(),
            review.commit.date
        ),
        (Basis::Revision, _) => format!(
            "since {} ({start})",
            period.revision.as_deref().unwrap_or_default()
        ),
        (Basis::FirstCommit, _) => format!("since the first commit ({start})"),
        _ => format!("since {start}"),
    };
    format!(
        "Period: {since}; {} commits up to {} (as of {}).",
        period.commits,
        pack.head.get(..7).unwrap_or(&pack.head),
        pack.today
    )
}

fn sections(model: &SiteModel<'_>, pack: &ReviewPack, root: &str) -> Vec<Section> {
    let doc = |id: Option<&str>, path: &str, title: &str| {
        Cell::document(model.links.document_link(id.unwrap_or(path), root), title)
    };
    let mut sections = Vec::new();

    let a = &pack.actions.counts;
    sections.push(Section {
        anchor: "actions",
        heading: "Actions from the previous management review".to_owned(),
        summary: match &pack.period.review {
            Some(review) => format!(
                "{}: {} actions, {} open, {} overdue, {} closed. An action is closed when every document it names changed after the review, or when it was due on the review's own date.",
                review.id, a.total, a.open, a.overdue, a.closed
            ),
            None => "No previous management review.".to_owned(),
        },
        tables: vec![Table {
            caption: String::new(),
            headers: vec!["Decision", "Owner", "Due", "State", "Documents named", "Done in"],
            rows: pack
                .actions
                .items
                .iter()
                .map(|action| {
                    let named = action
                        .references
                        .iter()
                        .map(|reference| match &reference.changed {
                            Some(changed) => format!("{} (changed {})", reference.id, changed.date),
                            None => format!("{} (not changed)", reference.id),
                        })
                        .collect::<Vec<_>>()
                        .join(", ");
                    vec![
                        Cell::text(action.decision.clone()),
                        Cell::text(action.owner.clone().unwrap_or_default()),
                        Cell::text(action.due.clone().unwrap_or_default()),
                        Cell::badge(
                            action.state.to_string(),
                            match action.state {
                                ActionState::Closed => "ok",
                                ActionState::Overdue => "bad",
                                ActionState::Open => "warn",
                            },
                        ),
                        Cell::text(named),
                        Cell::text(if action.at_review {
                            "at the review".to_owned()
                        } else {
                            optional(action.closed_by.as_ref())
                        }),
                    ]
                })
                .collect(),
        }],
    });

    let c = &pack.changes.counts;
    sections.push(Section {
        anchor: "changes",
        heading: "Changes to AIMS documents".to_owned(),
        summary: format!(
            "{} added, {} changed, {} retired, {} deleted; {} approvals and {} reviews given ({} signed, {} not counted).",
            c.added, c.changed, c.retired, c.deleted, c.approvals, c.reviews, c.signed, c.not_counted
        ),
        tables: vec![
            Table {
                caption: "Documents".to_owned(),
                headers: vec!["Document", "Change", "Commits", "Last change", "Approval now"],
                rows: pack
                    .changes
                    .documents
                    .iter()
                    .map(|document| {
                        vec![
                            doc(document.id.as_deref(), &document.path, &document.title),
                            Cell::text(document.change.to_string()),
                            Cell::text(document.commits.to_string()),
                            Cell::text(optional(document.last.as_ref())),
                            Cell::text(
                                document
                                    .state
                                    .map(|state| state.to_string().replace('_', " "))
                                    .unwrap_or_default(),
                            ),
                        ]
                    })
                    .collect(),
            },
            Table {
                caption: "Approvals and reviews given in the period".to_owned(),
                headers: vec!["Document", "What", "By", "Date", "Commit", "Signed", "Counts"],
                rows: pack
                    .changes
                    .approvals
                    .iter()
                    .map(|event| {
                        vec![
                            doc(event.id.as_deref(), &event.path, ""),
                            Cell::text(event.action),
                            Cell::text(format!("{} <{}>", event.name, event.email)),
                            Cell::text(event.date.clone()),
                            Cell::text(event.commit.get(..7).unwrap_or(&event.commit).to_owned()),
                            Cell::text(if event.signed { "signed" } else { "unsigned" }),
                            if event.counts {
                                Cell::badge("counts", "ok")
                            } else {
                                Cell::badge(
                                    format!(
                                        "does not count: {}",
                                        event.why.as_deref().unwrap_or_default()
                                    ),
                                    "bad",
                                )
                            },
                        ]
                    })
                    .collect(),
            },
        ],
    });

    let n = &pack.nonconformities;
    let nc_rows = |items: &[crate::review_pack::NcItem]| -> Vec<Vec<Cell>> {
        items
            .iter()
            .map(|nc| {
                vec![
                    doc(Some(&nc.id), &nc.path, &nc.title),
                    Cell::text(nc.grade.clone().unwrap_or_default()),
                    Cell::text(optional(nc.recorded.as_ref())),
                    Cell::text(optional(nc.closed.as_ref())),
                    Cell::text(format!(
                        "{} of {} open",
                        nc.open_actions, nc.corrective_actions
                    )),
                    if nc.overdue {
                        Cell::badge(
                            format!("overdue {}", nc.next_due.as_deref().unwrap_or_default()),
                            "bad",
                        )
                    } else {
                        Cell::text(nc.next_due.clone().unwrap_or_default())
                    },
                ]
            })
            .collect()
    };
    let nc_headers = vec![
        "Nonconformity",
        "Grade",
        "Recorded",
        "Closed",
        "Corrective actions",
        "Next due",
    ];
    let grades = n
        .counts
        .open_by_grade
        .iter()
        .map(|(grade, count)| format!("{grade} {count}"))
        .collect::<Vec<_>>()
        .join(", ");
    sections.push(Section {
        anchor: "nonconformities",
        heading: "Nonconformities and corrective actions".to_owned(),
        summary: format!(
            "{} opened and {} closed in the period; {} open now ({} overdue){}.",
            n.counts.opened,
            n.counts.closed,
            n.counts.open,
            n.counts.overdue,
            if grades.is_empty() {
                String::new()
            } else {
                format!("; open by grade: {grades}")
            }
        ),
        tables: vec![
            Table {
                caption: "Opened in the period".to_owned(),
                headers: nc_headers.clone(),
                rows: nc_rows(&n.opened),
            },
            Table {
                caption: "Closed in the period".to_owned(),
                headers: nc_headers.clone(),
                rows: nc_rows(&n.closed),
            },
            Table {
                caption: "Still open".to_owned(),
                headers: nc_headers,
                rows: nc_rows(&n.open),
            },
            Table {
                caption: "Trend per quarter".to_owned(),
                headers: vec!["Quarter", "Opened", "Closed"],
                rows: n
                    .trend
                    .iter()
                    .map(|bucket| {
                        vec![
                            Cell::text(bucket.quarter.clone()),
                            Cell::text(bucket.opened.to_string()),
                            Cell::text(bucket.closed.to_string()),
                        ]
                    })
                    .collect(),
            },
        ],
    });

    let k = &pack.kpis.counts;
    sections.push(Section {
        anchor: "kpis",
        heading: "KPI trends".to_owned(),
        summary: format!(
            "{} KPIs: {} on target, {} off target, {} with a measurement overdue, {} measured in the period.",
            k.kpis, k.on_target, k.off_target, k.overdue, k.measured_in_period
        ),
        tables: vec![Table {
            caption: String::new(),
            headers: vec![
                "Objective",
                "KPI",
                "Latest",
                "Target",
                "Before the period",
                "Measured in the period",
                "Trend",
                "Next measurement",
            ],
            rows: pack
                .kpis
                .items
                .iter()
                .map(|kpi| {
                    let unit = kpi.unit.as_deref().unwrap_or_default();
                    vec![
                        doc(Some(&kpi.objective), &kpi.path, ""),
                        Cell::text(kpi.name.clone()),
                        match (&kpi.latest, kpi.on_target) {
                            (Some(latest), Some(on)) => Cell::badge(
                                format!("{} {unit} ({})", latest.value, latest.date),
                                if on { "ok" } else { "bad" },
                            ),
                            (Some(latest), None) => {
                                Cell::text(format!("{} {unit} ({})", latest.value, latest.date))
                            }
                            (None, _) => Cell::text("never measured"),
                        },
                        Cell::text(
                            kpi.target
                                .map(|target| format!("{} {target} {unit}", kpi.direction.name()))
                                .unwrap_or_default(),
                        ),
                        Cell::text(kpi.before.map(|v| v.to_string()).unwrap_or_default()),
                        Cell::text(
                            kpi.points
                                .iter()
                                .map(|point| format!("{} ({})", point.value, point.date))
                                .collect::<Vec<_>>()
                                .join(", "),
                        ),
                        Cell::text(kpi.trend.unwrap_or_default()),
                        match &kpi.overdue_since {
                            Some(due) => Cell::badge(format!("overdue since {due}"), "bad"),
                            None => Cell::text(""),
                        },
                    ]
                })
                .collect(),
        }],
    });

    let au = &pack.audits.counts;
    sections.push(Section {
        anchor: "audits",
        heading: "Internal audit results".to_owned(),
        summary: format!(
            "{} audits recorded or updated in the period; {} findings ({} open).",
            au.audits, au.findings, au.open_findings
        ),
        tables: vec![Table {
            caption: String::new(),
            headers: vec!["Audit", "Date", "Type", "Auditor", "Findings", "Conclusion"],
            rows: pack
                .audits
                .items
                .iter()
                .map(|audit| {
                    vec![
                        doc(Some(&audit.id), &audit.path, &audit.title),
                        Cell::text(audit.date.clone().unwrap_or_default()),
                        Cell::text(audit.audit_type.clone()),
                        Cell::text(audit.auditor.clone().unwrap_or_default()),
                        Cell::text(
                            audit
                                .findings
                                .iter()
                                .map(|finding| {
                                    format!(
                                        "{} ({}{})",
                                        finding.id,
                                        finding.grade.as_deref().unwrap_or("?"),
                                        match finding.open {
                                            Some(true) => ", open",
                                            Some(false) => ", closed",
                                            None => "",
                                        }
                                    )
                                })
                                .collect::<Vec<_>>()
                                .join(", "),
                        ),
                        Cell::text(audit.conclusion.clone().unwrap_or_default()),
                    ]
                })
                .collect(),
        }],
    });

    let r = &pack.risks.counts;
    let level = |before: Option<u8>, now: Option<u8>| {
        let show = |level: Option<u8>| level.map_or("-".to_owned(), |level| level.to_string());
        if before == now {
            show(now)
        } else {
            format!("{} → {}", show(before), show(now))
        }
    };
    sections.push(Section {
        anchor: "risks",
        heading: "Risk changes".to_owned(),
        summary: format!(
            "{} added, {} changed ({} with a new level); {}.",
            r.added,
            r.changed,
            r.level_changed,
            match pack.risks.appetite {
                Some(appetite) => format!(
                    "{} above the appetite of {appetite} ({} not accepted)",
                    r.above_appetite, r.above_appetite_unaccepted
                ),
                None => "no risk appetite set in aims.yaml".to_owned(),
            }
        ),
        tables: vec![
            Table {
                caption: "Added or changed in the period".to_owned(),
                headers: vec!["Risk", "Change", "Inherent", "Residual", "Last change"],
                rows: pack
                    .risks
                    .changed
                    .iter()
                    .map(|risk| {
                        vec![
                            doc(Some(&risk.id), &risk.path, &risk.title),
                            Cell::text(risk.change.to_string()),
                            Cell::text(level(risk.inherent_before, risk.inherent)),
                            Cell::text(level(risk.residual_before, risk.residual)),
                            Cell::text(optional(risk.last.as_ref())),
                        ]
                    })
                    .collect(),
            },
            Table {
                caption: "Above the risk appetite now".to_owned(),
                headers: vec!["Risk", "Level", "Band", "Accepted"],
                rows: pack
                    .risks
                    .above_appetite
                    .iter()
                    .map(|risk| {
                        vec![
                            doc(Some(&risk.id), &risk.path, &risk.title),
                            Cell::text(format!("{} {}", risk.which, risk.level)),
                            Cell::text(risk.band),
                            if risk.accepted {
                                Cell::badge("accepted", "ok")
                            } else {
                                Cell::badge("not accepted", "bad")
                            },
                        ]
                    })
                    .collect(),
            },
        ],
    });

    sections.push(Section {
        anchor: "evidence",
        heading: "Stale evidence".to_owned(),
        summary: format!(
            "{} evidence entries past their validity on {}.",
            pack.stale_evidence.count, pack.today
        ),
        tables: vec![Table {
            caption: String::new(),
            headers: vec!["Document", "Evidence", "Last committed", "Valid until"],
            rows: pack
                .stale_evidence
                .items
                .iter()
                .map(|item| {
                    vec![
                        doc(item.id.as_deref(), &item.path, ""),
                        Cell::text(item.entry.clone()),
                        Cell::text(item.last_changed.clone().unwrap_or_default()),
                        Cell::badge(item.deadline.clone().unwrap_or_default(), "bad"),
                    ]
                })
                .collect(),
        }],
    });

    sections.push(Section {
        anchor: "suspect",
        heading: "Suspect links".to_owned(),
        summary: format!(
            "{} documents depend on one that changed after their last approval or review.",
            pack.suspect_links.count
        ),
        tables: vec![Table {
            caption: String::new(),
            headers: vec![
                "Document",
                "Depends on",
                "Changes since",
                "Last signed off",
                "Newest change",
            ],
            rows: pack
                .suspect_links
                .items
                .iter()
                .map(|link| {
                    vec![
                        doc(link.id.as_deref(), &link.path, ""),
                        doc(Some(&link.upstream), "", ""),
                        Cell::text(link.changes.to_string()),
                        Cell::text(link.signed_off.clone().unwrap_or_default()),
                        Cell::text(optional(link.last.as_ref())),
                    ]
                })
                .collect(),
        }],
    });
    sections
}
