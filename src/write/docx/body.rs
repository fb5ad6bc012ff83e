//! Running text: body paragraphs, numbered headings and "-" / "+" lists,
//! each set through a named style of `styles`.

use docx_rs::Paragraph;

use super::Ctx;
use super::run::{self, inlines, with_runs};
use super::styles::{self, BODY_FONT};
use crate::doc::{HeadingLevel, Inline, List, ParagraphStyle};

/// A paragraph of running text.
pub(super) fn paragraph(ctx: Ctx<'_>, style: ParagraphStyle, content: &[Inline]) -> Paragraph {
    let style = match style {
        ParagraphStyle::Body => styles::BODY,
        ParagraphStyle::Centered => styles::CENTERED,
    };
    with_runs(ctx.paragraph().style(style), inlines(content, BODY_FONT))
}

/// A numbered heading: its number, a space, then its text. Bold, italic and
/// uppercase come from the heading's style.
pub(super) fn heading(
    ctx: Ctx<'_>,
    level: HeadingLevel,
    number: &str,
    text: &[Inline],
) -> Paragraph {
    let (style, _, _) = styles::heading_style(level);
    let number = (!number.is_empty()).then(|| run::run(&format!("{number} "), BODY_FONT));
    with_runs(
        ctx.paragraph().style(style),
        number.into_iter().chain(inlines(text, BODY_FONT)),
    )
}

/// The items of `list` (and of the lists nested in them, in order), each a
/// body paragraph that starts with its list's marker.
pub(super) fn list(ctx: Ctx<'_>, list: &List, out: &mut Vec<Paragraph>) {
    let marker = format!("{} ", list.marker.trim_end());
    for item in &list.items {
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
            marker: "+".into(),
            items: vec![ListItem {
                content: vec![Inline::plain("con")],
                children: None,
            }],
        };
        let top = List {
            marker: "-".into(),
            items: vec![
                ListItem {
                    content: vec![Inline::plain("một "), Inline::bold("đậm")],
                    children: Some(nested),
                },
                ListItem {
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
