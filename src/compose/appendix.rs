//! Appendices (phụ lục): tables fed only by plan data, each under its
//! Nghị định 30 heading. Numbers, totals and words are computed here.

use std::collections::BTreeSet;

use crate::check::{INDICATOR_COLUMNS, STAFF_COLUMNS, TASK_COLUMNS};
use crate::compose::context::{indicator_lead_names, lead_names, lines, partner_names, sub_letter};
use crate::compose::furniture;
use crate::compose::target::format_target;
use crate::compose::widths;
use crate::doc::{
    AppendixHeading, Block, Cell, Inline, Orientation, ParagraphStyle, Part, Row, Table,
};
use crate::plan::{Appendix, Indicator, Plan, Task, UnitRefs};
use crate::text::money::{format_money, money_in_words, to_dong_precision};
use crate::text::to_roman;
use rust_decimal::Decimal;

/// The part of appendix number `number` (1-based).
pub fn appendix_part(plan: &Plan, appendix: &Appendix, number: usize) -> Part {
    let heading = Block::AppendixHeading(AppendixHeading {
        label: format!("PHỤ LỤC {}", to_roman(number)),
        caption: appendix
            .tieu_de
            .as_ref()
            .map(|t| t.get_ref().trim().to_owned()),
        title: appendix.ten.get_ref().trim().to_owned(),
        reference: furniture::appendix_reference(plan),
    });
    let (mut table, default_landscape, trailer) = match appendix.loai.get_ref().as_str() {
        "chi-tieu" => {
            let table = indicator_table(plan, appendix);
            let wide = table.widths.len() > 5;
            (table, wide, None)
        }
        "moc" => (milestone_table(plan, appendix), true, None),
        "kinh-phi" => {
            let (table, total) = task_table(plan, appendix, true);
            // Words only under a printed total, and from the same value.
            let words = total
                .and_then(money_in_words)
                .map(|words| Block::Paragraph {
                    style: ParagraphStyle::Centered,
                    content: vec![Inline::italic(format!("(Bằng chữ: {words})"))],
                });
            (table, true, words)
        }
        "nhiem-vu" => (task_table(plan, appendix, false).0, false, None),
        _ => (staff_table(plan, appendix), false, None),
    };
    let orientation = orientation(appendix, default_landscape);
    widths::fit(&mut table, orientation);
    let mut blocks = vec![heading, Block::Table(table)];
    blocks.extend(trailer);
    Part {
        orientation,
        blocks,
    }
}

fn orientation(appendix: &Appendix, default_landscape: bool) -> Orientation {
    if appendix.ngang.unwrap_or(default_landscape) {
        Orientation::Landscape
    } else {
        Orientation::Portrait
    }
}

fn header_text(appendix: &Appendix, key: &str, default: &str) -> String {
    appendix
        .ten_cot
        .get(key)
        .map_or_else(|| default.to_owned(), |t| t.get_ref().trim().to_owned())
}

fn chosen_columns<'a>(appendix: &'a Appendix, default: &[&'a str]) -> Vec<&'a str> {
    if appendix.cot.is_empty() {
        default.to_vec()
    } else {
        appendix.cot.iter().map(|c| c.get_ref().as_str()).collect()
    }
}

/// A multi-item cell: one item prints as itself, several as "- " lines.
fn item_cell(items: &[toml::Spanned<String>]) -> Cell {
    let items: Vec<String> = items
        .iter()
        .map(|i| i.get_ref().trim().to_owned())
        .collect();
    if items.len() == 1 {
        Cell::lines(items)
    } else {
        Cell::lines(items.into_iter().map(|i| format!("- {i}")))
    }
}

fn indicator_table(plan: &Plan, appendix: &Appendix) -> Table {
    let columns = chosen_columns(
        appendix,
        &[
            "stt",
            "ten",
            "chi_tieu_giao",
            "chu_tri",
            "phoi_hop",
            "ghi_chu",
        ],
    );
    debug_assert!(columns.iter().all(|c| INDICATOR_COLUMNS.contains(c)));
    let two_level = columns.contains(&"phan_cong");
    let mut widths = Vec::new();
    let mut top = Vec::new();
    let mut bottom = Vec::new();
    for &column in &columns {
        if column == "phan_cong" {
            widths.extend([14, 16]);
            top.push(
                Cell::text(header_text(appendix, "phan_cong", "Phân công nhiệm vụ")).spanning(2),
            );
            bottom.push(Cell::text("Thực hiện"));
            bottom.push(Cell::text("Phối hợp"));
            continue;
        }
        let (width, title) = match column {
            "stt" => (5, "STT"),
            "ten" => (26, "Tên chỉ tiêu"),
            "don_vi_tinh" => (8, "Đơn vị tính"),
            "chi_tieu_giao" => (10, "Chỉ tiêu giao"),
            "ket_qua" => (9, "Kết quả"),
            "chu_tri" => (14, "Cơ quan chủ trì"),
            "phoi_hop" => (16, "Cơ quan phối hợp"),
            "phuong_phap" => (24, "Phương pháp tính/Nguồn số liệu"),
            "huong_dan" => (24, "Hướng dẫn thực hiện"),
            "van_ban_lien_quan" => (20, "Văn bản liên quan"),
            _ => (10, "Ghi chú"),
        };
        widths.push(width);
        let cell = Cell::text(header_text(appendix, column, title));
        top.push(if two_level {
            cell.spanning_rows(2)
        } else {
            cell
        });
    }
    let header_row = |cells: Vec<Cell>| Row {
        cells: cells.into_iter().map(|c| c.centered().bolded()).collect(),
        group: false,
    };
    let mut header = vec![header_row(top)];
    if two_level {
        header.push(header_row(bottom));
    }
    let width: u16 = u16::try_from(widths.len()).unwrap_or(u16::MAX);
    let body = indicator_rows(plan, width, |ct, number| {
        indicator_row(plan, ct, number, &columns)
    });
    Table {
        widths,
        header,
        body,
    }
}

/// The rows of every indicator in plan order, numbered 1, 2, 3, 3a …, with
/// a group row (I, II …) wherever the group changes.
fn indicator_rows(plan: &Plan, width: u16, row: impl Fn(&Indicator, &str) -> Row) -> Vec<Row> {
    let mut body = Vec::new();
    let mut current_group: Option<&str> = None;
    let mut group_number = 0;
    for (i, ct) in plan.chi_tieu.iter().enumerate() {
        if let Some(group) = &ct.nhom
            && current_group != Some(group.get_ref().as_str())
        {
            current_group = Some(group.get_ref().as_str());
            group_number += 1;
            let name = plan
                .nhom_chi_tieu
                .iter()
                .find(|g| g.id.get_ref() == group.get_ref())
                .map_or_else(String::new, |g| g.ten.get_ref().trim().to_owned());
            body.push(group_row(&to_roman(group_number), &name, width));
        }
        let number = (i + 1).to_string();
        body.push(row(ct, &number));
        for (j, child) in ct.con.iter().enumerate() {
            body.push(row(child, &format!("{number}{}", sub_letter(j))));
        }
    }
    body
}

fn group_row(number: &str, name: &str, width: u16) -> Row {
    let mut cells = vec![Cell::text(number).centered()];
    if width > 1 {
        cells.push(Cell::text(name).spanning(width - 1));
    }
    Row { cells, group: true }
}

fn indicator_row(plan: &Plan, ct: &Indicator, number: &str, columns: &[&str]) -> Row {
    let mut cells = Vec::new();
    for &column in columns {
        match column {
            "stt" => cells.push(Cell::text(number).centered()),
            "ten" => cells.push(Cell::text(ct.ten.get_ref().trim())),
            "don_vi_tinh" => cells.push(
                Cell::text(ct.don_vi_tinh.as_ref().map_or("", |u| u.get_ref().trim())).centered(),
            ),
            "chi_tieu_giao" => {
                let text = ct
                    .chi_tieu_giao
                    .as_ref()
                    .map(|t| format_target(t.get_ref()).0)
                    .unwrap_or_default();
                cells.push(Cell::text(text).centered());
            }
            "ket_qua" => cells.push(Cell::text("")),
            "chu_tri" => cells.push(Cell::text(indicator_lead_names(plan, ct))),
            "phoi_hop" => cells.push(Cell::text(partner_names(plan, &ct.phoi_hop))),
            "phan_cong" => {
                cells.push(Cell::text(indicator_lead_names(plan, ct)));
                cells.push(Cell::text(partner_names(plan, &ct.phoi_hop)));
            }
            "phuong_phap" => cells.push(Cell::lines(
                ct.phuong_phap
                    .as_ref()
                    .map(|p| {
                        p.get_ref()
                            .lines()
                            .map(|l| l.trim().to_owned())
                            .filter(|l| !l.is_empty())
                            .collect::<Vec<_>>()
                    })
                    .unwrap_or_default(),
            )),
            "huong_dan" => cells.push(item_cell(&ct.huong_dan)),
            "van_ban_lien_quan" => cells.push(item_cell(&ct.van_ban_lien_quan)),
            _ => cells.push(Cell::lines(
                ct.ghi_chu
                    .as_ref()
                    .map(|g| lines(g.get_ref()))
                    .unwrap_or_default(),
            )),
        }
    }
    Row {
        cells,
        group: false,
    }
}

fn milestone_table(plan: &Plan, appendix: &Appendix) -> Table {
    let years: BTreeSet<i64> = plan
        .chi_tieu
        .iter()
        .flat_map(|c| c.moc.iter().chain(c.con.iter().flat_map(|s| s.moc.iter())))
        .map(|m| *m.nam.get_ref())
        .collect();
    let mut widths = vec![5, 30, 8];
    let mut head = vec![
        Cell::text(header_text(appendix, "stt", "STT")),
        Cell::text(header_text(appendix, "ten", "Chỉ tiêu")),
        Cell::text(header_text(appendix, "don_vi_tinh", "Đơn vị tính")),
    ];
    for year in &years {
        widths.push(10);
        head.push(Cell::text(format!("Năm {year}")));
    }
    widths.push(16);
    head.push(Cell::text(header_text(
        appendix,
        "chu_tri",
        "Cơ quan chủ trì",
    )));
    let header = vec![Row {
        cells: head.into_iter().map(|c| c.centered().bolded()).collect(),
        group: false,
    }];
    let width = u16::try_from(widths.len()).unwrap_or(u16::MAX);
    let row = |ct: &Indicator, number: String| {
        let mut cells = vec![
            Cell::text(number).centered(),
            Cell::text(ct.ten.get_ref().trim()),
            Cell::text(ct.don_vi_tinh.as_ref().map_or("", |u| u.get_ref().trim())).centered(),
        ];
        for year in &years {
            let value = ct
                .moc
                .iter()
                .find(|m| m.nam.get_ref() == year)
                .map_or_else(|| "-".to_owned(), |m| format_target(m.gia_tri.get_ref()).0);
            cells.push(Cell::text(value).centered());
        }
        cells.push(Cell::text(indicator_lead_names(plan, ct)));
        Row {
            cells,
            group: false,
        }
    };
    let body = indicator_rows(plan, width, |ct, number| row(ct, number.to_owned()));
    Table {
        widths,
        header,
        body,
    }
}

/// The task table; with `budget` and an amount column, a "Tổng cộng" row
/// closes it. Returns that total (in triệu đồng), if printed.
fn task_table(plan: &Plan, appendix: &Appendix, budget: bool) -> (Table, Option<Decimal>) {
    let default: &[&str] = if budget {
        &TASK_COLUMNS
    } else {
        &["stt", "ten", "chu_tri", "phoi_hop", "thoi_gian"]
    };
    let columns = chosen_columns(appendix, default);
    debug_assert!(columns.iter().all(|c| TASK_COLUMNS.contains(c)));
    let mut widths = Vec::new();
    let mut head = Vec::new();
    for &column in &columns {
        let (width, title) = match column {
            "stt" => (5, "STT"),
            "ten" => (
                34,
                if budget {
                    "Tên nhiệm vụ"
                } else {
                    "Nhiệm vụ"
                },
            ),
            "chu_tri" => (15, "Đơn vị chủ trì"),
            "phoi_hop" => (17, "Đơn vị phối hợp"),
            "ket_qua" => (16, "Kết quả"),
            "kinh_phi" => (10, "Dự kiến kinh phí (triệu đồng)"),
            _ => (
                10,
                if budget {
                    "Thời gian hoàn thành"
                } else {
                    "Thời gian"
                },
            ),
        };
        widths.push(width);
        head.push(
            Cell::text(header_text(appendix, column, title))
                .centered()
                .bolded(),
        );
    }
    let width = u16::try_from(widths.len()).unwrap_or(u16::MAX);
    let mut body = Vec::new();
    let mut total = Decimal::ZERO;
    let mut rows_of = |tasks: &[&Task], body: &mut Vec<Row>| {
        for (i, task) in tasks.iter().enumerate() {
            let number = (i + 1).to_string();
            total = add(total, task_rows(plan, task, &number, &columns, body));
        }
    };
    if plan.nhom_nhiem_vu.is_empty() {
        let tasks: Vec<&Task> = plan.nhiem_vu.iter().collect();
        rows_of(&tasks, &mut body);
    } else {
        for (g, group) in plan.nhom_nhiem_vu.iter().enumerate() {
            let tasks: Vec<&Task> = plan
                .nhiem_vu
                .iter()
                .filter(|t| t.nhom.as_ref().map(|n| n.get_ref()) == Some(group.id.get_ref()))
                .collect();
            body.push(group_row(
                &to_roman(g + 1),
                group.ten.get_ref().trim(),
                width,
            ));
            rows_of(&tasks, &mut body);
        }
        let loose: Vec<&Task> = plan.nhiem_vu.iter().filter(|t| t.nhom.is_none()).collect();
        rows_of(&loose, &mut body);
    }
    let printed = budget && columns.contains(&"kinh_phi");
    if printed {
        let mut cells = Vec::new();
        for &column in &columns {
            cells.push(match column {
                "ten" => Cell::text("Tổng cộng").centered(),
                "kinh_phi" => Cell::text(format_money(total)).centered(),
                _ => Cell::text(""),
            });
        }
        body.push(Row { cells, group: true });
    }
    (
        Table {
            widths,
            header: vec![Row {
                cells: head,
                group: false,
            }],
            body,
        },
        printed.then_some(total),
    )
}

/// Rows of a task and its sub-tasks (4, 4.1, 4.2 …); returns its budget
/// (a parent's is the sum of its children's).
fn task_rows(
    plan: &Plan,
    task: &Task,
    number: &str,
    columns: &[&str],
    body: &mut Vec<Row>,
) -> Decimal {
    let budget = task_budget(task);
    let mut cells = Vec::new();
    for &column in columns {
        cells.push(match column {
            "stt" => Cell::text(number).centered(),
            "ten" => Cell::text(task.ten.get_ref().trim()),
            "chu_tri" => Cell::text(lead_names(plan, &task.chu_tri)),
            "phoi_hop" => Cell::text(partner_names(plan, &task.phoi_hop)),
            "ket_qua" => Cell::text(task.ket_qua.as_ref().map_or("", |k| k.get_ref().trim())),
            "kinh_phi" => Cell::text(if task.kinh_phi.is_some() || !task.con.is_empty() {
                format_money(budget)
            } else {
                String::new()
            })
            .centered(),
            _ => Cell::text(task.thoi_gian.as_ref().map_or("", |t| t.get_ref().trim())).centered(),
        });
    }
    body.push(Row {
        cells,
        group: false,
    });
    for (j, child) in task.con.iter().enumerate() {
        task_rows(plan, child, &format!("{number}.{}", j + 1), columns, body);
    }
    budget
}

/// A task's budget to the đồng; a parent's is the sum of its children's.
fn task_budget(task: &Task) -> Decimal {
    if task.con.is_empty() {
        task.kinh_phi
            .as_ref()
            .and_then(|k| k.get_ref().value())
            .map_or(Decimal::ZERO, to_dong_precision)
    } else {
        task.con.iter().map(task_budget).fold(Decimal::ZERO, add)
    }
}

/// A sum that cannot panic: `check` bounds every amount far below
/// overflow, but compose must not abort on an unchecked plan either.
fn add(a: Decimal, b: Decimal) -> Decimal {
    a.checked_add(b).unwrap_or(Decimal::MAX)
}

/// Units that lead or partner an indicator or a task, in registry order.
pub fn staff_units(plan: &Plan) -> Vec<&crate::plan::Unit> {
    let mut involved: BTreeSet<&str> = BTreeSet::new();
    fn visit_indicator<'p>(ct: &'p Indicator, involved: &mut BTreeSet<&'p str>) {
        if let Some(lead) = &ct.chu_tri {
            involved.extend(UnitRefs::ids(lead).map(|(id, _)| id));
        }
        involved.extend(ct.phoi_hop.iter().map(|p| p.get_ref().as_str()));
        for child in &ct.con {
            visit_indicator(child, involved);
        }
    }
    fn visit_task<'p>(task: &'p Task, involved: &mut BTreeSet<&'p str>) {
        if let Some(lead) = &task.chu_tri {
            involved.extend(UnitRefs::ids(lead).map(|(id, _)| id));
        }
        involved.extend(task.phoi_hop.iter().map(|p| p.get_ref().as_str()));
        for child in &task.con {
            visit_task(child, involved);
        }
    }
    for ct in &plan.chi_tieu {
        visit_indicator(ct, &mut involved);
    }
    for task in &plan.nhiem_vu {
        visit_task(task, &mut involved);
    }
    plan.don_vi
        .iter()
        .filter(|u| !u.tap_the && involved.contains(u.id.get_ref().as_str()))
        .collect()
}

fn staff_table(plan: &Plan, appendix: &Appendix) -> Table {
    let titles = [
        ("tt", "TT", 6),
        ("don_vi", "Phòng ban, cơ quan, đơn vị", 32),
        ("ho_ten", "Họ và tên cán bộ thực hiện", 28),
        ("dien_thoai", "Số điện thoại", 16),
        ("ghi_chu", "Ghi chú", 14),
    ];
    debug_assert!(titles.iter().all(|(k, _, _)| STAFF_COLUMNS.contains(k)));
    let header = vec![Row {
        cells: titles
            .iter()
            .map(|(key, title, _)| {
                Cell::text(header_text(appendix, key, title))
                    .centered()
                    .bolded()
            })
            .collect(),
        group: false,
    }];
    let extra = appendix
        .dong_trong
        .as_ref()
        .map_or(0, |n| u16::try_from(*n.get_ref()).unwrap_or(0));
    let mut body = Vec::new();
    for (i, unit) in staff_units(plan).into_iter().enumerate() {
        body.push(Row {
            cells: vec![
                Cell::text((i + 1).to_string())
                    .centered()
                    .spanning_rows(extra + 1),
                Cell::text(unit.ten.get_ref().trim()).spanning_rows(extra + 1),
                Cell::text(""),
                Cell::text(""),
                Cell::text(""),
            ],
            group: false,
        });
        for _ in 0..extra {
            body.push(Row {
                cells: vec![Cell::text(""), Cell::text(""), Cell::text("")],
                group: false,
            });
        }
    }
    Table {
        widths: titles.iter().map(|(_, _, w)| *w).collect(),
        header,
        body,
    }
}
