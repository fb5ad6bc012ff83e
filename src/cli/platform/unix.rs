//! Linux, the BSDs, macOS: terminals speak UTF-8 already, SIGINT and
//! SIGTERM stop the preview, no console is ever made for us.

use std::sync::atomic::{AtomicBool, Ordering};

pub struct Utf8Console;

impl Utf8Console {
    pub fn enter() -> Self {
        Utf8Console
    }
}

pub fn console_is_ours() -> bool {
    false
}

pub fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    let _ = std::process::Command::new(opener)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
}

static STOP: AtomicBool = AtomicBool::new(false);

extern "C" fn on_signal(_: libc::c_int) {
    // Async-signal-safe: an atomic store and nothing else.
    STOP.store(true, Ordering::SeqCst);
}

pub fn install_stop() {
    let handler = on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
    // SAFETY: `on_signal` only stores to an atomic, which is
    // async-signal-safe; `signal` is given a valid function pointer.
    unsafe {
        libc::signal(libc::SIGINT, handler);
        libc::signal(libc::SIGTERM, handler);
    }
}

pub fn stop_requested() -> bool {
    STOP.load(Ordering::SeqCst)
}
