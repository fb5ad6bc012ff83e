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

use crate::check::compare::{ChangedTarget, Indicators, TargetChange, changed_targets};

use minijinja::context;

use super::furniture::{kind_name, number_and_symbol};
use super::markdown::{Numbering, to_blocks};
use crate::check::checked::{CheckedPlan, Column, Issued, Original};
use crate::doc::{Block, Cell, Inline, ParagraphStyle, Row, Table};
use crate::plan::schema::{ADJUSTMENT_COLUMNS, AdjustmentColumn};
use crate::templates::{Engine, TemplateError};
use crate::text::to_roman;

/// The line under the appendix title naming the original.
pub(super) const REFERENCE_TEMPLATE: &str = "phu-luc-dieu-chinh/ban-goc.md.j2";
/// The note of a row: added, removed or adjusted, and why.
pub(super) const NOTE_TEMPLATE: &str = "phu-luc-dieu-chinh/ghi-chu.md.j2";

/// What the note template sees of how an indicator changed.
fn change_key(change: TargetChange) -> &'static str {
    match change {
        TargetChange::Adjusted => "dieu-chinh",
        TargetChange::Added => "bo-sung",
        TargetChange::Removed => "bai-bo",
    }
}

/// The table and the line naming the original above it.
pub(super) fn adjustment_table(
    plan: &CheckedPlan,
    original: &Original,
    issued: Issued,
    columns: &[Column<AdjustmentColumn>],
    removed_reasons: &BTreeMap<String, String>,
    engine: &Engine,
) -> Result<(Table, Vec<Block>), TemplateError> {
    let old = Indicators::new(&original.indicators, &original.indicator_groups);
    let new = Indicators::new(&plan.indicators, &plan.indicator_groups);
    let entries = changed_targets(&old, &new);
    // A unit column nobody fills would only take width from the targets.
    let has_unit = entries
        .iter()
        .any(|e| e.entry.indicator.measure_unit.is_some());
    let columns: Vec<&Column<AdjustmentColumn>> = columns
        .iter()
        .filter(|c| c.cell != AdjustmentColumn::MeasureUnit || has_unit)
        .collect();
    let reference = number_and_symbol(Some(issued.number), &original.header.symbol);
    let kind = kind_name(&original.header);
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
        if let Some(group) = e.entry.group
            && current != Some(group.id.as_str())
        {
            current = Some(group.id.as_str());
            groups += 1;
            body.push(group_row(&to_roman(groups), &group.name, width));
        }
        let note = note(engine, e, removed_reasons)?;
        let cells = columns
            .iter()
            .map(|c| match c.cell {
                AdjustmentColumn::Number => Cell::text((i + 1).to_string()).centered(),
                AdjustmentColumn::Name => Cell::text(&e.entry.indicator.name),
                AdjustmentColumn::MeasureUnit => {
                    Cell::text(e.entry.indicator.measure_unit.as_deref().unwrap_or("")).centered()
                }
                AdjustmentColumn::Issued => {
                    Cell::text(e.before.as_deref().unwrap_or("-")).centered()
                }
                AdjustmentColumn::Adjusted => {
                    Cell::text(e.after.as_deref().unwrap_or("-")).centered()
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
            ngay => issued.date.short(),
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
    e: &ChangedTarget,
    removed_reasons: &BTreeMap<String, String>,
) -> Result<Vec<String>, TemplateError> {
    let reason = match e.change {
        // A removed indicator is gone from the plan: its reason is the
        // appendix's (`ly_do_bai_bo`), not the original's own.
        TargetChange::Removed => removed_reasons.get(&e.entry.indicator.id).cloned(),
        TargetChange::Adjusted | TargetChange::Added => e.entry.indicator.adjustment_reason.clone(),
    };
    let context = context! { thay_doi => change_key(e.change), ly_do => reason };
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
    use crate::check::fixture::Fixture;

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
