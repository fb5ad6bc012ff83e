//! Validation: every problem of a plan at once, as diagnostics, and for a
//! plan without errors the checked plan that `compose` reads.
//!
//! `plan::load` reports what breaks the structure (syntax, types, unknown
//! keys); `rules` reports what breaks the meaning (dangling ids, impossible
//! dates, percentages over 100 …); `checked` turns a plan that passed into
//! the types that carry what was proved.

pub mod bounds;
pub mod checked;
#[cfg(test)]
pub mod fixture;
mod hints;
pub mod placeholders;
mod rules;
#[cfg(test)]
mod rules_tests;

pub use crate::diagnostic::{Diagnostic, Severity};
pub use checked::CheckedPlan;
pub use rules::check_plan;

use crate::plan::Plan;
use crate::templates::Templates;

/// Checks a plan: every diagnostic, ordered by position, and the checked
/// plan when there is no error (warnings allowed).
pub fn check(plan: &Plan, templates: &Templates) -> (Option<CheckedPlan>, Vec<Diagnostic>) {
    let mut diagnostics = check_plan(plan, templates);
    if diagnostics.iter().any(|d| d.severity == Severity::Error) {
        return (None, diagnostics);
    }
    let checked = checked::resolve(plan);
    if checked.is_none() {
        // The rules let through a plan the types cannot hold: a bug here,
        // reported rather than rendered wrong.
        diagnostics.push(Diagnostic::error(
            "lỗi của kehoach: kế hoạch qua được kiểm tra nhưng không chuyển được thành dữ liệu đã kiểm tra",
            None,
        ).with_help("báo lỗi này cho người phát triển, kèm tệp kế hoạch"));
    }
    (checked, diagnostics)
}
