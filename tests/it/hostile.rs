//! Hostile and malformed input: every file gets a positioned diagnostic with the right code, the
//! run never panics, and nothing on disk changes.

use crate::common::*;
use std::collections::BTreeMap;
use std::path::Path;

const RECORD: &str = "kind: record\ntitle: T\nowner: a@b.example\nstatus: draft\n";

fn write(root: &Path, name: &str, bytes: &[u8]) {
    let path = root.join("aims").join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// Every file under `root` with its bytes (symlinks as their targets), to prove nothing changed.
fn snapshot(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(root).follow_links(false) {
        let entry = entry.unwrap();
        let key = entry.path().to_string_lossy().into_owned();
        if entry.file_type().is_symlink() {
            files.insert(
                key,
                std::fs::read_link(entry.path())
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
                    .into_bytes(),
            );
        } else if entry.file_type().is_file() {
            files.insert(key, std::fs::read(entry.path()).unwrap());
        }
    }
    files
}

#[test]
fn hostile_documents_get_positioned_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(
        root.join("aims.yaml"),
        "documents: [\"aims/**/*.md\"]\nseverity:\n  AIMS307: off\n  AIMS301: off\n  AIMS208: off\n",
    )
    .unwrap();
    write(
        root,
        "syntax.md",
        format!("---\nid: REC-1\n{RECORD}tags: [a, b\n---\n").as_bytes(),
    );
    write(
        root,
        "tabs.md",
        format!("---\nid: REC-2\n{RECORD}tags:\n\t- a\n---\n").as_bytes(),
    );
    let mut binary = b"---\nid: REC-3\n".to_vec();
    binary.extend_from_slice(&[0, 159, 146, 150, 0, 1]);
    write(root, "binary.md", &binary);
    let mut huge = format!("---\nid: REC-4\n{RECORD}---\n").into_bytes();
    huge.resize(5 * 1024 * 1024, b'x');
    write(root, "huge.md", &huge);
    write(root, "latin1.md", b"---\nid: REC-5\ntitle: caf\xe9\n---\n");
    write(root, "utf16.md", b"\xff\xfe-\x00-\x00-\x00");
    write(
        root,
        "bom.md",
        format!("\u{feff}---\nid: REC-6\n{RECORD}---\nbody\n").as_bytes(),
    );
    write(
        root,
        "crlf.md",
        format!(
            "---\r\nid: REC-7\r\n{}owner2: x\r\n---\r\n",
            RECORD.replace('\n', "\r\n")
        )
        .as_bytes(),
    );
    write(
        root,
        "unterminated.md",
        b"---\nid: REC-8\ntitle: never closed\n",
    );
    write(root, "none.md", b"# Just Markdown\n");
    write(root, "empty.md", b"");
    write(root, "only-delimiters.md", b"---\n---\n");
    let mut bomb = String::from("---\nid: REC-9\na: &a [x,x,x,x,x,x,x,x,x]\n");
    let mut previous = 'a';
    for name in 'b'..='j' {
        bomb.push_str(&format!("{name}: &{name} [*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous}]\n"));
        previous = name;
    }
    bomb.push_str("---\n");
    write(root, "alias-bomb.md", bomb.as_bytes());
    write(
        root,
        "duplicate.md",
        format!("---\nid: REC-10\n{RECORD}title: again\n---\n").as_bytes(),
    );
    write(root, "lone-cr.md", b"---\nid: REC-11\rkind: record\n---\n");
    let mut deep = String::from("---\nid: REC-12\nx-deep:\n");
    for level in 1..300 {
        deep.push_str(&"  ".repeat(level));
        deep.push_str("a:\n");
    }
    deep.push_str("---\n");
    write(root, "deep.md", deep.as_bytes());
    write(root, "yaml11.md", b"---\nid: AIS-1\nkind: ai-system\ntitle: T\nowner: a@b.example\nstatus: draft\npurpose: p\nai_role: provider\nlifecycle_stage: inception\ndata_sources:\n  - name: d\n    personal_data: yes\neu_ai_act:\n  risk_class: high\n---\n");
    write(
        root,
        "tagged.md",
        format!("---\nid: REC-13\n{RECORD}tags: !!python/object:os.system [rm]\n---\n").as_bytes(),
    );
    std::os::unix::fs::symlink("/etc/hostname", root.join("aims/escape.md")).unwrap();
    std::os::unix::fs::symlink("/nonexistent/target.md", root.join("aims/dangling.md")).unwrap();
    let bad_name = std::ffi::OsStr::from_encoded_bytes_unchecked_compat(b"aims/bad\xffname.md");
    std::fs::write(root.join(bad_name), b"---\nid: REC-14\n---\n").unwrap();

    let before = snapshot(root);
    let (exit, report) = lint_json(root, &[]);
    assert_eq!(snapshot(root), before, "lint changed files on disk");
    assert_eq!(exit, 1);

    let found: Vec<(String, String, u64, u64)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_owned(),
                d["code"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect();
    let expect = |path: &str, code: &str, line: u64, column: u64| {
        assert!(
            found.contains(&(format!("aims/{path}"), code.to_owned(), line, column)),
            "expected {code} at aims/{path}:{line}:{column}; found {found:#?}"
        );
    };
    // The unclosed `[` of `tags: [a, b` on line 7, not the end of the frontmatter.
    expect("syntax.md", "AIMS104", 7, 7);
    expect("tabs.md", "AIMS104", 8, 1); // on the tab itself
    expect("binary.md", "AIMS101", 1, 1);
    expect("huge.md", "AIMS101", 1, 1);
    expect("latin1.md", "AIMS101", 3, 11);
    expect("utf16.md", "AIMS101", 1, 1);
    expect("crlf.md", "AIMS108", 7, 1);
    expect("unterminated.md", "AIMS103", 1, 1);
    expect("none.md", "AIMS102", 1, 1);
    expect("empty.md", "AIMS102", 1, 1);
    expect("only-delimiters.md", "AIMS107", 1, 1);
    expect("alias-bomb.md", "AIMS106", 8, 8);
    expect("duplicate.md", "AIMS105", 7, 1);
    expect("lone-cr.md", "AIMS106", 2, 11);
    expect("deep.md", "AIMS106", 131, 257);
    expect("yaml11.md", "AIMS108", 12, 20);
    expect("tagged.md", "AIMS106", 7, 7);
    expect("escape.md", "AIMS101", 1, 1);
    expect("dangling.md", "AIMS101", 1, 1);
    assert!(
        found
            .iter()
            .any(|(path, code, ..)| path.starts_with("aims/bad") && code == "AIMS101"),
        "{found:#?}"
    );
    // The BOM file loads normally: no finding about it at all.
    assert!(
        !found.iter().any(|(path, ..)| path == "aims/bom.md"),
        "{found:#?}"
    );
    let yaml11 = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["path"] == "aims/yaml11.md")
        .unwrap();
    assert!(
        yaml11["help"]
            .as_str()
            .unwrap()
            .contains("write `true` or `false`"),
        "{yaml11}"
    );
    let tabs = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["path"] == "aims/tabs.md")
        .unwrap();
    assert!(tabs["help"].as_str().unwrap().contains("tabs"), "{tabs}");

    // Human output of the same run renders without panicking, for every file.
    let output = aims(root)
        .args(["lint", "--today", TODAY])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// `OsStr::from_encoded_bytes_unchecked` is unsafe; on Unix the safe route is `OsStrExt`.
trait FromBytesCompat {
    fn from_encoded_bytes_unchecked_compat(bytes: &[u8]) -> &std::ffi::OsStr;
}

impl FromBytesCompat for std::ffi::OsStr {
    fn from_encoded_bytes_unchecked_compat(bytes: &[u8]) -> &std::ffi::OsStr {
        std::os::unix::ffi::OsStrExt::from_bytes(bytes)
    }
}

#[test]
fn not_a_git_repository_and_an_empty_repository() {
    let project = project_from_case(&cases_dir().join("base-only"));
    let root = project.path();
    // Outside git: the tracked-evidence rule has nothing to compare with and stays quiet.
    std::fs::remove_dir_all(root.join(".git")).unwrap();
    let (exit, report) = lint_json(root, &[]);
    assert_eq!((exit, codes(&report)), (0, vec![]), "{report:#}");
    // A repository with no commits and nothing staged: evidence is untracked.
    git(root, &["init", "-q"]);
    let (exit, report) = lint_json(root, &[]);
    assert_eq!(
        (exit, codes(&report)),
        (1, vec!["AIMS504".to_owned()]),
        "{report:#}"
    );
}

#[test]
fn missing_config_and_bad_arguments_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let output = aims(dir.path()).args(["lint"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no aims.yaml found"));
    let output = aims(dir.path())
        .args(["lint", "--format", "xml"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let output = aims(dir.path())
        .args(["lint", "--today", "2026-02-30"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let output = aims(dir.path())
        .args(["explain", "AIMS999"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}
