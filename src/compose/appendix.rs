//! Appendices (phụ lục): tables fed only by plan data, each under its
//! Nghị định 30 heading. Numbers, totals and words are computed here; the
//! columns come from `plan::schema` through the checked plan, and each
//! table matches its column enum exhaustively.

use super::adjustment::adjustment_table;
use super::furniture;
use super::markdown::lines;
use super::outline::{Numbered, NumberedTask, Outline};
use super::widths;
use crate::check::checked::{Appendix, AppendixTable, Column, Target, Task};
use crate::diagnostic::Diagnostic;
use crate::doc::{
    AppendixHeading, Block, Cell, Inline, Orientation, ParagraphStyle, Part, Row, Table,
};
use crate::plan::schema::{
    ASSIGNMENT_PARTS, IndicatorColumn, MILESTONE_YEAR_WIDTH, MilestoneColumn, StaffColumn,
    TaskColumn,
};
use crate::templates::{Engine, TemplateError};
use crate::text::money::{format_money, money_in_words, to_dong_precision};
use rust_decimal::Decimal;

/// The part of appendix number `number` (1-based); a page turned because
/// the columns do not fit is said in `warnings`. Fails only when a template
/// of its words fails.
pub(super) fn appendix_part(
    outline: &Outline,
    appendix: &Appendix,
    number: usize,
    engine: &Engine,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Part, TemplateError> {
    let name = super::outline::appendix_name(outline.plan.appendices.len(), number);
    let heading = Block::AppendixHeading(AppendixHeading {
        label: name.to_uppercase(),
        caption: appendix.caption.clone(),
        title: appendix.title.clone(),
        reference: furniture::appendix_reference(outline.plan),
    });
    // Lines between the heading and the table.
    let mut lead = Vec::new();
    let (mut table, default_landscape, trailer) = match &appendix.table {
        AppendixTable::Indicators(columns) => {
            let table = indicator_table(outline, columns);
            let wide = table.widths.len() > 5;
            (table, wide, None)
        }
        AppendixTable::Milestones(columns) => (milestone_table(outline, columns), true, None),
        AppendixTable::Tasks {
            budget: true,
            columns,
        } => {
            let (table, total) = task_table(outline, columns, true);
            // Words only under a printed total, and from the same value.
            let words = total
                .and_then(money_in_words)
                .map(|words| Block::Paragraph {
                    style: ParagraphStyle::Centered,
                    content: vec![Inline::italic(format!("(Bằng chữ: {words})"))],
                });
            (table, true, words)
        }
        AppendixTable::Tasks {
            budget: false,
            columns,
        } => (task_table(outline, columns, false).0, false, None),
        AppendixTable::Staff {
            columns,
            blank_rows,
        } => (staff_table(outline, columns, *blank_rows), false, None),
        AppendixTable::Adjustment {
            columns,
            original,
            issued,
            removed_reasons,
        } => {
            let (table, lines) = adjustment_table(
                outline.plan,
                original,
                *issued,
                columns,
                removed_reasons,
                engine,
            )?;
            lead = lines;
            (table, false, None)
        }
    };
    let mut orientation = if appendix.landscape.unwrap_or(default_landscape) {
        Orientation::Landscape
    } else {
        Orientation::Portrait
    };
    // Words wider together than a portrait page turn it, unless the plan
    // chose portrait itself.
    let mut fits = widths::fit(&mut table, orientation);
    if !fits && orientation == Orientation::Portrait && appendix.landscape.is_none() {
        orientation = Orientation::Landscape;
        fits = widths::fit(&mut table, orientation);
        warnings.push(turned_warning(&name, number, appendix));
    }
    if !fits {
        warnings.push(crowded_warning(&name, number, appendix, orientation));
    }
    let mut blocks = vec![heading];
    blocks.extend(lead);
    blocks.push(Block::Table(table));
    blocks.extend(trailer);
    Ok(Part {
        orientation,
        blocks,
    })
}

/// Says that an appendix is printed landscape although the plan did not
/// ask: its columns' longest words do not fit side by side on a portrait
/// page. A clerk may want portrait (fewer columns) or confirm landscape.
fn turned_warning(name: &str, number: usize, appendix: &Appendix) -> Diagnostic {
    Diagnostic::warning(
        format!(
            "{name} (\"{}\") in khổ ngang: các cột không vừa chiều ngang trang dọc (chữ dài nhất của từng cột đặt cạnh nhau rộng hơn trang)",
            appendix.title
        ),
        appendix.span.clone(),
    )
    .with_key(format!("phu_luc[{number}]"))
    .with_help(
        "muốn in khổ dọc thì bớt cột bằng `cot = [...]` (ví dụ bỏ `ghi_chu` hoặc `phuong_phap`); muốn giữ khổ ngang thì ghi `ngang = true` trong phụ lục này để không còn cảnh báo",
    )
}

/// Says that an appendix's columns do not fit its page even as narrow as
/// their longest words: the writers squeeze them, and words run into the
/// neighbouring cells.
fn crowded_warning(
    name: &str,
    number: usize,
    appendix: &Appendix,
    orientation: Orientation,
) -> Diagnostic {
    let (page, fix) = match orientation {
        Orientation::Portrait => ("dọc", "; hoặc bỏ `ngang = false` để bảng in khổ ngang"),
        Orientation::Landscape => ("ngang", ""),
    };
    Diagnostic::warning(
        format!(
            "{name} (\"{}\"): các cột không vừa chiều ngang trang {page} ngay cả khi mỗi cột chỉ rộng bằng chữ dài nhất của nó; chữ sẽ tràn sang ô bên cạnh",
            appendix.title
        ),
        appendix.span.clone(),
    )
    .with_key(format!("phu_luc[{number}]"))
    .with_help(format!("bớt cột bằng `cot = [...]`{fix}"))
}

/// A header row: every cell centred and bold.
fn header_row(cells: Vec<Cell>) -> Row {
    Row {
        cells: cells.into_iter().map(|c| c.centered().bolded()).collect(),
        group: false,
    }
}

fn row(cells: Vec<Cell>) -> Row {
    Row {
        cells,
        group: false,
    }
}

/// A multi-item cell: one item prints as itself, several as "- " lines.
fn item_cell(items: &[String]) -> Cell {
    if items.len() == 1 {
        Cell::lines(items.to_vec())
    } else {
        Cell::lines(items.iter().map(|i| format!("- {i}")))
    }
}

fn indicator_table(outline: &Outline, columns: &[Column<IndicatorColumn>]) -> Table {
    let two_level = columns
        .iter()
        .any(|c| c.cell == IndicatorColumn::Assignment);
    let mut widths = Vec::new();
    let mut top = Vec::new();
    let mut bottom = Vec::new();
    for column in columns {
        if column.cell == IndicatorColumn::Assignment {
            top.push(Cell::text(&column.title).spanning(2));
            for (title, width) in ASSIGNMENT_PARTS {
                widths.push(width);
                bottom.push(Cell::text(title));
            }
            continue;
        }
        widths.push(column.width);
        let cell = Cell::text(&column.title);
        top.push(if two_level {
            cell.spanning_rows(2)
        } else {
            cell
        });
    }
    let mut header = vec![header_row(top)];
    if two_level {
        header.push(header_row(bottom));
    }
    let width = u16::try_from(widths.len()).unwrap_or(u16::MAX);
    let body = indicator_rows(outline, width, |n| indicator_row(outline, n, columns));
    Table {
        widths,
        header,
        body,
    }
}

/// The rows of every indicator in plan order, numbered 1, 2, 3, 3a …, with
/// a group row (I, II …) wherever the group changes.
fn indicator_rows(outline: &Outline, width: u16, row: impl Fn(&Numbered) -> Row) -> Vec<Row> {
    let mut body = Vec::new();
    for n in &outline.indicators {
        if let Some((number, name)) = &n.group_row {
            body.push(group_row(number, name, width));
        }
        body.push(row(n));
        body.extend(n.children.iter().map(&row));
    }
    body
}

/// A group row ("I. Văn bản chỉ đạo"): bold, which compose decides here
/// and the writers only follow.
fn group_row(number: &str, name: &str, width: u16) -> Row {
    let mut cells = vec![Cell::text(number).centered().bolded()];
    if width > 1 {
        cells.push(Cell::text(name).spanning(width - 1).bolded());
    }
    Row { cells, group: true }
}

fn indicator_row(outline: &Outline, n: &Numbered, columns: &[Column<IndicatorColumn>]) -> Row {
    let ct = n.indicator;
    let mut cells = Vec::new();
    for column in columns {
        match column.cell {
            IndicatorColumn::Number => cells.push(Cell::text(&n.number).centered()),
            IndicatorColumn::Name => cells.push(Cell::text(&ct.name)),
            IndicatorColumn::MeasureUnit => {
                cells.push(Cell::text(ct.measure_unit.as_deref().unwrap_or("")).centered());
            }
            IndicatorColumn::Target => {
                let text = ct.target.as_ref().map(Target::printed).unwrap_or_default();
                cells.push(Cell::text(text).centered());
            }
            IndicatorColumn::Result => cells.push(Cell::text("")),
            IndicatorColumn::Lead => cells.push(Cell::text(outline.names(&n.leads))),
            IndicatorColumn::Partners => cells.push(Cell::text(outline.names(&ct.partners))),
            IndicatorColumn::Assignment => {
                cells.push(Cell::text(outline.names(&n.leads)));
                cells.push(Cell::text(outline.names(&ct.partners)));
            }
            IndicatorColumn::Method => cells.push(Cell::lines(
                ct.calculation
                    .as_deref()
                    .map(|p| {
                        p.lines()
                            .map(|l| l.trim().to_owned())
                            .filter(|l| !l.is_empty())
                            .collect::<Vec<_>>()
                    })
                    .unwrap_or_default(),
            )),
            IndicatorColumn::Guidance => cells.push(item_cell(&ct.guidance)),
            IndicatorColumn::References => cells.push(item_cell(&ct.references)),
            IndicatorColumn::Note => {
                cells.push(Cell::lines(
                    ct.note.as_deref().map(lines).unwrap_or_default(),
                ));
            }
        }
    }
    row(cells)
}

fn milestone_table(outline: &Outline, columns: &[Column<MilestoneColumn>]) -> Table {
    let years = &outline.milestone_years;
    // A unit column nobody fills would only take width from the years.
    let has_unit = outline
        .indicators
        .iter()
        .flat_map(|n| std::iter::once(n).chain(&n.children))
        .any(|n| n.indicator.measure_unit.is_some());
    let columns: Vec<&Column<MilestoneColumn>> = columns
        .iter()
        .filter(|c| c.cell != MilestoneColumn::MeasureUnit || has_unit)
        .collect();
    let span = u16::try_from(years.len().max(1)).unwrap_or(u16::MAX);
    let mut widths = Vec::new();
    let mut top = Vec::new();
    let mut under = Vec::new();
    for column in &columns {
        if column.cell == MilestoneColumn::Years {
            // "Mục tiêu theo từng giai đoạn" over one column per year.
            top.push(Cell::text(&column.title).spanning(span));
            for year in years {
                widths.push(MILESTONE_YEAR_WIDTH);
                under.push(Cell::text(format!("Năm {year}")));
            }
        } else {
            widths.push(column.width);
            top.push(Cell::text(&column.title).spanning_rows(2));
        }
    }
    let header = vec![header_row(top), header_row(under)];
    let width = u16::try_from(widths.len()).unwrap_or(u16::MAX);
    let body = indicator_rows(outline, width, |n| {
        let ct = n.indicator;
        let mut cells = Vec::new();
        for column in &columns {
            match column.cell {
                MilestoneColumn::Number => cells.push(Cell::text(&n.number).centered()),
                MilestoneColumn::Name => cells.push(Cell::text(&ct.name)),
                MilestoneColumn::MeasureUnit => {
                    cells.push(Cell::text(ct.measure_unit.as_deref().unwrap_or("")).centered());
                }
                MilestoneColumn::Years => {
                    for year in years {
                        let cell = match ct.milestones.iter().find(|m| m.year == *year) {
                            None => Cell::text("-"),
                            Some(m) => {
                                let mut lines = vec![m.target.printed()];
                                lines.extend(m.note.iter().map(|n| format!("({n})")));
                                Cell::lines(lines)
                            }
                        };
                        cells.push(cell.centered());
                    }
                }
                MilestoneColumn::Lead => cells.push(Cell::text(outline.names(&n.leads))),
            }
        }
        row(cells)
    });
    Table {
        widths,
        header,
        body,
    }
}

/// The task table; with `budget` and an amount column, a "Tổng cộng" row
/// closes it. Returns that total (in triệu đồng), if printed.
fn task_table(
    outline: &Outline,
    columns: &[Column<TaskColumn>],
    budget: bool,
) -> (Table, Option<Decimal>) {
    let widths: Vec<u32> = columns.iter().map(|c| c.width).collect();
    let head = columns.iter().map(|c| Cell::text(&c.title)).collect();
    let width = u16::try_from(widths.len()).unwrap_or(u16::MAX);
    let mut body = Vec::new();
    let mut total = Decimal::ZERO;
    for group in &outline.task_groups {
        if let Some((number, name)) = &group.group {
            body.push(group_row(number, name, width));
        }
        for task in &group.tasks {
            total = add(total, task_rows(outline, task, columns, &mut body));
        }
    }
    let printed = budget && columns.iter().any(|c| c.cell == TaskColumn::Budget);
    if printed {
        let cells = columns
            .iter()
            .map(|column| match column.cell {
                TaskColumn::Name => Cell::text("Tổng cộng").centered().bolded(),
                TaskColumn::Budget => Cell::text(format_money(total)).centered().bolded(),
                TaskColumn::Number
                | TaskColumn::Lead
                | TaskColumn::Partners
                | TaskColumn::Result
                | TaskColumn::Time => Cell::text("").bolded(),
            })
            .collect();
        body.push(Row { cells, group: true });
    }
    let table = Table {
        widths,
        header: vec![header_row(head)],
        body,
    };
    (table, printed.then_some(total))
}

/// Rows of a task and its sub-tasks (4, 4.1, 4.2 …); returns its budget
/// (a parent's is the sum of its children's).
fn task_rows(
    outline: &Outline,
    numbered: &NumberedTask,
    columns: &[Column<TaskColumn>],
    body: &mut Vec<Row>,
) -> Decimal {
    let (task, number) = (numbered.task, numbered.number.as_str());
    let budget = task_budget(task);
    let cells = columns
        .iter()
        .map(|column| match column.cell {
            TaskColumn::Number => Cell::text(number).centered(),
            TaskColumn::Name => Cell::text(&task.name),
            TaskColumn::Lead => Cell::text(outline.names(&task.lead)),
            TaskColumn::Partners => Cell::text(outline.names(&task.partners)),
            TaskColumn::Result => Cell::text(task.result.as_deref().unwrap_or("")),
            TaskColumn::Budget => {
                Cell::text(if task.budget.is_some() || !task.children.is_empty() {
                    format_money(budget)
                } else {
                    String::new()
                })
                .centered()
            }
            TaskColumn::Time => Cell::text(task.time.as_deref().unwrap_or("")).centered(),
        })
        .collect();
    body.push(row(cells));
    for child in &numbered.children {
        task_rows(outline, child, columns, body);
    }
    budget
}

/// A task's budget to the đồng; a parent's is the sum of its children's.
fn task_budget(task: &Task) -> Decimal {
    if task.children.is_empty() {
        task.budget.map_or(Decimal::ZERO, to_dong_precision)
    } else {
        task.children
            .iter()
            .map(task_budget)
            .fold(Decimal::ZERO, add)
    }
}

/// A sum that cannot panic: `check` bounds every amount far below
/// overflow, but compose must not abort on an unchecked plan either.
fn add(a: Decimal, b: Decimal) -> Decimal {
    a.checked_add(b).unwrap_or(Decimal::MAX)
}

/// The staff form: one row per involved unit, with `blank_rows` more rows
/// under each for more staff.
fn staff_table(outline: &Outline, columns: &[Column<StaffColumn>], blank_rows: u16) -> Table {
    let header = vec![header_row(
        columns.iter().map(|c| Cell::text(&c.title)).collect(),
    )];
    let mut body = Vec::new();
    for (i, unit) in outline.involved_units.iter().enumerate() {
        let cells = columns
            .iter()
            .map(|column| match column.cell {
                StaffColumn::Number => Cell::text((i + 1).to_string())
                    .centered()
                    .spanning_rows(blank_rows + 1),
                StaffColumn::Unit => {
                    Cell::text(&outline.plan.unit(*unit).name).spanning_rows(blank_rows + 1)
                }
                StaffColumn::Name | StaffColumn::Phone | StaffColumn::Note => Cell::text(""),
            })
            .collect();
        body.push(row(cells));
        for _ in 0..blank_rows {
            // The number and unit cells span these rows.
            let open = columns.iter().filter(|c| {
                matches!(
                    c.cell,
                    StaffColumn::Name | StaffColumn::Phone | StaffColumn::Note
                )
            });
            body.push(row(open.map(|_| Cell::text("")).collect()));
        }
    }
    Table {
        widths: columns.iter().map(|c| c.width).collect(),
        header,
        body,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::fixture::Fixture;

    /// The table of the plan's only appendix, and its page.
    fn table_of(f: Fixture) -> (Table, Part) {
        let plan = f.checked();
        let outline = Outline::new(&plan);
        let engine = Engine::new(
            &crate::templates::Templates::embedded(),
            &plan.kind,
            crate::templates::Output::Markdown,
        );
        let part = appendix_part(&outline, &plan.appendices[0], 1, &engine, &mut Vec::new())
            .expect("templates");
        let table = part
            .blocks
            .iter()
            .find_map(|b| match b {
                Block::Table(t) => Some(t.clone()),
                _ => None,
            })
            .expect("a table");
        (table, part)
    }

    fn texts(row: &Row) -> Vec<String> {
        row.cells.iter().map(Cell::plain_text).collect()
    }

    fn grouped_indicators() -> Fixture {
        Fixture::new()
            .unit("a", "Phòng A")
            .unit("b", "Phòng B")
            .table("[[nhom_chi_tieu]]\nid = \"g\"\nten = \"Nhóm kinh tế\"")
            .table(
                r#"
[[chi_tieu]]
id = "c1"
ten = "Một"
nhom = "g"
chu_tri = "a"
phoi_hop = ["b"]
chi_tieu_giao = { toi_thieu = 85 }
moc = [{ nam = 2030, gia_tri = { ty_le = 50 } }]
[[chi_tieu]]
id = "c2"
ten = "Hai"
nhom = "g"
[[chi_tieu.con]]
id = "c2a"
ten = "Hai a"
chu_tri = "b"
chi_tieu_giao = { so = 2, don_vi = "mô hình" }
"#,
            )
    }

    #[test]
    fn indicators_are_numbered_under_their_group() {
        let (table, part) = table_of(grouped_indicators().appendix("ct", "chi-tieu", ""));
        assert_eq!(part.orientation, Orientation::Landscape, "six columns");
        assert_eq!(
            texts(&table.header[0]),
            [
                "STT",
                "Tên chỉ tiêu",
                "Chỉ tiêu giao",
                "Cơ quan chủ trì",
                "Cơ quan phối hợp",
                "Ghi chú"
            ]
        );
        assert!(table.header[0].cells.iter().all(|c| c.bold));
        let rows: Vec<Vec<String>> = table.body.iter().map(texts).collect();
        assert_eq!(rows[0], ["I", "Nhóm kinh tế"]);
        assert!(table.body[0].group);
        assert_eq!(
            rows[1],
            ["1", "Một", "≥\u{a0}85%", "Phòng A", "Phòng B", ""]
        );
        // A parent without a lead of its own is led by its sub-indicators.
        assert_eq!(rows[2], ["2", "Hai", "", "Phòng B", "", ""]);
        assert_eq!(rows[3], ["2a", "Hai a", "2 mô hình", "Phòng B", "", ""]);
    }

    #[test]
    fn the_assignment_column_has_a_two_level_header() {
        let (table, part) = table_of(grouped_indicators().appendix(
            "ct",
            "chi-tieu",
            "cot = [\"stt\", \"ten\", \"phan_cong\"]",
        ));
        assert_eq!(part.orientation, Orientation::Portrait, "four columns");
        assert_eq!(table.header.len(), 2);
        assert_eq!(table.header[0].cells[2].colspan, 2);
        assert_eq!(table.header[0].cells[0].rowspan, 2);
        assert_eq!(texts(&table.header[1]), ["Thực hiện", "Phối hợp"]);
        assert_eq!(texts(&table.body[1])[2..], ["Phòng A", "Phòng B"]);
        assert_eq!(table.widths.len(), 4, "the assignment is two columns");
    }

    #[test]
    fn milestone_years_stand_under_one_spanning_header() {
        let (table, _) = table_of(grouped_indicators().appendix("moc", "moc", ""));
        // No indicator has a unit: the unit column is left out.
        assert_eq!(
            texts(&table.header[0]),
            [
                "STT",
                "Chỉ tiêu",
                "Mục tiêu theo từng giai đoạn",
                "Cơ quan chủ trì"
            ]
        );
        assert_eq!(table.header[0].cells[0].rowspan, 2);
        assert_eq!(texts(&table.header[1]), ["Năm 2030"]);
        assert_eq!(texts(&table.body[1]), ["1", "Một", "50%", "Phòng A"]);
        assert_eq!(texts(&table.body[3]), ["2a", "Hai a", "-", "Phòng B"]);
    }

    #[test]
    fn the_budget_table_totals_and_says_it_in_words() {
        let f = Fixture::new()
            .unit("a", "Phòng A")
            .table(
                r#"
[[nhiem_vu]]
ten = "Xây dựng"
chu_tri = "a"
[[nhiem_vu.con]]
ten = "Phần một"
kinh_phi = 1.5
[[nhiem_vu.con]]
ten = "Phần hai"
kinh_phi = 2
[[nhiem_vu]]
ten = "Tuyên truyền"
kinh_phi = 0.25
"#,
            )
            .appendix("kp", "kinh-phi", "");
        let (table, part) = table_of(f);
        let rows: Vec<Vec<String>> = table.body.iter().map(texts).collect();
        assert_eq!(rows[0][..2], ["1", "Xây dựng"]);
        assert_eq!(rows[0][5], "3,5");
        assert_eq!(rows[1][..2], ["1.1", "Phần một"]);
        assert_eq!(rows[3][0], "2");
        let total = rows.last().unwrap();
        assert_eq!(total[1], "Tổng cộng");
        assert_eq!(total[5], "3,75");
        let Some(Block::Paragraph { content, .. }) = part.blocks.last() else {
            panic!("{:?}", part.blocks.last())
        };
        assert!(content[0].italic);
        assert!(
            content[0]
                .text
                .starts_with("(Bằng chữ: Ba triệu bảy trăm năm mươi nghìn"),
            "{}",
            content[0].text
        );
    }

    #[test]
    fn the_staff_form_lists_involved_units_with_blank_rows() {
        let f = grouped_indicators()
            .table("[[don_vi]]\nid = \"tt\"\nten = \"Các thôn\"\ntap_the = true")
            .table("[[don_vi]]\nid = \"c\"\nten = \"Phòng C\"")
            .appendix("cb", "can-bo", "dong_trong = 1");
        let (table, _) = table_of(f);
        assert_eq!(table.widths.len(), 5);
        let rows: Vec<Vec<String>> = table.body.iter().map(texts).collect();
        // A, B involved; the collective and the idle unit C are not.
        assert_eq!(rows.len(), 4);
        assert_eq!(rows[0][..2], ["1", "Phòng A"]);
        assert_eq!(table.body[0].cells[1].rowspan, 2);
        assert_eq!(rows[1], ["", "", ""]);
        assert_eq!(rows[2][..2], ["2", "Phòng B"]);
    }
}
