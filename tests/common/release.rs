//! A GitHub release, locally: archives packed by scripts/package-release.sh (the release
//! workflow's script) from the test binary, served from 127.0.0.1 with the same URL layout
//! (`/v<version>/<archive>`). Used by the Action's download tests and the README's install
//! test; no other network is involved.

use std::path::{Path, PathBuf};

/// The runner's `RUNNER_OS` on this machine.
pub fn runner_os() -> &'static str {
    match std::env::consts::OS {
        "macos" => "macOS",
        "windows" => "Windows",
        _ => "Linux",
    }
}

/// The runner's `RUNNER_ARCH` on this machine.
pub fn runner_arch() -> &'static str {
    match std::env::consts::ARCH {
        "aarch64" => "ARM64",
        _ => "X64",
    }
}

/// A release server on 127.0.0.1 for the download tests: serves the files of one folder as
/// `/<name>`, counts the requests, and stops when dropped. No other network is used.
pub struct ReleaseServer {
    pub url: String,
    address: std::net::SocketAddr,
    requests: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl ReleaseServer {
    pub fn serve(root: &Path) -> ReleaseServer {
        use std::io::{BufRead, BufReader, Write};
        use std::sync::atomic::Ordering;
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        let requests = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let root = root.to_owned();
        let (count, stopped) = (requests.clone(), stop.clone());
        let thread = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stopped.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(mut stream) = stream else { continue };
                let _ = stream.set_read_timeout(Some(std::time::Duration::from_secs(5)));
                let mut reader = BufReader::new(match stream.try_clone() {
                    Ok(clone) => clone,
                    Err(_) => continue,
                });
                let mut request = String::new();
                if reader.read_line(&mut request).is_err() {
                    continue;
                }
                // Skip the headers.
                let mut line = String::new();
                while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                    line.clear();
                }
                count.fetch_add(1, Ordering::SeqCst);
                let path = request.split_whitespace().nth(1).unwrap_or("/");
                let relative = path.trim_start_matches('/');
                let file = (!relative
                    .split('/')
                    .any(|part| part == ".." || part.is_empty()))
                .then(|| std::fs::read(root.join(relative)).ok())
                .flatten();
                let _ = match file {
                    Some(body) => stream
                        .write_all(
                            format!(
                                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\n",
                                body.len()
                            )
                            .as_bytes(),
                        )
                        .and_then(|()| stream.write_all(&body)),
                    None => stream.write_all(
                        b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                    ),
                };
            }
        });
        ReleaseServer {
            url: format!("http://{address}"),
            address,
            requests,
            stop,
            thread: Some(thread),
        }
    }

    pub fn requests(&self) -> usize {
        self.requests.load(std::sync::atomic::Ordering::SeqCst)
    }
}

impl Drop for ReleaseServer {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = std::net::TcpStream::connect(self.address);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

pub const RELEASE_VERSION: &str = "0.1.0";

/// The target triple the action picks for this machine (action/install.sh `target_for`).
pub fn release_target() -> &'static str {
    match (runner_os(), runner_arch()) {
        ("Linux", "X64") => "x86_64-unknown-linux-musl",
        ("Linux", "ARM64") => "aarch64-unknown-linux-musl",
        ("macOS", "X64") => "x86_64-apple-darwin",
        ("macOS", "ARM64") => "aarch64-apple-darwin",
        _ => "x86_64-pc-windows-msvc",
    }
}

pub fn release_archive() -> String {
    format!("aims-{RELEASE_VERSION}-{}.tar.gz", release_target())
}

/// A release folder laid out like GitHub's download URLs (`v0.1.0/<archive>`), its archive
/// packed by scripts/package-release.sh (the release workflow's script) from this test's own
/// binary, stripped to keep it small. Built once per test run.
pub fn release_dir() -> &'static Path {
    static DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("action-release");
        let _ = std::fs::remove_dir_all(&dir);
        let tag = dir.join(format!("v{RELEASE_VERSION}"));
        std::fs::create_dir_all(&tag).unwrap();
        let binary = dir.join("aims");
        let stripped = std::process::Command::new("strip")
            .arg("-o")
            .arg(&binary)
            .arg(assert_cmd::cargo::cargo_bin("aims"))
            .status()
            .is_ok_and(|status| status.success());
        if !stripped {
            std::fs::copy(assert_cmd::cargo::cargo_bin("aims"), &binary).unwrap();
        }
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/package-release.sh");
        let output = std::process::Command::new("bash")
            .arg(script)
            .arg(&binary)
            .args([RELEASE_VERSION, release_target()])
            .arg(&tag)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        std::fs::remove_file(&binary).unwrap();
        dir
    })
}

/// The cargo target folder this test binary was built in (`$CARGO_TARGET_DIR` when set, else
/// `<repo>/target`): nested builds (the wheel, `cargo install`) share it, so they reuse what is
/// already compiled. Cargo marks it with `CACHEDIR.TAG`; without one, it is the folder holding
/// `<profile>/deps/<this binary>`.
pub fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary path");
    exe.ancestors()
        .find(|dir| dir.join("CACHEDIR.TAG").exists())
        .or_else(|| exe.ancestors().nth(3))
        .map(Path::to_path_buf)
        .expect("the test binary is in <target>/<profile>/deps")
}

/// The cargo profile of nested builds (Cargo.toml `[profile.packaging-test]`): dev settings in a
/// folder of its own, so a nested build never replaces target/debug/aims under running tests.
/// The release profile's LTO build would take over ten minutes on two cores.
pub const NESTED_PROFILE: &str = "packaging-test";

/// Builds the aims-42001 wheel with maturin from pypi/ into `out` and returns its path; the
/// packaging is the release's, the profile `NESTED_PROFILE`.
pub fn build_wheel(maturin: &Path, out: &Path) -> PathBuf {
    let started = std::time::Instant::now();
    let built = std::process::Command::new(maturin)
        .args(["build", "--profile", NESTED_PROFILE, "--locked", "--out"])
        .arg(out)
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("pypi"))
        .env("CARGO_TARGET_DIR", target_dir())
        .output()
        .expect("maturin runs");
    assert!(
        built.status.success(),
        "{}{}",
        String::from_utf8_lossy(&built.stdout),
        String::from_utf8_lossy(&built.stderr)
    );
    let wheel = std::fs::read_dir(out)
        .expect("wheel folder")
        .flatten()
        .map(|entry| entry.path())
        .find(|path| path.extension().is_some_and(|ext| ext == "whl"))
        .expect("a wheel");
    let size = std::fs::metadata(&wheel).map(|m| m.len()).unwrap_or(0);
    eprintln!(
        "built {} ({:.1} MB) in {:?}",
        wheel.file_name().unwrap_or_default().to_string_lossy(),
        size as f64 / 1e6,
        started.elapsed()
    );
    wheel
}
