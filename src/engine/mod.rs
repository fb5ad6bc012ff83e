//! The engine: everything the editor page asks of kehoach, behind a few
//! calls with no sockets, threads or clock in them — check a plan's text,
//! lay it out as pages, export PDF and DOCX bytes, apply edits, the schema
//! the form is made from, the starters of new plans.
//!
//! The native server (`preview`) is one host of it; a WebAssembly build is
//! meant to be another, serving the same page. What the engine still reads
//! from the file system is the original an adjustment names (`ban_goc`),
//! found beside the plan's name as `check` finds it; a host without files
//! gets the "not found" problem for it.

mod data;
mod hints;
mod state;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
#[cfg(not(target_family = "wasm"))]
use std::time::Instant;

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Severity};
use crate::doc::Document;
use crate::edit::{Edit, EditError};
use crate::limits::LIMITS;
use crate::pipeline::{Checked, check_text};
use crate::starter::{Commune, StarterError, render_starter};
use crate::templates::{KindInfo, Templates};
use crate::write::docx::write_docx;
use crate::write::pdf::{FontSet, LivePages, PdfFlavour, PdfWriter};

pub use crate::write::pdf::PageView;
pub use data::plan_data;
pub use state::{StateJson, status_line};

/// The browser build has no clock (std's `Instant::now` panics on
/// wasm32-unknown-unknown): its timings read zero, and the page measures
/// what it needs itself.
#[cfg(target_family = "wasm")]
#[derive(Clone, Copy)]
struct Instant;

#[cfg(target_family = "wasm")]
impl Instant {
    fn now() -> Instant {
        Instant
    }

    fn elapsed(&self) -> Duration {
        Duration::ZERO
    }
}

/// One problem as the page lists it and puts at its field.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Problem {
    /// The file it is in, as `check` names it (the plan, or an original it
    /// adjusts).
    pub file: String,
    /// Whether it is in the plan being edited (its key is one of the form's
    /// fields) rather than in an original.
    pub here: bool,
    pub error: bool,
    pub message: String,
    /// The key path, in the diagnostics' notation: the field's `data-key`.
    pub key: Option<String>,
    /// 1-based line and column in its file.
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub help: Option<String>,
    /// The rustc-style rendering, with the file's line and a caret.
    pub snippet: String,
}

/// What one render of a plan's text produced.
pub struct View {
    pub problems: Vec<Problem>,
    /// How many problems were not listed (past the first hundred a file).
    pub hidden: usize,
    /// Every page of the plan (appendices included), when it is valid.
    pub pages: Option<Vec<PageView>>,
    /// The document the pages show, for the PDF and DOCX downloads.
    pub document: Option<Arc<Document>>,
    /// The originals this plan was checked against (`ban_goc`, and theirs):
    /// a host that follows files follows these too.
    pub originals: Vec<PathBuf>,
    pub timings: Timings,
}

impl View {
    /// How many of the problems are errors.
    pub fn errors(&self) -> usize {
        self.problems.iter().filter(|p| p.error).count()
    }
}

/// Time of each step of a render, and how many pages changed.
#[derive(Debug, Default, Clone, Copy)]
pub struct Timings {
    /// Check, compose and the typst source.
    pub check: Duration,
    /// typst's layout.
    pub layout: Duration,
    pub pages_changed: usize,
}

/// The engine for one open plan: it keeps typst's work between renders, so
/// a render after a small edit lays out only what changed.
pub struct Engine {
    templates: Templates,
    pdf: Arc<PdfWriter>,
    live: LivePages,
}

impl Engine {
    /// An engine with `templates` and the embedded fonts.
    pub fn new(templates: Templates, fonts: Arc<FontSet>) -> Engine {
        let pdf = Arc::new(PdfWriter::new(fonts.clone(), PdfFlavour::Standard));
        Engine {
            templates,
            pdf,
            live: LivePages::new(fonts),
        }
    }

    /// The template set the engine renders with.
    pub fn templates(&self) -> &Templates {
        &self.templates
    }

    /// Every problem of the plan text `text`, which `name` names (its
    /// `ban_goc` is looked for beside it).
    pub fn check(&self, name: &Path, text: &str) -> Vec<Problem> {
        let checked = check_text(name, text.to_owned(), &self.templates);
        let mut problems = Vec::new();
        collect_problems(&checked, &mut problems);
        problems
    }

    /// Checks the plan text and, when it is valid, lays out every page.
    pub fn render(&mut self, name: &Path, text: &str) -> View {
        let started = Instant::now();
        let checked = check_text(name, text.to_owned(), &self.templates);
        let mut problems = Vec::new();
        let hidden = collect_problems(&checked, &mut problems);
        let originals = checked.files[1..]
            .iter()
            .map(|f| f.source.path.clone())
            .collect();
        let mut view = View {
            problems,
            hidden,
            pages: None,
            document: None,
            originals,
            timings: Timings::default(),
        };
        if let Some(valid) = checked.valid {
            // `check_text` composed it already.
            match valid.composed {
                Ok(composed) => {
                    let source = self.pdf.source(&composed.plan);
                    view.timings.check = started.elapsed();
                    let laying_out = Instant::now();
                    let laid_out = self.live.compile(&source);
                    view.timings.layout = laying_out.elapsed();
                    match laid_out {
                        Ok((pages, changed)) => {
                            view.timings.pages_changed = changed;
                            view.pages = Some(pages);
                            view.document = Some(Arc::new(composed.plan));
                        }
                        Err(e) => view.problems.push(whole_file_error(name, e.to_string())),
                    }
                }
                Err(e) => view.problems.push(whole_file_error(name, e.to_string())),
            }
        }
        if view.timings.check.is_zero() {
            view.timings.check = started.elapsed();
        }
        view
    }

    /// The document as PDF bytes (what `kehoach render` writes as
    /// `ke-hoach.pdf`).
    pub fn pdf(&self, document: &Document) -> Result<Vec<u8>, String> {
        self.pdf.write(document).map_err(|e| e.to_string())
    }

    /// The document as DOCX bytes.
    pub fn docx(&self, document: &Document) -> Result<Vec<u8>, String> {
        write_docx(document).map_err(|e| format!("không dựng được DOCX: {e}"))
    }

    /// The schema the form is made from: the plan format's JSON Schema
    /// (`kehoach schema`) with the editor's hints (`x-kehoach-*`).
    pub fn schema(&self) -> serde_json::Value {
        let vocabulary = self.templates.vocabulary();
        let mut schema = crate::plan::reference::json_schema(&vocabulary);
        hints::annotate(&mut schema);
        schema
    }

    /// The plan kinds a new plan can be made of.
    pub fn kinds(&self) -> Vec<KindInfo> {
        self.templates.describe()
    }

    /// The starter plan of `kind` for `commune` (what `kehoach new` writes).
    pub fn starter(&self, kind: &str, commune: &Commune) -> Result<String, StarterError> {
        render_starter(&self.templates, kind, commune)
    }
}

/// Applies edits given as JSON (the page's form) to plan text: the new
/// text, written as a person writes it and unchanged elsewhere.
pub fn apply_edits(text: &str, edits: &serde_json::Value) -> Result<String, EditError> {
    let edits = Edit::list_from_json(edits)?;
    crate::edit::apply(text, &edits)
}

/// A short fingerprint of a plan's text: the version an edit is made
/// against, so an edit made to an older text is never applied to a newer.
pub fn text_version(text: &str) -> String {
    crate::output::plan_hash(text)
}

/// The problems of `checked`'s plan and of each original it was checked
/// against; how many of the plan's were left out.
fn collect_problems(checked: &Checked, out: &mut Vec<Problem>) -> usize {
    let mut hidden = 0;
    for (i, file) in checked.files.iter().enumerate() {
        let name = file.source.display_path();
        out.extend(
            file.diagnostics
                .iter()
                .take(LIMITS.shown_diagnostics)
                .map(|d| problem(d, &name, &file.source.text, i == 0)),
        );
        if i == 0 {
            hidden = file
                .diagnostics
                .len()
                .saturating_sub(LIMITS.shown_diagnostics);
        }
    }
    hidden
}

fn problem(d: &Diagnostic, file: &str, text: &str, here: bool) -> Problem {
    let line_col = d.line_col(text);
    Problem {
        file: file.to_owned(),
        here,
        error: d.severity == Severity::Error,
        message: d.message.clone(),
        key: d.key.clone(),
        line: line_col.map(|(l, _)| l),
        column: line_col.map(|(_, c)| c),
        help: d.help.clone(),
        snippet: d.render(file, text),
    }
}

impl Problem {
    /// An error of the file as a whole, at no key.
    pub fn whole_file(file: &Path, message: String, help: &str) -> Problem {
        Problem {
            file: file.display().to_string(),
            here: true,
            error: true,
            message,
            key: None,
            line: None,
            column: None,
            help: Some(help.to_owned()),
            snippet: String::new(),
        }
    }
}

/// A render failure of a valid plan (a template or typst refused it).
fn whole_file_error(name: &Path, message: String) -> Problem {
    Problem::whole_file(
        name,
        message,
        "đây là lỗi của mẫu hoặc của kehoach, không phải của kế hoạch; `kehoach render` cũng sẽ báo lỗi này",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    fn bundled() -> Vec<(String, String)> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("plans");
        let mut plans: Vec<(String, String)> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "toml"))
            .map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                (name, std::fs::read_to_string(e.path()).unwrap())
            })
            .collect();
        plans.sort();
        assert!(plans.len() >= 5);
        plans
    }

    /// A `set` of every value the form shows, as it shows it: what a page
    /// that sends every field back unchanged would send.
    fn every_field(path: &str, value: &Value, out: &mut Vec<Value>) {
        match value {
            Value::Object(map) => {
                for (key, v) in map {
                    let at = if path.is_empty() {
                        key.clone()
                    } else {
                        format!("{path}.{key}")
                    };
                    every_field(&at, v, out);
                }
            }
            Value::Array(items) => {
                if items.iter().all(|i| !i.is_object()) {
                    out.push(json!({"op": "set", "path": path, "value": value}));
                }
                for (i, item) in items.iter().enumerate() {
                    every_field(&format!("{path}[{}]", i + 1), item, out);
                }
            }
            _ => out.push(json!({"op": "set", "path": path, "value": value})),
        }
    }

    #[test]
    fn every_plan_opened_and_saved_unchanged_is_byte_identical() {
        for (name, text) in bundled() {
            let data = plan_data(&text).unwrap();
            let mut edits = Vec::new();
            every_field("", &data, &mut edits);
            assert!(edits.len() > 50, "{name}: {} fields", edits.len());
            let saved = apply_edits(&text, &Value::Array(edits)).unwrap();
            assert!(saved == text, "{name} changed by saving its own values");
            assert_eq!(apply_edits(&text, &json!([])).unwrap(), text, "{name}");
        }
    }

    #[test]
    fn one_edited_value_is_a_one_line_diff_with_every_comment_kept() {
        for (name, text) in bundled() {
            let data = plan_data(&text).unwrap();
            let edit = if data["chi_tieu"].is_array() {
                json!([{"op": "set", "path": "chi_tieu[1].ten", "value": "Tên đã sửa"}])
            } else {
                json!([{"op": "set", "path": "nguoi_ky.ho_ten", "value": "Tên đã sửa"}])
            };
            let saved = apply_edits(&text, &edit).unwrap();
            let before: Vec<&str> = text.lines().collect();
            let after: Vec<&str> = saved.lines().collect();
            assert_eq!(before.len(), after.len(), "{name}");
            let changed: Vec<(&str, &str)> = before
                .iter()
                .zip(&after)
                .filter(|(a, b)| a != b)
                .map(|(a, b)| (*a, *b))
                .collect();
            assert_eq!(changed.len(), 1, "{name}: {changed:?}");
            assert!(
                changed[0].1.contains("\"Tên đã sửa\""),
                "{name}: {changed:?}"
            );
            let comments = |t: &str| t.lines().filter(|l| l.contains('#')).count();
            assert_eq!(comments(&text), comments(&saved), "{name}");
        }
    }

    #[test]
    fn the_form_schema_is_the_format_schema_with_hints() {
        let engine = Engine::new(
            Templates::embedded(),
            Arc::new(FontSet::load(None).unwrap()),
        );
        let schema = engine.schema();
        let plain = crate::plan::reference::json_schema(&Templates::embedded().vocabulary());
        assert_eq!(
            schema["properties"].as_object().unwrap().len(),
            plain["properties"].as_object().unwrap().len()
        );
        assert_eq!(
            schema["definitions"]["Indicator"]["properties"]["chu_tri"]["x-kehoach-ref"],
            "don_vi"
        );
        assert!(schema["properties"]["chi_tieu"]["x-kehoach-grid"].is_array());
        assert_eq!(schema["x-kehoach-form-order"][0], "van_ban");
    }
}
