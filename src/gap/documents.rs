//! Facts the clause and control assessments share: what each document still needs (approval,
//! review, finishing), the open nonconformities, risks and objectives that point at a
//! requirement, and the certification dates that serve as the default deadline.

use super::{Action, Deadline, GapInput, Missing, OpenNonconformity};
use crate::dates::parse_date;
use crate::history::approvals::{ReviewState, State};
use crate::load::Document;
use crate::load::model::{Lifecycle, nonconformity, risk};
use jiff::civil::Date;
use serde_json::Value;
use std::collections::HashMap;

/// An open nonconformity with its next corrective-action due date.
#[derive(Debug, Clone)]
pub struct OpenNc {
    pub id: String,
    pub grade: String,
    pub next_due: Option<Date>,
    /// Corrective actions past their due date and not completed.
    pub late_actions: Vec<(String, Date)>,
}

impl OpenNc {
    pub fn summary(&self) -> OpenNonconformity {
        OpenNonconformity {
            id: self.id.clone(),
            grade: self.grade.clone(),
        }
    }
}

/// Shared, precomputed facts.
pub struct Facts<'a> {
    input: &'a GapInput<'a>,
    /// Requirement id (clause or control) → open nonconformities raised against it.
    pub open_ncs: HashMap<String, Vec<OpenNc>>,
    /// Control id → (risk id, inherent level) of the active risks it treats.
    pub risks: HashMap<String, Vec<(String, u8)>>,
    /// Requirement id → (objective id, due date) of active objectives listing it.
    pub objectives: HashMap<String, Vec<(String, Date)>>,
    pub stage1: Option<Date>,
    /// The deadline when nothing more specific applies: the next certification milestone.
    pub milestone: Option<Deadline>,
}

fn strings<'d>(document: &'d Document, pointer: &str) -> Vec<&'d str> {
    document
        .get(pointer)
        .and_then(Value::as_array)
        .map(|items| items.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

/// The clauses and controls a document points at through `clauses` and `controls`.
fn targets(document: &Document) -> Vec<&str> {
    let mut targets = strings(document, "/clauses");
    targets.extend(strings(document, "/controls"));
    targets
}

impl<'a> Facts<'a> {
    /// The last step for every requirement: open nonconformities against it lower its
    /// conformity (a major one means it is not working) and add their actions; a gap gets the
    /// nearest deadline behind it, else the next certification milestone.
    pub fn finish(&self, item: &mut super::GapItem) {
        let (missing, summaries) = self.nonconformities(&item.id);
        for nc in &summaries {
            let ceiling = match nc.grade.as_str() {
                "major" => super::Conformity::NotCompliant,
                "minor" => super::Conformity::Partial,
                _ => continue,
            };
            item.conformity = item.conformity.min(ceiling);
        }
        item.missing.extend(missing);
        item.nonconformities = summaries;
        item.deadline = if item.is_gap() {
            earliest([item.deadline.take(), self.related_deadline(&item.id)])
                .or_else(|| self.milestone.clone())
        } else {
            None
        };
    }

    pub fn new(input: &'a GapInput<'a>) -> Facts<'a> {
        let mut open_ncs: HashMap<String, Vec<OpenNc>> = HashMap::new();
        let mut risks: HashMap<String, Vec<(String, u8)>> = HashMap::new();
        let mut objectives: HashMap<String, Vec<(String, Date)>> = HashMap::new();
        for document in input.documents.loaded() {
            if document.is_retired() {
                continue;
            }
            let Some(id) = document.id() else { continue };
            match document.kind() {
                Some("nonconformity") => {
                    let view = nonconformity(document);
                    if !view.is_open() {
                        continue;
                    }
                    let late_actions = view
                        .actions
                        .iter()
                        .filter(|action| action.completed.is_none())
                        .filter_map(|action| {
                            let due = action.due.and_then(parse_date)?;
                            (due < input.today)
                                .then(|| (action.action.unwrap_or("an action").to_owned(), due))
                        })
                        .collect();
                    let nc = OpenNc {
                        id: id.to_owned(),
                        grade: view.grade.unwrap_or("ungraded").to_owned(),
                        next_due: view.next_due().and_then(parse_date),
                        late_actions,
                    };
                    for target in targets(document) {
                        open_ncs
                            .entry(target.to_owned())
                            .or_default()
                            .push(nc.clone());
                    }
                }
                Some("risk") if document.is_active() => {
                    let view = risk(document);
                    let Some(level) = view.inherent(&input.config.risk) else {
                        continue;
                    };
                    for control in &view.controls {
                        risks
                            .entry((*control).to_owned())
                            .or_default()
                            .push((id.to_owned(), level));
                    }
                }
                Some("objective") if document.is_active() => {
                    let Some(due) = document.str_at("/due").and_then(parse_date) else {
                        continue;
                    };
                    for target in targets(document) {
                        objectives
                            .entry(target.to_owned())
                            .or_default()
                            .push((id.to_owned(), due));
                    }
                }
                _ => {}
            }
        }
        for list in risks.values_mut() {
            list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        }
        let certification = &input.config.certification;
        let stage1 = certification.stage1.as_deref().and_then(parse_date);
        let stage2 = certification.stage2.as_deref().and_then(parse_date);
        let milestone = [
            (stage1, "Stage 1 audit"),
            (stage2, "Stage 2 audit"),
            (
                certification
                    .next_surveillance
                    .as_deref()
                    .and_then(parse_date),
                "surveillance audit",
            ),
            (
                certification
                    .recertification
                    .as_deref()
                    .and_then(parse_date),
                "recertification audit",
            ),
        ]
        .into_iter()
        .filter_map(|(date, reason)| Some((date?, reason)))
        .filter(|(date, _)| *date >= input.today)
        .min_by_key(|(date, _)| *date)
        .map(|(date, reason)| Deadline {
            date,
            reason: reason.to_owned(),
        });
        Facts {
            input,
            open_ncs,
            risks,
            objectives,
            stage1,
            milestone,
        }
    }

    pub fn document(&self, id: &str) -> Option<&'a Document> {
        self.input.documents.by_id(id)
    }

    /// What a document still needs before it can count as evidence, and the date its review
    /// fell due when that is what it needs.
    pub fn needs(&self, document: &Document) -> (Vec<Missing>, Option<Deadline>) {
        let id = document.id().unwrap_or(document.path.as_str());
        let mut missing = Vec::new();
        match document.lifecycle() {
            Some(Lifecycle::Active) => {}
            Some(Lifecycle::Draft) => {
                missing.push(Missing::new(
                    Action::Finish,
                    Some(id),
                    format!(
                        "{id} is a draft: finish it, set `status: active` and have it approved"
                    ),
                ));
                return (missing, None);
            }
            Some(Lifecycle::Retired) => {
                missing.push(Missing::new(
                    Action::Evidence,
                    Some(id),
                    format!("{id} is retired: point to the document that replaced it"),
                ));
                return (missing, None);
            }
            _ => {
                missing.push(Missing::new(
                    Action::Finish,
                    Some(id),
                    format!("{id} has no `status`: set it to `active` once it is in force"),
                ));
                return (missing, None);
            }
        }
        // Without git history approvals cannot be shown; clause 7.5 reports that once.
        let Some(facts) = self
            .input
            .approvals
            .and_then(|approvals| approvals.get(&document.path))
        else {
            return (missing, None);
        };
        match facts.state {
            State::Approved => {}
            State::ChangedSinceApproval => missing.push(Missing::new(
                Action::Approve,
                Some(id),
                match facts.approved_on {
                    Some(date) => format!(
                        "{id} changed after its approval on {date}: re-approve it (`aims approve {id}`)"
                    ),
                    None => format!("{id} changed since it was approved: re-approve it"),
                },
            )),
            State::NeverApproved | State::Draft | State::Retired => {
                let waiting = if facts.missing_approvers.is_empty() {
                    String::new()
                } else {
                    format!(" (still needed: {})", facts.missing_approvers.join(", "))
                };
                missing.push(Missing::new(
                    Action::Approve,
                    Some(id),
                    format!("{id} is not approved{waiting}: `aims approve {id}`"),
                ));
            }
        }
        let mut deadline = None;
        if facts.review == ReviewState::Overdue {
            let due = facts.review_due;
            deadline = due.map(|date| Deadline {
                date,
                reason: format!("{id} review due"),
            });
            // An approval of the current version restarts the review cycle: asking for both
            // would be asking twice.
            if !missing.is_empty() {
                return (missing, deadline);
            }
            missing.push(Missing::new(
                Action::Review,
                Some(id),
                match due {
                    Some(date) => {
                        format!("{id} was due for review on {date}: `aims review {id}`")
                    }
                    None => format!("{id} is overdue for review: `aims review {id}`"),
                },
            ));
        }
        (missing, deadline)
    }

    /// The earliest specific deadline among nonconformity actions and objectives for `id`.
    pub fn related_deadline(&self, id: &str) -> Option<Deadline> {
        let from_ncs = self
            .open_ncs
            .get(id)
            .into_iter()
            .flatten()
            .filter_map(|nc| {
                nc.next_due.map(|date| Deadline {
                    date,
                    reason: format!("{} corrective action due", nc.id),
                })
            });
        let from_objectives =
            self.objectives
                .get(id)
                .into_iter()
                .flatten()
                .map(|(objective, date)| Deadline {
                    date: *date,
                    reason: format!("{objective} due"),
                });
        from_ncs.chain(from_objectives).min_by_key(|d| d.date)
    }

    /// Open nonconformities against `id`: what they ask for and their summaries.
    pub fn nonconformities(&self, id: &str) -> (Vec<Missing>, Vec<OpenNonconformity>) {
        let mut missing = Vec::new();
        let mut summaries = Vec::new();
        for nc in self.open_ncs.get(id).into_iter().flatten() {
            summaries.push(nc.summary());
            if nc.grade == "observation" {
                continue;
            }
            let late = nc.late_actions.len();
            let text = if late > 0 {
                format!(
                    "open {} nonconformity {}: {} overdue (first due {})",
                    nc.grade,
                    nc.id,
                    crate::text::count(late, "corrective action", "corrective actions"),
                    nc.late_actions
                        .iter()
                        .map(|(_, date)| *date)
                        .min()
                        .map(|date| date.to_string())
                        .unwrap_or_default()
                )
            } else {
                format!(
                    "open {} nonconformity {}: complete its corrective actions and close it",
                    nc.grade, nc.id
                )
            };
            missing.push(Missing::new(Action::Correct, Some(&nc.id), text));
        }
        (missing, summaries)
    }
}

/// The earliest of several optional deadlines.
pub fn earliest(deadlines: impl IntoIterator<Item = Option<Deadline>>) -> Option<Deadline> {
    deadlines.into_iter().flatten().min_by_key(|d| d.date)
}
