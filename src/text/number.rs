//! Vietnamese number formatting.
//!
//! Vietnamese documents use a dot to separate groups of thousands and a
//! comma as the decimal mark: `3.277.000.000` and `35,4`.

/// Inserts a dot between every group of three digits of an unsigned run of
/// ASCII digits, counting from the right.
fn group_thousands(digits: &str) -> String {
    let len = digits.len();
    let mut out = String::with_capacity(len + len / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (len - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// Formats an integer the Vietnamese way, with a dot as the thousands
/// separator, so that amounts of money read as in official documents:
/// `3277000000` becomes `"3.277.000.000"` and `-1234` becomes `"-1.234"`.
#[must_use]
pub fn format_integer(n: i128) -> String {
    let grouped = group_thousands(&n.unsigned_abs().to_string());
    if n < 0 {
        format!("-{grouped}")
    } else {
        grouped
    }
}

/// Maximum number of decimals kept by [`format_decimal`].
const MAX_DECIMALS: usize = 4;

/// Formats a real number the Vietnamese way: comma as the decimal mark, dot
/// as the thousands separator, at most four decimals and no trailing zeros
/// (`35.4` → `"35,4"`, `30.0` → `"30"`, `1234.5` → `"1.234,5"`).
///
/// The value is first rounded half away from zero to four decimals. The
/// rounding works on the shortest decimal representation of the `f64`, so
/// floating-point noise such as `0.1 + 0.2` gives `"0,3"`, and a value that
/// rounds to zero never prints as `"-0"`. Non-finite values (NaN, infinities)
/// are printed with Rust's default notation since they have no Vietnamese
/// form.
#[must_use]
pub fn format_decimal(x: f64) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    // `Display` for f64 gives the shortest round-trip representation and
    // never uses exponent notation.
    let repr = x.abs().to_string();
    let (int_str, frac_str) = repr.split_once('.').unwrap_or((repr.as_str(), ""));

    let mut int_digits: Vec<u8> = int_str.bytes().map(|b| b - b'0').collect();
    let mut frac_digits: Vec<u8> = frac_str.bytes().map(|b| b - b'0').collect();

    if frac_digits.len() > MAX_DECIMALS {
        let round_up = frac_digits[MAX_DECIMALS] >= 5;
        frac_digits.truncate(MAX_DECIMALS);
        if round_up {
            // Propagate the carry through the fraction, then the integer part.
            let mut carry = true;
            for d in frac_digits
                .iter_mut()
                .rev()
                .chain(int_digits.iter_mut().rev())
            {
                if *d == 9 {
                    *d = 0;
                } else {
                    *d += 1;
                    carry = false;
                    break;
                }
            }
            if carry {
                int_digits.insert(0, 1);
            }
        }
    }

    while frac_digits.last() == Some(&0) {
        frac_digits.pop();
    }

    let is_zero = frac_digits.is_empty() && int_digits.iter().all(|&d| d == 0);
    let to_text = |ds: &[u8]| ds.iter().map(|&d| char::from(b'0' + d)).collect::<String>();

    let mut out = String::new();
    if x.is_sign_negative() && !is_zero {
        out.push('-');
    }
    out.push_str(&group_thousands(&to_text(&int_digits)));
    if !frac_digits.is_empty() {
        out.push(',');
        out.push_str(&to_text(&frac_digits));
    }
    out
}

/// Formats a percentage the Vietnamese way, as [`format_decimal`] followed
/// by a percent sign: `35.4` → `"35,4%"`.
#[must_use]
pub fn format_percent(x: f64) -> String {
    format!("{}%", format_decimal(x))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_basic() {
        assert_eq!(format_integer(0), "0");
        assert_eq!(format_integer(7), "7");
        assert_eq!(format_integer(999), "999");
        assert_eq!(format_integer(1000), "1.000");
        assert_eq!(format_integer(12_345), "12.345");
        assert_eq!(format_integer(123_456), "123.456");
        assert_eq!(format_integer(1_234_567), "1.234.567");
        assert_eq!(format_integer(3_277_000_000), "3.277.000.000");
    }

    #[test]
    fn integer_negative() {
        assert_eq!(format_integer(-1), "-1");
        assert_eq!(format_integer(-1234), "-1.234");
        assert_eq!(format_integer(-100_000), "-100.000");
    }

    #[test]
    fn integer_extremes() {
        assert_eq!(
            format_integer(i128::MAX),
            "170.141.183.460.469.231.731.687.303.715.884.105.727"
        );
        assert_eq!(
            format_integer(i128::MIN),
            "-170.141.183.460.469.231.731.687.303.715.884.105.728"
        );
    }

    #[test]
    fn decimal_examples() {
        assert_eq!(format_decimal(35.4), "35,4");
        assert_eq!(format_decimal(2.26), "2,26");
        assert_eq!(format_decimal(30.0), "30");
        assert_eq!(format_decimal(1234.5), "1.234,5");
        assert_eq!(format_decimal(0.1 + 0.2), "0,3");
        assert_eq!(format_decimal(0.0), "0");
        assert_eq!(format_decimal(1_000_000.25), "1.000.000,25");
    }

    #[test]
    fn decimal_rounding_half_away_from_zero() {
        assert_eq!(format_decimal(1.23456), "1,2346");
        assert_eq!(format_decimal(1.23454), "1,2345");
        assert_eq!(format_decimal(1.00005), "1,0001");
        assert_eq!(format_decimal(-1.00005), "-1,0001");
        assert_eq!(format_decimal(2.50004), "2,5");
        assert_eq!(format_decimal(0.99996), "1");
        assert_eq!(format_decimal(999.99999), "1.000");
        assert_eq!(format_decimal(9_999.999_95), "10.000");
    }

    #[test]
    fn decimal_never_negative_zero() {
        assert_eq!(format_decimal(-0.0), "0");
        assert_eq!(format_decimal(-0.00001), "0");
        assert_eq!(format_decimal(-0.000_049_99), "0");
        assert_eq!(format_decimal(-0.00005), "-0,0001");
    }

    #[test]
    fn decimal_negative() {
        assert_eq!(format_decimal(-35.4), "-35,4");
        assert_eq!(format_decimal(-1234.5), "-1.234,5");
    }

    #[test]
    fn decimal_small_and_large() {
        assert_eq!(format_decimal(0.0001), "0,0001");
        assert_eq!(format_decimal(1e-7), "0");
        assert_eq!(format_decimal(1e15), "1.000.000.000.000.000");
        assert_eq!(format_decimal(1e20), "100.000.000.000.000.000.000");
    }

    #[test]
    fn decimal_non_finite_does_not_panic() {
        assert_eq!(format_decimal(f64::NAN), "NaN");
        assert_eq!(format_decimal(f64::INFINITY), "inf");
        assert_eq!(format_decimal(f64::NEG_INFINITY), "-inf");
        assert!(!format_decimal(f64::MAX).is_empty());
    }

    #[test]
    fn percent() {
        assert_eq!(format_percent(35.4), "35,4%");
        assert_eq!(format_percent(100.0), "100%");
        assert_eq!(format_percent(0.0), "0%");
        assert_eq!(format_percent(12.345_67), "12,3457%");
    }
}
