//! Writers: the document tree to file formats. They see only `doc`.

#[cfg(feature = "docx")]
pub mod docx;
pub mod pdf;
