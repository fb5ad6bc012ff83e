//! The plan's prose: legal bases, the opening and closing sentences, and
//! the parts (`[[phan]]`) with their Markdown, derived blocks and links to
//! appendices.

use std::collections::HashSet;

use toml::Spanned;

use super::checked::{Prose, Section, SubItemStyle};
use super::header::sub_item_style;
use super::values::{Found, loose, source_offset};
use crate::plan::Plan;
use crate::plan::schema::appendix_links;
use crate::templates::Templates;

/// What the prose gives the checked plan.
pub(super) struct SectionsPart {
    pub bases: Vec<String>,
    pub opening: Prose,
    pub sections: Vec<Section>,
    pub closing: Prose,
}

/// The prose; `None` when a part's numbering style is unknown (reported).
/// `sub_items` is the plan's own style (`van_ban.muc_con`), the parts'
/// default.
pub(super) fn sections(
    found: &mut Found,
    plan: &Plan,
    templates: &Templates,
    sub_items: Option<SubItemStyle>,
) -> Option<SectionsPart> {
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
    let mut sections = Some(Vec::with_capacity(plan.phan.len()));
    for (i, section) in plan.phan.iter().enumerate() {
        let key = format!("phan[{}]", i + 1);
        let title = found.required(&section.tieu_de, &format!("{key}.tieu_de"));
        let own = sub_item_style(found, section.muc_con.as_ref(), &format!("{key}.muc_con"));
        if let Some(block) = &section.chen
            && templates.has_kind(kind)
            && !templates.has_block(kind, block.get_ref())
        {
            found.error(
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
        sections = sections.zip(own).map(|(mut all, own)| {
            all.push(Section {
                title,
                body: section.noi_dung.as_ref().map(|t| t.get_ref().clone()),
                insert: section.chen.as_ref().map(|t| t.get_ref().clone()),
                after: section.noi_dung_sau.as_ref().map(|t| t.get_ref().clone()),
                sub_items: own.or(sub_items).unwrap_or_default(),
            });
            all
        });
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
                        None => {
                            "viết `[](#mã-phụ-lục)` với mã một phụ lục trong [[phu_luc]]".to_owned()
                        }
                    },
                };
                found.error(
                    format!("tham chiếu tới phụ lục không có: \"#{target}\""),
                    at.map_or_else(|| text.span(), |at| at..at + link.len() + 1),
                    &key,
                    help,
                );
            }
        }
    }
    Some(SectionsPart {
        bases: plan.can_cu.iter().map(|b| b.get_ref().clone()).collect(),
        opening: prose(plan.mo_dau.as_ref()),
        sections: sections?,
        closing: prose(plan.ket_luan.as_ref()),
    })
}

/// Absent means the kind's sentence; blank means none.
fn prose(value: Option<&Spanned<String>>) -> Prose {
    match value {
        None => Prose::Standard,
        Some(text) if text.get_ref().trim().is_empty() => Prose::Omitted,
        Some(text) => Prose::Own(text.get_ref().clone()),
    }
}
