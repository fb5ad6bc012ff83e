//! `kehoach xem` (`kehoach preview`): the plan written in the browser. A
//! local page with the plan as a form on the left and its pages on the
//! right; each edit is saved to the file (through `edit`, keeping what was
//! not touched byte for byte), rendered through the engine, and shown.
//! With no file, a start page lists the folder's plans and makes new ones.
//!
//! - `http`: HTTP on loopback, and the rules against other callers;
//! - `session`: one open plan file: its render thread, its saves;
//! - `start`: the start page's folder;
//! - `watch`: noticing a change on disk (polled stamps);
//! - `page`: the HTML/JS/CSS the browser gets (`assets/`);
//! - `stop`: Ctrl-C.
//!
//! The page talks to kehoach through one small module (`assets/may.js`);
//! this server is its HTTP implementation, the engine (`crate::engine`)
//! does the work.

pub mod http;
mod page;
mod session;
mod start;
mod stop;
mod watch;

use std::io::Write;
use std::net::{Ipv4Addr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use hyper::body::Bytes;
use serde_json::{Value, json};

use crate::engine::Engine;
use crate::engine::StateJson;
use crate::starter::{self, Commune, NewPlanError};
use crate::templates::Templates;
use crate::write::pdf::FontSet;
use http::{Checked, Reply, Route};
use session::{Saved, Session};
use start::Folder;

/// How long a state request waits for a new render before answering with
/// the current one (browsers and proxies give up on far longer waits).
const LONG_POLL: Duration = Duration::from_secs(20);

/// How many plans one start page may open in one run.
const MAX_SESSIONS: usize = 64;

/// What `kehoach xem` was asked.
pub struct Options {
    /// The plan to edit; `None`: the start page of `folder`.
    pub plan: Option<PathBuf>,
    /// Where the start page lists plans and makes new ones.
    pub folder: PathBuf,
    pub templates_dir: Option<PathBuf>,
    pub port: u16,
    pub open_browser: bool,
}

/// Why the preview could not start.
#[derive(Debug)]
pub struct StartError(pub String);

/// The start page on `folder` (what `kehoach xem` with no file does, and
/// what a double-clicked `kehoach.exe` opens), until Ctrl-C.
pub fn serve_start(
    folder: &Path,
    port: u16,
    open_browser: bool,
    templates: Templates,
) -> Result<(), StartError> {
    run(
        &Options {
            plan: None,
            folder: folder.to_path_buf(),
            templates_dir: None,
            port,
            open_browser,
        },
        templates,
    )
}

/// Serves the editor (of `options.plan`, or the start page) until Ctrl-C.
pub fn run(options: &Options, templates: Templates) -> Result<(), StartError> {
    if let Some(plan) = &options.plan
        && !plan.is_file()
    {
        return Err(StartError(format!(
            "không tìm thấy tệp kế hoạch `{}`",
            plan.display()
        )));
    }
    if options.plan.is_none() && !options.folder.is_dir() {
        return Err(StartError(format!(
            "không tìm thấy thư mục `{}`",
            options.folder.display()
        )));
    }
    let fonts = Arc::new(
        FontSet::load(None).map_err(|e| StartError(format!("không nạp được phông chữ: {e}")))?,
    );
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

    let exporter = Engine::new(templates.clone(), fonts.clone());
    let schema = exporter.schema().to_string();
    let app = Arc::new(App {
        fonts,
        templates,
        templates_dir: options.templates_dir.clone(),
        folder: options.plan.is_none().then(|| Folder {
            root: options.folder.clone(),
        }),
        sessions: Mutex::new(Vec::new()),
        exporter: Mutex::new(exporter),
        schema,
    });
    if let Some(plan) = &options.plan {
        app.open(plan)
            .map_err(|e| StartError(format!("không mở được `{}`: {e}", plan.display())))?;
    }
    stop::install();
    http::serve(listener, token, app)
        .map_err(|e| StartError(format!("không chạy được máy chủ: {e}")))?;

    println!("{url}");
    let _ = std::io::stdout().flush();
    match &options.plan {
        Some(plan) => eprintln!(
            "đang soạn {} — mở {url} trong trình duyệt; Ctrl-C để dừng",
            plan.display()
        ),
        None => eprintln!(
            "trang bắt đầu cho thư mục {} — mở {url} trong trình duyệt; Ctrl-C để dừng",
            options.folder.display()
        ),
    }
    if options.open_browser {
        open_browser(&url);
    }
    while !stop::requested() {
        std::thread::sleep(Duration::from_millis(25));
    }
    eprintln!("đã dừng xem trước");
    Ok(())
}

/// The server's state: the open plans and what every request shares.
struct App {
    fonts: Arc<FontSet>,
    templates: Templates,
    templates_dir: Option<PathBuf>,
    /// The start page's folder; `None` when one plan was named.
    folder: Option<Folder>,
    /// The open plans; `…/tN/` is the N-th, and with a named plan the
    /// first is also at `…/`.
    sessions: Mutex<Vec<Arc<Session>>>,
    /// Writes the downloads (one at a time).
    exporter: Mutex<Engine>,
    /// The form's schema, made once.
    schema: String,
}

impl App {
    /// The session of `path`, opened now if it is not open yet; its index.
    fn open(&self, path: &Path) -> std::io::Result<usize> {
        let mut sessions = self.sessions.lock().unwrap_or_else(|e| e.into_inner());
        let canonical = std::fs::canonicalize(path)?;
        if let Some(i) = sessions
            .iter()
            .position(|s| std::fs::canonicalize(&s.path).ok().as_ref() == Some(&canonical))
        {
            return Ok(i);
        }
        if sessions.len() >= MAX_SESSIONS {
            return Err(std::io::Error::other(format!(
                "đã mở {MAX_SESSIONS} kế hoạch; dừng lệnh xem (Ctrl-C) rồi chạy lại"
            )));
        }
        let engine = Engine::new(self.templates.clone(), self.fonts.clone());
        sessions.push(Session::open(path, engine, self.templates_dir.clone())?);
        Ok(sessions.len() - 1)
    }

    fn session(&self, checked: &Checked) -> Option<Arc<Session>> {
        let sessions = self.sessions.lock().unwrap_or_else(|e| e.into_inner());
        match checked.session {
            Some(i) => sessions.get(i).cloned(),
            None if self.folder.is_none() => sessions.first().cloned(),
            None => None,
        }
    }

    /// Where the page of session `i` is, relative to the start page.
    fn session_url(i: usize) -> String {
        format!("t{i}/")
    }
}

impl http::Handler for App {
    async fn handle(self: Arc<Self>, request: Checked, body: Option<Bytes>) -> Reply {
        let session = self.session(&request);
        let body: Option<Value> = match body.map(|b| serde_json::from_slice(&b)) {
            Some(Ok(value)) => Some(value),
            Some(Err(_)) => {
                return Reply::text(400, "400 nội dung không phải JSON hợp lệ\n".into());
            }
            None => None,
        };
        match (request.route, session) {
            (Route::Asset(name), _) => match page::asset(name) {
                Some((content_type, text)) => Reply::ok(content_type, text.as_bytes().to_vec()),
                None => Reply::error(404),
            },
            (Route::Schema, _) => Reply::ok("application/json", self.schema.as_bytes().to_vec()),
            (Route::Page, Some(session)) => Reply::ok(
                "text/html; charset=utf-8",
                page::editor_html(&session.name, &session.stem).into_bytes(),
            ),
            (Route::Page, None) => match &self.folder {
                Some(folder) if request.session.is_none() => Reply::ok(
                    "text/html; charset=utf-8",
                    page::start_html(&folder.root.display().to_string()).into_bytes(),
                ),
                _ => Reply::error(404),
            },
            (Route::List, _) => self.list(),
            (Route::Create, _) => {
                let app = self.clone();
                blocking(move || app.create(&body.unwrap_or_default())).await
            }
            (Route::Open, _) => self.open_listed(&body.unwrap_or_default()),
            (_, None) => Reply::error(404),
            (Route::State, Some(session)) => state(&session, &request.query).await,
            (Route::Plan, Some(session)) => {
                blocking(move || match session.data() {
                    Ok((base, data)) => Reply::json(
                        200,
                        &json!({"ten": session.name, "co_so": base, "du_lieu": data}),
                    ),
                    Err(message) => Reply::json(
                        200,
                        &json!({"ten": session.name, "co_so": null, "loi": message}),
                    ),
                })
                .await
            }
            (Route::Save, Some(session)) => {
                let body = body.unwrap_or_default();
                blocking(move || save(&session, &body)).await
            }
            (Route::PageSvg(hash), Some(session)) => {
                let page = {
                    let published = session.published.lock().unwrap_or_else(|e| e.into_inner());
                    published
                        .pages
                        .iter()
                        .chain(published.previous_pages.iter())
                        .find(|p| p.hash == hash)
                        .cloned()
                };
                match page {
                    // Drawn off the server's thread: other requests go on.
                    Some(page) => {
                        blocking(move || Reply {
                            immutable: true,
                            ..Reply::ok("image/svg+xml", page.svg().as_bytes().to_vec())
                        })
                        .await
                    }
                    None => Reply::error(404),
                }
            }
            (route @ (Route::Pdf | Route::Docx), Some(session)) => {
                let document = session
                    .published
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .document
                    .clone();
                let Some(document) = document else {
                    return Reply::error(503);
                };
                let app = self.clone();
                blocking(move || {
                    let exporter = app.exporter.lock().unwrap_or_else(|e| e.into_inner());
                    let (bytes, content_type, extension) = if route == Route::Pdf {
                        (exporter.pdf(&document), "application/pdf", "pdf")
                    } else {
                        (
                            exporter.docx(&document),
                            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                            "docx",
                        )
                    };
                    match bytes {
                        Ok(bytes) => Reply {
                            attachment: Some(format!("{}.{extension}", session.stem)),
                            ..Reply::ok(content_type, bytes)
                        },
                        Err(message) => Reply::text(500, format!("500 {message}\n")),
                    }
                })
                .await
            }
        }
    }
}

impl App {
    /// The start page's lists: the folder's plans and the kinds.
    fn list(&self) -> Reply {
        let Some(folder) = &self.folder else {
            return Reply::error(404);
        };
        let kinds: Vec<Value> = self
            .templates
            .describe()
            .into_iter()
            .map(|k| json!({"ma": k.id, "mo_ta": k.description}))
            .collect();
        Reply::json(
            200,
            &json!({
                "thu_muc": folder.root.display().to_string(),
                "ke_hoach": folder.plans(),
                "loai": kinds,
                "nam": crate::starter::year_of_unix_seconds(unix_now()),
            }),
        )
    }

    /// A new plan from the start page: the kind's starter written where
    /// `kehoach new` would write it, never over a file.
    fn create(&self, body: &Value) -> Reply {
        let Some(folder) = &self.folder else {
            return Reply::error(404);
        };
        let text = |key: &str| {
            body.get(key)
                .and_then(Value::as_str)
                .unwrap_or("")
                .trim()
                .to_owned()
        };
        let nam = body.get("nam").and_then(|n| {
            n.as_i64()
                .or_else(|| n.as_str().and_then(|s| s.trim().parse().ok()))
        });
        let Some(nam) = nam.filter(|n| (1900..=2200).contains(n)) else {
            return Reply::json(422, &json!({"loi": "năm phải là một số, ví dụ 2026"}));
        };
        let commune = Commune {
            xa: text("xa"),
            tinh: text("tinh"),
            nam,
        };
        let path = folder.root.join(starter::default_path(&commune));
        match starter::write_new_plan(&self.templates, &text("loai"), &commune, &path, false) {
            Ok(made) => match self.open(&made.path) {
                Ok(i) => Reply::json(
                    200,
                    &json!({"url": App::session_url(i), "ten": folder.name_of(&made.path)}),
                ),
                Err(e) => Reply::json(500, &json!({"loi": e.to_string()})),
            },
            Err(NewPlanError::Exists(path)) => Reply::json(
                409,
                &json!({
                    "loi": format!("tệp {} đã có; không ghi đè. Mở tệp đó, hoặc đổi tên xã hay năm.", folder.name_of(&path)),
                    "ten": folder.name_of(&path),
                }),
            ),
            Err(err) => Reply::json(422, &json!({"loi": err.to_string()})),
        }
    }

    /// Opens one of the listed plans.
    fn open_listed(&self, body: &Value) -> Reply {
        let Some(folder) = &self.folder else {
            return Reply::error(404);
        };
        let name = body.get("ten").and_then(Value::as_str).unwrap_or("");
        let Some(path) = folder.resolve(name) else {
            return Reply::json(
                404,
                &json!({"loi": "không có tệp kế hoạch này trong thư mục"}),
            );
        };
        match self.open(&path) {
            Ok(i) => Reply::json(200, &json!({"url": App::session_url(i)})),
            Err(e) => Reply::json(500, &json!({"loi": e.to_string()})),
        }
    }
}

/// The latest render, once it is newer than the page's (`sau`), or after
/// [`LONG_POLL`].
async fn state(session: &Session, query: &str) -> Reply {
    let after = http::query_number(query, "sau").unwrap_or(0);
    let have_pages = http::query_number(query, "trang").unwrap_or(0);
    let mut changed = session.changed.subscribe();
    let _ = tokio::time::timeout(LONG_POLL, changed.wait_for(|version| *version > after)).await;
    let published = session.published.lock().unwrap_or_else(|e| e.into_inner());
    let json = StateJson {
        version: published.version,
        pages_version: published.pages_version,
        base: &published.base,
        status: &published.status,
        errors: published.errors,
        problems: &published.problems,
        hidden: published.hidden,
        pages: (published.pages_version != have_pages).then_some(&published.pages[..]),
    }
    .to_json();
    Reply::json(200, &json)
}

/// The page's edits (`{"co_so": version, "sua": [edits]}`) saved.
fn save(session: &Session, body: &Value) -> Reply {
    let base = body.get("co_so").and_then(Value::as_str).unwrap_or("");
    let edits = body.get("sua").cloned().unwrap_or(Value::Null);
    match session.save(base, &edits) {
        Saved::Done { base, data } => Reply::json(200, &json!({"co_so": base, "du_lieu": data})),
        Saved::Conflict { base, data } => Reply::json(
            409,
            &json!({"xung_dot": true, "co_so": base, "du_lieu": data}),
        ),
        Saved::Refused(message) => Reply::json(422, &json!({"loi": message})),
        Saved::Failed(message) => Reply::json(500, &json!({"loi": message})),
    }
}

/// Runs `work` on the blocking pool, off the server's one thread.
async fn blocking(work: impl FnOnce() -> Reply + Send + 'static) -> Reply {
    tokio::task::spawn_blocking(work)
        .await
        .unwrap_or_else(|_| Reply::text(500, "500 lỗi trong kehoach\n".into()))
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0))
}

/// 128 random bits from the OS, as hex: the secret path segment.
fn random_token() -> std::io::Result<String> {
    use std::io::Read;
    let mut bytes = [0u8; 16];
    std::fs::File::open("/dev/urandom")?.read_exact(&mut bytes)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
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
