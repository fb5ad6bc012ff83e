//! Data tables: ruled, 12 pt cells, header rows bold, centred and repeated
//! on every page, group rows bold, column and row spans, and column widths
//! scaled to the part's text width with a fixed layout.
//!
//! The tree leaves out the cells a row span covers; Word needs them as
//! "continue" cells (`w:vMerge` without a value) in every covered row, so
//! the writer walks the grid and puts them back.

use docx_rs::{
    AlignmentType, BorderType, Paragraph, Table, TableBorder, TableBorderPosition, TableBorders,
    TableCell, TableCellMargins, TableLayoutType, TableRow, VAlignType, VMergeType, WidthType,
};

use super::measure::bold_lines;
use super::run::{inlines, with_runs};
use super::styles::{TABLE_FONT, TABLE_TEXT};
use super::{Ctx, DocxError, repeat_header};
use crate::doc::{self, Align, Row};

/// Table rules are 1/2 pt (in eighths of a point).
const BORDER_EIGHTHS: usize = 4;
/// Space between a cell's rules and its text, in twips (4 pt and 3 pt).
const PADDING_X: usize = 80;
const PADDING_Y: usize = 60;
/// Size of cell text in points, and the height of one of its lines in
/// twips (1.15 em, a little more than LibreOffice's 1.107 em, so estimates
/// err on the tall side).
const TABLE_POINTS: usize = 12;
const LINE_HEIGHT: u32 = 276;

/// What a row is for; it decides weight, alignment and repetition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RowKind {
    /// Bold, centred, repeated at the top of every page.
    Header,
    /// "I. Văn bản chỉ đạo": bold, kept with the row after it.
    Group,
    Body,
}

/// A cell of the tree placed on the grid.
#[derive(Debug, Clone, Copy)]
struct Placed<'a> {
    cell: &'a doc::Cell,
    /// Width of the columns it spans, in twips.
    width: usize,
    /// Rows it spans.
    rows: usize,
}

/// A row span from a row above, still covering a column.
#[derive(Debug, Clone, Copy)]
struct Covered {
    /// Rows below the current one that the span still covers.
    rows_after: u16,
    /// Columns the spanning cell covers.
    columns: usize,
}

/// The DOCX table for `table`, `ctx.text_width()` wide.
pub(super) fn table(ctx: Ctx<'_>, table: &doc::Table) -> Result<Table, DocxError> {
    let columns = column_count(table);
    let grid = grid(&table.widths, columns, ctx.text_width());
    let mut covered: Vec<Option<Covered>> = vec![None; columns];

    let mut rows = Vec::new();
    let mut header_cells = Vec::new();
    let mut placed = Vec::new();
    for row in &table.header {
        let (cells, row_placed) = self::cells(ctx, row, RowKind::Header, &grid, &mut covered)?;
        header_cells.push(cells);
        placed.push(row_placed);
    }
    for (cells, min_height) in header_cells.into_iter().zip(header_heights(&placed)) {
        // Marked so the package step turns it into `<w:tblHeader/>`.
        rows.push(repeat_header::mark(
            TableRow::new(cells).cant_split(),
            min_height,
        ));
    }
    for row in &table.body {
        let kind = if row.group {
            RowKind::Group
        } else {
            RowKind::Body
        };
        let (cells, _) = self::cells(ctx, row, kind, &grid, &mut covered)?;
        let row = TableRow::new(cells);
        rows.push(match kind {
            RowKind::Group => row.cant_split(),
            _ => row,
        });
    }

    let rule = |position| {
        TableBorder::new(position)
            .border_type(BorderType::Single)
            .size(BORDER_EIGHTHS)
            .color("000000")
    };
    let borders = [
        TableBorderPosition::Top,
        TableBorderPosition::Left,
        TableBorderPosition::Bottom,
        TableBorderPosition::Right,
        TableBorderPosition::InsideH,
        TableBorderPosition::InsideV,
    ]
    .into_iter()
    .fold(TableBorders::new(), |borders, position| {
        borders.set(rule(position))
    });

    Ok(Table::new(rows)
        .width(grid.iter().sum(), WidthType::Dxa)
        .set_grid(grid)
        .layout(TableLayoutType::Fixed)
        .set_borders(borders)
        .margins(TableCellMargins::new().margin(PADDING_Y, PADDING_X, PADDING_Y, PADDING_X)))
}

/// Columns of the table: its widths, or, without widths, its widest row.
fn column_count(table: &doc::Table) -> usize {
    if !table.widths.is_empty() {
        return table.widths.len();
    }
    table
        .header
        .iter()
        .chain(&table.body)
        .map(|row| {
            row.cells
                .iter()
                .map(|c| usize::from(c.colspan.max(1)))
                .sum()
        })
        .max()
        .unwrap_or(1)
        .max(1)
}

/// Column widths in twips: `widths` scaled to `total`, rounded so that they
/// add up to exactly `total`. Missing or zero widths give equal columns.
fn grid(widths: &[u32], columns: usize, total: u32) -> Vec<usize> {
    let weights: Vec<u64> = if widths.len() == columns && widths.iter().any(|&w| w > 0) {
        widths.iter().map(|&w| u64::from(w)).collect()
    } else {
        vec![1; columns]
    };
    let sum: u64 = weights.iter().sum();
    let total = u64::from(total);
    let mut before = 0u64;
    let mut edge_before = 0u64;
    weights
        .iter()
        .map(|&w| {
            before += w;
            let edge = (before * total + sum / 2) / sum;
            let width = edge - edge_before;
            edge_before = edge;
            width as usize
        })
        .collect()
}

/// The cells of one row, with continue cells where spans from above cover
/// it and empty cells where the row is short; and where the row's own
/// cells landed.
fn cells<'a>(
    ctx: Ctx<'_>,
    row: &'a Row,
    kind: RowKind,
    grid: &[usize],
    covered: &mut [Option<Covered>],
) -> Result<(Vec<TableCell>, Vec<Placed<'a>>), DocxError> {
    let columns = grid.len();
    let span_width = |from: usize, span: usize| grid[from..from + span].iter().sum::<usize>();
    // Columns that spans from rows above take in this row, for the error.
    let carried: usize = covered.iter().flatten().map(|c| c.columns).sum();
    let mut given = row.cells.iter();
    let mut out = Vec::new();
    let mut placed = Vec::new();
    let mut column = 0;
    while column < columns {
        if let Some(cover) = covered[column] {
            out.push(
                filled(ctx, &[], kind, false, Align::Left)
                    .vertical_merge(VMergeType::Continue)
                    .grid_span(cover.columns)
                    .width(span_width(column, cover.columns), WidthType::Dxa),
            );
            covered[column] = (cover.rows_after > 1).then_some(Covered {
                rows_after: cover.rows_after - 1,
                ..cover
            });
            column += cover.columns;
            continue;
        }
        let Some(cell) = given.next() else {
            // A short row: pad it so the grid stays rectangular.
            out.push(
                filled(ctx, &[], kind, false, Align::Left).width(grid[column], WidthType::Dxa),
            );
            column += 1;
            continue;
        };
        let wanted = usize::from(cell.colspan.max(1));
        if column + wanted > columns {
            return Err(too_wide(row, columns, carried));
        }
        // A span may not run into a column that a span from above covers;
        // stop it there rather than lose the cell.
        let span = (column..column + wanted)
            .position(|c| covered[c].is_some())
            .unwrap_or(wanted)
            .max(1);
        let lines: Vec<&[doc::Inline]> = cell.lines.iter().map(Vec::as_slice).collect();
        let mut docx_cell = filled(ctx, &lines, kind, cell.bold, cell.align)
            .grid_span(span)
            .width(span_width(column, span), WidthType::Dxa);
        if cell.rowspan > 1 {
            docx_cell = docx_cell.vertical_merge(VMergeType::Restart);
            covered[column] = Some(Covered {
                rows_after: cell.rowspan - 1,
                columns: span,
            });
        }
        out.push(docx_cell);
        placed.push(Placed {
            cell,
            width: span_width(column, span),
            rows: usize::from(cell.rowspan.max(1)),
        });
        column += span;
    }
    if given.next().is_some() {
        return Err(too_wide(row, columns, carried));
    }
    Ok((out, placed))
}

/// Minimum heights of the header rows, in twips (0: none).
///
/// A header cell that spans rows may need more height than the rows it
/// spans need on their own. LibreOffice (7.4) grows the rows for it on the
/// table's first page but sizes the repeated header on later pages from the
/// rows alone, clipping the cell's last lines; a minimum height on each row,
/// estimated from the text, keeps the repeated header whole. Headers
/// without row spans need none.
fn header_heights(placed: &[Vec<Placed<'_>>]) -> Vec<u32> {
    let rows = placed.len();
    if placed.iter().flatten().all(|p| p.rows == 1) {
        return vec![0; rows];
    }
    let lines = |p: &Placed<'_>| -> u32 {
        let width = p.width.saturating_sub(2 * PADDING_X) as u32;
        let lines: usize = p
            .cell
            .lines
            .iter()
            .map(|line| {
                let text: String = line.iter().map(|i| i.text.as_str()).collect();
                bold_lines(&text, TABLE_POINTS, width)
            })
            .sum();
        lines.max(1) as u32
    };
    let height = |lines: u32| lines * LINE_HEIGHT + 2 * PADDING_Y as u32;
    let mut heights: Vec<u32> = placed
        .iter()
        .map(|row| {
            let own = row.iter().filter(|p| p.rows == 1).map(lines).max();
            height(own.unwrap_or(1))
        })
        .collect();
    for (first, row) in placed.iter().enumerate() {
        for p in row.iter().filter(|p| p.rows > 1) {
            let last = (first + p.rows).min(rows) - 1;
            let have: u32 = heights[first..=last].iter().sum();
            let need = height(lines(p));
            if need > have {
                heights[last] += need - have;
            }
        }
    }
    heights
}

/// The error for a row that does not fit the table's columns.
fn too_wide(row: &Row, columns: usize, carried: usize) -> DocxError {
    let own: usize = row
        .cells
        .iter()
        .map(|c| usize::from(c.colspan.max(1)))
        .sum();
    DocxError::TableRow {
        columns,
        needed: own + carried,
    }
}

/// A cell with one paragraph per line (at least one, as Word requires).
/// Header and group rows are bold by kind, a body cell when `bold`.
fn filled(
    ctx: Ctx<'_>,
    lines: &[&[doc::Inline]],
    kind: RowKind,
    bold: bool,
    align: Align,
) -> TableCell {
    let font = TABLE_FONT.bold_if(bold || kind != RowKind::Body);
    let align = match (kind, align) {
        (RowKind::Header, _) | (_, Align::Center) => AlignmentType::Center,
        (_, Align::Left) => AlignmentType::Left,
        (_, Align::Right) => AlignmentType::Right,
    };
    let paragraph = |line: &[doc::Inline]| -> Paragraph {
        let paragraph = ctx
            .paragraph()
            .style(TABLE_TEXT)
            .align(align)
            // A group row stays on the page of the first row it heads.
            .keep_next(kind == RowKind::Group);
        with_runs(paragraph, inlines(line, font))
    };
    let paragraphs: Vec<Paragraph> = if lines.is_empty() {
        vec![paragraph(&[])]
    } else {
        lines.iter().map(|line| paragraph(line)).collect()
    };
    paragraphs.into_iter().fold(
        TableCell::new().vertical_align(VAlignType::Center),
        TableCell::add_paragraph,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::{Cell, Orientation};
    use crate::write::docx::ids::ParaIds;
    use crate::write::docx::page::Page;
    use docx_rs::BuildXML;

    fn two_level_table() -> doc::Table {
        doc::Table {
            widths: vec![1, 4, 2, 2],
            header: vec![
                Row {
                    cells: vec![
                        Cell::text("STT").spanning_rows(2),
                        Cell::text("Chỉ tiêu").spanning_rows(2),
                        Cell::text("Đơn vị").spanning(2),
                    ],
                    group: false,
                },
                Row {
                    cells: vec![Cell::text("Chủ trì"), Cell::text("Phối hợp")],
                    group: false,
                },
            ],
            body: vec![
                Row {
                    cells: vec![Cell::text("I").centered(), Cell::text("Nhóm").spanning(3)],
                    group: true,
                },
                Row {
                    cells: vec![
                        Cell::text("1").centered(),
                        Cell::lines(["a".to_string(), "b".to_string()]),
                        Cell::text("VHXH").spanning_rows(2),
                        Cell::text("Công an"),
                    ],
                    group: false,
                },
                Row {
                    cells: vec![Cell::text("2"), Cell::text("c"), Cell::text("d")],
                    group: false,
                },
            ],
        }
    }

    fn xml(table: &doc::Table, orientation: Orientation) -> Result<String, DocxError> {
        let ids = ParaIds::new();
        let ctx = Ctx::new(&ids, Page::new(orientation));
        Ok(String::from_utf8(self::table(ctx, table)?.build()).unwrap())
    }

    #[test]
    fn widths_scale_to_the_text_width_exactly() {
        assert_eq!(grid(&[1, 1, 1], 3, 100), vec![33, 34, 33]);
        assert_eq!(grid(&[1, 4, 2, 2], 4, 9355).iter().sum::<usize>(), 9355);
        assert_eq!(grid(&[], 2, 10), vec![5, 5]);
        let xml = xml(&two_level_table(), Orientation::Landscape).unwrap();
        let landscape = Page::new(Orientation::Landscape).text_width();
        assert!(xml.contains(&format!(r#"<w:tblW w:w="{landscape}" w:type="dxa" />"#)));
        assert!(xml.contains(r#"<w:tblLayout w:type="fixed" />"#), "{xml}");
    }

    #[test]
    fn covered_cells_come_back_as_continue_cells() {
        let xml = xml(&two_level_table(), Orientation::Portrait).unwrap();
        let rows: Vec<&str> = xml.split("<w:tr>").skip(1).collect();
        assert_eq!(rows.len(), 5);
        // Header row 2: two continue cells (STT, Chỉ tiêu), then its own two.
        assert_eq!(rows[1].matches("<w:tc>").count(), 4, "{}", rows[1]);
        assert_eq!(
            rows[1].matches(r#"<w:vMerge w:val="continue" />"#).count(),
            2
        );
        assert_eq!(
            rows[0].matches(r#"<w:vMerge w:val="restart" />"#).count(),
            2
        );
        assert!(rows[0].contains(r#"<w:gridSpan w:val="2" />"#));
        // Body: "VHXH" restarts in row 4 and continues in row 5 (third cell).
        let last_cells: Vec<&str> = rows[4].split("<w:tc>").skip(1).collect();
        assert_eq!(last_cells.len(), 4);
        assert!(last_cells[2].contains(r#"<w:vMerge w:val="continue" />"#));
        assert!(last_cells[3].contains(">d</w:t>"));
    }

    #[test]
    fn header_rows_are_marked_bold_and_centred() {
        let xml = xml(&two_level_table(), Orientation::Portrait).unwrap();
        let rows: Vec<&str> = xml.split("<w:tr>").skip(1).collect();
        for row in &rows[..2] {
            assert!(row.contains(r#".5" w:hRule="atLeast" />"#), "{row}");
            assert!(row.contains("<w:b />"));
        }
        for row in &rows[2..] {
            assert!(!row.contains("<w:trHeight"), "{row}");
        }
        // The group row is bold; plain body rows are not.
        assert!(rows[2].contains("<w:b />"));
        assert!(!rows[4].contains("<w:b />"));
        // Multi-line cell: one paragraph per line.
        assert!(rows[3].contains(">a</w:t>") && rows[3].contains(">b</w:t>"));
    }

    #[test]
    fn header_rows_get_room_for_cells_that_span_them() {
        let mut table = two_level_table();
        // A tall cell spanning both header rows in a narrow column.
        table.header[0].cells[0] =
            Cell::lines((1..=6).map(|i| format!("dòng {i}"))).spanning_rows(2);
        let ids = ParaIds::new();
        let ctx = Ctx::new(&ids, Page::new(Orientation::Portrait));
        let grid = grid(&table.widths, 4, ctx.text_width());
        let mut covered = vec![None; 4];
        let placed: Vec<_> = table
            .header
            .iter()
            .map(|row| {
                cells(ctx, row, RowKind::Header, &grid, &mut covered)
                    .unwrap()
                    .1
            })
            .collect();
        let heights = header_heights(&placed);
        let line = LINE_HEIGHT + 2 * PADDING_Y as u32;
        // Row 1 holds one line of its own; row 2 gets the rest of six lines.
        assert_eq!(heights[0], line);
        assert_eq!(
            heights[0] + heights[1],
            6 * LINE_HEIGHT + 2 * PADDING_Y as u32
        );
        // Without row spans, no minimum heights.
        let flat = vec![placed[1].clone()];
        assert_eq!(header_heights(&flat), vec![0]);
    }

    #[test]
    fn a_row_wider_than_the_table_is_an_error() {
        let mut table = two_level_table();
        table.body[2].cells.push(Cell::text("thừa"));
        let error = xml(&table, Orientation::Portrait).unwrap_err();
        assert!(matches!(
            error,
            DocxError::TableRow {
                columns: 4,
                needed: 5
            }
        ));
    }

    #[test]
    fn short_rows_are_padded() {
        let table = doc::Table {
            widths: vec![1, 1, 1],
            header: vec![],
            body: vec![Row {
                cells: vec![Cell::text("x")],
                group: false,
            }],
        };
        let xml = xml(&table, Orientation::Portrait).unwrap();
        assert_eq!(xml.matches("<w:tc>").count(), 3);
    }
}
