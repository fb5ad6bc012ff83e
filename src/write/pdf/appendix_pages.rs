//! The pages of each appendix inside a laid-out document, found from the
//! layout itself: `source.rs` opens every appendix part with the labelled
//! metadata `<kehoach-phu-luc>` (the same mark the page header reads to
//! hide the number on an appendix's first page). An appendix runs from its
//! mark's page to the page before the next mark, or to the last page — an
//! appendix is one part, and every part starts on a new page.
//!
//! Since appendix pages are numbered on their own inside the combined
//! document, these pages *are* the standalone `phu-luc-N.pdf`: exporting
//! them saves laying every appendix out a second time.

use std::ops::Range;

use typst::foundations::{Label, Selector};
use typst::model::Document as _;
use typst::utils::PicoStr;
use typst_layout::PagedDocument;

/// The label `source.rs` puts at the start of each appendix.
const APPENDIX_MARK: &str = "kehoach-phu-luc";

/// The page indices (from 0) of each appendix of `doc`, in order.
pub fn appendix_pages(doc: &PagedDocument) -> Vec<Range<usize>> {
    let Some(label) = Label::new(PicoStr::intern(APPENDIX_MARK)) else {
        return Vec::new();
    };
    let introspector = doc.introspector();
    let starts: Vec<usize> = introspector
        .elements()
        .query(&Selector::Label(label))
        .iter()
        .filter_map(|element| introspector.position(element.location()?))
        .map(|position| position.page.get() - 1)
        .collect();
    let ends = starts.iter().skip(1).copied().chain([doc.pages().len()]);
    starts
        .iter()
        .zip(ends)
        .map(|(&start, end)| start..end)
        .collect()
}

/// The pages `range` of `doc` as a document of their own, titled `title`.
///
/// A new document of the same laid-out pages rather than typst_pdf's
/// `page_ranges`: typst refuses to tag a PDF exported as a page range, and
/// the standalone appendix files have always been tagged. Only the
/// introspector is rebuilt (a walk over the pages' frames); nothing is laid
/// out again.
pub fn sub_document(doc: &PagedDocument, range: Range<usize>, title: &str) -> PagedDocument {
    let pages = doc.pages()[range].iter().cloned().collect();
    let mut info = doc.info().clone();
    info.title = Some(title.into());
    PagedDocument::new(pages, info)
}
