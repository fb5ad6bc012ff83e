//! The rules a plan must meet beyond its TOML structure.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use toml::Spanned;

use crate::diagnostic::Diagnostic;
use crate::plan::schema::{AppendixKind, Authority, appendix_links};
use crate::plan::{Appendix, Indicator, Plan, Target, Task, TomlDate, UnitRefs, toml_date};
use crate::templates::Templates;
use crate::text::Date;

/// Rows an appendix table may have (indicators or tasks, with their
/// children). Far above any commune's plan; keeps typesetting bounded.
pub const MAX_TABLE_ROWS: usize = 5_000;

/// Checks a loaded plan; returns every problem, ordered by position.
pub fn check_plan(plan: &Plan, templates: &Templates) -> Vec<Diagnostic> {
    let mut c = Checker {
        out: Vec::new(),
        units: HashSet::new(),
        unit_names: plan
            .don_vi
            .iter()
            .map(|u| {
                let short = u.viet_tat.as_ref().map(|v| v.get_ref().clone());
                (u.id.get_ref().clone(), u.ten.get_ref().clone(), short)
            })
            .collect(),
    };
    c.header(plan, templates);
    c.units(plan);
    c.groups(plan);
    let mut indicator_ids = HashMap::new();
    for (i, indicator) in plan.chi_tieu.iter().enumerate() {
        c.indicator(
            plan,
            indicator,
            &format!("chi_tieu[{}]", i + 1),
            &mut indicator_ids,
            false,
        );
    }
    let mut task_ids = HashMap::new();
    for (i, task) in plan.nhiem_vu.iter().enumerate() {
        c.task(plan, task, &format!("nhiem_vu[{}]", i + 1), &mut task_ids);
    }
    c.limits(plan);
    c.signer(plan);
    for (i, r) in plan.noi_nhan.iter().enumerate() {
        c.required(&r.ten, &format!("noi_nhan[{}].ten", i + 1));
    }
    c.sections(plan, templates);
    c.appendices(plan);
    c.out.extend(crate::check::bounds::bound_diagnostics(plan));
    c.out
        .extend(crate::check::placeholders::placeholder_warnings(plan));
    c.out.extend(crate::check::hints::warnings(plan));
    let mut out = c.out;
    out.sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
    out
}

/// Where byte `offset` of a string value stands in the source, when the
/// value is written without escapes (its source is then the value between
/// its quotes: `"…"`, `'…'`, or `'''`/`"""` with an optional newline
/// after the opening, which TOML drops). `None` when that cannot be known.
pub(super) fn source_offset(value: &Spanned<String>, offset: usize) -> Option<usize> {
    let span = value.span();
    let extra = span.len().checked_sub(value.get_ref().len())?;
    let opening = match extra {
        2 => 1,
        6 => 3,
        7 => 4,
        8 => 5,
        _ => return None,
    };
    Some(span.start + opening + offset)
}

struct Checker {
    out: Vec<Diagnostic>,
    units: HashSet<String>,
    /// Each unit's id, name and short name: a clerk often types the name
    /// (or the short name, or the id in capitals) where the id belongs.
    unit_names: Vec<(String, String, Option<String>)>,
}

/// The range every year of a plan must fall in: dates, `nam`, milestones.
pub const PLAN_YEARS: std::ops::RangeInclusive<i64> = 1900..=2100;

/// The hint for a year outside `PLAN_YEARS`: the same for every date.
const YEAR_HELP: &str = "năm viết đủ bốn chữ số, trong khoảng 1900–2100, ví dụ 2026";

/// Text compared loosely: no case, no surrounding or doubled spaces.
fn loose(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

impl Checker {
    fn error(
        &mut self,
        message: impl Into<String>,
        span: Range<usize>,
        key: &str,
        help: impl Into<String>,
    ) {
        self.out.push(
            Diagnostic::error(message, Some(span))
                .with_key(key)
                .with_help(help),
        );
    }

    fn required(&mut self, value: &Spanned<String>, key: &str) {
        if value.get_ref().trim().is_empty() {
            self.error(
                "giá trị bắt buộc đang để trống",
                value.span(),
                key,
                "điền nội dung vào giữa hai dấu ngoặc kép",
            );
        }
    }

    fn optional_required(&mut self, value: &Option<Spanned<String>>, key: &str) {
        if let Some(value) = value {
            self.required(value, key);
        }
    }

    fn date(&mut self, value: &Spanned<TomlDate>, key: &str) -> Option<Date> {
        if let Some(d) = value.get_ref().date
            && !PLAN_YEARS.contains(&i64::from(d.year))
        {
            self.error(
                format!(
                    "năm {} của ngày {} nằm ngoài khoảng hợp lý",
                    d.year,
                    value.get_ref()
                ),
                value.span(),
                key,
                YEAR_HELP,
            );
            return None;
        }
        let parsed = toml_date(value.get_ref());
        if value.get_ref().time.is_some() || value.get_ref().offset.is_some() {
            self.error(
                "ngày không được kèm giờ",
                value.span(),
                key,
                "viết ngày theo dạng năm-tháng-ngày, không kèm giờ: 2026-01-24",
            );
            return None;
        }
        if parsed.is_none() {
            let help = match value.get_ref().date {
                Some(d) if (1..=12).contains(&d.month) => format!(
                    "tháng {} năm {} chỉ có {} ngày",
                    d.month,
                    d.year,
                    crate::text::date::days_in_month(i32::from(d.year), d.month)
                ),
                _ => "viết ngày theo dạng năm-tháng-ngày, ví dụ 2026-01-24".to_owned(),
            };
            self.error(
                format!("ngày không tồn tại: {}", value.get_ref()),
                value.span(),
                key,
                help,
            );
        }
        parsed
    }

    fn header(&mut self, plan: &Plan, templates: &Templates) {
        let h = &plan.van_ban;
        if !templates.has_kind(h.loai.get_ref()) {
            let kinds = templates.kinds();
            let help = match crate::plan::did_you_mean(h.loai.get_ref(), &kinds) {
                Some(best) => format!("có phải ý bạn là \"{best}\"? (xem `kehoach templates`)"),
                None => format!("các loại có sẵn: {}", kinds.join(", ")),
            };
            self.error(
                format!("không có loại kế hoạch \"{}\"", h.loai.get_ref()),
                h.loai.span(),
                "van_ban.loai",
                help,
            );
        }
        self.required(&h.xa, "van_ban.xa");
        self.required(&h.trich_yeu, "van_ban.trich_yeu");
        self.optional_required(&h.dia_danh, "van_ban.dia_danh");
        self.optional_required(&h.ten_loai, "van_ban.ten_loai");
        let symbol = h.ky_hieu.get_ref();
        let symbol_ok = !symbol.is_empty()
            && symbol
                .chars()
                .all(|ch| ch.is_uppercase() || ch.is_ascii_digit() || ch == '-' || ch == 'Đ');
        if !symbol_ok {
            self.error(
                format!("ký hiệu văn bản \"{symbol}\" không đúng dạng"),
                h.ky_hieu.span(),
                "van_ban.ky_hieu",
                "ký hiệu viết in hoa, các nhóm nối bằng \"-\", không có khoảng trắng, ví dụ \"KH-UBND\"",
            );
        }
        if let Some(lines) = &h.co_quan
            && (lines.get_ref().is_empty() || lines.get_ref().iter().any(|l| l.trim().is_empty()))
        {
            self.error(
                "tên cơ quan ban hành có dòng trống",
                lines.span(),
                "van_ban.co_quan",
                "bỏ khóa này để dùng mặc định \"ỦY BAN NHÂN DÂN\" / \"XÃ …\"",
            );
        }
        if let Some(number) = &h.so
            && *number.get_ref() <= 0
        {
            self.error(
                "số văn bản phải là số dương",
                number.span(),
                "van_ban.so",
                "bỏ khóa `so` nếu văn bản chưa lấy số",
            );
        }
        let date = h.ngay.as_ref().and_then(|d| self.date(d, "van_ban.ngay"));
        match (&h.nam, date) {
            (Some(year), _) if !PLAN_YEARS.contains(year.get_ref()) => self.error(
                format!("năm {} không hợp lý", year.get_ref()),
                year.span(),
                "van_ban.nam",
                YEAR_HELP,
            ),
            (Some(year), Some(date)) if i64::from(date.year) != *year.get_ref() => self.error(
                format!("năm {} khác năm của ngày ký ({})", year.get_ref(), date.year),
                year.span(),
                "van_ban.nam",
                "bỏ khóa `nam` khi đã có `ngay`, hoặc sửa cho khớp",
            ),
            (None, None) if h.ngay.is_none() => self.out.push(
                Diagnostic::error("thiếu năm của kế hoạch", Some(plan.header_span.clone()))
                    .with_key("van_ban.nam")
                    .with_help("thêm `nam = 2026` (khi chưa có ngày ký) hoặc `ngay = 2026-01-24` vào [van_ban]"),
            ),
            _ => {}
        }
        if let Some(month) = &h.thang {
            if h.ngay.is_some() {
                self.error(
                    "đã có ngày ký thì không ghi riêng tháng",
                    month.span(),
                    "van_ban.thang",
                    "bỏ khóa `thang`: tháng lấy từ `ngay`; `thang` chỉ dùng khi chưa có ngày ký",
                );
            } else if !(1..=12).contains(month.get_ref()) {
                self.error(
                    format!("tháng {} không có", month.get_ref()),
                    month.span(),
                    "van_ban.thang",
                    "viết tháng là số từ 1 đến 12, ví dụ thang = 12",
                );
            }
        }
        self.sub_item_style(&h.muc_con, "van_ban.muc_con");
        if let Some(num) = &h.so
            && h.ngay.is_none()
            && *num.get_ref() > 0
        {
            self.out.push(
                Diagnostic::warning("văn bản có số nhưng chưa có ngày ký", Some(num.span()))
                    .with_key("van_ban.so")
                    .with_help("thêm `ngay = …` hoặc bỏ `so` cho đến khi ký"),
            );
        }
    }

    fn units(&mut self, plan: &Plan) {
        for (i, unit) in plan.don_vi.iter().enumerate() {
            let key = format!("don_vi[{}]", i + 1);
            self.id(&unit.id, &format!("{key}.id"));
            if !self.units.insert(unit.id.get_ref().clone()) {
                self.error(
                    format!("mã đơn vị \"{}\" bị trùng", unit.id.get_ref()),
                    unit.id.span(),
                    &format!("{key}.id"),
                    "mỗi đơn vị một mã riêng; xóa đơn vị lặp lại",
                );
            }
            self.required(&unit.ten, &format!("{key}.ten"));
            self.optional_required(&unit.viet_tat, &format!("{key}.viet_tat"));
        }
        if let Some(drafter) = &plan.van_ban.don_vi_soan_thao {
            self.unit_ref(
                drafter.get_ref(),
                drafter.span(),
                "van_ban.don_vi_soan_thao",
            );
            let unit = plan
                .don_vi
                .iter()
                .find(|u| u.id.get_ref() == drafter.get_ref());
            if let Some(unit) = unit
                && unit.viet_tat.is_none()
            {
                self.error(
                    format!(
                        "đơn vị soạn thảo \"{}\" chưa có tên viết tắt",
                        unit.id.get_ref()
                    ),
                    unit.id.span(),
                    "don_vi.viet_tat",
                    "thêm `viet_tat = \"VHXH\"` cho đơn vị này (dùng ở dòng \"Lưu: VT, …\")",
                );
            }
        }
    }

    fn id(&mut self, id: &Spanned<String>, key: &str) {
        let ok = !id.get_ref().is_empty()
            && id
                .get_ref()
                .chars()
                .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-' || ch == '_');
        if !ok {
            self.error(
                format!("mã \"{}\" không hợp lệ", id.get_ref()),
                id.span(),
                key,
                "mã chỉ gồm chữ thường không dấu, chữ số và dấu \"-\", ví dụ \"vhxh\" hay \"chu-ky-so\"",
            );
        }
    }

    fn unit_ref(&mut self, id: &str, span: Range<usize>, key: &str) {
        // Suggestions cost a comparison with every unit: past a few hundred
        // errors or units they would make `check` quadratic on big plans.
        if !self.units.contains(id) && (self.out.len() > 200 || self.units.len() > 500) {
            self.error(
                format!("không có đơn vị mã \"{id}\""),
                span,
                key,
                "khai báo đơn vị trong một bảng [[don_vi]] với `id` này",
            );
        } else if !self.units.contains(id) {
            let known: Vec<String> = {
                let mut v: Vec<String> = self.units.iter().cloned().collect();
                v.sort();
                v
            };
            let wanted = loose(id);
            let by_name = self.unit_names.iter().find(|(uid, name, short)| {
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
            self.error(format!("không có đơn vị mã \"{id}\""), span, key, help);
        }
    }

    fn unit_refs(
        &mut self,
        lead: &Option<Spanned<UnitRefs>>,
        partners: &[Spanned<String>],
        key: &str,
    ) {
        if let Some(lead) = lead {
            for (id, span) in UnitRefs::ids(lead) {
                self.unit_ref(id, span, &format!("{key}.chu_tri"));
            }
        }
        for partner in partners {
            self.unit_ref(
                partner.get_ref(),
                partner.span(),
                &format!("{key}.phoi_hop"),
            );
        }
    }

    fn groups(&mut self, plan: &Plan) {
        for (list, name) in [
            (&plan.nhom_chi_tieu, "nhom_chi_tieu"),
            (&plan.nhom_nhiem_vu, "nhom_nhiem_vu"),
        ] {
            let mut seen = HashSet::new();
            for (i, group) in list.iter().enumerate() {
                let key = format!("{name}[{}]", i + 1);
                self.id(&group.id, &format!("{key}.id"));
                self.required(&group.ten, &format!("{key}.ten"));
                if !seen.insert(group.id.get_ref().clone()) {
                    self.error(
                        format!("mã nhóm \"{}\" bị trùng", group.id.get_ref()),
                        group.id.span(),
                        &format!("{key}.id"),
                        "mỗi nhóm một mã riêng",
                    );
                }
            }
        }
        // Indicators are numbered in plan order and tables print a group row
        // where the group changes: a group split in two would be printed
        // twice, under two numbers.
        let mut finished: HashSet<&str> = HashSet::new();
        let mut current: Option<&str> = None;
        for (i, indicator) in plan.chi_tieu.iter().enumerate() {
            let Some(group) = &indicator.nhom else {
                continue;
            };
            let id = group.get_ref().as_str();
            if current != Some(id) {
                if finished.contains(id) {
                    self.error(
                        format!("các chỉ tiêu của nhóm \"{id}\" không liền nhau"),
                        group.span(),
                        &format!("chi_tieu[{}].nhom", i + 1),
                        "xếp các chỉ tiêu cùng nhóm liền nhau, theo thứ tự các nhóm",
                    );
                }
                if let Some(previous) = current {
                    finished.insert(previous);
                }
                current = Some(id);
            }
        }
    }

    fn group_ref(
        &mut self,
        groups: &[crate::plan::Group],
        group: &Option<Spanned<String>>,
        key: &str,
        table: &str,
    ) {
        if let Some(group) = group
            && !groups.iter().any(|g| g.id.get_ref() == group.get_ref())
        {
            self.error(
                format!("không có nhóm mã \"{}\"", group.get_ref()),
                group.span(),
                key,
                format!("khai báo nhóm trong một bảng [[{table}]] với `id` này"),
            );
        }
    }

    fn indicator(
        &mut self,
        plan: &Plan,
        indicator: &Indicator,
        key: &str,
        ids: &mut HashMap<String, Range<usize>>,
        is_child: bool,
    ) {
        self.id(&indicator.id, &format!("{key}.id"));
        if ids
            .insert(indicator.id.get_ref().clone(), indicator.id.span())
            .is_some()
        {
            self.error(
                format!("mã chỉ tiêu \"{}\" bị trùng", indicator.id.get_ref()),
                indicator.id.span(),
                &format!("{key}.id"),
                "mỗi chỉ tiêu chỉ xuất hiện một lần, với một mã riêng",
            );
        }
        self.required(&indicator.ten, &format!("{key}.ten"));
        if is_child && indicator.nhom.is_some() {
            let span = indicator
                .nhom
                .as_ref()
                .map(Spanned::span)
                .unwrap_or_default();
            self.error(
                "chỉ tiêu con thuộc nhóm của chỉ tiêu cha",
                span,
                &format!("{key}.nhom"),
                "xóa `nhom` ở chỉ tiêu con",
            );
        }
        self.group_ref(
            &plan.nhom_chi_tieu,
            &indicator.nhom,
            &format!("{key}.nhom"),
            "nhom_chi_tieu",
        );
        if !is_child && !plan.nhom_chi_tieu.is_empty() && indicator.nhom.is_none() {
            self.error(
                "chỉ tiêu chưa thuộc nhóm nào trong khi kế hoạch có chia nhóm",
                indicator.id.span(),
                &format!("{key}.nhom"),
                "thêm `nhom = \"…\"` với mã một nhóm trong [[nhom_chi_tieu]]",
            );
        }
        match &indicator.chi_tieu_giao {
            Some(target) => self.target(target, &format!("{key}.chi_tieu_giao")),
            None if indicator.con.is_empty() && indicator.moc.is_empty() => self.error(
                "chỉ tiêu chưa có chỉ tiêu giao",
                indicator.ten.span(),
                &format!("{key}.chi_tieu_giao"),
                "thêm `chi_tieu_giao = { ty_le = 30 }` (hoặc `{ chu = \"Khuyến khích\" }`)",
            ),
            None => {}
        }
        // A parent's lead may come from its sub-indicators.
        if let Some(lead) = &indicator.chu_tri
            && UnitRefs::ids(lead).next().is_none()
        {
            self.error(
                "chỉ tiêu chưa có đơn vị chủ trì",
                lead.span(),
                &format!("{key}.chu_tri"),
                "ghi ít nhất một mã đơn vị, ví dụ `chu_tri = \"vhxh\"`",
            );
        }
        if indicator.chu_tri.is_none() && indicator.con.is_empty() {
            self.error(
                "chỉ tiêu chưa có đơn vị chủ trì",
                indicator.ten.span(),
                &format!("{key}.chu_tri"),
                "thêm `chu_tri = \"…\"` với mã một đơn vị trong [[don_vi]]",
            );
        }
        self.unit_refs(&indicator.chu_tri, &indicator.phoi_hop, key);
        if let Some(han) = &indicator.han
            && let crate::plan::Deadline::Date(date) = han.get_ref()
        {
            self.date(&Spanned::new(han.span(), *date), &format!("{key}.han"));
        }
        let mut last_year: Option<i64> = None;
        for (j, milestone) in indicator.moc.iter().enumerate() {
            let mkey = format!("{key}.moc[{}]", j + 1);
            let year = *milestone.nam.get_ref();
            if !PLAN_YEARS.contains(&year) {
                self.error(
                    format!("năm mốc {year} nằm ngoài khoảng hợp lý"),
                    milestone.nam.span(),
                    &format!("{mkey}.nam"),
                    YEAR_HELP,
                );
            }
            if let Some(last) = last_year
                && year <= last
            {
                self.error(
                    format!("năm mốc {year} không sau năm mốc trước ({last})"),
                    milestone.nam.span(),
                    &format!("{mkey}.nam"),
                    "xếp các mốc theo năm tăng dần, mỗi năm một lần",
                );
            }
            last_year = Some(year);
            self.target(&milestone.gia_tri, &format!("{mkey}.gia_tri"));
        }
        for (j, child) in indicator.con.iter().enumerate() {
            if !child.con.is_empty() {
                self.error(
                    "chỉ tiêu con không được có chỉ tiêu con nữa",
                    child.id.span(),
                    &format!("{key}.con[{}].con", j + 1),
                    "chỉ dùng hai cấp: chỉ tiêu và chỉ tiêu con (3a, 3b …)",
                );
            }
            self.indicator(plan, child, &format!("{key}.con[{}]", j + 1), ids, true);
        }
    }

    /// `muc_con` names one of the two numbering styles of `##` sub-items.
    fn sub_item_style(&mut self, style: &Option<Spanned<String>>, key: &str) {
        if let Some(style) = style
            && crate::check::checked::SubItemStyle::from_key(style.get_ref()).is_none()
        {
            self.error(
                format!("không có cách đánh số mục con \"{}\"", style.get_ref()),
                style.span(),
                key,
                "viết muc_con = \"so\" (5.1., 5.2. …) hoặc muc_con = \"chu\" (a), b) …)",
            );
        }
    }

    fn target(&mut self, target: &Spanned<Target>, key: &str) {
        let t = target.get_ref();
        let count = t.forms_given();
        if count != 1 {
            self.error(
                if count == 0 { "chỉ tiêu giao đang trống" } else { "chỉ tiêu giao có nhiều dạng cùng lúc" },
                target.span(),
                key,
                "chọn đúng một dạng: { ty_le = 30 }, { so = 2 }, { tu = 2, den = 3 }, { toi_thieu = 85 }, { toi_da = 5 }, { tren = 92 }, { duoi = 5 } hoặc { chu = \"Khuyến khích\" }",
            );
            return;
        }
        let percent = t.don_vi.is_none();
        let mut number = |value: &Option<Spanned<f64>>, name: &str, is_percent: bool| {
            if let Some(v) = value {
                let x = *v.get_ref();
                if !x.is_finite() || x < 0.0 {
                    self.error(
                        format!("giá trị {x} không hợp lệ"),
                        v.span(),
                        &format!("{key}.{name}"),
                        "chỉ tiêu là số không âm",
                    );
                } else if is_percent && x > 100.0 {
                    self.error(
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
        match (&t.tu, &t.den) {
            (Some(from), Some(to)) if from.get_ref() > to.get_ref() => self.error(
                "khoảng chỉ tiêu có `tu` lớn hơn `den`",
                target.span(),
                key,
                "viết `tu` là số nhỏ hơn, ví dụ { tu = 2, den = 3 }",
            ),
            (Some(_), None) | (None, Some(_)) => self.error(
                "khoảng chỉ tiêu cần cả `tu` và `den`",
                target.span(),
                key,
                "viết { tu = 2, den = 3, don_vi = \"…\" }",
            ),
            _ => {}
        }
        if let Some(text) = &t.chu {
            self.required(text, &format!("{key}.chu"));
        }
        if t.ty_le.is_some() && t.don_vi.is_some() {
            self.error(
                "tỷ lệ luôn tính bằng %, không cần đơn vị",
                target.span(),
                &format!("{key}.don_vi"),
                "bỏ `don_vi`, hoặc dùng { so = …, don_vi = \"…\" }",
            );
        }
    }

    fn task(
        &mut self,
        plan: &Plan,
        task: &Task,
        key: &str,
        ids: &mut HashMap<String, Range<usize>>,
    ) {
        if let Some(id) = &task.id {
            self.id(id, &format!("{key}.id"));
            if ids.insert(id.get_ref().clone(), id.span()).is_some() {
                self.error(
                    format!("mã nhiệm vụ \"{}\" bị trùng", id.get_ref()),
                    id.span(),
                    &format!("{key}.id"),
                    "mỗi nhiệm vụ một mã riêng",
                );
            }
        }
        self.required(&task.ten, &format!("{key}.ten"));
        self.group_ref(
            &plan.nhom_nhiem_vu,
            &task.nhom,
            &format!("{key}.nhom"),
            "nhom_nhiem_vu",
        );
        self.unit_refs(&task.chu_tri, &task.phoi_hop, key);
        if let Some(budget) = &task.kinh_phi
            && let Some(problem) = budget.get_ref().problem()
        {
            self.error(
                problem,
                budget.span(),
                &format!("{key}.kinh_phi"),
                crate::check::bounds::MONEY_HELP,
            );
        }
        if !task.con.is_empty() && task.kinh_phi.is_some() {
            self.error(
                "nhiệm vụ có nhiệm vụ con thì kinh phí là tổng của các nhiệm vụ con",
                task.kinh_phi
                    .as_ref()
                    .map(Spanned::span)
                    .unwrap_or_default(),
                &format!("{key}.kinh_phi"),
                "bỏ `kinh_phi` ở nhiệm vụ cha; tổng được tính tự động",
            );
        }
        for (j, child) in task.con.iter().enumerate() {
            self.task(plan, child, &format!("{key}.con[{}]", j + 1), ids);
        }
    }

    fn limits(&mut self, plan: &Plan) {
        fn task_rows(list: &[Task]) -> usize {
            list.iter().map(|t| 1 + task_rows(&t.con)).sum()
        }
        let indicators: usize = plan.chi_tieu.iter().map(|c| 1 + c.con.len()).sum();
        let tasks = task_rows(&plan.nhiem_vu);
        // Point at the last entry: the one that tips the table over.
        let last_indicator = plan.chi_tieu.last().map(|c| c.id.span());
        let last_task = plan.nhiem_vu.last().map(|t| t.ten.span());
        for (count, what, key, span) in [
            (indicators, "chỉ tiêu", "chi_tieu", last_indicator),
            (tasks, "nhiệm vụ", "nhiem_vu", last_task),
        ] {
            if count > MAX_TABLE_ROWS {
                self.error(
                    format!("kế hoạch có {count} {what}, quá giới hạn {MAX_TABLE_ROWS}"),
                    span.unwrap_or_default(),
                    key,
                    "tách thành nhiều kế hoạch; giới hạn này giữ cho việc dàn trang không làm cạn bộ nhớ",
                );
            }
        }
    }

    fn signer(&mut self, plan: &Plan) {
        let s = &plan.nguoi_ky;
        self.required(&s.ho_ten, "nguoi_ky.ho_ten");
        self.optional_required(&s.chuc_vu, "nguoi_ky.chuc_vu");
        self.optional_required(&s.thay_mat, "nguoi_ky.thay_mat");
        if let Some(q) = &s.quyen_han {
            let authority = Authority::from_key(q.get_ref());
            if authority.is_none() {
                let keys: Vec<&str> = Authority::ALL.iter().map(|a| a.key()).collect();
                self.error(
                    format!(
                        "quyền hạn ký \"{}\" không có trong Nghị định 30",
                        q.get_ref()
                    ),
                    q.span(),
                    "nguoi_ky.quyen_han",
                    format!(
                        "dùng một trong: {} (không có dấu chấm), hoặc bỏ khóa khi Chủ tịch ký",
                        keys.join(", ")
                    ),
                );
            } else if authority.is_some_and(Authority::needs_position) && s.chuc_vu.is_none() {
                self.error(
                    format!("ký {}. cần chức vụ của người ký", q.get_ref()),
                    q.span(),
                    "nguoi_ky.chuc_vu",
                    "thêm `chuc_vu = \"PHÓ CHỦ TỊCH\"`",
                );
            }
        } else if s.chuc_vu.is_none() {
            self.error(
                "người ký chưa có chức vụ",
                s.ho_ten.span(),
                "nguoi_ky.chuc_vu",
                "thêm `chuc_vu = \"CHỦ TỊCH\"`",
            );
        }
    }

    fn sections(&mut self, plan: &Plan, templates: &Templates) {
        let kind = plan.van_ban.loai.get_ref();
        let appendix_ids: HashSet<&str> = plan
            .phu_luc
            .iter()
            .map(|a| a.id.get_ref().as_str())
            .collect();
        let mut markdown: Vec<(&Spanned<String>, String)> = Vec::new();
        for (text, key) in [(&plan.mo_dau, "mo_dau"), (&plan.ket_luan, "ket_luan")] {
            if let Some(text) = text {
                markdown.push((text, key.to_owned()));
            }
        }
        for (i, section) in plan.phan.iter().enumerate() {
            let key = format!("phan[{}]", i + 1);
            self.required(&section.tieu_de, &format!("{key}.tieu_de"));
            self.sub_item_style(&section.muc_con, &format!("{key}.muc_con"));
            if let Some(block) = &section.chen
                && templates.has_kind(kind)
                && !templates.has_block(kind, block.get_ref())
            {
                self.error(
                    format!(
                        "loại \"{kind}\" không có khối tự động \"{}\"",
                        block.get_ref()
                    ),
                    block.span(),
                    &format!("{key}.chen"),
                    format!("các khối có sẵn: {}", templates.blocks(kind).join(", ")),
                );
            }
            for (field, name) in [
                (&section.noi_dung, "noi_dung"),
                (&section.noi_dung_sau, "noi_dung_sau"),
            ] {
                if let Some(text) = field {
                    markdown.push((text, format!("{key}.{name}")));
                }
            }
        }
        for (i, unit) in plan.don_vi.iter().enumerate() {
            if let Some(text) = &unit.nhiem_vu {
                markdown.push((text, format!("don_vi[{}].nhiem_vu", i + 1)));
            }
        }
        for (text, key) in markdown {
            for target in appendix_links(text.get_ref()) {
                if !appendix_ids.contains(target.as_str()) {
                    let link = format!("](#{target})");
                    let at = text
                        .get_ref()
                        .find(&link)
                        .and_then(|end| text.get_ref()[..end].rfind('['))
                        .and_then(|start| source_offset(text, start));
                    let ids: Vec<String> = plan
                        .phu_luc
                        .iter()
                        .map(|a| a.id.get_ref().clone())
                        .collect();
                    let help = match ids.iter().find(|id| loose(id) == loose(&target)) {
                        Some(best) => format!("có phải ý bạn là `[](#{best})`?"),
                        None => match crate::plan::did_you_mean(&target, &ids) {
                            Some(best) => format!("có phải ý bạn là `[](#{best})`?"),
                            None => "viết `[](#mã-phụ-lục)` với mã một phụ lục trong [[phu_luc]]"
                                .to_owned(),
                        },
                    };
                    self.error(
                        format!("tham chiếu tới phụ lục không có: \"#{target}\""),
                        at.map_or_else(|| text.span(), |at| at..at + link.len() + 1),
                        &key,
                        help,
                    );
                }
            }
        }
    }

    fn appendices(&mut self, plan: &Plan) {
        let mut seen = HashSet::new();
        for (i, appendix) in plan.phu_luc.iter().enumerate() {
            let key = format!("phu_luc[{}]", i + 1);
            self.id(&appendix.id, &format!("{key}.id"));
            if !seen.insert(appendix.id.get_ref().clone()) {
                self.error(
                    format!("mã phụ lục \"{}\" bị trùng", appendix.id.get_ref()),
                    appendix.id.span(),
                    &format!("{key}.id"),
                    "mỗi phụ lục một mã riêng; số thứ tự I, II … được tính tự động",
                );
            }
            self.required(&appendix.ten, &format!("{key}.ten"));
            let Some(kind) = AppendixKind::from_key(appendix.loai.get_ref()) else {
                let kinds: Vec<&str> = AppendixKind::ALL.iter().map(|k| k.key()).collect();
                self.error(
                    format!("không có loại phụ lục \"{}\"", appendix.loai.get_ref()),
                    appendix.loai.span(),
                    &format!("{key}.loai"),
                    format!("dùng một trong: {}", kinds.join(", ")),
                );
                continue;
            };
            self.appendix_columns(appendix, kind, &key);
            self.appendix_data(plan, appendix, kind, &key);
        }
    }

    fn appendix_columns(&mut self, appendix: &Appendix, kind: AppendixKind, key: &str) {
        let allowed = kind.column_keys();
        if !kind.choosable() && !appendix.cot.is_empty() {
            let span = appendix.cot[0].span();
            self.error(
                format!(
                    "phụ lục loại \"{}\" có cột cố định",
                    appendix.loai.get_ref()
                ),
                span,
                &format!("{key}.cot"),
                "bỏ khóa `cot`; có thể đổi tên cột bằng `ten_cot`",
            );
        }
        let names: Vec<String> = allowed.iter().map(|s| (*s).to_owned()).collect();
        let mut seen = HashSet::new();
        for column in &appendix.cot {
            if !allowed.contains(&column.get_ref().as_str()) {
                let help = match crate::plan::did_you_mean(column.get_ref(), &names) {
                    Some(best) => format!("có phải ý bạn là \"{best}\"?"),
                    None => format!("các cột có sẵn: {}", names.join(", ")),
                };
                self.error(
                    format!("không có cột \"{}\"", column.get_ref()),
                    column.span(),
                    &format!("{key}.cot"),
                    help,
                );
            } else if !seen.insert(column.get_ref().clone()) {
                self.error(
                    format!("cột \"{}\" lặp lại", column.get_ref()),
                    column.span(),
                    &format!("{key}.cot"),
                    "mỗi cột một lần",
                );
            }
        }
        for (name, text) in &appendix.ten_cot {
            if !allowed.contains(&name.as_str()) {
                self.error(
                    format!("đặt tên cho cột \"{name}\" không có trong bảng"),
                    text.span(),
                    &format!("{key}.ten_cot.{name}"),
                    format!("các cột có sẵn: {}", names.join(", ")),
                );
            }
        }
        match (&appendix.ban_goc, kind) {
            (None, AppendixKind::Adjustment) => self.error(
                "phụ lục điều chỉnh thiếu tệp bản gốc",
                appendix.loai.span(),
                &format!("{key}.ban_goc"),
                "thêm `ban_goc = \"ten-tep-ke-hoach-da-ban-hanh.toml\"` (tệp nằm cùng thư mục)",
            ),
            (Some(file), kind) if kind != AppendixKind::Adjustment => self.error(
                "chỉ phụ lục loại \"dieu-chinh\" mới có bản gốc",
                file.span(),
                &format!("{key}.ban_goc"),
                "bỏ khóa `ban_goc`, hoặc đặt `loai = \"dieu-chinh\"`",
            ),
            _ => {}
        }
        self.issued_original(appendix, kind, key);
        if let Some(rows) = &appendix.dong_trong
            && (kind != AppendixKind::Staff || !(0..=20).contains(rows.get_ref()))
        {
            self.error(
                "số dòng trống chỉ dùng cho danh sách cán bộ, từ 0 đến 20",
                rows.span(),
                &format!("{key}.dong_trong"),
                "bỏ khóa hoặc đặt một số từ 0 đến 20",
            );
        }
    }

    /// A milestone table needs its year columns, and no more of them than
    /// a page can show readably.
    /// `so_ban_goc`, `ngay_ban_goc`: the original's issued number and date,
    /// for an adjustment whose original file is still the draft. Whether the
    /// original has them already is checked when it is read
    /// (`originals`).
    fn issued_original(&mut self, appendix: &Appendix, kind: AppendixKind, key: &str) {
        if kind != AppendixKind::Adjustment {
            if let Some(number) = &appendix.so_ban_goc {
                self.error(
                    "chỉ phụ lục loại \"dieu-chinh\" mới ghi số của bản gốc",
                    number.span(),
                    &format!("{key}.so_ban_goc"),
                    "bỏ khóa `so_ban_goc`, hoặc đặt `loai = \"dieu-chinh\"`",
                );
            }
            if let Some(date) = &appendix.ngay_ban_goc {
                self.error(
                    "chỉ phụ lục loại \"dieu-chinh\" mới ghi ngày của bản gốc",
                    date.span(),
                    &format!("{key}.ngay_ban_goc"),
                    "bỏ khóa `ngay_ban_goc`, hoặc đặt `loai = \"dieu-chinh\"`",
                );
            }
            if let Some((id, reason)) = appendix.ly_do_bai_bo.iter().next() {
                self.error(
                    "chỉ phụ lục loại \"dieu-chinh\" mới ghi lý do bãi bỏ chỉ tiêu",
                    reason.span(),
                    &format!("{key}.ly_do_bai_bo.{id}"),
                    "bỏ bảng `ly_do_bai_bo`, hoặc đặt `loai = \"dieu-chinh\"`",
                );
            }
            return;
        }
        // Which ids were removed is known once the original is read
        // (`originals`); here only that each reason says something.
        for (id, reason) in &appendix.ly_do_bai_bo {
            self.required(reason, &format!("{key}.ly_do_bai_bo.{id}"));
        }
        if let Some(number) = &appendix.so_ban_goc
            && *number.get_ref() <= 0
        {
            self.error(
                "số của bản gốc phải là số dương",
                number.span(),
                &format!("{key}.so_ban_goc"),
                "ghi số văn thư đã cấp cho bản gốc, ví dụ `so_ban_goc = 28`",
            );
        }
        if let Some(date) = &appendix.ngay_ban_goc {
            self.date(date, &format!("{key}.ngay_ban_goc"));
        }
    }

    fn milestone_table(&mut self, plan: &Plan, appendix: &Appendix, key: &str) {
        if !appendix.cot.is_empty() && !appendix.cot.iter().any(|c| c.get_ref() == "moc") {
            self.error(
                "bảng mốc thiếu cột các năm mốc",
                appendix.cot[0].span(),
                &format!("{key}.cot"),
                "thêm \"moc\" vào `cot`, ví dụ cot = [\"stt\", \"ten\", \"moc\", \"chu_tri\"]",
            );
        }
        let years: HashSet<i64> = plan
            .chi_tieu
            .iter()
            .flat_map(|c| std::iter::once(c).chain(&c.con))
            .flat_map(|c| c.moc.iter().map(|m| *m.nam.get_ref()))
            .collect();
        let most = crate::plan::schema::MILESTONE_MAX_YEARS;
        if years.len() > most {
            self.error(
                format!(
                    "bảng mốc có {} năm mốc, một trang ngang chỉ in rõ được {most}",
                    years.len()
                ),
                appendix.loai.span(),
                &format!("{key}.loai"),
                format!("giữ tối đa {most} năm mốc (ví dụ 2025, 2030, 2035 …); các mốc khác ghi trong phần nội dung"),
            );
        }
    }

    fn appendix_data(&mut self, plan: &Plan, appendix: &Appendix, kind: AppendixKind, key: &str) {
        let (empty, what) = match kind {
            AppendixKind::Indicators => (plan.chi_tieu.is_empty(), "[[chi_tieu]]"),
            AppendixKind::Milestones => (
                plan.chi_tieu.iter().all(|c| c.moc.is_empty()),
                "chỉ tiêu có `moc`",
            ),
            AppendixKind::Tasks => (plan.nhiem_vu.is_empty(), "[[nhiem_vu]]"),
            AppendixKind::Budget => (plan.nhiem_vu.is_empty(), "[[nhiem_vu]] có `kinh_phi`"),
            AppendixKind::Staff => (plan.don_vi.iter().all(|u| u.tap_the), "[[don_vi]]"),
            // Its rows come from comparing with the original, loaded later.
            AppendixKind::Adjustment => (false, ""),
        };
        if empty {
            self.error(
                "phụ lục không có dữ liệu nào để lập bảng",
                appendix.loai.span(),
                &format!("{key}.loai"),
                format!("thêm {what} vào kế hoạch, hoặc bỏ phụ lục này"),
            );
        }
        if kind == AppendixKind::Milestones {
            self.milestone_table(plan, appendix, key);
        }
    }
}
