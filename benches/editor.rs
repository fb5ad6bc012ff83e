//! The editor's budgets, in headless Chromium through WebDriver, for
//! Quảng Ngọc: the page ready after `kehoach xem` starts (the form built,
//! the first page drawn), and a keystroke in a target's field to the
//! pages showing the new value (the changed page's text in the page and
//! its image drawn), without and with 32 slow clients each sending a byte
//! every 2 s.
//!
//! `cargo bench --bench editor` (keystrokes: `KEHOACH_BENCH_ITERS`, default
//! 20). Needs chromium and chromedriver; prints medians (min–max), ms.

// The integration tests' own helpers: the preview process, the browser
// session, and how the programs they run are found.
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

use std::io::Write;
use std::net::TcpStream;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use preview_support::Preview;
use preview_support::browser::Browser;
use serde_json::json;
use tools::Tool;
use typing::{iterations, keystrokes, ms, row, tools_present, wait_text};

const READY: &str = "const img = document.querySelector('#trang .trang > img');
  return document.body.dataset.san === '1' && !!img && img.complete && img.naturalWidth > 300;";

fn main() -> ExitCode {
    if !tools_present(&[Tool::Chromium, Tool::Chromedriver]) {
        return ExitCode::FAILURE;
    }
    let iters = iterations();
    let browser = Browser::sized(1366, 768);
    let started = Instant::now();
    let preview = Preview::start("quang-ngoc-2026.toml");
    browser.open(&preview.url);
    let ready = loop {
        if browser.script(READY) == json!(true) {
            break started.elapsed();
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the page never got ready"
        );
        std::thread::sleep(Duration::from_millis(5));
    };
    println!("| đo | trung vị | nhỏ nhất–lớn nhất |");
    println!("|---|---|---|");
    println!(
        "| trang sẵn sàng sau khi chạy `kehoach xem` | {} | — |",
        ms(ready)
    );

    let field = "[data-key=\"chi_tieu[1].chi_tieu_giao.ty_le\"]";
    browser.type_into(field, "\u{E009}a\u{E000}47,9");
    wait_text(&browser, "xã Quảng Ngọc đạt 47,9%");
    let quiet = keystrokes(&browser, field, iters, 1);
    row("phím gõ → trang đã cập nhật", &quiet);

    let load = slow_clients(preview.port, 32);
    let loaded = keystrokes(&browser, field, iters, 2);
    drop(load);
    row("như trên, với 32 kết nối chậm (1 byte / 2 s)", &loaded);
    ExitCode::SUCCESS
}

/// Clients that trickle a request head, a byte each every 2 s, until
/// dropped.
struct SlowClients(std::sync::Arc<std::sync::atomic::AtomicBool>);

impl Drop for SlowClients {
    fn drop(&mut self) {
        self.0.store(true, std::sync::atomic::Ordering::SeqCst);
    }
}

fn slow_clients(port: u16, count: usize) -> SlowClients {
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = done.clone();
    std::thread::spawn(move || {
        let head = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
        let mut streams: Vec<TcpStream> = Vec::new();
        let mut i = 0;
        while !flag.load(std::sync::atomic::Ordering::SeqCst) {
            streams.retain(|s| s.peer_addr().is_ok());
            while streams.len() < count {
                match TcpStream::connect(("127.0.0.1", port)) {
                    Ok(s) => streams.push(s),
                    Err(_) => break,
                }
            }
            for s in &mut streams {
                let _ = s.write_all(&head[i % head.len()..i % head.len() + 1]);
            }
            i += 1;
            for _ in 0..20 {
                if flag.load(std::sync::atomic::Ordering::SeqCst) {
                    return;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
        }
    });
    SlowClients(done)
}
