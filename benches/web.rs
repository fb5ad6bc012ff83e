//! The web build's budgets (`target/web/`, `bash scripts/build-web.sh`),
//! served by `python3 -m http.server` to headless Chromium: Quảng Ngọc's
//! first page drawn after the start page is opened in a fresh browser
//! (nothing cached: the wasm fetched and compiled) and the plan clicked,
//! the same with the browser's cache warm, a keystroke in a target's field
//! to the pages showing the new value, and the folder's size, raw and
//! gzip-compressed as a server would send it.
//!
//! `cargo bench --bench web` (keystrokes: `KEHOACH_BENCH_ITERS`, default
//! 20). Needs the web build, chromium, chromedriver and python3; prints
//! medians (min–max), ms.

// The integration tests' own helpers: the browser session, the static
// server, and how the programs they run are found.
#[allow(dead_code)]
#[path = "../tests/integration/common/mod.rs"]
mod common;
#[allow(dead_code)]
#[path = "../tests/integration/preview_support/mod.rs"]
mod preview_support;
#[allow(dead_code)]
#[path = "../tests/integration/tools.rs"]
mod tools;
#[path = "support/typing.rs"]
mod typing;

use std::path::Path;
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use preview_support::browser::Browser;
use preview_support::static_server::StaticServer;
use serde_json::json;
use tools::Tool;
use typing::{iterations, keystrokes, ms, row, tools_present, wait_text};

const START_READY: &str = "return document.body.dataset.san === '1';";
const CLICK_PLAN: &str = "document.querySelector('button.mo-tep[data-ten=\"quang-ngoc-2026.toml\"]').click(); return null;";
const PAGES_READY: &str = "const img = document.querySelector('#trang .trang > img');
  return location.pathname.endsWith('/soan.html') && document.body.dataset.san === '1'
    && !!img && img.complete && img.naturalWidth > 300;";

fn main() -> ExitCode {
    if !tools_present(&[
        Tool::WebBuild,
        Tool::Chromium,
        Tool::Chromedriver,
        Tool::Python,
    ]) {
        return ExitCode::FAILURE;
    }
    let iters = iterations();
    let web = Tool::WebBuild.expect();
    let server = StaticServer::start(web);
    let browser = Browser::sized(1366, 768);

    println!("| đo | trung vị | nhỏ nhất–lớn nhất |");
    println!("|---|---|---|");
    let cold = first_pages(&browser, &server);
    println!(
        "| trang đầu của Quảng Ngọc sau khi mở trang (trình duyệt mới, chưa có gì trong bộ nhớ đệm) | {} | — |",
        ms(cold)
    );
    let warm: Vec<Duration> = (0..3).map(|_| first_pages(&browser, &server)).collect();
    row("như trên, bộ nhớ đệm đã có wasm (3 lần)", &warm);

    let field = "[data-key=\"chi_tieu[1].chi_tieu_giao.ty_le\"]";
    browser.type_into(field, "\u{E009}a\u{E000}47,9");
    wait_text(&browser, "xã Quảng Ngọc đạt 47,9%");
    row(
        "phím gõ → trang đã cập nhật",
        &keystrokes(&browser, field, iters, 1),
    );

    let (files, raw, packed) = folder_size(web);
    println!(
        "| target/web: {files} tệp, {:.1} MiB, nén gzip -9 {:.1} MiB | — | — |",
        mib(raw),
        mib(packed)
    );
    ExitCode::SUCCESS
}

/// From opening the start page to Quảng Ngọc's first page drawn.
fn first_pages(browser: &Browser, server: &StaticServer) -> Duration {
    let started = Instant::now();
    browser.open(&server.url);
    until(browser, START_READY, started);
    browser.script(CLICK_PLAN);
    until(browser, PAGES_READY, started);
    started.elapsed()
}

fn until(browser: &Browser, script: &str, started: Instant) {
    while browser.script(script) != json!(true) {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "never ready: {script}"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// How many files, their bytes, and their bytes each gzip-compressed.
fn folder_size(dir: &Path) -> (usize, u64, u64) {
    let mut stack = vec![dir.to_path_buf()];
    let (mut files, mut raw, mut packed) = (0, 0, 0);
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            files += 1;
            raw += entry.metadata().unwrap().len();
            let gz = Command::new("gzip")
                .args(["-9", "-n", "-c"])
                .arg(&path)
                .output()
                .expect("gzip runs");
            packed += gz.stdout.len() as u64;
        }
    }
    (files, raw, packed)
}

fn mib(bytes: u64) -> f64 {
    bytes as f64 / 1_048_576.0
}
