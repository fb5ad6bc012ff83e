//! Document tree → PDF, through typst used as a library.
//!
//! `source` (tree → typst source) needs no typst crate and is always built;
//! compiling and exporting need the `pdf` feature, pages as SVG `svg`.

#[cfg(feature = "pdf")]
mod acroform;
#[cfg(feature = "pdf")]
mod appendix_pages;
#[cfg(feature = "pdf")]
mod fonts;
#[cfg(feature = "svg")]
mod live;
#[cfg(feature = "pdf")]
mod pdf_syntax;
#[cfg(feature = "pdf")]
mod signature_room;
mod source;
#[cfg(feature = "pdf")]
mod world;
#[cfg(feature = "pdf")]
mod writer;

#[cfg(feature = "pdf")]
pub use fonts::FontSet;
#[cfg(feature = "svg")]
pub use live::{LiveCompiler, LivePages, PageView};
#[cfg(feature = "pdf")]
pub use signature_room::{SEAL_FIELD, SIGNER_FIELD};
pub use source::{document_source, literal};
#[cfg(feature = "pdf")]
pub use writer::{PdfError, PdfFlavour, PdfWriter, SplitPdf};

/// Forgets what typst memoised of earlier layouts: a batch must not keep
/// every plan's (measured: 104 MB for 200 plans, not 2.5 GB).
#[cfg(feature = "pdf")]
pub fn forget_layouts() {
    typst::comemo::evict(0);
}
