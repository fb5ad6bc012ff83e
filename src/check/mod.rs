//! Validation: every problem of a plan at once, as diagnostics, and for a
//! plan without errors the checked plan that `compose` reads.
//!
//! `plan::load` reports what breaks the structure (syntax, types, unknown
//! keys); `rules` reports what breaks the meaning (dangling ids, impossible
//! dates, percentages over 100 …); `checked` turns a plan that passed into
//! the types that carry what was proved.

pub mod bounds;
pub mod checked;
pub mod compare;
#[cfg(test)]
pub mod fixture;
pub mod glyphs;
mod hints;
mod originals;
pub mod placeholders;
mod printed;
mod rules;
#[cfg(test)]
mod rules_tests;

pub use crate::diagnostic::{Diagnostic, Severity};
pub use checked::CheckedPlan;
pub use rules::check_plan;

use checked::Originals;

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

/// Checks a plan whose adjustment appendices' originals (`ban_goc`) were
/// checked already (`originals`): one never looked up is an error at its
/// `ban_goc`; one that failed was reported where it failed.
fn check_with_originals(
    plan: &Plan,
    templates: &Templates,
    originals: &Originals,
) -> (Option<CheckedPlan>, Vec<Diagnostic>) {
    let mut diagnostics = check_plan(plan, templates);
    for (i, a) in plan.phu_luc.iter().enumerate() {
        if let Some(file) = &a.ban_goc
            && !originals.contains_key(&i)
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
