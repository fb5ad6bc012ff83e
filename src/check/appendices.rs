//! `[[phu_luc]]`: the appendices, each checked into its kind's table with
//! the columns it shows, in order, titled; an adjustment with the original
//! it compares with (checked before, by `originals`).

use std::collections::HashSet;

use super::checked::{Appendix, AppendixTable, Column, Originals};
use super::values::{Found, trimmed};
use crate::diagnostic::Diagnostic;
use crate::limits::LIMITS;
use crate::plan::schema::{
    ADJUSTMENT_COLUMNS, AppendixKind, BUDGET_COLUMNS, ColumnSpec, INDICATOR_COLUMNS,
    INDICATOR_DEFAULT, MILESTONE_COLUMNS, MilestoneColumn, STAFF_COLUMNS, TASK_COLUMNS,
    TASK_DEFAULT,
};
use crate::plan::{self, Plan};

/// The appendices; `None` when one cannot be built (reported, or, for an
/// adjustment whose original cannot serve, reported at its `ban_goc`).
pub(super) fn appendices(
    found: &mut Found,
    plan: &Plan,
    originals: &Originals,
) -> Option<Vec<Appendix>> {
    let mut seen = HashSet::new();
    let mut all = Some(Vec::with_capacity(plan.phu_luc.len()));
    for (i, appendix) in plan.phu_luc.iter().enumerate() {
        let key = format!("phu_luc[{}]", i + 1);
        found.id(&appendix.id, &format!("{key}.id"));
        if !seen.insert(appendix.id.get_ref().clone()) {
            found.error(
                format!("mã phụ lục \"{}\" bị trùng", appendix.id.get_ref()),
                appendix.id.span(),
                &format!("{key}.id"),
                "mỗi phụ lục một mã riêng; số thứ tự I, II … được tính tự động",
            );
        }
        let title = found.required(&appendix.ten, &format!("{key}.ten"));
        let Some(kind) = AppendixKind::from_key(appendix.loai.get_ref()) else {
            let kinds: Vec<&str> = AppendixKind::ALL.iter().map(|k| k.key()).collect();
            found.error(
                format!("không có loại phụ lục \"{}\"", appendix.loai.get_ref()),
                appendix.loai.span(),
                &format!("{key}.loai"),
                format!("dùng một trong: {}", kinds.join(", ")),
            );
            all = None;
            continue;
        };
        column_keys(found, appendix, kind, &key);
        issued_original(found, appendix, kind, &key);
        let blank_rows = blank_rows(found, appendix, kind, &key);
        data(found, plan, appendix, kind, &key);
        let table = table(found, appendix, kind, i, originals, blank_rows);
        all = all.zip(table).map(|(mut all, table)| {
            all.push(Appendix {
                id: appendix.id.get_ref().clone(),
                title,
                caption: appendix.tieu_de.as_ref().map(trimmed),
                landscape: appendix.ngang,
                table,
                span: Some(appendix.id.span()),
            });
            all
        });
    }
    all
}

/// The table of appendix `index`, of `kind`, with its columns.
fn table(
    found: &mut Found,
    a: &plan::Appendix,
    kind: AppendixKind,
    index: usize,
    originals: &Originals,
    blank_rows: Option<u16>,
) -> Option<AppendixTable> {
    Some(match kind {
        AppendixKind::Indicators => {
            AppendixTable::Indicators(columns(a, &INDICATOR_COLUMNS, &INDICATOR_DEFAULT)?)
        }
        AppendixKind::Tasks => AppendixTable::Tasks {
            budget: false,
            columns: columns(a, &TASK_COLUMNS, &TASK_DEFAULT)?,
        },
        AppendixKind::Budget => AppendixTable::Tasks {
            budget: true,
            columns: columns(a, &BUDGET_COLUMNS, &[])?,
        },
        AppendixKind::Milestones => AppendixTable::Milestones(columns(a, &MILESTONE_COLUMNS, &[])?),
        AppendixKind::Staff => AppendixTable::Staff {
            columns: columns(a, &STAFF_COLUMNS, &[])?,
            blank_rows: blank_rows?,
        },
        AppendixKind::Adjustment => {
            let file = a.ban_goc.as_ref()?;
            let Some(found_original) = originals.get(&index) else {
                found.out.push(
                    Diagnostic::error(
                        format!("chưa đọc được bản gốc \"{}\"", file.get_ref()),
                        Some(file.span()),
                    )
                    .with_key(format!("phu_luc[{}].ban_goc", index + 1))
                    .with_help("kiểm tra bằng `kehoach check` trên tệp kế hoạch này"),
                );
                return None;
            };
            // One that cannot serve was reported at its `ban_goc`.
            let (original, issued) = found_original.as_ref()?;
            AppendixTable::Adjustment {
                columns: columns(a, &ADJUSTMENT_COLUMNS, &[])?,
                original: original.clone(),
                issued: *issued,
                removed_reasons: a
                    .ly_do_bai_bo
                    .iter()
                    .map(|(id, reason)| (id.clone(), trimmed(reason)))
                    .collect(),
            }
        }
    })
}

/// `cot` and `ten_cot` name columns the kind has, each once; `ban_goc`
/// belongs to adjustments, and they need it.
fn column_keys(found: &mut Found, appendix: &plan::Appendix, kind: AppendixKind, key: &str) {
    let allowed = kind.column_keys();
    if !kind.choosable() && !appendix.cot.is_empty() {
        let span = appendix.cot[0].span();
        found.error(
            format!(
                "phụ lục loại \"{}\" có cột cố định",
                appendix.loai.get_ref()
            ),
            span,
            &format!("{key}.cot"),
            "bỏ khóa `cot`; có thể đổi tên cột bằng `ten_cot`",
        );
    }
    let names: Vec<String> = allowed.iter().map(|s| (*s).to_owned()).collect();
    let mut seen = HashSet::new();
    for column in &appendix.cot {
        if !allowed.contains(&column.get_ref().as_str()) {
            let help = match crate::plan::did_you_mean(column.get_ref(), &names) {
                Some(best) => format!("có phải ý bạn là \"{best}\"?"),
                None => format!("các cột có sẵn: {}", names.join(", ")),
            };
            found.error(
                format!("không có cột \"{}\"", column.get_ref()),
                column.span(),
                &format!("{key}.cot"),
                help,
            );
        } else if !seen.insert(column.get_ref().clone()) {
            found.error(
                format!("cột \"{}\" lặp lại", column.get_ref()),
                column.span(),
                &format!("{key}.cot"),
                "mỗi cột một lần",
            );
        }
    }
    for (name, text) in &appendix.ten_cot {
        if !allowed.contains(&name.as_str()) {
            found.error(
                format!("đặt tên cho cột \"{name}\" không có trong bảng"),
                text.span(),
                &format!("{key}.ten_cot.{name}"),
                format!("các cột có sẵn: {}", names.join(", ")),
            );
        }
    }
    match (&appendix.ban_goc, kind) {
        (None, AppendixKind::Adjustment) => found.error(
            "phụ lục điều chỉnh thiếu tệp bản gốc",
            appendix.loai.span(),
            &format!("{key}.ban_goc"),
            "thêm `ban_goc = \"ten-tep-ke-hoach-da-ban-hanh.toml\"` (tệp nằm cùng thư mục)",
        ),
        (Some(file), kind) if kind != AppendixKind::Adjustment => found.error(
            "chỉ phụ lục loại \"dieu-chinh\" mới có bản gốc",
            file.span(),
            &format!("{key}.ban_goc"),
            "bỏ khóa `ban_goc`, hoặc đặt `loai = \"dieu-chinh\"`",
        ),
        _ => {}
    }
}

/// `so_ban_goc`, `ngay_ban_goc`, `ly_do_bai_bo`: the original's issued
/// number and date (for an adjustment whose original file is still the
/// draft) and the reasons for dropped indicators, on adjustments only.
/// Whether the original has them already, and which indicators it dropped,
/// is checked with the original (`originals`).
fn issued_original(found: &mut Found, appendix: &plan::Appendix, kind: AppendixKind, key: &str) {
    if kind != AppendixKind::Adjustment {
        if let Some(number) = &appendix.so_ban_goc {
            found.error(
                "chỉ phụ lục loại \"dieu-chinh\" mới ghi số của bản gốc",
                number.span(),
                &format!("{key}.so_ban_goc"),
                "bỏ khóa `so_ban_goc`, hoặc đặt `loai = \"dieu-chinh\"`",
            );
        }
        if let Some(date) = &appendix.ngay_ban_goc {
            found.error(
                "chỉ phụ lục loại \"dieu-chinh\" mới ghi ngày của bản gốc",
                date.span(),
                &format!("{key}.ngay_ban_goc"),
                "bỏ khóa `ngay_ban_goc`, hoặc đặt `loai = \"dieu-chinh\"`",
            );
        }
        if let Some((id, reason)) = appendix.ly_do_bai_bo.iter().next() {
            found.error(
                "chỉ phụ lục loại \"dieu-chinh\" mới ghi lý do bãi bỏ chỉ tiêu",
                reason.span(),
                &format!("{key}.ly_do_bai_bo.{id}"),
                "bỏ bảng `ly_do_bai_bo`, hoặc đặt `loai = \"dieu-chinh\"`",
            );
        }
        return;
    }
    for (id, reason) in &appendix.ly_do_bai_bo {
        found.required(reason, &format!("{key}.ly_do_bai_bo.{id}"));
    }
    if let Some(number) = &appendix.so_ban_goc
        && *number.get_ref() <= 0
    {
        found.error(
            "số của bản gốc phải là số dương",
            number.span(),
            &format!("{key}.so_ban_goc"),
            "ghi số văn thư đã cấp cho bản gốc, ví dụ `so_ban_goc = 28`",
        );
    }
    if let Some(date) = &appendix.ngay_ban_goc {
        found.date(date, &format!("{key}.ngay_ban_goc"));
    }
}

/// `dong_trong`: blank rows of the staff form, within `LIMITS.blank_rows`;
/// `None` when out of it or on another kind (reported).
fn blank_rows(
    found: &mut Found,
    appendix: &plan::Appendix,
    kind: AppendixKind,
    key: &str,
) -> Option<u16> {
    let Some(rows) = &appendix.dong_trong else {
        return Some(0);
    };
    match u16::try_from(*rows.get_ref()) {
        Ok(n) if kind == AppendixKind::Staff && n <= LIMITS.blank_rows => Some(n),
        _ => {
            found.error(
                format!(
                    "số dòng trống chỉ dùng cho danh sách cán bộ, từ 0 đến {}",
                    LIMITS.blank_rows
                ),
                rows.span(),
                &format!("{key}.dong_trong"),
                format!("bỏ khóa hoặc đặt một số từ 0 đến {}", LIMITS.blank_rows),
            );
            None
        }
    }
}

/// The plan has rows for the table; a milestone table has its year
/// columns, and no more of them than a page can show readably.
fn data(found: &mut Found, plan: &Plan, appendix: &plan::Appendix, kind: AppendixKind, key: &str) {
    let (empty, what) = match kind {
        AppendixKind::Indicators => (plan.chi_tieu.is_empty(), "[[chi_tieu]]"),
        AppendixKind::Milestones => (
            plan.chi_tieu.iter().all(|c| c.moc.is_empty()),
            "chỉ tiêu có `moc`",
        ),
        AppendixKind::Tasks => (plan.nhiem_vu.is_empty(), "[[nhiem_vu]]"),
        AppendixKind::Budget => (plan.nhiem_vu.is_empty(), "[[nhiem_vu]] có `kinh_phi`"),
        AppendixKind::Staff => (plan.don_vi.iter().all(|u| u.tap_the), "[[don_vi]]"),
        // Its rows come from comparing with the original.
        AppendixKind::Adjustment => (false, ""),
    };
    if empty {
        found.error(
            "phụ lục không có dữ liệu nào để lập bảng",
            appendix.loai.span(),
            &format!("{key}.loai"),
            format!("thêm {what} vào kế hoạch, hoặc bỏ phụ lục này"),
        );
    }
    if kind != AppendixKind::Milestones {
        return;
    }
    let years_key = MILESTONE_COLUMNS
        .iter()
        .find(|c| c.cell == MilestoneColumn::Years)
        .map(|c| c.key);
    if !appendix.cot.is_empty()
        && !appendix
            .cot
            .iter()
            .any(|c| Some(c.get_ref().as_str()) == years_key)
    {
        found.error(
            "bảng mốc thiếu cột các năm mốc",
            appendix.cot[0].span(),
            &format!("{key}.cot"),
            "thêm \"moc\" vào `cot`, ví dụ cot = [\"stt\", \"ten\", \"moc\", \"chu_tri\"]",
        );
    }
    let years: HashSet<i64> = plan
        .chi_tieu
        .iter()
        .flat_map(|c| std::iter::once(c).chain(&c.con))
        .flat_map(|c| c.moc.iter().map(|m| *m.nam.get_ref()))
        .collect();
    let most = LIMITS.milestone_years;
    if years.len() > most {
        found.error(
            format!(
                "bảng mốc có {} năm mốc, một trang ngang chỉ in rõ được {most}",
                years.len()
            ),
            appendix.loai.span(),
            &format!("{key}.loai"),
            format!("giữ tối đa {most} năm mốc (ví dụ 2025, 2030, 2035 …); các mốc khác ghi trong phần nội dung"),
        );
    }
}

/// The columns an appendix shows, in the order `cot` gives them, else the
/// kind's `defaults` (all of `table` when there are none), with `ten_cot`
/// applied to their titles; `None` when `cot` names one the kind lacks
/// (reported by [`column_keys`]).
fn columns<C: Copy + PartialEq>(
    a: &plan::Appendix,
    table: &[ColumnSpec<C>],
    defaults: &[C],
) -> Option<Vec<Column<C>>> {
    let specs: Vec<&ColumnSpec<C>> = if !a.cot.is_empty() {
        a.cot
            .iter()
            .map(|key| table.iter().find(|c| c.key == key.get_ref()))
            .collect::<Option<_>>()?
    } else if defaults.is_empty() {
        table.iter().collect()
    } else {
        // The defaults are cells of the table (`plan::schema`).
        defaults
            .iter()
            .filter_map(|cell| table.iter().find(|c| c.cell == *cell))
            .collect()
    };
    Some(
        specs
            .into_iter()
            .map(|c| Column {
                cell: c.cell,
                title: a
                    .ten_cot
                    .get(c.key)
                    .map_or_else(|| c.title.to_owned(), |t| t.get_ref().trim().to_owned()),
                width: c.width,
            })
            .collect(),
    )
}
