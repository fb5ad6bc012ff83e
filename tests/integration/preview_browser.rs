//! `kehoach preview` in a real browser: headless Chromium driven through
//! W3C WebDriver (chromedriver) opens the page and sees every page of the
//! plan; a target changed in the file shows up without a reload; a broken
//! file shows its error with the line while the last good pages stay; the
//! fixed file shows pages again. Screenshots go to target/ for a look.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common;
use crate::preview_support::{Preview, pdf_pages};
use crate::tools::Tool;
use serde_json::{Value, json};

tests! {
    the_preview_follows_each_save_in_a_real_browser needs Qpdf, Chromium, Chromedriver;
}

/// A chromedriver process and one headless Chromium session through it.
struct Browser {
    driver: Child,
    port: u16,
    session: String,
    _profile: tempfile::TempDir,
}

impl Browser {
    fn start() -> Browser {
        let port = {
            let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            probe.local_addr().unwrap().port()
        };
        let driver = Command::new(Tool::Chromedriver.expect())
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver runs");
        let deadline = Instant::now() + Duration::from_secs(20);
        while webdriver(port, "GET", "/status", None).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        let profile = tempfile::tempdir().unwrap();
        let binary = Tool::Chromium.expect().display().to_string();
        let args = [
            "--headless".to_owned(),
            "--no-sandbox".to_owned(),
            "--disable-gpu".to_owned(),
            "--disable-quic".to_owned(),
            "--no-first-run".to_owned(),
            "--disable-background-networking".to_owned(),
            "--disable-component-update".to_owned(),
            "--disable-sync".to_owned(),
            "--window-size=1100,1400".to_owned(),
            format!("--user-data-dir={}", profile.path().display()),
        ];
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": binary, "args": args}
        }}});
        let created = webdriver(port, "POST", "/session", Some(&capabilities))
            .unwrap_or_else(|e| panic!("a Chromium session: {e}"));
        let session = created["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("a session id: {created}"))
            .to_owned();
        Browser {
            driver,
            port,
            session,
            _profile: profile,
        }
    }

    fn call(&self, method: &str, path: &str, body: Option<&Value>) -> Value {
        let path = format!("/session/{}{path}", self.session);
        webdriver(self.port, method, &path, body)
            .unwrap_or_else(|e| panic!("WebDriver {method} {path}: {e}"))
    }

    fn open(&self, url: &str) {
        self.call("POST", "/url", Some(&json!({ "url": url })));
    }

    /// Runs `script` (a function body) in the page; its return value.
    fn script(&self, script: &str) -> Value {
        self.call(
            "POST",
            "/execute/sync",
            Some(&json!({"script": script, "args": []})),
        )
    }

    /// Polls `script` until `done` holds for its value; the time it took.
    fn wait_for(&self, what: &str, script: &str, done: impl Fn(&Value) -> bool) -> Duration {
        let started = Instant::now();
        loop {
            let value = self.script(script);
            if done(&value) {
                return started.elapsed();
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "{what}: still {value} after 30 s"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    fn screenshot(&self, name: &str) -> PathBuf {
        use base64::Engine as _;
        let png = self.call("GET", "/screenshot", None);
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(png.as_str().expect("base64 PNG"))
            .unwrap();
        assert!(bytes.starts_with(b"\x89PNG"));
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("target")
            .join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let path = format!("/session/{}", self.session);
        let _ = webdriver(self.port, "DELETE", &path, None);
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// One WebDriver command over plain HTTP; the response's `value`.
fn webdriver(port: u16, method: &str, path: &str, body: Option<&Value>) -> Result<Value, String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let body = body.map(Value::to_string).unwrap_or_default();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream
        .write_all(request.as_bytes())
        .map_err(|e| e.to_string())?;
    let (head, payload) = read_response(&mut stream)?;
    let value: Value = serde_json::from_slice(&payload).map_err(|e| e.to_string())?;
    if !head.starts_with("http/1.1 200") {
        return Err(format!("{head}\n{value}"));
    }
    Ok(value["value"].clone())
}

/// Reads one response: chromedriver keeps the connection open, so the end
/// is found from Content-Length (or the last chunk), not from EOF.
fn read_response(stream: &mut TcpStream) -> Result<(String, Vec<u8>), String> {
    let mut data = Vec::new();
    let mut chunk = [0u8; 64 * 1024];
    loop {
        if let Some(end) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&data[..end]).to_ascii_lowercase();
            let body = &data[end + 4..];
            let length = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok());
            match length {
                Some(length) if body.len() >= length => {
                    return Ok((head.clone(), body[..length].to_vec()));
                }
                None if head.contains("transfer-encoding: chunked")
                    && body.ends_with(b"0\r\n\r\n") =>
                {
                    return Ok((head.clone(), dechunk(body)));
                }
                _ => {}
            }
        }
        let n = stream.read(&mut chunk).map_err(|e| e.to_string())?;
        if n == 0 {
            let end = data
                .windows(4)
                .position(|w| w == b"\r\n\r\n")
                .ok_or("no HTTP head")?;
            let head = String::from_utf8_lossy(&data[..end]).to_ascii_lowercase();
            return Ok((head, data[end + 4..].to_vec()));
        }
        data.extend_from_slice(&chunk[..n]);
    }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(line_end) = data.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(String::from_utf8_lossy(&data[..line_end]).trim(), 16)
            .unwrap_or(0);
        if size == 0 {
            break;
        }
        let start = line_end + 2;
        out.extend_from_slice(&data[start..start + size]);
        data = &data[(start + size + 2).min(data.len())..];
    }
    out
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
