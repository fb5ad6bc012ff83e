//! The page style of Nghị định 30/2020/NĐ-CP (Phụ lục I), stated once.
//!
//! Both writers lay out the same furniture; they read its geometry from
//! [`ND30`] so that a PDF and a DOCX of one plan cannot drift apart: the
//! font, the line box, every size and every gap. The DOCX writer converts
//! these lengths to twips; the PDF writer hands them to `write/pdf/nd30.typ`
//! as a typst dictionary (`nd30-style`), which states no length of its own
//! (a test in `write/pdf/source.rs` holds it to that).
//!
//! A gap here is a distance on the page: from the bottom of one line box
//! (see [`LineBox`]) to the top of the next, or to the middle of a rule.
//! Each writer realises it with its own means — typst collapses the weak
//! spacing around blocks, Word adds space after to space before and draws
//! a paragraph border below its position — and says how beside the code.
//!
//! Where the decree gives a range, the value here is the one kehoach uses
//! (see `nd30.md`); where the two writers once disagreed, the comment says
//! which value was kept and why.

use super::Orientation;

/// A length, held in points (1/72 inch).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Length(f64);

impl Length {
    /// No length at all.
    pub const ZERO: Length = Length(0.0);

    /// `points` points.
    pub const fn pt(points: f64) -> Self {
        Length(points)
    }

    /// This length and `other` together.
    pub const fn plus(self, other: Length) -> Self {
        Length(self.0 + other.0)
    }

    /// This length less `other` (negative when `other` is longer).
    pub const fn minus(self, other: Length) -> Self {
        Length(self.0 - other.0)
    }

    /// Half of this length.
    pub const fn half(self) -> Self {
        Length(self.0 / 2.0)
    }

    /// `mm` millimetres.
    pub const fn mm(mm: f64) -> Self {
        Length(mm * 72.0 / 25.4)
    }

    /// The length in points.
    pub const fn points(self) -> f64 {
        self.0
    }

    /// The length in twips (1/20 pt), rounded: the unit of most DOCX lengths.
    pub fn twips(self) -> u32 {
        (self.0 * 20.0).round().max(0.0) as u32
    }

    /// The length in eighths of a point, rounded: the unit of DOCX borders.
    pub fn eighths(self) -> usize {
        (self.0 * 8.0).round().max(0.0) as usize
    }
}

/// A share of a length, as a fraction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ratio {
    pub numerator: u32,
    pub denominator: u32,
}

impl Ratio {
    pub const fn new(numerator: u32, denominator: u32) -> Self {
        Ratio {
            numerator,
            denominator,
        }
    }

    /// The fraction as a number.
    pub fn value(self) -> f64 {
        f64::from(self.numerator) / f64::from(self.denominator.max(1))
    }
}

/// The fonts every document is set in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fonts {
    /// The family offices use: the DOCX names it in every run, and the PDF
    /// prefers it when `--font-dir` provides it.
    pub office: &'static str,
    /// The family kehoach embeds and measures text with
    /// ([`super::metrics`]), metric-compatible with `office`.
    pub embedded: &'static str,
}

/// The line box of single spacing, in em of the font size: what Word and
/// LibreOffice make "single" for Times New Roman and Liberation Serif (same
/// metrics).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LineBox {
    /// From the top of the box to the baseline: the font's 0.891 em ascent
    /// and its 0.042 em line gap, which LibreOffice puts above the text.
    pub above_baseline: f64,
    /// From the baseline to the bottom of the box: the 0.216 em descent.
    pub below_baseline: f64,
    /// Between the boxes of one paragraph's lines: none, single spacing.
    pub leading: f64,
}

impl LineBox {
    /// The box's height in em.
    pub const fn em(&self) -> f64 {
        self.above_baseline + self.below_baseline
    }

    /// The height of a line of text set at `size` points.
    pub const fn height(&self, size: u32) -> Length {
        Length(self.em() * size as f64)
    }
}

/// Page margins.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Margins {
    pub top: Length,
    pub bottom: Length,
    pub left: Length,
    pub right: Length,
}

/// The page number: Arabic, centred in the top margin, not on page 1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageNumber {
    /// Font size in points.
    pub size: u32,
    /// From the paper's top edge to the top of the number's line.
    pub top: Length,
}

/// Running text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Body {
    /// Font size in points.
    pub size: u32,
    pub first_line_indent: Length,
    /// Space after each paragraph (single line spacing).
    pub after: Length,
}

/// The two-column header block of the first page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Header {
    /// Share of the text width given to the issuing body's column, in per cent.
    pub left_percent: u32,
    /// Parent body, issuing body, "Số: …" and the national title.
    pub size: u32,
    /// "Độc lập - Tự do - Hạnh phúc".
    pub motto_size: u32,
    /// "Quảng Ngọc, ngày … " (italic).
    pub place_date_size: u32,
    /// The rule under the issuing body, as a share of its widest line.
    pub issuer_rule: Ratio,
    /// Between the lines of a column.
    pub spacing: Length,
    /// From the middle of the lower rule of the first row (under the issuer
    /// or the motto) to the top of "Số: …" and of the place-date line.
    pub row_gap: Length,
}

/// "KẾ HOẠCH" and the excerpt.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Title {
    pub size: u32,
    /// From the bottom of the header block (the place-date line) to the top
    /// of "KẾ HOẠCH".
    pub before: Length,
    /// Between "KẾ HOẠCH" and the excerpt.
    pub spacing: Length,
    /// The rule under the excerpt, as a share of the excerpt's line (its
    /// width, or the text width when it wraps).
    pub excerpt_rule: Ratio,
    /// From the middle of that rule to the top of the first line of the body.
    pub after: Length,
}

/// "Phần thứ nhất" and its title, over the sections of the part.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Division {
    pub size: u32,
    /// From the bottom of the text above to the top of "Phần thứ nhất".
    pub before: Length,
    /// Between "Phần thứ nhất" and the title.
    pub spacing: Length,
    /// From the bottom of the title to the top of the first section.
    pub after: Length,
}

/// The brace "}" that joins lines of Nơi nhận to one note.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Brace {
    /// From the end of the group's longest line to the brace.
    pub gap: Length,
    /// How far the brace's point stands right of its ends.
    pub depth: Length,
    /// From the brace's point to the note.
    pub note_gap: Length,
    /// Thickness of the drawn brace (the PDF's; the DOCX sets a "}" of the
    /// group's height).
    pub stroke: Length,
}

/// Nơi nhận beside the signature.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Signature {
    /// Share of the text width given to Nơi nhận, in per cent.
    pub left_percent: u32,
    /// "Nơi nhận:" (bold italic).
    pub recipients_head_size: u32,
    /// The recipients.
    pub recipients_size: u32,
    /// Authority lines, position and name (bold).
    pub size: u32,
    /// From the bottom of the closing paragraph to the top of "Nơi nhận:"
    /// and of the first authority line.
    pub before: Length,
    /// Between the lines of each column, and between the position and the
    /// room for signature and seal.
    pub spacing: Length,
    /// Room for signature and seal between the position and the name.
    pub room: Length,
    /// Between the room and the name: none, the room is the space.
    pub below_room: Length,
    pub brace: Brace,
}

/// The appendix heading.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AppendixHeading {
    pub size: u32,
    /// Between the lines: label, caption, title, "(Kèm theo …)".
    pub spacing: Length,
    /// From the bottom of "(Kèm theo …)" to the middle of the rule.
    pub rule_gap: Length,
    /// The rule under the heading, as a share of the text width.
    pub rule: Ratio,
    /// From the middle of the rule to the top of the table below (see
    /// [`AppendixHeading::gap_below`]).
    pub after: Length,
}

impl AppendixHeading {
    /// From the middle of the rule to the top of what follows, which keeps
    /// `above` free above itself (a table [`Tables::spacing`], a paragraph
    /// [`Body::after`]): `after` under a table, and more under what keeps
    /// more space above itself than the heading keeps between its lines.
    pub fn gap_below(&self, above: Length) -> Length {
        let kept = if above.points() > self.spacing.points() {
            above
        } else {
            self.spacing
        };
        self.after.minus(self.spacing).plus(kept)
    }
}

/// "DỰ THẢO" in a rectangular frame, top right of the first page, its
/// outer edge on the right margin.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DraftFrame {
    pub size: u32,
    /// Thickness of the frame's line.
    pub stroke: Length,
    /// From the text to the inner edge of the line, left and right, and
    /// above and below the text's line box. Whole points, and an even
    /// number above and below: Word's border spacing (`w:space`) is in
    /// whole points, and the DOCX writes half of it there (see
    /// `write/docx/furniture.rs`).
    pub inset_x: Length,
    pub inset_y: Length,
    /// Room beside the text, shared by both sides, so that the frame holds
    /// the label on one line whatever the renderer's kerning.
    pub slack: Length,
    /// From the paper's top edge to the middle of the frame's top line.
    pub top: Length,
}

/// Data tables.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tables {
    /// Cell text size in points.
    pub size: u32,
    /// Thickness of the ruling.
    pub stroke: Length,
    /// Between a cell's rules and its text.
    pub inset_x: Length,
    pub inset_y: Length,
    /// Between the paragraphs of one cell ("- Công văn số …" items).
    pub spacing: Length,
}

/// The whole page style.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Nd30 {
    pub font: Fonts,
    pub line: LineBox,
    /// A4, short side first.
    pub paper: (Length, Length),
    /// The same in both orientations: the binding edge stays the long left
    /// edge of the portrait sheet (nd30.md), so a landscape part keeps it.
    pub margins: Margins,
    pub page_number: PageNumber,
    pub body: Body,
    /// The first-line indent of every line that is not running text (the
    /// furniture, centred notes, table cells): none.
    pub flush_indent: Length,
    pub header: Header,
    pub title: Title,
    pub division: Division,
    pub signature: Signature,
    pub appendix: AppendixHeading,
    /// Thickness of the short solid rules under the issuer, the motto, the
    /// excerpt and the appendix heading.
    pub rule: Length,
    /// From the bottom of the line above a rule (issuer, motto, excerpt) to
    /// the middle of the rule.
    pub rule_gap: Length,
    pub draft: DraftFrame,
    pub table: Tables,
}

/// The style kehoach lays out every document in.
pub const ND30: Nd30 = Nd30 {
    font: Fonts {
        office: "Times New Roman",
        embedded: "Liberation Serif",
    },
    line: LineBox {
        above_baseline: 0.933,
        below_baseline: 0.216,
        leading: 0.0,
    },
    paper: (Length::mm(210.0), Length::mm(297.0)),
    margins: Margins {
        top: Length::mm(20.0),
        bottom: Length::mm(20.0),
        left: Length::mm(30.0),
        right: Length::mm(15.0),
    },
    // The DOCX's 10 mm header distance: the number sits in the middle of the
    // 20 mm top margin, clear of the first line (the PDF's 13 mm line bottom
    // left it a few points higher than Word and LibreOffice put it).
    page_number: PageNumber {
        size: 14,
        top: Length::mm(10.0),
    },
    body: Body {
        size: 14,
        first_line_indent: Length::mm(12.7),
        after: Length::pt(6.0),
    },
    flush_indent: Length::ZERO,
    header: Header {
        left_percent: 38,
        size: 13,
        motto_size: 14,
        place_date_size: 14,
        // The decree asks 1/3–1/2 of the line; 2/5 (the DOCX's) is the
        // middle of that range, where the PDF's 0.45 leaned long.
        issuer_rule: Ratio::new(2, 5),
        spacing: Length::ZERO,
        // The PDF's: its first row ends on the rule; the DOCX, which counted
        // its 6 pt from below the paragraph carrying the rule, set the
        // second row 4¾ pt lower.
        row_gap: Length::pt(6.0),
    },
    title: Title {
        size: 14,
        // What the PDF has set (12 pt of space and the 2 pt the title keeps
        // between its lines); the DOCX had 12 pt.
        before: Length::pt(14.0),
        // The PDF's; the DOCX set the excerpt right under "KẾ HOẠCH".
        spacing: Length::pt(2.0),
        // The decree measures the rule against the excerpt's own line, as
        // the DOCX did; the PDF's 33 % of the text width fell just under
        // the decree's 1/3 and ignored the excerpt.
        excerpt_rule: Ratio::new(7, 20),
        // The PDF's (10 pt of space and the body's 6 pt); the DOCX had
        // 16⅜ pt.
        after: Length::pt(16.0),
    },
    // "Phần thứ nhất" stands apart from the text above it by two body gaps,
    // and keeps the body's gap below its title.
    division: Division {
        size: 14,
        before: Length::pt(12.0),
        spacing: Length::ZERO,
        after: Length::pt(6.0),
    },
    signature: Signature {
        left_percent: 50,
        recipients_head_size: 12,
        recipients_size: 11,
        size: 14,
        // Both had 12 pt: the PDF as space above the block, the DOCX as the
        // closing paragraph's 6 pt after and 6 pt before the block's lines.
        before: Length::pt(12.0),
        // The PDF's; the DOCX set the lines solid.
        spacing: Length::pt(1.0),
        room: Length::mm(25.0),
        below_room: Length::ZERO,
        // A brace as clerks draw one beside 11 pt lines: a few points off
        // the text on either side, as heavy as the short rules.
        brace: Brace {
            gap: Length::pt(3.0),
            depth: Length::pt(4.0),
            note_gap: Length::pt(3.0),
            stroke: Length::pt(0.75),
        },
    },
    // The PDF's gaps: the DOCX set the heading's lines solid, its rule 1 pt
    // higher and the table 4⅜ pt lower.
    appendix: AppendixHeading {
        size: 14,
        spacing: Length::pt(3.0),
        rule_gap: Length::pt(5.0),
        rule: Ratio::new(1, 5),
        after: Length::pt(9.0),
    },
    // 3/4 pt, the weight of a line drawn in Word, which is how offices draw
    // these rules in the seeds' originals; the PDF's 1/2 pt read fainter
    // than the text's stems.
    rule: Length::pt(0.75),
    // The DOCX's gap (the PDF once left only 2 pt under the motto), now
    // to the rule's middle in both: the DOCX's border hung below it.
    rule_gap: Length::pt(4.0),
    // The decree only asks for a rectangular frame. The PDF's 1 pt line is
    // kept, lighter than the bold label (the DOCX's 1.5 pt frame was the
    // heaviest line on the page); 8 pt beside the text as the PDF had, 4 pt
    // above and below as the DOCX had. Both formats already put its top
    // 6 mm below the paper's edge.
    draft: DraftFrame {
        size: 14,
        stroke: Length::pt(1.0),
        inset_x: Length::pt(8.0),
        inset_y: Length::pt(4.0),
        slack: Length::pt(2.0),
        top: Length::mm(6.0),
    },
    // 4 pt beside and 3 pt above and below the text, as the DOCX had: the
    // PDF's 4 pt above and below made rows taller than Word's.
    // The PDF's 3 pt between the paragraphs of a cell; the DOCX had none.
    table: Tables {
        size: 12,
        stroke: Length::pt(0.5),
        inset_x: Length::pt(4.0),
        inset_y: Length::pt(3.0),
        spacing: Length::pt(3.0),
    },
};

impl Nd30 {
    /// Paper width and height for `orientation`.
    pub fn paper(&self, orientation: Orientation) -> (Length, Length) {
        let (short, long) = self.paper;
        match orientation {
            Orientation::Portrait => (short, long),
            Orientation::Landscape => (long, short),
        }
    }

    /// Width between the left and right margins: 165 mm in portrait,
    /// 252 mm in landscape.
    pub fn text_width(&self, orientation: Orientation) -> Length {
        let (width, _) = self.paper(orientation);
        Length(width.0 - self.margins.left.0 - self.margins.right.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_widths_are_165_and_252_mm() {
        let mm = |l: Length| l.points() * 25.4 / 72.0;
        assert!((mm(ND30.text_width(Orientation::Portrait)) - 165.0).abs() < 1e-9);
        assert!((mm(ND30.text_width(Orientation::Landscape)) - 252.0).abs() < 1e-9);
    }

    #[test]
    fn docx_units_round_as_word_writes_them() {
        assert_eq!(Length::mm(20.0).twips(), 1134);
        assert_eq!(Length::mm(30.0).twips(), 1701);
        assert_eq!(Length::mm(210.0).twips(), 11906);
        assert_eq!(Length::mm(297.0).twips(), 16838);
        assert_eq!(ND30.rule.eighths(), 6);
    }

    #[test]
    fn a_line_box_is_1_149_em() {
        assert!((ND30.line.em() - 1.149).abs() < 1e-12);
        assert!((ND30.line.height(14).points() - 16.086).abs() < 1e-9);
    }

    #[test]
    fn rules_stay_inside_the_decrees_range() {
        for ratio in [ND30.header.issuer_rule, ND30.title.excerpt_rule] {
            assert!((1.0 / 3.0..=0.5).contains(&ratio.value()), "{ratio:?}");
        }
    }
}
