//! Clauses 4–10: each requirement (the most specific clause ids, such as 6.1.3 or 9.2.2) is met
//! by the active documents that evidence it, and some by what those documents record: a
//! completed internal audit, a management review held, a complete SoA, an impact assessment and
//! risks for every AI system, corrective actions on time, and every document approved and
//! reviewed.

use super::documents::{Facts, earliest};
use super::{Action, Conformity, Deadline, GapInput, GapItem, Missing, Requirement};
use crate::catalog::Clause;
use crate::dates::parse_date;
use crate::load::Document;
use crate::load::model::{
    Lifecycle, SoaEntry, evidenced_clauses, nonconformity, risk, soa_entries,
};
use std::collections::{BTreeSet, HashMap};

/// The most specific clauses: those no other clause id extends.
fn leaves(clauses: &[Clause]) -> Vec<&Clause> {
    clauses
        .iter()
        .filter(|clause| {
            let prefix = format!("{}.", clause.id);
            !clauses.iter().any(|other| other.id.starts_with(&prefix))
        })
        .collect()
}

/// `id` and the clauses that contain it (6.1.3 → 6.1.3, 6.1, 6).
fn with_parents(id: &str) -> Vec<&str> {
    let mut ids = vec![id];
    let mut rest = id;
    while let Some((parent, _)) = rest.rsplit_once('.') {
        ids.push(parent);
        rest = parent;
    }
    ids
}

/// How well a document's kind fits as the owner of a clause: policies and procedures first.
fn owner_rank(document: &Document) -> usize {
    match document.kind() {
        Some("policy") => 0,
        Some("procedure") => 1,
        Some("scope") | Some("soa") => 2,
        _ => 3,
    }
}

pub fn assess(input: &GapInput<'_>, facts: &Facts<'_>) -> Vec<GapItem> {
    // Clause id → documents evidencing it directly, and those listing a parent clause.
    let mut direct: HashMap<&str, Vec<&Document>> = HashMap::new();
    let mut drafts: HashMap<&str, Vec<&Document>> = HashMap::new();
    for document in input.documents.loaded() {
        let custom = document
            .kind()
            .and_then(|kind| input.config.custom_kind(kind))
            .map(|kind| kind.clauses.as_slice());
        let target = match document.lifecycle() {
            Some(Lifecycle::Active) => &mut direct,
            Some(Lifecycle::Draft) => &mut drafts,
            _ => continue,
        };
        for clause in evidenced_clauses(document, custom) {
            target.entry(clause).or_default().push(document);
        }
    }
    leaves(&input.catalog.clauses)
        .into_iter()
        .enumerate()
        .map(|(order, clause)| {
            let mut item = GapItem::new(Requirement::Clause, &clause.id, &clause.title, order);
            // Documented information must be specific; other requirements may be shown by a
            // document covering the whole parent clause.
            let ids: Vec<&str> = if clause.requires_documented_information() {
                vec![clause.id.as_str()]
            } else {
                with_parents(&clause.id)
            };
            let mut evidencing: Vec<&Document> = ids
                .iter()
                .flat_map(|id| direct.get(id).into_iter().flatten().copied())
                .collect();
            evidencing.sort_by(|a, b| (owner_rank(a), &a.path).cmp(&(owner_rank(b), &b.path)));
            evidencing.dedup_by(|a, b| a.path == b.path);
            item.owner = evidencing
                .iter()
                .find_map(|document| document.str_at("/owner"))
                .map(str::to_owned);
            item.evidence = evidencing
                .iter()
                .filter_map(|document| document.id())
                .map(str::to_owned)
                .collect();

            if evidencing.is_empty() {
                item.conformity = Conformity::NotCompliant;
                let draft = ids
                    .iter()
                    .flat_map(|id| drafts.get(id).into_iter().flatten())
                    .find_map(|document| document.id().map(|id| (id, document)));
                if let Some((id, document)) = draft {
                    item.owner = document.str_at("/owner").map(str::to_owned);
                    item.missing.push(Missing::new(
                        Action::Finish,
                        Some(id),
                        format!("only {id} evidences it, and it is a draft: finish it and have it approved"),
                    ));
                } else if clause.requires_documented_information() {
                    let what: Vec<&str> = clause
                        .documented_information
                        .iter()
                        .map(|info| info.what.as_str())
                        .collect();
                    item.missing.push(Missing::new(
                        Action::Write,
                        None,
                        format!(
                            "no active document evidences it; expected: {} (list `clauses: [\"{}\"]` in it)",
                            what.join("; "),
                            clause.id
                        ),
                    ));
                } else {
                    item.missing.push(Missing::new(
                        Action::Evidence,
                        None,
                        format!(
                            "no active document shows how it is met: add `clauses: [\"{}\"]` to the one that does, or write it",
                            clause.id
                        ),
                    ));
                }
            } else {
                let mut review_due = None;
                for document in &evidencing {
                    let (needs, due) = facts.needs(document);
                    item.missing.extend(needs);
                    review_due = earliest([review_due, due]);
                }
                if !item.missing.is_empty() {
                    item.conformity = Conformity::Partial;
                }
                item.deadline = review_due;
            }
            specific(input, facts, &mut item);
            facts.finish(&mut item);
            item
        })
        .collect()
}

fn lower(item: &mut GapItem, to: Conformity, missing: Missing) {
    item.conformity = item.conformity.min(to);
    item.missing.push(missing);
}

/// What particular clauses need beyond an evidencing document.
fn specific(input: &GapInput<'_>, facts: &Facts<'_>, item: &mut GapItem) {
    match item.id.as_str() {
        "4.3" => every_system_has(input, item, "scope", "scope listing it"),
        "6.1.3" => statement_of_applicability(input, item),
        "6.1.4" | "8.4" => {
            every_system_has(input, item, "impact-assessment", "an impact assessment")
        }
        "8.2" => {
            every_system_has(input, item, "risk", "a risk assessment");
            risks_up_to_date(input, item);
        }
        "8.3" => risk_acceptance(input, item),
        "9.2.2" => held(input, item, "audit", "internal audit"),
        "9.3.3" => held(input, item, "management-review", "management review"),
        "10.2" => corrective_actions(input, item),
        "7.5.2" => document_approvals(input, facts, item),
        "7.5.3" => {
            version_control(input, item);
            evidence_current(input, item);
        }
        "9.1" => kpis_monitored(input, item),
        _ => {}
    }
}

fn statement_of_applicability(input: &GapInput<'_>, item: &mut GapItem) {
    let Some(soa) = input
        .documents
        .of_kind("soa")
        .find(|document| document.is_active())
    else {
        return; // No active SoA: the clause already has no evidence.
    };
    let soa_id = soa.id().unwrap_or("the SoA");
    let entries = soa_entries(soa);
    let listed: BTreeSet<&str> = entries.iter().filter_map(|entry| entry.id).collect();
    let absent: Vec<&str> = input
        .catalog
        .control_ids()
        .filter(|id| !listed.contains(id))
        .collect();
    if !absent.is_empty() {
        lower(
            item,
            Conformity::Partial,
            Missing::new(
                Action::Decide,
                Some(soa_id),
                format!(
                    "{soa_id} does not list {}: {}",
                    crate::text::count(absent.len(), "control", "controls"),
                    absent.join(", ")
                ),
            ),
        );
    }
    let ids = |keep: fn(&SoaEntry<'_>) -> bool| -> Vec<&str> {
        entries
            .iter()
            .filter(|entry| keep(entry))
            .filter_map(|entry| entry.id)
            .collect()
    };
    let incomplete = [
        (
            "exclusions without justification",
            ids(|entry| entry.applicable == Some(false) && entry.justification.is_none()),
        ),
        (
            "applicable controls without implementation status",
            ids(|entry| entry.applicable == Some(true) && entry.status.is_none()),
        ),
    ];
    for (what, controls) in incomplete {
        if !controls.is_empty() {
            lower(
                item,
                Conformity::Partial,
                Missing::new(
                    Action::Decide,
                    Some(soa_id),
                    format!("{what}: {}", controls.join(", ")),
                ),
            );
        }
    }
}

/// 6.1.4, 8.2, 8.4 (AIMS313, AIMS314) and 4.3 (AIMS315): every AI system in use, as
/// [`crate::check::inventory::in_use`] defines it, is listed by an active document of `kind`.
fn every_system_has(input: &GapInput<'_>, item: &mut GapItem, kind: &str, what: &str) {
    use crate::check::inventory::{Coverage, uncovered};
    // Without any scope, 4.3 is not evidenced at all; a per-system gap would add nothing.
    if kind == "scope" && !Coverage::of_kind(input.documents, kind).any {
        return;
    }
    for (id, _, _) in uncovered(input.documents, kind) {
        lower(
            item,
            Conformity::Partial,
            Missing::new(
                Action::Write,
                Some(id),
                format!("AI system {id} has no active {what}"),
            ),
        );
    }
}

/// A risk assessed before what it depends on (usually its AI system) changed assesses what no
/// longer exists as described: the clause asks for assessments redone when changes occur.
fn risks_up_to_date(input: &GapInput<'_>, item: &mut GapItem) {
    let Some(approvals) = input.approvals else {
        return;
    };
    for document in input
        .documents
        .of_kind("risk")
        .filter(|document| document.is_active())
    {
        let Some(facts) = approvals.get(&document.path) else {
            continue;
        };
        if facts.upstream_changed.is_empty() {
            continue;
        }
        let id = document.id().unwrap_or(document.path.as_str());
        lower(
            item,
            Conformity::Partial,
            Missing::new(
                Action::Review,
                Some(id),
                format!(
                    "{id} was last approved or reviewed before {} changed: check it, then `aims review {id}` (or edit it and `aims approve {id}`)",
                    facts.upstream_changed.join(", ")
                ),
            ),
        );
    }
}

/// 8.3: every risk whose residual level needs acceptance names who must accept it and, where
/// history is available, has a counted acceptance of its current version (`aims accept`).
fn risk_acceptance(input: &GapInput<'_>, item: &mut GapItem) {
    for document in input
        .documents
        .of_kind("risk")
        .filter(|document| document.is_active())
    {
        let view = risk(document);
        let Some(reason) = view.acceptance_needed(&input.config.risk) else {
            continue;
        };
        let id = document.id().unwrap_or(document.path.as_str());
        let missing = match (view.accepted_by, input.approvals) {
            (None, _) => Missing::new(
                Action::Decide,
                Some(id),
                format!("{id} needs acceptance ({reason}) but does not name who must accept it"),
            ),
            (Some(by), Some(approvals))
                if approvals
                    .get(&document.path)
                    .is_none_or(|facts| facts.accepted.is_none()) =>
            {
                Missing::new(
                    Action::Accept,
                    Some(id),
                    format!(
                        "{id} needs acceptance ({reason}): {by} has not accepted this version (`aims accept {id}`)"
                    ),
                )
            }
            _ => continue,
        };
        lower(item, Conformity::Partial, missing);
    }
}

/// 9.2.2 and 9.3.3: at least one internal audit or management review must have taken place
/// (a certification body expects both before Stage 1); one planned gives the deadline.
fn held(input: &GapInput<'_>, item: &mut GapItem, kind: &str, what: &str) {
    let today = input.today;
    let mut held = false;
    let mut planned: Option<(String, jiff::civil::Date)> = None;
    for document in input.documents.of_kind(kind) {
        if kind == "audit"
            && document
                .str_at("/audit_type")
                .is_some_and(|audit_type| audit_type != "internal")
        {
            continue;
        }
        let Some(date) = document.str_at("/date").and_then(parse_date) else {
            continue;
        };
        let id = document.id().unwrap_or(document.path.as_str()).to_owned();
        if document.is_active() && date <= today {
            held = true;
        } else if !document.is_retired()
            && date >= today
            && planned.as_ref().is_none_or(|(_, known)| date < *known)
        {
            planned = Some((id, date));
        }
    }
    if held {
        return;
    }
    // The planned audit or review is the plan, not missing evidence: say it once.
    if let Some((id, _)) = &planned {
        item.missing.retain(|missing| {
            !(missing.action == Action::Finish && missing.document.as_deref() == Some(id.as_str()))
        });
    }
    let text = match &planned {
        Some((id, date)) => format!(
            "no {what} has been held yet ({id} is planned for {date}); certification bodies expect one before Stage 1"
        ),
        None => {
            format!("no {what} has been held yet; certification bodies expect one before Stage 1")
        }
    };
    lower(
        item,
        Conformity::NotCompliant,
        Missing::new(
            Action::Implement,
            planned.as_ref().map(|(id, _)| id.as_str()),
            text,
        ),
    );
    if let Some((id, date)) = planned {
        item.deadline = earliest([
            item.deadline.take(),
            Some(Deadline {
                date,
                reason: format!("{id} planned"),
            }),
        ]);
    }
}

fn corrective_actions(input: &GapInput<'_>, item: &mut GapItem) {
    for document in input
        .documents
        .of_kind("nonconformity")
        .filter(|document| !document.is_retired())
    {
        let id = document.id().unwrap_or(document.path.as_str());
        let view = nonconformity(document);
        if view.is_open() {
            let late: Vec<jiff::civil::Date> = view
                .actions
                .iter()
                .filter(|action| action.completed.is_none())
                .filter_map(|action| action.due.and_then(parse_date))
                .filter(|due| *due < input.today)
                .collect();
            if let Some(first) = late.iter().min() {
                lower(
                    item,
                    Conformity::Partial,
                    Missing::new(
                        Action::Correct,
                        Some(id),
                        format!(
                            "{id} has {} (first due {first})",
                            crate::text::count(
                                late.len(),
                                "overdue corrective action",
                                "overdue corrective actions"
                            )
                        ),
                    ),
                );
                item.deadline = earliest([
                    item.deadline.take(),
                    Some(Deadline {
                        date: *first,
                        reason: format!("{id} corrective action due"),
                    }),
                ]);
            }
        } else if document.str_at("/effectiveness").is_none() {
            lower(
                item,
                Conformity::Partial,
                Missing::new(
                    Action::Evidence,
                    Some(id),
                    format!("{id} is closed without recording how effectiveness was verified"),
                ),
            );
        }
    }
}

/// 7.5.2 asks every document to be reviewed and approved: list each one that is not.
fn document_approvals(input: &GapInput<'_>, facts: &Facts<'_>, item: &mut GapItem) {
    if input.approvals.is_none() {
        return; // 7.5.3 reports the missing history once.
    }
    let mut deadline = None;
    let mut known: std::collections::HashSet<String> = item
        .missing
        .iter()
        .map(|missing| missing.text.clone())
        .collect();
    for document in input
        .documents
        .loaded()
        .filter(|document| document.is_active())
    {
        let (needs, due) = facts.needs(document);
        for missing in needs {
            if known.insert(missing.text.clone()) {
                lower(item, Conformity::Partial, missing);
            }
        }
        deadline = earliest([deadline, due]);
    }
    item.deadline = earliest([item.deadline.take(), deadline]);
}

/// 7.5.3: evidence kept past the time the document says it stays valid (AIMS505) is not
/// suitable for use any more.
fn evidence_current(input: &GapInput<'_>, item: &mut GapItem) {
    let Some(approvals) = input.approvals else {
        return;
    };
    for document in input
        .documents
        .loaded()
        .filter(|document| document.is_active())
    {
        let Some(facts) = approvals.get(&document.path) else {
            continue;
        };
        let id = document.id().unwrap_or(document.path.as_str());
        for (entry, deadline) in &facts.stale_evidence {
            lower(
                item,
                Conformity::Partial,
                Missing::new(
                    Action::Evidence,
                    Some(id),
                    format!(
                        "evidence `{entry}` of {id} went stale on {deadline}: produce it again and commit it"
                    ),
                ),
            );
        }
    }
}

/// 9.1: KPIs measured when the objective says (AIMS311) and on target (AIMS312); a KPI
/// overdue or off target makes monitoring partial.
fn kpis_monitored(input: &GapInput<'_>, item: &mut GapItem) {
    for document in input
        .documents
        .of_kind("objective")
        .filter(|document| document.is_active())
    {
        let id = document.id().unwrap_or(document.path.as_str());
        for kpi in crate::load::model::kpis(document) {
            let name = kpi.name.unwrap_or("a KPI");
            if let Some(due) = kpi.overdue_since(input.today) {
                lower(
                    item,
                    Conformity::Partial,
                    Missing::new(
                        Action::Implement,
                        Some(id),
                        format!(
                            "KPI \"{name}\" of {id} was due to be measured on {due}: measure it and commit `current` and `measured_on`"
                        ),
                    ),
                );
            }
            if kpi.off_target() == Some(true) {
                lower(
                    item,
                    Conformity::Partial,
                    Missing::new(
                        Action::Correct,
                        Some(id),
                        format!(
                            "KPI \"{name}\" of {id} is off target: record what is done about it"
                        ),
                    ),
                );
            }
        }
    }
}

/// 7.5.3: control of documented information is what git gives, when the AIMS is in git.
fn version_control(input: &GapInput<'_>, item: &mut GapItem) {
    if input.approvals.is_none() {
        lower(
            item,
            Conformity::NotCompliant,
            Missing::new(
                Action::Implement,
                None,
                "the documents are not committed to a git repository, so versions, changes and approvals cannot be shown",
            ),
        );
    }
}
