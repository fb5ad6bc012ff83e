//! Checked plan + template kind → document tree. Everything derivable is
//! derived here: numbering, appendix numbers, standard sentences, "Tổ chức
//! thực hiện", the endings ";", ":" and "./.". `outline` derives the numbers
//! and names once; the context, the body and the tables read them.

mod adjustment;
mod appendix;
mod context;
mod furniture;
mod markdown;
mod outline;
mod widths;

use std::collections::HashMap;

use minijinja::Value;

use crate::check::CheckedPlan;
use crate::check::checked::Prose;
use crate::diagnostic::Diagnostic;
use crate::doc::{Block, Document, HeadingLevel, Inline, Meta, Orientation, ParagraphStyle, Part};
use crate::templates::{Engine, Output, TemplateError, Templates, block_path};
use crate::text::to_roman;

/// The documents a plan yields.
#[derive(Debug, Clone, PartialEq)]
pub struct Composed {
    /// The plan with its appendices after the signature ("ke-hoach").
    pub plan: Document,
    /// Each appendix alone, in order ("phu-luc-1", "phu-luc-2" …), numbered
    /// on its own pages.
    pub appendices: Vec<Document>,
    /// What the clerk should know about the layout chosen for the plan
    /// (warnings only: composing never rejects a checked plan).
    pub warnings: Vec<Diagnostic>,
}

/// Composes a checked plan. Fails only when a template fails.
pub fn compose(plan: &CheckedPlan, templates: &Templates) -> Result<Composed, TemplateError> {
    let engine = Engine::new(templates, &plan.kind, Output::Markdown);
    let outline = outline::Outline::new(plan);
    let context = Value::from(minijinja::value::Serde(context::build(&outline)));
    let labels: HashMap<String, String> = outline
        .appendix_labels
        .iter()
        .map(|(id, label)| (id.clone(), label.clone()))
        .collect();

    let mut blocks = vec![Block::Header(furniture::header(plan))];
    if plan.header.draft {
        blocks.insert(0, Block::DraftMark("DỰ THẢO".to_owned()));
    }
    blocks.push(Block::Title {
        kind: furniture::kind_title(&plan.header),
        excerpt: plan.header.excerpt.clone(),
    });
    for basis in &plan.bases {
        blocks.push(paragraph(with_ending(basis, ";")));
    }
    let opening = match &plan.opening {
        Prose::Omitted => None,
        Prose::Own(text) => Some(text.clone()),
        Prose::Standard => engine.render("mo-dau.md.j2", &context)?,
    };
    if let Some(opening) = opening {
        blocks.extend(markdown_paragraphs(&with_ending(&opening, ":"), &labels));
    }
    for (i, section) in plan.sections.iter().enumerate() {
        blocks.push(Block::Heading {
            level: HeadingLevel::Part,
            number: format!("{}.", to_roman(i + 1)),
            text: vec![Inline::plain(section.title.to_uppercase())],
        });
        let mut numbering = markdown::Numbering::new(section.sub_items);
        if let Some(text) = &section.body {
            blocks.extend(markdown::to_blocks(text, &mut numbering, &labels));
        }
        if let Some(name) = &section.insert
            && let Some(text) = engine.render(&block_path(name), &context)?
        {
            blocks.extend(markdown::to_blocks(&text, &mut numbering, &labels));
        }
        if let Some(text) = &section.after {
            blocks.extend(markdown::to_blocks(text, &mut numbering, &labels));
        }
    }
    let closing = match &plan.closing {
        Prose::Omitted => None,
        Prose::Own(text) => Some(text.clone()),
        Prose::Standard => engine.render("ket-luan.md.j2", &context)?,
    };
    if let Some(closing) = closing {
        blocks.extend(markdown_paragraphs(&with_ending(&closing, "./."), &labels));
    }
    blocks.push(Block::Signature(furniture::signature(plan)));

    let mut parts = vec![Part {
        orientation: Orientation::Portrait,
        blocks,
    }];
    let mut warnings = Vec::new();
    let appendix_parts: Vec<Part> = plan
        .appendices
        .iter()
        .enumerate()
        .map(|(i, a)| appendix::appendix_part(&outline, a, i + 1, &engine, &mut warnings))
        .collect::<Result<_, _>>()?;
    parts.extend(appendix_parts.iter().cloned());
    let appendices = appendix_parts
        .into_iter()
        .zip(&plan.appendices)
        .map(|(part, a)| Document {
            meta: Meta {
                title: a.title.clone(),
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
        warnings,
    })
}

/// Every indicator with its number as printed ("3", "3a"), each parent
/// before its sub-indicators: the numbers `kehoach diff` names them by.
pub fn indicator_numbers(plan: &CheckedPlan) -> Vec<(String, &crate::check::checked::Indicator)> {
    fn walk<'p>(
        n: &outline::Numbered<'p>,
        out: &mut Vec<(String, &'p crate::check::checked::Indicator)>,
    ) {
        out.push((n.number.clone(), n.indicator));
        for child in &n.children {
            walk(child, out);
        }
    }
    let outline = outline::Outline::new(plan);
    let mut out = Vec::new();
    for n in &outline.indicators {
        walk(n, &mut out);
    }
    out
}

/// Every task with its number as the task tables print it ("4", "4.1"),
/// in table order, each parent before its sub-tasks.
pub fn task_numbers(plan: &CheckedPlan) -> Vec<(String, &crate::check::checked::Task)> {
    fn walk<'p>(
        n: &outline::NumberedTask<'p>,
        out: &mut Vec<(String, &'p crate::check::checked::Task)>,
    ) {
        out.push((n.number.clone(), n.task));
        for child in &n.children {
            walk(child, out);
        }
    }
    let outline = outline::Outline::new(plan);
    let mut out = Vec::new();
    for n in outline.task_groups.iter().flat_map(|g| &g.tasks) {
        walk(n, &mut out);
    }
    out
}

fn meta(plan: &CheckedPlan) -> Meta {
    let date = plan.header.date;
    Meta {
        title: plan.header.excerpt.clone(),
        author: format!("UBND xã {}", plan.header.commune),
        date: (date.year, date.month, date.day),
    }
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
