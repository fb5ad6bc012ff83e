//! The plan as written in TOML: one struct per table, keys in Vietnamese
//! without diacritics. Nothing here is derived; numbering, totals and the
//! words on the page are computed later by `compose`.
//!
//! Fields that `check` must point at carry their source span (`Spanned`), so a
//! diagnostic can name the line and column of the offending value.

use serde::Deserialize;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use toml::Spanned;

/// A TOML date as written (`2026-01-24`); validated by `check`.
pub type TomlDate = toml::value::Datetime;

/// A TOML local date as a checked calendar date.
pub fn toml_date(value: &TomlDate) -> Option<crate::text::Date> {
    if value.time.is_some() || value.offset.is_some() {
        return None;
    }
    let date = value.date?;
    crate::text::Date::new(i32::from(date.year), date.month, date.day)
}

/// A whole plan file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// Header data: issuing body, number, date, title.
    pub van_ban: Header,
    /// Legal bases and directives the plan rests on, one sentence each
    /// ("Căn cứ …" or "Thực hiện …"); the ";" ending is added on the page.
    #[serde(default)]
    pub can_cu: Vec<Spanned<String>>,
    /// The sentence introducing the plan; the ":" ending is added on the page.
    #[serde(default)]
    pub mo_dau: Option<Spanned<String>>,
    /// The parts of the body (I, II, III …), numbered on the page.
    #[serde(default)]
    pub phan: Vec<Section>,
    /// The closing sentence ("Trên đây là Kế hoạch …"); "./." is added.
    #[serde(default)]
    pub ket_luan: Option<Spanned<String>>,
    /// Registry of offices and bodies, referred to by id everywhere else.
    #[serde(default)]
    pub don_vi: Vec<Unit>,
    /// Groups of indicators (seed 002: "I. Nhóm chỉ tiêu …").
    #[serde(default)]
    pub nhom_chi_tieu: Vec<Group>,
    /// Indicators (chỉ tiêu), numbered 1, 2, 3 … in this order.
    #[serde(default)]
    pub chi_tieu: Vec<Indicator>,
    /// Groups of tasks (seed 000: "I. Văn bản chỉ đạo").
    #[serde(default)]
    pub nhom_nhiem_vu: Vec<Group>,
    /// Tasks (nhiệm vụ), numbered within their group.
    #[serde(default)]
    pub nhiem_vu: Vec<Task>,
    /// The signer.
    pub nguoi_ky: Signer,
    /// Recipients ("Nơi nhận"), without the final "Lưu" line, which is derived.
    #[serde(default)]
    pub noi_nhan: Vec<Recipient>,
    /// Appendices, numbered I, II … in this order.
    #[serde(default)]
    pub phu_luc: Vec<Appendix>,
    /// Where the `[van_ban]` header stands, for problems of the header as a
    /// whole (set by the loader; a table's own span is its header line).
    #[serde(skip)]
    pub header_span: std::ops::Range<usize>,
}

/// The document's identity: who issues it, its number, place, date and title.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    /// Template kind, a folder under `templates/` (e.g. "chi-tieu").
    pub loai: Spanned<String>,
    /// The commune's name without "xã" ("Quảng Ngọc"); flows into the
    /// issuing body, the place, the excerpt and every "Kèm theo" line.
    pub xa: Spanned<String>,
    /// The province, for sentences that name it.
    #[serde(default)]
    pub tinh: Option<Spanned<String>>,
    /// Governing body above the issuer (a commune's UBND has none).
    #[serde(default)]
    pub co_quan_chu_quan: Option<Spanned<String>>,
    /// Issuing body lines; default "ỦY BAN NHÂN DÂN" / "XÃ <XA>".
    #[serde(default)]
    pub co_quan: Option<Spanned<Vec<String>>>,
    /// Document number; absent while the plan awaits signature.
    #[serde(default)]
    pub so: Option<Spanned<i64>>,
    /// Symbol after the number, e.g. "KH-UBND".
    pub ky_hieu: Spanned<String>,
    /// Place in the date line; default the commune's name.
    #[serde(default)]
    pub dia_danh: Option<Spanned<String>>,
    /// Signing date; absent while the plan awaits signature.
    #[serde(default)]
    pub ngay: Option<Spanned<TomlDate>>,
    /// The year, required when `ngay` is absent; must agree with it otherwise.
    #[serde(default)]
    pub nam: Option<Spanned<i64>>,
    /// Tháng ký (1–12) khi chưa có ngày ký: dòng ngày in "ngày      tháng 12
    /// năm 2025", ngày để trống điền tay lúc ký; dòng "(Kèm theo …)" cũng vậy.
    #[serde(default)]
    pub thang: Option<Spanned<i64>>,
    /// Cách đánh số mục cấp ba (`##`) cho cả kế hoạch: "chu" (a), b) …, mặc
    /// định) hoặc "so" (5.1., 5.2. … dưới mục 5.); mỗi phần có thể chọn riêng.
    #[serde(default)]
    pub muc_con: Option<Spanned<String>>,
    /// Dòng dưới tên phụ lục ghi "(Ban hành kèm theo Kế hoạch số …)" thay cho
    /// "(Kèm theo Kế hoạch số …)", theo thói quen của một số cơ quan.
    #[serde(default)]
    pub ban_hanh_kem_theo: Option<Spanned<bool>>,
    /// Document type name; default "KẾ HOẠCH".
    #[serde(default)]
    pub ten_loai: Option<Spanned<String>>,
    /// What the plan is about (trích yếu), sentence case.
    pub trich_yeu: Spanned<String>,
    /// A draft carries the "DỰ THẢO" mark.
    #[serde(default)]
    pub du_thao: Option<Spanned<bool>>,
    /// Id of the drafting unit, for the final "Lưu: VT, <viết tắt>." line.
    #[serde(default)]
    pub don_vi_soan_thao: Option<Spanned<String>>,
}

/// One part of the body: "I. MỤC ĐÍCH YÊU CẦU" and what it holds.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Heading text; printed uppercase after its Roman numeral.
    pub tieu_de: Spanned<String>,
    /// Markdown: `#` headings become 1., 2. …; `##` become a), b) …;
    /// `-` lists become "-" lines (nested: "+"); `[](#id)` names an appendix.
    #[serde(default)]
    pub noi_dung: Option<Spanned<String>>,
    /// A derived block of the template kind inserted after `noi_dung`,
    /// e.g. "cach-thuc-chi-tieu" or "to-chuc-thuc-hien".
    #[serde(default)]
    pub chen: Option<Spanned<String>>,
    /// Markdown printed after the derived block.
    #[serde(default)]
    pub noi_dung_sau: Option<Spanned<String>>,
    /// Cách đánh số mục `##` của riêng phần này: "chu" (a), b) …) hoặc "so"
    /// (5.1., 5.2. …); mặc định theo `van_ban.muc_con`.
    #[serde(default)]
    pub muc_con: Option<Spanned<String>>,
}

/// An office, body or collective referred to by id.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    /// Identifier used by `chu_tri`, `phoi_hop`, `don_vi_soan_thao`.
    pub id: Spanned<String>,
    /// Full name as printed ("Phòng Văn hóa - Xã hội").
    pub ten: Spanned<String>,
    /// Abbreviation for the "Lưu" line ("VHXH").
    #[serde(default)]
    pub viet_tat: Option<Spanned<String>>,
    /// A collective ("Các cơ quan, đơn vị có liên quan") rather than one
    /// office: it gets no line in "Tổ chức thực hiện" nor the staff form.
    #[serde(default)]
    pub tap_the: bool,
    /// Extra duties printed under the unit in "Tổ chức thực hiện".
    #[serde(default)]
    pub nhiem_vu: Option<Spanned<String>>,
}

/// A group heading for indicators or tasks.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    pub id: Spanned<String>,
    pub ten: Spanned<String>,
}

/// One indicator (chỉ tiêu), possibly with sub-indicators (3a, 3b …).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    pub id: Spanned<String>,
    pub ten: Spanned<String>,
    /// Group id from `nhom_chi_tieu`.
    #[serde(default)]
    pub nhom: Option<Spanned<String>>,
    /// Unit of measure ("%", "Doanh nghiệp").
    #[serde(default)]
    pub don_vi_tinh: Option<Spanned<String>>,
    /// The target; required unless the indicator has sub-indicators.
    #[serde(default)]
    pub chi_tieu_giao: Option<Spanned<Target>>,
    /// Lead unit id(s).
    #[serde(default)]
    pub chu_tri: Option<Spanned<UnitRefs>>,
    /// Partner unit ids.
    #[serde(default)]
    pub phoi_hop: Vec<Spanned<String>>,
    /// Purpose; several lines print as "-" items.
    #[serde(default)]
    pub muc_dich: Option<Spanned<String>>,
    /// How the commune meets it: one bullet each.
    #[serde(default)]
    pub cach_thuc: Vec<Spanned<String>>,
    /// Method of calculation / data source; lines print as separate lines.
    #[serde(default)]
    pub phuong_phap: Option<Spanned<String>>,
    /// Guidance items.
    #[serde(default)]
    pub huong_dan: Vec<Spanned<String>>,
    /// Legal references (printed in the "Ghi chú" column of seed 001).
    #[serde(default)]
    pub van_ban_lien_quan: Vec<Spanned<String>>,
    /// Deadline: a date ("Trước ngày 20/06/2026") or free text.
    #[serde(default)]
    pub han: Option<Spanned<Deadline>>,
    /// Note column.
    #[serde(default)]
    pub ghi_chu: Option<Spanned<String>>,
    /// Targets at milestone years (2025, 2030 …), ascending.
    #[serde(default)]
    pub moc: Vec<Milestone>,
    /// Sub-indicators, numbered 3a, 3b … under their parent.
    #[serde(default)]
    pub con: Vec<Indicator>,
}

/// An indicator's target at one milestone year.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    pub nam: Spanned<i64>,
    pub gia_tri: Spanned<Target>,
    /// Ghi chú của riêng mốc này, in dưới giá trị trong ô ("5G", "Duy trì").
    #[serde(default)]
    pub ghi_chu: Option<Spanned<String>>,
}

/// A target as structured data; exactly one form is given.
///
/// `{ ty_le = 35.4 }` → "35,4%"; `{ so = 2, don_vi = "mô hình" }` → "2 mô hình";
/// `{ tu = 2, den = 3, don_vi = "đơn/năm" }` → "2-3 đơn/năm";
/// `{ toi_thieu = 85 }` → "≥ 85%"; `{ toi_da = 5 }` → "≤ 5%";
/// `{ tren = 92 }` → "> 92%"; `{ duoi = 5 }` → "< 5%";
/// `{ chu = "Khuyến khích" }` → "Khuyến khích".
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    #[serde(default)]
    pub ty_le: Option<Spanned<f64>>,
    #[serde(default)]
    pub so: Option<Spanned<f64>>,
    #[serde(default)]
    pub tu: Option<Spanned<f64>>,
    #[serde(default)]
    pub den: Option<Spanned<f64>>,
    #[serde(default)]
    pub toi_thieu: Option<Spanned<f64>>,
    #[serde(default)]
    pub toi_da: Option<Spanned<f64>>,
    /// Lớn hơn hẳn: `{ tren = 92 }` in "> 92%" (tỷ lệ khi không có `don_vi`).
    #[serde(default)]
    pub tren: Option<Spanned<f64>>,
    /// Nhỏ hơn hẳn: `{ duoi = 5 }` in "< 5%" (tỷ lệ khi không có `don_vi`).
    #[serde(default)]
    pub duoi: Option<Spanned<f64>>,
    #[serde(default)]
    pub chu: Option<Spanned<String>>,
    /// Unit after the number; for `toi_thieu`/`toi_da`/`tu`-`den` without
    /// one, the value is a percentage.
    #[serde(default)]
    pub don_vi: Option<Spanned<String>>,
}

/// A deadline: a date or a sentence ("Thực hiện thường xuyên").
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Deadline {
    Date(TomlDate),
    Text(String),
}

/// A task (nhiệm vụ) with its lead, partners, time frame and budget.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Task {
    #[serde(default)]
    pub id: Option<Spanned<String>>,
    pub ten: Spanned<String>,
    /// Group id from `nhom_nhiem_vu`.
    #[serde(default)]
    pub nhom: Option<Spanned<String>>,
    #[serde(default)]
    pub chu_tri: Option<Spanned<UnitRefs>>,
    #[serde(default)]
    pub phoi_hop: Vec<Spanned<String>>,
    /// Time frame as printed ("Hàng năm", "2025-2030", "Quý II/2025").
    #[serde(default)]
    pub thoi_gian: Option<Spanned<String>>,
    /// Expected result.
    #[serde(default)]
    pub ket_qua: Option<Spanned<String>>,
    /// Budget in millions of đồng (triệu đồng), exact; bounds checked by
    /// `check` (see `text::money`).
    #[serde(default)]
    pub kinh_phi: Option<Spanned<crate::text::money::Money>>,
    /// Sub-tasks, numbered 4.1, 4.2 … under their parent.
    #[serde(default)]
    pub con: Vec<Task>,
}

/// The signature block.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signer {
    /// "TM", "KT", "Q", "TL", "TUQ", or absent when the head signs himself.
    #[serde(default)]
    pub quyen_han: Option<Spanned<String>>,
    /// Whom the signer stands for; default "ỦY BAN NHÂN DÂN" after TM,
    /// "CHỦ TỊCH" after the others.
    #[serde(default)]
    pub thay_mat: Option<Spanned<String>>,
    /// The signer's position ("PHÓ CHỦ TỊCH"; "CHỦ TỊCH").
    #[serde(default)]
    pub chuc_vu: Option<Spanned<String>>,
    /// Full name.
    pub ho_ten: Spanned<String>,
}

/// One line of "Nơi nhận".
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recipient {
    pub ten: Spanned<String>,
    /// Annotation in brackets: "b/c", "t/h", "để b/c".
    #[serde(default)]
    pub ghi_chu: Option<Spanned<String>>,
}

/// An appendix (phụ lục): a table fed by plan data.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Appendix {
    /// Identifier used in body references `[](#id)`.
    pub id: Spanned<String>,
    /// What the table shows: "chi-tieu" (indicators), "nhiem-vu" (tasks),
    /// "kinh-phi" (tasks with budget and total), "moc" (milestone targets),
    /// "can-bo" (the staff-assignment form).
    pub loai: Spanned<String>,
    /// Title under "PHỤ LỤC I".
    pub ten: Spanned<String>,
    /// A bold line above the title (seed 001: "DANH SÁCH").
    #[serde(default)]
    pub tieu_de: Option<Spanned<String>>,
    /// Column keys in order; default per `loai`.
    #[serde(default)]
    pub cot: Vec<Spanned<String>>,
    /// Header text overrides, by column key.
    #[serde(default)]
    pub ten_cot: std::collections::BTreeMap<String, Spanned<String>>,
    /// Landscape page; default per `loai`.
    #[serde(default)]
    pub ngang: Option<bool>,
    /// Blank rows per unit in the staff form.
    #[serde(default)]
    pub dong_trong: Option<Spanned<i64>>,
}

/// One or several unit ids: `chu_tri = "vhxh"` or `chu_tri = ["kt", "ttpvhcc"]`.
#[derive(Debug, Clone)]
pub struct UnitRefs(Vec<Spanned<String>>);

impl UnitRefs {
    /// The ids with their source spans; a lone string takes the span of
    /// the whole value (`field`).
    pub fn ids(field: &Spanned<UnitRefs>) -> impl Iterator<Item = (&str, std::ops::Range<usize>)> {
        field.get_ref().0.iter().map(move |id| {
            let span = if id.span().is_empty() {
                field.span()
            } else {
                id.span()
            };
            (id.get_ref().as_str(), span)
        })
    }
}

impl<'de> Deserialize<'de> for UnitRefs {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct RefsVisitor;
        impl<'de> Visitor<'de> for RefsVisitor {
            type Value = UnitRefs;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a unit id or a list of unit ids")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<UnitRefs, A::Error> {
                let mut ids = Vec::new();
                while let Some(id) = seq.next_element::<Spanned<String>>()? {
                    ids.push(id);
                }
                Ok(UnitRefs(ids))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<UnitRefs, E> {
                // A lone string has no span of its own here; `ids` lends it
                // the span of the whole value.
                Ok(UnitRefs(vec![Spanned::new(0..0, v.to_owned())]))
            }
        }
        deserializer.deserialize_any(RefsVisitor)
    }
}
