//! Paragraph ids (`w14:paraId`) that depend only on the document tree.
//!
//! docx-rs gives each new paragraph an id from a thread-local counter that
//! keeps running from one document to the next, so writing the same tree
//! twice on one thread would give different bytes. Every paragraph this
//! writer makes takes its id from here instead. The range starts far above
//! the small ids docx-rs itself gives, while packing, to the paragraphs that
//! carry section breaks, so the two never collide.

use std::cell::Cell;

use docx_rs::Paragraph;

/// The first id handed out; ids stay below 0x8000_0000 as Word requires.
const FIRST_ID: u32 = 0x0010_0000;

/// Hands out new paragraphs with ids in document order.
#[derive(Debug)]
pub(super) struct ParaIds {
    next: Cell<u32>,
}

impl ParaIds {
    pub(super) fn new() -> Self {
        ParaIds {
            next: Cell::new(FIRST_ID),
        }
    }

    /// A new, empty paragraph with the next id.
    pub(super) fn paragraph(&self) -> Paragraph {
        let id = self.next.get();
        self.next.set(id + 1);
        Paragraph::new().id(format!("{id:08X}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_count_up_from_the_same_start_for_every_document() {
        let first = ParaIds::new();
        let a = first.paragraph().id;
        let b = first.paragraph().id;
        assert_eq!(a, "00100000");
        assert_eq!(b, "00100001");
        assert_eq!(ParaIds::new().paragraph().id, a);
    }
}
