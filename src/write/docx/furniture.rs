//! The furniture of Nghị định 30, laid out in one place: the two-column
//! header block, the title with its short rule, the signature beside Nơi
//! nhận, the appendix heading and the draft mark.
//!
//! Two-column furniture is a borderless table, which Word and LibreOffice
//! both keep in place; the short rules are top borders of tiny empty
//! paragraphs, indented so the border is as long as the text measure
//! (`doc::metrics`) says.
//!
//! Every gap comes from the style record, which states distances on the
//! page; Word's means differ from typst's: the space before a paragraph is
//! added to the space after the one above it, and a paragraph border hangs
//! below the paragraph's top edge, taking its width and the paragraph's
//! height (the carrier's) from what follows.

use docx_rs::{
    AlignmentType, BorderType, LineSpacing, LineSpacingType, Paragraph, ParagraphBorder,
    ParagraphBorderPosition, ParagraphBorders, SpecialIndentType, Table, TableBorders, TableCell,
    TableCellMargins, TableLayoutType, TableRow, VAlignType, VMergeType, WidthType,
};

use super::Ctx;
use super::run::{self, Font};
use super::styles::single_spacing;
use crate::doc::style::{Length, ND30, Ratio};
use crate::doc::{AppendixHeading, HeaderBlock, Recipients, SignatureBlock};
use crate::doc::{fits, metrics};

/// Height of the empty paragraph that carries a rule. Not a gap on the
/// page: the space after the rule gives it back.
const RULE_CARRIER: Length = Length::pt(4.0);

/// Height of the paragraph the draft mark's frame is anchored to, in twips.
const ANCHOR_HEIGHT: i32 = 2;

/// Room for signature and seal: four blank lines sharing its height.
const SIGNATURE_ROOM_LINES: usize = 4;

/// Width of `text` set bold at `points`, in twips (no kerning).
fn bold_width(text: &str, points: u32) -> u32 {
    Length::pt(metrics::advance(text, f64::from(points), true)).twips()
}

/// From a rule's middle to the bottom of the paragraph that carries it: the
/// lower half of the rule and the carrier.
fn rule_bottom() -> Length {
    ND30.rule.half().plus(RULE_CARRIER)
}

/// A font of `points` points.
fn font(points: u32) -> Font {
    Font::pt(points as usize)
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

/// `paragraph` with `before` above it.
fn space_before(paragraph: Paragraph, before: Length) -> Paragraph {
    paragraph.line_spacing(single_spacing(0).before(before.twips()))
}

/// A solid rule `length` twips long, centred in a column `column` twips
/// wide: its middle `gap` below the line above, and `after` from its middle
/// to the top of the line that follows (none: the end of a table cell).
fn rule(ctx: Ctx<'_>, column: u32, length: u32, gap: Length, after: Option<Length>) -> Paragraph {
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
                .line(RULE_CARRIER.twips() as i32)
                .before(gap.minus(ND30.rule.half()).twips())
                .after(after.map_or(0, |after| after.minus(rule_bottom()).twips())),
        );
    paragraph.property = paragraph.property.set_borders(
        ParagraphBorders::with_empty().set(
            ParagraphBorder::new(ParagraphBorderPosition::Top)
                .val(BorderType::Single)
                .size(ND30.rule.eighths())
                .space(0)
                .color("000000"),
        ),
    );
    paragraph
}

/// `length × share`.
fn share(length: u32, ratio: Ratio) -> u32 {
    length * ratio.numerator / ratio.denominator.max(1)
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
    let style = ND30.header;
    let width = ctx.text_width();
    let left = width * style.left_percent / 100;
    let right = width - left;

    // Compose has set the issuing body and the national title in capitals.
    let mut issuing = Vec::new();
    if let Some(parent) = &header.parent_body {
        issuing.push(centered(ctx, parent, font(style.size)));
    }
    for line in &header.issuer {
        issuing.push(centered(ctx, line, font(style.size).bold()));
    }
    let mut issuing = spaced(issuing, Length::ZERO, style.spacing);
    if let Some(widest) = header
        .issuer
        .iter()
        .map(|l| bold_width(l, style.size))
        .max()
    {
        let length = share(widest, style.issuer_rule);
        issuing.push(rule(ctx, left, length, ND30.rule_gap, None));
    }

    let mut national = spaced(
        vec![
            centered(ctx, &header.national_title, font(style.size).bold()),
            centered(ctx, &header.motto, font(style.motto_size).bold()),
        ],
        Length::ZERO,
        style.spacing,
    );
    // As long as the motto itself.
    let motto = bold_width(&header.motto, style.motto_size);
    national.push(rule(ctx, right, motto, ND30.rule_gap, None));

    // The first row ends below the rules' carriers, not on the rules.
    let row_gap = style.row_gap.minus(rule_bottom());
    let number = space_before(
        centered(ctx, &header.number_line, font(style.size)),
        row_gap,
    );
    let place_date = space_before(
        centered(
            ctx,
            &header.place_date,
            font(style.place_date_size).italic(),
        ),
        row_gap,
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

/// The lines of one piece of furniture: the first with `first` above it,
/// each other one `spacing` below the one before.
fn spaced(paragraphs: Vec<Paragraph>, first: Length, spacing: Length) -> Vec<Paragraph> {
    paragraphs
        .into_iter()
        .enumerate()
        .map(|(i, p)| space_before(p, if i == 0 { first } else { spacing }))
        .collect()
}

/// "KẾ HOẠCH", the excerpt under it, and a short rule under both. The
/// header block above it ends on a line; the body below starts on one with
/// no space above (body paragraphs keep theirs below).
pub(super) fn title(ctx: Ctx<'_>, kind: &str, excerpt: &str) -> Vec<Paragraph> {
    let style = ND30.title;
    let width = ctx.text_width();
    let bold = font(style.size).bold();
    // The excerpt's line: its width, or the text width once it wraps.
    let excerpt_line = bold_width(excerpt, style.size).min(width);
    let length = share(excerpt_line, style.excerpt_rule);
    vec![
        space_before(centered(ctx, kind, bold), style.before),
        space_before(centered(ctx, excerpt, bold), style.spacing),
        rule(ctx, width, length, ND30.rule_gap, Some(style.after)),
    ]
}

/// Nơi nhận (left) beside the signature (right): authority lines, room for
/// signature and seal, the signer's name.
pub(super) fn signature(ctx: Ctx<'_>, signature: &SignatureBlock) -> Table {
    let style = ND30.signature;
    let width = ctx.text_width();
    let left = width * style.left_percent / 100;
    let right = width - left;

    // The closing paragraph above keeps the body's space after it.
    let before = style.before.minus(ND30.body.after);
    let recipients = recipients_cell(ctx, signature, left, before);

    let bold = font(style.size).bold();
    let authority = signature
        .authority
        .iter()
        .map(|authority| centered(ctx, authority, bold))
        .collect();
    let mut signer = spaced(authority, before, style.spacing);
    let room = style.room.twips() as i32 / SIGNATURE_ROOM_LINES as i32;
    for i in 0..SIGNATURE_ROOM_LINES {
        let above = if i == 0 { style.spacing } else { Length::ZERO };
        signer.push(
            ctx.paragraph().size(bold.half_points()).line_spacing(
                LineSpacing::new()
                    .line_rule(LineSpacingType::Exact)
                    .line(room)
                    .before(above.twips())
                    .after(0),
            ),
        );
    }
    signer.push(space_before(
        centered(ctx, &signature.name, bold),
        style.below_room,
    ));

    // Kept on one page, unless the Nơi nhận list is longer than a page: the
    // row then continues on the next one (the signer's side stays at the top).
    let row = TableRow::new(vec![recipients, cell(right, signer)]);
    let row = if fits::recipients_flow(signature) {
        row
    } else {
        row.cant_split()
    };
    layout_table(&[left, right], vec![row])
}

/// Nơi nhận, `width` twips wide: "Nơi nhận:" `before` below the top, then
/// each line `spacing` below the one before; lines joined by a brace are a
/// borderless table of their own (see [`braced`]).
fn recipients_cell(
    ctx: Ctx<'_>,
    signature: &SignatureBlock,
    width: u32,
    before: Length,
) -> TableCell {
    let style = ND30.signature;
    let cell = TableCell::new()
        .width(width as usize, WidthType::Dxa)
        .vertical_align(VAlignType::Top);
    if signature.recipients.is_empty() {
        return cell.add_paragraph(ctx.paragraph());
    }
    let label = line(
        ctx,
        &signature.recipients_label,
        font(style.recipients_head_size).bold().italic(),
    );
    let mut cell = cell.add_paragraph(space_before(label, before));
    for entry in &signature.recipients {
        cell = match entry {
            Recipients::Line(text) => cell.add_paragraph(space_before(
                line(ctx, text, font(style.recipients_size)),
                style.spacing,
            )),
            Recipients::Braced { lines, note } => cell.add_table(braced(ctx, lines, note, width)),
        };
    }
    // A cell ends with a paragraph; one after a table is as small as can be.
    if matches!(signature.recipients.last(), Some(Recipients::Braced { .. })) {
        cell = cell.add_paragraph(super::spacer(ctx));
    }
    cell
}

/// How wide the DOCX sets its brace, a "}" as tall as the lines it joins,
/// against the glyph's own width: narrow as a drawn one (the PDF's), so
/// the lines keep their room.
const BRACE_SCALE: f64 = 0.35;

/// Recipients joined by a brace to one note, as Word users make it: a
/// borderless table whose first column holds the lines, one a row, and
/// whose second and third columns are each one cell merged down the rows:
/// a "}" as tall as the lines, and the note beside it, centred on them.
fn braced(ctx: Ctx<'_>, lines: &[String], note: &str, width: u32) -> Table {
    let style = ND30.signature;
    let b = style.brace;
    let size = f64::from(style.recipients_size);
    let line_height = ND30.line.height(style.recipients_size);
    let rows = lines.len().max(1);
    // The rows' height: their lines, and the spacing above each.
    let height = Length::pt(rows as f64 * (line_height.points() + style.spacing.points()));
    let glyph = metrics::glyph_height('}').unwrap_or(1.0);
    let brace_points = (height.points() / glyph).max(size);
    // Half-points, the unit of `w:sz`.
    let brace_font = Font::half(((brace_points * 2.0).round() as usize).max(2));
    let brace_width = Length::pt(metrics::advance("}", brace_points, false) * BRACE_SCALE)
        .plus(b.gap)
        .plus(b.note_gap)
        .twips();
    let note_width = Length::pt(metrics::advance(note, size, false)).twips() + 1;
    let longest = lines
        .iter()
        // Word and LibreOffice measure a little wider than `metrics` (other
        // hinting, no kerning): a line set exactly to its width wraps.
        .map(|l| Length::pt(metrics::advance(l, size, false) * 1.03 + 3.0).twips())
        .max()
        .unwrap_or(0);
    let names = longest.min(width.saturating_sub(brace_width + note_width).max(1));
    let rest = width.saturating_sub(names + brace_width).max(1);
    let merged = |first: bool, paragraph: Option<Paragraph>, width: u32| {
        let cell = TableCell::new()
            .width(width as usize, WidthType::Dxa)
            .vertical_align(VAlignType::Center)
            .vertical_merge(if first {
                VMergeType::Restart
            } else {
                VMergeType::Continue
            });
        cell.add_paragraph(paragraph.unwrap_or_else(|| ctx.paragraph()))
    };
    let brace = ctx
        .paragraph()
        .fonts(run::fonts())
        .size(brace_font.half_points())
        .indent(Some(b.gap.twips() as i32), None, None, None)
        .line_spacing(
            LineSpacing::new()
                .line_rule(LineSpacingType::Exact)
                .line(height.twips() as i32)
                .before(0)
                .after(0),
        )
        .add_run({
            let mut brace = run::run("}", brace_font);
            brace.run_property = brace.run_property.stretch((BRACE_SCALE * 100.0) as i32);
            brace
        });
    let note = line(ctx, note, font(style.recipients_size));
    let table_rows = lines
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let first = i == 0;
            let text = space_before(line(ctx, text, font(style.recipients_size)), style.spacing);
            TableRow::new(vec![
                cell(names, vec![text]),
                merged(first, first.then(|| brace.clone()), brace_width),
                merged(first, first.then(|| note.clone()), rest),
            ])
            .cant_split()
        })
        .collect();
    layout_table(&[names, brace_width, rest], table_rows)
}

/// What follows an appendix heading, for the space under its rule.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Below {
    /// A table, whose top rule hangs below its edge.
    Table,
    /// A paragraph that keeps `above` free above itself. Word and
    /// LibreOffice keep the larger of one paragraph's space after and the
    /// next one's space before, so the rule's space after covers its own.
    Paragraph { above: Length },
}

/// "PHỤ LỤC I", the optional caption, the title, "(Kèm theo …)" and a
/// short rule, with `below` under it.
pub(super) fn appendix_heading(
    ctx: Ctx<'_>,
    heading: &AppendixHeading,
    below: Below,
) -> Vec<Paragraph> {
    let style = ND30.appendix;
    let bold = font(style.size).bold();
    let mut paragraphs = vec![centered(ctx, &heading.label, bold)];
    if let Some(caption) = &heading.caption {
        paragraphs.push(centered(ctx, caption, bold));
    }
    paragraphs.push(centered(ctx, &heading.title, bold));
    paragraphs.push(centered(ctx, &heading.reference, font(style.size).italic()));
    let mut paragraphs = spaced(paragraphs, Length::ZERO, style.spacing);
    let width = ctx.text_width();
    let length = share(width, style.rule);
    let after = match below {
        // The table's top rule hangs below its edge, where typst centres it.
        Below::Table => style
            .gap_below(ND30.table.spacing)
            .minus(ND30.table.stroke.half()),
        Below::Paragraph { above } => style.gap_below(above),
    };
    paragraphs.push(rule(ctx, width, length, style.rule_gap, Some(after)));
    paragraphs
}

/// "DỰ THẢO" in a rectangular frame at the top right of the page: a framed
/// paragraph with borders, which floats there without moving the header
/// block, and the tiny paragraph it is anchored to. LibreOffice drops a
/// frame that a table follows directly, and the header block is a table.
pub(super) fn draft_mark(ctx: Ctx<'_>, text: &str) -> Vec<Paragraph> {
    let d = ND30.draft;
    let bold = font(d.size).bold();
    // LibreOffice makes the frame `frame_width` wide from the outer edge of
    // its left line to that of its right line: text, slack, insets, lines.
    let frame_width =
        bold_width(text, d.size) + d.slack.twips() + 2 * (d.inset_x.twips() + d.stroke.twips());
    // `w:space` is in whole points.
    let border = |position, inset: Length| {
        ParagraphBorder::new(position)
            .val(BorderType::Single)
            .size(d.stroke.eighths())
            .space(inset.points().round() as usize)
            .color("000000")
    };
    // `draft.top` is the middle of the top line; the frame starts at its
    // outer edge.
    let frame_top = Length::pt(d.top.points() - d.stroke.points() / 2.0);
    let mut paragraph = centered(ctx, text, bold)
        .wrap("around")
        .h_anchor("margin")
        .x_align("right")
        .v_anchor("page")
        .frame_y(frame_top.twips() as i32)
        .frame_width(frame_width);
    // LibreOffice puts the spacing of a framed paragraph's top and bottom
    // borders both inside the frame and inside the paragraph: half of it
    // gives the inset (measured in tests/integration/furniture_geometry.rs).
    let inset_y = Length::pt(d.inset_y.points() / 2.0);
    paragraph.property = paragraph.property.set_borders(
        ParagraphBorders::with_empty()
            .set(border(ParagraphBorderPosition::Top, inset_y))
            .set(border(ParagraphBorderPosition::Bottom, inset_y))
            .set(border(ParagraphBorderPosition::Left, d.inset_x))
            .set(border(ParagraphBorderPosition::Right, d.inset_x)),
    );
    // The frame's anchor: as low as LibreOffice allows, so the header
    // block below starts on the top margin as in the PDF.
    let anchor = ctx.paragraph().size(2).line_spacing(
        LineSpacing::new()
            .line_rule(LineSpacingType::Exact)
            .line(ANCHOR_HEIGHT)
            .before(0)
            .after(0),
    );
    vec![paragraph, anchor]
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
        // Set as compose wrote them: capitals are compose's decision.
        assert!(xml.contains(">Ủy ban nhân dân</w:t>"), "{xml}");
        assert!(xml.contains(">UBND tỉnh Thanh Hóa</w:t>"), "{xml}");
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
        let xml = String::from_utf8(rule(ctx, column, motto, ND30.rule_gap, None).build()).unwrap();
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
            recipients_label: "Nơi nhận:".into(),
            recipients: vec![
                Recipients::Line("- Như trên;".into()),
                Recipients::Line("- Lưu: VT, VHXH.".into()),
            ],
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
        let paragraphs = draft_mark(ctx, "DỰ THẢO");
        assert_eq!(paragraphs.len(), 2);
        let xml = String::from_utf8(paragraphs[0].build()).unwrap();
        assert!(xml.contains("<w:framePr"), "{xml}");
        assert!(xml.contains(">DỰ THẢO</w:t>"), "{xml}");
        assert_eq!(xml.matches(r#"w:val="single""#).count(), 4, "{xml}");
    }
}
