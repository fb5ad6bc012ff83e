//! Targets and deadlines as printed: "35,4%", "2-3 đơn đăng ký/năm", "≥ 85%",
//! "Trước ngày 20/06/2026".

use crate::check::checked::{Deadline, Target};
use crate::text::{format_decimal, format_percent};

/// A no-break space: "≥ 40%" never breaks between the sign and the number,
/// however narrow its column.
const NBSP: char = '\u{a0}';

/// How a target prints, and whether it is a figure (so a sentence can say
/// "xã … đạt 30%") rather than words ("Khuyến khích").
pub fn format_target(target: &Target) -> (String, bool) {
    // A figure with its unit, or a percentage when it has none.
    let with_unit = |x: f64, unit: &Option<String>| match unit {
        Some(u) => format!("{} {u}", format_decimal(x)),
        None => format_percent(x),
    };
    match target {
        Target::Words(text) => (text.clone(), false),
        Target::Percent(x) => (format_percent(*x), true),
        Target::Count { value, unit } => match unit {
            Some(u) => (format!("{} {u}", format_decimal(*value)), true),
            None => (format_decimal(*value), true),
        },
        Target::Range { from, to, unit } => {
            let range = format!("{}-{}", format_decimal(*from), format_decimal(*to));
            match unit {
                Some(u) => (format!("{range} {u}"), true),
                None => (format!("{range}%"), true),
            }
        }
        Target::AtLeast { value, unit } => (format!("≥{NBSP}{}", with_unit(*value, unit)), true),
        Target::AtMost { value, unit } => (format!("≤{NBSP}{}", with_unit(*value, unit)), true),
        Target::Above { value, unit } => (format!(">{NBSP}{}", with_unit(*value, unit)), true),
        Target::Below { value, unit } => (format!("<{NBSP}{}", with_unit(*value, unit)), true),
    }
}

/// How a deadline prints.
pub fn format_deadline(deadline: &Deadline) -> String {
    match deadline {
        Deadline::Date(date) => format!("Trước ngày {}", date.short()),
        Deadline::Text(text) => text.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(u: &str) -> Option<String> {
        Some(u.to_owned())
    }

    #[test]
    fn targets_print_the_vietnamese_way() {
        assert_eq!(
            format_target(&Target::Percent(35.4)),
            ("35,4%".into(), true)
        );
        assert_eq!(format_target(&Target::Percent(100.0)).0, "100%");
        let range = Target::Range {
            from: 2.0,
            to: 3.0,
            unit: unit("đơn đăng ký/năm"),
        };
        assert_eq!(format_target(&range).0, "2-3 đơn đăng ký/năm");
        let at_least = Target::AtLeast {
            value: 85.0,
            unit: None,
        };
        assert_eq!(format_target(&at_least).0, "≥\u{a0}85%");
        let above = Target::Above {
            value: 92.0,
            unit: None,
        };
        assert_eq!(format_target(&above).0, ">\u{a0}92%");
        let below = Target::Below {
            value: 3.0,
            unit: unit("vụ"),
        };
        assert_eq!(format_target(&below).0, "<\u{a0}3 vụ");
        let count = Target::Count {
            value: 1500.0,
            unit: unit("hộ"),
        };
        assert_eq!(format_target(&count).0, "1.500 hộ");
        assert_eq!(
            format_target(&Target::Words("Khuyến khích".into())),
            ("Khuyến khích".into(), false)
        );
    }
}
