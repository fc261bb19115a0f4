//! Writing the site: every file goes into a fresh hidden sibling folder as soon as it is
//! rendered (so a 10,000-page site is never held in memory at once), and the finished folder is
//! swapped in at the end. A build that fails, or is dropped half-way, removes its partial folder
//! and leaves the previous site — and anything aims did not write — untouched.
//!
//! Two builds into the same folder cannot corrupt each other: each writes into its own uniquely
//! named folder, and a lock (a file in the system's temporary folder named after the output
//! folder, held by the operating system so a killed build never leaves it stuck) makes the
//! second build wait for the first to finish.

use super::SiteError;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

pub(super) struct SiteWriter {
    out: PathBuf,
    building: PathBuf,
    /// Owns the building folder: removes it unless the build finishes.
    guard: Option<tempfile::TempDir>,
    /// Held until the writer is dropped; the OS releases it if the process dies.
    _lock: std::fs::File,
    folders: HashSet<PathBuf>,
    pages: usize,
}

fn write_error(path: &Path, message: std::io::Error) -> SiteError {
    SiteError::Write {
        path: path.display().to_string(),
        message: message.to_string(),
    }
}

/// The lock file for builds into `parent/name`: outside the project, so it never shows up in
/// `git status`, and named by a hash of the output folder's full path.
fn lock_path(parent: &Path, name: &str) -> PathBuf {
    let folder = std::fs::canonicalize(parent)
        .unwrap_or_else(|_| parent.to_path_buf())
        .join(name);
    let digest = gix::objs::compute_hash(
        gix::hash::Kind::Sha1,
        gix::objs::Kind::Blob,
        folder.to_string_lossy().as_bytes(),
    )
    .map(|id| id.to_hex_with_len(16).to_string())
    .unwrap_or_else(|_| "site".to_owned());
    std::env::temp_dir().join(format!("aims-site-{digest}.lock"))
}

impl SiteWriter {
    /// Prepares an empty building folder next to `out`, waiting for any other build into the
    /// same folder to finish first.
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
        let lock_path = lock_path(&parent, &name);
        let lock = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| write_error(&lock_path, e))?;
        lock.lock().map_err(|e| write_error(&lock_path, e))?;
        // Folders left by builds that were killed only ever hold aims output.
        if let Ok(entries) = std::fs::read_dir(&parent) {
            let stale = format!(".{name}.aims-building");
            for entry in entries.flatten() {
                if entry.file_name().to_string_lossy().starts_with(&stale) {
                    let _ = std::fs::remove_dir_all(entry.path());
                }
            }
        }
        let guard = tempfile::Builder::new()
            .prefix(&format!(".{name}.aims-building-"))
            .tempdir_in(&parent)
            .map_err(|e| write_error(&parent, e))?;
        let building = guard.path().to_path_buf();
        let mut folders = HashSet::new();
        folders.insert(building.clone());
        Ok(SiteWriter {
            out: out.to_path_buf(),
            building,
            guard: Some(guard),
            _lock: lock,
            folders,
            pages: 0,
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
        let building = self
            .guard
            .take()
            .map(tempfile::TempDir::keep)
            .unwrap_or_else(|| self.building.clone());
        let parent = self.out.parent().unwrap_or_else(|| Path::new("."));
        if self.out.exists() {
            let old = tempfile::Builder::new()
                .prefix(".aims-old-site-")
                .tempdir_in(parent)
                .map_err(|e| write_error(parent, e))?;
            let retired = old.path().join("site");
            std::fs::rename(&self.out, &retired).map_err(|e| write_error(&self.out, e))?;
            std::fs::rename(&building, &self.out).map_err(|e| write_error(&self.out, e))?;
            drop(old);
        } else {
            std::fs::rename(&building, &self.out).map_err(|e| write_error(&self.out, e))?;
        }
        Ok(())
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
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .filter(|name| name.contains("building") || name.contains("old-site"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");

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
    }

    #[test]
    fn a_second_build_waits_for_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("_site");
        let mut first = SiteWriter::begin(&out).unwrap();
        first.write("index.html", b"first").unwrap();
        let (started, waiting) = std::sync::mpsc::channel();
        let second_out = out.clone();
        let second = std::thread::spawn(move || {
            started.send(()).unwrap();
            let mut second = SiteWriter::begin(&second_out).unwrap();
            second.write("index.html", b"second").unwrap();
            second.finish().unwrap();
        });
        waiting.recv().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(200));
        // The second build is still waiting: the first one's files are intact.
        first.write("other.html", b"more").unwrap();
        first.finish().unwrap();
        second.join().unwrap();
        assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"second");
        assert!(!out.join("other.html").exists());
    }
}
