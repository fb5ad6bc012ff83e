//! A table's cells placed on its column grid. The tree leaves out the cells
//! that a row span covers; whoever needs columns (the DOCX writer, which
//! must write covered cells back, and compose's column widths) walks the
//! grid from here rather than each keeping its own count of spans.

use super::{Cell, Table};

/// What takes a place in a row of the grid.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Slot<'a> {
    /// A cell of this row, `columns` wide (its colspan, stopped short of a
    /// column that a span from above still covers).
    Cell { cell: &'a Cell, columns: usize },
    /// `columns` columns covered by a cell of a row above that spans rows.
    Covered { columns: usize },
    /// A column left empty at the end of a short row.
    Empty,
}

/// A row whose cells (with the columns spans from above take) need more
/// columns than the table has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooWide {
    pub columns: usize,
    pub needed: usize,
}

/// A span from a row above, still covering a column.
#[derive(Debug, Clone, Copy)]
struct Cover {
    /// Rows below the current one that the span still covers.
    rows_after: usize,
    columns: usize,
}

impl Table {
    /// Columns of the table: its widths, or, without widths, its widest row.
    pub fn column_count(&self) -> usize {
        if !self.widths.is_empty() {
            return self.widths.len();
        }
        self.header
            .iter()
            .chain(&self.body)
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

    /// Every row, header rows first, as the slots it fills left to right;
    /// each row's slots cover exactly `column_count()` columns.
    pub fn grid(&self) -> Result<Vec<Vec<Slot<'_>>>, TooWide> {
        let columns = self.column_count();
        let mut covered: Vec<Option<Cover>> = vec![None; columns];
        self.header
            .iter()
            .chain(&self.body)
            .map(|row| {
                // Columns that spans from rows above take, for the error.
                let carried: usize = covered.iter().flatten().map(|c| c.columns).sum();
                let too_wide = || TooWide {
                    columns,
                    needed: carried
                        + row
                            .cells
                            .iter()
                            .map(|c| usize::from(c.colspan.max(1)))
                            .sum::<usize>(),
                };
                let mut given = row.cells.iter();
                let mut slots = Vec::new();
                let mut column = 0;
                while column < columns {
                    if let Some(cover) = covered[column] {
                        slots.push(Slot::Covered {
                            columns: cover.columns,
                        });
                        covered[column] = (cover.rows_after > 1).then_some(Cover {
                            rows_after: cover.rows_after - 1,
                            ..cover
                        });
                        column += cover.columns;
                        continue;
                    }
                    let Some(cell) = given.next() else {
                        slots.push(Slot::Empty);
                        column += 1;
                        continue;
                    };
                    let wanted = usize::from(cell.colspan.max(1));
                    if column + wanted > columns {
                        return Err(too_wide());
                    }
                    // A span may not run into a column that a span from
                    // above covers; stop it there rather than lose the cell.
                    let span = (column..column + wanted)
                        .position(|c| covered[c].is_some())
                        .unwrap_or(wanted)
                        .max(1);
                    if cell.rowspan > 1 {
                        covered[column] = Some(Cover {
                            rows_after: usize::from(cell.rowspan) - 1,
                            columns: span,
                        });
                    }
                    slots.push(Slot::Cell {
                        cell,
                        columns: span,
                    });
                    column += span;
                }
                if given.next().is_some() {
                    return Err(too_wide());
                }
                Ok(slots)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::Row;

    fn row(cells: Vec<Cell>) -> Row {
        Row {
            cells,
            group: false,
        }
    }

    #[test]
    fn row_spans_cover_the_rows_below_them() {
        let table = Table {
            widths: vec![1, 1, 1],
            header: vec![row(vec![
                Cell::text("STT").spanning_rows(2),
                Cell::text("Đơn vị").spanning(2),
            ])],
            body: vec![
                row(vec![Cell::text("a"), Cell::text("b")]),
                row(vec![Cell::text("c")]),
            ],
        };
        let grid = table.grid().unwrap();
        let shape: Vec<Vec<String>> = grid
            .iter()
            .map(|slots| {
                slots
                    .iter()
                    .map(|slot| match slot {
                        Slot::Cell { cell, columns } => format!("{}×{columns}", cell.plain_text()),
                        Slot::Covered { columns } => format!("↑×{columns}"),
                        Slot::Empty => "_".to_owned(),
                    })
                    .collect()
            })
            .collect();
        assert_eq!(
            shape,
            [
                vec!["STT×1", "Đơn vị×2"],
                vec!["↑×1", "a×1", "b×1"],
                vec!["c×1", "_", "_"],
            ]
        );
    }

    #[test]
    fn a_row_wider_than_the_table_is_refused() {
        let table = Table {
            widths: vec![1, 1],
            header: vec![row(vec![Cell::text("x").spanning_rows(2), Cell::text("y")])],
            body: vec![row(vec![Cell::text("a"), Cell::text("b")])],
        };
        assert_eq!(
            table.grid(),
            Err(TooWide {
                columns: 2,
                needed: 3
            })
        );
    }
}
