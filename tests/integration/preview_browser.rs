//! `kehoach preview` in a real browser: headless Chromium driven through
//! W3C WebDriver (chromedriver) opens the page and sees every page of the
//! plan; a target changed in the file shows up without a reload; a broken
//! file shows its error with the line while the last good pages stay; the
//! fixed file shows pages again. Screenshots go to target/ for a look.

use crate::common;
use crate::preview_support::browser::Browser;
use crate::preview_support::{Preview, pdf_pages};
use serde_json::json;

tests! {
    the_preview_follows_each_save_in_a_real_browser needs Qpdf, Chromium, Chromedriver;
}

const PAGE_COUNT: &str = "return document.querySelectorAll('#trang .trang').length;";
const PAGE_TEXT: &str = "return Array.from(document.querySelectorAll('#trang .trang')).map(p => p.textContent).join(' ');";
const PROBLEMS: &str = "return document.getElementById('van-de').innerText;";
/// Whether the first page's SVG arrived and was decoded (pages load lazily).
const FIRST_PAGE_DRAWN: &str = "const img = document.querySelector('#trang .trang > img'); return img.complete && img.naturalWidth > 500;";
const STALE: &str = "return document.getElementById('trang').classList.contains('cu');";

fn the_preview_follows_each_save_in_a_real_browser() {
    let plan_name = "quang-ngoc-2026.toml";
    // The truth to compare with: what `render` makes of the same plan.
    let (_out, made) = common::render(
        &common::root().join("plans").join(plan_name),
        &["--parts", "ke-hoach", "--format", "pdf"],
    );
    let expected_pages = pdf_pages(&made.join("ke-hoach.pdf"));

    let preview = Preview::start(plan_name);
    let browser = Browser::start();
    browser.open(&preview.url);
    let took = browser.wait_for("every page shown", PAGE_COUNT, |v| {
        v.as_u64() == Some(expected_pages as u64)
    });
    note!("{expected_pages} trang hiện sau {took:?}");
    assert_eq!(
        browser.script(PROBLEMS).as_str(),
        Some(""),
        "a valid plan has no problems"
    );
    let images = browser.script("return document.querySelectorAll('#trang .trang > img').length;");
    assert_eq!(
        images.as_u64(),
        Some(expected_pages as u64),
        "each page is an image"
    );
    browser.wait_for("the first page drawn", FIRST_PAGE_DRAWN, |v| {
        v == &json!(true)
    });

    // A target's value changes in the file: the page text follows, no reload.
    let original = std::fs::read_to_string(&preview.plan).unwrap();
    let old = "chi_tieu_giao = { ty_le = 30 }";
    assert!(
        original.contains(old),
        "the plan still has the edited target"
    );
    let text = browser.script(PAGE_TEXT);
    assert!(!text.as_str().unwrap().contains("83%"));
    browser.script("window.notReloaded = true; return null;");
    let edited = original.replacen(old, "chi_tieu_giao = { ty_le = 83 }", 1);
    std::fs::write(&preview.plan, &edited).unwrap();
    let took = browser.wait_for("the new value shown", PAGE_TEXT, |v| {
        v.as_str()
            .is_some_and(|t| t.contains("xã Quảng Ngọc đạt 83%"))
    });
    note!("giá trị mới hiện sau {took:?} (từ lúc lưu, gồm cả thăm dò của phép thử)");
    assert_eq!(
        browser.script("return window.notReloaded === true;"),
        json!(true)
    );
    assert_eq!(
        browser.script(PAGE_COUNT).as_u64(),
        Some(expected_pages as u64)
    );

    // Broken: an unclosed table header on a known line.
    let broken_line = edited.lines().count() + 2;
    std::fs::write(&preview.plan, format!("{edited}\n[[chi_tieu]\n")).unwrap();
    browser.wait_for("the error shown", PROBLEMS, |v| {
        v.as_str()
            .is_some_and(|t| t.contains(&format!("dòng {broken_line},")))
    });
    let problems = browser.script(PROBLEMS).as_str().unwrap().to_owned();
    assert!(problems.contains("Lỗi"), "{problems}");
    assert!(
        problems.contains("Gợi ý") || problems.contains("gợi ý"),
        "{problems}"
    );
    // The last good pages stay, marked as such.
    assert_eq!(
        browser.script(PAGE_COUNT).as_u64(),
        Some(expected_pages as u64)
    );
    assert_eq!(browser.script(STALE), json!(true));
    assert!(
        browser
            .script(PAGE_TEXT)
            .as_str()
            .unwrap()
            .contains("đạt 83%")
    );
    browser.script("window.scrollTo(0, 0); return null;");
    let shot = browser.screenshot("preview-loi.png");
    note!("ảnh chụp: {}", shot.display());

    // Fixed: the problems go, the pages are current again.
    std::fs::write(&preview.plan, &original).unwrap();
    browser.wait_for("the problems gone", PROBLEMS, |v| v.as_str() == Some(""));
    browser.wait_for("the old value back", PAGE_TEXT, |v| {
        v.as_str()
            .is_some_and(|t| t.contains("xã Quảng Ngọc đạt 30%") && !t.contains("83%"))
    });
    assert_eq!(browser.script(STALE), json!(false));
    assert_eq!(
        browser.script(PAGE_COUNT).as_u64(),
        Some(expected_pages as u64)
    );
    let shot = browser.screenshot("preview.png");
    note!("ảnh chụp: {}", shot.display());

    drop(browser);
    let (exit, log) = preview.interrupt();
    note!("{log}");
    assert!(exit.success(), "{exit:?}\n{log}");
}
