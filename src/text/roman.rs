//! Roman numerals for part and appendix numbers (I, II … XX), and letters
//! for sub-items and sub-indicators (a, b … z, aa …).

/// `n` in Roman numerals; 0 gives an empty string.
pub fn to_roman(n: usize) -> String {
    const TABLE: [(usize, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut n = n;
    let mut out = String::new();
    for (value, letters) in TABLE {
        while n >= value {
            out.push_str(letters);
            n -= value;
        }
    }
    out
}

/// `n` as letters: 1 → "a", 26 → "z", 27 → "aa" (a plan never needs
/// them, but must not panic); 0 gives an empty string.
pub fn to_letters(n: usize) -> String {
    let mut n = n;
    let mut out = Vec::new();
    while n > 0 {
        let rem = u8::try_from((n - 1) % 26).unwrap_or(0);
        out.push(char::from(b'a' + rem));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

/// The capital letters of the Vietnamese alphabet that documents number
/// with, in order: no F, J, W, Z, and Đ after D.
const VIETNAMESE_LETTERS: [char; 22] = [
    'A', 'B', 'C', 'D', 'Đ', 'E', 'G', 'H', 'I', 'K', 'L', 'M', 'N', 'O', 'P', 'Q', 'R', 'S', 'T',
    'U', 'V', 'X',
];

/// `n` as a capital letter of the Vietnamese alphabet: 1 → "A", 5 → "Đ",
/// 6 → "E"; past the last letter, "X1", "X2" … (no plan has 22 sections).
/// 0 gives an empty string.
pub fn to_vietnamese_letter(n: usize) -> String {
    match n {
        0 => String::new(),
        n if n <= VIETNAMESE_LETTERS.len() => VIETNAMESE_LETTERS[n - 1].to_string(),
        n => format!("X{}", n - VIETNAMESE_LETTERS.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_letters_put_dd_after_d() {
        let letters: Vec<String> = (1..=7).map(to_vietnamese_letter).collect();
        assert_eq!(letters, ["A", "B", "C", "D", "Đ", "E", "G"]);
        assert_eq!(to_vietnamese_letter(0), "");
        assert_eq!(to_vietnamese_letter(23), "X1");
    }

    #[test]
    fn roman_numerals() {
        let cases = [
            (1, "I"),
            (2, "II"),
            (4, "IV"),
            (6, "VI"),
            (9, "IX"),
            (14, "XIV"),
            (40, "XL"),
            (1994, "MCMXCIV"),
        ];
        for (n, r) in cases {
            assert_eq!(to_roman(n), r);
        }
        assert_eq!(to_roman(0), "");
    }

    #[test]
    fn letters_run_a_to_z_then_aa() {
        let cases = [
            (1, "a"),
            (4, "d"),
            (26, "z"),
            (27, "aa"),
            (28, "ab"),
            (53, "ba"),
        ];
        for (n, l) in cases {
            assert_eq!(to_letters(n), l);
        }
        assert_eq!(to_letters(0), "");
    }
}
