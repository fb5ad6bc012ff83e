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

use checked::{Header, Originals};

use crate::plan::{Plan, PlanFiles};
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

/// Checks one plan whose adjustment appendices' originals were checked
/// already (`originals`): every diagnostic of its own, ordered by position,
/// and the checked plan when none is an error (warnings allowed). Each
/// subject returns its part together with its problems; the plan is the
/// parts put together, with nothing worked out a second time.
pub(crate) fn check_plan(
    plan: &Plan,
    templates: &Templates,
    originals: &Originals,
) -> (Option<CheckedPlan>, Vec<Diagnostic>) {
    let mut found = values::Found::default();
    let header = header::header(&mut found, plan, templates);
    let (units, units_part) = units::units(&mut found, plan);
    let (indicator_groups, task_groups) = groups::groups(&mut found, plan);
    let indicators = indicators::indicators(&mut found, plan, &units);
    let tasks = tasks::tasks(&mut found, plan, &units);
    let signer = signer::signer(&mut found, plan);
    let recipients = signer::recipients(&mut found, plan);
    let sections = sections::sections(
        &mut found,
        plan,
        templates,
        header.as_ref().and_then(|h| h.sub_items),
    );
    let appendices = appendices::appendices(&mut found, plan, originals);
    found.out.extend(bounds::bound_diagnostics(plan));
    found.out.extend(placeholders::placeholder_warnings(plan));
    found.out.extend(hints::warnings(plan));
    let valid = !found.has_errors();
    let mut diagnostics = found.out;
    diagnostics.sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
    let checked = match (
        header, units_part, indicators, tasks, signer, sections, appendices,
    ) {
        (
            Some(header),
            Some(units),
            Some(indicators),
            Some(tasks),
            Some(signer),
            Some(sections),
            Some(appendices),
        ) if valid => Some(CheckedPlan {
            kind: header.kind,
            header: Header {
                drafter: units.drafter,
                ..header.header
            },
            bases: sections.bases,
            opening: sections.opening,
            sections: sections.sections,
            closing: sections.closing,
            units: units.units,
            indicator_groups,
            indicators,
            task_groups,
            tasks,
            signer,
            recipients,
            appendices,
        }),
        _ => None,
    };
    (checked, diagnostics)
}
