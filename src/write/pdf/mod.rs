//! Document tree → PDF, through typst used as a library.
//!
//! `source` (tree → typst source) needs no typst crate and is always built;
//! compiling and exporting need the `render` feature.

#[cfg(feature = "render")]
mod acroform;
#[cfg(feature = "render")]
mod appendix_pages;
#[cfg(feature = "render")]
mod fonts;
#[cfg(feature = "render")]
mod live;
#[cfg(feature = "render")]
mod pdf_syntax;
#[cfg(feature = "render")]
mod signature_room;
mod source;
#[cfg(feature = "render")]
mod world;
#[cfg(feature = "render")]
mod writer;

#[cfg(feature = "render")]
pub use fonts::FontSet;
#[cfg(feature = "render")]
pub use live::{LiveCompiler, LivePages, PageView};
#[cfg(feature = "render")]
pub use signature_room::{SEAL_FIELD, SIGNER_FIELD};
pub use source::{document_source, literal};
#[cfg(feature = "render")]
pub use writer::{PdfError, PdfFlavour, PdfWriter, SplitPdf};

/// Forgets what typst memoised of earlier layouts: a batch must not keep
/// every plan's (measured: 104 MB for 200 plans, not 2.5 GB).
#[cfg(feature = "render")]
pub fn forget_layouts() {
    typst::comemo::evict(0);
}
