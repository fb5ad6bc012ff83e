//! Plan + template kind → document tree. Everything derivable is derived
//! here: numbering, appendix numbers, standard sentences, "Tổ chức thực
//! hiện", the endings ";", ":" and "./.".

pub mod appendix;
pub mod context;
pub mod furniture;
pub mod markdown;
pub mod target;
pub mod template;
pub mod widths;

use std::collections::{BTreeMap, HashMap};

use minijinja::Value;

use crate::check::plan_date;
use crate::doc::{Block, Document, HeadingLevel, Inline, Meta, Orientation, ParagraphStyle, Part};
use crate::plan::Plan;
use crate::templates::{Templates, block_path};
use crate::text::to_roman;

pub use template::TemplateError;

/// The documents a plan yields.
#[derive(Debug, Clone, PartialEq)]
pub struct Composed {
    /// The plan with its appendices after the signature ("ke-hoach").
    pub plan: Document,
    /// Each appendix alone, in order ("phu-luc-1", "phu-luc-2" …), numbered
    /// on its own pages.
    pub appendices: Vec<Document>,
}

/// Composes a checked plan. Fails only when a template fails.
pub fn compose(plan: &Plan, templates: &Templates) -> Result<Composed, TemplateError> {
    let kind = plan.van_ban.loai.get_ref().as_str();
    let runner = template::TemplateRunner::new(templates, kind);
    let labels = appendix_labels(plan);
    let year = furniture::year(plan);
    let context = Value::from(minijinja::value::Serde(context::build(plan, &labels, year)));
    let labels: HashMap<String, String> = labels.into_iter().collect();

    let mut blocks = vec![Block::Header(furniture::header(plan))];
    if is_draft(plan) {
        blocks.insert(0, Block::DraftMark("DỰ THẢO".to_owned()));
    }
    blocks.push(Block::Title {
        kind: furniture::kind_title(plan),
        excerpt: plan.van_ban.trich_yeu.get_ref().trim().to_owned(),
    });
    for basis in &plan.can_cu {
        blocks.push(paragraph(with_ending(basis.get_ref(), ";")));
    }
    // A blank `mo_dau`/`ket_luan` means "none"; absent means "the kind's".
    let opening = match &plan.mo_dau {
        Some(text) if text.get_ref().trim().is_empty() => None,
        Some(text) => Some(text.get_ref().clone()),
        None => runner.render("mo-dau.md.j2", &context)?,
    };
    if let Some(opening) = opening {
        blocks.extend(markdown_paragraphs(&with_ending(&opening, ":"), &labels));
    }
    for (i, section) in plan.phan.iter().enumerate() {
        blocks.push(Block::Heading {
            level: HeadingLevel::Part,
            number: format!("{}.", to_roman(i + 1)),
            text: vec![Inline::plain(
                section.tieu_de.get_ref().trim().to_uppercase(),
            )],
        });
        let mut numbering = markdown::Numbering::default();
        if let Some(text) = &section.noi_dung {
            blocks.extend(markdown::to_blocks(text.get_ref(), &mut numbering, &labels));
        }
        if let Some(name) = &section.chen
            && let Some(text) = runner.render(&block_path(name.get_ref()), &context)?
        {
            blocks.extend(markdown::to_blocks(&text, &mut numbering, &labels));
        }
        if let Some(text) = &section.noi_dung_sau {
            blocks.extend(markdown::to_blocks(text.get_ref(), &mut numbering, &labels));
        }
    }
    let closing = match &plan.ket_luan {
        Some(text) if text.get_ref().trim().is_empty() => None,
        Some(text) => Some(text.get_ref().clone()),
        None => runner.render("ket-luan.md.j2", &context)?,
    };
    if let Some(closing) = closing {
        blocks.extend(markdown_paragraphs(&with_ending(&closing, "./."), &labels));
    }
    blocks.push(Block::Signature(furniture::signature(plan)));

    let mut parts = vec![Part {
        orientation: Orientation::Portrait,
        blocks,
    }];
    let appendix_parts: Vec<Part> = plan
        .phu_luc
        .iter()
        .enumerate()
        .map(|(i, a)| appendix::appendix_part(plan, a, i + 1))
        .collect();
    parts.extend(appendix_parts.iter().cloned());
    let appendices = appendix_parts
        .into_iter()
        .zip(&plan.phu_luc)
        .map(|(part, a)| Document {
            meta: Meta {
                title: a.ten.get_ref().trim().to_owned(),
                ..meta(plan)
            },
            parts: vec![part],
        })
        .collect();
    Ok(Composed {
        plan: Document {
            meta: meta(plan),
            parts,
        },
        appendices,
    })
}

/// A draft is marked unless the plan is signed (number and date present).
pub fn is_draft(plan: &Plan) -> bool {
    let signed = plan.van_ban.so.is_some() && plan.van_ban.ngay.is_some();
    let flagged = plan.van_ban.du_thao.as_ref().is_some_and(|d| *d.get_ref());
    flagged && !signed
}

fn meta(plan: &Plan) -> Meta {
    let date = plan_date(plan).map_or((2000, 1, 1), |d| (d.year, d.month, d.day));
    Meta {
        title: plan.van_ban.trich_yeu.get_ref().trim().to_owned(),
        author: format!("UBND xã {}", plan.van_ban.xa.get_ref().trim()),
        date,
    }
}

/// Appendix id → "Phụ lục I", in document order.
fn appendix_labels(plan: &Plan) -> BTreeMap<String, String> {
    plan.phu_luc
        .iter()
        .enumerate()
        .map(|(i, a)| {
            (
                a.id.get_ref().clone(),
                format!("Phụ lục {}", to_roman(i + 1)),
            )
        })
        .collect()
}

fn paragraph(text: String) -> Block {
    Block::Paragraph {
        style: ParagraphStyle::Body,
        content: vec![Inline::plain(text)],
    }
}

/// Markdown prose outside numbered parts (opening and closing sentences).
fn markdown_paragraphs(text: &str, labels: &HashMap<String, String>) -> Vec<Block> {
    markdown::to_blocks(text, &mut markdown::Numbering::default(), labels)
}

/// Makes a sentence end with `ending` (";" for a Căn cứ, ":" for the
/// opening, "./." for the closing), whatever punctuation the user typed.
pub fn with_ending(text: &str, ending: &str) -> String {
    let text = text.trim();
    let text = text.strip_suffix("./.").unwrap_or(text);
    let trimmed = text.trim_end_matches(['.', ';', ':', ',']).trim_end();
    format!("{trimmed}{ending}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endings_replace_whatever_was_typed() {
        assert_eq!(with_ending("Căn cứ Luật;", ";"), "Căn cứ Luật;");
        assert_eq!(with_ending("Căn cứ Luật.", ";"), "Căn cứ Luật;");
        assert_eq!(with_ending("thực hiện./.", "./."), "thực hiện./.");
        assert_eq!(with_ending("thực hiện", "./."), "thực hiện./.");
        assert_eq!(with_ending("sau:", ":"), "sau:");
        assert_eq!(with_ending("/* khối */", ";"), "/* khối */;");
    }
}
