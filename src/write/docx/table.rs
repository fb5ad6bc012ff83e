//! Data tables: ruled, with the cell size, ruling and insets of [`ND30`],
//! header rows repeated on every page, column and row spans, and column
//! widths scaled to the part's text width with a fixed layout. Weight and
//! alignment are the cells' own: compose made header and group rows bold.
//!
//! The tree leaves out the cells a row span covers; Word needs them as
//! "continue" cells (`w:vMerge` without a value) in every covered row, so
//! the writer walks the grid and puts them back.

use docx_rs::{
    AlignmentType, BorderType, Paragraph, Table, TableBorder, TableBorderPosition, TableBorders,
    TableCell, TableCellMargins, TableLayoutType, TableRow, VAlignType, VMergeType, WidthType,
};

use super::run::{inlines, with_runs};
use super::styles::{TABLE_FONT, TABLE_TEXT, single_spacing};
use super::{Ctx, DocxError, repeat_header};
use crate::doc::fits;
use crate::doc::grid::{Slot, TooWide};
use crate::doc::style::{Length, ND30};
use crate::doc::{self, Align};

/// Space between a cell's rules and its text, in twips: beside the text,
/// from the rule's edge, as the column widths were measured (`compose`);
/// above and below, from the rule's middle, as the PDF sets it — Word and
/// LibreOffice add a row's rule to its height, typst draws it across the
/// cell's edge — so that rows are as tall in both.
const PADDING_X: usize = (ND30.table.inset_x.points() * 20.0) as usize;
const PADDING_Y: usize =
    (ND30.table.inset_y.minus(ND30.table.stroke.half()).points() * 20.0) as usize;

/// What a row is for; it decides repetition and keeping together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RowKind {
    /// Repeated at the top of every page.
    Header,
    /// "I. Văn bản chỉ đạo": kept with the row after it.
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

/// The DOCX table for `table`, `ctx.text_width()` wide.
pub(super) fn table(ctx: Ctx<'_>, table: &doc::Table) -> Result<Table, DocxError> {
    let columns = table.column_count();
    let grid = grid(&table.widths, columns, ctx.text_width());
    let slots = table
        .grid()
        .map_err(|TooWide { columns, needed }| DocxError::TableRow { columns, needed })?;
    let (header_slots, body_slots) = slots.split_at(table.header.len());

    let mut rows = Vec::new();
    let mut header_cells = Vec::new();
    let mut placed = Vec::new();
    for row in header_slots {
        let (cells, row_placed) = self::cells(ctx, row, RowKind::Header, &grid);
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
    // A row never splits across pages unless it is taller than a page
    // (then Word would push it past the bottom margin), or is the first
    // under the appendix heading (doc::fits).
    let fit = fits::body_rows_kept_whole(table, ctx.page.orientation());
    for ((row, row_slots), fits) in table.body.iter().zip(body_slots).zip(fit) {
        let kind = if row.group {
            RowKind::Group
        } else {
            RowKind::Body
        };
        let (cells, _) = self::cells(ctx, row_slots, kind, &grid);
        let row = TableRow::new(cells);
        rows.push(if fits { row.cant_split() } else { row });
    }

    let rule = |position| {
        TableBorder::new(position)
            .border_type(BorderType::Single)
            .size(ND30.table.stroke.eighths())
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

/// The cells of one row from its slots on the grid: continue cells where
/// spans from above cover it, empty cells where the row is short; and
/// where the row's own cells landed.
fn cells<'a>(
    ctx: Ctx<'_>,
    slots: &[Slot<'a>],
    kind: RowKind,
    grid: &[usize],
) -> (Vec<TableCell>, Vec<Placed<'a>>) {
    let span_width = |from: usize, span: usize| grid[from..from + span].iter().sum::<usize>();
    let mut out = Vec::new();
    let mut placed = Vec::new();
    let mut column = 0;
    for slot in slots {
        match *slot {
            Slot::Covered { columns } => {
                out.push(
                    filled(ctx, &[], kind, false, Align::Left)
                        .vertical_merge(VMergeType::Continue)
                        .grid_span(columns)
                        .width(span_width(column, columns), WidthType::Dxa),
                );
                column += columns;
            }
            // A short row: padded so the grid stays rectangular.
            Slot::Empty => {
                out.push(
                    filled(ctx, &[], kind, false, Align::Left).width(grid[column], WidthType::Dxa),
                );
                column += 1;
            }
            Slot::Cell { cell, columns } => {
                let lines: Vec<&[doc::Inline]> = cell.lines.iter().map(Vec::as_slice).collect();
                let mut docx_cell = filled(ctx, &lines, kind, cell.bold, cell.align)
                    .grid_span(columns)
                    .width(span_width(column, columns), WidthType::Dxa);
                if cell.rowspan > 1 {
                    docx_cell = docx_cell.vertical_merge(VMergeType::Restart);
                }
                out.push(docx_cell);
                placed.push(Placed {
                    cell,
                    width: span_width(column, columns),
                    rows: usize::from(cell.rowspan.max(1)),
                });
                column += columns;
            }
        }
    }
    (out, placed)
}

/// Minimum heights of the header rows, in twips (0: none).
///
/// A header cell that spans rows may need more height than the rows it
/// spans need on their own. LibreOffice (7.4) grows the rows for it on the
/// table's first page but sizes the repeated header on later pages from the
/// rows alone, clipping the cell's last lines; a minimum height on each row,
/// estimated from the text (`doc::fits`), keeps the repeated header whole.
/// Headers without row spans need none.
fn header_heights(placed: &[Vec<Placed<'_>>]) -> Vec<u32> {
    let rows = placed.len();
    if placed.iter().flatten().all(|p| p.rows == 1) {
        return vec![0; rows];
    }
    let height = |p: &Placed<'_>| -> u32 {
        let width = Length::pt(p.width.saturating_sub(2 * PADDING_X) as f64 / 20.0);
        fits::cell_height(p.cell, width).twips()
    };
    let empty_row = fits::cell_height(&doc::Cell::text(""), Length::ZERO).twips();
    let mut heights: Vec<u32> = placed
        .iter()
        .map(|row| {
            let own = row.iter().filter(|p| p.rows == 1).map(height).max();
            own.unwrap_or(empty_row)
        })
        .collect();
    for (first, row) in placed.iter().enumerate() {
        for p in row.iter().filter(|p| p.rows > 1) {
            let last = (first + p.rows).min(rows) - 1;
            let have: u32 = heights[first..=last].iter().sum();
            let need = height(p);
            if need > have {
                heights[last] += need - have;
            }
        }
    }
    heights
}

/// A cell with one paragraph per line (at least one, as Word requires),
/// bold when `bold`.
fn filled(
    ctx: Ctx<'_>,
    lines: &[&[doc::Inline]],
    kind: RowKind,
    bold: bool,
    align: Align,
) -> TableCell {
    let font = TABLE_FONT.bold_if(bold);
    let align = match align {
        Align::Center => AlignmentType::Center,
        Align::Left => AlignmentType::Left,
        Align::Right => AlignmentType::Right,
    };
    let paragraph = |index: usize, line: &[doc::Inline]| -> Paragraph {
        let mut paragraph = ctx
            .paragraph()
            .style(TABLE_TEXT)
            .align(align)
            // A group row stays on the page of the first row it heads.
            .keep_next(kind == RowKind::Group);
        if index > 0 {
            // Apart from the paragraph above; Word would add space before
            // the first to the cell's top inset.
            let spacing = ND30.table.spacing.twips();
            paragraph = paragraph.line_spacing(single_spacing(0).before(spacing));
        }
        with_runs(paragraph, inlines(line, font))
    };
    let paragraphs: Vec<Paragraph> = if lines.is_empty() {
        vec![paragraph(0, &[])]
    } else {
        lines
            .iter()
            .enumerate()
            .map(|(i, line)| paragraph(i, line))
            .collect()
    };
    paragraphs.into_iter().fold(
        TableCell::new().vertical_align(VAlignType::Center),
        TableCell::add_paragraph,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::{Cell, Orientation, Row};
    use crate::write::docx::ids::ParaIds;
    use crate::write::docx::page::Page;
    use docx_rs::BuildXML;

    fn two_level_table() -> doc::Table {
        doc::Table {
            widths: vec![1, 4, 2, 2],
            header: vec![
                Row {
                    cells: vec![
                        Cell::text("STT").spanning_rows(2).bolded(),
                        Cell::text("Chỉ tiêu").spanning_rows(2).bolded(),
                        Cell::text("Đơn vị").spanning(2).bolded(),
                    ],
                    group: false,
                },
                Row {
                    cells: vec![
                        Cell::text("Chủ trì").bolded(),
                        Cell::text("Phối hợp").bolded(),
                    ],
                    group: false,
                },
            ],
            body: vec![
                Row {
                    cells: vec![
                        Cell::text("I").centered().bolded(),
                        Cell::text("Nhóm").spanning(3).bolded(),
                    ],
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
    fn header_rows_are_marked_and_cells_keep_their_own_weight() {
        let xml = xml(&two_level_table(), Orientation::Portrait).unwrap();
        let rows: Vec<&str> = xml.split("<w:tr>").skip(1).collect();
        for row in &rows[..2] {
            assert!(row.contains(r#".5" w:hRule="atLeast" />"#), "{row}");
            assert!(row.contains("<w:b />"));
        }
        for row in &rows[2..] {
            assert!(!row.contains("<w:trHeight"), "{row}");
        }
        // The group row's cells are bold as the tree says; plain ones are not.
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
        let slots = table.grid().unwrap();
        let placed: Vec<_> = slots[..table.header.len()]
            .iter()
            .map(|row| cells(ctx, row, RowKind::Header, &grid).1)
            .collect();
        let heights = header_heights(&placed);
        let t = &ND30.table;
        let tall = |lines: u32| {
            let text = ND30.line.height(t.size).points() * f64::from(lines);
            let spacing = t.spacing.points() * f64::from(lines - 1);
            Length::pt(text + spacing + 2.0 * t.inset_y.points()).twips()
        };
        // Row 1 holds one line of its own; row 2 gets the rest of six lines.
        assert_eq!(heights[0], tall(1));
        assert_eq!(heights[0] + heights[1], tall(6));
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
