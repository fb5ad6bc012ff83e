//! `kehoach preview` (`kehoach xem`): a local page that shows the plan as
//! rendered — every page of the combined document and the problems `check`
//! finds — and follows each save of the file.
//!
//! - `watch`: noticing a save (polled stamps);
//! - `render`: check, compose, lay out incrementally, draw SVG pages;
//! - `server`: HTTP on loopback, and the rules against other callers;
//! - `page`: the HTML/JS the browser gets;
//! - `stop`: Ctrl-C.

mod page;
mod render;
pub mod server;
mod stop;
mod watch;

use std::io::Write;
use std::net::{Ipv4Addr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

pub use crate::write::pdf::PageView;
pub use render::{Problem, Rendered, Renderer, Timings};

use crate::doc::Document;
use crate::templates::Templates;
use crate::write::docx::write_docx;
use crate::write::pdf::{FontSet, LiveCompiler, PdfFlavour, PdfWriter};
use page::StateJson;
use server::{Request, Response, Route};

/// How often the plan's stamp is polled.
const POLL: Duration = Duration::from_millis(25);

/// How long a state request waits for a new render before answering with
/// the current one (browsers and proxies give up on far longer waits).
const LONG_POLL: Duration = Duration::from_secs(20);

/// What `kehoach preview` was asked.
pub struct Options {
    pub plan: PathBuf,
    pub templates_dir: Option<PathBuf>,
    pub port: u16,
    pub open_browser: bool,
}

/// Why the preview could not start.
#[derive(Debug)]
pub struct StartError(pub String);

/// The latest render, as served.
struct Published {
    /// Bumped by every render.
    version: u64,
    /// Bumped when the pages change (only valid renders have pages).
    pages_version: u64,
    status: String,
    errors: usize,
    problems_html: String,
    pages: Arc<Vec<PageView>>,
    /// The pages before the current ones: a browser still showing them may
    /// ask for one.
    previous_pages: Arc<Vec<PageView>>,
    /// The last valid document, for the downloads.
    document: Option<Arc<Document>>,
}

struct Shared {
    published: Mutex<Published>,
    changed: Condvar,
}

/// Serves the preview until Ctrl-C.
pub fn run(options: &Options, templates: Templates) -> Result<(), StartError> {
    if !options.plan.is_file() {
        return Err(StartError(format!(
            "không tìm thấy tệp kế hoạch `{}`",
            options.plan.display()
        )));
    }
    let fonts = Arc::new(
        FontSet::load(None).map_err(|e| StartError(format!("không nạp được phông chữ: {e}")))?,
    );
    let pdf = Arc::new(PdfWriter::new(fonts.clone(), PdfFlavour::Standard));
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, options.port)).map_err(|e| {
        StartError(format!(
            "không mở được cổng {} trên 127.0.0.1: {e}; chọn cổng khác bằng --port (0: cổng trống bất kỳ)",
            options.port
        ))
    })?;
    let port = listener
        .local_addr()
        .map_err(|e| StartError(e.to_string()))?
        .port();
    let token =
        random_token().map_err(|e| StartError(format!("không tạo được mã truy cập: {e}")))?;
    let url = format!("http://127.0.0.1:{port}/{token}/");

    let shared = Arc::new(Shared {
        published: Mutex::new(Published {
            version: 0,
            pages_version: 0,
            status: "Đang dựng…".to_owned(),
            errors: 0,
            problems_html: String::new(),
            pages: Arc::new(Vec::new()),
            previous_pages: Arc::new(Vec::new()),
            document: None,
        }),
        changed: Condvar::new(),
    });
    let file_name = options
        .plan
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let stem = download_stem(&options.plan);
    let handler_state = shared.clone();
    let handler_pdf = pdf.clone();
    server::serve(listener, token, move |request| {
        handle(request, &handler_state, &handler_pdf, &file_name, &stem)
    });
    stop::install();

    println!("{url}");
    let _ = std::io::stdout().flush();
    eprintln!(
        "đang xem {} — mở {url} trong trình duyệt; Ctrl-C để dừng",
        options.plan.display()
    );
    if options.open_browser {
        open_browser(&url);
    }

    let watched = watch::Watched::new(&options.plan, options.templates_dir.as_deref());
    let mut renderer = Renderer::new(templates, pdf, LiveCompiler::new(fonts));
    let mut last = None;
    while !stop::requested() {
        let stamp = watched.stamp();
        if last.as_ref() != Some(&stamp) {
            last = Some(stamp);
            let started = Instant::now();
            let rendered = renderer.render(&options.plan);
            let t = rendered.timings;
            let summary = publish(&shared, rendered);
            eprintln!(
                "{summary} — {} ms (kiểm tra {} ms, dàn trang {} ms, {} trang đổi)",
                started.elapsed().as_millis(),
                t.check.as_millis(),
                t.layout.as_millis(),
                t.pages_changed,
            );
        }
        std::thread::sleep(POLL);
    }
    eprintln!("đã dừng xem trước");
    Ok(())
}

/// Makes a render the one served, and wakes the waiting long polls.
fn publish(shared: &Shared, rendered: Rendered) -> String {
    let errors = rendered.problems.iter().filter(|p| p.error).count();
    let warnings = rendered.problems.len() - errors;
    let mut published = shared.published.lock().unwrap_or_else(|e| e.into_inner());
    published.version += 1;
    published.errors = errors;
    published.problems_html = page::problems_html(&rendered.problems, rendered.hidden);
    if let Some(pages) = rendered.pages {
        published.previous_pages = std::mem::replace(&mut published.pages, Arc::new(pages));
        published.pages_version = published.version;
        published.document = rendered.document;
    }
    let count = published.pages.len();
    published.status = match (errors, warnings) {
        (0, 0) => format!("Hợp lệ · {count} trang"),
        (0, w) => format!("Hợp lệ, {w} cảnh báo · {count} trang"),
        (e, _) if count > 0 => format!("{e} lỗi · đang hiện bản hợp lệ gần nhất ({count} trang)"),
        (e, _) => format!("{e} lỗi · chưa có bản hợp lệ nào"),
    };
    let summary = published.status.clone();
    drop(published);
    shared.changed.notify_all();
    summary
}

fn handle(
    request: &Request,
    shared: &Shared,
    pdf: &PdfWriter,
    file_name: &str,
    stem: &str,
) -> Response {
    match request.route {
        Route::Page => Response::ok(
            "text/html; charset=utf-8",
            page::page_html(file_name, stem).into_bytes(),
        ),
        Route::Script => Response::ok(
            "text/javascript; charset=utf-8",
            page::SCRIPT.as_bytes().to_vec(),
        ),
        Route::State => {
            let after = server::query_number(&request.query, "sau").unwrap_or(0);
            let have_pages = server::query_number(&request.query, "trang").unwrap_or(0);
            let published = shared.published.lock().unwrap_or_else(|e| e.into_inner());
            let (published, _) = shared
                .changed
                .wait_timeout_while(published, LONG_POLL, |p| p.version <= after)
                .unwrap_or_else(|e| e.into_inner());
            let json = StateJson {
                version: published.version,
                pages_version: published.pages_version,
                status: &published.status,
                errors: published.errors,
                problems_html: &published.problems_html,
                pages: (published.pages_version != have_pages).then_some(&published.pages[..]),
            }
            .to_json();
            Response::ok("application/json", json.into_bytes())
        }
        Route::PageSvg(hash) => {
            let published = shared.published.lock().unwrap_or_else(|e| e.into_inner());
            let page = published
                .pages
                .iter()
                .chain(published.previous_pages.iter())
                .find(|p| p.hash == hash);
            match page {
                // Drawn outside the lock: the watch loop must not wait.
                Some(page) => {
                    let page = page.clone();
                    drop(published);
                    Response {
                        immutable: true,
                        ..Response::ok("image/svg+xml", page.svg().as_bytes().to_vec())
                    }
                }
                None => Response::error(404),
            }
        }
        Route::Pdf | Route::Docx => {
            let document = shared
                .published
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .document
                .clone();
            let Some(document) = document else {
                return Response::error(503);
            };
            let (bytes, content_type, extension) = if request.route == Route::Pdf {
                (
                    pdf.write(&document).map_err(|e| e.to_string()),
                    "application/pdf",
                    "pdf",
                )
            } else {
                (
                    write_docx(&document).map_err(|e| format!("không dựng được DOCX: {e}")),
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    "docx",
                )
            };
            match bytes {
                Ok(bytes) => Response {
                    attachment: Some(format!("{stem}.{extension}")),
                    ..Response::ok(content_type, bytes)
                },
                Err(message) => Response {
                    status: 500,
                    content_type: "text/plain; charset=utf-8",
                    body: format!("500 {message}\n").into_bytes(),
                    attachment: None,
                    immutable: false,
                },
            }
        }
    }
}

/// 128 random bits from the OS, as hex: the secret path segment.
fn random_token() -> std::io::Result<String> {
    use std::io::Read;
    let mut bytes = [0u8; 16];
    std::fs::File::open("/dev/urandom")?.read_exact(&mut bytes)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// The downloads' file name: the plan's, kept to characters every browser
/// and header accepts.
fn download_stem(plan: &Path) -> String {
    let stem: String = plan
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        .collect();
    if stem.is_empty() || stem.starts_with('.') {
        "ke-hoach".to_owned()
    } else {
        stem
    }
}

/// Opens the default browser; a machine without one still has the URL.
fn open_browser(url: &str) {
    let _ = std::process::Command::new("xdg-open")
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
}
