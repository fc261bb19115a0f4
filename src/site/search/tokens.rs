//! Splitting text into search tokens, the same way for the index (here) and for queries
//! (`assets/search.js` mirrors [`tokens`]): lower-cased runs of letters and digits, kept whole
//! across the connectors ids, clauses, emails and paths use (`A.6.2.6`, `RISK-012`,
//! `lead@example.org`, `evidence/report.pdf`), plus the parts between connectors and what
//! follows each `/` or `@`, so `6.2.6`, `report.pdf` and `example.org` are found as well.

/// Longer tokens are cut to this many characters (a query term is cut the same way).
pub const MAX_CHARS: usize = 64;
/// Shorter tokens are not indexed: single letters and digits match almost every document.
pub const MIN_CHARS: usize = 2;

fn connector(c: char) -> bool {
    matches!(c, '.' | '-' | '_' | '@' | '/')
}

/// Calls `emit` with every token of `text` (a token may come more than once).
pub fn tokens(text: &str, emit: &mut dyn FnMut(&str)) {
    let lower = text.to_lowercase();
    let mut rest = lower.as_str();
    while let Some(start) = rest.find(|c: char| c.is_alphanumeric()) {
        rest = &rest[start..];
        // A run of letters, digits and connectors, without connectors at its end.
        let run_end = rest
            .find(|c: char| !c.is_alphanumeric() && !connector(c))
            .unwrap_or(rest.len());
        let run = rest[..run_end].trim_end_matches(connector);
        compound(run, emit);
        rest = &rest[run_end..];
    }
}

/// The tokens of one run such as `evidence/rec-001.txt`.
fn compound(run: &str, emit: &mut dyn FnMut(&str)) {
    keep(run, emit);
    if !run.contains(connector) {
        return;
    }
    for part in run.split(connector) {
        keep(part, emit);
    }
    for (at, c) in run.char_indices() {
        if matches!(c, '/' | '@') {
            let tail = run[at + c.len_utf8()..].trim_start_matches(connector);
            if tail.contains(connector) {
                keep(tail, emit);
            }
        }
    }
}

fn keep(token: &str, emit: &mut dyn FnMut(&str)) {
    let count = token.chars().count();
    if count < MIN_CHARS {
        return;
    }
    if count > MAX_CHARS {
        let cut = token
            .char_indices()
            .nth(MAX_CHARS)
            .map_or(token.len(), |(at, _)| at);
        emit(&token[..cut]);
    } else {
        emit(token);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Vec<String> {
        let mut found = Vec::new();
        tokens(text, &mut |token| found.push(token.to_owned()));
        found
    }

    #[test]
    fn ids_and_paths_stay_whole_and_split() {
        assert_eq!(
            all("Controls: A.6.2.6, RISK-012."),
            ["controls", "a.6.2.6", "risk-012", "risk", "012"]
        );
        assert_eq!(
            all("see evidence/rec-001.txt or Lead@Example.org"),
            [
                "see",
                "evidence/rec-001.txt",
                "evidence",
                "rec",
                "001",
                "txt",
                "rec-001.txt",
                "or",
                "lead@example.org",
                "lead",
                "example",
                "org",
                "example.org"
            ]
        );
    }

    #[test]
    fn odd_text_never_panics_and_long_tokens_are_cut() {
        assert!(all("").is_empty());
        assert!(all("-- // @@ ..").is_empty());
        assert_eq!(all("Ünïcödé ÉTÉ"), ["ünïcödé", "été"]);
        let long = "x".repeat(200);
        assert_eq!(all(&long), ["x".repeat(MAX_CHARS)]);
        let _ = all("İ\u{2028}é/ /-a");
    }
}
