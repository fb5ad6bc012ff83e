//! Import: last year's plan, in Word (`.docx`) or as copied text (`.txt`,
//! `.md`), becomes a plan file. Three steps, each testable alone, as in
//! pandoc: `read` (bytes → the block model of `blocks`: paragraphs of runs,
//! tables), `recognise` (blocks → a `draft` of the plan and a report of
//! what was recognised and guessed), `write` (the draft → plan text,
//! through the shared edit module). The recogniser sees neither zip files
//! nor TOML; nothing here touches the file system, so the editor page and
//! the browser build call [`import`] with the bytes they have.

pub mod blocks;
pub mod draft;
pub mod read;
pub mod recognise;
pub mod report;
pub mod write;

pub use report::Report;

/// Why a file could not be imported: what is wrong with which file, and
/// how to fix it, in Vietnamese.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    pub message: String,
    pub help: String,
}

impl ImportError {
    pub fn new(message: impl Into<String>, help: impl Into<String>) -> ImportError {
        ImportError {
            message: message.into(),
            help: help.into(),
        }
    }
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}\ngợi ý: {}", self.message, self.help)
    }
}

impl std::error::Error for ImportError {}

/// What an import made: the plan file's text and the report.
#[derive(Debug, Clone)]
pub struct Imported {
    pub plan: String,
    pub report: Report,
}

/// Imports the file `bytes`, named `file_name` (its name only: it goes
/// into messages and the plan's first comment), as a plan of kind `kind`
/// when given (a template folder name, e.g. "chi-tieu"), else of the kind
/// its structure shows.
pub fn import(bytes: &[u8], file_name: &str, kind: Option<&str>) -> Result<Imported, ImportError> {
    let source = read::read(bytes, file_name)?;
    let (draft, report) = recognise::recognise(&source, kind);
    let plan = write::write(&draft, file_name).map_err(|e| {
        ImportError::new(
            format!("`{file_name}`: không ghi được tệp kế hoạch ({e})"),
            "đây là lỗi của kehoach; xin gửi tệp này cho người phát triển",
        )
    })?;
    Ok(Imported { plan, report })
}
