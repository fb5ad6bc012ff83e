//! Property tests (proptest): arbitrary user text survives the PDF and the
//! DOCX; amounts in words and decimal numbers follow the Vietnamese rules for
//! any value, not only the examples of the unit tests.
//!
//! The PDF cases typeset a document each, so they are few by default (24);
//! `PROPTEST_CASES=n` sets the count of every property here.
//!
//! What the round trips compare, precisely:
//! - PDF (read back with `pdftotext -raw`): the legal basis as `compose`
//!   prints it (`with_ending(text, ";")`: trimmed, its final `.`/`;`/`:`/`,`
//!   replaced by `;`). On both sides, and nothing else, these are removed
//!   before comparing ([`pdf_shows`]):
//!   - whitespace (`char::is_whitespace`): line breaks and justification
//!     are layout;
//!   - control characters (`char::is_control`: C0, DEL, C1): typst prints
//!     a blank gap and keeps some of them in the text layer;
//!   - invisible format characters ([`invisible`]: soft hyphen, zero-width
//!     space/non-joiner/joiner, word joiner, invisible operators, bidi
//!     marks, deprecated format characters, byte-order mark, interlinear
//!     annotation, tags): pdftotext itself marks a word that typst broke
//!     across lines with a zero-width space.
//!
//!   Typst, Markdown and XML specials (`#$*_@<>[]\`=-/+&"'` …) are never
//!   removed: they must come back exactly as typed.
//!
//!   Not generated for the PDF, because the page is right but its text
//!   layer, as typst writes it, is not the typed text:
//!   - bidi controls and right-to-left letters: the line is shown reordered
//!     around them (the Unicode bidi algorithm), and read in that order;
//!   - characters that no embedded font covers (among them the
//!     noncharacters U+FFFE, U+FFFF): a blank box, kept in the text layer
//!     only sometimes, or read back as U+FFFD;
//!   - combining marks other than Vietnamese ones on Vietnamese vowels, and
//!     decomposed vowels inside a word longer than the line: the text layer
//!     repeats the letter or the marks (`a` + U+0330 reads back `aa̰`).
//!     See [`nasty_text`].
//! - DOCX (`word/document.xml`, entities unescaped): the same text, without
//!   its control characters (the writer drops them: XML 1.0 forbids them)
//!   and U+FFFE/U+FFFF (not XML characters either); whitespace is compared
//!   exactly.

use std::io::Read;
use std::sync::{Arc, OnceLock};

use crate::common::{normalise, pdf_text_raw, toml_string};
use kehoach::check::{Severity, check};

use kehoach::compose::{Composed, compose, with_ending};
use kehoach::plan::PlanFiles;
use kehoach::templates::Templates;
use kehoach::text::{amount_in_words, dong_in_words, escape_markdown, format_decimal};
use kehoach::write::docx::write_docx;
use kehoach::write::pdf::{FontSet, PdfFlavour, PdfWriter};
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::Config;

tests! {
    any_legal_basis_survives_the_pdf needs Pdftotext;
    any_legal_basis_survives_the_docx;
    amounts_read_as_a_clerk_writes_them;
    decimals_round_trip_exactly;
    decimals_read_back_within_rounding;
}

/// Whether `c` is a format character that prints nothing (Unicode `Cf`,
/// default ignorable) of the scripts written left to right: a PDF's text
/// layer need not carry it.
fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' // soft hyphen
            | '\u{061C}' // Arabic letter mark
            | '\u{180E}' // Mongolian vowel separator
            | '\u{200B}'..='\u{200F}' // zero-width space, (non-)joiner, LRM, RLM
            | '\u{202A}'..='\u{202E}' // bidi embeddings and overrides
            | '\u{2060}'..='\u{2064}' // word joiner, invisible operators
            | '\u{2066}'..='\u{206F}' // bidi isolates, deprecated format characters
            | '\u{FEFF}' // byte-order mark
            | '\u{FFF9}'..='\u{FFFB}' // interlinear annotation
            | '\u{E0001}'
            | '\u{E0020}'..='\u{E007F}' // tags
    )
}

/// The invisible characters the strategies use (no bidi controls).
const INVISIBLE: &[char] = &[
    '\u{00AD}',
    '\u{180E}',
    '\u{200B}',
    '\u{200C}',
    '\u{200D}',
    '\u{2060}',
    '\u{2061}',
    '\u{2062}',
    '\u{2063}',
    '\u{2064}',
    '\u{206A}',
    '\u{206F}',
    '\u{FEFF}',
    '\u{FFF9}',
    '\u{E0001}',
    '\u{E0041}',
];

/// Typst, Markdown and XML specials: these must never be filtered.
const SPECIALS: &str = "#$*_@<>[]\\`=-/+&\"'{}~%^|;:.,!?()";

/// Letters of Vietnamese, lower and upper case.
const VIETNAMESE: &str = "aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọ\
                          ồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵAĂÂĐÊÔƠƯÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆ";

/// Cases of a property: `PROPTEST_CASES`, else `default`.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn chars_of(s: &'static str) -> impl Strategy<Value = char> {
    select(s.chars().collect::<Vec<_>>())
}

/// One character, weighted towards what breaks writers. For the PDF, the
/// "any character" part draws only from what the embedded fonts cover.
fn nasty_char(for_pdf: bool) -> impl Strategy<Value = char> {
    let anything = if for_pdf {
        select(covered_chars()).boxed()
    } else {
        any::<char>().boxed()
    };
    prop_oneof![
        4 => chars_of(VIETNAMESE),
        3 => chars_of(SPECIALS),
        2 => proptest::char::range(' ', '~'),
        1 => Just(' '),
        1 => select(vec!['\t', '\n', '\r', '\u{0}', '\u{7}', '\u{1b}', '\u{7f}', '\u{85}', '\u{9f}']),
        1 => select(INVISIBLE.to_vec()),
        1 => select(vec!['\u{A0}', '\u{2028}', '\u{2029}', '\u{3000}']),
        // Noncharacters: no glyph, and XML 1.0 forbids them.
        1 => select(if for_pdf { vec![' '] } else { vec!['\u{FFFE}', '\u{FFFF}'] }),
        2 => anything.prop_filter("left-to-right", |&c| !right_to_left(c) && !bidi_control(c)),
    ]
}

/// Every character some embedded font has a glyph for. The others print as
/// a blank box, and typst keeps them in the text layer only sometimes (an
/// uncovered combining mark such as U+0900 is dropped; `a`, a zero-width
/// joiner and an uncovered letter lose the `a`), so the PDF property does
/// not generate them.
fn covered_chars() -> Vec<char> {
    static COVERED: OnceLock<Vec<char>> = OnceLock::new();
    COVERED
        .get_or_init(|| {
            let fonts = fonts();
            (0..=0x10FFFF)
                .filter_map(char::from_u32)
                .filter(|&c| !combining(c))
                .filter(|&c| {
                    fonts
                        .fonts
                        .iter()
                        .any(|f| f.info().coverage.contains(u32::from(c)))
                })
                .collect()
        })
        .clone()
}

/// The blocks of combining marks (general ones, Cyrillic, extended,
/// supplement, for symbols, half marks).
fn combining(c: char) -> bool {
    matches!(
        c,
        '\u{0300}'..='\u{036F}'
            | '\u{0483}'..='\u{0489}'
            | '\u{1AB0}'..='\u{1AFF}'
            | '\u{1DC0}'..='\u{1DFF}'
            | '\u{20D0}'..='\u{20FF}'
            | '\u{FE20}'..='\u{FE2F}'
    )
}

/// Bidi controls reorder the line around them, as they should; pdftotext
/// reads the line in its new order, so they are not generated.
fn bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The blocks of right-to-left scripts (Hebrew, Arabic, Syriac, Thaana,
/// N'Ko…, their presentation forms, and the historic ones of plane 1):
/// their letters too are shown reordered, so they are not generated.
fn right_to_left(c: char) -> bool {
    matches!(
        c,
        '\u{0590}'..='\u{08FF}'
            | '\u{FB1D}'..='\u{FDFF}'
            | '\u{FE70}'..='\u{FEFF}'
            | '\u{10800}'..='\u{10FFF}'
            | '\u{1E800}'..='\u{1EFFF}'
    )
}

/// A Vietnamese vowel typed with combining marks ("Unicode tổ hợp"), the
/// marks in either order: `e` + U+0302 + U+0323 or `e` + U+0323 + U+0302.
fn decomposed_vowel() -> impl Strategy<Value = String> {
    let base = select(vec![
        "a", "a\u{306}", "a\u{302}", "e", "e\u{302}", "i", "o", "o\u{302}", "o\u{31B}", "u",
        "u\u{31B}", "y", "A", "E\u{302}", "O\u{31B}", "U\u{31B}",
    ]);
    let tone = select(vec![
        "", "\u{300}", "\u{301}", "\u{303}", "\u{309}", "\u{323}",
    ]);
    (base, tone, any::<bool>()).prop_map(|(base, tone, tone_first)| {
        let mut chars = base.chars();
        let letter = chars.next().unwrap();
        let modifier = chars.as_str();
        if tone_first {
            format!("{letter}{tone}{modifier}")
        } else {
            format!("{base}{tone}")
        }
    })
}

/// A text: runs of nasty characters and decomposed Vietnamese vowels and,
/// now and then, a word longer than a line. Unless `for_pdf`, also
/// combining marks (U+0300–U+036F) after any character, and characters no
/// font covers.
///
/// For the PDF the pieces (runs of at most 24 characters or vowels, long
/// words of letters only) are joined by spaces. In a word longer than the
/// line, which typst must break, pdftotext reads decomposed marks apart from
/// their letter and twice; a combining mark on a letter the font has no
/// precomposed glyph for repeats the letter (`a` + U+0330 reads back `aa̰`).
/// The page itself is right in both cases.
fn nasty_text(for_pdf: bool) -> impl Strategy<Value = String> {
    let mark = proptest::char::range('\u{300}', '\u{36F}').prop_map(String::from);
    let grapheme = prop_oneof![
        8 => nasty_char(for_pdf).prop_map(String::from),
        2 => decomposed_vowel(),
        if for_pdf { 0 } else { 1 } => mark,
    ];
    let run = proptest::collection::vec(grapheme, 0..24).prop_map(|gs| gs.concat());
    let long_word = "[a-zđơư]{60,160}";
    let piece = prop_oneof![6 => run, 1 => long_word];
    let separator = if for_pdf { " " } else { "" };
    proptest::collection::vec(piece, 1..6).prop_map(move |parts| parts.join(separator))
}

/// The smallest plan that renders, with `bases` as its legal bases, each
/// escaped as a clerk escapes text to print literally in Markdown (a
/// legal basis reads `**bold**` and `*italic*`). The closing sentence is
/// kept, so a basis is never the body's last paragraph, which the DOCX
/// writes in two (head, and tail kept with the signature).
fn minimal_plan(bases: &[String]) -> String {
    let list: Vec<String> = bases
        .iter()
        .map(|b| toml_string(&escape_markdown(b)))
        .collect();
    format!(
        r#"can_cu = [{}]
mo_dau = ""

[van_ban]
loai = "chi-tieu"
xa = "Quảng Ngọc"
ky_hieu = "KH-UBND"
nam = 2026
trich_yeu = "Thử"

[[don_vi]]
id = "vhxh"
ten = "Phòng Văn hóa - Xã hội"

[[chi_tieu]]
id = "a"
ten = "Chỉ tiêu"
chi_tieu_giao = {{ ty_le = 30 }}
chu_tri = "vhxh"

[nguoi_ky]
quyen_han = "KT"
chuc_vu = "PHÓ CHỦ TỊCH"
ho_ten = "Lê Văn Trường"
"#,
        list.join(", ")
    )
}

fn templates() -> &'static Templates {
    static TEMPLATES: OnceLock<Templates> = OnceLock::new();
    TEMPLATES.get_or_init(Templates::embedded)
}

fn fonts() -> Arc<FontSet> {
    static FONTS: OnceLock<Arc<FontSet>> = OnceLock::new();
    FONTS
        .get_or_init(|| Arc::new(FontSet::load(None).expect("embedded fonts load")))
        .clone()
}

/// What the plan prints of `basis` as `minimal_plan` writes it: escaped,
/// given its ";" (`with_ending`), then read as Markdown, whose escapes
/// print the marks alone and whose line breaks (made spaces) are spaces.
fn printed_basis(basis: &str) -> String {
    let ended = with_ending(&escape_markdown(basis), ";");
    let mut out = String::with_capacity(ended.len());
    let mut chars = ended.chars().peekable();
    while let Some(c) = chars.next() {
        match chars.peek() {
            Some(&next) if c == '\\' && next.is_ascii_punctuation() => {
                out.push(next);
                chars.next();
            }
            _ => out.push(c),
        }
    }
    out
}

/// Parses, checks and composes `plan`; any error fails the case.
fn composed(plan: &str) -> Result<Composed, TestCaseError> {
    let report = check(
        &PlanFiles::from_text(std::path::Path::new("properties.toml"), plan),
        templates(),
    );
    let checked = report.plan;
    let errors: Vec<String> = report.files[0]
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.render("properties.toml", plan))
        .collect();
    prop_assert!(errors.is_empty(), "{}", errors.join("\n"));
    let checked = checked.expect("no error, so a checked plan");
    compose(&checked, templates()).map_err(|e| TestCaseError::fail(e.to_string()))
}

/// Whether `pdftotext` can be expected to give `c` back.
fn pdf_shows(c: char) -> bool {
    !c.is_whitespace() && !c.is_control() && !invisible(c)
}

/// What `pdftotext` can be expected to give back of `text`.
fn pdf_visible(text: &str) -> String {
    text.chars().filter(|&c| pdf_shows(c)).collect()
}

/// What `pdftotext` gave, filtered as the expected text is.
fn pdf_read(text: &str) -> String {
    text.chars().filter(|&c| pdf_shows(c)).collect()
}

proptest! {
    #![proptest_config(Config::with_cases(cases(24)))]

    fn any_legal_basis_survives_the_pdf(bases in proptest::collection::vec(nasty_text(true), 1..4)) {
        let doc = composed(&minimal_plan(&bases))?.plan;
        let writer = PdfWriter::new(fonts(), PdfFlavour::Standard);
        let pdf = writer.write(&doc).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ke-hoach.pdf");
        std::fs::write(&path, pdf).unwrap();
        // Content-stream order: a gap in a line must not send its end to
        // another column of pdftotext's reading order.
        let text = pdf_text_raw(&path, None);
        let read = pdf_read(&text);
        for basis in &bases {
            let expected = pdf_visible(&printed_basis(basis));
            prop_assert!(
                read.contains(&expected),
                "basis {:?} not read back as {:?}; pdftotext gave:\n{}",
                basis, expected, normalise(&text)
            );
        }
    }
}

/// The concatenated text of every `<w:t>` of a document.xml, unescaped.
fn docx_text(xml: &str) -> String {
    let mut out = String::new();
    let mut rest = xml;
    while let Some(at) = rest.find("<w:t") {
        let tag = &rest[at..];
        let close = tag.find('>').expect("a closed tag");
        let name_end = &tag[4..5];
        if name_end != ">" && name_end != " " {
            // <w:tab/>, <w:tbl>, <w:tc>…: not text.
            rest = &tag[close..];
            continue;
        }
        let body = &tag[close + 1..];
        let end = body.find("</w:t>").expect("text closes");
        out.push_str(&unescape(&body[..end]));
        rest = &body[end..];
    }
    out
}

/// XML entities back to characters (the five named, and numeric ones).
fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let end = rest[at..].find(';').expect("an entity ends") + at;
        let entity = &rest[at + 1..end];
        let c = match entity {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            e if e.starts_with("#x") => {
                char::from_u32(u32::from_str_radix(&e[2..], 16).unwrap()).unwrap()
            }
            e if e.starts_with('#') => char::from_u32(e[1..].parse().unwrap()).unwrap(),
            e => panic!("unknown entity &{e};"),
        };
        out.push(c);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

proptest! {
    #![proptest_config(Config::with_cases(cases(128)))]

    fn any_legal_basis_survives_the_docx(bases in proptest::collection::vec(nasty_text(false), 1..4)) {
        let doc = composed(&minimal_plan(&bases))?.plan;
        let bytes = write_docx(&doc).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut xml = String::new();
        archive
            .by_name("word/document.xml")
            .unwrap()
            .read_to_string(&mut xml)
            .unwrap();
        let text = docx_text(&xml);
        for basis in &bases {
            let expected: String = printed_basis(basis)
                .chars()
                .filter(|&c| !c.is_control() && c != '\u{FFFE}' && c != '\u{FFFF}')
                .collect();
            prop_assert!(
                text.contains(&expected),
                "basis {:?} not read back as {:?}; document.xml has:\n{}",
                basis, expected, text
            );
        }
    }
}

/// An amount made of three-digit groups (most significant first), so that
/// zero groups and the endings 1, 5, 10, 11, 15 come up often.
fn amount() -> impl Strategy<Value = u64> {
    let group = prop_oneof![
        3 => 0u64..1000,
        2 => Just(0u64),
        1 => select(vec![1u64, 5, 10, 11, 15, 21, 25, 100, 101, 105, 111, 115, 110, 511]),
    ];
    prop_oneof![
        2 => 0u64..=1_000_000_000_000,
        2 => proptest::collection::vec(group, 1..=4)
            .prop_map(|gs| gs.into_iter().fold(0, |n, g| n * 1000 + g)),
        1 => Just(1_000_000_000_000u64),
    ]
}

/// The three-digit groups of `n`, least significant first.
fn groups(n: u64) -> Vec<u64> {
    let mut out = vec![n % 1000];
    let mut rest = n / 1000;
    while rest > 0 {
        out.push(rest % 1000);
        rest /= 1000;
    }
    out
}

proptest! {
    #![proptest_config(Config::with_cases(cases(2048)))]

    fn amounts_read_as_a_clerk_writes_them(n in amount()) {
        let s = amount_in_words(n);
        for bad in ["mươi một", "mười mốt", "mươi năm", "mười năm", "linh mươi", "linh mười",
                    "không nghìn", "không triệu", "không tỷ", "  "] {
            prop_assert!(!s.contains(bad), "{} read as {:?} contains {:?}", n, s, bad);
        }
        prop_assert!(!s.starts_with(' ') && !s.ends_with(' '), "{}: {:?}", n, s);
        prop_assert!(n == 0 || !s.starts_with("không"), "{}: {:?}", n, s);
        let gs = groups(n);
        // Only a group ending in 11 (15) says "mười một" ("mười lăm").
        prop_assert_eq!(s.contains("mười một"), gs.iter().any(|g| g % 100 == 11), "{}: {:?}", n, s);
        prop_assert_eq!(s.contains("mười lăm"), gs.iter().any(|g| g % 100 == 15), "{}: {:?}", n, s);
        // A unit 1 after a ten of 20–90 is "mốt"; after "linh"/"mười", "một".
        prop_assert_eq!(
            s.contains("mươi mốt"),
            gs.iter().any(|g| g % 10 == 1 && g / 10 % 10 >= 2),
            "{}: {:?}", n, s
        );

        let dong = dong_in_words(n);
        let first = dong.chars().next().unwrap();
        prop_assert!(first.is_uppercase(), "{:?}", dong);
        prop_assert!(dong.ends_with(" đồng"), "{:?}", dong);
        prop_assert_eq!(dong.to_lowercase(), format!("{s} đồng"));
    }

    /// `k / 10^d` exactly: its shortest representation is that decimal, so
    /// the rounding to four decimals (half away from zero) can be computed
    /// in integers and compared exactly.
    fn decimals_round_trip_exactly(k in -999_999_999_999i64..=999_999_999_999, d in 0u32..=7) {
        let x = k as f64 / 10f64.powi(d as i32);
        let s = format_decimal(x);
        // Expected: |k| at 4 decimals, half away from zero, as an integer.
        let magnitude = i128::from(k).abs();
        let scaled = if d <= 4 {
            magnitude * 10i128.pow(4 - d)
        } else {
            let unit = 10i128.pow(d - 4);
            (magnitude + unit / 2) / unit
        };
        let (int_part, frac) = s.trim_start_matches('-').split_once(',').unwrap_or((s.trim_start_matches('-'), ""));
        prop_assert!(frac.len() <= 4 && !frac.ends_with('0'), "{}: {}", x, s);
        let digits = format!("{}{:0<4}", int_part.replace('.', ""), frac);
        let read: i128 = digits.parse().unwrap();
        prop_assert_eq!(read, scaled, "{} printed {}", x, s);
        prop_assert_eq!(s.starts_with('-'), k < 0 && scaled != 0, "{}: {}", x, s);
        if scaled < 1000 * 10_000 && scaled % 10_000 != 0 {
            prop_assert!(!s.contains('.'), "{}: {} uses '.' as decimal mark", x, s);
            prop_assert!(s.contains(','), "{}: {}", x, s);
        }
    }

    fn decimals_read_back_within_rounding(x in -1e9f64..1e9) {
        let s = format_decimal(x);
        let rounded = (x * 10_000.0).round() / 10_000.0;
        if rounded.abs() < 1000.0 && rounded.fract() != 0.0 {
            prop_assert!(!s.contains('.'), "{}: {}", x, s);
        }
        let back: f64 = s.replace('.', "").replace(',', ".").parse().unwrap();
        // Half a unit of the fourth decimal away from a tie, both roundings agree.
        let near_tie = (((x * 10_000.0).fract().abs()) - 0.5).abs() < 1e-6;
        prop_assert!(
            near_tie || (back - rounded).abs() <= 1e-9 * (1.0 + x.abs()),
            "{} printed {}, reads {}, not {}", x, s, back, rounded
        );
    }
}
