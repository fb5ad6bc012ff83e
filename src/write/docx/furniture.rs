//! The furniture of Nghị định 30, laid out in one place: the two-column
//! header block, the title with its short rule, the signature beside Nơi
//! nhận, the appendix heading and the draft mark.
//!
//! Two-column furniture is a borderless table, which Word and LibreOffice
//! both keep in place; the short rules are top borders of tiny empty
//! paragraphs, indented so the border is as long as `measure` says.

use docx_rs::{
    AlignmentType, BorderType, LineSpacing, LineSpacingType, Paragraph, ParagraphBorder,
    ParagraphBorderPosition, ParagraphBorders, SpecialIndentType, Table, TableBorders, TableCell,
    TableCellMargins, TableLayoutType, TableRow, VAlignType, WidthType,
};

use super::Ctx;
use super::measure::bold_width;
use super::page::twips;
use super::run::{self, Font};
use super::styles::single_spacing;
use crate::doc::{AppendixHeading, HeaderBlock, SignatureBlock};

/// Share of the text width given to the header block's left column, in per cent.
const HEADER_LEFT_PERCENT: u32 = 38;
/// Share of the text width given to Nơi nhận, in per cent.
const SIGNATURE_LEFT_PERCENT: u32 = 50;

/// Rules are 3/4 pt (in eighths of a point), like a line drawn in Word.
const RULE_EIGHTHS: usize = 6;
/// Height of the empty paragraph that carries a rule, in twips, and the
/// gap above it that keeps the rule off the descenders of the text above.
const RULE_HEIGHT: i32 = 80;
const RULE_GAP: u32 = 80;
/// The rule under the issuing body: 2/5 of its widest line (nd30: 1/3–1/2).
const ISSUER_RULE: (u32, u32) = (2, 5);
/// The rule under the excerpt: 7/20 of its line (nd30: 1/3–1/2).
const EXCERPT_RULE: (u32, u32) = (7, 20);
/// The rule under an appendix heading: 1/5 of the text width.
const APPENDIX_RULE: (u32, u32) = (1, 5);

/// Room for signature and seal: four blank lines of 1/4 of 25 mm each.
const SIGNATURE_ROOM_LINES: usize = 4;
const SIGNATURE_ROOM_MM: f64 = 25.0;

/// 6 pt and 12 pt in twentieths of a point.
const SIX_POINTS: u32 = 120;
const TWELVE_POINTS: u32 = 240;

/// The draft mark's frame: 1.5 pt line, 4 pt between line and text.
const DRAFT_BORDER_EIGHTHS: usize = 12;
const DRAFT_PADDING_POINTS: usize = 4;
/// Distance of the draft mark from the top edge of the page.
const DRAFT_TOP_MM: f64 = 6.0;

/// Text the decree sets in capitals.
fn upper(text: &str) -> String {
    text.to_uppercase()
}

/// A centred line of `text` in `font`; the paragraph mark has the same font
/// so it does not make the line taller than its text.
fn centered(ctx: Ctx<'_>, text: &str, font: Font) -> Paragraph {
    line(ctx, text, font).align(AlignmentType::Center)
}

/// A line of `text` in `font` with single spacing and no space around it.
fn line(ctx: Ctx<'_>, text: &str, font: Font) -> Paragraph {
    ctx.paragraph()
        .fonts(run::fonts())
        .size(font.half_points())
        .line_spacing(single_spacing(0))
        .add_run(run::run(text, font))
}

/// `paragraph` with `before` twentieths of a point above it.
fn space_before(paragraph: Paragraph, before: u32) -> Paragraph {
    paragraph.line_spacing(single_spacing(0).before(before))
}

/// A solid rule `length` twips long, centred in a column `column` twips
/// wide, with `after` twentieths of a point below it.
fn rule(ctx: Ctx<'_>, column: u32, length: u32, after: u32) -> Paragraph {
    let length = length.clamp(1, column.max(1));
    let side = (column.saturating_sub(length) / 2) as i32;
    let mut paragraph = ctx
        .paragraph()
        .size(2)
        .indent(
            Some(side),
            Some(SpecialIndentType::FirstLine(0)),
            Some(side),
            None,
        )
        .line_spacing(
            LineSpacing::new()
                .line_rule(LineSpacingType::Exact)
                .line(RULE_HEIGHT)
                .before(RULE_GAP)
                .after(after),
        );
    paragraph.property = paragraph.property.set_borders(
        ParagraphBorders::with_empty().set(
            ParagraphBorder::new(ParagraphBorderPosition::Top)
                .val(BorderType::Single)
                .size(RULE_EIGHTHS)
                .space(0)
                .color("000000"),
        ),
    );
    paragraph
}

/// `length × share`.
fn share(length: u32, (numerator, denominator): (u32, u32)) -> u32 {
    length * numerator / denominator
}

/// A cell of a borderless layout table, `width` twips wide.
fn cell(width: u32, paragraphs: Vec<Paragraph>) -> TableCell {
    paragraphs.into_iter().fold(
        TableCell::new()
            .width(width as usize, WidthType::Dxa)
            .vertical_align(VAlignType::Top),
        TableCell::add_paragraph,
    )
}

/// A borderless table of `rows` with columns `widths` twips wide and no
/// padding, so each column's text is centred on exactly its share.
fn layout_table(widths: &[u32], rows: Vec<TableRow>) -> Table {
    Table::new(rows)
        .set_grid(widths.iter().map(|&w| w as usize).collect())
        .width(widths.iter().sum::<u32>() as usize, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .set_borders(TableBorders::new().clear_all())
        .margins(TableCellMargins::new().margin(0, 0, 0, 0))
}

/// The two-column header block: issuing body and number left, national
/// title, motto and place-date right; "Số" and the place-date share a row.
pub(super) fn header_block(ctx: Ctx<'_>, header: &HeaderBlock) -> Table {
    let width = ctx.text_width();
    let left = width * HEADER_LEFT_PERCENT / 100;
    let right = width - left;

    let mut issuing = Vec::new();
    if let Some(parent) = &header.parent_body {
        issuing.push(centered(ctx, &upper(parent), Font::pt(13)));
    }
    let issuer: Vec<String> = header.issuer.iter().map(|l| upper(l)).collect();
    for line in &issuer {
        issuing.push(centered(ctx, line, Font::pt(13).bold()));
    }
    if let Some(widest) = issuer.iter().map(|l| bold_width(l, 13)).max() {
        issuing.push(rule(ctx, left, share(widest, ISSUER_RULE), 0));
    }

    let national = vec![
        centered(ctx, &upper(&header.national_title), Font::pt(13).bold()),
        centered(ctx, &header.motto, Font::pt(14).bold()),
        // As long as the motto itself.
        rule(ctx, right, bold_width(&header.motto, 14), 0),
    ];

    let number = space_before(centered(ctx, &header.number_line, Font::pt(13)), SIX_POINTS);
    let place_date = space_before(
        centered(ctx, &header.place_date, Font::pt(14).italic()),
        SIX_POINTS,
    );

    layout_table(
        &[left, right],
        vec![
            TableRow::new(vec![cell(left, issuing), cell(right, national)]).cant_split(),
            TableRow::new(vec![
                cell(left, vec![number]),
                cell(right, vec![place_date]),
            ])
            .cant_split(),
        ],
    )
}

/// "KẾ HOẠCH", the excerpt under it, and a short rule under both.
pub(super) fn title(ctx: Ctx<'_>, kind: &str, excerpt: &str) -> Vec<Paragraph> {
    let width = ctx.text_width();
    let font = Font::pt(14).bold();
    let excerpt_line = bold_width(excerpt, 14).min(width);
    vec![
        space_before(centered(ctx, &upper(kind), font), TWELVE_POINTS),
        centered(ctx, excerpt, font),
        rule(ctx, width, share(excerpt_line, EXCERPT_RULE), TWELVE_POINTS),
    ]
}

/// Nơi nhận (left) beside the signature (right): authority lines, room for
/// signature and seal, the signer's name.
pub(super) fn signature(ctx: Ctx<'_>, signature: &SignatureBlock) -> Table {
    let width = ctx.text_width();
    let left = width * SIGNATURE_LEFT_PERCENT / 100;
    let right = width - left;

    let mut recipients = Vec::new();
    if !signature.recipients.is_empty() {
        recipients.push(space_before(
            line(ctx, "Nơi nhận:", Font::pt(12).bold().italic()),
            SIX_POINTS,
        ));
        for recipient in &signature.recipients {
            recipients.push(line(ctx, recipient, Font::pt(11)));
        }
    } else {
        recipients.push(ctx.paragraph());
    }

    let bold = Font::pt(14).bold();
    let mut signer: Vec<Paragraph> = signature
        .authority
        .iter()
        .enumerate()
        .map(|(i, authority)| {
            let paragraph = centered(ctx, &upper(authority), bold);
            if i == 0 {
                space_before(paragraph, SIX_POINTS)
            } else {
                paragraph
            }
        })
        .collect();
    let room = twips(SIGNATURE_ROOM_MM) as i32 / SIGNATURE_ROOM_LINES as i32;
    for _ in 0..SIGNATURE_ROOM_LINES {
        signer.push(
            ctx.paragraph().size(bold.half_points()).line_spacing(
                LineSpacing::new()
                    .line_rule(LineSpacingType::Exact)
                    .line(room)
                    .before(0)
                    .after(0),
            ),
        );
    }
    signer.push(centered(ctx, &signature.name, bold));

    layout_table(
        &[left, right],
        vec![TableRow::new(vec![cell(left, recipients), cell(right, signer)]).cant_split()],
    )
}

/// "PHỤ LỤC I", the optional caption, the title, "(Kèm theo …)" and a
/// short rule.
pub(super) fn appendix_heading(ctx: Ctx<'_>, heading: &AppendixHeading) -> Vec<Paragraph> {
    let bold = Font::pt(14).bold();
    let mut paragraphs = vec![centered(ctx, &heading.label, bold)];
    if let Some(caption) = &heading.caption {
        paragraphs.push(centered(ctx, caption, bold));
    }
    paragraphs.push(centered(ctx, &heading.title, bold));
    paragraphs.push(centered(ctx, &heading.reference, Font::pt(14).italic()));
    let width = ctx.text_width();
    paragraphs.push(rule(ctx, width, share(width, APPENDIX_RULE), TWELVE_POINTS));
    paragraphs
}

/// "DỰ THẢO" in a rectangular frame at the top right of the page: a framed
/// paragraph with borders, which floats there without moving the header
/// block, and the tiny paragraph it is anchored to. LibreOffice drops a
/// frame that a table follows directly, and the header block is a table.
pub(super) fn draft_mark(ctx: Ctx<'_>, text: &str) -> Vec<Paragraph> {
    let text = upper(text);
    let font = Font::pt(14).bold();
    let padding = DRAFT_PADDING_POINTS * 20;
    // Text, padding and line on both sides, and a little slack for the estimate.
    let frame_width = bold_width(&text, 14) + 2 * (padding as u32 + 30) + 200;
    let border = |position| {
        ParagraphBorder::new(position)
            .val(BorderType::Single)
            .size(DRAFT_BORDER_EIGHTHS)
            .space(DRAFT_PADDING_POINTS)
            .color("000000")
    };
    let mut paragraph = centered(ctx, &text, font)
        .wrap("around")
        .h_anchor("margin")
        .x_align("right")
        .v_anchor("page")
        .frame_y(twips(DRAFT_TOP_MM) as i32)
        .frame_width(frame_width);
    paragraph.property = paragraph.property.set_borders(
        ParagraphBorders::with_empty()
            .set(border(ParagraphBorderPosition::Top))
            .set(border(ParagraphBorderPosition::Bottom))
            .set(border(ParagraphBorderPosition::Left))
            .set(border(ParagraphBorderPosition::Right)),
    );
    vec![paragraph, super::spacer(ctx)]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::Orientation;
    use crate::write::docx::ids::ParaIds;
    use crate::write::docx::page::Page;
    use docx_rs::BuildXML;

    fn header() -> HeaderBlock {
        HeaderBlock {
            parent_body: Some("UBND tỉnh Thanh Hóa".into()),
            issuer: vec!["Ủy ban nhân dân".into(), "xã Quảng Ngọc".into()],
            number_line: "Số:      /KH-UBND".into(),
            national_title: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".into(),
            motto: "Độc lập - Tự do - Hạnh phúc".into(),
            place_date: "Quảng Ngọc, ngày      tháng      năm 2026".into(),
        }
    }

    #[test]
    fn header_block_is_borderless_38_62_with_number_beside_place_date() {
        let ids = ParaIds::new();
        let ctx = Ctx::new(&ids, Page::new(Orientation::Portrait));
        let xml = String::from_utf8(header_block(ctx, &header()).build()).unwrap();
        assert!(
            xml.contains(
                r#"<w:gridCol w:w="3554" w:type="dxa" /><w:gridCol w:w="5801" w:type="dxa" />"#
            ),
            "{xml}"
        );
        assert!(xml.contains(r#"<w:top w:val="nil""#), "{xml}");
        // Issuer uppercased, parent body too.
        assert!(xml.contains(">ỦY BAN NHÂN DÂN</w:t>"), "{xml}");
        assert!(xml.contains(">UBND TỈNH THANH HÓA</w:t>"), "{xml}");
        // Two rules: under the issuer and under the motto.
        assert_eq!(xml.matches("<w:pBdr>").count(), 2, "{xml}");
        // Row 2 holds "Số" then the place-date.
        let rows: Vec<&str> = xml.split("<w:tr>").skip(1).collect();
        assert_eq!(rows.len(), 2);
        let number = rows[1].find("Số:").unwrap();
        let date = rows[1].find("Quảng Ngọc, ngày").unwrap();
        assert!(number < date);
    }

    #[test]
    fn motto_rule_is_as_long_as_the_motto() {
        let ids = ParaIds::new();
        let ctx = Ctx::new(&ids, Page::new(Orientation::Portrait));
        let column = 5000;
        let motto = bold_width("Độc lập - Tự do - Hạnh phúc", 14);
        let xml = String::from_utf8(rule(ctx, column, motto, 0).build()).unwrap();
        let side = (column - motto) / 2;
        assert!(
            xml.contains(&format!(r#"w:left="{side}" w:right="{side}""#)),
            "{xml}"
        );
    }

    #[test]
    fn signature_leaves_room_and_sets_recipients_in_11_pt() {
        let ids = ParaIds::new();
        let ctx = Ctx::new(&ids, Page::new(Orientation::Portrait));
        let block = SignatureBlock {
            recipients: vec!["- Như trên;".into(), "- Lưu: VT, VHXH.".into()],
            authority: vec!["KT. CHỦ TỊCH".into(), "PHÓ CHỦ TỊCH".into()],
            name: "Lê Văn Trường".into(),
        };
        let xml = String::from_utf8(signature(ctx, &block).build()).unwrap();
        assert!(xml.contains(">Nơi nhận:</w:t>"), "{xml}");
        assert!(xml.contains(r#"<w:sz w:val="22" />"#), "{xml}");
        assert_eq!(
            xml.matches(r#"w:line="354" w:lineRule="exact""#).count(),
            4,
            "{xml}"
        );
        assert!(xml.contains(">Lê Văn Trường</w:t>"), "{xml}");
    }

    #[test]
    fn draft_mark_is_a_framed_bordered_paragraph() {
        let ids = ParaIds::new();
        let ctx = Ctx::new(&ids, Page::new(Orientation::Portrait));
        let paragraphs = draft_mark(ctx, "Dự thảo");
        assert_eq!(paragraphs.len(), 2);
        let xml = String::from_utf8(paragraphs[0].build()).unwrap();
        assert!(xml.contains("<w:framePr"), "{xml}");
        assert!(xml.contains(">DỰ THẢO</w:t>"), "{xml}");
        assert_eq!(xml.matches(r#"w:val="single""#).count(), 4, "{xml}");
    }
}
