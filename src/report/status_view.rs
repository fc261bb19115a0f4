//! Which documents `aims status` shows, and in what order: filters by state, owner and kind,
//! and the table's order by urgency (overdue reviews, changed since approval, never approved,
//! reviews due soon, then the rest; drafts and retired documents last), with the colour each
//! urgency gets on a terminal.

use crate::history::approvals::{DocumentStatus, ReviewState, State};
use crate::load::DocumentSet;

/// A state to filter on: a document state, or a review state of an active document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateFilter {
    Approved,
    Changed,
    NeverApproved,
    Draft,
    Retired,
    Overdue,
    DueSoon,
}

/// What `aims status --state … --owner … --kind …` keeps; empty lists keep everything. Values
/// in one list are alternatives; the lists combine (state and owner and kind).
#[derive(Debug, Clone, Default)]
pub struct StatusFilter {
    pub states: Vec<StateFilter>,
    /// Owner emails, compared without regard to case.
    pub owners: Vec<String>,
    pub kinds: Vec<String>,
}

/// How urgent a document is, most urgent first: what the table sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Urgency {
    Overdue,
    Changed,
    NeverApproved,
    DueSoon,
    Fine,
    Draft,
    Retired,
}

impl Urgency {
    pub fn of(status: &DocumentStatus<'_>) -> Urgency {
        match status.state {
            State::Retired => return Urgency::Retired,
            State::Draft => return Urgency::Draft,
            _ => {}
        }
        if status.review.state == ReviewState::Overdue {
            return Urgency::Overdue;
        }
        match status.state {
            State::ChangedSinceApproval => Urgency::Changed,
            State::NeverApproved => Urgency::NeverApproved,
            _ if status.review.state == ReviewState::DueSoon => Urgency::DueSoon,
            _ => Urgency::Fine,
        }
    }

    /// The ANSI style of a row's state cells: red, yellow, magenta, cyan, green, dim.
    pub fn style(self) -> &'static str {
        match self {
            Urgency::Overdue => "\x1b[1;31m",
            Urgency::Changed => "\x1b[33m",
            Urgency::NeverApproved => "\x1b[35m",
            Urgency::DueSoon => "\x1b[36m",
            Urgency::Fine => "\x1b[32m",
            Urgency::Draft | Urgency::Retired => "\x1b[2m",
        }
    }
}

impl StatusFilter {
    pub fn is_empty(&self) -> bool {
        self.states.is_empty() && self.owners.is_empty() && self.kinds.is_empty()
    }

    /// Whether the document passes every filter.
    pub fn keeps(&self, documents: &DocumentSet, status: &DocumentStatus<'_>) -> bool {
        let document = documents.by_path(&status.path);
        let field = |pointer: &str| document.and_then(|document| document.str_at(pointer));
        let active = !matches!(status.state, State::Draft | State::Retired);
        let state_ok = self.states.is_empty()
            || self.states.iter().any(|wanted| match wanted {
                StateFilter::Approved => status.state == State::Approved,
                StateFilter::Changed => status.state == State::ChangedSinceApproval,
                StateFilter::NeverApproved => status.state == State::NeverApproved,
                StateFilter::Draft => status.state == State::Draft,
                StateFilter::Retired => status.state == State::Retired,
                StateFilter::Overdue => active && status.review.state == ReviewState::Overdue,
                StateFilter::DueSoon => active && status.review.state == ReviewState::DueSoon,
            });
        let owner_ok = self.owners.is_empty()
            || field("/owner").is_some_and(|owner| {
                self.owners
                    .iter()
                    .any(|wanted| wanted.eq_ignore_ascii_case(owner))
            });
        let kind_ok = self.kinds.is_empty()
            || field("/kind").is_some_and(|kind| self.kinds.iter().any(|wanted| wanted == kind));
        state_ok && owner_ok && kind_ok
    }
}

/// The table's order: most urgent first, then by id (documents without one last), then by
/// path.
pub fn by_urgency(a: &DocumentStatus<'_>, b: &DocumentStatus<'_>) -> std::cmp::Ordering {
    Urgency::of(a)
        .cmp(&Urgency::of(b))
        .then_with(|| a.id.is_none().cmp(&b.id.is_none()))
        .then_with(|| a.id.cmp(&b.id))
        .then_with(|| a.path.cmp(&b.path))
}
