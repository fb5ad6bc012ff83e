//! Reading amounts in Vietnamese words.
//!
//! Financial figures in administrative documents are followed by the amount
//! written out in words ("Bằng chữ: Ba tỷ hai trăm bảy mươi bảy triệu
//! đồng"). The reading follows standard Vietnamese usage:
//!
//! * tens: `mười` for 10–19, `… mươi` for 20–90;
//! * units after a ten: 1 is `mốt` after `mươi` but `một` after `mười`,
//!   5 is `lăm` after either, 4 stays `bốn`;
//! * a zero ten before a non-zero unit is `linh` (`một trăm linh năm`);
//! * groups of three digits are named `nghìn`, `triệu`, `tỷ`; above a
//!   billion the part above `tỷ` is read as a number of its own, giving
//!   `nghìn tỷ`, `triệu tỷ`, `tỷ tỷ`;
//! * once something has been said, a group with a zero hundreds digit still
//!   says `không trăm` (`một nghìn không trăm linh năm`);
//! * groups equal to zero are skipped entirely (`một triệu`).

/// One billion, the base of the recursive `tỷ` grouping.
const BILLION: u64 = 1_000_000_000;

/// Names of the three-digit groups below one billion, from the highest.
const GROUPS_BELOW_BILLION: [(u64, &str); 3] = [(1_000_000, "triệu"), (1_000, "nghìn"), (1, "")];

/// Returns the word for a single digit `0..=9`.
fn digit_word(d: u64) -> &'static str {
    match d {
        0 => "không",
        1 => "một",
        2 => "hai",
        3 => "ba",
        4 => "bốn",
        5 => "năm",
        6 => "sáu",
        7 => "bảy",
        8 => "tám",
        _ => "chín",
    }
}

/// Pushes the words of a non-zero three-digit group `1..=999`.
///
/// `full` is true when something has already been said before this group:
/// the hundreds are then always read (`không trăm`) and a zero ten before a
/// non-zero unit is read `linh`.
fn read_group(group: u64, full: bool, words: &mut Vec<&'static str>) {
    let hundreds = group / 100;
    let tens = group / 10 % 10;
    let units = group % 10;
    let hundreds_said = hundreds > 0 || full;

    if hundreds_said {
        words.push(digit_word(hundreds));
        words.push("trăm");
    }

    match tens {
        0 => {
            if units > 0 {
                if hundreds_said {
                    words.push("linh");
                }
                words.push(digit_word(units));
            }
        }
        1 => {
            words.push("mười");
            match units {
                0 => {}
                5 => words.push("lăm"),
                u => words.push(digit_word(u)),
            }
        }
        t => {
            words.push(digit_word(t));
            words.push("mươi");
            match units {
                0 => {}
                1 => words.push("mốt"),
                5 => words.push("lăm"),
                u => words.push(digit_word(u)),
            }
        }
    }
}

/// Pushes the words of `n`, where `said` tells whether anything has been
/// said before (and is updated). Numbers of one billion and more are read
/// as "(part above a billion) tỷ (rest)", recursively.
fn read_number(n: u64, said: &mut bool, words: &mut Vec<&'static str>) {
    let rest = if n >= BILLION {
        read_number(n / BILLION, said, words);
        words.push("tỷ");
        n % BILLION
    } else {
        n
    };

    for (scale, name) in GROUPS_BELOW_BILLION {
        let group = rest / scale % 1000;
        if group == 0 {
            continue;
        }
        read_group(group, *said, words);
        if !name.is_empty() {
            words.push(name);
        }
        *said = true;
    }
}

/// Reads a non-negative integer in Vietnamese words, lowercase and without a
/// unit, so it can be placed after "Bằng chữ:" or combined with any unit:
/// `3_277_000_000` → `"ba tỷ hai trăm bảy mươi bảy triệu"`, `0` → `"không"`.
///
/// Handles the whole `u64` range (up to about eighteen `tỷ tỷ`).
#[must_use]
pub fn amount_in_words(n: u64) -> String {
    if n == 0 {
        return digit_word(0).to_string();
    }
    let mut words = Vec::new();
    let mut said = false;
    read_number(n, &mut said, &mut words);
    words.join(" ")
}

/// The ordinal of `n` as a part of a document is named: 1 → "thứ nhất",
/// 2 → "thứ hai", 4 → "thứ tư", 14 → "thứ mười bốn" ("Phần thứ nhất").
#[must_use]
pub fn ordinal(n: u64) -> String {
    match n {
        1 => "thứ nhất".to_owned(),
        4 => "thứ tư".to_owned(),
        n => format!("thứ {}", amount_in_words(n)),
    }
}

/// Upper-cases the first character of `s` and keeps the rest unchanged,
/// correctly for non-ASCII letters (`"đồng"` → `"Đồng"`), so a reading can
/// start a sentence.
#[must_use]
pub fn capitalize_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Gives the "Bằng chữ" form of an amount of money in đồng: the reading,
/// capitalised, followed by " đồng" (`3_277_000_000` → `"Ba tỷ hai trăm bảy
/// mươi bảy triệu đồng"`, `0` → `"Không đồng"`).
#[must_use]
pub fn dong_in_words(n: u64) -> String {
    format!("{} đồng", capitalize_first(&amount_in_words(n)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(n: u64, expected: &str) {
        assert_eq!(amount_in_words(n), expected, "reading of {n}");
    }

    #[test]
    fn ordinals_name_the_parts_of_a_document() {
        let names: Vec<String> = [1, 2, 3, 4, 5, 10, 14, 21].map(ordinal).into();
        assert_eq!(
            names,
            [
                "thứ nhất",
                "thứ hai",
                "thứ ba",
                "thứ tư",
                "thứ năm",
                "thứ mười",
                "thứ mười bốn",
                "thứ hai mươi mốt"
            ]
        );
    }

    #[test]
    fn zero_and_single_digits() {
        check(0, "không");
        check(1, "một");
        check(4, "bốn");
        check(5, "năm");
        check(7, "bảy");
        check(9, "chín");
    }

    #[test]
    fn ten_to_nineteen() {
        check(10, "mười");
        check(11, "mười một");
        check(14, "mười bốn");
        check(15, "mười lăm");
        check(19, "mười chín");
    }

    #[test]
    fn tens_twenty_and_above() {
        check(20, "hai mươi");
        check(21, "hai mươi mốt");
        check(24, "hai mươi bốn");
        check(25, "hai mươi lăm");
        check(50, "năm mươi");
        check(55, "năm mươi lăm");
        check(91, "chín mươi mốt");
        check(99, "chín mươi chín");
    }

    #[test]
    fn hundreds() {
        check(100, "một trăm");
        check(101, "một trăm linh một");
        check(105, "một trăm linh năm");
        check(110, "một trăm mười");
        check(111, "một trăm mười một");
        check(115, "một trăm mười lăm");
        check(121, "một trăm hai mươi mốt");
        check(125, "một trăm hai mươi lăm");
        check(500, "năm trăm");
        check(999, "chín trăm chín mươi chín");
    }

    #[test]
    fn thousands() {
        check(1000, "một nghìn");
        check(1001, "một nghìn không trăm linh một");
        check(1005, "một nghìn không trăm linh năm");
        check(1010, "một nghìn không trăm mười");
        check(1050, "một nghìn không trăm năm mươi");
        check(1100, "một nghìn một trăm");
        check(1234, "một nghìn hai trăm ba mươi bốn");
        check(10_000, "mười nghìn");
        check(15_015, "mười lăm nghìn không trăm mười lăm");
        check(21_000, "hai mươi mốt nghìn");
        check(100_000, "một trăm nghìn");
        check(105_000, "một trăm linh năm nghìn");
    }

    #[test]
    fn millions() {
        check(1_000_000, "một triệu");
        check(1_000_001, "một triệu không trăm linh một");
        check(1_001_000, "một triệu không trăm linh một nghìn");
        check(2_000_015, "hai triệu không trăm mười lăm");
        check(2_500_300, "hai triệu năm trăm nghìn ba trăm");
    }

    #[test]
    fn billions() {
        check(3_277_000_000, "ba tỷ hai trăm bảy mươi bảy triệu");
        check(5_000_000_000, "năm tỷ");
        check(1_000_000_001, "một tỷ không trăm linh một");
        check(1_000_000_000, "một tỷ");
        check(
            1_234_567_891,
            "một tỷ hai trăm ba mươi bốn triệu năm trăm sáu mươi bảy nghìn tám trăm chín mươi mốt",
        );
    }

    #[test]
    fn above_one_thousand_billion() {
        check(1_000_000_000_000, "một nghìn tỷ");
        check(1_234_000_000_000, "một nghìn hai trăm ba mươi bốn tỷ");
        check(1_010_000_000_000, "một nghìn không trăm mười tỷ");
        check(1_000_000_000_005, "một nghìn tỷ không trăm linh năm");
        check(1_000_000_000_000_000, "một triệu tỷ");
        check(1_000_000_000_000_000_000, "một tỷ tỷ");
        check(2_000_000_001_000_000_000, "hai tỷ không trăm linh một tỷ");
    }

    #[test]
    fn u64_max() {
        let s = amount_in_words(u64::MAX);
        assert!(!s.contains("  "));
        assert!(!s.ends_with(' '));
        assert!(s.starts_with("mười tám tỷ"));
        assert_eq!(
            s,
            "mười tám tỷ bốn trăm bốn mươi sáu triệu bảy trăm bốn mươi bốn nghìn \
             không trăm bảy mươi ba tỷ bảy trăm linh chín triệu năm trăm năm mươi mốt \
             nghìn sáu trăm mười lăm"
        );
    }

    #[test]
    fn no_bad_patterns_up_to_200_000() {
        for n in 0..=200_000u64 {
            let s = amount_in_words(n);
            for bad in [
                "mươi một",
                "mười mốt",
                "mười năm",
                "mươi năm",
                "không nghìn",
                "không triệu",
                "linh mươi",
                "linh mười",
                "  ",
            ] {
                assert!(!s.contains(bad), "{n} read as {s:?} contains {bad:?}");
            }
            assert!(!s.starts_with(' ') && !s.ends_with(' '), "{n}: {s:?}");
            assert!(n == 0 || !s.starts_with("không"), "{n}: {s:?}");

            // "mười một" / "mười lăm" may only come from a group ending in 11 / 15.
            let groups = [n % 1000, n / 1000 % 1000];
            let has_11 = groups.iter().any(|g| g % 100 == 11);
            let has_15 = groups.iter().any(|g| g % 100 == 15);
            assert_eq!(s.contains("mười một"), has_11, "{n}: {s:?}");
            assert_eq!(s.contains("mười lăm"), has_15, "{n}: {s:?}");
        }
    }

    #[test]
    fn capitalize() {
        assert_eq!(capitalize_first("ba tỷ"), "Ba tỷ");
        assert_eq!(capitalize_first("đồng"), "Đồng");
        assert_eq!(capitalize_first("ấn"), "Ấn");
        assert_eq!(capitalize_first(""), "");
        assert_eq!(capitalize_first("Đã"), "Đã");
    }

    #[test]
    fn dong() {
        assert_eq!(
            dong_in_words(3_277_000_000),
            "Ba tỷ hai trăm bảy mươi bảy triệu đồng"
        );
        assert_eq!(dong_in_words(0), "Không đồng");
        assert_eq!(dong_in_words(15), "Mười lăm đồng");
    }
}
