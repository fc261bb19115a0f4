//! Where things are in the site, and links to them: each document's page, Annex A controls,
//! clauses, commits on the forge, and the copies of repository files (evidence). Answers are
//! pure look-ups; which files get copied is decided once, in the site model.

use super::files::FileNames;
use super::html::filters;
use super::markdown::LinkResolver;
use crate::catalog::Catalog;
use crate::config::Config;
use crate::load::source::{Entry, FileSource};
use crate::load::{Document, DocumentSet};
use askama::Template;
use std::collections::{BTreeMap, BTreeSet};

/// A link, rendered by `templates/fragments/link.html` (a `span` when there is nowhere to go).
#[derive(Debug, Clone, PartialEq, Eq, Template)]
#[template(path = "fragments/link.html")]
pub struct Link {
    pub href: String,
    pub text: String,
    pub title: String,
}

// The fragment template escapes every field.
impl askama::filters::HtmlSafe for Link {}

impl Link {
    /// Links out of the site open without handing the site to the target.
    pub fn external(&self) -> bool {
        self.href.starts_with("http://") || self.href.starts_with("https://")
    }
}

/// Links separated by commas, or a dash when there are none.
#[derive(Debug, Clone, Default, PartialEq, Eq, Template)]
#[template(path = "fragments/links.html")]
pub struct LinkList {
    pub links: Vec<Link>,
}

// The fragment template escapes every field.
impl askama::filters::HtmlSafe for LinkList {}

impl FromIterator<Link> for LinkList {
    fn from_iter<I: IntoIterator<Item = Link>>(links: I) -> LinkList {
        LinkList {
            links: links.into_iter().collect(),
        }
    }
}

/// A repository file or folder the site carries a copy (or a listing) of.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Copy {
    File(String),
    Folder(String),
}

/// The site's map of documents and repository files.
pub struct Links<'a> {
    pub config: &'a Config,
    pub catalog: &'static Catalog,
    pub documents: &'a DocumentSet,
    source: &'a dyn FileSource,
    /// Document id → page URL (relative to the site root).
    pub pages: BTreeMap<String, String>,
    /// Project path → document id, for documents that have pages.
    pub paths: BTreeMap<String, String>,
    /// Where each repository file is copied.
    pub file_names: FileNames,
}

impl<'a> Links<'a> {
    pub fn new(
        config: &'a Config,
        documents: &'a DocumentSet,
        source: &'a dyn FileSource,
    ) -> Links<'a> {
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
        Links {
            config,
            catalog: crate::catalog::catalog(),
            documents,
            source,
            pages,
            paths,
            file_names: FileNames::new(
                source
                    .list(&[])
                    .unwrap_or_default()
                    .iter()
                    .map(|file| file.path.as_str()),
            ),
        }
    }

    /// Whether `document` is the one its id's page shows.
    pub fn has_page(&self, document: &Document) -> bool {
        document
            .id()
            .is_some_and(|id| self.paths.get(&document.path).map(String::as_str) == Some(id))
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

    /// Links to documents by id.
    pub fn document_links<'i>(
        &self,
        ids: impl IntoIterator<Item = &'i str>,
        root: &str,
    ) -> LinkList {
        ids.into_iter()
            .map(|id| self.document_link(id, root))
            .collect()
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
        use crate::load::evidence::{EvidenceTarget, classify};
        match classify(entry) {
            EvidenceTarget::Link => Link {
                href: entry.trim().to_owned(),
                text: entry.trim().to_owned(),
                title: "external link".to_owned(),
            },
            EvidenceTarget::Path(path) => match self.copy(&path) {
                Some(copy) => Link {
                    href: format!("{root}{}", self.copy_url(&copy)),
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

    /// The repository file or folder an evidence entry names, if the commit has it.
    pub fn evidence_copy(&self, entry: &str) -> Option<Copy> {
        use crate::load::evidence::{EvidenceTarget, classify};
        match classify(entry) {
            EvidenceTarget::Path(path) => self.copy(&path),
            _ => None,
        }
    }

    /// What the site carries for a project path: a copy of a file, or a listing of a folder.
    /// Links never follow symbolic links out of the commit.
    pub fn copy(&self, path: &str) -> Option<Copy> {
        match self.source.entry(path) {
            Entry::File => Some(Copy::File(path.to_owned())),
            Entry::Directory => Some(Copy::Folder(path.to_owned())),
            Entry::Missing | Entry::Symlink { .. } => None,
        }
    }

    /// The site URL of a copy, relative to the site root.
    pub fn copy_url(&self, copy: &Copy) -> String {
        match copy {
            Copy::File(path) => self.file_names.url(path),
            Copy::Folder(path) => super::files::folder_page(path).1,
        }
    }

    /// The target of a link in a document body, when it is a file or folder the site carries
    /// (rather than a document's page).
    pub fn body_copy(&self, project_path: &str) -> Option<Copy> {
        if self.paths.contains_key(project_path) {
            return None;
        }
        self.copy(project_path)
    }
}

impl LinkResolver for Links<'_> {
    fn resolve(&self, project_path: &str) -> Option<String> {
        if let Some(id) = self.paths.get(project_path) {
            return self.pages.get(id).cloned();
        }
        self.copy(project_path).map(|copy| self.copy_url(&copy))
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

    fn link(href: &str, title: &str) -> Link {
        Link {
            href: href.to_owned(),
            text: "A & <B>".to_owned(),
            title: title.to_owned(),
        }
    }

    /// Named entities, as links have always been escaped (see `html::filters::entities`).
    #[test]
    fn links_render_escaped() {
        assert_eq!(
            link("", "").to_string(),
            r#"<span class="dead">A &amp; &lt;B&gt;</span>"#
        );
        assert_eq!(
            link("documents/X.html", "it's").to_string(),
            r#"<a href="documents/X.html" title="it&#39;s">A &amp; &lt;B&gt;</a>"#
        );
        assert_eq!(
            link("https://example.org/?a=\"b\"", "").to_string(),
            r#"<a href="https://example.org/?a=&quot;b&quot;" rel="noopener noreferrer">A &amp; &lt;B&gt;</a>"#
        );
        assert_eq!(
            LinkList::default().to_string(),
            r#"<span class="none">—</span>"#
        );
        assert_eq!(
            [link("a.html", ""), link("", "x")]
                .into_iter()
                .collect::<LinkList>()
                .to_string(),
            r#"<a href="a.html">A &amp; &lt;B&gt;</a>, <span class="dead" title="x">A &amp; &lt;B&gt;</span>"#
        );
    }
}
