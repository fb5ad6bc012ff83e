//! The neutral block model every reader produces and the recogniser reads:
//! paragraphs of inline runs, and tables of rows of cells. Like pandoc's
//! AST, it knows neither zip files nor TOML, so a new input format is a new
//! reader and nothing else.

use std::fmt;

/// Where a block came from, so the report can point at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// A line of a text file, counted from 1.
    Line(usize),
    /// A paragraph or table of a Word document, counted from 1 in reading
    /// order (tables count as one).
    Block(usize),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Line(n) => write!(f, "dòng {n}"),
            Origin::Block(n) => write!(f, "đoạn {n}"),
        }
    }
}

/// A stretch of text with one emphasis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
}

impl Run {
    pub fn plain(text: impl Into<String>) -> Run {
        Run {
            text: text.into(),
            bold: false,
            italic: false,
        }
    }
}

/// A paragraph: its runs, and what the source says about its role.
#[derive(Debug, Clone, PartialEq)]
pub struct Paragraph {
    pub runs: Vec<Run>,
    pub origin: Origin,
    /// The paragraph began with spaces (text copied from a PDF marks a
    /// new paragraph with its first-line indent).
    pub indented: bool,
    /// Centred (a title, a heading of the header block).
    pub centered: bool,
}

impl Paragraph {
    /// The paragraph's text, runs joined.
    pub fn text(&self) -> String {
        runs_text(&self.runs)
    }
}

/// The text of `runs`.
pub fn runs_text(runs: &[Run]) -> String {
    runs.iter().map(|r| r.text.as_str()).collect()
}

/// One cell: its paragraphs, and how it spans the grid.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cell {
    /// Each paragraph of the cell as runs.
    pub paragraphs: Vec<Vec<Run>>,
    /// Grid columns the cell covers (`w:gridSpan`), at least 1.
    pub span: usize,
    /// The cell continues the one above it (`w:vMerge` without "restart").
    pub merged_up: bool,
}

impl Cell {
    /// A cell of plain text, one paragraph a line.
    pub fn text_cell(text: &str) -> Cell {
        Cell {
            paragraphs: text
                .split('\n')
                .filter(|l| !l.trim().is_empty())
                .map(|l| vec![Run::plain(l)])
                .collect(),
            span: 1,
            merged_up: false,
        }
    }

    /// The cell's paragraphs as lines of text.
    pub fn lines(&self) -> Vec<String> {
        self.paragraphs
            .iter()
            .map(|p| runs_text(p).trim().to_owned())
            .filter(|l| !l.is_empty())
            .collect()
    }

    /// The cell's text on one line.
    pub fn text(&self) -> String {
        self.lines().join(" ")
    }

    /// Whether every run of text in the cell is bold.
    pub fn all_bold(&self) -> bool {
        let mut any = false;
        for run in self.paragraphs.iter().flatten() {
            if !run.text.trim().is_empty() {
                any = true;
                if !run.bold {
                    return false;
                }
            }
        }
        any
    }
}

/// One row of a table.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Row {
    pub cells: Vec<Cell>,
    /// Marked as a header row repeated on every page (`w:tblHeader`).
    pub header: bool,
}

/// A table.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub rows: Vec<Row>,
    pub origin: Origin,
}

/// A block of the source.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Paragraph(Paragraph),
    Table(Table),
}

impl Block {
    pub fn origin(&self) -> Origin {
        match self {
            Block::Paragraph(p) => p.origin,
            Block::Table(t) => t.origin,
        }
    }
}

/// What was read, and from what kind of file.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub blocks: Vec<Block>,
    pub format: Format,
}

impl Source {
    /// The tables, in order.
    pub fn tables(&self) -> Vec<&Table> {
        self.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Table(t) => Some(t),
                Block::Paragraph(_) => None,
            })
            .collect()
    }
}

/// The kind of file read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A Word document (`.docx`, also what LibreOffice writes).
    Docx,
    /// Text copied out of Word or a PDF (`.txt`, `.md`): lines, and tables
    /// as tab-separated lines.
    Text,
}
