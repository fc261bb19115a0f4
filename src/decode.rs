//! Turning raw file bytes into text, refusing with a position what cannot be read faithfully:
//! binary files, UTF-16, invalid UTF-8 and files too large to be documents. A byte-order mark
//! is skipped. Documents and aims.yaml go through the same gate.

use crate::diagnostic::Position;

/// Documents are prose with a header; anything bigger is a mistake or an attack.
pub const MAX_DOCUMENT_BYTES: usize = 4 * 1024 * 1024;

/// Why bytes could not be used as document text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeProblem {
    #[error(
        "it is larger than {} MiB ({bytes} bytes or more)",
        MAX_DOCUMENT_BYTES / (1024 * 1024)
    )]
    TooLarge { bytes: u64 },
    #[error("it is a binary file, not text")]
    Binary,
    #[error("it is UTF-16 encoded; save it as UTF-8")]
    Utf16,
    #[error(
        "it is not valid UTF-8 (the first invalid byte is at line {}, column {})",
        at.line,
        at.column
    )]
    NotUtf8 { at: Position },
}

/// Decodes a document's bytes as UTF-8 text, without a leading byte-order mark.
pub fn decode(bytes: Vec<u8>) -> Result<String, DecodeProblem> {
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(DecodeProblem::TooLarge {
            bytes: bytes.len() as u64,
        });
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(DecodeProblem::Utf16);
    }
    let sniff = &bytes[..bytes.len().min(8000)];
    if sniff.contains(&0) {
        return Err(DecodeProblem::Binary);
    }
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{FEFF}') {
                text.drain(..'\u{FEFF}'.len_utf8());
            }
            Ok(text)
        }
        Err(error) => {
            let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
            // `valid` is valid UTF-8 by construction.
            let prefix = std::str::from_utf8(valid).unwrap_or_default();
            Err(DecodeProblem::NotUtf8 {
                at: end_position(prefix),
            })
        }
    }
}

/// The position just after `text`.
fn end_position(text: &str) -> Position {
    let line = text.matches('\n').count() + 1;
    let last_line = text.rsplit('\n').next().unwrap_or_default();
    Position::new(line, last_line.chars().count() + 1)
}
