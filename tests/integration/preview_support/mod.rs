//! Shared by the preview tests: a running `kehoach preview` on a copy of a
//! bundled plan, and a raw HTTP request to it.

pub mod browser;
pub mod static_server;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStderr, Command, Stdio};
use std::time::Duration;

/// A `kehoach preview --no-open --port 0` process, stopped when dropped.
pub struct Preview {
    pub child: Child,
    /// `http://127.0.0.1:PORT/TOKEN/`, the first line it printed.
    pub url: String,
    pub port: u16,
    pub token: String,
    /// A copy of the plan, free to edit.
    pub plan: PathBuf,
    pub dir: tempfile::TempDir,
    pub stderr: Option<ChildStderr>,
}

impl Preview {
    /// Starts the preview of a copy of `plans/<bundled>`.
    pub fn start(bundled: &str) -> Preview {
        let dir = tempfile::tempdir().unwrap();
        let plan = dir.path().join(bundled);
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        std::fs::copy(root.join("plans").join(bundled), &plan).unwrap();
        Preview::spawn(dir, plan.clone(), Some(&plan))
    }

    /// Starts the preview of copies of `plans/<bundled>` files in one
    /// folder, editing the first.
    pub fn start_with(bundled: &[&str]) -> Preview {
        let dir = tempfile::tempdir().unwrap();
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        for name in bundled {
            std::fs::copy(root.join("plans").join(name), dir.path().join(name)).unwrap();
        }
        let plan = dir.path().join(bundled[0]);
        Preview::spawn(dir, plan.clone(), Some(&plan))
    }

    /// Starts `kehoach xem` with no file (the start page) in an empty
    /// folder; `plan` is where a new plan of that folder would go.
    pub fn start_page() -> Preview {
        let dir = tempfile::tempdir().unwrap();
        let plan = dir.path().join("plans");
        Preview::spawn(dir, plan, None)
    }

    fn spawn(dir: tempfile::TempDir, plan: PathBuf, file: Option<&Path>) -> Preview {
        let mut child = Command::new(env!("CARGO_BIN_EXE_kehoach"))
            .args(["preview", "--no-open", "--port", "0"])
            .args(file)
            .current_dir(dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("kehoach runs");
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        let url = first.trim().to_owned();
        let rest = url
            .strip_prefix("http://127.0.0.1:")
            .unwrap_or_else(|| panic!("the first line is the URL: {url:?}"));
        let (port, token) = rest.split_once('/').unwrap();
        let port = port.parse().unwrap();
        let token = token.trim_end_matches('/').to_owned();
        assert_eq!(token.len(), 32, "a 128-bit token in hex: {url}");
        let stderr = child.stderr.take();
        Preview {
            child,
            url,
            port,
            token,
            plan,
            dir,
            stderr,
        }
    }

    /// Sends SIGINT (Ctrl-C) and returns the exit status and what the
    /// process printed on stderr.
    pub fn interrupt(mut self) -> (std::process::ExitStatus, String) {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill").args(["-INT", &pid]).status().unwrap();
        assert!(sent.success());
        let mut log = String::new();
        if let Some(mut stderr) = self.stderr.take() {
            stderr.read_to_string(&mut log).unwrap();
        }
        (self.child.wait().unwrap(), log)
    }
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Sends `request` (bytes as given) to the preview's port; returns the
/// status code and the body.
pub fn raw(port: u16, request: &[u8]) -> (u16, Vec<u8>) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    // The server may answer (413) before reading all of an oversize head.
    let _ = stream.write_all(request);
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let end = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("a response: {:?}", String::from_utf8_lossy(&response)));
    let head = String::from_utf8_lossy(&response[..end]).into_owned();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("a status line: {head}"));
    (status, response[end + 4..].to_vec())
}

/// A GET of `target` with the given Host header.
pub fn get(port: u16, target: &str, host: &str) -> (u16, Vec<u8>) {
    raw(
        port,
        format!("GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").as_bytes(),
    )
}

/// Pages of a PDF, as qpdf counts them.
pub fn pdf_pages(pdf: &Path) -> usize {
    let out = Command::new("qpdf")
        .arg("--show-npages")
        .arg(pdf)
        .output()
        .expect("qpdf runs");
    String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
}
