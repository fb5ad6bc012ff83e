//! Prose that kehoach derives from data, recognised so that it becomes
//! the data and a `chen` block instead of typed text that would drift:
//! one section per indicator ("Chỉ tiêu 3. … Mục đích: … Chỉ tiêu giao: …",
//! `cach-thuc-chi-tieu`), which unit leads which indicators
//! (`to-chuc-thuc-hien`), "Gồm 05 nhóm chỉ tiêu, với 21 chỉ tiêu cụ thể"
//! (`nhom-chi-tieu`), and the roadmap by milestone year (`lo-trinh`).
//!
//! A block is taken only when every line of it reads as the block's
//! form and agrees with the data (or the data lacks what it says, which it
//! then gives); otherwise the prose stays as it is and the report says so.

use crate::import::draft::{Indicator, Target};
use crate::import::report::Report;

use super::appendix::Data;
use super::body::{Kind, Node};
use super::units::Units;
use super::values::{deadline, print_target, target};
use super::words::{Marker, fold, marker, squash};

/// A derived block found in a part: nodes `start..end` are its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub block: &'static str,
}

/// What the recogniser knows when it looks for blocks.
pub struct Context<'a> {
    pub kind: &'a str,
    pub data: &'a mut Data,
    pub units: &'a mut Units,
    pub report: &'a mut Report,
    /// The commune, for "xã … đạt 30%".
    pub commune: &'a str,
}

/// The first derived block of a part, its data given to the plan.
pub fn find(nodes: &[Node], ctx: &mut Context<'_>) -> Option<Found> {
    methods(nodes, ctx)
        .or_else(|| units_block(nodes, ctx))
        .or_else(|| {
            (ctx.kind == "phat-trien")
                .then(|| groups(nodes, ctx))
                .flatten()
        })
        .or_else(|| {
            (ctx.kind == "hanh-dong")
                .then(|| roadmap(nodes, ctx))
                .flatten()
        })
}

/// One "Chỉ tiêu N." section read into its parts.
#[derive(Debug, Default)]
struct Section {
    number: usize,
    name: String,
    purpose: Vec<String>,
    target: Option<String>,
    child_targets: Vec<(String, String)>,
    methods: Vec<String>,
    lead: Option<String>,
    partners: Option<String>,
    deadline: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Label {
    Purpose,
    Target,
    Methods,
    Lead,
    Partners,
    Deadline,
}

/// "Mục đích: …" → the label and what follows it.
fn label(text: &str) -> Option<(Label, String)> {
    let (head, rest) = text.split_once(':')?;
    let head = fold(head.trim());
    let label = if head.starts_with("muc dich") {
        Label::Purpose
    } else if head.starts_with("chi tieu giao") {
        Label::Target
    } else if head.starts_with("cach thuc thuc hien") {
        Label::Methods
    } else if head.starts_with("don vi chu tri") || head.starts_with("co quan chu tri") {
        Label::Lead
    } else if head.starts_with("don vi phoi hop") || head.starts_with("co quan phoi hop") {
        Label::Partners
    } else if head.starts_with("thoi gian hoan thanh") || head.starts_with("thoi han") {
        Label::Deadline
    } else {
        return None;
    };
    Some((label, squash(rest)))
}

fn methods(nodes: &[Node], ctx: &mut Context<'_>) -> Option<Found> {
    let first = nodes
        .iter()
        .position(|n| matches!(n.kind, Kind::IndicatorHead(_)))?;
    let start = match first.checked_sub(1).map(|i| &nodes[i]) {
        Some(n)
            if matches!(n.kind, Kind::Heading(Marker::Number(_)))
                && fold(&n.text).starts_with("cach thuc thuc hien") =>
        {
            first - 1
        }
        Some(n) if matches!(n.kind, Kind::Heading(Marker::Number(_))) => {
            ctx.report.prose(format!("mục \"{}\" giữ nguyên lời văn: tên mục khác mục tự sinh \"Cách thức thực hiện các chỉ tiêu\"", n.text), Some(n.origin));
            return None;
        }
        _ => first,
    };
    let mut sections: Vec<Section> = Vec::new();
    let mut end = first;
    let mut current: Option<Label> = None;
    for (i, node) in nodes.iter().enumerate().skip(first) {
        match &node.kind {
            Kind::IndicatorHead(n) => {
                sections.push(Section {
                    number: *n,
                    name: node.text.trim_end_matches('.').to_owned(),
                    ..Section::default()
                });
                current = None;
            }
            Kind::Heading(Marker::Number(_) | Marker::Roman(_)) => break,
            _ => {
                let section = sections.last_mut().expect("a head came first");
                let text = squash(&node.text);
                match label(&text) {
                    Some((l, rest)) => {
                        current = Some(l);
                        let rest = rest.trim().to_owned();
                        match l {
                            Label::Purpose if !rest.is_empty() => section.purpose.push(rest),
                            Label::Target if !rest.is_empty() => section.target = Some(rest),
                            Label::Methods => {
                                let rest = rest
                                    .trim_start_matches("Để đạt được chỉ tiêu, cần tập trung:")
                                    .trim();
                                if !rest.is_empty() {
                                    section.methods.push(rest.to_owned());
                                }
                            }
                            Label::Lead => section.lead = Some(rest),
                            Label::Partners => section.partners = Some(rest),
                            Label::Deadline => section.deadline = Some(rest),
                            _ => {}
                        }
                    }
                    None => match current {
                        Some(Label::Purpose) => section.purpose.push(text),
                        Some(Label::Methods) => section.methods.push(text),
                        Some(Label::Target) => {
                            let bare = match marker(&text) {
                                Some((Marker::Letter(_), rest)) => rest.to_owned(),
                                _ => text.clone(),
                            };
                            match bare.rsplit_once(": ") {
                                Some((name, value)) => section
                                    .child_targets
                                    .push((name.to_owned(), value.to_owned())),
                                None => {
                                    return not_taken(
                                        ctx,
                                        node,
                                        "một dòng chỉ tiêu con không có dạng \"tên: chỉ tiêu\"",
                                    );
                                }
                            }
                        }
                        _ => {
                            return not_taken(
                                ctx,
                                node,
                                "một dòng không thuộc mục nào (Mục đích, Chỉ tiêu giao, Cách thức thực hiện, Đơn vị chủ trì, Đơn vị phối hợp, Thời gian hoàn thành)",
                            );
                        }
                    },
                }
            }
        }
        end = i + 1;
    }
    let indicators = ctx.data.indicators.len();
    if indicators > 0 && sections.len() != indicators {
        ctx.report.prose(
            format!("mục các chỉ tiêu giữ nguyên lời văn: có {} mục \"Chỉ tiêu …\" nhưng bảng có {indicators} chỉ tiêu", sections.len()),
            Some(nodes[first].origin),
        );
        return None;
    }
    let origin = Some(nodes[first].origin);
    let count = sections.len();
    for section in sections {
        merge(section, ctx);
    }
    ctx.report.found(
        format!("{count} mục \"Chỉ tiêu …\" (mục đích, cách thức, thời hạn) vào dữ liệu chỉ tiêu; in lại bằng khối `cach-thuc-chi-tieu`"),
        origin,
    );
    Some(Found {
        start,
        end,
        block: "cach-thuc-chi-tieu",
    })
}

fn not_taken<T>(ctx: &mut Context<'_>, node: &Node, why: &str) -> Option<T> {
    ctx.report.prose(
        format!(
            "mục các chỉ tiêu giữ nguyên lời văn: {why}: \"{}\"",
            node.text
        ),
        Some(node.origin),
    );
    None
}

/// Gives an indicator what its section says.
fn merge(section: Section, ctx: &mut Context<'_>) {
    let at = ctx
        .data
        .indicator_numbers
        .iter()
        .position(|n| *n == Some(section.number))
        .unwrap_or(section.number.saturating_sub(1));
    if at >= ctx.data.indicators.len() {
        ctx.data.indicators.push(Indicator::default());
        ctx.data.indicator_numbers.push(Some(section.number));
    }
    let at = at.min(ctx.data.indicators.len() - 1);
    let commune = ctx.commune.to_owned();
    // "xã Quảng Ngọc đạt 30%", "xã Quảng Ngọc 2-3 đơn/năm": the figure.
    let strip = |t: &str| -> String {
        let t = t.strip_prefix(&format!("xã {commune} ")).unwrap_or(t);
        t.strip_prefix("đạt ").unwrap_or(t).to_owned()
    };
    let indicator = &mut ctx.data.indicators[at];
    // A parent named after its children (the table had no row for it)
    // takes its section's name.
    let unnamed = indicator.name.is_empty()
        || !section.name.is_empty() && indicator.children.iter().any(|c| c.name == indicator.name);
    if unnamed {
        indicator.name = section.name.clone();
    }
    indicator.purpose = section.purpose;
    indicator.methods = section.methods;
    if let Some(d) = section.deadline.as_deref().and_then(deadline) {
        indicator.deadline = Some(d);
    }
    if let Some(text) = section
        .target
        .as_ref()
        .filter(|_| indicator.children.is_empty() && section.child_targets.is_empty())
    {
        let read = target(&strip(text)).map(|r| r.target);
        match (&indicator.target, read) {
            (None, Some(t)) => indicator.target = Some(t),
            (Some(have), Some(t)) if *have != t => ctx.report.warning(
                format!(
                    "chỉ tiêu {}: mục riêng ghi chỉ tiêu giao \"{text}\", bảng ghi \"{}\"; giữ số của bảng",
                    section.number,
                    print_target(have)
                ),
                None,
            ),
            _ => {}
        }
    }
    if indicator.children.is_empty() {
        for (name, value) in &section.child_targets {
            indicator.children.push(Indicator {
                name: name.clone(),
                target: target(&strip(value)).map(|r| r.target),
                ..Indicator::default()
            });
        }
    }
    let lead = section.lead.clone();
    let partners = section.partners.clone();
    let needs_lead = indicator.lead.is_empty();
    let needs_partners = indicator.partners.is_empty();
    if let Some(lead) = lead.filter(|_| needs_lead) {
        let ids = ctx.units.ids_in_cell(&[lead], None);
        ctx.data.indicators[at].lead = ids;
    }
    if let Some(partners) = partners.filter(|_| needs_partners) {
        let ids = ctx.units.ids_in_cell(&[partners], None);
        ctx.data.indicators[at].partners = ids;
    }
}

/// The numbers of the indicators `pick` chooses, as kehoach lists them
/// ("1, 2, 3 (3a, 3b, 3c), 12").
fn listed(indicators: &[Indicator], pick: &dyn Fn(&Indicator) -> bool) -> String {
    let mut parts = Vec::new();
    for (i, ind) in indicators.iter().enumerate() {
        let number = (i + 1).to_string();
        let children: Vec<String> = ind
            .children
            .iter()
            .enumerate()
            .filter(|(_, c)| pick(c))
            .map(|(j, _)| format!("{number}{}", crate::text::roman::to_letters(j + 1)))
            .collect();
        let parent = pick(ind);
        let all = ind.children.len();
        if parent && !children.is_empty() && children.len() < all {
            parts.push(format!("{number} ({})", children.join(", ")));
        } else if parent || (all > 0 && children.len() == all) {
            parts.push(number);
        } else {
            parts.extend(children);
        }
    }
    parts.join(", ")
}

/// The indicators a typed list names: "3" is indicator 3, "3a" its first
/// sub-indicator.
fn named(list: &str, indicators: &[Indicator]) -> Option<Vec<(usize, Option<usize>)>> {
    let mut out = Vec::new();
    for token in list
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|t| !t.is_empty())
    {
        let digits: String = token.chars().take_while(char::is_ascii_digit).collect();
        let n: usize = digits.parse().ok()?;
        let letters = &token[digits.len()..];
        if n == 0 || n > indicators.len() {
            return None;
        }
        let child = if letters.is_empty() {
            None
        } else {
            let letter = letters.chars().next()?;
            let j = (letter as usize).checked_sub('a' as usize)?;
            (j < indicators[n - 1].children.len()).then_some(j)?;
            Some(j)
        };
        out.push((n - 1, child));
    }
    Some(out)
}

fn units_block(nodes: &[Node], ctx: &mut Context<'_>) -> Option<Found> {
    let list_of = |text: &str, lead: &str| -> Option<String> {
        let rest = text.strip_prefix(lead)?;
        Some(rest.trim().trim_end_matches('.').trim().to_owned())
    };
    const LEADS: &str = "Chủ trì thực hiện các chỉ tiêu:";
    const PARTNERS: &str = "Phối hợp thực hiện các chỉ tiêu:";
    let start = nodes.iter().position(|n| {
        matches!(n.kind, Kind::Bullet { .. })
            && (n.text.starts_with(LEADS) || n.text.starts_with(PARTNERS))
    })?;
    let start = start
        .checked_sub(1)
        .filter(|&i| matches!(nodes[i].kind, Kind::Heading(Marker::Number(_))))?;
    // (unit name, leads, partners, duties, origin) per item.
    let mut items = Vec::new();
    let mut i = start;
    while i < nodes.len() && matches!(nodes[i].kind, Kind::Heading(Marker::Number(_))) {
        let head = &nodes[i];
        let (mut leads, mut partners, mut duties) = (None, None, None);
        let mut j = i + 1;
        let mut ok = true;
        while j < nodes.len() && matches!(nodes[j].kind, Kind::Bullet { nested: false, .. }) {
            let text = squash(&nodes[j].text);
            if let Some(l) = list_of(&text, LEADS)
                .filter(|_| leads.is_none() && partners.is_none() && duties.is_none())
            {
                leads = Some(l);
            } else if let Some(p) =
                list_of(&text, PARTNERS).filter(|_| partners.is_none() && duties.is_none())
            {
                partners = Some(p);
            } else if duties.is_none() {
                duties = Some(super::body::inline(
                    &nodes[j].runs,
                    &super::body::Links::default(),
                ));
            } else {
                ok = false;
            }
            j += 1;
        }
        if !ok || (leads.is_none() && partners.is_none() && duties.is_none()) {
            break;
        }
        items.push((
            head.text.trim_end_matches(':').trim().to_owned(),
            leads,
            partners,
            duties,
            head.origin,
        ));
        i = j;
    }
    let end = i;
    if items.is_empty() || ctx.data.indicators.is_empty() {
        return None;
    }
    let ids: Vec<String> = items
        .iter()
        .map(|it| ctx.units.id(&it.0, Some(it.4)))
        .collect();
    // The lists fill in what the tables did not say, then must agree.
    let mut indicators = ctx.data.indicators.clone();
    let have_leads = indicators
        .iter()
        .any(|i| !i.lead.is_empty() || i.children.iter().any(|c| !c.lead.is_empty()));
    let have_partners = indicators
        .iter()
        .any(|i| !i.partners.is_empty() || i.children.iter().any(|c| !c.partners.is_empty()));
    for (item, id) in items.iter().zip(&ids) {
        for (list, have, partner) in [(&item.1, have_leads, false), (&item.2, have_partners, true)]
        {
            let Some(list) = list else { continue };
            if have {
                continue;
            }
            let Some(named) = named(list, &indicators) else {
                ctx.report.prose(format!("mục tổ chức thực hiện giữ nguyên lời văn: danh sách \"{list}\" không khớp các chỉ tiêu"), Some(item.4));
                return None;
            };
            for (n, child) in named {
                let target = match child {
                    Some(j) => &mut indicators[n].children[j],
                    None => &mut indicators[n],
                };
                let refs = if partner {
                    &mut target.partners
                } else {
                    &mut target.lead
                };
                if !refs.contains(id) {
                    refs.push(id.clone());
                }
            }
        }
    }
    let norm = |s: &str| s.replace(' ', "");
    for (item, id) in items.iter().zip(&ids) {
        let leads = listed(&indicators, &|i: &Indicator| i.lead.contains(id));
        let partners = listed(&indicators, &|i: &Indicator| i.partners.contains(id));
        let typed_leads = item.1.clone().unwrap_or_default();
        let typed_partners = item.2.clone().unwrap_or_default();
        if norm(&leads) != norm(&typed_leads) || norm(&partners) != norm(&typed_partners) {
            ctx.report.prose(
                format!("mục tổ chức thực hiện giữ nguyên lời văn: \"{}\" ghi chủ trì \"{typed_leads}\", phối hợp \"{typed_partners}\", dữ liệu chỉ tiêu cho \"{leads}\", \"{partners}\"", item.0),
                Some(item.4),
            );
            return None;
        }
    }
    if !ctx.data.staff.is_empty() {
        let mut staff = ctx.data.staff.clone();
        let mut listed_ids = ids.clone();
        staff.sort();
        listed_ids.sort();
        if staff != listed_ids {
            ctx.report.prose("mục tổ chức thực hiện giữ nguyên lời văn: các đơn vị khác danh sách cán bộ ở phụ lục", Some(items[0].4));
            return None;
        }
    }
    ctx.data.indicators = indicators;
    for (item, id) in items.iter().zip(&ids) {
        ctx.units.set_collective(id, false);
        if let Some(duties) = &item.3 {
            ctx.units.set_duties(id, duties.clone());
        }
    }
    // Units named nowhere in the list are collective: the block lists the
    // others, and kehoach prints every unit that is not.
    for id in ctx.units.ids() {
        if !ids.contains(&id) {
            ctx.units.set_collective(&id, true);
        }
    }
    ctx.units.reorder(&ids);
    ctx.report.found(
        format!(
            "{} đơn vị với các chỉ tiêu chủ trì, phối hợp; in lại bằng khối `to-chuc-thuc-hien`",
            items.len()
        ),
        Some(items[0].4),
    );
    Some(Found {
        start,
        end,
        block: "to-chuc-thuc-hien",
    })
}

fn groups(nodes: &[Node], ctx: &mut Context<'_>) -> Option<Found> {
    let start = nodes.iter().position(|n| {
        matches!(n.kind, Kind::Para)
            && fold(&n.text).starts_with("gom ")
            && fold(&n.text).contains("chi tieu cu the")
    })?;
    let mut end = start + 1;
    let mut items: Vec<(String, Option<usize>)> = Vec::new();
    while end < nodes.len() {
        let text = squash(&nodes[end].text);
        let Some(rest) = text
            .strip_prefix('(')
            .and_then(|t| t.split_once(") "))
            .map(|(_, r)| r)
        else {
            break;
        };
        let (name, count) = rest.rsplit_once(':').unwrap_or((rest, ""));
        let count = count.split_whitespace().next().and_then(|c| c.parse().ok());
        items.push((name.trim().to_owned(), count));
        end += 1;
    }
    let data = &ctx.data;
    if items.len() != data.indicator_groups.len() {
        ctx.report.prose(
            "đoạn \"Gồm … nhóm chỉ tiêu\" giữ nguyên lời văn: số nhóm khác bảng chỉ tiêu",
            Some(nodes[start].origin),
        );
        return None;
    }
    for ((name, count), group) in items.iter().zip(&data.indicator_groups) {
        if fold(name) != fold(&format!("Nhóm {}", group.name.to_lowercase())) {
            ctx.report.prose(format!("đoạn \"Gồm … nhóm chỉ tiêu\" giữ nguyên lời văn: nhóm \"{name}\" khác \"{}\" ở bảng", group.name), Some(nodes[start].origin));
            return None;
        }
        let actual = data
            .indicators
            .iter()
            .filter(|i| i.group.as_deref() == Some(&group.id))
            .count();
        if *count != Some(actual) {
            ctx.report.warning(
                format!("đoạn \"Gồm … nhóm chỉ tiêu\" ghi {name}: {} chỉ tiêu, bảng có {actual}; kehoach in số đếm được", count.map_or("?".into(), |c| c.to_string())),
                Some(nodes[start].origin),
            );
        }
    }
    let typed: Vec<usize> = nodes[start]
        .text
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|t| t.parse().ok())
        .collect();
    let total = ctx.data.indicators.len();
    if typed.get(1).is_some_and(|t| *t != total) {
        ctx.report.warning(
            format!(
                "đoạn \"Gồm …\" ghi {} chỉ tiêu, bảng có {total}; kehoach in số đếm được",
                typed[1]
            ),
            Some(nodes[start].origin),
        );
    }
    ctx.report.found("đoạn \"Gồm … nhóm chỉ tiêu, với … chỉ tiêu cụ thể\": in lại bằng khối `nhom-chi-tieu` (số đếm từ bảng)", Some(nodes[start].origin));
    Some(Found {
        start,
        end,
        block: "nhom-chi-tieu",
    })
}

fn roadmap(nodes: &[Node], ctx: &mut Context<'_>) -> Option<Found> {
    let is_stage = |n: &Node| {
        matches!(n.kind, Kind::Heading(Marker::Number(_))) && {
            let f = fold(&n.text);
            f.starts_with("den nam ") || f.starts_with("giai doan ")
        }
    };
    let start = nodes.iter().position(is_stage)?;
    let mut years: Vec<i64> = ctx
        .data
        .indicators
        .iter()
        .flat_map(|i| {
            i.milestones
                .iter()
                .chain(i.children.iter().flat_map(|c| c.milestones.iter()))
        })
        .map(|m| m.year)
        .collect();
    years.sort_unstable();
    years.dedup();
    if years.is_empty() {
        return None;
    }
    let mut i = start;
    let mut previous: Option<i64> = None;
    for year in &years {
        let Some(head) = nodes.get(i).filter(|n| is_stage(n)) else {
            return not_roadmap(ctx, &nodes[start]);
        };
        let expected = match previous {
            None => format!("Đến năm {year}"),
            Some(p) => format!("Giai đoạn {} - {year}", p + 1),
        };
        if squash(&head.text) != expected {
            return not_roadmap(ctx, head);
        }
        let mut want: Vec<String> = Vec::new();
        for ind in &ctx.data.indicators {
            for m in ind
                .milestones
                .iter()
                .filter(|m| m.year == *year && m.value != Target::Text("-".into()))
            {
                want.push(format!("{}: {}", ind.name, print_target(&m.value)));
            }
            for child in &ind.children {
                for m in child
                    .milestones
                    .iter()
                    .filter(|m| m.year == *year && m.value != Target::Text("-".into()))
                {
                    want.push(format!("{}: {}", child.name, print_target(&m.value)));
                }
            }
        }
        i += 1;
        let mut got: Vec<String> = Vec::new();
        let intro = nodes.get(i).map(|n| squash(&n.text)).unwrap_or_default();
        if want.is_empty() {
            if intro != "Duy trì, nâng cao kết quả đã đạt được." {
                return not_roadmap(ctx, head);
            }
            i += 1;
        } else {
            if intro != "Phấn đấu đạt các chỉ tiêu:" {
                return not_roadmap(ctx, head);
            }
            i += 1;
            while let Some(n) = nodes
                .get(i)
                .filter(|n| matches!(n.kind, Kind::Bullet { .. }))
            {
                got.push(
                    squash(&n.text.replace('\u{a0}', " "))
                        .trim_end_matches([';', '.'])
                        .to_owned(),
                );
                i += 1;
            }
            if got != want {
                return not_roadmap(ctx, head);
            }
        }
        previous = Some(*year);
    }
    ctx.report.found(
        "lộ trình theo các mốc năm: in lại bằng khối `lo-trinh` (từ bảng chỉ tiêu theo mốc)",
        Some(nodes[start].origin),
    );
    Some(Found {
        start,
        end: i,
        block: "lo-trinh",
    })
}

fn not_roadmap(ctx: &mut Context<'_>, node: &Node) -> Option<Found> {
    ctx.report.prose(
        "lộ trình giữ nguyên lời văn: các mốc hoặc chỉ tiêu khác bảng chỉ tiêu theo mốc",
        Some(node.origin),
    );
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_read_as_kehoach_writes_them() {
        let three = Indicator {
            children: vec![Indicator::default(); 4],
            ..Indicator::default()
        };
        let inds = vec![Indicator::default(), Indicator::default(), three];
        assert_eq!(
            named("1, 2, 3 (3a, 3b)", &inds),
            Some(vec![
                (0, None),
                (1, None),
                (2, None),
                (2, Some(0)),
                (2, Some(1))
            ])
        );
        assert_eq!(named("3d", &inds), Some(vec![(2, Some(3))]));
        assert_eq!(named("9", &inds), None);
        let picked = |i: &Indicator| i.name == "x";
        let mut marked = inds.clone();
        marked[0].name = "x".into();
        marked[2].children[3].name = "x".into();
        assert_eq!(listed(&marked, &picked), "1, 3d");
    }

    #[test]
    fn labels_of_an_indicator_section() {
        assert_eq!(
            label("Mục đích: Đảm bảo hạ tầng"),
            Some((Label::Purpose, "Đảm bảo hạ tầng".into()))
        );
        assert_eq!(
            label(
                "Đơn vị chủ trì chủ trì theo dõi, đánh giá/tổng hợp, báo cáo: Phòng Văn hóa - Xã hội"
            ),
            Some((Label::Lead, "Phòng Văn hóa - Xã hội".into()))
        );
        assert_eq!(
            label("Chỉ tiêu giao thực hiện: xã Quảng Ngọc đạt 100%").map(|l| l.0),
            Some(Label::Target)
        );
        assert_eq!(label("Khảo sát: lập danh sách"), None);
    }
}
