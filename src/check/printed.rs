//! Targets and deadlines as printed: "35,4%", "2-3 đơn đăng ký/năm", "≥ 85%",
//! "Trước ngày 20/06/2026". One way, for every document and every
//! comparison: the adjustment appendix and `kehoach diff` say a target
//! changed when it prints differently.

use super::checked::{Deadline, Target};
use crate::text::{format_decimal, format_percent};

/// A no-break space: "≥ 40%" never breaks between the sign and the number,
/// however narrow its column.
const NBSP: char = '\u{a0}';

impl Target {
    /// How the target prints.
    pub fn printed(&self) -> String {
        // A figure with its unit, or a percentage when it has none.
        let with_unit = |x: f64, unit: &Option<String>| match unit {
            Some(u) => format!("{} {u}", format_decimal(x)),
            None => format_percent(x),
        };
        match self {
            Target::Words(text) => text.clone(),
            Target::Percent(x) => format_percent(*x),
            Target::Count { value, unit } => match unit {
                Some(u) => format!("{} {u}", format_decimal(*value)),
                None => format_decimal(*value),
            },
            Target::Range { from, to, unit } => {
                let range = format!("{}-{}", format_decimal(*from), format_decimal(*to));
                match unit {
                    Some(u) => format!("{range} {u}"),
                    None => format!("{range}%"),
                }
            }
            Target::AtLeast { value, unit } => format!("≥{NBSP}{}", with_unit(*value, unit)),
            Target::AtMost { value, unit } => format!("≤{NBSP}{}", with_unit(*value, unit)),
            Target::Above { value, unit } => format!(">{NBSP}{}", with_unit(*value, unit)),
            Target::Below { value, unit } => format!("<{NBSP}{}", with_unit(*value, unit)),
        }
    }

    /// Whether it is a figure (so a sentence can say "xã … đạt 30%") rather
    /// than words ("Khuyến khích").
    pub fn is_figure(&self) -> bool {
        !matches!(self, Target::Words(_))
    }
}

impl Deadline {
    /// How the deadline prints.
    pub fn printed(&self) -> String {
        match self {
            Deadline::Date(date) => format!("Trước ngày {}", date.short()),
            Deadline::Text(text) => text.clone(),
        }
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
        assert_eq!(Target::Percent(35.4).printed(), "35,4%");
        assert!(Target::Percent(35.4).is_figure());
        assert_eq!(Target::Percent(100.0).printed(), "100%");
        let range = Target::Range {
            from: 2.0,
            to: 3.0,
            unit: unit("đơn đăng ký/năm"),
        };
        assert_eq!(range.printed(), "2-3 đơn đăng ký/năm");
        let at_least = Target::AtLeast {
            value: 85.0,
            unit: None,
        };
        assert_eq!(at_least.printed(), "≥\u{a0}85%");
        let above = Target::Above {
            value: 92.0,
            unit: None,
        };
        assert_eq!(above.printed(), ">\u{a0}92%");
        let below = Target::Below {
            value: 3.0,
            unit: unit("vụ"),
        };
        assert_eq!(below.printed(), "<\u{a0}3 vụ");
        let count = Target::Count {
            value: 1500.0,
            unit: unit("hộ"),
        };
        assert_eq!(count.printed(), "1.500 hộ");
        let words = Target::Words("Khuyến khích".into());
        assert_eq!(words.printed(), "Khuyến khích");
        assert!(!words.is_figure());
    }
}
