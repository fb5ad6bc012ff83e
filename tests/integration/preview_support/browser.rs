//! Headless Chromium driven through W3C WebDriver (chromedriver), for the
//! tests of the pages a clerk clicks through.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::tools::Tool;

/// A chromedriver process and one headless Chromium session through it.
pub struct Browser {
    driver: Child,
    port: u16,
    pub session: String,
    _profile: tempfile::TempDir,
}

impl Browser {
    pub fn start() -> Browser {
        Browser::sized(1100, 1400)
    }

    /// A session with a window of `width` × `height` pixels.
    pub fn sized(width: u32, height: u32) -> Browser {
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
            format!("--window-size={width},{height}"),
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

    pub fn call(&self, method: &str, path: &str, body: Option<&Value>) -> Value {
        let path = format!("/session/{}{path}", self.session);
        webdriver(self.port, method, &path, body)
            .unwrap_or_else(|e| panic!("WebDriver {method} {path}: {e}"))
    }

    pub fn open(&self, url: &str) {
        self.call("POST", "/url", Some(&json!({ "url": url })));
    }

    /// Runs `script` (a function body) in the page; its return value.
    pub fn script(&self, script: &str) -> Value {
        self.call(
            "POST",
            "/execute/sync",
            Some(&json!({"script": script, "args": []})),
        )
    }

    /// Polls `script` until `done` holds for its value; the time it took.
    pub fn wait_for(&self, what: &str, script: &str, done: impl Fn(&Value) -> bool) -> Duration {
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

    /// The WebDriver id of the first element matching `css`.
    pub fn element(&self, css: &str) -> String {
        let found = self.call(
            "POST",
            "/element",
            Some(&json!({"using": "css selector", "value": css})),
        );
        found
            .as_object()
            .and_then(|o| o.values().next())
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("no element {css}: {found}"))
            .to_owned()
    }

    /// Types `text` into the element matching `css` as a keyboard would
    /// (WebDriver key codes such as `\u{E003}`, Backspace, included).
    pub fn type_into(&self, css: &str, text: &str) {
        let id = self.element(css);
        self.call(
            "POST",
            &format!("/element/{id}/value"),
            Some(&json!({ "text": text })),
        );
    }

    /// Clicks the element matching `css`, scrolled into view first as a
    /// user would (chromedriver does not scroll every nested pane).
    pub fn click(&self, css: &str) {
        let id = self.element(css);
        self.call(
            "POST",
            "/execute/sync",
            Some(&json!({
                "script": "arguments[0].scrollIntoView({block: 'center'}); return null;",
                "args": [{"element-6066-11e4-a52e-4f735466cecf": id}]
            })),
        );
        self.call("POST", &format!("/element/{id}/click"), Some(&json!({})));
    }

    /// Puts the keyboard focus on the element matching `css` and presses
    /// `key` (a WebDriver key code, `\u{E007}` Enter), as a keyboard user
    /// reaches a control.
    pub fn press_on(&self, css: &str, key: &str) {
        self.script_with(
            "const el = document.querySelector(arguments[0]); el.scrollIntoView({block: 'center'}); el.focus(); return null;",
            json!([css]),
        );
        self.keys(&[key]);
    }

    /// Presses `keys` together (held down in order, released in reverse)
    /// on whatever has the focus: `["\u{E009}", "z"]` is Ctrl+Z.
    pub fn keys(&self, keys: &[&str]) {
        let mut actions = Vec::new();
        for key in keys {
            actions.push(json!({"type": "keyDown", "value": key}));
        }
        for key in keys.iter().rev() {
            actions.push(json!({"type": "keyUp", "value": key}));
        }
        self.call(
            "POST",
            "/actions",
            Some(&json!({"actions": [{"type": "key", "id": "ban-phim", "actions": actions}]})),
        );
    }

    /// A Chrome DevTools command (input method composition, say).
    pub fn cdp(&self, cmd: &str, params: Value) -> Value {
        self.call(
            "POST",
            "/goog/cdp/execute",
            Some(&json!({"cmd": cmd, "params": params})),
        )
    }

    /// Runs `script` with `args` (its `arguments`).
    pub fn script_with(&self, script: &str, args: Value) -> Value {
        self.call(
            "POST",
            "/execute/sync",
            Some(&json!({"script": script, "args": args})),
        )
    }

    pub fn screenshot(&self, name: &str) -> PathBuf {
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
