//! How to tell the user to run aims again: `aims` when the `aims` on PATH is this very binary,
//! otherwise the command that started this one (`cargo run --release --` from a checkout, or
//! the path as typed), so suggested commands work however aims was started.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// How aims was started, as far as suggestions to the user are concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Invocation {
    /// `aims` on PATH is this binary.
    OnPath,
    /// Started by `cargo run` from a checkout; the prefix is `cargo run [--release] --`.
    Cargo { release: bool },
    /// Started by a path (`./target/release/aims`, `/opt/aims/aims`) that is not on PATH.
    Path(String),
}

impl Invocation {
    /// Works out how this process was started from its environment.
    pub fn detect() -> Invocation {
        let exe = std::env::current_exe().ok();
        let argv0 = std::env::args_os().next().unwrap_or_default();
        let cargo_package = std::env::var_os("CARGO_PKG_NAME");
        let path = std::env::var_os("PATH").unwrap_or_default();
        Invocation::from_parts(exe.as_deref(), &argv0, cargo_package.as_deref(), &path)
    }

    fn from_parts(
        exe: Option<&Path>,
        argv0: &std::ffi::OsStr,
        cargo_package: Option<&std::ffi::OsStr>,
        path: &std::ffi::OsStr,
    ) -> Invocation {
        let exe = exe.and_then(|exe| std::fs::canonicalize(exe).ok());
        if let Some(exe) = &exe
            && on_path(path).is_some_and(|found| &found == exe)
        {
            return Invocation::OnPath;
        }
        if cargo_package.is_some_and(|name| name == "aims") {
            let release = exe.as_deref().is_some_and(|exe| {
                exe.parent()
                    .and_then(Path::file_name)
                    .is_some_and(|dir| dir == "release")
            });
            return Invocation::Cargo { release };
        }
        let typed = Path::new(argv0);
        let shown = if typed.components().count() > 1 {
            typed.display().to_string()
        } else {
            // Started by a bare name that is not this binary on PATH (an alias, a shell
            // function): the full path is the one that surely works.
            exe.as_deref().map_or_else(
                || typed.display().to_string(),
                |exe| exe.display().to_string(),
            )
        };
        Invocation::Path(shell_quote(&shown))
    }

    /// The words that stand for `aims` in a suggested command.
    pub fn prefix(&self) -> String {
        match self {
            Invocation::OnPath => "aims".to_owned(),
            Invocation::Cargo { release: true } => "cargo run --release --".to_owned(),
            Invocation::Cargo { release: false } => "cargo run --".to_owned(),
            Invocation::Path(path) => path.clone(),
        }
    }
}

/// The `aims` executable PATH resolves to, canonicalised.
fn on_path(path: &std::ffi::OsStr) -> Option<PathBuf> {
    let name: OsString = format!("aims{}", std::env::consts::EXE_SUFFIX).into();
    std::env::split_paths(path)
        .map(|dir| dir.join(&name))
        .find(|candidate| candidate.is_file())
        .and_then(|found| std::fs::canonicalize(found).ok())
}

/// Quotes a path for a POSIX shell when it holds anything beyond the plainly safe characters.
pub fn shell_quote(text: &str) -> String {
    let safe = text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-+:=@%,".contains(c));
    if safe && !text.is_empty() {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsStr;

    #[test]
    fn the_binary_on_path_is_called_aims() {
        let dir = tempfile::tempdir().unwrap();
        let exe = dir
            .path()
            .join(format!("aims{}", std::env::consts::EXE_SUFFIX));
        std::fs::write(&exe, "").unwrap();
        let path = std::env::join_paths([dir.path()]).unwrap();
        assert_eq!(
            Invocation::from_parts(Some(&exe), OsStr::new("aims"), None, &path),
            Invocation::OnPath
        );
        // Another aims on PATH is not this one.
        let other = tempfile::tempdir().unwrap();
        let mine = other.path().join("aims");
        std::fs::write(&mine, "").unwrap();
        assert_eq!(
            Invocation::from_parts(Some(&mine), OsStr::new("./aims"), None, &path),
            Invocation::Path("./aims".to_owned())
        );
    }

    #[test]
    fn cargo_run_and_paths() {
        let dir = tempfile::tempdir().unwrap();
        let release = dir.path().join("target/release");
        std::fs::create_dir_all(&release).unwrap();
        let exe = release.join("aims");
        std::fs::write(&exe, "").unwrap();
        let empty = OsStr::new("");
        let cargo = Invocation::from_parts(
            Some(&exe),
            OsStr::new("target/release/aims"),
            Some(OsStr::new("aims")),
            empty,
        );
        assert_eq!(cargo, Invocation::Cargo { release: true });
        assert_eq!(cargo.prefix(), "cargo run --release --");
        assert_eq!(
            Invocation::from_parts(Some(&exe), OsStr::new("my dir/aims"), None, empty).prefix(),
            "'my dir/aims'"
        );
    }
}
