//! Recognising: the block model into the plan's structure. It finds the
//! furniture (header block, title, trích yếu, Nơi nhận, signature), the
//! legal bases and the opening, the parts and their items by their typed
//! numbering, the appendices and their tables, and the prose kehoach
//! derives; units get ids, values become data, and the plan's kind is
//! chosen from what it holds. Every guess goes into the report with the
//! line or paragraph it came from.

mod appendix;
mod back;
mod body;
mod derived;
mod flow;
mod front;
mod grid;
mod loose;
mod units;
mod values;
mod words;

use std::collections::HashMap;

use crate::import::blocks::{Source, Table};
use crate::import::draft::{Draft, Indicator, Section, Task};
use crate::import::report::Report;
use crate::plan::schema::AppendixKind;

use appendix::Region;
use body::{Kind, Links, Node};
use flow::{Line, Piece};
use words::{fold, is_upper, short_slug, squash};

/// The plan kinds the recogniser chooses from (template folders).
pub const KINDS: [&str; 5] = ["chi-tieu", "phat-trien", "hanh-dong", "thi-dua", "co-ban"];

/// Recognises `source` as a plan of kind `kind` when given.
pub fn recognise(source: &Source, kind: Option<&str>) -> (Draft, Report) {
    let mut report = Report::default();
    let mut draft = Draft::default();
    let pieces = flow::pieces(source);
    let line = |i: usize| pieces.get(i).and_then(Piece::line);

    // Where the parts of the document stand.
    let title_at = (0..pieces.len()).find(|&i| line(i).is_some_and(is_title));
    let header_lines: Vec<&Line> = (0..title_at.unwrap_or(0)).filter_map(line).collect();
    let mut body_start = title_at.map_or(0, |t| t + 1);
    let mut excerpt = String::new();
    if let Some(t) = title_at {
        let title = squash(&line(t).map(|l| l.text.clone()).unwrap_or_default());
        if title != "KẾ HOẠCH" {
            draft.header.type_name = Some(title.clone());
        }
        report.found(
            format!("tên loại văn bản: {title}"),
            line(t).map(|l| l.origin),
        );
        if let Some(next) = line(t + 1)
            && !words::is_basis(&next.text)
            && words::marker(&next.text).is_none_or(|m| !m.0.is_heading())
        {
            excerpt = next.text.trim_end_matches('.').to_owned();
            report.found(format!("trích yếu: {excerpt}"), Some(next.origin));
            body_start = t + 2;
        }
    } else {
        report.guess(
            "không thấy dòng tên loại \"KẾ HOẠCH\"; coi cả văn bản là thân kế hoạch",
            None,
        );
    }
    while line(body_start).is_some_and(|l| {
        l.text
            .chars()
            .all(|c| matches!(c, '_' | '-' | '*' | ' ' | '—'))
    }) {
        body_start += 1;
    }
    let recipients_at = (body_start..pieces.len())
        .find(|&i| line(i).is_some_and(|l| fold(&l.text).starts_with("noi nhan")));
    let appendix_at = (recipients_at.unwrap_or(body_start)..pieces.len())
        .find(|&i| line(i).is_some_and(appendix::is_heading));
    let body_end = recipients_at.or(appendix_at).unwrap_or(pieces.len());
    let back_end = appendix_at.unwrap_or(pieces.len());

    // Header block, back matter, appendices: the data first.
    let block = front::header_block(&header_lines, &mut report);
    front::fill_header(&mut draft.header, &block, &mut report);
    let back_lines: Vec<&Line> = (body_end..back_end).filter_map(line).collect();
    let back = back::back(&back_lines, &mut report);
    let mut units = units::Units::default();
    let regions = regions(&pieces, appendix_at);
    let mut data = appendix::appendices(&regions, &mut units, &mut report);

    // The body.
    let mut body_lines: Vec<Line> = Vec::new();
    for piece in &pieces[body_start..body_end] {
        match piece {
            Piece::Line(l) => body_lines.push(l.clone()),
            Piece::Table(t) => {
                report.prose(
                    "bảng trong thân kế hoạch: giữ mỗi dòng thành một đoạn văn",
                    Some(t.origin),
                );
                body_lines.extend(table_lines(t));
            }
        }
    }
    let body_refs: Vec<&Line> = body_lines.iter().collect();
    let weights = source.format == crate::import::blocks::Format::Docx;
    let (before, mut parts) = body::parts(&body_refs, weights);
    let mut opening: Vec<Node> = Vec::new();
    for node in before {
        if opening.is_empty() && words::is_basis(&node.text) {
            draft.bases.push(front::basis(&node.text));
        } else {
            opening.push(node);
        }
    }
    // The closing: "Trên đây là …" or the last paragraph ending "./.".
    let closing_node = match parts.last_mut() {
        Some(part) => take_closing(&mut part.nodes),
        None => take_closing(&mut opening),
    };
    if let Some(node) = closing_node {
        let text = node
            .text
            .trim_end_matches("./.")
            .trim_end_matches('.')
            .trim()
            .to_owned();
        report.found("câu kết (\"./.\" do chương trình thêm)", Some(node.origin));
        draft.closing = Some(text);
    }
    // A part of legal bases ("I. CĂN CỨ LẬP KẾ HOẠCH") is the bases.
    parts.retain(|part| {
        if !body::is_bases_part(&part.title) {
            return true;
        }
        for node in &part.nodes {
            let text = front::basis(&node.text);
            draft.bases.push(if words::is_basis(&text) { text } else { format!("Căn cứ {text}") });
        }
        report.guess(
            format!("mục \"{}\" thành các căn cứ (thêm chữ \"Căn cứ\" đầu mỗi dòng; các mục sau được đánh số lại)", part.title),
            Some(part.origin),
        );
        false
    });
    if !draft.bases.is_empty() {
        report.found(format!("{} căn cứ", draft.bases.len()), None);
    }
    if let Some(last) = opening.last_mut()
        && last.text.ends_with(':')
    {
        last.text = last.text.trim_end_matches(':').to_owned();
        if let Some(run) = last
            .runs
            .iter_mut()
            .rev()
            .find(|r| !r.text.trim().is_empty())
        {
            run.text = run.text.trim_end().trim_end_matches(':').to_owned();
        }
    }

    // The commune and the year, before the kind and the blocks need them.
    let commune = front::commune_of_issuer(&block.issuer)
        .or_else(|| block.place.clone())
        .or_else(|| {
            let texts = std::iter::once(excerpt.as_str())
                .chain(body_lines.iter().map(|l| l.text.as_str()))
                .chain(draft.closing.iter().map(String::as_str));
            front::commune_in_text(texts)
        });
    match &commune {
        Some(c) => report.found(format!("xã: {c}"), block.origin),
        None => report.guess("không thấy tên xã; điền ở van_ban.xa", None),
    }
    let commune = commune.unwrap_or_else(|| "(điền tên xã)".into());
    draft.header.commune = commune.clone();
    if let Some(place) = &block.place
        && *place != commune
    {
        draft.header.place = Some(place.clone());
    }
    draft.header.issuer = issuer(&block.issuer, &commune);
    draft.header.year = block.year.or_else(|| year_in(&excerpt)).or_else(|| {
        let texts: Vec<&str> = pieces
            .iter()
            .filter_map(Piece::line)
            .map(|l| l.text.as_str())
            .collect();
        most_common_year(&texts)
    });
    if block.year.is_none() {
        match draft.header.year {
            Some(y) => report.guess(
                format!(
                    "không thấy dòng ngày tháng; năm của kế hoạch lấy {y} từ trích yếu hoặc lời văn"
                ),
                None,
            ),
            None => report.guess("không thấy năm của kế hoạch; điền ở van_ban.nam", None),
        }
    }
    draft.header.province = province(
        pieces
            .iter()
            .filter_map(Piece::line)
            .map(|l| l.text.as_str()),
    );

    // The kind.
    let has_heads = parts.iter().any(|p| {
        p.nodes
            .iter()
            .any(|n| matches!(n.kind, Kind::IndicatorHead(_)))
    });
    let chosen = match kind {
        Some(k) => {
            report.found(format!("loại kế hoạch: {k} (theo --loai)"), None);
            k.to_owned()
        }
        None => {
            let (k, why) = choose_kind(&data, &excerpt, has_heads);
            report.guess(
                format!("loại kế hoạch: {k} ({why}); đổi bằng --loai hoặc van_ban.loai"),
                None,
            );
            k.to_owned()
        }
    };
    draft.header.kind = chosen.clone();

    // Parts, with their derived blocks.
    let links = Links {
        ids: data.appendices.iter().map(|a| a.id.clone()).collect(),
        typed: data.numbers.clone(),
    };
    let mut numbered_parts = 0;
    let mut parts_with_sub = 0;
    for part in &parts {
        let mut ctx = derived::Context {
            kind: &chosen,
            data: &mut data,
            units: &mut units,
            report: &mut report,
            commune: &commune,
        };
        register_unit_headings(part, &mut ctx);
        let found = derived::find(&part.nodes, &mut ctx);
        let (body_nodes, block, after) = match &found {
            Some(f) => (
                &part.nodes[..f.start],
                Some(f.block.to_owned()),
                &part.nodes[f.end..],
            ),
            None => (&part.nodes[..], None, &part.nodes[0..0]),
        };
        let dotted = part
            .nodes
            .iter()
            .any(|n| matches!(&n.kind, Kind::Heading(words::Marker::Dotted(p)) if p.len() == 2));
        let has_sub = part
            .nodes
            .iter()
            .any(|n| matches!(&n.kind, Kind::Heading(m) if body::level(m, dotted) == 2));
        parts_with_sub += usize::from(has_sub);
        numbered_parts += usize::from(dotted);
        let md =
            |nodes: &[Node]| Some(body::markdown(nodes, &links)).filter(|m| !m.trim().is_empty());
        draft.sections.push(Section {
            title: part.title.clone(),
            division: part.division.clone(),
            numbered_sub_items: dotted,
            body: md(body_nodes),
            block,
            after: md(after),
        });
    }
    if parts_with_sub > 0 && numbered_parts == parts_with_sub {
        draft.header.numbered_sub_items = true;
        for s in &mut draft.sections {
            s.numbered_sub_items = false;
        }
    }
    report.found(section_tree(&draft.sections, &parts), None);
    if !parts.is_empty() && parts.iter().all(|p| p.lettered) {
        draft.header.section_labels = Some("chu".into());
        report.found(
            "các phần đánh số A, B, C …",
            parts.first().map(|p| p.origin),
        );
    }
    if parts.iter().any(|p| !is_upper(&p.title)) {
        draft.header.sentence_case_titles = true;
        report.found(
            "tiêu đề các phần in như đã gõ (không in hoa)",
            parts.iter().find(|p| !is_upper(&p.title)).map(|p| p.origin),
        );
    }
    for part in &parts {
        if part.division.as_deref() == Some(body::UNTITLED_DIVISION) {
            report.guess(
                "dòng \"Phần thứ …\" không có tiêu đề ở dòng dưới; điền ở phan_thu",
                Some(part.origin),
            );
        }
    }
    let divisions = parts.iter().filter(|p| p.division.is_some()).count();
    if divisions > 0 {
        report.found(
            format!("{divisions} \"Phần thứ …\" (các phần đánh số lại trong mỗi \"Phần thứ …\")"),
            parts
                .iter()
                .find(|p| p.division.is_some())
                .map(|p| p.origin),
        );
    }
    if !opening.is_empty() {
        draft.opening = Some(body::markdown(&opening, &links).trim_end().to_owned());
        report.found(
            "câu mở đầu (dấu \":\" do chương trình thêm)",
            opening.first().map(|n| n.origin),
        );
    }

    // Units: the drafter, the staff form, final ids.
    if let Some((abbreviation, origin)) = &back.drafter {
        let id = match units.by_abbreviation(abbreviation) {
            Some((id, true)) => id,
            Some((id, false)) => {
                report.warning(
                    format!("dòng \"Lưu: VT, {abbreviation}\" viết tắt sai tên đơn vị \"{}\"; kehoach in chữ viết tắt đúng", units.name(&id).unwrap_or_default()),
                    Some(*origin),
                );
                id
            }
            None => {
                report.guess(format!("đơn vị soạn thảo \"{abbreviation}\" (dòng Lưu) không khớp đơn vị nào; thêm thành một đơn vị"), Some(*origin));
                let id = units.id(abbreviation, Some(*origin));
                units.by_abbreviation(abbreviation);
                id
            }
        };
        draft.header.drafter = Some(id);
    }
    for id in &data.staff {
        units.set_collective(id, false);
    }
    let (final_units, ids) = units.finish(&mut report);
    let map = |list: &mut Vec<String>| {
        for id in list.iter_mut() {
            if let Some(new) = ids.get(id) {
                *id = new.clone();
            }
        }
    };
    for ind in &mut data.indicators {
        map(&mut ind.lead);
        map(&mut ind.partners);
        for child in &mut ind.children {
            map(&mut child.lead);
            map(&mut child.partners);
        }
    }
    for task in &mut data.tasks {
        map(&mut task.lead);
        map(&mut task.partners);
        for child in &mut task.children {
            map(&mut child.lead);
            map(&mut child.partners);
        }
    }
    if let Some(d) = &mut draft.header.drafter
        && let Some(new) = ids.get(d)
    {
        *d = new.clone();
    }
    draft.units = final_units;
    for unit in &mut draft.units {
        if let Some(duties) = &unit.duties {
            let _ = duties;
        }
    }

    // The rest of the header, the signer and recipients.
    if excerpt.is_empty() {
        report.guess("không thấy trích yếu; điền ở van_ban.trich_yeu", None);
        excerpt = "(điền trích yếu)".into();
    }
    draft.header.excerpt = excerpt;
    draft.header.issued_with = data.issued_with;
    draft.signer = back.signer;
    draft.recipients = back.recipients;
    if !draft.recipients.is_empty() {
        report.found(
            format!(
                "{} nơi nhận (dòng \"Lưu: VT, …\" do chương trình thêm)",
                draft.recipients.len()
            ),
            None,
        );
    }

    // An adjustment table's reasons go to the indicators it names.
    for (name, reason) in &data.adjustment_reasons {
        for ind in data.indicators.iter_mut() {
            if squash(&ind.name) == squash(name) {
                ind.adjustment_reason = Some(reason.clone());
            }
            for child in &mut ind.children {
                if squash(&child.name) == squash(name) {
                    child.adjustment_reason = Some(reason.clone());
                }
            }
        }
    }

    // Indicators and tasks: ids, counts.
    let mut used = HashMap::new();
    for ind in &mut data.indicators {
        name_indicator(ind, &mut used);
    }
    let mut used_tasks = HashMap::new();
    for task in &mut data.tasks {
        name_task(task, &mut used_tasks);
    }
    let children: usize = data.indicators.iter().map(|i| i.children.len()).sum();
    if !data.indicators.is_empty() {
        let with_target = data
            .indicators
            .iter()
            .flat_map(|i| std::iter::once(i).chain(i.children.iter()))
            .filter(|i| i.target.is_some() || !i.milestones.is_empty())
            .count();
        report.found(
            format!(
                "{} chỉ tiêu ({children} chỉ tiêu con), {with_target} có chỉ tiêu giao là giá trị",
                data.indicators.len()
            ),
            None,
        );
    }
    if !data.tasks.is_empty() {
        let sub: usize = data.tasks.iter().map(|t| t.children.len()).sum();
        report.found(
            format!("{} nhiệm vụ ({sub} nhiệm vụ con)", data.tasks.len()),
            None,
        );
    }
    if !draft.units.is_empty() {
        report.found(format!("{} đơn vị", draft.units.len()), None);
    }
    draft.indicators = data.indicators;
    draft.indicator_groups = data.indicator_groups;
    draft.tasks = data.tasks;
    draft.task_groups = data.task_groups;
    draft.appendices = data.appendices;
    draft.leftovers = data.leftovers;
    let unplaced: Vec<String> = block
        .unplaced
        .iter()
        .chain(&back.unplaced)
        .cloned()
        .collect();
    if !unplaced.is_empty() {
        draft
            .leftovers
            .push("Dòng của bản gốc không thuộc khóa nào:".into());
        draft.leftovers.extend(unplaced);
    }
    (draft, report)
}

/// "KẾ HOẠCH", "KẾ HOẠCH HÀNH ĐỘNG": the document type line.
fn is_title(line: &Line) -> bool {
    let text = squash(&line.text);
    fold(&text).starts_with("ke hoach") && is_upper(&text) && text.chars().count() <= 40
}

/// The appendix regions from `start` on.
fn regions(pieces: &[Piece], start: Option<usize>) -> Vec<Region<'_>> {
    let Some(start) = start else {
        return Vec::new();
    };
    let mut out: Vec<Region<'_>> = Vec::new();
    for piece in &pieces[start..] {
        match piece {
            Piece::Line(l) if appendix::is_heading(l) => out.push(Region {
                heading: l,
                lines: Vec::new(),
                tables: Vec::new(),
                after: Vec::new(),
            }),
            Piece::Line(l) => {
                let region = out.last_mut().expect("starts at a heading");
                if region.tables.is_empty() {
                    region.lines.push(l);
                } else {
                    region.after.push(l);
                }
            }
            Piece::Table(t) => {
                let region = out.last_mut().expect("starts at a heading");
                // Lines between two pieces of one cut table are its own.
                region.after.clear();
                region.tables.push(t);
            }
        }
    }
    out
}

/// A table in the body as lines, its cells joined.
fn table_lines(table: &Table) -> Vec<Line> {
    table
        .rows
        .iter()
        .filter_map(|row| {
            let text = row
                .cells
                .iter()
                .map(|c| c.text())
                .filter(|t| !t.is_empty())
                .collect::<Vec<_>>()
                .join("; ");
            (!text.is_empty()).then(|| Line {
                runs: vec![crate::import::blocks::Run::plain(text.clone())],
                text,
                origin: table.origin,
                indented: false,
                centered: false,
            })
        })
        .collect()
}

/// The closing paragraph, taken off the end of `nodes`. A closing cut in
/// two (Word breaks it where the PDF breaks the page, so that its last
/// lines stand with the signature) is joined back: a paragraph that stops
/// mid-sentence right before the tail ending "./." is its head.
fn take_closing(nodes: &mut Vec<Node>) -> Option<Node> {
    let last = nodes.last()?;
    let text = last.text.trim();
    let closing = matches!(last.kind, Kind::Para)
        && (fold(text).starts_with("tren day la") || text.ends_with("./."));
    if !closing {
        return None;
    }
    let mut tail = nodes.pop()?;
    if let Some(head) = nodes.last()
        && matches!(head.kind, Kind::Para)
        && cut_mid_sentence(&head.text, &tail.text)
    {
        let mut head = nodes.pop()?;
        head.text = format!("{} {}", head.text.trim_end(), tail.text.trim_start());
        if let Some(run) = head.runs.last_mut()
            && !run.text.ends_with(' ')
        {
            run.text.push(' ');
        }
        head.runs.append(&mut tail.runs);
        return Some(head);
    }
    Some(tail)
}

/// Whether `head` stops inside a sentence that `tail` goes on with: no
/// mark that ends a sentence, a tail that is no closing of its own
/// ("Trên đây là …"), and either a comma or a dash before the cut, a
/// lowercase word after it, or a head as long as a paragraph (a short
/// line without a stop is a heading typed without its number).
fn cut_mid_sentence(head: &str, tail: &str) -> bool {
    let end = head.trim_end();
    let tail = tail.trim_start();
    if end.is_empty()
        || end.ends_with(['.', ':', ';', '!', '?', ')', '"', '”'])
        || fold(tail).starts_with("tren day la")
    {
        return false;
    }
    end.ends_with([',', '-', '–', '(', '/'])
        || words::starts_lowercase(tail)
        || end.split_whitespace().count() >= 12
}

/// `co_quan` when the issuer lines are not the default
/// "ỦY BAN NHÂN DÂN" / "XÃ …".
fn issuer(lines: &[String], commune: &str) -> Option<Vec<String>> {
    let default = [
        "ỦY BAN NHÂN DÂN".to_owned(),
        format!("XÃ {}", commune.to_uppercase()),
    ];
    (!lines.is_empty() && lines != default).then(|| lines.to_vec())
}

/// "năm 2025" or "giai đoạn 2026 - 2030" in the excerpt.
fn year_in(text: &str) -> Option<i64> {
    for lead in ["năm ", "giai đoạn "] {
        if let Some(at) = text.find(lead) {
            let digits: String = text[at + lead.len()..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            if let Ok(y) = digits.parse::<i64>()
                && (2000..2100).contains(&y)
            {
                return Some(y);
            }
        }
    }
    None
}

fn most_common_year(texts: &[&str]) -> Option<i64> {
    let mut counts: HashMap<i64, usize> = HashMap::new();
    for text in texts {
        for token in text.split(|c: char| !c.is_ascii_digit()) {
            if token.len() == 4
                && let Ok(y) = token.parse::<i64>()
                && (2000..2100).contains(&y)
            {
                *counts.entry(y).or_default() += 1;
            }
        }
    }
    counts
        .into_iter()
        .max_by_key(|(y, n)| (*n, -*y))
        .map(|(y, _)| y)
}

/// The province most often named "tỉnh …".
fn province<'a>(texts: impl Iterator<Item = &'a str>) -> Option<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for text in texts {
        let mut rest = text;
        while let Some(at) = rest.find("tỉnh ") {
            let after = &rest[at + "tỉnh ".len()..];
            let name: Vec<&str> = after
                .split_whitespace()
                .take(2)
                .take_while(|w| w.chars().next().is_some_and(char::is_uppercase))
                .map(|w| w.trim_end_matches([',', '.', ';', ')', ':']))
                .collect();
            if name.len() == 2 {
                let name = name.join(" ");
                match counts.iter_mut().find(|(n, _)| *n == name) {
                    Some(c) => c.1 += 1,
                    None => counts.push((name, 1)),
                }
            }
            rest = after;
        }
    }
    counts.into_iter().max_by_key(|(_, n)| *n).map(|(n, _)| n)
}

fn choose_kind(
    data: &appendix::Data,
    excerpt: &str,
    has_heads: bool,
) -> (&'static str, &'static str) {
    let milestones = data.indicators.iter().any(|i| !i.milestones.is_empty());
    let budget = data
        .appendices
        .iter()
        .any(|a| a.kind == AppendixKind::Budget);
    if milestones {
        return ("hanh-dong", "có chỉ tiêu theo các mốc năm");
    }
    if budget || !data.indicator_groups.is_empty() {
        return ("phat-trien", "có nhóm chỉ tiêu hoặc bảng kinh phí");
    }
    if fold(excerpt).contains("thi dua") {
        return ("thi-dua", "trích yếu nói về phong trào thi đua");
    }
    if has_heads || !data.indicators.is_empty() {
        return ("chi-tieu", "có các chỉ tiêu");
    }
    ("co-ban", "chỉ có lời văn")
}

/// Headings of a "Tổ chức thực hiện" part that name a unit register it,
/// so the units of the prose's assignments are units of the plan.
fn register_unit_headings(part: &body::Part, ctx: &mut derived::Context<'_>) {
    if !fold(&part.title).contains("to chuc thuc hien") {
        return;
    }
    for node in &part.nodes {
        if let Kind::Heading(words::Marker::Number(_)) = node.kind {
            let name = node.text.trim_end_matches(':').trim();
            let f = fold(name);
            let unit_like = units::TYPE_WORDS.iter().any(|t| name.starts_with(t))
                || f.starts_with("cac ")
                || f.starts_with("de nghi ");
            if unit_like && name.split_whitespace().count() <= 14 {
                let name = name.strip_prefix("Đề nghị ").unwrap_or(name);
                ctx.units.id(name, Some(node.origin));
            }
        }
    }
}

fn section_tree(sections: &[Section], parts: &[body::Part]) -> String {
    // Parts count afresh in each "Phần thứ …".
    let mut n = 0;
    let mut divisions = 0;
    let items: Vec<String> = sections
        .iter()
        .zip(parts)
        .map(|(s, p)| {
            let items = p
                .nodes
                .iter()
                .filter(|n| matches!(n.kind, Kind::Heading(words::Marker::Number(_))))
                .count();
            let mut division = String::new();
            if s.division.is_some() {
                n = 0;
                divisions += 1;
                division = format!("Phần {}: ", crate::text::words::ordinal(divisions));
            }
            n += 1;
            let label = if p.lettered {
                char::from(b'A' + u8::try_from(n - 1).unwrap_or(25).min(25)).to_string()
            } else {
                crate::text::roman::to_roman(n)
            };
            format!(
                "{division}{label}. {} ({items} mục{})",
                s.title,
                s.block
                    .as_deref()
                    .map(|b| format!(", khối {b}"))
                    .unwrap_or_default()
            )
        })
        .collect();
    format!("{} phần: {}", sections.len(), items.join("; "))
}

fn unique(base: String, used: &mut HashMap<String, usize>) -> String {
    let base = if base.is_empty() {
        "muc".to_owned()
    } else {
        base
    };
    let n = used.entry(base.clone()).or_insert(0);
    *n += 1;
    if *n == 1 { base } else { format!("{base}-{n}") }
}

fn name_indicator(ind: &mut Indicator, used: &mut HashMap<String, usize>) {
    ind.id = unique(short_slug(&ind.name, 5), used);
    for child in &mut ind.children {
        name_indicator(child, used);
    }
}

fn name_task(task: &mut Task, used: &mut HashMap<String, usize>) {
    task.id = unique(short_slug(&task.name, 5), used);
    for child in &mut task.children {
        name_task(child, used);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::blocks::{Origin, Run};

    fn para(text: &str) -> Node {
        Node {
            kind: Kind::Para,
            runs: vec![Run::plain(text)],
            text: text.to_owned(),
            origin: Origin::Block(1),
        }
    }

    #[test]
    fn a_closing_cut_before_the_signature_is_joined_back() {
        let mut nodes = vec![
            para("Các đơn vị báo cáo UBND xã trước ngày 25 hằng tháng."),
            para("Trên đây là Kế hoạch của UBND xã. Nếu có khó khăn,"),
            para("vướng mắc, kịp thời báo cáo UBND xã./."),
        ];
        let closing = take_closing(&mut nodes).unwrap();
        assert_eq!(
            closing.text,
            "Trên đây là Kế hoạch của UBND xã. Nếu có khó khăn, vướng mắc, kịp thời báo cáo UBND xã./."
        );
        assert_eq!(
            crate::import::blocks::runs_text(&closing.runs),
            closing.text
        );
        assert_eq!(nodes.len(), 1);
        // A paragraph that ends its sentence stays apart.
        let mut whole = vec![
            para("Các đơn vị báo cáo UBND xã trước ngày 25 hằng tháng."),
            para("Trên đây là Kế hoạch của UBND xã./."),
        ];
        assert_eq!(
            take_closing(&mut whole).unwrap().text,
            "Trên đây là Kế hoạch của UBND xã./."
        );
        assert_eq!(whole.len(), 1);
        // Cut before a capital after a dangling word.
        assert!(cut_mid_sentence(
            "Trên đây là Kế hoạch của UBND xã Yên Thọ; nếu có vướng mắc, kịp thời báo cáo",
            "UBND xã./."
        ));
        assert!(!cut_mid_sentence(
            "Tổ chức thực hiện",
            "Các đơn vị báo cáo./."
        ));
        assert!(!cut_mid_sentence(
            "Các đơn vị báo cáo kết quả thực hiện về UBND xã trước ngày 25 hằng tháng",
            "Trên đây là Kế hoạch./."
        ));
    }

    #[test]
    fn a_plan_in_parts_from_text() {
        let source = crate::import::read::text::read(
            "ỦY BAN NHÂN DÂN\n\nXÃ YÊN THỌ\n\nKẾ HOẠCH\n\nSản xuất nông nghiệp năm 2023\n\n\
             Ủy ban nhân dân xã Yên Thọ xây dựng kế hoạch như sau:\n\n\
             PHẦN THỨ NHẤT\n\nKẾT QUẢ SẢN XUẤT NĂM 2022\n\n\
             A. Những kết quả đạt được\n\n* Cây lúa:\n\n+ Về diện tích: 412 ha.\n\n\
             B. Tồn tại, hạn chế\n\nMột số diện tích bị ngập úng.\n\n\
             Phần thứ hai: KẾ HOẠCH SẢN XUẤT NĂM 2023\n\nA. Mục tiêu\n\nTổng diện tích 560 ha.\n\n\
             Trên đây là Kế hoạch sản xuất năm 2023 của UBND xã Yên Thọ./.\n\n\
             Nơi nhận:\n\n- Phòng Nông nghiệp huyện;\n\n- Thường trực Đảng ủy xã;\n\n(để b/c)\n\n\
             - Thường trực HĐND xã;\n\n- Lưu: VT, NN.\n\nKT. CHỦ TỊCH\n\nPHÓ CHỦ TỊCH\n\nLê Văn Hùng",
        );
        let (draft, _) = recognise(&source, None);
        let sections: Vec<(Option<&str>, &str)> = draft
            .sections
            .iter()
            .map(|s| (s.division.as_deref(), s.title.as_str()))
            .collect();
        assert_eq!(
            sections,
            [
                (Some("KẾT QUẢ SẢN XUẤT NĂM 2022"), "Những kết quả đạt được"),
                (None, "Tồn tại, hạn chế"),
                (Some("KẾ HOẠCH SẢN XUẤT NĂM 2023"), "Mục tiêu"),
            ]
        );
        assert_eq!(draft.header.section_labels.as_deref(), Some("chu"));
        assert!(draft.header.sentence_case_titles);
        assert_eq!(
            draft.sections[0].body.as_deref(),
            Some("* Cây lúa:\n  + Về diện tích: 412 ha.\n")
        );
        let recipients: Vec<(&str, Option<&str>, bool)> = draft
            .recipients
            .iter()
            .map(|r| (r.name.as_str(), r.note.as_deref(), r.joined))
            .collect();
        assert_eq!(
            recipients,
            [
                ("Phòng Nông nghiệp huyện", Some("để b/c"), false),
                ("Thường trực Đảng ủy xã", None, true),
                ("Thường trực HĐND xã", None, true),
            ]
        );
    }

    #[test]
    fn titles_in_capitals_keep_the_default() {
        let source = crate::import::read::text::read(
            "KẾ HOẠCH\n\nChuyển đổi số năm 2026\n\nI. MỤC ĐÍCH\n\nNội dung.\n\nII. NHIỆM VỤ\n\nNội dung.",
        );
        let (draft, _) = recognise(&source, None);
        assert_eq!(draft.sections.len(), 2);
        assert_eq!(draft.header.section_labels, None);
        assert!(!draft.header.sentence_case_titles);
    }
}
