//! What the plan targets share: the embedded templates, the families the
//! real writer asks for, and the checks made of every diagnostic and every
//! composed document.

use std::sync::OnceLock;

use kehoach::check::{Diagnostic, Severity};
use kehoach::compose::Composed;
use kehoach::templates::Templates;
use kehoach::write::docx::write_docx;
use kehoach::write::pdf::document_source;

/// The families the real writer asks for (office font first).
const FAMILIES: &[&str] = &["Times New Roman", "Liberation Serif"];

pub fn templates() -> &'static Templates {
    static TEMPLATES: OnceLock<Templates> = OnceLock::new();
    TEMPLATES.get_or_init(Templates::embedded)
}

/// How many diagnostics of one file the CLI renders: each rendering passes
/// over the whole text, so rendering all of the thousands a generated 40 KB
/// plan can raise took 30 s for one input, which is a cost of this harness,
/// not of kehoach.
const SHOWN: usize = kehoach::limits::LIMITS.shown_diagnostics;

/// Renders the diagnostics of the file `name` against its `text`, as the
/// CLI and the preview do: a level first, a place inside the text.
pub fn render_all(diagnostics: &[Diagnostic], name: &str, text: &str) {
    for d in diagnostics.iter().take(SHOWN) {
        let shown = d.render(name, text);
        // The message itself may be shown with its tabs expanded and its
        // control characters replaced, so only the level is compared.
        let level = match d.severity {
            Severity::Error => "lỗi: ",
            Severity::Warning => "cảnh báo: ",
        };
        assert!(shown.starts_with(level), "not a {level} rendering: {shown}");
        if let Some((line, column)) = d.line_col(text) {
            assert!(line >= 1 && column >= 1, "line:column {line}:{column}");
            assert!(
                line <= text.matches('\n').count() + 1,
                "line {line} past the end"
            );
        }
    }
}

/// The typst source of every document (plan and appendices), each with
/// its page style, and its DOCX, which may be refused (a reported error)
/// but never crash. The sources are returned, to be compared.
pub fn write_all(composed: &Composed) -> Vec<String> {
    let mut sources = Vec::new();
    for document in std::iter::once(&composed.plan).chain(&composed.appendices) {
        let source = document_source(document, FAMILIES);
        assert!(source.contains("#let nd30-meta"), "no page style");
        if let Ok(bytes) = write_docx(document) {
            assert!(bytes.starts_with(b"PK\x03\x04"), "not a zip archive");
        }
        sources.push(source);
    }
    sources
}
