//! Appendices: the "PHỤ LỤC I" heading, its caption and title, the
//! "(Kèm theo …)" line (derived, so not copied), and the table, whose rows
//! become indicators (with groups I, II … and sub-indicators a), b) …),
//! tasks (with groups and sub-tasks 4.1, 4.2 …), budgets, milestones or
//! the staff form's units. A typed total is checked against the sum.

use rust_decimal::Decimal;

use crate::import::blocks::{Origin, Table};
use crate::import::draft::{Appendix, Group, Indicator, Milestone, Task};
use crate::import::report::Report;
use crate::plan::schema::AppendixKind;

use super::flow::Line;
use super::grid::{Grid, GridRow, Key};
use super::units::Units;
use super::values::{self, target};
use super::words::{
    Marker, fold, is_upper, marker, roman_value, short_slug, squash, starts_lowercase,
};

/// What the appendices hold, gathered for the plan.
#[derive(Debug, Default)]
pub struct Data {
    pub indicators: Vec<Indicator>,
    pub indicator_groups: Vec<Group>,
    pub tasks: Vec<Task>,
    pub task_groups: Vec<Group>,
    pub appendices: Vec<Appendix>,
    /// Typed numbers of the appendices, in order ("I", "2"), for links.
    pub numbers: Vec<Option<usize>>,
    pub leftovers: Vec<String>,
    /// Units the staff form lists.
    pub staff: Vec<String>,
    /// The typed number of each top-level indicator, by position.
    pub indicator_numbers: Vec<Option<usize>>,
    /// An appendix line read "(Ban hành kèm theo …)".
    pub issued_with: bool,
    /// Reasons of an adjustment table, by indicator name, for
    /// `ly_do_dieu_chinh`.
    pub adjustment_reasons: Vec<(String, String)>,
}

/// One appendix of the source: its heading, the lines around its table,
/// and the tables.
pub struct Region<'a> {
    pub heading: &'a Line,
    pub lines: Vec<&'a Line>,
    pub tables: Vec<&'a Table>,
    /// Lines after the last table ("Bằng chữ: …").
    pub after: Vec<&'a Line>,
}

/// Whether a line is an appendix heading ("PHỤ LỤC I", "Phụ lục 2:",
/// "PHỤ LỤC", "PHỤ LỤC 1**Tên**").
pub fn is_heading(line: &Line) -> bool {
    let folded = fold(&line.text);
    let Some(rest) = folded.strip_prefix("phu luc") else {
        return false;
    };
    let first = line
        .runs
        .first()
        .map(|r| fold(r.text.trim()))
        .unwrap_or_default();
    let rest = rest.trim_start();
    (rest.is_empty()
        || rest.starts_with(|c: char| c.is_ascii_digit() || "ivxl:".contains(c))
            && first.starts_with("phu luc"))
        && (line.text.chars().count() < 40
            || first.len() < 20
            || is_upper(&line.text[..line.text.len().min(12)]))
}

/// "PHỤ LỤC I", "Phụ lục 2: Tên" → the typed number and what follows.
fn split_heading(text: &str) -> (Option<usize>, String) {
    let words: Vec<&str> = text.split_whitespace().collect();
    let Some(third) = words.get(2) else {
        return (None, String::new());
    };
    let token = third.trim_end_matches([':', '.']);
    let number = roman_value(token).or_else(|| token.parse().ok());
    let rest_from = if number.is_some() { 3 } else { 2 };
    let rest = words[rest_from.min(words.len())..].join(" ");
    (
        number,
        rest.trim_start_matches([':', '.', '-']).trim().to_owned(),
    )
}

/// Reads every appendix.
pub fn appendices(regions: &[Region<'_>], units: &mut Units, report: &mut Report) -> Data {
    let mut data = Data::default();
    for region in regions {
        appendix(region, &mut data, units, report);
    }
    // Two appendices typed with one number ("PHỤ LỤC I" twice).
    let typed: Vec<usize> = data.numbers.iter().flatten().copied().collect();
    for (i, n) in typed.iter().enumerate() {
        if typed[..i].contains(n) {
            report.warning(
                format!("hai phụ lục cùng gõ số {n}; kehoach tự đánh số I, II … theo thứ tự"),
                None,
            );
            break;
        }
    }
    data
}

fn appendix(region: &Region<'_>, data: &mut Data, units: &mut Units, report: &mut Report) {
    let heading = region.heading;
    let origin = Some(heading.origin);
    // The heading's own line may carry the title and the reference in
    // other runs ("PHỤ LỤC 1**Tên***(Kèm theo …)*").
    let mut title_parts: Vec<String> = Vec::new();
    let mut caption = None;
    let mut issued_with = false;
    let mut number = None;
    for (i, run) in heading.runs.iter().enumerate() {
        let text = squash(&run.text);
        if text.is_empty() {
            continue;
        }
        if i == 0 {
            let (n, rest) = split_heading(&text);
            number = n;
            if !rest.is_empty() {
                title_parts.push(rest);
            }
            continue;
        }
        title_parts.push(text);
    }
    // A table that came as lines starts at its header ("TT …", "STT …").
    let (title_lines_src, grid, after) = if region.tables.is_empty() {
        let k = region
            .lines
            .iter()
            .position(|l| {
                let f = fold(&l.text);
                f == "tt" || f == "stt" || f.starts_with("tt ") || f.starts_with("stt ")
            })
            .unwrap_or(region.lines.len());
        let (grid, after) = super::loose::grid(&region.lines[k..]);
        (&region.lines[..k], grid, after)
    } else {
        (
            &region.lines[..],
            super::grid::grid(&region.tables),
            region.after.clone(),
        )
    };
    for line in title_lines_src {
        title_parts.push(line.text.clone());
    }
    let mut title_lines = Vec::new();
    // A "(Kèm theo …)" line wrapped in a copied PDF goes on to its ")".
    let mut in_wording = false;
    for part in title_parts {
        let folded = fold(part.trim_start_matches('('));
        if in_wording {
            in_wording = !part.trim_end().ends_with(')');
            continue;
        }
        if folded.starts_with("kem theo")
            || folded.starts_with("ban hanh kem theo")
            || part.starts_with("((")
        {
            issued_with |= folded.starts_with("ban hanh");
            in_wording = part.starts_with('(') && !part.trim_end().ends_with(')');
            continue;
        }
        title_lines.push(part);
    }
    if title_lines.len() >= 2
        && is_upper(&title_lines[0])
        && title_lines[0].split_whitespace().count() <= 3
    {
        caption = Some(title_lines.remove(0));
    }
    let title = squash(&title_lines.join(" "));
    let kind = kind_of(&grid);
    let Some(kind) = kind else {
        report.prose(
            format!("phụ lục \"{title}\": không nhận ra bảng; nội dung giữ ở ghi chú cuối tệp"),
            origin,
        );
        data.leftovers
            .push(format!("Phụ lục \"{title}\" của bản gốc, chưa nhận ra:"));
        for row in &grid.rows {
            data.leftovers.push(
                row.cells
                    .iter()
                    .map(|c| c.join(" "))
                    .collect::<Vec<_>>()
                    .join(" | "),
            );
        }
        return;
    };
    if kind == AppendixKind::Adjustment {
        report.prose(
            format!("phụ lục \"{title}\" là bảng điều chỉnh chỉ tiêu so với một kế hoạch đã ban hành: cần tệp kế hoạch gốc (ban_goc), nên chưa dựng lại; nội dung giữ ở ghi chú cuối tệp"),
            origin,
        );
        data.leftovers.push(format!(
            "Phụ lục \"{title}\" của bản gốc (điều chỉnh chỉ tiêu). Muốn in lại, thêm"
        ));
        data.leftovers.push("[[phu_luc]] với loai = \"dieu-chinh\", ban_goc = \"<tệp kế hoạch gốc>.toml\" và các lý do vào ly_do_dieu_chinh.".into());
        let header: Vec<&str> = grid.columns.iter().map(|c| c.title()).collect();
        data.leftovers.push(header.join(" | "));
        let name = grid
            .columns
            .iter()
            .position(|c| matches!(c.key, Some(Key::Name { .. } | Key::Target)));
        let note = grid.column(&Key::Note);
        if let (Some(name), Some(note)) = (name, note) {
            for row in &grid.rows {
                let reason: Vec<&String> = row.cells[note]
                    .iter()
                    .filter(|l| {
                        !l.starts_with("Bổ sung chỉ tiêu") && !l.starts_with("Bãi bỏ chỉ tiêu")
                    })
                    .collect();
                if !reason.is_empty() {
                    data.adjustment_reasons.push((
                        row.text(name),
                        squash(
                            &reason
                                .iter()
                                .map(|s| s.as_str())
                                .collect::<Vec<_>>()
                                .join(" "),
                        ),
                    ));
                }
            }
        }
        for row in &grid.rows {
            data.leftovers.push(
                row.cells
                    .iter()
                    .map(|c| c.join(" "))
                    .collect::<Vec<_>>()
                    .join(" | "),
            );
        }
        return;
    }
    let id = unique_appendix_id(&data.appendices, kind.key());
    let mut appendix = Appendix {
        id,
        kind,
        caption,
        title: if title.is_empty() {
            "(điền tên phụ lục)".into()
        } else {
            title.clone()
        },
        columns: Vec::new(),
        column_titles: Vec::new(),
        landscape: None,
    };
    let rows = grid.rows.len();
    match kind {
        AppendixKind::Indicators | AppendixKind::Milestones => {
            let before = data.indicators.len();
            indicator_rows(&grid, data, units, report);
            let made = &data.indicators[before..];
            let children = made.iter().map(|i| i.children.len()).sum();
            let what = ("chỉ tiêu", made.len(), children);
            report_table(
                report,
                &appendix.title,
                kind.description(),
                what,
                rows,
                origin,
            );
        }
        AppendixKind::Tasks | AppendixKind::Budget => {
            let before = data.tasks.len();
            task_rows(&grid, kind, data, units, report, &after);
            let made = &data.tasks[before..];
            let children = made.iter().map(|t| t.children.len()).sum();
            let what = ("nhiệm vụ", made.len(), children);
            let table = format!("bảng {}", kind.description());
            report_table(report, &appendix.title, &table, what, rows, origin);
        }
        AppendixKind::Staff => {
            if let Some(c) = grid.column(&Key::StaffUnit) {
                for row in &grid.rows {
                    for id in units.ids_in_cell(&row.cells[c], Some(row.origin)) {
                        if !data.staff.contains(&id) {
                            data.staff.push(id);
                        }
                    }
                }
            }
            report.found(
                format!(
                    "phụ lục \"{}\": danh sách cán bộ ({} đơn vị), dòng tự sinh từ các đơn vị",
                    appendix.title,
                    data.staff.len()
                ),
                origin,
            );
        }
        AppendixKind::Adjustment => unreachable!("handled above"),
    }
    columns_of(&grid, kind, &mut appendix);
    if issued_with {
        data.issued_with = true;
        report.found("dòng \"(Ban hành kèm theo …)\"", origin);
    }
    appendix.landscape = (grid.columns.len() >= 7).then_some(true);
    data.numbers.push(number);
    data.appendices.push(appendix);
}

/// "phụ lục "…": bảng chỉ tiêu với 16 chỉ tiêu (4 chỉ tiêu con) từ 21 dòng".
fn report_table(
    report: &mut Report,
    title: &str,
    table: &str,
    (noun, count, children): (&str, usize, usize),
    rows: usize,
    origin: Option<Origin>,
) {
    let children = if children > 0 {
        format!(" ({children} {noun} con)")
    } else {
        String::new()
    };
    report.found(
        format!("phụ lục \"{title}\": {table} với {count} {noun}{children} từ {rows} dòng"),
        origin,
    );
}

fn unique_appendix_id(existing: &[Appendix], base: &str) -> String {
    let mut id = base.to_owned();
    let mut n = 2;
    while existing.iter().any(|a| a.id == id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

/// The kind of table the columns make.
fn kind_of(grid: &Grid) -> Option<AppendixKind> {
    if grid.has(|k| matches!(k, Key::StaffName | Key::Phone)) {
        return Some(AppendixKind::Staff);
    }
    if grid.has(|k| matches!(k, Key::Given | Key::Adjusted)) {
        return Some(AppendixKind::Adjustment);
    }
    if grid.has(|k| matches!(k, Key::Year(_))) {
        return Some(AppendixKind::Milestones);
    }
    if grid.has(|k| matches!(k, Key::Budget(_))) {
        return Some(AppendixKind::Budget);
    }
    if grid.has(|k| *k == Key::Name { task: true }) {
        return Some(AppendixKind::Tasks);
    }
    if grid.has(|k| matches!(k, Key::Name { task: false } | Key::Target)) {
        return Some(AppendixKind::Indicators);
    }
    None
}

/// `cot` and `ten_cot` of the appendix from the table's columns.
fn columns_of(grid: &Grid, kind: AppendixKind, appendix: &mut Appendix) {
    let docs = kind.columns();
    let mut keys: Vec<String> = Vec::new();
    let mut titles: Vec<(String, String)> = Vec::new();
    let lead = grid.column(&Key::Lead);
    let partners = grid.column(&Key::Partners);
    let assignment = lead.is_some_and(|c| grid.columns[c].sub.is_some())
        && partners.is_some_and(|c| grid.columns[c].sub.is_some())
        && kind == AppendixKind::Indicators;
    for (c, column) in grid.columns.iter().enumerate() {
        let Some(k) = &column.key else { continue };
        let name = match (k, kind) {
            (Key::Number, AppendixKind::Staff) => "tt",
            (Key::Number, _) => "stt",
            (Key::Name { .. }, AppendixKind::Staff) => continue,
            (Key::Name { .. }, _) => "ten",
            (Key::MeasureUnit, _) => "don_vi_tinh",
            (Key::Target, _) => "chi_tieu_giao",
            (Key::Result, _) => "ket_qua",
            (Key::Lead, _) if assignment => {
                if Some(c) == lead {
                    "phan_cong"
                } else {
                    continue;
                }
            }
            (Key::Partners, _) if assignment => continue,
            (Key::Lead, _) => "chu_tri",
            (Key::Partners, _) => "phoi_hop",
            (Key::Method, _) => "phuong_phap",
            (Key::Guidance, _) => "huong_dan",
            (Key::References, _) => "van_ban_lien_quan",
            (Key::Note, _) if notes_are_references(grid, c) => "van_ban_lien_quan",
            (Key::Note, _) => "ghi_chu",
            (Key::Budget(_), _) => "kinh_phi",
            (Key::Time, _) => "thoi_gian",
            (Key::Year(_), _) => "moc",
            (Key::StaffUnit, _) => "don_vi",
            (Key::StaffName, _) => "ho_ten",
            (Key::Phone, _) => "dien_thoai",
            (Key::Given | Key::Adjusted, _) => continue,
        };
        if keys.iter().any(|k| k == name) {
            continue;
        }
        if let Some(doc) = docs.iter().find(|d| d.key == name) {
            let title = if name == "phan_cong" || name == "moc" {
                &column.top
            } else {
                &column.title().to_owned()
            };
            if squash(title) != doc.title && !title.is_empty() {
                titles.push((name.to_owned(), squash(title)));
            }
            keys.push(name.to_owned());
        }
    }
    let defaults: Vec<&str> = docs.iter().filter(|d| d.default).map(|d| d.key).collect();
    if kind.choosable() && keys != defaults {
        appendix.columns = keys;
    }
    appendix.column_titles = titles;
}

/// A "Ghi chú" column that lists documents ("Công văn số …") holds the
/// indicators' related documents.
fn notes_are_references(grid: &Grid, column: usize) -> bool {
    let cells: Vec<String> = grid
        .rows
        .iter()
        .map(|r| r.text(column))
        .filter(|t| !t.trim().is_empty())
        .collect();
    let documents = cells
        .iter()
        .filter(|t| {
            let f = fold(t.trim_start_matches(['-', ' ']));
            [
                "cong van",
                "nghi quyet",
                "quyet dinh",
                "ke hoach",
                "nghi dinh",
                "thong tu",
                "chi thi",
            ]
            .iter()
            .any(|d| f.starts_with(d))
        })
        .count();
    !cells.is_empty() && documents * 2 >= cells.len()
}

/// The role of a row in an indicator or task table.
#[derive(Debug, Clone, PartialEq)]
enum Role {
    Group(String),
    /// A numbered item; `parent` for "3a" or "4.1".
    Item {
        number: Option<String>,
        parent: Option<String>,
    },
    /// A lettered sub-item ("a) …") of the item before.
    Child,
    /// The rest of the row before, cut by a page break.
    Continuation,
    Total,
}

fn role(row: &GridRow, number_col: Option<usize>, name_col: Option<usize>) -> Role {
    let number = number_col.map(|c| squash(&row.text(c))).unwrap_or_default();
    let name = name_col.map(|c| squash(&row.text(c))).unwrap_or_default();
    let others_empty = row.cells.iter().enumerate().all(|(i, c)| {
        Some(i) == number_col || Some(i) == name_col || c.iter().all(|l| l.trim().is_empty())
    });
    let total = |t: &str| {
        fold(t).starts_with("tong cong") || fold(t) == "tong" || fold(t).starts_with("tong so")
    };
    if total(&number) || total(&name) {
        return Role::Total;
    }
    if roman_value(number.trim_end_matches('.')).is_some() && !name.is_empty() && others_empty {
        return Role::Group(name.trim_end_matches(':').trim().to_owned());
    }
    if number.is_empty() {
        if matches!(marker(&name), Some((Marker::Letter(_), _))) {
            return Role::Child;
        }
        if name.is_empty() || starts_lowercase(&name) || row.after_cut {
            return Role::Continuation;
        }
        return Role::Item {
            number: None,
            parent: None,
        };
    }
    let number = number.trim_end_matches('.').to_owned();
    // "3a", "3b": a sub-indicator; "4.1": a sub-task.
    if let Some(split) = number.find(|c: char| !c.is_ascii_digit()) {
        let (parent, rest) = number.split_at(split);
        if !parent.is_empty()
            && (rest.starts_with('.') || rest.chars().all(|c| c.is_ascii_lowercase()))
        {
            return Role::Item {
                number: Some(number.clone()),
                parent: Some(parent.to_owned()),
            };
        }
    }
    Role::Item {
        number: Some(number),
        parent: None,
    }
}

/// A row with its continuations merged in.
struct Record {
    row: GridRow,
    role: Role,
}

fn records(grid: &Grid, name_key: &Key) -> Vec<Record> {
    let number_col = grid.column(&Key::Number);
    let name_col = grid.column(name_key);
    let mut out: Vec<Record> = Vec::new();
    for row in &grid.rows {
        let role = role(row, number_col, name_col);
        if role == Role::Continuation
            && let Some(last) = out.last_mut()
        {
            for (c, lines) in row.cells.iter().enumerate() {
                let text = squash(&lines.join(" "));
                if text.is_empty() || Some(c) == number_col {
                    continue;
                }
                let target = &mut last.row.cells[c];
                match target.last_mut() {
                    Some(l) if !text.starts_with("- ") => {
                        l.push(' ');
                        l.push_str(&text);
                    }
                    _ => target.push(text),
                }
            }
            continue;
        }
        out.push(Record {
            row: row.clone(),
            role: if role == Role::Continuation {
                Role::Item {
                    number: None,
                    parent: None,
                }
            } else {
                role
            },
        });
    }
    out
}

/// The lines of a cell that lists items ("- A - B" typed in one line).
fn list_items(lines: &[String]) -> Vec<String> {
    let mut items = Vec::new();
    for line in lines {
        let line = squash(line);
        if line.is_empty() {
            continue;
        }
        let body = line
            .strip_prefix("- ")
            .or_else(|| line.strip_prefix("-"))
            .unwrap_or(&line);
        for part in body.split(" - ") {
            let part = part.trim().trim_end_matches(';').trim();
            if !part.is_empty() {
                items.push(part.to_owned());
            }
        }
    }
    items
}

/// A method cell as lines: the parts a copy ran together ("… trong đó:
/// - a: … - b: …") put back on lines of their own.
fn method_lines(lines: &[String]) -> String {
    let mut out = Vec::new();
    for line in lines {
        let line = squash(line);
        let mut current = String::new();
        let parts: Vec<&str> = line.split(" - ").collect();
        for (i, part) in parts.iter().enumerate() {
            let starts_item = i > 0 && {
                let head = part.split(':').next().unwrap_or("");
                part.contains(':') && head.split_whitespace().count() <= 5
            };
            if starts_item {
                out.push(std::mem::take(&mut current));
                current.push_str("- ");
                current.push_str(part);
            } else if i > 0 {
                current.push_str(" - ");
                current.push_str(part);
            } else {
                current.push_str(part);
            }
        }
        out.push(current);
    }
    out.retain(|l| !l.trim().is_empty());
    out.join("\n")
}

/// The lead and partner units of a row's two cells; a partner named in
/// the lead cell ("… phối hợp Sở KH&CN") moves to the partners.
fn assigned(
    lead_cell: &[String],
    partner_cell: &[String],
    units: &mut Units,
    report: &mut Report,
    origin: Option<Origin>,
) -> (Vec<String>, Vec<String>) {
    let (lead, more) = split_lead(lead_cell);
    if !more.is_empty() {
        report.guess(
            format!(
                "ô chủ trì \"{}\" có \"phối hợp\": tách thành đơn vị chủ trì và phối hợp",
                squash(&lead_cell.join(" "))
            ),
            origin,
        );
    }
    let lead = units.ids_in_cell(&lead, origin);
    let mut partner_lines = partner_cell.to_vec();
    partner_lines.extend(more);
    let mut partners = units.ids_in_cell(&partner_lines, origin);
    partners.retain(|p| !lead.contains(p));
    (lead, partners)
}

/// "Phòng Văn hóa - Xã hội phối hợp Sở KH&CN" in a lead cell: the lead,
/// and a partner.
fn split_lead(lines: &[String]) -> (Vec<String>, Vec<String>) {
    let mut lead = Vec::new();
    let mut partners = Vec::new();
    for line in lines {
        match line.split_once(" phối hợp ") {
            Some((l, p)) => {
                lead.push(l.to_owned());
                partners.push(p.to_owned());
            }
            None => lead.push(line.clone()),
        }
    }
    (lead, partners)
}

fn indicator_rows(grid: &Grid, data: &mut Data, units: &mut Units, report: &mut Report) {
    let name_key = Key::Name { task: false };
    let col = |k: &Key| grid.column(k);
    let (name_col, target_col, unit_col) =
        (col(&name_key), col(&Key::Target), col(&Key::MeasureUnit));
    let (lead_col, partner_col, method_col) =
        (col(&Key::Lead), col(&Key::Partners), col(&Key::Method));
    let (guide_col, ref_col, note_col) =
        (col(&Key::Guidance), col(&Key::References), col(&Key::Note));
    let notes_refs = note_col.is_some_and(|c| notes_are_references(grid, c));
    let years: Vec<(usize, i64)> = grid
        .columns
        .iter()
        .enumerate()
        .filter_map(|(i, c)| match c.key {
            Some(Key::Year(y)) => Some((i, y)),
            _ => None,
        })
        .collect();
    let mut group: Option<String> = None;
    let mut decimal_points = 0;
    for record in records(grid, &name_key) {
        let row = &record.row;
        let origin = Some(row.origin);
        let cell = |c: Option<usize>| c.map(|c| row.cells[c].clone()).unwrap_or_default();
        let text = |c: Option<usize>| squash(&cell(c).join(" "));
        let mut indicator = Indicator::default();
        let mut name = text(name_col);
        let mut child_letter = false;
        if let Some((Marker::Letter(_), rest)) = marker(&name) {
            name = rest.to_owned();
            child_letter = true;
        }
        indicator.name = name.trim_end_matches('.').trim().to_owned();
        indicator.measure_unit = Some(text(unit_col)).filter(|u| !u.is_empty());
        if let Some(read) = target(&text(target_col)) {
            decimal_points += usize::from(read.decimal_point);
            indicator.target = Some(read.target);
        }
        for (c, year) in &years {
            let lines = row.cells[*c].clone();
            let value = lines.first().cloned().unwrap_or_default();
            let extra: Vec<String> = lines.iter().skip(1).cloned().collect();
            if let Some(read) = target(&value) {
                decimal_points += usize::from(read.decimal_point);
                let note = read.note.or_else(|| {
                    (!extra.is_empty())
                        .then(|| squash(&extra.join(" ")).trim_matches(['(', ')']).to_owned())
                });
                indicator.milestones.push(Milestone {
                    year: *year,
                    value: read.target,
                    note,
                });
            }
        }
        (indicator.lead, indicator.partners) =
            assigned(&cell(lead_col), &cell(partner_col), units, report, origin);
        let method = method_lines(&cell(method_col));
        indicator.method = (!method.is_empty()).then_some(method);
        indicator.guidance = list_items(&cell(guide_col));
        indicator.references = list_items(&cell(ref_col));
        if notes_refs {
            indicator.references.extend(list_items(&cell(note_col)));
        } else {
            indicator.note = Some(text(note_col)).filter(|n| !n.is_empty());
        }
        match record.role {
            Role::Group(name) => {
                let id = unique_group_id(&data.indicator_groups, &name);
                data.indicator_groups.push(Group {
                    id: id.clone(),
                    name,
                });
                group = Some(id);
            }
            Role::Total => {}
            Role::Child => push_child(data, indicator, origin, report),
            Role::Item {
                number,
                parent: Some(parent),
            } => {
                let parent_at = data
                    .indicator_numbers
                    .iter()
                    .rposition(|n| n.map(|n| n.to_string()) == Some(parent.clone()));
                match parent_at {
                    Some(p) => data.indicators[p].children.push(indicator),
                    None => {
                        report.guess(format!("chỉ tiêu {} không có chỉ tiêu cha trong bảng; để thành chỉ tiêu riêng", number.unwrap_or_default()), origin);
                        indicator.group.clone_from(&group);
                        data.indicators.push(indicator);
                        data.indicator_numbers.push(None);
                    }
                }
            }
            Role::Item {
                number,
                parent: None,
            } => {
                let typed = number.as_deref().and_then(|n| n.parse().ok());
                if child_letter {
                    // "3 | a) …": indicator 3 has no row of its own; its
                    // first sub-indicator stands in its row.
                    let parent = Indicator {
                        group: group.clone(),
                        ..Indicator::default()
                    };
                    data.indicators.push(parent);
                    data.indicator_numbers.push(typed);
                    let at = data.indicators.len() - 1;
                    data.indicators[at].children.push(indicator);
                } else {
                    indicator.group.clone_from(&group);
                    data.indicators.push(indicator);
                    data.indicator_numbers.push(typed);
                }
            }
            Role::Continuation => unreachable!("merged by records"),
        }
    }
    if decimal_points > 0 {
        report.warning(
            format!("{decimal_points} chỉ tiêu viết dấu chấm thập phân (\"35.4%\"); kehoach in dấu phẩy (\"35,4%\")"),
            None,
        );
    }
    name_parents(&mut data.indicators, report);
}

fn push_child(data: &mut Data, indicator: Indicator, origin: Option<Origin>, report: &mut Report) {
    match data.indicators.last_mut() {
        Some(parent) => parent.children.push(indicator),
        None => {
            report.guess(
                "chỉ tiêu con đứng đầu bảng; để thành chỉ tiêu riêng",
                origin,
            );
            data.indicators.push(indicator);
            data.indicator_numbers.push(None);
        }
    }
}

/// A parent indicator the table gives no name of its own is named from its
/// children: their common beginning and their different endings
/// ("Tỷ lệ … trong y tế", "… trong giáo dục" → "Tỷ lệ … trong y tế, giáo
/// dục"); a body section "Chỉ tiêu 3. …" may name it better later.
fn name_parents(indicators: &mut [Indicator], report: &mut Report) {
    for parent in indicators
        .iter_mut()
        .filter(|i| i.name.is_empty() && !i.children.is_empty())
    {
        let names: Vec<Vec<&str>> = parent
            .children
            .iter()
            .map(|c| c.name.split_whitespace().collect())
            .collect();
        let common = (0..names[0].len())
            .take_while(|&i| names.iter().all(|n| n.get(i) == names[0].get(i)))
            .count();
        let endings: Vec<String> = names
            .iter()
            .map(|n| n[common.min(n.len())..].join(" "))
            .collect();
        parent.name = if common > 0 && endings.iter().all(|e| !e.is_empty()) && names.len() > 1 {
            // An ending already said (one child named them all) is not
            // said twice.
            let mut joined: Vec<String> = Vec::new();
            for ending in &endings {
                let bare = ending.trim_end_matches(['.', ';', ',']).trim().to_owned();
                if !joined.iter().any(|j| j.contains(&bare)) {
                    joined.push(bare);
                }
            }
            format!("{} {}", names[0][..common].join(" "), joined.join(", "))
        } else {
            parent.children[0].name.clone()
        };
        let leads: Vec<&Vec<String>> = parent.children.iter().map(|c| &c.lead).collect();
        if leads.iter().all(|l| *l == leads[0]) {
            parent.lead = leads[0].clone();
        }
        report.guess(
            format!(
                "chỉ tiêu cha của các chỉ tiêu con không có dòng riêng; đặt tên \"{}\"",
                parent.name
            ),
            None,
        );
    }
}

fn unique_group_id(existing: &[Group], name: &str) -> String {
    let base = short_slug(name, 4);
    let base = if base.is_empty() {
        "nhom".to_owned()
    } else {
        base
    };
    let mut id = base.clone();
    let mut n = 2;
    while existing.iter().any(|g| g.id == id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

fn task_rows(
    grid: &Grid,
    kind: AppendixKind,
    data: &mut Data,
    units: &mut Units,
    report: &mut Report,
    after: &[&Line],
) {
    let name_key = Key::Name { task: true };
    let name_key = if grid.column(&name_key).is_some() {
        name_key
    } else {
        Key::Name { task: false }
    };
    let col = |k: &Key| grid.column(k);
    let (name_col, lead_col, partner_col) = (col(&name_key), col(&Key::Lead), col(&Key::Partners));
    let (result_col, time_col) = (col(&Key::Result), col(&Key::Time));
    let budget_col = grid
        .columns
        .iter()
        .position(|c| matches!(c.key, Some(Key::Budget(_))));
    let factor = budget_col
        .and_then(|c| match grid.columns[c].key {
            Some(Key::Budget(f)) => Some(f),
            _ => None,
        })
        .unwrap_or(Decimal::ONE);
    let mut group: Option<String> = None;
    let mut typed_total: Option<(String, Origin)> = None;
    let mut numbers: Vec<Option<String>> = Vec::new();
    let start = data.tasks.len();
    for record in records(grid, &name_key) {
        let row = &record.row;
        let origin = Some(row.origin);
        let cell = |c: Option<usize>| c.map(|c| row.cells[c].clone()).unwrap_or_default();
        let text = |c: Option<usize>| squash(&cell(c).join(" "));
        if record.role == Role::Total {
            typed_total = Some((text(budget_col), row.origin));
            continue;
        }
        if let Role::Group(name) = &record.role {
            let id = unique_group_id(&data.task_groups, name);
            data.task_groups.push(Group {
                id: id.clone(),
                name: name.clone(),
            });
            group = Some(id);
            continue;
        }
        let mut task = Task {
            name: text(name_col),
            ..Task::default()
        };
        (task.lead, task.partners) =
            assigned(&cell(lead_col), &cell(partner_col), units, report, origin);
        task.result = Some(text(result_col)).filter(|t| !t.is_empty());
        task.time = Some(text(time_col)).filter(|t| !t.is_empty());
        let budget = text(budget_col);
        if !budget.is_empty() {
            match values::amount(&budget) {
                Some(amount) => task.budget = Some((amount * factor).normalize()),
                None => report.warning(
                    format!("kinh phí \"{budget}\" không đọc được thành số; để trống"),
                    origin,
                ),
            }
        }
        match record.role {
            Role::Item {
                number,
                parent: Some(parent),
            } => {
                let at = numbers
                    .iter()
                    .rposition(|n| n.as_deref() == Some(parent.as_str()));
                match at {
                    Some(p) => data.tasks[start + p].children.push(task),
                    None => {
                        task.group.clone_from(&group);
                        data.tasks.push(task);
                        numbers.push(number);
                    }
                }
            }
            Role::Child => match data.tasks.len() > start {
                true => data
                    .tasks
                    .last_mut()
                    .expect("a task before")
                    .children
                    .push(task),
                false => {
                    task.group.clone_from(&group);
                    data.tasks.push(task);
                    numbers.push(None);
                }
            },
            Role::Item {
                number,
                parent: None,
            } => {
                task.group.clone_from(&group);
                data.tasks.push(task);
                numbers.push(number);
            }
            _ => {}
        }
    }
    if kind == AppendixKind::Budget {
        check_total(&data.tasks[start..], typed_total, after, report);
    }
}

/// The typed total and "Bằng chữ" of a budget table against the sum of
/// its rows: kehoach prints the sum, so a typed total that differs is
/// named with both figures.
fn check_total(
    tasks: &[Task],
    typed: Option<(String, Origin)>,
    after: &[&Line],
    report: &mut Report,
) {
    let sum: Decimal = tasks
        .iter()
        .map(|t| {
            if t.children.is_empty() {
                t.budget.unwrap_or_default()
            } else {
                t.children
                    .iter()
                    .map(|c| c.budget.unwrap_or_default())
                    .sum()
            }
        })
        .sum();
    let printed = crate::text::money::format_money(sum);
    let dong =
        crate::text::money::whole_dong(sum).map(|d| crate::text::format_integer(i128::from(d)));
    if let Some((typed, origin)) = typed {
        let value = values::amount(&typed);
        let agrees = value.is_some_and(|v| v == sum || v == sum * Decimal::from(1_000_000));
        if agrees {
            report.found(
                format!("dòng Tổng cộng {typed} khớp tổng các dòng"),
                Some(origin),
            );
        } else {
            report.warning(
                format!(
                    "dòng Tổng cộng của bản gốc ghi \"{typed}\"{}, nhưng tổng các dòng là {printed} triệu đồng{}; kehoach in tổng tính được",
                    if value.is_none() { " (không phải một số viết đúng)" } else { "" },
                    dong.as_deref().map(|d| format!(" ({d} đồng)")).unwrap_or_default()
                ),
                Some(origin),
            );
        }
    }
    for line in after {
        let folded = fold(&line.text);
        if folded.contains("bang chu") {
            let typed = line
                .text
                .split_once(':')
                .map(|(_, w)| w.trim().trim_end_matches([')', '.']).trim().to_owned())
                .unwrap_or_default();
            let words = crate::text::money::money_in_words(sum).unwrap_or_default();
            let norm = |s: &str| fold(s).split_whitespace().collect::<Vec<_>>().join(" ");
            if norm(&typed) == norm(&words) {
                report.found(
                    format!("dòng Bằng chữ khớp tổng {printed} triệu đồng"),
                    Some(line.origin),
                );
            } else {
                report.warning(
                    format!("dòng Bằng chữ của bản gốc ghi \"{typed}\", tổng tính được đọc là \"{words}\"; kehoach in dòng tính được"),
                    Some(line.origin),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::draft::Target;
    use crate::import::read::text;

    fn data_of(source: &str) -> (Data, Report) {
        let read = text::read(source);
        let tables = read.tables();
        let heading = Line::plain("PHỤ LỤC I", Origin::Line(1));
        let region = Region {
            heading: &heading,
            lines: Vec::new(),
            tables,
            after: Vec::new(),
        };
        let mut units = Units::default();
        let mut report = Report::default();
        let data = appendices(&[region], &mut units, &mut report);
        (data, report)
    }

    #[test]
    fn the_ban_hanh_kem_theo_wording_is_a_key_not_a_title() {
        let read = text::read(
            "STT\tNhiệm vụ\tĐơn vị chủ trì\tThời gian\n1\tCung ứng giống lúa\tHợp tác xã\tTháng 01/2023\n",
        );
        let heading = Line::plain("PHỤ LỤC", Origin::Line(1));
        let wording = |line: &str| {
            let mut lines = vec![Line::plain(
                "Phân công thực hiện nhiệm vụ năm 2023",
                Origin::Line(2),
            )];
            lines.extend(line.split('\n').map(|l| Line::plain(l, Origin::Line(3))));
            let region = Region {
                heading: &heading,
                lines: lines.iter().collect(),
                tables: read.tables(),
                after: Vec::new(),
            };
            let data = appendices(&[region], &mut Units::default(), &mut Report::default());
            (data.issued_with, data.appendices[0].title.clone())
        };
        let title = "Phân công thực hiện nhiệm vụ năm 2023".to_owned();
        assert_eq!(
            wording(
                "(Ban hành kèm theo Kế hoạch số /KH-UBND ngày tháng 01 năm 2023 của UBND xã Yên Thọ)"
            ),
            (true, title.clone())
        );
        assert_eq!(
            wording("(Kèm theo Kế hoạch số 15/KH-UBND ngày 12/3/2026 của UBND xã Đông Tiến)"),
            (false, title.clone())
        );
        // Wrapped in a copied PDF: the wording goes on to its ")".
        assert_eq!(
            wording(
                "(Ban hành kèm theo Kế hoạch số:\n/KH-UBND ngày tháng 01 năm 2023 của UBND xã Yên Thọ)"
            ),
            (true, title)
        );
    }

    #[test]
    fn rows_become_indicators_with_children_and_continuations() {
        let (data, _) = data_of(concat!(
            "STT\tTên chỉ tiêu\tChỉ tiêu giao\tCơ quan chủ trì\tCơ quan phối hợp\n",
            "1\tTỷ lệ phủ sóng\t30%\tPhòng VHXH\tCác doanh nghiệp viễn thông\n",
            "2\tSố doanh nghiệp khoa học và\tKhuyến khích\tPhòng Kinh tế\t\n",
            "\n",
            "STT\tTên chỉ tiêu\tChỉ tiêu giao\tCơ quan chủ trì\tCơ quan phối hợp\n",
            "\tcông nghệ trên địa bàn\t\t\t\n",
            "3\ta) Tỷ lệ dân số tiếp cận dịch vụ số trong y tế\t80%\tPhòng VHXH\tTrạm Y tế\n",
            "\tb) Tỷ lệ dân số tiếp cận dịch vụ số trong giáo dục\t80%\tPhòng VHXH\t\n",
            "4\tTỷ lệ chữ ký số\t35.4%\tPhòng VHXH\t\n",
        ));
        assert_eq!(data.indicators.len(), 4);
        assert_eq!(
            data.indicators[1].name,
            "Số doanh nghiệp khoa học và công nghệ trên địa bàn"
        );
        assert_eq!(data.indicators[2].children.len(), 2);
        assert_eq!(
            data.indicators[2].name,
            "Tỷ lệ dân số tiếp cận dịch vụ số trong y tế, giáo dục"
        );
        assert_eq!(
            data.indicators[0].target,
            Some(Target::Rate(Decimal::from(30)))
        );
        assert_eq!(
            data.indicators[3].target,
            Some(Target::Rate(Decimal::new(354, 1)))
        );
        assert_eq!(data.appendices[0].kind, AppendixKind::Indicators);
        assert_eq!(data.indicators[0].lead, data.indicators[3].lead);
    }

    #[test]
    fn task_groups_sub_tasks_and_a_wrong_total() {
        let (data, report) = data_of(concat!(
            "STT\tTên nhiệm vụ\tĐơn vị chủ trì\tDự kiến kinh phí (triệu đồng)\tThời gian\n",
            "I\tVăn bản chỉ đạo\t\t\t\n",
            "1\tRà soát\tPhòng VHXH\t40\tQuý III\n",
            "2\tHệ thống:\t\t\t\n",
            "2.1\tHoàn thiện\tVăn phòng\t3 000\tQuý IV\n",
            "Tổng cộng\t\t\t3.277.0000.000\t\n",
        ));
        assert_eq!(data.task_groups.len(), 1);
        assert_eq!(data.tasks.len(), 2);
        assert_eq!(data.tasks[1].children.len(), 1);
        assert_eq!(data.tasks[1].children[0].budget, Some(Decimal::from(3000)));
        let warning = report
            .of(crate::import::report::Kind::Warning)
            .next()
            .unwrap();
        assert!(
            warning.message.contains("3.277.0000.000") && warning.message.contains("3.040"),
            "{}",
            warning.message
        );
    }

    #[test]
    fn run_together_method_lines_go_back_on_lines() {
        assert_eq!(
            method_lines(&[
                "Tỷ lệ a/b x100 Trong đó: - a: Dân số trong vùng phủ sóng - b: Tổng dân số".into()
            ]),
            "Tỷ lệ a/b x100 Trong đó:\n- a: Dân số trong vùng phủ sóng\n- b: Tổng dân số"
        );
        assert_eq!(
            list_items(&[
                "- Công văn số 01-CV/BCĐTW ngày 25/3/2025 - Nghị quyết số 71/NQ-CP".into()
            ]),
            [
                "Công văn số 01-CV/BCĐTW ngày 25/3/2025",
                "Nghị quyết số 71/NQ-CP"
            ]
        );
    }
}
