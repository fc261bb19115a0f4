//! Who may approve: reading every committed aims.yaml, oldest first, and deciding which
//! changes to roles, aliases and approval policy took effect (were themselves approved).

use super::*;

impl Assessor<'_, '_> {
    /// Reads who may approve from every committed aims.yaml, oldest first, and decides which
    /// changes to it took effect.
    pub(super) fn govern(&self) -> Governance {
        let records = &self.history.records;
        // (record, blob) of each aims.yaml version, oldest first.
        let mut versions: Vec<(usize, Option<String>)> = records
            .iter()
            .enumerate()
            .flat_map(|(index, record)| {
                record
                    .changes
                    .iter()
                    .filter(|change| change.path == CONFIG_FILE)
                    .map(move |change| (index, change.blob.clone()))
            })
            .collect();
        versions.reverse();
        if versions.is_empty()
            && let Some(blob) = &self.history.config_blob
        {
            // Truncated history (a shallow clone) records no change to aims.yaml: the oldest
            // visible version, the one at the starting commit, is the root of trust.
            versions.push((records.len().saturating_sub(1), Some(blob.clone())));
        }
        let mut events: Vec<Event> = self
            .index
            .by_id
            .get(CONFIG_FILE)
            .map(|events| {
                events
                    .iter()
                    .filter(|event| event.kind == Kind::Approve)
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        events.sort_by_key(|event| std::cmp::Reverse(event.record));
        let head_blob = versions.last().and_then(|(_, blob)| blob.clone());

        let mut parsed: HashMap<String, Option<Trust>> = HashMap::new();
        let mut trust_of = |blob: &str| -> Option<Trust> {
            parsed
                .entry(blob.to_owned())
                .or_insert_with(|| {
                    self.blob_text(blob)
                        .and_then(|text| Trust::parse(&text).ok())
                })
                .clone()
        };
        let mut governance = Governance::default();
        // Pending versions: (blob, trust, producing record).
        let mut pending: Vec<(String, Trust, usize)> = Vec::new();
        let mut effective_producer: Option<usize> = None;
        let mut next_version = 0;
        for event in events.iter().map(Some).chain(std::iter::once(None)) {
            // Every version committed before this event (older record, larger index).
            while let Some((index, blob)) = versions.get(next_version) {
                if event.is_some_and(|event| *index < event.record) {
                    break;
                }
                next_version += 1;
                let Some(blob) = blob else { continue };
                let Some(trust) = trust_of(blob) else {
                    continue;
                };
                match governance.periods.last() {
                    None => {
                        governance.periods.push(Period {
                            since: *index,
                            trust,
                            blob: blob.clone(),
                            approval: None,
                        });
                        effective_producer = Some(*index);
                    }
                    Some(period) if period.trust == trust => {}
                    Some(_) => pending.push((blob.clone(), trust, *index)),
                }
            }
            let Some(event) = event else { break };
            let effective = governance.periods.last().map(|period| period.trust.clone());
            let target = pending
                .iter()
                .rev()
                .find(|(blob, _, _)| *blob == event.blob)
                .cloned();
            let config_approvers = |trust: &Trust| -> Vec<String> {
                trust
                    .config_approvers()
                    .into_iter()
                    .map(str::to_owned)
                    .collect()
            };
            let identities = effective.as_ref().map(config_approvers).unwrap_or_default();
            let emails = effective
                .as_ref()
                .map(|trust| {
                    identities
                        .iter()
                        .flat_map(|identity| trust.emails_for(identity))
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default();
            let proposed = target
                .as_ref()
                .map(|(_, trust, _)| {
                    config_approvers(trust)
                        .iter()
                        .flat_map(|identity| trust.emails_for(identity))
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default();
            let in_force = InForce {
                identities,
                emails,
                proposed,
            };
            let producers: Vec<usize> = versions
                .iter()
                .filter(|(_, blob)| blob.as_deref() == Some(event.blob.as_str()))
                .map(|(index, _)| *index)
                .collect();
            let newest_producer = producers
                .iter()
                .copied()
                .filter(|producer| self.graph.is_ancestor(*producer, event.record))
                .min();
            let changed_by: Vec<usize> = match newest_producer {
                Some(producer) => versions
                    .iter()
                    .map(|(index, _)| *index)
                    .filter(|index| *index >= producer)
                    .filter(|index| effective_producer.is_none_or(|since| *index < since))
                    .collect(),
                None => Vec::new(),
            };
            let ruling = self.judge(
                event,
                &Case {
                    trust: effective.as_ref(),
                    policy: &effective
                        .as_ref()
                        .map(|trust| trust.policy.clone())
                        .unwrap_or_default(),
                    in_force: &in_force,
                    producers: &producers,
                    changed_by: &changed_by,
                    version_approved: true,
                },
            );
            let current = head_blob.as_deref() == Some(event.blob.as_str());
            let approval = self.approval(event, ruling, current);
            let counts = approval.counts();
            governance.approvals.push(approval);
            if counts && let Some((blob, trust, producer)) = target {
                governance.periods.push(Period {
                    since: event.record,
                    trust,
                    blob,
                    approval: Some(governance.approvals.len() - 1),
                });
                effective_producer = Some(producer);
                pending.retain(|(_, _, index)| *index < producer);
            }
        }
        if let (Some(head_blob), Some(period)) = (&head_blob, governance.periods.last())
            && let Some(trust) = trust_of(head_blob)
            && trust != period.trust
        {
            let record = versions
                .iter()
                .rev()
                .find(|(_, blob)| blob.as_deref() == Some(head_blob.as_str()))
                .map(|(index, _)| *index)
                .unwrap_or_default();
            governance.pending = Some(PendingChange {
                blob: head_blob.clone(),
                record,
                changes: period.trust.changes_to(&trust),
                trust,
            });
        }
        governance
    }

    /// Whether `email` may approve (or review) the current version of `document` now, and if
    /// not, why: the same judgement an approval commit would get, without the commit.
    pub(super) fn entitlement(
        &self,
        document: &Document,
        status: &DocumentStatus<'_>,
        email: &str,
        kind: Kind,
    ) -> Result<(), (Problem, String)> {
        let timeline = status.timeline;
        let trust = self.current_trust();
        let base_blob = status
            .approvals
            .iter()
            .rev()
            .find(|approval| approval.counts())
            .map(|approval| approval.blob.clone());
        let base = base_blob
            .as_deref()
            .map(|blob| self.fields(blob, document, &timeline.blob));
        let current = self.fields(&timeline.blob, document, &timeline.blob);
        let version_approved = status.current_version_approved;
        let reviewed = (kind == Kind::Review && version_approved).then(|| current.clone());
        let base_fields = reviewed.as_deref().or(base.as_deref());
        let mut in_force = if kind == Kind::Accept {
            self.acceptors_in_force(trust, base.as_deref(), &current)
        } else {
            self.in_force(trust, base_fields, &current)
        };
        if kind == Kind::Review
            && let Some(owner) = base_fields.and_then(|fields| fields.owner.clone())
        {
            in_force.emails.push(owner);
        }
        let last_counted = if kind == Kind::Accept {
            status
                .acceptances
                .iter()
                .rev()
                .find(|acceptance| acceptance.counts())
                .map(|acceptance| acceptance.record)
        } else {
            status
                .last_counted_approval()
                .map(|approval| approval.record)
        };
        let changed_by = self.changed_by(timeline, &timeline.blob, None, last_counted);
        let Some(trust) = trust else {
            return Err((
                Problem::NoConfiguration,
                "no aims.yaml is committed, so nobody is entitled to approve".to_owned(),
            ));
        };
        if kind == Kind::Review && !version_approved {
            return Err((
                Problem::VersionNotApproved,
                "a review confirms an approved version".to_owned(),
            ));
        }
        if !in_force
            .emails
            .iter()
            .any(|allowed| trust.same_person(allowed, email))
        {
            let problem = if in_force
                .proposed
                .iter()
                .any(|proposed| trust.same_person(proposed, email))
            {
                Problem::ListedOnlyByChange
            } else {
                Problem::NotListed
            };
            let listed = describe_identities(trust, &in_force.identities);
            let why = match (problem, kind) {
                (Problem::ListedOnlyByChange, Kind::Accept) => format!(
                    "you are named as someone who may accept this risk only by the change itself; those who may accept it: {listed}"
                ),
                (Problem::ListedOnlyByChange, _) => format!(
                    "you are named as an approver only by the change under approval; approvers in force: {listed}"
                ),
                (_, Kind::Accept) => format!("not among those who may accept this risk: {listed}"),
                _ => format!("not among the approvers in force: {listed}"),
            };
            return Err((problem, why));
        }
        if matches!(kind, Kind::Approve | Kind::Accept)
            && !self.policy().allow_self_approval
            && let Some(own) = changed_by
                .iter()
                .find(|index| trust.same_person(&self.history.records[**index].author.email, email))
        {
            return Err((
                Problem::SelfApproval,
                format!(
                    "you changed it since its last {} (commit {}); someone else entitled must {} it",
                    if kind == Kind::Accept {
                        "acceptance"
                    } else {
                        "approval"
                    },
                    short(&self.history.records[*own].id),
                    if kind == Kind::Accept {
                        "accept"
                    } else {
                        "approve"
                    }
                ),
            ));
        }
        Ok(())
    }
}

/// What `aims approve` / `aims review` ask before writing anything: the same judgement an
/// approval commit would get, made without the commit.
pub struct Entitlement<'h, 'a> {
    assessor: Assessor<'h, 'a>,
}

impl<'h, 'a> Entitlement<'h, 'a> {
    pub fn new(
        history: &'h History,
        repo: &'a gix::Repository,
        config: &'a Config,
        today: Date,
    ) -> Entitlement<'h, 'a> {
        Entitlement {
            assessor: Assessor::new(history, repo, config, today),
        }
    }

    /// The document's status, as the assessment reports it.
    pub fn status(&self, document: &Document) -> Option<DocumentStatus<'h>> {
        self.assessor.evaluate(document)
    }

    /// Whether `email` may approve the current version (`review` false) or review it.
    pub fn check(
        &self,
        document: &Document,
        status: &DocumentStatus<'_>,
        email: &str,
        review: bool,
    ) -> Result<(), (Problem, String)> {
        let kind = if review { Kind::Review } else { Kind::Approve };
        self.assessor.entitlement(document, status, email, kind)
    }

    /// Whether `email` may accept the current version of the risk `document`.
    pub fn check_accept(
        &self,
        document: &Document,
        status: &DocumentStatus<'_>,
        email: &str,
    ) -> Result<(), (Problem, String)> {
        self.assessor
            .entitlement(document, status, email, Kind::Accept)
    }

    pub fn governance(&self) -> &Governance {
        &self.assessor.governance
    }

    /// Whether `email` may put the pending aims.yaml change into force now.
    pub fn check_config(&self, email: &str) -> Result<(), (Problem, String)> {
        let governance = &self.assessor.governance;
        let Some(pending) = &governance.pending else {
            return Err((
                Problem::NotListed,
                "the committed aims.yaml changes nothing about who may approve, so there is nothing to approve".to_owned(),
            ));
        };
        let Some(period) = governance.current() else {
            return Err((
                Problem::NoConfiguration,
                "no aims.yaml is in force yet".to_owned(),
            ));
        };
        let trust = &period.trust;
        let identities: Vec<String> = trust
            .config_approvers()
            .into_iter()
            .map(str::to_owned)
            .collect();
        let entitled = identities
            .iter()
            .flat_map(|identity| trust.emails_for(identity))
            .any(|allowed| trust.same_person(allowed, email));
        if !entitled {
            return Err((
                Problem::NotListed,
                format!(
                    "changes to who may approve are approved by `approval.config_approvers` as in force: {}",
                    describe_identities(trust, &identities)
                ),
            ));
        }
        let author = &self.assessor.history.records[pending.record].author.email;
        if !trust.policy.allow_self_approval && trust.same_person(author, email) {
            return Err((
                Problem::SelfApproval,
                "you made this change to aims.yaml; another config approver must approve it"
                    .to_owned(),
            ));
        }
        Ok(())
    }
}
