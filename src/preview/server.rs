//! The preview's HTTP server, and the rules that keep it from being an open
//! door: loopback only, a Host header naming this server (against DNS
//! rebinding), a random token as the first path segment, a fixed set of
//! routes (no part of a request path ever reaches the file system), GET
//! only, no body, a bounded request head, a bounded number of connections.
//!
//! Plain HTTP/1.1 over `std::net`, one thread per connection, one response
//! per connection: a browser tab and a few long polls need nothing more,
//! and every byte read is under our control.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// Largest request head (request line and headers) read.
pub const MAX_HEAD: usize = 8 * 1024;

/// Connections served at once; more are closed unanswered.
const MAX_CONNECTIONS: usize = 32;

/// How long a client may take to send its request head.
const READ_TIMEOUT: Duration = Duration::from_secs(5);

/// What a request may ask for: nothing else exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// The page (`/<token>/`).
    Page,
    /// The page's script (`/<token>/xem.js`).
    Script,
    /// The latest render, long-polled (`/<token>/trang-thai?sau=N&trang=M`).
    State,
    /// The combined document as PDF (`/<token>/ke-hoach.pdf`).
    Pdf,
    /// The combined document as DOCX (`/<token>/ke-hoach.docx`).
    Docx,
    /// One page as SVG, by its hash (`/<token>/trang/<32 hex>.svg`): the
    /// address changes with the page, so the browser may cache it for good.
    PageSvg(u128),
}

/// A request that passed every rule.
#[derive(Debug, PartialEq, Eq)]
pub struct Request {
    pub route: Route,
    /// The query string, undecoded (`sau=3&trang=2`).
    pub query: String,
}

/// An answer.
pub struct Response {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    /// For downloads: the file name the browser saves under.
    pub attachment: Option<String>,
    /// Whether the body never changes for this address (pages by hash).
    pub immutable: bool,
}

impl Response {
    pub fn ok(content_type: &'static str, body: Vec<u8>) -> Self {
        Response {
            status: 200,
            content_type,
            body,
            attachment: None,
            immutable: false,
        }
    }

    /// A refusal, with a one-line Vietnamese reason.
    pub fn error(status: u16) -> Self {
        let reason = match status {
            400 => "yêu cầu không hợp lệ",
            403 => "địa chỉ máy chủ (Host) không phải máy này",
            404 => "không có trang này",
            405 => "chỉ nhận yêu cầu GET",
            413 => "yêu cầu quá lớn",
            503 => "chưa có bản dựng nào hợp lệ",
            _ => "lỗi",
        };
        Response {
            status,
            content_type: "text/plain; charset=utf-8",
            body: format!("{status} {reason}\n").into_bytes(),
            attachment: None,
            immutable: false,
        }
    }
}

/// Checks a request head against every rule; the status to refuse it with
/// otherwise. Pure, so the rules are tested without a socket.
pub fn parse(head: &[u8], port: u16, token: &str) -> Result<Request, u16> {
    if head.len() > MAX_HEAD {
        return Err(413);
    }
    let head = std::str::from_utf8(head).map_err(|_| 400u16)?;
    let mut lines = head.split("\r\n");
    let request_line = lines.next().unwrap_or("");
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(400);
    };
    if !version.starts_with("HTTP/1.") {
        return Err(400);
    }
    let mut host = None;
    for line in lines.take_while(|l| !l.is_empty()) {
        let (name, value) = line.split_once(':').ok_or(400u16)?;
        let value = value.trim();
        if name.eq_ignore_ascii_case("host") {
            if host.is_some() {
                return Err(400);
            }
            host = Some(value);
        } else if name.eq_ignore_ascii_case("transfer-encoding")
            || (name.eq_ignore_ascii_case("content-length") && value != "0")
        {
            // No route takes a body; refusing one means never reading it.
            return Err(413);
        }
    }
    if method != "GET" {
        return Err(405);
    }
    if !host.is_some_and(|h| host_is_this_server(h, port)) {
        return Err(403);
    }
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let rest = path
        .strip_prefix('/')
        .and_then(|p| p.split_once('/'))
        .filter(|(first, _)| same_secret(first, token))
        .map(|(_, rest)| rest)
        .ok_or(404u16)?;
    let route = match rest {
        "" => Route::Page,
        "xem.js" => Route::Script,
        "trang-thai" => Route::State,
        "ke-hoach.pdf" => Route::Pdf,
        "ke-hoach.docx" => Route::Docx,
        _ => match page_hash(rest) {
            Some(hash) => Route::PageSvg(hash),
            None => return Err(404),
        },
    };
    Ok(Request {
        route,
        query: query.to_owned(),
    })
}

/// The hash of a `trang/<32 lowercase hex>.svg` path, nothing else.
fn page_hash(rest: &str) -> Option<u128> {
    let hex = rest.strip_prefix("trang/")?.strip_suffix(".svg")?;
    let valid = hex.len() == 32 && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    valid.then(|| u128::from_str_radix(hex, 16).ok()).flatten()
}

/// Whether a Host header names this server: a page of another site that
/// resolves its own name to 127.0.0.1 sends its own name here.
fn host_is_this_server(host: &str, port: u16) -> bool {
    let Some((name, host_port)) = host.rsplit_once(':') else {
        return false;
    };
    host_port == port.to_string() && (name == "127.0.0.1" || name.eq_ignore_ascii_case("localhost"))
}

/// Compares the token in time independent of where the first difference is.
fn same_secret(given: &str, token: &str) -> bool {
    given.len() == token.len()
        && given
            .bytes()
            .zip(token.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

/// A number from the query (`sau=3`).
pub fn query_number(query: &str, name: &str) -> Option<u64> {
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == name)
        .and_then(|(_, value)| value.parse().ok())
}

/// Serves `listener` on background threads until the process ends.
pub fn serve<H>(listener: TcpListener, token: String, handler: H)
where
    H: Fn(&Request) -> Response + Send + Sync + 'static,
{
    let port = listener.local_addr().map_or(0, |a| a.port());
    let handler = Arc::new(handler);
    let token: Arc<str> = token.into();
    let open = Arc::new(AtomicUsize::new(0));
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            if open.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
                open.fetch_sub(1, Ordering::SeqCst);
                continue;
            }
            let (handler, token, open) = (handler.clone(), token.clone(), open.clone());
            std::thread::spawn(move || {
                answer(stream, port, &token, &*handler);
                open.fetch_sub(1, Ordering::SeqCst);
            });
        }
    });
}

fn answer(mut stream: TcpStream, port: u16, token: &str, handler: &dyn Fn(&Request) -> Response) {
    let _ = stream.set_read_timeout(Some(READ_TIMEOUT));
    let response = match read_head(&mut stream) {
        Ok(head) => match parse(&head, port, token) {
            Ok(request) => handler(&request),
            Err(status) => Response::error(status),
        },
        Err(Some(status)) => Response::error(status),
        Err(None) => return,
    };
    let _ = write_response(&mut stream, &response);
}

/// The request head, up to its blank line; 413 past [`MAX_HEAD`], `None`
/// when the client went away or was too slow.
fn read_head(stream: &mut TcpStream) -> Result<Vec<u8>, Option<u16>> {
    let mut head = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    loop {
        let n = stream.read(&mut chunk).map_err(|_| None)?;
        if n == 0 {
            return Err(None);
        }
        head.extend_from_slice(&chunk[..n]);
        if let Some(end) = head.windows(4).position(|w| w == b"\r\n\r\n") {
            head.truncate(end);
            return Ok(head);
        }
        if head.len() > MAX_HEAD {
            return Err(Some(413));
        }
    }
}

fn write_response(stream: &mut TcpStream, response: &Response) -> std::io::Result<()> {
    let reason = match response.status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        413 => "Content Too Large",
        503 => "Service Unavailable",
        _ => "Error",
    };
    let mut head = format!(
        "HTTP/1.1 {} {reason}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\nCache-Control: {}\r\nX-Content-Type-Options: nosniff\r\nReferrer-Policy: no-referrer\r\nContent-Security-Policy: default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'\r\n",
        response.status,
        response.content_type,
        response.body.len(),
        if response.immutable {
            "private, max-age=31536000, immutable"
        } else {
            "no-store"
        }
    );
    if response.status == 405 {
        head.push_str("Allow: GET\r\n");
    }
    if let Some(name) = &response.attachment {
        head.push_str(&format!(
            "Content-Disposition: attachment; filename=\"{name}\"\r\n"
        ));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    stream.write_all(&response.body)?;
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "0123456789abcdef0123456789abcdef";

    fn get(target: &str, host: &str) -> Result<Request, u16> {
        let head = format!("GET {target} HTTP/1.1\r\nHost: {host}\r\nAccept: */*");
        parse(head.as_bytes(), 8123, TOKEN)
    }

    #[test]
    fn the_fixed_routes_behind_the_token_are_served() {
        let page = get(&format!("/{TOKEN}/"), "127.0.0.1:8123").unwrap();
        assert_eq!(page.route, Route::Page);
        let state = get(
            &format!("/{TOKEN}/trang-thai?sau=4&trang=2"),
            "localhost:8123",
        )
        .unwrap();
        assert_eq!(state.route, Route::State);
        assert_eq!(query_number(&state.query, "sau"), Some(4));
        assert_eq!(query_number(&state.query, "trang"), Some(2));
        for (path, route) in [
            ("xem.js", Route::Script),
            ("ke-hoach.pdf", Route::Pdf),
            ("ke-hoach.docx", Route::Docx),
            (
                "trang/00000000000000000000000000ab12ef.svg",
                Route::PageSvg(0xab12ef),
            ),
        ] {
            let request = get(&format!("/{TOKEN}/{path}"), "127.0.0.1:8123").unwrap();
            assert_eq!(request.route, route);
        }
    }

    #[test]
    fn a_foreign_host_is_refused_whatever_the_path() {
        for host in [
            "evil.example:8123",
            "127.0.0.1:8124",
            "127.0.0.1",
            "localhost",
            "127.0.0.1.evil.example:8123",
            "",
        ] {
            assert_eq!(get(&format!("/{TOKEN}/"), host), Err(403), "{host}");
        }
        let no_host = format!("GET /{TOKEN}/ HTTP/1.1\r\nAccept: */*");
        assert_eq!(parse(no_host.as_bytes(), 8123, TOKEN), Err(403));
        let two = format!("GET /{TOKEN}/ HTTP/1.1\r\nHost: 127.0.0.1:8123\r\nHost: evil:8123");
        assert_eq!(parse(two.as_bytes(), 8123, TOKEN), Err(400));
    }

    #[test]
    fn without_the_token_nothing_exists() {
        let wrong = "fedcba9876543210fedcba9876543210";
        for target in [
            "/".to_owned(),
            format!("/{wrong}/"),
            format!("/{wrong}/ke-hoach.pdf"),
            format!("/{}/", &TOKEN[..31]),
            format!("/{TOKEN}"),
            format!("/{TOKEN}x/"),
            "/ke-hoach.pdf".to_owned(),
        ] {
            assert_eq!(get(&target, "127.0.0.1:8123"), Err(404), "{target}");
        }
    }

    #[test]
    fn no_path_reaches_anything_but_the_routes() {
        for rest in [
            "../Cargo.toml",
            "..%2f..%2fetc%2fpasswd",
            "%2e%2e/%2e%2e/etc/passwd",
            "ke-hoach.pdf/../../etc/passwd",
            "./ke-hoach.pdf",
            "ke-hoach.toml",
            "/etc/passwd",
            "xem.js/",
            "KE-HOACH.PDF",
            "trang/../../etc/passwd.svg",
            "trang/00000000000000000000000000AB12EF.svg",
            "trang/0000000000000000000000000000ab12ef.svg",
            "trang/+0000000000000000000000000ab12ef.svg",
            "trang/00000000000000000000000000ab12ef.svg/",
            "trang/00000000000000000000000000ab12ef",
        ] {
            assert_eq!(
                get(&format!("/{TOKEN}/{rest}"), "127.0.0.1:8123"),
                Err(404),
                "{rest}"
            );
        }
    }

    #[test]
    fn only_bodiless_gets_are_taken() {
        let post = format!("POST /{TOKEN}/ HTTP/1.1\r\nHost: 127.0.0.1:8123");
        assert_eq!(parse(post.as_bytes(), 8123, TOKEN), Err(405));
        let body = format!("GET /{TOKEN}/ HTTP/1.1\r\nHost: 127.0.0.1:8123\r\nContent-Length: 5");
        assert_eq!(parse(body.as_bytes(), 8123, TOKEN), Err(413));
        let chunked =
            format!("GET /{TOKEN}/ HTTP/1.1\r\nHost: 127.0.0.1:8123\r\nTransfer-Encoding: chunked");
        assert_eq!(parse(chunked.as_bytes(), 8123, TOKEN), Err(413));
        let huge = format!(
            "GET /{TOKEN}/ HTTP/1.1\r\nHost: 127.0.0.1:8123\r\nX-Pad: {}",
            "a".repeat(MAX_HEAD)
        );
        assert_eq!(parse(huge.as_bytes(), 8123, TOKEN), Err(413));
        assert_eq!(parse(b"GET\r\n", 8123, TOKEN), Err(400));
        assert_eq!(parse(b"\xff\xfe", 8123, TOKEN), Err(400));
    }
}
