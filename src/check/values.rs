//! What every subject of `check` shares: the list its problems go into,
//! and the checks of single values (required text, ids, dates), each
//! giving back the value it proved.

use std::ops::Range;

use toml::Spanned;

use crate::diagnostic::{Diagnostic, Severity};
use crate::limits::LIMITS;
use crate::plan::{TomlDate, toml_date};
use crate::text::Date;

/// The problems found so far, in the order the subjects found them.
#[derive(Default)]
pub(super) struct Found {
    pub out: Vec<Diagnostic>,
}

impl Found {
    pub fn error(
        &mut self,
        message: impl Into<String>,
        span: Range<usize>,
        key: &str,
        help: impl Into<String>,
    ) {
        self.out.push(
            Diagnostic::error(message, Some(span))
                .with_key(key)
                .with_help(help),
        );
    }

    /// Whether any problem so far is an error.
    pub fn has_errors(&self) -> bool {
        self.out.iter().any(|d| d.severity == Severity::Error)
    }

    /// A text that must say something; trimmed.
    pub fn required(&mut self, value: &Spanned<String>, key: &str) -> String {
        if value.get_ref().trim().is_empty() {
            self.error(
                "giá trị bắt buộc đang để trống",
                value.span(),
                key,
                "điền nội dung vào giữa hai dấu ngoặc kép",
            );
        }
        trimmed(value)
    }

    /// An optional text that, when given, must say something; trimmed.
    pub fn optional_required(
        &mut self,
        value: &Option<Spanned<String>>,
        key: &str,
    ) -> Option<String> {
        value.as_ref().map(|value| self.required(value, key))
    }

    /// A date of the plan: a real day, without a time, of a year within
    /// `LIMITS.years`.
    pub fn date(&mut self, value: &Spanned<TomlDate>, key: &str) -> Option<Date> {
        if let Some(d) = value.get_ref().date
            && !LIMITS.years.contains(&i64::from(d.year))
        {
            self.error(
                format!(
                    "năm {} của ngày {} nằm ngoài khoảng hợp lý",
                    d.year,
                    value.get_ref()
                ),
                value.span(),
                key,
                year_help(),
            );
            return None;
        }
        let parsed = toml_date(value.get_ref());
        if value.get_ref().time.is_some() || value.get_ref().offset.is_some() {
            self.error(
                "ngày không được kèm giờ",
                value.span(),
                key,
                "viết ngày theo dạng năm-tháng-ngày, không kèm giờ: 2026-01-24",
            );
            return None;
        }
        if parsed.is_none() {
            let help = match value.get_ref().date {
                Some(d) if (1..=12).contains(&d.month) => format!(
                    "tháng {} năm {} chỉ có {} ngày",
                    d.month,
                    d.year,
                    crate::text::date::days_in_month(i32::from(d.year), d.month)
                ),
                _ => "viết ngày theo dạng năm-tháng-ngày, ví dụ 2026-01-24".to_owned(),
            };
            self.error(
                format!("ngày không tồn tại: {}", value.get_ref()),
                value.span(),
                key,
                help,
            );
        }
        parsed
    }

    /// An id: lower-case ASCII letters, digits, `-` and `_`.
    pub fn id(&mut self, id: &Spanned<String>, key: &str) {
        let ok = !id.get_ref().is_empty()
            && id
                .get_ref()
                .chars()
                .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-' || ch == '_');
        if !ok {
            self.error(
                format!("mã \"{}\" không hợp lệ", id.get_ref()),
                id.span(),
                key,
                "mã chỉ gồm chữ thường không dấu, chữ số và dấu \"-\", ví dụ \"vhxh\" hay \"chu-ky-so\"",
            );
        }
    }
}

/// A text as every use of it reads it: trimmed.
pub(super) fn trimmed(value: &Spanned<String>) -> String {
    value.get_ref().trim().to_owned()
}

/// The hint for a year outside `LIMITS.years`: the same for every date.
pub(super) fn year_help() -> String {
    format!(
        "năm viết đủ bốn chữ số, trong khoảng {}–{}, ví dụ 2026",
        LIMITS.years.start(),
        LIMITS.years.end()
    )
}

/// Text compared loosely: no case, no surrounding or doubled spaces.
pub(super) fn loose(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Where byte `offset` of a string value stands in the source, when the
/// value is written without escapes (its source is then the value between
/// its quotes: `"…"`, `'…'`, or `'''`/`"""` with an optional newline
/// after the opening, which TOML drops). `None` when that cannot be known.
pub(super) fn source_offset(value: &Spanned<String>, offset: usize) -> Option<usize> {
    let span = value.span();
    let extra = span.len().checked_sub(value.get_ref().len())?;
    let opening = match extra {
        2 => 1,
        6 => 3,
        7 => 4,
        8 => 5,
        _ => return None,
    };
    Some(span.start + opening + offset)
}
