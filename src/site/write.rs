//! Writing the site: every file goes into a fresh hidden sibling folder as soon as it is
//! rendered (so a 10,000-page site is never held in memory at once), and the finished folder is
//! swapped in at the end. A build that fails, or is dropped half-way, removes its partial folder
//! and leaves the previous site — and anything aims did not write — untouched.

use super::SiteError;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

pub(super) struct SiteWriter {
    out: PathBuf,
    parent: PathBuf,
    name: String,
    building: PathBuf,
    folders: HashSet<PathBuf>,
    pages: usize,
    finished: bool,
}

fn write_error(path: &Path, message: std::io::Error) -> SiteError {
    SiteError::Write {
        path: path.display().to_string(),
        message: message.to_string(),
    }
}

impl SiteWriter {
    /// Prepares an empty building folder next to `out`.
    pub(super) fn begin(out: &Path) -> Result<SiteWriter, SiteError> {
        let name = out
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_else(|| "_site".to_owned());
        let parent = out
            .parent()
            .map(Path::to_path_buf)
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or_else(|| PathBuf::from("."));
        std::fs::create_dir_all(&parent).map_err(|e| write_error(&parent, e))?;
        let building = parent.join(format!(".{name}.aims-building"));
        if building.exists() {
            // Left by a build that was killed; it only ever holds aims output.
            std::fs::remove_dir_all(&building).map_err(|e| write_error(&building, e))?;
        }
        std::fs::create_dir(&building).map_err(|e| write_error(&building, e))?;
        let mut folders = HashSet::new();
        folders.insert(building.clone());
        Ok(SiteWriter {
            out: out.to_path_buf(),
            parent,
            name,
            building,
            folders,
            pages: 0,
            finished: false,
        })
    }

    /// The path of `path` in the building folder, its folder created.
    fn target(&mut self, path: &str) -> Result<PathBuf, SiteError> {
        let target = self.building.join(path);
        if let Some(folder) = target.parent()
            && !self.folders.contains(folder)
        {
            std::fs::create_dir_all(folder).map_err(|e| write_error(folder, e))?;
            self.folders.insert(folder.to_path_buf());
        }
        Ok(target)
    }

    /// Writes one file at `path` (relative to the site root, made by aims, never `..`).
    // Sequentially, from one thread: parallel file creation in one ext4 directory contends on
    // the directory's lock, and the spinning cost ~15x more kernel time than the writes.
    pub(super) fn write(&mut self, path: &str, bytes: &[u8]) -> Result<(), SiteError> {
        let target = self.target(path)?;
        std::fs::write(&target, bytes).map_err(|e| write_error(&target, e))?;
        if path.ends_with(".html") {
            self.pages += 1;
        }
        Ok(())
    }

    /// Writes `text` with every `from` replaced by `to`, without building the replaced copy
    /// (the audit binder of a large site is tens of megabytes).
    pub(super) fn write_replaced(
        &mut self,
        path: &str,
        text: &str,
        from: &str,
        to: &str,
    ) -> Result<(), SiteError> {
        use std::io::Write;
        let target = self.target(path)?;
        let file = std::fs::File::create(&target).map_err(|e| write_error(&target, e))?;
        let mut file = std::io::BufWriter::with_capacity(1 << 16, file);
        let mut parts = text.split(from);
        if let Some(first) = parts.next() {
            file.write_all(first.as_bytes())
                .map_err(|e| write_error(&target, e))?;
        }
        for part in parts {
            file.write_all(to.as_bytes())
                .and_then(|()| file.write_all(part.as_bytes()))
                .map_err(|e| write_error(&target, e))?;
        }
        file.flush().map_err(|e| write_error(&target, e))?;
        if path.ends_with(".html") {
            self.pages += 1;
        }
        Ok(())
    }

    /// HTML pages written so far.
    pub(super) fn pages(&self) -> usize {
        self.pages
    }

    /// Swaps the finished site in place of `out`.
    pub(super) fn finish(mut self) -> Result<(), SiteError> {
        let old = self.parent.join(format!(".{}.aims-old", self.name));
        if self.out.exists() {
            if old.exists() {
                std::fs::remove_dir_all(&old).map_err(|e| write_error(&old, e))?;
            }
            std::fs::rename(&self.out, &old).map_err(|e| write_error(&self.out, e))?;
        }
        std::fs::rename(&self.building, &self.out).map_err(|e| write_error(&self.out, e))?;
        self.finished = true;
        if old.exists() {
            std::fs::remove_dir_all(&old).map_err(|e| write_error(&old, e))?;
        }
        Ok(())
    }
}

impl Drop for SiteWriter {
    fn drop(&mut self) {
        if !self.finished {
            // Best effort: a partial site must not be mistaken for a finished one.
            let _ = std::fs::remove_dir_all(&self.building);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_build_leaves_the_previous_site_alone() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("_site");
        let mut first = SiteWriter::begin(&out).unwrap();
        first.write("index.html", b"one").unwrap();
        first.write("documents/POL-001.html", b"policy").unwrap();
        assert_eq!(first.pages(), 2);
        first.finish().unwrap();

        let mut second = SiteWriter::begin(&out).unwrap();
        second.write("index.html", b"two").unwrap();
        drop(second);
        assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"one");
        assert!(!dir.path().join("._site.aims-building").exists());

        let mut third = SiteWriter::begin(&out).unwrap();
        third.write("index.html", b"three").unwrap();
        third
            .write_replaced("binder.html", "<a href=\"@x\">@</a>", "@", "../")
            .unwrap();
        third.finish().unwrap();
        assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"three");
        assert_eq!(
            std::fs::read_to_string(out.join("binder.html")).unwrap(),
            "<a href=\"../x\">../</a>"
        );
        assert!(!out.join("documents").exists(), "nothing stale survives");
        assert!(!dir.path().join("._site.aims-old").exists());
    }
}
