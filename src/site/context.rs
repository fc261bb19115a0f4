//! What every page of the site needs to know: where each document's page is, how to link ids,
//! controls, clauses, commits and files, and which repository files the site must carry.

use super::files::FileNames;
use super::markdown::LinkResolver;
use crate::catalog::Catalog;
use crate::config::Config;
use crate::history::History;
use crate::load::source::{Entry, FileSource};
use crate::load::{Document, DocumentSet};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;

/// HTML-escapes text for element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

/// A link, ready for a template (templates escape every field).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub href: String,
    pub text: String,
    pub title: String,
}

/// Shared state for rendering.
pub struct Context<'a> {
    pub config: &'a Config,
    pub catalog: &'static Catalog,
    pub documents: &'a DocumentSet,
    pub history: &'a History,
    pub source: &'a dyn FileSource,
    /// Document id → page URL (relative to the site root).
    pub pages: BTreeMap<String, String>,
    /// Project path → document id, for documents that have pages.
    pub paths: BTreeMap<String, String>,
    /// Repository files the site must carry, collected while rendering.
    pub files: Mutex<BTreeSet<String>>,
    /// Where each repository file is copied.
    pub file_names: FileNames,
}

impl<'a> Context<'a> {
    pub fn new(
        config: &'a Config,
        documents: &'a DocumentSet,
        history: &'a History,
        source: &'a dyn FileSource,
    ) -> Context<'a> {
        let mut pages = BTreeMap::new();
        let mut paths = BTreeMap::new();
        let mut taken = BTreeSet::new();
        for document in documents.loaded() {
            let Some(id) = document.id() else { continue };
            if pages.contains_key(id) {
                continue; // A duplicate id (AIMS201): the first document keeps the page.
            }
            let mut name: String = id
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || c == '-' || c == '.' || c == '_' {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
            while !taken.insert(name.to_ascii_lowercase()) {
                name.push('_');
            }
            pages.insert(id.to_owned(), format!("documents/{name}.html"));
            paths.insert(document.path.clone(), id.to_owned());
        }
        Context {
            config,
            catalog: crate::catalog::catalog(),
            documents,
            history,
            source,
            pages,
            paths,
            files: Mutex::new(BTreeSet::new()),
            file_names: FileNames::new(
                source
                    .list(&[])
                    .unwrap_or_default()
                    .iter()
                    .map(|file| file.path.as_str()),
            ),
        }
    }

    /// A link to a document by id (plain text when it has no page).
    pub fn document_link(&self, id: &str, root: &str) -> Link {
        let title = self
            .documents
            .by_id(id)
            .and_then(Document::title)
            .unwrap_or_default()
            .to_owned();
        match self.pages.get(id) {
            Some(url) => Link {
                href: format!("{root}{url}"),
                text: id.to_owned(),
                title,
            },
            None => Link {
                href: String::new(),
                text: id.to_owned(),
                title: "no such document".to_owned(),
            },
        }
    }

    pub fn document_of(&self, id: &str) -> Option<&'a Document> {
        self.documents.by_id(id)
    }

    /// A link to an Annex A control's row in the SoA page.
    pub fn control_link(&self, id: &str, root: &str) -> Link {
        let title = self
            .catalog
            .control(id)
            .map(|control| control.title.clone())
            .unwrap_or_default();
        Link {
            href: format!("{root}soa.html#{}", control_anchor(id)),
            text: id.to_owned(),
            title,
        }
    }

    pub fn clause_link(&self, id: &str, root: &str) -> Link {
        let title = self
            .catalog
            .clause(id)
            .map(|clause| clause.title.clone())
            .unwrap_or_default();
        Link {
            href: format!("{root}clauses.html#{}", clause_anchor(id)),
            text: id.to_owned(),
            title,
        }
    }

    /// A link to a commit on the forge, when `repo_url` is configured.
    pub fn commit_url(&self, id: &str) -> Option<String> {
        self.config
            .repo_url
            .as_ref()
            .map(|url| format!("{url}/commit/{id}"))
    }

    /// A link for an evidence entry: a copy of the file in the site, or the external URL.
    pub fn evidence_link(&self, entry: &str, root: &str) -> Link {
        use crate::check::evidence::{EvidenceTarget, classify};
        match classify(entry) {
            EvidenceTarget::Link => Link {
                href: entry.trim().to_owned(),
                text: entry.trim().to_owned(),
                title: "external link".to_owned(),
            },
            EvidenceTarget::Path(path) => match self.claim_file(&path) {
                Some(url) => Link {
                    href: format!("{root}{url}"),
                    text: path,
                    title: "evidence file".to_owned(),
                },
                None => Link {
                    href: String::new(),
                    text: path,
                    title: "missing from this commit".to_owned(),
                },
            },
            EvidenceTarget::Outside | EvidenceTarget::BadScheme(_) => Link {
                href: String::new(),
                text: entry.to_owned(),
                title: "not usable as evidence".to_owned(),
            },
        }
    }

    /// Registers a repository file (or folder) for copying and returns its site URL.
    fn claim_file(&self, path: &str) -> Option<String> {
        match self.source.entry(path) {
            Entry::File => {
                if let Ok(mut files) = self.files.lock() {
                    files.insert(path.to_owned());
                }
                Some(self.file_names.url(path))
            }
            Entry::Directory => {
                if let Ok(mut files) = self.files.lock() {
                    files.insert(format!("{path}/"));
                }
                Some(super::files::folder_page(path).1)
            }
            Entry::Missing | Entry::Symlink { .. } => None,
        }
    }
}

impl LinkResolver for Context<'_> {
    fn resolve(&self, project_path: &str) -> Option<String> {
        if let Some(id) = self.paths.get(project_path) {
            return self.pages.get(id).cloned();
        }
        self.claim_file(project_path)
    }
}

/// `A.6.2.4` → `control-A-6-2-4`.
pub fn control_anchor(id: &str) -> String {
    format!("control-{}", id.replace('.', "-"))
}

/// `6.1.3` → `clause-6-1-3`.
pub fn clause_anchor(id: &str) -> String {
    format!("clause-{}", id.replace('.', "-"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_html() {
        assert_eq!(
            escape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }
}
