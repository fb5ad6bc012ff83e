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
    let mut rows: Vec<Vec<Paragraphs>> = Vec::new();
    // A table whose rows do not fit its columns keeps its widths; the
    // writers report it.
    let Ok(grid) = table.grid() else {
        return true;
    };
    for slots in &grid {
        let mut column = 0;
        let mut row = vec![Paragraphs::default(); columns];
        for slot in slots {
            match *slot {
                Slot::Cell { cell, columns: 1 } => {
                    row[column] = Paragraphs::of(cell);
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
        rows.push(row);
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
        least.clone()
    } else {
        let shared = share_room(&least, &most, &amount, available);
        balance(&sample(rows), shared, &least, &most)
    };
    let widths = equal_siblings(&grid, table.header.len(), widths, &least);
    table.widths = widths
        .iter()
        .map(|w| (w * 10.0).round().max(1.0) as u32)
        .collect();
    words_fit
}

/// Columns under one spanning header cell ("Mục tiêu theo từng giai
/// đoạn") whose own headings differ only in their numbers ("Năm 2025",
/// "Năm 2030" …) hold parallel data and share their room equally: the
/// balancing above may give one a few points more for a line saved, which
/// prints as a year column visibly narrower than its neighbours. Each keeps
/// at least its longest word (else the group keeps its widths).
fn equal_siblings(
    grid: &[Vec<Slot<'_>>],
    header_rows: usize,
    mut widths: Vec<f64>,
    least: &[f64],
) -> Vec<f64> {
    let header = &grid[..header_rows.min(grid.len())];
    // Each column's own heading, its numbers left out: the lowest header
    // cell one column wide.
    let mut headings: Vec<Option<String>> = vec![None; widths.len()];
    for slots in header {
        let mut column = 0;
        for slot in slots {
            match *slot {
                Slot::Cell { cell, columns } => {
                    if columns == 1 && column < headings.len() {
                        let text: String = cell
                            .plain_text()
                            .chars()
                            .filter(|c| !c.is_ascii_digit())
                            .collect();
                        headings[column] = Some(text);
                    }
                    column += columns;
                }
                Slot::Covered { columns } => column += columns,
                Slot::Empty => column += 1,
            }
        }
    }
    for slots in header {
        let mut column = 0;
        for slot in slots {
            let span = match *slot {
                Slot::Cell { columns, .. } | Slot::Covered { columns } => columns,
                Slot::Empty => 1,
            };
            let group = column..column + span;
            column += span;
            if span < 2 || !matches!(slot, Slot::Cell { .. }) || group.end > widths.len() {
                continue;
            }
            let first = &headings[group.start];
            if first.is_none() || group.clone().any(|c| headings[c] != *first) {
                continue;
            }
            let mean = group.clone().map(|c| widths[c]).sum::<f64>() / span as f64;
            if group.clone().all(|c| mean >= least[c]) {
                for c in group {
                    widths[c] = mean;
                }
            }
        }
    }
    widths
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

/// The paragraphs of one cell, as the printed widths of their words: what
/// is needed to count the lines the cell takes in a column of any width.
#[derive(Debug, Clone, Default)]
struct Paragraphs {
    words: Vec<Vec<f64>>,
    space: f64,
}

impl Paragraphs {
    fn of(cell: &Cell) -> Self {
        let words = cell
            .lines
            .iter()
            .map(|line| {
                let text: String = line.iter().map(|i| i.text.as_str()).collect();
                text.split(|c: char| c.is_whitespace() && c != '\u{a0}')
                    .filter(|w| !w.is_empty())
                    .map(|w| printed(w, cell))
                    .collect()
            })
            .collect();
        Paragraphs {
            words,
            space: printed(" ", cell),
        }
    }

    /// Height in lines in a column `width` points wide (padding included),
    /// filled word by word as the writers fill it; a word wider than the
    /// column takes as many lines as it is broken into. The gap between
    /// paragraphs counts a fifth of a line.
    fn lines(&self, width: f64) -> f64 {
        let room = (width - padding()).max(1.0);
        let mut total = 0.0;
        for words in &self.words {
            let mut lines = 1.0;
            let mut filled = 0.0;
            for &word in words {
                if filled > 0.0 && filled + self.space + word <= room {
                    filled += self.space + word;
                    continue;
                }
                if filled > 0.0 {
                    lines += 1.0;
                }
                let broken = (word / room).ceil().max(1.0);
                lines += broken - 1.0;
                filled = word - (broken - 1.0) * room;
            }
            total += lines + 0.2;
        }
        total
    }
}

/// Rows measured when balancing: a long table is sampled evenly, so that
/// its cost stays bounded (the 5,000-row tables the limits allow).
const SAMPLED_ROWS: usize = 300;

fn sample(rows: Vec<Vec<Paragraphs>>) -> Vec<Vec<Paragraphs>> {
    if rows.len() <= SAMPLED_ROWS {
        return rows;
    }
    let step = rows.len() as f64 / SAMPLED_ROWS as f64;
    let picked: std::collections::BTreeSet<usize> = (0..SAMPLED_ROWS)
        .map(|i| (i as f64 * step) as usize)
        .collect();
    rows.into_iter()
        .enumerate()
        .filter(|(i, _)| picked.contains(i))
        .map(|(_, row)| row)
        .collect()
}

/// Moves width between columns while that makes the table shorter. A row
/// is as tall as its tallest cell, so what counts is giving room to the
/// column that sets the height of most rows, taken from columns whose
/// cells have lines to spare; rows are kept whole on a page, so every line
/// saved is paper saved. Greedy, in steps that halve down to a point; each
/// column stays between its least and its widest line.
fn balance(
    rows: &[Vec<Paragraphs>],
    mut widths: Vec<f64>,
    least: &[f64],
    most: &[f64],
) -> Vec<f64> {
    let columns = widths.len();
    if columns < 2 || rows.is_empty() {
        return widths;
    }
    let lines_at = |column: usize, width: f64| -> Vec<f64> {
        rows.iter().map(|row| row[column].lines(width)).collect()
    };
    let mut current: Vec<Vec<f64>> = (0..columns).map(|c| lines_at(c, widths[c])).collect();
    let mut total: f64 = (0..rows.len())
        .map(|r| current.iter().map(|c| c[r]).fold(0.0, f64::max))
        .sum();
    let mut step = widths.iter().sum::<f64>() / 40.0;
    for _ in 0..400 {
        if step < 1.0 {
            break;
        }
        let narrower: Vec<Option<Vec<f64>>> = (0..columns)
            .map(|c| (widths[c] - step >= least[c]).then(|| lines_at(c, widths[c] - step)))
            .collect();
        let wider: Vec<Option<Vec<f64>>> = (0..columns)
            .map(|c| (widths[c] + step <= most[c]).then(|| lines_at(c, widths[c] + step)))
            .collect();
        let mut best: Option<(f64, usize, usize)> = None;
        for (from, narrow) in narrower.iter().enumerate() {
            let Some(narrow) = narrow else { continue };
            for (to, wide) in wider.iter().enumerate() {
                let Some(wide) = wide else { continue };
                if from == to {
                    continue;
                }
                let h: f64 = (0..rows.len())
                    .map(|r| {
                        (0..columns)
                            .map(|c| match c {
                                _ if c == from => narrow[r],
                                _ if c == to => wide[r],
                                _ => current[c][r],
                            })
                            .fold(0.0, f64::max)
                    })
                    .sum();
                // Strictly shorter, by more than rounding: no drifting.
                if h < total - 1e-9 && best.is_none_or(|(b, _, _)| h < b - 1e-9) {
                    best = Some((h, from, to));
                }
            }
        }
        match best {
            Some((h, from, to)) => {
                widths[from] -= step;
                widths[to] += step;
                current[from] = narrower[from].clone().unwrap_or_default();
                current[to] = wider[to].clone().unwrap_or_default();
                total = h;
            }
            None => step /= 2.0,
        }
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

    /// A header cell `colspan` columns wide and `rowspan` rows high.
    fn heading(text: &str, colspan: u16, rowspan: u16) -> Cell {
        Cell {
            colspan,
            rowspan,
            ..Cell::text(text)
        }
    }

    #[test]
    fn year_columns_under_one_heading_are_equal() {
        let mut t = table(&[
            &[
                "1",
                "Tỷ lệ dân số được phủ sóng mạng di động băng rộng (4G/5G) trên địa bàn xã",
                "> 92%",
                "≥ 99% (5G ≥ 40% dân số)",
                "100%",
                "Duy trì/ nâng cấp",
                "Phòng Văn hóa - Xã hội",
            ],
            &[
                "2",
                "Tỷ lệ hộ gia đình có kết nối Internet băng rộng cáp quang",
                "≥ 80%",
                "≥ 95%",
                "100%",
                "Duy trì/ nâng cấp",
                "Phòng Văn hóa - Xã hội",
            ],
        ]);
        t.header = vec![
            Row {
                cells: vec![
                    heading("STT", 1, 2),
                    heading("Chỉ tiêu", 1, 2),
                    heading("Mục tiêu theo từng giai đoạn", 4, 1),
                    heading("Cơ quan chủ trì", 1, 2),
                ],
                group: false,
            },
            Row {
                cells: ["Năm 2025", "Năm 2030", "Năm 2035", "Năm 2040"]
                    .map(|y| heading(y, 1, 1))
                    .into(),
                group: false,
            },
        ];
        assert!(fit(&mut t, Orientation::Landscape));
        let years = &t.widths[2..6];
        // Tenths of a point: equal within 1 pt.
        let spread = years.iter().max().unwrap() - years.iter().min().unwrap();
        assert!(spread <= 10, "{:?}", t.widths);
    }

    #[test]
    fn columns_of_different_kinds_under_one_heading_keep_their_own_widths() {
        let long = "Ngân sách xã hỗ trợ một phần, phần còn lại huy động từ các nguồn xã hội hóa và đóng góp của nhân dân";
        let mut t = table(&[
            &["1", "Sửa chữa nhà văn hóa thôn Đông", "120", long],
            &[
                "2",
                "Lắp đặt hệ thống loa truyền thanh thôn Nam",
                "85",
                long,
            ],
        ]);
        t.header = vec![
            Row {
                cells: vec![
                    heading("STT", 1, 2),
                    heading("Nội dung", 1, 2),
                    heading("Kinh phí", 2, 1),
                ],
                group: false,
            },
            Row {
                cells: vec![heading("Số tiền", 1, 1), heading("Nguồn vốn", 1, 1)],
                group: false,
            },
        ];
        assert!(fit(&mut t, Orientation::Portrait));
        assert!(t.widths[3] > t.widths[2] + 100, "{:?}", t.widths);
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
