//! An appendix table as a grid: the header rows resolved into one title a
//! column (a two-level header gives "Phân công nhiệm vụ / Thực hiện"), each
//! column given the key of the plan it fills, header rows repeated at a
//! page break dropped (the row after them marked as following a cut), and
//! merged cells filled in.

use rust_decimal::Decimal;

use crate::import::blocks::{Origin, Row, Table};

use super::words::{fold, squash};

/// What a column holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Key {
    Number,
    /// The name of an indicator (`task` false) or a task.
    Name {
        task: bool,
    },
    MeasureUnit,
    Target,
    Result,
    Lead,
    Partners,
    Method,
    Guidance,
    References,
    Note,
    /// Money; the factor turns the column's unit into triệu đồng.
    Budget(Decimal),
    Time,
    /// A milestone year.
    Year(i64),
    /// The staff form's unit, name and phone columns.
    StaffUnit,
    StaffName,
    Phone,
    /// An adjustment table's "as issued" and "as adjusted" targets.
    Given,
    Adjusted,
}

/// One column: its title (and sub-title under a shared one) and key.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub top: String,
    pub sub: Option<String>,
    pub key: Option<Key>,
}

impl Column {
    /// The title as printed under one header: the sub-title when there is
    /// one, else the title.
    pub fn title(&self) -> &str {
        self.sub.as_deref().unwrap_or(&self.top)
    }
}

/// A data row: each cell's lines.
#[derive(Debug, Clone, PartialEq)]
pub struct GridRow {
    pub cells: Vec<Vec<String>>,
    pub origin: Origin,
    /// The first row after a repeated header (a page break in a copy).
    pub after_cut: bool,
}

impl GridRow {
    pub fn text(&self, column: usize) -> String {
        self.cells
            .get(column)
            .map(|c| c.join(" "))
            .unwrap_or_default()
    }

    pub fn is_empty(&self) -> bool {
        self.cells
            .iter()
            .all(|c| c.iter().all(|l| l.trim().is_empty()))
    }
}

/// A table as columns and rows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Grid {
    pub columns: Vec<Column>,
    pub rows: Vec<GridRow>,
}

impl Grid {
    /// The first column with `key`.
    pub fn column(&self, key: &Key) -> Option<usize> {
        self.columns
            .iter()
            .position(|c| c.key.as_ref() == Some(key))
    }

    pub fn has(&self, test: impl Fn(&Key) -> bool) -> bool {
        self.columns
            .iter()
            .any(|c| c.key.as_ref().is_some_and(&test))
    }
}

/// A row spread over the grid: each column's lines, and whether the cell
/// continues the one above (vertical merge).
fn spread(row: &Row) -> Vec<(Vec<String>, bool, bool)> {
    let mut out = Vec::new();
    for cell in &row.cells {
        out.push((cell.lines(), cell.merged_up, false));
        for _ in 1..cell.span.max(1) {
            out.push((Vec::new(), cell.merged_up, true));
        }
    }
    out
}

fn row_text(cells: &[(Vec<String>, bool, bool)]) -> String {
    squash(
        &cells
            .iter()
            .map(|c| c.0.join(" "))
            .collect::<Vec<_>>()
            .join(" | "),
    )
}

/// The grid of the tables of one appendix (a copied table arrives cut into
/// several at its page breaks).
pub fn grid(tables: &[&Table]) -> Grid {
    let mut grid = Grid::default();
    let mut header_texts: Vec<String> = Vec::new();
    let mut width = 0;
    for (t, table) in tables.iter().enumerate() {
        let rows: Vec<Vec<(Vec<String>, bool, bool)>> = table.rows.iter().map(spread).collect();
        let mut start = 0;
        if t == 0 {
            let marked = table.rows.iter().take_while(|r| r.header).count();
            let header_count = if marked > 0 {
                marked
            } else if rows.len() > 1 && second_header_row(&rows[0], &rows[1]) {
                2
            } else {
                1.min(rows.len())
            };
            width = rows.iter().map(Vec::len).max().unwrap_or(0);
            grid.columns = columns(&rows[..header_count], width);
            header_texts = rows[..header_count].iter().map(|r| row_text(r)).collect();
            start = header_count;
        }
        let mut after_cut = t > 0;
        let mut above: Vec<Vec<String>> = vec![Vec::new(); width];
        for (r, cells) in rows.iter().enumerate().skip(start) {
            if header_texts.contains(&row_text(cells)) {
                after_cut = true;
                continue;
            }
            let mut lines: Vec<Vec<String>> = Vec::with_capacity(width);
            for c in 0..width {
                match cells.get(c) {
                    Some((_, true, _)) => lines.push(above.get(c).cloned().unwrap_or_default()),
                    Some((l, false, _)) => lines.push(l.clone()),
                    None => lines.push(Vec::new()),
                }
            }
            above = lines.clone();
            let row = GridRow {
                cells: lines,
                origin: table.origin,
                after_cut,
            };
            after_cut = false;
            if !row.is_empty() {
                let _ = r;
                grid.rows.push(row);
            }
        }
    }
    resolve_keys(&mut grid.columns);
    grid
}

/// Whether the second row of a table is the second row of its header: the
/// first has cells spanning several columns (or, in text, gaps) that the
/// second fills with short titles, and the second has no row number.
fn second_header_row(
    first: &[(Vec<String>, bool, bool)],
    second: &[(Vec<String>, bool, bool)],
) -> bool {
    let spans = first.iter().any(|c| c.2);
    let gaps = first
        .iter()
        .enumerate()
        .any(|(i, c)| i > 0 && c.0.is_empty() && second.get(i).is_some_and(|s| !s.0.is_empty()));
    let numbered = second
        .first()
        .is_some_and(|c| c.0.join("").trim().parse::<u32>().is_ok());
    let short = second
        .iter()
        .all(|c| c.0.join(" ").split_whitespace().count() <= 5);
    (spans || gaps) && !numbered && short
}

/// The columns of `header` rows `width` wide: a title spanning several
/// columns is the top of each, the row below gives their sub-titles.
fn columns(header: &[Vec<(Vec<String>, bool, bool)>], width: usize) -> Vec<Column> {
    let mut out = Vec::with_capacity(width);
    let mut last_top = String::new();
    for c in 0..width {
        let top_cell = header.first().and_then(|r| r.get(c));
        let mut top = top_cell.map(|x| squash(&x.0.join(" "))).unwrap_or_default();
        let spanned = top_cell.is_some_and(|x| x.2);
        let sub = header
            .get(1)
            .and_then(|r| r.get(c))
            .filter(|x| !x.1)
            .map(|x| squash(&x.0.join(" ")))
            .filter(|s| !s.is_empty());
        if top.is_empty() && (spanned || sub.is_some()) {
            top = last_top.clone();
        }
        if !top.is_empty() {
            last_top = top.clone();
        }
        let key = key(&top, sub.as_deref());
        out.push(Column { top, sub, key });
    }
    out
}

/// The key of a column titled `top` (over `sub`).
pub fn key(top: &str, sub: Option<&str>) -> Option<Key> {
    let t = fold(top);
    let s = sub.map(fold).unwrap_or_default();
    let year = |text: &str| {
        let digits: String = text.chars().filter(char::is_ascii_digit).collect();
        (digits.len() == 4 && (text.starts_with("nam ") || text.trim() == digits))
            .then(|| digits.parse::<i64>().ok())
            .flatten()
    };
    if let Some(y) = year(s.trim()).or_else(|| year(t.trim())) {
        return Some(Key::Year(y));
    }
    let is = |text: &str, words: &[&str]| words.iter().any(|w| text.contains(w));
    if !s.is_empty() {
        if is(&s, &["thuc hien", "chu tri"]) {
            return Some(Key::Lead);
        }
        if is(&s, &["phoi hop"]) {
            return Some(Key::Partners);
        }
    }
    let t = t.trim();
    Some(match t {
        "stt" | "tt" | "so tt" | "so thu tu" | "s tt" => Key::Number,
        _ if is(t, &["ho va ten", "ho ten"]) => Key::StaffName,
        _ if is(t, &["dien thoai"]) => Key::Phone,
        _ if is(t, &["chi tieu da giao"]) => Key::Given,
        _ if is(t, &["chi tieu dieu chinh"]) => Key::Adjusted,
        _ if is(t, &["don vi tinh", "dvt", "don vi do"]) => Key::MeasureUnit,
        _ if is(t, &["chu tri", "thuc hien"])
            && !is(
                t,
                &["thoi gian", "huong dan", "ket qua", "nhiem vu", "chi tieu"],
            ) =>
        {
            Key::Lead
        }
        _ if is(t, &["phoi hop"]) => Key::Partners,
        _ if is(t, &["kinh phi"]) => Key::Budget(budget_factor(t)),
        _ if is(t, &["ten chi tieu", "noi dung chi tieu"]) => Key::Name { task: false },
        _ if is(t, &["nhiem vu", "cong viec", "du an", "danh muc"]) => Key::Name { task: true },
        _ if is(t, &["phuong phap", "nguon"]) => Key::Method,
        _ if is(t, &["huong dan"]) => Key::Guidance,
        _ if is(t, &["van ban", "can cu"]) => Key::References,
        _ if is(t, &["ghi chu"]) => Key::Note,
        _ if is(t, &["ket qua", "san pham"]) => Key::Result,
        _ if is(t, &["thoi gian", "thoi han", "tien do"]) => Key::Time,
        _ if is(t, &["phong ban", "co quan, don vi", "don vi"]) => Key::StaffUnit,
        _ if is(t, &["chi tieu", "muc tieu", "ke hoach"]) => Key::Target,
        _ => return None,
    })
}

/// Triệu đồng per unit of a budget column's title.
fn budget_factor(title: &str) -> Decimal {
    if title.contains("trieu") {
        Decimal::ONE
    } else if title.contains("nghin") {
        Decimal::new(1, 3)
    } else if title.contains("ty") {
        Decimal::from(1000)
    } else if title.contains("dong") || title.contains("vnd") {
        Decimal::new(1, 6)
    } else {
        Decimal::ONE
    }
}

/// After each column has its key: a milestone table's "Chỉ tiêu" is the
/// name, and so is an indicator table's lone "Chỉ tiêu" beside a target.
fn resolve_keys(columns: &mut [Column]) {
    let has_name = columns
        .iter()
        .any(|c| matches!(c.key, Some(Key::Name { .. })));
    if has_name {
        return;
    }
    let years = columns.iter().any(|c| matches!(c.key, Some(Key::Year(_))));
    let targets: Vec<usize> = columns
        .iter()
        .enumerate()
        .filter(|(_, c)| c.key == Some(Key::Target))
        .map(|(i, _)| i)
        .collect();
    if let Some(&first) = targets.first()
        && (years || targets.len() > 1)
    {
        columns[first].key = Some(Key::Name { task: false });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::read::text;

    fn grid_of(source: &str) -> Grid {
        grid(&text::read(source).tables())
    }

    #[test]
    fn columns_get_their_keys() {
        let g = grid_of(
            "STT\tTên chỉ tiêu\tChỉ tiêu giao\tCơ quan chủ trì theo dõi, đánh giá/tổng hợp, báo cáo\tCơ quan, đơn vị phối hợp\tPhương pháp tính/Nguồn thu thập số liệu\tGhi chú\n1\tA\t30%\tPhòng X\tPhòng Y\tZ\tW\n",
        );
        let keys: Vec<Option<Key>> = g.columns.iter().map(|c| c.key.clone()).collect();
        assert_eq!(
            keys,
            [
                Some(Key::Number),
                Some(Key::Name { task: false }),
                Some(Key::Target),
                Some(Key::Lead),
                Some(Key::Partners),
                Some(Key::Method),
                Some(Key::Note)
            ]
        );
        assert_eq!(g.rows.len(), 1);
        assert_eq!(
            key("Dự kiến kinh phí (triệu đồng)", None),
            Some(Key::Budget(Decimal::ONE))
        );
        assert_eq!(key("Thời gian hoàn thành", None), Some(Key::Time));
        assert_eq!(key("Đơn vị tính/đo lường", None), Some(Key::MeasureUnit));
        assert_eq!(
            key("Phòng ban, cơ quan, đơn vị", None),
            Some(Key::StaffUnit)
        );
        assert_eq!(
            key("Mục tiêu theo từng giai đoạn", Some("Năm 2030")),
            Some(Key::Year(2030))
        );
    }

    #[test]
    fn repeated_headers_are_dropped_and_mark_the_cut() {
        let g = grid_of(
            "STT\tNhiệm vụ\tĐơn vị chủ trì\n1\tA\tX\n\nSTT\tNhiệm vụ\tĐơn vị chủ trì\n\tb tiếp\t\n2\tB\tY\n",
        );
        assert_eq!(g.rows.len(), 3);
        assert!(!g.rows[0].after_cut);
        assert!(g.rows[1].after_cut);
        assert!(!g.rows[2].after_cut);
    }

    #[test]
    fn a_two_level_header_names_each_column() {
        let g = grid_of(
            "STT\tChỉ tiêu\tMục tiêu theo từng giai đoạn\t\tCơ quan chủ trì\n\t\tNăm 2025\tNăm 2030\t\n1\tA\t> 92%\t≥ 99%\tPhòng X\n",
        );
        let keys: Vec<Option<Key>> = g.columns.iter().map(|c| c.key.clone()).collect();
        assert_eq!(
            keys,
            [
                Some(Key::Number),
                Some(Key::Name { task: false }),
                Some(Key::Year(2025)),
                Some(Key::Year(2030)),
                Some(Key::Lead)
            ]
        );
        assert_eq!(g.rows.len(), 1);
    }
}
