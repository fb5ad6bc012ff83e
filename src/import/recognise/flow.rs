//! The source as one stream of lines and data tables. Layout tables (the
//! header block set as a two-column borderless table, the signature next
//! to "Nơi nhận") are read column by column as lines; text copied out of a
//! PDF has its wrapped lines joined back into paragraphs.

use crate::import::blocks::{Block, Format, Origin, Run, Source, Table, runs_text};

use super::words::{marker, squash, starts_lowercase};

/// A paragraph of the source.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub runs: Vec<Run>,
    /// The text, spaces squashed.
    pub text: String,
    pub origin: Origin,
    pub indented: bool,
    pub centered: bool,
}

impl Line {
    /// A line of plain text, for tests.
    #[cfg(test)]
    pub fn plain(text: &str, origin: Origin) -> Line {
        Line {
            runs: vec![Run::plain(text)],
            text: squash(text),
            origin,
            indented: false,
            centered: false,
        }
    }

    fn new(runs: Vec<Run>, origin: Origin, indented: bool, centered: bool) -> Option<Line> {
        let text = squash(&runs_text(&runs).replace('\t', " "));
        (!text.is_empty()).then_some(Line {
            runs,
            text,
            origin,
            indented,
            centered,
        })
    }
}

/// A piece of the stream.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    Line(Line),
    Table(Table),
}

impl Piece {
    pub fn line(&self) -> Option<&Line> {
        match self {
            Piece::Line(l) => Some(l),
            Piece::Table(_) => None,
        }
    }
}

/// The source as pieces.
pub fn pieces(source: &Source) -> Vec<Piece> {
    let mut out = Vec::new();
    for block in &source.blocks {
        match block {
            Block::Paragraph(p) => {
                if let Some(line) = Line::new(p.runs.clone(), p.origin, p.indented, p.centered) {
                    out.push(Piece::Line(line));
                }
            }
            Block::Table(t) if is_layout(t) => {
                let columns = t.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
                for column in 0..columns {
                    for row in &t.rows {
                        let Some(cell) = row.cells.get(column) else {
                            continue;
                        };
                        for paragraph in &cell.paragraphs {
                            if let Some(line) = Line::new(paragraph.clone(), t.origin, false, false)
                            {
                                out.push(Piece::Line(line));
                            }
                        }
                    }
                }
            }
            Block::Table(t) => out.push(Piece::Table(t.clone())),
        }
    }
    if source.format == Format::Text {
        out = join_wrapped(out);
    }
    out
}

/// A table that lays out furniture rather than holding data: at most two
/// columns, with the header block's or the signature's words in it.
fn is_layout(table: &Table) -> bool {
    let columns = table.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    if columns > 2 || table.rows.len() > 4 {
        return false;
    }
    let text: String = table
        .rows
        .iter()
        .flat_map(|r| &r.cells)
        .map(|c| c.text())
        .collect::<Vec<_>>()
        .join(" ");
    let upper = text.to_uppercase();
    [
        "CỘNG HÒA",
        "ĐỘC LẬP",
        "SỐ:",
        "NƠI NHẬN",
        "CHỦ TỊCH",
        "ỦY BAN NHÂN DÂN",
        "UBND",
        "TM.",
        "KT.",
    ]
    .iter()
    .any(|w| upper.contains(w))
}

/// Whether a line opens something of its own (a heading, a list item, a
/// legal basis, furniture), so no wrapped line is joined onto it as a tail
/// nor it onto the line before.
pub fn opens_block(text: &str) -> bool {
    let folded = super::words::fold(text);
    marker(text).is_some()
        || super::words::is_basis(text)
        || folded.starts_with("can cu ")
        || folded.starts_with("noi nhan")
        || folded.starts_with("phu luc")
        || folded.starts_with("tren day la")
        || folded.starts_with("chi tieu ")
            && text
                .split_whitespace()
                .nth(2)
                .is_some_and(|w| w.ends_with('.'))
        || folded.starts_with("so:")
        || folded.starts_with("ke hoach") && super::words::is_upper(text)
        || text.starts_with('(')
}

/// Text copied out of a PDF breaks each paragraph at the page's width.
/// A line is the tail of the one before when that one does not end a
/// sentence and either this one starts in lowercase or the one before
/// filled its line (or ends on a word that cannot end one, "và", ",").
/// An indented line always starts a paragraph.
fn join_wrapped(pieces: Vec<Piece>) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::with_capacity(pieces.len());
    let mut in_appendix = false;
    // The length of the last line joined into the paragraph before: that
    // line, not the paragraph, tells whether it filled the page's width.
    let mut last_len = 0;
    for piece in pieces {
        if let Piece::Line(line) = &piece
            && super::words::fold(&line.text).starts_with("phu luc")
        {
            in_appendix = true;
        }
        let joined = match (&piece, out.last_mut()) {
            (Piece::Line(line), Some(Piece::Line(prev)))
                if !in_appendix && continues(prev, last_len, line) =>
            {
                prev.text = format!("{} {}", prev.text, line.text);
                if let Some(last) = prev.runs.last_mut()
                    && !last.text.ends_with(' ')
                {
                    last.text.push(' ');
                }
                prev.runs.extend(line.runs.iter().cloned());
                true
            }
            _ => false,
        };
        if let Piece::Line(line) = &piece {
            last_len = line.text.chars().count();
        }
        if !joined {
            out.push(piece);
        }
    }
    out
}

fn continues(prev: &Line, last_len: usize, line: &Line) -> bool {
    if line.indented || opens_block(&line.text) {
        return false;
    }
    let end = prev.text.trim_end();
    if end.ends_with(['.', ';', ':', '!', '?']) || super::words::is_upper(end) && end.len() < 60 {
        return false;
    }
    let last_word = end.rsplit(' ').next().unwrap_or("");
    let dangling = end.ends_with([',', '-', '(', '&', '/'])
        || [
            "và", "của", "các", "về", "với", "cho", "tại", "trên", "theo", "số", "ngày", "là",
            "đến", "Các", "(qua",
        ]
        .contains(&last_word);
    starts_lowercase(&line.text) || dangling || last_len >= 55
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::read::text;

    fn texts(source: &str) -> Vec<String> {
        pieces(&text::read(source))
            .iter()
            .filter_map(|p| p.line().map(|l| l.text.clone()))
            .collect()
    }

    #[test]
    fn wrapped_lines_of_a_pdf_copy_join_back() {
        let source = "Nghị quyết số 57-NQ/TW ngày 22 tháng 12 năm 2024 của Bộ Chính trị về đột \n\nphá phát triển khoa học, công nghệ;  \n\nQuyết định số 146/QĐ-TTg ngày 28 tháng 01 năm 2022 của Thủ tướng \n\nChính phủ phê duyệt Đề án;\n\n1. Công tác chỉ đạo điều hành và tuyên truyền nâng cao nhận thức, \n\ntuyên truyền, truyền thông \n\nRà soát, để xuất cấp trên về quy định \n\n Xây dựng quy chế phối hợp \n\n2. Thể chế \n\nXây dựng các quy định nội bộ.";
        assert_eq!(
            texts(source),
            [
                "Nghị quyết số 57-NQ/TW ngày 22 tháng 12 năm 2024 của Bộ Chính trị về đột phá phát triển khoa học, công nghệ;",
                "Quyết định số 146/QĐ-TTg ngày 28 tháng 01 năm 2022 của Thủ tướng Chính phủ phê duyệt Đề án;",
                "1. Công tác chỉ đạo điều hành và tuyên truyền nâng cao nhận thức, tuyên truyền, truyền thông",
                "Rà soát, để xuất cấp trên về quy định",
                "Xây dựng quy chế phối hợp",
                "2. Thể chế",
                "Xây dựng các quy định nội bộ.",
            ]
        );
    }

    #[test]
    fn whole_paragraphs_stay_whole() {
        let source = "I. MỤC ĐÍCH YÊU CẦU\n\n1. Mục đích\n\n- Hoàn thành 16 chỉ tiêu.\n\nChỉ tiêu 5. Tỷ lệ doanh nghiệp có hoạt động đổi mới quy trình, mô hình\n\nkinh doanh\n\n* **Mục đích:** Thúc đẩy.";
        assert_eq!(
            texts(source),
            [
                "I. MỤC ĐÍCH YÊU CẦU",
                "1. Mục đích",
                "- Hoàn thành 16 chỉ tiêu.",
                "Chỉ tiêu 5. Tỷ lệ doanh nghiệp có hoạt động đổi mới quy trình, mô hình kinh doanh",
                "* Mục đích: Thúc đẩy.",
            ]
        );
    }

    #[test]
    fn a_layout_table_reads_column_by_column() {
        let source = "ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nXÃ AN NÔNG\tĐộc lập - Tự do - Hạnh phúc\nKẾ HOẠCH";
        assert_eq!(
            texts(source),
            [
                "ỦY BAN NHÂN DÂN",
                "XÃ AN NÔNG",
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                "Độc lập - Tự do - Hạnh phúc",
                "KẾ HOẠCH"
            ]
        );
    }
}
