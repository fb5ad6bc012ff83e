//! Column widths from what the columns hold, measured with the embedded
//! font's advance widths: no column narrower than its longest word plus its
//! cell padding, none wider than its longest line, and the room between
//! shared by the square root of each column's amount of text — which keeps
//! rows short when one column holds much more than the others.

use crate::doc::grid::Slot;
use crate::doc::metrics::advance;
use crate::doc::style::ND30;
use crate::doc::{Cell, Orientation, Table};

/// Room a column needs beside its text: the cell insets on both sides and
/// one rule, as both writers print them (doc::style).
fn padding() -> f64 {
    2.0 * ND30.table.inset_x.points() + ND30.table.stroke.points()
}

/// Printed width of the text of a cell line, in points.
fn printed(text: &str, cell: &Cell) -> f64 {
    advance(text, f64::from(ND30.table.size), cell.bold)
}

/// Sets `table.widths` (tenths of a point, adding up to the text width)
/// from its cells' text as the embedded font prints it. Returns false when
/// the longest ordinary words of all columns together are wider than the
/// page: then those words are the widths (squeezed by the writers) unless
/// the caller turns the page.
pub fn fit(table: &mut Table, orientation: Orientation) -> bool {
    let columns = table.widths.len();
    if columns == 0 {
        return true;
    }
    let available = ND30.text_width(orientation).points();
    let pad = padding();
    // A word wider than half the line is overlong: it will be broken.
    let word_cap = available / 2.0;
    let mut least = vec![pad + 6.0; columns];
    let mut most = vec![pad + 6.0; columns];
    let mut amount = vec![0.0_f64; columns];
    // A table whose rows do not fit its columns keeps its widths; the
    // writers report it.
    let Ok(grid) = table.grid() else {
        return true;
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
                            .map(|w| printed(w, cell))
                            .fold(0.0, f64::max);
                        let length = printed(&text, cell);
                        least[column] = least[column].max((longest_word + pad).min(word_cap));
                        most[column] = most[column].max(length + pad);
                        amount[column] += text.chars().count() as f64;
                    }
                    column += 1;
                }
                Slot::Cell { columns, .. } | Slot::Covered { columns } => column += columns,
                Slot::Empty => column += 1,
            }
        }
    }
    let words_fit = least.iter().sum::<f64>() <= available;
    // The widths the table was built with say how much each column matters
    // (a name column more than a note column): keep three quarters of that
    // share as a floor, where the column has the text to fill it and the
    // words of the other columns leave the room.
    if words_fit {
        let planned: f64 = table.widths.iter().map(|w| f64::from(*w)).sum();
        let floors: Vec<f64> = (0..columns)
            .map(|c| {
                let floor = 0.75 * available * f64::from(table.widths[c]) / planned.max(1.0);
                least[c].max(floor.min(most[c]))
            })
            .collect();
        if floors.iter().sum::<f64>() <= available {
            least = floors;
        }
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
    table.widths = widths
        .iter()
        .map(|w| (w * 10.0).round().max(1.0) as u32)
        .collect();
    words_fit
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
    use crate::doc::Row;

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
            f64::from(t.widths[2]) >= 10.0 * advance("35,4%", 12.0, false),
            "a target keeps its word whole: {:?}",
            t.widths
        );
    }

    #[test]
    fn no_column_is_narrower_than_its_longest_word_and_its_padding() {
        let long = "Tỷ lệ dân số trưởng thành tiếp cận dịch vụ số trong y tế giáo dục bảo hiểm giao thông và nhiều nội dung khác nữa";
        let mut t = table(&[&["STT", long, "MobiFone", "Viettel", "VNPT", "UBND", "80%"]]);
        t.body[0].cells[0].bold = true;
        assert!(fit(&mut t, Orientation::Portrait));
        let words = ["STT", "", "MobiFone", "Viettel", "VNPT", "UBND", "80%"];
        for (c, word) in words.iter().enumerate() {
            let need = 10.0 * (advance(word, 12.0, c == 0) + padding());
            assert!(
                f64::from(t.widths[c]) >= need.floor(),
                "{c}: {:?}",
                t.widths
            );
        }
        let total: u32 = t.widths.iter().sum();
        let page = ND30.text_width(Orientation::Portrait).points() * 10.0;
        assert!((f64::from(total) - page).abs() < 10.0, "{total} vs {page}");
    }

    #[test]
    fn words_wider_than_the_page_together_say_so() {
        let row: Vec<&str> = vec!["Thông-tin-truyền-thông"; 12];
        let mut t = table(&[&row]);
        assert!(!fit(&mut t, Orientation::Portrait));
    }

    #[test]
    fn short_tables_keep_their_natural_widths() {
        let mut t = table(&[&["1", "Phòng Kinh tế", ""]]);
        fit(&mut t, Orientation::Portrait);
        let pad = padding();
        let natural =
            |s: &str| (10.0 * (advance(s, 12.0, false) + pad).max(pad + 6.0)).round() as u32;
        assert_eq!(
            t.widths,
            vec![natural("1"), natural("Phòng Kinh tế"), natural("")]
        );
    }
}
