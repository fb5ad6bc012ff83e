//! Values a starter plan (`kehoach new`) leaves for the clerk to fill.
//!
//! The starter marks them visibly, so a draft rendered before they are
//! filled still reads, and shows where the gaps are:
//! - a value that is only `"…"` (or `"..."`), e.g. `chi_tieu_giao = { chu = "…" }`;
//! - a note in brackets starting with "điền", anywhere in a text, e.g.
//!   `ho_ten = "(điền họ tên người ký)"` or `"Kế hoạch số (điền số)/KH-UBND"`.
//!
//! Each untouched marker is a **warning**, never an error: `check` still
//! succeeds and `render` still makes the draft (marked DỰ THẢO by the
//! starter's `du_thao = true`). An "…" inside a longer text is ordinary
//! prose ("thành lập doanh nghiệp, ... theo Nghị quyết") and is not a marker.

use std::ops::Range;

use toml::Spanned;

use crate::diagnostic::Diagnostic;
use crate::plan::{Deadline, Indicator, Plan, Target, Task};

/// The bare marker for a value to fill.
pub const BLANK: &str = "…";

/// The opening of a bracketed note to fill ("(điền họ tên)").
const NOTE_OPENING: &str = "(điền";

/// The markers left in `text`: the whole text when it is a bare "…", else
/// every bracketed "(điền …)" note, in order.
pub fn markers(text: &str) -> Vec<String> {
    located_markers(text)
        .into_iter()
        .map(|(_, marker)| marker)
        .collect()
}

/// The markers of `text` with their byte offsets in it (0 for a bare "…").
fn located_markers(text: &str) -> Vec<(usize, String)> {
    let trimmed = text.trim();
    if trimmed == BLANK || trimmed == "..." {
        return vec![(0, BLANK.to_owned())];
    }
    // Both spellings are searched in the original text (lowercasing could
    // shift byte offsets), then put back in reading order.
    let mut found = Vec::new();
    for opening in [NOTE_OPENING, "(Điền"] {
        let mut rest = text;
        while let Some(at) = rest.find(opening) {
            let note = &rest[at..];
            let end = note.find(')').map_or(note.len(), |e| e + 1);
            found.push((text.len() - rest.len() + at, note[..end].to_owned()));
            rest = &note[end..];
        }
    }
    found.sort_by_key(|(at, _)| *at);
    found
}

/// Where a note at byte `at` of a string value sits in the source, when that
/// can be known without the source: the value must hold nothing a TOML
/// string escapes, and the delimiters must account for the rest of the span
/// (`"x"` or `'x'`: 1 byte before the text; a multi-line string: 3, or 4
/// or 5 with the newline after the opening quotes). Otherwise the whole
/// value, which is never wrong, only wider.
fn note_span(value: &str, span: Range<usize>, at: usize, len: usize) -> Range<usize> {
    let plain = !value
        .chars()
        .any(|c| c == '"' || c == '\\' || (c.is_control() && c != '\n'));
    let opening = match span.len().checked_sub(value.len()) {
        Some(2) => Some(1),
        Some(6) => Some(3),
        Some(7) => Some(4),
        Some(8) => Some(5),
        _ => None,
    };
    match opening {
        Some(opening) if plain && at + len <= value.len() => {
            let start = span.start + opening + at;
            start..start + len
        }
        _ => span,
    }
}

/// A warning for every marker left in the plan, located at its value.
pub fn placeholder_warnings(plan: &Plan) -> Vec<Diagnostic> {
    let mut w = Walker { out: Vec::new() };
    let h = &plan.van_ban;
    w.text(&h.xa, "van_ban.xa", Hint::Text);
    w.optional(&h.tinh, "van_ban.tinh");
    w.optional(&h.co_quan_chu_quan, "van_ban.co_quan_chu_quan");
    if let Some(lines) = &h.co_quan {
        for line in lines.get_ref() {
            // The lines share one span (the array's): point at all of it.
            w.raw(line, None, lines.span(), "van_ban.co_quan", Hint::Text);
        }
    }
    w.text(&h.ky_hieu, "van_ban.ky_hieu", Hint::Text);
    w.optional(&h.dia_danh, "van_ban.dia_danh");
    w.optional(&h.ten_loai, "van_ban.ten_loai");
    w.text(&h.trich_yeu, "van_ban.trich_yeu", Hint::Text);
    for (i, basis) in plan.can_cu.iter().enumerate() {
        w.text(basis, &format!("can_cu[{}]", i + 1), Hint::Text);
    }
    w.optional(&plan.mo_dau, "mo_dau");
    w.optional(&plan.ket_luan, "ket_luan");
    for (i, section) in plan.phan.iter().enumerate() {
        let key = format!("phan[{}]", i + 1);
        w.text(&section.tieu_de, &format!("{key}.tieu_de"), Hint::Text);
        w.optional(&section.noi_dung, &format!("{key}.noi_dung"));
        w.optional(&section.noi_dung_sau, &format!("{key}.noi_dung_sau"));
    }
    for (i, unit) in plan.don_vi.iter().enumerate() {
        let key = format!("don_vi[{}]", i + 1);
        w.text(&unit.ten, &format!("{key}.ten"), Hint::Text);
        w.optional(&unit.viet_tat, &format!("{key}.viet_tat"));
        w.optional(&unit.nhiem_vu, &format!("{key}.nhiem_vu"));
    }
    for (list, name) in [
        (&plan.nhom_chi_tieu, "nhom_chi_tieu"),
        (&plan.nhom_nhiem_vu, "nhom_nhiem_vu"),
    ] {
        for (i, group) in list.iter().enumerate() {
            w.text(&group.ten, &format!("{name}[{}].ten", i + 1), Hint::Text);
        }
    }
    for (i, indicator) in plan.chi_tieu.iter().enumerate() {
        w.indicator(indicator, &format!("chi_tieu[{}]", i + 1));
    }
    for (i, task) in plan.nhiem_vu.iter().enumerate() {
        w.task(task, &format!("nhiem_vu[{}]", i + 1));
    }
    let s = &plan.nguoi_ky;
    w.optional(&s.thay_mat, "nguoi_ky.thay_mat");
    w.optional(&s.chuc_vu, "nguoi_ky.chuc_vu");
    w.text(&s.ho_ten, "nguoi_ky.ho_ten", Hint::Text);
    for (i, r) in plan.noi_nhan.iter().enumerate() {
        let key = format!("noi_nhan[{}]", i + 1);
        w.text(&r.ten, &format!("{key}.ten"), Hint::Text);
        w.optional(&r.ghi_chu, &format!("{key}.ghi_chu"));
    }
    for (i, appendix) in plan.phu_luc.iter().enumerate() {
        let key = format!("phu_luc[{}]", i + 1);
        w.text(&appendix.ten, &format!("{key}.ten"), Hint::Text);
        w.optional(&appendix.tieu_de, &format!("{key}.tieu_de"));
        for (column, title) in &appendix.ten_cot {
            w.text(title, &format!("{key}.ten_cot.{column}"), Hint::Text);
        }
    }
    w.out
}

/// What the "gợi ý" line suggests, by the kind of value.
#[derive(Clone, Copy)]
enum Hint {
    Text,
    Target,
    Deadline,
}

impl Hint {
    fn help(self, marker: &str) -> String {
        match self {
            Hint::Target => "ghi chỉ tiêu, ví dụ `{ ty_le = 30 }`, `{ toi_thieu = 85 }` hoặc `{ chu = \"Khuyến khích\" }`; chưa có số liệu thì cứ để, bản nháp vẫn dựng được".to_owned(),
            Hint::Deadline => "ghi hạn hoàn thành dạng ngày không có ngoặc kép, ví dụ `han = 2027-06-30`, hoặc một câu như \"Thực hiện thường xuyên\"".to_owned(),
            Hint::Text => format!(
                "thay {} bằng nội dung thật; chưa có thì cứ để, bản nháp vẫn dựng được",
                quoted(marker)
            ),
        }
    }
}

struct Walker {
    out: Vec<Diagnostic>,
}

impl Walker {
    /// Warns about the markers of `text`, a string value at `span`; with
    /// `Some(value_span)` (the span of this very string) a note is pointed
    /// at exactly when that can be known.
    fn raw(
        &mut self,
        text: &str,
        value_span: Option<Range<usize>>,
        span: Range<usize>,
        key: &str,
        hint: Hint,
    ) {
        let found = located_markers(text);
        let Some((at, first)) = found.first() else {
            return;
        };
        // A bare "…" is the whole value; a note is pointed at, so a long
        // Markdown text shows the line that holds it.
        let span = match value_span {
            Some(value_span) if first != BLANK => note_span(text, value_span, *at, first.len()),
            _ => span,
        };
        let listed: Vec<String> = found.iter().map(|(_, m)| quoted(m)).collect();
        self.out.push(
            Diagnostic::warning(format!("{} chưa điền", listed.join(", ")), Some(span))
                .with_key(key)
                .with_help(hint.help(first)),
        );
    }

    fn text(&mut self, value: &Spanned<String>, key: &str, hint: Hint) {
        self.raw(value.get_ref(), Some(value.span()), value.span(), key, hint);
    }

    fn optional(&mut self, value: &Option<Spanned<String>>, key: &str) {
        if let Some(value) = value {
            self.text(value, key, Hint::Text);
        }
    }

    fn list(&mut self, values: &[Spanned<String>], key: &str) {
        for (i, value) in values.iter().enumerate() {
            self.text(value, &format!("{key}[{}]", i + 1), Hint::Text);
        }
    }

    fn target(&mut self, target: &Spanned<Target>, key: &str) {
        let t = target.get_ref();
        if let Some(text) = &t.chu {
            // Point at the whole `{ chu = "…" }`: it is the target that is missing.
            self.raw(text.get_ref(), None, target.span(), key, Hint::Target);
        }
        if let Some(unit) = &t.don_vi {
            self.text(unit, &format!("{key}.don_vi"), Hint::Text);
        }
    }

    fn indicator(&mut self, ct: &Indicator, key: &str) {
        self.text(&ct.ten, &format!("{key}.ten"), Hint::Text);
        self.optional(&ct.don_vi_tinh, &format!("{key}.don_vi_tinh"));
        if let Some(target) = &ct.chi_tieu_giao {
            self.target(target, &format!("{key}.chi_tieu_giao"));
        }
        self.optional(&ct.muc_dich, &format!("{key}.muc_dich"));
        self.list(&ct.cach_thuc, &format!("{key}.cach_thuc"));
        self.optional(&ct.phuong_phap, &format!("{key}.phuong_phap"));
        self.list(&ct.huong_dan, &format!("{key}.huong_dan"));
        self.list(&ct.van_ban_lien_quan, &format!("{key}.van_ban_lien_quan"));
        if let Some(han) = &ct.han
            && let Deadline::Text(text) = han.get_ref()
        {
            let span = han.span();
            self.raw(
                text,
                Some(span.clone()),
                span,
                &format!("{key}.han"),
                Hint::Deadline,
            );
        }
        self.optional(&ct.ghi_chu, &format!("{key}.ghi_chu"));
        for (j, milestone) in ct.moc.iter().enumerate() {
            self.target(&milestone.gia_tri, &format!("{key}.moc[{}].gia_tri", j + 1));
        }
        for (j, child) in ct.con.iter().enumerate() {
            self.indicator(child, &format!("{key}.con[{}]", j + 1));
        }
    }

    fn task(&mut self, task: &Task, key: &str) {
        self.text(&task.ten, &format!("{key}.ten"), Hint::Text);
        self.optional(&task.thoi_gian, &format!("{key}.thoi_gian"));
        self.optional(&task.ket_qua, &format!("{key}.ket_qua"));
        for (j, child) in task.con.iter().enumerate() {
            self.task(child, &format!("{key}.con[{}]", j + 1));
        }
    }
}

fn quoted(marker: &str) -> String {
    format!("\"{marker}\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_bare_blanks_or_bracketed_notes() {
        assert_eq!(markers("…"), ["…"]);
        assert_eq!(markers(" ... "), ["…"]);
        assert_eq!(
            markers("Kế hoạch số (điền số)/KH-UBND ngày (Điền ngày) của UBND tỉnh"),
            ["(điền số)", "(Điền ngày)"]
        );
        assert_eq!(markers("(điền họ tên người ký"), ["(điền họ tên người ký"]);
        assert!(markers("thành lập doanh nghiệp, ... theo Nghị quyết").is_empty());
        assert!(markers("Công văn … của Sở").is_empty());
        assert!(markers("").is_empty());
    }

    #[test]
    fn each_untouched_value_is_one_warning_at_its_value() {
        let text = r#"
[van_ban]
loai = "chi-tieu"
xa = "Hòa Bình"
ky_hieu = "KH-UBND"
nam = 2027
trich_yeu = "Thực hiện các chỉ tiêu năm 2027"
[nguoi_ky]
chuc_vu = "CHỦ TỊCH"
ho_ten = "(điền họ tên người ký)"
[[don_vi]]
id = "a"
ten = "A"
[[chi_tieu]]
id = "c1"
ten = "Chỉ tiêu, ... bình thường"
chi_tieu_giao = { chu = "…" }
chu_tri = "a"
han = "…"
moc = [{ nam = 2030, gia_tri = { chu = "…" } }, { nam = 2035, gia_tri = { ty_le = 50 } }]
"#;
        let (plan, d) = crate::plan::parse(text);
        assert!(d.is_empty(), "{d:?}");
        let warnings = placeholder_warnings(&plan.unwrap());
        let keys: Vec<&str> = warnings.iter().filter_map(|w| w.key.as_deref()).collect();
        assert_eq!(
            keys,
            [
                "chi_tieu[1].chi_tieu_giao",
                "chi_tieu[1].han",
                "chi_tieu[1].moc[1].gia_tri",
                "nguoi_ky.ho_ten"
            ]
        );
        assert!(
            warnings
                .iter()
                .all(|w| w.severity == crate::check::Severity::Warning)
        );
        let signer = &warnings[3];
        assert_eq!(signer.message, "\"(điền họ tên người ký)\" chưa điền");
        let at = text.find("(điền họ tên").unwrap();
        assert_eq!(signer.span.as_ref().unwrap().start, at);
        let target = &warnings[0];
        assert_eq!(
            &text[target.span.clone().unwrap()],
            "{ chu = \"…\" }",
            "the whole target is pointed at"
        );
    }

    #[test]
    fn a_note_in_long_text_is_pointed_at_and_escaped_text_falls_back() {
        let text = "
[van_ban]
loai = \"chi-tieu\"
xa = \"Hòa Bình\"
ky_hieu = \"KH-UBND\"
nam = 2027
trich_yeu = \"Có \\\"ngoặc\\\" và (điền tên)\"
[nguoi_ky]
chuc_vu = \"CHỦ TỊCH\"
ho_ten = 'A'
[[phan]]
tieu_de = \"I\"
noi_dung = '''
# Mục một

Đầu mối: (điền họ tên) - Phòng Văn hóa - Xã hội.
'''
";
        let (plan, d) = crate::plan::parse(text);
        assert!(d.is_empty(), "{d:?}");
        let warnings = placeholder_warnings(&plan.unwrap());
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        let value = text.find("\"Có").unwrap();
        assert_eq!(
            warnings[0].span.as_ref().unwrap().start,
            value,
            "escapes: the whole value"
        );
        let note = &warnings[1];
        assert_eq!(&text[note.span.clone().unwrap()], "(điền họ tên)");
        assert_eq!(note.line_col(text), Some((16, 10)));
    }
}
