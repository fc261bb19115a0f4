//! `aims status` against one `git log --name-status -M` pass over the same paths, on a generated
//! repository of at least 20,000 commits and 5,000 documents (merges, renames, repacked like a
//! clone). Targets: cold (no cache) <= 1.0x git, warm (cached) <= 0.1x git.
//!
//! cargo bench --bench history            (AIMS_BENCH_DIR to choose where the repository goes)

#[path = "../tests/common/synthetic.rs"]
mod synthetic;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn time(dir: &Path, program: &str, args: &[&str]) -> Duration {
    let start = Instant::now();
    let status = Command::new(program)
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("runs");
    assert!(status.success(), "{program} {args:?}");
    start.elapsed()
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn main() {
    let dir = PathBuf::from(
        std::env::var("AIMS_BENCH_DIR")
            .unwrap_or_else(|_| "/tmp/aims-bench-history-20k-approvals".to_owned()),
    );
    let runs: usize = std::env::var("AIMS_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5);
    if !dir.join(".git").exists() {
        eprintln!("generating the repository in {} ...", dir.display());
        let start = Instant::now();
        synthetic::build(
            &dir,
            &synthetic::Spec {
                documents: 5000,
                commits: 20000,
                seed: 42,
                branch_percent: 5,
                rename_percent: 2,
                approve_percent: 3,
            },
        );
        assert!(
            Command::new("git")
                .args(["repack", "-adq", "--depth=50", "--window=250"])
                .current_dir(&dir)
                .status()
                .unwrap()
                .success()
        );
        eprintln!("generated in {:.1?}", start.elapsed());
    }
    let aims = env!("CARGO_BIN_EXE_aims");
    let commits = String::from_utf8(
        Command::new("git")
            .args(["rev-list", "--count", "HEAD"])
            .current_dir(&dir)
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let documents = String::from_utf8(
        Command::new("git")
            .args(["ls-files", "aims"])
            .current_dir(&dir)
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap()
    .lines()
    .count();
    println!(
        "repository: {} ({} commits, {documents} documents)",
        dir.display(),
        commits.trim()
    );

    let git_log = [
        "log",
        "--name-status",
        "-M",
        "--format=%H %an %ae %aI %s",
        "--",
        "aims",
    ];
    let cold = [
        "status",
        "--format",
        "json",
        "--no-cache",
        "--today",
        "2026-11-22",
    ];
    let warm = ["status", "--format", "json", "--today", "2026-11-22"];
    time(&dir, "git", &git_log); // warm the page cache
    time(&dir, aims, &warm); // fill the history cache
    let git = median((0..runs).map(|_| time(&dir, "git", &git_log)).collect());
    let cold = median((0..runs).map(|_| time(&dir, aims, &cold)).collect());
    let warm = median((0..runs).map(|_| time(&dir, aims, &warm)).collect());
    println!(
        "git log --name-status -M (one pass): {:>8.3} s",
        git.as_secs_f64()
    );
    println!(
        "aims status, cold (--no-cache):      {:>8.3} s  = {:.2}x git (target <= 1.0x)",
        cold.as_secs_f64(),
        cold.as_secs_f64() / git.as_secs_f64()
    );
    println!(
        "aims status, warm (cached):          {:>8.3} s  = {:.3}x git (target <= 0.1x)",
        warm.as_secs_f64(),
        warm.as_secs_f64() / git.as_secs_f64()
    );
}
