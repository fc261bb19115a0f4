//! The history cache under `.git/aims/`: the records of the last pass, keyed by the scope they
//! were computed for. A record depends only on its commit id and the scope, so records are
//! reused across runs even when HEAD moves; when HEAD has not moved, the walk is skipped too,
//! and so is building the timelines, which the cache keeps for its head.
//! A cache that cannot be read or written is silently ignored: it only ever saves time.
//!
//! The cache is signed with a key kept in the user's own state folder (HMAC-SHA1): a cache
//! anyone else edited fails the check, and is then believed only as far as every fact in it
//! is confirmed from the git objects (see `integrity`).

pub mod binary;

use super::record::CommitRecord;
use super::timeline::Timeline;
use super::walk::Scope;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

/// Bumped whenever the record format or the way records are computed changes.
pub const FORMAT: u32 = 6;

#[derive(Debug)]
pub struct Cached {
    pub format: u32,
    pub key: String,
    /// Whether the file carries this user's signature (set on reading, never stored).
    pub signed: bool,
    pub head: String,
    pub records: Vec<CommitRecord>,
    /// Earlier document names outside the globs whose changes the records also hold.
    pub followed: Vec<String>,
    /// The timelines built for `head` from its records, which come first in `records`, in
    /// the walk's order (a look at the past appends other commits' records after them).
    pub timelines: Option<BTreeMap<String, Timeline>>,
}

impl Cached {
    /// The records of the commits reachable from the cache's head, in the walk's order (a
    /// cache may also hold records of other commits a look at the past added).
    pub fn reachable_records(self) -> Vec<CommitRecord> {
        let position: HashMap<&str, usize> = self
            .records
            .iter()
            .enumerate()
            .map(|(index, record)| (record.id.as_str(), index))
            .collect();
        let mut reachable = vec![false; self.records.len()];
        let mut stack: Vec<usize> = position
            .get(self.head.as_str())
            .copied()
            .into_iter()
            .collect();
        while let Some(index) = stack.pop() {
            if std::mem::replace(&mut reachable[index], true) {
                continue;
            }
            for parent in &self.records[index].parents {
                if let Some(&parent) = position.get(parent.as_str()) {
                    stack.push(parent);
                }
            }
        }
        if reachable.iter().all(|kept| *kept) {
            return self.records;
        }
        self.records
            .into_iter()
            .zip(reachable)
            .filter_map(|(record, kept)| kept.then_some(record))
            .collect()
    }

    /// This cache with `records` added, keeping its head and the names it follows: what a
    /// look at the past writes, so the tip's history stays warm. (Names the past run found
    /// are not added: the tip's records do not hold their changes.)
    pub fn merged_with(self, records: &[CommitRecord]) -> Cached {
        let known: std::collections::HashSet<String> = self
            .records
            .iter()
            .map(|record| record.id.clone())
            .collect();
        let mut merged = self.records;
        merged.extend(
            records
                .iter()
                .filter(|record| !known.contains(&record.id))
                .cloned(),
        );
        Cached {
            records: merged,
            ..self
        }
    }

    pub fn into_map(self) -> HashMap<String, CommitRecord> {
        self.records
            .into_iter()
            .map(|record| (record.id.clone(), record))
            .collect()
    }
}

/// What the records depend on besides commit ids: where the project is and which files are
/// documents.
pub fn scope_key(scope: &Scope) -> String {
    let (include, exclude) = scope.matcher.globs();
    format!("{}|{include:?}|{exclude:?}", scope.project_prefix)
}

/// Where the cache of `repo` is kept.
pub fn path(repo: &gix::Repository) -> PathBuf {
    repo.common_dir().join("aims").join("history.bin")
}

fn signature_path(repo: &gix::Repository) -> PathBuf {
    repo.common_dir().join("aims").join("history.bin.sig")
}

pub fn read(repo: &gix::Repository, key: &str) -> Option<Cached> {
    let bytes = std::fs::read(path(repo)).ok()?;
    let mut cached = binary::decode(&bytes)?;
    if cached.format != FORMAT || cached.key != key {
        return None;
    }
    cached.signed = signed_by_user(&bytes, &signature_path(repo));
    if !cached.signed {
        // Timelines are believed only from this user's own runs: records an unsigned cache
        // holds are checked against git, and the timelines are built again from them.
        cached.timelines = None;
    }
    Some(cached)
}

/// Whether `signature_file` holds this user's signature of `bytes`.
fn signed_by_user(bytes: &[u8], signature_file: &std::path::Path) -> bool {
    let signature = std::fs::read_to_string(signature_file).ok();
    signing_key()
        .zip(signature)
        .is_some_and(|(secret, signature)| hmac(&secret, bytes) == signature.trim())
}

/// Writes `bytes` to `file` with this user's signature beside it (or none, removing a stale
/// one, when there is no key).
fn write_signed(file: &std::path::Path, signature_file: &std::path::Path, bytes: &[u8]) {
    let signature = signing_key().map(|secret| hmac(&secret, bytes));
    let _ = crate::atomic::write_atomically(file, bytes);
    match signature {
        Some(signature) => {
            let _ = crate::atomic::write_atomically(signature_file, signature.as_bytes());
        }
        None => {
            let _ = std::fs::remove_file(signature_file);
        }
    }
}

/// A side cache of values derived from blob contents alone (keyed by blob id, so an entry
/// never goes stale): believed only when this user signed it, since nothing re-checks it.
pub struct BlobCache {
    name: &'static str,
}

impl BlobCache {
    /// Bumped whenever what a side cache stores, or how it is derived, changes.
    const FORMAT: u32 = 1;

    pub const fn new(name: &'static str) -> BlobCache {
        BlobCache { name }
    }

    fn paths(&self, repo: &gix::Repository) -> (PathBuf, PathBuf) {
        let dir = repo.common_dir().join("aims");
        (
            dir.join(format!("{}.json", self.name)),
            dir.join(format!("{}.json.sig", self.name)),
        )
    }

    /// The signed entries, or nothing.
    pub fn read<T: serde::de::DeserializeOwned>(
        &self,
        repo: &gix::Repository,
    ) -> HashMap<String, T> {
        #[derive(Deserialize)]
        struct Stored<T> {
            format: u32,
            entries: HashMap<String, T>,
        }
        let (file, signature) = self.paths(repo);
        let Ok(bytes) = std::fs::read(&file) else {
            return HashMap::new();
        };
        if !signed_by_user(&bytes, &signature) {
            return HashMap::new();
        }
        serde_json::from_slice::<Stored<T>>(&bytes)
            .ok()
            .filter(|stored| stored.format == Self::FORMAT)
            .map(|stored| stored.entries)
            .unwrap_or_default()
    }

    /// Replaces the entries; only when this user can sign them (an unsigned side cache would
    /// never be read).
    pub fn write<'a, T: Serialize + 'a>(
        &self,
        repo: &gix::Repository,
        entries: impl IntoIterator<Item = (&'a String, &'a T)>,
    ) {
        #[derive(Serialize)]
        struct Stored<'a, T> {
            format: u32,
            entries: std::collections::BTreeMap<&'a String, &'a T>,
        }
        if !can_sign() {
            return;
        }
        let Ok(bytes) = serde_json::to_vec(&Stored {
            format: Self::FORMAT,
            entries: entries.into_iter().collect(),
        }) else {
            return;
        };
        let (file, signature) = self.paths(repo);
        write_signed(&file, &signature, &bytes);
    }
}

pub fn write(repo: &gix::Repository, contents: &binary::Contents<'_>) {
    let Some(bytes) = binary::encode(contents) else {
        return;
    };
    write_signed(&path(repo), &signature_path(repo), &bytes);
    // The JSON cache of earlier versions is never read again.
    let _ = std::fs::remove_file(repo.common_dir().join("aims").join("history.json"));
    let _ = std::fs::remove_file(repo.common_dir().join("aims").join("history.json.sig"));
}

/// Whether caches can be signed here (the user has a state folder).
pub fn can_sign() -> bool {
    signing_key().is_some()
}

/// The user's key for signing caches: 32 random bytes in `$XDG_STATE_HOME/aims/cache-key` (or
/// `~/.local/state/aims/cache-key`), readable by the user alone, made on first use.
fn signing_key() -> Option<Vec<u8>> {
    let state = std::env::var_os("XDG_STATE_HOME")
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|home| !home.is_empty())
                .map(|home| PathBuf::from(home).join(".local").join("state"))
        })?;
    let file = state.join("aims").join("cache-key");
    if let Ok(secret) = std::fs::read(&file) {
        return (secret.len() == 32).then_some(secret);
    }
    let mut secret = vec![0u8; 32];
    getrandom::fill(&mut secret).ok()?;
    std::fs::create_dir_all(file.parent()?).ok()?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    use std::io::Write;
    match options.open(&file) {
        Ok(mut handle) => {
            handle.write_all(&secret).ok()?;
            Some(secret)
        }
        // Another run made it first.
        Err(_) => std::fs::read(&file)
            .ok()
            .filter(|secret| secret.len() == 32),
    }
}

/// HMAC-SHA1 of `message` under `secret`, as hex.
fn hmac(secret: &[u8], message: &[u8]) -> String {
    const BLOCK: usize = 64;
    let mut key = [0u8; BLOCK];
    key[..secret.len().min(BLOCK)].copy_from_slice(&secret[..secret.len().min(BLOCK)]);
    let pad = |byte: u8| -> Vec<u8> { key.iter().map(|k| k ^ byte).collect() };
    let digest = |parts: &[&[u8]]| -> Vec<u8> {
        let mut hasher = gix::hash::hasher(gix::hash::Kind::Sha1);
        for part in parts {
            hasher.update(part);
        }
        hasher
            .try_finalize()
            .map(|id| id.as_bytes().to_vec())
            .unwrap_or_default()
    };
    let inner = digest(&[&pad(0x36), message]);
    let outer = digest(&[&pad(0x5c), &inner]);
    outer.iter().map(|byte| format!("{byte:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::hmac;

    #[test]
    fn hmac_sha1_matches_rfc_2202() {
        // RFC 2202, test case 2.
        assert_eq!(
            hmac(b"Jefe", b"what do ya want for nothing?"),
            "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"
        );
    }
}
