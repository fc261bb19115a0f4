//! What changed between two versions of a document, in terms a non-programmer can read: the
//! frontmatter compared field by field (`owner` changed from a@x to b@x, `kpis[0].current`
//! added) and the Markdown body compared line by line in unified-style hunks with a little
//! context. The line diff is gix's (imara-diff, histogram algorithm). This module only computes
//! data; `report::diff` and the site render it.

use crate::load::Document;
use gix::diff::blob::{Algorithm, Diff, InternedInput};
use serde::Serialize;
use serde_json::Value;

/// Lines of unchanged text shown around each change.
pub const CONTEXT: usize = 3;
/// Versions larger than this are not compared line by line (the diff says so).
pub const MAX_BYTES: usize = 1 << 20;
/// At most this many body lines (context included) are kept; the rest is counted only.
pub const MAX_LINES: usize = 400;
/// Field values are shortened to this many characters.
const MAX_VALUE_CHARS: usize = 300;

/// The difference between an older and a newer version of one document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct VersionDiff {
    /// Frontmatter fields added, removed or changed, in document order of their paths.
    pub fields: Vec<FieldChange>,
    pub body: BodyDiff,
    /// Why part of the comparison could not be made (unreadable version, frontmatter that does
    /// not parse, too large), in plain words.
    pub notes: Vec<String>,
}

impl VersionDiff {
    /// Nothing a reader would see changed.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty() && self.body.added == 0 && self.body.removed == 0
    }
}

/// How a field changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldChangeKind {
    Added,
    Removed,
    Changed,
}

/// One frontmatter field that differs between the versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    /// Readable key path: `owner`, `kpis[0].current`, `controls.A.2.2`.
    pub path: String,
    pub change: FieldChangeKind,
    /// The old value as text (`None` when added).
    pub old: Option<String>,
    /// The new value as text (`None` when removed).
    pub new: Option<String>,
}

impl FieldChange {
    /// One sentence: "Field `owner` changed from a@x to b@x".
    pub fn sentence(&self) -> String {
        let old = self.old.as_deref().unwrap_or("");
        let new = self.new.as_deref().unwrap_or("");
        match self.change {
            FieldChangeKind::Added => format!("Field `{}` added: {new}", self.path),
            FieldChangeKind::Removed => format!("Field `{}` removed (was {old})", self.path),
            FieldChangeKind::Changed => {
                format!("Field `{}` changed from {old} to {new}", self.path)
            }
        }
    }
}

/// The Markdown body compared line by line.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct BodyDiff {
    /// Lines added and removed in the whole body (also beyond the kept hunks).
    pub added: usize,
    pub removed: usize,
    pub hunks: Vec<Hunk>,
    /// Hunks were cut at [`MAX_LINES`] lines, or the versions were too large to compare.
    pub truncated: bool,
    /// Only line endings (CRLF/LF) or the final newline differ.
    pub whitespace_only: bool,
}

impl BodyDiff {
    /// "Section text: 3 lines added, 1 removed" (without the prefix).
    pub fn summary(&self) -> String {
        if self.added == 0 && self.removed == 0 {
            return if self.whitespace_only {
                "only line endings changed".to_owned()
            } else {
                "unchanged".to_owned()
            };
        }
        let lines = |n: usize| if n == 1 { "line" } else { "lines" };
        format!(
            "{} {} added, {} removed",
            self.added,
            lines(self.added),
            self.removed
        )
    }
}

/// A run of changed lines with context, as in a unified diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hunk {
    /// 1-based line numbers within the body (not the file).
    pub old_start: usize,
    pub old_lines: usize,
    pub new_start: usize,
    pub new_lines: usize,
    pub lines: Vec<Line>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    Context,
    Added,
    Removed,
}

impl LineKind {
    /// The unified-diff sign: ` `, `+` or `-`.
    pub fn sign(self) -> char {
        match self {
            LineKind::Context => ' ',
            LineKind::Added => '+',
            LineKind::Removed => '-',
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Line {
    pub kind: LineKind,
    /// The line without its line ending.
    pub text: String,
}

/// The bytes of a blob named by its hex id, if the repository has it.
pub fn read_blob(repo: &gix::Repository, blob: &str) -> Option<Vec<u8>> {
    let id = gix::ObjectId::from_hex(blob.as_bytes()).ok()?;
    Some(repo.find_blob(id).ok()?.data.clone())
}

/// Compares two versions of the document at `path` read from git by blob id; `old: None` is
/// "no earlier version" (everything is added).
pub fn between_blobs(
    repo: &gix::Repository,
    path: &str,
    old: Option<&str>,
    new: &str,
) -> VersionDiff {
    let mut notes = Vec::new();
    let old_bytes = match old {
        Some(blob) => match read_blob(repo, blob) {
            Some(bytes) => Some(bytes),
            None => {
                notes.push(format!(
                    "the older version {} is not in this clone",
                    short(blob)
                ));
                return VersionDiff {
                    notes,
                    ..VersionDiff::default()
                };
            }
        },
        None => None,
    };
    let Some(new_bytes) = read_blob(repo, new) else {
        notes.push(format!("version {} is not in this clone", short(new)));
        return VersionDiff {
            notes,
            ..VersionDiff::default()
        };
    };
    between(path, old_bytes.as_deref(), &new_bytes)
}

/// The diff each change in a document's timeline made to the version before it, by the index
/// of the change's commit in the history's records. The oldest change is compared with nothing
/// (the document's creation, or the first version a shallow clone holds).
pub fn timeline_diffs(
    repo: &gix::Repository,
    timeline: &super::timeline::Timeline,
) -> std::collections::BTreeMap<usize, VersionDiff> {
    let mut diffs = std::collections::BTreeMap::new();
    for (position, &record) in timeline.commits.iter().enumerate() {
        let Some(Some(blob)) = timeline.blobs.get(position) else {
            continue;
        };
        let older = timeline.blobs.get(position + 1).cloned().flatten();
        diffs.insert(
            record,
            between_blobs(repo, &timeline.path, older.as_deref(), blob),
        );
    }
    diffs
}

/// A document's current text against its last counted approval, for its page on the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SinceApproval {
    /// No approval of any version counts.
    NeverApproved,
    /// The current text is the approved one (or differs only in line endings).
    Unchanged(ApprovedVersion),
    Changed(ApprovedVersion, VersionDiff),
}

/// The approved version a comparison starts from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApprovedVersion {
    pub blob: String,
    /// The approval's commit, as an index into the history's records.
    pub record: usize,
    pub name: String,
    pub email: String,
}

/// Compares `current` (the document's text as the site shows it) with the version its newest
/// counted approval approved.
pub fn since_approval(
    repo: &gix::Repository,
    status: &super::approvals::DocumentStatus<'_>,
    current: &[u8],
) -> SinceApproval {
    let Some(approval) = status.last_counted_approval() else {
        return SinceApproval::NeverApproved;
    };
    let approved = ApprovedVersion {
        blob: approval.blob.clone(),
        record: approval.record,
        name: approval.name.clone(),
        email: approval.email.clone(),
    };
    let diff = match read_blob(repo, &approval.blob) {
        Some(old) => between(&status.path, Some(&old), current),
        None => VersionDiff {
            notes: vec![format!(
                "the approved version {} is not in this clone",
                short(&approval.blob)
            )],
            ..VersionDiff::default()
        },
    };
    if diff.is_empty() && diff.notes.is_empty() {
        SinceApproval::Unchanged(approved)
    } else {
        SinceApproval::Changed(approved, diff)
    }
}

fn short(blob: &str) -> &str {
    blob.get(..7).unwrap_or(blob)
}

/// Compares two versions of a document given as bytes; `old: None` means the document is new.
pub fn between(path: &str, old: Option<&[u8]>, new: &[u8]) -> VersionDiff {
    let mut diff = VersionDiff::default();
    let too_large = old.is_some_and(|old| old.len() > MAX_BYTES) || new.len() > MAX_BYTES;
    if too_large {
        diff.body.truncated = true;
        diff.notes.push(format!(
            "a version is larger than {} KiB: not compared line by line",
            MAX_BYTES / 1024
        ));
        return diff;
    }
    let old_doc = old.map(|bytes| readable(path, bytes));
    let new_doc = readable(path, new);
    let (old_doc, new_doc) = match (old_doc, new_doc) {
        (Some(None), _) => {
            diff.notes
                .push("the older version is not readable text: not compared".to_owned());
            return diff;
        }
        (_, None) => {
            diff.notes
                .push("this version is not readable text: not compared".to_owned());
            return diff;
        }
        (old, Some(new)) => (old.flatten(), new),
    };
    let empty = serde_json::Map::new();
    let old_fields = old_doc
        .as_ref()
        .map(|doc| doc.frontmatter().map(|front| &front.data));
    let new_fields = new_doc.frontmatter().map(|front| &front.data);
    match (old_fields, new_fields) {
        (Some(None), _) | (_, None) => diff.notes.push(
            "the frontmatter of a version does not parse: the whole text is compared".to_owned(),
        ),
        (old, Some(new)) => {
            let old = old.flatten().cloned().unwrap_or(Value::Object(empty));
            compare_values("", &old, new, &mut diff.fields);
        }
    }
    let parsed_both = diff.notes.is_empty();
    let old_body = old_doc.as_ref().map(|doc| body(doc, parsed_both));
    let new_body = body(&new_doc, parsed_both);
    diff.body = compare_lines(old_body.unwrap_or(""), new_body, CONTEXT);
    diff
}

/// The document parsed, or `None` when the bytes are not text (binary or not UTF-8).
fn readable(path: &str, bytes: &[u8]) -> Option<Document> {
    if bytes.contains(&0) {
        return None;
    }
    let document = Document::parse(path, bytes.to_vec());
    if matches!(document.content, Err(crate::load::LoadProblem::Decode(_))) {
        return None;
    }
    Some(document)
}

/// The Markdown body, or the whole text when the frontmatter of either side did not parse.
fn body(document: &Document, parsed: bool) -> &str {
    match document.frontmatter() {
        Some(front) if parsed => document.text.get(front.body_offset..).unwrap_or(""),
        _ => &document.text,
    }
}

/// A field path one level down: `a.b` for object keys, `a[2]` for list items.
fn child(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

fn is_scalar(value: &Value) -> bool {
    !matches!(value, Value::Array(_) | Value::Object(_))
}

fn compare_values(path: &str, old: &Value, new: &Value, out: &mut Vec<FieldChange>) {
    if old == new {
        return;
    }
    match (old, new) {
        (Value::Object(old), Value::Object(new)) => {
            // Keys in the new version's order, then keys only the old one had.
            for (key, new_value) in new {
                let path = child(path, key);
                match old.get(key) {
                    Some(old_value) => compare_values(&path, old_value, new_value, out),
                    None => out.push(FieldChange {
                        path,
                        change: FieldChangeKind::Added,
                        old: None,
                        new: Some(show(new_value)),
                    }),
                }
            }
            for (key, old_value) in old {
                if !new.contains_key(key) {
                    out.push(FieldChange {
                        path: child(path, key),
                        change: FieldChangeKind::Removed,
                        old: Some(show(old_value)),
                        new: None,
                    });
                }
            }
        }
        // Lists of records (KPIs, evidence entries) item by item; lists of plain values as a
        // whole, which reads better ("from a, b to a, c").
        (Value::Array(old_items), Value::Array(new_items))
            if !(old_items.iter().chain(new_items).all(is_scalar)) =>
        {
            let longest = old_items.len().max(new_items.len());
            for index in 0..longest {
                let path = format!("{path}[{index}]");
                match (old_items.get(index), new_items.get(index)) {
                    (Some(old), Some(new)) => compare_values(&path, old, new, out),
                    (None, Some(new)) => out.push(FieldChange {
                        path,
                        change: FieldChangeKind::Added,
                        old: None,
                        new: Some(show(new)),
                    }),
                    (Some(old), None) => out.push(FieldChange {
                        path,
                        change: FieldChangeKind::Removed,
                        old: Some(show(old)),
                        new: None,
                    }),
                    (None, None) => {}
                }
            }
        }
        _ => out.push(FieldChange {
            path: if path.is_empty() {
                "(frontmatter)".to_owned()
            } else {
                path.to_owned()
            },
            change: FieldChangeKind::Changed,
            old: Some(show(old)),
            new: Some(show(new)),
        }),
    }
}

/// A value as a reader would write it: strings bare, lists comma-separated, records inline.
fn show(value: &Value) -> String {
    let text = match value {
        Value::Null => "(empty)".to_owned(),
        Value::String(text) if text.is_empty() => "(empty)".to_owned(),
        // A multi-line value stays on one line, its breaks shown (but not the final one a
        // `|` block ends with).
        Value::String(text) => {
            let text = text.replace("\r\n", "\n");
            text.strip_suffix('\n')
                .unwrap_or(&text)
                .replace('\n', " ↵ ")
        }
        Value::Bool(_) | Value::Number(_) => value.to_string(),
        Value::Array(items) if items.is_empty() => "(empty list)".to_owned(),
        Value::Array(items) if items.iter().all(is_scalar) => {
            items.iter().map(show).collect::<Vec<_>>().join(", ")
        }
        Value::Array(_) | Value::Object(_) => value.to_string(),
    };
    shorten(text)
}

fn shorten(text: String) -> String {
    match text.char_indices().nth(MAX_VALUE_CHARS) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text,
    }
}

/// Lines without their endings; `\r\n` and `\n` are the same line break.
fn split_lines(text: &str) -> Vec<&str> {
    text.lines().collect()
}

/// Compares two texts line by line into hunks with `context` lines around each change.
pub fn compare_lines(old: &str, new: &str, context: usize) -> BodyDiff {
    let mut result = BodyDiff::default();
    if old == new {
        return result;
    }
    let before = split_lines(old);
    let after = split_lines(new);
    let mut input: InternedInput<&str> = InternedInput::default();
    input.update_before(before.iter().copied());
    input.update_after(after.iter().copied());
    let mut diff = Diff::compute(Algorithm::Histogram, &input);
    diff.postprocess_lines(&input);
    result.added = diff.count_additions() as usize;
    result.removed = diff.count_removals() as usize;
    if result.added == 0 && result.removed == 0 {
        result.whitespace_only = true;
        return result;
    }
    let changes: Vec<(std::ops::Range<usize>, std::ops::Range<usize>)> = diff
        .hunks()
        .map(|hunk| {
            (
                hunk.before.start as usize..hunk.before.end as usize,
                hunk.after.start as usize..hunk.after.end as usize,
            )
        })
        .collect();
    // Group changes whose context would overlap into one hunk.
    let mut groups: Vec<Vec<(std::ops::Range<usize>, std::ops::Range<usize>)>> = Vec::new();
    for change in changes {
        match groups.last_mut() {
            Some(group)
                if group
                    .last()
                    .is_some_and(|last| change.0.start <= last.0.end + 2 * context) =>
            {
                group.push(change)
            }
            _ => groups.push(vec![change]),
        }
    }
    let mut kept = 0usize;
    for group in groups {
        let (Some(first), Some(last)) = (group.first(), group.last()) else {
            continue;
        };
        let old_start = first.0.start.saturating_sub(context);
        let new_start = first.1.start.saturating_sub(first.0.start - old_start);
        let old_end = (last.0.end + context).min(before.len());
        let new_end = (last.1.end + (old_end - last.0.end)).min(after.len());
        let mut lines = Vec::new();
        let mut at = old_start;
        for (removed, added) in &group {
            lines.extend(before[at..removed.start].iter().map(|text| Line {
                kind: LineKind::Context,
                text: (*text).to_owned(),
            }));
            lines.extend(before[removed.clone()].iter().map(|text| Line {
                kind: LineKind::Removed,
                text: (*text).to_owned(),
            }));
            lines.extend(after[added.clone()].iter().map(|text| Line {
                kind: LineKind::Added,
                text: (*text).to_owned(),
            }));
            at = removed.end;
        }
        lines.extend(before[at..old_end].iter().map(|text| Line {
            kind: LineKind::Context,
            text: (*text).to_owned(),
        }));
        if kept == MAX_LINES {
            result.truncated = true;
            break;
        }
        if kept + lines.len() > MAX_LINES {
            // Keep the start of the hunk that crosses the limit, then stop.
            lines.truncate(MAX_LINES - kept);
            result.truncated = true;
        }
        kept += lines.len();
        let stop = result.truncated;
        result.hunks.push(Hunk {
            old_start: old_start + 1,
            old_lines: old_end - old_start,
            new_start: new_start + 1,
            new_lines: new_end - new_start,
            lines,
        });
        if stop {
            break;
        }
    }
    result
}

#[cfg(test)]
mod tests;
