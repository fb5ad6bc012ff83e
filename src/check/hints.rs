//! Warnings for slips that still make a document, but not the one the
//! clerk meant: numbering typed by hand, Markdown where none is read, links
//! to the web, a "Lưu:" line typed by hand, a generated section with
//! nothing to generate, milestone years that do not line up. Each says what
//! kehoach does instead, so the clerk can decide.

use std::collections::BTreeMap;

use pulldown_cmark::{Event, Parser, Tag};
use toml::Spanned;

use super::values::source_offset;
use crate::diagnostic::Diagnostic;
use crate::plan::{Indicator, Plan};

/// Every warning of this kind for `plan`.
pub fn warnings(plan: &Plan) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (text, key) in markdown_fields(plan) {
        hand_numbering(text, &key, &mut out);
        outside_links(text, &key, &mut out);
    }
    for (text, key) in plain_fields(plan) {
        if let Some(at) = text.get_ref().find("**") {
            out.push(
                Diagnostic::warning(
                    "dấu `**` ở khóa không đọc Markdown sẽ được in nguyên văn",
                    Some(span_at(text, at, 2)),
                )
                .with_key(key)
                .with_help("xóa `**`; chữ đậm chỉ dùng được trong mo_dau, ket_luan, noi_dung, noi_dung_sau và nhiem_vu của đơn vị"),
            );
        }
    }
    for (i, recipient) in plan.noi_nhan.iter().enumerate() {
        let name = recipient.ten.get_ref().trim_start_matches(['-', ' ']);
        if name.to_lowercase().starts_with("lưu") {
            out.push(
                Diagnostic::warning(
                    "dòng \"Lưu: VT, …\" kehoach tự in ở cuối nơi nhận; dòng gõ tay này sẽ in thành hai lần",
                    Some(recipient.ten.span()),
                )
                .with_key(format!("noi_nhan[{}].ten", i + 1))
                .with_help("xóa bảng [[noi_nhan]] này; tên viết tắt sau \"VT,\" lấy từ `van_ban.don_vi_soan_thao`"),
            );
        }
    }
    empty_generated_sections(plan, &mut out);
    milestone_years(plan, &mut out);
    out
}

/// The fields read as Markdown, with their key paths.
fn markdown_fields(plan: &Plan) -> Vec<(&Spanned<String>, String)> {
    let mut fields = Vec::new();
    for (text, key) in [(&plan.mo_dau, "mo_dau"), (&plan.ket_luan, "ket_luan")] {
        if let Some(text) = text {
            fields.push((text, key.to_owned()));
        }
    }
    for (i, section) in plan.phan.iter().enumerate() {
        for (text, name) in [
            (&section.noi_dung, "noi_dung"),
            (&section.noi_dung_sau, "noi_dung_sau"),
        ] {
            if let Some(text) = text {
                fields.push((text, format!("phan[{}].{name}", i + 1)));
            }
        }
    }
    for (i, unit) in plan.don_vi.iter().enumerate() {
        if let Some(text) = &unit.nhiem_vu {
            fields.push((text, format!("don_vi[{}].nhiem_vu", i + 1)));
        }
    }
    fields
}

/// Texts printed as they are written (no Markdown), with their key paths.
fn plain_fields(plan: &Plan) -> Vec<(&Spanned<String>, String)> {
    let mut fields = vec![(&plan.van_ban.trich_yeu, "van_ban.trich_yeu".to_owned())];
    for (i, basis) in plan.can_cu.iter().enumerate() {
        fields.push((basis, format!("can_cu[{}]", i + 1)));
    }
    for (i, section) in plan.phan.iter().enumerate() {
        fields.push((&section.tieu_de, format!("phan[{}].tieu_de", i + 1)));
    }
    for (i, indicator) in plan.chi_tieu.iter().enumerate() {
        fields.push((&indicator.ten, format!("chi_tieu[{}].ten", i + 1)));
    }
    for (i, task) in plan.nhiem_vu.iter().enumerate() {
        fields.push((&task.ten, format!("nhiem_vu[{}].ten", i + 1)));
    }
    for (i, appendix) in plan.phu_luc.iter().enumerate() {
        fields.push((&appendix.ten, format!("phu_luc[{}].ten", i + 1)));
    }
    fields
}

/// The span of `len` bytes at byte `at` of a string value, or the whole
/// value when its source cannot be mapped (escapes).
fn span_at(text: &Spanned<String>, at: usize, len: usize) -> std::ops::Range<usize> {
    source_offset(text, at).map_or_else(|| text.span(), |s| s..s + len)
}

/// A number typed at the start of a heading or a list item: "1.", "I.",
/// "a)". kehoach numbers headings itself and prints items as "- …".
fn hand_numbering(text: &Spanned<String>, key: &str, out: &mut Vec<Diagnostic>) {
    let mut offset = 0;
    for line in text.get_ref().split_inclusive('\n') {
        let line_start = offset;
        offset += line.len();
        let indent = line.len() - line.trim_start().len();
        let body = line.trim_start();
        let (kind, rest) = if body.starts_with('#') {
            let hashes = body.len() - body.trim_start_matches('#').len();
            match body[hashes..].strip_prefix(' ') {
                Some(rest) => ("tiêu đề", rest),
                None => continue,
            }
        } else if let Some(rest) = ["- ", "* ", "+ "].iter().find_map(|b| body.strip_prefix(b)) {
            ("gạch đầu dòng", rest)
        } else {
            ("dòng", body)
        };
        let rest = rest.trim_start();
        let token = rest.split_whitespace().next().unwrap_or_default();
        if !is_hand_number(token, kind == "dòng") || rest.len() == token.len() {
            continue;
        }
        let at = line_start + indent + (body.len() - rest.len());
        let help = if kind == "tiêu đề" {
            format!("xóa \"{token} \": kehoach tự đánh số tiêu đề (I., 1., a) …) theo thứ tự")
        } else {
            format!(
                "xóa \"{token} \": kehoach in mỗi ý thành một gạch đầu dòng \"- …\"; cần số thì dùng tiêu đề `# …`"
            )
        };
        out.push(
            Diagnostic::warning(
                format!("số thứ tự \"{token}\" gõ tay ở đầu {kind}"),
                Some(span_at(text, at, token.len())),
            )
            .with_key(key)
            .with_help(help),
        );
    }
}

/// "1.", "2)", "IV.", "a)"; for a plain line (a Markdown ordered list) only
/// "1." and "1)".
fn is_hand_number(token: &str, plain_line: bool) -> bool {
    let Some(core) = token.strip_suffix('.').or_else(|| token.strip_suffix(')')) else {
        return false;
    };
    if core.is_empty() {
        return false;
    }
    let digits = core.chars().all(|c| c.is_ascii_digit()) && core.len() <= 3;
    if plain_line {
        return digits;
    }
    let roman = core.chars().all(|c| "IVXLC".contains(c));
    let letter =
        token.ends_with(')') && core.chars().count() == 1 && core.chars().all(char::is_lowercase);
    digits || roman || letter
}

/// `[chữ](https://…)`: the paper has no links, so only the words are printed.
fn outside_links(text: &Spanned<String>, key: &str, out: &mut Vec<Diagnostic>) {
    for event in Parser::new(text.get_ref()) {
        if let Event::Start(Tag::Link { dest_url, .. }) = event
            && !dest_url.starts_with('#')
        {
            let needle = format!("]({dest_url}");
            let span = match text.get_ref().find(&needle) {
                Some(at) => span_at(text, at + 2, dest_url.len()),
                None => text.span(),
            };
            out.push(
                Diagnostic::warning(
                    format!("liên kết ra ngoài \"{dest_url}\" không được in; chỉ in chữ trong ngoặc vuông"),
                    Some(span),
                )
                .with_key(key)
                .with_help("văn bản giấy không có liên kết: nếu cần in địa chỉ, viết nó thành chữ, không đặt trong `[…](…)`"),
            );
        }
    }
}

/// `chen = "…"` with nothing to put there prints a heading with nothing under it.
fn empty_generated_sections(plan: &Plan, out: &mut Vec<Diagnostic>) {
    for (i, section) in plan.phan.iter().enumerate() {
        let Some(block) = &section.chen else { continue };
        if section.noi_dung.is_some() || section.noi_dung_sau.is_some() {
            continue;
        }
        let (empty, what) = match block.get_ref().as_str() {
            "to-chuc-thuc-hien" => (
                plan.chi_tieu.is_empty() && plan.don_vi.iter().all(|u| u.nhiem_vu.is_none()),
                "chỉ tiêu có `chu_tri` hay đơn vị có `nhiem_vu`",
            ),
            "cach-thuc-chi-tieu" => (plan.chi_tieu.is_empty(), "[[chi_tieu]]"),
            "lo-trinh" => (
                plan.chi_tieu.iter().all(|c| c.moc.is_empty()),
                "chỉ tiêu có `moc`",
            ),
            "nhom-chi-tieu" => (plan.nhom_chi_tieu.is_empty(), "[[nhom_chi_tieu]]"),
            _ => (false, ""),
        };
        if empty {
            out.push(
                Diagnostic::warning(
                    format!("khối tự động \"{}\" không có gì để in: kế hoạch chưa có {what}; phần này sẽ chỉ có tiêu đề", block.get_ref()),
                    Some(block.span()),
                )
                .with_key(format!("phan[{}].chen", i + 1))
                .with_help("bỏ `chen` và viết nội dung vào `noi_dung`, hoặc thêm dữ liệu cho khối này"),
            );
        }
    }
}

/// The milestone table has one column per year any indicator uses: a year
/// typed wrongly adds a column of "-", a year left out prints "-" (which
/// also means "not applicable").
fn milestone_years(plan: &Plan, out: &mut Vec<Diagnostic>) {
    let mut with_moc: Vec<(&Indicator, String)> = Vec::new();
    for (i, indicator) in plan.chi_tieu.iter().enumerate() {
        let key = format!("chi_tieu[{}]", i + 1);
        for (j, child) in indicator.con.iter().enumerate() {
            if !child.moc.is_empty() {
                with_moc.push((child, format!("{key}.con[{}]", j + 1)));
            }
        }
        if !indicator.moc.is_empty() {
            with_moc.push((indicator, key));
        }
    }
    // Which years are meant is read from the majority: with fewer than
    // three indicators there is none, and nothing is said.
    let n = with_moc.len();
    if n < 3 {
        return;
    }
    let mut uses: BTreeMap<i64, usize> = BTreeMap::new();
    for (indicator, _) in &with_moc {
        for m in &indicator.moc {
            *uses.entry(*m.nam.get_ref()).or_default() += 1;
        }
    }
    for (indicator, key) in &with_moc {
        let own: Vec<i64> = indicator.moc.iter().map(|m| *m.nam.get_ref()).collect();
        let missing: Vec<i64> = uses
            .iter()
            .filter(|(year, count)| **count * 2 > n && !own.contains(year))
            .map(|(year, _)| *year)
            .collect();
        let mut said = false;
        for (j, m) in indicator.moc.iter().enumerate() {
            let year = *m.nam.get_ref();
            // A year out of range is already an error of its own (and the
            // year it stands for is missing because of it).
            if !crate::limits::LIMITS.years.contains(&year) {
                said = true;
                continue;
            }
            if uses[&year] * 2 >= n {
                continue;
            }
            said = true;
            let help = match missing.first() {
                Some(other) => format!("có phải ý bạn là {other}? các chỉ tiêu khác có mốc {other}, chỉ tiêu này thì không"),
                None => "sửa năm cho khớp với mốc của các chỉ tiêu khác, hoặc giữ nếu đúng là một mốc riêng".to_owned(),
            };
            out.push(
                Diagnostic::warning(
                    format!("năm mốc {year} hầu như không chỉ tiêu nào khác có: bảng mốc sẽ thêm một cột gần như toàn \"-\""),
                    Some(m.nam.span()),
                )
                .with_key(format!("{key}.moc[{}].nam", j + 1))
                .with_help(help),
            );
        }
        if !said && !missing.is_empty() {
            let years: Vec<String> = missing.iter().map(ToString::to_string).collect();
            out.push(
                Diagnostic::warning(
                    format!("chỉ tiêu thiếu mốc năm {}: bảng sẽ in \"-\", giống như \"không áp dụng\"", years.join(", ")),
                    Some(indicator.moc[0].nam.span()),
                )
                .with_key(format!("{key}.moc"))
                .with_help(format!("thêm `{{ nam = {}, gia_tri = … }}`; nếu chỉ tiêu không áp dụng năm đó, viết `gia_tri = {{ chu = \"-\" }}`", missing[0])),
            );
        }
    }
}
