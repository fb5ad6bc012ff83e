//! The editor (`kehoach xem`) as a clerk uses it, in headless Chromium
//! through WebDriver: a plan made and written only through the page,
//! pasted rows, Vietnamese numbers and typing, problems at their fields,
//! every key a field, two editors at once. Screenshots go to target/.

mod common;
mod preview_support;

use std::time::Duration;

use preview_support::Preview;
use preview_support::browser::{Browser, CHROMEDRIVER, CHROMIUM};
use serde_json::{Value, json};

fn have_browser() -> bool {
    common::have(CHROMIUM) && common::have(CHROMEDRIVER)
}

/// Waits until the editor has built its form and shown the first render.
fn wait_ready(browser: &Browser) {
    browser.wait_for(
        "the editor ready",
        "return document.body.dataset.san === '1' && Number(document.body.dataset.ban || 0) > 0;",
        |v| v == &json!(true),
    );
}

/// Waits until every edit is written.
fn wait_saved(browser: &Browser) {
    browser.wait_for(
        "every edit saved",
        "return document.getElementById('luu').textContent;",
        |v| v.as_str() == Some("Đã lưu"),
    );
}

fn css_key(key: &str) -> String {
    format!("[data-key=\"{key}\"]")
}

#[test]
fn the_editor_at_both_sizes() {
    if !have_browser() {
        return;
    }
    let preview = Preview::start("quang-ngoc-2026.toml");
    for (w, h) in [(1366, 768), (1920, 1080)] {
        let browser = Browser::sized(w, h);
        browser.open(&preview.url);
        wait_ready(&browser);
        browser.wait_for(
            "the first page drawn",
            "const img = document.querySelector('#trang .trang > img'); return !!img && img.complete && img.naturalWidth > 300;",
            |v| v == &json!(true),
        );
        std::thread::sleep(Duration::from_millis(300));
        browser.screenshot(&format!("editor-{w}x{h}.png"));
        browser.script(
            "document.querySelector('[data-key=\"chi_tieu\"]').scrollIntoView(); return null;",
        );
        browser.screenshot(&format!("editor-grid-{w}x{h}.png"));
    }
}
