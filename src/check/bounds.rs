//! Bounds that keep every accepted plan cheap and safe to render (from
//! `LIMITS`): the rows of every table (the staff form included) and the
//! number of units, list nesting (the writers recurse over it), task
//! nesting; and two warnings for text that would print wrong without an
//! error.

use crate::check::Diagnostic;
use crate::limits::LIMITS;
use crate::plan::schema::{AppendixKind, list_depth};
use crate::plan::{Plan, Task};

/// The help of every money error.
pub fn money_help() -> String {
    format!(
        "kinh phí tính bằng triệu đồng: một số từ 0 đến dưới {}, tối đa {} chữ số thập phân (một đồng), ví dụ kinh_phi = 150.5",
        crate::text::format_integer(i128::from(LIMITS.money_millions)),
        LIMITS.money_decimals
    )
}

/// Bound and warning diagnostics of a plan.
pub fn bound_diagnostics(plan: &Plan) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    entry_rows(plan, &mut out);
    list_nesting(plan, &mut out);
    for (i, task) in plan.nhiem_vu.iter().enumerate() {
        task_nesting(task, &format!("nhiem_vu[{}]", i + 1), 0, &mut out);
    }
    table_rows(plan, &mut out);
    group_counts(plan, &mut out);
    out
}

/// Rows of the indicator and task tables (children included).
fn entry_rows(plan: &Plan, out: &mut Vec<Diagnostic>) {
    let indicators: usize = plan.chi_tieu.iter().map(|c| 1 + c.con.len()).sum();
    let tasks = task_rows(&plan.nhiem_vu);
    // Point at the last entry: the one that tips the table over.
    let last_indicator = plan.chi_tieu.last().map(|c| c.id.span());
    let last_task = plan.nhiem_vu.last().map(|t| t.ten.span());
    for (count, what, key, span) in [
        (indicators, "chỉ tiêu", "chi_tieu", last_indicator),
        (tasks, "nhiệm vụ", "nhiem_vu", last_task),
    ] {
        if count > LIMITS.table_rows {
            out.push(
                Diagnostic::error(
                    format!(
                        "kế hoạch có {count} {what}, quá giới hạn {}",
                        LIMITS.table_rows
                    ),
                    Some(span.unwrap_or_default()),
                )
                .with_key(key)
                .with_help("tách thành nhiều kế hoạch; giới hạn này giữ cho việc dàn trang không làm cạn bộ nhớ"),
            );
        }
    }
}

fn list_nesting(plan: &Plan, out: &mut Vec<Diagnostic>) {
    let mut fields = Vec::new();
    fields.extend(plan.mo_dau.as_ref().map(|t| (t, "mo_dau".to_owned())));
    fields.extend(plan.ket_luan.as_ref().map(|t| (t, "ket_luan".to_owned())));
    for (i, section) in plan.phan.iter().enumerate() {
        fields.extend(
            section
                .noi_dung
                .as_ref()
                .map(|t| (t, format!("phan[{}].noi_dung", i + 1))),
        );
        fields.extend(
            section
                .noi_dung_sau
                .as_ref()
                .map(|t| (t, format!("phan[{}].noi_dung_sau", i + 1))),
        );
    }
    for (i, unit) in plan.don_vi.iter().enumerate() {
        fields.extend(
            unit.nhiem_vu
                .as_ref()
                .map(|t| (t, format!("don_vi[{}].nhiem_vu", i + 1))),
        );
    }
    for (text, key) in fields {
        let depth = list_depth(text.get_ref());
        if depth > LIMITS.list_depth {
            out.push(
                Diagnostic::error(
                    format!(
                        "danh sách lồng nhau {depth} cấp, quá giới hạn {} cấp",
                        LIMITS.list_depth
                    ),
                    Some(text.span()),
                )
                .with_key(key)
                .with_help("văn bản hành chính dùng \"-\" rồi \"+\"; bớt các cấp thụt lề (mỗi dòng bắt đầu bằng \"- \" lồng thêm một cấp)"),
            );
        }
    }
}

fn task_nesting(task: &Task, key: &str, depth: usize, out: &mut Vec<Diagnostic>) {
    for (j, child) in task.con.iter().enumerate() {
        let child_key = format!("{key}.con[{}]", j + 1);
        if depth + 1 > LIMITS.task_depth {
            out.push(
                Diagnostic::error(
                    format!("nhiệm vụ con lồng quá {} cấp", LIMITS.task_depth),
                    Some(child.ten.span()),
                )
                .with_key(child_key)
                .with_help("gộp các cấp sâu vào nhiệm vụ cha; số thứ tự như 4.1.2.3.1 là sâu nhất"),
            );
            return;
        }
        task_nesting(child, &child_key, depth + 1, out);
    }
}

/// Rows of the staff form (`can-bo`), group rows and the count of units,
/// against the same bound as the other tables.
fn table_rows(plan: &Plan, out: &mut Vec<Diagnostic>) {
    let persons = plan.don_vi.iter().filter(|u| !u.tap_the).count();
    let most = LIMITS.table_rows;
    if plan.don_vi.len() > most {
        let last = plan.don_vi.last().map(|u| u.id.span());
        out.push(
            Diagnostic::error(
                format!(
                    "kế hoạch có {} đơn vị, quá giới hạn {most}",
                    plan.don_vi.len()
                ),
                last,
            )
            .with_key("don_vi")
            .with_help("tách thành nhiều kế hoạch; giới hạn này giữ cho việc dàn trang không làm cạn bộ nhớ"),
        );
    }
    // Group rows count as rows: a task table prints one per group, even
    // an empty one.
    for (groups, rows, key) in [
        (
            &plan.nhom_nhiem_vu,
            task_rows(&plan.nhiem_vu),
            "nhom_nhiem_vu",
        ),
        (
            &plan.nhom_chi_tieu,
            plan.chi_tieu.iter().map(|c| 1 + c.con.len()).sum(),
            "nhom_chi_tieu",
        ),
    ] {
        if !groups.is_empty() && groups.len() + rows > most && rows <= most {
            out.push(
                Diagnostic::error(
                    format!(
                        "bảng sẽ có {} dòng ({} nhóm và {rows} dòng nội dung), quá giới hạn {most}",
                        groups.len() + rows,
                        groups.len()
                    ),
                    groups.last().map(|g| g.id.span()),
                )
                .with_key(key)
                .with_help("bớt nhóm, hoặc tách thành nhiều kế hoạch"),
            );
        }
    }
    for (i, appendix) in plan.phu_luc.iter().enumerate() {
        if AppendixKind::from_key(appendix.loai.get_ref()) != Some(AppendixKind::Staff) {
            continue;
        }
        let extra = appendix.dong_trong.as_ref().map_or(0, |n| {
            usize::try_from(*n.get_ref())
                .unwrap_or(0)
                .min(usize::from(LIMITS.blank_rows))
        });
        let rows = persons.saturating_mul(extra + 1);
        if rows > most {
            out.push(
                Diagnostic::error(
                    format!(
                        "danh sách cán bộ sẽ có {rows} dòng ({persons} đơn vị × {} dòng), quá giới hạn {most}",
                        extra + 1
                    ),
                    Some(
                        appendix
                            .dong_trong
                            .as_ref()
                            .map_or_else(|| appendix.loai.span(), |d| d.span()),
                    ),
                )
                .with_key(format!("phu_luc[{}].dong_trong", i + 1))
                .with_help("giảm `dong_trong`, hoặc tách kế hoạch"),
            );
        }
    }
}

fn task_rows(tasks: &[Task]) -> usize {
    tasks.iter().map(|t| 1 + task_rows(&t.con)).sum()
}

/// `chen = "nhom-chi-tieu"` counts indicators: with none (or a group with
/// none) it would print "Gồm 00 chỉ tiêu" without anyone noticing.
fn group_counts(plan: &Plan, out: &mut Vec<Diagnostic>) {
    for (i, section) in plan.phan.iter().enumerate() {
        let Some(block) = &section.chen else { continue };
        if block.get_ref() != "nhom-chi-tieu" {
            continue;
        }
        if plan.chi_tieu.is_empty() {
            out.push(
                Diagnostic::warning(
                    "khối \"nhom-chi-tieu\" đếm chỉ tiêu nhưng kế hoạch chưa có chỉ tiêu nào; văn bản sẽ in \"Gồm 00 chỉ tiêu cụ thể.\"",
                    Some(block.span()),
                )
                .with_key(format!("phan[{}].chen", i + 1))
                .with_help("thêm các [[chi_tieu]], hoặc bỏ `chen` ở phần này"),
            );
        }
        for (g, group) in plan.nhom_chi_tieu.iter().enumerate() {
            let used = plan.chi_tieu.iter().any(|c| {
                c.nhom
                    .as_ref()
                    .is_some_and(|n| n.get_ref() == group.id.get_ref())
            });
            if !used && !plan.chi_tieu.is_empty() {
                out.push(
                    Diagnostic::warning(
                        format!(
                            "nhóm \"{}\" chưa có chỉ tiêu nào; khối \"nhom-chi-tieu\" sẽ in \"00 chỉ tiêu\"",
                            group.id.get_ref()
                        ),
                        Some(group.id.span()),
                    )
                    .with_key(format!("nhom_chi_tieu[{}].id", g + 1))
                    .with_help("gán chỉ tiêu vào nhóm này bằng `nhom = \"…\"`, hoặc bỏ nhóm"),
                );
            }
        }
    }
}
