//! A table that arrived as plain lines: text copied out of a PDF loses the
//! cells, and each cell's lines follow one another ("1", "Tổ chức tập huấn
//! …", "UBND xã", "VP HĐND-UBND;", …, "40 Quý III/2025"). The header's
//! words give the columns; a row starts at the next row number (1, 2, 3 …
//! in order, so a figure such as "3 000" inside a row starts nothing) or
//! the next group numeral (I, II …); within a row, the cells are told
//! apart by what they hold: a unit's type word opens the lead and partner
//! cells, "%" and a figure are the unit of measure and the target, a
//! number before a period of time ends a task with its budget and time.

use crate::import::blocks::Origin;

use super::flow::Line;
use super::grid::{Column, Grid, GridRow, Key};
use super::units::{TYPE_WORDS, is_abbreviation};
use super::words::{fold, roman_value, squash, starts_lowercase};

/// The grid of an appendix whose table came as lines, and the lines after
/// it ("Bằng chữ: …").
pub fn grid<'a>(lines: &[&'a Line]) -> (Grid, Vec<&'a Line>) {
    let Some(first_row) = (0..lines.len()).find(|&i| row_start(&lines[i].text, 1, 1).is_some())
    else {
        return (Grid::default(), Vec::new());
    };
    let header_lines: Vec<String> = lines[..first_row].iter().map(|l| l.text.clone()).collect();
    let columns = columns(&squash(&header_lines.join(" ")));
    if columns.len() < 3 {
        return (Grid::default(), Vec::new());
    }
    let task = columns
        .iter()
        .any(|c| c.key == Some(Key::Name { task: true }));
    let mut rows: Vec<(Vec<&Line>, Origin)> = Vec::new();
    let mut after = Vec::new();
    let (mut next_number, mut next_group) = (1, 1);
    let mut total: Option<&Line> = None;
    for line in &lines[first_row..] {
        if header_lines.contains(&line.text) {
            continue;
        }
        let folded = fold(&line.text);
        if folded.starts_with("tong cong") {
            total = Some(line);
            continue;
        }
        if folded.trim_start_matches('(').starts_with("bang chu") || total.is_some() {
            after.push(*line);
            continue;
        }
        match row_start(&line.text, next_number, next_group) {
            Some(Start::Number) => {
                next_number += 1;
                rows.push((vec![*line], line.origin));
            }
            Some(Start::Group) => {
                let numeral = line.text.split_whitespace().next().unwrap_or("");
                next_group = roman_value(numeral.trim_end_matches('.')).unwrap_or(next_group) + 1;
                rows.push((vec![*line], line.origin));
            }
            None => match rows.last_mut() {
                Some(row) => row.0.push(line),
                None => after.push(*line),
            },
        }
    }
    let mut grid_rows: Vec<GridRow> = Vec::new();
    for (row_lines, origin) in rows {
        let texts: Vec<String> = row_lines.iter().map(|l| l.text.clone()).collect();
        let cells = if roman_value(texts[0].split_whitespace().next().unwrap_or("")).is_some() {
            group_row(&texts, &columns)
        } else if task {
            task_row(&texts, &columns)
        } else {
            indicator_row(&texts, &columns)
        };
        grid_rows.push(GridRow {
            cells,
            origin,
            after_cut: false,
        });
    }
    if let Some(line) = total {
        let mut cells = vec![Vec::new(); columns.len()];
        let amount = line
            .text
            .split_whitespace()
            .skip(2)
            .collect::<Vec<_>>()
            .join(" ");
        if let Some(c) = columns.iter().position(|c| c.key == Some(Key::Number)) {
            cells[c] = vec!["Tổng cộng".to_owned()];
        }
        if let Some(c) = columns
            .iter()
            .position(|c| matches!(c.key, Some(Key::Budget(_))))
        {
            cells[c] = vec![amount];
        }
        grid_rows.push(GridRow {
            cells,
            origin: line.origin,
            after_cut: false,
        });
    }
    (
        Grid {
            columns,
            rows: grid_rows,
        },
        after,
    )
}

enum Start {
    Number,
    Group,
}

/// Whether `text` opens row `number` or group `group`.
fn row_start(text: &str, number: usize, group: usize) -> Option<Start> {
    let first = text.split_whitespace().next()?;
    if first.trim_end_matches('.') == number.to_string() {
        return Some(Start::Number);
    }
    let rest = text[first.len()..].trim();
    if roman_value(first.trim_end_matches('.')).is_some_and(|n| n >= group)
        && !rest.is_empty()
        && super::words::is_upper(rest)
    {
        return Some(Start::Group);
    }
    None
}

/// The columns the header's words name, in the order they stand.
fn columns(header: &str) -> Vec<Column> {
    let phrases: [(&str, Option<Key>); 17] = [
        ("phan cong nhiem vu", None),
        ("don vi tinh", Some(Key::MeasureUnit)),
        ("noi dung chi tieu", Some(Key::Name { task: false })),
        ("ten chi tieu", Some(Key::Name { task: false })),
        ("ten nhiem vu", Some(Key::Name { task: true })),
        ("don vi chu tri", Some(Key::Lead)),
        ("don vi phoi hop", Some(Key::Partners)),
        (
            "du kien kinh phi",
            Some(Key::Budget(rust_decimal::Decimal::ONE)),
        ),
        ("kinh phi", Some(Key::Budget(rust_decimal::Decimal::ONE))),
        ("thoi gian", Some(Key::Time)),
        ("ket qua", Some(Key::Result)),
        ("thuc hien", Some(Key::Lead)),
        ("phoi hop", Some(Key::Partners)),
        ("chi tieu", Some(Key::Target)),
        ("stt", Some(Key::Number)),
        ("tt", Some(Key::Number)),
        ("nhiem vu", Some(Key::Name { task: true })),
    ];
    let chars: Vec<char> = header.chars().collect();
    let folded: Vec<char> = fold(header).chars().collect();
    let mut taken = vec![false; folded.len()];
    let mut found: Vec<(usize, usize, Option<Key>)> = Vec::new();
    for (phrase, key) in phrases {
        let p: Vec<char> = phrase.chars().collect();
        let mut i = 0;
        while i + p.len() <= folded.len() {
            let word_start = i == 0 || !folded[i - 1].is_alphanumeric();
            let word_end = i + p.len() == folded.len() || !folded[i + p.len()].is_alphanumeric();
            if word_start
                && word_end
                && folded[i..i + p.len()] == p[..]
                && !taken[i..i + p.len()].iter().any(|t| *t)
            {
                taken[i..i + p.len()].iter_mut().for_each(|t| *t = true);
                found.push((i, p.len(), key.clone()));
                i += p.len();
            } else {
                i += 1;
            }
        }
    }
    found.sort_by_key(|(at, _, _)| *at);
    let mut out = Vec::new();
    let mut top_over: Option<String> = None;
    for (n, (at, _, key)) in found.iter().enumerate() {
        let end = found.get(n + 1).map_or(chars.len(), |next| next.0);
        let title = squash(&chars[*at..end].iter().collect::<String>());
        match key {
            None => top_over = Some(title),
            Some(k) => {
                let assignment = matches!(k, Key::Lead | Key::Partners) && top_over.is_some();
                out.push(Column {
                    top: if assignment {
                        top_over.clone().unwrap_or_default()
                    } else {
                        title.clone()
                    },
                    sub: assignment.then_some(title),
                    key: Some(k.clone()),
                });
            }
        }
    }
    out
}

fn place(columns: &[Column], key: &Key, cells: &mut [Vec<String>], lines: Vec<String>) {
    if let Some(c) = columns.iter().position(|c| c.key.as_ref() == Some(key)) {
        cells[c] = lines.into_iter().filter(|l| !l.trim().is_empty()).collect();
    }
}

fn group_row(texts: &[String], columns: &[Column]) -> Vec<Vec<String>> {
    let mut cells = vec![Vec::new(); columns.len()];
    let joined = squash(&texts.join(" "));
    let (numeral, title) = joined.split_once(' ').unwrap_or((&joined, ""));
    place(columns, &Key::Number, &mut cells, vec![numeral.to_owned()]);
    let name = columns
        .iter()
        .find_map(|c| match &c.key {
            Some(k @ Key::Name { .. }) => Some(k.clone()),
            _ => None,
        })
        .unwrap_or(Key::Name { task: false });
    place(columns, &name, &mut cells, vec![title.to_owned()]);
    cells
}

/// Whether a line opens a unit's name (a type word, "Các", an
/// abbreviation such as "VP" or "UBND").
fn opens_unit(text: &str) -> bool {
    let text = text.trim();
    text.starts_with("Các ")
        || TYPE_WORDS.iter().any(|t| {
            text.starts_with(t)
                && text[t.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| c.is_whitespace() || c == '-')
        })
        || text.split_whitespace().next().is_some_and(is_abbreviation)
}

/// Whether the line after `prev` goes on the same cell.
fn goes_on(prev: &str, next: &str) -> bool {
    let prev = prev.trim_end();
    let last = prev.rsplit([' ', ';', ',']).next().unwrap_or("");
    prev.ends_with([',', ';', '-', '&', '/'])
        || ["Các", "các", "và", "TT", "VP", "của"].contains(&last)
        || starts_lowercase(next)
}

/// Lines of unit names as cells: the lines that go on each other joined,
/// lead first; one line holding both is split where the second unit's
/// name starts ("Phòng VH - XH VNPT").
fn lead_and_partners(lines: &[String]) -> (Vec<String>, Vec<String>) {
    let mut chunks: Vec<String> = Vec::new();
    for line in lines {
        let line = squash(line);
        if line.is_empty() {
            continue;
        }
        match chunks.last_mut() {
            Some(last) if goes_on(last, &line) => {
                last.push(' ');
                last.push_str(&line);
            }
            _ => chunks.push(line),
        }
    }
    match chunks.len() {
        0 => (Vec::new(), Vec::new()),
        1 => {
            let words: Vec<&str> = chunks[0].split_whitespace().collect();
            for i in 1..words.len() {
                let lead = words[..i].join(" ");
                let rest = words[i..].join(" ");
                let complete = !lead.ends_with(['-', ',']) && !TYPE_WORDS.contains(&lead.as_str());
                if complete && opens_unit(&rest) {
                    return (vec![lead], vec![rest]);
                }
            }
            (chunks, Vec::new())
        }
        _ => (vec![chunks[0].clone()], vec![chunks[1..].join(" ")]),
    }
}

fn indicator_row(texts: &[String], columns: &[Column]) -> Vec<Vec<String>> {
    let mut cells = vec![Vec::new(); columns.len()];
    // Tokens with the line each stands on.
    let mut tokens: Vec<(usize, &str)> = Vec::new();
    for (i, text) in texts.iter().enumerate() {
        tokens.extend(text.split_whitespace().map(|t| (i, t)));
    }
    let number = tokens
        .first()
        .map(|t| t.1.trim_end_matches('.').to_owned())
        .unwrap_or_default();
    place(columns, &Key::Number, &mut cells, vec![number]);
    let figure =
        |t: &str| t.ends_with('%') && super::values::number(t.trim_end_matches('%')).is_some();
    let at = (1..tokens.len())
        .find(|&j| tokens[j].1 == "%" && tokens.get(j + 1).is_some_and(|t| figure(t.1)));
    let (name_end, target_at) = match at {
        Some(j) => (j, Some(j + 1)),
        None => match (1..tokens.len()).find(|&j| figure(tokens[j].1)) {
            Some(j) => (j, Some(j)),
            None => (tokens.len(), None),
        },
    };
    let name = tokens[1.min(tokens.len())..name_end]
        .iter()
        .map(|t| t.1)
        .collect::<Vec<_>>()
        .join(" ");
    place(columns, &Key::Name { task: false }, &mut cells, vec![name]);
    let Some(target_at) = target_at else {
        return cells;
    };
    if at.is_some() {
        place(columns, &Key::MeasureUnit, &mut cells, vec!["%".to_owned()]);
    }
    place(
        columns,
        &Key::Target,
        &mut cells,
        vec![tokens[target_at].1.to_owned()],
    );
    // The rest of the target's line, then the lines below: the units.
    let line = tokens[target_at].0;
    let mut unit_lines: Vec<String> = Vec::new();
    let rest: Vec<&str> = tokens[target_at + 1..]
        .iter()
        .filter(|t| t.0 == line)
        .map(|t| t.1)
        .collect();
    if !rest.is_empty() {
        unit_lines.push(rest.join(" "));
    }
    unit_lines.extend(texts[line + 1..].iter().cloned());
    let (lead, partners) = lead_and_partners(&unit_lines);
    place(columns, &Key::Lead, &mut cells, lead);
    place(columns, &Key::Partners, &mut cells, partners);
    cells
}

/// Words a period of time starts with ("Quý IV/2025", "Thường xuyên",
/// "3 tháng/lần").
fn is_time(words: &[&str]) -> bool {
    let Some(first) = words.first() else {
        return false;
    };
    let f = fold(first);
    [
        "quy", "thuong", "nam", "hang", "thang", "tu", "truoc", "dau", "cuoi", "giai",
    ]
    .contains(&f.as_str())
        || first.chars().all(|c| c.is_ascii_digit())
            && words
                .get(1)
                .is_some_and(|w| ["tháng", "năm", "lần"].iter().any(|t| w.starts_with(t)))
}

fn task_row(texts: &[String], columns: &[Column]) -> Vec<Vec<String>> {
    let mut cells = vec![Vec::new(); columns.len()];
    let first = texts[0]
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_end_matches('.')
        .to_owned();
    place(columns, &Key::Number, &mut cells, vec![first.clone()]);
    let mut lines: Vec<String> = Vec::new();
    let head = texts[0].trim_start()[first.len()..]
        .trim()
        .trim_start_matches('.')
        .trim()
        .to_owned();
    if !head.is_empty() {
        lines.push(head);
    }
    lines.extend(texts[1..].iter().cloned());
    // Budget and time, from the end.
    let mut budget = None;
    let mut time: Vec<String> = Vec::new();
    let mut result_tail = None;
    for i in (0..lines.len()).rev() {
        let words: Vec<&str> = lines[i].split_whitespace().collect();
        let found = (0..words.len()).find_map(|k| {
            if !words[k]
                .chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
                || !words[k].starts_with(|c: char| c.is_ascii_digit())
            {
                return None;
            }
            let mut m = k + 1;
            let mut amount = words[k].to_owned();
            while m < words.len()
                && words[m].len() == 3
                && words[m].chars().all(|c| c.is_ascii_digit())
            {
                amount.push(' ');
                amount.push_str(words[m]);
                m += 1;
            }
            (m == words.len() || is_time(&words[m..])).then_some((k, m, amount))
        });
        if let Some((k, m, amount)) = found {
            budget = Some(amount);
            let tail: Vec<&str> = words[m..].to_vec();
            if !tail.is_empty() {
                time.insert(0, tail.join(" "));
            }
            if k > 0 {
                result_tail = Some(words[..k].join(" "));
            }
            lines.truncate(i);
            break;
        }
        time.insert(0, lines[i].clone());
        if i + 3 < lines.len() {
            break;
        }
    }
    if budget.is_none() {
        // No budget found: the lines taken for time belong to the rest.
        lines.append(&mut time);
    }
    if let Some(tail) = result_tail {
        lines.push(tail);
    }
    // Name, lead, partners, result, in order.
    let name_end = (1..lines.len())
        .find(|&i| opens_unit(&lines[i]) && !goes_on(&lines[i - 1], &lines[i]))
        .unwrap_or(lines.len());
    let name = squash(&lines[..name_end].join(" "));
    let mut rest = lines[name_end..].iter();
    let lead: Vec<String> = rest.next().cloned().into_iter().collect();
    let mut partners: Vec<String> = Vec::new();
    let mut result: Vec<String> = Vec::new();
    for line in rest {
        if result.is_empty()
            && (partners.is_empty() && opens_unit(line)
                || partners.last().is_some_and(|p: &String| goes_on(p, line)))
        {
            partners.push(line.clone());
        } else {
            result.push(line.clone());
        }
    }
    let name_key = Key::Name { task: true };
    place(columns, &name_key, &mut cells, vec![name]);
    place(
        columns,
        &Key::Lead,
        &mut cells,
        vec![squash(&lead.join(" "))],
    );
    place(
        columns,
        &Key::Partners,
        &mut cells,
        vec![squash(&partners.join(" "))],
    );
    place(
        columns,
        &Key::Result,
        &mut cells,
        vec![squash(&result.join(" "))],
    );
    if let Some(c) = columns
        .iter()
        .position(|c| matches!(c.key, Some(Key::Budget(_))))
    {
        cells[c] = budget.into_iter().collect();
    }
    place(
        columns,
        &Key::Time,
        &mut cells,
        vec![squash(&time.join(" "))],
    );
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(texts: &[&str]) -> Vec<Line> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| Line::plain(t, Origin::Line(i + 1)))
            .collect()
    }

    #[test]
    fn an_indicator_table_of_lines() {
        let owned = lines(&[
            "TT Nội dung chỉ tiêu",
            "Đơn vị",
            "tính/đo",
            "lường",
            "Chỉ tiêu Kết quả",
            "Phân công nhiệm vụ",
            "Thực hiện Phối hợp",
            "I PHÁT TRIỂN HẠ TẦNG",
            "1 Tỉ lệ phủ sóng 5G trên địa bàn % 60%  Phòng VH - XH VNPT",
            "2 Tỉ lệ người sử dụng có khả năng truy cập băng",
            "rộng cố định với tốc độ trên 01 Gb/s",
            "% 60%",
            "Phòng VH - XH VNPT",
            "3",
            "Tỉ lệ cán bộ được bồi dưỡng kỹ",
            "năng số căn bản",
            "% 85%",
            "Phòng VH - XH",
            "Các phòng KT,",
            "VP HĐND -",
            "UBND, TT HCC",
            "IV PHÁT TRIỂN HỆ SINH THÁI ĐỔI MỚI",
            "SÁNG TẠO",
            "4 Tỉ lệ doanh nghiệp % 15%",
            "Phòng Kinh tế Các doanh nghiệp",
        ]);
        let refs: Vec<&Line> = owned.iter().collect();
        let (grid, _) = grid(&refs);
        let keys: Vec<Key> = grid.columns.iter().filter_map(|c| c.key.clone()).collect();
        assert_eq!(
            keys,
            [
                Key::Number,
                Key::Name { task: false },
                Key::MeasureUnit,
                Key::Target,
                Key::Result,
                Key::Lead,
                Key::Partners
            ]
        );
        assert_eq!(grid.columns[5].top, "Phân công nhiệm vụ");
        assert_eq!(grid.rows.len(), 6);
        assert_eq!(grid.rows[5].text(5), "Phòng Kinh tế");
        assert_eq!(grid.rows[5].text(6), "Các doanh nghiệp");
        let row = &grid.rows[3];
        assert_eq!(
            row.text(1),
            "Tỉ lệ cán bộ được bồi dưỡng kỹ năng số căn bản"
        );
        assert_eq!(row.text(3), "85%");
        assert_eq!(row.text(5), "Phòng VH - XH");
        assert_eq!(row.text(6), "Các phòng KT, VP HĐND - UBND, TT HCC");
        assert_eq!(grid.rows[1].text(5), "Phòng VH - XH");
        assert_eq!(grid.rows[1].text(6), "VNPT");
        assert_eq!(
            grid.rows[4].text(1),
            "PHÁT TRIỂN HỆ SINH THÁI ĐỔI MỚI SÁNG TẠO"
        );
        assert_eq!(grid.rows[2].text(5), "Phòng VH - XH");
    }

    #[test]
    fn a_task_table_of_lines() {
        let owned = lines(&[
            "STT Tên nhiệm vụ",
            "Đơn vị",
            "chủ trì",
            "Đơn vị phối hợp Kết quả",
            "Dự kiến kinh",
            "phí (triệu đồng)",
            "Thời gian",
            "hoàn thành",
            "1",
            "Tổ chức tập huấn về chuyển đổi số",
            "và kỹ năng số cho cán bộ, công",
            "chức xã.",
            "UBND xã",
            "VP HĐND-UBND;",
            "Phòng VHXH",
            "100% cán bộ, công chức xã",
            "được đào tạo.",
            "40 Qúy III//2025",
            "2 Kiểm tra, giám sát định kỳ hoạt",
            "động KHCN",
            "UBND xã",
            " Đảm bảo nhiệm vụ triển khai",
            "đúng tiến độ, chất lượng 50 3 tháng/lần",
            "3",
            "Tuyên truyền qua hệ",
            "thống truyền thanh",
            "UBND xã",
            "Phòng VHXH;TT",
            "Cưng ứng dịch vụ",
            "công",
            "Tăng cường nhận thức",
            "30",
            "Thường",
            "xuyên",
            "4 Cải tạo Đài",
            "UBND xã",
            "Phòng VHXH, doanh",
            "nghiệp",
            "Đảm bảo kết nối",
            "3 000 Quý IV/2025",
            "Tổng cộng    3.277.0000.000",
            "(Bằng chữ: Ba tỷ hai trăm bảy mươi bảy triệu đồng)",
        ]);
        let refs: Vec<&Line> = owned.iter().collect();
        let (grid, after) = grid(&refs);
        let keys: Vec<Key> = grid.columns.iter().filter_map(|c| c.key.clone()).collect();
        assert_eq!(keys.len(), 7, "{keys:?}");
        assert_eq!(grid.rows.len(), 5);
        let cell = |r: usize, k: Key| grid.rows[r].text(grid.column(&k).unwrap());
        assert_eq!(
            cell(0, Key::Name { task: true }),
            "Tổ chức tập huấn về chuyển đổi số và kỹ năng số cho cán bộ, công chức xã."
        );
        assert_eq!(cell(0, Key::Lead), "UBND xã");
        assert_eq!(cell(0, Key::Partners), "VP HĐND-UBND; Phòng VHXH");
        assert_eq!(
            cell(0, Key::Result),
            "100% cán bộ, công chức xã được đào tạo."
        );
        assert_eq!(cell(0, Key::Budget(rust_decimal::Decimal::ONE)), "40");
        assert_eq!(cell(0, Key::Time), "Qúy III//2025");
        assert_eq!(cell(1, Key::Partners), "");
        assert_eq!(
            cell(1, Key::Result),
            "Đảm bảo nhiệm vụ triển khai đúng tiến độ, chất lượng"
        );
        assert_eq!(cell(1, Key::Time), "3 tháng/lần");
        assert_eq!(
            cell(2, Key::Partners),
            "Phòng VHXH;TT Cưng ứng dịch vụ công"
        );
        assert_eq!(cell(2, Key::Time), "Thường xuyên");
        assert_eq!(cell(3, Key::Budget(rust_decimal::Decimal::ONE)), "3 000");
        assert_eq!(
            cell(4, Key::Budget(rust_decimal::Decimal::ONE)),
            "3.277.0000.000"
        );
        assert_eq!(after.len(), 1);
    }
}
