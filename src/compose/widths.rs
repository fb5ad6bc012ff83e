//! Column widths from what the columns hold: no column narrower than its
//! longest word, none wider than its longest line, and the room between
//! shared by the square root of each column's amount of text — which keeps
//! rows short when one column holds much more than the others.

use crate::doc::grid::Slot;
use crate::doc::style::ND30;
use crate::doc::{Orientation, Table};

/// The average advance of a character of table text, in em (about 2.1 mm
/// at 12 pt).
const CHARACTER_EM: f64 = 0.498;

/// Whole characters of table text across the text width (78 in portrait,
/// 119 in landscape), less cell padding.
fn capacity(orientation: Orientation, columns: usize) -> f64 {
    let character = CHARACTER_EM * f64::from(ND30.table.size);
    let total = (ND30.text_width(orientation).points() / character).floor();
    (total - 1.5 * columns as f64).max(columns as f64)
}

/// Sets `table.widths` from its cells' text.
pub fn fit(table: &mut Table, orientation: Orientation) {
    let columns = table.widths.len();
    if columns == 0 {
        return;
    }
    let available = capacity(orientation, columns);
    // A word longer than half the line will be broken anyway.
    let word_cap = available / 2.0;
    let mut least = vec![2.0_f64; columns];
    let mut most = vec![2.0_f64; columns];
    let mut amount = vec![0.0_f64; columns];
    // A table whose rows do not fit its columns keeps its widths; the
    // writers report it.
    let Ok(grid) = table.grid() else {
        return;
    };
    for slots in &grid {
        let mut column = 0;
        for slot in slots {
            match *slot {
                Slot::Cell { cell, columns: 1 } => {
                    for line in &cell.lines {
                        let text: String = line.iter().map(|i| i.text.as_str()).collect();
                        let longest_word = text
                            // A no-break space ("≥ 40%") joins a word.
                            .split(|c: char| c.is_whitespace() && c != '\u{a0}')
                            .map(|w| w.chars().count())
                            .max()
                            .unwrap_or(0) as f64;
                        let length = text.chars().count() as f64;
                        least[column] = least[column].max((longest_word + 1.0).min(word_cap));
                        most[column] = most[column].max(length + 1.0);
                        amount[column] += length;
                    }
                    column += 1;
                }
                Slot::Cell { columns, .. } | Slot::Covered { columns } => column += columns,
                Slot::Empty => column += 1,
            }
        }
    }
    // The widths the table was built with say how much each column matters
    // (a name column more than a note column): keep three quarters of that
    // share as a floor, where the column has the text to fill it.
    let planned: f64 = table.widths.iter().map(|w| f64::from(*w)).sum();
    for c in 0..columns {
        let floor = 0.75 * available * f64::from(table.widths[c]) / planned.max(1.0);
        least[c] = least[c].max(floor.min(most[c]));
    }
    let least_sum: f64 = least.iter().sum();
    let most_sum: f64 = most.iter().sum();
    let widths: Vec<f64> = if most_sum <= available {
        most
    } else if least_sum >= available {
        least
    } else {
        share_room(&least, &most, &amount, available)
    };
    // Tenths of a character, as whole numbers for the tree.
    table.widths = widths
        .iter()
        .map(|w| (w * 10.0).round().max(1.0) as u32)
        .collect();
}

/// Gives each column its least width, then shares what is left by the
/// square root of its amount of text, never past its widest line (what one
/// column cannot take goes round again to the others).
fn share_room(least: &[f64], most: &[f64], amount: &[f64], available: f64) -> Vec<f64> {
    let mut widths = least.to_vec();
    let mut room = available - least.iter().sum::<f64>();
    for _ in 0..least.len() {
        let open: Vec<usize> = (0..widths.len()).filter(|&c| widths[c] < most[c]).collect();
        let weight: f64 = open.iter().map(|&c| amount[c].sqrt().max(1.0)).sum();
        if room <= 0.01 || open.is_empty() {
            break;
        }
        let mut used = 0.0;
        for &c in &open {
            let want = room * amount[c].sqrt().max(1.0) / weight;
            let given = want.min(most[c] - widths[c]);
            widths[c] += given;
            used += given;
        }
        room -= used;
    }
    widths
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::{Cell, Row};

    fn table(rows: &[&[&str]]) -> Table {
        Table {
            widths: vec![1; rows[0].len()],
            header: Vec::new(),
            body: rows
                .iter()
                .map(|r| Row {
                    cells: r.iter().map(|t| Cell::text(*t)).collect(),
                    group: false,
                })
                .collect(),
        }
    }

    #[test]
    fn narrow_columns_stay_narrow_and_wordy_ones_get_the_room() {
        let long = "Tỷ lệ dân số trưởng thành tiếp cận dịch vụ số trong y tế giáo dục bảo hiểm giao thông và nhiều nội dung khác nữa";
        let mut t = table(&[&["1", long, "80%"], &["16", long, "35,4%"]]);
        fit(&mut t, Orientation::Portrait);
        assert!(t.widths[1] > 5 * t.widths[0], "{:?}", t.widths);
        assert!(
            t.widths[2] >= 60,
            "a target keeps its word whole: {:?}",
            t.widths
        );
    }

    #[test]
    fn the_text_width_holds_78_or_119_characters() {
        assert_eq!(capacity(Orientation::Portrait, 0), 78.0);
        assert_eq!(capacity(Orientation::Landscape, 0), 119.0);
    }

    #[test]
    fn short_tables_keep_their_natural_widths() {
        let mut t = table(&[&["1", "Phòng Kinh tế", ""]]);
        fit(&mut t, Orientation::Portrait);
        assert_eq!(t.widths, vec![20, 140, 20]);
    }
}
