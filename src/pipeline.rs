//! The stages chained for one plan file, as the CLI runs them: load →
//! check → compose → write. Everything is made in memory first and written
//! only when every part succeeded.

use std::path::{Path, PathBuf};

use crate::check::{CheckedPlan, check};
use crate::compose::{Composed, compose};
use crate::diagnostic::{Diagnostic, Severity};
use crate::plan::{SourceFile, load};
use crate::templates::Templates;
use crate::write::docx::write_docx;
use crate::write::pdf::PdfWriter;

/// How many diagnostics of one file are printed.
pub const MAX_SHOWN_DIAGNOSTICS: usize = 100;

/// A plan file after loading and checking.
pub struct Checked {
    pub source: SourceFile,
    /// Present when the plan has no errors (warnings allowed).
    pub plan: Option<CheckedPlan>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    /// Number of errors (not warnings).
    pub fn error_count(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// The diagnostics, rendered rustc-style: the first
    /// [`MAX_SHOWN_DIAGNOSTICS`], then how many more there are (each one
    /// shown costs a pass over the file; thousands would take minutes).
    pub fn render_diagnostics(&self) -> String {
        let path = self.source.display_path();
        let mut shown: Vec<String> = self
            .diagnostics
            .iter()
            .take(MAX_SHOWN_DIAGNOSTICS)
            .map(|d| d.render(&path, &self.source.text))
            .collect();
        let hidden = self.diagnostics.len().saturating_sub(MAX_SHOWN_DIAGNOSTICS);
        if hidden > 0 {
            shown.push(format!(
                "… và {hidden} lỗi/cảnh báo khác chưa in (sửa các lỗi trên rồi chạy lại)"
            ));
        }
        shown.join("\n")
    }
}

/// Loads and checks a plan file; a valid plan is composed too, for the
/// warnings about its layout.
pub fn check_file(path: &Path, templates: &Templates) -> Checked {
    let loaded = load(path);
    let mut diagnostics = loaded.diagnostics;
    let has_errors = diagnostics.iter().any(|d| d.severity == Severity::Error);
    let plan = match loaded.plan {
        Some(plan) => {
            let (checked, found) = check(&plan, templates);
            diagnostics.extend(found);
            diagnostics.extend(crate::glyphs::glyph_warnings(&loaded.source.text));
            let checked = checked.filter(|_| !has_errors);
            // What composing decides on its own (a page turned for its
            // columns) is said by `check` too, before anything is written;
            // composing is cheap next to the writers. A template failure is
            // left to `render`, which reports it.
            if let Some(plan) = &checked
                && let Ok(composed) = compose(plan, templates)
            {
                diagnostics.extend(composed.warnings);
            }
            diagnostics.sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
            checked
        }
        None => None,
    };
    Checked {
        source: loaded.source,
        plan,
        diagnostics,
    }
}

/// One file to write: where, and its bytes.
pub struct OutputFile {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// Which documents to produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Parts {
    /// The plan and each appendix alone.
    All,
    /// Only the plan (with its appendices inside).
    Plan,
    /// Only the appendices, each alone.
    Appendices,
}

/// Which file formats to produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Formats {
    Pdf,
    Docx,
    All,
}

impl Formats {
    fn pdf(self) -> bool {
        self != Formats::Docx
    }

    fn docx(self) -> bool {
        self != Formats::Pdf
    }
}

/// What to produce.
pub struct RenderOptions {
    pub emit_typst: bool,
    pub parts: Parts,
    pub formats: Formats,
}

/// Why a render failed after the plan was valid.
#[derive(Debug)]
pub enum RenderError {
    Template(crate::templates::TemplateError),
    Pdf(crate::write::pdf::PdfError),
    Docx(crate::write::docx::DocxError),
}

impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RenderError::Template(e) => e.fmt(f),
            RenderError::Pdf(e) => match missing_glyph(&e.to_string()) {
                Some(text) => write!(
                    f,
                    "không dựng được PDF/A: chữ {text} không có trong phông chữ nhúng (PDF/A đòi mọi chữ đều in được); bỏ hoặc thay chữ này, hoặc dùng --font-dir với một phông có chữ này"
                ),
                None => e.fmt(f),
            },
            RenderError::Docx(e) => write!(f, "không dựng được DOCX: {e}"),
        }
    }
}

/// The text of typst's (English) PDF/A error for a glyph no font has.
fn missing_glyph(message: &str) -> Option<&str> {
    let (_, rest) = message.split_once("the text `")?;
    let (text, tail) = rest.split_once("` could not be displayed")?;
    tail.contains("font").then_some(text)
}

/// Composes and writes a checked plan into memory.
pub fn render(
    plan: &CheckedPlan,
    templates: &Templates,
    pdf: &PdfWriter,
    out_dir: &Path,
    options: &RenderOptions,
) -> Result<Vec<OutputFile>, RenderError> {
    let composed: Composed = compose(plan, templates).map_err(RenderError::Template)?;
    let mut documents = Vec::new();
    if options.parts != Parts::Appendices {
        documents.push(("ke-hoach".to_owned(), &composed.plan));
    }
    if options.parts != Parts::Plan {
        for (i, doc) in composed.appendices.iter().enumerate() {
            documents.push((format!("phu-luc-{}", i + 1), doc));
        }
    }
    let mut files = Vec::new();
    for (stem, document) in documents {
        if options.emit_typst {
            files.push(OutputFile {
                path: out_dir.join(format!("{stem}.typ")),
                bytes: pdf.source(document).into_bytes(),
            });
        }
        if options.formats.pdf() {
            files.push(OutputFile {
                path: out_dir.join(format!("{stem}.pdf")),
                bytes: pdf.write(document).map_err(RenderError::Pdf)?,
            });
        }
        if options.formats.docx() {
            files.push(OutputFile {
                path: out_dir.join(format!("{stem}.docx")),
                bytes: write_docx(document).map_err(RenderError::Docx)?,
            });
        }
    }
    Ok(files)
}
