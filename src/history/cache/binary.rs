//! The history cache's file format: compact and quick to read, because a warm run reads the
//! whole file before doing anything else. Object ids are stored as raw bytes, people and
//! paths once each in a string table, numbers as LEB128 varints. Decoding checks every length
//! against what is left, so a damaged or hostile file yields `None`, never a panic or a huge
//! allocation; the signature beside the file (see `super`) says whether it may be believed.

use super::Cached;
use crate::history::record::{ChangeKind, CommitRecord, FileChange, Person};
use crate::history::timeline::{Rename, Timeline};
use std::collections::{BTreeMap, HashMap};

/// The first bytes of every cache file.
const MAGIC: &[u8; 8] = b"AIMSHIST";

/// What a cache file holds, borrowed from whoever writes it.
pub struct Contents<'a> {
    pub format: u32,
    pub key: &'a str,
    pub head: &'a str,
    pub followed: Vec<&'a str>,
    pub records: &'a [CommitRecord],
    pub timelines: Option<&'a BTreeMap<String, Timeline>>,
}

impl Cached {
    pub fn contents(&self) -> Contents<'_> {
        Contents {
            format: self.format,
            key: &self.key,
            head: &self.head,
            followed: self.followed.iter().map(String::as_str).collect(),
            records: &self.records,
            timelines: self.timelines.as_ref(),
        }
    }
}

/// Encodes a cache; `None` when a record holds something the format cannot (an id that is not
/// hexadecimal), in which case no cache is written.
pub fn encode(cached: &Contents<'_>) -> Option<Vec<u8>> {
    let mut strings = StringTable::default();
    let mut body = Writer::default();
    body.records(cached.records, &mut strings)?;
    body.flag(cached.timelines.is_some());
    if let Some(timelines) = cached.timelines {
        body.timelines(timelines, &mut strings)?;
    }
    let mut out = Writer::default();
    out.bytes.extend_from_slice(MAGIC);
    out.number(u64::from(cached.format));
    out.text(cached.key);
    out.text(cached.head);
    out.number(cached.followed.len() as u64);
    for name in &cached.followed {
        out.text(name);
    }
    out.number(strings.list.len() as u64);
    for text in &strings.list {
        out.text(text);
    }
    out.bytes.extend_from_slice(&body.bytes);
    Some(out.bytes)
}

/// Decodes a cache file, or `None` if it is not one (damaged, truncated, another format).
pub fn decode(bytes: &[u8]) -> Option<Cached> {
    let mut reader = Reader { bytes, at: 0 };
    if reader.take(MAGIC.len())? != MAGIC {
        return None;
    }
    let format = u32::try_from(reader.number()?).ok()?;
    let key = reader.text()?;
    let head = reader.text()?;
    let followed = reader.list(Reader::text)?;
    let strings = reader.list(Reader::text)?;
    let mut body = Body {
        reader,
        strings: &strings,
    };
    let records = body.list(Body::record)?;
    let timelines = if body.reader.flag()? {
        let list = body.list(Body::timeline)?;
        Some(list.into_iter().collect())
    } else {
        None
    };
    if body.reader.at != bytes.len() {
        return None;
    }
    Some(Cached {
        format,
        key,
        signed: false,
        head,
        records,
        followed,
        timelines,
    })
}

/// Strings written once and referred to by position.
#[derive(Default)]
struct StringTable {
    list: Vec<String>,
    index: HashMap<String, u64>,
}

impl StringTable {
    fn id(&mut self, text: &str) -> u64 {
        if let Some(id) = self.index.get(text) {
            return *id;
        }
        let id = self.list.len() as u64;
        self.list.push(text.to_owned());
        self.index.insert(text.to_owned(), id);
        id
    }
}

#[derive(Default)]
struct Writer {
    bytes: Vec<u8>,
}

impl Writer {
    fn number(&mut self, mut value: u64) {
        loop {
            let low = (value & 0x7f) as u8;
            value >>= 7;
            if value == 0 {
                self.bytes.push(low);
                return;
            }
            self.bytes.push(low | 0x80);
        }
    }

    fn signed(&mut self, value: i64) {
        self.number(((value << 1) ^ (value >> 63)) as u64);
    }

    fn flag(&mut self, value: bool) {
        self.bytes.push(u8::from(value));
    }

    fn text(&mut self, text: &str) {
        self.number(text.len() as u64);
        self.bytes.extend_from_slice(text.as_bytes());
    }

    /// An object id given as hex, stored as its bytes.
    fn id(&mut self, hex: &str) -> Option<()> {
        let raw = from_hex(hex)?;
        self.number(raw.len() as u64);
        self.bytes.extend_from_slice(&raw);
        Some(())
    }

    fn optional_id(&mut self, hex: Option<&str>) -> Option<()> {
        match hex {
            Some(hex) => {
                self.flag(true);
                self.id(hex)
            }
            None => {
                self.flag(false);
                Some(())
            }
        }
    }

    fn person(&mut self, person: &Person, strings: &mut StringTable) {
        self.number(strings.id(&person.name));
        self.number(strings.id(&person.email));
        self.signed(person.seconds);
        self.signed(i64::from(person.offset));
    }

    fn changes(&mut self, changes: &[FileChange], strings: &mut StringTable) -> Option<()> {
        self.number(changes.len() as u64);
        for change in changes {
            self.number(strings.id(&change.path));
            match &change.kind {
                ChangeKind::Added => self.number(0),
                ChangeKind::Modified => self.number(1),
                ChangeKind::Deleted => self.number(2),
                ChangeKind::Renamed { from } => {
                    self.number(3);
                    self.number(strings.id(from));
                }
            }
            self.optional_id(change.blob.as_deref())?;
        }
        Some(())
    }

    fn records(&mut self, records: &[CommitRecord], strings: &mut StringTable) -> Option<()> {
        self.number(records.len() as u64);
        for record in records {
            self.id(&record.id)?;
            self.number(record.parents.len() as u64);
            for parent in &record.parents {
                self.id(parent)?;
            }
            self.person(&record.author, strings);
            self.person(&record.committer, strings);
            self.text(&record.summary);
            self.number(record.trailers.len() as u64);
            for (token, value) in &record.trailers {
                self.text(token);
                self.text(value);
            }
            self.flag(record.signed);
            self.flag(record.boundary);
            self.changes(&record.changes, strings)?;
            self.changes(&record.brought_in, strings)?;
            self.number(record.merge_sources.len() as u64);
            for sources in &record.merge_sources {
                self.number(sources.len() as u64);
                for (path, from) in sources {
                    self.number(strings.id(path));
                    match from {
                        Some(from) => {
                            self.flag(true);
                            self.number(strings.id(from));
                        }
                        None => self.flag(false),
                    }
                }
            }
        }
        Some(())
    }

    fn timelines(
        &mut self,
        timelines: &BTreeMap<String, Timeline>,
        strings: &mut StringTable,
    ) -> Option<()> {
        self.number(timelines.len() as u64);
        for (key, timeline) in timelines {
            self.number(strings.id(key));
            self.number(strings.id(&timeline.path));
            self.id(&timeline.blob)?;
            self.number(timeline.commits.len() as u64);
            for commit in &timeline.commits {
                self.number(*commit as u64);
            }
            self.number(timeline.blobs.len() as u64);
            for blob in &timeline.blobs {
                self.optional_id(blob.as_deref())?;
            }
            self.number(timeline.merges.len() as u64);
            for merge in &timeline.merges {
                self.flag(*merge);
            }
            self.number(timeline.renames.len() as u64);
            for rename in &timeline.renames {
                self.number(rename.commit as u64);
                self.number(strings.id(&rename.from));
                self.number(strings.id(&rename.to));
            }
        }
        Some(())
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, count: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(count)?;
        let slice = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(slice)
    }

    fn number(&mut self) -> Option<u64> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = *self.bytes.get(self.at)?;
            self.at += 1;
            value |= u64::from(byte & 0x7f).checked_shl(shift)?;
            if byte & 0x80 == 0 {
                return Some(value);
            }
        }
        None
    }

    fn signed(&mut self) -> Option<i64> {
        let raw = self.number()?;
        Some(((raw >> 1) as i64) ^ -((raw & 1) as i64))
    }

    fn flag(&mut self) -> Option<bool> {
        match self.take(1)? {
            [0] => Some(false),
            [1] => Some(true),
            _ => None,
        }
    }

    /// A length that cannot exceed what is left (each item takes at least a byte).
    fn length(&mut self) -> Option<usize> {
        let length = usize::try_from(self.number()?).ok()?;
        (length <= self.bytes.len() - self.at).then_some(length)
    }

    fn text(&mut self) -> Option<String> {
        let length = self.length()?;
        String::from_utf8(self.take(length)?.to_vec()).ok()
    }

    fn id(&mut self) -> Option<String> {
        let length = self.length()?;
        Some(to_hex(self.take(length)?))
    }

    fn optional_id(&mut self) -> Option<Option<String>> {
        if self.flag()? {
            self.id().map(Some)
        } else {
            Some(None)
        }
    }

    fn list<T>(&mut self, mut item: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        let length = self.length()?;
        let mut out = Vec::with_capacity(length);
        for _ in 0..length {
            out.push(item(self)?);
        }
        Some(out)
    }
}

/// The part after the string table, whose strings it refers to.
struct Body<'a, 's> {
    reader: Reader<'a>,
    strings: &'s [String],
}

impl Body<'_, '_> {
    fn string(&mut self) -> Option<String> {
        let index = usize::try_from(self.reader.number()?).ok()?;
        self.strings.get(index).cloned()
    }

    fn index(&mut self) -> Option<usize> {
        usize::try_from(self.reader.number()?).ok()
    }

    fn list<T>(&mut self, mut item: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        let length = self.reader.length()?;
        let mut out = Vec::with_capacity(length);
        for _ in 0..length {
            out.push(item(self)?);
        }
        Some(out)
    }

    fn person(&mut self) -> Option<Person> {
        Some(Person {
            name: self.string()?,
            email: self.string()?,
            seconds: self.reader.signed()?,
            offset: i32::try_from(self.reader.signed()?).ok()?,
        })
    }

    fn change(&mut self) -> Option<FileChange> {
        let path = self.string()?;
        let kind = match self.reader.number()? {
            0 => ChangeKind::Added,
            1 => ChangeKind::Modified,
            2 => ChangeKind::Deleted,
            3 => ChangeKind::Renamed {
                from: self.string()?,
            },
            _ => return None,
        };
        let blob = self.reader.optional_id()?;
        Some(FileChange { path, kind, blob })
    }

    fn record(&mut self) -> Option<CommitRecord> {
        let id = self.reader.id()?;
        let parents = self.reader.list(Reader::id)?;
        let author = self.person()?;
        let committer = self.person()?;
        let summary = self.reader.text()?;
        let trailers = self
            .reader
            .list(|reader| Some((reader.text()?, reader.text()?)))?;
        let signed = self.reader.flag()?;
        let boundary = self.reader.flag()?;
        let changes = self.list(Body::change)?;
        let brought_in = self.list(Body::change)?;
        let merge_sources = self.list(|body| {
            body.list(|body| {
                let path = body.string()?;
                let from = if body.reader.flag()? {
                    Some(body.string()?)
                } else {
                    None
                };
                Some((path, from))
            })
        })?;
        Some(CommitRecord {
            id,
            parents,
            author,
            committer,
            summary,
            trailers,
            signed,
            changes,
            brought_in,
            merge_sources,
            boundary,
        })
    }

    fn timeline(&mut self) -> Option<(String, Timeline)> {
        let key = self.string()?;
        let path = self.string()?;
        let blob = self.reader.id()?;
        let commits = self.list(Body::index)?;
        let blobs = self.reader.list(Reader::optional_id)?;
        let merges = self.reader.list(Reader::flag)?;
        let renames = self.list(|body| {
            Some(Rename {
                commit: body.index()?,
                from: body.string()?,
                to: body.string()?,
            })
        })?;
        Some((
            key,
            Timeline {
                path,
                blob,
                commits,
                blobs,
                merges,
                renames,
            },
        ))
    }
}

fn from_hex(hex: &str) -> Option<Vec<u8>> {
    let digit = |byte: u8| -> Option<u8> {
        match byte {
            b'0'..=b'9' => Some(byte - b'0'),
            b'a'..=b'f' => Some(byte - b'a' + 10),
            _ => None,
        }
    };
    let bytes = hex.as_bytes();
    if !bytes.len().is_multiple_of(2) {
        return None;
    }
    bytes
        .chunks_exact(2)
        .map(|pair| Some(digit(pair[0])? << 4 | digit(pair[1])?))
        .collect()
}

fn to_hex(raw: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(raw.len() * 2);
    for byte in raw {
        out.push(char::from(DIGITS[usize::from(byte >> 4)]));
        out.push(char::from(DIGITS[usize::from(byte & 0xf)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Cached {
        let person = |name: &str, seconds| Person {
            name: name.to_owned(),
            email: format!("{name}@example.org"),
            seconds,
            offset: -3600,
        };
        let record = CommitRecord {
            id: "a".repeat(40),
            parents: vec!["b".repeat(40), "c".repeat(40)],
            author: person("ann", 1_700_000_000),
            committer: person("bob", -5),
            summary: "Merge ünïcode".to_owned(),
            trailers: vec![("Approves".to_owned(), "POL-001 <abc>".to_owned())],
            signed: true,
            changes: vec![FileChange {
                path: "aims/p.md".to_owned(),
                kind: ChangeKind::Renamed {
                    from: "drafts/p.md".to_owned(),
                },
                blob: Some("d".repeat(40)),
            }],
            brought_in: vec![FileChange {
                path: "aims/q.md".to_owned(),
                kind: ChangeKind::Deleted,
                blob: None,
            }],
            merge_sources: vec![vec![("aims/p.md".to_owned(), None)], Vec::new()],
            boundary: false,
        };
        let timeline = Timeline {
            path: "aims/p.md".to_owned(),
            blob: "d".repeat(40),
            commits: vec![0, 300],
            blobs: vec![Some("d".repeat(40)), None],
            merges: vec![true, false],
            renames: vec![Rename {
                commit: 0,
                from: "drafts/p.md".to_owned(),
                to: "aims/p.md".to_owned(),
            }],
        };
        Cached {
            format: 9,
            key: "k|[]".to_owned(),
            signed: false,
            head: "a".repeat(40),
            records: vec![record],
            followed: vec!["../drafts/p.md".to_owned()],
            timelines: Some(BTreeMap::from([("aims/p.md".to_owned(), timeline)])),
        }
    }

    #[test]
    fn a_cache_round_trips() {
        let cached = sample();
        let bytes = encode(&cached.contents()).expect("encodes");
        let back = decode(&bytes).expect("decodes");
        assert_eq!(back.records, cached.records);
        assert_eq!(back.followed, cached.followed);
        assert_eq!(
            (back.format, back.key, back.head),
            (9, cached.key, cached.head)
        );
        let (timeline, original) = (
            &back.timelines.expect("timelines")["aims/p.md"],
            &cached.timelines.expect("timelines")["aims/p.md"],
        );
        assert_eq!(
            (
                &timeline.commits,
                &timeline.blobs,
                &timeline.merges,
                &timeline.renames
            ),
            (
                &original.commits,
                &original.blobs,
                &original.merges,
                &original.renames
            )
        );
    }

    #[test]
    fn every_truncation_and_corruption_is_rejected_without_panicking() {
        let bytes = encode(&sample().contents()).expect("encodes");
        for end in 0..bytes.len() {
            assert!(decode(&bytes[..end]).is_none(), "truncated at {end}");
        }
        for at in 0..bytes.len() {
            for value in [0x00, 0x7f, 0x80, 0xff] {
                let mut damaged = bytes.clone();
                damaged[at] = value;
                let _ = decode(&damaged);
            }
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode(&longer).is_none(), "trailing bytes");
    }

    #[test]
    fn a_huge_declared_length_does_not_allocate() {
        let mut bytes = MAGIC.to_vec();
        bytes.push(1);
        bytes.extend_from_slice(&[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]);
        assert!(decode(&bytes).is_none());
    }

    #[test]
    fn an_id_that_is_not_hexadecimal_is_not_written() {
        let mut cached = sample();
        cached.records[0].id = "HEAD".to_owned();
        assert!(encode(&cached.contents()).is_none());
    }
}
