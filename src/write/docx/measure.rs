//! Approximate widths of bold Times New Roman text, to size the short rules
//! under the issuing body, the motto and the excerpt.
//!
//! A DOCX cannot say "a line as long as this text", and docx-rs cannot draw
//! shapes, so each rule is a paragraph border whose indents come from the
//! width estimated here with the font's advance widths (Times New Roman Bold
//! and its metric twin Liberation Serif Bold). Vietnamese tone marks do not
//! change a letter's advance, so a marked letter counts as its base letter;
//! the horn does (ơ, ư, Ư are wider), so those have their own. Kerning is
//! left out: a fraction of a point on a line, within what the PDF and the
//! DOCX are tested to agree on.

/// Advance widths of Times New Roman Bold for ASCII 32..=126, in 1/1000 em.
const BOLD_ASCII: [u16; 95] = [
    250, 333, 555, 500, 500, 1000, 833, 278, 333, 333, 500, 570, 250, 333, 250, 278, // ' '../
    500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 333, 333, 570, 570, 570, 500, // 0..?
    930, 722, 667, 722, 722, 667, 611, 778, 778, 389, 500, 778, 667, 944, 722, 778, // @..O
    611, 778, 722, 556, 667, 722, 722, 1000, 722, 722, 667, 333, 278, 333, 581, 500, // P.._
    333, 500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556, 278, 833, 556, 500, // `..o
    556, 556, 444, 389, 333, 556, 500, 722, 500, 500, 444, 394, 220, 394, 520, // p..~
];

/// Width assumed for a character this table does not know.
const UNKNOWN: u16 = 556;

/// Vietnamese letters with diacritics, by base letter.
const VIETNAMESE: [(char, &str); 14] = [
    ('a', "àáảãạăằắẳẵặâầấẩẫậ"),
    ('A', "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ"),
    ('e', "èéẻẽẹêềếểễệ"),
    ('E', "ÈÉẺẼẸÊỀẾỂỄỆ"),
    ('i', "ìíỉĩị"),
    ('I', "ÌÍỈĨỊ"),
    ('o', "òóỏõọôồốổỗộơờớởỡợ"),
    ('O', "ÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ"),
    ('u', "ùúủũụưừứửữự"),
    ('U', "ÙÚỦŨỤƯỪỨỬỮỰ"),
    ('y', "ỳýỷỹỵ"),
    ('Y', "ỲÝỶỸỴ"),
    ('d', "đ"),
    ('D', "Đ"),
];

/// Letters with a horn, wider than their base letter, in 1/1000 em.
const HORNED: [(&str, u16); 3] = [("ơờớởỡợ", 554), ("ưừứửữự", 600), ("ƯỪỨỬỮỰ", 796)];

/// The letter whose advance `c` shares.
fn base_letter(c: char) -> char {
    VIETNAMESE
        .iter()
        .find(|(_, marked)| marked.contains(c))
        .map_or(c, |&(base, _)| base)
}

/// Advance of `c` in 1/1000 em.
fn advance(c: char) -> u16 {
    if let Some(&(_, width)) = HORNED.iter().find(|(letters, _)| letters.contains(c)) {
        return width;
    }
    let c = base_letter(c);
    match u32::from(c) {
        code @ 32..=126 => BOLD_ASCII[(code - 32) as usize],
        _ => UNKNOWN,
    }
}

/// Estimated width of `text` in bold Times New Roman at `points`, in twips.
pub(super) fn bold_width(text: &str, points: usize) -> u32 {
    let em_thousandths: u64 = text.chars().map(|c| u64::from(advance(c))).sum();
    // 1 pt = 20 twips; widths are per 1000 em.
    let twips = em_thousandths * points as u64 * 20 / 1000;
    u32::try_from(twips).unwrap_or(u32::MAX)
}

/// Lines that `text`, set bold at `points` and wrapped at spaces, takes in
/// a column `width` twips wide. A word wider than the column is broken
/// across as many lines as it fills.
pub(super) fn bold_lines(text: &str, points: usize, width: u32) -> usize {
    let width = width.max(1);
    let space = bold_width(" ", points);
    let mut lines = 1;
    let mut used: u32 = 0;
    for word in text.split_whitespace() {
        let word = bold_width(word, points);
        if used > 0 && used.saturating_add(space).saturating_add(word) <= width {
            used += space + word;
            continue;
        }
        if used > 0 {
            lines += 1;
        }
        // A long word fills whole lines and leaves the rest on the last.
        lines += ((word.max(1) - 1) / width) as usize;
        used = word - (word.max(1) - 1) / width * width;
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tone_marks_do_not_change_the_width_but_horns_do() {
        assert_eq!(bold_width("ĐỘC LẬP", 14), bold_width("DOC LAP", 14));
        assert_eq!(bold_width("ựợ", 14), bold_width("ươ", 14));
        assert!(bold_width("ươ", 14) > bold_width("uo", 14));
        assert!(bold_width("Ư", 14) > bold_width("U", 14));
    }

    #[test]
    fn lines_wrap_at_spaces() {
        let word = bold_width("hoàn", 12);
        assert_eq!(bold_lines("", 12, 1000), 1);
        assert_eq!(bold_lines("hoàn", 12, word), 1);
        assert_eq!(bold_lines("hoàn hoàn", 12, word * 2), 2);
        assert_eq!(bold_lines("hoàn hoàn", 12, word * 3), 1);
        // A word three columns wide takes three lines.
        assert_eq!(bold_lines("hoàn", 12, word / 3 + 1), 3);
    }

    #[test]
    fn national_title_fits_its_column() {
        // The right column of the header block is 62 % of 165 mm.
        let title = bold_width("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13);
        let column = 9355 * 62 / 100;
        assert!(title < column, "{title} ≥ {column}");
        // Its real width is about 96 mm (5 440 twips).
        assert!((5200..5700).contains(&title), "{title}");
    }
}
