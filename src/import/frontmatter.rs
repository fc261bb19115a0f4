//! Markdown files that already carry frontmatter in another tool's shape (a folder of them, or
//! one file): each file is one record, its frontmatter keys are the columns (nested keys as
//! dotted names, `meta.owner`), and its body is kept as written. The layout without an opening
//! `---` (YAML first, then `---`, as strongdm/comply writes) is read too.

use super::source::{
    Cell, MAX_RECORDS, MAX_SOURCE_BYTES, Origin, Raw, Record, SourceError, SourceKind, Table,
};
use crate::diagnostic::{Position, Span};
use crate::load::frontmatter::{self, SplitProblem};
use crate::yaml::{self, PositionMap};
use serde_json::Value;
use std::path::Path;

/// The `.md` files under `root` (or `root` itself), sorted, with their display names.
fn markdown_files(
    root: &Path,
    shown: &str,
) -> Result<Vec<(std::path::PathBuf, String)>, SourceError> {
    if root.is_file() {
        return Ok(vec![(root.to_path_buf(), shown.to_owned())]);
    }
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .max_depth(16)
    {
        let entry = entry.map_err(|error| SourceError::new(shown, error.to_string()))?;
        let is_markdown = entry
            .path()
            .extension()
            .and_then(|ext| ext.to_str())
            .is_some_and(|ext| {
                ext.eq_ignore_ascii_case("md") || ext.eq_ignore_ascii_case("markdown")
            });
        if !entry.file_type().is_file() || !is_markdown {
            continue;
        }
        let relative = entry.path().strip_prefix(root).unwrap_or(entry.path());
        let name = format!(
            "{}/{}",
            shown.trim_end_matches('/'),
            relative.to_string_lossy().replace('\\', "/")
        );
        files.push((entry.path().to_path_buf(), name));
        if files.len() > MAX_RECORDS {
            return Err(SourceError::new(
                shown,
                format!("more than {MAX_RECORDS} files; import a smaller folder"),
            ));
        }
    }
    if files.is_empty() {
        return Err(SourceError::new(shown, "no Markdown files (.md) here"));
    }
    Ok(files)
}

/// Flattens a mapping into dotted columns: `{meta: {owner: x}}` → `meta.owner`. Lists and
/// scalars are cells.
fn flatten(
    value: &Value,
    prefix: &str,
    pointer: &str,
    positions: &PositionMap,
    origin: &Origin,
    out: &mut Vec<Cell>,
) {
    let Some(object) = value.as_object() else {
        return;
    };
    for (key, child) in object {
        let name = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        let child_pointer = format!("{pointer}/{}", escape(key));
        if child.is_object() && child.as_object().is_some_and(|map| !map.is_empty()) {
            flatten(child, &name, &child_pointer, positions, origin, out);
            continue;
        }
        let span = positions
            .get(&child_pointer)
            .map(|position| position.value)
            .unwrap_or(origin.span());
        out.push(Cell {
            column: name.clone(),
            raw: Raw::Json(child.clone()),
            origin: origin.with_column(&name, span, None),
        });
    }
}

fn escape(segment: &str) -> String {
    let mut out = String::new();
    yaml::push_escaped(&mut out, segment);
    out
}

/// One file's frontmatter and body, or why it has none.
fn read_file(text: &str, name: &str) -> Result<Record, SourceError> {
    let origin = Origin::in_file(name, Span::point(Position::START));
    let (yaml_text, first_line, body) = match frontmatter::split(text) {
        Ok(split) => (split.yaml, split.yaml_first_line, split.body),
        Err(SplitProblem::MissingOpening { closing_line }) => {
            // YAML from the first line to the closing `---`.
            let mut offset = 0;
            for _ in 1..closing_line {
                offset += text[offset..]
                    .find('\n')
                    .map_or(text.len() - offset, |at| at + 1);
            }
            let after = text[offset..]
                .find('\n')
                .map_or(text.len(), |at| offset + at + 1);
            (&text[..offset], 1, &text[after..])
        }
        Err(SplitProblem::Missing) => {
            return Err(SourceError::at(
                name,
                Position::START,
                "no frontmatter to import (the file does not start with `---`)",
            ));
        }
        Err(SplitProblem::Unterminated) => {
            return Err(SourceError::at(
                name,
                Position::START,
                "the frontmatter opened here is never closed with `---`",
            ));
        }
    };
    let located = yaml::parse_mapping(yaml_text, first_line, Span::point(Position::START))
        .map_err(|problem| {
            let message = match &problem {
                yaml::YamlProblem::Syntax { message, .. } => format!("invalid YAML: {message}"),
                yaml::YamlProblem::DuplicateKey { .. } => "a key appears twice".to_owned(),
                yaml::YamlProblem::Unsupported { message, .. } => message.clone(),
            };
            SourceError::at(name, problem.position(), message)
        })?;
    let mut cells = Vec::new();
    flatten(
        &located.value,
        "",
        "",
        &located.positions,
        &origin,
        &mut cells,
    );
    Ok(Record {
        cells,
        origin,
        body: Some(body.to_owned()),
    })
}

/// Reads every Markdown file under `path` (shown to the user as `shown`).
pub fn read(path: &Path, shown: &str) -> Result<Table, SourceError> {
    let files = markdown_files(path, shown)?;
    let mut records = Vec::new();
    let mut columns: Vec<String> = Vec::new();
    let mut texts = Vec::new();
    let mut notes = Vec::new();
    let mut skipped = Vec::new();
    for (file, name) in files {
        let size = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
        if size > MAX_SOURCE_BYTES {
            return Err(SourceError::new(
                &name,
                "the file is too large to be a document",
            ));
        }
        let bytes =
            std::fs::read(&file).map_err(|error| SourceError::new(&name, error.to_string()))?;
        let text = frontmatter::decode(bytes).map_err(|problem| {
            SourceError::new(&name, format!("not a text document ({problem:?})"))
        })?;
        let record = match read_file(&text, &name) {
            Ok(record) => record,
            // In a folder, a README without frontmatter is not an error.
            Err(error) if path.is_dir() && error.message.starts_with("no frontmatter") => {
                skipped.push(name.clone());
                continue;
            }
            Err(error) => return Err(error),
        };
        for cell in &record.cells {
            if !columns.contains(&cell.column) {
                columns.push(cell.column.clone());
            }
        }
        records.push(record);
        texts.push((name, text));
    }
    if !skipped.is_empty() {
        notes.push(format!(
            "skipped {} without frontmatter: {}",
            crate::text::count(skipped.len(), "file", "files"),
            skipped.join(", ")
        ));
    }
    if records.is_empty() {
        return Err(SourceError::new(
            shown,
            "no Markdown file here has frontmatter",
        ));
    }
    Ok(Table {
        kind: SourceKind::Frontmatter,
        name: shown.to_owned(),
        sheet: None,
        columns,
        records,
        texts,
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flattens_keys_and_keeps_positions() {
        let record = read_file(
            "---\nid: R-7\nmeta:\n  owner: Jane\n  tags: [a, b]\n---\n# Body\n",
            "docs/r.md",
        )
        .unwrap();
        let columns: Vec<&str> = record
            .cells
            .iter()
            .map(|cell| cell.column.as_str())
            .collect();
        assert_eq!(columns, vec!["id", "meta.owner", "meta.tags"]);
        assert_eq!(record.cells[1].origin.at, Position::new(4, 10));
        assert_eq!(record.body.as_deref(), Some("# Body\n"));
    }

    #[test]
    fn reads_the_comply_layout() {
        let record = read_file("id: P-1\nname: Policy\n---\nBody\n", "p.md").unwrap();
        assert_eq!(record.cells[1].column, "name");
        assert_eq!(record.cells[1].origin.at, Position::new(2, 7));
        assert_eq!(record.body.as_deref(), Some("Body\n"));
        assert!(read_file("just prose\n", "x.md").is_err());
    }
}
