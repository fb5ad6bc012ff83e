//! Compiling one document again and again as its source changes (the live
//! preview): the World, its fonts and its parsed source stay alive between
//! compiles, so typst's memoization (comemo) re-lays-out only what the
//! change touched.

use std::sync::Arc;

use typst_layout::PagedDocument;

use crate::write::pdf::PdfError;
use crate::write::pdf::fonts::FontSet;
use crate::write::pdf::page_view::{LaidOut, PageView};
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
    pub fn compile(&mut self, source: &str) -> Result<LaidOut, PdfError> {
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
        result
            .map(LaidOut)
            .map_err(|errors| PdfError::from_diagnostics(&errors))
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
        // Pages laid out as before keep their view (and the SVG drawn for it).
        let (views, changed) = laid_out.views(&self.drawn);
        self.drawn = views.iter().map(|v| (v.hash, v.clone())).collect();
        Ok((views, changed))
    }
}
