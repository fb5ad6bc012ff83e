//! For every amount `check` accepts, the words under a budget read back to
//! the figure printed above them: parsed from Vietnamese by an independent
//! reader here, compared to the figure parsed from its printed form.

use kehoach::text::money::{Money, format_money, money_in_words};
use proptest::prelude::*;
use rust_decimal::Decimal;

tests! {
    words_read_back_to_the_printed_figure;
    totals_read_back;
    the_reader_reads_known_amounts;
}

/// Value of a Vietnamese reading below one billion ("hai trăm linh năm
/// nghìn …"), by its scale words.
fn below_billion(words: &[&str]) -> u64 {
    let mut total = 0;
    let mut rest = words;
    for (scale, name) in [(1_000_000, "triệu"), (1_000, "nghìn")] {
        if let Some(at) = rest.iter().position(|w| *w == name) {
            total += group(&rest[..at]) * scale;
            rest = &rest[at + 1..];
        }
    }
    total + group(rest)
}

/// Value of a reading below one thousand.
fn group(words: &[&str]) -> u64 {
    let (mut value, mut last) = (0, 0);
    for w in words {
        match *w {
            "không" => last = 0,
            "một" | "mốt" => last = 1,
            "hai" => last = 2,
            "ba" => last = 3,
            "bốn" | "tư" => last = 4,
            "năm" | "lăm" => last = 5,
            "sáu" => last = 6,
            "bảy" => last = 7,
            "tám" => last = 8,
            "chín" => last = 9,
            "mười" => value += 10,
            "mươi" => {
                value += last * 10;
                last = 0;
            }
            "trăm" => {
                value += last * 100;
                last = 0;
            }
            "linh" | "lẻ" => {}
            other => panic!("unknown word {other:?}"),
        }
    }
    value + last
}

/// Value of a full reading: "(reading) tỷ (below a billion)", recursively.
fn read_back(words: &[&str]) -> u64 {
    match words.iter().rposition(|w| *w == "tỷ") {
        Some(at) => read_back(&words[..at]) * 1_000_000_000 + below_billion(&words[at + 1..]),
        None => below_billion(words),
    }
}

/// Đồng of a printed figure in triệu đồng ("1.234,5" → 1 234 500 000).
fn figure_dong(figure: &str) -> u64 {
    let (int, frac) = figure.split_once(',').unwrap_or((figure, ""));
    let int: u64 = int.replace('.', "").parse().unwrap();
    let frac = format!("{frac:0<6}");
    int * 1_000_000 + frac.parse::<u64>().unwrap()
}

fn words_dong(words: &str) -> u64 {
    let lower = words.to_lowercase();
    let text = lower.strip_suffix(" đồng").expect("ends with đồng");
    let tokens: Vec<&str> = text.split(' ').collect();
    if tokens == ["không"] {
        0
    } else {
        read_back(&tokens)
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    fn words_read_back_to_the_printed_figure(
        int in 0u64..1_000_000_000,
        frac in 0u64..1_000_000,
        scale in 0u32..=6,
    ) {
        let frac = frac % 10u64.pow(scale);
        let value = Decimal::from(int) + Decimal::new(i64::try_from(frac).unwrap(), scale);
        prop_assert!(Money::Exact(value).problem().is_none());
        let figure = format_money(value);
        let words = money_in_words(value).unwrap();
        prop_assert_eq!(words_dong(&words), figure_dong(&figure), "{} / {}", figure, words);
    }

    /// Totals of many amounts (up to the row limit) still read back.
    fn totals_read_back(int in 0u64..5_000_000_000_000, frac in 0u64..1_000_000) {
        let value = Decimal::from(int) + Decimal::new(i64::try_from(frac).unwrap(), 6);
        let figure = format_money(value);
        let words = money_in_words(value).unwrap();
        prop_assert_eq!(words_dong(&words), figure_dong(&figure), "{} / {}", figure, words);
    }
}

fn the_reader_reads_known_amounts() {
    assert_eq!(
        words_dong("Ba tỷ hai trăm bảy mươi bảy triệu đồng"),
        3_277_000_000
    );
    assert_eq!(words_dong("Một nghìn không trăm linh năm đồng"), 1005);
    assert_eq!(words_dong("Không đồng"), 0);
}
