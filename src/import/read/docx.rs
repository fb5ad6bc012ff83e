//! Reading a Word document (`.docx`): a zip package whose
//! `word/document.xml` holds the body. Paragraphs become runs (bold and
//! italic from the run and its paragraph style), tables keep their header
//! rows (`w:tblHeader`) and merged cells (`w:gridSpan`, `w:vMerge`), and
//! Word's automatic numbering is written out as the text it shows
//! ("I.", "1.", "a)", "-"), so typed and automatic numbers read alike.
//!
//! The package is opened with bounds, since a file from outside may be a
//! zip bomb: at most `LIMITS.import_parts` entries, and each part read is cut at
//! its limit while it is being decompressed, so a part that claims to be
//! small and is not costs no more than its limit. The XML is parsed
//! without DTDs (no entity expansion) and with a node limit.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use roxmltree::Node;

use crate::import::ImportError;
use crate::import::blocks::{Block, Cell, Format, Origin, Paragraph, Row, Run, Source, Table};

use crate::limits::LIMITS;

type Archive<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

pub fn read(bytes: &[u8], file_name: &str) -> Result<Source, ImportError> {
    let corrupt = |detail: String| {
        ImportError::new(
            format!("`{file_name}` là tệp nén hỏng, không mở được ({detail})"),
            "mở tệp bằng Word; nếu Word mở được, lưu lại thành .docx (Tệp → Lưu thành) rồi nhập lại".to_owned(),
        )
    };
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| corrupt(e.to_string()))?;
    if archive.len() > LIMITS.import_parts {
        return Err(bomb(
            file_name,
            &format!("{} tệp con trong gói", archive.len()),
        ));
    }
    let names: Vec<String> = archive.file_names().map(str::to_owned).collect();
    let main =
        main_part(&mut archive, file_name)?.unwrap_or_else(|| "word/document.xml".to_owned());
    if !names.contains(&main) {
        return Err(not_word(&names, file_name));
    }
    let document = part(&mut archive, &main, LIMITS.import_document_bytes, file_name)?
        .ok_or_else(|| corrupt("thiếu word/document.xml".into()))?;
    let numbering = part(
        &mut archive,
        "word/numbering.xml",
        LIMITS.import_part_bytes,
        file_name,
    )?;
    let styles = part(
        &mut archive,
        "word/styles.xml",
        LIMITS.import_part_bytes,
        file_name,
    )?;

    let numbering = match &numbering {
        Some(text) => Numbering::parse(&xml(text, "word/numbering.xml", file_name)?),
        None => Numbering::default(),
    };
    let styles = match &styles {
        Some(text) => Styles::parse(&xml(text, "word/styles.xml", file_name)?),
        None => Styles::default(),
    };
    let doc = xml(&document, "word/document.xml", file_name)?;
    let body = doc
        .root_element()
        .children()
        .find(|n| is(n, "body"))
        .ok_or_else(|| corrupt("word/document.xml không có phần thân".into()))?;
    let mut walker = Walker {
        numbering,
        styles,
        counters: HashMap::new(),
        blocks: Vec::new(),
        count: 0,
    };
    walker.body(body);
    Ok(Source {
        blocks: walker.blocks,
        format: Format::Docx,
    })
}

/// Parses a part: no DTD (no entities to expand), a bounded node count.
fn xml<'a>(
    text: &'a str,
    what: &str,
    file_name: &str,
) -> Result<roxmltree::Document<'a>, ImportError> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        nodes_limit: LIMITS.import_xml_nodes,
        ..Default::default()
    };
    roxmltree::Document::parse_with_options(text, options).map_err(|e| {
        if matches!(e, roxmltree::Error::NodesLimitReached) {
            bomb(file_name, &format!("{what} có hơn {} nút XML", LIMITS.import_xml_nodes))
        } else {
            ImportError::new(
                format!("`{file_name}` là tệp nén hỏng, không mở được ({what}: {e})"),
                "mở tệp bằng Word; nếu Word mở được, lưu lại thành .docx (Tệp → Lưu thành) rồi nhập lại",
            )
        }
    })
}

fn bomb(file_name: &str, what: &str) -> ImportError {
    ImportError::new(
        format!(
            "`{file_name}` không giống một văn bản Word: {what} (có thể là tệp nén độc hại); đã dừng đọc"
        ),
        "nhập bản .docx lưu thẳng từ Word hoặc LibreOffice".to_owned(),
    )
}

/// What a zip that is not a Word document is, for the message.
fn not_word(names: &[String], file_name: &str) -> ImportError {
    let has = |prefix: &str| names.iter().any(|n| n.starts_with(prefix));
    let (what, help) = if has("content.xml") || has("mimetype") {
        (
            "là tệp OpenDocument (.odt), không phải .docx",
            "mở bằng LibreOffice Writer, chọn Tệp → Lưu thành, kiểu \"Word 2007-365 (.docx)\", rồi nhập tệp .docx đó",
        )
    } else if has("xl/") {
        (
            "là bảng tính Excel, không phải văn bản Word",
            "nhập bản kế hoạch bằng Word (.docx)",
        )
    } else if has("ppt/") {
        (
            "là bản trình chiếu PowerPoint, không phải văn bản Word",
            "nhập bản kế hoạch bằng Word (.docx)",
        )
    } else {
        (
            "là tệp nén ZIP nhưng không có văn bản Word bên trong",
            "giải nén ra rồi nhập tệp .docx của kế hoạch",
        )
    };
    ImportError::new(format!("`{file_name}` {what}"), help.to_owned())
}

/// The main part named by the package relationships (`_rels/.rels`).
fn main_part(archive: &mut Archive<'_>, file_name: &str) -> Result<Option<String>, ImportError> {
    let Some(rels) = part(archive, "_rels/.rels", LIMITS.import_part_bytes, file_name)? else {
        return Ok(None);
    };
    let Ok(doc) = roxmltree::Document::parse(&rels) else {
        return Ok(None);
    };
    Ok(doc
        .descendants()
        .filter(|n| is(n, "Relationship"))
        .find(|n| {
            n.attribute("Type")
                .is_some_and(|t| t.ends_with("/officeDocument"))
        })
        .and_then(|n| n.attribute("Target"))
        .map(|t| t.trim_start_matches('/').to_owned()))
}

/// One part of the package as text, read at most `limit` bytes deep.
fn part(
    archive: &mut Archive<'_>,
    name: &str,
    limit: u64,
    file_name: &str,
) -> Result<Option<String>, ImportError> {
    let mut file = match archive.by_name(name) {
        Ok(file) => file,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(zip::result::ZipError::UnsupportedArchive(what))
            if what.contains("ncrypt") || what.contains("assword") =>
        {
            return Err(password(file_name));
        }
        Err(e) => {
            return Err(ImportError::new(
                format!("`{file_name}`: không đọc được phần {name} của tệp ({e})"),
                "mở tệp bằng Word rồi lưu lại thành .docx".to_owned(),
            ));
        }
    };
    if file.encrypted() {
        return Err(password(file_name));
    }
    if file.size() > limit {
        return Err(bomb(
            file_name,
            &format!(
                "phần {name} giải nén ra {} MB (tối đa {} MB)",
                file.size() / (1024 * 1024),
                limit / (1024 * 1024)
            ),
        ));
    }
    let mut bytes = Vec::new();
    (&mut file)
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| {
            ImportError::new(
                format!("`{file_name}`: phần {name} hỏng, không giải nén được ({e})"),
                "mở tệp bằng Word rồi lưu lại thành .docx".to_owned(),
            )
        })?;
    if bytes.len() as u64 > limit {
        return Err(bomb(
            file_name,
            &format!("phần {name} giải nén ra hơn {} MB", limit / (1024 * 1024)),
        ));
    }
    let text = String::from_utf8(bytes).map_err(|_| {
        ImportError::new(
            format!("`{file_name}`: phần {name} không phải chữ UTF-8"),
            "mở tệp bằng Word rồi lưu lại thành .docx".to_owned(),
        )
    })?;
    Ok(Some(super::nfc(&text)))
}

fn password(file_name: &str) -> ImportError {
    ImportError::new(
        format!("`{file_name}` có đặt mật khẩu, không đọc được"),
        "mở tệp trong Word bằng mật khẩu, bỏ mật khẩu (Tệp → Thông tin → Bảo vệ tài liệu), lưu lại rồi nhập lại".to_owned(),
    )
}

/// Whether `node` is the WordprocessingML element `name` (any namespace:
/// transitional and strict documents name it alike).
fn is(node: &Node<'_, '_>, name: &str) -> bool {
    node.is_element() && node.tag_name().name() == name
}

fn child<'a, 'input>(node: Node<'a, 'input>, name: &str) -> Option<Node<'a, 'input>> {
    node.children().find(|n| is(n, name))
}

/// The `w:val` attribute (any namespace).
fn val<'a>(node: Node<'a, '_>) -> Option<&'a str> {
    node.attributes()
        .find(|a| a.name() == "val")
        .map(|a| a.value())
}

/// A toggle property (`<w:b/>`, `<w:b w:val="0"/>`).
fn toggle(props: Option<Node<'_, '_>>, name: &str) -> Option<bool> {
    let node = child(props?, name)?;
    Some(!matches!(val(node), Some("0" | "false" | "off" | "none")))
}

/// A style's own bold and italic (when it sets them), and the style it is
/// based on.
type StyleEmphasis = (Option<bool>, Option<bool>, Option<String>);

/// Bold and italic of paragraph and character styles, through `basedOn`.
#[derive(Debug, Default)]
struct Styles {
    /// id → (bold, italic, based on).
    styles: HashMap<String, StyleEmphasis>,
}

impl Styles {
    fn parse(doc: &roxmltree::Document<'_>) -> Styles {
        let mut styles = HashMap::new();
        for style in doc.descendants().filter(|n| is(n, "style")) {
            let Some(id) = style.attributes().find(|a| a.name() == "styleId") else {
                continue;
            };
            let rpr = child(style, "rPr");
            let based = child(style, "basedOn").and_then(val).map(str::to_owned);
            styles.insert(
                id.value().to_owned(),
                (toggle(rpr, "b"), toggle(rpr, "i"), based),
            );
        }
        Styles { styles }
    }

    /// (bold, italic) of style `id`.
    fn emphasis(&self, id: Option<&str>) -> (bool, bool) {
        let (mut bold, mut italic) = (None, None);
        let mut id = id.map(str::to_owned);
        for _ in 0..16 {
            let Some(current) = id.take() else { break };
            let Some((b, i, based)) = self.styles.get(&current) else {
                break;
            };
            bold = bold.or(*b);
            italic = italic.or(*i);
            id = based.clone();
        }
        (bold.unwrap_or(false), italic.unwrap_or(false))
    }
}

/// One level of a numbering definition.
#[derive(Debug, Clone, Default)]
struct Level {
    start: u32,
    format: String,
    text: String,
}

/// Word's automatic numbering (`word/numbering.xml`).
#[derive(Debug, Default)]
struct Numbering {
    /// numId → its levels (by ilvl).
    nums: HashMap<String, Vec<Level>>,
}

impl Numbering {
    fn parse(doc: &roxmltree::Document<'_>) -> Numbering {
        let levels_of = |node: Node<'_, '_>| -> Vec<Level> {
            let mut levels = vec![Level::default(); 9];
            for lvl in node.children().filter(|n| is(n, "lvl")) {
                let Some(ilvl) = lvl
                    .attributes()
                    .find(|a| a.name() == "ilvl")
                    .and_then(|a| a.value().parse::<usize>().ok())
                    .filter(|i| *i < 9)
                else {
                    continue;
                };
                levels[ilvl] = Level {
                    start: child(lvl, "start")
                        .and_then(val)
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(1),
                    format: child(lvl, "numFmt")
                        .and_then(val)
                        .unwrap_or("decimal")
                        .to_owned(),
                    text: child(lvl, "lvlText").and_then(val).unwrap_or("").to_owned(),
                };
            }
            levels
        };
        let mut abstracts = HashMap::new();
        for node in doc.descendants().filter(|n| is(n, "abstractNum")) {
            if let Some(id) = node.attributes().find(|a| a.name() == "abstractNumId") {
                abstracts.insert(id.value().to_owned(), levels_of(node));
            }
        }
        let mut nums = HashMap::new();
        for num in doc.descendants().filter(|n| is(n, "num")) {
            let Some(id) = num.attributes().find(|a| a.name() == "numId") else {
                continue;
            };
            let Some(mut levels) = child(num, "abstractNumId")
                .and_then(val)
                .and_then(|a| abstracts.get(a).cloned())
            else {
                continue;
            };
            for over in num.children().filter(|n| is(n, "lvlOverride")) {
                let ilvl = over
                    .attributes()
                    .find(|a| a.name() == "ilvl")
                    .and_then(|a| a.value().parse::<usize>().ok())
                    .filter(|i| *i < 9);
                if let (Some(ilvl), Some(start)) = (
                    ilvl,
                    child(over, "startOverride")
                        .and_then(val)
                        .and_then(|v| v.parse().ok()),
                ) {
                    levels[ilvl].start = start;
                }
            }
            nums.insert(id.value().to_owned(), levels);
        }
        Numbering { nums }
    }
}

/// One number in a level's format.
fn format_number(n: u32, format: &str) -> String {
    let n_usize = n as usize;
    match format {
        "upperRoman" => crate::text::roman::to_roman(n_usize),
        "lowerRoman" => crate::text::roman::to_roman(n_usize).to_lowercase(),
        "upperLetter" => crate::text::roman::to_letters(n_usize).to_uppercase(),
        "lowerLetter" => crate::text::roman::to_letters(n_usize),
        "decimalZero" => format!("{n:02}"),
        "none" => String::new(),
        _ => n.to_string(),
    }
}

struct Walker {
    numbering: Numbering,
    styles: Styles,
    /// numId → the current count of each level.
    counters: HashMap<String, [u32; 9]>,
    blocks: Vec<Block>,
    count: usize,
}

impl Walker {
    fn next_origin(&mut self) -> Origin {
        self.count += 1;
        Origin::Block(self.count)
    }

    fn body(&mut self, node: Node<'_, '_>) {
        for child in node.children().filter(Node::is_element) {
            match child.tag_name().name() {
                "p" => {
                    let mut boxes = Vec::new();
                    let paragraph = self.paragraph(child, &mut boxes);
                    let origin = self.next_origin();
                    self.blocks.push(Block::Paragraph(Paragraph {
                        origin,
                        ..paragraph
                    }));
                    // Text boxes anchored in the paragraph (a signature or
                    // "Nơi nhận" set in a box) follow it.
                    for text_box in boxes {
                        self.body(text_box);
                    }
                }
                "tbl" => {
                    let table = self.table(child);
                    let origin = self.next_origin();
                    self.blocks.push(Block::Table(Table { origin, ..table }));
                }
                "sdt" => {
                    if let Some(content) = self::child(child, "sdtContent") {
                        self.body(content);
                    }
                }
                "customXml" | "ins" | "moveTo" => self.body(child),
                "AlternateContent" => {
                    if let Some(choice) = child
                        .children()
                        .find(|n| is(n, "Choice") || is(n, "Fallback"))
                    {
                        self.body(choice);
                    }
                }
                _ => {}
            }
        }
    }

    /// A paragraph's runs (with its automatic number written out); text
    /// boxes met on the way go to `boxes`.
    fn paragraph<'a, 'i>(&mut self, p: Node<'a, 'i>, boxes: &mut Vec<Node<'a, 'i>>) -> Paragraph {
        let ppr = child(p, "pPr");
        let style = ppr.and_then(|n| child(n, "pStyle")).and_then(val);
        let base = self.styles.emphasis(style);
        let centered = ppr
            .and_then(|n| child(n, "jc"))
            .and_then(val)
            .is_some_and(|v| v == "center");
        let mut runs = Vec::new();
        if let Some(label) = ppr
            .and_then(|n| child(n, "numPr"))
            .and_then(|n| self.number(n))
        {
            runs.push(Run::plain(label));
        }
        self.runs(p, base, &mut runs, boxes);
        merge_runs(&mut runs);
        Paragraph {
            runs,
            origin: Origin::Block(0),
            indented: false,
            centered,
        }
    }

    /// The text Word shows for a numbered paragraph ("1. ", "a) ", "- ").
    fn number(&mut self, num_pr: Node<'_, '_>) -> Option<String> {
        let id = child(num_pr, "numId").and_then(val)?.to_owned();
        let ilvl: usize = child(num_pr, "ilvl")
            .and_then(val)
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
            .min(8);
        let levels = self.numbering.nums.get(&id)?;
        let level = &levels[ilvl];
        if level.format == "bullet" {
            // The mark Word shows when it is one a clerk types ("-", "+",
            // "*"); a symbol-font bullet by its level.
            let typed = level.text.trim();
            if matches!(typed, "-" | "+" | "*") {
                return Some(format!("{typed} "));
            }
            return Some(if ilvl == 0 { "- ".into() } else { "+ ".into() });
        }
        let counters = self.counters.entry(id.clone()).or_insert_with(|| {
            let mut c = [0; 9];
            for (i, l) in levels.iter().enumerate() {
                c[i] = l.start.saturating_sub(1);
            }
            c
        });
        counters[ilvl] += 1;
        for deeper in ilvl + 1..9 {
            counters[deeper] = levels[deeper].start.saturating_sub(1);
        }
        let mut text = level.text.clone();
        for (i, l) in levels.iter().enumerate().take(ilvl + 1) {
            text = text.replace(
                &format!("%{}", i + 1),
                &format_number(counters[i].max(1), &l.format),
            );
        }
        let text = text.trim();
        (!text.is_empty()).then(|| format!("{text} "))
    }

    fn runs<'a, 'i>(
        &mut self,
        node: Node<'a, 'i>,
        base: (bool, bool),
        out: &mut Vec<Run>,
        boxes: &mut Vec<Node<'a, 'i>>,
    ) {
        for child in node.children().filter(Node::is_element) {
            match child.tag_name().name() {
                "r" => self.run(child, base, out, boxes),
                "hyperlink" | "ins" | "moveTo" | "smartTag" | "customXml" | "fldSimple" | "bdo"
                | "dir" => {
                    self.runs(child, base, out, boxes);
                }
                "sdt" => {
                    if let Some(content) = self::child(child, "sdtContent") {
                        self.runs(content, base, out, boxes);
                    }
                }
                _ => {}
            }
        }
    }

    fn run<'a, 'i>(
        &mut self,
        r: Node<'a, 'i>,
        base: (bool, bool),
        out: &mut Vec<Run>,
        boxes: &mut Vec<Node<'a, 'i>>,
    ) {
        let rpr = child(r, "rPr");
        if toggle(rpr, "vanish") == Some(true) {
            return;
        }
        let char_style = self
            .styles
            .emphasis(rpr.and_then(|n| child(n, "rStyle")).and_then(val));
        let bold = toggle(rpr, "b").unwrap_or(base.0 || char_style.0);
        let italic = toggle(rpr, "i").unwrap_or(base.1 || char_style.1);
        let mut text = String::new();
        for part in r.children().filter(Node::is_element) {
            match part.tag_name().name() {
                "t" => text.push_str(part.text().unwrap_or("")),
                "tab" | "ptab" => text.push('\t'),
                "br" | "cr" => text.push('\n'),
                "noBreakHyphen" => text.push('-'),
                "sym" => text.push('•'),
                "drawing" | "pict" | "AlternateContent" | "object" => {
                    let first = part.descendants().find(|n| is(n, "txbxContent"));
                    if let Some(content) = first {
                        boxes.push(content);
                    }
                }
                _ => {}
            }
        }
        if !text.is_empty() {
            out.push(Run { text, bold, italic });
        }
    }

    fn table(&mut self, tbl: Node<'_, '_>) -> Table {
        let mut rows = Vec::new();
        self.rows(tbl, &mut rows);
        Table {
            rows,
            origin: Origin::Block(0),
        }
    }

    fn rows(&mut self, node: Node<'_, '_>, rows: &mut Vec<Row>) {
        for child in node.children().filter(Node::is_element) {
            match child.tag_name().name() {
                "tr" => rows.push(self.row(child)),
                "sdt" => {
                    if let Some(content) = self::child(child, "sdtContent") {
                        self.rows(content, rows);
                    }
                }
                "customXml" => self.rows(child, rows),
                _ => {}
            }
        }
    }

    fn row(&mut self, tr: Node<'_, '_>) -> Row {
        let trpr = child(tr, "trPr");
        let header = toggle(trpr, "tblHeader") == Some(true);
        let mut cells = Vec::new();
        let before: usize = trpr
            .and_then(|n| child(n, "gridBefore"))
            .and_then(val)
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        if before > 0 {
            cells.push(Cell {
                paragraphs: Vec::new(),
                span: before.min(64),
                merged_up: false,
            });
        }
        let mut tcs = Vec::new();
        collect_cells(tr, &mut tcs);
        for tc in tcs {
            let tcpr = child(tc, "tcPr");
            let span = tcpr
                .and_then(|n| child(n, "gridSpan"))
                .and_then(val)
                .and_then(|v| v.parse::<usize>().ok())
                .unwrap_or(1)
                .clamp(1, 64);
            let merged_up = tcpr
                .and_then(|n| child(n, "vMerge"))
                .is_some_and(|m| val(m) != Some("restart"));
            let mut paragraphs = Vec::new();
            self.cell_content(tc, &mut paragraphs);
            cells.push(Cell {
                paragraphs,
                span,
                merged_up,
            });
        }
        Row { cells, header }
    }

    /// The paragraphs of a cell, those of tables nested in it included.
    fn cell_content(&mut self, node: Node<'_, '_>, out: &mut Vec<Vec<Run>>) {
        for child in node.children().filter(Node::is_element) {
            match child.tag_name().name() {
                "p" => {
                    let mut boxes = Vec::new();
                    let paragraph = self.paragraph(child, &mut boxes);
                    for line in split_lines(paragraph.runs) {
                        out.push(line);
                    }
                    for text_box in boxes {
                        self.cell_content(text_box, out);
                    }
                }
                "tbl" => self.nested_table(child, out),
                "sdt" => {
                    if let Some(content) = self::child(child, "sdtContent") {
                        self.cell_content(content, out);
                    }
                }
                "customXml" => self.cell_content(child, out),
                _ => {}
            }
        }
    }
}

impl Walker {
    /// A table inside a cell, as paragraphs: row by row, except a group
    /// of lines beside a brace "}" (recipients under one note, each line a
    /// row, the brace and the note in merged cells beside them), which
    /// reads column by column: the lines, then "}", then the note.
    fn nested_table(&mut self, tbl: Node<'_, '_>, out: &mut Vec<Vec<Run>>) {
        let rows: Vec<Vec<Node<'_, '_>>> = tbl
            .children()
            .filter(|n| is(n, "tr"))
            .map(|tr| {
                let mut cells = Vec::new();
                collect_cells(tr, &mut cells);
                cells
            })
            .collect();
        let braced = tbl.descendants().filter(|n| is(n, "tc")).any(|tc| {
            let text: String = tc
                .descendants()
                .filter(|n| is(n, "t"))
                .filter_map(|t| t.text())
                .collect();
            text.trim() == "}"
        });
        if !braced {
            for tc in tbl.descendants().filter(|n| is(n, "tc")) {
                self.cell_content(tc, out);
            }
            return;
        }
        let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
        for column in 0..columns {
            for row in &rows {
                if let Some(tc) = row.get(column) {
                    self.cell_content(*tc, out);
                }
            }
        }
    }
}

/// The cells of a row, through content controls.
fn collect_cells<'a, 'i>(node: Node<'a, 'i>, out: &mut Vec<Node<'a, 'i>>) {
    for child in node.children().filter(Node::is_element) {
        match child.tag_name().name() {
            "tc" => out.push(child),
            "sdt" => {
                if let Some(content) = self::child(child, "sdtContent") {
                    collect_cells(content, out);
                }
            }
            "customXml" => collect_cells(child, out),
            _ => {}
        }
    }
}

/// A cell paragraph's line breaks (`w:br`) made separate lines.
fn split_lines(runs: Vec<Run>) -> Vec<Vec<Run>> {
    let mut lines = vec![Vec::new()];
    for run in runs {
        let mut parts = run.text.split('\n').peekable();
        while let Some(part) = parts.next() {
            if !part.is_empty() {
                lines.last_mut().expect("one line at least").push(Run {
                    text: part.to_owned(),
                    ..run
                });
            }
            if parts.peek().is_some() {
                lines.push(Vec::new());
            }
        }
    }
    lines.retain(|l| !l.is_empty());
    lines
}

/// Neighbouring runs of one emphasis joined (Word splits runs at every
/// edit; the recogniser wants words whole).
fn merge_runs(runs: &mut Vec<Run>) {
    let mut merged: Vec<Run> = Vec::with_capacity(runs.len());
    for run in runs.drain(..) {
        match merged.last_mut() {
            Some(last) if last.bold == run.bold && last.italic == run.italic => {
                last.text.push_str(&run.text);
            }
            // Spaces take the emphasis of the text before them.
            Some(last) if run.text.trim().is_empty() => last.text.push_str(&run.text),
            _ => merged.push(run),
        }
    }
    *runs = merged;
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    fn docx(parts: &[(&str, &str)]) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        {
            let mut zip = zip::ZipWriter::new(&mut out);
            let options = zip::write::SimpleFileOptions::default();
            for (name, text) in parts {
                zip.start_file(*name, options).unwrap();
                zip.write_all(text.as_bytes()).unwrap();
            }
            zip.finish().unwrap();
        }
        out.into_inner()
    }

    fn body(xml: &str) -> Vec<u8> {
        docx(&[(
            "word/document.xml",
            &format!(r#"<?xml version="1.0"?><w:document {W}><w:body>{xml}</w:body></w:document>"#),
        )])
    }

    #[test]
    fn runs_keep_bold_and_italic_and_split_runs_join() {
        let source = read(
            &body(r#"<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Mục </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>đích:</w:t></w:r><w:r><w:t xml:space="preserve"> Đảm bảo</w:t></w:r><w:r><w:rPr><w:i/><w:b w:val="0"/></w:rPr><w:t>nghiêng</w:t></w:r></w:p>"#),
            "a.docx",
        )
        .unwrap();
        let Block::Paragraph(p) = &source.blocks[0] else {
            panic!()
        };
        let shape: Vec<(&str, bool, bool)> = p
            .runs
            .iter()
            .map(|r| (r.text.as_str(), r.bold, r.italic))
            .collect();
        assert_eq!(
            shape,
            [
                ("Mục đích:", true, false),
                (" Đảm bảo", false, false),
                ("nghiêng", false, true)
            ]
        );
        assert_eq!(p.origin, Origin::Block(1));
    }

    #[test]
    fn tables_keep_header_rows_spans_and_merges() {
        let source = read(
            &body(r#"<w:tbl>
              <w:tr><w:trPr><w:tblHeader/></w:trPr>
                <w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>STT</w:t></w:r></w:p></w:tc>
                <w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>Phân công</w:t></w:r></w:p></w:tc></w:tr>
              <w:tr><w:trPr><w:tblHeader/></w:trPr>
                <w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>
                <w:tc><w:p><w:r><w:t>Thực hiện</w:t></w:r></w:p></w:tc>
                <w:tc><w:p><w:r><w:t>Phối hợp</w:t><w:br/><w:t>dòng hai</w:t></w:r></w:p></w:tc></w:tr>
            </w:tbl>"#),
            "a.docx",
        )
        .unwrap();
        let Block::Table(t) = &source.blocks[0] else {
            panic!()
        };
        assert!(t.rows.iter().all(|r| r.header));
        assert_eq!(t.rows[0].cells[1].span, 2);
        assert!(!t.rows[0].cells[0].merged_up);
        assert!(t.rows[1].cells[0].merged_up);
        assert_eq!(t.rows[1].cells[2].lines(), ["Phối hợp", "dòng hai"]);
    }

    #[test]
    fn a_braced_group_in_a_cell_reads_its_lines_then_brace_and_note() {
        let cell = |text: &str, merge: &str| {
            format!(
                r#"<w:tc><w:tcPr>{merge}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"#
            )
        };
        let restart = r#"<w:vMerge w:val="restart"/>"#;
        let cont = "<w:vMerge/>";
        let nested = format!(
            "<w:tbl><w:tr>{}{}{}</w:tr><w:tr>{}{}{}</w:tr></w:tbl>",
            cell("- Thường trực Đảng ủy xã;", ""),
            cell("}", restart),
            cell("(để b/c)", restart),
            cell("- Thường trực HĐND xã;", ""),
            cell("", cont),
            cell("", cont),
        );
        let other = format!(
            "<w:tbl><w:tr>{}{}</w:tr></w:tbl>",
            cell("a", ""),
            cell("b", "")
        );
        let source = read(
            &body(&format!(
                r#"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Nơi nhận:</w:t></w:r></w:p>{nested}{other}</w:tc></w:tr></w:tbl>"#
            )),
            "a.docx",
        )
        .unwrap();
        let Block::Table(t) = &source.blocks[0] else {
            panic!()
        };
        assert_eq!(
            t.rows[0].cells[0].lines(),
            [
                "Nơi nhận:",
                "- Thường trực Đảng ủy xã;",
                "- Thường trực HĐND xã;",
                "}",
                "(để b/c)",
                "a",
                "b"
            ]
        );
    }

    #[test]
    fn automatic_numbers_are_written_out() {
        let numbering = format!(
            r#"<w:numbering {W}>
              <w:abstractNum w:abstractNumId="0">
                <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
                <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>
                <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val=""/></w:lvl>
                <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="*"/></w:lvl>
              </w:abstractNum>
              <w:num w:numId="5"><w:abstractNumId w:val="0"/></w:num>
            </w:numbering>"#
        );
        let p = |ilvl: u8, text: &str| {
            format!(
                r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="5"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
            )
        };
        let xml = [
            p(0, "MỤC ĐÍCH"),
            p(1, "Mục đích"),
            p(2, "Một"),
            p(3, "Hai"),
            p(1, "Yêu cầu"),
            p(0, "NHIỆM VỤ"),
            p(1, "Chỉ đạo"),
        ]
        .concat();
        let bytes = docx(&[
            (
                "word/document.xml",
                &format!(r#"<w:document {W}><w:body>{xml}</w:body></w:document>"#),
            ),
            ("word/numbering.xml", &numbering),
        ]);
        let source = read(&bytes, "a.docx").unwrap();
        let texts: Vec<String> = source
            .blocks
            .iter()
            .map(|b| match b {
                Block::Paragraph(p) => p.text(),
                _ => String::new(),
            })
            .collect();
        assert_eq!(
            texts,
            [
                "I. MỤC ĐÍCH",
                "1. Mục đích",
                "+ Một",
                "* Hai",
                "2. Yêu cầu",
                "II. NHIỆM VỤ",
                "1. Chỉ đạo"
            ]
        );
    }

    #[test]
    fn a_zip_bomb_is_stopped_at_the_limit() {
        // 100 MB of spaces compress to about 100 KB.
        let big = format!(
            r#"<w:document {W}><w:body><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:body></w:document>"#,
            " ".repeat(100 * 1024 * 1024)
        );
        let bytes = docx(&[("word/document.xml", &big)]);
        assert!(bytes.len() < 2 * 1024 * 1024, "{}", bytes.len());
        let err = read(&bytes, "bom.docx").unwrap_err();
        assert!(err.message.contains("giải nén"), "{err:?}");
    }

    #[test]
    fn a_zip_that_is_not_word_says_what_it_is() {
        let err = read(
            &docx(&[
                ("mimetype", "application/vnd.oasis.opendocument.text"),
                ("content.xml", "<a/>"),
            ]),
            "a.docx",
        )
        .unwrap_err();
        assert!(err.message.contains(".odt"), "{err:?}");
        let err = read(&docx(&[("xl/workbook.xml", "<a/>")]), "a.docx").unwrap_err();
        assert!(err.message.contains("Excel"), "{err:?}");
    }

    #[test]
    fn a_dtd_is_refused() {
        let xml = format!(
            r#"<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><w:document {W}><w:body/></w:document>"#
        );
        let err = read(&docx(&[("word/document.xml", &xml)]), "a.docx").unwrap_err();
        assert!(err.message.contains("hỏng"), "{err:?}");
    }
}
