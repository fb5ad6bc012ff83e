//! Compiling one document again and again as its source changes (the live
//! preview): the World, its fonts and its parsed source stay alive between
//! compiles, so typst's memoization (comemo) re-lays-out only what the
//! change touched.

use std::sync::Arc;

use typst_layout::PagedDocument;

use crate::write::pdf::PdfError;
use crate::write::pdf::fonts::FontSet;
use crate::write::pdf::world::SandboxWorld;

/// How many compiles a memoized result survives unused. Small: the preview
/// needs only the previous compile's results, and memory must stay bounded
/// over an editing session of hours.
const MEMO_AGE: usize = 3;

/// A World kept across compiles; only its main source is replaced.
pub struct LiveCompiler {
    fonts: Arc<FontSet>,
    /// None until the first compile.
    world: Option<SandboxWorld>,
}

impl LiveCompiler {
    pub fn new(fonts: Arc<FontSet>) -> Self {
        LiveCompiler { fonts, world: None }
    }

    /// Lays out `source`, reusing what the previous compiles laid out.
    pub fn compile(&mut self, source: &str) -> Result<PagedDocument, PdfError> {
        let world = match &mut self.world {
            Some(world) => {
                world.replace(source);
                world
            }
            None => self
                .world
                .insert(SandboxWorld::new(self.fonts.clone(), source.to_owned())),
        };
        let result = typst::compile::<PagedDocument>(world).output;
        // Drops what the last few compiles did not use.
        typst::comemo::evict(MEMO_AGE);
        result.map_err(|errors| PdfError::from_diagnostics(&errors))
    }
}

/// One laid-out page as a viewer shows it. Its SVG is drawn when first
/// asked for (a browser asks for the pages in view), then kept.
#[derive(Clone)]
pub struct PageView {
    /// The laid-out page's hash: the address of its SVG.
    pub hash: u128,
    /// Width and height in points (a viewer reserves the room before the
    /// SVG arrives).
    pub size: (f64, f64),
    /// The page's text, in layout order: for screen readers, for finding
    /// where a value prints, and for tests.
    pub text: Arc<str>,
    page: typst_layout::Page,
    svg: Arc<std::sync::OnceLock<Arc<str>>>,
}

impl PageView {
    fn new(page: &typst_layout::Page, hash: u128) -> Self {
        PageView {
            hash,
            size: (page.frame.width().to_pt(), page.frame.height().to_pt()),
            text: page_text(&page.frame).into(),
            page: page.clone(),
            svg: Arc::new(std::sync::OnceLock::new()),
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

/// A [`LiveCompiler`] that also keeps the view of each page, so pages that
/// did not change since the last compile keep theirs (and their drawn SVG:
/// drawing costs more than hashing).
pub struct LivePages {
    compiler: LiveCompiler,
    drawn: std::collections::HashMap<u128, PageView>,
}

impl LivePages {
    pub fn new(fonts: Arc<FontSet>) -> Self {
        LivePages {
            compiler: LiveCompiler::new(fonts),
            drawn: std::collections::HashMap::new(),
        }
    }

    /// Lays out `source`; a view of each page, and how many pages are new.
    pub fn compile(&mut self, source: &str) -> Result<(Vec<PageView>, usize), PdfError> {
        let laid_out = self.compiler.compile(source)?;
        let mut changed = 0;
        let mut kept = std::collections::HashMap::with_capacity(laid_out.pages().len());
        let views = laid_out
            .pages()
            .iter()
            .map(|page| {
                let hash = typst::utils::hash128(page);
                let view = match self.drawn.get(&hash) {
                    Some(view) => view.clone(),
                    None => {
                        changed += 1;
                        PageView::new(page, hash)
                    }
                };
                kept.insert(hash, view.clone());
                view
            })
            .collect();
        self.drawn = kept;
        Ok((views, changed))
    }
}

/// The text runs of a frame, in layout order, separated by spaces.
fn page_text(frame: &typst::layout::Frame) -> String {
    let mut out = String::new();
    collect_text(frame, &mut out);
    out
}

fn collect_text(frame: &typst::layout::Frame, out: &mut String) {
    use typst::layout::FrameItem;
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
