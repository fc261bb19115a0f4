//! `aims init`: a complete starter AIMS from the embedded `policy-templates/`, with the
//! organisation's name and dates filled in.
//!
//! Templates may contain `{{organisation}}` (as written, for prose), `{{organisation|yaml}}` (a
//! quoted YAML string, safe whatever the name contains), `{{today}}` and `{{today+P90D}}` /
//! `{{today-P1M}}` (any ISO 8601 duration). Nothing is written unless every file can be: existing
//! files are only replaced with `force`, and a symbolic link is never written through.

use crate::atomic::write_atomically;
use crate::dates;
use jiff::civil::Date;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct InitOptions {
    pub organisation: String,
    pub today: Date,
    pub force: bool,
}

/// One file `init` will write.
#[derive(Debug, Clone)]
pub struct PlannedFile {
    pub path: String,
    pub contents: Vec<u8>,
    pub exists: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum InitError {
    #[error("{} already exist{}: {}; use --force to overwrite", crate::text::count(.0.len(), "file", "files"), if .0.len() == 1 { "s" } else { "" }, .0.join(", "))]
    WouldOverwrite(Vec<String>),
    #[error("refusing to write through the symbolic link {0}")]
    Symlink(String),
    #[error("cannot write {path}: {message}")]
    Io { path: String, message: String },
    #[error("template {path}: {message}")]
    Template { path: String, message: String },
    #[error("this build of aims contains no starter templates")]
    NoTemplates,
}

/// Fills the placeholders of one template.
pub fn fill(template: &str, options: &InitOptions) -> Result<String, String> {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            return Err("`{{` without a closing `}}`".to_owned());
        };
        let name = after[..end].trim();
        let value = match name {
            "organisation" => options.organisation.clone(),
            // A JSON string is a valid YAML double-quoted scalar.
            "organisation|yaml" => {
                serde_json::to_string(&options.organisation).unwrap_or_else(|_| "\"\"".to_owned())
            }
            "today" => options.today.to_string(),
            other => {
                let (sign, duration) = match other.strip_prefix("today+") {
                    Some(duration) => (1, duration),
                    None => match other.strip_prefix("today-") {
                        Some(duration) => (-1, duration),
                        None => return Err(format!("unknown placeholder `{{{{{other}}}}}`")),
                    },
                };
                let span = dates::parse_duration(duration)
                    .ok_or_else(|| format!("bad duration in `{{{{{other}}}}}`"))?;
                let date = if sign > 0 {
                    dates::add(options.today, span)
                } else {
                    dates::subtract(options.today, span)
                };
                date.ok_or_else(|| format!("date out of range in `{{{{{other}}}}}`"))?
                    .to_string()
            }
        };
        out.push_str(&value);
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

/// What `init` would write into `dir`.
pub fn plan(dir: &Path, options: &InitOptions) -> Result<Vec<PlannedFile>, InitError> {
    if crate::embedded::POLICY_TEMPLATES.is_empty() {
        return Err(InitError::NoTemplates);
    }
    crate::embedded::POLICY_TEMPLATES
        .iter()
        .map(|(path, bytes)| {
            let contents = match std::str::from_utf8(bytes) {
                Ok(text) => fill(text, options)
                    .map_err(|message| InitError::Template {
                        path: (*path).to_owned(),
                        message,
                    })?
                    .into_bytes(),
                Err(_) => bytes.to_vec(),
            };
            let target = dir.join(path);
            Ok(PlannedFile {
                path: (*path).to_owned(),
                contents,
                exists: std::fs::symlink_metadata(&target).is_ok(),
            })
        })
        .collect()
}

/// Writes the plan. Checks everything first, so a refusal leaves the disk untouched.
pub fn write(dir: &Path, files: &[PlannedFile], force: bool) -> Result<Vec<String>, InitError> {
    let mut conflicts = Vec::new();
    for file in files {
        let target = dir.join(&file.path);
        if is_symlink(&target) || ancestors_have_symlink(dir, &file.path) {
            return Err(InitError::Symlink(file.path.clone()));
        }
        if file.exists {
            conflicts.push(file.path.clone());
        }
    }
    if !conflicts.is_empty() && !force {
        return Err(InitError::WouldOverwrite(conflicts));
    }
    let gitignore = dir.join(GITIGNORE);
    if is_symlink(&gitignore) {
        return Err(InitError::Symlink(GITIGNORE.to_owned()));
    }
    let mut written = Vec::new();
    for file in files {
        let target = dir.join(&file.path);
        write_atomically(&target, &file.contents).map_err(|error| InitError::Io {
            path: file.path.clone(),
            message: error.to_string(),
        })?;
        written.push(file.path.clone());
    }
    if ignore_site(&gitignore).map_err(|error| InitError::Io {
        path: GITIGNORE.to_owned(),
        message: error.to_string(),
    })? {
        written.push(GITIGNORE.to_owned());
    }
    Ok(written)
}

const GITIGNORE: &str = ".gitignore";
/// The evidence site `aims site` builds by default: output, never committed.
const SITE_PATTERN: &str = "/_site/";

/// Makes sure `.gitignore` ignores the built site, creating the file or adding one line to it
/// (never rewriting what is there). Says whether it wrote anything.
fn ignore_site(gitignore: &Path) -> std::io::Result<bool> {
    let existing = match std::fs::read_to_string(gitignore) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(error) => return Err(error),
    };
    let covered = existing
        .lines()
        .map(str::trim)
        .any(|line| matches!(line, "/_site/" | "_site/" | "/_site" | "_site"));
    if covered {
        return Ok(false);
    }
    let mut text = existing;
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str("# The evidence site `aims site` builds (rebuild it from any commit).\n");
    text.push_str(SITE_PATTERN);
    text.push('\n');
    write_atomically(gitignore, text.as_bytes())?;
    Ok(true)
}

fn is_symlink(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|metadata| metadata.file_type().is_symlink())
}

fn ancestors_have_symlink(dir: &Path, relative: &str) -> bool {
    let mut current = PathBuf::from(dir);
    let parts: Vec<&str> = relative.split('/').collect();
    for part in &parts[..parts.len().saturating_sub(1)] {
        current.push(part);
        if is_symlink(&current) {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options() -> InitOptions {
        InitOptions {
            organisation: "Acme".to_owned(),
            today: jiff::civil::date(2026, 1, 31),
            force: false,
        }
    }

    #[test]
    fn fills_placeholders() {
        assert_eq!(
            fill(
                "{{organisation}} {{today}} {{today+P1M}} {{ today-P1Y }}",
                &options()
            )
            .unwrap(),
            "Acme 2026-01-31 2026-02-28 2025-01-31"
        );
        assert!(fill("{{nope}}", &options()).is_err());
        assert!(fill("{{today", &options()).is_err());
    }
}
