//! Loading: walk the document roots of a [`FileSource`], split each file's frontmatter, parse it
//! into JSON with positions, and index the result by document id.
//!
//! Loading never fails because of one bad file: a file that cannot be read or parsed becomes a
//! [`Document`] carrying its [`LoadProblem`], which the 1xx rules turn into diagnostics.

pub mod evidence;
pub mod frontmatter;
pub mod gitsource;
pub mod model;
pub mod references;
pub mod source;
pub mod worktree;

use crate::diagnostic::Span;
use crate::yaml::{self, PositionMap, YamlProblem};
use frontmatter::{DecodeProblem, SplitProblem};
use globset::GlobSet;
use rayon::prelude::*;
use serde_json::Value;
use source::{FileSource, ReadProblem, SourceError};
use std::collections::HashMap;

/// The fields every rule asks about, read once at load time (when they are text).
#[derive(Debug, Clone, Default)]
pub struct Header {
    pub id: Option<String>,
    pub kind: Option<String>,
    pub status: Option<String>,
    pub title: Option<String>,
}

impl Header {
    fn of(data: &Value) -> Header {
        let text = |key: &str| data.get(key).and_then(Value::as_str).map(str::to_owned);
        Header {
            id: text("id"),
            kind: text("kind"),
            status: text("status"),
            title: text("title"),
        }
    }
}

/// Parsed frontmatter of a document.
#[derive(Debug, Clone)]
pub struct Frontmatter {
    pub header: Header,
    /// Always a JSON object.
    pub data: Value,
    pub positions: PositionMap,
    /// Byte offset of the Markdown body in the document text.
    pub body_offset: usize,
    /// File line on which the body starts.
    pub body_first_line: usize,
}

/// Why a document's frontmatter is not available.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadProblem {
    Read(ReadProblem),
    Decode(DecodeProblem),
    Split(SplitProblem),
    Yaml(YamlProblem),
}

/// One Markdown file matched by the document globs.
#[derive(Debug, Clone)]
pub struct Document {
    /// Project-relative path with forward slashes.
    pub path: String,
    /// The whole file as text (empty when it could not be decoded). Shared, so reports can
    /// keep it for source snippets without copying it.
    pub text: std::sync::Arc<str>,
    pub content: Result<Frontmatter, LoadProblem>,
}

impl Document {
    /// Reads and parses one document from `source`.
    pub fn load(source: &dyn FileSource, path: &str) -> Document {
        match source.read(path) {
            Ok(bytes) => Document::parse(path, bytes),
            Err(problem) => Document {
                path: path.to_owned(),
                text: std::sync::Arc::from(""),
                content: Err(LoadProblem::Read(problem)),
            },
        }
    }

    /// Parses a document from its bytes.
    pub fn parse(path: &str, bytes: Vec<u8>) -> Document {
        let text = match frontmatter::decode(bytes) {
            Ok(text) => text,
            Err(problem) => {
                return Document {
                    path: path.to_owned(),
                    text: std::sync::Arc::from(""),
                    content: Err(LoadProblem::Decode(problem)),
                };
            }
        };
        let content = parse_frontmatter(&text);
        Document {
            path: path.to_owned(),
            text: text.into(),
            content,
        }
    }

    pub fn frontmatter(&self) -> Option<&Frontmatter> {
        self.content.as_ref().ok()
    }

    /// The frontmatter value at a JSON pointer.
    /// The frontmatter value at a JSON Pointer (RFC 6901), as `serde_json`'s `pointer` finds it.
    pub fn get(&self, pointer: &str) -> Option<&Value> {
        let data = &self.frontmatter()?.data;
        // Rules and pages ask for fixed pointers millions of times on a large repository;
        // `Value::pointer` allocates two strings per step to unescape `~0` and `~1`, which
        // only a pointer holding `~` needs.
        if pointer.contains('~') {
            return data.pointer(pointer);
        }
        if pointer.is_empty() {
            return Some(data);
        }
        let mut value = data;
        for step in pointer.strip_prefix('/')?.split('/') {
            value = match value {
                Value::Object(entries) => entries.get(step)?,
                Value::Array(items) => items.get(array_index(step)?)?,
                _ => return None,
            };
        }
        Some(value)
    }

    pub fn str_at(&self, pointer: &str) -> Option<&str> {
        self.get(pointer)?.as_str()
    }

    pub fn id(&self) -> Option<&str> {
        self.frontmatter()?.header.id.as_deref()
    }

    pub fn kind(&self) -> Option<&str> {
        self.frontmatter()?.header.kind.as_deref()
    }

    pub fn title(&self) -> Option<&str> {
        self.frontmatter()?.header.title.as_deref()
    }

    pub fn status(&self) -> Option<&str> {
        self.frontmatter()?.header.status.as_deref()
    }

    /// The lifecycle `status`; `None` when it is missing or not a value the schema allows (the
    /// schema rule reports that).
    pub fn lifecycle(&self) -> Option<model::Lifecycle> {
        self.status().and_then(crate::text::from_variant_name)
    }

    pub fn is_active(&self) -> bool {
        self.lifecycle() == Some(model::Lifecycle::Active)
    }

    /// Retired documents stay for the record but no longer count as evidence or as the holder
    /// of their id.
    pub fn is_retired(&self) -> bool {
        self.lifecycle() == Some(model::Lifecycle::Retired)
    }

    /// A worked example (`example: true`, as `aims init` writes them): never real evidence.
    pub fn is_example(&self) -> bool {
        self.get("/example").and_then(Value::as_bool) == Some(true)
    }

    /// The span to underline for a finding about the node at `pointer`.
    pub fn span(&self, pointer: &str) -> Span {
        self.frontmatter()
            .and_then(|front| front.positions.span_for(pointer))
            .unwrap_or(OPENING_DELIMITER)
    }

    /// The span of the key introducing the node at `pointer`.
    pub fn key_span(&self, pointer: &str) -> Span {
        self.frontmatter()
            .and_then(|front| front.positions.key_span(pointer))
            .unwrap_or(OPENING_DELIMITER)
    }

    /// The Markdown body (empty when the frontmatter could not be split).
    pub fn body(&self) -> &str {
        match &self.content {
            Ok(front) => self.text.get(front.body_offset..).unwrap_or_default(),
            Err(_) => "",
        }
    }
}

pub use crate::diagnostic::OPENING_DELIMITER;

fn parse_frontmatter(text: &str) -> Result<Frontmatter, LoadProblem> {
    let split = frontmatter::split(text).map_err(LoadProblem::Split)?;
    let located = yaml::parse_mapping(split.yaml, split.yaml_first_line, OPENING_DELIMITER)
        .map_err(LoadProblem::Yaml)?;
    Ok(Frontmatter {
        header: Header::of(&located.value),
        data: located.value,
        positions: located.positions,
        body_offset: split.body_offset,
        body_first_line: split.body_first_line,
    })
}

/// Which files are documents: include globs minus exclude globs, relative to the project root.
#[derive(Debug, Clone)]
pub struct DocumentMatcher {
    /// The globs as written, which identify the matcher (caches are keyed by them).
    globs: (Vec<String>, Vec<String>),
    include: GlobSet,
    exclude: GlobSet,
    /// Literal directory prefixes of the include globs, so the walk can skip the rest.
    prefixes: Vec<String>,
}

impl DocumentMatcher {
    /// The documents aims.yaml selects (`documents:` minus `exclude:`).
    pub fn for_config(config: &crate::config::Config) -> Result<DocumentMatcher, globset::Error> {
        DocumentMatcher::new(&config.documents, &config.exclude)
    }

    pub fn new(include: &[String], exclude: &[String]) -> Result<DocumentMatcher, globset::Error> {
        Ok(DocumentMatcher {
            globs: (include.to_vec(), exclude.to_vec()),
            include: build_globset(include)?,
            exclude: build_globset(exclude)?,
            prefixes: include.iter().map(|glob| literal_prefix(glob)).collect(),
        })
    }

    /// A matcher that selects no file.
    pub fn nothing() -> DocumentMatcher {
        DocumentMatcher {
            globs: (Vec::new(), Vec::new()),
            include: GlobSet::empty(),
            exclude: GlobSet::empty(),
            prefixes: Vec::new(),
        }
    }

    pub fn is_match(&self, path: &str) -> bool {
        self.include.is_match(path) && !self.exclude.is_match(path)
    }

    pub fn prefixes(&self) -> &[String] {
        &self.prefixes
    }

    /// The include and exclude globs, as written.
    pub fn globs(&self) -> (&[String], &[String]) {
        (&self.globs.0, &self.globs.1)
    }
}

pub use crate::glob::{build_globset, compile_glob};

/// The directory part of a glob before its first wildcard: `aims/docs/**/*.md` → `aims/docs`.
fn literal_prefix(glob: &str) -> String {
    let glob = glob.trim_start_matches("./");
    let mut parts = Vec::new();
    let segments: Vec<&str> = glob.split('/').collect();
    for (index, segment) in segments.iter().enumerate() {
        let is_last = index + 1 == segments.len();
        if is_last || segment.contains(['*', '?', '[', '{', '\\']) {
            break;
        }
        parts.push(*segment);
    }
    parts.join("/")
}

/// Why a matched file is not tracked as a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Untracked {
    NoFrontmatter,
    BadFrontmatter,
    NoId,
    NotText,
    Unreadable,
}

impl Untracked {
    /// The problem of one file, in words.
    pub fn describe(self) -> &'static str {
        match self {
            Untracked::NoFrontmatter => "it has no frontmatter (no `---` on its first line)",
            Untracked::BadFrontmatter => "its frontmatter does not parse",
            Untracked::NoId => "its frontmatter has no `id`",
            Untracked::NotText => "it is not UTF-8 text",
            Untracked::Unreadable => "it cannot be read",
        }
    }

    /// How many files have this problem, in words: `3 without frontmatter`.
    pub fn counted(self, count: usize) -> String {
        let what = match self {
            Untracked::NoFrontmatter => "without frontmatter",
            Untracked::BadFrontmatter => "with frontmatter that does not parse",
            Untracked::NoId => "without an `id`",
            Untracked::NotText => "that are not UTF-8 text",
            Untracked::Unreadable => "that cannot be read",
        };
        format!("{count} {what}")
    }
}

/// A matched file that is not tracked as a document, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct NotADocument<'d> {
    pub path: &'d str,
    pub reason: Untracked,
}

/// All documents of a project, sorted by path, indexed by id.
#[derive(Debug, Default)]
pub struct DocumentSet {
    pub documents: Vec<Document>,
    by_id: HashMap<String, Vec<usize>>,
}

impl DocumentSet {
    pub fn new(mut documents: Vec<Document>) -> DocumentSet {
        documents.sort_by(|a, b| a.path.cmp(&b.path));
        let mut by_id: HashMap<String, Vec<usize>> = HashMap::new();
        for (index, document) in documents.iter().enumerate() {
            if let Some(id) = document.id() {
                by_id.entry(id.to_owned()).or_default().push(index);
            }
        }
        DocumentSet { documents, by_id }
    }

    /// The first document (in path order) with this id.
    pub fn by_id(&self, id: &str) -> Option<&Document> {
        self.by_id
            .get(id)
            .and_then(|indices| indices.first())
            .map(|&index| &self.documents[index])
    }

    /// Every document claiming this id, in path order.
    pub fn all_with_id(&self, id: &str) -> impl Iterator<Item = &Document> {
        self.by_id
            .get(id)
            .into_iter()
            .flatten()
            .map(|&index| &self.documents[index])
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.by_id.keys().map(String::as_str)
    }

    pub fn by_path(&self, path: &str) -> Option<&Document> {
        self.documents
            .binary_search_by(|document| document.path.as_str().cmp(path))
            .ok()
            .map(|index| &self.documents[index])
    }

    /// Matched files that cannot be tracked as documents, and why: no frontmatter, frontmatter
    /// that does not parse, unreadable, or no `id`. Every command reports these the same way
    /// instead of leaving them out.
    pub fn not_documents(&self) -> Vec<NotADocument<'_>> {
        self.documents
            .iter()
            .filter_map(|document| {
                let reason = match &document.content {
                    Ok(_) if document.id().is_some() => return None,
                    Ok(_) => Untracked::NoId,
                    Err(LoadProblem::Split(frontmatter::SplitProblem::Missing)) => {
                        Untracked::NoFrontmatter
                    }
                    Err(LoadProblem::Split(_) | LoadProblem::Yaml(_)) => Untracked::BadFrontmatter,
                    Err(LoadProblem::Decode(_)) => Untracked::NotText,
                    Err(LoadProblem::Read(_)) => Untracked::Unreadable,
                };
                Some(NotADocument {
                    path: &document.path,
                    reason,
                })
            })
            .collect()
    }

    /// Documents whose frontmatter parsed.
    pub fn loaded(&self) -> impl Iterator<Item = &Document> {
        self.documents
            .iter()
            .filter(|document| document.content.is_ok())
    }

    pub fn of_kind<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = &'a Document> + 'a {
        self.loaded()
            .filter(move |document| document.kind() == Some(kind))
    }

    pub fn len(&self) -> usize {
        self.documents.len()
    }

    pub fn is_empty(&self) -> bool {
        self.documents.is_empty()
    }
}

/// Lists the files matched by `matcher` in `source` and loads them in parallel.
pub fn load_documents(
    source: &dyn FileSource,
    matcher: &DocumentMatcher,
) -> Result<DocumentSet, SourceError> {
    let listed = source.list(matcher.prefixes())?;
    let documents: Vec<Document> = listed
        .par_iter()
        .filter(|file| matcher.is_match(&file.path))
        .map(|file| {
            if file.bad_name {
                Document {
                    path: file.path.clone(),
                    text: std::sync::Arc::from(""),
                    content: Err(LoadProblem::Read(ReadProblem::BadFileName)),
                }
            } else {
                match source.read_listed(file) {
                    Ok(bytes) => Document::parse(&file.path, bytes),
                    Err(problem) => Document {
                        path: file.path.clone(),
                        text: std::sync::Arc::from(""),
                        content: Err(LoadProblem::Read(problem)),
                    },
                }
            }
        })
        .collect();
    Ok(DocumentSet::new(documents))
}

/// A JSON Pointer step as an array index: digits without a leading zero or sign, as
/// `serde_json` reads it.
fn array_index(step: &str) -> Option<usize> {
    if step.starts_with('+') || (step.starts_with('0') && step.len() > 1) {
        return None;
    }
    step.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Position;

    #[test]
    fn literal_prefixes() {
        assert_eq!(literal_prefix("aims/**/*.md"), "aims");
        assert_eq!(literal_prefix("./docs/policies/*.md"), "docs/policies");
        assert_eq!(literal_prefix("**/*.md"), "");
        assert_eq!(literal_prefix("policy.md"), "");
    }

    #[test]
    fn matcher_uses_path_segments() {
        let matcher =
            DocumentMatcher::new(&["aims/*.md".into()], &["aims/draft-*.md".into()]).unwrap();
        assert!(matcher.is_match("aims/policy.md"));
        assert!(!matcher.is_match("aims/sub/policy.md"));
        assert!(!matcher.is_match("aims/draft-x.md"));
        let all = DocumentMatcher::new(&["**/*.md".into()], &[]).unwrap();
        assert!(all.is_match("top.md"));
        assert!(all.is_match("a/b/c.md"));
    }

    #[test]
    fn document_accessors_and_body() {
        let document = Document::parse(
            "p.md",
            b"---\nid: POL-001\nkind: policy\n---\n# Body\n".to_vec(),
        );
        assert_eq!(document.id(), Some("POL-001"));
        assert_eq!(document.kind(), Some("policy"));
        assert_eq!(document.body(), "# Body\n");
        assert_eq!(document.span("/kind").start, Position::new(3, 7));
        assert_eq!(document.span("/missing"), OPENING_DELIMITER);
    }

    #[test]
    fn get_finds_what_a_json_pointer_finds() {
        let document = Document::parse(
            "r.md",
            b"---\nid: RISK-001\nkind: risk\ntreatment:\n  controls: [A.1, A.2]\n\"a/b\": 1\n\"m~n\": 2\n\"\": 3\n\"01\": 4\nlist: [x, y, z]\n---\n".to_vec(),
        );
        let data = &document.frontmatter().expect("frontmatter").data;
        for pointer in [
            "",
            "/",
            "/id",
            "/treatment/controls/1",
            "/treatment/controls/01",
            "/treatment/controls/+1",
            "/treatment/controls/9",
            "/treatment/controls/x",
            "/a~1b",
            "/m~0n",
            "/01",
            "/list/0/deeper",
            "/id/0",
            "/missing/x",
            "id",
        ] {
            assert_eq!(document.get(pointer), data.pointer(pointer), "{pointer:?}");
        }
    }
}
