//! The stages chained for one plan file, as the CLI runs them: load →
//! check → compose → write. Everything is made in memory first and written
//! only when every part succeeded. `batch` runs it for many plan files at
//! once and writes their output folders.

#[cfg(feature = "render")]
pub mod batch;

use std::path::{Path, PathBuf};

use crate::check::{CheckedPlan, check_with_originals};
use crate::compose::{Composed, compose};
use crate::diagnostic::{Diagnostic, Severity};
use crate::doc::Document;
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
    /// The plan composed into documents, when `plan` is present and its
    /// templates did not fail (the warnings taken out into `diagnostics`).
    pub composed: Option<Composed>,
    pub diagnostics: Vec<Diagnostic>,
    /// The originals its adjustment appendices refer to (`ban_goc`), as
    /// checked, so their problems print with their own file names.
    pub originals: Vec<Checked>,
}

impl Checked {
    /// Number of errors (not warnings).
    pub fn error_count(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
            + self
                .originals
                .iter()
                .map(Checked::error_count)
                .sum::<usize>()
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
        shown.extend(
            self.originals
                .iter()
                .filter(|o| !o.diagnostics.is_empty() || !o.originals.is_empty())
                .map(Checked::render_diagnostics),
        );
        shown.join("\n")
    }
}

/// Loads and checks a plan file; a valid plan is composed too, for the
/// warnings about its layout.
pub fn check_file(path: &Path, templates: &Templates) -> Checked {
    check_file_at(path, templates, &[])
}

/// Checks plan text that came from elsewhere than a file (stdin, `git
/// show`); `name` is what its diagnostics call it ("HEAD~1:plans/x.toml").
/// A `ban_goc` in it is looked for beside `name`.
pub fn check_text(name: &Path, text: String, templates: &Templates) -> Checked {
    let (plan, diagnostics) = crate::plan::parse(&text);
    let source = SourceFile {
        path: name.to_path_buf(),
        text,
    };
    let loaded = crate::plan::Loaded {
        source,
        plan,
        diagnostics,
    };
    check_loaded(loaded, name, templates, &[])
}

/// Loads and checks a plan file with the originals it adjusts; `chain`:
/// the plans whose originals are being loaded (empty for the plan the user
/// named), so an original that leads back to one of them is refused.
pub(crate) fn check_file_at(path: &Path, templates: &Templates, chain: &[PathBuf]) -> Checked {
    check_loaded(load(path), path, templates, chain)
}

fn check_loaded(
    loaded: crate::plan::Loaded,
    path: &Path,
    templates: &Templates,
    chain: &[PathBuf],
) -> Checked {
    let mut diagnostics = loaded.diagnostics;
    let mut originals = Vec::new();
    let has_errors = diagnostics.iter().any(|d| d.severity == Severity::Error);
    let (plan, composed) = match loaded.plan {
        Some(plan) => {
            let mut chain = chain.to_vec();
            chain.push(crate::check::originals::canonical(path));
            let found = crate::check::originals::load_originals(&plan, path, templates, &chain);
            diagnostics.extend(found.diagnostics);
            originals = found.files;
            let (checked, found) = check_with_originals(&plan, templates, &found.originals);
            diagnostics.extend(found);
            if let Some(checked) = &checked {
                diagnostics.extend(crate::check::originals::unchanged_warnings(&plan, checked));
            }
            diagnostics.extend(crate::check::glyphs::glyph_warnings(&loaded.source.text));
            let checked = checked.filter(|_| !has_errors);
            // What composing decides on its own (a page turned for its
            // columns) is said by `check` too, before anything is written;
            // composing is cheap next to the writers. A template failure is
            // left to `render`, which reports it. The composed documents
            // are kept, so `render` does not compose them again.
            let composed = checked
                .as_ref()
                .and_then(|plan| compose(plan, templates).ok())
                .map(|mut composed| {
                    diagnostics.append(&mut composed.warnings);
                    composed
                });
            diagnostics.sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
            (checked, composed)
        }
        None => (None, None),
    };
    let has_errors = diagnostics.iter().any(|d| d.severity == Severity::Error);
    Checked {
        source: loaded.source,
        plan: plan.filter(|_| !has_errors),
        composed: composed.filter(|_| !has_errors),
        diagnostics,
        originals,
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

/// Stack of the DOCX thread: the writer recurses over the document, as on
/// the batch's worker threads (`batch::WORKER_STACK`); only what is used is
/// ever committed.
const DOCX_STACK: usize = 64 * 1024 * 1024;

/// Composes and writes a checked plan into memory.
pub fn render(
    plan: &CheckedPlan,
    templates: &Templates,
    pdf: &PdfWriter,
    out_dir: &Path,
    options: &RenderOptions,
) -> Result<Vec<OutputFile>, RenderError> {
    let composed: Composed = compose(plan, templates).map_err(RenderError::Template)?;
    render_composed(&composed, pdf, out_dir, options)
}

/// Writes a composed plan into memory (what [`check_file`] composed).
pub fn render_composed(
    composed: &Composed,
    pdf: &PdfWriter,
    out_dir: &Path,
    options: &RenderOptions,
) -> Result<Vec<OutputFile>, RenderError> {
    let mut documents = Vec::new();
    if options.parts != Parts::Appendices {
        documents.push(("ke-hoach".to_owned(), &composed.plan));
    }
    if options.parts != Parts::Plan {
        for (i, doc) in composed.appendices.iter().enumerate() {
            documents.push((format!("phu-luc-{}", i + 1), doc));
        }
    }
    // The DOCX files are written on a thread of their own while typst lays
    // out the PDF: with two cores or more they cost no wall time.
    let write_docxs = || {
        documents
            .iter()
            .map(|(_, document)| write_docx(document))
            .collect::<Result<Vec<_>, _>>()
    };
    let (pdfs, docxs) = std::thread::scope(|scope| {
        let thread = options.formats.docx().then(|| {
            std::thread::Builder::new()
                .stack_size(DOCX_STACK)
                .spawn_scoped(scope, write_docxs)
        });
        let pdfs = if options.formats.pdf() {
            pdf_bytes(composed, pdf, options.parts)
        } else {
            Ok(Vec::new())
        };
        let docxs = match thread {
            Some(Ok(thread)) => thread
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            // No thread to be had: written here, as before.
            Some(Err(_)) => write_docxs(),
            None => Ok(Vec::new()),
        };
        (pdfs, docxs)
    });
    let mut pdfs = pdfs?.into_iter();
    let mut docxs = docxs.map_err(RenderError::Docx)?.into_iter();
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
                bytes: pdfs.next().expect("one PDF per document"),
            });
        }
        if options.formats.docx() {
            files.push(OutputFile {
                path: out_dir.join(format!("{stem}.docx")),
                bytes: docxs.next().expect("one DOCX per document"),
            });
        }
    }
    Ok(files)
}

/// The PDFs of the documents `parts` asks for, in `render`'s order, from
/// one layout: each appendix is cut from the document it is laid out in.
/// Without the plan, that document holds only the appendices (laying out
/// the plan's body just to drop it would cost more).
fn pdf_bytes(
    composed: &Composed,
    pdf: &PdfWriter,
    parts: Parts,
) -> Result<Vec<Vec<u8>>, RenderError> {
    if parts == Parts::Plan {
        return Ok(vec![pdf.write(&composed.plan).map_err(RenderError::Pdf)?]);
    }
    let titles: Vec<&str> = composed
        .appendices
        .iter()
        .map(|a| a.meta.title.as_str())
        .collect();
    let only_appendices;
    let laid_out = match parts {
        Parts::Appendices if titles.is_empty() => return Ok(Vec::new()),
        Parts::Appendices => {
            only_appendices = Document {
                meta: composed.plan.meta.clone(),
                parts: composed
                    .appendices
                    .iter()
                    .flat_map(|a| a.parts.iter().cloned())
                    .collect(),
            };
            &only_appendices
        }
        _ => &composed.plan,
    };
    let split = pdf
        .write_split(laid_out, parts != Parts::Appendices, &titles)
        .map_err(RenderError::Pdf)?;
    Ok(split.whole.into_iter().chain(split.appendices).collect())
}
