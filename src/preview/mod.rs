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
//! - `page`: the HTML/JS/CSS the browser gets (`assets/`).
//!
//! What differs per system (noticing Ctrl-C or a closed console window,
//! opening the browser) is the host's: the CLI passes it in [`Host`].
//!
//! The page talks to kehoach through one small module (`assets/may.js`);
//! this server is its HTTP implementation, the engine (`crate::engine`)
//! does the work.

pub mod http;
mod page;
mod session;
mod start;
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
use crate::limits::LIMITS;
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
    pub host: Host,
}

/// The host program's part in the preview: what differs per system.
#[derive(Clone, Copy)]
pub struct Host {
    /// Opens the page's address in the user's browser; `None`: only print it.
    pub open_browser: Option<fn(&str)>,
    /// Polled by the preview; `true` ends it (the host ties Ctrl-C, or
    /// closing the console window, to it).
    pub stop_requested: fn() -> bool,
    /// How the user stops it, as the console line says ("Ctrl-C để dừng").
    pub how_to_stop: &'static str,
}

/// Why the preview could not start.
#[derive(Debug)]
pub struct StartError(pub String);

/// The start page on `folder` (what `kehoach xem` with no file does, and
/// what a double-clicked `kehoach.exe` opens), until the host says stop.
pub fn serve_start(
    folder: &Path,
    port: u16,
    host: Host,
    templates: Templates,
) -> Result<(), StartError> {
    run(
        &Options {
            plan: None,
            folder: folder.to_path_buf(),
            templates_dir: None,
            port,
            host,
        },
        templates,
    )
}

/// Serves the editor (of `options.plan`, or the start page) until the
/// host says stop; a save in progress then finishes first.
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
        stop_requested: options.host.stop_requested,
    });
    if let Some(plan) = &options.plan {
        app.open(plan)
            .map_err(|e| StartError(format!("không mở được `{}`: {e}", plan.display())))?;
    }
    http::serve(listener, token, app.clone())
        .map_err(|e| StartError(format!("không chạy được máy chủ: {e}")))?;

    println!("{url}");
    let _ = std::io::stdout().flush();
    let how_to_stop = options.host.how_to_stop;
    match &options.plan {
        Some(plan) => eprintln!(
            "đang soạn {} — mở {url} trong trình duyệt; {how_to_stop}",
            plan.display()
        ),
        None => eprintln!(
            "trang bắt đầu cho thư mục {} — mở {url} trong trình duyệt; {how_to_stop}",
            options.folder.display()
        ),
    }
    if let Some(open) = options.host.open_browser {
        open(&url);
    }
    while !(options.host.stop_requested)() {
        std::thread::sleep(Duration::from_millis(25));
    }
    app.finish_saves();
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
    /// The host's stop, which the render threads poll too.
    stop_requested: fn() -> bool,
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
        sessions.push(Session::open(
            path,
            engine,
            self.templates_dir.clone(),
            self.stop_requested,
        )?);
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

    /// Waits for the saves in progress: an edit the page sent before the
    /// stop reaches its file.
    fn finish_saves(&self) {
        let sessions = self.sessions.lock().unwrap_or_else(|e| e.into_inner());
        for session in sessions.iter() {
            session.wait_for_save();
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
            (Route::Import, _) => {
                let app = self.clone();
                blocking(move || app.import_old_plan(&body.unwrap_or_default())).await
            }
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
        let nam = match plan_year(body.get("nam")) {
            Ok(nam) => nam,
            Err(message) => return Reply::json(422, &json!({"loi": message})),
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

    /// "Mở tệp Word…": last year's plan, sent by the page as `{ten,
    /// du_lieu}` (its file name and bytes in base64), imported as
    /// `kehoach nhap` does into `plans/<name>.toml`, never over a file, and
    /// opened. The name is only a file name: its folder part and its
    /// letters outside ASCII are dropped (`slug`), so no path comes from the
    /// request. The import's report comes back for the page to show.
    fn import_old_plan(&self, body: &Value) -> Reply {
        use base64::Engine as _;
        let Some(folder) = &self.folder else {
            return Reply::error(404);
        };
        let sent_name = body.get("ten").and_then(Value::as_str).unwrap_or("");
        // The browser gives the name alone; a path is cut to its last part.
        let name = sent_name
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or("")
            .trim()
            .to_owned();
        let refuse = |status: u16, message: String| Reply::json(status, &json!({"loi": message}));
        let Some(data) = body.get("du_lieu").and_then(Value::as_str) else {
            return refuse(400, "thiếu nội dung tệp".into());
        };
        let bytes = match base64::engine::general_purpose::STANDARD.decode(data) {
            Ok(bytes) => bytes,
            Err(_) => return refuse(400, "nội dung tệp không đọc được (base64)".into()),
        };
        if bytes.len() as u64 > LIMITS.import_bytes {
            return refuse(
                413,
                format!(
                    "`{name}` quá lớn cho một kế hoạch (tối đa {} MB); nhập bản .docx của riêng kế hoạch, không kèm hình ảnh lớn",
                    LIMITS.import_bytes / (1024 * 1024)
                ),
            );
        }
        let imported = match crate::import::import(&bytes, &name, None) {
            Ok(imported) => imported,
            Err(err) => return refuse(422, format!("{}\ngợi ý: {}", err.message, err.help)),
        };
        let stem = name
            .rsplit_once('.')
            .map_or(name.as_str(), |(stem, _)| stem);
        let path = folder
            .root
            .join("plans")
            .join(format!("{}.toml", starter::slug(stem)));
        let written = std::fs::create_dir_all(folder.root.join("plans"))
            .and_then(|()| crate::output::write_new_atomic(&path, imported.plan.as_bytes()));
        match written {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                return Reply::json(
                    409,
                    &json!({
                        "loi": format!("tệp {} đã có; không ghi đè. Mở tệp đó, hoặc đổi tên tệp Word rồi nhập lại.", folder.name_of(&path)),
                        "ten": folder.name_of(&path),
                    }),
                );
            }
            Err(e) => {
                return refuse(
                    500,
                    format!("không ghi được {}: {e}", folder.name_of(&path)),
                );
            }
        }
        match self.open(&path) {
            Ok(i) => Reply::json(
                200,
                &json!({
                    "url": App::session_url(i),
                    "ten": folder.name_of(&path),
                    "bao_cao": imported.report.render(&name),
                }),
            ),
            Err(e) => refuse(500, e.to_string()),
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

/// The year the start page sent for a new plan (a number, or its digits
/// as text): one a plan may have, so the starter it makes checks clean.
fn plan_year(nam: Option<&Value>) -> Result<i64, String> {
    let nam = nam.and_then(|n| {
        n.as_i64()
            .or_else(|| n.as_str().and_then(|s| s.trim().parse().ok()))
    });
    match nam {
        Some(nam) if LIMITS.years.contains(&nam) => Ok(nam),
        Some(_) => Err(format!(
            "năm phải trong khoảng {}–{}, ví dụ 2026",
            LIMITS.years.start(),
            LIMITS.years.end()
        )),
        None => Err("năm phải là một số, ví dụ 2026".to_owned()),
    }
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0))
}

/// 128 random bits from the OS, as hex: the secret path segment.
fn random_token() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_plans_year_is_one_a_plan_may_have() {
        assert_eq!(plan_year(Some(&json!(2027))), Ok(2027));
        assert_eq!(plan_year(Some(&json!(" 2027 "))), Ok(2027));
        let end = *LIMITS.years.end();
        assert_eq!(plan_year(Some(&json!(end))), Ok(end));
        // The starter of a year past the bound would not pass `check`.
        let past = plan_year(Some(&json!(end + 1))).unwrap_err();
        assert!(past.contains(&format!("{end}")), "{past}");
        for not_a_year in [json!("hai nghìn"), json!(null)] {
            assert!(plan_year(Some(&not_a_year)).is_err());
        }
        assert!(plan_year(None).is_err());
    }
}
