//! Writers: the document tree to file formats. They see only `doc`.

pub mod pdf;
