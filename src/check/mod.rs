//! Validation: every problem of a plan at once, as diagnostics, and for a
//! plan without errors the checked plan that `compose` reads.
//!
//! `plan::load` reports what breaks the structure (syntax, types, unknown
//! keys). Here each subject of a plan is one function that checks it and
//! builds its checked part in the same pass: `header`, `units`, `groups`,
//! `indicators`, `tasks`, `signer`, `sections`, `appendices`, and
//! `originals` for what adjustments compare with. Then the passes that
//! only warn or bound: `bounds`, `placeholders`, `hints`, `glyphs`.
//! `checked` holds the types that carry what was proved; `values` the
//! checks of single values every subject shares; `compare` and `printed`
//! what versions of a checked plan share (matching, printing).

mod appendices;
pub mod bounds;
pub mod checked;
pub mod compare;
#[cfg(test)]
pub mod fixture;
pub mod glyphs;
mod groups;
mod header;
mod hints;
mod indicators;
mod originals;
pub mod placeholders;
mod plan;
mod printed;
#[cfg(test)]
mod rules_tests;
mod sections;
mod signer;
mod tasks;
mod units;
mod values;

pub use crate::diagnostic::{Diagnostic, Severity};
pub use checked::CheckedPlan;

use crate::plan::PlanFiles;
use crate::templates::Templates;

/// What checking a plan and its originals found.
#[derive(Debug)]
pub struct Report {
    /// The diagnostics of each file of the `PlanFiles` checked, in its
    /// order (the plan's first), each ordered by position.
    pub files: Vec<Vec<Diagnostic>>,
    /// The checked plan, when it has no error (warnings allowed).
    pub plan: Option<CheckedPlan>,
}

impl Report {
    /// The plan's own diagnostics.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        self.files.first().map_or(&[], Vec::as_slice)
    }
}

/// Checks a plan (the first of `files`) with the originals its adjustment
/// appendices name, every file once: all problems of each, and the
/// checked plan. Reads nothing from the disk: `files` holds what was read.
pub fn check(files: &PlanFiles, templates: &Templates) -> Report {
    let mut walk = originals::Walk::new(files, templates);
    walk.check(0);
    let (files, plan) = walk.finish();
    Report { files, plan }
}
