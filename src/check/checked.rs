//! The plan as `check` proved it: what `compose` reads, and all it reads.
//!
//! Where the TOML model (`plan::Plan`) has spans, optional forms and ids,
//! this has the one form check accepted: a target is one `Target` variant,
//! an appendix kind and its columns are enums from `plan::schema` with
//! their titles resolved, unit references are indices into `units`, the
//! plan has one `Date`. The subjects of `check` build it as they check. Texts are trimmed where every use trims them;
//! Markdown prose is kept as written. A value of this type exists only for
//! a plan without errors, so `compose` needs no fallbacks.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::plan::schema::{
    AdjustmentColumn, Authority, IndicatorColumn, MilestoneColumn, StaffColumn, TaskColumn,
};
use crate::text::Date;

/// A checked plan.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedPlan {
    /// The template kind (a folder of the template set that exists).
    pub kind: String,
    pub header: Header,
    /// Legal bases, as written (the ending is set on the page).
    pub bases: Vec<String>,
    pub opening: Prose,
    pub sections: Vec<Section>,
    pub closing: Prose,
    pub units: Vec<Unit>,
    pub indicator_groups: Vec<Group>,
    pub indicators: Vec<Indicator>,
    pub task_groups: Vec<Group>,
    pub tasks: Vec<Task>,
    pub signer: Signer,
    pub recipients: Vec<Recipient>,
    pub appendices: Vec<Appendix>,
}

/// The document's identity.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    /// The commune's name without "xã".
    pub commune: String,
    pub province: Option<String>,
    pub parent_body: Option<String>,
    /// Issuing body lines, when the plan gives its own.
    pub issuer: Option<Vec<String>>,
    /// Positive document number, once the plan has one.
    pub number: Option<i64>,
    pub symbol: String,
    pub place: Option<String>,
    /// The signing date, once signed.
    pub signed: Option<Date>,
    /// The plan's year (of the signing date, else `nam`).
    pub year: i32,
    /// The month of an unsigned plan (`thang`), printed with a blank day.
    pub month: Option<u8>,
    /// The appendix line reads "(Ban hành kèm theo …)".
    pub issued_with: bool,
    /// The plan's date: the signing date, else the 1st of its month
    /// (`thang`, else January) of its year.
    pub date: Date,
    /// Document type name, as written ("KẾ HOẠCH" when absent).
    pub type_name: Option<String>,
    pub excerpt: String,
    /// Marked "DỰ THẢO": flagged, and not both numbered and dated.
    pub draft: bool,
    /// The drafting unit's abbreviation, for "Lưu: VT, …".
    pub drafter: Option<String>,
}

/// An opening or closing sentence.
#[derive(Debug, Clone, PartialEq)]
pub enum Prose {
    /// Absent: the kind's standard sentence.
    Standard,
    /// Blank: none at all.
    Omitted,
    /// The plan's own Markdown.
    Own(String),
}

/// One part of the body (I, II …).
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub title: String,
    /// Markdown before the derived block.
    pub body: Option<String>,
    /// A derived block of the kind that exists (`chen`).
    pub insert: Option<String>,
    /// Markdown after the derived block.
    pub after: Option<String>,
    /// How `##` sub-items are numbered in this part.
    pub sub_items: SubItemStyle,
}

/// How a part numbers its `##` sub-items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SubItemStyle {
    /// "a)", "b)" … (`muc_con = "chu"`, the default).
    #[default]
    Letter,
    /// "5.1.", "5.2." … under item "5." (`muc_con = "so"`).
    Decimal,
}

impl SubItemStyle {
    /// The style a `muc_con` value names; `None` for an unknown one.
    pub fn from_key(key: &str) -> Option<Self> {
        match key.trim() {
            "chu" => Some(SubItemStyle::Letter),
            "so" => Some(SubItemStyle::Decimal),
            _ => None,
        }
    }
}

/// Index of a unit in `CheckedPlan::units`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnitId(pub usize);

#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    pub id: String,
    pub name: String,
    /// A collective: no line in "Tổ chức thực hiện" nor the staff form.
    pub collective: bool,
    /// Extra duties (Markdown, trimmed).
    pub duties: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub id: String,
    pub name: String,
}

/// An indicator; a sub-indicator has no group of its own and no children.
#[derive(Debug, Clone, PartialEq)]
pub struct Indicator {
    /// Its `id`: what stays the same across versions of the plan when a
    /// name or a target changes.
    pub id: String,
    pub name: String,
    /// Index into `indicator_groups`.
    pub group: Option<usize>,
    pub measure_unit: Option<String>,
    pub target: Option<Target>,
    /// Its own lead units; empty only for a parent led by its children.
    pub lead: Vec<UnitId>,
    pub partners: Vec<UnitId>,
    /// Purpose, as written.
    pub purpose: Option<String>,
    pub methods: Vec<String>,
    /// Method of calculation, as written (one line per line).
    pub calculation: Option<String>,
    pub guidance: Vec<String>,
    pub references: Vec<String>,
    pub deadline: Option<Deadline>,
    /// Note, as written.
    pub note: Option<String>,
    /// Targets at milestone years, years ascending.
    pub milestones: Vec<Milestone>,
    /// Why its target differs from the original's (`ly_do_dieu_chinh`).
    pub adjustment_reason: Option<String>,
    pub children: Vec<Indicator>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Milestone {
    pub year: i64,
    pub target: Target,
    /// The milestone's own note, printed under the value.
    pub note: Option<String>,
}

/// A target in the one form the plan gave; `unit` is never blank.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// `ty_le`: a percentage.
    Percent(f64),
    /// `so`: a figure, with its unit or none.
    Count { value: f64, unit: Option<String> },
    /// `tu`–`den`: a percentage range unless a unit is given.
    Range {
        from: f64,
        to: f64,
        unit: Option<String>,
    },
    /// `toi_thieu`: a percentage unless a unit is given.
    AtLeast { value: f64, unit: Option<String> },
    /// `toi_da`: a percentage unless a unit is given.
    AtMost { value: f64, unit: Option<String> },
    /// `tren`: strictly above; a percentage unless a unit is given.
    Above { value: f64, unit: Option<String> },
    /// `duoi`: strictly below; a percentage unless a unit is given.
    Below { value: f64, unit: Option<String> },
    /// `chu`: words.
    Words(String),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Deadline {
    Date(Date),
    Text(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Task {
    /// Its `id`, when the plan gives one.
    pub id: Option<String>,
    pub name: String,
    /// Index into `task_groups`.
    pub group: Option<usize>,
    pub lead: Vec<UnitId>,
    pub partners: Vec<UnitId>,
    pub time: Option<String>,
    pub result: Option<String>,
    /// Its own budget (a parent's is the sum of its children's).
    pub budget: Option<rust_decimal::Decimal>,
    pub children: Vec<Task>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Signer {
    pub authority: Option<Authority>,
    /// Whom the signer stands for, as written.
    pub principal: Option<String>,
    pub position: Option<String>,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Recipient {
    pub name: String,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Appendix {
    pub id: String,
    pub title: String,
    /// A bold line above the title.
    pub caption: Option<String>,
    /// Landscape or not, when the plan says.
    pub landscape: Option<bool>,
    pub table: AppendixTable,
    /// Where the plan names it (its `id`), for warnings about its layout.
    pub span: Option<std::ops::Range<usize>>,
}

/// An appendix's table: its kind with the columns it shows, in order.
#[derive(Debug, Clone, PartialEq)]
pub enum AppendixTable {
    Indicators(Vec<Column<IndicatorColumn>>),
    /// `budget`: the "kinh-phi" table, with a total row and "Bằng chữ".
    Tasks {
        budget: bool,
        columns: Vec<Column<TaskColumn>>,
    },
    Milestones(Vec<Column<MilestoneColumn>>),
    Staff {
        columns: Vec<Column<StaffColumn>>,
        blank_rows: u16,
    },
    /// The targets changed since `original`, the issued plan (`ban_goc`),
    /// issued under `issued`.
    Adjustment {
        columns: Vec<Column<AdjustmentColumn>>,
        original: Arc<Original>,
        issued: Issued,
        /// Why an indicator of the original was removed, by its id.
        removed_reasons: BTreeMap<String, String>,
    },
}

/// What an adjustment compares with: the issued plan's header and
/// indicators (all the adjustment prints of it), made once per original
/// and shared by every appendix that names it.
#[derive(Debug, Clone, PartialEq)]
pub struct Original {
    /// Its header as its file has it: a draft's has no number or signing
    /// date; the appendix's [`Issued`] says what it was issued under.
    pub header: Header,
    pub indicator_groups: Vec<Group>,
    pub indicators: Vec<Indicator>,
}

impl Original {
    /// What an adjustment of `plan` compares with.
    pub fn of(plan: &CheckedPlan) -> Self {
        Original {
            header: plan.header.clone(),
            indicator_groups: plan.indicator_groups.clone(),
            indicators: plan.indicators.clone(),
        }
    }
}

/// The number and signing date an original was issued under: its own, or
/// those the adjusting appendix gives for a draft (`so_ban_goc`,
/// `ngay_ban_goc`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Issued {
    pub number: i64,
    pub date: Date,
}

/// The original of each adjustment appendix of a plan, by the appendix's
/// index: `None` for one that cannot serve (and was reported at its
/// `ban_goc`); an appendix missing here was never looked up.
pub type Originals = BTreeMap<usize, Option<(Arc<Original>, Issued)>>;

/// A column as the table shows it: what fills it, its header text (with
/// `ten_cot` applied) and its relative width.
#[derive(Debug, Clone, PartialEq)]
pub struct Column<C> {
    pub cell: C,
    pub title: String,
    pub width: u32,
}

impl CheckedPlan {
    /// A unit by reference.
    pub fn unit(&self, id: UnitId) -> &Unit {
        &self.units[id.0]
    }
}
