//! Finishing the package: docx-rs's parts, as it would pack them, made
//! into an archive that is byte-for-byte the same for the same tree, with
//! the parts docx-rs cannot express. docx-rs's own archive is never made:
//! its parts are taken as built, and each is compressed once, here.
//!
//! - `word/document.xml`: header-row marks become `<w:tblHeader />`
//!   (`repeat_header`).
//! - `word/styles.xml`: the document language, Vietnamese (`w:lang`).
//! - `docProps/core.xml`: title, author and dates from the tree's `Meta`
//!   (docx-rs has no setter for title or author).
//! - Every WordprocessingML part: each element's children in schema order,
//!   without what the schema does not allow (`reorder`), so Word and
//!   Microsoft's validator accept the file.
//! - The parts: theme and web settings added, parts nothing refers to
//!   dropped (`opc`).
//! - Every entry: the plan's own date as its time stamp, fixed permissions,
//!   deflate, docx-rs's order with `[Content_Types].xml` first, and no
//!   directory entries. zip stamps entries with the clock when its `time`
//!   feature is on, which any crate in the build may turn on.

use std::io::{Cursor, Write};

use docx_rs::XMLDocx;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, System, ZipWriter};

use super::run::is_xml_char;
use super::{DocxError, opc, reorder, repeat_header};
use crate::doc::Meta;

const DOCUMENT: &str = "word/document.xml";
const STYLES: &str = "word/styles.xml";
const CORE: &str = "docProps/core.xml";
const CONTENT_TYPES: &str = "[Content_Types].xml";

/// Where the language goes: the end of the default run properties.
const DEFAULT_RUN_PROPERTIES_END: &str = "</w:rPr></w:rPrDefault>";
const LANGUAGE: &str = r#"<w:lang w:val="vi-VN" />"#;

/// The parts of `xml` (name, bytes), in the order docx-rs packs them.
fn parts(xml: XMLDocx) -> Vec<(String, Vec<u8>)> {
    let mut parts: Vec<(String, Vec<u8>)> = vec![
        (CONTENT_TYPES.into(), xml.content_type),
        ("_rels/.rels".into(), xml.rels),
        ("docProps/app.xml".into(), xml.doc_props.app),
        (CORE.into(), xml.doc_props.core),
        ("docProps/custom.xml".into(), xml.doc_props.custom),
        ("word/_rels/document.xml.rels".into(), xml.document_rels),
        (DOCUMENT.into(), xml.document),
        (STYLES.into(), xml.styles),
        ("word/settings.xml".into(), xml.settings),
        ("word/fontTable.xml".into(), xml.font_table),
        ("word/comments.xml".into(), xml.comments),
        ("word/numbering.xml".into(), xml.numberings),
        ("word/commentsExtended.xml".into(), xml.comments_extended),
        ("word/footnotes.xml".into(), xml.footnotes),
    ];
    let mut header_rels = xml.header_rels.into_iter();
    for (i, header) in xml.headers.into_iter().enumerate() {
        parts.push((format!("word/header{}.xml", i + 1), header));
        if let Some(rels) = header_rels.next() {
            parts.push((format!("word/_rels/header{}.xml.rels", i + 1), rels));
        }
    }
    let mut footer_rels = xml.footer_rels.into_iter();
    for (i, footer) in xml.footers.into_iter().enumerate() {
        parts.push((format!("word/footer{}.xml", i + 1), footer));
        if let Some(rels) = footer_rels.next() {
            parts.push((format!("word/_rels/footer{}.xml.rels", i + 1), rels));
        }
    }
    for (id, png) in xml.media {
        parts.push((format!("word/media/{id}.png"), png));
    }
    if let Some(taskpanes) = xml.taskpanes {
        parts.push(("word/webextensions/taskpanes.xml".into(), taskpanes));
        parts.push((
            "word/webextensions/_rels/taskpanes.xml.rels".into(),
            xml.taskpanes_rels,
        ));
        for (i, extension) in xml.web_extensions.into_iter().enumerate() {
            let name = format!("word/webextensions/webextension{}.xml", i + 1);
            parts.push((name, extension));
        }
    }
    let items = xml
        .custom_items
        .into_iter()
        .zip(xml.custom_item_rels)
        .zip(xml.custom_item_props);
    for (i, ((item, rels), props)) in items.enumerate() {
        let n = i + 1;
        parts.push((format!("customXml/_rels/item{n}.xml.rels"), rels));
        parts.push((format!("customXml/item{n}.xml"), item));
        parts.push((format!("customXml/itemProps{n}.xml"), props));
    }
    parts
}

/// The finished DOCX made from docx-rs's parts `xml`, which hold
/// `header_rows` marked header rows.
pub(super) fn finish(xml: XMLDocx, meta: &Meta, header_rows: usize) -> Result<Vec<u8>, DocxError> {
    let mut entries = parts(xml);

    let mut seen = (false, false, false);
    for (name, bytes) in &mut entries {
        match name.as_str() {
            DOCUMENT => {
                *bytes = repeat_header::apply(utf8(name, bytes)?, header_rows)?.into_bytes();
                seen.0 = true;
            }
            STYLES => {
                *bytes = with_language(utf8(name, bytes)?)?.into_bytes();
                seen.1 = true;
            }
            CORE => {
                *bytes = core_properties(meta).into_bytes();
                seen.2 = true;
            }
            _ => {}
        }
    }
    for (part, present) in [(DOCUMENT, seen.0), (STYLES, seen.1), (CORE, seen.2)] {
        if !present {
            return Err(DocxError::Part {
                part: part.to_owned(),
                problem: "không có trong gói",
            });
        }
    }
    for (name, bytes) in &mut entries {
        if is_wordprocessing_part(name) {
            *bytes = reorder::apply(name, utf8(name, bytes)?)?.into_bytes();
        }
    }
    opc::complete(&mut entries)?;

    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(timestamp(meta.date))
        // Left to itself, zip records the system it runs on (MS-DOS on
        // Windows): the same bytes on every system need it fixed.
        .system(System::Unix)
        .unix_permissions(0o644);
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in &entries {
        writer.start_file(name, options)?;
        writer.write_all(bytes)?;
    }
    Ok(writer.finish()?.into_inner())
}

/// Whether the part `name` is WordprocessingML that docx-rs wrote: the XML
/// parts in `word/` itself (document, styles, settings, headers, fonts …).
fn is_wordprocessing_part(name: &str) -> bool {
    name.strip_prefix("word/")
        .is_some_and(|file| !file.contains('/') && file.ends_with(".xml"))
}

/// `bytes` as text, or an error naming the part.
fn utf8<'a>(name: &str, bytes: &'a [u8]) -> Result<&'a str, DocxError> {
    std::str::from_utf8(bytes).map_err(|_| DocxError::Part {
        part: name.to_owned(),
        problem: "không phải văn bản UTF-8",
    })
}

/// `styles_xml` with Vietnamese as the language of the default run properties.
fn with_language(styles_xml: &str) -> Result<String, DocxError> {
    match styles_xml.matches(DEFAULT_RUN_PROPERTIES_END).count() {
        1 => Ok(styles_xml.replacen(
            DEFAULT_RUN_PROPERTIES_END,
            &format!("{LANGUAGE}{DEFAULT_RUN_PROPERTIES_END}"),
            1,
        )),
        _ => Err(DocxError::Part {
            part: STYLES.to_owned(),
            problem: "không có thuộc tính chữ mặc định",
        }),
    }
}

/// The zip time stamp: the plan's own date at midnight, or zip's earliest
/// date when the plan's date is outside what zip can store.
fn timestamp((year, month, day): (i32, u8, u8)) -> DateTime {
    u16::try_from(year)
        .ok()
        .and_then(|year| DateTime::from_date_and_time(year, month, day, 0, 0, 0).ok())
        .unwrap_or_default()
}

/// The date in W3CDTF, as core properties want it; a date no calendar has
/// (which `compose` never makes) becomes 1980-01-01 like the zip stamps.
fn w3cdtf((year, month, day): (i32, u8, u8)) -> String {
    let valid = (1..=9999).contains(&year) && (1..=12).contains(&month) && (1..=31).contains(&day);
    let (year, month, day) = if valid {
        (year, month, day)
    } else {
        (1980, 1, 1)
    };
    format!("{year:04}-{month:02}-{day:02}T00:00:00Z")
}

/// `docProps/core.xml` for `meta`.
fn core_properties(meta: &Meta) -> String {
    let title = escape(&meta.title);
    let author = escape(&meta.author);
    let date = w3cdtf(meta.date);
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<cp:coreProperties"#,
            r#" xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties""#,
            r#" xmlns:dc="http://purl.org/dc/elements/1.1/""#,
            r#" xmlns:dcterms="http://purl.org/dc/terms/""#,
            r#" xmlns:dcmitype="http://purl.org/dc/dcmitype/""#,
            r#" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
            "<dc:title>{title}</dc:title>",
            "<dc:creator>{author}</dc:creator>",
            "<cp:lastModifiedBy>{author}</cp:lastModifiedBy>",
            "<dc:language>vi-VN</dc:language>",
            "<cp:revision>1</cp:revision>",
            r#"<dcterms:created xsi:type="dcterms:W3CDTF">{date}</dcterms:created>"#,
            r#"<dcterms:modified xsi:type="dcterms:W3CDTF">{date}</dcterms:modified>"#,
            "</cp:coreProperties>"
        ),
        title = title,
        author = author,
        date = date,
    )
}

/// `text` as XML character data: markup characters escaped once, white
/// space folded to spaces, characters XML 1.0 forbids dropped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' => out.push(' '),
            c if is_xml_char(c) => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta() -> Meta {
        Meta {
            title: "Kế hoạch <A & B> \"C\"\u{1}".into(),
            author: "UBND xã Quảng Ngọc".into(),
            date: (2026, 1, 24),
        }
    }

    #[test]
    fn core_properties_carry_title_author_and_the_plans_date() {
        let xml = core_properties(&meta());
        assert!(
            xml.contains("<dc:title>Kế hoạch &lt;A &amp; B&gt; &quot;C&quot;</dc:title>"),
            "{xml}"
        );
        assert!(xml.contains("<dc:creator>UBND xã Quảng Ngọc</dc:creator>"));
        assert_eq!(xml.matches("2026-01-24T00:00:00Z").count(), 2);
    }

    #[test]
    fn language_goes_into_the_default_run_properties_once() {
        let styles = "<w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val=\"28\" /></w:rPr></w:rPrDefault></w:docDefaults>";
        let done = with_language(styles).unwrap();
        assert!(done.contains(r#"<w:sz w:val="28" /><w:lang w:val="vi-VN" /></w:rPr>"#));
        assert!(with_language("<w:rPrDefault><w:rPr /></w:rPrDefault>").is_err());
    }

    #[test]
    fn timestamps_come_from_the_plan_and_fall_back_to_1980() {
        let stamp = timestamp((2026, 1, 24));
        assert_eq!((stamp.year(), stamp.month(), stamp.day()), (2026, 1, 24));
        assert_eq!(timestamp((1900, 1, 1)), DateTime::default());
        assert_eq!(timestamp((2026, 13, 1)), DateTime::default());
        assert_eq!(w3cdtf((2026, 1, 5)), "2026-01-05T00:00:00Z");
        assert_eq!(w3cdtf((0, 0, 0)), "1980-01-01T00:00:00Z");
    }
}
