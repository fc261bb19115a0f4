//! `aims hook install`: a plain git pre-commit hook for users without the pre-commit framework.

use super::{Cli, Failure, Outcome};
use clap::{Args, Subcommand};

#[derive(Debug, Args)]
pub struct HookArgs {
    #[command(subcommand)]
    pub action: HookAction,
}

#[derive(Debug, Subcommand)]
pub enum HookAction {
    /// Write .git/hooks/pre-commit (or into core.hooksPath) running `aims lint --staged`.
    Install {
        /// Replace an existing pre-commit hook that aims did not write (it is kept as
        /// pre-commit.aims-backup).
        #[arg(long)]
        force: bool,
    },
}

/// Marks hooks written by aims, so they can be updated without --force.
const MARKER: &str = "# Installed by `aims hook install`.";

pub fn run(cli: &Cli, args: &HookArgs) -> Result<Outcome, Failure> {
    let HookAction::Install { force } = args.action;
    let dir = super::working_dir(cli);
    let repo = gix::discover(&dir).map_err(|_| Failure::new("not inside a git repository"))?;
    let hooks = match repo.config_snapshot().trusted_path("core.hooksPath") {
        Ok(Some(path)) => {
            if path.is_absolute() {
                path
            } else {
                repo.workdir()
                    .map(|workdir| workdir.join(&path))
                    .unwrap_or(path)
            }
        }
        _ => repo.git_dir().join("hooks"),
    };
    let hook = hooks.join("pre-commit");
    let binary = std::env::current_exe()
        .ok()
        .map(|path| path.display().to_string())
        .filter(|path| !path.contains('\''))
        .unwrap_or_else(|| "aims".to_owned());
    let script = format!(
        "#!/bin/sh\n{MARKER}\n# Checks the staged AIMS documents before each commit; `git commit --no-verify` skips it.\n\
         if command -v aims >/dev/null 2>&1; then exec aims lint --staged; fi\nexec '{binary}' lint --staged\n"
    );
    if let Ok(existing) = std::fs::read_to_string(&hook) {
        if !existing.contains(MARKER) {
            if !force {
                return Err(Failure::new(format!(
                    "{} already exists and was not written by aims; add `aims lint --staged` to it, or use --force to replace it (it is kept as pre-commit.aims-backup, or .aims-backup.N if that exists)",
                    hook.display()
                )));
            }
            let backup = back_up(&hook, &existing).map_err(|error| {
                Failure::new(format!("cannot back up {}: {error}", hook.display()))
            })?;
            eprintln!("kept the previous hook as {}", backup.display());
        }
    } else if std::fs::symlink_metadata(&hook).is_ok() {
        return Err(Failure::new(format!(
            "{} exists but cannot be read; not touching it",
            hook.display()
        )));
    }
    aims::atomic::write_atomically(&hook, script.as_bytes())
        .map_err(|error| Failure::new(format!("cannot write {}: {error}", hook.display())))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).map_err(
            |error| {
                Failure::new(format!(
                    "cannot make {} executable: {error}",
                    hook.display()
                ))
            },
        )?;
    }
    eprintln!(
        "installed {}: every commit now runs `aims lint --staged`",
        hook.display()
    );
    Ok(Outcome::Clean)
}

/// Copies the hook being replaced to the first free `pre-commit.aims-backup[.N]`, never over
/// an earlier backup (created with `create_new`, so a race cannot clobber one either).
fn back_up(hook: &std::path::Path, contents: &str) -> std::io::Result<std::path::PathBuf> {
    use std::io::Write;
    let folder = hook.parent().unwrap_or_else(|| std::path::Path::new("."));
    for attempt in 0..1000 {
        let name = if attempt == 0 {
            "pre-commit.aims-backup".to_owned()
        } else {
            format!("pre-commit.aims-backup.{attempt}")
        };
        let candidate = folder.join(name);
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&candidate)
        {
            Ok(mut file) => {
                file.write_all(contents.as_bytes())?;
                #[cfg(unix)]
                {
                    use std::os::unix::fs::PermissionsExt;
                    let mode = std::fs::metadata(hook)
                        .map(|metadata| metadata.permissions().mode())
                        .unwrap_or(0o755);
                    std::fs::set_permissions(&candidate, std::fs::Permissions::from_mode(mode))?;
                }
                return Ok(candidate);
            }
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(error) => return Err(error),
        }
    }
    Err(std::io::Error::other("too many earlier backups"))
}
