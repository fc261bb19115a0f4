//! `aims schema [KIND] [--out DIR]`.

use super::{Cli, Failure, Outcome, output};
use aims::catalog::kinds::schema_files;
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Print the schema of one kind (or `aims` for aims.yaml, `common` for the shared fields).
    pub kind: Option<String>,

    /// Write every schema file into DIR (for editors), instead of printing.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

pub fn run(cli: &Cli, args: &SchemaArgs) -> Result<Outcome, Failure> {
    let files = schema_files();
    if let Some(out) = &args.out {
        let out = if out.is_absolute() {
            out.clone()
        } else {
            super::working_dir(cli).join(out)
        };
        for (name, text) in &files {
            aims::atomic::write_atomically(&out.join(name), text.as_bytes()).map_err(|error| {
                Failure::new(format!(
                    "cannot write {}: {error}",
                    out.join(name).display()
                ))
            })?;
        }
        eprintln!("wrote {} schema files to {}", files.len(), out.display());
        return Ok(Outcome::Clean);
    }
    match &args.kind {
        Some(kind) => {
            let wanted = format!("{kind}.schema.json");
            let (_, text) = files
                .iter()
                .find(|(name, _)| *name == wanted)
                .ok_or_else(|| {
                    let names: Vec<&str> = files
                        .iter()
                        .map(|(name, _)| name.trim_end_matches(".schema.json"))
                        .collect();
                    Failure::new(format!(
                        "no schema for `{kind}`; available: {}",
                        names.join(", ")
                    ))
                })?;
            output::write_stdout(text)?;
        }
        None => {
            let mut text = String::new();
            for (name, _) in &files {
                text.push_str(name);
                text.push('\n');
            }
            output::write_stdout(&text)?;
        }
    }
    Ok(Outcome::Clean)
}
