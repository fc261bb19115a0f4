//! `aims init [DIR] [--org NAME]`.

use super::{Cli, Failure, Outcome};
use aims::init::{self, InitOptions};
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to write the starter AIMS (default: the current folder).
    pub dir: Option<PathBuf>,

    /// The organisation's name, written into the documents.
    #[arg(long, value_name = "NAME")]
    pub org: Option<String>,

    /// Overwrite files that already exist.
    #[arg(long)]
    pub force: bool,

    /// The date written into the documents (default: today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = super::parse_today)]
    pub today: Option<jiff::civil::Date>,
}

pub fn run(cli: &Cli, args: &InitArgs) -> Result<Outcome, Failure> {
    let base = super::working_dir(cli);
    let dir = match &args.dir {
        Some(dir) if dir.is_absolute() => dir.clone(),
        Some(dir) => base.join(dir),
        None => base,
    };
    let organisation = args.org.clone().unwrap_or_else(|| {
        std::fs::canonicalize(&dir)
            .ok()
            .and_then(|path| {
                path.file_name()
                    .map(|name| name.to_string_lossy().into_owned())
            })
            .unwrap_or_else(|| "Our organisation".to_owned())
    });
    if organisation.chars().any(char::is_control) {
        return Err(Failure::new(
            "--org must not contain line breaks or control characters",
        ));
    }
    let options = InitOptions {
        organisation,
        today: super::today_or_system(args.today),
        force: args.force,
    };
    let plan = init::plan(&dir, &options)?;
    let written = init::write(&dir, &plan, args.force)?;
    eprintln!(
        "wrote {} to {}\nnext: edit aims.yaml (roles and emails), then run `aims lint`",
        aims::text::count(written.len(), "file", "files"),
        dir.display()
    );
    Ok(Outcome::Clean)
}
