//! What the recogniser makes of a source: the plan's structure in plain
//! Rust, key for key what the plan file will hold, but no TOML. The writer
//! (`import::write`) turns it into edits.

use rust_decimal::Decimal;

use crate::plan::schema::AppendixKind;

/// A plan as recognised.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Draft {
    pub header: Header,
    /// `can_cu`, each without its final ";".
    pub bases: Vec<String>,
    /// `mo_dau` (Markdown), without its final ":".
    pub opening: Option<String>,
    /// `ket_luan` (Markdown), without its final "./.".
    pub closing: Option<String>,
    pub sections: Vec<Section>,
    pub units: Vec<Unit>,
    pub indicator_groups: Vec<Group>,
    pub indicators: Vec<Indicator>,
    pub task_groups: Vec<Group>,
    pub tasks: Vec<Task>,
    pub signer: Signer,
    pub recipients: Vec<Recipient>,
    pub appendices: Vec<Appendix>,
    /// Comment lines for the end of the file: what the source held that
    /// has no key (a table kehoach cannot rebuild without another file),
    /// kept word for word so nothing is lost.
    pub leftovers: Vec<String>,
}

/// `[van_ban]`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Header {
    /// `loai`: a template kind.
    pub kind: String,
    /// `xa`, without "xã".
    pub commune: String,
    pub province: Option<String>,
    pub parent_body: Option<String>,
    /// `co_quan`, when not the default "ỦY BAN NHÂN DÂN" / "XÃ …".
    pub issuer: Option<Vec<String>>,
    pub number: Option<i64>,
    pub symbol: String,
    /// `dia_danh`, when not the commune.
    pub place: Option<String>,
    pub date: Option<(u16, u8, u8)>,
    pub year: Option<i64>,
    pub month: Option<u8>,
    /// `muc_con = "so"` for the whole plan.
    pub numbered_sub_items: bool,
    /// `ban_hanh_kem_theo`.
    pub issued_with: bool,
    /// `danh_so_phan`, when not Roman ("chu": A., B. …).
    pub section_labels: Option<String>,
    /// `in_hoa_tieu_de = false`: the parts' titles print as typed.
    pub sentence_case_titles: bool,
    /// `ten_loai`, when not "KẾ HOẠCH".
    pub type_name: Option<String>,
    pub excerpt: String,
    pub draft: bool,
    /// `don_vi_soan_thao`: a unit id.
    pub drafter: Option<String>,
}

/// `[[phan]]`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Section {
    pub title: String,
    /// `phan_thu`: the title of the "Phần thứ …" this part opens.
    pub division: Option<String>,
    /// `muc_con = "so"` for this section.
    pub numbered_sub_items: bool,
    /// `noi_dung` (Markdown).
    pub body: Option<String>,
    /// `chen`: a derived block.
    pub block: Option<String>,
    /// `noi_dung_sau` (Markdown).
    pub after: Option<String>,
}

/// `[[don_vi]]`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Unit {
    pub id: String,
    pub name: String,
    pub abbreviation: Option<String>,
    pub collective: bool,
    /// `nhiem_vu` (Markdown).
    pub duties: Option<String>,
}

/// `[[nhom_chi_tieu]]`, `[[nhom_nhiem_vu]]`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Group {
    pub id: String,
    pub name: String,
}

/// A number as the source typed it, exactly.
pub type Number = Decimal;

/// `chi_tieu_giao`, one form.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    Rate(Number),
    Count(Number, Option<String>),
    Range(Number, Number, Option<String>),
    AtLeast(Number, Option<String>),
    AtMost(Number, Option<String>),
    Above(Number, Option<String>),
    Below(Number, Option<String>),
    Text(String),
}

/// `han`.
#[derive(Debug, Clone, PartialEq)]
pub enum Deadline {
    Date(u16, u8, u8),
    Text(String),
}

/// One entry of `moc`.
#[derive(Debug, Clone, PartialEq)]
pub struct Milestone {
    pub year: i64,
    pub value: Target,
    pub note: Option<String>,
}

/// `[[chi_tieu]]` (and `[[chi_tieu.con]]`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Indicator {
    pub id: String,
    pub group: Option<String>,
    pub name: String,
    pub measure_unit: Option<String>,
    pub target: Option<Target>,
    pub lead: Vec<String>,
    pub partners: Vec<String>,
    /// `muc_dich`, one line an item.
    pub purpose: Vec<String>,
    /// `cach_thuc`.
    pub methods: Vec<String>,
    /// `phuong_phap`, lines.
    pub method: Option<String>,
    pub guidance: Vec<String>,
    pub references: Vec<String>,
    pub deadline: Option<Deadline>,
    pub note: Option<String>,
    /// `ly_do_dieu_chinh`.
    pub adjustment_reason: Option<String>,
    pub milestones: Vec<Milestone>,
    pub children: Vec<Indicator>,
}

/// `[[nhiem_vu]]` (and `[[nhiem_vu.con]]`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Task {
    pub id: String,
    pub group: Option<String>,
    pub name: String,
    pub lead: Vec<String>,
    pub partners: Vec<String>,
    pub result: Option<String>,
    /// `kinh_phi`, triệu đồng.
    pub budget: Option<Decimal>,
    pub time: Option<String>,
    pub children: Vec<Task>,
}

/// `[nguoi_ky]`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Signer {
    pub authority: Option<String>,
    /// `thay_mat`, when not the authority's default.
    pub principal: Option<String>,
    pub position: Option<String>,
    pub name: String,
}

/// `[[noi_nhan]]`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Recipient {
    pub name: String,
    pub note: Option<String>,
    /// `gop_voi_tren`: under one brace with the line above, sharing the
    /// note of the group's first line.
    pub joined: bool,
}

/// `[[phu_luc]]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Appendix {
    pub id: String,
    /// `loai`.
    pub kind: AppendixKind,
    /// `tieu_de` ("DANH SÁCH").
    pub caption: Option<String>,
    pub title: String,
    /// `cot`, when not the kind's default.
    pub columns: Vec<String>,
    /// `ten_cot`, column key → title.
    pub column_titles: Vec<(String, String)>,
    pub landscape: Option<bool>,
}
