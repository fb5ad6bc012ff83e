//! The plan as `check` proved it: what `compose` reads, and all it reads.
//!
//! Where the TOML model (`plan::Plan`) has spans, optional forms and ids,
//! this has the one form check accepted: a target is one `Target` variant,
//! an appendix kind and its columns are enums from `plan::schema` with
//! their titles resolved, unit references are indices into `units`, the
//! plan has one `Date`. Texts are trimmed where every use trims them;
//! Markdown prose is kept as written. A value of this type exists only for
//! a plan without errors, so `compose` needs no fallbacks.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::plan::schema::{
    ADJUSTMENT_COLUMNS, AdjustmentColumn, AppendixKind, Authority, BUDGET_COLUMNS, ColumnSpec,
    INDICATOR_COLUMNS, INDICATOR_DEFAULT, IndicatorColumn, MILESTONE_COLUMNS, MilestoneColumn,
    STAFF_COLUMNS, StaffColumn, TASK_COLUMNS, TASK_DEFAULT, TaskColumn,
};
use crate::plan::{self, Plan, UnitRefs, toml_date};
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

/// Builds the checked plan of a plan that `rules` found without errors;
/// `None` if the plan is not such a plan after all.
pub(super) fn resolve(plan: &Plan, originals: &Originals) -> Option<CheckedPlan> {
    let h = &plan.van_ban;
    let signed = match &h.ngay {
        Some(d) => Some(toml_date(d.get_ref())?),
        None => None,
    };
    let year = match signed {
        Some(d) => d.year,
        None => i32::try_from(*h.nam.as_ref()?.get_ref()).ok()?,
    };
    let drafter = match &h.don_vi_soan_thao {
        Some(id) => Some(
            plan.don_vi
                .iter()
                .find(|u| u.id.get_ref() == id.get_ref())?
                .viet_tat
                .as_ref()?
                .get_ref()
                .trim()
                .to_owned(),
        ),
        None => None,
    };
    let numbered_and_dated = h.so.is_some() && h.ngay.is_some();
    let month = match (&h.thang, signed) {
        (Some(m), None) => Some(u8::try_from(*m.get_ref()).ok()?),
        _ => None,
    };
    let header = Header {
        commune: trimmed(&h.xa),
        province: h.tinh.as_ref().map(trimmed),
        parent_body: h.co_quan_chu_quan.as_ref().map(trimmed),
        issuer: h.co_quan.as_ref().map(|lines| {
            lines
                .get_ref()
                .iter()
                .map(|l| l.trim().to_owned())
                .collect()
        }),
        number: h.so.as_ref().map(|n| *n.get_ref()),
        symbol: trimmed(&h.ky_hieu),
        place: h.dia_danh.as_ref().map(trimmed),
        signed,
        year,
        month,
        issued_with: h.ban_hanh_kem_theo.as_ref().is_some_and(|b| *b.get_ref()),
        date: signed.or_else(|| Date::new(year, month.unwrap_or(1), 1))?,
        type_name: h.ten_loai.as_ref().map(trimmed),
        excerpt: trimmed(&h.trich_yeu),
        draft: h.du_thao.as_ref().is_some_and(|d| *d.get_ref()) && !numbered_and_dated,
        drafter,
    };
    let units = plan
        .don_vi
        .iter()
        .map(|u| Unit {
            id: u.id.get_ref().clone(),
            name: trimmed(&u.ten),
            collective: u.tap_the,
            duties: u.nhiem_vu.as_ref().map(trimmed),
        })
        .collect();
    let r = Resolver { plan };
    Some(CheckedPlan {
        kind: h.loai.get_ref().clone(),
        header,
        bases: plan.can_cu.iter().map(|b| b.get_ref().clone()).collect(),
        opening: prose(plan.mo_dau.as_ref()),
        sections: plan
            .phan
            .iter()
            .map(|s| Section {
                title: trimmed(&s.tieu_de),
                body: s.noi_dung.as_ref().map(|t| t.get_ref().clone()),
                insert: s.chen.as_ref().map(|t| t.get_ref().clone()),
                after: s.noi_dung_sau.as_ref().map(|t| t.get_ref().clone()),
                sub_items: s
                    .muc_con
                    .as_ref()
                    .or(h.muc_con.as_ref())
                    .and_then(|k| SubItemStyle::from_key(k.get_ref()))
                    .unwrap_or_default(),
            })
            .collect(),
        closing: prose(plan.ket_luan.as_ref()),
        units,
        indicator_groups: groups(&plan.nhom_chi_tieu),
        indicators: plan
            .chi_tieu
            .iter()
            .map(|i| r.indicator(i))
            .collect::<Option<_>>()?,
        task_groups: groups(&plan.nhom_nhiem_vu),
        tasks: plan
            .nhiem_vu
            .iter()
            .map(|t| r.task(t))
            .collect::<Option<_>>()?,
        signer: Signer {
            authority: match &plan.nguoi_ky.quyen_han {
                Some(q) => Some(Authority::from_key(q.get_ref())?),
                None => None,
            },
            principal: plan.nguoi_ky.thay_mat.as_ref().map(trimmed),
            position: plan.nguoi_ky.chuc_vu.as_ref().map(trimmed),
            name: trimmed(&plan.nguoi_ky.ho_ten),
        },
        recipients: plan
            .noi_nhan
            .iter()
            .map(|n| Recipient {
                name: trimmed(&n.ten),
                note: n.ghi_chu.as_ref().map(trimmed),
            })
            .collect(),
        appendices: plan
            .phu_luc
            .iter()
            .enumerate()
            .map(|(i, a)| appendix(a, originals.get(&i)))
            .collect::<Option<_>>()?,
    })
}

fn trimmed(value: &toml::Spanned<String>) -> String {
    value.get_ref().trim().to_owned()
}

/// Absent means the kind's sentence; blank means none.
fn prose(value: Option<&toml::Spanned<String>>) -> Prose {
    match value {
        None => Prose::Standard,
        Some(text) if text.get_ref().trim().is_empty() => Prose::Omitted,
        Some(text) => Prose::Own(text.get_ref().clone()),
    }
}

fn groups(list: &[plan::Group]) -> Vec<Group> {
    list.iter()
        .map(|g| Group {
            id: g.id.get_ref().clone(),
            name: trimmed(&g.ten),
        })
        .collect()
}

struct Resolver<'p> {
    plan: &'p Plan,
}

impl Resolver<'_> {
    fn unit(&self, id: &str) -> Option<UnitId> {
        self.plan
            .don_vi
            .iter()
            .position(|u| u.id.get_ref() == id)
            .map(UnitId)
    }

    fn lead(&self, lead: Option<&toml::Spanned<UnitRefs>>) -> Option<Vec<UnitId>> {
        match lead {
            Some(lead) => UnitRefs::ids(lead).map(|(id, _)| self.unit(id)).collect(),
            None => Some(Vec::new()),
        }
    }

    fn partners(&self, partners: &[toml::Spanned<String>]) -> Option<Vec<UnitId>> {
        partners.iter().map(|p| self.unit(p.get_ref())).collect()
    }

    fn group(
        &self,
        groups: &[plan::Group],
        id: Option<&toml::Spanned<String>>,
    ) -> Option<Option<usize>> {
        match id {
            Some(id) => Some(Some(
                groups.iter().position(|g| g.id.get_ref() == id.get_ref())?,
            )),
            None => Some(None),
        }
    }

    fn indicator(&self, ct: &plan::Indicator) -> Option<Indicator> {
        Some(Indicator {
            id: ct.id.get_ref().clone(),
            name: trimmed(&ct.ten),
            group: self.group(&self.plan.nhom_chi_tieu, ct.nhom.as_ref())?,
            measure_unit: ct.don_vi_tinh.as_ref().map(trimmed),
            target: match &ct.chi_tieu_giao {
                Some(t) => Some(target(t.get_ref())?),
                None => None,
            },
            lead: self.lead(ct.chu_tri.as_ref())?,
            partners: self.partners(&ct.phoi_hop)?,
            purpose: ct.muc_dich.as_ref().map(|m| m.get_ref().clone()),
            methods: ct.cach_thuc.iter().map(trimmed).collect(),
            calculation: ct.phuong_phap.as_ref().map(|p| p.get_ref().clone()),
            guidance: ct.huong_dan.iter().map(trimmed).collect(),
            references: ct.van_ban_lien_quan.iter().map(trimmed).collect(),
            deadline: match ct.han.as_ref().map(toml::Spanned::get_ref) {
                Some(plan::Deadline::Date(d)) => Some(Deadline::Date(toml_date(d)?)),
                Some(plan::Deadline::Text(t)) => Some(Deadline::Text(t.trim().to_owned())),
                None => None,
            },
            note: ct.ghi_chu.as_ref().map(|g| g.get_ref().clone()),
            milestones: ct
                .moc
                .iter()
                .map(|m| {
                    Some(Milestone {
                        year: *m.nam.get_ref(),
                        target: target(m.gia_tri.get_ref())?,
                        note: m.ghi_chu.as_ref().map(trimmed).filter(|n| !n.is_empty()),
                    })
                })
                .collect::<Option<_>>()?,
            adjustment_reason: ct
                .ly_do_dieu_chinh
                .as_ref()
                .map(trimmed)
                .filter(|r| !r.is_empty()),
            children: ct
                .con
                .iter()
                .map(|c| self.indicator(c))
                .collect::<Option<_>>()?,
        })
    }

    fn task(&self, task: &plan::Task) -> Option<Task> {
        Some(Task {
            id: task.id.as_ref().map(|i| i.get_ref().clone()),
            name: trimmed(&task.ten),
            group: self.group(&self.plan.nhom_nhiem_vu, task.nhom.as_ref())?,
            lead: self.lead(task.chu_tri.as_ref())?,
            partners: self.partners(&task.phoi_hop)?,
            time: task.thoi_gian.as_ref().map(trimmed),
            result: task.ket_qua.as_ref().map(trimmed),
            budget: task.kinh_phi.as_ref().and_then(|k| k.get_ref().value()),
            children: task
                .con
                .iter()
                .map(|c| self.task(c))
                .collect::<Option<_>>()?,
        })
    }
}

/// The one form of a target that has exactly one.
fn target(t: &plan::Target) -> Option<Target> {
    let unit = t
        .don_vi
        .as_ref()
        .map(|u| u.get_ref().trim().to_owned())
        .filter(|u| !u.is_empty());
    let value = |v: &Option<toml::Spanned<f64>>| v.as_ref().map(|x| *x.get_ref());
    if t.forms_given() != 1 {
        return None;
    }
    Some(if let Some(text) = &t.chu {
        Target::Words(trimmed(text))
    } else if let Some(x) = value(&t.ty_le) {
        Target::Percent(x)
    } else if let Some(x) = value(&t.so) {
        Target::Count { value: x, unit }
    } else if let Some(x) = value(&t.toi_thieu) {
        Target::AtLeast { value: x, unit }
    } else if let Some(x) = value(&t.toi_da) {
        Target::AtMost { value: x, unit }
    } else if let Some(x) = value(&t.tren) {
        Target::Above { value: x, unit }
    } else if let Some(x) = value(&t.duoi) {
        Target::Below { value: x, unit }
    } else {
        Target::Range {
            from: value(&t.tu)?,
            to: value(&t.den)?,
            unit,
        }
    })
}

fn appendix(
    a: &plan::Appendix,
    original: Option<&Option<(Arc<Original>, Issued)>>,
) -> Option<Appendix> {
    let kind = AppendixKind::from_key(a.loai.get_ref())?;
    let table = match kind {
        AppendixKind::Indicators => {
            AppendixTable::Indicators(columns(a, &INDICATOR_COLUMNS, &INDICATOR_DEFAULT)?)
        }
        AppendixKind::Tasks => AppendixTable::Tasks {
            budget: false,
            columns: columns(a, &TASK_COLUMNS, &TASK_DEFAULT)?,
        },
        AppendixKind::Budget => AppendixTable::Tasks {
            budget: true,
            columns: columns(a, &BUDGET_COLUMNS, &[])?,
        },
        AppendixKind::Milestones => AppendixTable::Milestones(columns(a, &MILESTONE_COLUMNS, &[])?),
        AppendixKind::Staff => AppendixTable::Staff {
            columns: columns(a, &STAFF_COLUMNS, &[])?,
            blank_rows: match &a.dong_trong {
                Some(n) => u16::try_from(*n.get_ref()).ok()?,
                None => 0,
            },
        },
        AppendixKind::Adjustment => AppendixTable::Adjustment {
            columns: columns(a, &ADJUSTMENT_COLUMNS, &[])?,
            original: original?.as_ref()?.0.clone(),
            issued: original?.as_ref()?.1,
            removed_reasons: a
                .ly_do_bai_bo
                .iter()
                .map(|(id, reason)| (id.clone(), trimmed(reason)))
                .collect(),
        },
    };
    Some(Appendix {
        id: a.id.get_ref().clone(),
        title: trimmed(&a.ten),
        caption: a.tieu_de.as_ref().map(trimmed),
        landscape: a.ngang,
        table,
        span: Some(a.id.span()),
    })
}

/// The columns an appendix shows, in the order `cot` gives them, else the
/// kind's `defaults` (all of `table` when there are none), with `ten_cot`
/// applied to their titles.
fn columns<C: Copy + PartialEq>(
    a: &plan::Appendix,
    table: &[ColumnSpec<C>],
    defaults: &[C],
) -> Option<Vec<Column<C>>> {
    let specs: Vec<&ColumnSpec<C>> = if !a.cot.is_empty() {
        a.cot
            .iter()
            .map(|key| table.iter().find(|c| c.key == key.get_ref()))
            .collect::<Option<_>>()?
    } else if defaults.is_empty() {
        table.iter().collect()
    } else {
        defaults
            .iter()
            .map(|cell| table.iter().find(|c| c.cell == *cell))
            .collect::<Option<_>>()?
    };
    Some(
        specs
            .into_iter()
            .map(|c| Column {
                cell: c.cell,
                title: a
                    .ten_cot
                    .get(c.key)
                    .map_or_else(|| c.title.to_owned(), |t| t.get_ref().trim().to_owned()),
                width: c.width,
            })
            .collect(),
    )
}
