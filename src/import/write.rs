//! Writing the recognised plan as a plan file, through the edit module the
//! editor uses too: each key an edit, in the order and layout of the
//! bundled plans, with their banner comments.

use rust_decimal::Decimal;

use crate::edit::{Document, Edit, EditError, Value};

use super::draft::{Deadline, Draft, Indicator, Target, Task};

fn text(t: &str) -> Value {
    Value::text(t)
}

fn number(d: &Decimal) -> Value {
    let d = d.normalize();
    if d.scale() == 0
        && let Ok(i) = i64::try_from(d.mantissa())
    {
        return Value::Integer(i);
    }
    use rust_decimal::prelude::ToPrimitive;
    Value::Float(d.to_f64().unwrap_or(0.0))
}

/// `chi_tieu_giao` (or a milestone's `gia_tri`) as the format writes it.
fn target(t: &Target) -> Value {
    let unit = |u: &Option<String>| u.as_ref().map(|u| ("don_vi", text(u)));
    let mut entries: Vec<(&str, Value)> = Vec::new();
    match t {
        Target::Rate(d) => entries.push(("ty_le", number(d))),
        Target::Count(d, u) => {
            entries.push(("so", number(d)));
            entries.extend(unit(u));
        }
        Target::Range(a, b, u) => {
            entries.push(("tu", number(a)));
            entries.push(("den", number(b)));
            entries.extend(unit(u));
        }
        Target::AtLeast(d, u) => {
            entries.push(("toi_thieu", number(d)));
            entries.extend(unit(u));
        }
        Target::AtMost(d, u) => {
            entries.push(("toi_da", number(d)));
            entries.extend(unit(u));
        }
        Target::Above(d, u) => {
            entries.push(("tren", number(d)));
            entries.extend(unit(u));
        }
        Target::Below(d, u) => {
            entries.push(("duoi", number(d)));
            entries.extend(unit(u));
        }
        Target::Text(s) => entries.push(("chu", text(s))),
    }
    Value::table(entries)
}

/// One unit reference or a list of them (`chu_tri`).
fn refs(ids: &[String]) -> Option<Value> {
    match ids {
        [] => None,
        [one] => Some(text(one)),
        many => Some(Value::texts(many.iter().cloned())),
    }
}

fn indicator(ind: &Indicator) -> Value {
    let mut e: Vec<(&str, Value)> = vec![("id", text(&ind.id))];
    if let Some(g) = &ind.group {
        e.push(("nhom", text(g)));
    }
    e.push(("ten", text(&ind.name)));
    if let Some(u) = &ind.measure_unit {
        e.push(("don_vi_tinh", text(u)));
    }
    if let Some(t) = &ind.target
        && ind.milestones.is_empty()
    {
        e.push(("chi_tieu_giao", target(t)));
    }
    if let Some(l) = refs(&ind.lead) {
        e.push(("chu_tri", l));
    }
    if !ind.partners.is_empty() {
        e.push(("phoi_hop", Value::texts(ind.partners.iter().cloned())));
    }
    if !ind.purpose.is_empty() {
        e.push(("muc_dich", text(&ind.purpose.join("\n"))));
    }
    if !ind.methods.is_empty() {
        e.push(("cach_thuc", Value::texts(ind.methods.iter().cloned())));
    }
    if let Some(m) = &ind.method {
        e.push(("phuong_phap", text(m)));
    }
    if !ind.guidance.is_empty() {
        e.push(("huong_dan", Value::texts(ind.guidance.iter().cloned())));
    }
    if !ind.references.is_empty() {
        e.push((
            "van_ban_lien_quan",
            Value::texts(ind.references.iter().cloned()),
        ));
    }
    match &ind.deadline {
        Some(Deadline::Date(y, m, d)) => e.push((
            "han",
            Value::Date {
                year: *y,
                month: *m,
                day: *d,
            },
        )),
        Some(Deadline::Text(t)) => e.push(("han", text(t))),
        None => {}
    }
    if let Some(n) = &ind.note {
        e.push(("ghi_chu", text(n)));
    }
    if let Some(r) = &ind.adjustment_reason {
        e.push(("ly_do_dieu_chinh", text(r)));
    }
    if !ind.milestones.is_empty() {
        let list = ind
            .milestones
            .iter()
            .map(|m| {
                let mut entry = vec![
                    ("nam", Value::Integer(m.year)),
                    ("gia_tri", target(&m.value)),
                ];
                if let Some(n) = &m.note {
                    entry.push(("ghi_chu", text(n)));
                }
                Value::table(entry)
            })
            .collect();
        e.push(("moc", Value::Array(list)));
    }
    if !ind.children.is_empty() {
        e.push((
            "con",
            Value::Array(ind.children.iter().map(indicator).collect()),
        ));
    }
    Value::table(e)
}

fn task(t: &Task) -> Value {
    let mut e: Vec<(&str, Value)> = vec![("id", text(&t.id))];
    if let Some(g) = &t.group {
        e.push(("nhom", text(g)));
    }
    e.push(("ten", text(&t.name)));
    if let Some(l) = refs(&t.lead) {
        e.push(("chu_tri", l));
    }
    if !t.partners.is_empty() {
        e.push(("phoi_hop", Value::texts(t.partners.iter().cloned())));
    }
    if let Some(r) = &t.result {
        e.push(("ket_qua", text(r)));
    }
    // A parent's budget is the sum of its sub-tasks': not written.
    if let Some(b) = &t.budget
        && t.children.is_empty()
    {
        e.push(("kinh_phi", number(b)));
    }
    if let Some(time) = &t.time {
        e.push(("thoi_gian", text(time)));
    }
    if !t.children.is_empty() {
        e.push(("con", Value::Array(t.children.iter().map(task).collect())));
    }
    Value::table(e)
}

/// The plan text of `draft`; `file_name` names the source in the first
/// comment.
pub fn write(draft: &Draft, file_name: &str) -> Result<String, EditError> {
    let mut doc = Document::new();
    let mut apply = |edit: Result<Edit, EditError>| -> Result<(), EditError> { doc.apply(&edit?) };
    let h = &draft.header;

    if !draft.bases.is_empty() {
        apply(Edit::set(
            "can_cu",
            Value::texts(draft.bases.iter().cloned()),
        ))?;
    }
    if let Some(o) = &draft.opening {
        apply(Edit::set("mo_dau", text(o)))?;
    }
    if let Some(c) = &draft.closing {
        apply(Edit::set("ket_luan", text(c)))?;
    }

    let mut header: Vec<(&str, Value)> = vec![("loai", text(&h.kind)), ("xa", text(&h.commune))];
    if let Some(p) = &h.province {
        header.push(("tinh", text(p)));
    }
    if let Some(p) = &h.parent_body {
        header.push(("co_quan_chu_quan", text(p)));
    }
    if let Some(lines) = &h.issuer {
        header.push(("co_quan", Value::texts(lines.iter().cloned())));
    }
    if let Some(n) = h.number {
        header.push(("so", Value::Integer(n)));
    }
    header.push(("ky_hieu", text(&h.symbol)));
    if let Some(p) = &h.place {
        header.push(("dia_danh", text(p)));
    }
    match h.date {
        Some((year, month, day)) => header.push(("ngay", Value::Date { year, month, day })),
        None => {
            if let Some(y) = h.year {
                header.push(("nam", Value::Integer(y)));
            }
            if let Some(m) = h.month {
                header.push(("thang", Value::Integer(i64::from(m))));
            }
        }
    }
    if h.numbered_sub_items {
        header.push(("muc_con", text("so")));
    }
    if let Some(labels) = &h.section_labels {
        header.push(("danh_so_phan", text(labels)));
    }
    if h.sentence_case_titles {
        header.push(("in_hoa_tieu_de", Value::Bool(false)));
    }
    if h.issued_with {
        header.push(("ban_hanh_kem_theo", Value::Bool(true)));
    }
    if let Some(t) = &h.type_name {
        header.push(("ten_loai", text(t)));
    }
    header.push(("trich_yeu", text(&h.excerpt)));
    if h.draft {
        header.push(("du_thao", Value::Bool(true)));
    }
    if let Some(d) = &h.drafter {
        header.push(("don_vi_soan_thao", text(d)));
    }
    apply(Edit::set("van_ban", Value::table(header)))?;

    let s = &draft.signer;
    let mut signer: Vec<(&str, Value)> = Vec::new();
    if let Some(a) = &s.authority {
        signer.push(("quyen_han", text(a)));
    }
    if let Some(p) = &s.principal {
        signer.push(("thay_mat", text(p)));
    }
    if let Some(p) = &s.position {
        signer.push(("chuc_vu", text(p)));
    }
    signer.push(("ho_ten", text(&s.name)));
    apply(Edit::set("nguoi_ky", Value::table(signer)))?;

    for r in &draft.recipients {
        let mut e = vec![("ten", text(&r.name))];
        if let Some(n) = &r.note {
            e.push(("ghi_chu", text(n)));
        }
        if r.joined {
            e.push(("gop_voi_tren", Value::Bool(true)));
        }
        apply(Edit::append("noi_nhan", Value::table(e)))?;
    }
    let mut divisions = 0;
    for (i, section) in draft.sections.iter().enumerate() {
        let mut e = Vec::new();
        if let Some(d) = &section.division {
            e.push(("phan_thu", text(d)));
        }
        e.push(("tieu_de", text(&section.title)));
        if section.numbered_sub_items {
            e.push(("muc_con", text("so")));
        }
        if let Some(b) = &section.body {
            e.push(("noi_dung", text(b)));
        }
        if let Some(b) = &section.block {
            e.push(("chen", text(b)));
        }
        if let Some(a) = &section.after {
            e.push(("noi_dung_sau", text(a)));
        }
        apply(Edit::append("phan", Value::table(e)))?;
        // A plan in "Phần thứ …" is marked where each opens; its parts
        // count afresh, so a Roman count of all would mislead.
        if section.division.is_some() {
            divisions += 1;
            let ordinal = crate::text::words::ordinal(divisions).to_uppercase();
            apply(Edit::comment(
                &format!("phan[{}]", i + 1),
                [format!("===== PHẦN {ordinal} =====")],
            ))?;
        } else if divisions == 0 {
            apply(Edit::comment(
                &format!("phan[{}]", i + 1),
                [format!(
                    "===== PHẦN {} =====",
                    crate::text::roman::to_roman(i + 1)
                )],
            ))?;
        }
    }
    for unit in &draft.units {
        let mut e = vec![("id", text(&unit.id)), ("ten", text(&unit.name))];
        if let Some(a) = &unit.abbreviation {
            e.push(("viet_tat", text(a)));
        }
        if unit.collective {
            e.push(("tap_the", Value::Bool(true)));
        }
        if let Some(d) = &unit.duties {
            e.push(("nhiem_vu", text(d)));
        }
        apply(Edit::append("don_vi", Value::table(e)))?;
    }
    if !draft.units.is_empty() {
        apply(Edit::comment(
            "don_vi[1]",
            ["===== ĐƠN VỊ (nơi khác gọi bằng id) ====="],
        ))?;
    }
    for g in &draft.indicator_groups {
        apply(Edit::append(
            "nhom_chi_tieu",
            Value::table([("id", text(&g.id)), ("ten", text(&g.name))]),
        ))?;
    }
    for (i, ind) in draft.indicators.iter().enumerate() {
        apply(Edit::append("chi_tieu", indicator(ind)))?;
        apply(Edit::comment(
            &format!("chi_tieu[{}]", i + 1),
            [format!("--- Chỉ tiêu {} ---", i + 1)],
        ))?;
    }
    for g in &draft.task_groups {
        apply(Edit::append(
            "nhom_nhiem_vu",
            Value::table([("id", text(&g.id)), ("ten", text(&g.name))]),
        ))?;
    }
    for t in &draft.tasks {
        apply(Edit::append("nhiem_vu", task(t)))?;
    }
    for (i, a) in draft.appendices.iter().enumerate() {
        let mut e = vec![("id", text(&a.id)), ("loai", text(a.kind.key()))];
        if let Some(c) = &a.caption {
            e.push(("tieu_de", text(c)));
        }
        e.push(("ten", text(&a.title)));
        if !a.columns.is_empty() {
            e.push(("cot", Value::texts(a.columns.iter().cloned())));
        }
        if let Some(l) = a.landscape {
            e.push(("ngang", Value::Bool(l)));
        }
        if !a.column_titles.is_empty() {
            e.push((
                "ten_cot",
                Value::table(a.column_titles.iter().map(|(k, v)| (k.clone(), text(v)))),
            ));
        }
        apply(Edit::append("phu_luc", Value::table(e)))?;
        apply(Edit::comment(
            &format!("phu_luc[{}]", i + 1),
            [format!(
                "===== PHỤ LỤC {} =====",
                crate::text::roman::to_roman(i + 1)
            )],
        ))?;
    }
    let mut text = doc.text();
    let head = format!(
        "# Nhập từ \"{}\" bằng `kehoach nhap`; xem báo cáo nhập để biết chỗ nào là đoán.\n\
         # Số thứ tự (I, II, 1., a), STT của các bảng), dấu \";\" cuối căn cứ, \":\" cuối câu mở đầu,\n\
         # \"./.\" cuối câu kết, số phụ lục, dòng \"(Kèm theo …)\", tổng kinh phí, \"Bằng chữ\"\n\
         # và dòng \"Lưu: VT, …\" do chương trình tự tính.\n\n",
        file_name.replace(['\n', '\r'], " ")
    );
    text.insert_str(0, &head);
    if !draft.leftovers.is_empty() {
        text.push_str("\n# ===== CHƯA NHẬP ĐƯỢC (giữ nguyên văn để không mất chữ nào) =====\n");
        for line in &draft.leftovers {
            text.push_str("# ");
            text.push_str(&line.replace(['\n', '\r'], " "));
            text.push('\n');
        }
    }
    Ok(text)
}
