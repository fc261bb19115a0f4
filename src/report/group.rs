//! Grouping of alike findings for the human format: findings with the same code, severity and
//! message shape (the message with its ids, paths, dates and quoted values blanked out) are
//! shown as one block listing their locations, instead of one seven-line snippet each. A fresh
//! repository's 23 "has never been approved" warnings become one block of 25 lines.

use crate::diagnostic::{Diagnostic, Severity};
use std::collections::HashMap;

/// A group needs at least this many alike findings; fewer are shown one by one.
pub const MIN_GROUP: usize = 3;

/// How many locations a group lists before "… and N more".
pub const MAX_LISTED: usize = 10;

/// One entry of the human report: a finding shown in full, or a group of alike findings.
#[derive(Debug)]
pub enum Item<'a> {
    Single(&'a Diagnostic),
    Group {
        /// The shared message shape, with `…` for what differs.
        shape: String,
        members: Vec<&'a Diagnostic>,
    },
}

/// The message with its variable words blanked: words holding a digit, an `@`, a `/` or a
/// quote or backtick become `…` (runs of them one `…`).
pub fn shape(message: &str) -> String {
    let mut words: Vec<&str> = Vec::new();
    let mut in_code = false;
    for word in message.split(' ') {
        let ticks = word.matches('`').count();
        let variable = in_code
            || ticks > 0
            || word
                .chars()
                .any(|c| c.is_ascii_digit() || "@/'\"".contains(c));
        if ticks % 2 == 1 {
            in_code = !in_code;
        }
        if variable {
            if words.last() != Some(&"…") {
                words.push("…");
            }
        } else {
            words.push(word);
        }
    }
    words.join(" ")
}

/// Groups the findings, keeping the report's order: a group stands where its first member
/// was.
pub fn group(diagnostics: &[Diagnostic]) -> Vec<Item<'_>> {
    let key = |diagnostic: &Diagnostic| -> (&'static str, Severity, String) {
        (
            diagnostic.code,
            diagnostic.severity,
            shape(&diagnostic.message),
        )
    };
    let mut sizes: HashMap<(&'static str, Severity, String), usize> = HashMap::new();
    for diagnostic in diagnostics {
        *sizes.entry(key(diagnostic)).or_default() += 1;
    }
    let mut items: Vec<Item<'_>> = Vec::new();
    let mut slots: HashMap<(&'static str, Severity, String), usize> = HashMap::new();
    for diagnostic in diagnostics {
        let key = key(diagnostic);
        if sizes.get(&key).copied().unwrap_or(0) < MIN_GROUP {
            items.push(Item::Single(diagnostic));
            continue;
        }
        match slots.get(&key) {
            Some(&slot) => {
                if let Some(Item::Group { members, .. }) = items.get_mut(slot) {
                    members.push(diagnostic);
                }
            }
            None => {
                slots.insert(key.clone(), items.len());
                items.push(Item::Group {
                    shape: key.2,
                    members: vec![diagnostic],
                });
            }
        }
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Position, Span};

    fn finding(code: &'static str, message: &str) -> Diagnostic {
        Diagnostic::new(
            code,
            Severity::Warning,
            "a.md",
            Span::point(Position::new(1, 1)),
            message,
        )
    }

    #[test]
    fn shapes_blank_what_differs() {
        assert_eq!(
            shape("AUD-001 has never been approved"),
            "… has never been approved"
        );
        assert_eq!(
            shape("POL-003 changed since priya@x.example approved version 3966b02 on 2025-12-01"),
            "… changed since … approved version … on …"
        );
        assert_eq!(
            shape("no document has the id `POL 01 x`"),
            "no document has the id …"
        );
        assert_eq!(shape(""), "");
    }

    #[test]
    fn three_alike_findings_make_a_group_where_the_first_was() {
        let diagnostics = vec![
            finding("AIMS401", "A-1 has never been approved"),
            finding("AIMS203", "no document has the id `X`"),
            finding("AIMS401", "A-2 has never been approved"),
            finding("AIMS401", "A-3 has never been approved"),
            finding("AIMS203", "no document has the id `Y`"),
        ];
        let items = group(&diagnostics);
        assert_eq!(items.len(), 3);
        assert!(
            matches!(&items[0], Item::Group { shape, members } if shape == "… has never been approved" && members.len() == 3)
        );
        assert!(matches!(items[1], Item::Single(d) if d.message.ends_with("`X`")));
        assert!(matches!(items[2], Item::Single(d) if d.message.ends_with("`Y`")));
    }
}
