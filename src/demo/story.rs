//! The demo's scripted history: `story.yaml` parsed and turned into a [`Plan`], the exact list
//! of commits (author, pinned time, message, files written) that `aims demo` replays.
//!
//! Planning is pure: file contents come from the embedded sample AIMS, earlier versions are
//! derived from the final texts, and approval trailers name blob ids computed from the
//! content, so the plan (and therefore every commit id) is the same on every machine. The
//! plan is checked as it is built: every person, file and document id must be known, times
//! must increase, and the last commit's tree must be exactly the sample AIMS.

use crate::load::Document;
use gix::ObjectId;
use jiff::civil::{Date, Weekday};
use serde::Deserialize;
use std::collections::BTreeMap;

/// The story, compiled in.
const STORY: &str = include_str!("story.yaml");

/// The time of day (seconds after midnight) of the `slot`-th commit on `date` when the story
/// gives none: the first between 08:41 and 11:51, the next ones 34 to 95 minutes apart,
/// varied by the date so the log reads like people working, yet fixed for ever.
fn auto_time(date: Date, slot: i64) -> i64 {
    let day = i64::from(date.day_of_year());
    let mut at = (8 * 60 + 41 + (day * 47) % 190) * 60 + (day * 31) % 60;
    for step in 1..=slot {
        at += (34 + ((day + step * 11) * 17) % 61) * 60 + (day * 7 + step * 13) % 60;
    }
    at
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StoryFile {
    today: String,
    project: String,
    people: BTreeMap<String, Person>,
    #[serde(default)]
    generated: BTreeMap<String, String>,
    #[serde(default)]
    earlier: BTreeMap<String, Earlier>,
    commits: Vec<CommitEntry>,
}

/// Someone in the story: a commit author.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    pub name: String,
    pub email: String,
}

/// How a file's earlier version is derived from its final text.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Earlier {
    #[serde(default = "yes")]
    drop_last_section: bool,
    #[serde(default)]
    drop_keys: Vec<String>,
    #[serde(default)]
    replace: Vec<Replace>,
    /// A Markdown body that replaces the whole body: a document opened before the events it
    /// records (a record of a meeting still to be held) has a placeholder, not the minutes.
    #[serde(default)]
    body: Option<String>,
}

impl Default for Earlier {
    fn default() -> Earlier {
        Earlier {
            drop_last_section: true,
            drop_keys: Vec::new(),
            replace: Vec::new(),
            body: None,
        }
    }
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Replace {
    from: String,
    to: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CommitEntry {
    date: String,
    time: Option<String>,
    by: String,
    message: Option<String>,
    #[serde(default)]
    files: Vec<FileEntry>,
    #[serde(default)]
    approve: Vec<String>,
    #[serde(default)]
    review: Vec<String>,
    #[serde(default)]
    accept: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum FileEntry {
    Final(String),
    /// A version, optionally edited further: `replace` applies to it (each `from` must occur
    /// exactly once), for the intermediate versions of a file (a KPI measured each quarter).
    Versioned {
        path: String,
        version: Version,
        #[serde(default)]
        replace: Vec<Replace>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Version {
    Final,
    Earlier,
}

/// What a commit does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Writes files.
    Change,
    /// Approves document versions (`Approves:` trailers), like `aims approve`.
    Approve,
    /// Records reviews (`Reviewed:` trailers), like `aims review`.
    Review,
    /// Accepts risks' residual levels (`Accepts:` trailers), like `aims accept`.
    Accept,
}

/// One document version named by an approval or review trailer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    pub id: String,
    pub path: String,
    pub blob: ObjectId,
}

/// One commit of the plan.
#[derive(Debug, Clone)]
pub struct PlannedCommit {
    /// Author and committer.
    pub author: Person,
    /// Seconds since the Unix epoch.
    pub seconds: i64,
    /// Offset from UTC in seconds (London time: 0 or 3600).
    pub offset: i32,
    pub date: Date,
    pub message: String,
    pub action: Action,
    /// Files written, with their full content (repository-relative paths).
    pub writes: Vec<(String, Vec<u8>)>,
    /// Documents approved or reviewed.
    pub marks: Vec<Mark>,
}

/// The whole history to write, oldest commit first.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The date the story is told on: the default `--today` of `aims demo`.
    pub today: Date,
    pub people: BTreeMap<String, Person>,
    pub commits: Vec<PlannedCommit>,
    /// The tree of the last commit: path → content.
    pub tree: BTreeMap<String, Vec<u8>>,
}

/// Plans the built-in story over the embedded sample AIMS.
pub fn plan() -> Result<Plan, String> {
    plan_from(STORY, crate::embedded::EXAMPLE)
}

/// Plans `story` (YAML) over `files` (the embedded examples: `project/path` → bytes).
pub fn plan_from(story: &str, files: &[(&str, &[u8])]) -> Result<Plan, String> {
    let located = crate::yaml::parse_mapping(story, 1, crate::diagnostic::Span::START)
        .map_err(|problem| format!("story.yaml is not valid YAML: {problem:?}"))?;
    let story: StoryFile = serde_json::from_value(located.value)
        .map_err(|error| format!("story.yaml has an unexpected shape: {error}"))?;
    let today = parse_date(&story.today)?;
    let prefix = format!("{}/", story.project);
    let mut finals: BTreeMap<String, Vec<u8>> = files
        .iter()
        .filter_map(|(path, bytes)| {
            path.strip_prefix(&prefix)
                .map(|relative| (relative.to_owned(), bytes.to_vec()))
        })
        .collect();
    if finals.is_empty() {
        return Err(format!("no embedded example files under {prefix}"));
    }
    for (path, text) in &story.generated {
        if finals
            .insert(path.clone(), text.as_bytes().to_vec())
            .is_some()
        {
            return Err(format!("generated file {path} is also an example file"));
        }
    }
    for path in finals.keys() {
        check_relative(path)?;
    }
    for path in story.earlier.keys() {
        if !finals.contains_key(path) {
            return Err(format!(
                "`earlier` names {path}, which is not a file of the story"
            ));
        }
    }

    let mut planner = Planner {
        finals: &finals,
        earlier: &story.earlier,
        tree: BTreeMap::new(),
        ids: BTreeMap::new(),
    };
    let mut commits: Vec<PlannedCommit> = Vec::with_capacity(story.commits.len());
    let mut per_day: BTreeMap<Date, i64> = BTreeMap::new();
    for (number, entry) in story.commits.iter().enumerate() {
        let context =
            |message: String| format!("commit {} ({}): {message}", number + 1, entry.date);
        let author = story
            .people
            .get(&entry.by)
            .ok_or_else(|| context(format!("unknown person `{}`", entry.by)))?
            .clone();
        let date = parse_date(&entry.date).map_err(context)?;
        let slot = per_day.entry(date).or_insert(0);
        let second = match &entry.time {
            Some(time) => parse_time(time).map_err(context)? * 60,
            None => auto_time(date, *slot),
        };
        *slot += 1;
        if second >= 24 * 3600 {
            return Err(context("too many commits on one day".to_owned()));
        }
        let (seconds, offset) = london_time(date, second).map_err(context)?;
        if let Some(previous) = commits.last()
            && previous.seconds >= seconds
        {
            return Err(context("commits must be in time order".to_owned()));
        }
        if date > today {
            return Err(context(format!("after the story's today, {today}")));
        }
        let actions = [
            !entry.files.is_empty(),
            !entry.approve.is_empty(),
            !entry.review.is_empty(),
            !entry.accept.is_empty(),
        ];
        let (action, message, writes, marks) = match actions {
            [true, false, false, false] => {
                let message = entry.message.as_deref().ok_or_else(|| {
                    context("a commit that changes files needs a message".to_owned())
                })?;
                let writes = planner.write(&entry.files).map_err(context)?;
                (Action::Change, finish_message(message), writes, Vec::new())
            }
            [false, true, false, false] => {
                let marks = planner.marks(&entry.approve).map_err(context)?;
                let message = mark_message(entry.message.as_deref(), Action::Approve, &marks);
                (Action::Approve, message, Vec::new(), marks)
            }
            [false, false, true, false] => {
                let marks = planner.marks(&entry.review).map_err(context)?;
                let message = mark_message(entry.message.as_deref(), Action::Review, &marks);
                (Action::Review, message, Vec::new(), marks)
            }
            [false, false, false, true] => {
                let marks = planner.marks(&entry.accept).map_err(context)?;
                let message = mark_message(entry.message.as_deref(), Action::Accept, &marks);
                (Action::Accept, message, Vec::new(), marks)
            }
            _ => {
                return Err(context(
                    "a commit does exactly one of: files, approve, review, accept".to_owned(),
                ));
            }
        };
        commits.push(PlannedCommit {
            author,
            seconds,
            offset,
            date,
            message,
            action,
            writes,
            marks,
        });
    }

    if planner.tree != finals {
        let missing: Vec<&str> = finals
            .keys()
            .filter(|path| !planner.tree.contains_key(*path))
            .map(String::as_str)
            .collect();
        let differing: Vec<&str> = planner
            .tree
            .iter()
            .filter(|(path, bytes)| finals.get(*path).is_some_and(|last| last != *bytes))
            .map(|(path, _)| path.as_str())
            .collect();
        return Err(format!(
            "the story does not end with the sample AIMS: never written {missing:?}, left at an earlier version {differing:?}"
        ));
    }
    Ok(Plan {
        today,
        people: story.people,
        commits,
        tree: planner.tree,
    })
}

/// The state of the tree while the story is planned.
struct Planner<'s> {
    finals: &'s BTreeMap<String, Vec<u8>>,
    earlier: &'s BTreeMap<String, Earlier>,
    tree: BTreeMap<String, Vec<u8>>,
    /// Document id → path, for the documents in `tree`.
    ids: BTreeMap<String, String>,
}

impl Planner<'_> {
    fn write(&mut self, entries: &[FileEntry]) -> Result<Vec<(String, Vec<u8>)>, String> {
        let mut writes = Vec::new();
        for entry in entries {
            let (path, version, edits) = match entry {
                FileEntry::Final(path) => (path, Version::Final, &[][..]),
                FileEntry::Versioned {
                    path,
                    version,
                    replace,
                } => (path, *version, replace.as_slice()),
            };
            let last = self
                .finals
                .get(path)
                .ok_or_else(|| format!("{path} is not a file of the sample AIMS"))?;
            let bytes = match version {
                Version::Final => last.clone(),
                Version::Earlier => {
                    let text = std::str::from_utf8(last)
                        .map_err(|_| format!("{path} is not UTF-8 text"))?;
                    let rule = self.earlier.get(path).cloned().unwrap_or_default();
                    let earlier =
                        earlier_version(text, &rule).map_err(|error| format!("{path}: {error}"))?;
                    if earlier.as_bytes() == last.as_slice() {
                        return Err(format!("{path}: the earlier version equals the final one"));
                    }
                    earlier.into_bytes()
                }
            };
            let bytes = if edits.is_empty() {
                bytes
            } else {
                let text =
                    String::from_utf8(bytes).map_err(|_| format!("{path} is not UTF-8 text"))?;
                replace_each(text, edits)
                    .map_err(|error| format!("{path}: {error}"))?
                    .into_bytes()
            };
            if self.tree.get(path) == Some(&bytes) {
                return Err(format!("{path} is written without a change"));
            }
            if path.ends_with(".md") {
                let document = Document::parse(path, bytes.clone());
                if let Some(id) = document.id() {
                    self.ids.insert(id.to_owned(), path.clone());
                }
            }
            self.tree.insert(path.clone(), bytes.clone());
            writes.push((path.clone(), bytes));
        }
        Ok(writes)
    }

    fn marks(&self, ids: &[String]) -> Result<Vec<Mark>, String> {
        ids.iter()
            .map(|id| {
                let path = self
                    .ids
                    .get(id)
                    .ok_or_else(|| format!("no document {id} has been committed yet"))?;
                let bytes = self
                    .tree
                    .get(path)
                    .ok_or_else(|| format!("{path} is not in the tree"))?;
                let blob =
                    gix::objs::compute_hash(gix::hash::Kind::Sha1, gix::objs::Kind::Blob, bytes)
                        .map_err(|error| error.to_string())?;
                Ok(Mark {
                    id: id.clone(),
                    path: path.clone(),
                    blob,
                })
            })
            .collect()
    }
}

/// A commit message as git stores it: trailing whitespace trimmed, one final newline.
fn finish_message(message: &str) -> String {
    format!("{}\n", message.trim_end())
}

/// The message `aims approve` / `aims review` would write (`Approve POL-001, POL-002` and one
/// trailer per document), with an optional subject and body of the story's own.
fn mark_message(message: Option<&str>, action: Action, marks: &[Mark]) -> String {
    let (verb, token) = match action {
        Action::Review => ("Review", "Reviewed"),
        Action::Accept => ("Accept the residual risk of", "Accepts"),
        _ => ("Approve", "Approves"),
    };
    let head = match message {
        Some(message) => message.trim_end().to_owned(),
        None => {
            let ids: Vec<&str> = marks.iter().map(|mark| mark.id.as_str()).collect();
            format!("{verb} {}", ids.join(", "))
        }
    };
    let mut text = format!("{head}\n\n");
    for mark in marks {
        text.push_str(&format!("{token}: {} <{}>\n", mark.id, mark.blob));
    }
    text
}

/// The earlier version of a final text, by `rule`.
fn earlier_version(text: &str, rule: &Earlier) -> Result<String, String> {
    let mut text = text.to_owned();
    for key in &rule.drop_keys {
        text = drop_key(&text, key)?;
    }
    if rule.drop_last_section {
        text = drop_last_section(&text);
    }
    if let Some(body) = &rule.body {
        text = replace_body(&text, body)?;
    }
    replace_each(text, &rule.replace)
}

/// `text` with everything after its frontmatter replaced by `body`.
fn replace_body(text: &str, body: &str) -> Result<String, String> {
    if !text.starts_with("---") {
        return Err("no frontmatter to keep before the new body".to_owned());
    }
    let mut offset = 0;
    for (number, line) in text.split_inclusive('\n').enumerate() {
        offset += line.len();
        if number > 0 && line.trim_end() == "---" {
            return Ok(format!("{}\n{}\n", &text[..offset], body.trim()));
        }
    }
    Err("no frontmatter to keep before the new body".to_owned())
}

/// `text` with each replacement made, in order; each `from` must occur exactly once.
fn replace_each(mut text: String, replacements: &[Replace]) -> Result<String, String> {
    for replace in replacements {
        let count = text.matches(replace.from.as_str()).count();
        if count != 1 {
            return Err(format!(
                "`{}` occurs {count} times, expected once",
                replace.from.escape_debug()
            ));
        }
        text = text.replacen(replace.from.as_str(), &replace.to, 1);
    }
    Ok(text)
}

/// Removes the last `## ` section of the Markdown body (outside code fences), if there is one.
fn drop_last_section(text: &str) -> String {
    let mut offset = 0;
    let mut in_fence = false;
    let mut in_frontmatter = text.starts_with("---\n");
    let mut last = None;
    for (number, line) in text.split_inclusive('\n').enumerate() {
        let trimmed = line.trim_end();
        if in_frontmatter {
            if number > 0 && trimmed == "---" {
                in_frontmatter = false;
            }
        } else if trimmed.starts_with("```") {
            in_fence = !in_fence;
        } else if !in_fence && trimmed.starts_with("## ") {
            last = Some(offset);
        }
        offset += line.len();
    }
    match last {
        Some(at) => format!("{}\n", text[..at].trim_end()),
        None => text.to_owned(),
    }
}

/// Removes every frontmatter line that sets `key` (at any depth, not as a list item's first
/// key), together with its more deeply indented continuation lines.
fn drop_key(text: &str, key: &str) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut dropping: Option<usize> = None;
    let mut found = false;
    let mut in_frontmatter = false;
    for (number, line) in text.split_inclusive('\n').enumerate() {
        let trimmed = line.trim_end();
        if number == 0 && trimmed == "---" {
            in_frontmatter = true;
            out.push_str(line);
            continue;
        }
        if in_frontmatter && trimmed == "---" {
            in_frontmatter = false;
            dropping = None;
        }
        let indent = line.len() - line.trim_start().len();
        if let Some(depth) = dropping {
            if !trimmed.is_empty() && indent > depth {
                continue;
            }
            dropping = None;
        }
        if in_frontmatter
            && line
                .trim_start()
                .strip_prefix(key)
                .is_some_and(|rest| rest.starts_with(':'))
        {
            found = true;
            dropping = Some(indent);
            continue;
        }
        out.push_str(line);
    }
    if found {
        Ok(out)
    } else {
        Err(format!("no frontmatter key `{key}`"))
    }
}

fn parse_date(text: &str) -> Result<Date, String> {
    crate::dates::parse_date(text).ok_or_else(|| format!("`{text}` is not a date (YYYY-MM-DD)"))
}

/// `HH:MM` → minutes after midnight.
fn parse_time(text: &str) -> Result<i64, String> {
    let parsed = text.split_once(':').and_then(|(hours, minutes)| {
        let hours: i64 = hours.parse().ok()?;
        let minutes: i64 = minutes.parse().ok()?;
        ((0..24).contains(&hours) && (0..60).contains(&minutes) && text.len() == 5)
            .then_some(hours * 60 + minutes)
    });
    parsed.ok_or_else(|| format!("`{text}` is not a time (HH:MM)"))
}

/// Seconds since the epoch and the UTC offset of `second` after midnight on `date` in London:
/// British Summer Time (UTC+1) from the last Sunday of March to the last Sunday of October.
/// The story's commits are in office hours, well clear of the 01:00 UTC switch.
pub fn london_time(date: Date, second: i64) -> Result<(i64, i32), String> {
    let last_sunday = |month: i8| {
        Date::new(date.year(), month, 1)
            .and_then(|first| first.nth_weekday_of_month(-1, Weekday::Sunday))
            .map_err(|error| error.to_string())
    };
    let summer = date >= last_sunday(3)? && date < last_sunday(10)?;
    let offset: i32 = if summer { 3600 } else { 0 };
    let midnight = date
        .to_datetime(jiff::civil::Time::midnight())
        .to_zoned(jiff::tz::TimeZone::UTC)
        .map_err(|error| error.to_string())?
        .timestamp()
        .as_second();
    Ok((midnight + second - i64::from(offset), offset))
}

/// Rejects paths that could leave the demo folder or are not plain relative paths.
fn check_relative(path: &str) -> Result<(), String> {
    let plain = !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != ".." && part != ".git");
    if plain {
        Ok(())
    } else {
        Err(format!("`{path}` is not a plain relative path"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn built_in() -> Plan {
        plan().unwrap_or_else(|error| panic!("the built-in story does not plan: {error}"))
    }

    #[test]
    fn the_story_plans_and_ends_with_the_sample_aims() {
        let plan = built_in();
        assert_eq!(plan.today.to_string(), "2026-11-22");
        assert!(plan.commits.len() > 50, "{} commits", plan.commits.len());
        assert!(plan.tree.contains_key("README.md"));
        assert_eq!(plan.tree[".gitignore"], b"/_site/\n");
        let first = &plan.commits[0];
        assert_eq!(first.date.to_string(), "2025-09-08");
        assert!(
            first.writes.iter().any(|(path, _)| path == ".gitignore"),
            "the first commit ignores the generated site"
        );
    }

    #[test]
    fn every_person_is_a_role_holder_in_aims_yaml() {
        let plan = built_in();
        let config = example_config();
        let holders: BTreeSet<&str> = config
            .roles
            .values()
            .flatten()
            .map(String::as_str)
            .collect();
        for person in plan.people.values() {
            assert!(
                holders.contains(person.email.as_str()),
                "{} holds no role",
                person.email
            );
        }
        let used: BTreeSet<&str> = plan
            .commits
            .iter()
            .map(|commit| commit.author.email.as_str())
            .collect();
        assert_eq!(
            used.len(),
            plan.people.len(),
            "everyone in the cast commits"
        );
    }

    fn example_config() -> crate::config::Config {
        let text = String::from_utf8(built_in().tree["aims.yaml"].clone()).expect("UTF-8");
        crate::config::parse(
            std::path::Path::new("."),
            text,
            |_| Err("no files".to_owned()),
            crate::check::rules::is_code,
        )
        .unwrap_or_else(|_| panic!("the example aims.yaml is valid"))
    }

    /// Every approval is by a listed approver who did not write the version since the last
    /// approval (segregation of duties); every review by an approver or the owner.
    #[test]
    fn approvals_are_by_entitled_people() {
        let plan = built_in();
        let config = example_config();
        let mut authors_since_approval: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let mut tree: BTreeMap<String, Vec<u8>> = BTreeMap::new();
        for commit in &plan.commits {
            for (path, bytes) in &commit.writes {
                tree.insert(path.clone(), bytes.clone());
                authors_since_approval
                    .entry(path.clone())
                    .or_default()
                    .insert(commit.author.email.clone());
            }
            for mark in &commit.marks {
                let document = Document::parse(&mark.path, tree[&mark.path].clone());
                let own: Option<Vec<&str>> = document
                    .get("/approvers")
                    .and_then(serde_json::Value::as_array)
                    .map(|items| items.iter().filter_map(serde_json::Value::as_str).collect());
                let approvers = config.approvers(document.kind().unwrap_or_default(), own);
                let mut allowed: Vec<&str> = approvers
                    .iter()
                    .flat_map(|identity| config.emails_for(identity))
                    .collect();
                let email = commit.author.email.as_str();
                match commit.action {
                    Action::Approve => {
                        assert!(
                            allowed.contains(&email),
                            "{email} may not approve {}",
                            mark.id
                        );
                        let authors = &authors_since_approval[&mark.path];
                        assert!(
                            !authors.contains(email),
                            "{email} approves {} after changing it",
                            mark.id
                        );
                        authors_since_approval.insert(mark.path.clone(), BTreeSet::new());
                    }
                    Action::Review => {
                        allowed.extend(document.str_at("/owner"));
                        assert!(
                            allowed.contains(&email),
                            "{email} may not review {}",
                            mark.id
                        );
                    }
                    Action::Accept => {
                        // The person the risk's request names, who did not write this version.
                        let requested: Vec<&str> = document
                            .str_at("/acceptance/by")
                            .map(|identity| config.emails_for(identity))
                            .unwrap_or_default();
                        assert!(
                            requested.contains(&email),
                            "{email} may not accept {}",
                            mark.id
                        );
                        assert!(
                            !authors_since_approval
                                .get(&mark.path)
                                .is_some_and(|authors| authors.contains(email)),
                            "{email} accepts {} after changing it",
                            mark.id
                        );
                    }
                    Action::Change => unreachable!("a change commit has no marks"),
                }
            }
        }
    }

    #[test]
    fn the_intended_states_are_scripted() {
        let plan = built_in();
        let marked = |id: &str, action: Action| -> Vec<String> {
            plan.commits
                .iter()
                .filter(|commit| commit.action == action)
                .filter(|commit| commit.marks.iter().any(|mark| mark.id == id))
                .map(|commit| commit.date.to_string())
                .collect()
        };
        assert_eq!(marked("POL-003", Action::Approve), ["2025-12-01"]);
        assert_eq!(marked("POL-005", Action::Approve), ["2025-09-12"]);
        assert!(marked("POL-005", Action::Review).is_empty());
        assert!(marked("PROC-015", Action::Approve).is_empty());
        assert!(marked("AUD-002", Action::Approve).is_empty());
        for id in ["POL-001", "SCOPE-001", "RISK-001", "RISK-010", "AIIA-001"] {
            assert_eq!(marked(id, Action::Review), ["2026-07-09"], "{id}");
        }
        let last_change = plan
            .commits
            .iter()
            .rev()
            .find(|commit| {
                commit
                    .writes
                    .iter()
                    .any(|(path, _)| path == "aims/policies/acceptable-use-of-ai.md")
            })
            .expect("POL-003 is written");
        assert_eq!(last_change.author.name, "Chloe Martin");
        assert_eq!(last_change.date.to_string(), "2026-11-12");
    }

    /// The references (AIMS203, AIMS204) that do not resolve in the tree left by each commit,
    /// one line each; the lint loads the documents under `aims/` (the sample's aims.yaml).
    fn dangling_references(plan: &Plan) -> Vec<String> {
        use crate::load::references::references;
        let mut tree: BTreeMap<&str, &[u8]> = BTreeMap::new();
        let mut out = Vec::new();
        for (number, commit) in plan.commits.iter().enumerate() {
            if commit.writes.is_empty() {
                continue;
            }
            for (path, bytes) in &commit.writes {
                tree.insert(path, bytes);
            }
            let documents: Vec<Document> = tree
                .iter()
                .filter(|(path, _)| path.starts_with("aims/") && path.ends_with(".md"))
                .map(|(path, bytes)| Document::parse(path, bytes.to_vec()))
                .collect();
            let kinds: BTreeMap<&str, Option<&str>> = documents
                .iter()
                .filter_map(|document| Some((document.id()?, document.kind())))
                .collect();
            for document in &documents {
                for reference in references(document) {
                    let problem = match kinds.get(reference.id) {
                        None => "does not exist yet",
                        Some(Some(kind))
                            if !reference.targets.is_empty()
                                && !reference.targets.contains(kind) =>
                        {
                            "is of another kind"
                        }
                        Some(_) => continue,
                    };
                    out.push(format!(
                        "commit {} ({}, {}): {}{} names {} which {problem}",
                        number + 1,
                        commit.date,
                        commit.message.lines().next().unwrap_or_default(),
                        document.path,
                        reference.pointer,
                        reference.id
                    ));
                }
            }
        }
        out
    }

    /// An auditor looking at the repository as of any past commit (`aims site --at REV`) sees
    /// what the organisation had then: no document cites one written later.
    #[test]
    fn every_commit_references_only_documents_already_written() {
        // The check itself sees a link to a document written later, and a wrong kind.
        let files: &[(&str, &[u8])] = &[
            ("p/aims/a.md", b"---\nid: A-1\nrelated: [B-1]\n---\n# A\n"),
            ("p/aims/b.md", b"---\nid: B-1\nkind: policy\n---\n# B\n"),
            (
                "p/aims/c.md",
                b"---\nid: C-1\nkind: risk\nsystems: [B-1]\n---\n# C\n",
            ),
        ];
        let story = "today: 2026-01-01\nproject: p\npeople:\n  x: {name: X, email: x@e.example}\ncommits:\n  - {date: 2025-01-01, by: x, message: m, files: [aims/a.md]}\n  - {date: 2025-01-02, by: x, message: m, files: [aims/b.md, aims/c.md]}\n";
        let plan = plan_from(story, files).unwrap();
        let found = dangling_references(&plan);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found[0].starts_with("commit 1 ")
                && found[0].contains("/related/0 names B-1 which does not exist yet")
        );
        assert!(
            found[1].starts_with("commit 2 ")
                && found[1].contains("/systems/0 names B-1 which is of another kind")
        );

        let dangling = dangling_references(&built_in());
        assert!(
            dangling.is_empty(),
            "{} dangling references:\n{}",
            dangling.len(),
            dangling.join("\n")
        );
    }

    #[test]
    fn earlier_versions_are_derived_from_the_final_text() {
        let text = "---\nid: X-1\nstatus: retired\nlist:\n  - a: 1\n    done: 2\n    more: >-\n      x\n  - a: 3\ntags: [t]\n---\n# T\n\n## One\n\nbody\n\n## Two\n\ngone\n";
        let rule = Earlier {
            drop_last_section: true,
            drop_keys: vec!["done".to_owned(), "more".to_owned()],
            replace: vec![Replace {
                from: "status: retired".to_owned(),
                to: "status: active".to_owned(),
            }],
            body: None,
        };
        assert_eq!(
            earlier_version(text, &rule).unwrap(),
            "---\nid: X-1\nstatus: active\nlist:\n  - a: 1\n  - a: 3\ntags: [t]\n---\n# T\n\n## One\n\nbody\n"
        );
        let placeholder = Earlier {
            body: Some("# T\n\nTo be written.\n".to_owned()),
            ..Earlier::default()
        };
        assert_eq!(
            earlier_version("---\nid: X-1\n---\n# T\n\nlong\n", &placeholder).unwrap(),
            "---\nid: X-1\n---\n\n# T\n\nTo be written.\n"
        );
        assert!(earlier_version("# T\n", &placeholder).is_err());
        let missing = Earlier {
            drop_keys: vec!["absent".to_owned()],
            ..Earlier::default()
        };
        assert!(earlier_version(text, &missing).is_err());
        let twice = Earlier {
            replace: vec![Replace {
                from: "a: ".to_owned(),
                to: String::new(),
            }],
            ..Earlier::default()
        };
        assert!(earlier_version(text, &twice).is_err());
        assert_eq!(
            drop_last_section("# T\n```\n## not a heading\n```\n"),
            "# T\n```\n## not a heading\n```\n"
        );
    }

    #[test]
    fn london_time_follows_british_summer_time() {
        let date = |text: &str| parse_date(text).unwrap();
        // 2026: BST from 29 March to 25 October.
        assert_eq!(london_time(date("2026-03-28"), 36_000).unwrap().1, 0);
        assert_eq!(london_time(date("2026-03-29"), 36_000).unwrap().1, 3600);
        assert_eq!(london_time(date("2026-10-24"), 36_000).unwrap().1, 3600);
        assert_eq!(london_time(date("2026-10-25"), 36_000).unwrap().1, 0);
        // 2026-07-09 10:00 BST = 09:00 UTC.
        assert_eq!(
            london_time(date("2026-07-09"), 36_000).unwrap().0,
            "2026-07-09T09:00:00Z"
                .parse::<jiff::Timestamp>()
                .unwrap()
                .as_second()
        );
    }

    #[test]
    fn broken_stories_are_errors_not_panics() {
        let files: &[(&str, &[u8])] = &[("p/a.md", b"---\nid: A-1\n---\n# A\n")];
        let base = "today: 2026-01-01\nproject: p\npeople:\n  x: {name: X, email: x@e.example}\n";
        let cases = [
            "commits:\n  - {date: 2025-01-01, by: nobody, message: m, files: [a.md]}\n",
            "commits:\n  - {date: 2025-01-01, by: x, message: m, files: [b.md]}\n",
            "commits:\n  - {date: 2025-01-01, by: x, approve: [A-1]}\n",
            "commits:\n  - {date: 2025-01-01, by: x, files: [a.md]}\n",
            "commits:\n  - {date: 2027-01-01, by: x, message: m, files: [a.md]}\n",
            "commits:\n  - {date: 2025-02-01, by: x, message: m, files: [a.md]}\n  - {date: 2025-01-01, by: x, approve: [A-1]}\n",
            "commits: []\n",
            "commits:\n  - {date: 2025-01-01, by: x, message: m, files: [{path: a.md, version: earlier}]}\n",
        ];
        for case in cases {
            let story = format!("{base}{case}");
            assert!(plan_from(&story, files).is_err(), "{case}");
        }
        let good = format!(
            "{base}commits:\n  - {{date: 2025-01-01, by: x, message: m, files: [a.md]}}\n  - {{date: 2025-01-01, by: x, approve: [A-1]}}\n"
        );
        let plan = plan_from(&good, files).unwrap();
        assert_eq!(plan.commits.len(), 2);
        assert!(
            plan.commits[1]
                .message
                .starts_with("Approve A-1\n\nApproves: A-1 <")
        );
        assert!(plan.commits[0].seconds < plan.commits[1].seconds);
    }
}
