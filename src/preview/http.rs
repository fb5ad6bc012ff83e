//! The preview's HTTP server, and the rules that keep it from being an open
//! door:
//!
//! - it listens on loopback only, and a request's Host must name this
//!   server (`127.0.0.1:PORT` or `localhost:PORT`, against DNS rebinding);
//! - a random token is the first path segment; after it, a fixed set of
//!   routes: no part of a request path ever reaches the file system;
//! - reads are bodiless GETs; the requests that change a file are POSTs
//!   with an `Origin` naming this server, a JSON body (`Content-Type:
//!   application/json`) of at most [`MAX_BODY`] bytes ([`MAX_IMPORT_BODY`]
//!   for an import, which carries a Word file);
//! - a client has [`HEAD_DEADLINE`] for its whole request head, however
//!   it trickles it, and slow clients cost a parked task each, so they
//!   cannot lock a browser out.
//!
//! HTTP/1.1 is hyper's (on a one-thread tokio runtime); what a request may
//! ask is decided by [`check`], a pure function tested without a socket.

use std::future::Future;
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::header::{self, HeaderMap, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};

use crate::limits::LIMITS;

/// Largest JSON body a POST may carry (a whole plan is at most 4 MiB; an
/// edit is a field or a few pasted rows).
pub const MAX_BODY: usize = 1024 * 1024;

/// Largest body of an import: the largest file `kehoach nhap` reads, as
/// base64 (4 bytes per 3), with room for the JSON around it.
pub const MAX_IMPORT_BODY: usize = (LIMITS.import_bytes as usize).div_ceil(3) * 4 + 64 * 1024;

/// Largest request head (request line and headers): hyper answers 431
/// past it.
pub const MAX_HEAD: usize = 16 * 1024;

/// How long a client has to send its whole request head.
pub const HEAD_DEADLINE: Duration = Duration::from_secs(5);

/// Connections open at once; more are closed unanswered. Each is a parked
/// task, so the bound is far above what slow clients could hold within
/// [`HEAD_DEADLINE`] of one another and below the usual 1024 open files.
const MAX_CONNECTIONS: usize = 512;

/// What a request may ask for: nothing else exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// The page: the editor of a plan, or the start page (`…/`).
    Page,
    /// One of the page's own files (`…/soan.js`).
    Asset(&'static str),
    /// The latest render, long-polled (`…/trang-thai?sau=N&trang=M`).
    State,
    /// The plan's values and version, for the form (`…/tep`).
    Plan,
    /// The schema the form is made from (`…/luoc-do`).
    Schema,
    /// The combined document as PDF (`…/ke-hoach.pdf`).
    Pdf,
    /// The combined document as DOCX (`…/ke-hoach.docx`).
    Docx,
    /// One page as SVG, by its hash (`…/trang/<32 hex>.svg`): the address
    /// changes with the page, so the browser may cache it for good.
    PageSvg(u128),
    /// The plan files of the folder and the kinds of a new one
    /// (`…/danh-sach`).
    List,
    /// POST: edits to the plan (`…/sua`).
    Save,
    /// POST: a new plan from a kind's starter (`…/tao`).
    Create,
    /// POST: open one of the listed plan files (`…/mo`).
    Open,
    /// POST: last year's plan (a .docx or copied text, in the body as
    /// base64) imported into a new plan file of the folder (`…/nhap`).
    Import,
}

impl Route {
    /// Whether the route changes a file (a POST with a JSON body).
    pub fn mutates(self) -> bool {
        matches!(
            self,
            Route::Save | Route::Create | Route::Open | Route::Import
        )
    }

    /// Largest body the route takes: an import carries a whole Word file.
    pub fn body_limit(self) -> usize {
        match self {
            Route::Import => MAX_IMPORT_BODY,
            _ => MAX_BODY,
        }
    }
}

/// The page's files, served by name.
pub const ASSETS: [&str; 6] = [
    "kehoach.css",
    "may.js",
    "bieu-mau.js",
    "soan.js",
    "bat-dau.js",
    "o-luoi.js",
];

/// A request that passed every rule.
#[derive(Debug, PartialEq, Eq)]
pub struct Checked {
    pub route: Route,
    /// The open plan it is about (`…/t2/…`), when not the first.
    pub session: Option<usize>,
    /// The query string, undecoded (`sau=3&trang=2`).
    pub query: String,
}

/// Checks a request's method, target and headers against every rule; the
/// status to refuse it with otherwise.
pub fn check(
    method: &Method,
    target: &str,
    headers: &HeaderMap,
    port: u16,
    token: &str,
) -> Result<Checked, u16> {
    let mut hosts = headers.get_all(header::HOST).iter();
    let host = hosts.next().and_then(|h| h.to_str().ok());
    if hosts.next().is_some() {
        return Err(400);
    }
    if !host.is_some_and(|h| names_this_server(h, port)) {
        return Err(403);
    }
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let rest = path
        .strip_prefix('/')
        .and_then(|p| p.split_once('/'))
        .filter(|(first, _)| same_secret(first, token))
        .map(|(_, rest)| rest)
        .ok_or(404u16)?;
    let (session, rest) = match rest.split_once('/') {
        Some((first, after)) if is_session(first) => (first[1..].parse().ok(), after),
        _ => (None, rest),
    };
    let route = match rest {
        "" => Route::Page,
        "trang-thai" => Route::State,
        "tep" => Route::Plan,
        "luoc-do" => Route::Schema,
        "ke-hoach.pdf" => Route::Pdf,
        "ke-hoach.docx" => Route::Docx,
        "danh-sach" => Route::List,
        "sua" => Route::Save,
        "tao" => Route::Create,
        "mo" => Route::Open,
        "nhap" => Route::Import,
        _ => match (ASSETS.iter().find(|a| **a == rest), page_hash(rest)) {
            (Some(asset), _) => Route::Asset(asset),
            (None, Some(hash)) => Route::PageSvg(hash),
            (None, None) => return Err(404),
        },
    };
    let has_body = headers.contains_key(header::TRANSFER_ENCODING)
        || headers
            .get(header::CONTENT_LENGTH)
            .is_some_and(|v| v.as_bytes() != b"0");
    if route.mutates() {
        if method != Method::POST {
            return Err(405);
        }
        // A page of another site may POST here (a form, a fetch); its
        // browser names that site as Origin, and cannot forge it.
        let origin = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok());
        let from_here = origin
            .and_then(|o| o.strip_prefix("http://"))
            .is_some_and(|o| names_this_server(o, port));
        if !from_here {
            return Err(403);
        }
        let json = headers
            .get(header::CONTENT_TYPE)
            .and_then(|t| t.to_str().ok())
            .is_some_and(|t| {
                t.split(';')
                    .next()
                    .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
            });
        if !json {
            return Err(415);
        }
        match headers
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .map(str::parse::<usize>)
        {
            Some(Ok(length)) if length <= route.body_limit() => {}
            Some(Ok(_)) => return Err(413),
            // A body of a stated length only: its limit is known before a
            // byte of it is read.
            _ => return Err(411),
        }
    } else {
        if method != Method::GET && method != Method::HEAD {
            return Err(405);
        }
        if has_body {
            // No read takes a body; refusing one means never reading it.
            return Err(413);
        }
    }
    Ok(Checked {
        route,
        session,
        query: query.to_owned(),
    })
}

/// `t1`, `t25`: an open plan's path segment.
fn is_session(segment: &str) -> bool {
    segment.len() > 1
        && segment.len() <= 6
        && segment.starts_with('t')
        && segment[1..].bytes().all(|b| b.is_ascii_digit())
}

/// The hash of a `trang/<32 lowercase hex>.svg` path, nothing else.
fn page_hash(rest: &str) -> Option<u128> {
    let hex = rest.strip_prefix("trang/")?.strip_suffix(".svg")?;
    let valid = hex.len() == 32 && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    valid.then(|| u128::from_str_radix(hex, 16).ok()).flatten()
}

/// Whether `host` (a Host header, or an Origin without its scheme) names
/// this server: a page of another site that resolves its own name to
/// 127.0.0.1 sends its own name here.
fn names_this_server(host: &str, port: u16) -> bool {
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

/// An answer.
pub struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    /// For downloads: the file name the browser saves under.
    pub attachment: Option<String>,
    /// Whether the body never changes for this address (pages by hash).
    pub immutable: bool,
}

impl Reply {
    pub fn ok(content_type: &'static str, body: Vec<u8>) -> Self {
        Reply {
            status: 200,
            content_type,
            body,
            attachment: None,
            immutable: false,
        }
    }

    /// JSON with a status.
    pub fn json(status: u16, value: &serde_json::Value) -> Self {
        Reply {
            status,
            ..Reply::ok("application/json", value.to_string().into_bytes())
        }
    }

    /// A refusal, with a one-line Vietnamese reason.
    pub fn error(status: u16) -> Self {
        let reason = match status {
            400 => "yêu cầu không hợp lệ",
            403 => "yêu cầu không đến từ trang của máy chủ này (Host hoặc Origin khác)",
            404 => "không có trang này",
            405 => "phương thức không được nhận ở địa chỉ này",
            411 => "thiếu độ dài nội dung (Content-Length)",
            413 => "yêu cầu quá lớn",
            415 => "nội dung phải là JSON (Content-Type: application/json)",
            503 => "chưa có bản dựng nào hợp lệ",
            _ => "lỗi",
        };
        Reply::text(status, format!("{status} {reason}\n"))
    }

    /// Plain text with a status.
    pub fn text(status: u16, text: String) -> Self {
        Reply {
            status,
            ..Reply::ok("text/plain; charset=utf-8", text.into_bytes())
        }
    }
}

/// What the server serves: the routes' answers. `body` is the POST's JSON
/// body, already bounded.
pub trait Handler: Send + Sync + 'static {
    fn handle(
        self: Arc<Self>,
        request: Checked,
        body: Option<Bytes>,
    ) -> impl Future<Output = Reply> + Send;
}

/// Serves `listener` on a background thread (a one-thread tokio runtime)
/// until the process ends.
pub fn serve<H: Handler>(
    listener: TcpListener,
    token: String,
    handler: Arc<H>,
) -> std::io::Result<()> {
    let port = listener.local_addr()?.port();
    listener.set_nonblocking(true)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()?;
    let token: Arc<str> = token.into();
    std::thread::Builder::new()
        .name("kehoach-http".into())
        .spawn(move || {
            runtime.block_on(async move {
                let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                    return;
                };
                let open = Arc::new(AtomicUsize::new(0));
                loop {
                    let Ok((stream, _)) = listener.accept().await else {
                        // Out of file descriptors, most likely: let some close.
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    };
                    if open.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
                        open.fetch_sub(1, Ordering::SeqCst);
                        continue;
                    }
                    let (handler, token, open) = (handler.clone(), token.clone(), open.clone());
                    tokio::spawn(async move {
                        let service = service_fn(move |request| {
                            answer(request, port, token.clone(), handler.clone())
                        });
                        let _ = http1::Builder::new()
                            .timer(TokioTimer::new())
                            .header_read_timeout(HEAD_DEADLINE)
                            .max_buf_size(MAX_HEAD)
                            .serve_connection(TokioIo::new(stream), service)
                            .await;
                        open.fetch_sub(1, Ordering::SeqCst);
                    });
                }
            });
        })?;
    Ok(())
}

async fn answer<H: Handler>(
    request: Request<Incoming>,
    port: u16,
    token: Arc<str>,
    handler: Arc<H>,
) -> Result<Response<Full<Bytes>>, std::convert::Infallible> {
    let target = request
        .uri()
        .path_and_query()
        .map_or("/", |p| p.as_str())
        .to_owned();
    let head = request.method() == Method::HEAD;
    let reply = match check(request.method(), &target, request.headers(), port, &token) {
        Err(status) => Reply::error(status),
        Ok(checked) if checked.route.mutates() => {
            match Limited::new(request.into_body(), checked.route.body_limit())
                .collect()
                .await
            {
                Ok(body) => handler.handle(checked, Some(body.to_bytes())).await,
                Err(_) => Reply::error(413),
            }
        }
        Ok(checked) => handler.handle(checked, None).await,
    };
    Ok(response(reply, head))
}

fn response(reply: Reply, head: bool) -> Response<Full<Bytes>> {
    let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut builder = Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, reply.content_type)
        .header(
            header::CACHE_CONTROL,
            if reply.immutable {
                "private, max-age=31536000, immutable"
            } else {
                "no-store"
            },
        )
        .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff")
        .header(header::REFERRER_POLICY, "no-referrer")
        .header(
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
        );
    if let Some(name) = &reply.attachment
        && let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
    {
        builder = builder.header(header::CONTENT_DISPOSITION, value);
    }
    if reply.status == 405 {
        builder = builder.header(header::ALLOW, "GET, POST");
    }
    let body = if head { Vec::new() } else { reply.body };
    builder
        .body(Full::new(Bytes::from(body)))
        .unwrap_or_else(|_| Response::new(Full::new(Bytes::new())))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "0123456789abcdef0123456789abcdef";
    const HOST: &str = "127.0.0.1:8123";

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(
                header::HeaderName::from_bytes(name.as_bytes()).unwrap(),
                HeaderValue::from_str(value).unwrap(),
            );
        }
        map
    }

    fn get(target: &str, host: &str) -> Result<Checked, u16> {
        check(
            &Method::GET,
            target,
            &headers(&[("host", host)]),
            8123,
            TOKEN,
        )
    }

    fn post(rest: &str, extra: &[(&str, &str)]) -> Result<Checked, u16> {
        let mut pairs = vec![("host", HOST)];
        pairs.extend_from_slice(extra);
        check(
            &Method::POST,
            &format!("/{TOKEN}/{rest}"),
            &headers(&pairs),
            8123,
            TOKEN,
        )
    }

    const GOOD_POST: [(&str, &str); 3] = [
        ("origin", "http://127.0.0.1:8123"),
        ("content-type", "application/json"),
        ("content-length", "20"),
    ];

    #[test]
    fn the_fixed_routes_behind_the_token_are_served() {
        let page = get(&format!("/{TOKEN}/"), HOST).unwrap();
        assert_eq!((page.route, page.session), (Route::Page, None));
        let state = get(
            &format!("/{TOKEN}/trang-thai?sau=4&trang=2"),
            "localhost:8123",
        )
        .unwrap();
        assert_eq!(state.route, Route::State);
        assert_eq!(query_number(&state.query, "sau"), Some(4));
        assert_eq!(query_number(&state.query, "trang"), Some(2));
        for (path, route) in [
            ("soan.js", Route::Asset("soan.js")),
            ("kehoach.css", Route::Asset("kehoach.css")),
            ("tep", Route::Plan),
            ("luoc-do", Route::Schema),
            ("danh-sach", Route::List),
            ("ke-hoach.pdf", Route::Pdf),
            ("ke-hoach.docx", Route::Docx),
            (
                "trang/00000000000000000000000000ab12ef.svg",
                Route::PageSvg(0xab12ef),
            ),
        ] {
            let request = get(&format!("/{TOKEN}/{path}"), HOST).unwrap();
            assert_eq!(request.route, route, "{path}");
            let in_session = get(&format!("/{TOKEN}/t12/{path}"), HOST).unwrap();
            assert_eq!((in_session.route, in_session.session), (route, Some(12)));
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
        let none = check(
            &Method::GET,
            &format!("/{TOKEN}/"),
            &HeaderMap::new(),
            8123,
            TOKEN,
        );
        assert_eq!(none, Err(403));
        let two = headers(&[("host", HOST), ("host", "evil:8123")]);
        assert_eq!(
            check(&Method::GET, &format!("/{TOKEN}/"), &two, 8123, TOKEN),
            Err(400)
        );
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
            assert_eq!(get(&target, HOST), Err(404), "{target}");
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
            "soan.js/",
            "t1/../soan.js",
            "t/soan.js",
            "t1234567/soan.js",
            "KE-HOACH.PDF",
            "trang/../../etc/passwd.svg",
            "trang/00000000000000000000000000AB12EF.svg",
            "trang/0000000000000000000000000000ab12ef.svg",
            "trang/00000000000000000000000000ab12ef.svg/",
        ] {
            assert_eq!(get(&format!("/{TOKEN}/{rest}"), HOST), Err(404), "{rest}");
        }
    }

    #[test]
    fn reads_are_bodiless_gets() {
        let with = |pairs: &[(&str, &str)]| {
            let mut all = vec![("host", HOST)];
            all.extend_from_slice(pairs);
            check(
                &Method::GET,
                &format!("/{TOKEN}/"),
                &headers(&all),
                8123,
                TOKEN,
            )
        };
        assert_eq!(with(&[("content-length", "5")]), Err(413));
        assert_eq!(with(&[("transfer-encoding", "chunked")]), Err(413));
        assert!(with(&[("content-length", "0")]).is_ok());
        assert_eq!(post("", &GOOD_POST), Err(405));
        assert_eq!(
            check(
                &Method::DELETE,
                &format!("/{TOKEN}/tep"),
                &headers(&[("host", HOST)]),
                8123,
                TOKEN
            ),
            Err(405)
        );
    }

    #[test]
    fn changes_come_only_from_this_servers_page_as_bounded_json() {
        for route in ["sua", "tao", "mo", "nhap", "t3/sua"] {
            assert!(post(route, &GOOD_POST).is_ok(), "{route}");
            assert_eq!(
                check(
                    &Method::GET,
                    &format!("/{TOKEN}/{route}"),
                    &headers(&[("host", HOST)]),
                    8123,
                    TOKEN
                ),
                Err(405),
                "{route}"
            );
        }
        let without = |name: &str| -> Vec<(&str, &str)> {
            GOOD_POST
                .iter()
                .copied()
                .filter(|(n, _)| *n != name)
                .collect()
        };
        let replace =
            |name: &'static str, value: &'static str| -> Vec<(&'static str, &'static str)> {
                let mut pairs: Vec<_> = GOOD_POST
                    .iter()
                    .copied()
                    .filter(|(n, _)| *n != name)
                    .collect();
                pairs.push((name, value));
                pairs
            };
        assert_eq!(post("sua", &without("origin")), Err(403));
        for origin in [
            "http://evil.example:8123",
            "https://127.0.0.1:8123",
            "http://127.0.0.1:8124",
            "null",
            "http://127.0.0.1:8123.evil.example",
        ] {
            assert_eq!(
                post("sua", &replace("origin", origin)),
                Err(403),
                "{origin}"
            );
        }
        assert_eq!(post("sua", &without("content-type")), Err(415));
        assert_eq!(
            post("sua", &replace("content-type", "text/plain")),
            Err(415)
        );
        assert_eq!(
            post(
                "sua",
                &replace("content-type", "multipart/form-data; boundary=x")
            ),
            Err(415)
        );
        assert!(
            post(
                "sua",
                &replace("content-type", "application/json; charset=utf-8")
            )
            .is_ok()
        );
        assert_eq!(post("sua", &without("content-length")), Err(411));
        let over = (MAX_BODY + 1).to_string();
        let mut big: Vec<(&str, &str)> = without("content-length");
        big.push(("content-length", &over));
        assert_eq!(post("sua", &big), Err(413));
        // An import carries a whole Word file: its own, larger bound.
        assert!(post("nhap", &big).is_ok());
        let over_import = (MAX_IMPORT_BODY + 1).to_string();
        let mut huge: Vec<(&str, &str)> = without("content-length");
        huge.push(("content-length", &over_import));
        assert_eq!(post("nhap", &huge), Err(413));
    }
}
