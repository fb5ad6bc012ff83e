//! Document tree → typst source. User text is emitted only as typst string
//! literals in code mode (`"…"`), which print exactly what they hold: no
//! markup, no smart quotes, no `#` code. `literal` is that one boundary.

use std::fmt::Write;

use crate::doc::fits;
use crate::doc::style::{Length, ND30, Nd30};
use crate::doc::{
    Align, AppendixHeading, Block, Cell, Document, HeaderBlock, Inline, List, Orientation,
    ParagraphStyle, Recipients, Row, SignatureBlock, Table,
};

/// The page layout, shared by every document.
const TEMPLATE: &str = include_str!("nd30.typ");

/// The whole typst source of a document, for fonts `families`.
pub fn document_source(doc: &Document, families: &[&str]) -> String {
    let mut out = String::with_capacity(64 * 1024);
    let fonts: Vec<String> = families.iter().map(|f| literal(f)).collect();
    let (year, month, day) = doc.meta.date;
    let _ = writeln!(out, "#let nd30-fonts = ({},)", fonts.join(", "));
    let _ = writeln!(
        out,
        "#let nd30-meta = (title: {}, author: {}, date: datetime(year: {year}, month: {month}, day: {day}))",
        literal(&doc.meta.title),
        literal(&doc.meta.author)
    );
    let _ = writeln!(out, "#let nd30-style = {}", style_dictionary(&ND30));
    out.push_str(TEMPLATE);
    for part in &doc.parts {
        let flipped = part.orientation == Orientation::Landscape;
        // The body is code, one block per line: no stray spaces between
        // blocks, as markup would insert at each newline.
        let _ = writeln!(out, "#page(flipped: {flipped}, {{");
        if matches!(part.blocks.first(), Some(Block::AppendixHeading(_))) {
            // ND30: an appendix's pages are numbered on their own, from 1,
            // as in its standalone file (whose first page shows no number).
            out.push_str("counter(page).update(1)\n[#metadata(\"phu-luc\") <kehoach-phu-luc>]\n");
        }
        for block in &part.blocks {
            match block {
                Block::Table(table) => write_table(&mut out, table, part.orientation),
                _ => write_block(&mut out, block),
            }
        }
        out.push_str("})\n");
    }
    out
}

/// A typst length.
fn pt(length: Length) -> String {
    format!("{}pt", length.points())
}

/// A font size in points, as a typst length.
fn size(points: u32) -> String {
    format!("{points}pt")
}

/// A length in em of the font size, as a typst length.
fn em(em: f64) -> String {
    format!("{em}em")
}

/// The page style as the typst dictionary `nd30.typ` reads: the one place
/// the PDF gets a length or a size from.
fn style_dictionary(style: &Nd30) -> String {
    let (width, height) = style.paper(Orientation::Portrait);
    let l = &style.line;
    let m = &style.margins;
    let h = &style.header;
    let s = &style.signature;
    let a = &style.appendix;
    let d = &style.draft;
    let t = &style.table;
    let entries = [
        // `height` is a number, to multiply a font size with.
        format!(
            "line: (top-edge: {}, bottom-edge: {}, leading: {}, height: {})",
            em(l.above_baseline),
            em(-l.below_baseline),
            em(l.leading),
            l.em()
        ),
        format!("paper: (width: {}, height: {})", pt(width), pt(height)),
        format!(
            "margin: (top: {}, bottom: {}, left: {}, right: {})",
            pt(m.top),
            pt(m.bottom),
            pt(m.left),
            pt(m.right)
        ),
        format!(
            "page-number: (size: {}, top: {})",
            size(style.page_number.size),
            pt(style.page_number.top)
        ),
        format!(
            "body: (size: {}, indent: {}, after: {})",
            size(style.body.size),
            pt(style.body.first_line_indent),
            pt(style.body.after)
        ),
        format!("flush: {}", pt(style.flush_indent)),
        format!(
            "header: (left: {}%, size: {}, motto-size: {}, place-date-size: {}, issuer-rule: {}, spacing: {}, row-gap: {})",
            h.left_percent,
            size(h.size),
            size(h.motto_size),
            size(h.place_date_size),
            h.issuer_rule.value(),
            pt(h.spacing),
            pt(h.row_gap)
        ),
        format!(
            "title: (size: {}, before: {}, spacing: {}, excerpt-rule: {}, after: {})",
            size(style.title.size),
            pt(style.title.before),
            pt(style.title.spacing),
            style.title.excerpt_rule.value(),
            pt(style.title.after)
        ),
        format!(
            "division: (size: {}, before: {}, spacing: {}, after: {})",
            size(style.division.size),
            pt(style.division.before),
            pt(style.division.spacing),
            pt(style.division.after)
        ),
        format!(
            "signature: (left: {}%, recipients-head-size: {}, recipients-size: {}, size: {}, before: {}, spacing: {}, room: {}, below-room: {}, brace: (gap: {}, depth: {}, note-gap: {}, stroke: {}))",
            s.left_percent,
            size(s.recipients_head_size),
            size(s.recipients_size),
            size(s.size),
            pt(s.before),
            pt(s.spacing),
            pt(s.room),
            pt(s.below_room),
            pt(s.brace.gap),
            pt(s.brace.depth),
            pt(s.brace.note_gap),
            pt(s.brace.stroke)
        ),
        format!(
            "appendix: (size: {}, spacing: {}, rule-gap: {}, rule: {}, after: {})",
            size(a.size),
            pt(a.spacing),
            pt(a.rule_gap),
            a.rule.value(),
            pt(a.after)
        ),
        format!("rule: {}", pt(style.rule)),
        format!("rule-gap: {}", pt(style.rule_gap)),
        format!(
            "draft: (size: {}, stroke: {}, inset-x: {}, inset-y: {}, slack: {}, top: {})",
            size(d.size),
            pt(d.stroke),
            pt(d.inset_x),
            pt(d.inset_y),
            pt(d.slack),
            pt(d.top)
        ),
        format!(
            "table: (size: {}, stroke: {}, inset-x: {}, inset-y: {}, spacing: {})",
            size(t.size),
            pt(t.stroke),
            pt(t.inset_x),
            pt(t.inset_y),
            pt(t.spacing)
        ),
    ];
    let body: String = entries.iter().map(|e| format!("  {e},\n")).collect();
    format!("(\n{body})")
}

/// A typst string literal holding `text` exactly, but for control
/// characters other than tab and newline, which are dropped.
pub fn literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for ch in text.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            // Other control characters print nothing useful (typst shows a
            // gap) and XML cannot hold them: dropped here as in the DOCX.
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Words at least this long get break opportunities: typst never breaks a
/// word by itself, and one 5,000-letter word would run off the page.
const LONG_WORD: usize = 40;
/// How often a long word may break.
const BREAK_EVERY: usize = 20;

/// `text` with zero-width spaces (invisible break opportunities) inside
/// overlong words, so no user text can push past the margin.
pub fn breakable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = 0usize;
    let long_ahead = |rest: &str| {
        rest.chars()
            .take_while(|c| !c.is_whitespace())
            .nth(LONG_WORD - 1)
            .is_some()
    };
    let mut in_long = false;
    for (i, ch) in text.char_indices() {
        if ch.is_whitespace() {
            run = 0;
            in_long = false;
        } else {
            if run == 0 {
                in_long = long_ahead(&text[i..]);
            }
            if in_long && run > 0 && run.is_multiple_of(BREAK_EVERY) {
                out.push('\u{200B}');
            }
            run += 1;
        }
        out.push(ch);
    }
    out
}

/// A literal of user text, with break opportunities in overlong words.
fn text_literal(text: &str) -> String {
    literal(&breakable(text))
}

fn inlines(content: &[Inline]) -> String {
    let mut out = String::from("[");
    for inline in content {
        match (inline.bold, inline.italic) {
            (false, false) => {
                let _ = write!(out, "#{}", text_literal(&inline.text));
            }
            (bold, italic) => {
                let weight = if bold { "weight: \"bold\", " } else { "" };
                let style = if italic { "style: \"italic\", " } else { "" };
                let _ = write!(out, "#text({weight}{style}{})", text_literal(&inline.text));
            }
        }
    }
    out.push(']');
    out
}

fn write_block(out: &mut String, block: &Block) {
    match block {
        Block::Header(h) => write_header(out, h),
        Block::DraftMark(label) => {
            let _ = writeln!(out, "nd30-draft({})", literal(label));
        }
        Block::Title { kind, excerpt } => {
            let _ = writeln!(out, "nd30-title({}, {})", literal(kind), literal(excerpt));
        }
        Block::Division(d) => {
            let _ = writeln!(
                out,
                "nd30-division({}, {})",
                literal(&d.label),
                literal(&d.title)
            );
        }
        Block::Heading {
            level,
            number,
            text,
        } => {
            let mut content = Vec::new();
            if !number.is_empty() {
                content.push(Inline::plain(format!("{number} ")));
            }
            content.extend(text.iter().cloned());
            let emphasis = level.emphasis();
            let styled: Vec<Inline> = content
                .into_iter()
                .map(|i| Inline {
                    bold: i.bold || emphasis.bold,
                    italic: i.italic || emphasis.italic,
                    ..i
                })
                .collect();
            let _ = writeln!(out, "nd30-heading({})", inlines(&styled));
        }
        Block::Paragraph { style, content } => {
            let _ = writeln!(out, "{}({})", paragraph_function(*style), inlines(content));
        }
        Block::List(list) => write_list(out, list),
        Block::Closing(content) => match fits::closing_split(content) {
            Some((head, tail)) => {
                let _ = writeln!(out, "nd30-closing({}, {})", inlines(&head), inlines(&tail));
            }
            None => {
                let _ = writeln!(out, "nd30-closing(none, {})", inlines(content));
            }
        },
        Block::Table(table) => write_table(out, table, Orientation::Portrait),
        Block::Signature(s) => write_signature(out, s),
        Block::AppendixHeading(a) => write_appendix_heading(out, a),
    }
}

/// The typst function that sets a paragraph of `style`.
fn paragraph_function(style: ParagraphStyle) -> &'static str {
    match style {
        ParagraphStyle::Body => "par",
        ParagraphStyle::Centered => "nd30-centered",
    }
}

fn write_header(out: &mut String, h: &HeaderBlock) {
    let parent = h
        .parent_body
        .as_deref()
        .map_or_else(|| "none".to_owned(), literal);
    let issuer: Vec<String> = h.issuer.iter().map(|l| literal(l)).collect();
    let _ = writeln!(
        out,
        "nd30-header({parent}, ({},), {}, {}, {}, {})",
        issuer.join(", "),
        literal(&h.number_line),
        literal(&h.national_title),
        literal(&h.motto),
        literal(&h.place_date)
    );
}

fn write_list(out: &mut String, list: &List) {
    for item in &list.items {
        let mut content = vec![Inline::plain(format!("{} ", item.marker))];
        content.extend(item.content.iter().cloned());
        let _ = writeln!(out, "par({})", inlines(&content));
        if let Some(children) = &item.children {
            write_list(out, children);
        }
    }
}

fn write_signature(out: &mut String, s: &SignatureBlock) {
    let list = |items: &[String]| {
        let lits: Vec<String> = items.iter().map(|i| literal(i)).collect();
        format!("({},)", lits.join(", "))
    };
    // A line is a string, a braced group a dictionary.
    let entries: Vec<String> = s
        .recipients
        .iter()
        .map(|entry| match entry {
            Recipients::Line(line) => literal(line),
            Recipients::Braced { lines, note } => {
                format!("(lines: {}, note: {})", list(lines), literal(note))
            }
        })
        .collect();
    let recipients = if entries.is_empty() {
        "()".to_owned()
    } else {
        format!("({},)", entries.join(", "))
    };
    let authority = if s.authority.is_empty() {
        "()".to_owned()
    } else {
        list(&s.authority)
    };
    let _ = writeln!(
        out,
        "nd30-signature({}, {recipients}, {authority}, {}, {})",
        literal(&s.recipients_label),
        literal(&s.name),
        fits::recipients_flow(s)
    );
}

fn write_appendix_heading(out: &mut String, a: &AppendixHeading) {
    let caption = a
        .caption
        .as_deref()
        .map_or_else(|| "none".to_owned(), literal);
    let _ = writeln!(
        out,
        "nd30-appendix-heading({}, {caption}, {}, {})",
        literal(&a.label),
        literal(&a.title),
        literal(&a.reference)
    );
}

fn write_table(out: &mut String, table: &Table, orientation: Orientation) {
    let widths: Vec<String> = table.widths.iter().map(u32::to_string).collect();
    let _ = write!(out, "nd30-table(({},), (", widths.join(", "));
    for row in &table.header {
        write_row(out, row, true);
    }
    out.push_str("), (");
    // Rows are kept whole; only a row taller than a page may break, and
    // the first, so that it starts under the appendix heading (doc::fits).
    let fit = fits::body_rows_kept_whole(table, orientation);
    for (row, fits) in table.body.iter().zip(fit) {
        write_row(out, row, fits);
    }
    out.push_str("))\n");
}

/// A row; compose has made header and group cells bold already.
fn write_row(out: &mut String, row: &Row, whole: bool) {
    for cell in &row.cells {
        write_cell(out, cell, cell.bold, whole);
    }
    out.push('\n');
}

fn write_cell(out: &mut String, cell: &Cell, bold: bool, whole: bool) {
    let align = match cell.align {
        Align::Center => "center + horizon",
        Align::Right => "right + horizon",
        Align::Left => "left + horizon",
    };
    let lines: Vec<String> = cell
        .lines
        .iter()
        .map(|line| {
            let styled: Vec<Inline> = line
                .iter()
                .map(|i| Inline {
                    bold: i.bold || bold,
                    ..i.clone()
                })
                .collect();
            format!("par({})", inlines(&styled))
        })
        .collect();
    let _ = write!(
        out,
        "table.cell(colspan: {}, rowspan: {}, align: {align}, breakable: {})[{}], ",
        cell.colspan.max(1),
        cell.rowspan.max(1),
        !whole,
        lines.iter().map(|l| format!("#{l}")).collect::<String>()
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_overlong_words_get_break_opportunities() {
        assert_eq!(breakable("Quảng Ngọc 57-NQ/TW"), "Quảng Ngọc 57-NQ/TW");
        let word = "A".repeat(45);
        let broken = breakable(&format!("x {word} y"));
        assert_eq!(broken.matches('\u{200B}').count(), 2);
        assert_eq!(broken.replace('\u{200B}', ""), format!("x {word} y"));
    }

    /// The lengths (a number and a unit of length) that typst source `typ`
    /// states outside its comments and strings.
    fn length_literals(typ: &str) -> Vec<String> {
        let mut found = Vec::new();
        let chars: Vec<char> = typ.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            match chars[i] {
                '/' if chars.get(i + 1) == Some(&'/') => {
                    while i < chars.len() && chars[i] != '\n' {
                        i += 1;
                    }
                }
                '/' if chars.get(i + 1) == Some(&'*') => {
                    i += 2;
                    while i + 1 < chars.len() && !(chars[i] == '*' && chars[i + 1] == '/') {
                        i += 1;
                    }
                    i += 2;
                }
                '"' => {
                    i += 1;
                    while i < chars.len() && chars[i] != '"' {
                        i += if chars[i] == '\\' { 2 } else { 1 };
                    }
                    i += 1;
                }
                // An identifier (`nd30-s`, `h2pt`), digits and all.
                c if c.is_alphabetic() || c == '_' => {
                    while i < chars.len()
                        && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '-')
                    {
                        i += 1;
                    }
                }
                c if c.is_ascii_digit() => {
                    let start = i;
                    while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                        i += 1;
                    }
                    let unit_end = (i..chars.len())
                        .find(|&j| !chars[j].is_ascii_alphabetic())
                        .unwrap_or(chars.len());
                    let unit: String = chars[i..unit_end].iter().collect();
                    if ["pt", "mm", "cm", "in", "em"].contains(&unit.as_str()) {
                        found.push(chars[start..unit_end].iter().collect());
                    }
                    i = unit_end;
                }
                _ => i += 1,
            }
        }
        found
    }

    #[test]
    fn the_page_layout_states_no_length_of_its_own() {
        assert_eq!(length_literals(TEMPLATE), Vec::<String>::new());
    }

    #[test]
    fn length_literals_are_found_outside_comments_and_strings() {
        let typ = "v(2pt) // 3pt\n/* 4mm */ #let a = \"5em\"\nx(1.5em, 10%, 1fr, h2pt, -0.216em)";
        assert_eq!(length_literals(typ), ["2pt", "1.5em", "0.216em"]);
    }

    #[test]
    fn the_style_dictionary_holds_every_length_the_layout_reads() {
        let dictionary = style_dictionary(&ND30);
        for entry in [
            "rule-gap: 4pt",
            "flush: 0pt",
            "before: 14pt",
            "below-room: 0pt",
        ] {
            assert!(dictionary.contains(entry), "{entry} in {dictionary}");
        }
        assert!(
            dictionary.contains("top-edge: 0.933em, bottom-edge: -0.216em, leading: 0em"),
            "{dictionary}"
        );
    }

    #[test]
    fn literals_escape_only_what_strings_need() {
        assert_eq!(literal("a\"b\\c"), "\"a\\\"b\\\\c\"");
        assert_eq!(literal("x\ny"), "\"x\\ny\"");
        assert_eq!(literal("a\u{7}b\u{0}"), "\"ab\"");
        assert_eq!(
            literal("#read(\"/etc/passwd\")"),
            "\"#read(\\\"/etc/passwd\\\")\""
        );
    }
}
