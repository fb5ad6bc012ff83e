//! The DOCX writer: the document tree in, the bytes of a `.docx` out, laid
//! out per Nghị định 30 so a clerk can open it in Word or LibreOffice and keep
//! editing.
//!
//! docx-rs 0.4.22 builds the package. Each file here has one job:
//!
//! - `page`: A4, the margins, each part's orientation, the page-number header;
//! - `styles`: document defaults and the named paragraph styles;
//! - `run`: runs of text, the one place user text enters;
//! - `body`: paragraphs, headings and lists;
//! - `table`: data tables with spans and repeated header rows;
//! - `furniture`: header block, title, signature and Nơi nhận, appendix
//!   heading, draft mark;
//! - `repeat_header` and `package`: what docx-rs cannot write, added by
//!   rewriting its archive, which also makes the bytes reproducible;
//!   `reorder` (with `schema`) puts every element's children into schema
//!   order, `opc` adds the theme and web settings and drops unreferenced
//!   parts;
//! - `ids`: paragraph ids that depend only on the tree;
//! - `error`: [`DocxError`].
//!
//! Sections follow the shape that LibreOffice renders correctly (see
//! `stack-notes.md`, shape (d)): every part but the last is a docx-rs
//! `Section`, whose `sectPr` closes it; the last part's page settings are the
//! document's own, and its body ends with a paragraph, never a table.

mod body;
mod error;
mod furniture;
mod ids;
mod opc;
mod package;
mod page;
mod reorder;
mod repeat_header;
mod run;
mod schema;
mod styles;
mod table;
#[cfg(test)]
mod tests;

use docx_rs::{Docx, LineSpacing, LineSpacingType, PageNumType, Paragraph, Section, Table};

pub use error::DocxError;

use crate::doc::style::ND30;
use crate::doc::{Block, Document, Orientation, Part};
use ids::ParaIds;
use page::Page;

/// Writes `doc` as a DOCX file and returns its bytes; the same tree always
/// gives the same bytes.
pub fn write_docx(doc: &Document) -> Result<Vec<u8>, DocxError> {
    let ids = ParaIds::new();
    let mut docx = styles::install(Docx::new());

    let blank = Part {
        orientation: Orientation::Portrait,
        blocks: Vec::new(),
    };
    let (last, earlier) = doc.parts.split_last().unwrap_or((&blank, &[]));

    for (index, part) in earlier.iter().enumerate() {
        let page = Page::new(part.orientation);
        let mut section = Section::new()
            .page_size(page.size())
            .page_margin(page.margin())
            // Each section carries its own copy of the page-number header
            // rather than relying on readers to inherit the previous one.
            .header(page::page_number_header(&ids));
        if index == 0 {
            // No page number on the first page. docx-rs 0.4.22 drops a
            // `first_header` given to a `Section` together with `header`,
            // so the first page relies on OOXML's rule that the first
            // section's missing first-page header is blank.
            section = section.title_pg();
        }
        if starts_appendix(part) {
            // Numbered on its own, from 1, with no number on its first
            // page: the pages of its standalone file. Later sections
            // inherit the first section's blank first-page header.
            section = section
                .title_pg()
                .page_num_type(PageNumType::new().start(1));
        }
        for item in items(Ctx::new(&ids, page), &part.blocks)? {
            section = match item {
                Item::Paragraph(p) => section.add_paragraph(*p),
                Item::Table(t) => section.add_table(*t),
            };
        }
        // docx-rs ends the section with the paragraph that carries its
        // `sectPr`, so a section never ends on a table.
        docx = docx.add_section(section);
    }

    let page = Page::new(last.orientation);
    let (width, height) = page.dimensions();
    docx = docx
        .page_size(width, height)
        .page_orient(page.orient())
        .page_margin(page.margin())
        .header(page::page_number_header(&ids));
    if earlier.is_empty() {
        docx = docx.title_pg();
    }
    if !earlier.is_empty() && starts_appendix(last) {
        docx = docx.title_pg().page_num_type(PageNumType::new().start(1));
    }
    let ctx = Ctx::new(&ids, page);
    let mut ends_with_paragraph = false;
    for item in items(ctx, &last.blocks)? {
        ends_with_paragraph = matches!(item, Item::Paragraph(_));
        docx = match item {
            Item::Paragraph(p) => docx.add_paragraph(*p),
            Item::Table(t) => docx.add_table(*t),
        };
    }
    if !ends_with_paragraph {
        // A body that ends on a table makes LibreOffice ignore the last
        // section's page settings (stack-notes.md, shape (b)).
        docx = docx.add_paragraph(spacer(ctx));
    }

    package::finish(docx.build(), &doc.meta, header_row_count(doc))
}

/// Whether `part` is an appendix (or its first part), whose pages ND30
/// numbers on their own.
fn starts_appendix(part: &Part) -> bool {
    matches!(part.blocks.first(), Some(Block::AppendixHeading(_)))
}

/// What every block builder needs: new paragraphs and the part's page.
#[derive(Debug, Clone, Copy)]
struct Ctx<'a> {
    ids: &'a ParaIds,
    page: Page,
}

impl<'a> Ctx<'a> {
    fn new(ids: &'a ParaIds, page: Page) -> Self {
        Ctx { ids, page }
    }

    /// A new empty paragraph with the next id.
    fn paragraph(&self) -> Paragraph {
        self.ids.paragraph()
    }

    /// Width between the margins of the part's pages, in twips.
    fn text_width(&self) -> u32 {
        self.page.text_width()
    }
}

/// One child of a section body.
enum Item {
    Paragraph(Box<Paragraph>),
    Table(Box<Table>),
}

impl From<Paragraph> for Item {
    fn from(paragraph: Paragraph) -> Self {
        Item::Paragraph(Box::new(paragraph))
    }
}

impl From<Table> for Item {
    fn from(table: Table) -> Self {
        Item::Table(Box::new(table))
    }
}

/// The body of a part: its blocks in order, with a spacer paragraph between
/// two tables, which Word and LibreOffice would otherwise merge into one.
fn items(ctx: Ctx<'_>, blocks: &[Block]) -> Result<Vec<Item>, DocxError> {
    let mut items: Vec<Item> = Vec::new();
    for (index, block) in blocks.iter().enumerate() {
        let block_items: Vec<Item> = match block {
            Block::Header(header) => vec![furniture::header_block(ctx, header).into()],
            Block::DraftMark(text) => furniture::draft_mark(ctx, text)
                .into_iter()
                .map(Item::from)
                .collect(),
            Block::Title { kind, excerpt } => furniture::title(ctx, kind, excerpt)
                .into_iter()
                .map(Item::from)
                .collect(),
            Block::Division(heading) => body::division(ctx, heading)
                .into_iter()
                .map(Item::from)
                .collect(),
            Block::Heading {
                level,
                number,
                text,
            } => vec![body::heading(ctx, *level, number, text).into()],
            Block::Closing(content) => body::closing(ctx, content)
                .into_iter()
                .map(Item::from)
                .collect(),
            Block::Paragraph { style, content } => {
                vec![body::paragraph(ctx, *style, content).into()]
            }
            Block::List(list) => {
                let mut paragraphs = Vec::new();
                body::list(ctx, list, &mut paragraphs);
                paragraphs.into_iter().map(Item::from).collect()
            }
            // OOXML needs a row in every table; a table without rows has
            // nothing to show.
            Block::Table(table) if table.header.is_empty() && table.body.is_empty() => Vec::new(),
            Block::Table(table) => vec![table::table(ctx, table)?.into()],
            // The block before it (`Closing`, or a heading) keeps with it.
            Block::Signature(signature) => vec![furniture::signature(ctx, signature).into()],
            Block::AppendixHeading(heading) => {
                let below = below_appendix_heading(blocks.get(index + 1));
                furniture::appendix_heading(ctx, heading, below)
                    .into_iter()
                    .map(Item::from)
                    .collect()
            }
        };
        for item in block_items {
            if matches!(item, Item::Table(_)) && matches!(items.last(), Some(Item::Table(_))) {
                items.push(spacer(ctx).into());
            }
            items.push(item);
        }
    }
    Ok(items)
}

/// What `next`, the block after an appendix heading, keeps above itself:
/// a table its cells' spacing, anything else the body's.
fn below_appendix_heading(next: Option<&Block>) -> furniture::Below {
    match next {
        Some(Block::Table(_)) | None => furniture::Below::Table,
        Some(_) => furniture::Below::Paragraph {
            above: ND30.body.after,
        },
    }
}

/// An empty paragraph two points high, to separate or close tables.
fn spacer(ctx: Ctx<'_>) -> Paragraph {
    ctx.paragraph().size(4).line_spacing(
        LineSpacing::new()
            .line_rule(LineSpacingType::Exact)
            .line(40)
            .before(0)
            .after(0),
    )
}

/// The header rows the tree flags, which the package step must find marked.
fn header_row_count(doc: &Document) -> usize {
    doc.parts
        .iter()
        .flat_map(|part| &part.blocks)
        .map(|block| match block {
            Block::Table(table) => table.header.len(),
            _ => 0,
        })
        .sum()
}
