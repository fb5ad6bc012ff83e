//! A problem found in a plan, and how it is shown to a clerk: rustc-style,
//! in Vietnamese, drawn by `annotate-snippets`.

use std::ops::Range;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

/// How bad a problem is: errors stop `render`, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem, located by a byte span in the plan's source text.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// What is wrong, one sentence in Vietnamese.
    pub message: String,
    /// Where; `None` for problems of the file as a whole.
    pub span: Option<Range<usize>>,
    /// The dotted key path (`chi_tieu[3].chu_tri`), when known.
    pub key: Option<String>,
    /// How to fix it (printed after "gợi ý:").
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error at `span`.
    pub fn error(message: impl Into<String>, span: Option<Range<usize>>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            span,
            key: None,
            help: None,
        }
    }

    /// A warning at `span`.
    pub fn warning(message: impl Into<String>, span: Option<Range<usize>>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message, span)
        }
    }

    /// Adds the "gợi ý" line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Names the key the problem is about.
    pub fn with_key(mut self, key: impl Into<String>) -> Self {
        self.key = Some(key.into());
        self
    }

    /// 1-based line and column (in characters) of the span's start.
    pub fn line_col(&self, text: &str) -> Option<(usize, usize)> {
        let start = self.span.as_ref()?.start.min(text.len());
        let before = &text[..floor_char_boundary(text, start)];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        Some((line, column))
    }

    /// Renders the diagnostic as rustc does, with the file's line and a caret.
    pub fn render(&self, path: &str, text: &str) -> String {
        let level = match self.severity {
            Severity::Error => Level::ERROR.with_name(Some("lỗi")),
            Severity::Warning => Level::WARNING.with_name(Some("cảnh báo")),
        };
        let title = match &self.key {
            Some(key) => format!("{} (khóa `{key}`)", self.message),
            None => self.message.clone(),
        };
        let mut group = Group::with_title(level.primary_title(title));
        match &self.span {
            Some(span) if !text.is_empty() => {
                let span = clamp_span(text, span.clone());
                // Only the lines the span covers go to the renderer, which
                // reads its whole source on every call: a hundred diagnostics
                // on a large plan were a hundred passes over the file.
                let (window, first_line, offset) = lines_around(text, &span);
                group = group.element(
                    Snippet::source(window)
                        .path(path)
                        .line_start(first_line)
                        .fold(true)
                        .annotation(
                            AnnotationKind::Primary.span(span.start - offset..span.end - offset),
                        ),
                );
            }
            _ => {
                group = group.element(annotate_snippets::Origin::path(path));
            }
        }
        if let Some(help) = &self.help {
            group = group.element(Level::HELP.with_name(Some("gợi ý")).message(help.as_str()));
        }
        Renderer::plain().render(&[group]).to_string()
    }
}

/// Keeps a span inside the text and on character boundaries, so a span from
/// a parser's recovery can never make the renderer panic.
fn clamp_span(text: &str, span: Range<usize>) -> Range<usize> {
    let start = floor_char_boundary(text, span.start.min(text.len()));
    let mut end = floor_char_boundary(text, span.end.min(text.len()).max(start));
    if end == start && start < text.len() {
        // Point at one whole character rather than nothing.
        end = start + text[start..].chars().next().map_or(0, char::len_utf8);
    }
    start..end
}

/// The whole lines of `text` that `span` touches, the 1-based number of the
/// first one, and the byte offset where they start.
fn lines_around<'t>(text: &'t str, span: &Range<usize>) -> (&'t str, usize, usize) {
    let start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let end = text[span.end..]
        .find('\n')
        .map_or(text.len(), |i| span.end + i);
    let first_line = text[..start].matches('\n').count() + 1;
    (&text[start..end], first_line, start)
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while index > 0 && !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters_not_bytes() {
        let text = "a = 1\nten = \"Quảng Ngọc\" x\n";
        let at = text.find('x').unwrap();
        let d = Diagnostic::error("sai", Some(at..at + 1));
        assert_eq!(d.line_col(text), Some((2, 20)));
    }

    #[test]
    fn render_shows_path_line_caret_and_help() {
        let text = "[van_ban]\nxa = 3\n";
        let d = Diagnostic::error("sai kiểu", Some(15..16))
            .with_help("viết tên xã trong dấu ngoặc kép");
        let out = d.render("plans/x.toml", text);
        assert!(out.starts_with("lỗi: sai kiểu"), "{out}");
        assert!(out.contains("--> plans/x.toml:2:6"), "{out}");
        assert!(out.contains("xa = 3"), "{out}");
        assert!(out.contains('^'), "{out}");
        assert!(out.contains("gợi ý: viết tên xã"), "{out}");
    }

    #[test]
    fn out_of_range_spans_do_not_panic() {
        let text = "ả";
        let d = Diagnostic::error("x", Some(1..99));
        let _ = d.render("a.toml", text);
        assert_eq!(d.line_col(text), Some((1, 1)));
    }
}
