//! `[[nhiem_vu]]`: the tasks with their sub-tasks, units and budgets,
//! checked into [`Task`]s.

use std::collections::HashMap;
use std::ops::Range;

use super::checked::Task;
use super::groups::group_ref;
use super::units::Units;
use super::values::{Found, trimmed};
use crate::plan::{self, Plan};

/// The tasks; `None` when one cannot be built (reported).
pub(super) fn tasks(found: &mut Found, plan: &Plan, units: &Units) -> Option<Vec<Task>> {
    let mut ids = HashMap::new();
    let mut all = Some(Vec::with_capacity(plan.nhiem_vu.len()));
    for (i, t) in plan.nhiem_vu.iter().enumerate() {
        let checked = task(
            found,
            plan,
            units,
            t,
            &format!("nhiem_vu[{}]", i + 1),
            &mut ids,
        );
        all = all.zip(checked).map(|(mut all, t)| {
            all.push(t);
            all
        });
    }
    all
}

fn task(
    found: &mut Found,
    plan: &Plan,
    units: &Units,
    task: &plan::Task,
    key: &str,
    ids: &mut HashMap<String, Range<usize>>,
) -> Option<Task> {
    if let Some(id) = &task.id {
        found.id(id, &format!("{key}.id"));
        if ids.insert(id.get_ref().clone(), id.span()).is_some() {
            found.error(
                format!("mã nhiệm vụ \"{}\" bị trùng", id.get_ref()),
                id.span(),
                &format!("{key}.id"),
                "mỗi nhiệm vụ một mã riêng",
            );
        }
    }
    let name = found.required(&task.ten, &format!("{key}.ten"));
    let group = group_ref(
        found,
        &plan.nhom_nhiem_vu,
        &task.nhom,
        &format!("{key}.nhom"),
        "nhom_nhiem_vu",
    );
    let assigned = units.leads_and_partners(found, &task.chu_tri, &task.phoi_hop, key);
    if let Some(budget) = &task.kinh_phi
        && let Some(problem) = budget.get_ref().problem()
    {
        found.error(
            problem,
            budget.span(),
            &format!("{key}.kinh_phi"),
            super::bounds::money_help(),
        );
    }
    if !task.con.is_empty()
        && let Some(budget) = &task.kinh_phi
    {
        found.error(
            "nhiệm vụ có nhiệm vụ con thì kinh phí là tổng của các nhiệm vụ con",
            budget.span(),
            &format!("{key}.kinh_phi"),
            "bỏ `kinh_phi` ở nhiệm vụ cha; tổng được tính tự động",
        );
    }
    let mut children = Some(Vec::with_capacity(task.con.len()));
    for (j, child) in task.con.iter().enumerate() {
        let child = self::task(
            found,
            plan,
            units,
            child,
            &format!("{key}.con[{}]", j + 1),
            ids,
        );
        children = children.zip(child).map(|(mut all, c)| {
            all.push(c);
            all
        });
    }
    let (lead, partners) = assigned?;
    Some(Task {
        id: task.id.as_ref().map(|i| i.get_ref().clone()),
        name,
        group: group?,
        lead,
        partners,
        time: task.thoi_gian.as_ref().map(trimmed),
        result: task.ket_qua.as_ref().map(trimmed),
        budget: task.kinh_phi.as_ref().and_then(|k| k.get_ref().value()),
        children: children?,
    })
}
