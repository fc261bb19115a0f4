//! JSON that is safe inside a script file or element: the search data files are loaded with
//! `<script src>` (browsers block `fetch()` on `file://`), so document text in them must never
//! be able to end a script element or be read as anything but a string.

/// `text` as a JSON string literal with `<`, `>` and `&` (so `</script>` and `<!--` cannot
/// appear) and the two line separators older JavaScript rejects in literals escaped.
pub fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    push_string(&mut out, text);
    out
}

/// Appends [`string`]`(text)` to `out`.
pub fn push_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => push_escape(out, c),
            c if u32::from(c) < 0x20 => push_escape(out, c),
            c => out.push(c),
        }
    }
    out.push('"');
}

fn push_escape(out: &mut String, c: char) {
    use std::fmt::Write as _;
    let _ = write!(out, "\\u{:04x}", u32::from(c));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_text_stays_a_string() {
        for text in [
            "</script><script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "<!-- \u{2028}\u{2029} \"quoted\" back\\slash \u{1} tab\t é 𝄞",
        ] {
            let literal = string(text);
            assert!(!literal.contains(['<', '>', '&', '\u{2028}', '\u{2029}']));
            let back: String = serde_json::from_str(&literal).unwrap();
            assert_eq!(back, text);
        }
    }
}
