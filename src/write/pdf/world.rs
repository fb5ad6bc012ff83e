//! The sandboxed typst `World`: the generated source and the fonts, nothing
//! else. No file system, no packages, no clock: `#read`, `#include`,
//! `#import "@preview/…"` and `datetime.today()` all fail.

use std::sync::Arc;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use crate::write::pdf::fonts::FontSet;

/// One compilation: a library, the fonts and the main source.
pub struct SandboxWorld {
    library: Arc<LazyHash<Library>>,
    fonts: Arc<FontSet>,
    main: Source,
}

/// The one file id this World serves. Interned once per process: typst's
/// interner never frees ids, so minting one per document would leak.
fn main_id() -> FileId {
    static ID: std::sync::OnceLock<FileId> = std::sync::OnceLock::new();
    *ID.get_or_init(|| {
        let path = VirtualPath::new("/main.typ").expect("a constant, valid path");
        RootedPath::new(VirtualRoot::Project, path).intern()
    })
}

/// The standard library, built once.
pub fn library() -> Arc<LazyHash<Library>> {
    static LIBRARY: std::sync::OnceLock<Arc<LazyHash<Library>>> = std::sync::OnceLock::new();
    LIBRARY
        .get_or_init(|| Arc::new(LazyHash::new(Library::default())))
        .clone()
}

impl SandboxWorld {
    pub fn new(fonts: Arc<FontSet>, source: String) -> Self {
        SandboxWorld {
            library: library(),
            fonts,
            main: Source::new(main_id(), source),
        }
    }

    /// Replaces the main source, reparsing only what changed: unchanged
    /// nodes keep their spans, so typst's memoized layout of them is
    /// reused by the next compile (the live preview).
    pub fn replace(&mut self, source: &str) {
        self.main.replace(source);
    }
}

impl World for SandboxWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.fonts.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() {
            Ok(Bytes::from_string(self.main.clone()))
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        // No clock: output must not depend on the day it is made.
        None
    }
}
