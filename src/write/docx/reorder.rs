//! Every element's children into schema order, in one XML part.
//!
//! docx-rs writes many property elements with their children out of the
//! order the schema fixes (`w:rPr` first in `w:pPr`, `w:sz` before `w:b`,
//! `w:headerReference` after `w:pgSz` …). LibreOffice does not mind; Word
//! may call the file "unreadable content" or drop the properties. [`apply`]
//! sorts the children of each container `schema` knows into its order,
//! stably, so children of one slot and unknown children keep their relative
//! order, and drops the few things the schema does not allow there.
//!
//! Everything else is copied byte for byte from the input: the declaration,
//! start tags with their attributes, text with its escapes, end tags. The
//! parser is only used to find where each element starts and ends, so the
//! output is as deterministic as the input.

use std::ops::Range;

use roxmltree::{Document, Node, ParsingOptions};

use super::DocxError;
use super::schema;

/// The part `xml` (named `part`) with every container's children in schema
/// order; an error if it is not well-formed XML.
pub(super) fn apply(part: &str, xml: &str) -> Result<String, DocxError> {
    let options = ParsingOptions {
        allow_dtd: false,
        ..ParsingOptions::default()
    };
    let document = Document::parse_with_options(xml, options).map_err(|_| DocxError::Part {
        part: part.to_owned(),
        problem: "không phải XML hợp lệ",
    })?;
    let root = document.root_element();
    let mut out = Output {
        source: xml,
        text: String::with_capacity(xml.len()),
    };
    out.copy(0..root.range().start, &[]);
    out.element(root);
    out.copy(root.range().end..xml.len(), &[]);
    Ok(out.text)
}

/// The text being written, and the source it is copied from.
struct Output<'s> {
    source: &'s str,
    text: String,
}

impl Output<'_> {
    /// Writes `node` with its children in order.
    fn element(&mut self, node: Node<'_, '_>) {
        let range = node.range();
        let skipped: Vec<Range<usize>> = node
            .attributes()
            .filter(|attribute| schema::is_dropped_attribute(node, attribute))
            .map(|attribute| attribute.range())
            .collect();
        let children: Vec<Node> = node.children().filter(Node::is_element).collect();
        let (Some(first), Some(last)) = (children.first(), children.last()) else {
            self.copy(range, &skipped);
            return;
        };
        // The start tag (and any text before the first child).
        self.copy(range.start..first.range().start, &skipped);
        let gaps: Vec<Range<usize>> = children
            .windows(2)
            .map(|pair| pair[0].range().end..pair[1].range().start)
            .collect();
        let blank = gaps
            .iter()
            .all(|gap| self.source[gap.clone()].trim().is_empty());
        // A container with text between its children (mixed content) is not
        // one the schema orders; keep it as it is.
        let ordered = match schema::order(node) {
            Some(slots) if blank => {
                let mut kept: Vec<Node> = children
                    .iter()
                    .copied()
                    .filter(|child| !schema::is_dropped(*child))
                    .collect();
                kept.sort_by_key(|child| schema::rank(slots, *child));
                kept
            }
            _ => children.clone(),
        };
        for (index, child) in ordered.iter().enumerate() {
            self.element(*child);
            // The white space between children stays where it was.
            if let Some(gap) = gaps.get(index).filter(|_| index + 1 < ordered.len()) {
                self.copy(gap.clone(), &[]);
            }
        }
        // Any text after the last child, and the end tag.
        self.copy(last.range().end..range.end, &[]);
    }

    /// Copies `range` of the source, leaving out the attributes at
    /// `skipped` and the white space before each.
    fn copy(&mut self, range: Range<usize>, skipped: &[Range<usize>]) {
        let mut at = range.start;
        for skip in skipped {
            let before = self.source[at..skip.start].trim_end();
            self.text.push_str(before);
            at = skip.end;
        }
        self.text.push_str(&self.source[at..range.end]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    fn reorder(body: &str) -> String {
        let xml = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><w:document {NS}>{body}</w:document>"#
        );
        let done = apply("word/document.xml", &xml).unwrap();
        let start = done.find("<w:document").unwrap();
        let inner = &done[start..];
        let open_end = inner.find('>').unwrap() + 1;
        inner[open_end..inner.len() - "</w:document>".len()].to_owned()
    }

    #[test]
    fn paragraph_properties_end_with_the_run_properties() {
        let done = reorder(
            r#"<w:body><w:p><w:pPr><w:rPr><w:sz w:val="28" /><w:b /><w:rFonts w:ascii="Times New Roman" /></w:rPr><w:jc w:val="center" /><w:spacing w:after="0" /><w:pStyle w:val="Muc1" /><w:keepNext /></w:pPr><w:r><w:t>A &amp; B</w:t></w:r></w:p></w:body>"#,
        );
        assert_eq!(
            done,
            r#"<w:body><w:p><w:pPr><w:pStyle w:val="Muc1" /><w:keepNext /><w:spacing w:after="0" /><w:jc w:val="center" /><w:rPr><w:rFonts w:ascii="Times New Roman" /><w:b /><w:sz w:val="28" /></w:rPr></w:pPr><w:r><w:t>A &amp; B</w:t></w:r></w:p></w:body>"#
        );
    }

    #[test]
    fn section_references_come_first_and_keep_their_own_order() {
        let done = reorder(
            r#"<w:body><w:sectPr><w:pgSz w:w="11906" /><w:pgMar w:top="1134" /><w:cols w:space="425" /><w:headerReference w:type="default" r:id="rId4" xmlns:r="urn:r" /><w:titlePg /><w:footerReference w:type="first" r:id="rId9" xmlns:r="urn:r" /></w:sectPr></w:body>"#,
        );
        assert_eq!(
            done,
            r#"<w:body><w:sectPr><w:headerReference w:type="default" r:id="rId4" xmlns:r="urn:r" /><w:footerReference w:type="first" r:id="rId9" xmlns:r="urn:r" /><w:pgSz w:w="11906" /><w:pgMar w:top="1134" /><w:cols w:space="425" /><w:titlePg /></w:sectPr></w:body>"#
        );
    }

    #[test]
    fn content_keeps_its_order_and_the_section_goes_last() {
        let done = reorder(
            r#"<w:body><w:sectPr /><w:p><w:r><w:t>1</w:t></w:r><w:pPr /><w:r><w:t>2</w:t></w:r></w:p><w:tbl><w:tr /><w:tblGrid><w:gridCol w:w="10" w:type="dxa" /></w:tblGrid><w:tblPr><w:tblCellMar /><w:tblLayout w:type="fixed" /></w:tblPr></w:tbl><w:p /></w:body>"#,
        );
        assert_eq!(
            done,
            r#"<w:body><w:p><w:pPr /><w:r><w:t>1</w:t></w:r><w:r><w:t>2</w:t></w:r></w:p><w:tbl><w:tblPr><w:tblLayout w:type="fixed" /><w:tblCellMar /></w:tblPr><w:tblGrid><w:gridCol w:w="10" /></w:tblGrid><w:tr /></w:tbl><w:p /><w:sectPr /></w:body>"#
        );
    }

    #[test]
    fn styles_are_ordered_and_lose_the_run_properties_of_their_paragraph_properties() {
        let xml = format!(
            r#"<w:styles {NS}><w:style w:type="paragraph" w:styleId="Muc1"><w:name w:val="Mục 1" /><w:rPr><w:b /></w:rPr><w:pPr><w:rPr /><w:jc w:val="both" /><w:keepNext /></w:pPr><w:next w:val="NoiDung" /><w:qFormat /><w:basedOn w:val="Normal" /></w:style><w:docDefaults><w:pPrDefault><w:pPr><w:rPr /></w:pPr></w:pPrDefault><w:rPrDefault><w:rPr><w:sz w:val="28" /><w:rFonts w:ascii="Times New Roman" /></w:rPr></w:rPrDefault></w:docDefaults></w:styles>"#
        );
        let done = apply("word/styles.xml", &xml).unwrap();
        assert_eq!(
            done,
            format!(
                r#"<w:styles {NS}><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" /><w:sz w:val="28" /></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:styleId="Muc1"><w:name w:val="Mục 1" /><w:basedOn w:val="Normal" /><w:next w:val="NoiDung" /><w:qFormat /><w:pPr><w:keepNext /><w:jc w:val="both" /></w:pPr><w:rPr><w:b /></w:rPr></w:style></w:styles>"#
            )
        );
    }

    #[test]
    fn run_properties_of_a_run_stay_even_when_empty() {
        let done = reorder(r#"<w:body><w:p><w:r><w:rPr /><w:t>x</w:t></w:r></w:p></w:body>"#);
        assert_eq!(
            done,
            r#"<w:body><w:p><w:r><w:rPr /><w:t>x</w:t></w:r></w:p></w:body>"#
        );
    }

    #[test]
    fn settings_put_the_zoom_before_the_tab_stop() {
        let xml = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings {NS}><w:defaultTabStop w:val="840" /><w:zoom w:percent="100" /><w:compat><w:spaceForUL /></w:compat></w:settings>"#
        );
        let done = apply("word/settings.xml", &xml).unwrap();
        assert!(
            done.ends_with(r#"<w:zoom w:percent="100" /><w:defaultTabStop w:val="840" /><w:compat><w:spaceForUL /></w:compat></w:settings>"#),
            "{done}"
        );
        assert!(
            done.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n")
        );
    }

    #[test]
    fn other_namespaces_and_unknown_children_go_last_in_their_order() {
        let done = reorder(
            r#"<w:body><w:p><w:pPr><w14:x xmlns:w14="urn:w14" /><w:unknown /><w:jc w:val="left" /><w:pStyle w:val="A" /></w:pPr></w:p></w:body>"#,
        );
        assert_eq!(
            done,
            r#"<w:body><w:p><w:pPr><w:pStyle w:val="A" /><w:jc w:val="left" /><w14:x xmlns:w14="urn:w14" /><w:unknown /></w:pPr></w:p></w:body>"#
        );
    }

    #[test]
    fn white_space_between_children_stays_in_place() {
        let done = reorder(
            "<w:body>\n  <w:sectPr>\n    <w:pgSz />\n    <w:headerReference />\n  </w:sectPr>\n</w:body>",
        );
        assert_eq!(
            done,
            "<w:body>\n  <w:sectPr>\n    <w:headerReference />\n    <w:pgSz />\n  </w:sectPr>\n</w:body>"
        );
    }

    #[test]
    fn text_and_attributes_are_copied_byte_for_byte() {
        let body = r#"<w:body><w:p w14:paraId="00000001" xmlns:w14="urn:w14"><w:r><w:t xml:space="preserve"> &lt;b&gt; &#x1EA1; ]]&gt; </w:t></w:r></w:p></w:body>"#;
        assert_eq!(reorder(body), body);
    }

    #[test]
    fn the_same_input_gives_the_same_output_and_bad_xml_an_error() {
        let body = r#"<w:body><w:p><w:pPr><w:jc w:val="left" /><w:pStyle w:val="A" /></w:pPr></w:p></w:body>"#;
        assert_eq!(reorder(body), reorder(body));
        assert!(matches!(
            apply("word/document.xml", "<w:document><w:body></w:document>"),
            Err(DocxError::Part { .. })
        ));
        assert!(apply("x.xml", r#"<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>"#).is_err());
    }
}
