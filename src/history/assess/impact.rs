//! Change impact: which versions of a referenced (upstream) document were committed after
//! everything a referencing (downstream) document's sign-offs could have seen. A risk assessment
//! approved before its AI system changed assesses a system that no longer exists as described.
//!
//! "Could have seen" is ancestry, not dates: an approval or review covers the upstream changes
//! in its commit's history. Dates are whatever the committer typed, and a change made on a
//! parallel branch was not seen by a review given before the branches were merged, whatever
//! the clock said.

use super::Assessment;
use crate::history::approvals::DocumentStatus;

impl Assessment<'_> {
    /// The commits (record indices, newest first) that changed `upstream`'s content after the
    /// newest version of it a counted approval or review of `downstream` has in its history.
    /// Empty when `downstream` was never signed off (an unapproved document has nothing to
    /// become stale) or was signed off before `upstream` existed (it relied on no version).
    pub fn unseen_changes(
        &self,
        downstream: &DocumentStatus<'_>,
        upstream: &DocumentStatus<'_>,
    ) -> Vec<usize> {
        let signoffs: Vec<usize> = downstream
            .approvals
            .iter()
            .chain(&downstream.reviews)
            .filter(|event| event.counts())
            .map(|event| event.record)
            .collect();
        if signoffs.is_empty() {
            return Vec::new();
        }
        let timeline = upstream.timeline;
        let mut unseen = Vec::new();
        for (position, &commit) in timeline.commits.iter().enumerate() {
            // Changes are newest first: the first one a sign-off saw ends the search, so the
            // cost stays with the changes since the last sign-off, not the document's age.
            if signoffs
                .iter()
                .any(|&signoff| self.graph.is_ancestor(commit, signoff))
            {
                return unseen;
            }
            let blob = timeline.blobs.get(position).and_then(Option::as_ref);
            let before = timeline.blobs.get(position + 1).and_then(Option::as_ref);
            // A rename that keeps the content is no new version to assess.
            if blob.is_some() && blob == before {
                continue;
            }
            unseen.push(commit);
        }
        // No sign-off saw any version: the downstream was approved before the upstream existed
        // (or before the history this clone holds), so no version it relied on has changed.
        Vec::new()
    }
}
