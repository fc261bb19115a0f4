//! Renderers of a framework read through the AIMS (`aims gap --framework KEY --format
//! md|csv|json`). Every output carries the crosswalk's "indicative" label.

pub mod csv;
pub mod json;
pub mod markdown;

use crate::gap::framework::{FrameworkRow, Mapped};

/// "A.7.4 compliant", "6.1.2 partial", "A.9.2 excluded".
pub fn mapped_label(mapped: &Mapped) -> String {
    let state = if mapped.excluded {
        "excluded"
    } else {
        mapped.conformity.label()
    };
    format!("{} {state}", mapped.id)
}

/// The mapped ISO/IEC 42001 requirements of a row, joined.
pub fn mapped_list(row: &FrameworkRow) -> String {
    row.mapped
        .iter()
        .map(mapped_label)
        .collect::<Vec<_>>()
        .join(", ")
}
