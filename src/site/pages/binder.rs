//! The printable audit binder, one file per section so none grows with the whole repository:
//! `binder.html` is the contents (each section of the documents list — policies, procedures,
//! risks, … — with its volumes), and `binder/<kind>.html` (or `binder/<kind>-<n>.html` when a
//! large section is cut into volumes) binds each section's documents in order, each with its
//! approval trail, ready to print or save as PDF.

use super::super::layout::Layout;
use super::super::model::SiteModel;
use super::super::model::document::DocView;
use super::Page;
use askama::Template;
use std::ops::Range;
use std::sync::Arc;

/// A volume is closed once its documents' estimated HTML passes this many bytes…
pub const VOLUME_BYTES: usize = 1_500_000;
/// …or once it holds this many documents.
pub const VOLUME_DOCS: usize = 400;

/// One file of the binder: some or all of one section's documents.
pub struct Volume {
    /// Relative to the site root: `binder/<kind>.html` or `binder/<kind>-<n>.html`.
    pub file: String,
    /// The section's title (the kind's title, as on the documents list).
    pub section: String,
    /// 1-based, and how many volumes the section has.
    pub part: usize,
    pub parts: usize,
    /// The documents bound, as positions in the model's views (binder order).
    pub views: Range<usize>,
}

impl Volume {
    /// "Risks" or "Risks, volume 2 of 13".
    pub fn title(&self) -> String {
        if self.parts == 1 {
            self.section.clone()
        } else {
            format!("{}, volume {} of {}", self.section, self.part, self.parts)
        }
    }
}

/// A rough size of a document's HTML in the binder: its body and about what each row of its
/// facts, trails and references adds.
fn estimate(view: &DocView) -> usize {
    3_000
        + view.body.as_str().len()
        + 300 * view.facts.len()
        + 500 * view.approvals.len()
        + 400 * view.changes.len()
        + 150 * view.referenced_by.links.len()
        + 400 * view.upstream.len()
}

/// A file name part for a kind: lower-case ASCII letters, digits and dashes.
fn slug(kind: &str) -> String {
    let slug: String = kind
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let slug = slug.trim_matches('-');
    if slug.is_empty() {
        "documents".to_owned()
    } else {
        slug.to_owned()
    }
}

/// The binder's volumes: the views (already grouped by kind, in binder order) cut into sections
/// by kind, and each section into volumes of at most [`VOLUME_BYTES`] (estimated) and
/// [`VOLUME_DOCS`] documents.
pub fn volumes(views: &[DocView]) -> Vec<Volume> {
    let mut volumes = Vec::new();
    let mut used = std::collections::BTreeSet::new();
    let mut start = 0;
    while start < views.len() {
        let kind = &views[start].kind;
        let end = views[start..]
            .iter()
            .position(|view| view.kind != *kind)
            .map_or(views.len(), |offset| start + offset);
        let mut cuts = Vec::new();
        let (mut from, mut bytes) = (start, 0);
        for (at, view) in views.iter().enumerate().take(end).skip(start) {
            let size = estimate(view);
            if at > from && (bytes + size > VOLUME_BYTES || at - from >= VOLUME_DOCS) {
                cuts.push(from..at);
                (from, bytes) = (at, 0);
            }
            bytes += size;
        }
        cuts.push(from..end);
        let mut name = slug(kind);
        let mut n = 2;
        while !used.insert(name.clone()) {
            name = format!("{}-{n}", slug(kind));
            n += 1;
        }
        let parts = cuts.len();
        for (index, range) in cuts.into_iter().enumerate() {
            volumes.push(Volume {
                file: if parts == 1 {
                    format!("binder/{name}.html")
                } else {
                    format!("binder/{name}-{}.html", index + 1)
                },
                section: views[start].kind_title.clone(),
                part: index + 1,
                parts,
                views: range,
            });
        }
        start = end;
    }
    volumes
}

/// `binder.html`: the binder's contents.
pub struct Binder {
    pub volumes: Arc<[Volume]>,
}

impl Page for Binder {
    fn file(&self) -> &str {
        "binder.html"
    }

    fn title(&self, _: &SiteModel<'_>) -> String {
        "Audit binder".to_owned()
    }

    fn nav(&self) -> Option<&'static str> {
        Some("Audit binder")
    }

    fn render(&self, model: &SiteModel<'_>, layout: &Layout<'_>) -> askama::Result<String> {
        let mut sections: Vec<Section> = Vec::new();
        for volume in self.volumes.iter() {
            let docs = &model.views[volume.views.clone()];
            let entry = VolumeEntry {
                href: format!("{}{}", layout.root, volume.file),
                title: volume.title(),
                count: docs.len(),
                first: docs.first().map(|view| view.id.clone()).unwrap_or_default(),
                last: docs.last().map(|view| view.id.clone()).unwrap_or_default(),
            };
            match sections.last_mut() {
                Some(section) if volume.part > 1 => {
                    section.count += entry.count;
                    section.volumes.push(entry);
                }
                _ => sections.push(Section {
                    title: volume.section.clone(),
                    count: entry.count,
                    volumes: vec![entry],
                }),
            }
        }
        ContentsTemplate {
            layout,
            organisation: &model.organisation,
            total: model.views.len(),
            sections,
        }
        .render()
    }
}

struct Section {
    title: String,
    count: usize,
    volumes: Vec<VolumeEntry>,
}

struct VolumeEntry {
    href: String,
    title: String,
    count: usize,
    first: String,
    last: String,
}

#[derive(Template)]
#[template(path = "binder.html")]
struct ContentsTemplate<'a> {
    layout: &'a Layout<'a>,
    organisation: &'a str,
    total: usize,
    sections: Vec<Section>,
}

/// One volume of the binder: a section's documents (or a run of them), in order.
pub struct BinderVolume {
    pub volumes: Arc<[Volume]>,
    pub index: usize,
}

impl BinderVolume {
    fn volume(&self) -> Option<&Volume> {
        self.volumes.get(self.index)
    }
}

impl Page for BinderVolume {
    fn file(&self) -> &str {
        self.volume()
            .map_or("binder/documents.html", |volume| &volume.file)
    }

    fn title(&self, _: &SiteModel<'_>) -> String {
        format!(
            "Audit binder: {}",
            self.volume().map(Volume::title).unwrap_or_default()
        )
    }

    fn active(&self) -> &str {
        "binder.html"
    }

    fn holds_document_views(&self) -> bool {
        true
    }

    fn render(&self, model: &SiteModel<'_>, layout: &Layout<'_>) -> askama::Result<String> {
        let link = |index: usize| {
            self.volumes
                .get(index)
                .map(|volume| (format!("{}{}", layout.root, volume.file), volume.title()))
        };
        let range = self.volume().map_or(0..0, |volume| volume.views.clone());
        VolumeTemplate {
            layout,
            organisation: &model.organisation,
            heading: self.volume().map(Volume::title).unwrap_or_default(),
            docs: model.views.get(range).unwrap_or_default(),
            previous: self.index.checked_sub(1).and_then(link),
            next: link(self.index + 1),
        }
        .render()
    }
}

#[derive(Template)]
#[template(path = "binder-volume.html")]
struct VolumeTemplate<'a> {
    layout: &'a Layout<'a>,
    organisation: &'a str,
    heading: String,
    docs: &'a [DocView],
    /// (href, title) of the volumes before and after this one.
    previous: Option<(String, String)>,
    next: Option<(String, String)>,
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn kinds_become_safe_file_names() {
        assert_eq!(slug("ai-system"), "ai-system");
        assert_eq!(slug("Évaluation d'impact"), "valuation-d-impact");
        assert_eq!(slug("../.."), "documents");
    }
}
