//! Judging one approval or review event: its date, its author's standing, its signature.
//! What the facts were when it was given, not what they are now, decides.

use super::*;

impl Assessor<'_, '_> {
    /// Judges one event; the checks run from the most to the least telling.
    pub(super) fn judge(&self, event: &Event, case: &Case<'_>) -> Ruling {
        let signature = self.signature_of(event);
        let ruling = |problem: Problem, why: String, signature: Signature| Ruling {
            problem: Some(problem),
            why: Some(why),
            signature,
        };
        let Some(trust) = case.trust else {
            return ruling(
                Problem::NoConfiguration,
                "no aims.yaml had been committed yet, so nobody was entitled to approve".to_owned(),
                signature,
            );
        };
        if let Some(why) = self.dated_in_future(event.record) {
            return ruling(Problem::FutureDated, why, signature);
        }
        if let Some(why) = self.before_content(event.record, case.producers) {
            return ruling(Problem::BeforeContent, why, signature);
        }
        if event.kind == Kind::Review && !case.version_approved {
            return ruling(
                Problem::VersionNotApproved,
                "a review confirms an approved version, and no approval counts for this one"
                    .to_owned(),
                signature,
            );
        }
        let listed = |emails: &[String]| {
            emails
                .iter()
                .any(|email| trust.same_person(email, &event.email))
        };
        if !listed(&case.in_force.emails) {
            let in_force = if case.in_force.identities.is_empty() {
                "nobody".to_owned()
            } else {
                describe_identities(trust, &case.in_force.identities)
            };
            let (named, entitled) = if event.kind == Kind::Accept {
                (
                    "as someone who may accept this risk",
                    "those who may accept it",
                )
            } else {
                ("as an approver", "the approvers in force")
            };
            return if listed(&case.in_force.proposed) {
                ruling(
                    Problem::ListedOnlyByChange,
                    format!(
                        "{} is named {named} only by the change under approval; {entitled}: {in_force}",
                        event.email
                    ),
                    signature,
                )
            } else {
                ruling(
                    Problem::NotListed,
                    format!("{} is not among {entitled}: {in_force}", event.email),
                    signature,
                )
            };
        }
        if matches!(event.kind, Kind::Approve | Kind::Accept)
            && !case.policy.allow_self_approval
            && let Some(own) = case.changed_by.iter().find(|index| {
                trust.same_person(&self.history.records[**index].author.email, &event.email)
            })
        {
            let change = &self.history.records[*own];
            return ruling(
                Problem::SelfApproval,
                format!(
                    "{} changed this version themself (commit {})",
                    event.email,
                    short(&change.id)
                ),
                signature,
            );
        }
        match &signature {
            Signature::Verified { signer } => {
                let matches = signer
                    .as_deref()
                    .is_some_and(|signer| trust.same_person(signer, &event.email));
                if !matches {
                    let signer = signer.as_deref().unwrap_or("an unnamed key");
                    return ruling(
                        Problem::SignerMismatch,
                        format!(
                            "the commit is authored as {} but signed by {signer}",
                            event.email
                        ),
                        signature,
                    );
                }
            }
            Signature::Unsigned if case.policy.require_signed => {
                return ruling(
                    Problem::Unsigned,
                    "signed approvals are required and this commit is not signed".to_owned(),
                    signature,
                );
            }
            Signature::Unverified { reason } if case.policy.require_signed => {
                let why = format!("signed approvals are required and {reason}");
                return ruling(Problem::Unverified, why, signature);
            }
            _ => {}
        }
        Ruling {
            problem: None,
            why: None,
            signature,
        }
    }

    /// Why a commit is dated in the future, if it is.
    pub(super) fn dated_in_future(&self, record: usize) -> Option<String> {
        let commit = &self.history.records[record];
        let head = self.head.map(|head| &self.history.records[head]);
        for (what, person) in [
            ("authored", &commit.author),
            ("committed", &commit.committer),
        ] {
            if person.date().is_some_and(|date| date > self.today) {
                return Some(format!(
                    "{what} on {}, after today ({})",
                    person.iso8601(),
                    self.today
                ));
            }
            if let Some(head) = head
                && person.seconds > head.committer.seconds + CLOCK_SKEW_SECONDS
            {
                return Some(format!(
                    "{what} on {}, after the commit being reported on ({}, {})",
                    person.iso8601(),
                    short(&head.id),
                    head.committer.iso8601()
                ));
            }
        }
        None
    }

    /// Why an event predates the content it names, if it does: none of the commits that
    /// produced that content is in its history, or it is dated before the first that is.
    pub(super) fn before_content(&self, record: usize, producers: &[usize]) -> Option<String> {
        if producers.is_empty() {
            return None;
        }
        let introduced = producers
            .iter()
            .filter(|producer| self.graph.is_ancestor(**producer, record))
            .max()
            .copied();
        let Some(introduced) = introduced else {
            let first = producers.iter().max().copied().unwrap_or_default();
            return Some(format!(
                "it names content first committed in {}, which is not in its own history",
                short(&self.history.records[first].id)
            ));
        };
        let content = &self.history.records[introduced];
        let commit = &self.history.records[record];
        for (what, person) in [
            ("authored", &commit.author),
            ("committed", &commit.committer),
        ] {
            if person.seconds < content.committer.seconds {
                return Some(format!(
                    "{what} on {}, before the content it names was committed ({}, {})",
                    person.iso8601(),
                    short(&content.id),
                    content.committer.iso8601()
                ));
            }
        }
        None
    }

    pub(super) fn approval(&self, event: &Event, ruling: Ruling, current: bool) -> Approval {
        let record = &self.history.records[event.record];
        let trust = match (&ruling.signature, ruling.problem) {
            (Signature::Verified { .. }, problem) if problem != Some(Problem::SignerMismatch) => {
                TrustLevel::Verified
            }
            (Signature::Unsigned, _) => TrustLevel::Unsigned,
            _ => TrustLevel::SignedUnverified,
        };
        Approval {
            record: event.record,
            name: event.name.clone(),
            email: event.email.clone(),
            blob: event.blob.clone(),
            source: event.source,
            signed: record.signed && event.source != Source::ApprovedByTrailer,
            verified: match &ruling.signature {
                Signature::Unsigned => None,
                Signature::Unverified { .. } => Some(false),
                Signature::Verified { .. } => Some(ruling.problem != Some(Problem::SignerMismatch)),
            },
            signer: match &ruling.signature {
                Signature::Verified { signer } => signer.clone(),
                _ => None,
            },
            trust,
            current,
            problem: ruling.problem,
            why: ruling.why,
        }
    }

    /// The approval policy in force now.
    pub(super) fn policy(&self) -> crate::config::ApprovalPolicy {
        self.governance.policy().cloned().unwrap_or_default()
    }

    /// Whether the approval source is enabled by the policy in force.
    pub(super) fn source_enabled(&self, event: &Event) -> bool {
        let policy = self.governance.policy();
        match event.source {
            Source::ApprovalCommit => true,
            Source::ApprovedByTrailer => policy.is_some_and(|policy| policy.approved_by_trailer),
            Source::MergeCommit => policy.is_some_and(|policy| policy.merge_commits),
        }
    }
}
