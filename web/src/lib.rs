//! kehoach in the browser: the engine facade (`kehoach::engine`) behind a
//! few wasm-bindgen calls, the second host of the editor page beside the
//! native server. It keeps one open plan's text in memory where the server
//! keeps a file: edits apply to it, each render is the same JSON the
//! server sends, and the PDF and DOCX are the bytes `kehoach render`
//! writes. Nothing here reads a file, starts a thread or asks the clock.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::{Value, json};
use wasm_bindgen::prelude::*;

use kehoach::doc::Document;
use kehoach::engine::{self, Engine, PageView, Problem, StateJson, View};
use kehoach::limits::LIMITS;
use kehoach::pipeline::{Formats, Parts, RenderOptions, Valid, check_text, render};
use kehoach::starter::Commune;
use kehoach::templates::Templates;
use kehoach::write::pdf::{FontSet, PdfFlavour, PdfWriter};

/// The embedded fonts, loaded once.
fn fonts() -> Arc<FontSet> {
    Arc::new(FontSet::load(None).expect("the embedded fonts need no file"))
}

/// One plan open in the page: its text, and the latest render as served.
#[wasm_bindgen]
pub struct Session {
    engine: Engine,
    /// The plan's file name (`quang-ngoc-2026.toml`): its problems name it,
    /// its `ban_goc` is looked for beside it.
    name: PathBuf,
    text: String,
    version: u64,
    pages_version: u64,
    status: String,
    errors: usize,
    problems: Vec<Problem>,
    hidden: usize,
    pages: Vec<PageView>,
    /// The last valid document, for the downloads.
    document: Option<Arc<Document>>,
}

impl Default for Session {
    fn default() -> Self {
        Session::new()
    }
}

#[wasm_bindgen]
impl Session {
    /// A session with the embedded templates and fonts and no plan yet.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Session {
        Session {
            engine: Engine::new(Templates::embedded(), fonts()),
            name: PathBuf::from("ke-hoach.toml"),
            text: String::new(),
            version: 0,
            pages_version: 0,
            status: "Đang dựng…".to_owned(),
            errors: 0,
            problems: Vec::new(),
            hidden: 0,
            pages: Vec::new(),
            document: None,
        }
    }

    /// Opens the plan text `text`, named `name`; nothing is rendered until
    /// [`Session::render`].
    pub fn open(&mut self, name: &str, text: &str) -> Result<(), String> {
        if text.len() as u64 > LIMITS.plan_bytes {
            return Err(format!(
                "tệp `{name}` quá lớn (giới hạn {} byte); một kế hoạch chỉ là văn bản",
                LIMITS.plan_bytes
            ));
        }
        self.name = PathBuf::from(name);
        self.text = text.to_owned();
        Ok(())
    }

    /// The plan's text as it is now (what "Lưu" writes).
    pub fn text(&self) -> String {
        self.text.clone()
    }

    /// The plan as the form shows it: `{ten, co_so, du_lieu}`, or `{ten,
    /// co_so: null, loi}` when the text is not TOML the form can show.
    pub fn plan(&self) -> String {
        let name = self.file_name();
        match engine::plan_data(&self.text) {
            Ok(data) => {
                json!({"ten": name, "co_so": engine::text_version(&self.text), "du_lieu": data})
            }
            Err(message) => json!({"ten": name, "co_so": null, "loi": message}),
        }
        .to_string()
    }

    /// Applies the page's edits (JSON: `[{path, op, value}]`) made against
    /// version `base`: `{kind: "saved", co_so, du_lieu}`, `{kind:
    /// "conflict", …}` when the text is no longer that version, or `{kind:
    /// "refused", loi}`. The pages follow at the next [`Session::render`].
    pub fn save(&mut self, base: &str, edits: &str) -> String {
        let version = engine::text_version(&self.text);
        let reply = |kind: &str, text: &str| match engine::plan_data(text) {
            Ok(data) => json!({"kind": kind, "co_so": engine::text_version(text), "du_lieu": data}),
            Err(message) => json!({"kind": "failed", "loi": message}),
        };
        if version != base {
            return reply("conflict", &self.text).to_string();
        }
        let edits: Value = match serde_json::from_str(edits) {
            Ok(edits) => edits,
            Err(e) => return json!({"kind": "refused", "loi": e.to_string()}).to_string(),
        };
        match engine::apply_edits(&self.text, &edits) {
            Ok(new) => {
                self.text = new;
                reply("saved", &self.text).to_string()
            }
            Err(e) => json!({"kind": "refused", "loi": e.to_string()}).to_string(),
        }
    }

    /// Checks and lays out the text as it is now: the new render becomes
    /// the one [`Session::state`] gives.
    pub fn render(&mut self) {
        let view: View = self.engine.render(&self.name, &self.text);
        self.errors = view.errors();
        let warnings = view.problems.len() - self.errors;
        self.version += 1;
        self.problems = view.problems;
        self.hidden = view.hidden;
        if let Some(pages) = view.pages {
            self.pages = pages;
            self.pages_version = self.version;
            self.document = view.document;
        }
        self.status = engine::status_line(self.errors, warnings, self.pages.len());
    }

    /// The latest render as the page's JSON; its pages only when the page
    /// does not have them (`have_pages`: the pages' version it has).
    pub fn state(&self, have_pages: u64) -> String {
        let base = engine::text_version(&self.text);
        StateJson {
            version: self.version,
            pages_version: self.pages_version,
            base: &base,
            status: &self.status,
            errors: self.errors,
            problems: &self.problems,
            hidden: self.hidden,
            pages: (have_pages != self.pages_version).then_some(&self.pages[..]),
        }
        .to_json()
        .to_string()
    }

    /// The SVG of the current page whose hash is `hash` (32 hex digits, as
    /// the state names it), drawn now if it is not yet.
    pub fn page_svg(&self, hash: &str) -> Option<String> {
        let hash = u128::from_str_radix(hash, 16).ok()?;
        self.pages
            .iter()
            .find(|p| p.hash == hash)
            .map(|p| p.svg().to_string())
    }

    /// The last valid document as PDF bytes (`kehoach render`'s
    /// `ke-hoach.pdf`).
    pub fn pdf(&self) -> Result<Vec<u8>, String> {
        self.engine.pdf(self.valid_document()?)
    }

    /// The last valid document as DOCX bytes (`ke-hoach.docx`).
    pub fn docx(&self) -> Result<Vec<u8>, String> {
        self.engine.docx(self.valid_document()?)
    }

    fn valid_document(&self) -> Result<&Document, String> {
        self.document
            .as_deref()
            .ok_or_else(|| "kế hoạch chưa có bản hợp lệ nào: sửa các lỗi trước".to_owned())
    }

    fn file_name(&self) -> String {
        self.name
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
    }
}

/// The schema the form is made from (the plan format and the form's
/// hints), as JSON.
#[wasm_bindgen]
pub fn schema() -> String {
    Engine::new(Templates::embedded(), fonts())
        .schema()
        .to_string()
}

/// The plan kinds a new plan can be made of: `[{ma, mo_ta}]`.
#[wasm_bindgen]
pub fn kinds() -> String {
    let kinds: Vec<Value> = Templates::embedded()
        .describe()
        .into_iter()
        .map(|k| json!({"ma": k.id, "mo_ta": k.description}))
        .collect();
    Value::from(kinds).to_string()
}

/// A new plan of `kind` for a commune, as `kehoach new` writes it.
#[wasm_bindgen]
pub fn starter(kind: &str, xa: &str, tinh: &str, nam: i64) -> Result<String, String> {
    let commune = Commune {
        xa: xa.to_owned(),
        tinh: tinh.to_owned(),
        nam,
    };
    kehoach::starter::render_starter(&Templates::embedded(), kind, &commune)
        .map_err(|e| e.to_string())
}

/// The file name a new plan gets (`quang-ngoc-2026.toml`), as `kehoach
/// new` names it.
#[wasm_bindgen]
pub fn starter_name(xa: &str, tinh: &str, nam: i64) -> String {
    let commune = Commune {
        xa: xa.to_owned(),
        tinh: tinh.to_owned(),
        nam,
    };
    kehoach::starter::default_path(&commune)
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
}

/// A Word document (or copied text) made into a plan, as `kehoach nhap`
/// does: the plan's text. (Not `import`: a word JavaScript reserves.)
#[wasm_bindgen]
pub fn import_document(bytes: &[u8], file_name: &str) -> Result<String, String> {
    kehoach::import::import(bytes, file_name, None)
        .map(|imported| imported.plan)
        .map_err(|e| e.to_string())
}

/// The files `kehoach render` writes for one plan, in its order.
#[wasm_bindgen]
pub struct Files {
    files: Vec<(String, Vec<u8>)>,
}

#[wasm_bindgen]
impl Files {
    /// How many files.
    pub fn count(&self) -> usize {
        self.files.len()
    }

    /// The name of file `i` (`ke-hoach.pdf`, `phu-luc-1.docx` …).
    pub fn name(&self, i: usize) -> String {
        self.files.get(i).map(|f| f.0.clone()).unwrap_or_default()
    }

    /// The bytes of file `i`.
    pub fn bytes(&self, i: usize) -> Vec<u8> {
        self.files.get(i).map(|f| f.1.clone()).unwrap_or_default()
    }
}

/// What `kehoach render` writes for the plan text `text` named `name`:
/// the plan and each appendix alone, PDF and DOCX, in its order.
#[wasm_bindgen]
pub fn render_files(name: &str, text: &str) -> Result<Files, String> {
    let templates = Templates::embedded();
    let checked = check_text(Path::new(name), text.to_owned(), &templates);
    let Some(Valid { composed, .. }) = &checked.valid else {
        return Err(checked.render_diagnostics());
    };
    let composed = composed.as_ref().map_err(ToString::to_string)?;
    let pdf = PdfWriter::new(fonts(), PdfFlavour::Standard);
    let options = RenderOptions {
        emit_typst: false,
        parts: Parts::All,
        formats: Formats::All,
    };
    let files = render(composed, &pdf, Path::new(""), &options).map_err(|e| e.to_string())?;
    Ok(Files {
        files: files
            .into_iter()
            .map(|f| {
                let name = f.path.file_name().unwrap_or_default();
                (name.to_string_lossy().into_owned(), f.bytes)
            })
            .collect(),
    })
}

/// Hands in a file a plan may name (an original in `ban_goc`), as if it
/// were at `name` beside it (only the browser build has no disk to read it
/// from).
#[cfg(target_family = "wasm")]
#[wasm_bindgen]
pub fn provide(name: &str, text: &str) {
    kehoach::input::provided::set(Path::new(name), text.as_bytes().to_vec());
}
