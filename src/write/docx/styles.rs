//! Document defaults and the named paragraph styles.
//!
//! Body text and the three heading levels are named styles rather than
//! direct formatting, so a clerk who edits the DOCX in Word picks "Nội dung"
//! or "Mục cấp 2" from the style list and keeps the look of Nghị định 30.
//! The furniture (header block, signature …) is laid out once and keeps its
//! direct formatting on the plain Normal style.

use docx_rs::{
    AlignmentType, Docx, LineSpacing, LineSpacingType, SpecialIndentType, Style, StyleType,
};

use super::run::{self, Font};
use crate::doc::HeadingLevel;
use crate::doc::style::ND30;

/// Body paragraphs: 14 pt, justified, first-line indent 1.27 cm, 6 pt after.
pub(super) const BODY: &str = "NoiDung";
/// Centred paragraphs without indent, 6 pt below what precedes them
/// (notes under an appendix table, such as "(Bằng chữ: …)").
pub(super) const CENTERED: &str = "CanGiua";
/// "I. MỤC ĐÍCH YÊU CẦU": bold uppercase.
pub(super) const HEADING_PART: &str = "Muc1";
/// "1. Mục đích": bold.
pub(super) const HEADING_ITEM: &str = "Muc2";
/// "a) …": italic.
pub(super) const HEADING_SUBITEM: &str = "Muc3";
/// "Phần thứ nhất" and a division's title: bold, centred, no indent, kept
/// with the section under them.
pub(super) const DIVISION: &str = "PhanThu";
/// Text in table cells: 12 pt, no indent, no spacing.
pub(super) const TABLE_TEXT: &str = "ChuBang";

/// The size of body text and of the document defaults.
pub(super) const BODY_FONT: Font = Font::pt(ND30.body.size as usize);
/// The size of text in table cells.
pub(super) const TABLE_FONT: Font = Font::pt(ND30.table.size as usize);

/// Single line spacing, in 240ths of a line.
const SINGLE: i32 = 240;

/// Sets the document defaults (Times New Roman 14 pt, single spacing, no
/// space between paragraphs) and adds the named styles.
pub(super) fn install(docx: Docx) -> Docx {
    docx.default_fonts(run::fonts())
        .default_size(BODY_FONT.half_points())
        .default_line_spacing(single_spacing(0))
        .add_style(body())
        .add_style(centered())
        .add_style(division())
        .add_style(heading(HeadingLevel::Part))
        .add_style(heading(HeadingLevel::Item))
        .add_style(heading(HeadingLevel::SubItem))
        .add_style(table_text())
}

/// Single line spacing with `after` twentieths of a point after.
pub(super) fn single_spacing(after: u32) -> LineSpacing {
    LineSpacing::new()
        .line_rule(LineSpacingType::Auto)
        .line(SINGLE)
        .before(0)
        .after(after)
}

fn body() -> Style {
    let mut style = Style::new(BODY, StyleType::Paragraph)
        .name("Nội dung")
        .based_on("Normal")
        .next(BODY)
        .fonts(run::fonts())
        .size(BODY_FONT.half_points())
        .align(AlignmentType::Both)
        .indent(
            None,
            Some(SpecialIndentType::FirstLine(
                ND30.body.first_line_indent.twips() as i32,
            )),
            None,
            None,
        )
        .line_spacing(single_spacing(ND30.body.after.twips()));
    // A page never ends or starts on one line of a paragraph, as the PDF
    // keeps them (typst's widow and orphan rules).
    style.paragraph_property = style.paragraph_property.widow_control(true);
    style
}

fn centered() -> Style {
    Style::new(CENTERED, StyleType::Paragraph)
        .name("Căn giữa")
        .based_on(BODY)
        .next(BODY)
        .align(AlignmentType::Center)
        .indent(Some(0), Some(SpecialIndentType::FirstLine(0)), None, None)
        .line_spacing(single_spacing(ND30.body.after.twips()).before(ND30.body.after.twips()))
}

fn division() -> Style {
    let mut style = Style::new(DIVISION, StyleType::Paragraph)
        .name("Phần thứ …")
        .based_on(BODY)
        .next(BODY)
        .align(AlignmentType::Center)
        .indent(Some(0), Some(SpecialIndentType::FirstLine(0)), None, None)
        .size(run::Font::pt(ND30.division.size as usize).half_points())
        .bold()
        .outline_lvl(0);
    style.paragraph_property = style.paragraph_property.keep_next(true).keep_lines(true);
    style
}

/// The style of a heading level, and its name and outline level.
pub(super) fn heading_style(level: HeadingLevel) -> (&'static str, &'static str, usize) {
    match level {
        HeadingLevel::Part => (HEADING_PART, "Mục cấp 1 (I.)", 0),
        HeadingLevel::Item => (HEADING_ITEM, "Mục cấp 2 (1.)", 1),
        HeadingLevel::SubItem => (HEADING_SUBITEM, "Mục cấp 3 (a)", 2),
    }
}

/// A heading level: based on body text, with the level's emphasis, kept
/// with the paragraph after it, and an outline level so Word's navigation
/// pane lists it.
fn heading(level: HeadingLevel) -> Style {
    let (id, name, outline) = heading_style(level);
    let emphasis = level.emphasis();
    let mut style = Style::new(id, StyleType::Paragraph)
        .name(name)
        .based_on(BODY)
        .next(BODY)
        .outline_lvl(outline);
    if emphasis.uppercase {
        // Compose wrote the text in capitals already; the style says so
        // too, for a heading the clerk adds in Word.
        style.run_property = style.run_property.caps();
    }
    if emphasis.bold {
        style = style.bold();
    }
    if emphasis.italic {
        style = style.italic();
    }
    style.paragraph_property = style.paragraph_property.keep_next(true);
    style
}

fn table_text() -> Style {
    Style::new(TABLE_TEXT, StyleType::Paragraph)
        .name("Chữ trong bảng")
        .based_on("Normal")
        .next(TABLE_TEXT)
        .fonts(run::fonts())
        .size(TABLE_FONT.half_points())
        .line_spacing(single_spacing(0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use docx_rs::BuildXML;

    fn styles_xml() -> String {
        let docx = install(Docx::new());
        String::from_utf8(docx.styles.build()).unwrap()
    }

    #[test]
    fn body_style_is_justified_indented_with_six_points_after() {
        let xml = styles_xml();
        let body = xml
            .split("<w:style ")
            .find(|s| s.contains(r#"w:styleId="NoiDung""#))
            .unwrap();
        assert!(body.contains(r#"<w:jc w:val="both" />"#), "{body}");
        assert!(body.contains(r#"w:firstLine="720""#), "{body}");
        assert!(body.contains(r#"w:after="120""#), "{body}");
        assert!(body.contains(r#"w:line="240""#), "{body}");
    }

    #[test]
    fn headings_are_named_styles_kept_with_next() {
        let xml = styles_xml();
        for id in [HEADING_PART, HEADING_ITEM, HEADING_SUBITEM] {
            let style = xml
                .split("<w:style ")
                .find(|s| s.contains(&format!(r#"w:styleId="{id}""#)))
                .unwrap();
            assert!(style.contains("<w:keepNext />"), "{style}");
            assert!(
                style.contains(r#"<w:basedOn w:val="NoiDung" />"#),
                "{style}"
            );
        }
        assert!(xml.contains("Mục cấp 1 (I.)"));
    }

    #[test]
    fn defaults_name_times_new_roman_in_14_pt() {
        let xml = styles_xml();
        let defaults = xml.split("</w:docDefaults>").next().unwrap();
        assert!(
            defaults.contains(r#"w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman" w:eastAsia="Times New Roman""#),
            "{defaults}"
        );
        assert!(defaults.contains(r#"<w:sz w:val="28" />"#), "{defaults}");
    }
}
