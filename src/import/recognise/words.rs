//! Small text helpers of the recogniser: spaces, case, diacritics, ids,
//! and the typed markers that open a heading or a list item.

/// Runs of whitespace as one space, trimmed.
pub fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A Vietnamese letter without its marks (`ế` → `e`, `đ` → `d`).
pub fn base_letter(c: char) -> char {
    const GROUPS: [(&str, char); 14] = [
        ("àáảãạăằắẳẵặâầấẩẫậ", 'a'),
        ("èéẻẽẹêềếểễệ", 'e'),
        ("ìíỉĩị", 'i'),
        ("òóỏõọôồốổỗộơờớởỡợ", 'o'),
        ("ùúủũụưừứửữự", 'u'),
        ("ỳýỷỹỵ", 'y'),
        ("đ", 'd'),
        ("ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ", 'A'),
        ("ÈÉẺẼẸÊỀẾỂỄỆ", 'E'),
        ("ÌÍỈĨỊ", 'I'),
        ("ÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ", 'O'),
        ("ÙÚỦŨỤƯỪỨỬỮỰ", 'U'),
        ("ỲÝỶỸỴ", 'Y'),
        ("Đ", 'D'),
    ];
    if c.is_ascii() {
        return c;
    }
    GROUPS
        .iter()
        .find(|(letters, _)| letters.contains(c))
        .map_or(c, |(_, base)| *base)
}

/// `text` lowercased without marks: the key two spellings share.
pub fn fold(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(base_letter)
        .collect()
}

/// An id as the format wants it: lowercase letters and digits without
/// marks, words joined by `-`.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in fold(text).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

/// The slug of the first `words` words of `text`.
pub fn short_slug(text: &str, words: usize) -> String {
    let slug = slug(text);
    let parts: Vec<&str> = slug
        .split('-')
        .filter(|p| !p.is_empty())
        .take(words)
        .collect();
    parts.join("-")
}

/// Whether `text` has letters and none of them is lowercase.
pub fn is_upper(text: &str) -> bool {
    let mut letters = text.chars().filter(|c| c.is_alphabetic()).peekable();
    letters.peek().is_some() && letters.all(|c| !c.is_lowercase())
}

/// "QUẢNG NGỌC" → "Quảng Ngọc".
pub fn title_case(text: &str) -> String {
    text.split_whitespace()
        .map(|word| {
            let lower = word.to_lowercase();
            let mut chars = lower.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The first letter uppercase, the rest as written.
pub fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Whether the text starts with a lowercase letter.
pub fn starts_lowercase(text: &str) -> bool {
    text.chars().next().is_some_and(char::is_lowercase)
}

/// The value of a Roman numeral (I … XXXIX and a little beyond).
pub fn roman_value(text: &str) -> Option<usize> {
    if text.is_empty() || !text.chars().all(|c| "IVXLC".contains(c)) {
        return None;
    }
    let value = |c: char| match c {
        'I' => 1,
        'V' => 5,
        'X' => 10,
        'L' => 50,
        _ => 100,
    };
    let chars: Vec<usize> = text.chars().map(value).collect();
    let mut total = 0;
    for (i, v) in chars.iter().enumerate() {
        if chars.get(i + 1).is_some_and(|next| next > v) {
            total -= *v as isize;
        } else {
            total += *v as isize;
        }
    }
    let total = usize::try_from(total).ok()?;
    // Only the canonical spelling counts: "IIII" or "VX" are words.
    (crate::text::roman::to_roman(total) == text).then_some(total)
}

/// A typed marker at the start of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Marker {
    /// "I.", "IV." (a part).
    Roman(usize),
    /// "1.", "12." (an item).
    Number(usize),
    /// "4.1.", "5.2.3." (a numbered sub-item).
    Dotted(Vec<usize>),
    /// "a)", "b." (a lettered sub-item).
    Letter(char),
    /// "A.", "B." (a part labelled by letter; "I.", "V.", "X." read as
    /// Roman here, and as letters where the parts count A, B, C …).
    Capital(char),
    /// "(1)", "1)": an enumeration inside prose.
    Paren(usize),
    /// "-", "+", "*", "•", "–": a list item; `nested` for "+" and "o".
    Bullet { nested: bool },
}

impl Marker {
    pub fn is_heading(&self) -> bool {
        matches!(
            self,
            Marker::Roman(_) | Marker::Number(_) | Marker::Dotted(_) | Marker::Letter(_)
        )
    }
}

/// The marker `text` starts with, and the text after it.
pub fn marker(text: &str) -> Option<(Marker, &str)> {
    let text = text.trim_start();
    let mut chars = text.char_indices();
    let (_, first) = chars.next()?;
    // Bullets.
    if matches!(
        first,
        '-' | '+' | '*' | '•' | '–' | '−' | '·' | '‒' | '\u{f0b7}' | '\u{f0a7}'
    ) {
        let rest = &text[first.len_utf8()..];
        if rest.starts_with(char::is_whitespace) {
            return Some((
                Marker::Bullet {
                    nested: first == '+',
                },
                rest.trim_start(),
            ));
        }
        return None;
    }
    if first == '(' {
        let close = text.find(')')?;
        let inner = &text[1..close];
        if let Ok(n) = inner.parse::<usize>() {
            return Some((Marker::Paren(n), text[close + 1..].trim_start()));
        }
        return None;
    }
    // Numbers and dotted numbers: "1.", "4.1.", "4.1" followed by a space.
    let head_end = text.find(char::is_whitespace).unwrap_or(text.len());
    let head = &text[..head_end];
    let rest = text[head_end..].trim_start();
    if rest.is_empty() {
        return None;
    }
    if let Some(roman) = head.strip_suffix('.')
        && let Some(n) = roman_value(roman)
        && !matches!(roman, "C" | "L")
    {
        return Some((Marker::Roman(n), rest));
    }
    if let Some(letter) = head.strip_suffix('.')
        && let [c] = letter.chars().collect::<Vec<_>>()[..]
        && c.is_ascii_uppercase()
    {
        return Some((Marker::Capital(c), rest));
    }
    if head.starts_with(|c: char| c.is_ascii_digit()) {
        let digits = head.trim_end_matches(['.', ')']);
        let parts: Vec<&str> = digits.split('.').collect();
        // "4.1": the parts after the first are short and have no leading
        // zero, so "2.000" (a thousand separator) is no marker.
        let numbers: Option<Vec<usize>> = parts
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let fits = if i == 0 {
                    p.len() <= 3
                } else {
                    (1..=2).contains(&p.len()) && !p.starts_with('0')
                };
                fits.then(|| p.parse::<usize>().ok()).flatten()
            })
            .collect();
        let numbers = numbers?;
        if numbers.len() == 1 {
            if head.ends_with(')') {
                return Some((Marker::Paren(numbers[0]), rest));
            }
            if head.ends_with('.') {
                return Some((Marker::Number(numbers[0]), rest));
            }
            return None;
        }
        return Some((Marker::Dotted(numbers), rest));
    }
    // Letters: "a)", "b.", "c," (a lowercase letter and a mark).
    let mut letter = head.chars();
    if let (Some(c), Some(mark), None) = (letter.next(), letter.next(), letter.next())
        && c.is_ascii_lowercase()
        && matches!(mark, ')' | '.' | ',')
    {
        return Some((Marker::Letter(c), rest));
    }
    None
}

/// "Phần thứ nhất", "PHẦN THỨ HAI", "Phần thứ 3": the ordinal of a
/// division of the plan, and its title when typed on the same line
/// ("Phần thứ nhất: Kết quả …").
pub fn division(text: &str) -> Option<(usize, Option<&str>)> {
    let folded = fold(text);
    let rest = folded.strip_prefix("phan thu ")?;
    const ORDINALS: [&str; 10] = [
        "nhat", "hai", "ba", "tu", "nam", "sau", "bay", "tam", "chin", "muoi",
    ];
    let word: String = rest.chars().take_while(|c| c.is_alphanumeric()).collect();
    let n = ORDINALS
        .iter()
        .position(|o| *o == word)
        .map(|i| i + 1)
        .or_else(|| word.parse().ok())
        .or_else(|| roman_value(&word.to_uppercase()))?;
    let after = rest[word.len()..].trim_start();
    if after.is_empty() {
        return Some((n, None));
    }
    // A title on the same line follows a mark: "Phần thứ nhất: …".
    let title = after.strip_prefix([':', '.', '-', '–'])?.trim_start();
    // The fold has a character for each of the text's.
    let skip = folded.chars().count() - title.chars().count();
    let title = text
        .char_indices()
        .nth(skip)
        .map(|(i, _)| text[i..].trim())
        .filter(|t| !t.is_empty());
    Some((n, title))
}

/// Edit distance of two short strings (units' abbreviation keys).
pub fn distance(a: &str, b: &str) -> usize {
    strsim::levenshtein(a, b)
}

/// Whether a line opens a legal basis: "Căn cứ …", or "Thực hiện"/"Theo"
/// followed by a document.
pub fn is_basis(text: &str) -> bool {
    let folded = fold(text);
    if folded.starts_with("can cu ") {
        return true;
    }
    let documents = [
        "ke hoach",
        "nghi quyet",
        "quyet dinh",
        "cong van",
        "chi thi",
        "thong tu",
        "nghi dinh",
        "luat",
        "huong dan",
        "van ban",
        "thong bao",
        "chuong trinh",
        "de an",
    ];
    ["thuc hien ", "theo "].iter().any(|lead| {
        folded.strip_prefix(lead).is_some_and(|rest| {
            documents.iter().any(|d| rest.starts_with(d)) && rest.contains(" so ")
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_and_slugs_drop_the_marks() {
        assert_eq!(fold("Phòng Văn hóa - Xã hội"), "phong van hoa - xa hoi");
        assert_eq!(slug("Tỷ lệ phủ sóng 4G/5G"), "ty-le-phu-song-4g-5g");
        assert_eq!(
            short_slug("Đảm bảo an toàn thông tin mạng", 3),
            "dam-bao-an"
        );
        assert_eq!(title_case("QUẢNG NGỌC"), "Quảng Ngọc");
    }

    #[test]
    fn markers_read_as_clerks_type_them() {
        assert_eq!(marker("I. MỤC ĐÍCH"), Some((Marker::Roman(1), "MỤC ĐÍCH")));
        assert_eq!(marker("IV. TỔ CHỨC"), Some((Marker::Roman(4), "TỔ CHỨC")));
        assert_eq!(marker("12. Phòng"), Some((Marker::Number(12), "Phòng")));
        assert_eq!(
            marker("4.1. Hạ tầng số"),
            Some((Marker::Dotted(vec![4, 1]), "Hạ tầng số"))
        );
        assert_eq!(
            marker("5.2 Hạ tầng"),
            Some((Marker::Dotted(vec![5, 2]), "Hạ tầng"))
        );
        assert_eq!(
            marker("a) Mục tiêu:"),
            Some((Marker::Letter('a'), "Mục tiêu:"))
        );
        assert_eq!(marker("b, Tỷ lệ"), Some((Marker::Letter('b'), "Tỷ lệ")));
        assert_eq!(marker("(1) Nhóm"), Some((Marker::Paren(1), "Nhóm")));
        assert_eq!(
            marker("- Hoàn thành"),
            Some((Marker::Bullet { nested: false }, "Hoàn thành"))
        );
        assert_eq!(
            marker("+ Khảo sát"),
            Some((Marker::Bullet { nested: true }, "Khảo sát"))
        );
        assert_eq!(
            marker("* Về chuyển đổi số"),
            Some((Marker::Bullet { nested: false }, "Về chuyển đổi số"))
        );
        for not in [
            "100% cán bộ",
            "2025-2030 là",
            "Ít nhất",
            "-5 độ",
            "2.000 người",
            "VI.",
            "IIII. X",
            "Mục 1.",
        ] {
            assert_eq!(
                marker(not).map(|m| m.0).filter(Marker::is_heading),
                None,
                "{not}"
            );
        }
        assert_eq!(marker("35.4% người").map(|m| m.0), None);
    }

    #[test]
    fn capital_letters_label_parts() {
        assert_eq!(
            marker("A. Những kết quả đạt được"),
            Some((Marker::Capital('A'), "Những kết quả đạt được"))
        );
        assert_eq!(
            marker("C. Giải pháp").map(|m| m.0),
            Some(Marker::Capital('C'))
        );
        // "I." is Roman until the parts are known to count by letter.
        assert_eq!(marker("I. Mục đích").map(|m| m.0), Some(Marker::Roman(1)));
        assert_eq!(marker("AB. Không").map(|m| m.0), None);
    }

    #[test]
    fn divisions_read_in_words_digits_or_roman() {
        assert_eq!(division("Phần thứ nhất"), Some((1, None)));
        assert_eq!(division("PHẦN THỨ HAI"), Some((2, None)));
        assert_eq!(division("Phần thứ 3"), Some((3, None)));
        assert_eq!(
            division("Phần thứ nhất: KẾT QUẢ NĂM 2022"),
            Some((1, Some("KẾT QUẢ NĂM 2022")))
        );
        assert_eq!(division("Phần thứ nhất của kế hoạch là"), None);
        assert_eq!(division("Phần thưởng cho tập thể"), None);
        assert_eq!(division("Phần thứ yếu"), None);
    }

    #[test]
    fn roman_numerals_only_in_their_canonical_spelling() {
        assert_eq!(roman_value("IV"), Some(4));
        assert_eq!(roman_value("XIV"), Some(14));
        assert_eq!(roman_value("IIII"), None);
        assert_eq!(roman_value("VX"), None);
        assert_eq!(roman_value(""), None);
    }
}
