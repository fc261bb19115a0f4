//! Classifying evidence entries: a link, a path inside the project, or a path that escapes it.
//!
//! Paths are relative to the project root (the folder holding aims.yaml). They are normalised
//! lexically, without touching the disk, so `evidence/../../secret` is recognised as escaping
//! whatever the file system holds.

/// What an evidence entry is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EvidenceTarget {
    /// An `https://` or `http://` link; not checked (aims never goes online).
    Link,
    /// A project-relative path, normalised (no `.`, no `..`, forward slashes).
    Path(String),
    /// An absolute path or one that climbs out of the project with `..`.
    Outside,
    /// A URL scheme other than http(s), such as `javascript:` or `file:`.
    BadScheme(String),
}

pub fn classify(entry: &str) -> EvidenceTarget {
    let trimmed = entry.trim();
    if let Some((scheme, _)) = trimmed.split_once("://") {
        let scheme = scheme.to_ascii_lowercase();
        return if scheme == "https" || scheme == "http" {
            EvidenceTarget::Link
        } else {
            EvidenceTarget::BadScheme(scheme)
        };
    }
    if let Some((scheme, _)) = trimmed.split_once(':')
        && !scheme.is_empty()
        && scheme.len() > 1
        && scheme.chars().all(|c| c.is_ascii_alphabetic())
    {
        return EvidenceTarget::BadScheme(scheme.to_ascii_lowercase());
    }
    let unified = trimmed.replace('\\', "/");
    if unified.starts_with('/') || has_drive_letter(&unified) {
        return EvidenceTarget::Outside;
    }
    let mut parts: Vec<&str> = Vec::new();
    for part in unified.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return EvidenceTarget::Outside;
                }
            }
            other => parts.push(other),
        }
    }
    if parts.is_empty() {
        return EvidenceTarget::Outside;
    }
    EvidenceTarget::Path(parts.join("/"))
}

fn has_drive_letter(path: &str) -> bool {
    let bytes = path.as_bytes();
    bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_entries() {
        assert_eq!(classify("https://x.example/a"), EvidenceTarget::Link);
        assert_eq!(
            classify("./evidence//a.pdf"),
            EvidenceTarget::Path("evidence/a.pdf".into())
        );
        assert_eq!(
            classify("evidence/x/../a.pdf"),
            EvidenceTarget::Path("evidence/a.pdf".into())
        );
        assert_eq!(classify("../secret"), EvidenceTarget::Outside);
        assert_eq!(classify("evidence/../../secret"), EvidenceTarget::Outside);
        assert_eq!(classify("/etc/passwd"), EvidenceTarget::Outside);
        assert_eq!(classify("C:\\x"), EvidenceTarget::Outside);
        assert_eq!(classify("."), EvidenceTarget::Outside);
        assert_eq!(
            classify("javascript:alert(1)"),
            EvidenceTarget::BadScheme("javascript".into())
        );
        assert_eq!(
            classify("file:///etc/passwd"),
            EvidenceTarget::BadScheme("file".into())
        );
    }
}
