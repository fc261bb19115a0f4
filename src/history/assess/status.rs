//! Following one document through its timeline: which approvals are in force for which
//! version, who changed it since, and whether its review is due.

use super::*;
use crate::load::model::Lifecycle;

impl<'h> Assessor<'h, '_> {
    /// The approval and review events naming a document, oldest first, without duplicates.
    pub(super) fn events_of(&self, id: Option<&str>, timeline: &Timeline) -> Vec<Event> {
        let mut events: Vec<&Event> = Vec::new();
        if let Some(id) = id
            && let Some(named) = self.index.by_id.get(id)
        {
            events.extend(named.iter().filter(|event| timeline.had_blob(&event.blob)));
        }
        let versions = std::iter::once(&timeline.blob).chain(timeline.blobs.iter().flatten());
        for blob in versions {
            if let Some(found) = self.index.by_blob.get(blob) {
                events.extend(found);
            }
        }
        events.sort_by_key(|event| std::cmp::Reverse(event.record));
        let mut seen = HashSet::new();
        events.retain(|event| {
            seen.insert((
                event.record,
                event.blob.clone(),
                event.email.clone(),
                event.kind as u8,
            ))
        });
        events
            .into_iter()
            .filter(|event| self.source_enabled(event))
            .cloned()
            .collect()
    }

    /// Who may approve a version of a document: per the last approved version (`base`) if
    /// there is one, else per the version itself restricted to what `trust` knows.
    pub(super) fn in_force(
        &self,
        trust: Option<&Trust>,
        base: Option<&VersionFields>,
        version: &VersionFields,
    ) -> InForce {
        let Some(trust) = trust else {
            return InForce::default();
        };
        let kind_of = |fields: &VersionFields| fields.kind.clone().unwrap_or_default();
        let identities: Vec<String> = match base {
            Some(base) => {
                let own = base
                    .approvers
                    .as_ref()
                    .map(|list| list.iter().map(String::as_str).collect());
                let mut identities: Vec<String> = trust
                    .approvers(&kind_of(base), own)
                    .into_iter()
                    .map(str::to_owned)
                    .collect();
                if identities.is_empty()
                    && let Some(owner) = &base.owner
                {
                    identities.push(owner.clone());
                }
                identities
            }
            None => {
                // A first version cannot name its own approvers: only roles of the approved
                // aims.yaml, or emails holding one of them, count.
                let known = |identity: &str| known_to(trust, identity);
                let own: Vec<&str> = version
                    .approvers
                    .iter()
                    .flatten()
                    .map(String::as_str)
                    .filter(|identity| known(identity))
                    .collect();
                let mut identities: Vec<String> = trust
                    .approvers(&kind_of(version), Some(own))
                    .into_iter()
                    .map(str::to_owned)
                    .collect();
                if identities.is_empty()
                    && let Some(owner) = &version.owner
                    && known(owner)
                {
                    identities.push(owner.clone());
                }
                identities
            }
        };
        // What the change itself, or an aims.yaml nobody approved yet, would allow.
        let mut proposed: Vec<String> = Vec::new();
        let pending = self
            .governance
            .pending
            .as_ref()
            .map(|pending| &pending.trust);
        for candidate in std::iter::once(trust).chain(pending) {
            let own = version
                .approvers
                .as_ref()
                .map(|list| list.iter().map(String::as_str).collect());
            for identity in candidate.approvers(&kind_of(version), own) {
                proposed.extend(
                    candidate
                        .emails_for(identity)
                        .into_iter()
                        .map(str::to_owned),
                );
            }
            proposed.extend(version.owner.clone());
            if let Some(base) = base {
                let own = base
                    .approvers
                    .as_ref()
                    .map(|list| list.iter().map(String::as_str).collect());
                for identity in candidate.approvers(&kind_of(base), own) {
                    proposed.extend(
                        candidate
                            .emails_for(identity)
                            .into_iter()
                            .map(str::to_owned),
                    );
                }
            }
        }
        InForce::resolve(trust, identities, proposed)
    }

    /// Who may accept a version of a risk: the `acceptance.by` of the last approved version
    /// (`base`) if it names someone; else the version's own `acceptance.by` when it is a role of
    /// the approved aims.yaml (or an email holding one); else the approvers of risks there. So
    /// the change that puts a risk up for acceptance cannot pick a new person to accept it.
    pub(super) fn acceptors_in_force(
        &self,
        trust: Option<&Trust>,
        base: Option<&VersionFields>,
        version: &VersionFields,
    ) -> InForce {
        let Some(trust) = trust else {
            return InForce::default();
        };
        let named = match base {
            Some(base) => base.acceptance_by.clone(),
            None => version
                .acceptance_by
                .clone()
                .filter(|identity| known_to(trust, identity)),
        };
        let identities: Vec<String> = match named {
            Some(identity) => vec![identity],
            None => trust
                .approvers(version.kind.as_deref().unwrap_or("risk"), None)
                .into_iter()
                .map(str::to_owned)
                .collect(),
        };
        let proposed = version
            .acceptance_by
            .iter()
            .flat_map(|identity| trust.emails_for(identity))
            .map(str::to_owned)
            .chain(version.acceptance_by.clone())
            .collect();
        InForce::resolve(trust, identities, proposed)
    }

    /// Commits of `timeline` that produced `blob`.
    pub(super) fn producers(timeline: &Timeline, blob: &str) -> Vec<usize> {
        timeline
            .commits
            .iter()
            .zip(&timeline.blobs)
            .filter(|(_, produced)| produced.as_deref() == Some(blob))
            .map(|(record, _)| *record)
            .collect()
    }

    /// The commits whose authors changed the version an event at `record` approves: from the
    /// newest producer of `blob` in its history back to the last counted approval.
    pub(super) fn changed_by(
        &self,
        timeline: &Timeline,
        blob: &str,
        record: Option<usize>,
        last_counted: Option<usize>,
    ) -> Vec<usize> {
        let producer = timeline
            .commits
            .iter()
            .zip(&timeline.blobs)
            .filter(|(_, produced)| produced.as_deref() == Some(blob))
            .map(|(index, _)| *index)
            .find(|index| record.is_none_or(|record| self.graph.is_ancestor(*index, record)));
        let Some(producer) = producer else {
            return Vec::new();
        };
        timeline
            .commits
            .iter()
            .copied()
            .filter(|index| *index >= producer)
            .filter(|index| last_counted.is_none_or(|last| *index < last))
            .collect()
    }

    /// Everything history says about `document`; `None` when it is not in the history's
    /// starting commit.
    pub(super) fn evaluate(&self, document: &Document) -> Option<DocumentStatus<'h>> {
        let timeline = self.history.timeline(&document.path)?;
        let id = document.id().map(str::to_owned);
        let events = self.events_of(id.as_deref(), timeline);

        let mut approvals = Vec::new();
        let mut reviews = Vec::new();
        let mut acceptances = Vec::new();
        let mut last_counted: Option<usize> = None;
        let mut last_accepted: Option<usize> = None;
        // The last fully approved version, whose fields decide who approves the next.
        let mut base: Option<Rc<VersionFields>> = None;
        let mut approved_blobs: HashSet<String> = HashSet::new();
        // Blob → emails whose approval of it counted (for `quorum: all`).
        let mut approved_by: HashMap<String, Vec<String>> = HashMap::new();
        let policy = self.policy();
        for event in &events {
            let trust = self.governance.at(event.record);
            let version = self.fields(&event.blob, document, &timeline.blob);
            let reviewed_base = (event.kind == Kind::Review
                && approved_blobs.contains(&event.blob))
            .then(|| version.clone());
            let base_fields = reviewed_base.as_deref().or(base.as_deref());
            let mut in_force = if event.kind == Kind::Accept {
                self.acceptors_in_force(trust, base.as_deref(), &version)
            } else {
                self.in_force(trust, base_fields, &version)
            };
            if event.kind == Kind::Review
                && let Some(owner) = base_fields.and_then(|fields| fields.owner.clone())
            {
                in_force.emails.push(owner);
            }
            let producers = Self::producers(timeline, &event.blob);
            let since = if event.kind == Kind::Accept {
                last_accepted
            } else {
                last_counted
            };
            let changed_by = self.changed_by(timeline, &event.blob, Some(event.record), since);
            let ruling = self.judge(
                event,
                &Case {
                    trust,
                    policy: &policy,
                    in_force: &in_force,
                    producers: &producers,
                    changed_by: &changed_by,
                    version_approved: approved_blobs.contains(&event.blob),
                },
            );
            let approval = self.approval(event, ruling, event.blob == timeline.blob);
            match event.kind {
                Kind::Approve => {
                    if approval.counts() {
                        last_counted = Some(event.record);
                        let by = approved_by.entry(event.blob.clone()).or_default();
                        by.push(event.email.clone());
                        let quorum = policy.quorum;
                        let complete = match (quorum, trust) {
                            (Quorum::All, Some(trust)) => {
                                missing(trust, &in_force.identities, by).is_empty()
                            }
                            _ => true,
                        };
                        if complete {
                            approved_blobs.insert(event.blob.clone());
                            base = Some(version.clone());
                        }
                    }
                    approvals.push(approval);
                }
                Kind::Review => reviews.push(approval),
                Kind::Accept => {
                    if approval.counts() {
                        last_accepted = Some(event.record);
                    }
                    acceptances.push(approval);
                }
            }
        }

        let trust = self.current_trust();
        let current = self.fields(&timeline.blob, document, &timeline.blob);
        let in_force = self.in_force(trust, base.as_deref(), &current);
        let missing = match trust {
            Some(trust) if policy.quorum == Quorum::All => {
                let by = approved_by.get(&timeline.blob).cloned().unwrap_or_default();
                missing(trust, &in_force.identities, &by)
            }
            _ => Vec::new(),
        };
        let state = match document.lifecycle() {
            Some(Lifecycle::Draft) => State::Draft,
            Some(Lifecycle::Retired) => State::Retired,
            _ if approved_blobs.contains(&timeline.blob) => State::Approved,
            _ if approvals.iter().any(Approval::counts) => State::ChangedSinceApproval,
            _ => State::NeverApproved,
        };
        let review = self.review_status(document, timeline, &approvals, &reviews);
        let acceptors = if document.kind() == Some("risk") {
            self.acceptors_in_force(trust, base.as_deref(), &current)
                .identities
        } else {
            Vec::new()
        };
        Some(DocumentStatus {
            path: document.path.clone(),
            id,
            state,
            review,
            timeline,
            approvals,
            reviews,
            acceptances,
            acceptors,
            approvers: in_force.identities,
            missing,
            current_version_approved: approved_blobs.contains(&timeline.blob),
        })
    }

    pub(super) fn review_status(
        &self,
        document: &Document,
        timeline: &Timeline,
        approvals: &[Approval],
        reviews: &[Approval],
    ) -> ReviewStatus {
        let kind = document.kind().unwrap_or_default();
        let cycle = self
            .config
            .review_cycle(kind, document.str_at("/review_cycle"))
            .to_owned();
        let span = crate::dates::parse_duration(&cycle)
            .or_else(|| crate::dates::parse_duration(crate::config::DEFAULT_REVIEW_CYCLE));
        let last = approvals
            .iter()
            .chain(reviews)
            .filter(|event| event.counts())
            .filter_map(|event| self.history.records[event.record].author.date())
            .max();
        let base = last.or_else(|| {
            timeline
                .first()
                .and_then(|record| self.history.records[record].author.date())
        });
        let due = base
            .zip(span)
            .and_then(|(base, span)| crate::dates::add(base, span));
        let state = match due {
            Some(due) if due < self.today => ReviewState::Overdue,
            Some(due)
                if crate::dates::subtract(due, self.config.review_due_soon)
                    .is_some_and(|soon| soon <= self.today) =>
            {
                ReviewState::DueSoon
            }
            _ => ReviewState::Current,
        };
        ReviewStatus {
            cycle,
            last,
            due,
            state,
        }
    }
}
