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
        .map(|priority| format!("{} {}", priority.label(), priority.name()))
        .unwrap_or_default()
}

/// Missing pieces shown per requirement in Markdown and on the site; a repository with
/// thousands of unapproved documents would otherwise bury the rest of the checklist. CSV and
/// JSON list them all.
pub const MAX_MISSING: usize = 50;

/// "… and 120 more (`aims gap --format csv` lists them all)" when the list is cut.
pub fn more_missing(item: &GapItem) -> Option<String> {
    (item.missing.len() > MAX_MISSING).then(|| {
        format!(
            "… and {} more (`aims gap --format csv` lists them all)",
            item.missing.len() - MAX_MISSING
        )
    })
}

/// "2027-01-15 (NC-002 corrective action due)".
pub fn deadline_label(item: &GapItem) -> String {
    item.deadline
        .as_ref()
        .map(|deadline| format!("{} ({})", deadline.date, deadline.reason))
        .unwrap_or_default()
}
