//! Targets and deadlines as printed: "35,4%", "2-3 đơn đăng ký/năm", "≥ 85%",
//! "Trước ngày 20/06/2026".

use crate::plan::toml_date;
use crate::plan::{Deadline, Target};
use crate::text::{format_decimal, format_percent};

/// How a target prints, and whether it is a figure (so a sentence can say
/// "xã … đạt 30%") rather than words ("Khuyến khích").
pub fn format_target(target: &Target) -> (String, bool) {
    let unit = target
        .don_vi
        .as_ref()
        .map(|u| u.get_ref().trim().to_owned());
    let with_unit = |x: f64| match &unit {
        Some(u) if !u.is_empty() => format!("{} {u}", format_decimal(x)),
        _ => format_percent(x),
    };
    if let Some(text) = &target.chu {
        return (text.get_ref().trim().to_owned(), false);
    }
    if let Some(x) = &target.ty_le {
        return (format_percent(*x.get_ref()), true);
    }
    if let Some(x) = &target.so {
        let number = format_decimal(*x.get_ref());
        return match &unit {
            Some(u) if !u.is_empty() => (format!("{number} {u}"), true),
            _ => (number, true),
        };
    }
    if let (Some(from), Some(to)) = (&target.tu, &target.den) {
        let range = format!(
            "{}-{}",
            format_decimal(*from.get_ref()),
            format_decimal(*to.get_ref())
        );
        return match &unit {
            Some(u) if !u.is_empty() => (format!("{range} {u}"), true),
            _ => (format!("{range}%"), true),
        };
    }
    if let Some(x) = &target.toi_thieu {
        return (format!("≥ {}", with_unit(*x.get_ref())), true);
    }
    if let Some(x) = &target.toi_da {
        return (format!("≤ {}", with_unit(*x.get_ref())), true);
    }
    (String::new(), false)
}

/// How a deadline prints.
pub fn format_deadline(deadline: &Deadline) -> String {
    match deadline {
        Deadline::Date(date) => match toml_date(date) {
            Some(date) => format!("Trước ngày {}", date.short()),
            None => date.to_string(),
        },
        Deadline::Text(text) => text.trim().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use toml::Spanned;

    fn target(toml_text: &str) -> Target {
        #[derive(serde::Deserialize)]
        struct W {
            t: Spanned<Target>,
        }
        toml::from_str::<W>(&format!("t = {toml_text}"))
            .unwrap()
            .t
            .into_inner()
    }

    #[test]
    fn targets_print_the_vietnamese_way() {
        assert_eq!(
            format_target(&target("{ ty_le = 35.4 }")),
            ("35,4%".into(), true)
        );
        assert_eq!(format_target(&target("{ ty_le = 100 }")).0, "100%");
        assert_eq!(
            format_target(&target("{ tu = 2, den = 3, don_vi = \"đơn đăng ký/năm\" }")).0,
            "2-3 đơn đăng ký/năm"
        );
        assert_eq!(format_target(&target("{ toi_thieu = 85 }")).0, "≥ 85%");
        assert_eq!(
            format_target(&target("{ so = 1500, don_vi = \"hộ\" }")).0,
            "1.500 hộ"
        );
        assert_eq!(
            format_target(&target("{ chu = \"Khuyến khích\" }")),
            ("Khuyến khích".into(), false)
        );
    }
}
