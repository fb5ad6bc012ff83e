//! Page geometry and the page-number header: A4 and the margins of
//! [`ND30`] in every section, the orientation of each part, and the PAGE
//! field centred in the top margin.

use docx_rs::{
    AlignmentType, FieldCharType, Header, InstrPAGE, InstrText, PageMargin, PageOrientationType,
    PageSize, Run,
};

use super::ids::ParaIds;
use super::run::{self, Font};
use crate::doc::Orientation;
use crate::doc::style::ND30;

/// The pages of one part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Page {
    orientation: Orientation,
}

impl Page {
    pub(super) fn new(orientation: Orientation) -> Self {
        Page { orientation }
    }

    /// Paper width and height in twips.
    fn paper(self) -> (u32, u32) {
        let (width, height) = ND30.paper(self.orientation);
        (width.twips(), height.twips())
    }

    pub(super) fn orientation(self) -> Orientation {
        self.orientation
    }

    pub(super) fn orient(self) -> PageOrientationType {
        match self.orientation {
            Orientation::Portrait => PageOrientationType::Portrait,
            Orientation::Landscape => PageOrientationType::Landscape,
        }
    }

    /// `w:pgSz` with the orientation, which Word needs besides the swapped
    /// sides to print a landscape page the right way round.
    pub(super) fn size(self) -> PageSize {
        let (width, height) = self.paper();
        PageSize::new().size(width, height).orient(self.orient())
    }

    /// `(width, height)` for docx-rs's document-level setter.
    pub(super) fn dimensions(self) -> (u32, u32) {
        self.paper()
    }

    pub(super) fn margin(self) -> PageMargin {
        let m = ND30.margins;
        // The header distance is where the page number's line starts.
        let header = ND30.page_number.top.twips() as i32;
        PageMargin::new()
            .top(m.top.twips() as i32)
            .bottom(m.bottom.twips() as i32)
            .left(m.left.twips() as i32)
            .right(m.right.twips() as i32)
            .header(header)
            .footer(header)
            .gutter(0)
    }

    /// Width between the left and right margins, in twips: 165 mm in
    /// portrait, 252 mm in landscape.
    pub(super) fn text_width(self) -> u32 {
        self.paper().0 - ND30.margins.left.twips() - ND30.margins.right.twips()
    }
}

/// The header of every section: the page number as a PAGE field, centred.
/// The first page hides it through `titlePg` (see `super::write_docx`).
pub(super) fn page_number_header(ids: &ParaIds) -> Header {
    let font = Font::pt(ND30.page_number.size as usize);
    // docx-rs's `PageNum` writes an empty `w:rPr`; this run names the font
    // and size like every other run.
    let field = Run::new()
        .fonts(run::fonts())
        .size(font.half_points())
        .add_field_char(FieldCharType::Begin, false)
        .add_instr_text(InstrText::PAGE(InstrPAGE::new()))
        .add_field_char(FieldCharType::Separate, false)
        .add_text("1")
        .add_field_char(FieldCharType::End, false);
    Header::new().add_paragraph(
        ids.paragraph()
            .align(AlignmentType::Center)
            .fonts(run::fonts())
            .size(font.half_points())
            .add_run(field),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use docx_rs::BuildXML;

    #[test]
    fn text_widths_follow_the_margins() {
        assert_eq!(ND30.margins.top.twips(), 1134);
        assert_eq!(ND30.margins.left.twips(), 1701);
        assert_eq!(ND30.margins.right.twips(), 850);
        let portrait = Page::new(Orientation::Portrait).text_width();
        let landscape = Page::new(Orientation::Landscape).text_width();
        assert_eq!(portrait, 11906 - 1701 - 850);
        assert_eq!(landscape, 16838 - 1701 - 850);
        // 165 mm and 252 mm, within a twip's rounding.
        assert!((f64::from(portrait) * 25.4 / 1440.0 - 165.0).abs() < 0.1);
        assert!((f64::from(landscape) * 25.4 / 1440.0 - 252.0).abs() < 0.1);
    }

    #[test]
    fn header_holds_a_centred_page_field_in_14_pt() {
        let xml = String::from_utf8(page_number_header(&ParaIds::new()).build()).unwrap();
        assert!(xml.contains("<w:instrText>PAGE</w:instrText>"), "{xml}");
        assert!(xml.contains(r#"<w:jc w:val="center" />"#), "{xml}");
        assert!(xml.contains(r#"<w:sz w:val="28" />"#), "{xml}");
    }
}
