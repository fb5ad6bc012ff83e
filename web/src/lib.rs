//! kehoach in the browser: the library's engine behind a few wasm-bindgen
//! calls, so the editor page can check, lay out and export a plan with no
//! server. Values cross as JSON text and byte arrays; nothing here reads a
//! file, starts a thread or asks the clock (a browser page has none of
//! them), and the outputs are the very bytes `kehoach render` writes.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;
use wasm_bindgen::prelude::*;

use kehoach::diagnostic::Severity;
use kehoach::pipeline::{Checked, Formats, Parts, RenderOptions, check_text, render_composed};
use kehoach::starter::{Commune, render_starter};
use kehoach::templates::Templates;
use kehoach::write::pdf::{FontSet, PdfFlavour, PdfWriter};

/// One problem of a plan, as the page lists it and puts at its field.
#[derive(Serialize)]
struct Problem {
    error: bool,
    message: String,
    key: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    help: Option<String>,
    /// The rustc-style rendering, with the line and a caret.
    snippet: String,
}

fn problems(checked: &Checked) -> Vec<Problem> {
    let name = checked.source.display_path();
    checked
        .diagnostics
        .iter()
        .map(|d| {
            let (line, column) = d.line_col(&checked.source.text).unzip();
            Problem {
                error: d.severity == Severity::Error,
                message: d.message.clone(),
                key: d.key.clone(),
                line,
                column,
                help: d.help.clone(),
                snippet: d.render(&name, &checked.source.text),
            }
        })
        .collect()
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

/// The engine for one open plan: the embedded templates and fonts, and
/// typst's work kept between layouts.
#[wasm_bindgen]
pub struct Engine {
    templates: Templates,
    pdf: PdfWriter,
}

impl Default for Engine {
    fn default() -> Self {
        Engine::new()
    }
}

#[wasm_bindgen]
impl Engine {
    /// An engine with the embedded templates and fonts.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Engine {
        let fonts = Arc::new(FontSet::load(None).expect("the embedded fonts need no file"));
        Engine {
            templates: Templates::embedded(),
            pdf: PdfWriter::new(fonts, PdfFlavour::Standard),
        }
    }

    /// Hands in a file the plan may name (the original an adjustment
    /// appendix names in `ban_goc`), as if it were at `name` beside it.
    pub fn provide(&self, name: &str, text: &str) {
        kehoach::input::provided::set(Path::new(name), text.as_bytes().to_vec());
    }

    /// Forgets every file handed in.
    pub fn forget_files(&self) {
        kehoach::input::provided::clear();
    }

    /// Every problem of the plan text `text` (named `name` in messages),
    /// as JSON.
    pub fn check(&self, name: &str, text: &str) -> String {
        let checked = check_text(Path::new(name), text.to_owned(), &self.templates);
        serde_json::to_string(&problems(&checked)).expect("problems serialize")
    }

    /// What `kehoach render` writes for the plan: the plan and each
    /// appendix alone, PDF and DOCX.
    pub fn render(&self, name: &str, text: &str) -> Result<Files, String> {
        let checked = check_text(Path::new(name), text.to_owned(), &self.templates);
        let Some(composed) = &checked.composed else {
            return Err(checked.render_diagnostics());
        };
        let options = RenderOptions {
            emit_typst: false,
            parts: Parts::All,
            formats: Formats::All,
        };
        let files = render_composed(composed, &self.pdf, Path::new(""), &options)
            .map_err(|e| e.to_string())?;
        Ok(Files {
            files: files
                .into_iter()
                .map(|f| (file_name(&f.path), f.bytes))
                .collect(),
        })
    }

    /// The plan format's JSON Schema, as `kehoach schema` prints it.
    pub fn schema(&self) -> String {
        let vocabulary = self.templates.vocabulary();
        kehoach::plan::reference::schema_text(&kehoach::plan::reference::json_schema(&vocabulary))
    }

    /// The plan kinds a new plan can start from, as JSON.
    pub fn kinds(&self) -> String {
        let kinds: Vec<serde_json::Value> = self
            .templates
            .describe()
            .into_iter()
            .map(|k| serde_json::json!({ "ma": k.id, "mo_ta": k.description }))
            .collect();
        serde_json::Value::from(kinds).to_string()
    }

    /// A new plan of `kind` for a commune, as `kehoach new` writes it.
    pub fn starter(&self, kind: &str, xa: &str, tinh: &str, nam: i64) -> Result<String, String> {
        let commune = Commune {
            xa: xa.to_owned(),
            tinh: tinh.to_owned(),
            nam,
        };
        render_starter(&self.templates, kind, &commune).map_err(|e| e.to_string())
    }
}

fn file_name(path: &Path) -> String {
    PathBuf::from(path.file_name().unwrap_or_default())
        .display()
        .to_string()
}
