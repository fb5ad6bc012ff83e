//! One plan checked: each subject checked into its part, then the parts
//! put together, with nothing worked out a second time.

use super::checked::{CheckedPlan, Header, Originals};
use super::{appendices, bounds, groups, header, hints, indicators, placeholders};
use super::{sections, signer, tasks, units, values};
use crate::diagnostic::Diagnostic;
use crate::plan::Plan;
use crate::templates::Templates;

/// Checks one plan whose adjustment appendices' originals were checked
/// already (`originals`): every diagnostic of its own, ordered by position,
/// and the checked plan when none is an error (warnings allowed). Each
/// subject returns its part together with its problems; the plan is the
/// parts put together, with nothing worked out a second time.
pub(super) fn check_plan(
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
