//! `[[nhom_chi_tieu]]` and `[[nhom_nhiem_vu]]`: the groups indicators and
//! tasks are listed under, and every reference to one.

use std::collections::HashSet;

use toml::Spanned;

use super::checked::Group;
use super::values::Found;
use crate::plan::{self, Plan};

/// The indicator groups and the task groups.
pub(super) fn groups(found: &mut Found, plan: &Plan) -> (Vec<Group>, Vec<Group>) {
    let mut lists = Vec::with_capacity(2);
    for (list, name) in [
        (&plan.nhom_chi_tieu, "nhom_chi_tieu"),
        (&plan.nhom_nhiem_vu, "nhom_nhiem_vu"),
    ] {
        let mut seen = HashSet::new();
        let mut groups = Vec::with_capacity(list.len());
        for (i, group) in list.iter().enumerate() {
            let key = format!("{name}[{}]", i + 1);
            found.id(&group.id, &format!("{key}.id"));
            groups.push(Group {
                id: group.id.get_ref().clone(),
                name: found.required(&group.ten, &format!("{key}.ten")),
            });
            if !seen.insert(group.id.get_ref().clone()) {
                found.error(
                    format!("mã nhóm \"{}\" bị trùng", group.id.get_ref()),
                    group.id.span(),
                    &format!("{key}.id"),
                    "mỗi nhóm một mã riêng",
                );
            }
        }
        lists.push(groups);
    }
    // Indicators are numbered in plan order and tables print a group row
    // where the group changes: a group split in two would be printed
    // twice, under two numbers.
    let mut finished: HashSet<&str> = HashSet::new();
    let mut current: Option<&str> = None;
    for (i, indicator) in plan.chi_tieu.iter().enumerate() {
        let Some(group) = &indicator.nhom else {
            continue;
        };
        let id = group.get_ref().as_str();
        if current != Some(id) {
            if finished.contains(id) {
                found.error(
                    format!("các chỉ tiêu của nhóm \"{id}\" không liền nhau"),
                    group.span(),
                    &format!("chi_tieu[{}].nhom", i + 1),
                    "xếp các chỉ tiêu cùng nhóm liền nhau, theo thứ tự các nhóm",
                );
            }
            if let Some(previous) = current {
                finished.insert(previous);
            }
            current = Some(id);
        }
    }
    let tasks = lists.pop().unwrap_or_default();
    let indicators = lists.pop().unwrap_or_default();
    (indicators, tasks)
}

/// The index of the group `group` names in `groups` (no group: `Some(None)`),
/// or `None` when there is no such group (reported).
pub(super) fn group_ref(
    found: &mut Found,
    groups: &[plan::Group],
    group: &Option<Spanned<String>>,
    key: &str,
    table: &str,
) -> Option<Option<usize>> {
    let Some(group) = group else {
        return Some(None);
    };
    match groups
        .iter()
        .position(|g| g.id.get_ref() == group.get_ref())
    {
        Some(index) => Some(Some(index)),
        None => {
            found.error(
                format!("không có nhóm mã \"{}\"", group.get_ref()),
                group.span(),
                key,
                format!("khai báo nhóm trong một bảng [[{table}]] với `id` này"),
            );
            None
        }
    }
}
