//! The document tree: what the page says, with no knowledge of TOML, PDF or
//! DOCX. `compose` builds it; each writer walks it. Because the writers see
//! only this tree, the PDF and the DOCX cannot disagree.
//!
//! Ordinary blocks (paragraph, heading, list, table) sit beside the typed
//! furniture of Nghị định 30 (header block, title, signature, appendix
//! heading), which each writer lays out in exactly one place, with the
//! geometry of [`style::ND30`].

pub mod fits;
pub mod grid;
pub mod metrics;
pub mod style;

mod outline;

/// A whole output file: metadata and its parts, each on its own pages.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub meta: Meta,
    pub parts: Vec<Part>,
}

/// Metadata carried into the file's properties.
#[derive(Debug, Clone, PartialEq)]
pub struct Meta {
    /// Document title (the excerpt).
    pub title: String,
    /// Author (the issuing body, "UBND xã Quảng Ngọc").
    pub author: String,
    /// The plan's own date (signing date, or 1 January of its year), used
    /// where a format needs a date; never the clock, so output is stable.
    pub date: (i32, u8, u8),
}

/// A run of pages with one orientation. Each part starts on a new page;
/// page numbers run on through the parts of one document and are hidden on
/// its first page (an appendix printed alone is a document of its own).
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    pub orientation: Orientation,
    pub blocks: Vec<Block>,
}

/// Page orientation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Orientation {
    Portrait,
    Landscape,
}

/// A block of the page.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// The two-column header of the first page.
    Header(HeaderBlock),
    /// "DỰ THẢO" in a frame, top of the first page (text as printed).
    DraftMark(String),
    /// "KẾ HOẠCH" (in capitals already) and the excerpt with the short line
    /// under it.
    Title { kind: String, excerpt: String },
    /// "Phần thứ nhất" and its title, centred on lines of their own above
    /// the sections it holds (which are numbered afresh under it).
    Division(DivisionHeading),
    /// A numbered heading; `number` is already computed ("I.", "A.", "1.",
    /// "a)"), or empty for a section the plan leaves unlabelled.
    Heading {
        level: HeadingLevel,
        number: String,
        text: Vec<Inline>,
    },
    /// Running text.
    Paragraph {
        style: ParagraphStyle,
        content: Vec<Inline>,
    },
    /// A list; each item may hold a nested list.
    List(List),
    /// The last paragraph of the body, right before the signature: the
    /// closing sentence, or the paragraph or list item (its marker leading
    /// its text) the body ends with. Set as a body paragraph, it may break
    /// across pages, but its last lines travel with the signature (where it
    /// splits: [`fits::closing_split`]), so the signature never stands alone
    /// on a page and no more than those lines leave the page before.
    Closing(Vec<Inline>),
    /// A table with header rows.
    Table(Table),
    /// Nơi nhận (left) beside the signature (right).
    Signature(SignatureBlock),
    /// "PHỤ LỤC I", its title and the "(Kèm theo …)" line.
    AppendixHeading(AppendixHeading),
}

/// The three numbered heading levels of Nghị định 30 bodies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeadingLevel {
    /// "I. MỤC ĐÍCH YÊU CẦU": Roman, bold uppercase.
    Part,
    /// "1. Mục đích": Arabic, bold.
    Item,
    /// "a) …": letter, italic.
    SubItem,
}

/// How a heading level is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Emphasis {
    pub bold: bool,
    pub italic: bool,
    /// Set in capitals: compose upper-cases the text itself, and the DOCX
    /// style says so too, for headings a clerk adds in Word.
    pub uppercase: bool,
}

impl HeadingLevel {
    /// The emphasis of this level's number and text (nd30.md, Body).
    pub fn emphasis(self) -> Emphasis {
        match self {
            HeadingLevel::Part => Emphasis {
                bold: true,
                italic: false,
                uppercase: true,
            },
            HeadingLevel::Item => Emphasis {
                bold: true,
                italic: false,
                uppercase: false,
            },
            HeadingLevel::SubItem => Emphasis {
                bold: false,
                italic: true,
                uppercase: false,
            },
        }
    }
}

/// How a paragraph is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParagraphStyle {
    /// Justified, first-line indent, 6 pt after.
    Body,
    /// Centred, no indent (notes under an appendix table).
    Centered,
}

/// A list of body paragraphs, each led by its marker.
#[derive(Debug, Clone, PartialEq)]
pub struct List {
    pub items: Vec<ListItem>,
}

/// One list item: its marker, its text and an optional nested list.
#[derive(Debug, Clone, PartialEq)]
pub struct ListItem {
    /// As printed: "-" at the first level and "+" below it, a "+" or "*"
    /// the plan typed, or the item's number ("1.", "2.") in a numbered list.
    pub marker: String,
    pub content: Vec<Inline>,
    pub children: Option<List>,
}

/// "Phần thứ nhất" over its title.
#[derive(Debug, Clone, PartialEq)]
pub struct DivisionHeading {
    /// "Phần thứ nhất" (bold).
    pub label: String,
    /// The title, in capitals already (bold).
    pub title: String,
}

/// A run of text with its emphasis. Text is always literal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inline {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
}

impl Inline {
    /// Plain text.
    pub fn plain(text: impl Into<String>) -> Self {
        Inline {
            text: text.into(),
            bold: false,
            italic: false,
        }
    }

    /// Bold text.
    pub fn bold(text: impl Into<String>) -> Self {
        Inline {
            bold: true,
            ..Inline::plain(text)
        }
    }

    /// Italic text.
    pub fn italic(text: impl Into<String>) -> Self {
        Inline {
            italic: true,
            ..Inline::plain(text)
        }
    }
}

/// The header block of Nghị định 30: issuing body left, national title right.
/// Compose writes every line as printed (capitals included); writers only
/// set them.
#[derive(Debug, Clone, PartialEq)]
pub struct HeaderBlock {
    /// Governing body (upright, not bold), if any.
    pub parent_body: Option<String>,
    /// Issuing body lines (bold uppercase), with a short line under them.
    pub issuer: Vec<String>,
    /// "Số: 28/KH-UBND" or "Số:      /KH-UBND".
    pub number_line: String,
    /// "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".
    pub national_title: String,
    /// "Độc lập - Tự do - Hạnh phúc", with a line as long as itself under it.
    pub motto: String,
    /// "Quảng Ngọc, ngày 24 tháng 01 năm 2026" (italic).
    pub place_date: String,
}

/// Recipients beside the signer.
#[derive(Debug, Clone, PartialEq)]
pub struct SignatureBlock {
    /// "Nơi nhận:", the heading of the recipients (bold italic), printed
    /// when there are any.
    pub recipients_label: String,
    /// The recipients, each line already ending in ";" or "." ("- Lưu: VT,
    /// VHXH.").
    pub recipients: Vec<Recipients>,
    /// "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH": bold lines, in capitals already,
    /// above the room left for signature and seal.
    pub authority: Vec<String>,
    /// The signer's full name, bold.
    pub name: String,
}

/// An entry of Nơi nhận: one line, or lines joined by a brace "}" to one
/// note.
#[derive(Debug, Clone, PartialEq)]
pub enum Recipients {
    /// "- Sở Nội vụ (b/c);".
    Line(String),
    /// "- Thường trực Đảng ủy;", "- Thường trực HĐND xã;" and, beside the
    /// brace that joins them, "(để b/c)".
    Braced { lines: Vec<String>, note: String },
}

impl Recipients {
    /// The lines of the entry, in order.
    pub fn lines(&self) -> &[String] {
        match self {
            Recipients::Line(line) => std::slice::from_ref(line),
            Recipients::Braced { lines, .. } => lines,
        }
    }
}

/// The heading of an appendix.
#[derive(Debug, Clone, PartialEq)]
pub struct AppendixHeading {
    /// "PHỤ LỤC I".
    pub label: String,
    /// A bold line between the label and the title ("DANH SÁCH"), if any.
    pub caption: Option<String>,
    /// The title (bold).
    pub title: String,
    /// "(Kèm theo Kế hoạch số … của UBND xã …)" (italic).
    pub reference: String,
}

/// A table with header rows that repeat on every page.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Relative column widths (any unit; writers scale them to the page).
    pub widths: Vec<u32>,
    /// Header rows (repeated on each page).
    pub header: Vec<Row>,
    pub body: Vec<Row>,
}

/// A table row. Weight and alignment are the cells' own: compose makes
/// header and group cells bold, and writers only follow.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub cells: Vec<Cell>,
    /// A group row ("I. Văn bản chỉ đạo"), kept with the row after it.
    pub group: bool,
}

/// A table cell. `colspan`/`rowspan` > 1 merge cells; a cell covered by
/// another's span is simply absent from its row.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// Lines of the cell; several lines print as separate paragraphs
    /// ("- Công văn số …" items).
    pub lines: Vec<Vec<Inline>>,
    pub colspan: u16,
    pub rowspan: u16,
    pub align: Align,
    pub bold: bool,
}

/// Horizontal alignment in a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
}

impl Cell {
    /// A one-line, left-aligned cell.
    pub fn text(text: impl Into<String>) -> Self {
        Cell {
            lines: vec![vec![Inline::plain(text)]],
            colspan: 1,
            rowspan: 1,
            align: Align::Left,
            bold: false,
        }
    }

    /// A cell of several lines.
    pub fn lines(lines: impl IntoIterator<Item = String>) -> Self {
        Cell {
            lines: lines.into_iter().map(|l| vec![Inline::plain(l)]).collect(),
            ..Cell::text("")
        }
    }

    /// Centres the cell.
    pub fn centered(mut self) -> Self {
        self.align = Align::Center;
        self
    }

    /// Makes the cell bold.
    pub fn bolded(mut self) -> Self {
        self.bold = true;
        self
    }

    /// Spans `n` columns.
    pub fn spanning(mut self, n: u16) -> Self {
        self.colspan = n;
        self
    }

    /// Spans `n` rows.
    pub fn spanning_rows(mut self, n: u16) -> Self {
        self.rowspan = n;
        self
    }

    /// The cell's text with lines joined by newlines (for tests and checks).
    pub fn plain_text(&self) -> String {
        self.lines
            .iter()
            .map(|line| line.iter().map(|i| i.text.as_str()).collect::<String>())
            .collect::<Vec<_>>()
            .join("\n")
    }
}
