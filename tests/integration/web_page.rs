//! The web build (`target/web/`, `bash scripts/build-web.sh`): the engine
//! compiled to WebAssembly gives the very bytes `kehoach render` writes, and
//! the page, served by a plain static server, opens a bundled plan in
//! headless Chromium, shows its pages, follows an edit, and downloads the
//! PDF, the DOCX and the edited `.toml` with nothing fetched from elsewhere.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::common::{self, root};
use crate::preview_support::browser::Browser;
use crate::preview_support::static_server::StaticServer;
use crate::tools::Tool;

tests! {
    every_plan_from_the_web_engine_is_byte_identical_to_kehoach_render needs Node, WebBuild;
    the_page_opens_edits_and_downloads_every_plan_as_kehoach_render_writes_it needs Chromium, Chromedriver, Python, WebBuild;
    a_toml_or_a_word_file_from_the_disk_opens_through_the_file_picker needs Chromium, Chromedriver, Python, WebBuild;
}

fn bundled() -> Vec<PathBuf> {
    let mut plans: Vec<PathBuf> = std::fs::read_dir(root().join("plans"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    plans.sort();
    assert!(plans.len() >= 5, "{plans:?}");
    plans
}

/// The documents in `dir` (not the output folder's own bookkeeping,
/// `.kehoach*`).
fn file_names(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| !name.starts_with('.'))
        .collect()
}

/// The web engine (run by node as the page runs it) against the native
/// program, for every file of every bundled plan: the plan and each
/// appendix alone, PDF and DOCX.
fn every_plan_from_the_web_engine_is_byte_identical_to_kehoach_render() {
    let web = Tool::WebBuild.expect();
    let plans = bundled();
    for plan in &plans {
        let (_native_dir, native) = common::render(plan, &[]);
        let out = tempfile::tempdir().unwrap();
        let mut node = Command::new(Tool::Node.expect());
        node.arg(root().join("tests/integration/web/render.mjs"))
            .arg(web)
            .arg(out.path())
            .arg(plan);
        // The other plans beside it: the original an adjustment names.
        node.args(plans.iter().filter(|p| *p != plan));
        let ran = node.output().expect("node runs");
        assert!(
            ran.status.success(),
            "{}: {}",
            plan.display(),
            String::from_utf8_lossy(&ran.stderr)
        );
        let names = file_names(&native);
        assert_eq!(file_names(out.path()), names, "{}", plan.display());
        assert!(names.iter().any(|n| n.ends_with(".pdf")));
        assert!(names.iter().any(|n| n.ends_with(".docx")));
        for name in &names {
            let a = std::fs::read(native.join(name)).unwrap();
            let b = std::fs::read(out.path().join(name)).unwrap();
            assert!(
                a == b,
                "{} {name}: the web engine's {} bytes differ from kehoach render's {}",
                plan.display(),
                b.len(),
                a.len()
            );
        }
        note!("{}: {} tệp giống hệt", plan.display(), names.len());
    }
}

/// Waits until the download `name` is complete in `dir`; its bytes.
fn downloaded(dir: &Path, name: &str) -> Vec<u8> {
    let path = dir.join(name);
    let partial = dir.join(format!("{name}.crdownload"));
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if path.is_file() && !partial.exists() {
            let bytes = std::fs::read(&path).unwrap();
            if !bytes.is_empty() {
                std::fs::remove_file(&path).unwrap();
                return bytes;
            }
        }
        assert!(
            Instant::now() < deadline,
            "{name} not downloaded: {:?}",
            file_names(dir)
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Opens bundled plan `name` from the start page and waits for its pages.
fn open_plan(browser: &Browser, server: &StaticServer, name: &str) {
    browser.open(&server.url);
    browser.wait_for(
        "the start page ready",
        "return document.body.dataset.san === '1';",
        |v| v == &json!(true),
    );
    browser.click(&format!("button.mo-tep[data-ten=\"{name}\"]"));
    browser.wait_for(
        "the editor with its first page drawn",
        "const img = document.querySelector('#trang img'); \
         return location.pathname.endsWith('/soan.html') && document.body.dataset.san === '1' \
           && !!img && img.complete && img.naturalWidth > 0;",
        |v| v == &json!(true),
    );
}

fn the_page_opens_edits_and_downloads_every_plan_as_kehoach_render_writes_it() {
    let server = StaticServer::start(Tool::WebBuild.expect());
    let browser = Browser::sized(1366, 768);
    let downloads = tempfile::tempdir().unwrap();
    browser.cdp(
        "Browser.setDownloadBehavior",
        json!({"behavior": "allow", "downloadPath": downloads.path().display().to_string()}),
    );
    for plan in bundled() {
        let name = plan.file_name().unwrap().to_string_lossy().into_owned();
        let stem = plan.file_stem().unwrap().to_string_lossy().into_owned();
        open_plan(&browser, &server, &name);
        let status = browser.script("return document.getElementById('tinh-trang').textContent;");
        assert!(
            status.as_str().is_some_and(|s| s.starts_with("Hợp lệ")),
            "{name}: {status}"
        );
        let (_native_dir, native) = common::render(&plan, &[]);
        for format in ["pdf", "docx"] {
            browser.click(&format!("#tai-{format}"));
            let bytes = downloaded(downloads.path(), &format!("{stem}.{format}"));
            let expected = std::fs::read(native.join(format!("ke-hoach.{format}"))).unwrap();
            assert!(
                bytes == expected,
                "{name}: the page's {format} ({} bytes) differs from kehoach render's ({} bytes)",
                bytes.len(),
                expected.len()
            );
        }
        note!("{name}: PDF và DOCX tải từ trang giống hệt kehoach render");
    }

    // An edit: the signer's name changes on a page, and "Lưu" writes it.
    open_plan(&browser, &server, "quang-ngoc-2026.toml");
    let field = "[data-key=\"nguoi_ky.ho_ten\"]";
    let pages_before = browser.script(
        "return Array.from(document.querySelectorAll('#trang .trang'), b => b.dataset.ma);",
    );
    // Ctrl+A, then the new name over the old.
    browser.type_into(field, "\u{E009}a\u{E000}Lê Văn Thử");
    browser.wait_for(
        "the new name on a page",
        "return document.body.dataset.luu === 'da-luu' \
           && document.getElementById('trang').textContent.includes('Lê Văn Thử');",
        |v| v == &json!(true),
    );
    let pages_after = browser.script(
        "return Array.from(document.querySelectorAll('#trang .trang'), b => b.dataset.ma);",
    );
    assert_ne!(pages_before, pages_after, "no page changed");
    // As in a browser without the File System Access API (Firefox,
    // Safari), "Lưu" downloads the file: Chromium's save dialog is not one
    // WebDriver can answer.
    browser.script("window.showSaveFilePicker = undefined;");
    browser.click("#luu-tep");
    let saved = String::from_utf8(downloaded(downloads.path(), "quang-ngoc-2026.toml")).unwrap();
    let original = std::fs::read_to_string(plan_path("quang-ngoc-2026.toml")).unwrap();
    let changed: Vec<(&str, &str)> = original
        .lines()
        .zip(saved.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(original.lines().count(), saved.lines().count());
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert!(changed[0].1.contains("\"Lê Văn Thử\""), "{changed:?}");

    // Nothing was fetched but from the page's own origin.
    let elsewhere = browser.script(
        "return performance.getEntriesByType('resource').map(e => e.name) \
           .filter(u => !u.startsWith(location.origin + '/') && !u.startsWith('blob:') && !u.startsWith('data:'));",
    );
    assert_eq!(elsewhere, Value::Array(Vec::new()));
    browser.screenshot("web-page-quang-ngoc.png");
}

fn plan_path(name: &str) -> PathBuf {
    root().join("plans").join(name)
}

/// The start page's file picker: a plan file, and a Word document made
/// into a plan in the page (as `kehoach nhap` does).
fn a_toml_or_a_word_file_from_the_disk_opens_through_the_file_picker() {
    let server = StaticServer::start(Tool::WebBuild.expect());
    let browser = Browser::sized(1366, 768);
    let (_native_dir, native) = common::render(&plan_path("quang-ngoc-2026.toml"), &[]);
    let disk = tempfile::tempdir().unwrap();
    let toml = disk.path().join("ha-long-cua-toi.toml");
    std::fs::copy(plan_path("ha-long-2025.toml"), &toml).unwrap();
    let docx = disk.path().join("ke-hoach-nam-truoc.docx");
    std::fs::copy(native.join("ke-hoach.docx"), &docx).unwrap();
    for (file, opened, commune) in [
        (&toml, "ha-long-cua-toi.toml", "Hà Long"),
        (&docx, "ke-hoach-nam-truoc.toml", "Quảng Ngọc"),
    ] {
        browser.open(&server.url);
        browser.wait_for(
            "the start page ready",
            "return document.body.dataset.san === '1';",
            |v| v == &json!(true),
        );
        // WebDriver hands a file to a file input as a clerk picks it.
        browser.type_into("#chon-tep", &file.display().to_string());
        browser.wait_for(
            "the editor with the file's form and pages",
            "return location.pathname.endsWith('/soan.html') && document.body.dataset.san === '1' \
               && document.querySelectorAll('#trang .trang').length > 0 \
               && [document.querySelector('header h1').textContent, document.querySelector('[data-key=\"van_ban.xa\"]')?.value];",
            |v| v != &json!(false),
        );
        let shown = browser.script(
            "return [document.querySelector('header h1').textContent, document.querySelector('[data-key=\"van_ban.xa\"]').value];",
        );
        assert_eq!(shown, json!([opened, commune]), "{}", file.display());
    }
}
