//! The document tree as stable, readable text: one line per block, row or
//! list item. Snapshot tests compare it, so a change of what the page says
//! shows as a small text diff, whatever the writers make of it.

use std::fmt::Write;

use super::{Align, Block, Cell, Document, Inline, List, Orientation, Recipients, Row, Table};

impl Document {
    /// The tree as text (see the module comment).
    pub fn outline(&self) -> String {
        let mut out = String::new();
        let (y, m, d) = self.meta.date;
        let _ = writeln!(out, "meta title: {}", self.meta.title);
        let _ = writeln!(out, "meta author: {}", self.meta.author);
        let _ = writeln!(out, "meta date: {y:04}-{m:02}-{d:02}");
        for part in &self.parts {
            let orientation = match part.orientation {
                Orientation::Portrait => "portrait",
                Orientation::Landscape => "landscape",
            };
            let _ = writeln!(out, "\n=== part {orientation}");
            for block in &part.blocks {
                block_outline(&mut out, block);
            }
        }
        out
    }
}

fn block_outline(out: &mut String, block: &Block) {
    let _ = match block {
        Block::Header(h) => {
            let _ = writeln!(out, "header");
            if let Some(parent) = &h.parent_body {
                let _ = writeln!(out, "  parent: {parent}");
            }
            let _ = writeln!(out, "  issuer: {}", h.issuer.join(" | "));
            let _ = writeln!(out, "  number: {}", h.number_line);
            let _ = writeln!(out, "  national: {} | {}", h.national_title, h.motto);
            writeln!(out, "  place-date: {}", h.place_date)
        }
        Block::DraftMark(text) => writeln!(out, "draft-mark: {text}"),
        Block::Title { kind, excerpt } => writeln!(out, "title: {kind} | {excerpt}"),
        Block::Division(d) => writeln!(out, "division: {} | {}", d.label, d.title),
        Block::Heading {
            level,
            number,
            text,
        } => writeln!(out, "heading {level:?} {number} {}", inlines(text)),
        Block::Paragraph { style, content } => {
            writeln!(out, "paragraph {style:?}: {}", inlines(content))
        }
        Block::List(list) => {
            list_outline(out, list, 0);
            Ok(())
        }
        Block::Closing(content) => writeln!(out, "closing: {}", inlines(content)),
        Block::Table(table) => {
            table_outline(out, table);
            Ok(())
        }
        Block::Signature(s) => {
            let _ = writeln!(out, "signature");
            let _ = writeln!(out, "  recipients-label: {}", s.recipients_label);
            for entry in &s.recipients {
                let _ = match entry {
                    Recipients::Line(line) => writeln!(out, "  recipient: {line}"),
                    Recipients::Braced { lines, note } => {
                        writeln!(out, "  recipients {{ {} }} {note}", lines.join(" | "))
                    }
                };
            }
            for line in &s.authority {
                let _ = writeln!(out, "  authority: {line}");
            }
            writeln!(out, "  name: {}", s.name)
        }
        Block::AppendixHeading(a) => {
            let _ = writeln!(out, "appendix-heading {}", a.label);
            if let Some(caption) = &a.caption {
                let _ = writeln!(out, "  caption: {caption}");
            }
            let _ = writeln!(out, "  title: {}", a.title);
            writeln!(out, "  reference: {}", a.reference)
        }
    };
}

fn list_outline(out: &mut String, list: &List, depth: usize) {
    let indent = "  ".repeat(depth);
    for item in &list.items {
        let _ = writeln!(out, "{indent}{} {}", item.marker, inlines(&item.content));
        if let Some(children) = &item.children {
            list_outline(out, children, depth + 1);
        }
    }
}

fn table_outline(out: &mut String, table: &Table) {
    let widths: Vec<String> = table.widths.iter().map(u32::to_string).collect();
    let _ = writeln!(out, "table widths {}", widths.join(" "));
    for row in &table.header {
        row_outline(out, "head", row);
    }
    for row in &table.body {
        row_outline(out, if row.group { "group" } else { "row" }, row);
    }
}

fn row_outline(out: &mut String, kind: &str, row: &Row) {
    let cells: Vec<String> = row.cells.iter().map(cell).collect();
    let _ = writeln!(out, "  {kind} | {}", cells.join(" | "));
}

/// A cell's lines joined by " ⏎ ", then its layout: `{center bold 2x1}`.
fn cell(cell: &Cell) -> String {
    let text: Vec<String> = cell.lines.iter().map(|l| inlines(l)).collect();
    let mut marks = Vec::new();
    match cell.align {
        Align::Left => {}
        Align::Center => marks.push("center".to_owned()),
        Align::Right => marks.push("right".to_owned()),
    }
    if cell.bold {
        marks.push("bold".to_owned());
    }
    if cell.colspan != 1 || cell.rowspan != 1 {
        marks.push(format!("{}x{}", cell.colspan, cell.rowspan));
    }
    let text = text.join(" ⏎ ");
    if marks.is_empty() {
        text
    } else {
        format!("{text} {{{}}}", marks.join(" "))
    }
}

/// Runs with their emphasis as Markdown-like marks: `**đậm**`, `_nghiêng_`.
fn inlines(runs: &[Inline]) -> String {
    runs.iter()
        .map(|r| match (r.bold, r.italic) {
            (true, true) => format!("**_{}_**", r.text),
            (true, false) => format!("**{}**", r.text),
            (false, true) => format!("_{}_", r.text),
            (false, false) => r.text.clone(),
        })
        .collect()
}
