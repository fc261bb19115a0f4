//! Rename detection as `git log --follow -M` does it for the followed file (diffcore-rename.c
//! and diffcore-delta.c): when a file appears, its source is the deleted file with the same
//! content (one with the same file name first), else the deleted file most similar to it, if
//! at least 50% similar. Similarity is git's: the share of the larger file made of chunks
//! (lines, or 64 bytes) both files have. Matching git's rule, not an approximation of it, is
//! what lets a document's history agree with `git log --follow` commit for commit. Unlike git's
//! `--follow`, only deleted files are candidates: a copy is a new document, not a rename.

use std::collections::HashMap;

/// git's scale for similarity scores (`MAX_SCORE`).
pub const MAX_SCORE: u64 = 60_000;
/// `-M` without a percentage: 50%.
pub const DEFAULT_RENAME_SCORE: u64 = 30_000;
const HASHBASE: u32 = 107_927;

/// One side of a rename: a deleted file (a candidate source) or an added one.
#[derive(Debug, Clone)]
pub struct Side {
    pub path: String,
    pub blob: gix::ObjectId,
    /// A regular file (not a symlink or submodule): only those are renamed with edits.
    pub regular: bool,
    /// The entry mode, which must match for exact renames of other files.
    pub mode: u32,
}

/// The chunk counts of a file's content (git's spanhash table, sorted by hash).
#[derive(Debug, Clone)]
pub struct Chunks {
    counts: Vec<(u32, u32)>,
    size: usize,
}

impl Chunks {
    /// Cuts `bytes` into chunks ending at a newline or after 64 bytes and counts them by hash.
    pub fn of(bytes: &[u8]) -> Chunks {
        // git treats a file as binary when its first 8000 bytes hold a NUL; in text, a CR
        // before LF is ignored.
        let is_text = !bytes.iter().take(8000).any(|byte| *byte == 0);
        let mut counts: HashMap<u32, u32> = HashMap::new();
        let (mut n, mut accum1, mut accum2) = (0u32, 0u32, 0u32);
        let mut index = 0;
        while index < bytes.len() {
            let c = u32::from(bytes[index]);
            index += 1;
            if is_text && c == u32::from(b'\r') && bytes.get(index) == Some(&b'\n') {
                continue;
            }
            let old_1 = accum1;
            accum1 = (accum1 << 7) ^ (accum2 >> 25);
            accum2 = (accum2 << 7) ^ (old_1 >> 25);
            accum1 = accum1.wrapping_add(c);
            n += 1;
            if n < 64 && c != u32::from(b'\n') {
                continue;
            }
            let hash = accum1.wrapping_add(accum2.wrapping_mul(0x61)) % HASHBASE;
            *counts.entry(hash).or_insert(0) += n;
            n = 0;
            accum1 = 0;
            accum2 = 0;
        }
        if n > 0 {
            let hash = accum1.wrapping_add(accum2.wrapping_mul(0x61)) % HASHBASE;
            *counts.entry(hash).or_insert(0) += n;
        }
        let mut counts: Vec<(u32, u32)> = counts.into_iter().collect();
        counts.sort_unstable();
        Chunks {
            counts,
            size: bytes.len(),
        }
    }
}

/// How many bytes of `dst` come from `src` (git's `diffcore_count_changes`, `src_copied`).
fn copied(src: &Chunks, dst: &Chunks) -> u64 {
    let mut copied = 0u64;
    let mut d = dst.counts.iter().peekable();
    for &(hash, src_count) in &src.counts {
        while let Some(&&(dst_hash, _)) = d.peek() {
            if dst_hash >= hash {
                break;
            }
            d.next();
        }
        let dst_count = match d.peek() {
            Some(&&(dst_hash, count)) if dst_hash == hash => {
                d.next();
                count
            }
            _ => 0,
        };
        copied += u64::from(src_count.min(dst_count));
    }
    copied
}

/// git's `estimate_similarity` on the 0–60,000 scale: 0 when the sizes are too far apart for
/// `minimum`, else the share of the larger file copied from the source.
pub fn similarity(src: &Chunks, dst: &Chunks, minimum: u64) -> u64 {
    let max_size = src.size.max(dst.size) as u64;
    let base_size = src.size.min(dst.size) as u64;
    if max_size * (MAX_SCORE - minimum) < (max_size - base_size) * MAX_SCORE || dst.size == 0 {
        return 0;
    }
    copied(src, dst) * MAX_SCORE / max_size
}

/// Whether two paths end in the same file name (git's `basename_same`).
fn basename_same(a: &str, b: &str) -> bool {
    a.rsplit('/').next() == b.rsplit('/').next()
}

/// The deleted file `added` was renamed from, if any (index into `deleted`, which must be in
/// git's path order); `load` reads a blob.
pub fn rename_source(added: &Side, deleted: &[Side], chunks: &mut ChunkCache<'_>) -> Option<usize> {
    // The same content: a deleted file with the same name first, else the first in order.
    let mut exact: Option<(usize, bool)> = None;
    for (index, source) in deleted.iter().enumerate() {
        if source.blob != added.blob
            || ((!source.regular || !added.regular) && source.mode != added.mode)
        {
            continue;
        }
        let same_name = basename_same(&source.path, &added.path);
        if exact.is_none_or(|(_, best)| same_name && !best) {
            exact = Some((index, same_name));
            if same_name {
                break;
            }
        }
    }
    if let Some((index, _)) = exact {
        return Some(index);
    }
    if !added.regular {
        return None;
    }
    let target = chunks.of(added)?;
    // The most similar, at least half; on a tie, the same file name, then path order.
    let mut best: Option<(u64, bool, usize)> = None;
    for (index, source) in deleted.iter().enumerate() {
        if !source.regular {
            continue;
        }
        let Some(candidate) = chunks.of(source) else {
            continue;
        };
        let score = similarity(&candidate, &target, DEFAULT_RENAME_SCORE);
        if score < DEFAULT_RENAME_SCORE {
            continue;
        }
        let same_name = basename_same(&source.path, &added.path);
        let better = match best {
            None => true,
            Some((best_score, best_name, _)) => {
                score > best_score || (score == best_score && same_name && !best_name)
            }
        };
        if better {
            best = Some((score, same_name, index));
        }
    }
    best.map(|(_, _, index)| index)
}

/// Reads a blob's content.
type Load<'r> = Box<dyn FnMut(&gix::oid) -> Option<Vec<u8>> + 'r>;

/// Chunk counts of blobs, each read and counted once.
pub struct ChunkCache<'r> {
    load: Load<'r>,
    counted: HashMap<gix::ObjectId, Option<std::rc::Rc<Chunks>>>,
}

impl<'r> ChunkCache<'r> {
    pub fn new(load: impl FnMut(&gix::oid) -> Option<Vec<u8>> + 'r) -> ChunkCache<'r> {
        ChunkCache {
            load: Box::new(load),
            counted: HashMap::new(),
        }
    }

    fn of(&mut self, side: &Side) -> Option<std::rc::Rc<Chunks>> {
        if let Some(known) = self.counted.get(&side.blob) {
            return known.clone();
        }
        let counted = (self.load)(&side.blob).map(|bytes| std::rc::Rc::new(Chunks::of(&bytes)));
        self.counted.insert(side.blob, counted.clone());
        counted
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn side(path: &str, content: &str) -> (Side, Vec<u8>) {
        let blob = gix::objs::compute_hash(
            gix::hash::Kind::Sha1,
            gix::objs::Kind::Blob,
            content.as_bytes(),
        )
        .expect("hash");
        (
            Side {
                path: path.to_owned(),
                blob,
                regular: true,
                mode: 0o100644,
            },
            content.as_bytes().to_vec(),
        )
    }

    fn lines(count: usize, tag: &str) -> String {
        (0..count)
            .map(|line| format!("line {line} of {tag}, long enough to be its own chunk\n"))
            .collect()
    }

    fn source_of(added: &(Side, Vec<u8>), deleted: &[(Side, Vec<u8>)]) -> Option<usize> {
        let contents: HashMap<gix::ObjectId, Vec<u8>> = deleted
            .iter()
            .chain(std::iter::once(added))
            .map(|(side, bytes)| (side.blob, bytes.clone()))
            .collect();
        let sides: Vec<Side> = deleted.iter().map(|(side, _)| side.clone()).collect();
        let mut cache = ChunkCache::new(move |id| contents.get(id).cloned());
        rename_source(&added.0, &sides, &mut cache)
    }

    #[test]
    fn similarity_follows_gits_scale() {
        let a = Chunks::of(lines(10, "a").as_bytes());
        assert_eq!(similarity(&a, &a, DEFAULT_RENAME_SCORE), MAX_SCORE);
        let kept = lines(10, "a");
        let half: String = kept
            .lines()
            .enumerate()
            .map(|(n, line)| {
                if n < 5 {
                    format!("{line}\n")
                } else {
                    format!("{}\n", line.replace("of a", "of b"))
                }
            })
            .collect();
        let score = similarity(&a, &Chunks::of(half.as_bytes()), DEFAULT_RENAME_SCORE);
        assert!((29_000..=31_000).contains(&score), "{score}");
        // A CRLF copy of a text file is the same text.
        let crlf = Chunks::of(kept.replace('\n', "\r\n").as_bytes());
        assert_eq!(copied(&a, &crlf), kept.len() as u64);
        // Sizes too far apart are not compared at all.
        let tiny = Chunks::of(lines(2, "a").as_bytes());
        assert_eq!(similarity(&a, &tiny, DEFAULT_RENAME_SCORE), 0);
    }

    #[test]
    fn exact_first_then_most_similar_at_half_or_more() {
        let text = lines(20, "policy");
        let deleted = vec![
            side("drafts/other.md", &text),
            side("drafts/policy.md", &text),
            side("old/notes.txt", &lines(20, "unrelated")),
        ];
        // Same content twice: the one with the same file name.
        assert_eq!(source_of(&side("aims/policy.md", &text), &deleted), Some(1));
        // Edited while moved: the most similar.
        let edited = lines(14, "policy") + &lines(6, "other");
        assert_eq!(
            source_of(&side("aims/renamed.md", &edited), &deleted),
            Some(0)
        );
        // Under half similar: new.
        let mostly_new = lines(8, "policy") + &lines(12, "fresh");
        assert_eq!(source_of(&side("aims/x.md", &mostly_new), &deleted), None);
    }
}
