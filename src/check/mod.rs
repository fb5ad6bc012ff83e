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
#[cfg(feature = "pdf")]
pub mod glyphs;
mod hints;
#[cfg(feature = "engine")]
pub mod originals;
pub mod placeholders;
mod rules;
#[cfg(test)]
mod rules_tests;

pub use crate::diagnostic::{Diagnostic, Severity};
pub use checked::{CheckedPlan, Originals};
pub use rules::check_plan;

use crate::plan::Plan;
use crate::templates::Templates;

/// Checks a plan: every diagnostic, ordered by position, and the checked
/// plan when there is no error (warnings allowed).
pub fn check(plan: &Plan, templates: &Templates) -> (Option<CheckedPlan>, Vec<Diagnostic>) {
    check_with_originals(plan, templates, &Originals::new())
}

/// Checks a plan whose adjustment appendices' originals (`ban_goc`) were
/// loaded and checked already (`originals`): one never looked up is
/// an error at its `ban_goc`; one that failed was reported where it failed.
pub fn check_with_originals(
    plan: &Plan,
    templates: &Templates,
    originals: &Originals,
) -> (Option<CheckedPlan>, Vec<Diagnostic>) {
    let mut diagnostics = check_plan(plan, templates);
    for (i, a) in plan.phu_luc.iter().enumerate() {
        if let Some(file) = &a.ban_goc
            && !originals.contains_key(file.get_ref())
            && a.loai.get_ref() == "dieu-chinh"
        {
            diagnostics.push(
                Diagnostic::error(
                    format!("chưa đọc được bản gốc \"{}\"", file.get_ref()),
                    Some(file.span()),
                )
                .with_key(format!("phu_luc[{}].ban_goc", i + 1))
                .with_help("kiểm tra bằng `kehoach check` trên tệp kế hoạch này"),
            );
        }
    }
    // An original that failed was reported where it failed.
    let failed = originals.values().any(Option::is_none);
    if failed || diagnostics.iter().any(|d| d.severity == Severity::Error) {
        return (None, diagnostics);
    }
    let checked = checked::resolve(plan, originals);
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
