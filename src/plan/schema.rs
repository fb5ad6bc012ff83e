//! The vocabulary of a plan file that every stage shares: appendix kinds,
//! the columns each kind's table can show (key, title, width, what fills
//! the cell), and links from prose to appendices. `check` reads it to
//! validate, `compose` to build the tables, and a format reference can
//! enumerate keys, titles and descriptions from here alone.
//!
//! A column is one row of one table below; the enum in its `cell` field is
//! matched exhaustively by `compose`, so a new column is added here and the
//! compiler points at the one place that must fill it.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// What an appendix table shows (`[[phu_luc]] loai`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppendixKind {
    /// "chi-tieu": one row per indicator.
    Indicators,
    /// "nhiem-vu": the assignment of tasks.
    Tasks,
    /// "kinh-phi": tasks with their budget, a total row and "Bằng chữ".
    Budget,
    /// "moc": indicators' targets at their milestone years.
    Milestones,
    /// "can-bo": the staff form, one row per involved unit.
    Staff,
    /// "dieu-chinh": the targets changed since the issued plan (`ban_goc`),
    /// as issued and as adjusted.
    Adjustment,
}

impl AppendixKind {
    /// Every kind, in the order the format reference lists them.
    pub const ALL: [AppendixKind; 6] = [
        AppendixKind::Indicators,
        AppendixKind::Tasks,
        AppendixKind::Budget,
        AppendixKind::Milestones,
        AppendixKind::Staff,
        AppendixKind::Adjustment,
    ];

    /// The TOML value (`loai = "chi-tieu"`).
    pub fn key(self) -> &'static str {
        match self {
            AppendixKind::Indicators => "chi-tieu",
            AppendixKind::Tasks => "nhiem-vu",
            AppendixKind::Budget => "kinh-phi",
            AppendixKind::Milestones => "moc",
            AppendixKind::Staff => "can-bo",
            AppendixKind::Adjustment => "dieu-chinh",
        }
    }

    /// What the kind is, in the words of the format reference.
    pub fn description(self) -> &'static str {
        match self {
            AppendixKind::Indicators => "bảng chỉ tiêu",
            AppendixKind::Tasks => "phân công nhiệm vụ",
            AppendixKind::Budget => "nhiệm vụ có kinh phí, dòng Tổng cộng và \"Bằng chữ\" tự tính",
            AppendixKind::Milestones => "chỉ tiêu theo các mốc năm",
            AppendixKind::Staff => {
                "danh sách cán bộ thực hiện, mỗi đơn vị chủ trì hoặc phối hợp một dòng"
            }
            AppendixKind::Adjustment => {
                "điều chỉnh, bổ sung chỉ tiêu so với kế hoạch đã ban hành ở `ban_goc`: chỉ tiêu đã giao và chỉ tiêu điều chỉnh, tự tính"
            }
        }
    }

    /// The kind of a TOML value.
    pub fn from_key(key: &str) -> Option<AppendixKind> {
        AppendixKind::ALL.into_iter().find(|k| k.key() == key)
    }

    /// Whether `cot` may choose the columns (the others only rename them).
    pub fn choosable(self) -> bool {
        matches!(
            self,
            AppendixKind::Indicators
                | AppendixKind::Tasks
                | AppendixKind::Budget
                | AppendixKind::Milestones
        )
    }

    /// The keys of every column the kind's table can show, in table order.
    pub fn column_keys(self) -> Vec<&'static str> {
        self.columns().into_iter().map(|c| c.key).collect()
    }

    /// Every column the kind's table can show, in table order, as a format
    /// reference lists them.
    pub fn columns(self) -> Vec<ColumnDoc> {
        match self {
            AppendixKind::Indicators => docs(&INDICATOR_COLUMNS, &INDICATOR_DEFAULT),
            AppendixKind::Tasks => docs(&TASK_COLUMNS, &TASK_DEFAULT),
            AppendixKind::Budget => docs(&BUDGET_COLUMNS, &[]),
            AppendixKind::Milestones => docs(&MILESTONE_COLUMNS, &[]),
            AppendixKind::Staff => docs(&STAFF_COLUMNS, &[]),
            AppendixKind::Adjustment => docs(&ADJUSTMENT_COLUMNS, &[]),
        }
    }
}

/// A column without what fills it: what a format reference shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnDoc {
    pub key: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    /// Shown when `cot` is absent.
    pub default: bool,
}

/// The columns of `table`; `defaults` empty means all are shown.
fn docs<C: PartialEq>(table: &[ColumnSpec<C>], defaults: &[C]) -> Vec<ColumnDoc> {
    table
        .iter()
        .map(|c| ColumnDoc {
            key: c.key,
            title: c.title,
            description: c.description,
            default: defaults.is_empty() || defaults.contains(&c.cell),
        })
        .collect()
}

/// One column of an appendix table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnSpec<C> {
    /// The key in `cot` and `ten_cot`.
    pub key: &'static str,
    /// The header text unless `ten_cot` renames it.
    pub title: &'static str,
    /// Relative width (the table is scaled to the page).
    pub width: u32,
    /// What fills the column's cells.
    pub cell: C,
    /// What the column shows, for the format reference.
    pub description: &'static str,
}

/// The columns of the indicator table ("chi-tieu").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndicatorColumn {
    Number,
    Name,
    MeasureUnit,
    Target,
    Result,
    Lead,
    Partners,
    /// Lead and partners under one two-level header (`ASSIGNMENT_PARTS`).
    Assignment,
    Method,
    Guidance,
    References,
    Note,
}

/// The two sub-columns of "phan_cong", with their widths; the column's
/// own width in `INDICATOR_COLUMNS` is their sum.
pub const ASSIGNMENT_PARTS: [(&str, u32); 2] = [("Thực hiện", 14), ("Phối hợp", 16)];

/// Every column the indicator table can show, in table order.
pub const INDICATOR_COLUMNS: [ColumnSpec<IndicatorColumn>; 12] = [
    col(
        "stt",
        "STT",
        5,
        IndicatorColumn::Number,
        "số thứ tự 1, 2, 3a …",
    ),
    col(
        "ten",
        "Tên chỉ tiêu",
        26,
        IndicatorColumn::Name,
        "tên chỉ tiêu",
    ),
    col(
        "don_vi_tinh",
        "Đơn vị tính",
        8,
        IndicatorColumn::MeasureUnit,
        "đơn vị tính",
    ),
    col(
        "chi_tieu_giao",
        "Chỉ tiêu giao",
        10,
        IndicatorColumn::Target,
        "chỉ tiêu giao",
    ),
    col(
        "ket_qua",
        "Kết quả",
        9,
        IndicatorColumn::Result,
        "cột trống để ghi kết quả",
    ),
    col(
        "chu_tri",
        "Cơ quan chủ trì",
        14,
        IndicatorColumn::Lead,
        "đơn vị chủ trì",
    ),
    col(
        "phoi_hop",
        "Cơ quan phối hợp",
        16,
        IndicatorColumn::Partners,
        "đơn vị phối hợp",
    ),
    col(
        "phan_cong",
        "Phân công nhiệm vụ",
        ASSIGNMENT_PARTS[0].1 + ASSIGNMENT_PARTS[1].1,
        IndicatorColumn::Assignment,
        "chủ trì và phối hợp dưới một tiêu đề hai tầng",
    ),
    col(
        "phuong_phap",
        "Phương pháp tính/Nguồn số liệu",
        24,
        IndicatorColumn::Method,
        "phương pháp tính, mỗi dòng một dòng",
    ),
    col(
        "huong_dan",
        "Hướng dẫn thực hiện",
        24,
        IndicatorColumn::Guidance,
        "hướng dẫn thực hiện",
    ),
    col(
        "van_ban_lien_quan",
        "Văn bản liên quan",
        20,
        IndicatorColumn::References,
        "văn bản liên quan",
    ),
    col("ghi_chu", "Ghi chú", 10, IndicatorColumn::Note, "ghi chú"),
];

/// The indicator table's columns when `cot` is absent.
pub const INDICATOR_DEFAULT: [IndicatorColumn; 6] = [
    IndicatorColumn::Number,
    IndicatorColumn::Name,
    IndicatorColumn::Target,
    IndicatorColumn::Lead,
    IndicatorColumn::Partners,
    IndicatorColumn::Note,
];

/// The columns of the task tables ("nhiem-vu", "kinh-phi").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskColumn {
    Number,
    Name,
    Lead,
    Partners,
    Result,
    Budget,
    Time,
}

/// Every column of the task assignment table ("nhiem-vu"), in table order.
pub const TASK_COLUMNS: [ColumnSpec<TaskColumn>; 7] = task_columns("Nhiệm vụ", "Thời gian");

/// Every column of the budget table ("kinh-phi"), in table order; all of
/// them show when `cot` is absent.
pub const BUDGET_COLUMNS: [ColumnSpec<TaskColumn>; 7] =
    task_columns("Tên nhiệm vụ", "Thời gian hoàn thành");

/// The task table's columns when `cot` is absent.
pub const TASK_DEFAULT: [TaskColumn; 5] = [
    TaskColumn::Number,
    TaskColumn::Name,
    TaskColumn::Lead,
    TaskColumn::Partners,
    TaskColumn::Time,
];

const fn task_columns(name: &'static str, time: &'static str) -> [ColumnSpec<TaskColumn>; 7] {
    [
        col("stt", "STT", 5, TaskColumn::Number, "số thứ tự 1, 2, 4.1 …"),
        col("ten", name, 34, TaskColumn::Name, "tên nhiệm vụ"),
        col(
            "chu_tri",
            "Đơn vị chủ trì",
            15,
            TaskColumn::Lead,
            "đơn vị chủ trì",
        ),
        col(
            "phoi_hop",
            "Đơn vị phối hợp",
            17,
            TaskColumn::Partners,
            "đơn vị phối hợp",
        ),
        col(
            "ket_qua",
            "Kết quả",
            16,
            TaskColumn::Result,
            "kết quả dự kiến",
        ),
        col(
            "kinh_phi",
            "Dự kiến kinh phí (triệu đồng)",
            10,
            TaskColumn::Budget,
            "kinh phí (triệu đồng); nhiệm vụ cha là tổng của các nhiệm vụ con",
        ),
        col(
            "thoi_gian",
            time,
            10,
            TaskColumn::Time,
            "thời gian thực hiện",
        ),
    ]
}

/// The columns of the milestone table ("moc"); `moc` stands for one column
/// per milestone year ("Năm 2030", `MILESTONE_YEAR_WIDTH`) under a spanning
/// header, before `chu_tri` by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MilestoneColumn {
    Number,
    Name,
    MeasureUnit,
    /// One column per milestone year under one spanning header.
    Years,
    Lead,
}

pub const MILESTONE_COLUMNS: [ColumnSpec<MilestoneColumn>; 5] = [
    col("stt", "STT", 5, MilestoneColumn::Number, "số thứ tự"),
    col("ten", "Chỉ tiêu", 30, MilestoneColumn::Name, "tên chỉ tiêu"),
    col(
        "don_vi_tinh",
        "Đơn vị tính",
        8,
        MilestoneColumn::MeasureUnit,
        "đơn vị tính",
    ),
    col(
        "moc",
        "Mục tiêu theo từng giai đoạn",
        MILESTONE_YEAR_WIDTH,
        MilestoneColumn::Years,
        "một cột cho mỗi năm mốc (\"Năm 2030\"), chung một tiêu đề; cột \"Đơn vị tính\" không ai điền thì được bỏ",
    ),
    col(
        "chu_tri",
        "Cơ quan chủ trì",
        16,
        MilestoneColumn::Lead,
        "đơn vị chủ trì",
    ),
];

/// Width of each milestone year's column.
pub const MILESTONE_YEAR_WIDTH: u32 = 10;

/// The fixed columns of the staff form ("can-bo").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaffColumn {
    Number,
    Unit,
    Name,
    Phone,
    Note,
}

pub const STAFF_COLUMNS: [ColumnSpec<StaffColumn>; 5] = [
    col("tt", "TT", 6, StaffColumn::Number, "số thứ tự"),
    col(
        "don_vi",
        "Phòng ban, cơ quan, đơn vị",
        32,
        StaffColumn::Unit,
        "tên đơn vị",
    ),
    col(
        "ho_ten",
        "Họ và tên cán bộ thực hiện",
        28,
        StaffColumn::Name,
        "để trống, điền tay",
    ),
    col(
        "dien_thoai",
        "Số điện thoại",
        16,
        StaffColumn::Phone,
        "để trống, điền tay",
    ),
    col(
        "ghi_chu",
        "Ghi chú",
        14,
        StaffColumn::Note,
        "để trống, điền tay",
    ),
];

/// The fixed columns of the adjustment table ("dieu-chinh").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdjustmentColumn {
    Number,
    Name,
    MeasureUnit,
    /// The target as the original plan printed it.
    Issued,
    /// The target as the adjusting plan prints it.
    Adjusted,
    /// Added or removed, and the reason (`ly_do_dieu_chinh`).
    Note,
}

pub const ADJUSTMENT_COLUMNS: [ColumnSpec<AdjustmentColumn>; 6] = [
    col("stt", "STT", 5, AdjustmentColumn::Number, "số thứ tự"),
    col(
        "ten",
        "Chỉ tiêu",
        28,
        AdjustmentColumn::Name,
        "tên chỉ tiêu",
    ),
    col(
        "don_vi_tinh",
        "Đơn vị tính",
        8,
        AdjustmentColumn::MeasureUnit,
        "đơn vị tính; không chỉ tiêu nào có thì cột được bỏ",
    ),
    col(
        "chi_tieu_da_giao",
        "Chỉ tiêu đã giao",
        17,
        AdjustmentColumn::Issued,
        "chỉ tiêu giao như in trong bản gốc, dưới tiêu đề ghi số kế hoạch gốc; \"-\" nếu chỉ tiêu mới bổ sung",
    ),
    col(
        "chi_tieu_dieu_chinh",
        "Chỉ tiêu điều chỉnh",
        14,
        AdjustmentColumn::Adjusted,
        "chỉ tiêu giao như in trong kế hoạch này; \"-\" nếu chỉ tiêu bị bãi bỏ",
    ),
    col(
        "ghi_chu",
        "Ghi chú",
        22,
        AdjustmentColumn::Note,
        "bổ sung hay bãi bỏ (mẫu `phu-luc-dieu-chinh/ghi-chu.md.j2`) và lý do (`ly_do_dieu_chinh` của chỉ tiêu)",
    ),
];

const fn col<C>(
    key: &'static str,
    title: &'static str,
    width: u32,
    cell: C,
    description: &'static str,
) -> ColumnSpec<C> {
    ColumnSpec {
        key,
        title,
        width,
        cell,
        description,
    }
}

/// The authority a signer signs with (`[nguoi_ky] quyen_han`), Nghị định
/// 30, Phụ lục I; absent when the head signs in his own name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Authority {
    /// "TM": on behalf of the collective body.
    OnBehalf,
    /// "KT": a deputy signing for the head.
    Deputy,
    /// "Q": acting head.
    Acting,
    /// "TL": by order of the head.
    ByOrder,
    /// "TUQ": by authorisation of the head.
    Authorised,
}

impl Authority {
    /// Every authority, in the order Nghị định 30 lists them.
    pub const ALL: [Authority; 5] = [
        Authority::OnBehalf,
        Authority::Deputy,
        Authority::Acting,
        Authority::ByOrder,
        Authority::Authorised,
    ];

    /// The TOML value and the printed prefix ("KT" → "KT. CHỦ TỊCH").
    pub fn key(self) -> &'static str {
        match self {
            Authority::OnBehalf => "TM",
            Authority::Deputy => "KT",
            Authority::Acting => "Q",
            Authority::ByOrder => "TL",
            Authority::Authorised => "TUQ",
        }
    }

    /// What the authority means, in the words of the format reference.
    pub fn description(self) -> &'static str {
        match self {
            Authority::OnBehalf => "thay mặt tập thể (\"TM. ỦY BAN NHÂN DÂN\")",
            Authority::Deputy => "cấp phó ký thay người đứng đầu (\"KT. CHỦ TỊCH\")",
            Authority::Acting => "quyền người đứng đầu (\"Q. CHỦ TỊCH\")",
            Authority::ByOrder => "thừa lệnh người đứng đầu (\"TL. CHỦ TỊCH\")",
            Authority::Authorised => "thừa ủy quyền người đứng đầu (\"TUQ. CHỦ TỊCH\")",
        }
    }

    /// The authority of a TOML value.
    pub fn from_key(key: &str) -> Option<Authority> {
        Authority::ALL.into_iter().find(|a| a.key() == key)
    }

    /// Whom the signer stands for when `thay_mat` is absent.
    pub fn default_principal(self) -> &'static str {
        match self {
            Authority::OnBehalf => "ỦY BAN NHÂN DÂN",
            Authority::Deputy | Authority::Acting | Authority::ByOrder | Authority::Authorised => {
                "CHỦ TỊCH"
            }
        }
    }

    /// Whether the signer's own position must be given (an acting head's
    /// title is the head's).
    pub fn needs_position(self) -> bool {
        self != Authority::Acting
    }
}

/// How deeply the lists of a piece of Markdown nest (0: no list).
pub fn list_depth(markdown: &str) -> usize {
    let mut depth = 0usize;
    let mut deepest = 0;
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::List(_)) => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            Event::End(TagEnd::List(_)) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// The appendix ids a piece of Markdown prose links to (`[](#id)`).
pub fn appendix_links(markdown: &str) -> Vec<String> {
    Parser::new(markdown)
        .filter_map(|event| match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                dest_url.strip_prefix('#').map(str::to_owned)
            }
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_through_their_keys() {
        for kind in AppendixKind::ALL {
            assert_eq!(AppendixKind::from_key(kind.key()), Some(kind));
        }
        assert_eq!(AppendixKind::from_key("khac"), None);
    }

    #[test]
    fn column_keys_are_unique_per_table() {
        for kind in AppendixKind::ALL {
            let mut keys = kind.column_keys();
            let n = keys.len();
            keys.sort_unstable();
            keys.dedup();
            assert_eq!(keys.len(), n, "{kind:?}");
        }
    }

    #[test]
    fn a_reference_can_list_every_column_with_its_default() {
        let shown = |kind: AppendixKind| -> Vec<&str> {
            kind.columns()
                .into_iter()
                .filter(|c| c.default)
                .map(|c| c.key)
                .collect()
        };
        assert_eq!(
            shown(AppendixKind::Indicators),
            [
                "stt",
                "ten",
                "chi_tieu_giao",
                "chu_tri",
                "phoi_hop",
                "ghi_chu"
            ]
        );
        assert_eq!(shown(AppendixKind::Tasks).len(), 5);
        assert_eq!(shown(AppendixKind::Budget).len(), 7);
        for kind in AppendixKind::ALL {
            assert!(
                kind.columns()
                    .iter()
                    .all(|c| !c.title.is_empty() && !c.description.is_empty()),
                "{kind:?}"
            );
        }
    }

    #[test]
    fn links_name_their_targets() {
        assert_eq!(appendix_links("x [](#a) [b](#c) [d](http://e)"), ["a", "c"]);
    }
}
