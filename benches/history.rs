//! `aims status` against one `git log --name-status -M` pass over the same paths, on two
//! generated repositories (merges, renames, approvals, repacked like a clone):
//!
//! * `wide`: 20,000 commits and 5,000 short documents;
//! * `long`: 8,000 commits and 700 long documents, with folder reorganisations and documents
//!   drafted outside the document folders then adopted (the shape of real documentation
//!   repositories that was slow).
//!
//! Targets: cold (no cache) <= 1.0x git, warm (cached) <= 0.1x git. Also reported: what checking
//! the cache against the git objects costs (the approval facts are re-read every run), and a
//! plain `status` right after `status --at HEAD~1000` (the cache must stay warm for HEAD).
//!
//! cargo bench --bench history            (AIMS_BENCH_DIR: where the repositories go;
//!                                          AIMS_BENCH_SHAPES=wide,long; AIMS_BENCH_RUNS=5)

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

/// Peak resident memory of one run, in MB (GNU time's %M).
fn peak_mb(dir: &Path, program: &str, args: &[&str]) -> Option<f64> {
    let output = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("%M")
        .arg(program)
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::null())
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&output.stderr);
    let kilobytes: f64 = text.lines().last()?.trim().parse().ok()?;
    Some(kilobytes / 1024.0)
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn generate(dir: &Path, spec: &synthetic::Spec) {
    if dir.join(".git").exists() {
        return;
    }
    eprintln!("generating {} ...", dir.display());
    let start = Instant::now();
    synthetic::build(dir, spec);
    assert!(
        Command::new("git")
            .args(["repack", "-adq", "--depth=50", "--window=250"])
            .current_dir(dir)
            .status()
            .unwrap()
            .success()
    );
    eprintln!("generated in {:.1?}", start.elapsed());
}

fn bench(name: &str, dir: &Path, runs: usize) {
    let aims = env!("CARGO_BIN_EXE_aims");
    let git_out = |args: &[&str]| {
        String::from_utf8(
            Command::new("git")
                .args(args)
                .current_dir(dir)
                .output()
                .unwrap()
                .stdout,
        )
        .unwrap()
    };
    let commits = git_out(&["rev-list", "--count", "HEAD"]);
    let documents = git_out(&["ls-files", "aims"]).lines().count();
    println!(
        "\n{name}: {} ({} commits, {documents} documents)",
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
    time(dir, "git", &git_log); // warm the page cache
    time(dir, aims, &warm); // fill the history cache
    let git = median((0..runs).map(|_| time(dir, "git", &git_log)).collect());
    let cold_time = median((0..runs).map(|_| time(dir, aims, &cold)).collect());
    let warm_time = median((0..runs).map(|_| time(dir, aims, &warm)).collect());
    println!(
        "  git log --name-status -M (one pass): {:>8.3} s",
        git.as_secs_f64()
    );
    println!(
        "  aims status, cold (--no-cache):      {:>8.3} s  = {:.2}x git (target <= 1.0x)",
        cold_time.as_secs_f64(),
        cold_time.as_secs_f64() / git.as_secs_f64()
    );
    println!(
        "  aims status, warm (cached):          {:>8.3} s  = {:.3}x git (target <= 0.1x)",
        warm_time.as_secs_f64(),
        warm_time.as_secs_f64() / git.as_secs_f64()
    );
    if let (Some(cold_mb), Some(warm_mb)) = (peak_mb(dir, aims, &cold), peak_mb(dir, aims, &warm)) {
        println!("  peak memory: cold {cold_mb:.0} MB, warm {warm_mb:.0} MB");
    }

    // What re-reading the approval facts from the git objects costs on a warm run.
    let repo = aims::history::Repo::discover(dir).expect("repository");
    let matcher =
        aims::load::DocumentMatcher::new(&["aims/**/*.md".to_owned()], &[]).expect("globs");
    let history = aims::history::load(
        &repo,
        &matcher,
        &aims::history::Options {
            at: None,
            cache: true,
            evidence: &Default::default(),
        },
    )
    .expect("history");
    let start = Instant::now();
    let agree =
        aims::history::integrity::records_agree(&repo.repo, &history.records).expect("records");
    let records_check = start.elapsed();
    let start = Instant::now();
    let timelines = aims::history::integrity::timelines_agree(
        &repo.repo,
        &repo.project_prefix,
        &history.records,
        &history.timelines,
    )
    .expect("timelines");
    let timelines_check = start.elapsed();
    assert!(agree && timelines);
    println!(
        "  checking the cache against git: commit facts {:.3} s, approved documents' changes {:.3} s",
        records_check.as_secs_f64(),
        timelines_check.as_secs_f64()
    );

    // `--at` an old commit, then HEAD: the second run must still be warm.
    let past = time(
        dir,
        aims,
        &[
            "status",
            "--format",
            "json",
            "--at",
            "HEAD~1000",
            "--today",
            "2026-11-22",
        ],
    );
    let after = time(dir, aims, &warm);
    println!(
        "  status --at HEAD~1000: {:.3} s; then status: {:.3} s = {:.3}x cold (target <= 0.1x)",
        past.as_secs_f64(),
        after.as_secs_f64(),
        after.as_secs_f64() / cold_time.as_secs_f64()
    );
}

fn main() {
    let base = PathBuf::from(
        std::env::var("AIMS_BENCH_DIR").unwrap_or_else(|_| "/tmp/aims-bench-history".to_owned()),
    );
    let runs: usize = std::env::var("AIMS_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5);
    let shapes = std::env::var("AIMS_BENCH_SHAPES").unwrap_or_else(|_| "wide,long".to_owned());
    for shape in shapes.split(',') {
        let (dir, spec) = match shape.trim() {
            "wide" => (
                base.join("wide-20k"),
                synthetic::Spec {
                    approve_percent: 3,
                    ..synthetic::Spec::simple(5000, 20000, 42)
                },
            ),
            "long" => (
                base.join("long-8k"),
                synthetic::Spec {
                    documents: 700,
                    commits: 8000,
                    seed: 7,
                    branch_percent: 8,
                    rename_percent: 3,
                    approve_percent: 3,
                    body_lines: 120,
                    reorganize_percent: 1,
                    draft_percent: 20,
                },
            ),
            other => panic!("unknown shape {other}: use wide or long"),
        };
        generate(&dir, &spec);
        bench(shape.trim(), &dir, runs);
    }
}
