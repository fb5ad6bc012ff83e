//! Heights and lines, for the layout choices both writers must make the same
//! way: whether a table row may break across pages (only when it could not
//! fit on one page whole), whether the Nơi nhận list must flow on to the
//! next page, and where the last paragraph of the body splits so that only
//! its last lines go with the signature; and for the DOCX's header rows,
//! which LibreOffice sizes itself only on a table's first page. Lines are
//! counted with the one text measure (`metrics`) and the style's line box; a
//! count is enough: the limits are a page, far from the heights of ordinary
//! rows and lists.

use super::grid::Slot;
use super::metrics;
use super::style::{Length, ND30};
use super::{Cell, Inline, Orientation, SignatureBlock, Table};

/// Height between the top and bottom margins, in points.
fn text_height(orientation: Orientation) -> f64 {
    let (_, height) = ND30.paper(orientation);
    height.points() - ND30.margins.top.points() - ND30.margins.bottom.points()
}

/// Height of `paragraphs` (each a line of text) set at `size` points, bold
/// when `bold`, in a column `width` points wide, `spacing` apart.
fn paragraphs_height<'a>(
    paragraphs: impl IntoIterator<Item = &'a str>,
    size: u32,
    bold: bool,
    width: f64,
    spacing: Length,
) -> f64 {
    let line = ND30.line.height(size).points();
    let mut height = 0.0;
    for (i, text) in paragraphs.into_iter().enumerate() {
        if i > 0 {
            height += spacing.points();
        }
        height += metrics::lines(text, f64::from(size), bold, width) as f64 * line;
    }
    height
}

/// Height of `cell` in a table column whose text is `width` wide, its
/// insets above and below included.
pub fn cell_height(cell: &Cell, width: Length) -> Length {
    let t = &ND30.table;
    let texts: Vec<String> = cell
        .lines
        .iter()
        .map(|l| l.iter().map(|i| i.text.as_str()).collect())
        .collect();
    let text = paragraphs_height(
        texts.iter().map(String::as_str),
        t.size,
        cell.bold,
        width.points(),
        t.spacing,
    );
    Length::pt(text + 2.0 * t.inset_y.points())
}

/// For each body row of `table`, whether it fits on one page of
/// `orientation` by itself (so it is kept whole; a taller row must break).
pub fn body_rows_fit_a_page(table: &Table, orientation: Orientation) -> Vec<bool> {
    let Ok(grid) = table.grid() else {
        return vec![true; table.body.len()];
    };
    let total: f64 = table
        .widths
        .iter()
        .map(|w| f64::from(*w))
        .sum::<f64>()
        .max(1.0);
    let text_width = ND30.text_width(orientation).points();
    let padding = 2.0 * ND30.table.inset_x.points();
    let room = text_height(orientation);
    grid[table.header.len()..]
        .iter()
        .map(|slots| {
            let mut column = 0;
            let mut tallest: f64 = 0.0;
            for slot in slots {
                match *slot {
                    Slot::Cell { cell, columns } => {
                        let share: f64 = table
                            .widths
                            .get(column..column + columns)
                            .map_or(0.0, |w| w.iter().map(|w| f64::from(*w)).sum());
                        let width = (text_width * share / total - padding).max(1.0);
                        let height = cell_height(cell, Length::pt(width)).points();
                        tallest = tallest.max(height);
                        column += columns;
                    }
                    Slot::Covered { columns } => column += columns,
                    Slot::Empty => column += 1,
                }
            }
            tallest <= room
        })
        .collect()
}

/// For each body row of `table`, whether the writers keep it whole on one
/// page. A row taller than a page must break; so may the first rows, up to
/// the first that is not a group row: an appendix's table starts under its
/// heading, and a first row kept whole that does not fit there would leave
/// the heading alone on its page (and that page empty). Breakable is only a
/// permission: a first row that fits is not broken.
pub fn body_rows_kept_whole(table: &Table, orientation: Orientation) -> Vec<bool> {
    let mut whole = body_rows_fit_a_page(table, orientation);
    let first = table
        .body
        .iter()
        .position(|row| !row.group)
        .map_or(table.body.len(), |i| i + 1);
    for kept in whole.iter_mut().take(first) {
        *kept = false;
    }
    whole
}

/// Whether the Nơi nhận list of `signature` (on a portrait page) is too
/// long to keep the signature block whole on one page: it then flows on.
pub fn recipients_flow(signature: &SignatureBlock) -> bool {
    let s = &ND30.signature;
    let width = ND30.text_width(Orientation::Portrait).points() * f64::from(s.left_percent) / 100.0;
    let height = paragraphs_height(
        signature
            .recipients
            .iter()
            .flat_map(|r| r.lines())
            .map(String::as_str),
        s.recipients_size,
        false,
        width,
        s.spacing,
    );
    // The closing paragraph goes with the block: leave it some room.
    height > 0.8 * text_height(Orientation::Portrait)
}

/// How many of the closing paragraph's last lines travel with the
/// signature, and how many at least stay behind when it breaks: a page
/// never ends or starts on fewer than two of its lines.
pub const CLOSING_LINES_KEPT: usize = 2;

/// Where the last paragraph of the body (`Block::Closing`) splits: its
/// lines but the last [`CLOSING_LINES_KEPT`] (the head), and those (the
/// tail), which the writers keep with the signature. The head is set as a
/// paragraph whose last line is justified like every line inside a
/// paragraph, the tail goes on it with no space between and no indent, so
/// the two read as the one paragraph they are. `None` when the paragraph
/// has too few lines to leave some behind: it then goes whole.
///
/// Lines are filled word by word, as Word and LibreOffice fill them, at the
/// body's size in the portrait text width after the first-line indent. A
/// renderer that measures a little wider than `metrics` (kerning only
/// narrows) would push the head's last word onto a line of its own, so
/// when that line is nearly full its last word goes to the tail: the head's
/// last line is then spaced a little wider, never broken.
pub fn closing_split(content: &[Inline]) -> Option<(Vec<Inline>, Vec<Inline>)> {
    let size = f64::from(ND30.body.size);
    let width = ND30.text_width(Orientation::Portrait).points();
    let words = words(content);
    let space = metrics::advance(" ", size, false);
    // Each line as the index of its first word.
    let mut starts = vec![0];
    let mut used = ND30.body.first_line_indent.points();
    let mut line_used = Vec::new();
    for (i, word) in words.iter().enumerate() {
        let room = if used > 0.0 && i > *starts.last().unwrap_or(&0) {
            used + space + word.width
        } else {
            used + word.width
        };
        if room <= width || i == *starts.last().unwrap_or(&0) {
            used = room;
            continue;
        }
        line_used.push(used);
        starts.push(i);
        used = word.width;
    }
    line_used.push(used);
    let lines = starts.len();
    if lines < 2 * CLOSING_LINES_KEPT {
        return None;
    }
    let mut tail = starts[lines - CLOSING_LINES_KEPT];
    // The head's last line, nearly full: one word of it goes to the tail.
    let head_last = lines - CLOSING_LINES_KEPT - 1;
    if width - line_used[head_last] < 1.5 * space && tail - starts[head_last] > 1 {
        tail -= 1;
    }
    let at = words[tail].start;
    Some(split_inlines(content, at))
}

/// A word of running text: where it starts (a byte offset into the
/// concatenated runs) and how wide it prints.
struct Word {
    start: usize,
    width: f64,
}

/// The words of `content` as lines break them: at spaces, but not around a
/// lone "-" between words ("Văn hóa - Xã hội"), which the PDF keeps off
/// line edges.
fn words(content: &[Inline]) -> Vec<Word> {
    let size = f64::from(ND30.body.size);
    let mut words: Vec<Word> = Vec::new();
    let mut offset = 0;
    let mut in_word = false;
    let mut glue = false;
    for inline in content {
        for (i, c) in inline.text.char_indices() {
            if c.is_whitespace() && c != '\u{a0}' {
                in_word = false;
                continue;
            }
            let width = metrics::advance(c.encode_utf8(&mut [0; 4]), size, inline.bold);
            let lone_dash = c == '-'
                && !in_word
                && inline.text[i + 1..]
                    .chars()
                    .next()
                    .is_none_or(char::is_whitespace);
            match words.last_mut() {
                Some(last) if in_word || glue || lone_dash => {
                    // A glued word prints after a space.
                    if !in_word {
                        last.width += metrics::advance(" ", size, false);
                    }
                    last.width += width;
                    glue = lone_dash;
                }
                _ => {
                    words.push(Word {
                        start: offset + i,
                        width,
                    });
                    glue = false;
                }
            }
            in_word = true;
        }
        offset += inline.text.len();
    }
    words
}

/// `content` cut at byte `at` of its concatenated text, the spaces at the
/// cut dropped.
fn split_inlines(content: &[Inline], at: usize) -> (Vec<Inline>, Vec<Inline>) {
    let mut head = Vec::new();
    let mut tail = Vec::new();
    let mut offset = 0;
    for inline in content {
        let end = offset + inline.text.len();
        if end <= at {
            head.push(inline.clone());
        } else if offset >= at {
            tail.push(inline.clone());
        } else {
            let (before, after) = inline.text.split_at(at - offset);
            head.push(Inline {
                text: before.to_owned(),
                ..inline.clone()
            });
            tail.push(Inline {
                text: after.to_owned(),
                ..inline.clone()
            });
        }
        offset = end;
    }
    trim_end(&mut head);
    (head, tail)
}

/// Drops the spaces that end `runs`, and runs left empty.
fn trim_end(runs: &mut Vec<Inline>) {
    while let Some(last) = runs.last_mut() {
        let trimmed = last.text.trim_end().len();
        last.text.truncate(trimmed);
        if !last.text.is_empty() {
            break;
        }
        runs.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::{Cell, Recipients, Row};

    #[test]
    fn ordinary_rows_fit_and_a_page_of_text_does_not() {
        let long = "chữ ".repeat(3000);
        let table = Table {
            widths: vec![10, 90],
            header: Vec::new(),
            body: vec![
                Row {
                    cells: vec![Cell::text("1"), Cell::text("Phòng Kinh tế")],
                    group: false,
                },
                Row {
                    cells: vec![Cell::text("2"), Cell::text(&long)],
                    group: false,
                },
            ],
        };
        assert_eq!(
            body_rows_fit_a_page(&table, Orientation::Portrait),
            [true, false]
        );
    }

    #[test]
    fn the_first_rows_up_to_a_task_may_break_under_the_heading() {
        let row = |text: &str, group: bool| Row {
            cells: vec![Cell::text(text)],
            group,
        };
        let table = Table {
            widths: vec![100],
            header: vec![row("Nội dung", false)],
            body: vec![row("I", true), row("1", false), row("2", false)],
        };
        assert_eq!(
            body_rows_kept_whole(&table, Orientation::Portrait),
            [false, false, true]
        );
    }

    #[test]
    fn a_cell_is_its_lines_their_spacing_and_its_insets() {
        let t = &ND30.table;
        let line = ND30.line.height(t.size).points();
        let insets = 2.0 * t.inset_y.points();
        let one = cell_height(&Cell::text("Phòng Kinh tế"), Length::pt(200.0)).points();
        assert!((one - (line + insets)).abs() < 1e-9, "{one}");
        let two = Cell::lines(["a".to_owned(), "b".to_owned()]);
        let two = cell_height(&two, Length::pt(200.0)).points();
        assert!((two - (2.0 * line + t.spacing.points() + insets)).abs() < 1e-9);
        // "Phòng Kinh tế" wraps into three lines in a column narrower than
        // its words ("Phòng" is the widest).
        let narrow = metrics::advance("Phòng", f64::from(t.size), false) + 0.1;
        let three = cell_height(&Cell::text("Phòng Kinh tế"), Length::pt(narrow)).points();
        assert!((three - (3.0 * line + insets)).abs() < 1e-9, "{three}");
    }

    #[test]
    fn sixty_recipients_flow_and_ten_do_not() {
        let block = |n: usize| SignatureBlock {
            recipients_label: "Nơi nhận:".into(),
            recipients: (0..n)
                .map(|i| Recipients::Line(format!("- Đơn vị số {i};")))
                .collect(),
            authority: vec!["TM. ỦY BAN NHÂN DÂN".into()],
            name: "Nguyễn Văn A".into(),
        };
        assert!(!recipients_flow(&block(10)));
        assert!(recipients_flow(&block(60)));
    }
}
