//! What templates see: the plan's data with everything derivable derived
//! (numbers, printed targets, unit names, who leads which indicators).

use std::collections::BTreeMap;

use minijinja::Value;
use serde::Serialize;

use crate::compose::target::{format_deadline, format_target};
use crate::plan::{Indicator, Plan, UnitRefs};

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
pub fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Builds the context. `appendix_labels` comes from `compose`.
pub fn build(plan: &Plan, appendix_labels: &BTreeMap<String, String>, year: i64) -> PlanContext {
    let h = &plan.van_ban;
    let xa = h.xa.get_ref().trim().to_owned();
    let chi_tieu = plan
        .chi_tieu
        .iter()
        .enumerate()
        .map(|(i, ct)| indicator(plan, ct, (i + 1).to_string(), String::new()))
        .collect();
    PlanContext {
        ubnd_xa: format!("UBND xã {xa}"),
        tinh: h
            .tinh
            .as_ref()
            .map(|t| t.get_ref().trim().to_owned())
            .unwrap_or_default(),
        nam: year,
        trich_yeu: h.trich_yeu.get_ref().trim().to_owned(),
        trich_yeu_thuong: lower_first(h.trich_yeu.get_ref().trim()),
        chi_tieu,
        so_chi_tieu: plan.chi_tieu.len(),
        so_nhom_chi_tieu: plan.nhom_chi_tieu.len(),
        nhom_chi_tieu: plan
            .nhom_chi_tieu
            .iter()
            .map(|g| GroupContext {
                id: g.id.get_ref().clone(),
                ten: g.ten.get_ref().trim().to_owned(),
                so_chi_tieu: plan
                    .chi_tieu
                    .iter()
                    .filter(|c| {
                        c.nhom
                            .as_ref()
                            .is_some_and(|n| n.get_ref() == g.id.get_ref())
                    })
                    .count(),
            })
            .collect(),
        nam_moc: milestone_years(plan),
        don_vi_thuc_hien: units(plan),
        phu_luc: appendix_labels.clone(),
        xa,
    }
}

/// The printed name of unit `id` (checked to exist by `check`).
pub fn unit_name(plan: &Plan, id: &str) -> String {
    plan.don_vi
        .iter()
        .find(|u| u.id.get_ref() == id)
        .map_or_else(|| id.to_owned(), |u| u.ten.get_ref().trim().to_owned())
}

/// Lead unit names of a task, joined by "; " like partners (names hold
/// commas of their own).
pub fn lead_names(plan: &Plan, lead: &Option<toml::Spanned<UnitRefs>>) -> String {
    lead.as_ref()
        .map(|l| {
            UnitRefs::ids(l)
                .map(|(id, _)| unit_name(plan, id))
                .collect::<Vec<_>>()
                .join("; ")
        })
        .unwrap_or_default()
}

/// Lead unit names of an indicator; a parent without its own lead is led
/// by its sub-indicators' leads (each named once, in order).
pub fn indicator_lead_names(plan: &Plan, indicator: &Indicator) -> String {
    if indicator.chu_tri.is_some() || indicator.con.is_empty() {
        return lead_names(plan, &indicator.chu_tri);
    }
    let mut ids: Vec<&str> = Vec::new();
    for child in &indicator.con {
        if let Some(lead) = &child.chu_tri {
            for (id, _) in UnitRefs::ids(lead) {
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
    }
    ids.iter()
        .map(|id| unit_name(plan, id))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Partner unit names, joined by "; ".
pub fn partner_names(plan: &Plan, partners: &[toml::Spanned<String>]) -> String {
    partners
        .iter()
        .map(|p| unit_name(plan, p.get_ref()))
        .collect::<Vec<_>>()
        .join("; ")
}

fn indicator(plan: &Plan, ct: &Indicator, stt: String, stt_con: String) -> IndicatorContext {
    let (target, is_figure) = ct
        .chi_tieu_giao
        .as_ref()
        .map(|t| format_target(t.get_ref()))
        .unwrap_or_default();
    let con = ct
        .con
        .iter()
        .enumerate()
        .map(|(j, child)| {
            let letter = sub_letter(j);
            indicator(plan, child, format!("{stt}{letter}"), letter)
        })
        .collect();
    IndicatorContext {
        muc_dich: ct
            .muc_dich
            .as_ref()
            .map(|m| lines(m.get_ref()))
            .unwrap_or_default(),
        cach_thuc: ct
            .cach_thuc
            .iter()
            .map(|c| c.get_ref().trim().to_owned())
            .collect(),
        chu_tri: indicator_lead_names(plan, ct),
        phoi_hop: partner_names(plan, &ct.phoi_hop),
        han: ct
            .han
            .as_ref()
            .map(|h| format_deadline(h.get_ref()))
            .unwrap_or_default(),
        moc: ct
            .moc
            .iter()
            .map(|m| MilestoneContext {
                nam: *m.nam.get_ref(),
                gia_tri: format_target(m.gia_tri.get_ref()).0,
            })
            .collect(),
        ten: ct.ten.get_ref().trim().to_owned(),
        chi_tieu_giao: target,
        giao_la_so: is_figure,
        stt,
        stt_con,
        con,
    }
}

/// The distinct milestone years of all indicators and sub-indicators.
fn milestone_years(plan: &Plan) -> Vec<i64> {
    let years: std::collections::BTreeSet<i64> = plan
        .chi_tieu
        .iter()
        .flat_map(|c| std::iter::once(c).chain(&c.con))
        .flat_map(|c| c.moc.iter().map(|m| *m.nam.get_ref()))
        .collect();
    years.into_iter().collect()
}

/// "a", "b" … for the j-th sub-indicator (0-based).
pub fn sub_letter(j: usize) -> String {
    let offset = u8::try_from(j % 26).unwrap_or(0);
    let mut s = String::new();
    if j >= 26 {
        s.push_str(&sub_letter(j / 26 - 1));
    }
    s.push(char::from(b'a' + offset));
    s
}

/// Non-empty trimmed lines, with a leading "- " dropped.
pub fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.trim().trim_start_matches("- ").trim().to_owned())
        .filter(|l| !l.is_empty())
        .collect()
}

/// For each non-collective unit with a part in the plan: the indicators it
/// leads and partners, in the seeds' form "1, 2, 3 (3a, 3b, 3c), 12".
fn units(plan: &Plan) -> Vec<UnitContext> {
    plan.don_vi
        .iter()
        .filter(|u| !u.tap_the)
        .filter_map(|unit| {
            let id = unit.id.get_ref().as_str();
            let leads = |ct: &Indicator| {
                ct.chu_tri
                    .as_ref()
                    .is_some_and(|l| UnitRefs::ids(l).any(|(i, _)| i == id))
            };
            let partners = |ct: &Indicator| ct.phoi_hop.iter().any(|p| p.get_ref() == id);
            let led = indicator_list(plan, &leads);
            let partnered = indicator_list(plan, &partners);
            let duties = unit
                .nhiem_vu
                .as_ref()
                .map(|n| n.get_ref().trim().to_owned());
            if led.is_empty() && partnered.is_empty() && duties.is_none() {
                return None;
            }
            Some(UnitContext {
                ten: unit.ten.get_ref().trim().to_owned(),
                chu_tri_chi_tieu: led,
                phoi_hop_chi_tieu: partnered,
                nhiem_vu: duties.map_or(Value::from(()), Value::from_safe_string),
            })
        })
        .collect()
}

/// The indicators matching `pick`: a parent with some (not all) of its
/// children is "3 (3a, 3b)"; with all or none of them "3"; children alone "3d".
fn indicator_list(plan: &Plan, pick: &dyn Fn(&Indicator) -> bool) -> String {
    let mut parts = Vec::new();
    for (i, ct) in plan.chi_tieu.iter().enumerate() {
        let number = (i + 1).to_string();
        let children: Vec<String> = ct
            .con
            .iter()
            .enumerate()
            .filter(|(_, c)| pick(c))
            .map(|(j, _)| format!("{number}{}", sub_letter(j)))
            .collect();
        let parent = pick(ct);
        if parent && !children.is_empty() && children.len() < ct.con.len() {
            parts.push(format!("{number} ({})", children.join(", ")));
        } else if parent || (!ct.con.is_empty() && children.len() == ct.con.len()) {
            parts.push(number);
        } else {
            parts.extend(children);
        }
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sub_letters_run_a_to_z_then_aa() {
        assert_eq!(sub_letter(0), "a");
        assert_eq!(sub_letter(3), "d");
        assert_eq!(sub_letter(26), "aa");
    }

    #[test]
    fn lead_lists_group_sub_indicators_under_their_parent() {
        let text = r#"
[van_ban]
loai = "chi-tieu"
xa = "X"
ky_hieu = "KH-UBND"
nam = 2026
trich_yeu = "T"
[nguoi_ky]
chuc_vu = "CHỦ TỊCH"
ho_ten = "A"
[[don_vi]]
id = "a"
ten = "A"
[[don_vi]]
id = "b"
ten = "B"
[[chi_tieu]]
id = "c1"
ten = "1"
chu_tri = "a"
chi_tieu_giao = { ty_le = 1 }
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
"#;
        let (plan, d) = crate::plan::parse(text);
        assert!(d.is_empty(), "{d:?}");
        let ctx = build(&plan.unwrap(), &BTreeMap::new(), 2026);
        assert_eq!(ctx.don_vi_thuc_hien[0].chu_tri_chi_tieu, "1, 2 (2a)");
        assert_eq!(ctx.don_vi_thuc_hien[0].phoi_hop_chi_tieu, "2b");
        assert_eq!(ctx.don_vi_thuc_hien[1].chu_tri_chi_tieu, "2b");
    }
}
