//! The previous management review's decisions (9.3.3 outputs, the first 9.3.2 input: "the
//! status of actions from previous management reviews"). The schema gives a decision no
//! status field, and a file saying "done" would prove nothing: a decision counts as carried
//! out when every document it names has changed since the review, and the commit that
//! completed that is reported. A decision naming no document cannot be shown done by history;
//! it stays open (or overdue past its `due`). A decision due on (or before) the review's own
//! date was carried out at the review itself ("confirmed", "approved"): closed, at the review.

use super::period::PreviousReview;
use super::{CommitRef, Context};
use serde::Serialize;
use serde_json::Value;

/// Where a decision stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionState {
    Open,
    Overdue,
    Closed,
}

crate::text::display_as_serialized!(ActionState);

/// A document a decision names.
#[derive(Debug, Clone, Serialize)]
pub struct ActionReference {
    pub id: String,
    /// Its path now (`None`: no such document any more).
    pub path: Option<String>,
    /// Its first change after the review.
    pub changed: Option<CommitRef>,
}

/// One decision of the previous review.
#[derive(Debug, Clone, Serialize)]
pub struct Action {
    /// The review it comes from, and its position in `decisions`.
    pub review: String,
    pub index: usize,
    pub decision: String,
    pub owner: Option<String>,
    pub due: Option<String>,
    pub state: ActionState,
    pub references: Vec<ActionReference>,
    /// The commit that completed it: the latest of its documents' first changes.
    pub closed_by: Option<CommitRef>,
    /// Closed because it was due on the review's date: done at the review.
    pub at_review: bool,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct ActionCounts {
    pub total: usize,
    pub open: usize,
    pub overdue: usize,
    pub closed: usize,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Actions {
    pub counts: ActionCounts,
    pub items: Vec<Action>,
}

/// The decisions of `review`, judged with `after_review` (parallel to the records: the commit
/// came after the review).
pub fn actions(
    context: &Context<'_>,
    review: Option<&PreviousReview>,
    after_review: Option<&[bool]>,
) -> Actions {
    let (Some(review), Some(after_review)) = (review, after_review) else {
        return Actions::default();
    };
    let inputs = context.inputs;
    let Some(document) = inputs.documents.by_path(&review.path) else {
        return Actions::default();
    };
    let decisions = document
        .get("/decisions")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let mut items = Vec::new();
    for (index, decision) in decisions.iter().enumerate() {
        let text = |key: &str| decision.get(key).and_then(Value::as_str).map(str::to_owned);
        let references: Vec<ActionReference> = decision
            .get("references")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(|id| {
                let id = id.to_owned();
                let target = inputs.documents.by_id(&id);
                // Newest first: the last in the list after the review is the first change.
                let changed = target
                    .and_then(|target| inputs.history.timeline(&target.path))
                    .and_then(|timeline| {
                        timeline
                            .commits
                            .iter()
                            .rev()
                            .find(|commit| after_review.get(**commit).copied().unwrap_or(false))
                    })
                    .and_then(|commit| context.commit(*commit));
                ActionReference {
                    id,
                    path: target.map(|target| target.path.clone()),
                    changed,
                }
            })
            .collect();
        let done = !references.is_empty()
            && references
                .iter()
                .all(|reference| reference.changed.is_some());
        let closed_by = if done {
            references
                .iter()
                .filter_map(|reference| reference.changed.clone())
                .max_by(|a, b| a.date.cmp(&b.date))
        } else {
            None
        };
        let due = text("due");
        let due_date = due.as_deref().and_then(crate::dates::parse_date);
        let overdue = due_date.is_some_and(|due| due < inputs.today);
        let at_review = !done
            && due_date
                .zip(review.date.as_deref().and_then(crate::dates::parse_date))
                .is_some_and(|(due, held)| due <= held);
        let state = match (done || at_review, overdue) {
            (true, _) => ActionState::Closed,
            (false, true) => ActionState::Overdue,
            (false, false) => ActionState::Open,
        };
        items.push(Action {
            review: review.id.clone(),
            index,
            decision: text("decision").unwrap_or_default(),
            owner: text("owner"),
            due,
            state,
            references,
            closed_by,
            at_review,
        });
    }
    let count = |state: ActionState| items.iter().filter(|item| item.state == state).count();
    Actions {
        counts: ActionCounts {
            total: items.len(),
            open: count(ActionState::Open),
            overdue: count(ActionState::Overdue),
            closed: count(ActionState::Closed),
        },
        items,
    }
}
