//! Writers: the document tree to file formats. They see only `doc`.

#[cfg(feature = "render")]
pub mod docx;
pub mod pdf;
