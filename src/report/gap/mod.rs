//! Renderers of the gap analysis (`aims gap --format md|csv|json`): Markdown for people and
//! pull-request summaries, CSV for spreadsheets, JSON for other tools.

pub mod csv;
pub mod json;
pub mod markdown;

use crate::gap::GapItem;

/// "A.6.2.6 AI system operation and monitoring".
pub fn requirement_label(item: &GapItem) -> String {
    format!("{} {}", item.id, item.title)
}

/// "P2 high".
pub fn priority_label(item: &GapItem) -> String {
    item.priority
        .map(|priority| format!("{} {}", priority.label(), priority.as_str()))
        .unwrap_or_default()
}

/// "2027-01-15 (NC-002 corrective action due)".
pub fn deadline_label(item: &GapItem) -> String {
    item.deadline
        .as_ref()
        .map(|deadline| format!("{} ({})", deadline.date, deadline.reason))
        .unwrap_or_default()
}
