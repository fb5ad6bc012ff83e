//! Writing a checked, composed plan into memory: its PDF and DOCX files,
//! the DOCX on a thread of its own while typst lays out the PDF.

use std::path::{Path, PathBuf};

use crate::compose::Composed;
use crate::doc::Document;
use crate::write::docx::write_docx;
use crate::write::pdf::PdfWriter;

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

/// Why writing the documents of a valid plan failed.
#[derive(Debug)]
pub enum RenderError {
    Pdf(crate::write::pdf::PdfError),
    Docx(crate::write::docx::DocxError),
}

impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RenderError::Pdf(e) => e.fmt(f),
            RenderError::Docx(e) => write!(f, "không dựng được DOCX: {e}"),
        }
    }
}

/// Stack of the DOCX thread: the writer recurses over the document, as on
/// the batch's worker threads (`batch::WORKER_STACK`); only what is used is
/// ever committed.
const DOCX_STACK: usize = 64 * 1024 * 1024;

/// Writes a composed plan into memory (what
/// [`check_file`](super::check_file) composed).
pub fn render(
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
