//! The library's top-level modules form one-way layers (drawn in `src/lib.rs`): a module may
//! use only modules of a lower layer. This reads every `crate::` path in `src/` (outside the
//! binary's `cli/` and outside `#[cfg(test)]` code and `tests.rs` files, which may reach
//! anywhere) and fails on an upward or sideways use, or on a top-level module no layer names.
//!
//! `scripts/module-graph` prints the same graph for a person to read.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Lowest first. Modules on one line are peers and must not use each other.
const LAYERS: &[&[&str]] = &[
    &["diagnostic", "dates", "text", "glob", "atomic", "embedded"],
    &["decode", "yaml"],
    &["catalog"],
    &["schema"],
    &["config"],
    &["git"],
    &["load"],
    &["history"],
    &["check"],
    &["lint"],
    &["gap", "init", "docs", "demo", "review_pack"],
    &["report"],
    &["site", "import"],
    &["export"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "rs")
            // `tests.rs` files are `#[cfg(test)] mod tests;`: test code may reach anywhere.
            && path.file_name().is_some_and(|name| name != "tests.rs")
        {
            out.push(path);
        }
    }
}

/// The top-level module a file under `src/` belongs to (`None` for the crate roots and cli).
fn owner(src: &Path, file: &Path) -> Option<String> {
    let relative = file.strip_prefix(src).ok()?;
    let first = relative.components().next()?.as_os_str().to_str()?;
    let module = first.strip_suffix(".rs").unwrap_or(first);
    (!matches!(module, "lib" | "main" | "cli")).then(|| module.to_owned())
}

/// Every top-level module named by a `crate::NAME` path in non-test code, with its line.
fn uses(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("#[cfg(test)]") {
            break;
        }
        if line.trim_start().starts_with("//") {
            continue;
        }
        for (at, _) in line.match_indices("crate::") {
            let before = line[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let name: String = line[at + "crate::".len()..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                found.push((index + 1, name));
            }
        }
    }
    found
}

#[test]
fn top_level_modules_only_use_lower_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut problems = Vec::new();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let Some(module) = owner(&src, file) else {
            continue;
        };
        let Some(own_layer) = layer_of(&module) else {
            problems.push(format!(
                "src/{module}: a top-level module no layer names; add it to LAYERS in tests/it/layers.rs"
            ));
            continue;
        };
        let text = std::fs::read_to_string(file).expect("read source");
        for (line, used) in uses(&text) {
            if used == module {
                continue;
            }
            let Some(used_layer) = layer_of(&used) else {
                continue;
            };
            graph
                .entry(module.clone())
                .or_default()
                .insert(used.clone());
            if used_layer >= own_layer {
                problems.push(format!(
                    "{}:{line}: `{module}` (layer {own_layer}) uses `{used}` (layer {used_layer})",
                    file.strip_prefix(env!("CARGO_MANIFEST_DIR"))
                        .unwrap_or(file)
                        .display()
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "lower layers must not use higher ones or peers:\n{}",
        problems.join("\n")
    );
    // The test looked at something: the pipeline's spine is there.
    for (from, to) in [
        ("load", "config"),
        ("history", "load"),
        ("check", "history"),
        ("lint", "check"),
    ] {
        assert!(
            graph.get(from).is_some_and(|uses| uses.contains(to)),
            "expected `{from}` to use `{to}`: {graph:?}"
        );
    }
}

#[test]
fn the_layering_check_catches_an_upward_use() {
    let text = "use crate::lint::matcher;\n// crate::site in a comment\nfn f() { crate::load::x(); }\n#[cfg(test)]\nmod tests { use crate::cli; }\n";
    let names: Vec<String> = uses(text).into_iter().map(|(_, name)| name).collect();
    assert_eq!(names, ["lint", "load"]);
    assert!(layer_of("lint") > layer_of("history"));
}
