//! Compiling the typst source of a document and exporting it as PDF.

use std::sync::Arc;

use typst::foundations::Smart;
use typst::layout::{Frame, FrameItem};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

use crate::doc::Document;
use crate::write::pdf::acroform::add_signature_fields;
use crate::write::pdf::appendix_pages::{appendix_pages, sub_document};
use crate::write::pdf::fonts::FontSet;
use crate::write::pdf::signature_room::{signature_fields, signature_room};
use crate::write::pdf::source::document_source;
use crate::write::pdf::world;

/// PDF flavours a clerk can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PdfFlavour {
    /// Plain PDF 1.7 (tagged).
    #[default]
    Standard,
    /// PDF/A-2b, for archiving and digital signature.
    A2b,
}

/// Turns documents into PDF bytes; holds the fonts, loaded once.
pub struct PdfWriter {
    fonts: Arc<FontSet>,
    flavour: PdfFlavour,
    /// Empty signature fields where the signature block was laid out.
    signature_fields: bool,
}

/// PDFs cut from one layout of a document: the whole, and each appendix
/// inside it as a file of its own.
pub struct SplitPdf {
    /// The whole document, when asked for.
    pub whole: Option<Vec<u8>>,
    /// Each appendix alone, in order.
    pub appendices: Vec<Vec<u8>>,
}

/// Why a PDF was not made.
#[derive(Debug, Clone, PartialEq)]
pub enum PdfError {
    /// PDF/A wants every character printed, and no font has this one
    /// (typst set it as the blank box).
    MissingGlyph(String),
    /// typst refused the generated source or its export (a bug of
    /// kehoach, not of the plan), in typst's words.
    Typst(String),
}

impl PdfError {
    /// typst's diagnostics, joined.
    pub(super) fn from_diagnostics(errors: &[typst::diag::SourceDiagnostic]) -> Self {
        let messages: Vec<String> = errors.iter().map(|e| e.message.to_string()).collect();
        PdfError::Typst(messages.join("; "))
    }
}

impl std::fmt::Display for PdfError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PdfError::MissingGlyph(text) => write!(
                f,
                "không dựng được PDF/A: chữ \"{text}\" không có trong phông chữ nhúng (PDF/A đòi mọi chữ đều in được); bỏ hoặc thay chữ này, hoặc dùng --font-dir với một phông có chữ này"
            ),
            PdfError::Typst(message) => write!(f, "không dựng được PDF: {message}"),
        }
    }
}

impl PdfWriter {
    pub fn new(fonts: Arc<FontSet>, flavour: PdfFlavour) -> Self {
        PdfWriter {
            fonts,
            flavour,
            signature_fields: true,
        }
    }

    /// No signature fields: a PDF for paper only (`--khong-o-ky`).
    #[must_use]
    pub fn without_signature_fields(mut self) -> Self {
        self.signature_fields = false;
        self
    }

    /// The typst source of `doc` (what `--emit-typst` writes).
    pub fn source(&self, doc: &Document) -> String {
        document_source(doc, &self.fonts.families())
    }

    /// Compiles `doc` and exports it, with signature fields where its
    /// signature block landed (if it has one and they are wanted).
    pub fn write(&self, doc: &Document) -> Result<Vec<u8>, PdfError> {
        let source = self.source(doc);
        let pages = self.compile(source)?;
        let pdf = self.export(&pages, &doc.meta.title)?;
        self.sign(&pages, pdf)
    }

    /// Lays `doc` out once and exports the whole of it (if `whole`) and
    /// each of its appendices alone, titled `appendix_titles` in order —
    /// the pages a standalone appendix file would have, numbers and all,
    /// without laying them out again.
    pub fn write_split(
        &self,
        doc: &Document,
        whole: bool,
        appendix_titles: &[&str],
    ) -> Result<SplitPdf, PdfError> {
        let pages = self.compile(self.source(doc))?;
        let whole = if whole {
            Some(self.sign(&pages, self.export(&pages, &doc.meta.title)?)?)
        } else {
            None
        };
        let appendices = self.export_appendices(&pages, appendix_titles)?;
        Ok(SplitPdf { whole, appendices })
    }

    /// Exports each appendix of laid-out `pages` alone, titled
    /// `appendix_titles` in order (one title per appendix it holds).
    pub fn export_appendices(
        &self,
        pages: &PagedDocument,
        appendix_titles: &[&str],
    ) -> Result<Vec<Vec<u8>>, PdfError> {
        let ranges = appendix_pages(pages);
        if ranges.len() != appendix_titles.len() {
            return Err(PdfError::Typst(format!(
                "bản dàn trang có {} phụ lục, văn bản có {}",
                ranges.len(),
                appendix_titles.len()
            )));
        }
        // No signature fields: an appendix has no signature block.
        ranges
            .into_iter()
            .zip(appendix_titles)
            .map(|(range, title)| self.export(&sub_document(pages, range, title), title))
            .collect()
    }

    /// `pdf` (the export of `pages`) with signature fields where the
    /// signature block landed, if it has one and they are wanted.
    fn sign(&self, pages: &PagedDocument, pdf: Vec<u8>) -> Result<Vec<u8>, PdfError> {
        match signature_room(pages) {
            Some(room) if self.signature_fields => {
                add_signature_fields(&pdf, &signature_fields(&room))
                    .map_err(|e| PdfError::Typst(format!("không thêm được ô ký số: {}", e.0)))
            }
            _ => Ok(pdf),
        }
    }

    /// Lays out a typst source.
    pub fn compile(&self, source: String) -> Result<PagedDocument, PdfError> {
        let world = world::SandboxWorld::new(self.fonts.clone(), source);
        let result = typst::compile::<PagedDocument>(&world).output;
        result.map_err(|errors| PdfError::from_diagnostics(&errors))
    }

    /// Exports laid-out pages.
    pub fn export(&self, pages: &PagedDocument, ident: &str) -> Result<Vec<u8>, PdfError> {
        let standards = match self.flavour {
            PdfFlavour::Standard => PdfStandards::default(),
            PdfFlavour::A2b => PdfStandards::new(&[PdfStandard::A_2b])
                .map_err(|e| PdfError::Typst(e.message().to_string()))?,
        };
        let options = PdfOptions {
            ident: Smart::Custom(ident.to_owned()),
            creator: Smart::Custom(Some("kehoach".to_owned())),
            timestamp: None,
            standards,
            ..PdfOptions::default()
        };
        typst_pdf::pdf(pages, &options).map_err(|errors| {
            // What PDF/A refuses that the clerk can fix, found in the
            // layout itself rather than in typst's English message.
            match missing_glyph(pages) {
                Some(text) if self.flavour == PdfFlavour::A2b => PdfError::MissingGlyph(text),
                _ => PdfError::from_diagnostics(&errors),
            }
        })
    }
}

/// The text of the first glyph laid out as the blank box (glyph 0: no
/// font has the character), on any page.
fn missing_glyph(pages: &PagedDocument) -> Option<String> {
    fn in_frame(frame: &Frame) -> Option<String> {
        frame.items().find_map(|(_, item)| match item {
            FrameItem::Group(group) => in_frame(&group.frame),
            FrameItem::Text(run) => run
                .glyphs
                .iter()
                .find(|g| g.id == 0)
                .map(|g| run.text[g.range()].to_string()),
            _ => None,
        })
    }
    pages.pages().iter().find_map(|page| in_frame(&page.frame))
}
