//! Advance widths of the embedded Liberation Serif, so that column widths
//! come from how wide the words really print (capitals and bold are wider
//! than an average character), and which characters they can print at all.
//! The font bytes live here, below the writers and `check`, so the PDF
//! writer embeds the very faces measured here and `check` warns about the
//! very characters the PDF would print as blank boxes.

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

/// Advance of `c` in em, from the face; half an em when it lacks `c`.
fn looked_up(face: &Face<'_>, c: char) -> f64 {
    let em = f64::from(face.units_per_em());
    face.glyph_index(c)
        .and_then(|g| face.glyph_hor_advance(g))
        .map_or(0.5, |a| f64::from(a) / em)
}

/// The advances of the characters below [`TABLED`], regular and bold.
fn tables() -> &'static [Vec<f64>; 2] {
    static TABLES: OnceLock<[Vec<f64>; 2]> = OnceLock::new();
    TABLES.get_or_init(|| {
        let table = |face: &Option<Face<'static>>| {
            (0..TABLED)
                .map(|code| match (face, char::from_u32(code)) {
                    (Some(face), Some(c)) => looked_up(face, c),
                    _ => 0.5,
                })
                .collect()
        };
        [table(&faces()[0]), table(&faces()[1])]
    })
}

/// Width of `text` set at `size` points, in points (no kerning, which only
/// narrows). A character the font lacks counts half an em.
pub fn advance(text: &str, size: f64, bold: bool) -> f64 {
    let Some(face) = &faces()[usize::from(bold)] else {
        return text.chars().count() as f64 * 0.5 * size;
    };
    let table = &tables()[usize::from(bold)];
    text.chars()
        .map(|c| match table.get(c as usize) {
            Some(&em) => em,
            None => looked_up(face, c),
        })
        .sum::<f64>()
        * size
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_gives_what_the_font_gives() {
        for (bold, face) in faces().iter().enumerate() {
            let face = face.as_ref().expect("embedded face");
            for c in ['S', 'ư', 'ờ', '≥', '\u{a0}', '\u{2fff}'] {
                assert_eq!(tables()[bold][c as usize], looked_up(face, c), "{c:?}");
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
