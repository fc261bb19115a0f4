//! `aims impact ID|PATH`: every document that depends on a document, directly or through
//! others, and which of them already have a change upstream that nobody has looked at (the
//! findings of rule AIMS413). What a change to the document would put under review.
//! `aims impact --base REV`: the same for everything that changed since REV (a release, the
//! last audit, a pull request's base).

use super::history::{StatusFormat, current_dir_in_project, history_failure};
use super::{Cli, Failure, Outcome, output};
use aims::check::impact::{self, Downstream};
use aims::history::{self, mark};
use aims::lint::changes::ChangedDocument;
use aims::load::references::references;
use aims::report::Format;
use clap::Args;
use serde_json::json;

#[derive(Debug, Args)]
pub struct ImpactArgs {
    /// The document: its id (AIS-001) or path.
    #[arg(required_unless_present = "base", conflicts_with = "base")]
    pub document: Option<String>,
    /// Instead of one document, every document changed since this commit, tag or branch.
    #[arg(long, value_name = "REV")]
    pub base: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = StatusFormat::Table)]
    pub format: StatusFormat,
    /// Use the documents and history as they were at this commit, tag or branch.
    #[arg(long, value_name = "REV")]
    pub at: Option<String>,
    /// The date to judge approvals and reviews against (default: today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = super::parse_today)]
    pub today: Option<jiff::civil::Date>,
}

/// One dependant, with what history says about it.
struct Row<'a> {
    downstream: &'a Downstream,
    kind: String,
    title: String,
    state: String,
    /// Its upstream (`via`) changed after its last counted approval or review.
    upstream_changed: bool,
}

pub fn run(cli: &Cli, args: &ImpactArgs) -> Result<Outcome, Failure> {
    let config = super::lint::load_config(&super::working_dir(cli), Format::Human, cli)?;
    let snapshot = history::snapshot(&config, args.at.as_deref(), true).map_err(history_failure)?;
    let assessment = snapshot.assess(&config, super::today_or_system(args.today));
    let Some(name) = &args.document else {
        let base = args.base.as_deref().unwrap_or("HEAD");
        let matcher = aims::load::DocumentMatcher::for_config(&config)
            .map_err(|error| Failure::new(format!("invalid document globs: {error}")))?;
        let (changed, found) = aims::lint::committed_impact(
            &snapshot.repo,
            &matcher,
            base,
            &snapshot.source,
            &snapshot.documents,
        )
        .map_err(history_failure)?;
        let rows = rows(&snapshot, &assessment, &found);
        let text = match args.format {
            StatusFormat::Json => render_base_json(base, &changed, &rows),
            StatusFormat::Table => render_base_text(base, &changed, &rows),
        };
        output::write_stdout(&text)?;
        return Ok(Outcome::Clean);
    };
    let cwd = current_dir_in_project(cli, &config.root);
    let document = mark::find(&snapshot.documents, name, &cwd)
        .ok_or_else(|| Failure::new(format!("no document `{name}` in that commit")))?;
    let Some(id) = document.id() else {
        return Err(Failure::new(format!(
            "{} has no `id`, so no document can refer to it",
            document.path
        )));
    };
    let found = impact::downstream(&snapshot.documents, &[id]);
    let rows = rows(&snapshot, &assessment, &found);
    let text = match args.format {
        StatusFormat::Json => render_json(id, &document.path, &rows),
        StatusFormat::Table => render_text(id, &document.path, &rows),
    };
    output::write_stdout(&text)?;
    Ok(Outcome::Clean)
}

/// What history says about each dependant.
fn rows<'a>(
    snapshot: &history::Snapshot,
    assessment: &history::assess::Assessment<'_>,
    found: &'a [Downstream],
) -> Vec<Row<'a>> {
    found
        .iter()
        .map(|downstream| {
            let dependant = snapshot.documents.by_path(&downstream.path);
            let status = assessment.status(&downstream.path);
            let upstream_changed = match (dependant, status) {
                (Some(dependant), Some(status)) => {
                    let refs = references(dependant);
                    impact::upstream_changes(
                        &snapshot.documents,
                        assessment,
                        dependant,
                        status,
                        &refs,
                    )
                    .iter()
                    .any(|change| change.id == downstream.via)
                }
                _ => false,
            };
            Row {
                downstream,
                kind: dependant.and_then(|d| d.kind()).unwrap_or("").to_owned(),
                title: dependant
                    .and_then(|d| d.str_at("/title"))
                    .unwrap_or("")
                    .to_owned(),
                state: status.map(|s| s.state.to_string()).unwrap_or_default(),
                upstream_changed,
            }
        })
        .collect()
}

fn downstream_json(rows: &[Row<'_>]) -> Vec<serde_json::Value> {
    rows.iter()
        .map(|row| {
            json!({
                "id": row.downstream.id,
                "path": row.downstream.path,
                "kind": row.kind,
                "title": row.title,
                "depth": row.downstream.depth,
                "via": row.downstream.via,
                "pointer": row.downstream.pointer,
                "state": row.state,
                "upstream_changed": row.upstream_changed,
            })
        })
        .collect()
}

fn render_base_json(base: &str, changed: &[ChangedDocument], rows: &[Row<'_>]) -> String {
    let value = json!({
        "version": 1,
        "base": base,
        "changed": changed,
        "downstream": downstream_json(rows),
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

fn render_base_text(base: &str, changed: &[ChangedDocument], rows: &[Row<'_>]) -> String {
    if changed.is_empty() {
        return format!("No document changed since {base}\n");
    }
    let mut text = format!(
        "{} document{} changed since {base}:\n",
        changed.len(),
        if changed.len() == 1 { "" } else { "s" }
    );
    let id = |change: &ChangedDocument| change.id.clone().unwrap_or_else(|| "(no id)".into());
    let id_width = changed.iter().map(|c| id(c).len()).max().unwrap_or(0);
    let path_width = changed.iter().map(|c| c.path.len()).max().unwrap_or(0);
    for change in changed {
        text.push_str(&format!(
            "  {:<id_width$}  {:<path_width$}  {}\n",
            id(change),
            change.path,
            change.change.label()
        ));
    }
    if rows.is_empty() {
        text.push_str("No other document depends on them\n");
        return text;
    }
    text.push_str(&format!(
        "{} document{} depend{} on them; look at {} again:\n",
        rows.len(),
        if rows.len() == 1 { "" } else { "s" },
        if rows.len() == 1 { "s" } else { "" },
        if rows.len() == 1 { "it" } else { "them" },
    ));
    text.push_str(&table(rows));
    text
}

fn render_json(id: &str, path: &str, rows: &[Row<'_>]) -> String {
    let value = json!({
        "version": 1,
        "document": { "id": id, "path": path },
        "downstream": downstream_json(rows),
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

fn render_text(id: &str, path: &str, rows: &[Row<'_>]) -> String {
    if rows.is_empty() {
        return format!("{id} ({path}): no document depends on it\n");
    }
    let direct = rows.iter().filter(|row| row.downstream.depth == 1).count();
    let waiting = rows.iter().filter(|row| row.upstream_changed).count();
    let mut text = format!(
        "{id} ({path}): {} document{} depend{} on it, {direct} directly\n",
        rows.len(),
        if rows.len() == 1 { "" } else { "s" },
        if rows.len() == 1 { "s" } else { "" },
    );
    text.push_str(&table(rows));
    if waiting > 0 {
        text.push_str(&format!(
            "{waiting} already {} a change upstream nobody has looked at: `aims review ID` once checked (AIMS413)\n",
            if waiting == 1 { "has" } else { "have" }
        ));
    }
    text
}

/// One line per dependant, indented by depth.
fn table(rows: &[Row<'_>]) -> String {
    let mut text = String::new();
    let id_width = rows
        .iter()
        .map(|row| row.downstream.id.len() + 2 * row.downstream.depth)
        .max()
        .unwrap_or(0);
    let kind_width = rows.iter().map(|row| row.kind.len()).max().unwrap_or(0);
    for row in rows {
        let indent = "  ".repeat(row.downstream.depth);
        let label = format!("{indent}{}", row.downstream.id);
        let mut line = format!(
            "{label:<id_width$}  {:<kind_width$}  via {} {}",
            row.kind, row.downstream.via, row.downstream.pointer
        );
        if !row.state.is_empty() {
            line.push_str(&format!("  [{}]", row.state));
        }
        if row.upstream_changed {
            line.push_str(&format!(
                "  {} changed since its last review",
                row.downstream.via
            ));
        }
        text.push_str(line.trim_end());
        text.push('\n');
    }
    text
}
