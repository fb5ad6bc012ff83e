//! Arbitrary numbers, dates and strings through every function of
//! `kehoach::text`, checking the invariants of the Vietnamese forms: an
//! amount read in words reads back to the same number and never says what a
//! clerk would not write; number formats parse back; dates round-trip.

#![no_main]

use kehoach::text::{
    Date, amount_in_words, capitalize_first, date::days_in_month, dong_in_words, format_decimal,
    format_integer, format_percent, parse_short, to_roman,
};
use libfuzzer_sys::arbitrary::{Arbitrary, Result, Unstructured};
use libfuzzer_sys::fuzz_target;

#[derive(Debug)]
struct Input {
    amount: u64,
    real: f64,
    integer: i128,
    year: i32,
    month: u8,
    day: u8,
    roman: u16,
    text: String,
}

impl<'a> Arbitrary<'a> for Input {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(Input {
            amount: u.arbitrary()?,
            real: u.arbitrary()?,
            integer: u.arbitrary()?,
            year: u.arbitrary()?,
            month: u.arbitrary()?,
            day: u.arbitrary()?,
            roman: u.arbitrary()?,
            text: u.arbitrary()?,
        })
    }
}

/// Reads Vietnamese words back into a number (u128: no overflow here).
fn read_back(words: &str) -> u128 {
    let mut total: u128 = 0; // everything up to the last "tỷ", scaled
    let mut below_billion: u128 = 0; // the "triệu" and "nghìn" groups
    let mut group: u128 = 0;
    let mut pending: Option<u128> = None; // a digit not yet placed
    let flush = |group: &mut u128, pending: &mut Option<u128>| {
        *group += pending.take().unwrap_or(0);
    };
    for word in words.split(' ') {
        let digit = match word {
            "không" => Some(0),
            "một" => Some(1),
            "hai" => Some(2),
            "ba" => Some(3),
            "bốn" => Some(4),
            "năm" => Some(5),
            "sáu" => Some(6),
            "bảy" => Some(7),
            "tám" => Some(8),
            "chín" => Some(9),
            _ => None,
        };
        if let Some(d) = digit {
            assert!(pending.is_none(), "two digits in a row in {words:?}");
            pending = Some(d);
            continue;
        }
        match word {
            "trăm" => group += pending.take().expect("a digit before trăm") * 100,
            "mươi" => group += pending.take().expect("a digit before mươi") * 10,
            "mười" => {
                assert!(pending.is_none(), "a digit before mười in {words:?}");
                group += 10;
            }
            "linh" => assert!(pending.is_none() && group.is_multiple_of(100)),
            "mốt" => group += 1,
            "lăm" => group += 5,
            "nghìn" | "triệu" => {
                flush(&mut group, &mut pending);
                let scale = if word == "nghìn" { 1_000 } else { 1_000_000 };
                assert!((1..1000).contains(&group), "group {group} in {words:?}");
                below_billion += group * scale;
                group = 0;
            }
            "tỷ" => {
                flush(&mut group, &mut pending);
                total = (total + below_billion + group) * 1_000_000_000;
                below_billion = 0;
                group = 0;
            }
            other => panic!("unexpected word {other:?} in {words:?}"),
        }
    }
    flush(&mut group, &mut pending);
    total + below_billion + group
}

fn check_amount(n: u64) {
    let s = amount_in_words(n);
    assert!(
        !s.is_empty() && !s.starts_with(' ') && !s.ends_with(' '),
        "{n}: {s:?}"
    );
    for bad in [
        "  ",
        "mươi một",
        "mười mốt",
        "mười năm",
        "mươi năm",
        "linh mươi",
        "linh mười",
        "không nghìn",
        "không triệu",
        "không tỷ",
        "tỷ nghìn",
        "tỷ triệu",
    ] {
        assert!(!s.contains(bad), "{n} read as {s:?} contains {bad:?}");
    }
    assert!(n == 0 || !s.starts_with("không"), "{n}: {s:?}");
    assert_eq!(read_back(&s), u128::from(n), "{n} read as {s:?}");
    // "mười một" exactly when some three-digit group ends in 11.
    let mut groups = Vec::new();
    let mut rest = n;
    while rest > 0 {
        groups.push(rest % 1000);
        rest /= 1000;
    }
    assert_eq!(
        s.contains("mười một"),
        groups.iter().any(|g| g % 100 == 11),
        "{n}: {s:?}"
    );
    assert_eq!(
        s.contains("mười lăm"),
        groups.iter().any(|g| g % 100 == 15),
        "{n}: {s:?}"
    );

    let dong = dong_in_words(n);
    assert_eq!(dong, format!("{} đồng", capitalize_first(&s)));
    let first = dong.chars().next().expect("not empty");
    assert!(first.is_uppercase(), "{dong:?}");
}

fn check_integer(i: i128) {
    let s = format_integer(i);
    let digits = s.strip_prefix('-').unwrap_or(&s);
    assert_eq!(s.starts_with('-'), i < 0, "{i}: {s}");
    let groups: Vec<&str> = digits.split('.').collect();
    assert!((1..=3).contains(&groups[0].len()), "{i}: {s}");
    assert!(groups[1..].iter().all(|g| g.len() == 3), "{i}: {s}");
    assert!(groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit())));
    assert_eq!(s.replace('.', "").parse::<i128>().ok(), Some(i), "{s}");
}

fn check_decimal(x: f64) {
    let s = format_decimal(x);
    assert_eq!(format_percent(x), format!("{s}%"));
    if !x.is_finite() {
        return;
    }
    assert!(s != "-0" && !s.starts_with("-0,0000"), "{x}: {s}");
    let body = s.strip_prefix('-').unwrap_or(&s);
    let (int_part, frac) = body.split_once(',').unwrap_or((body, ""));
    let groups: Vec<&str> = int_part.split('.').collect();
    assert!((1..=3).contains(&groups[0].len()), "{x}: {s}");
    assert!(groups[1..].iter().all(|g| g.len() == 3), "{x}: {s}");
    assert!(frac.len() <= 4 && !frac.ends_with('0'), "{x}: {s}");
    assert!(
        body.bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b','),
        "{x}: {s}"
    );
    let back: f64 = s
        .replace('.', "")
        .replace(',', ".")
        .parse()
        .expect("parses");
    let tolerance = 0.000_050_01 + x.abs() * 1e-15;
    assert!(
        (back - x).abs() <= tolerance,
        "{x} printed {s}, reads {back}"
    );
}

fn check_date(year: i32, month: u8, day: u8) {
    let exists = (1..=9999).contains(&year) && day >= 1 && day <= days_in_month(year, month);
    let date = Date::new(year, month, day);
    assert_eq!(date.is_some(), exists, "{year}-{month}-{day}");
    let typed = format!("{day}/{month}/{year:04}");
    let Some(date) = date else {
        assert_eq!(parse_short(&typed), None, "{typed}");
        return;
    };
    assert_eq!(parse_short(&typed), Some(date), "{typed}");
    let short = date.short();
    assert_eq!(short.len(), 10, "{short}");
    assert_eq!(parse_short(&short), Some(date), "{short}");
    assert_eq!(date.to_string(), short);
    let header = date.header_date();
    assert!(
        header.starts_with(&format!("ngày {day:02} tháng ")),
        "{header}"
    );
    assert!(header.ends_with(&format!(" năm {year}")), "{header}");
}

fn roman_value(r: &str) -> usize {
    let value = |c| match c {
        'I' => 1,
        'V' => 5,
        'X' => 10,
        'L' => 50,
        'C' => 100,
        'D' => 500,
        'M' => 1000,
        other => panic!("not a Roman numeral: {other:?} in {r}"),
    };
    let values: Vec<usize> = r.chars().map(value).collect();
    let mut total: isize = 0;
    for (i, &v) in values.iter().enumerate() {
        if values.get(i + 1).is_some_and(|&next| next > v) {
            total -= v as isize;
        } else {
            total += v as isize;
        }
    }
    usize::try_from(total).expect("not negative")
}

fn check_text(s: &str) {
    // Typed dates: whatever parses must be a real date and round-trip.
    if let Some(date) = parse_short(s) {
        assert!(Date::new(date.year, date.month, date.day).is_some());
        assert_eq!(parse_short(&date.short()), Some(date));
    }
    let capital = capitalize_first(s);
    let mut original = s.chars();
    if let Some(first) = original.next() {
        assert!(capital.starts_with(&first.to_uppercase().collect::<String>()));
        assert!(capital.ends_with(original.as_str()));
    } else {
        assert!(capital.is_empty());
    }
}

fuzz_target!(|input: Input| {
    check_amount(input.amount);
    // The small amounts, where most of the reading rules live.
    check_amount(input.amount % 1_000_000_000);
    check_amount(input.amount % 1_000_000);
    check_integer(input.integer);
    check_integer(i128::from(input.amount));
    check_decimal(input.real);
    // Moderate values, where the decimals show.
    check_decimal(input.real % 1e6);
    check_decimal(input.amount as f64 / 10_000.0);
    check_date(input.year, input.month, input.day);
    check_date(
        2000 + input.year.rem_euclid(100),
        input.month % 13,
        input.day % 32,
    );
    let n = usize::from(input.roman);
    assert_eq!(roman_value(&to_roman(n)), n);
    check_text(&input.text);
});
