//! Calendar dates and their Vietnamese written forms.
//!
//! Nghị định 30/2020/NĐ-CP writes the place-and-date line of a document as
//! "ngày 24 tháng 01 năm 2026": a day below 10 and a month below 3 take a
//! leading zero, other numbers are written as they are. Tables and short
//! references use the numeric form "24/01/2026".

use std::fmt;

/// Six spaces: the gap left after "ngày" and after "tháng" in a header date
/// that is filled in by hand at signing (see [`blank_header_date`]).
pub const BLANK: &str = "      ";

/// A Gregorian calendar date, validated on construction so that every value
/// can be formatted without further checks. Ordering is chronological.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year, in `1..=9999`.
    pub year: i32,
    /// Month, in `1..=12`.
    pub month: u8,
    /// Day of the month, in `1..=days_in_month(year, month)`.
    pub day: u8,
}

/// Tells whether `year` is a Gregorian leap year, which decides whether
/// February has 29 days.
fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Number of days in `month` of `year` (Gregorian calendar), used to
/// validate dates; returns 0 for a month outside `1..=12`.
#[must_use]
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// Builds a date if it exists in the Gregorian calendar and the year is
    /// in `1..=9999`; returns `None` otherwise (31/02, 29/02/2025, …).
    #[must_use]
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let valid = (1..=9999).contains(&year) && day >= 1 && day <= days_in_month(year, month);
        valid.then_some(Date { year, month, day })
    }

    /// Formats the date for the header line of a document, following
    /// Nghị định 30: "ngày 24 tháng 01 năm 2026". A day below 10 and a month
    /// below 3 get a leading zero ("ngày 05 tháng 02 năm 2026"), other
    /// months do not ("ngày 15 tháng 4 năm 2026").
    #[must_use]
    pub fn header_date(&self) -> String {
        let day = format!("{:02}", self.day);
        let month = if self.month < 3 {
            format!("{:02}", self.month)
        } else {
            self.month.to_string()
        };
        format!("ngày {day} tháng {month} năm {}", self.year)
    }

    /// Formats the date in the short numeric form used in tables and
    /// references, always with two-digit day and month: "05/02/2026".
    #[must_use]
    pub fn short(&self) -> String {
        format!("{:02}/{:02}/{:04}", self.day, self.month, self.year)
    }
}

/// Displays the date in its short form ("24/01/2026").
impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.short())
    }
}

/// Header date with the day and month left blank, for documents whose date
/// is written by hand at signing: "ngày      tháng      năm 2026" (six
/// spaces, [`BLANK`], after "ngày" and after "tháng").
#[must_use]
pub fn blank_header_date(year: i32) -> String {
    format!("ngày{BLANK}tháng{BLANK}năm {year}")
}

/// Header date of an unsigned plan whose month is known: the day is left
/// blank, the month written as Nghị định 30 writes it (zero-padded below 3):
/// "ngày      tháng 12 năm 2025", "ngày      tháng 01 năm 2026".
#[must_use]
pub fn month_header_date(year: i32, month: u8) -> String {
    let month = if month < 3 {
        format!("{month:02}")
    } else {
        month.to_string()
    };
    format!("ngày{BLANK}tháng {month} năm {year}")
}

/// Parses a number made of one to `max_len` ASCII digits.
fn parse_digits<T: std::str::FromStr>(s: &str, max_len: usize) -> Option<T> {
    let ok = !s.is_empty() && s.len() <= max_len && s.bytes().all(|b| b.is_ascii_digit());
    if ok { s.parse().ok() } else { None }
}

/// Parses a date written "dd/mm/yyyy" as users type it in input files:
/// day and month may have one or two digits ("24/01/2026", "5/2/2026"),
/// the year must have four. Surrounding whitespace is ignored. Returns
/// `None` for malformed text or a date that does not exist.
#[must_use]
pub fn parse_short(s: &str) -> Option<Date> {
    let mut parts = s.trim().split('/');
    let day = parse_digits(parts.next()?, 2)?;
    let month = parse_digits(parts.next()?, 2)?;
    let year_str = parts.next()?;
    if parts.next().is_some() || year_str.len() != 4 {
        return None;
    }
    let year = parse_digits(year_str, 4)?;
    Date::new(year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(year: i32, month: u8, day: u8) -> Date {
        Date::new(year, month, day).expect("valid test date")
    }

    #[test]
    fn month_lengths() {
        assert_eq!(days_in_month(2026, 1), 31);
        assert_eq!(days_in_month(2026, 4), 30);
        assert_eq!(days_in_month(2025, 2), 28);
        assert_eq!(days_in_month(2024, 2), 29);
        assert_eq!(days_in_month(2000, 2), 29);
        assert_eq!(days_in_month(1900, 2), 28);
        assert_eq!(days_in_month(2026, 12), 31);
        assert_eq!(days_in_month(2026, 0), 0);
        assert_eq!(days_in_month(2026, 13), 0);
    }

    #[test]
    fn validation() {
        assert!(Date::new(2026, 2, 31).is_none());
        assert!(Date::new(2025, 2, 29).is_none());
        assert!(Date::new(2024, 2, 29).is_some());
        assert!(Date::new(2026, 4, 31).is_none());
        assert!(Date::new(2026, 0, 1).is_none());
        assert!(Date::new(2026, 13, 1).is_none());
        assert!(Date::new(2026, 1, 0).is_none());
        assert!(Date::new(0, 1, 1).is_none());
        assert!(Date::new(10_000, 1, 1).is_none());
        assert!(Date::new(1, 1, 1).is_some());
        assert!(Date::new(9999, 12, 31).is_some());
    }

    #[test]
    fn ordering_is_chronological() {
        assert!(date(2025, 12, 31) < date(2026, 1, 1));
        assert!(date(2026, 1, 31) < date(2026, 2, 1));
        assert!(date(2026, 2, 1) < date(2026, 2, 2));
    }

    #[test]
    fn header_leading_zero_rules() {
        assert_eq!(date(2026, 1, 24).header_date(), "ngày 24 tháng 01 năm 2026");
        assert_eq!(date(2026, 2, 5).header_date(), "ngày 05 tháng 02 năm 2026");
        assert_eq!(date(2026, 12, 5).header_date(), "ngày 05 tháng 12 năm 2026");
        assert_eq!(date(2026, 4, 15).header_date(), "ngày 15 tháng 4 năm 2026");
        assert_eq!(date(2026, 3, 1).header_date(), "ngày 01 tháng 3 năm 2026");
        assert_eq!(
            date(2026, 10, 10).header_date(),
            "ngày 10 tháng 10 năm 2026"
        );
    }

    #[test]
    fn short_form() {
        assert_eq!(date(2026, 1, 24).short(), "24/01/2026");
        assert_eq!(date(2026, 2, 5).short(), "05/02/2026");
        assert_eq!(date(2026, 6, 20).short(), "20/06/2026");
        assert_eq!(date(2026, 12, 31).short(), "31/12/2026");
        assert_eq!(date(2026, 6, 20).to_string(), "20/06/2026");
    }

    #[test]
    fn blank_header() {
        assert_eq!(BLANK, "      ");
        assert_eq!(BLANK.len(), 6);
        assert_eq!(blank_header_date(2026), "ngày      tháng      năm 2026");
    }

    #[test]
    fn month_only_header() {
        assert_eq!(month_header_date(2025, 12), "ngày      tháng 12 năm 2025");
        assert_eq!(month_header_date(2026, 1), "ngày      tháng 01 năm 2026");
        assert_eq!(month_header_date(2026, 2), "ngày      tháng 02 năm 2026");
        assert_eq!(month_header_date(2026, 3), "ngày      tháng 3 năm 2026");
    }

    #[test]
    fn parse() {
        assert_eq!(parse_short("24/01/2026"), Some(date(2026, 1, 24)));
        assert_eq!(parse_short("5/2/2026"), Some(date(2026, 2, 5)));
        assert_eq!(parse_short(" 29/02/2024 "), Some(date(2024, 2, 29)));
        assert_eq!(parse_short("29/02/2025"), None);
        assert_eq!(parse_short("31/02/2026"), None);
        assert_eq!(parse_short("24/01/26"), None);
        assert_eq!(parse_short("24-01-2026"), None);
        assert_eq!(parse_short("24/01/2026/1"), None);
        assert_eq!(parse_short("24/01"), None);
        assert_eq!(parse_short("/01/2026"), None);
        assert_eq!(parse_short("+5/01/2026"), None);
        assert_eq!(parse_short("005/01/2026"), None);
        assert_eq!(parse_short("aa/01/2026"), None);
        assert_eq!(parse_short(""), None);
    }

    #[test]
    fn parse_round_trips_short() {
        let d = date(2026, 6, 20);
        assert_eq!(parse_short(&d.short()), Some(d));
    }
}
