//! The frame every page shares (`templates/base.html`): title, navigation, the build commit in
//! the footer, and the relative path back to the site root, worked out from how deep the page
//! sits so a page can live in any folder.

use super::model::SiteModel;

/// One entry of the navigation bar.
#[derive(Debug, Clone)]
pub struct NavEntry {
    pub file: String,
    pub label: &'static str,
}

/// Shared page frame.
pub struct Layout<'m> {
    pub organisation: &'m str,
    pub title: String,
    /// From the page to the site root: `""`, `"../"`, `"../../"`, …
    pub root: String,
    /// The navigation entry shown as the current one (none when empty).
    pub active: &'m str,
    pub commit: &'m str,
    pub commit_short: &'m str,
    pub commit_date: &'m str,
    pub commit_url: &'m str,
    pub version: &'static str,
    pub shallow: bool,
    nav: &'m [NavEntry],
}

impl<'m> Layout<'m> {
    /// The frame of the page written at `file`, with `active` shown as the current entry.
    pub fn new(
        model: &'m SiteModel<'_>,
        nav: &'m [NavEntry],
        title: String,
        file: &str,
        active: &'m str,
    ) -> Layout<'m> {
        let commit = &model.commit;
        Layout {
            organisation: &model.organisation,
            title,
            root: root_of(file),
            active,
            commit: &commit.id,
            commit_short: &commit.short,
            commit_date: &commit.date,
            commit_url: &commit.url,
            version: env!("CARGO_PKG_VERSION"),
            shallow: commit.shallow,
            nav,
        }
    }

    /// The build commit's calendar day.
    pub fn commit_day(&self) -> &str {
        self.commit_date.get(..10).unwrap_or(self.commit_date)
    }

    /// (file, label, current) for each navigation entry.
    pub fn nav(&self) -> Vec<(&str, &'static str, bool)> {
        self.nav
            .iter()
            .map(|entry| (entry.file.as_str(), entry.label, entry.file == self.active))
            .collect()
    }
}

/// The path from a page at `file` (relative to the site root) back to the root: one `../` per
/// folder, however deep.
pub fn root_of(file: &str) -> String {
    "../".repeat(file.matches('/').count())
}

#[cfg(test)]
mod tests {
    use super::root_of;

    #[test]
    fn the_root_is_reachable_from_any_depth() {
        assert_eq!(root_of("index.html"), "");
        assert_eq!(root_of("documents/POL-001.html"), "../");
        let deep = format!("files/{}index.html", "d/".repeat(20));
        assert_eq!(root_of(&deep), "../".repeat(21));
    }
}
