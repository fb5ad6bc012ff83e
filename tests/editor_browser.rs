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

/// Replaces the text of `key`'s field as a clerk does: select all, type.
fn retype(browser: &Browser, key: &str, text: &str) {
    browser.type_into(&css_key(key), &format!("\u{E009}a\u{E000}{text}"));
}

/// The file, once `done` holds for it.
fn wait_file(path: &std::path::Path, what: &str, done: impl Fn(&str) -> bool) -> String {
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        if done(&text) {
            return text;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{what}: the file is still\n{text}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

const PAGE_TEXT: &str = "return Array.from(document.querySelectorAll('#trang .trang')).map(p => p.textContent).join(' ');";

/// Waits until the pages' text shows `wanted`.
fn wait_pages(browser: &Browser, wanted: &str) {
    browser.wait_for(&format!("the pages show {wanted:?}"), PAGE_TEXT, |v| {
        v.as_str().is_some_and(|t| t.contains(wanted))
    });
}

#[test]
fn a_co_ban_plan_is_made_and_written_only_through_the_page() {
    if !have_browser() {
        return;
    }
    let preview = Preview::start_page();
    let browser = Browser::sized(1366, 768);
    browser.open(&preview.url);
    browser.wait_for(
        "the start page",
        "return document.body.dataset.san === '1';",
        |v| v == &json!(true),
    );
    browser.screenshot("editor-start-1366x768.png");
    browser.click("input[name=loai][value=co-ban]");
    browser.type_into("#xa", "Hòa Bình");
    browser.type_into("#tinh", "Thanh Hóa");
    browser.type_into("#nam", "\u{E009}a\u{E000}2027");
    browser.click("#tao-nut");
    wait_ready(&browser);
    let plan = preview.dir.path().join("plans/hoa-binh-2027.toml");
    assert!(plan.is_file(), "the plan is made where kehoach new puts it");

    retype(
        &browser,
        "van_ban.trich_yeu",
        "Tổ chức Ngày hội Đại đoàn kết toàn dân tộc năm 2027",
    );
    retype(
        &browser,
        "can_cu[1]",
        "Căn cứ Luật Tổ chức chính quyền địa phương năm 2025",
    );
    browser.click("[data-them=\"can_cu\"]");
    retype(
        &browser,
        "can_cu[2]",
        "Căn cứ Kế hoạch số 12/KH-MTTQ ngày 05/3/2027",
    );
    browser.click("[data-them=\"can_cu\"]");
    retype(
        &browser,
        "can_cu[3]",
        "Căn cứ tình hình thực tế của địa phương",
    );
    for (i, (heading, bold, bullet)) in [
        (
            "Mục đích",
            "khối đại đoàn kết",
            "Phát huy truyền thống đoàn kết",
        ),
        (
            "Thời gian, địa điểm",
            "ngày 18/11/2027",
            "Tại nhà văn hóa các thôn",
        ),
        (
            "Phân công",
            "Phòng Văn hóa - Xã hội",
            "Các thôn chuẩn bị địa điểm",
        ),
    ]
    .iter()
    .enumerate()
    {
        let key = format!("phan[{}].noi_dung", i + 1);
        let area = css_key(&key);
        retype(&browser, &key, &format!("# {heading}\nTăng cường "));
        // The toolbar: bold around what is typed next, a bullet on a line.
        browser.click(&format!(
            "[data-key=\"phan[{}]\"] .cong-cu button[title^=\"Chữ đậm\"]",
            i + 1
        ));
        browser.type_into(&area, &format!("{bold}\u{E010}.\n{bullet}"));
        browser.click(&format!(
            "[data-key=\"phan[{}]\"] .cong-cu button[title=\"Gạch đầu dòng\"]",
            i + 1
        ));
    }
    retype(&browser, "nguoi_ky.ho_ten", "Trần Thị Lan");
    retype(&browser, "noi_nhan[1].ten", "TTr: Đảng ủy, HĐND xã");
    browser.click("[data-them=\"noi_nhan\"]");
    retype(
        &browser,
        "noi_nhan[3].ten",
        "Ban Công tác Mặt trận các thôn",
    );
    wait_saved(&browser);
    wait_pages(&browser, "Ban Công tác Mặt trận các thôn");
    browser.screenshot("editor-co-ban-1366x768.png");

    let text = std::fs::read_to_string(&plan).unwrap();
    assert!(
        text.contains("Tăng cường **khối đại đoàn kết**.\n- Phát huy truyền thống đoàn kết"),
        "{text}"
    );
    let out = common::kehoach(&["check", &plan.display().to_string()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("hợp lệ"));
    assert!(
        !stderr.contains("chưa điền"),
        "every placeholder was filled: {stderr}"
    );
    if common::have("pdftotext") {
        let (_out, made) = common::render(&plan, &["--format", "pdf", "--parts", "ke-hoach"]);
        let pdf = common::normalise(&common::pdf_text(&made.join("ke-hoach.pdf"), None));
        for typed in [
            "Tổ chức Ngày hội Đại đoàn kết toàn dân tộc năm 2027",
            "Căn cứ Kế hoạch số 12/KH-MTTQ ngày 05/3/2027",
            "Tăng cường khối đại đoàn kết",
            "- Phát huy truyền thống đoàn kết",
            "Trần Thị Lan",
            "Ban Công tác Mặt trận các thôn",
        ] {
            assert!(pdf.contains(typed), "{typed:?} not in the PDF:\n{pdf}");
        }
    }
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
