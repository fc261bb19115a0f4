//! Embeds the starter AIMS (`policy-templates/`) and the sample AIMS (`examples/`) into the
//! binary as sorted `(relative path, bytes)` tables, so `aims init` and `aims demo` work from a
//! single executable.

use std::fmt::Write;
use std::path::{Path, PathBuf};

fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        // Hidden files (editor droppings, .keep markers) are not part of the embedded trees.
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        if path.is_dir() {
            collect(root, &path, out);
        } else if let Ok(relative) = path.strip_prefix(root) {
            let relative = relative.to_string_lossy().replace('\\', "/");
            out.push((relative, path));
        }
    }
}

fn table(name: &str, dir: &str, code: &mut String) {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let root = manifest.join(dir);
    println!("cargo:rerun-if-changed={dir}");
    let mut files = Vec::new();
    collect(&root, &root, &mut files);
    files.sort();
    let _ = writeln!(code, "pub static {name}: &[(&str, &[u8])] = &[");
    for (relative, path) in files {
        let _ = writeln!(
            code,
            "    ({relative:?}, include_bytes!({:?})),",
            path.display().to_string()
        );
    }
    let _ = writeln!(code, "];");
}

fn main() {
    let mut code = String::new();
    table("POLICY_TEMPLATES", "policy-templates", &mut code);
    table("EXAMPLE", "examples", &mut code);
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo")).join("embedded.rs");
    std::fs::write(out, code).expect("OUT_DIR is writable");
}
