//! One render of the previewed plan: check it, and when it is valid lay out
//! the combined document (plan and appendices) with a World kept alive
//! across renders. Each page is drawn as SVG only when the browser asks for
//! it, and pages that did not change since the last render keep theirs
//! (drawing costs more than hashing).

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::diagnostic::{Diagnostic, Severity};
use crate::doc::Document;
use crate::limits::LIMITS;
use crate::pipeline::check_file;
use crate::templates::Templates;
use crate::write::pdf::{LiveCompiler, PageView, PdfWriter};

/// One problem as the page lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub error: bool,
    pub message: String,
    pub key: Option<String>,
    /// 1-based line and column in the plan.
    pub line_col: Option<(usize, usize)>,
    pub help: Option<String>,
    /// The rustc-style rendering, with the plan's line and a caret.
    pub snippet: String,
}

/// What one render produced.
pub struct Rendered {
    pub problems: Vec<Problem>,
    /// How many problems were not listed (beyond the first hundred).
    pub hidden: usize,
    /// The laid-out document, when the plan is valid and typst laid it out.
    pub pages: Option<Vec<PageView>>,
    /// The document tree the pages show (for the PDF/DOCX downloads).
    pub document: Option<Arc<Document>>,
    /// Where the time went: check + compose + source, typst's layout, page
    /// views.
    pub timings: Timings,
}

/// Time of each step of a render, and how many pages changed (their SVG is
/// drawn when the browser asks for it).
#[derive(Debug, Default, Clone, Copy)]
pub struct Timings {
    pub check: Duration,
    pub layout: Duration,
    pub index: Duration,
    pub pages_changed: usize,
}

/// Renders a plan again and again, keeping typst's work between renders.
pub struct Renderer {
    templates: Templates,
    pdf: Arc<PdfWriter>,
    live: LiveCompiler,
    /// Each page of the last render, by its hash.
    drawn: HashMap<u128, PageView>,
}

impl Renderer {
    pub fn new(templates: Templates, pdf: Arc<PdfWriter>, live: LiveCompiler) -> Self {
        Renderer {
            templates,
            pdf,
            live,
            drawn: HashMap::new(),
        }
    }

    /// Checks and lays out the plan at `path` as it is now on disk.
    pub fn render(&mut self, path: &Path) -> Rendered {
        let started = Instant::now();
        let checked = check_file(path, &self.templates);
        let display = checked.source().display_path();
        let text = &checked.source().text;
        let mut problems: Vec<Problem> = checked
            .diagnostics()
            .iter()
            .take(LIMITS.shown_diagnostics)
            .map(|d| problem(d, &display, text))
            .collect();
        let hidden = checked
            .diagnostics()
            .len()
            .saturating_sub(LIMITS.shown_diagnostics);
        let mut rendered = Rendered {
            problems: Vec::new(),
            hidden,
            pages: None,
            document: None,
            timings: Timings::default(),
        };
        if let Some(valid) = checked.valid {
            // `check_file` composed it already.
            match valid.composed {
                Ok(composed) => {
                    let source = self.pdf.source(&composed.plan);
                    rendered.timings.check = started.elapsed();
                    let laying_out = Instant::now();
                    let laid_out = self.live.compile(&source);
                    rendered.timings.layout = laying_out.elapsed();
                    match laid_out {
                        Ok(laid_out) => {
                            let indexing = Instant::now();
                            // Pages laid out as before keep their view (and
                            // the SVG drawn for it).
                            let (pages, drawn) = laid_out.views(&self.drawn);
                            self.drawn = pages.iter().map(|v| (v.hash, v.clone())).collect();
                            rendered.timings.index = indexing.elapsed();
                            rendered.timings.pages_changed = drawn;
                            rendered.pages = Some(pages);
                            rendered.document = Some(Arc::new(composed.plan));
                        }
                        Err(e) => problems.push(whole_file_error(e.to_string())),
                    }
                }
                Err(e) => problems.push(whole_file_error(e.to_string())),
            }
        }
        if rendered.timings.check.is_zero() {
            rendered.timings.check = started.elapsed();
        }
        rendered.problems = problems;
        rendered
    }
}

fn problem(d: &Diagnostic, path: &str, text: &str) -> Problem {
    Problem {
        error: d.severity == Severity::Error,
        message: d.message.clone(),
        key: d.key.clone(),
        line_col: d.line_col(text),
        help: d.help.clone(),
        snippet: d.render(path, text),
    }
}

/// A render failure of a valid plan (a template or typst refused it).
fn whole_file_error(message: String) -> Problem {
    Problem {
        error: true,
        message,
        key: None,
        line_col: None,
        help: Some(
            "đây là lỗi của mẫu hoặc của kehoach, không phải của kế hoạch; `kehoach render` cũng sẽ báo lỗi này"
                .to_owned(),
        ),
        snippet: String::new(),
    }
}
