//! The slow tests: they build aims again (the aims-42001 wheel with maturin, `cargo install`),
//! minutes on two cores, and need the CI tools (`AIMS_CI_TOOLS`: maturin, pre-commit, Python).
//!
//! Opt in with `AIMS_SLOW_TESTS=1` (`.ci/run` sets it). Without it they are reported as ignored,
//! and `--include-ignored` makes them fail, saying how to run them: they never pass unrun. A
//! custom harness (libtest-mimic) because libtest's `#[ignore]` is fixed when the test is
//! compiled, and here the environment decides.
//!
//! Nested builds go into the cargo target folder this test was built in (`$CARGO_TARGET_DIR`
//! when set), with the `packaging-test` profile, so they reuse the compiled dependencies.

mod common;

use common::packaging::*;
use common::*;
use libtest_mimic::{Arguments, Failed, Trial};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

const OPT_IN: &str = "AIMS_SLOW_TESTS";

fn main() {
    let args = Arguments::from_args();
    let opted_in = std::env::var(OPT_IN).is_ok_and(|value| value == "1");
    let tests: [(&str, fn()); 2] = [
        (
            "packaging::the_readme_pip_and_cargo_install_commands_work",
            the_readme_pip_and_cargo_install_commands_work,
        ),
        (
            "precommit::without_rust_the_wheel_installs_in_seconds_and_the_default_hook_runs",
            without_rust_the_wheel_installs_in_seconds_and_the_default_hook_runs,
        ),
    ];
    let trials = tests
        .into_iter()
        .map(|(name, test)| {
            Trial::test(name, move || {
                if !opted_in {
                    return Err(Failed::from(format!(
                        "a slow test: set {OPT_IN}=1 to run it (.ci/run does), or leave out --include-ignored"
                    )));
                }
                nested_builds_stay_in_the_target_folder();
                test();
                Ok(())
            })
            .with_ignored_flag(!opted_in)
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}

/// The folder holding the aims-42001 wheel, built once by maturin for both tests (they run in
/// parallel threads; the second waits for the first build instead of starting its own). It is
/// in the target folder, emptied first, so a wheel from an older checkout is never installed.
fn shared_wheels(maturin: &Path) -> PathBuf {
    static WHEELS: OnceLock<PathBuf> = OnceLock::new();
    WHEELS
        .get_or_init(|| {
            let wheels = release::target_dir().join("slow-test-wheels");
            let _ = std::fs::remove_dir_all(&wheels);
            release::build_wheel(maturin, &wheels);
            wheels
        })
        .clone()
}

/// With `CARGO_TARGET_DIR` set, the nested builds go there, never into `<repo>/target`.
fn nested_builds_stay_in_the_target_folder() {
    let target = release::target_dir();
    if let Some(wanted) = std::env::var_os("CARGO_TARGET_DIR").filter(|dir| !dir.is_empty()) {
        let wanted = Path::new(env!("CARGO_MANIFEST_DIR")).join(wanted);
        let same = |a: &Path, b: &Path| {
            a.canonicalize()
                .ok()
                .is_some_and(|a| b.canonicalize().ok() == Some(a))
        };
        assert!(
            same(&target, &wanted),
            "nested builds would go to {}, not CARGO_TARGET_DIR ({})",
            target.display(),
            wanted.display()
        );
    }
}

/// The README's `pip install aims-42001` (from a locally built wheel, no index) and
/// `cargo install --locked --path .` (with `--profile packaging-test`, sharing the wheel's
/// build instead of a release build that takes over ten minutes; and `--root`, to stay out of
/// ~/.cargo), each giving a working `aims`. The `--git` form needs the network.
fn the_readme_pip_and_cargo_install_commands_work() {
    let maturin = ci_tool("maturin");
    let python = ci_tool("python");
    let blocks = install_blocks();
    let scratch = tempfile::tempdir().unwrap();
    let wheels = shared_wheels(&maturin);
    let venv = scratch.path().join("venv");
    let made = Command::new(&python)
        .args(["-m", "venv"])
        .arg(&venv)
        .status()
        .unwrap();
    assert!(made.success());
    let pip_line = readme_command(blocks[0].lines().next().unwrap()).to_owned();
    let started = std::time::Instant::now();
    let output = Command::new("bash")
        .args(["-euc", &pip_line])
        .env(
            "PATH",
            format!(
                "{}:{}",
                venv.join("bin").display(),
                std::env::var("PATH").unwrap_or_default()
            ),
        )
        .env("PIP_NO_INDEX", "1")
        .env("PIP_FIND_LINKS", &wheels)
        .env("PIP_DISABLE_PIP_VERSION_CHECK", "1")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    eprintln!("{pip_line}: {:?}", started.elapsed());
    let version = Command::new(venv.join("bin/aims"))
        .arg("--version")
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&version.stdout).trim(),
        format!("aims {}", env!("CARGO_PKG_VERSION"))
    );

    let cargo_line = readme_command(blocks[1].lines().next().unwrap());
    let root = scratch.path().join("cargo-root");
    let started = std::time::Instant::now();
    let output = Command::new("bash")
        .args([
            "-euc",
            &format!(
                "{cargo_line} --profile {} --root '{}'",
                release::NESTED_PROFILE,
                root.display()
            ),
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("CARGO_TARGET_DIR", release::target_dir())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    eprintln!(
        "{cargo_line} --profile {}: {:?}",
        release::NESTED_PROFILE,
        started.elapsed()
    );
    let version = Command::new(root.join("bin/aims"))
        .arg("--version")
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&version.stdout).trim(),
        format!("aims {}", env!("CARGO_PKG_VERSION"))
    );
}

/// The promise, end to end: with Python but no Rust, `pip install` of the wheel takes
/// seconds and the default pre-commit hook blocks a bad staged document, compiling nothing and
/// downloading nothing (PIP_NO_INDEX: packages come only from the local wheel folder).
fn without_rust_the_wheel_installs_in_seconds_and_the_default_hook_runs() {
    let tools = ci_tools(&["pre-commit", "maturin", "python"]);
    let scratch = tempfile::tempdir().unwrap();
    let wheels = shared_wheels(&tools.join("maturin"));
    // setuptools for the placeholder's build comes from virtualenv's bundled wheels, offline.
    let embedded = std::fs::read_dir(tools.join("../lib"))
        .unwrap()
        .flatten()
        .map(|entry| {
            entry
                .path()
                .join("site-packages/virtualenv/seed/wheels/embed")
        })
        .find(|dir| dir.is_dir())
        .expect("virtualenv's bundled wheels");
    let find_links = format!("{} {}", wheels.display(), embedded.display());
    let no_rust = scratch.path().join("home");
    std::fs::create_dir_all(&no_rust).unwrap();

    // 1. A user installs aims from the wheel: a fresh virtual environment, then pip.
    let user = scratch.path().join("user");
    let python = tools.join("python");
    let path = path_without_rust(&[]);
    let venv = Command::new(&python)
        .args(["-m", "venv"])
        .arg(&user)
        .env("PATH", &path)
        .output()
        .unwrap();
    assert!(venv.status.success(), "{}", output_text(&venv));
    let started = std::time::Instant::now();
    let install = Command::new(user.join("bin/pip"))
        .args([
            "install",
            "--no-index",
            "--disable-pip-version-check",
            "--find-links",
        ])
        .arg(&wheels)
        .arg("aims-42001")
        .env("PATH", &path)
        .env("HOME", &no_rust)
        .env("CARGO_HOME", no_rust.join("no-cargo"))
        .env("RUSTUP_HOME", no_rust.join("no-rustup"))
        .output()
        .unwrap();
    let install_time = started.elapsed();
    assert!(install.status.success(), "{}", output_text(&install));
    // Reported, not asserted: a time limit in a test fails on a busy machine, not on a slow
    // install (the closing notes give the figure from an idle machine).
    eprintln!("pip install aims-42001 from the local wheel: {install_time:?}");
    let version = Command::new(user.join("bin/aims"))
        .arg("--version")
        .env("PATH", &path)
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&version.stdout).trim(),
        format!("aims {}", env!("CARGO_PKG_VERSION"))
    );

    // 2. The default hook, through pre-commit, on that machine.
    let repo = base_repo();
    let root = repo.path();
    let home = scratch.path().join("pre-commit");
    let env = [
        ("PATH", path_without_rust(&[&tools])),
        ("HOME", no_rust.display().to_string()),
        ("CARGO_HOME", no_rust.join("no-cargo").display().to_string()),
        (
            "RUSTUP_HOME",
            no_rust.join("no-rustup").display().to_string(),
        ),
        ("PIP_NO_INDEX", "1".to_owned()),
        ("PIP_FIND_LINKS", find_links),
        ("PIP_DISABLE_PIP_VERSION_CHECK", "1".to_owned()),
    ];
    let this_repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::write(root.join("aims/record.md"), BAD_RECORD).unwrap();
    git(root, &["add", "aims/record.md"]);
    let started = std::time::Instant::now();
    let (ok, text) = try_repo(&tools, this_repo, "aims-lint", root, &home, &env);
    eprintln!(
        "first pre-commit run of aims-lint (installs the hook environment): {:?}",
        started.elapsed()
    );
    assert!(!ok, "a bad staged document must block the commit:\n{text}");
    assert!(text.contains("AIMS108"), "{text}");
    assert!(!text.contains("Compiling"), "nothing is compiled:\n{text}");
    std::fs::write(root.join("aims/record.md"), GOOD_RECORD).unwrap();
    git(root, &["add", "aims/record.md"]);
    let started = std::time::Instant::now();
    let (ok, text) = try_repo(&tools, this_repo, "aims-lint", root, &home, &env);
    // try-repo uses a throwaway store, so this installs the hook environment again.
    eprintln!("second pre-commit run: {:?}", started.elapsed());
    assert!(ok, "{text}");
}
