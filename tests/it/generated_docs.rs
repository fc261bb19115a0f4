//! Generated artefacts must not drift: the reference docs (from schemas and rule doc comments)
//! and the JSON Schema enums (from the embedded ISO catalog). Run with `AIMS_UPDATE_DOCS=1` to
//! rewrite the docs.

use std::path::Path;

#[test]
fn reference_docs_are_up_to_date() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let update = std::env::var_os("AIMS_UPDATE_DOCS").is_some();
    let mut stale = Vec::new();
    for (path, contents) in aims::docs::generated() {
        let target = root.join(path);
        let current = std::fs::read_to_string(&target).unwrap_or_default();
        if current != contents {
            if update {
                std::fs::create_dir_all(target.parent().unwrap()).unwrap();
                std::fs::write(&target, contents).unwrap();
            } else {
                stale.push(path);
            }
        }
    }
    assert!(
        stale.is_empty(),
        "{stale:?} are out of date; run `AIMS_UPDATE_DOCS=1 cargo test --test it generated_docs`"
    );
}

#[test]
fn schema_enums_match_the_catalog() {
    let common: serde_json::Value =
        serde_json::from_str(aims::catalog::kinds::COMMON_SCHEMA).unwrap();
    let catalog = aims::catalog::catalog();
    let enum_of = |name: &str| -> Vec<String> {
        common["$defs"][name]["enum"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        enum_of("control_id"),
        catalog.control_ids().map(str::to_owned).collect::<Vec<_>>()
    );
    assert_eq!(
        enum_of("clause_id"),
        catalog.clause_ids().map(str::to_owned).collect::<Vec<_>>()
    );
}

#[test]
fn every_kind_schema_is_exported_and_compiles() {
    let files = aims::catalog::kinds::schema_files();
    assert_eq!(files.len(), aims::catalog::kinds::BUILTIN_KINDS.len() + 2);
    for (name, text) in files {
        let on_disk = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("schema")
                .join(&name),
        )
        .unwrap();
        assert_eq!(on_disk, text, "{name}");
    }
    aims::check::schema::SchemaSet::compile(&[]).unwrap();
}
