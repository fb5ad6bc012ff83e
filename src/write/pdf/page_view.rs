//! Laid-out pages for a screen (the live preview): each page's size, text
//! and SVG, named by a hash of its layout so that a page laid out the same
//! as before keeps the SVG drawn for it. The typst types stay in here.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use typst::layout::{Frame, FrameItem};
use typst_layout::PagedDocument;

/// A laid-out document (`LiveCompiler::compile`).
pub struct LaidOut(pub(super) PagedDocument);

impl LaidOut {
    /// A view of each page, and how many are new: a page laid out as one
    /// of `known` (by hash) gets that view back, with its SVG if drawn.
    pub fn views(&self, known: &HashMap<u128, PageView>) -> (Vec<PageView>, usize) {
        let mut new = 0;
        let views = self
            .0
            .pages()
            .iter()
            .map(|page| {
                let hash = typst::utils::hash128(page);
                known.get(&hash).cloned().unwrap_or_else(|| {
                    new += 1;
                    PageView::new(page, hash)
                })
            })
            .collect();
        (views, new)
    }
}

/// One page as the browser shows it. Its SVG is drawn when first asked
/// for (the browser asks for the pages in view), then kept.
#[derive(Clone)]
pub struct PageView {
    /// The laid-out page's hash: the address of its SVG.
    pub hash: u128,
    /// Width and height in points (the browser reserves the room before
    /// the SVG arrives).
    pub size: (f64, f64),
    /// The page's text, in layout order: for screen readers and tests.
    pub text: Arc<str>,
    page: typst_layout::Page,
    svg: Arc<OnceLock<Arc<str>>>,
}

impl PageView {
    fn new(page: &typst_layout::Page, hash: u128) -> Self {
        PageView {
            hash,
            size: (page.frame.width().to_pt(), page.frame.height().to_pt()),
            text: page_text(&page.frame).into(),
            page: page.clone(),
            svg: Arc::new(OnceLock::new()),
        }
    }

    /// The page as SVG, drawn on first use.
    pub fn svg(&self) -> Arc<str> {
        self.svg
            .get_or_init(|| typst_svg::svg(&self.page, &typst_svg::SvgOptions::default()).into())
            .clone()
    }

    /// Whether the SVG is drawn already.
    pub fn is_drawn(&self) -> bool {
        self.svg.get().is_some()
    }
}

/// The text runs of a frame, in layout order, separated by spaces.
fn page_text(frame: &Frame) -> String {
    let mut out = String::new();
    collect_text(frame, &mut out);
    out
}

fn collect_text(frame: &Frame, out: &mut String) {
    for (_, item) in frame.items() {
        match item {
            FrameItem::Group(group) => collect_text(&group.frame, out),
            FrameItem::Text(run) => {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(&run.text);
            }
            _ => {}
        }
    }
}
