//! `files/<folder>/index.html`: a listing of a folder given as evidence, at whatever depth the
//! folder sits.

use super::super::files::folder_page;
use super::super::layout::Layout;
use super::super::links::Link;
use super::super::model::{Folder, SiteModel};
use super::Page;
use askama::Template;

/// The listing of one evidence folder.
pub struct FolderPage<'m> {
    folder: &'m Folder,
    /// Where the page is written (folders keep their names on disk).
    file: String,
}

impl<'m> FolderPage<'m> {
    pub fn new(folder: &'m Folder) -> FolderPage<'m> {
        FolderPage {
            file: folder_page(&folder.path).0,
            folder,
        }
    }
}

#[derive(Template)]
#[template(path = "folder.html")]
struct FolderTemplate<'a> {
    layout: &'a Layout<'a>,
    folder: &'a str,
    files: Vec<Link>,
}

impl Page for FolderPage<'_> {
    fn file(&self) -> &str {
        &self.file
    }

    fn title(&self, _: &SiteModel<'_>) -> String {
        format!("Evidence folder {}", self.folder.path)
    }

    fn active(&self) -> &str {
        ""
    }

    fn render(&self, model: &SiteModel<'_>, layout: &Layout<'_>) -> askama::Result<String> {
        FolderTemplate {
            layout,
            folder: &self.folder.path,
            files: self
                .folder
                .files
                .iter()
                .map(|file| Link {
                    href: format!("{}{}", layout.root, model.links.file_names.url(file)),
                    text: file.clone(),
                    title: String::new(),
                })
                .collect(),
        }
        .render()
    }
}
