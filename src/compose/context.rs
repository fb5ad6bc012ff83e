//! What templates see: the plan's data with everything derivable derived
//! (numbers, printed targets, unit names, who leads which indicators).

use std::collections::BTreeMap;

use minijinja::Value;
use serde::Serialize;

use super::markdown::lines;
use super::outline::{Numbered, Outline};
use crate::check::checked::{Deadline, Indicator};

/// The template context of a plan.
#[derive(Debug, Serialize)]
pub struct PlanContext {
    /// Commune name ("Quảng Ngọc").
    pub xa: String,
    pub tinh: String,
    pub nam: i64,
    pub trich_yeu: String,
    /// The excerpt with a lowercase first letter, to follow "Kế hoạch …".
    pub trich_yeu_thuong: String,
    /// "UBND xã Quảng Ngọc".
    pub ubnd_xa: String,
    pub chi_tieu: Vec<IndicatorContext>,
    /// Number of top-level indicators and of groups.
    pub so_chi_tieu: usize,
    pub so_nhom_chi_tieu: usize,
    /// Indicator groups in order, each with its number of indicators (the
    /// "Gồm 05 nhóm chỉ tiêu … (1) Nhóm …: 02 chỉ tiêu" sentence).
    pub nhom_chi_tieu: Vec<GroupContext>,
    /// Every milestone year of the indicators' `moc`, ascending.
    pub nam_moc: Vec<i64>,
    pub don_vi_thuc_hien: Vec<UnitContext>,
    /// Appendix id → "Phụ lục I".
    pub phu_luc: BTreeMap<String, String>,
}

/// An indicator as templates print it.
#[derive(Debug, Serialize)]
pub struct IndicatorContext {
    /// "3", or "3a" for a sub-indicator.
    pub stt: String,
    /// "a" for a sub-indicator, "" otherwise.
    pub stt_con: String,
    pub ten: String,
    pub chi_tieu_giao: String,
    /// The target is a figure ("đạt 30%") rather than words.
    pub giao_la_so: bool,
    pub muc_dich: Vec<String>,
    pub cach_thuc: Vec<String>,
    /// Lead unit names, joined.
    pub chu_tri: String,
    /// Partner unit names, joined.
    pub phoi_hop: String,
    pub han: String,
    /// Targets at milestone years, as printed.
    pub moc: Vec<MilestoneContext>,
    pub con: Vec<IndicatorContext>,
}

/// An indicator group with its number of top-level indicators.
#[derive(Debug, Serialize)]
pub struct GroupContext {
    pub id: String,
    pub ten: String,
    pub so_chi_tieu: usize,
}

/// An indicator's target at one milestone year ("≥ 85%").
#[derive(Debug, Serialize)]
pub struct MilestoneContext {
    pub nam: i64,
    pub gia_tri: String,
}

/// A unit's part in carrying out the plan.
#[derive(Debug, Serialize)]
pub struct UnitContext {
    pub ten: String,
    /// "1, 2, 3 (3a, 3b, 3c), 12".
    pub chu_tri_chi_tieu: String,
    pub phoi_hop_chi_tieu: String,
    /// The unit's extra duties (Markdown, printed as written).
    pub nhiem_vu: Value,
}

/// Lowercases the first letter ("Thực hiện …" → "thực hiện …").
fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Builds the context from the plan's outline.
pub(super) fn build(outline: &Outline) -> PlanContext {
    let plan = outline.plan;
    let h = &plan.header;
    let xa = h.commune.clone();
    PlanContext {
        ubnd_xa: format!("UBND xã {xa}"),
        tinh: h.province.clone().unwrap_or_default(),
        nam: i64::from(h.year),
        trich_yeu: h.excerpt.clone(),
        trich_yeu_thuong: lower_first(&h.excerpt),
        chi_tieu: outline
            .indicators
            .iter()
            .map(|n| indicator(outline, n))
            .collect(),
        so_chi_tieu: plan.indicators.len(),
        so_nhom_chi_tieu: plan.indicator_groups.len(),
        nhom_chi_tieu: plan
            .indicator_groups
            .iter()
            .enumerate()
            .map(|(g, group)| GroupContext {
                id: group.id.clone(),
                ten: group.name.clone(),
                so_chi_tieu: plan
                    .indicators
                    .iter()
                    .filter(|c| c.group == Some(g))
                    .count(),
            })
            .collect(),
        nam_moc: outline.milestone_years.clone(),
        don_vi_thuc_hien: units(outline),
        phu_luc: outline.appendix_labels.clone(),
        xa,
    }
}

fn indicator(outline: &Outline, n: &Numbered) -> IndicatorContext {
    let ct = n.indicator;
    let (target, is_figure) = ct
        .target
        .as_ref()
        .map(|t| (t.printed(), t.is_figure()))
        .unwrap_or_default();
    IndicatorContext {
        muc_dich: ct.purpose.as_deref().map(lines).unwrap_or_default(),
        cach_thuc: ct.methods.clone(),
        chu_tri: outline.names(&n.leads),
        phoi_hop: outline.names(&ct.partners),
        han: ct
            .deadline
            .as_ref()
            .map(Deadline::printed)
            .unwrap_or_default(),
        moc: ct
            .milestones
            .iter()
            .map(|m| MilestoneContext {
                nam: m.year,
                gia_tri: m.target.printed(),
            })
            .collect(),
        ten: ct.name.clone(),
        chi_tieu_giao: target,
        giao_la_so: is_figure,
        stt: n.number.clone(),
        stt_con: n.letter.clone(),
        con: n.children.iter().map(|c| indicator(outline, c)).collect(),
    }
}

/// For each non-collective unit with a part in the plan: the indicators it
/// leads and partners, in the seeds' form "1, 2, 3 (3a, 3b, 3c), 12".
fn units(outline: &Outline) -> Vec<UnitContext> {
    let plan = outline.plan;
    plan.units
        .iter()
        .enumerate()
        .filter(|(_, u)| !u.collective)
        .filter_map(|(i, unit)| {
            let id = crate::check::checked::UnitId(i);
            let leads = |ct: &Indicator| ct.lead.contains(&id);
            let partners = |ct: &Indicator| ct.partners.contains(&id);
            let led = indicator_list(outline, &leads);
            let partnered = indicator_list(outline, &partners);
            if led.is_empty() && partnered.is_empty() && unit.duties.is_none() {
                return None;
            }
            Some(UnitContext {
                ten: unit.name.clone(),
                chu_tri_chi_tieu: led,
                phoi_hop_chi_tieu: partnered,
                nhiem_vu: unit
                    .duties
                    .clone()
                    .map_or(Value::from(()), Value::from_safe_string),
            })
        })
        .collect()
}

/// The indicators matching `pick`: a parent with some (not all) of its
/// children is "3 (3a, 3b)"; with all or none of them "3"; children alone "3d".
fn indicator_list(outline: &Outline, pick: &dyn Fn(&Indicator) -> bool) -> String {
    let mut parts = Vec::new();
    for n in &outline.indicators {
        let children: Vec<String> = n
            .children
            .iter()
            .filter(|c| pick(c.indicator))
            .map(|c| c.number.clone())
            .collect();
        let parent = pick(n.indicator);
        let all = n.children.len();
        if parent && !children.is_empty() && children.len() < all {
            parts.push(format!("{} ({})", n.number, children.join(", ")));
        } else if parent || (all > 0 && children.len() == all) {
            parts.push(n.number.clone());
        } else {
            parts.extend(children);
        }
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::fixture::Fixture;

    #[test]
    fn lead_lists_group_sub_indicators_under_their_parent() {
        let plan = Fixture::new()
            .unit("a", "A")
            .unit("b", "B")
            .indicator("c1", "a", "{ ty_le = 1 }")
            .table(
                r#"
[[chi_tieu]]
id = "c2"
ten = "2"
chu_tri = "a"
[[chi_tieu.con]]
id = "c2a"
ten = "2a"
chu_tri = "a"
chi_tieu_giao = { ty_le = 1 }
[[chi_tieu.con]]
id = "c2b"
ten = "2b"
chu_tri = "b"
phoi_hop = ["a"]
chi_tieu_giao = { ty_le = 1 }
"#,
            )
            .checked();
        let ctx = build(&Outline::new(&plan));
        assert_eq!(ctx.don_vi_thuc_hien[0].chu_tri_chi_tieu, "1, 2 (2a)");
        assert_eq!(ctx.don_vi_thuc_hien[0].phoi_hop_chi_tieu, "2b");
        assert_eq!(ctx.don_vi_thuc_hien[1].chu_tri_chi_tieu, "2b");
        assert_eq!(ctx.chi_tieu[1].con[1].stt, "2b");
        assert_eq!(ctx.chi_tieu[1].con[1].stt_con, "b");
        assert_eq!(ctx.nam, 2026);
    }
}
