//! Values as clerks type them, made data: targets ("30%", "≥ 85%",
//! "tối thiểu 85%", "2-3 đơn đăng ký/năm", "Khuyến khích"), numbers in the
//! Vietnamese way ("35,4", "1.234,5", "3 000") and the wrong way ("35.4"),
//! amounts, and dates ("20/6/2026", "ngày 24 tháng 01 năm 2026").

use rust_decimal::Decimal;
use std::str::FromStr;

use crate::import::draft::{Deadline, Target};

use super::words::squash;

/// A number as typed. `35,4` and `35.4` are both 35.4 (the second is
/// flagged by `decimal_point`); `1.234` and `1.234,5` group thousands;
/// `3 000` too. Returns the value and whether a point was used as the
/// decimal mark.
pub fn number(text: &str) -> Option<(Decimal, bool)> {
    let text = text.trim();
    if text.is_empty() || !text.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    if !text
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | ' ' | '\u{a0}'))
    {
        return None;
    }
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    // Spaces group thousands only in threes.
    if text.contains([' ', '\u{a0}']) {
        let groups: Vec<&str> = text
            .split([' ', '\u{a0}'])
            .filter(|g| !g.is_empty())
            .collect();
        if groups
            .iter()
            .skip(1)
            .any(|g| g.len() != 3 || !g.chars().all(|c| c.is_ascii_digit()))
        {
            return None;
        }
    }
    let (int, frac, point) = match (compact.matches('.').count(), compact.matches(',').count()) {
        (0, 0) => (compact.clone(), String::new(), false),
        (0, 1) => {
            let (i, f) = compact.split_once(',')?;
            (i.to_owned(), f.to_owned(), false)
        }
        (1, 0) => {
            let (i, f) = compact.split_once('.')?;
            // "1.234" groups thousands; "35.4" or "2.26" is a decimal point.
            if f.len() == 3 && i.len() <= 3 && i != "0" {
                (format!("{i}{f}"), String::new(), false)
            } else {
                (i.to_owned(), f.to_owned(), true)
            }
        }
        (_, 0 | 1) => {
            let (int_part, frac) = match compact.split_once(',') {
                Some((i, f)) => (i, f),
                None => (compact.as_str(), ""),
            };
            let groups: Vec<&str> = int_part.split('.').collect();
            if groups[0].is_empty()
                || groups[0].len() > 3
                || groups.iter().skip(1).any(|g| g.len() != 3)
            {
                return None;
            }
            (groups.concat(), frac.to_owned(), false)
        }
        _ => return None,
    };
    if int.is_empty() || frac.contains(['.', ',']) {
        return None;
    }
    let literal = if frac.is_empty() {
        int
    } else {
        format!("{int}.{frac}")
    };
    Decimal::from_str(&literal)
        .ok()
        .map(|d| (d.normalize(), point))
}

/// What a target cell said, as data, and notes on how it was read.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadTarget {
    pub target: Target,
    /// A second line or bracket ("(5G ≥ 40% dân số)"), for a milestone's note.
    pub note: Option<String>,
    /// A decimal point was read as the decimal comma ("35.4%").
    pub decimal_point: bool,
}

/// Reads a target as typed. `None` for an empty cell.
pub fn target(text: &str) -> Option<ReadTarget> {
    let text = squash(&text.replace('\u{a0}', " "));
    let text = text.trim().trim_end_matches([';', '.']).trim();
    if text.is_empty() {
        return None;
    }
    // A second part in brackets is a note on the figure.
    let (main, note) = match text.find('(') {
        Some(open) if open > 0 && text.ends_with(')') => (
            text[..open].trim(),
            Some(text[open + 1..text.len() - 1].trim().to_owned()),
        ),
        _ => (text, None),
    };
    let read = |target: Target, point: bool| ReadTarget {
        target,
        note: note.clone(),
        decimal_point: point,
    };
    let plain = || ReadTarget {
        target: Target::Text(text.to_owned()),
        note: None,
        decimal_point: false,
    };
    // "xã Quảng Ngọc đạt 30%", "đạt tỷ lệ 100%": the figure after "đạt".
    let main = match main.rfind("đạt ") {
        Some(at) if main.starts_with("xã ") || at == 0 => main[at + "đạt ".len()..].trim(),
        _ => main,
    };
    let main = main.strip_prefix("tỷ lệ ").unwrap_or(main).trim();
    type Make = fn(Decimal, Option<String>) -> Target;
    let signs: [(&str, Make); 10] = [
        ("≥", Target::AtLeast),
        (">=", Target::AtLeast),
        ("tối thiểu", Target::AtLeast),
        ("ít nhất", Target::AtLeast),
        ("≤", Target::AtMost),
        ("<=", Target::AtMost),
        ("tối đa", Target::AtMost),
        (">", Target::Above),
        ("trên", Target::Above),
        ("<", Target::Below),
    ];
    let lower = main.to_lowercase();
    for (sign, make) in signs.iter().chain([("dưới", Target::Below as Make)].iter()) {
        if let Some(rest) = lower.strip_prefix(sign) {
            let rest = main[main.len() - rest.len()..].trim();
            return match figure(rest) {
                Some((value, None, point)) => Some(read(make(value, None), point)),
                Some((value, Some(unit), point)) => Some(read(make(value, Some(unit)), point)),
                // "≥ 3" with neither % nor unit would print as "≥ 3%".
                None => Some(plain()),
            };
        }
    }
    // A range: "2-3 đơn đăng ký/năm", "30 - 50%".
    if let Some((from, to)) = range(main) {
        let (a, first_point) = number(from)?;
        return match figure(to) {
            Some((b, unit, point)) if a <= b => {
                Some(read(Target::Range(a, b, unit), point || first_point))
            }
            _ => Some(plain()),
        };
    }
    match figure(main) {
        Some((value, None, point)) => Some(read(Target::Rate(value), point)),
        Some((value, Some(unit), point)) if unit == "%" => Some(read(Target::Rate(value), point)),
        Some((value, unit, point)) => Some(read(Target::Count(value, unit), point)),
        None => match number(main) {
            Some((value, point)) => Some(read(Target::Count(value, None), point)),
            None => Some(plain()),
        },
    }
}

/// "30%" → (30, None); "2 mô hình" → (2, "mô hình"); a bare number is
/// not a figure here (the caller decides what it means).
fn figure(text: &str) -> Option<(Decimal, Option<String>, bool)> {
    let text = text.trim();
    if let Some(num) = text.strip_suffix('%') {
        let (value, point) = number(num.trim())?;
        return Some((value, None, point));
    }
    let split = text
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || matches!(c, '.' | ',')))
        .map(|(i, _)| i)?;
    let (num, unit) = text.split_at(split);
    let (value, point) = number(num)?;
    let unit = unit.trim();
    if unit.is_empty() || !unit.starts_with(' ') && !text[split..].starts_with(' ') {
        return None;
    }
    if unit.starts_with('%') {
        return None;
    }
    Some((value, Some(unit.to_owned()), point))
}

/// "2-3 đơn/năm" → ("2", "3 đơn/năm").
fn range(text: &str) -> Option<(&str, &str)> {
    for dash in [" - ", "-", " – ", "–"] {
        if let Some((a, b)) = text.split_once(dash) {
            let a = a.trim();
            if number(a).is_some() && b.trim().starts_with(|c: char| c.is_ascii_digit()) {
                return Some((a, b.trim()));
            }
        }
    }
    None
}

/// "20/6/2026", "20-6-2026", "20.6.2026" → a date.
pub fn short_date(text: &str) -> Option<(u16, u8, u8)> {
    let text = text.trim().trim_end_matches('.');
    let normalised = text.replace(['-', '.'], "/");
    let date = crate::text::date::parse_short(&normalised)?;
    Some((u16::try_from(date.year).ok()?, date.month, date.day))
}

/// A deadline as typed: "Trước ngày 20/6/2026" is a date, anything else
/// is a sentence.
pub fn deadline(text: &str) -> Option<Deadline> {
    let text = squash(text);
    let text = text.trim().trim_end_matches('.').trim();
    if text.is_empty() {
        return None;
    }
    if let Some(rest) = text.strip_prefix("Trước ngày ")
        && let Some((y, m, d)) = short_date(rest)
    {
        return Some(Deadline::Date(y, m, d));
    }
    Some(Deadline::Text(text.to_owned()))
}

/// "ngày 24 tháng 01 năm 2026", "ngày    tháng 12 năm 2025",
/// "ngày tháng năm 2026": (day, month, year), each when written.
pub fn header_date(text: &str) -> Option<(Option<u8>, Option<u8>, Option<i64>)> {
    let lower = text.to_lowercase();
    let at = lower.find("ngày")?;
    let rest = &lower[at + "ngày".len()..];
    let (day, rest) = rest.split_once("tháng")?;
    let (month, year) = rest.split_once("năm")?;
    let num = |s: &str| s.trim().parse::<i64>().ok();
    let year = year
        .trim()
        .split(|c: char| !c.is_ascii_digit())
        .next()
        .and_then(|y| y.parse::<i64>().ok());
    Some((
        num(day).and_then(|d| u8::try_from(d).ok()),
        num(month).and_then(|m| u8::try_from(m).ok()),
        year,
    ))
}

/// A target as kehoach prints it ("35,4%", "≥ 85%", "2-3 đơn/năm"), with
/// a plain space where kehoach puts a no-break one, to compare with what
/// the source typed.
pub fn print_target(target: &Target) -> String {
    use crate::text::{format_decimal, format_percent};
    use rust_decimal::prelude::ToPrimitive;
    let f = |d: &Decimal| d.to_f64().unwrap_or(0.0);
    let with_unit = |d: &Decimal, unit: &Option<String>| match unit {
        Some(u) => format!("{} {u}", format_decimal(f(d))),
        None => format_percent(f(d)),
    };
    match target {
        Target::Text(t) => t.clone(),
        Target::Rate(d) => format_percent(f(d)),
        Target::Count(d, None) => format_decimal(f(d)),
        Target::Count(d, Some(u)) => format!("{} {u}", format_decimal(f(d))),
        Target::Range(a, b, unit) => {
            let range = format!("{}-{}", format_decimal(f(a)), format_decimal(f(b)));
            match unit {
                Some(u) => format!("{range} {u}"),
                None => format!("{range}%"),
            }
        }
        Target::AtLeast(d, u) => format!("≥ {}", with_unit(d, u)),
        Target::AtMost(d, u) => format!("≤ {}", with_unit(d, u)),
        Target::Above(d, u) => format!("> {}", with_unit(d, u)),
        Target::Below(d, u) => format!("< {}", with_unit(d, u)),
    }
}

/// An amount of money in a table cell ("40", "1.234,5", "3 000").
pub fn amount(text: &str) -> Option<Decimal> {
    number(text).map(|(d, _)| d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn numbers_the_vietnamese_way_and_the_slips() {
        assert_eq!(number("35,4"), Some((d("35.4"), false)));
        assert_eq!(number("35.4"), Some((d("35.4"), true)));
        assert_eq!(number("1.234"), Some((d("1234"), false)));
        assert_eq!(number("1.234,5"), Some((d("1234.5"), false)));
        assert_eq!(number("3.277.000.000"), Some((d("3277000000"), false)));
        assert_eq!(number("3 000"), Some((d("3000"), false)));
        assert_eq!(number("2.26"), Some((d("2.26"), true)));
        assert_eq!(number("3.277.0000.000"), None);
        assert_eq!(number("12a"), None);
        assert_eq!(number(""), None);
    }

    #[test]
    fn targets_become_the_forms_the_format_has() {
        let t = |s: &str| target(s).unwrap().target;
        assert_eq!(t("30%"), Target::Rate(d("30")));
        assert_eq!(t("35,4%"), Target::Rate(d("35.4")));
        assert!(target("35.4%").unwrap().decimal_point);
        assert_eq!(t("≥ 85%"), Target::AtLeast(d("85"), None));
        assert_eq!(t("tối thiểu 85%"), Target::AtLeast(d("85"), None));
        assert_eq!(t("> 92%"), Target::Above(d("92"), None));
        assert_eq!(t("Khuyến khích"), Target::Text("Khuyến khích".into()));
        // Without "%" or a unit, "2-3" would print as "2-3%": kept as typed.
        assert_eq!(t("2-3"), Target::Text("2-3".into()));
        assert_eq!(
            t("2-3 đơn đăng ký/năm"),
            Target::Range(d("2"), d("3"), Some("đơn đăng ký/năm".into()))
        );
        assert_eq!(
            t("2 mô hình"),
            Target::Count(d("2"), Some("mô hình".into()))
        );
        assert_eq!(t("10"), Target::Count(d("10"), None));
        assert_eq!(t("xã Quảng Ngọc đạt 30%"), Target::Rate(d("30")));
        assert_eq!(t("xã Quảng Ngọc đạt tỷ lệ 100%"), Target::Rate(d("100")));
        assert_eq!(t("-"), Target::Text("-".into()));
        assert_eq!(
            t("Duy trì/ nâng cấp"),
            Target::Text("Duy trì/ nâng cấp".into())
        );
        let with_note = target("≥ 99% (5G ≥ 40% dân số)").unwrap();
        assert_eq!(with_note.target, Target::AtLeast(d("99"), None));
        assert_eq!(with_note.note.as_deref(), Some("5G ≥ 40% dân số"));
        assert_eq!(t("≥ 3"), Target::Text("≥ 3".into()));
        assert!(target("  ").is_none());
    }

    #[test]
    fn deadlines_and_header_dates() {
        assert_eq!(
            deadline("Trước ngày 20/6/2026"),
            Some(Deadline::Date(2026, 6, 20))
        );
        assert_eq!(
            deadline("Thực hiện thường xuyên, báo cáo định kỳ theo quy định."),
            Some(Deadline::Text(
                "Thực hiện thường xuyên, báo cáo định kỳ theo quy định".into()
            ))
        );
        assert_eq!(
            header_date("Quảng Ngọc, ngày 24 tháng 01 năm 2026"),
            Some((Some(24), Some(1), Some(2026)))
        );
        assert_eq!(
            header_date("Quảng Yên, ngày      tháng 12 năm 2025"),
            Some((None, Some(12), Some(2025)))
        );
        assert_eq!(
            header_date("Quảng Ngọc, ngày tháng năm 2026"),
            Some((None, None, Some(2026)))
        );
    }
}
