//! `soa.html`: the Statement of Applicability in force, every Annex A control grouped by
//! objective, with its decision, status, implementing documents, evidence and the risks it
//! treats.

use super::super::layout::Layout;
use super::super::links::{Link, LinkList, control_anchor};
use super::super::model::SiteModel;
use super::{Page, status_class};
use crate::load::Document;
use crate::load::model::{SoaEntry, risk, soa_entries};
use askama::Template;
use std::collections::{BTreeMap, HashMap};

pub struct Soa;

impl Page for Soa {
    fn file(&self) -> &str {
        "soa.html"
    }

    fn title(&self, _: &SiteModel<'_>) -> String {
        "Statement of Applicability".to_owned()
    }

    fn nav(&self) -> Option<&'static str> {
        Some("Statement of Applicability")
    }

    fn render(&self, model: &SiteModel<'_>, layout: &Layout<'_>) -> askama::Result<String> {
        soa_page(model, layout).render()
    }
}

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
    pub implemented_by: LinkList,
    pub evidence: LinkList,
    pub risks: LinkList,
}

pub struct SoaGroup {
    pub id: String,
    pub title: String,
    pub rows: Vec<SoaRow>,
}

#[derive(Template)]
#[template(path = "soa.html")]
struct SoaTemplate<'a> {
    layout: &'a Layout<'a>,
    soa: Option<Link>,
    /// The SoA's own version and approval trail, from history: what an auditor checks first.
    record: Vec<String>,
    groups: Vec<SoaGroup>,
}

/// The SoA document's version, last change and approval state, in sentences.
fn soa_record(model: &SiteModel<'_>) -> Vec<String> {
    let Some(soa) = model.soa() else {
        return Vec::new();
    };
    let Some(status) = model.assessment.status(&soa.path) else {
        return vec!["Not committed: no version or approval can be shown.".to_owned()];
    };
    let history = model.assessment.history;
    let short = |id: &str| id.get(..7).unwrap_or(id).to_owned();
    let mut lines = Vec::new();
    if let Some(last) = status.timeline.last() {
        let record = &history.records[last];
        lines.push(format!(
            "Version {} ({}), last changed on {} by {} in commit {}.",
            short(&status.timeline.blob),
            crate::text::count(status.timeline.commits.len(), "commit", "commits"),
            record
                .author
                .date()
                .map(|d| d.to_string())
                .unwrap_or_default(),
            record.author.name,
            short(&record.id)
        ));
    }
    let approvals: Vec<String> = status
        .current_approvals()
        .map(|approval| {
            let record = &history.records[approval.record];
            format!(
                "{} on {} (commit {}, {})",
                approval.email,
                record
                    .author
                    .date()
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
                short(&record.id),
                crate::site::model::document::trust_label(approval.trust)
            )
        })
        .collect();
    lines.push(if approvals.is_empty() {
        match status.last_counted_approval() {
            Some(approval) => format!(
                "This version is not approved; the last approval ({}) was of version {}.",
                approval.email,
                short(&approval.blob)
            ),
            None => "Never approved.".to_owned(),
        }
    } else {
        format!("This version is approved by {}.", approvals.join("; "))
    });
    if let Some(due) = status.review.due {
        lines.push(format!("Next review due {due} ({}).", status.review.cycle));
    }
    lines
}

/// The entries of the Statement of Applicability in force, by control id.
pub fn current_soa<'d>(model: &SiteModel<'d>) -> HashMap<&'d str, SoaEntry<'d>> {
    model
        .soa()
        .map(soa_entries)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|entry| Some((entry.id?, entry)))
        .collect()
}

/// Control id → ids of the (non-retired) risks whose treatment uses it.
fn risks_by_control(model: &SiteModel<'_>) -> BTreeMap<String, Vec<String>> {
    let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for document in model.documents.of_kind("risk") {
        if document.is_retired() {
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

fn soa_page<'a>(model: &SiteModel<'_>, layout: &'a Layout<'a>) -> SoaTemplate<'a> {
    let root = layout.root.as_str();
    let by_id = current_soa(model);
    let risks = risks_by_control(model);
    let links = &model.links;
    let groups = links
        .catalog
        .groups
        .iter()
        .map(|group| SoaGroup {
            id: group.id.clone(),
            title: group.title.clone(),
            rows: links
                .catalog
                .controls
                .iter()
                .filter(|control| control.group == group.id)
                .map(|control| {
                    let entry = by_id.get(control.id.as_str());
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
                        implemented_by: links.document_links(
                            entry
                                .into_iter()
                                .flat_map(|entry| entry.implemented_by.iter().copied()),
                            root,
                        ),
                        evidence: entry
                            .into_iter()
                            .flat_map(|entry| entry.evidence.iter())
                            .map(|item| links.evidence_link(item, root))
                            .collect(),
                        risks: links.document_links(
                            risks
                                .get(&control.id)
                                .into_iter()
                                .flatten()
                                .map(String::as_str),
                            root,
                        ),
                    }
                })
                .collect(),
        })
        .collect();
    SoaTemplate {
        soa: model
            .soa()
            .and_then(Document::id)
            .map(|id| links.document_link(id, root)),
        record: soa_record(model),
        groups,
        layout,
    }
}
