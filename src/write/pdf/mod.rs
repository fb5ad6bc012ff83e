//! Document tree → PDF, through typst used as a library.
//!
//! `source` (tree → typst source) needs no typst crate and is always built;
//! compiling and exporting need the `render` feature.

#[cfg(feature = "render")]
mod fonts;
mod source;
#[cfg(feature = "render")]
mod world;
#[cfg(feature = "render")]
mod writer;

#[cfg(feature = "render")]
pub use fonts::{FontSet, embedded_covers};
pub use source::{document_source, literal};
#[cfg(feature = "render")]
pub use writer::{PdfError, PdfFlavour, PdfWriter};
