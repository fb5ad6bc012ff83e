//! Validation: every problem of a plan at once, as diagnostics.
//!
//! `plan::load` reports what breaks the structure (syntax, types, unknown
//! keys); `rules` reports what breaks the meaning (dangling ids, impossible
//! dates, percentages over 100 …).

pub mod bounds;
mod diagnostic;
pub mod placeholders;
mod rules;

pub use diagnostic::{Diagnostic, Severity};
pub use rules::{
    APPENDIX_KINDS, INDICATOR_COLUMNS, MAX_TABLE_ROWS, MILESTONE_COLUMNS, STAFF_COLUMNS,
    TASK_COLUMNS, check_plan, plan_date,
};
