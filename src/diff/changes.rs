//! Field by field: what changed between two checked plans. Each fact is
//! written as the documents print it (targets by compose's own
//! formatting), so "35,4% → 40%" reads as on the page.

use std::collections::HashMap;

use super::{Change, ChangeKind, Scope};
use crate::check::CheckedPlan;
use crate::check::checked::{Deadline, Indicator, Prose, Target, Task, UnitId};
use crate::check::compare::Indicators;
use crate::compose::{indicator_numbers, task_numbers};
use crate::text::money::format_money;
use crate::text::to_roman;

/// Every change between `old` and `new`, places not yet found.
pub(super) fn between(old: &CheckedPlan, new: &CheckedPlan) -> Vec<Change> {
    let mut out = Vec::new();
    header(old, new, &mut out);
    bases(old, new, &mut out);
    sections(old, new, &mut out);
    units(old, new, &mut out);
    indicators(old, new, &mut out);
    tasks(old, new, &mut out);
    recipients(old, new, &mut out);
    appendices(old, new, &mut out);
    out
}

/// A fact changed: `subject`'s `aspect` went from `old` to `new`.
fn changed(
    subject: &str,
    short: &str,
    aspect: &str,
    old: String,
    new: String,
    needles: Vec<String>,
    scope: Scope,
) -> Change {
    Change {
        aspect: aspect.to_owned(),
        old: Some(old),
        new: Some(new),
        needles,
        scope,
        ..Change::new(subject.to_owned(), short.to_owned(), ChangeKind::Changed)
    }
}

fn or_none(value: Option<&str>) -> String {
    value
        .filter(|v| !v.is_empty())
        .map_or_else(|| "(không có)".to_owned(), str::to_owned)
}

fn header(old: &CheckedPlan, new: &CheckedPlan, out: &mut Vec<Change>) {
    let (a, b) = (&old.header, &new.header);
    let number = |h: &crate::check::checked::Header| match h.number {
        Some(n) => format!("{n}/{}", h.symbol),
        None => format!("(chưa có số)/{}", h.symbol),
    };
    let date = |h: &crate::check::checked::Header| match h.signed {
        Some(d) => d.short(),
        None => "(chưa ký)".to_owned(),
    };
    let facts = [
        ("số văn bản", number(a), number(b)),
        ("ngày ký", date(a), date(b)),
        ("năm", a.year.to_string(), b.year.to_string()),
        ("trích yếu", a.excerpt.clone(), b.excerpt.clone()),
        ("tên xã", a.commune.clone(), b.commune.clone()),
        (
            "tên loại văn bản",
            or_none(a.type_name.as_deref()),
            or_none(b.type_name.as_deref()),
        ),
        (
            "dự thảo",
            yes_no(a.draft).to_owned(),
            yes_no(b.draft).to_owned(),
        ),
    ];
    for (aspect, x, y) in facts {
        if x != y {
            // Number and date also stand in every "(Kèm theo Kế hoạch số …)".
            let scope = if aspect == "số văn bản" || aspect == "ngày ký" || aspect == "năm"
            {
                Scope::Anywhere
            } else {
                Scope::Header
            };
            let needles = match scope {
                Scope::Anywhere => vec!["Kèm theo".to_owned(), "Số:".to_owned(), "ngày".to_owned()],
                _ => Vec::new(),
            };
            out.push(changed("Văn bản", "văn bản", aspect, x, y, needles, scope));
        }
    }
}

fn yes_no(b: bool) -> &'static str {
    if b { "có" } else { "không" }
}

/// Added and removed items of two lists of texts, by equality.
fn added_removed<'a>(old: &'a [String], new: &'a [String]) -> (Vec<&'a String>, Vec<&'a String>) {
    let added = new.iter().filter(|n| !old.contains(n)).collect();
    let removed = old.iter().filter(|o| !new.contains(o)).collect();
    (added, removed)
}

fn bases(old: &CheckedPlan, new: &CheckedPlan, out: &mut Vec<Change>) {
    let (added, removed) = added_removed(&old.bases, &new.bases);
    for (list, kind) in [(removed, ChangeKind::Removed), (added, ChangeKind::Added)] {
        for basis in list {
            out.push(Change {
                needles: vec![basis.clone()],
                scope: Scope::Body,
                ..Change::new(format!("Căn cứ “{basis}”"), "căn cứ".to_owned(), kind)
            });
        }
    }
}

fn prose_text(p: &Prose) -> &str {
    match p {
        Prose::Standard => "(câu mặc định)",
        Prose::Omitted => "(không có)",
        Prose::Own(t) => t.trim(),
    }
}

fn sections(old: &CheckedPlan, new: &CheckedPlan, out: &mut Vec<Change>) {
    if old.opening != new.opening {
        out.push(changed(
            "Câu mở đầu",
            "câu mở đầu",
            "nội dung",
            prose_text(&old.opening).to_owned(),
            prose_text(&new.opening).to_owned(),
            Vec::new(),
            Scope::Body,
        ));
    }
    for i in 0..old.sections.len().max(new.sections.len()) {
        let roman = to_roman(i + 1);
        let subject = format!("Phần {roman}");
        let short = format!("phần {roman}");
        match (old.sections.get(i), new.sections.get(i)) {
            (Some(a), Some(b)) => {
                if a.title != b.title {
                    out.push(changed(
                        &subject,
                        &short,
                        "tiêu đề",
                        a.title.to_uppercase(),
                        b.title.to_uppercase(),
                        Vec::new(),
                        Scope::BodyPart(roman.clone()),
                    ));
                }
                if (&a.body, &a.insert, &a.after, a.sub_items)
                    != (&b.body, &b.insert, &b.after, b.sub_items)
                {
                    out.push(Change {
                        aspect: "nội dung".to_owned(),
                        scope: Scope::BodyPart(roman.clone()),
                        ..Change::new(subject.clone(), short.clone(), ChangeKind::Changed)
                    });
                }
            }
            (Some(a), None) => out.push(Change {
                scope: Scope::BodyPart(roman.clone()),
                ..Change::new(
                    format!("{subject} “{}”", a.title.to_uppercase()),
                    short,
                    ChangeKind::Removed,
                )
            }),
            (None, Some(b)) => out.push(Change {
                scope: Scope::BodyPart(roman.clone()),
                ..Change::new(
                    format!("{subject} “{}”", b.title.to_uppercase()),
                    short,
                    ChangeKind::Added,
                )
            }),
            (None, None) => {}
        }
    }
    if old.closing != new.closing {
        out.push(changed(
            "Câu kết",
            "câu kết",
            "nội dung",
            prose_text(&old.closing).to_owned(),
            prose_text(&new.closing).to_owned(),
            Vec::new(),
            Scope::Body,
        ));
    }
}

fn units(old: &CheckedPlan, new: &CheckedPlan, out: &mut Vec<Change>) {
    for a in &old.units {
        let subject = format!("Đơn vị “{}”", a.name);
        let short = format!("đơn vị {}", a.id);
        match new.units.iter().find(|b| b.id == a.id) {
            Some(b) => {
                if a.name != b.name {
                    out.push(changed(
                        &subject,
                        &short,
                        "tên",
                        a.name.clone(),
                        b.name.clone(),
                        vec![a.name.clone(), b.name.clone()],
                        Scope::Anywhere,
                    ));
                }
                if a.duties != b.duties {
                    out.push(changed(
                        &subject,
                        &short,
                        "nhiệm vụ riêng",
                        or_none(a.duties.as_deref()),
                        or_none(b.duties.as_deref()),
                        vec![b.name.clone()],
                        Scope::Body,
                    ));
                }
            }
            None => out.push(Change {
                needles: vec![a.name.clone()],
                ..Change::new(subject, short, ChangeKind::Removed)
            }),
        }
    }
    for b in new
        .units
        .iter()
        .filter(|b| !old.units.iter().any(|a| a.id == b.id))
    {
        out.push(Change {
            needles: vec![b.name.clone()],
            ..Change::new(
                format!("Đơn vị “{}”", b.name),
                format!("đơn vị {}", b.id),
                ChangeKind::Added,
            )
        });
    }
}

/// Unit names as the documents join them.
fn names(plan: &CheckedPlan, ids: &[UnitId]) -> Vec<String> {
    ids.iter().map(|id| plan.unit(*id).name.clone()).collect()
}

fn joined(list: &[String]) -> String {
    if list.is_empty() {
        "(không có)".to_owned()
    } else {
        list.join("; ")
    }
}

fn target_text(i: &Indicator) -> String {
    i.target
        .as_ref()
        .map_or_else(|| "(không có)".to_owned(), Target::printed)
}

fn deadline_text(i: &Indicator) -> String {
    i.deadline
        .as_ref()
        .map_or_else(|| "(không có)".to_owned(), Deadline::printed)
}

fn milestones_text(i: &Indicator) -> String {
    let list: Vec<String> = i
        .milestones
        .iter()
        .map(|m| format!("năm {}: {}", m.year, m.target.printed()))
        .collect();
    joined(&list)
}

/// The prose of an indicator that `diff` reports as one change.
type Details<'a> = (
    &'a Option<String>,
    &'a Vec<String>,
    &'a Option<String>,
    &'a Vec<String>,
    &'a Vec<String>,
    &'a Option<String>,
);

fn details(i: &Indicator) -> Details<'_> {
    (
        &i.purpose,
        &i.methods,
        &i.calculation,
        &i.guidance,
        &i.references,
        &i.note,
    )
}

fn indicators(old: &CheckedPlan, new: &CheckedPlan, out: &mut Vec<Change>) {
    let before = indicator_numbers(old);
    let after = indicator_numbers(new);
    let old_index = Indicators::new(&old.indicators, &old.indicator_groups);
    let new_index = Indicators::new(&new.indicators, &new.indicator_groups);
    // The number each indicator of the new version prints under.
    let new_numbers: HashMap<&str, &String> =
        after.iter().map(|(n, i)| (i.id.as_str(), n)).collect();
    for (number, a) in &before {
        let Some((new_number, b)) = new_index
            .get(&a.id)
            .and_then(|e| Some((new_numbers.get(e.indicator.id.as_str())?, e.indicator)))
        else {
            let mut needles = vec![a.name.clone()];
            needles.extend(names(old, &a.lead));
            out.push(Change {
                needles,
                ..Change::new(
                    format!("Chỉ tiêu {number} “{}”", a.name),
                    format!("chỉ tiêu {number}"),
                    ChangeKind::Removed,
                )
            });
            continue;
        };
        let subject = if number == *new_number {
            format!("Chỉ tiêu {number} “{}”", b.name)
        } else {
            format!("Chỉ tiêu {number} (nay là {new_number}) “{}”", b.name)
        };
        let short = format!("chỉ tiêu {number}");
        let needles = vec![a.name.clone(), b.name.clone()];
        let mut fact = |aspect: &str, x: String, y: String, extra: Vec<String>| {
            if x != y {
                let mut n = needles.clone();
                n.extend(extra);
                out.push(changed(&subject, &short, aspect, x, y, n, Scope::Anywhere));
            }
        };
        fact("tên", a.name.clone(), b.name.clone(), Vec::new());
        fact("chỉ tiêu giao", target_text(a), target_text(b), Vec::new());
        fact(
            "chỉ tiêu theo mốc",
            milestones_text(a),
            milestones_text(b),
            Vec::new(),
        );
        fact(
            "đơn vị tính",
            or_none(a.measure_unit.as_deref()),
            or_none(b.measure_unit.as_deref()),
            Vec::new(),
        );
        let (lead_a, lead_b) = (names(old, &a.lead), names(new, &b.lead));
        let units: Vec<String> = lead_a.iter().chain(&lead_b).cloned().collect();
        fact("đơn vị chủ trì", joined(&lead_a), joined(&lead_b), units);
        let (partners_a, partners_b) = (names(old, &a.partners), names(new, &b.partners));
        let units: Vec<String> = partners_a.iter().chain(&partners_b).cloned().collect();
        fact(
            "đơn vị phối hợp",
            joined(&partners_a),
            joined(&partners_b),
            units,
        );
        fact("thời hạn", deadline_text(a), deadline_text(b), Vec::new());
        let group = |p: &CheckedPlan, i: &Indicator| {
            or_none(i.group.map(|g| p.indicator_groups[g].name.as_str()))
        };
        fact("nhóm", group(old, a), group(new, b), Vec::new());
        if details(a) != details(b) {
            out.push(Change {
                aspect: "mục đích, cách thức, phương pháp tính hoặc ghi chú".to_owned(),
                needles: needles.clone(),
                ..Change::new(subject.clone(), short.clone(), ChangeKind::Changed)
            });
        }
    }
    for (number, b) in after.iter().filter(|(_, b)| !old_index.contains(&b.id)) {
        let mut needles = vec![b.name.clone()];
        needles.extend(names(new, &b.lead));
        out.push(Change {
            new: Some(target_text(b)),
            needles,
            ..Change::new(
                format!("Chỉ tiêu {number} “{}”", b.name),
                format!("chỉ tiêu {number}"),
                ChangeKind::Added,
            )
        });
    }
}

/// What a task is known by across versions: its id, else its name.
fn task_key(t: &Task) -> &str {
    t.id.as_deref().unwrap_or(&t.name)
}

fn budget_text(t: &Task) -> String {
    t.budget.map_or_else(
        || "(không có)".to_owned(),
        |b| format!("{} triệu đồng", format_money(b)),
    )
}

fn tasks(old: &CheckedPlan, new: &CheckedPlan, out: &mut Vec<Change>) {
    let before = task_numbers(old);
    let after = task_numbers(new);
    for (number, a) in &before {
        let short = format!("nhiệm vụ {number}");
        let Some((_, b)) = after.iter().find(|(_, b)| task_key(b) == task_key(a)) else {
            out.push(Change {
                needles: vec![a.name.clone()],
                old: a.budget.map(|_| budget_text(a)),
                ..Change::new(
                    format!("Nhiệm vụ {number} “{}”", a.name),
                    short,
                    ChangeKind::Removed,
                )
            });
            continue;
        };
        let subject = format!("Nhiệm vụ {number} “{}”", b.name);
        let needles = vec![a.name.clone(), b.name.clone()];
        let mut fact = |aspect: &str, x: String, y: String| {
            if x != y {
                out.push(changed(
                    &subject,
                    &short,
                    aspect,
                    x,
                    y,
                    needles.clone(),
                    Scope::Anywhere,
                ));
            }
        };
        fact("tên", a.name.clone(), b.name.clone());
        fact("kinh phí", budget_text(a), budget_text(b));
        fact(
            "đơn vị chủ trì",
            joined(&names(old, &a.lead)),
            joined(&names(new, &b.lead)),
        );
        fact(
            "đơn vị phối hợp",
            joined(&names(old, &a.partners)),
            joined(&names(new, &b.partners)),
        );
        fact(
            "thời gian",
            or_none(a.time.as_deref()),
            or_none(b.time.as_deref()),
        );
        fact(
            "kết quả",
            or_none(a.result.as_deref()),
            or_none(b.result.as_deref()),
        );
    }
    for (number, b) in &after {
        if before.iter().any(|(_, a)| task_key(a) == task_key(b)) {
            continue;
        }
        out.push(Change {
            needles: vec![b.name.clone()],
            new: b.budget.map(|_| budget_text(b)),
            ..Change::new(
                format!("Nhiệm vụ {number} “{}”", b.name),
                format!("nhiệm vụ {number}"),
                ChangeKind::Added,
            )
        });
    }
}

fn recipients(old: &CheckedPlan, new: &CheckedPlan, out: &mut Vec<Change>) {
    let line = |r: &crate::check::checked::Recipient| match &r.note {
        Some(n) => format!("{} ({n})", r.name),
        None => r.name.clone(),
    };
    let a: Vec<String> = old.recipients.iter().map(line).collect();
    let b: Vec<String> = new.recipients.iter().map(line).collect();
    let (added, removed) = added_removed(&a, &b);
    for (list, kind) in [(removed, ChangeKind::Removed), (added, ChangeKind::Added)] {
        for r in list {
            out.push(Change {
                scope: Scope::Signature,
                ..Change::new(format!("Nơi nhận “{r}”"), "nơi nhận".to_owned(), kind)
            });
        }
    }
}

fn appendices(old: &CheckedPlan, new: &CheckedPlan, out: &mut Vec<Change>) {
    for a in &old.appendices {
        let subject = format!("Phụ lục “{}”", a.title);
        let short = format!("phụ lục {}", a.id);
        match new.appendices.iter().find(|b| b.id == a.id) {
            Some(b) => {
                if a.title != b.title {
                    out.push(changed(
                        &subject,
                        &short,
                        "tên",
                        a.title.clone(),
                        b.title.clone(),
                        Vec::new(),
                        Scope::Appendices,
                    ));
                }
                if (&a.caption, a.landscape, &a.table) != (&b.caption, b.landscape, &b.table) {
                    out.push(Change {
                        aspect: "cách trình bày bảng (cột, tiêu đề, khổ giấy)".to_owned(),
                        scope: Scope::Appendices,
                        needles: vec![b.title.clone()],
                        ..Change::new(subject.clone(), short.clone(), ChangeKind::Changed)
                    });
                }
            }
            None => out.push(Change::new(subject, short, ChangeKind::Removed)),
        }
    }
    for b in new
        .appendices
        .iter()
        .filter(|b| !old.appendices.iter().any(|a| a.id == b.id))
    {
        out.push(Change::new(
            format!("Phụ lục “{}”", b.title),
            format!("phụ lục {}", b.id),
            ChangeKind::Added,
        ));
    }
}
