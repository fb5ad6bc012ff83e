//! One open plan file: a thread that renders it through the engine each
//! time it (or its templates, or an original it adjusts) changes on disk,
//! the latest render as served, and the saving of the page's edits.
//!
//! The file written is the one this session was opened on; no path ever
//! comes from a request. An edit is applied only to the text it was made
//! against: if the file changed on disk since (another editor saved it),
//! the edit is refused with the newer text, and the page asks the clerk.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use crate::doc::Document;
use crate::engine::{self, Engine, PageView, Problem, View};
use crate::input::read_bounded;
use crate::limits::LIMITS;

use super::watch::Watched;

/// How often the files' stamps are polled.
const POLL: Duration = Duration::from_millis(25);

/// The latest render, as served.
pub struct Published {
    /// Bumped by every render.
    pub version: u64,
    /// Bumped when the pages change (only valid renders have pages).
    pub pages_version: u64,
    /// The version of the text rendered ([`engine::text_version`]).
    pub base: String,
    pub status: String,
    pub errors: usize,
    pub problems: Vec<Problem>,
    pub hidden: usize,
    pub pages: Arc<Vec<PageView>>,
    /// The pages before the current ones: a browser still showing them may
    /// ask for one.
    pub previous_pages: Arc<Vec<PageView>>,
    /// The last valid document, for the downloads.
    pub document: Option<Arc<Document>>,
}

/// What became of a page's edits.
pub enum Saved {
    /// Written (or nothing to write): the text's new version and values.
    Done {
        base: String,
        data: serde_json::Value,
    },
    /// The file changed on disk since the page's version: nothing written;
    /// the file's version and values now.
    Conflict {
        base: String,
        data: serde_json::Value,
    },
    /// The edits cannot be applied (a path that is not there …).
    Refused(String),
    /// The file could not be read or written.
    Failed(String),
}

pub struct Session {
    pub path: PathBuf,
    /// The file name, for the page's title.
    pub name: String,
    /// The downloads' file name without extension.
    pub stem: String,
    pub published: Mutex<Published>,
    /// Told the render version after each render (long polls wait on it).
    pub changed: tokio::sync::watch::Sender<u64>,
    /// One save at a time: read, compare, apply, write.
    saving: Mutex<()>,
    /// Wakes the render thread at once after a save.
    poke: (Mutex<bool>, Condvar),
    /// The host's stop: the render thread ends when it says so.
    stop_requested: fn() -> bool,
}

impl Session {
    /// Opens `path` and starts its render thread, which runs until
    /// `stop_requested` says so.
    pub fn open(
        path: &Path,
        engine: Engine,
        templates_dir: Option<PathBuf>,
        stop_requested: fn() -> bool,
    ) -> std::io::Result<Arc<Session>> {
        let session = Arc::new(Session {
            path: path.to_path_buf(),
            name: path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
            stem: download_stem(path),
            published: Mutex::new(Published {
                version: 0,
                pages_version: 0,
                base: String::new(),
                status: "Đang dựng…".to_owned(),
                errors: 0,
                problems: Vec::new(),
                hidden: 0,
                pages: Arc::new(Vec::new()),
                previous_pages: Arc::new(Vec::new()),
                document: None,
            }),
            changed: tokio::sync::watch::Sender::new(0),
            saving: Mutex::new(()),
            poke: (Mutex::new(false), Condvar::new()),
            stop_requested,
        });
        let running = session.clone();
        std::thread::Builder::new()
            .name("kehoach-render".into())
            .spawn(move || running.render_loop(engine, templates_dir))?;
        Ok(session)
    }

    fn render_loop(&self, mut engine: Engine, templates_dir: Option<PathBuf>) {
        let mut watched = Watched::new(&self.path, templates_dir.as_deref());
        let mut last = None;
        let mut poked = false;
        while !(self.stop_requested)() {
            let stamp = watched.stamp();
            // After a save of ours the file is read again whatever its
            // stamp says: two saves within the file system's clock tick
            // can leave the same time and size.
            if poked || last.as_ref() != Some(&stamp) {
                last = Some(stamp);
                let started = Instant::now();
                let (base, view) = match read_plan(&self.path) {
                    Ok(text) => (
                        engine::text_version(&text),
                        engine.render(&self.path, &text),
                    ),
                    Err(message) => (String::new(), unreadable(&self.path, message)),
                };
                // The originals are followed too: their change is this
                // plan's change (its adjustment table, its problems).
                if watched.set_originals(&view.originals) {
                    last = Some(watched.stamp());
                }
                let t = view.timings;
                let summary = self.publish(base, view);
                eprintln!(
                    "{summary} — {} ms (kiểm tra {} ms, dàn trang {} ms, {} trang đổi)",
                    started.elapsed().as_millis(),
                    t.check.as_millis(),
                    t.layout.as_millis(),
                    t.pages_changed,
                );
            }
            let (lock, wake) = &self.poke;
            let flag = lock.lock().unwrap_or_else(|e| e.into_inner());
            let (mut flag, _) = wake
                .wait_timeout_while(flag, POLL, |flag| !*flag)
                .unwrap_or_else(|e| e.into_inner());
            poked = std::mem::take(&mut *flag);
        }
    }

    /// Makes a render the one served, and wakes the waiting long polls.
    fn publish(&self, base: String, view: View) -> String {
        let errors = view.errors();
        let warnings = view.problems.len() - errors;
        let mut published = self.published.lock().unwrap_or_else(|e| e.into_inner());
        published.version += 1;
        published.base = base;
        published.errors = errors;
        published.problems = view.problems;
        published.hidden = view.hidden;
        if let Some(pages) = view.pages {
            published.previous_pages = std::mem::replace(&mut published.pages, Arc::new(pages));
            published.pages_version = published.version;
            published.document = view.document;
        }
        let count = published.pages.len();
        published.status = engine::status_line(errors, warnings, count);
        let summary = published.status.clone();
        let version = published.version;
        drop(published);
        self.changed.send_replace(version);
        summary
    }

    /// The plan's values and version now, as on disk.
    pub fn data(&self) -> Result<(String, serde_json::Value), String> {
        let text = read_plan(&self.path)?;
        let data = engine::plan_data(&text)?;
        Ok((engine::text_version(&text), data))
    }

    /// Returns once no save is in progress.
    pub fn wait_for_save(&self) {
        drop(self.saving.lock().unwrap_or_else(|e| e.into_inner()));
    }

    /// Applies the page's `edits`, made against version `base`, to the
    /// file.
    pub fn save(&self, base: &str, edits: &serde_json::Value) -> Saved {
        let _one = self.saving.lock().unwrap_or_else(|e| e.into_inner());
        let text = match read_plan(&self.path) {
            Ok(text) => text,
            Err(message) => return Saved::Failed(message),
        };
        let version = engine::text_version(&text);
        if version != base {
            return match engine::plan_data(&text) {
                Ok(data) => Saved::Conflict {
                    base: version,
                    data,
                },
                Err(message) => Saved::Failed(message),
            };
        }
        let new = match engine::apply_edits(&text, edits) {
            Ok(new) => new,
            Err(err) => return Saved::Refused(err.to_string()),
        };
        if new != text
            && let Err(err) = crate::output::write_atomic(&self.path, new.as_bytes())
        {
            return Saved::Failed(format!("không ghi được `{}`: {err}", self.path.display()));
        }
        let (lock, wake) = &self.poke;
        *lock.lock().unwrap_or_else(|e| e.into_inner()) = true;
        wake.notify_one();
        match engine::plan_data(&new) {
            Ok(data) => Saved::Done {
                base: engine::text_version(&new),
                data,
            },
            Err(message) => Saved::Failed(message),
        }
    }
}

/// The plan's text, read as `check` reads a plan (a regular file, bounded).
fn read_plan(path: &Path) -> Result<String, String> {
    let bytes = read_bounded(path, LIMITS.plan_bytes)
        .map_err(|why| format!("không đọc được tệp kế hoạch `{}`: {why}", path.display()))?;
    String::from_utf8(bytes)
        .map_err(|_| format!("tệp `{}` không phải văn bản UTF-8", path.display()))
}

/// The view of a plan file that cannot be read (deleted, replaced by a
/// folder …): one problem, no pages.
fn unreadable(path: &Path, message: String) -> View {
    View {
        problems: vec![Problem::whole_file(
            path,
            message,
            "lưu lại tệp kế hoạch; trang sẽ cập nhật ngay khi đọc được tệp",
        )],
        hidden: 0,
        pages: None,
        document: None,
        originals: Vec::new(),
        timings: Default::default(),
    }
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
