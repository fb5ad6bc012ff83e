//! The adjustment appendix ("dieu-chinh"): what changed in the indicators'
//! targets since the issued plan (`ban_goc`), computed, never typed.
//!
//! Indicators are matched by id, so a renamed indicator with the same id is
//! one indicator. A row is an indicator whose target prints differently
//! ("35,4%" → "≥ 40%": a change of form is a change), one added, or one
//! removed; unchanged indicators are left out. The words around the table
//! (the line naming the original, the note of an added or removed
//! indicator) come from templates, so an office can change them.

use std::collections::{BTreeMap, HashMap};

use minijinja::context;

use super::furniture::{kind_name, number_and_symbol};
use super::markdown::{Numbering, to_blocks};
use super::target::format_target;
use crate::check::checked::{CheckedPlan, Column, Indicator};
use crate::doc::{Block, Cell, Inline, ParagraphStyle, Row, Table};
use crate::plan::schema::{ADJUSTMENT_COLUMNS, AdjustmentColumn};
use crate::templates::{Engine, TemplateError};
use crate::text::to_roman;

/// The line under the appendix title naming the original.
pub(super) const REFERENCE_TEMPLATE: &str = "phu-luc-dieu-chinh/ban-goc.md.j2";
/// The note of a row: added, removed or adjusted, and why.
pub(super) const NOTE_TEMPLATE: &str = "phu-luc-dieu-chinh/ghi-chu.md.j2";

/// How an indicator changed; the key is what the note template sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Change {
    Adjusted,
    Added,
    Removed,
}

impl Change {
    fn key(self) -> &'static str {
        match self {
            Change::Adjusted => "dieu-chinh",
            Change::Added => "bo-sung",
            Change::Removed => "bai-bo",
        }
    }
}

/// One row of the table before it is numbered.
pub(super) struct Entry<'p> {
    indicator: &'p Indicator,
    /// (group id, group name), from the plan the indicator is in.
    group: Option<(&'p str, &'p str)>,
    issued: Option<String>,
    adjusted: Option<String>,
    change: Change,
}

/// Every indicator and sub-indicator of `plan` in order, with the group
/// it stands in (a sub-indicator's is its parent's).
fn flatten(plan: &CheckedPlan) -> Vec<(&Indicator, Option<(&str, &str)>)> {
    let mut out = Vec::new();
    for ct in &plan.indicators {
        let group = ct.group.map(|g| {
            let g = &plan.indicator_groups[g];
            (g.id.as_str(), g.name.as_str())
        });
        out.push((ct, group));
        out.extend(ct.children.iter().map(|c| (c, group)));
    }
    out
}

fn printed(indicator: &Indicator) -> Option<String> {
    indicator.target.as_ref().map(|t| format_target(t).0)
}

/// The changed indicators: the new plan's in its order, then the removed
/// ones in the original's, each group's rows together.
pub(super) fn entries<'p>(original: &'p CheckedPlan, plan: &'p CheckedPlan) -> Vec<Entry<'p>> {
    let old = flatten(original);
    let new = flatten(plan);
    let old_by_id: HashMap<&str, &Indicator> =
        old.iter().map(|(ct, _)| (ct.id.as_str(), *ct)).collect();
    let new_ids: HashMap<&str, ()> = new.iter().map(|(ct, _)| (ct.id.as_str(), ())).collect();
    let mut entries = Vec::new();
    for (ct, group) in new {
        let adjusted = printed(ct);
        let (issued, change) = match old_by_id.get(ct.id.as_str()) {
            Some(before) => (printed(before), Change::Adjusted),
            None => (None, Change::Added),
        };
        if issued != adjusted {
            entries.push(Entry {
                indicator: ct,
                group,
                issued,
                adjusted,
                change,
            });
        }
    }
    for (ct, group) in old {
        let issued = printed(ct);
        if !new_ids.contains_key(ct.id.as_str()) && issued.is_some() {
            entries.push(Entry {
                indicator: ct,
                group,
                issued,
                adjusted: None,
                change: Change::Removed,
            });
        }
    }
    // Rows of one group together, groups in order of first appearance
    // (a stable sort keeps the plan order within a group).
    let mut order: BTreeMap<Option<&str>, usize> = BTreeMap::new();
    for e in &entries {
        let next = order.len();
        order.entry(e.group.map(|g| g.0)).or_insert(next);
    }
    entries.sort_by_key(|e| order[&e.group.map(|g| g.0)]);
    entries
}

/// The table and the line naming the original above it.
pub(super) fn adjustment_table(
    plan: &CheckedPlan,
    original: &CheckedPlan,
    columns: &[Column<AdjustmentColumn>],
    removed_reasons: &BTreeMap<String, String>,
    engine: &Engine,
) -> Result<(Table, Vec<Block>), TemplateError> {
    let entries = entries(original, plan);
    // A unit column nobody fills would only take width from the targets.
    let has_unit = entries.iter().any(|e| e.indicator.measure_unit.is_some());
    let columns: Vec<&Column<AdjustmentColumn>> = columns
        .iter()
        .filter(|c| c.cell != AdjustmentColumn::MeasureUnit || has_unit)
        .collect();
    let reference = number_and_symbol(original);
    let kind = kind_name(original);
    let header = columns
        .iter()
        .map(|c| {
            let default = ADJUSTMENT_COLUMNS.iter().find(|s| s.cell == c.cell);
            // The issued column says where it was issued, unless renamed.
            if c.cell == AdjustmentColumn::Issued && default.is_some_and(|d| d.title == c.title) {
                Cell::lines([c.title.clone(), format!("(tại {kind} số {reference})")])
            } else {
                Cell::text(&c.title)
            }
            .centered()
            .bolded()
        })
        .collect();
    let width = u16::try_from(columns.len()).unwrap_or(u16::MAX);
    let mut body = Vec::new();
    let mut current = None;
    let mut groups = 0;
    for (i, e) in entries.iter().enumerate() {
        if let Some((id, name)) = e.group
            && current != Some(id)
        {
            current = Some(id);
            groups += 1;
            body.push(group_row(&to_roman(groups), name, width));
        }
        let note = note(engine, e, removed_reasons)?;
        let cells = columns
            .iter()
            .map(|c| match c.cell {
                AdjustmentColumn::Number => Cell::text((i + 1).to_string()).centered(),
                AdjustmentColumn::Name => Cell::text(&e.indicator.name),
                AdjustmentColumn::MeasureUnit => {
                    Cell::text(e.indicator.measure_unit.as_deref().unwrap_or("")).centered()
                }
                AdjustmentColumn::Issued => {
                    Cell::text(e.issued.as_deref().unwrap_or("-")).centered()
                }
                AdjustmentColumn::Adjusted => {
                    Cell::text(e.adjusted.as_deref().unwrap_or("-")).centered()
                }
                AdjustmentColumn::Note => Cell::lines(note.clone()),
            })
            .collect();
        body.push(Row {
            cells,
            group: false,
        });
    }
    let table = Table {
        widths: columns.iter().map(|c| c.width).collect(),
        header: vec![Row {
            cells: header,
            group: false,
        }],
        body,
    };
    let context = context! {
        ban_goc => context! {
            ten_loai => kind,
            so => reference,
            ngay => original.header.signed.map(|d| d.short()),
            xa => &original.header.commune,
            trich_yeu => &original.header.excerpt,
        },
        so_chi_tieu => entries.len(),
    };
    let lines = match engine.render(REFERENCE_TEMPLATE, &context)? {
        Some(text) => centered(&text),
        None => Vec::new(),
    };
    Ok((table, lines))
}

/// A group row, as the indicator appendix prints it.
fn group_row(number: &str, name: &str, width: u16) -> Row {
    let mut cells = vec![Cell::text(number).centered().bolded()];
    if width > 1 {
        cells.push(Cell::text(name).spanning(width - 1).bolded());
    }
    Row { cells, group: true }
}

/// The note of a row, one line per paragraph the template wrote.
fn note(
    engine: &Engine,
    e: &Entry,
    removed_reasons: &BTreeMap<String, String>,
) -> Result<Vec<String>, TemplateError> {
    let reason = match e.change {
        // A removed indicator is gone from the plan: its reason is the
        // appendix's (`ly_do_bai_bo`), not the original's own.
        Change::Removed => removed_reasons.get(&e.indicator.id).cloned(),
        Change::Adjusted | Change::Added => e.indicator.adjustment_reason.clone(),
    };
    let context = context! { thay_doi => e.change.key(), ly_do => reason };
    let Some(text) = engine.render(NOTE_TEMPLATE, &context)? else {
        return Ok(Vec::new());
    };
    Ok(paragraphs(&text)
        .into_iter()
        .map(|inlines| inlines.into_iter().map(|i| i.text).collect::<String>())
        .filter(|l| !l.trim().is_empty())
        .collect())
}

/// The template's paragraphs as centred paragraphs.
fn centered(markdown: &str) -> Vec<Block> {
    paragraphs(markdown)
        .into_iter()
        .map(|content| Block::Paragraph {
            style: ParagraphStyle::Centered,
            content,
        })
        .collect()
}

/// The inlines of each paragraph of a template's Markdown.
fn paragraphs(markdown: &str) -> Vec<Vec<Inline>> {
    to_blocks(markdown, &mut Numbering::default(), &HashMap::new())
        .into_iter()
        .filter_map(|b| match b {
            Block::Paragraph { content, .. } if !content.is_empty() => Some(content),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::fixture::Fixture;

    fn plan(indicators: &str) -> CheckedPlan {
        Fixture::new()
            .unit("a", "Phòng A")
            .table(indicators)
            .checked()
    }

    #[test]
    fn rows_are_the_targets_that_print_differently_matched_by_id() {
        let original = plan(
            r#"
[[chi_tieu]]
id = "x"
ten = "Cũ"
chu_tri = "a"
chi_tieu_giao = { ty_le = 35.4 }
[[chi_tieu]]
id = "y"
ten = "Y"
chu_tri = "a"
chi_tieu_giao = { so = 2, don_vi = "mô hình" }
[[chi_tieu]]
id = "z"
ten = "Z"
chu_tri = "a"
chi_tieu_giao = { toi_thieu = 85 }
[[chi_tieu]]
id = "gone"
ten = "Bỏ"
chu_tri = "a"
chi_tieu_giao = { chu = "Khuyến khích" }
"#,
        );
        let adjusted = plan(
            r#"
[[chi_tieu]]
id = "new"
ten = "Mới"
chu_tri = "a"
chi_tieu_giao = { ty_le = 10 }
[[chi_tieu]]
id = "x"
ten = "Đổi tên, giữ chỉ tiêu"
chu_tri = "a"
chi_tieu_giao = { ty_le = 35.4 }
[[chi_tieu]]
id = "y"
ten = "Y"
chu_tri = "a"
chi_tieu_giao = { so = 3, don_vi = "mô hình" }
[[chi_tieu]]
id = "z"
ten = "Z"
chu_tri = "a"
chi_tieu_giao = { ty_le = 85 }
"#,
        );
        let rows: Vec<(&str, Option<String>, Option<String>, Change)> =
            entries(&original, &adjusted)
                .into_iter()
                .map(|e| (e.indicator.id.as_str(), e.issued, e.adjusted, e.change))
                .collect();
        let s = |t: &str| Some(t.to_owned());
        assert_eq!(
            rows,
            [
                ("new", None, s("10%"), Change::Added),
                // A renamed indicator with its target kept is no row.
                ("y", s("2 mô hình"), s("3 mô hình"), Change::Adjusted),
                // The same figure in another form is a change.
                ("z", s("≥\u{a0}85%"), s("85%"), Change::Adjusted),
                ("gone", s("Khuyến khích"), None, Change::Removed),
            ]
        );
    }

    #[test]
    fn ban_goc_belongs_to_adjustments_and_they_need_it() {
        let f = Fixture::new()
            .indicator("x", "", "{ ty_le = 1 }")
            .appendix("dc", "dieu-chinh", "");
        assert!(
            f.errors()
                .iter()
                .any(|e| e.contains("phụ lục điều chỉnh thiếu tệp bản gốc")),
            "{:?}",
            f.errors()
        );
        let f = Fixture::new().indicator("x", "", "{ ty_le = 1 }").appendix(
            "ct",
            "chi-tieu",
            "ban_goc = \"a.toml\"",
        );
        assert!(
            f.errors()
                .iter()
                .any(|e| e.contains("chỉ phụ lục loại \"dieu-chinh\" mới có bản gốc")),
            "{:?}",
            f.errors()
        );
    }
}
