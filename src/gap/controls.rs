//! Annex A controls: applicability and implementation from the Statement of Applicability, the
//! state of the documents that implement each control, its evidence files, and the open
//! nonconformities raised against it.

use super::documents::{Facts, earliest};
use super::{Action, Applicability, Conformity, GapInput, GapItem, Missing, Requirement};
use crate::load::evidence::{EvidenceTarget, classify};
use crate::load::model::{SoaEntry, listed_controls, soa_entries};
use crate::load::source::Entry;
use crate::load::{Document, DocumentSet};
use std::collections::HashMap;

/// The active Statement of Applicability (the first, if several).
fn soa(documents: &DocumentSet) -> Option<&Document> {
    let mut all = documents
        .of_kind("soa")
        .filter(|document| !document.is_retired());
    let first = all.next()?;
    if first.is_active() {
        return Some(first);
    }
    Some(all.find(|document| document.is_active()).unwrap_or(first))
}

pub fn assess(input: &GapInput<'_>, facts: &Facts<'_>, offset: usize) -> Vec<GapItem> {
    let soa = soa(input.documents);
    let entries: HashMap<&str, SoaEntry<'_>> = soa
        .map(|soa| {
            soa_entries(soa)
                .into_iter()
                .filter_map(|entry| Some((entry.id?, entry)))
                .collect()
        })
        .unwrap_or_default();
    // Documents that say they implement or evidence a control through `controls`.
    let mut listed: HashMap<&str, Vec<&Document>> = HashMap::new();
    for document in input.documents.loaded() {
        if !document.is_active() || document.kind() == Some("nonconformity") {
            continue;
        }
        for control in listed_controls(document) {
            listed.entry(control).or_default().push(document);
        }
    }
    input
        .catalog
        .controls
        .iter()
        .enumerate()
        .map(|(position, control)| {
            let mut item = GapItem {
                applicability: Some(Applicability::Undecided),
                owner: soa.and_then(|soa| soa.str_at("/owner")).map(str::to_owned),
                ..GapItem::new(
                    Requirement::Control,
                    &control.id,
                    &control.title,
                    offset + position,
                )
            };
            let treating = facts.risks.get(&control.id);
            item.risk_level = treating.and_then(|risks| risks.first()).map(|(_, level)| *level);
            item.risks = treating
                .map(|risks| risks.iter().map(|(id, _)| id.clone()).collect())
                .unwrap_or_default();
            let Some(soa) = soa else {
                item.conformity = Conformity::NotCompliant;
                item.missing.push(Missing::new(
                    Action::Write,
                    None,
                    "there is no Statement of Applicability: write one listing all 38 Annex A controls",
                ));
                item.deadline = facts.milestone.clone();
                return item;
            };
            let soa_id = soa.id().unwrap_or("the SoA");
            let Some(entry) = entries.get(control.id.as_str()) else {
                item.conformity = Conformity::NotCompliant;
                item.missing.push(Missing::new(
                    Action::Decide,
                    Some(soa_id),
                    format!(
                        "{} is not in {soa_id}: decide whether it is applicable and justify it",
                        control.id
                    ),
                ));
                item.deadline = facts.milestone.clone();
                return item;
            };
            match entry.applicable {
                Some(false) => assess_exclusion(&mut item, entry, soa_id),
                Some(true) => assess_applicable(input, facts, &mut item, entry, soa_id),
                None => {
                    item.conformity = Conformity::NotCompliant;
                    item.missing.push(Missing::new(
                        Action::Decide,
                        Some(soa_id),
                        format!("{soa_id} does not say whether {} is applicable", control.id),
                    ));
                }
            }
            // Documents that declare they implement the control are evidence too.
            for document in listed.get(control.id.as_str()).into_iter().flatten() {
                if let Some(id) = document.id()
                    && !item.evidence.iter().any(|known| known == id)
                {
                    item.evidence.push(id.to_owned());
                }
            }
            facts.finish(&mut item);
            item
        })
        .collect()
}

fn assess_exclusion(item: &mut GapItem, entry: &SoaEntry<'_>, soa_id: &str) {
    item.applicability = Some(Applicability::Excluded);
    if entry.justification.is_none() {
        item.conformity = Conformity::NotCompliant;
        item.missing.push(Missing::new(
            Action::Decide,
            Some(soa_id),
            format!(
                "{} is excluded without a justification: add one to {soa_id}",
                item.id
            ),
        ));
    }
    if !item.risks.is_empty() {
        item.conformity = Conformity::NotCompliant;
        item.missing.push(Missing::new(
            Action::Decide,
            Some(soa_id),
            format!(
                "{} is excluded but {} {} it: include it or change the treatment",
                item.id,
                item.risks.join(", "),
                if item.risks.len() == 1 {
                    "treats"
                } else {
                    "treat"
                }
            ),
        ));
    }
}

fn assess_applicable(
    input: &GapInput<'_>,
    facts: &Facts<'_>,
    item: &mut GapItem,
    entry: &SoaEntry<'_>,
    soa_id: &str,
) {
    item.applicability = Some(Applicability::Applicable);
    item.implementation = entry.status.map(str::to_owned);
    let mut conformity = match entry.status {
        Some("implemented") => Conformity::Compliant,
        Some("partial") => {
            item.missing.push(Missing::new(
                Action::Complete,
                Some(soa_id),
                format!(
                    "implementation is partial: complete it and set `status: implemented` in {soa_id}"
                ),
            ));
            Conformity::Partial
        }
        Some("planned") => {
            item.missing.push(Missing::new(
                Action::Implement,
                Some(soa_id),
                "implementation is planned, not started: implement it",
            ));
            Conformity::NotCompliant
        }
        Some("not-implemented") => {
            item.missing.push(Missing::new(
                Action::Implement,
                Some(soa_id),
                "applicable but not implemented",
            ));
            Conformity::NotCompliant
        }
        _ => {
            item.missing.push(Missing::new(
                Action::Decide,
                Some(soa_id),
                format!("no implementation status in {soa_id}: set `status:`"),
            ));
            Conformity::Partial
        }
    };
    if entry.implemented_by.is_empty() && entry.evidence.is_empty() {
        item.missing.push(Missing::new(
            Action::Evidence,
            Some(soa_id),
            format!(
                "{soa_id} names no implementing document or evidence: add `implemented_by:` or `evidence:`"
            ),
        ));
        conformity = conformity.min(Conformity::Partial);
    }
    let mut owner = None;
    let mut review_due = None;
    for id in &entry.implemented_by {
        let Some(document) = facts.document(id) else {
            item.missing.push(Missing::new(
                Action::Write,
                Some(id),
                format!("{id} is named as implementing it but does not exist"),
            ));
            conformity = conformity.min(Conformity::Partial);
            continue;
        };
        item.evidence.push((*id).to_owned());
        if owner.is_none() {
            owner = document.str_at("/owner").map(str::to_owned);
        }
        let (needs, due) = facts.needs(document);
        if !needs.is_empty() {
            conformity = conformity.min(Conformity::Partial);
        }
        item.missing.extend(needs);
        review_due = earliest([review_due, due]);
    }
    for evidence in &entry.evidence {
        if let EvidenceTarget::Path(path) = classify(evidence)
            && input.files.entry(&path) == Entry::Missing
        {
            item.missing.push(Missing::new(
                Action::Evidence,
                Some(soa_id),
                format!("evidence `{evidence}` does not exist"),
            ));
            conformity = conformity.min(Conformity::Partial);
        }
    }
    if owner.is_some() {
        item.owner = owner;
    }
    item.conformity = conformity;
    item.deadline = review_due;
}
