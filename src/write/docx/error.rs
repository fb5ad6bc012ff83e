//! The DOCX writer's error: what went wrong, said in Vietnamese.

use std::fmt;

/// Why a DOCX could not be written.
#[derive(Debug)]
pub enum DocxError {
    /// docx-rs or the zip writer failed while writing or rewriting the archive.
    Archive(zip::result::ZipError),
    /// A package part that docx-rs always writes is missing or not what the
    /// finishing step expects (a docx-rs upgrade changed its output).
    Part {
        /// The part's name in the archive ("word/styles.xml").
        part: String,
        /// What was wrong with it, in Vietnamese.
        problem: &'static str,
    },
    /// The header rows marked to repeat differ from those the tree flagged.
    HeaderRows {
        /// Header rows in the tree's tables.
        expected: usize,
        /// Marks found in `word/document.xml`.
        found: usize,
    },
    /// A table row needs more columns than the table has.
    TableRow {
        /// Columns of the table (its `widths`).
        columns: usize,
        /// Columns the row's cells and the row spans from above need.
        needed: usize,
    },
}

impl fmt::Display for DocxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DocxError::Archive(error) => write!(f, "không ghi được tệp DOCX: {error}"),
            DocxError::Part { part, problem } => {
                write!(f, "không hoàn thiện được tệp DOCX: phần {part} {problem}")
            }
            DocxError::HeaderRows { expected, found } => write!(
                f,
                "không đánh dấu được hàng tiêu đề lặp lại của bảng: \
                 cần {expected} hàng, tìm thấy {found}"
            ),
            DocxError::TableRow { columns, needed } => write!(
                f,
                "bảng có {columns} cột nhưng một hàng của bảng cần {needed} cột"
            ),
        }
    }
}

impl std::error::Error for DocxError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            DocxError::Archive(error) => Some(error),
            _ => None,
        }
    }
}

impl From<zip::result::ZipError> for DocxError {
    fn from(error: zip::result::ZipError) -> Self {
        DocxError::Archive(error)
    }
}

impl From<std::io::Error> for DocxError {
    fn from(error: std::io::Error) -> Self {
        DocxError::Archive(zip::result::ZipError::Io(error))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_vietnamese() {
        let error = DocxError::HeaderRows {
            expected: 2,
            found: 1,
        };
        assert_eq!(
            error.to_string(),
            "không đánh dấu được hàng tiêu đề lặp lại của bảng: cần 2 hàng, tìm thấy 1"
        );
        let error = DocxError::TableRow {
            columns: 3,
            needed: 4,
        };
        assert_eq!(
            error.to_string(),
            "bảng có 3 cột nhưng một hàng của bảng cần 4 cột"
        );
    }
}
