//! What one pass over history records per commit: identity, dates, message summary, the
//! trailers approvals use, signature presence, and the document files it changed. Records are
//! immutable for a given commit id and scope, which is what makes them cacheable.

use serde::{Deserialize, Serialize};

/// A person and a moment, as in a commit's author or committer line.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub name: String,
    pub email: String,
    /// Seconds since the Unix epoch.
    pub seconds: i64,
    /// Offset from UTC in seconds, as recorded.
    pub offset: i32,
}

impl Person {
    /// ISO 8601 with the recorded offset, like `git log --date=iso-strict`.
    pub fn iso8601(&self) -> String {
        let Ok(timestamp) = jiff::Timestamp::from_second(self.seconds) else {
            return String::new();
        };
        let Ok(offset) = jiff::tz::Offset::from_seconds(self.offset) else {
            return timestamp.to_string();
        };
        timestamp
            .to_zoned(jiff::tz::TimeZone::fixed(offset))
            .strftime("%Y-%m-%dT%H:%M:%S%:z")
            .to_string()
    }

    /// The calendar date in the recorded offset.
    pub fn date(&self) -> Option<jiff::civil::Date> {
        let timestamp = jiff::Timestamp::from_second(self.seconds).ok()?;
        let offset = jiff::tz::Offset::from_seconds(self.offset).ok()?;
        Some(timestamp.to_zoned(jiff::tz::TimeZone::fixed(offset)).date())
    }
}

/// How a commit changed one document file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ChangeKind {
    Added,
    Modified,
    Deleted,
    /// Renamed (possibly edited too) from another path.
    Renamed {
        from: String,
    },
}

/// One document file changed by a commit; paths are project-relative.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileChange {
    pub path: String,
    #[serde(flatten)]
    pub kind: ChangeKind,
    /// The blob after the change (absent for deletions).
    pub blob: Option<String>,
}

/// One commit, as far as the AIMS is concerned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitRecord {
    pub id: String,
    pub parents: Vec<String>,
    pub author: Person,
    pub committer: Person,
    pub summary: String,
    /// Trailers approvals are read from (`Approves`, `Reviewed`, `Accepts`, `Approved-by`), and
    /// the upstream versions an approval or review considered (`Considered`), in order.
    pub trailers: Vec<(String, String)>,
    /// The commit carries a signature (`gpgsig` header); whether it verifies is a separate,
    /// costlier question.
    pub signed: bool,
    /// Document files this commit changed. For a merge, only files that differ from every
    /// parent (a conflict resolution or an evil merge).
    pub changes: Vec<FileChange>,
    /// For a merge: the document files it changed relative to its first parent, i.e. what the
    /// merged branch brought in (used when merges by approvers count as approvals).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub brought_in: Vec<FileChange>,
    /// For a merge, per parent: the followed files it has that the parent lacks, with the
    /// parent's file each was renamed from (`None`: created on the other side). Names travel
    /// to each parent along these.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub merge_sources: Vec<Vec<(String, Option<String>)>>,
    /// A shallow-clone boundary: its parents are missing, so what it changed is unknown.
    pub boundary: bool,
}

impl CommitRecord {
    pub fn is_merge(&self) -> bool {
        self.parents.len() > 1
    }

    /// The upstream documents and versions this commit says it considered for `id`
    /// (`Considered: AIS-001 <blob> for RISK-001`), as (upstream id, blob).
    pub fn considered_for(&self, id: &str) -> Vec<(String, String)> {
        self.trailers
            .iter()
            .filter(|(token, _)| token.eq_ignore_ascii_case("considered"))
            .filter_map(|(_, value)| {
                let (target, by) = value.rsplit_once(" for ")?;
                (by.trim() == id).then_some(target)
            })
            .filter_map(|target| {
                let (upstream, blob) = crate::history::approvals::parse_target(target)?;
                Some((upstream.to_owned(), blob))
            })
            .collect()
    }

    /// Adds what a pass over more files found in the same commit.
    pub fn absorb(&mut self, more: CommitRecord) {
        self.changes.extend(more.changes);
        self.brought_in.extend(more.brought_in);
        if self.merge_sources.len() < more.merge_sources.len() {
            self.merge_sources
                .resize(more.merge_sources.len(), Vec::new());
        }
        for (mine, theirs) in self.merge_sources.iter_mut().zip(more.merge_sources) {
            mine.extend(theirs);
        }
    }
}
