//! Running text: body paragraphs, numbered headings and "-" / "+" lists,
//! each set through a named style of `styles`.

use docx_rs::{AlignmentType, Paragraph, SpecialIndentType};

use super::Ctx;
use super::run::{self, inlines, with_runs};
use super::styles::{self, BODY_FONT, single_spacing};
use crate::doc::fits;
use crate::doc::style::{Length, ND30};
use crate::doc::{DivisionHeading, HeadingLevel, Inline, List, ParagraphStyle};

/// A paragraph of running text.
pub(super) fn paragraph(ctx: Ctx<'_>, style: ParagraphStyle, content: &[Inline]) -> Paragraph {
    let style = match style {
        ParagraphStyle::Body => styles::BODY,
        ParagraphStyle::Centered => styles::CENTERED,
    };
    with_runs(ctx.paragraph().style(style), inlines(content, BODY_FONT))
}

/// A numbered heading: its number, a space, then its text. Bold, italic and
/// uppercase come from the heading's style; a title the tree has in sentence
/// case turns the style's capitals off, so it prints as the tree says.
pub(super) fn heading(
    ctx: Ctx<'_>,
    level: HeadingLevel,
    number: &str,
    text: &[Inline],
) -> Paragraph {
    let (style, _, _) = styles::heading_style(level);
    let number = (!number.is_empty()).then(|| run::run(&format!("{number} "), BODY_FONT));
    let as_written =
        level.emphasis().uppercase && text.iter().any(|i| i.text.chars().any(char::is_lowercase));
    let runs = number.into_iter().chain(inlines(text, BODY_FONT)).map(|r| {
        if as_written {
            run::without_capitals(r)
        } else {
            r
        }
    });
    with_runs(ctx.paragraph().style(style), runs)
}

/// "Phần thứ nhất" over the division's title: two centred bold lines in
/// their own style, kept with the section under them.
pub(super) fn division(ctx: Ctx<'_>, heading: &DivisionHeading) -> Vec<Paragraph> {
    let d = ND30.division;
    let line = |text: &str, before: Length, after: Length| {
        ctx.paragraph()
            .style(styles::DIVISION)
            .line_spacing(single_spacing(after.twips()).before(before.twips()))
            .add_run(run::run(text, BODY_FONT))
    };
    vec![
        line(
            &heading.label,
            d.before.minus(ND30.body.after),
            Length::ZERO,
        ),
        line(&heading.title, d.spacing, d.after),
    ]
}

/// The last paragraph of the body, kept with the signature: whole when
/// short, else its head, free to break across pages with its last line
/// justified, and its tail (the last lines), on under it without indent
/// or space and kept with the signature (`fits::closing_split`), split
/// where the PDF splits it. LibreOffice moves a paragraph kept with the
/// next one whole rather than break it, which left up to a third of the
/// page before empty.
pub(super) fn closing(ctx: Ctx<'_>, content: &[Inline]) -> Vec<Paragraph> {
    let keep = |p: Paragraph| {
        let mut p = p;
        p.property = std::mem::take(&mut p.property).keep_next(true);
        p
    };
    let Some((head, tail)) = fits::closing_split(content) else {
        return vec![keep(paragraph(ctx, ParagraphStyle::Body, content))];
    };
    let body_after = ND30.body.after.twips();
    let head = paragraph(ctx, ParagraphStyle::Body, &head)
        // Word and LibreOffice leave a paragraph's last line ragged; this
        // one is inside the paragraph the reader sees.
        .align(AlignmentType::Distribute)
        .line_spacing(single_spacing(0));
    let tail = paragraph(ctx, ParagraphStyle::Body, &tail)
        .indent(None, Some(SpecialIndentType::FirstLine(0)), None, None)
        .line_spacing(single_spacing(body_after));
    vec![head, keep(tail)]
}

/// The items of `list` (and of the lists nested in them, in order), each a
/// body paragraph that starts with its list's marker.
pub(super) fn list(ctx: Ctx<'_>, list: &List, out: &mut Vec<Paragraph>) {
    for item in &list.items {
        let marker = format!("{} ", item.marker.trim_end());
        let runs =
            std::iter::once(run::run(&marker, BODY_FONT)).chain(inlines(&item.content, BODY_FONT));
        out.push(with_runs(ctx.paragraph().style(styles::BODY), runs));
        if let Some(children) = &item.children {
            self::list(ctx, children, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::{ListItem, Orientation};
    use crate::write::docx::ids::ParaIds;
    use crate::write::docx::page::Page;
    use docx_rs::BuildXML;

    fn xml(p: &Paragraph) -> String {
        String::from_utf8(p.build()).unwrap()
    }

    fn texts(xml: &str) -> String {
        xml.split("<w:t xml:space=\"preserve\">")
            .skip(1)
            .map(|s| s.split("</w:t>").next().unwrap())
            .collect()
    }

    #[test]
    fn heading_is_number_space_text_in_its_style() {
        let ids = ParaIds::new();
        let ctx = Ctx::new(&ids, Page::new(Orientation::Portrait));
        let p = heading(ctx, HeadingLevel::Item, "1.", &[Inline::plain("Mục đích")]);
        let xml = xml(&p);
        assert!(xml.contains(r#"<w:pStyle w:val="Muc2" />"#), "{xml}");
        assert_eq!(texts(&xml), "1. Mục đích");
    }

    #[test]
    fn nested_list_items_follow_their_parent_with_their_own_marker() {
        let ids = ParaIds::new();
        let ctx = Ctx::new(&ids, Page::new(Orientation::Portrait));
        let nested = List {
            items: vec![ListItem {
                marker: "+".into(),
                content: vec![Inline::plain("con")],
                children: None,
            }],
        };
        let top = List {
            items: vec![
                ListItem {
                    marker: "-".into(),
                    content: vec![Inline::plain("một "), Inline::bold("đậm")],
                    children: Some(nested),
                },
                ListItem {
                    marker: "-".into(),
                    content: vec![Inline::plain("hai")],
                    children: None,
                },
            ],
        };
        let mut out = Vec::new();
        list(ctx, &top, &mut out);
        let texts: Vec<String> = out.iter().map(|p| texts(&xml(p))).collect();
        assert_eq!(texts, ["- một đậm", "+ con", "- hai"]);
        assert!(xml(&out[0]).contains(r#"<w:pStyle w:val="NoiDung" />"#));
    }
}
