//! The outcome of an import as the command line shows it: what was read, which documents are
//! (or would be) written, notes about the columns, the findings at their sources (rendered like
//! `aims lint`), and the commit to make. Also as JSON (`"version": 1`).

use super::ImportOutcome;
use crate::report::{HumanOptions, LintReport};
use crate::text::{code_list, count};
use serde_json::json;
use std::fmt::Write;

fn report(outcome: &ImportOutcome) -> LintReport {
    LintReport {
        diagnostics: outcome.checked.diagnostics.clone(),
        files: outcome.documents.len(),
        sources: outcome.checked.sources.clone(),
        ..LintReport::default()
    }
}

fn plural(kind: &str) -> String {
    match kind {
        "soa" => "Statement of Applicability".to_owned(),
        "policy" => "policies".to_owned(),
        "nonconformity" => "nonconformities".to_owned(),
        "ai-system" => "AI systems".to_owned(),
        other => format!("{other}s"),
    }
}

/// The suggested commit message.
pub fn commit_message(outcome: &ImportOutcome) -> String {
    let what = if outcome.kind == "soa" {
        "the Statement of Applicability".to_owned()
    } else {
        format!(
            "{} {}",
            outcome.documents.len(),
            if outcome.documents.len() == 1 {
                outcome.kind.clone()
            } else {
                plural(&outcome.kind)
            }
        )
    };
    format!("Import {what} from {}", outcome.source)
}

/// Text for the terminal.
pub fn human(outcome: &ImportOutcome, color: bool) -> String {
    let mut out = String::new();
    let sheet = outcome
        .sheet
        .as_deref()
        .map(|sheet| format!(", `{sheet}`"))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "aims import: {} from {} ({}{sheet})",
        count(outcome.records, "record", "records"),
        outcome.source,
        outcome.source_kind.name()
    );
    if outcome.kind == "soa" {
        if let Some(document) = outcome.documents.first() {
            let _ = writeln!(
                out,
                "  → {} entries of the Statement of Applicability {} ({})",
                outcome.records,
                document.id.as_deref().unwrap_or("SOA"),
                document.path
            );
        }
    } else {
        let _ = writeln!(
            out,
            "  → {} {} in {}",
            outcome.documents.len(),
            plural(&outcome.kind),
            outcome.add_path()
        );
    }
    for note in &outcome.notes {
        let _ = writeln!(out, "  note: {note}");
    }
    if !outcome.missing_controls.is_empty() {
        let _ = writeln!(
            out,
            "  note: {} of the 38 Annex A controls have no row: {}; the SoA must list every control (AIMS302)",
            outcome.missing_controls.len(),
            outcome.missing_controls.join(", ")
        );
    }
    for path in &outcome.unselected {
        let _ = writeln!(
            out,
            "  warning: {path} is not selected by `documents` in aims.yaml, so `aims lint` will not see it; choose another --out or widen the globs"
        );
    }
    out.push('\n');
    let findings = crate::report::human::render(
        &report(outcome),
        HumanOptions {
            color,
            no_summary: true,
            group: false,
            threshold: None,
        },
    );
    out.push_str(&findings);
    let counts = outcome.counts();
    let _ = writeln!(
        out,
        "aims import: {}, {}",
        count(counts.errors, "error", "errors"),
        count(counts.warnings, "warning", "warnings")
    );
    let list = |out: &mut String| {
        for document in &outcome.documents {
            let replaced = if document.exists {
                " (replaces the file there)"
            } else {
                ""
            };
            let _ = writeln!(out, "  {}{replaced}", document.path);
        }
    };
    if outcome.written {
        let _ = writeln!(
            out,
            "wrote {}:",
            count(outcome.documents.len(), "file", "files")
        );
        list(&mut out);
        let _ = writeln!(
            out,
            "\nnext: check them with `aims lint`, then commit the import on its own:\n  git add {} && git commit -m \"{}\"",
            outcome.add_path(),
            commit_message(outcome)
        );
    } else if !outcome.conflicts.is_empty() && !outcome.dry_run && !outcome.forced {
        let _ = writeln!(
            out,
            "nothing written: {} would be replaced ({}); pass --force to replace them",
            count(outcome.conflicts.len(), "existing file", "existing files"),
            code_list(&outcome.conflicts)
        );
    } else if outcome.dry_run {
        let _ = writeln!(out, "dry run: nothing written; the import would write:");
        list(&mut out);
        if !outcome.conflicts.is_empty() && !outcome.forced {
            let _ = writeln!(
                out,
                "{} would need --force",
                count(outcome.conflicts.len(), "existing file", "existing files")
            );
        }
    } else {
        let _ = writeln!(
            out,
            "nothing written: fix the errors in the source or the mapping (`--dry-run` shows them without writing), or pass --allow-errors to write the documents anyway and fix them in Markdown"
        );
    }
    out
}

/// `--format json`.
pub fn json(outcome: &ImportOutcome) -> String {
    let lint = crate::report::json::to_value(&report(outcome));
    let counts = outcome.counts();
    let value = json!({
        "version": 1,
        "source": outcome.source,
        "source_kind": outcome.source_kind.name(),
        "sheet": outcome.sheet,
        "records": outcome.records,
        "kind": outcome.kind,
        "dry_run": outcome.dry_run,
        "written": outcome.written,
        "documents": outcome.documents.iter().map(|document| json!({
            "path": document.path,
            "id": document.id,
            "exists": document.exists,
        })).collect::<Vec<_>>(),
        "conflicts": outcome.conflicts,
        "unselected": outcome.unselected,
        "missing_controls": outcome.missing_controls,
        "notes": outcome.notes,
        "diagnostics": lint["diagnostics"],
        "summary": {
            "errors": counts.errors,
            "warnings": counts.warnings,
            "infos": counts.infos,
        },
        "commit_message": commit_message(outcome),
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}
