//! Advance widths of the embedded Liberation Serif: the one measure of text
//! in kehoach. Column widths come from how wide the words really print
//! (capitals and bold are wider than an average character), the DOCX sizes
//! its short rules with it, and `fits` counts lines with it; `covers` says
//! which characters the faces can print at all. The font bytes live here,
//! below the writers and `check`, so the PDF writer embeds the very faces
//! measured here and `check` warns about the very characters the PDF would
//! print as blank boxes.

use std::sync::OnceLock;

use ttf_parser::Face;

/// Liberation Serif (SIL OFL 1.1, see fonts/LICENSE-Liberation.txt):
/// regular, bold, italic, bold italic.
pub const EMBEDDED: [&[u8]; 4] = [
    include_bytes!("../../fonts/LiberationSerif-Regular.ttf"),
    include_bytes!("../../fonts/LiberationSerif-Bold.ttf"),
    include_bytes!("../../fonts/LiberationSerif-Italic.ttf"),
    include_bytes!("../../fonts/LiberationSerif-BoldItalic.ttf"),
];

/// Regular and bold, parsed once.
fn faces() -> &'static [Option<Face<'static>>; 2] {
    static FACES: OnceLock<[Option<Face<'static>>; 2]> = OnceLock::new();
    FACES.get_or_init(|| {
        [
            Face::parse(EMBEDDED[0], 0).ok(),
            Face::parse(EMBEDDED[1], 0).ok(),
        ]
    })
}

/// Whether one of the embedded faces has a glyph for `c`: what a PDF made
/// without `--font-dir` can print.
pub fn covers(c: char) -> bool {
    static ALL: OnceLock<Vec<Face<'static>>> = OnceLock::new();
    static BELOW_TABLED: OnceLock<Vec<bool>> = OnceLock::new();
    let faces = ALL.get_or_init(|| {
        EMBEDDED
            .iter()
            .filter_map(|data| Face::parse(data, 0).ok())
            .collect()
    });
    // Glyph 0 is the blank box a font draws for what it lacks (a cmap may
    // map U+FFFF to it).
    let any = |c: char| {
        faces
            .iter()
            .any(|f| f.glyph_index(c).is_some_and(|g| g.0 != 0))
    };
    let table = BELOW_TABLED.get_or_init(|| {
        (0..TABLED)
            .map(|code| char::from_u32(code).is_some_and(any))
            .collect()
    });
    table.get(c as usize).copied().unwrap_or_else(|| any(c))
}

/// Characters below this code point (Latin, Vietnamese, punctuation,
/// symbols) have their advances looked up once, in a table: the font's
/// character map is a search per character, and measuring a long table
/// asks for millions of them.
const TABLED: u32 = 0x3000;

/// The table is filled a block of this many code points at a time, when a
/// character of the block is first measured: a plan uses a few blocks
/// (Basic Latin, Latin-1, Latin Extended, Vietnamese, punctuation) of the
/// 48, and looking up all 12,288 characters of both faces cost more than
/// everything else compose does.
const BLOCK: usize = 256;
const BLOCKS: usize = TABLED as usize / BLOCK;

/// Advance of `c` in em, from the face; half an em when it lacks `c`.
fn looked_up(face: &Face<'_>, c: char) -> f64 {
    let em = f64::from(face.units_per_em());
    face.glyph_index(c)
        .and_then(|g| face.glyph_hor_advance(g))
        .map_or(0.5, |a| f64::from(a) / em)
}

/// The advances of the block of code points starting at `block * BLOCK`,
/// in the face `bold` picks.
fn block(bold: usize, block: usize) -> &'static [f64; BLOCK] {
    static TABLES: [[OnceLock<[f64; BLOCK]>; BLOCKS]; 2] =
        [const { [const { OnceLock::new() }; BLOCKS] }; 2];
    TABLES[bold][block].get_or_init(|| {
        let face = faces()[bold].as_ref();
        std::array::from_fn(|i| {
            let code = (block * BLOCK + i) as u32;
            match (face, char::from_u32(code)) {
                (Some(face), Some(c)) => looked_up(face, c),
                _ => 0.5,
            }
        })
    })
}

/// Advance of `c` in em in the face `bold` picks, from the table where it
/// holds `c`.
fn em_advance(face: &Face<'_>, bold: usize, c: char) -> f64 {
    let code = c as usize;
    if code < TABLED as usize {
        block(bold, code / BLOCK)[code % BLOCK]
    } else {
        looked_up(face, c)
    }
}

/// Width of `text` set at `size` points, in points (no kerning, which only
/// narrows). A character the font lacks counts half an em.
pub fn advance(text: &str, size: f64, bold: bool) -> f64 {
    let bold = usize::from(bold);
    let Some(face) = &faces()[bold] else {
        return text.chars().count() as f64 * 0.5 * size;
    };
    text.chars().map(|c| em_advance(face, bold, c)).sum::<f64>() * size
}

/// Lines that `text`, set at `size` points (bold when `bold`) and wrapped at
/// spaces, takes in a column `width` points wide: at least one. A word wider
/// than the column fills as many lines as it needs.
pub fn lines(text: &str, size: f64, bold: bool, width: f64) -> usize {
    let width = width.max(f64::MIN_POSITIVE);
    let space = advance(" ", size, bold);
    let mut lines = 1;
    let mut used = 0.0;
    for word in text.split_whitespace() {
        let word = advance(word, size, bold);
        if used > 0.0 && used + space + word <= width {
            used += space + word;
            continue;
        }
        if used > 0.0 {
            lines += 1;
        }
        // A long word fills whole lines and leaves the rest on the last.
        let full = ((word / width).ceil() as usize).max(1) - 1;
        lines += full;
        used = word - full as f64 * width;
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_gives_what_the_font_gives() {
        for (bold, face) in faces().iter().enumerate() {
            let face = face.as_ref().expect("embedded face");
            for c in ['S', 'ư', 'ờ', '≥', '\u{a0}', '\u{2fff}', '\u{d7ff}'] {
                assert_eq!(em_advance(face, bold, c), looked_up(face, c), "{c:?}");
            }
            assert_eq!(
                advance("Quảng Ngọc 你", 12.0, bold == 1),
                "Quảng Ngọc 你"
                    .chars()
                    .map(|c| looked_up(face, c))
                    .sum::<f64>()
                    * 12.0
            );
        }
    }

    #[test]
    fn vietnamese_is_covered_and_emoji_is_not() {
        assert!("Quảng Ngọc ỦY BAN ≥ – “”".chars().all(covers));
        assert!(!covers('😀'));
        assert!(!covers('你'));
    }

    #[test]
    fn lines_wrap_at_spaces() {
        let word = advance("hoàn", 12.0, true);
        let space = advance(" ", 12.0, true);
        assert_eq!(lines("", 12.0, true, 100.0), 1);
        assert_eq!(lines("hoàn", 12.0, true, word), 1);
        assert_eq!(lines("hoàn hoàn", 12.0, true, 2.0 * word), 2);
        assert_eq!(lines("hoàn hoàn", 12.0, true, 2.0 * word + space), 1);
        // A word three columns wide takes three lines, and what follows it
        // goes on the third when it fits there.
        assert_eq!(lines("hoàn", 12.0, true, word / 3.0 + 0.01), 3);
        assert_eq!(lines("hoàn a", 12.0, true, word / 3.0 + 0.01), 4);
        assert_eq!(lines("hoàn hoàn", 12.0, true, 0.6 * word), 4);
    }

    #[test]
    fn the_national_title_is_about_96_mm_wide() {
        let title = advance("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13.0, true);
        let mm = title * 25.4 / 72.0;
        assert!((94.0..98.0).contains(&mm), "{mm} mm");
    }

    #[test]
    fn capitals_and_bold_are_wider() {
        let lower = advance("stt", 12.0, false);
        let upper = advance("STT", 12.0, false);
        let bold = advance("STT", 12.0, true);
        assert!(upper > lower && bold > upper, "{lower} {upper} {bold}");
        // Liberation Serif's "S" is 0.556 em, "T" 0.611 em.
        assert!(
            (upper - 12.0 * (0.556 + 2.0 * 0.611)).abs() < 0.1,
            "{upper}"
        );
    }
}
