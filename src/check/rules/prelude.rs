//! What nearly every rule imports, so a rule file opens with its documentation rather than a
//! block of `use` lines.

pub(super) use crate::check::{Context, DocumentContext, Rule, declare_rule};
pub(super) use crate::diagnostic::Diagnostic;
pub(super) use crate::load::Document;
