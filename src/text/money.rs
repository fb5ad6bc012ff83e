//! Money, exactly: budgets in triệu đồng as decimals, never `f64`. A signed
//! document must not print one figure and read another in words, so the
//! figure ("Tổng cộng 1.234,5") and the words ("Bằng chữ: Một nghìn hai
//! trăm ba mươi tư triệu năm trăm nghìn đồng") come from one value.
//!
//! Accepted amounts: from 0 to below [`Limits::money_millions`] triệu
//! đồng, at most [`Limits::money_decimals`] decimals (one đồng). Within these bounds a TOML float
//! has at most 15 significant digits, which an `f64` keeps exactly (its
//! shortest representation gives back the digits written), and a total of
//! [`Limits::table_rows`] amounts stays below `u64::MAX` đồng.

use std::str::FromStr;

use rust_decimal::Decimal;
use serde::de::{self, Deserializer, Visitor};

use crate::limits::LIMITS;
#[cfg(doc)]
use crate::limits::Limits;

/// An amount in triệu đồng as written in the plan.
#[derive(Debug, Clone, PartialEq)]
pub enum Money {
    /// A finite number, exact.
    Exact(Decimal),
    /// A number no decimal holds (infinite, NaN, beyond 7.9e28), as written
    /// in short form; `check` reports it.
    Unreadable(String),
}

impl Money {
    /// The value, if readable.
    pub fn value(&self) -> Option<Decimal> {
        match self {
            Money::Exact(d) => Some(*d),
            Money::Unreadable(_) => None,
        }
    }

    /// Why the amount cannot be printed, if it cannot (in Vietnamese).
    pub fn problem(&self) -> Option<String> {
        match self {
            Money::Unreadable(text) => Some(format!("kinh phí {text} không phải một số tiền")),
            Money::Exact(d) if d.is_sign_negative() && !d.is_zero() => {
                Some(format!("kinh phí {} là số âm", format_money(*d)))
            }
            Money::Exact(d) if *d >= Decimal::from(LIMITS.money_millions) => Some(format!(
                "kinh phí {} triệu đồng vượt giới hạn (dưới {} triệu đồng)",
                format_money(*d),
                format_money(Decimal::from(LIMITS.money_millions))
            )),
            Money::Exact(d) if d.normalize().scale() > LIMITS.money_decimals => Some(format!(
                "kinh phí {d} có quá {} chữ số thập phân (nhỏ hơn một đồng)",
                LIMITS.money_decimals
            )),
            Money::Exact(_) => None,
        }
    }
}

impl<'de> serde::Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MoneyVisitor;
        impl Visitor<'_> for MoneyVisitor {
            type Value = Money;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                // The loader's messages know "f64" as a number.
                f.write_str("f64")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Money, E> {
                Ok(Money::Exact(Decimal::from(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Money, E> {
                Ok(Money::Exact(Decimal::from(v)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Money, E> {
                Ok(from_f64(v))
            }
        }
        deserializer.deserialize_any(MoneyVisitor)
    }
}

/// A TOML float as the decimal its shortest representation names.
fn from_f64(v: f64) -> Money {
    if v.is_finite()
        && v.abs() < 1e28
        && let Ok(d) = Decimal::from_str(&format!("{v}"))
    {
        return Money::Exact(d);
    }
    if v.is_finite() {
        Money::Unreadable(format!("{v:e}"))
    } else {
        Money::Unreadable(v.to_string())
    }
}

/// An amount rounded to whole đồng (6 decimals of triệu), half away from
/// zero: the one value both the figure and the words are made from.
pub fn to_dong_precision(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(
        LIMITS.money_decimals,
        rust_decimal::RoundingStrategy::MidpointAwayFromZero,
    )
}

/// An amount in triệu đồng the Vietnamese way, every decimal kept:
/// `1234.5` → "1.234,5", `0.00004` → "0,00004".
pub fn format_money(d: Decimal) -> String {
    let text = d.normalize().abs().to_string();
    let (int, frac) = text.split_once('.').unwrap_or((text.as_str(), ""));
    let mut out = String::new();
    if d.is_sign_negative() && !d.is_zero() {
        out.push('-');
    }
    let digits: Vec<char> = int.chars().collect();
    for (i, c) in digits.iter().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(*c);
    }
    if !frac.is_empty() {
        out.push(',');
        out.push_str(frac);
    }
    out
}

/// Whole đồng of an amount in triệu đồng (after [`to_dong_precision`]),
/// if it fits a `u64`.
pub fn whole_dong(d: Decimal) -> Option<u64> {
    use rust_decimal::prelude::ToPrimitive;
    let dong = to_dong_precision(d).checked_mul(Decimal::from(1_000_000))?;
    if dong.is_sign_negative() && !dong.is_zero() {
        return None;
    }
    dong.trunc().to_u64()
}

/// The "Bằng chữ" line's text for an amount in triệu đồng, or `None` when
/// no reading exists (negative or too large; `check` refuses those).
pub fn money_in_words(d: Decimal) -> Option<String> {
    whole_dong(d).map(crate::text::dong_in_words)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn money(toml: &str) -> Money {
        #[derive(serde::Deserialize)]
        struct T {
            k: Money,
        }
        toml::from_str::<T>(&format!("k = {toml}")).unwrap().k
    }

    #[test]
    fn integers_above_two_to_the_53_stay_exact() {
        let m = money("9007199254740993");
        assert_eq!(format_money(m.value().unwrap()), "9.007.199.254.740.993");
    }

    #[test]
    fn figure_and_words_agree_for_tiny_amounts() {
        let d = money("0.00004").value().unwrap();
        assert_eq!(format_money(d), "0,00004");
        assert_eq!(money_in_words(d).unwrap(), "Bốn mươi đồng");
    }

    #[test]
    fn out_of_range_amounts_are_problems() {
        assert!(money("1e18").problem().unwrap().contains("vượt giới hạn"));
        assert!(money("1.7e308").problem().unwrap().contains("không phải"));
        assert!(money("inf").problem().is_some());
        assert!(money("nan").problem().is_some());
        assert!(money("-1").problem().unwrap().contains("âm"));
        assert!(money("0.0000001").problem().unwrap().contains("thập phân"));
        assert!(money("999999999.999999").problem().is_none());
        assert!(money("0").problem().is_none());
        assert!(money("-0.0").problem().is_none());
    }

    #[test]
    fn floats_read_as_written() {
        for text in ["0.1", "123456789.123456", "2.5", "1234.5", "0.000001"] {
            let d = money(text).value().unwrap();
            assert_eq!(d.to_string(), text);
        }
    }
}
