//! `[[don_vi]]`: the units, and every reference to one (`chu_tri`,
//! `phoi_hop`, `don_vi_soan_thao`) resolved to its place in the list.

use std::collections::HashMap;
use std::ops::Range;

use toml::Spanned;

use super::checked::{Unit, UnitId};
use super::values::{Found, loose, trimmed};
use crate::limits::LIMITS;
use crate::plan::{Plan, UnitRefs};

/// The units by id, for the references of the other subjects.
pub(super) struct Units {
    ids: HashMap<String, UnitId>,
    /// Each unit's id, name and short name: a clerk often types the name
    /// (or the short name, or the id in capitals) where the id belongs.
    names: Vec<(String, String, Option<String>)>,
}

/// What `[[don_vi]]` gives the checked plan.
pub(super) struct UnitsPart {
    pub units: Vec<Unit>,
    /// The drafting unit's abbreviation, for "Lưu: VT, …".
    pub drafter: Option<String>,
}

/// The units and their index; the part is `None` when the drafting unit
/// cannot be known (reported).
pub(super) fn units(found: &mut Found, plan: &Plan) -> (Units, Option<UnitsPart>) {
    let mut index = Units {
        ids: HashMap::new(),
        names: plan
            .don_vi
            .iter()
            .map(|u| {
                let short = u.viet_tat.as_ref().map(|v| v.get_ref().clone());
                (u.id.get_ref().clone(), u.ten.get_ref().clone(), short)
            })
            .collect(),
    };
    let mut units = Vec::with_capacity(plan.don_vi.len());
    for (i, unit) in plan.don_vi.iter().enumerate() {
        let key = format!("don_vi[{}]", i + 1);
        found.id(&unit.id, &format!("{key}.id"));
        if index.ids.contains_key(unit.id.get_ref()) {
            found.error(
                format!("mã đơn vị \"{}\" bị trùng", unit.id.get_ref()),
                unit.id.span(),
                &format!("{key}.id"),
                "mỗi đơn vị một mã riêng; xóa đơn vị lặp lại",
            );
        } else {
            index.ids.insert(unit.id.get_ref().clone(), UnitId(i));
        }
        units.push(Unit {
            id: unit.id.get_ref().clone(),
            name: found.required(&unit.ten, &format!("{key}.ten")),
            collective: unit.tap_the,
            duties: unit.nhiem_vu.as_ref().map(trimmed),
        });
        found.optional_required(&unit.viet_tat, &format!("{key}.viet_tat"));
    }
    let drafter = match &plan.van_ban.don_vi_soan_thao {
        None => Some(None),
        Some(drafter) => {
            let id = index.reference(
                found,
                drafter.get_ref(),
                drafter.span(),
                "van_ban.don_vi_soan_thao",
            );
            let unit = id.map(|id| &plan.don_vi[id.0]);
            match unit.map(|u| (u, u.viet_tat.as_ref())) {
                Some((_, Some(short))) => Some(Some(trimmed(short))),
                Some((unit, None)) => {
                    found.error(
                        format!(
                            "đơn vị soạn thảo \"{}\" chưa có tên viết tắt",
                            unit.id.get_ref()
                        ),
                        unit.id.span(),
                        "don_vi.viet_tat",
                        "thêm `viet_tat = \"VHXH\"` cho đơn vị này (dùng ở dòng \"Lưu: VT, …\")",
                    );
                    None
                }
                None => None,
            }
        }
    };
    let part = drafter.map(|drafter| UnitsPart { units, drafter });
    (index, part)
}

impl Units {
    /// The unit `id` names, or `None` (reported, with a suggestion).
    pub fn reference(
        &self,
        found: &mut Found,
        id: &str,
        span: Range<usize>,
        key: &str,
    ) -> Option<UnitId> {
        if let Some(&known) = self.ids.get(id) {
            return Some(known);
        }
        // Suggestions cost a comparison with every unit: past a few hundred
        // errors or units they would make `check` quadratic on big plans.
        if found.out.len() > LIMITS.suggestion_problems || self.ids.len() > LIMITS.suggestion_units
        {
            found.error(
                format!("không có đơn vị mã \"{id}\""),
                span,
                key,
                "khai báo đơn vị trong một bảng [[don_vi]] với `id` này",
            );
            return None;
        }
        let mut known: Vec<String> = self.ids.keys().cloned().collect();
        known.sort();
        let wanted = loose(id);
        let by_name = self.names.iter().find(|(uid, name, short)| {
            loose(uid) == wanted
                || loose(name) == wanted
                || short.as_deref().is_some_and(|s| loose(s) == wanted)
        });
        let help = match (by_name, crate::plan::did_you_mean(id, &known)) {
            (Some((uid, name, _)), _) => {
                format!(
                    "có phải ý bạn là \"{uid}\" ({name})? ở đây ghi mã đơn vị (`id` trong [[don_vi]]), chữ thường, không dấu cách"
                )
            }
            (None, Some(best)) => format!("có phải ý bạn là \"{best}\"?"),
            (None, None) => "khai báo đơn vị trong một bảng [[don_vi]] với `id` này".to_owned(),
        };
        found.error(format!("không có đơn vị mã \"{id}\""), span, key, help);
        None
    }

    /// The lead units (`chu_tri`, none when absent) and the partners
    /// (`phoi_hop`) of the entry at `key`; `None` when one is unknown.
    pub fn leads_and_partners(
        &self,
        found: &mut Found,
        lead: &Option<Spanned<UnitRefs>>,
        partners: &[Spanned<String>],
        key: &str,
    ) -> Option<(Vec<UnitId>, Vec<UnitId>)> {
        let mut all_known = true;
        let mut leads = Vec::new();
        if let Some(lead) = lead {
            for (id, span) in UnitRefs::ids(lead) {
                let key = format!("{key}.chu_tri");
                match self.reference(found, id, span.clone(), &key) {
                    Some(unit) if leads.contains(&unit) => {
                        found.error(
                            format!("đơn vị \"{id}\" ghi hai lần trong `chu_tri`"),
                            span,
                            &key,
                            "mỗi đơn vị chủ trì ghi một lần; xóa lần ghi thừa",
                        );
                        all_known = false;
                    }
                    Some(unit) => leads.push(unit),
                    None => all_known = false,
                }
            }
        }
        let mut known_partners = Vec::new();
        for partner in partners {
            let (id, span) = (partner.get_ref(), partner.span());
            let key = format!("{key}.phoi_hop");
            match self.reference(found, id, span.clone(), &key) {
                // A unit does not partner itself: the document would print
                // it as both.
                Some(unit) if leads.contains(&unit) => {
                    found.error(
                        format!("đơn vị \"{id}\" đã là đơn vị chủ trì, không thể đồng thời phối hợp"),
                        span,
                        &key,
                        format!("xóa \"{id}\" khỏi `phoi_hop`, hoặc khỏi `chu_tri` nếu đơn vị ấy chỉ phối hợp"),
                    );
                    all_known = false;
                }
                Some(unit) if known_partners.contains(&unit) => {
                    found.error(
                        format!("đơn vị \"{id}\" ghi hai lần trong `phoi_hop`"),
                        span,
                        &key,
                        "mỗi đơn vị phối hợp ghi một lần; xóa lần ghi thừa",
                    );
                    all_known = false;
                }
                Some(unit) => known_partners.push(unit),
                None => all_known = false,
            }
        }
        all_known.then_some((leads, known_partners))
    }
}
