//! Glob patterns as users write them in aims.yaml (`documents:`, `exclude:`, waivers):
//! `.gitignore`-style, where `*` stays within one path segment and `**` crosses them.

use globset::{Glob, GlobSet, GlobSetBuilder};

/// Compiles globs the way users expect from `.gitignore`-style patterns: `*` stays within one
/// path segment, `**` crosses them.
pub fn build_globset(globs: &[String]) -> Result<GlobSet, globset::Error> {
    let mut builder = GlobSetBuilder::new();
    for glob in globs {
        builder.add(compile_glob(glob)?);
    }
    builder.build()
}

pub fn compile_glob(glob: &str) -> Result<Glob, globset::Error> {
    globset::GlobBuilder::new(glob.trim_start_matches("./"))
        .literal_separator(true)
        .build()
}
