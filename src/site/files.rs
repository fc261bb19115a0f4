//! Where repository files (evidence) are copied in the site, so that nothing copied can run.
//!
//! A browser opening a file from disk decides what it is by its name: an `.html`, `.xht`,
//! `.svg` or extension-less file can become a page that runs script. Only names from a short
//! list of inert types (documents, images, data, archives, media) keep their name; every other
//! file gets `.txt` appended and opens as text. Names are assigned over every file of the
//! commit at once, so two files never share an output name, not even on a file system that
//! ignores case (`Report.PDF` and `report.pdf`): the later one, in path order, gets `~2`.

use std::collections::{HashMap, HashSet};

/// Extensions a browser shows or downloads without running anything.
const INERT_EXTENSIONS: &[&str] = &[
    // Documents and office files (shown by a viewer, or downloaded).
    "pdf", "txt", "md", "markdown", "csv", "tsv", "json", "yaml", "yml", "log", "rtf", "doc",
    "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp", // Images.
    "png", "jpg", "jpeg", "gif", "webp", "bmp", "tif", "tiff", "avif", "heic", "ico",
    // Archives and media.
    "zip", "gz", "tgz", "7z", "tar", "mp3", "m4a", "wav", "ogg", "mp4", "webm", "mov",
];

/// Whether a file name keeps its name in the site.
pub fn is_inert(name: &str) -> bool {
    name.rsplit_once('.')
        .filter(|(stem, _)| !stem.is_empty())
        .is_some_and(|(_, extension)| {
            INERT_EXTENSIONS.contains(&extension.to_ascii_lowercase().as_str())
        })
}

/// The name a file gets before collisions are resolved.
fn plain_name(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    if is_inert(name) {
        path.to_owned()
    } else {
        format!("{path}.txt")
    }
}

/// `evidence/a.pdf` + 2 → `evidence/a~2.pdf`.
fn numbered(name: &str, number: usize) -> String {
    let (folder, file) = match name.rsplit_once('/') {
        Some((folder, file)) => (format!("{folder}/"), file),
        None => (String::new(), name),
    };
    match file.rsplit_once('.') {
        Some((stem, extension)) if !stem.is_empty() => {
            format!("{folder}{stem}~{number}.{extension}")
        }
        _ => format!("{folder}{file}~{number}"),
    }
}

/// The site names of a commit's files.
#[derive(Debug, Default)]
pub struct FileNames {
    /// Project path → path under `files/` on disk.
    names: HashMap<String, String>,
}

impl FileNames {
    /// Names every file of `paths` (project-relative), in path order.
    pub fn new<'p>(paths: impl IntoIterator<Item = &'p str>) -> FileNames {
        let mut paths: Vec<&str> = paths.into_iter().collect();
        paths.sort_unstable();
        paths.dedup();
        let mut taken: HashSet<String> = HashSet::new();
        let mut names = HashMap::with_capacity(paths.len());
        // Files that keep their own name are named first, so a renamed file never displaces
        // one (`page.xht` becomes `page.xht~2.txt` beside a real `page.xht.txt`).
        let keeps_name = |path: &&str| is_inert(path.rsplit('/').next().unwrap_or(path));
        let (kept, renamed): (Vec<&str>, Vec<&str>) = paths.into_iter().partition(keeps_name);
        for path in kept.into_iter().chain(renamed) {
            let plain = plain_name(path);
            let mut name = plain.clone();
            let mut number = 2;
            while !taken.insert(name.to_lowercase()) {
                name = numbered(&plain, number);
                number += 1;
            }
            names.insert(path.to_owned(), name);
        }
        FileNames { names }
    }

    fn name(&self, path: &str) -> String {
        self.names
            .get(path)
            .cloned()
            .unwrap_or_else(|| plain_name(path))
    }

    /// Where the copy is written, relative to the site root.
    pub fn disk_path(&self, path: &str) -> String {
        format!("files/{}", self.name(path))
    }

    /// The link to the copy, relative to the site root.
    pub fn url(&self, path: &str) -> String {
        let encoded: Vec<String> = self.name(path).split('/').map(encode_segment).collect();
        format!("files/{}", encoded.join("/"))
    }
}

/// The folder page of an evidence folder, relative to the site root (folders keep their name).
pub fn folder_page(folder: &str) -> (String, String) {
    let encoded: Vec<String> = folder.split('/').map(encode_segment).collect();
    (
        format!("files/{folder}/index.html"),
        format!("files/{}/index.html", encoded.join("/")),
    )
}

/// Percent-encodes a path segment for use in an href.
fn encode_segment(segment: &str) -> String {
    let mut out = String::new();
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_inert_types_keep_their_name() {
        let names = FileNames::new([
            "evidence/a b.pdf",
            "evidence/report.HTML",
            "evidence/chart.svg",
            "evidence/page.xht",
            "evidence/page.xhtm",
            "evidence/page.shtm",
            "evidence/README",
            "evidence/.htaccess",
            "evidence/photo.JPG",
        ]);
        assert_eq!(names.url("evidence/a b.pdf"), "files/evidence/a%20b.pdf");
        assert_eq!(
            names.disk_path("evidence/a b.pdf"),
            "files/evidence/a b.pdf"
        );
        for active in [
            "evidence/report.HTML",
            "evidence/chart.svg",
            "evidence/page.xht",
            "evidence/page.xhtm",
            "evidence/page.shtm",
            "evidence/README",
            "evidence/.htaccess",
        ] {
            assert_eq!(names.disk_path(active), format!("files/{active}.txt"));
        }
        assert_eq!(
            names.disk_path("evidence/photo.JPG"),
            "files/evidence/photo.JPG"
        );
    }

    #[test]
    fn two_files_never_share_a_name() {
        let paths = [
            "evidence/x.html",
            "evidence/x.html.txt",
            "evidence/Report.pdf",
            "evidence/report.pdf",
            "evidence/report~2.pdf",
            "Evidence/report.pdf",
        ];
        let names = FileNames::new(paths);
        let mut seen = HashSet::new();
        for path in paths {
            let name = names.disk_path(path).to_lowercase();
            assert!(seen.insert(name.clone()), "{path} → {name} is taken");
            assert!(
                is_inert(name.rsplit('/').next().unwrap()),
                "{path} → {name} is not inert"
            );
        }
        // The same commit always gives the same names.
        let again = FileNames::new(paths.iter().rev().copied());
        for path in paths {
            assert_eq!(names.disk_path(path), again.disk_path(path));
        }
    }
}
