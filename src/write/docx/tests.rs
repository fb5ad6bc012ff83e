//! Whole-document tests: a small plan through `write_docx`, read back from
//! the archive.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use super::write_docx;
use crate::doc::*;

/// A small plan: header, body with a heading and a list, signature, then a
/// landscape appendix with a two-level header table.
fn plan() -> Document {
    let header_row = |cells| Row {
        cells,
        group: false,
    };
    let body_rows = (1..=3)
        .map(|i| Row {
            cells: vec![
                Cell::text(i.to_string()).centered(),
                Cell::text(format!("Chỉ tiêu {i}")),
                Cell::text("VHXH"),
                Cell::text("Công an"),
            ],
            group: false,
        })
        .collect();
    Document {
        meta: Meta {
            title: "Thực hiện các chỉ tiêu năm 2026".into(),
            author: "UBND xã Quảng Ngọc".into(),
            date: (2026, 1, 24),
        },
        parts: vec![
            Part {
                orientation: Orientation::Portrait,
                blocks: vec![
                    Block::DraftMark("DỰ THẢO".into()),
                    Block::Header(HeaderBlock {
                        parent_body: None,
                        issuer: vec!["ỦY BAN NHÂN DÂN".into(), "XÃ QUẢNG NGỌC".into()],
                        number_line: "Số: 28/KH-UBND".into(),
                        national_title: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".into(),
                        motto: "Độc lập - Tự do - Hạnh phúc".into(),
                        place_date: "Quảng Ngọc, ngày 24 tháng 01 năm 2026".into(),
                    }),
                    Block::Title {
                        kind: "KẾ HOẠCH".into(),
                        excerpt: "Thực hiện các chỉ tiêu năm 2026".into(),
                    },
                    Block::Paragraph {
                        style: ParagraphStyle::Body,
                        content: vec![Inline::plain(
                            "Căn cứ A & B <C> ]]> \"D\" 'E'\u{1}\u{8}\u{1b} F;",
                        )],
                    },
                    Block::Heading {
                        level: HeadingLevel::Part,
                        number: "I.".into(),
                        text: vec![Inline::plain("MỤC ĐÍCH YÊU CẦU")],
                    },
                    Block::List(List {
                        items: vec![ListItem {
                            marker: "-".into(),
                            content: vec![Inline::plain("Một")],
                            children: None,
                        }],
                    }),
                    Block::Signature(SignatureBlock {
                        recipients_label: "Nơi nhận:".into(),
                        recipients: vec![
                            Recipients::Line("- Như trên;".into()),
                            Recipients::Line("- Lưu: VT, VHXH.".into()),
                        ],
                        authority: vec!["TM. ỦY BAN NHÂN DÂN".into(), "CHỦ TỊCH".into()],
                        name: "Nguyễn Văn A".into(),
                    }),
                ],
            },
            Part {
                orientation: Orientation::Landscape,
                blocks: vec![
                    Block::AppendixHeading(AppendixHeading {
                        label: "PHỤ LỤC I".into(),
                        caption: None,
                        title: "Các chỉ tiêu".into(),
                        reference: "(Kèm theo Kế hoạch số 28/KH-UBND ngày 24/01/2026)".into(),
                    }),
                    Block::Table(Table {
                        widths: vec![1, 5, 2, 2],
                        header: vec![
                            header_row(vec![
                                Cell::text("STT").spanning_rows(2),
                                Cell::text("Chỉ tiêu").spanning_rows(2),
                                Cell::text("Đơn vị").spanning(2),
                            ]),
                            header_row(vec![Cell::text("Chủ trì"), Cell::text("Phối hợp")]),
                        ],
                        body: body_rows,
                    }),
                ],
            },
        ],
    }
}

/// The archive's entries in order, as (name, text).
fn entries(bytes: &[u8]) -> Vec<(String, String)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut text = String::new();
            file.read_to_string(&mut text).unwrap();
            (file.name().to_owned(), text)
        })
        .collect()
}

fn parts(bytes: &[u8]) -> BTreeMap<String, String> {
    entries(bytes).into_iter().collect()
}

fn document_xml(doc: &Document) -> String {
    parts(&write_docx(doc).unwrap())["word/document.xml"].clone()
}

/// Checks that `xml` is well-formed enough for any reader: tags balance,
/// `<` and `&` appear only as markup, and no character XML 1.0 forbids.
fn assert_well_formed(name: &str, xml: &str) {
    assert!(
        !xml.chars()
            .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r')),
        "{name}: control character"
    );
    let mut stack: Vec<&str> = Vec::new();
    let mut rest = xml;
    while let Some(open) = rest.find('<') {
        let text = &rest[..open];
        for (at, _) in text.match_indices('&') {
            let entity = &text[at..];
            assert!(
                ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&#"]
                    .iter()
                    .any(|e| entity.starts_with(e)),
                "{name}: bare & in {text:?}"
            );
        }
        let close = rest[open..].find('>').expect("unclosed tag") + open;
        let tag = &rest[open + 1..close];
        assert!(!tag.contains('<'), "{name}: '<' inside tag {tag:?}");
        if tag.starts_with('?') || tag.starts_with('!') {
        } else if let Some(end) = tag.strip_prefix('/') {
            assert_eq!(stack.pop(), Some(end.trim()), "{name}: mismatched </{end}>");
        } else if !tag.ends_with('/') {
            stack.push(tag.split_whitespace().next().unwrap());
        }
        rest = &rest[close + 1..];
    }
    assert!(stack.is_empty(), "{name}: unclosed {stack:?}");
}

#[test]
fn same_tree_gives_the_same_bytes() {
    let doc = plan();
    let first = write_docx(&doc).unwrap();
    // docx-rs's thread-local paragraph counter moves on between documents;
    // the bytes must not.
    let _ = docx_rs::Paragraph::new();
    let second = write_docx(&doc).unwrap();
    let elsewhere = std::thread::spawn(move || write_docx(&doc).unwrap())
        .join()
        .unwrap();
    assert!(first == second, "two writes differ");
    assert!(first == elsewhere, "a write on another thread differs");
}

#[test]
fn archive_is_stamped_with_the_plans_date_and_starts_with_content_types() {
    let bytes = write_docx(&plan()).unwrap();
    let mut archive = zip::ZipArchive::new(Cursor::new(&bytes[..])).unwrap();
    for i in 0..archive.len() {
        let file = archive.by_index(i).unwrap();
        assert!(!file.is_dir(), "{}", file.name());
        if i == 0 {
            assert_eq!(file.name(), "[Content_Types].xml");
        }
        let stamp = file.last_modified().unwrap();
        assert_eq!(
            (stamp.year(), stamp.month(), stamp.day(), stamp.hour()),
            (2026, 1, 24, 0),
            "{}",
            file.name()
        );
    }
}

#[test]
fn core_properties_come_from_meta() {
    let parts = parts(&write_docx(&plan()).unwrap());
    let core = &parts["docProps/core.xml"];
    assert!(core.contains("<dc:title>Thực hiện các chỉ tiêu năm 2026</dc:title>"));
    assert!(core.contains("<dc:creator>UBND xã Quảng Ngọc</dc:creator>"));
    assert_eq!(core.matches("2026-01-24T00:00:00Z").count(), 2, "{core}");
    assert!(!core.contains("1970"), "{core}");
}

#[test]
fn every_part_is_well_formed_xml() {
    for (name, text) in entries(&write_docx(&plan()).unwrap()) {
        if name.ends_with(".xml") || name.ends_with(".rels") {
            assert_well_formed(&name, &text);
        }
    }
}

#[test]
fn user_text_is_escaped_once_and_control_characters_dropped() {
    let xml = document_xml(&plan());
    assert!(
        xml.contains("Căn cứ A &amp; B &lt;C&gt; ]]&gt; &quot;D&quot; &apos;E&apos; F;"),
        "escaped text not found"
    );
    assert!(!xml.contains("&amp;amp;"));
}

#[test]
fn sections_have_their_orientation_margins_and_page_numbers() {
    let xml = document_xml(&plan());
    let sections: Vec<&str> = xml
        .split("<w:sectPr>")
        .skip(1)
        .map(|s| s.split("</w:sectPr>").next().unwrap())
        .collect();
    assert_eq!(sections.len(), 2);
    assert!(sections[0].contains(r#"<w:pgSz w:w="11906" w:h="16838" w:orient="portrait" />"#));
    assert!(sections[1].contains(r#"<w:pgSz w:w="16838" w:h="11906" w:orient="landscape" />"#));
    for section in &sections {
        assert!(
            section
                .contains(r#"<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701""#),
            "{section}"
        );
        assert!(section.contains(r#"<w:headerReference w:type="default""#));
    }
    // The page number is hidden on the document's first page and on the
    // appendix's, whose pages are numbered on their own from 1 (ND30).
    assert!(sections[0].contains("<w:titlePg />"));
    assert!(!sections[0].contains("<w:pgNumType"));
    assert!(sections[1].contains("<w:titlePg />"));
    assert!(
        sections[1].contains(r#"<w:pgNumType w:start="1""#),
        "{}",
        sections[1]
    );
    // The first part's section break comes before the appendix, and the
    // document's body ends with a paragraph, not the appendix table.
    let appendix = xml.find("PHỤ LỤC I").unwrap();
    assert!(xml.find("<w:sectPr>").unwrap() < appendix);
    let body_end = xml.rfind("<w:sectPr>").unwrap();
    assert!(xml[..body_end].ends_with("</w:p>"));
}

#[test]
fn tbl_header_marks_exactly_the_flagged_rows_of_each_table() {
    let xml = document_xml(&plan());
    let tables: Vec<&str> = xml.split("<w:tbl>").skip(1).collect();
    // Header block, signature, appendix table.
    assert_eq!(tables.len(), 3);
    let flagged: Vec<Vec<bool>> = tables
        .iter()
        .map(|t| {
            t.split("</w:tbl>")
                .next()
                .unwrap()
                .split("<w:tr>")
                .skip(1)
                .map(|row| row.contains("<w:tblHeader />"))
                .collect()
        })
        .collect();
    assert_eq!(flagged[0], [false, false]);
    assert_eq!(flagged[1], [false]);
    assert_eq!(flagged[2], [true, true, false, false, false]);
    assert!(!xml.contains(".5\" w:hRule"), "a mark was left behind");
}

#[test]
fn every_run_names_times_new_roman() {
    let parts = parts(&write_docx(&plan()).unwrap());
    let font = r#"<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman" w:eastAsia="Times New Roman" />"#;
    for (name, xml) in parts
        .iter()
        .filter(|(name, _)| name.starts_with("word/header") || *name == "word/document.xml")
    {
        let runs: Vec<&str> = xml.split("<w:r>").skip(1).collect();
        assert!(!runs.is_empty(), "{name}");
        for run in runs {
            let properties = run.split("</w:rPr>").next().unwrap();
            assert!(properties.contains(font), "{name}: {run}");
        }
    }
    let styles = &parts["word/styles.xml"];
    assert!(styles.contains(font));
    assert!(styles.contains(r#"<w:lang w:val="vi-VN" />"#));
}

#[test]
fn headings_and_lists_use_the_named_styles() {
    let xml = document_xml(&plan());
    assert!(xml.contains(r#"<w:pStyle w:val="Muc1" />"#));
    let list_item = xml.split(">- </w:t>").next().unwrap();
    assert!(list_item.rfind(r#"<w:pStyle w:val="NoiDung" />"#).is_some());
}

#[test]
fn an_empty_document_is_still_a_document() {
    let doc = Document {
        meta: plan().meta,
        parts: Vec::new(),
    };
    let parts = parts(&write_docx(&doc).unwrap());
    let xml = &parts["word/document.xml"];
    assert_well_formed("word/document.xml", xml);
    assert!(xml.contains("<w:titlePg />"));
    assert!(xml.contains("<w:p "));
}

#[test]
fn two_tables_in_a_row_are_kept_apart() {
    let table = Table {
        widths: vec![1],
        header: vec![],
        body: vec![Row {
            cells: vec![Cell::text("x")],
            group: false,
        }],
    };
    let doc = Document {
        meta: plan().meta,
        parts: vec![Part {
            orientation: Orientation::Portrait,
            blocks: vec![Block::Table(table.clone()), Block::Table(table)],
        }],
    };
    let xml = document_xml(&doc);
    assert!(!xml.contains("</w:tbl><w:tbl>"));
    assert!(xml.contains("</w:tbl><w:p "));
}

#[test]
fn the_closing_paragraph_stays_with_the_signature() {
    let mut doc = plan();
    doc.parts[0].blocks.insert(
        6,
        Block::Closing(vec![Inline::plain("… nghiêm túc triển khai thực hiện./.")]),
    );
    let xml = document_xml(&doc);
    let closing = xml.find("thực hiện./.").unwrap();
    let paragraph_start = xml[..closing].rfind("<w:p ").unwrap();
    assert!(xml[paragraph_start..closing].contains("<w:keepNext />"));
}

#[test]
fn odd_trees_still_give_valid_documents() {
    let odd_cell = Cell {
        lines: Vec::new(),
        colspan: 0,
        rowspan: 0,
        align: Align::Right,
        bold: true,
    };
    let doc = Document {
        meta: Meta {
            title: String::new(),
            author: "\u{0}".into(),
            date: (0, 0, 0),
        },
        parts: vec![Part {
            orientation: Orientation::Landscape,
            blocks: vec![
                Block::Header(HeaderBlock {
                    parent_body: Some(String::new()),
                    issuer: Vec::new(),
                    number_line: String::new(),
                    national_title: String::new(),
                    motto: "Độc lập ".repeat(10_000),
                    place_date: String::new(),
                }),
                Block::Title {
                    kind: String::new(),
                    excerpt: String::new(),
                },
                Block::Heading {
                    level: HeadingLevel::SubItem,
                    number: String::new(),
                    text: Vec::new(),
                },
                Block::List(List { items: Vec::new() }),
                Block::Table(Table {
                    widths: Vec::new(),
                    header: Vec::new(),
                    body: Vec::new(),
                }),
                Block::Table(Table {
                    widths: vec![0, 0],
                    header: vec![Row {
                        cells: vec![odd_cell.clone()],
                        group: false,
                    }],
                    body: vec![Row {
                        cells: vec![odd_cell.clone().spanning_rows(9), odd_cell],
                        group: true,
                    }],
                }),
                Block::Signature(SignatureBlock {
                    recipients_label: "Nơi nhận:".into(),
                    recipients: Vec::new(),
                    authority: Vec::new(),
                    name: String::new(),
                }),
            ],
        }],
    };
    for (name, text) in entries(&write_docx(&doc).unwrap()) {
        if name.ends_with(".xml") || name.ends_with(".rels") {
            assert_well_formed(&name, &text);
        }
    }
}

#[test]
fn the_package_holds_the_parts_word_writes_and_nothing_unreferenced() {
    let bytes = write_docx(&plan()).unwrap();
    let parts = parts(&bytes);
    for name in ["word/theme/theme1.xml", "word/webSettings.xml"] {
        assert!(parts.contains_key(name), "{name} missing");
    }
    for name in [
        "word/comments.xml",
        "word/footnotes.xml",
        "word/numbering.xml",
    ] {
        assert!(
            !parts.contains_key(name),
            "{name} is packed but nothing refers to it"
        );
    }
    // Every part but the content types and relationships has a content
    // type of its own and a relationship pointing at it.
    let types = &parts["[Content_Types].xml"];
    let relationships: String = parts
        .iter()
        .filter(|(name, _)| name.ends_with(".rels"))
        .map(|(_, text)| text.as_str())
        .collect();
    for name in parts.keys() {
        if name.ends_with(".rels") || name == "[Content_Types].xml" {
            continue;
        }
        assert!(
            types.contains(&format!("PartName=\"/{name}\"")),
            "{name}: no content type"
        );
        let file = name.rsplit('/').next().unwrap();
        assert!(
            relationships.contains(&format!("{file}\" />")),
            "{name}: nothing refers to it"
        );
    }
    assert!(types.contains("/word/theme/theme1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.theme+xml\""));
}

#[test]
fn children_come_in_schema_order() {
    let parts = parts(&write_docx(&plan()).unwrap());
    let document = &parts["word/document.xml"];
    // Paragraph properties end with the run properties (or the section).
    for properties in document.split("<w:pPr>").skip(1) {
        let properties = properties.split("</w:pPr>").next().unwrap();
        if let Some(at) = properties.find("<w:rPr>") {
            let after = &properties[at..];
            let after = &after[after.find("</w:rPr>").unwrap() + "</w:rPr>".len()..];
            assert!(
                after.is_empty() || after.starts_with("<w:sectPr>"),
                "{properties}"
            );
        }
    }
    // Sections start with their header references.
    for section in document.split("<w:sectPr>").skip(1) {
        assert!(section.starts_with("<w:headerReference "), "{section}");
    }
    // Bold before the size in every run's properties; no gridCol type.
    for properties in document.split("<w:rPr>").skip(1) {
        let properties = properties.split("</w:rPr>").next().unwrap();
        if let (Some(bold), Some(size)) = (properties.find("<w:b />"), properties.find("<w:sz ")) {
            assert!(bold < size, "{properties}");
        }
    }
    let grid_columns: Vec<&str> = document
        .split("<w:gridCol ")
        .skip(1)
        .map(|column| column.split("/>").next().unwrap())
        .collect();
    assert!(!grid_columns.is_empty());
    assert!(
        grid_columns.iter().all(|column| !column.contains("w:type")),
        "{grid_columns:?}"
    );
    let settings = &parts["word/settings.xml"];
    assert!(settings.find("<w:zoom").unwrap() < settings.find("<w:defaultTabStop").unwrap());
    let styles = &parts["word/styles.xml"];
    assert!(styles.find("<w:docDefaults>").unwrap() < styles.find("<w:style ").unwrap());
    assert!(!styles.contains("<w:rPr /></w:pPr>") && !styles.contains("<w:pPr><w:rPr />"));
}
