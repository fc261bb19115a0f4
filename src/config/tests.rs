//! Unit tests of reading aims.yaml: defaults, positioned errors, kinds, waivers.

use super::*;

fn parse_text(text: &str) -> Result<Config, ConfigError> {
    parse(
        Path::new("/project"),
        text.to_owned(),
        |_| Err("not found".to_owned()),
        crate::check::rules::is_code,
    )
}

fn errors(text: &str) -> Vec<(usize, String)> {
    match parse_text(text) {
        Err(ConfigError::Invalid { diagnostics, .. }) => diagnostics
            .into_iter()
            .map(|d| (d.span.start.line, d.message))
            .collect(),
        other => panic!("expected an invalid config, got {other:?}"),
    }
}

#[test]
fn accepts_a_full_config() {
    let config = parse_text(
        "organisation: Acme\ndocuments: [\"aims/**/*.md\"]\nroles:\n  ceo: [ceo@acme.example]\n\
         defaults:\n  review_cycle: P12M\n  kinds:\n    risk: {review_cycle: P6M}\n\
         severity:\n  AIMS307: error\nwaivers:\n  - code: AIMS504\n    paths: [\"aims/x/**\"]\n    reason: legacy\n",
    )
    .unwrap();
    assert_eq!(config.organisation.as_deref(), Some("Acme"));
    assert_eq!(config.review_cycle("risk", None), "P6M");
    assert_eq!(config.review_cycle("policy", None), "P12M");
    assert_eq!(config.review_cycle("policy", Some("P3M")), "P3M");
    assert_eq!(config.emails_for("ceo"), vec!["ceo@acme.example"]);
    assert_eq!(config.waivers.len(), 1);
}

#[test]
fn unknown_keys_are_positioned() {
    assert_eq!(
        errors("organisation: Acme\ndocumnets: [\"*.md\"]\n"),
        vec![(2, "unknown key `documnets`".to_owned())]
    );
    assert_eq!(
        errors("defaults:\n  review_cycle: P12M\n  reviw: x\n"),
        vec![(3, "unknown key `reviw`".to_owned())]
    );
}

#[test]
fn semantic_errors_are_positioned() {
    let found =
        errors("severity:\n  AIMS999: error\ndefaults:\n  kinds:\n    riks: {review_cycle: P6M}\n");
    assert!(
        found.contains(&(2, "`AIMS999` is not a rule code".to_owned())),
        "{found:?}"
    );
    assert!(
        found.contains(&(5, "`riks` is not a document kind".to_owned())),
        "{found:?}"
    );
    let found = errors("kinds:\n  vendor:\n    schema: missing.json\n    prefix: VA\n");
    assert_eq!(found[0].0, 3);
    assert!(found[0].1.starts_with("cannot read schema"));
    let found = errors("documents:\n  - \"a/[b\"\n");
    assert_eq!(found[0].0, 2);
}

#[test]
fn syntax_errors_are_positioned() {
    let found = errors("roles:\n  ceo: [a@b.c\n");
    assert_eq!(found.len(), 1);
    let found = errors("organisation: A\norganisation: B\n");
    assert_eq!(found[0].0, 2);
}

#[test]
fn an_undecodable_config_gets_a_readable_message() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(CONFIG_FILE);
    let cases: [(&[u8], &str); 2] = [
        (
            b"organisation: Acme\0\x01\x02",
            "it is a binary file, not text",
        ),
        (
            b"organisation: Acme\nowner: \xFF\n",
            "it is not valid UTF-8 (the first invalid byte is at line 2, column 8)",
        ),
    ];
    for (bytes, expected) in cases {
        std::fs::write(&path, bytes).unwrap();
        let error = load(&path, crate::check::rules::is_code).unwrap_err();
        assert!(matches!(error, ConfigError::Unreadable { .. }), "{error:?}");
        assert_eq!(
            error.to_string(),
            format!("cannot read {}: {expected}", path.display())
        );
    }
}
