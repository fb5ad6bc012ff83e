//! `[[chi_tieu]]`: the indicators with their sub-indicators, targets,
//! units and milestones, checked into [`Indicator`]s.

use std::collections::HashMap;
use std::ops::Range;

use toml::Spanned;

use super::checked::{Deadline, Indicator, Milestone, Target};
use super::groups::group_ref;
use super::units::Units;
use super::values::{Found, trimmed, year_help};
use crate::limits::LIMITS;
use crate::plan::{self, Plan, UnitRefs};

/// The indicators; `None` when one cannot be built (reported).
pub(super) fn indicators(found: &mut Found, plan: &Plan, units: &Units) -> Option<Vec<Indicator>> {
    let mut ids = HashMap::new();
    let mut all = Some(Vec::with_capacity(plan.chi_tieu.len()));
    for (i, ct) in plan.chi_tieu.iter().enumerate() {
        let key = format!("chi_tieu[{}]", i + 1);
        let checked = indicator(found, plan, units, ct, &key, &mut ids, false);
        all = all.zip(checked).map(|(mut all, ct)| {
            all.push(ct);
            all
        });
    }
    all
}

fn indicator(
    found: &mut Found,
    plan: &Plan,
    units: &Units,
    ct: &plan::Indicator,
    key: &str,
    ids: &mut HashMap<String, Range<usize>>,
    is_child: bool,
) -> Option<Indicator> {
    found.id(&ct.id, &format!("{key}.id"));
    if ids.insert(ct.id.get_ref().clone(), ct.id.span()).is_some() {
        found.error(
            format!("mã chỉ tiêu \"{}\" bị trùng", ct.id.get_ref()),
            ct.id.span(),
            &format!("{key}.id"),
            "mỗi chỉ tiêu chỉ xuất hiện một lần, với một mã riêng",
        );
    }
    let name = found.required(&ct.ten, &format!("{key}.ten"));
    if is_child && let Some(group) = &ct.nhom {
        found.error(
            "chỉ tiêu con thuộc nhóm của chỉ tiêu cha",
            group.span(),
            &format!("{key}.nhom"),
            "xóa `nhom` ở chỉ tiêu con",
        );
    }
    let group = group_ref(
        found,
        &plan.nhom_chi_tieu,
        &ct.nhom,
        &format!("{key}.nhom"),
        "nhom_chi_tieu",
    );
    if !is_child && !plan.nhom_chi_tieu.is_empty() && ct.nhom.is_none() {
        found.error(
            "chỉ tiêu chưa thuộc nhóm nào trong khi kế hoạch có chia nhóm",
            ct.id.span(),
            &format!("{key}.nhom"),
            "thêm `nhom = \"…\"` với mã một nhóm trong [[nhom_chi_tieu]]",
        );
    }
    let target = match &ct.chi_tieu_giao {
        Some(t) => target(found, t, &format!("{key}.chi_tieu_giao")).map(Some),
        None if ct.con.is_empty() && ct.moc.is_empty() => {
            found.error(
                "chỉ tiêu chưa có chỉ tiêu giao",
                ct.ten.span(),
                &format!("{key}.chi_tieu_giao"),
                "thêm `chi_tieu_giao = { ty_le = 30 }` (hoặc `{ chu = \"Khuyến khích\" }`)",
            );
            Some(None)
        }
        None => Some(None),
    };
    // A parent's lead may come from its sub-indicators.
    if let Some(lead) = &ct.chu_tri
        && UnitRefs::ids(lead).next().is_none()
    {
        found.error(
            "chỉ tiêu chưa có đơn vị chủ trì",
            lead.span(),
            &format!("{key}.chu_tri"),
            "ghi ít nhất một mã đơn vị, ví dụ `chu_tri = \"vhxh\"`",
        );
    }
    if ct.chu_tri.is_none() && ct.con.is_empty() {
        found.error(
            "chỉ tiêu chưa có đơn vị chủ trì",
            ct.ten.span(),
            &format!("{key}.chu_tri"),
            "thêm `chu_tri = \"…\"` với mã một đơn vị trong [[don_vi]]",
        );
    }
    let assigned = units.leads_and_partners(found, &ct.chu_tri, &ct.phoi_hop, key);
    let deadline = match ct.han.as_ref() {
        Some(han) => match han.get_ref() {
            plan::Deadline::Date(date) => found
                .date(&Spanned::new(han.span(), *date), &format!("{key}.han"))
                .map(|d| Some(Deadline::Date(d))),
            plan::Deadline::Text(text) => Some(Some(Deadline::Text(text.trim().to_owned()))),
        },
        None => Some(None),
    };
    let milestones = milestones(found, ct, key);
    let mut children = Some(Vec::with_capacity(ct.con.len()));
    for (j, child) in ct.con.iter().enumerate() {
        if !child.con.is_empty() {
            found.error(
                "chỉ tiêu con không được có chỉ tiêu con nữa",
                child.id.span(),
                &format!("{key}.con[{}].con", j + 1),
                "chỉ dùng hai cấp: chỉ tiêu và chỉ tiêu con (3a, 3b …)",
            );
        }
        let child = indicator(
            found,
            plan,
            units,
            child,
            &format!("{key}.con[{}]", j + 1),
            ids,
            true,
        );
        children = children.zip(child).map(|(mut all, c)| {
            all.push(c);
            all
        });
    }
    let (lead, partners) = assigned?;
    Some(Indicator {
        id: ct.id.get_ref().clone(),
        name,
        group: group?,
        measure_unit: ct.don_vi_tinh.as_ref().map(trimmed),
        target: target?,
        lead,
        partners,
        purpose: ct.muc_dich.as_ref().map(|m| m.get_ref().clone()),
        methods: ct.cach_thuc.iter().map(trimmed).collect(),
        calculation: ct.phuong_phap.as_ref().map(|p| p.get_ref().clone()),
        guidance: ct.huong_dan.iter().map(trimmed).collect(),
        references: ct.van_ban_lien_quan.iter().map(trimmed).collect(),
        deadline: deadline?,
        note: ct.ghi_chu.as_ref().map(|g| g.get_ref().clone()),
        milestones: milestones?,
        adjustment_reason: ct
            .ly_do_dieu_chinh
            .as_ref()
            .map(trimmed)
            .filter(|r| !r.is_empty()),
        children: children?,
    })
}

/// The milestones of an indicator, years rising within `LIMITS.years`.
fn milestones(found: &mut Found, ct: &plan::Indicator, key: &str) -> Option<Vec<Milestone>> {
    let mut last_year: Option<i64> = None;
    let mut all = Some(Vec::with_capacity(ct.moc.len()));
    for (j, milestone) in ct.moc.iter().enumerate() {
        let mkey = format!("{key}.moc[{}]", j + 1);
        let year = *milestone.nam.get_ref();
        if !LIMITS.years.contains(&year) {
            found.error(
                format!("năm mốc {year} nằm ngoài khoảng hợp lý"),
                milestone.nam.span(),
                &format!("{mkey}.nam"),
                year_help(),
            );
        }
        if let Some(last) = last_year
            && year <= last
        {
            found.error(
                format!("năm mốc {year} không sau năm mốc trước ({last})"),
                milestone.nam.span(),
                &format!("{mkey}.nam"),
                "xếp các mốc theo năm tăng dần, mỗi năm một lần",
            );
        }
        last_year = Some(year);
        let target = target(found, &milestone.gia_tri, &format!("{mkey}.gia_tri"));
        all = all.zip(target).map(|(mut all, target)| {
            all.push(Milestone {
                year,
                target,
                note: milestone
                    .ghi_chu
                    .as_ref()
                    .map(trimmed)
                    .filter(|n| !n.is_empty()),
            });
            all
        });
    }
    all
}

/// A target in the one form it is given in; `None` when it has none or
/// several, or a range lacks an end (reported).
fn target(found: &mut Found, target: &Spanned<plan::Target>, key: &str) -> Option<Target> {
    let t = target.get_ref();
    let count = t.forms_given();
    if count != 1 {
        found.error(
            if count == 0 { "chỉ tiêu giao đang trống" } else { "chỉ tiêu giao có nhiều dạng cùng lúc" },
            target.span(),
            key,
            "chọn đúng một dạng: { ty_le = 30 }, { so = 2 }, { tu = 2, den = 3 }, { toi_thieu = 85 }, { toi_da = 5 }, { tren = 92 }, { duoi = 5 } hoặc { chu = \"Khuyến khích\" }",
        );
        return None;
    }
    let percent = t.don_vi.is_none();
    let mut number = |value: &Option<Spanned<f64>>, name: &str, is_percent: bool| {
        if let Some(v) = value {
            let x = *v.get_ref();
            if !x.is_finite() || x < 0.0 {
                found.error(
                    format!("giá trị {x} không hợp lệ"),
                    v.span(),
                    &format!("{key}.{name}"),
                    "chỉ tiêu là số không âm",
                );
            } else if is_percent && x > 100.0 {
                found.error(
                    format!("tỷ lệ {}% vượt quá 100%", crate::text::format_decimal(x)),
                    v.span(),
                    &format!("{key}.{name}"),
                    "tỷ lệ phần trăm nằm trong khoảng 0–100",
                );
            }
        }
    };
    number(&t.ty_le, "ty_le", true);
    number(&t.so, "so", false);
    number(&t.tu, "tu", percent);
    number(&t.den, "den", percent);
    number(&t.toi_thieu, "toi_thieu", percent);
    number(&t.toi_da, "toi_da", percent);
    number(&t.tren, "tren", percent);
    number(&t.duoi, "duoi", percent);
    let range = match (&t.tu, &t.den) {
        (Some(from), Some(to)) => {
            if from.get_ref() > to.get_ref() {
                found.error(
                    "khoảng chỉ tiêu có `tu` lớn hơn `den`",
                    target.span(),
                    key,
                    "viết `tu` là số nhỏ hơn, ví dụ { tu = 2, den = 3 }",
                );
            }
            Some(Some((*from.get_ref(), *to.get_ref())))
        }
        (Some(_), None) | (None, Some(_)) => {
            found.error(
                "khoảng chỉ tiêu cần cả `tu` và `den`",
                target.span(),
                key,
                "viết { tu = 2, den = 3, don_vi = \"…\" }",
            );
            None
        }
        (None, None) => Some(None),
    };
    let words = t
        .chu
        .as_ref()
        .map(|text| found.required(text, &format!("{key}.chu")));
    if t.ty_le.is_some() && t.don_vi.is_some() {
        found.error(
            "tỷ lệ luôn tính bằng %, không cần đơn vị",
            target.span(),
            &format!("{key}.don_vi"),
            "bỏ `don_vi`, hoặc dùng { so = …, don_vi = \"…\" }",
        );
    }
    let unit = t
        .don_vi
        .as_ref()
        .map(|u| u.get_ref().trim().to_owned())
        .filter(|u| !u.is_empty());
    let value = |v: &Option<Spanned<f64>>| v.as_ref().map(|x| *x.get_ref());
    // Exactly one form is given (counted above).
    Some(if let Some(text) = words {
        Target::Words(text)
    } else if let Some(x) = value(&t.ty_le) {
        Target::Percent(x)
    } else if let Some(x) = value(&t.so) {
        Target::Count { value: x, unit }
    } else if let Some(x) = value(&t.toi_thieu) {
        Target::AtLeast { value: x, unit }
    } else if let Some(x) = value(&t.toi_da) {
        Target::AtMost { value: x, unit }
    } else if let Some(x) = value(&t.tren) {
        Target::Above { value: x, unit }
    } else if let Some(x) = value(&t.duoi) {
        Target::Below { value: x, unit }
    } else {
        let (from, to) = range??;
        Target::Range { from, to, unit }
    })
}
