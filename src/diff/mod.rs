//! What changed between two versions of a plan, at the level a commune
//! talks about (an indicator renamed, a target raised, a deadline moved, a
//! budget and its total), and where each change shows in the documents.
//!
//! `changes` compares the checked plans (ids are identity: same id, new
//! name is a rename); `places` finds where each change is printed by
//! composing both versions and looking at what differs; `report` prints
//! it all in Vietnamese. Reading the old version (a file, stdin, a git
//! revision) is the command line's job.

mod changes;
mod places;
mod report;

use crate::check::CheckedPlan;
use crate::templates::Templates;

pub use report::{report, stale_lines};

/// The changes from one version of a plan to the next, in plan order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Changes {
    pub list: Vec<Change>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

/// One change, as a commune would say it.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// What it is about: "Chỉ tiêu 16 “Tỷ lệ người dân …”".
    pub subject: String,
    /// The same, short, for a sentence: "chỉ tiêu 16".
    pub short: String,
    pub kind: ChangeKind,
    /// Which of its facts changed ("chỉ tiêu giao", "thời hạn"); empty for
    /// an addition or a removal.
    pub aspect: String,
    /// The fact as printed before and after ("35,4%", "40%").
    pub old: Option<String>,
    pub new: Option<String>,
    /// Where the documents print it.
    pub places: Vec<Place>,
    /// Texts that, found in a part of the documents that differs, tie
    /// that part to this change.
    needles: Vec<String>,
    scope: Scope,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
}

/// A part of the documents.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Place {
    /// The header block, title and signing date.
    Header,
    /// A body part and item as numbered: ("III", Some("5")) is "mục III.5".
    Body(String, Option<String>),
    /// Signature and "Nơi nhận".
    Signature,
    /// Appendix `number` (1-based) as labelled ("Phụ lục I"), with the
    /// rows concerned ("16", "Tổng cộng"); none: its heading.
    Appendix {
        number: usize,
        label: String,
        rows: Vec<String>,
    },
}

/// Which parts of the documents a change may show in.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Scope {
    Anywhere,
    Header,
    Signature,
    /// One body part, by its Roman number.
    BodyPart(String),
    Appendices,
    Body,
}

impl Change {
    fn new(subject: String, short: String, kind: ChangeKind) -> Self {
        Change {
            subject,
            short,
            kind,
            aspect: String::new(),
            old: None,
            new: None,
            places: Vec::new(),
            needles: Vec::new(),
            scope: Scope::Anywhere,
        }
    }

    /// Whether output `file` ("ke-hoach.pdf", "phu-luc-1.docx") prints
    /// this change somewhere.
    pub fn shows_in(&self, file: &str) -> bool {
        let stem = file.split('.').next().unwrap_or(file);
        if stem == "ke-hoach" {
            return !self.places.is_empty();
        }
        let Some(n) = stem
            .strip_prefix("phu-luc-")
            .and_then(|n| n.parse::<usize>().ok())
        else {
            return false;
        };
        self.places
            .iter()
            .any(|p| matches!(p, Place::Appendix { number, .. } if *number == n))
    }
}

/// Compares two checked versions of a plan; `templates` compose both to
/// find where each change is printed.
pub fn compare(old: &CheckedPlan, new: &CheckedPlan, templates: &Templates) -> Changes {
    let mut list = changes::between(old, new);
    let old_doc = crate::compose::compose(old, templates).ok();
    let new_doc = crate::compose::compose(new, templates).ok();
    if let (Some(a), Some(b)) = (&old_doc, &new_doc) {
        list.extend(places::from_documents(&a.plan, &b.plan));
        places::locate(&mut list, &a.plan, &b.plan);
        let rows = places::unexplained_rows(&list, &a.plan, &b.plan);
        list.extend(rows);
    }
    Changes { list }
}
