//! The site's search index, sharded so a page loads only what a query needs, at any size:
//!
//! - `assets/search-index.js` (every page loads it): a small manifest, `window.AIMS_SEARCH`,
//!   naming the fields, the kinds, how many documents there are and the first token of each
//!   token shard;
//! - `assets/search/tN.js`: the token shards. Every token (see [`tokens`]) of every document's
//!   id, title, frontmatter values and body, in sorted order, cut into files of at most about
//!   [`SHARD_BYTES`]; each token lists the documents that have it and, as a bit mask, the fields
//!   it is in. A query term needs only the shards its prefix range falls in;
//! - `assets/search/dN.js`: the document shards, [`DOCS_PER_SHARD`] documents each: id, title,
//!   kind and page, for showing hits.
//!
//! All are scripts that hand their data to `window.AIMS_SEARCH_SHARD` (`assets/search.js`
//! inserts a `<script>` per shard), because browsers block `fetch()` on `file://`. Every string
//! is written by [`script`], so document text can never end the script or become markup.

mod script;
mod tokens;

use super::markdown;
use super::model::SiteModel;
use rayon::prelude::*;
use serde_json::Value;
use std::collections::HashMap;

/// A token shard is closed once it would grow past this many bytes (a single token's list of
/// documents can make one larger: about 5 bytes per document holding it).
pub const SHARD_BYTES: usize = 64 * 1024;
/// Documents per document shard.
pub const DOCS_PER_SHARD: usize = 400;
/// How much of a body is indexed (its distinct words count, not its length).
const BODY_CHARS: usize = 500_000;
/// Bits of a field mask: id, title, body, then the most common frontmatter fields, and one
/// bit for every other frontmatter field. 30 bits keep masks exact in JavaScript's bitwise
/// operators.
const FIELD_BITS: u32 = 30;
/// Documents tokenised at a time.
const TOKENISE_BATCH: usize = 512;
const ID: u32 = 0;
const TITLE: u32 = 1;
const BODY: u32 = 2;

/// One file of the index: its path under the site root and its text.
pub struct IndexFile {
    pub path: String,
    pub text: String,
}

/// The tokens of one document and, per token, the fields (indices into `fields`) holding it.
struct DocTokens {
    fields: Vec<String>,
    tokens: HashMap<String, u64>,
    /// False to collect the field names only.
    tokenise: bool,
}

impl DocTokens {
    fn add(&mut self, field: &str, text: &str) {
        let index = match self.fields.iter().position(|known| known == field) {
            Some(index) => index,
            None => {
                self.fields.push(field.to_owned());
                self.fields.len() - 1
            }
        };
        if !self.tokenise {
            return;
        }
        let bit = 1u64 << index.min(63);
        let tokens = &mut self.tokens;
        // Most tokens repeat: look up first, so only a new one is copied.
        tokens::tokens(text, &mut |token| match tokens.get_mut(token) {
            Some(fields) => *fields |= bit,
            None => {
                tokens.insert(token.to_owned(), bit);
            }
        });
    }
}

/// Every frontmatter value under `field`: named by its own key (`controls`, whether at the top
/// or under `treatment`), list positions left out; a nested `id` or `title` is named with its
/// parent (`annex_a.id`), as the document's own id and title are fields of their own.
fn frontmatter(doc: &mut DocTokens, field: &str, value: &Value) {
    match value {
        Value::String(text) => doc.add(field, text),
        Value::Number(number) => doc.add(field, &number.to_string()),
        Value::Array(items) => {
            for item in items {
                frontmatter(doc, field, item);
            }
        }
        Value::Object(entries) => {
            for (key, child) in entries {
                let child_field = match (field, key.as_str()) {
                    ("", "id") => "\u{0}id".to_owned(),
                    ("", "title") => "\u{0}title".to_owned(),
                    (parent, "id" | "title") if !parent.is_empty() => format!("{parent}.{key}"),
                    _ => key.to_owned(),
                };
                frontmatter(doc, &child_field, child);
            }
        }
        Value::Null | Value::Bool(_) => {}
    }
}

/// Frontmatter fields an auditor searches by, named in every hit however rare they are.
const PRIORITY: &[&str] = &[
    "controls",
    "clauses",
    "owner",
    "systems",
    "references",
    "evidence",
    "related",
    "approvers",
    "implemented_by",
    "documents",
    "risks",
    "applies_to",
    "annex_a.id",
];

/// The fields named in masks: id, title and body first, then the [`PRIORITY`] fields and the
/// other frontmatter fields by how many documents have them (then by name), the rest sharing
/// the last bit.
fn field_table(docs: &[Vec<String>]) -> (Vec<String>, HashMap<&str, u32>) {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for fields in docs {
        for field in fields {
            *counts.entry(field.as_str()).or_default() += 1;
        }
    }
    let mut names = vec!["id".to_owned(), "title".to_owned(), "body".to_owned()];
    let mut bits: HashMap<&str, u32> =
        HashMap::from([("\u{0}id", ID), ("\u{0}title", TITLE), ("\u{0}body", BODY)]);
    let mut others: Vec<(&str, usize)> = counts
        .into_iter()
        .filter(|(name, _)| !bits.contains_key(name))
        .collect();
    others.sort_by(|a, b| {
        let first = |name: &str| !PRIORITY.contains(&name);
        (first(a.0), b.1, a.0).cmp(&(first(b.0), a.1, b.0))
    });
    let room = (FIELD_BITS - 3) as usize;
    let shared = others.len() > room;
    let own = if shared { room - 1 } else { others.len() };
    for (at, (name, _)) in others.iter().enumerate() {
        let bit = if at < own {
            names.push((*name).to_owned());
            (names.len() - 1) as u32
        } else {
            FIELD_BITS - 1
        };
        bits.insert(name, bit);
    }
    if shared {
        names.push("other fields".to_owned());
    }
    (names, bits)
}

/// A document's tokens, from its view and frontmatter.
fn doc_tokens(
    model: &SiteModel<'_>,
    view: &super::model::document::DocView,
    tokenise: bool,
) -> DocTokens {
    let mut doc = DocTokens {
        fields: Vec::new(),
        tokens: HashMap::new(),
        tokenise,
    };
    doc.add("\u{0}id", &view.id);
    doc.add("\u{0}title", &view.title);
    if let Some(document) = model.documents.by_path(&view.path) {
        if let Some(data) = document.frontmatter().map(|front| &front.data) {
            frontmatter(&mut doc, "", data);
        }
        // The body is a field of every document: only its tokens cost anything to find.
        let body = if tokenise {
            markdown::plain_text(document.body(), BODY_CHARS)
        } else {
            String::new()
        };
        doc.add("\u{0}body", &body);
    }
    doc
}

/// Sorts as JavaScript compares strings (by UTF-16 code units), so the shards' first tokens
/// can be searched with `<` in the browser.
fn js_order(a: &str, b: &str) -> std::cmp::Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

/// The files of the search index for `model`.
pub fn files(model: &SiteModel<'_>) -> Vec<IndexFile> {
    // The fields first (cheap: no tokens), so masks can be built as documents are tokenised,
    // a batch at a time: the tokens of every document are never held at once.
    let field_sets: Vec<Vec<String>> = model
        .views
        .par_iter()
        .map(|view| doc_tokens(model, view, false).fields)
        .collect();
    let (fields, bits) = field_table(&field_sets);

    // Token → (document number, field mask), documents in ascending order.
    let mut postings: HashMap<String, Vec<(u32, u32)>> = HashMap::new();
    for (batch, views) in model.views.chunks(TOKENISE_BATCH).enumerate() {
        let docs: Vec<DocTokens> = views
            .par_iter()
            .map(|view| doc_tokens(model, view, true))
            .collect();
        for (offset, doc) in docs.into_iter().enumerate() {
            let number = u32::try_from(batch * TOKENISE_BATCH + offset).unwrap_or(u32::MAX);
            let global: Vec<u32> = doc
                .fields
                .iter()
                .map(|field| bits.get(field.as_str()).copied().unwrap_or(FIELD_BITS - 1))
                .collect();
            for (token, local) in doc.tokens {
                let mut mask = 0u32;
                for (index, bit) in global.iter().enumerate().take(64) {
                    if local & (1u64 << index) != 0 {
                        mask |= 1 << bit;
                    }
                }
                postings.entry(token).or_default().push((number, mask));
            }
        }
    }
    let mut sorted: Vec<(String, Vec<(u32, u32)>)> = postings.into_iter().collect();
    sorted.sort_by(|a, b| js_order(&a.0, &b.0));

    let mut files = Vec::new();
    let mut firsts: Vec<&str> = Vec::new();
    let mut sizes: Vec<usize> = Vec::new();
    let mut shard = String::new();
    let mut entry = String::new();
    for (token, list) in &sorted {
        entry.clear();
        script::push_string(&mut entry, token);
        entry.push_str(",[");
        let mut previous = 0;
        for (at, (number, mask)) in list.iter().enumerate() {
            if at > 0 {
                entry.push(',');
            }
            entry.push_str(&(number - previous).to_string());
            entry.push(',');
            entry.push_str(&mask.to_string());
            previous = *number;
        }
        entry.push(']');
        if !shard.is_empty() && shard.len() + entry.len() > SHARD_BYTES {
            sizes.push(finish_shard(&mut files, 't', firsts.len() - 1, &shard));
            shard.clear();
        }
        if shard.is_empty() {
            firsts.push(token);
        } else {
            shard.push(',');
        }
        shard.push_str(&entry);
    }
    if !shard.is_empty() {
        sizes.push(finish_shard(&mut files, 't', firsts.len() - 1, &shard));
    }

    let mut kinds: Vec<&str> = Vec::new();
    for (number, views) in model.views.chunks(DOCS_PER_SHARD).enumerate() {
        let mut shard = String::new();
        for view in views {
            let kind = match kinds.iter().position(|kind| *kind == view.kind_title) {
                Some(kind) => kind,
                None => {
                    kinds.push(&view.kind_title);
                    kinds.len() - 1
                }
            };
            if !shard.is_empty() {
                shard.push(',');
            }
            shard.push('[');
            script::push_string(&mut shard, &view.id);
            shard.push(',');
            script::push_string(&mut shard, &view.title);
            shard.push(',');
            shard.push_str(&kind.to_string());
            shard.push(',');
            let page = model.links.pages.get(&view.id).map_or("", String::as_str);
            script::push_string(&mut shard, page);
            shard.push(']');
        }
        finish_shard(&mut files, 'd', number, &shard);
    }

    let list = |items: &mut dyn Iterator<Item = String>| items.collect::<Vec<_>>().join(",");
    let manifest = format!(
        "window.AIMS_SEARCH = {{\"version\":2,\"documents\":{},\"per_shard\":{},\"fields\":[{}],\"kinds\":[{}],\"shards\":[{}],\"bytes\":[{}]}};\n",
        model.views.len(),
        DOCS_PER_SHARD,
        list(&mut fields.iter().map(|field| script::string(field))),
        list(&mut kinds.iter().map(|kind| script::string(kind))),
        list(&mut firsts.iter().map(|first| script::string(first))),
        list(&mut sizes.iter().map(usize::to_string)),
    );
    files.insert(
        0,
        IndexFile {
            path: "assets/search-index.js".to_owned(),
            text: manifest,
        },
    );
    files
}

/// Wraps a shard's entries in its script, adds the file, and returns the file's size.
fn finish_shard(files: &mut Vec<IndexFile>, family: char, number: usize, entries: &str) -> usize {
    let text = format!("window.AIMS_SEARCH_SHARD(\"{family}{number}\",[{entries}]);\n");
    let size = text.len();
    files.push(IndexFile {
        path: format!("assets/search/{family}{number}.js"),
        text,
    });
    size
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(fields: &[&str]) -> DocTokens {
        DocTokens {
            fields: fields.iter().map(|field| (*field).to_owned()).collect(),
            tokens: HashMap::new(),
            tokenise: true,
        }
    }

    #[test]
    fn common_fields_get_their_own_bits_and_the_rest_share_one() {
        let mut docs = vec![doc(&["\u{0}id", "\u{0}title", "\u{0}body", "owner"]).fields];
        for n in 0..40 {
            docs.push(doc(&["owner", &format!("field{n:02}")]).fields);
        }
        let (names, bits) = field_table(&docs);
        assert_eq!(&names[..4], ["id", "title", "body", "owner"]);
        assert_eq!(names.len(), FIELD_BITS as usize);
        assert_eq!(names.last().map(String::as_str), Some("other fields"));
        assert!(bits.values().all(|bit| *bit < FIELD_BITS));
        assert_eq!(bits["field39"], FIELD_BITS - 1);
        // Few fields: every one is named.
        let (names, _) = field_table(&docs[..3]);
        assert_eq!(names.len(), 6);
    }

    #[test]
    fn frontmatter_fields_are_named_by_their_keys() {
        let mut tokens = doc(&[]);
        let data = serde_json::json!({
            "id": "RISK-1",
            "treatment": {"controls": ["A.6.2.6"]},
            "annex_a": [{"id": "A.2.2"}],
            "flag": true,
        });
        frontmatter(&mut tokens, "", &data);
        assert_eq!(tokens.fields, ["\u{0}id", "controls", "annex_a.id"]);
        assert_eq!(tokens.tokens["a.6.2.6"], 0b10);
        assert_eq!(tokens.tokens["a.2.2"], 0b100);
    }
}
