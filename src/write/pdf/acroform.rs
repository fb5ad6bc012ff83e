//! Empty signature fields, added to typst's PDF as one incremental update.
//!
//! typst's bytes stay as they are (the first revision); appended after them
//! are the field widgets, a copy of the catalog with an `/AcroForm`, a copy
//! of each page that holds a field with the widget in its `/Annots`, and a
//! cross-reference section for just those objects. Everything written is a
//! pure function of typst's output and the fields, so bytes stay
//! deterministic, and a signing tool appends its own revisions after ours.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::write::pdf::pdf_syntax::{Reader, Spanned, SyntaxError, Value, XRef};

/// One empty signature field (`/FT /Sig`), merged with its widget.
#[derive(Debug, Clone, PartialEq)]
pub struct SignatureField {
    /// The field name (`/T`): stable, documented, what tools aim at.
    pub name: &'static str,
    /// What a viewer shows on hover (`/TU`).
    pub description: &'static str,
    /// The page, from 0.
    pub page: usize,
    /// `[left, bottom, right, top]` in PDF points (origin bottom left).
    pub rect: [f64; 4],
}

/// Why the fields could not be added (typst wrote something unexpected).
#[derive(Debug, Clone, PartialEq)]
pub struct AcroFormError(pub String);

impl From<SyntaxError> for AcroFormError {
    fn from(e: SyntaxError) -> Self {
        AcroFormError(format!("byte {}: {}", e.offset, e.what))
    }
}

type Result<T> = std::result::Result<T, AcroFormError>;

fn fail<T>(what: &str) -> Result<T> {
    Err(AcroFormError(what.to_owned()))
}

/// `pdf` with `fields` added as an incremental update.
pub fn add_signature_fields(pdf: &[u8], fields: &[SignatureField]) -> Result<Vec<u8>> {
    let reader = Reader::new(pdf);
    let xref = reader.xref()?;
    let trailer = &xref.trailer;
    if trailer.get(b"Prev").is_some() {
        return fail("the PDF already has an incremental update");
    }
    let size: u32 = number(&reader, trailer.get(b"Size"))?;
    let Some((root, root_gen)) = trailer.get(b"Root").and_then(Spanned::as_ref) else {
        return fail("trailer without /Root");
    };
    let catalog = reader.object(&xref, root)?;
    if catalog.get(b"AcroForm").is_some() {
        return fail("the catalog already has an /AcroForm");
    }
    let Some((pages_root, _)) = catalog.get(b"Pages").and_then(Spanned::as_ref) else {
        return fail("catalog without /Pages");
    };
    let pages = page_objects(&reader, &xref, pages_root)?;

    // New objects are numbered from the old /Size on: widget, then its
    // empty appearance, field after field.
    let mut objects: BTreeMap<u32, (u16, Vec<u8>)> = BTreeMap::new();
    let mut widgets_of_page: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
    let mut field_refs = Vec::new();
    let mut next = size;
    for field in fields {
        let Some(&page) = pages.get(field.page) else {
            return fail("a signature field on a page that does not exist");
        };
        let (widget, appearance) = (next, next + 1);
        next += 2;
        objects.insert(
            widget,
            (0, widget_dict(field, page, appearance).into_bytes()),
        );
        objects.insert(appearance, (0, empty_appearance(field.rect)));
        widgets_of_page.entry(page).or_default().push(widget);
        field_refs.push(widget);
    }

    let fields_array = refs(&field_refs);
    let new_catalog = with_entry(
        &reader,
        &catalog,
        &format!("/AcroForm << /Fields {fields_array} >>"),
    );
    objects.insert(root, (root_gen, new_catalog));
    for (page, widgets) in &widgets_of_page {
        let &(generation, _) = xref.objects.get(page).expect("page came from the table");
        let dict = reader.object(&xref, *page)?;
        objects.insert(*page, (generation, with_annots(&reader, &dict, widgets)?));
    }

    let mut out = pdf.to_vec();
    if !out.ends_with(b"\n") {
        out.push(b'\n');
    }
    let mut offsets = BTreeMap::new();
    for (number, (generation, body)) in &objects {
        offsets.insert(*number, (*generation, out.len()));
        out.extend_from_slice(format!("{number} {generation} obj\n").as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref_at = out.len();
    out.extend_from_slice(xref_section(&offsets).as_bytes());
    // /Info and /ID are copied byte for byte: PDF/A wants /ID in the last
    // trailer, and the document stays the same document.
    out.extend_from_slice(format!("trailer\n<< /Size {next} /Root {root} {root_gen} R").as_bytes());
    for key in [&b"Info"[..], b"ID"] {
        if let Some(value) = trailer.get(key) {
            out.extend_from_slice(b" /");
            out.extend_from_slice(key);
            out.push(b' ');
            out.extend_from_slice(reader.text(&value.span));
        }
    }
    out.extend_from_slice(
        format!(" /Prev {} >>\nstartxref\n{xref_at}\n%%EOF\n", xref.offset).as_bytes(),
    );
    Ok(out)
}

fn number(reader: &Reader<'_>, value: Option<&Spanned>) -> Result<u32> {
    value
        .and_then(|v| std::str::from_utf8(reader.text(&v.span)).ok())
        .and_then(|t| t.trim().parse().ok())
        .map_or_else(|| fail("expected a number"), Ok)
}

/// The page objects in order, walking the page tree from `root`.
fn page_objects(reader: &Reader<'_>, xref: &XRef, root: u32) -> Result<Vec<u32>> {
    let mut pages = Vec::new();
    let mut stack = vec![root];
    // typst writes one flat /Pages node; nested trees are walked all the
    // same, with a bound so a cycle cannot loop forever.
    let mut visits = 0usize;
    while let Some(node) = stack.pop() {
        visits += 1;
        if visits > 1_000_000 {
            return fail("page tree too deep");
        }
        let dict = reader.object(xref, node)?;
        match dict.get(b"Type").map(|t| &t.value) {
            Some(Value::Name(name)) if name == b"Pages" => {
                let Some(Value::Array(kids)) = dict.get(b"Kids").map(|k| &k.value) else {
                    return fail("/Pages without /Kids");
                };
                // Reversed onto the stack so pages come out in order.
                for kid in kids.iter().rev() {
                    let Some((number, _)) = kid.as_ref() else {
                        return fail("a page tree kid that is not a reference");
                    };
                    stack.push(number);
                }
            }
            _ => pages.push(node),
        }
    }
    Ok(pages)
}

/// The text of dictionary `dict` with `entry` added before its `>>`.
fn with_entry(reader: &Reader<'_>, dict: &Spanned, entry: &str) -> Vec<u8> {
    let text = reader.text(&dict.span);
    let body = text[..text.len() - 2].trim_ascii_end();
    let mut out = body.to_vec();
    out.extend_from_slice(format!("\n  {entry}\n>>").as_bytes());
    out
}

/// The page dictionary with `widgets` appended to its `/Annots`.
fn with_annots(reader: &Reader<'_>, page: &Spanned, widgets: &[u32]) -> Result<Vec<u8>> {
    let Some(annots) = page.get(b"Annots") else {
        return Ok(with_entry(
            reader,
            page,
            &format!("/Annots {}", refs(widgets)),
        ));
    };
    let Value::Array(_) = annots.value else {
        return fail("a page whose /Annots is not a direct array");
    };
    // Copy the array up to its `]`, then our widgets after typst's links.
    let text = reader.text(&page.span);
    let end = annots.span.end - page.span.start;
    let mut out = text[..end - 1].to_vec();
    for widget in widgets {
        out.extend_from_slice(format!(" {widget} 0 R").as_bytes());
    }
    out.push(b']');
    out.extend_from_slice(&text[end..]);
    Ok(out)
}

fn refs(numbers: &[u32]) -> String {
    let items: Vec<String> = numbers.iter().map(|n| format!("{n} 0 R")).collect();
    format!("[{}]", items.join(" "))
}

/// A length in points, with at most two decimals, as PDF wants numbers.
fn points(value: f64) -> String {
    let text = format!("{value:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_owned()
    } else {
        text.to_owned()
    }
}

fn rect(r: [f64; 4]) -> String {
    let items: Vec<String> = r.iter().map(|&v| points(v)).collect();
    format!("[{}]", items.join(" "))
}

/// A PDF text string: plain ASCII as a literal (`(ky-nguoi-ky)`, what
/// every tool matches field names against), anything else in UTF-16BE with
/// its byte order mark, as hex, safe for any Vietnamese text.
fn text_string(text: &str) -> String {
    let plain = |c: char| c == ' ' || (c.is_ascii_graphic() && !matches!(c, '(' | ')' | '\\'));
    if text.chars().all(plain) {
        return format!("({text})");
    }
    let mut out = String::from("<FEFF");
    for unit in text.encode_utf16() {
        let _ = write!(out, "{unit:04X}");
    }
    out.push('>');
    out
}

/// The field and its widget in one dictionary.
///
/// PDF/A-2 wants every widget printable (`/F 4`, no hidden flags) and with
/// a normal appearance (`/AP` holding only `/N`); no actions, no scripts.
/// The appearance is empty, so nothing shows on screen or paper until a
/// signing tool gives the field its own (the signature or seal image).
fn widget_dict(field: &SignatureField, page: u32, appearance: u32) -> String {
    format!(
        "<< /Type /Annot /Subtype /Widget /FT /Sig /T {} /TU {} /F 4 /P {page} 0 R /Rect {} /AP << /N {appearance} 0 R >> >>",
        text_string(field.name),
        text_string(field.description),
        rect(field.rect),
    )
}

/// A form XObject that draws nothing, the size of the field.
fn empty_appearance(r: [f64; 4]) -> Vec<u8> {
    let bbox = rect([0.0, 0.0, r[2] - r[0], r[3] - r[1]]);
    format!("<< /Type /XObject /Subtype /Form /BBox {bbox} /Resources << >> /Length 0 >>\nstream\n\nendstream").into_bytes()
}

/// One cross-reference section for the objects written, in runs of
/// consecutive numbers; 20-byte entries as the standard fixes them.
fn xref_section(offsets: &BTreeMap<u32, (u16, usize)>) -> String {
    let mut out = String::from("xref\n");
    let entries: Vec<(u32, u16, usize)> = offsets.iter().map(|(&n, &(g, o))| (n, g, o)).collect();
    let mut i = 0;
    while i < entries.len() {
        let mut j = i + 1;
        while j < entries.len() && entries[j].0 == entries[j - 1].0 + 1 {
            j += 1;
        }
        let _ = writeln!(out, "{} {}", entries[i].0, j - i);
        for &(_, generation, offset) in &entries[i..j] {
            let _ = write!(out, "{offset:010} {generation:05} n\r\n");
        }
        i = j;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A two-page PDF written the way typst does (classic table, /ID).
    fn minimal_pdf() -> Vec<u8> {
        let mut pdf = b"%PDF-1.7\n%\x80\x80\x80\x80\n".to_vec();
        let bodies = [
            "<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
            "<< /Type /Page /Parent 1 0 R /MediaBox [0 0 595 842] >>",
            "<< /Type /Page /Parent 1 0 R /MediaBox [0 0 595 842] /Annots [9 0 R] >>",
            "<< /Type /Catalog /Pages 1 0 R >>",
        ];
        let mut offsets = Vec::new();
        for (i, body) in bodies.iter().enumerate() {
            offsets.push(pdf.len());
            pdf.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
        }
        let xref = pdf.len();
        let mut table = String::from("xref\n0 5\n0000000000 65535 f \n");
        for o in offsets {
            table.push_str(&format!("{o:010} 00000 n \n"));
        }
        pdf.extend_from_slice(table.as_bytes());
        pdf.extend_from_slice(
            format!("trailer\n<< /Size 5 /Root 4 0 R /ID [(a) (b)] >>\nstartxref\n{xref}\n%%EOF\n")
                .as_bytes(),
        );
        pdf
    }

    fn field(page: usize) -> SignatureField {
        SignatureField {
            name: "ky-nguoi-ky",
            description: "Chữ ký",
            page,
            rect: [300.0, 100.5, 440.0, 165.25],
        }
    }

    #[test]
    fn appends_an_update_and_keeps_the_original_bytes() {
        let original = minimal_pdf();
        let out = add_signature_fields(&original, &[field(1)]).unwrap();
        assert!(out.starts_with(&original));
        let reader = Reader::new(&out);
        let xref = reader.xref().unwrap();
        let first_xref = Reader::new(&original).xref().unwrap().offset.to_string();
        let prev = xref.trailer.get(b"Prev").unwrap();
        assert_eq!(reader.text(&prev.span), first_xref.as_bytes());
        let catalog = reader.object(&xref, 4).unwrap();
        let acroform = catalog.get(b"AcroForm").unwrap();
        assert_eq!(
            reader.text(&acroform.get(b"Fields").unwrap().span),
            b"[5 0 R]"
        );
        let page = reader.object(&xref, 3).unwrap();
        assert_eq!(
            reader.text(&page.get(b"Annots").unwrap().span),
            b"[9 0 R 5 0 R]"
        );
        let widget = reader.object(&xref, 5).unwrap();
        assert_eq!(
            reader.text(&widget.get(b"Rect").unwrap().span),
            b"[300 100.5 440 165.25]"
        );
        assert_eq!(reader.text(&widget.get(b"P").unwrap().span), b"3 0 R");
        assert_eq!(reader.text(&widget.get(b"F").unwrap().span), b"4");
        assert_eq!(
            xref.trailer.get(b"Size").map(|s| reader.text(&s.span)),
            Some(&b"7"[..])
        );
        assert_eq!(
            xref.trailer.get(b"ID").map(|s| reader.text(&s.span)),
            Some(&b"[(a) (b)]"[..])
        );
        assert!(out.ends_with(b"%%EOF\n"));
    }

    #[test]
    fn a_page_without_annotations_gets_an_annots_array() {
        let out = add_signature_fields(&minimal_pdf(), &[field(0)]).unwrap();
        let reader = Reader::new(&out);
        let xref = reader.xref().unwrap();
        let page = reader.object(&xref, 2).unwrap();
        assert_eq!(reader.text(&page.get(b"Annots").unwrap().span), b"[5 0 R]");
        assert_eq!(
            reader.text(&page.get(b"MediaBox").unwrap().span),
            b"[0 0 595 842]"
        );
    }

    #[test]
    fn cross_reference_entries_are_twenty_bytes_in_runs() {
        let offsets = BTreeMap::from([(3, (0, 17)), (5, (0, 1234)), (6, (0, 99))]);
        let section = xref_section(&offsets);
        assert_eq!(
            section,
            "xref\n3 1\n0000000017 00000 n\r\n5 2\n0000001234 00000 n\r\n0000000099 00000 n\r\n"
        );
    }

    #[test]
    fn refuses_a_page_that_does_not_exist_and_a_second_update() {
        assert!(add_signature_fields(&minimal_pdf(), &[field(2)]).is_err());
        let once = add_signature_fields(&minimal_pdf(), &[field(0)]).unwrap();
        assert!(add_signature_fields(&once, &[field(1)]).is_err());
    }

    #[test]
    fn text_strings_are_utf16_hex() {
        assert_eq!(text_string("Ký"), "<FEFF004B00FD>");
        assert_eq!(text_string("ky-co-quan"), "(ky-co-quan)");
        assert_eq!(text_string("a(b"), "<FEFF006100280062>");
        assert_eq!(points(12.0), "12");
        assert_eq!(points(-0.001), "0");
        assert_eq!(points(1.5), "1.5");
    }
}
