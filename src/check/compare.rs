//! Two versions of a plan, indicator by indicator. An indicator is the same
//! one in both when it has the same id, whatever its name or its place: the
//! adjustment appendix, `kehoach diff` and the check of an adjustment's
//! removed indicators all match indicators here, and only here.

use std::collections::{BTreeMap, HashMap};

use super::checked::{Group, Indicator};

/// One indicator or sub-indicator of a version, with the group it stands in
/// (a sub-indicator's is its parent's).
#[derive(Debug, Clone, Copy)]
pub struct Entry<'p> {
    pub indicator: &'p Indicator,
    pub group: Option<&'p Group>,
}

/// A version's indicators and sub-indicators in plan order, each parent
/// before its sub-indicators, found by id.
pub struct Indicators<'p> {
    entries: Vec<Entry<'p>>,
    by_id: HashMap<&'p str, usize>,
}

impl<'p> Indicators<'p> {
    /// The indicators of a version, whose groups are `groups`.
    pub fn new(indicators: &'p [Indicator], groups: &'p [Group]) -> Self {
        let mut entries = Vec::new();
        for ct in indicators {
            let group = ct.group.and_then(|g| groups.get(g));
            entries.push(Entry {
                indicator: ct,
                group,
            });
            entries.extend(ct.children.iter().map(|c| Entry {
                indicator: c,
                group,
            }));
        }
        let by_id = entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.indicator.id.as_str(), i))
            .collect();
        Indicators { entries, by_id }
    }

    /// Every entry, in plan order.
    pub fn iter(&self) -> impl Iterator<Item = &Entry<'p>> {
        self.entries.iter()
    }

    /// The indicator of this version with id `id`.
    pub fn get(&self, id: &str) -> Option<&Entry<'p>> {
        self.by_id.get(id).map(|&i| &self.entries[i])
    }

    /// Whether this version has an indicator with id `id`.
    pub fn contains(&self, id: &str) -> bool {
        self.by_id.contains_key(id)
    }
}

/// How an indicator's target changed from one version to the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetChange {
    /// In both versions; its target prints differently.
    Adjusted,
    /// Only in the newer version.
    Added,
    /// Only in the older version, which gave it a target.
    Removed,
}

/// An indicator whose target changed: the entry of the version it is in
/// (the newer one, unless removed), and its target as each printed it.
#[derive(Debug, Clone)]
pub struct ChangedTarget<'p> {
    pub entry: Entry<'p>,
    pub before: Option<String>,
    pub after: Option<String>,
    pub change: TargetChange,
}

/// The indicators whose target prints differently in `new` than in `old`
/// ("35,4%" → "≥ 40%": a change of form is a change): the newer version's
/// in its order, then those it dropped in the older one's; the rows of one
/// group together, groups in order of first appearance.
pub fn changed_targets<'p>(old: &Indicators<'p>, new: &Indicators<'p>) -> Vec<ChangedTarget<'p>> {
    let printed = |ct: &Indicator| ct.target.as_ref().map(super::checked::Target::printed);
    let mut changed = Vec::new();
    for entry in new.iter() {
        let after = printed(entry.indicator);
        let (before, change) = match old.get(&entry.indicator.id) {
            Some(was) => (printed(was.indicator), TargetChange::Adjusted),
            None => (None, TargetChange::Added),
        };
        if before != after {
            changed.push(ChangedTarget {
                entry: *entry,
                before,
                after,
                change,
            });
        }
    }
    for entry in old.iter() {
        let before = printed(entry.indicator);
        if !new.contains(&entry.indicator.id) && before.is_some() {
            changed.push(ChangedTarget {
                entry: *entry,
                before,
                after: None,
                change: TargetChange::Removed,
            });
        }
    }
    // A stable sort keeps the plan order within a group.
    fn group<'p>(c: &ChangedTarget<'p>) -> Option<&'p str> {
        c.entry.group.map(|g| g.id.as_str())
    }
    let mut order: BTreeMap<Option<&str>, usize> = BTreeMap::new();
    for c in &changed {
        let next = order.len();
        order.entry(group(c)).or_insert(next);
    }
    changed.sort_by_key(|c| order[&group(c)]);
    changed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::checked::CheckedPlan;
    use crate::check::fixture::Fixture;

    fn plan(indicators: &str) -> CheckedPlan {
        Fixture::new()
            .unit("a", "Phòng A")
            .table(indicators)
            .checked()
    }

    #[test]
    fn rows_are_the_targets_that_print_differently_matched_by_id() {
        let original = plan(
            r#"
[[chi_tieu]]
id = "x"
ten = "Cũ"
chu_tri = "a"
chi_tieu_giao = { ty_le = 35.4 }
[[chi_tieu]]
id = "y"
ten = "Y"
chu_tri = "a"
chi_tieu_giao = { so = 2, don_vi = "mô hình" }
[[chi_tieu]]
id = "z"
ten = "Z"
chu_tri = "a"
chi_tieu_giao = { toi_thieu = 85 }
[[chi_tieu]]
id = "gone"
ten = "Bỏ"
chu_tri = "a"
chi_tieu_giao = { chu = "Khuyến khích" }
"#,
        );
        let adjusted = plan(
            r#"
[[chi_tieu]]
id = "new"
ten = "Mới"
chu_tri = "a"
chi_tieu_giao = { ty_le = 10 }
[[chi_tieu]]
id = "x"
ten = "Đổi tên, giữ chỉ tiêu"
chu_tri = "a"
chi_tieu_giao = { ty_le = 35.4 }
[[chi_tieu]]
id = "y"
ten = "Y"
chu_tri = "a"
chi_tieu_giao = { so = 3, don_vi = "mô hình" }
[[chi_tieu]]
id = "z"
ten = "Z"
chu_tri = "a"
chi_tieu_giao = { ty_le = 85 }
"#,
        );
        let old = Indicators::new(&original.indicators, &original.indicator_groups);
        let new = Indicators::new(&adjusted.indicators, &adjusted.indicator_groups);
        let rows: Vec<(&str, Option<String>, Option<String>, TargetChange)> =
            changed_targets(&old, &new)
                .into_iter()
                .map(|c| (c.entry.indicator.id.as_str(), c.before, c.after, c.change))
                .collect();
        let s = |t: &str| Some(t.to_owned());
        assert_eq!(
            rows,
            [
                ("new", None, s("10%"), TargetChange::Added),
                // A renamed indicator with its target kept is no row.
                ("y", s("2 mô hình"), s("3 mô hình"), TargetChange::Adjusted),
                // The same figure in another form is a change.
                ("z", s("≥\u{a0}85%"), s("85%"), TargetChange::Adjusted),
                ("gone", s("Khuyến khích"), None, TargetChange::Removed),
            ]
        );
    }
}
