//! The one pass that derives what a plan's pages number and name: indicator
//! numbers (1, 2, 3a …) and their group rows, task numbers (1, 4.1 …) in
//! their groups, who leads each indicator,
//! appendix labels, milestone years, the units on the staff form. The
//! template context and the tables only read it, so a number is computed
//! once and printed the same everywhere.

use std::collections::{BTreeMap, BTreeSet};

use crate::check::checked::{CheckedPlan, Indicator, Task, UnitId};
use crate::text::{to_letters, to_roman};

/// A plan with its derived facts.
pub(super) struct Outline<'p> {
    pub plan: &'p CheckedPlan,
    /// Appendix id → "Phụ lục I" (a lone appendix: "Phụ lục").
    pub appendix_labels: BTreeMap<String, String>,
    /// The indicators in plan order, numbered.
    pub indicators: Vec<Numbered<'p>>,
    /// The tasks as their tables list them: each group in order (every
    /// group, even an empty one), then the tasks of no group; a plan
    /// without groups has one list, of no group.
    pub task_groups: Vec<TaskGroup<'p>>,
    /// Every milestone year of indicators and sub-indicators, ascending.
    pub milestone_years: Vec<i64>,
    /// Non-collective units that lead or partner an indicator or a task,
    /// in registry order: the rows of the staff form.
    pub involved_units: Vec<UnitId>,
}

/// An indicator with its number.
pub(super) struct Numbered<'p> {
    pub indicator: &'p Indicator,
    /// "3", or "3a" for a sub-indicator.
    pub number: String,
    /// "a" for a sub-indicator, "" otherwise.
    pub letter: String,
    /// Its group's row (Roman number, name) where the group changes.
    pub group_row: Option<(String, &'p str)>,
    /// Who leads it: its own leads, else (a parent without) its
    /// sub-indicators' leads, each once, in order.
    pub leads: Vec<UnitId>,
    pub children: Vec<Numbered<'p>>,
}

/// The tasks of one group, numbered 1, 2 … within it.
pub(super) struct TaskGroup<'p> {
    /// The group's Roman number and name; `None` for tasks of no group.
    pub group: Option<(String, &'p str)>,
    pub tasks: Vec<NumberedTask<'p>>,
}

/// A task with its number ("4", or "4.1" for a sub-task).
pub(super) struct NumberedTask<'p> {
    pub task: &'p Task,
    pub number: String,
    pub children: Vec<NumberedTask<'p>>,
}

impl<'p> Outline<'p> {
    pub fn new(plan: &'p CheckedPlan) -> Self {
        let appendix_labels = plan
            .appendices
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.clone(), appendix_name(plan.appendices.len(), i + 1)))
            .collect();
        let mut current_group = None;
        let mut group_number = 0;
        let indicators = plan
            .indicators
            .iter()
            .enumerate()
            .map(|(i, ct)| {
                let group_row = match ct.group {
                    Some(g) if current_group != Some(g) => {
                        current_group = Some(g);
                        group_number += 1;
                        Some((
                            to_roman(group_number),
                            plan.indicator_groups[g].name.as_str(),
                        ))
                    }
                    _ => None,
                };
                numbered(ct, (i + 1).to_string(), String::new(), group_row)
            })
            .collect();
        let years: BTreeSet<i64> = plan
            .indicators
            .iter()
            .flat_map(|c| std::iter::once(c).chain(&c.children))
            .flat_map(|c| c.milestones.iter().map(|m| m.year))
            .collect();
        Outline {
            plan,
            appendix_labels,
            indicators,
            task_groups: task_groups(plan),
            milestone_years: years.into_iter().collect(),
            involved_units: involved_units(plan),
        }
    }

    /// Unit names joined by "; " (names hold commas of their own).
    pub fn names(&self, units: &[UnitId]) -> String {
        units
            .iter()
            .map(|id| self.plan.unit(*id).name.as_str())
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// How the body names appendix `number` of `count`: ND30 gives appendices
/// Roman numbers only when there are two or more, so a lone one is just
/// "Phụ lục" ("Phụ lục kèm theo").
pub(super) fn appendix_name(count: usize, number: usize) -> String {
    if count == 1 {
        "Phụ lục".to_owned()
    } else {
        format!("Phụ lục {}", to_roman(number))
    }
}

fn numbered<'p>(
    ct: &'p Indicator,
    number: String,
    letter: String,
    group_row: Option<(String, &'p str)>,
) -> Numbered<'p> {
    let children: Vec<Numbered<'p>> = ct
        .children
        .iter()
        .enumerate()
        .map(|(j, child)| {
            let letter = to_letters(j + 1);
            numbered(child, format!("{number}{letter}"), letter, None)
        })
        .collect();
    let leads = if !ct.lead.is_empty() || ct.children.is_empty() {
        ct.lead.clone()
    } else {
        let mut ids: Vec<UnitId> = Vec::new();
        for id in ct.children.iter().flat_map(|c| &c.lead) {
            if !ids.contains(id) {
                ids.push(*id);
            }
        }
        ids
    };
    Numbered {
        indicator: ct,
        number,
        letter,
        group_row,
        leads,
        children,
    }
}

fn task_groups(plan: &CheckedPlan) -> Vec<TaskGroup<'_>> {
    fn numbered<'p>(task: &'p Task, number: String) -> NumberedTask<'p> {
        let children = task
            .children
            .iter()
            .enumerate()
            .map(|(j, child)| numbered(child, format!("{number}.{}", j + 1)))
            .collect();
        NumberedTask {
            task,
            number,
            children,
        }
    }
    let of_group = |group: Option<usize>| -> Vec<NumberedTask<'_>> {
        plan.tasks
            .iter()
            .filter(|t| t.group == group)
            .enumerate()
            .map(|(i, t)| numbered(t, (i + 1).to_string()))
            .collect()
    };
    let mut groups: Vec<TaskGroup> = plan
        .task_groups
        .iter()
        .enumerate()
        .map(|(g, group)| TaskGroup {
            group: Some((to_roman(g + 1), group.name.as_str())),
            tasks: of_group(Some(g)),
        })
        .collect();
    groups.push(TaskGroup {
        group: None,
        tasks: of_group(None),
    });
    groups
}

/// Units that lead or partner an indicator or a task, collectives left out.
fn involved_units(plan: &CheckedPlan) -> Vec<UnitId> {
    fn indicator(ct: &Indicator, involved: &mut BTreeSet<UnitId>) {
        involved.extend(ct.lead.iter().chain(&ct.partners));
        for child in &ct.children {
            indicator(child, involved);
        }
    }
    fn task(t: &Task, involved: &mut BTreeSet<UnitId>) {
        involved.extend(t.lead.iter().chain(&t.partners));
        for child in &t.children {
            task(child, involved);
        }
    }
    let mut involved = BTreeSet::new();
    for ct in &plan.indicators {
        indicator(ct, &mut involved);
    }
    for t in &plan.tasks {
        task(t, &mut involved);
    }
    involved
        .into_iter()
        .filter(|id| !plan.unit(*id).collective)
        .collect()
}
