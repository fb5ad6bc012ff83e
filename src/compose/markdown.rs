//! Markdown (the prose of plans and templates) → blocks of the document tree.
//!
//! A small, well-known markup parsed by a real parser (pulldown-cmark):
//! `#` is a numbered item ("1."), `##` a sub-item ("a)"), `-` lists print as
//! "-" lines and nested lists as "+", `**bold**`, `*italic*`, and a link to
//! `#id` names an appendix ("Phụ lục I"). Raw HTML prints as the text it is.
//! A heading that opens with bold text and goes on in plain text is a
//! run-in heading ("5. **Đề nghị …:** Phối hợp …"): one paragraph whose
//! number and bold label lead plain text, as real plans print it.

use std::collections::HashMap;

use pulldown_cmark::{Event, HeadingLevel as MdLevel, Parser, Tag, TagEnd};

use crate::check::checked::SubItemStyle;
use crate::doc::{Block, HeadingLevel, Inline, List, ListItem, ParagraphStyle};
use crate::limits::LIMITS;
use crate::text::to_letters;

/// Heading counters of one part (I, II …): items run on across the pieces
/// of Markdown of the same part, sub-items restart under each item.
#[derive(Debug, Default, Clone)]
pub struct Numbering {
    item: u32,
    sub_item: u32,
    style: SubItemStyle,
}

impl Numbering {
    /// Counters of a part whose sub-items are numbered in `style`.
    pub fn new(style: SubItemStyle) -> Self {
        Numbering {
            style,
            ..Numbering::default()
        }
    }

    fn next_item(&mut self) -> String {
        self.item += 1;
        self.sub_item = 0;
        format!("{}.", self.item)
    }

    fn next_sub_item(&mut self) -> String {
        self.sub_item += 1;
        match self.style {
            SubItemStyle::Letter => format!(
                "{})",
                to_letters(usize::try_from(self.sub_item).unwrap_or(0))
            ),
            SubItemStyle::Decimal => format!("{}.{}.", self.item, self.sub_item),
        }
    }
}

/// Converts Markdown into blocks. `appendix_labels` maps appendix ids to
/// their printed names ("Phụ lục I").
pub fn to_blocks(
    markdown: &str,
    numbering: &mut Numbering,
    appendix_labels: &HashMap<String, String>,
) -> Vec<Block> {
    let mut b = Builder {
        numbering,
        labels: appendix_labels,
        blocks: Vec::new(),
        inlines: Vec::new(),
        bold: 0,
        italic: 0,
        heading: None,
        lists: Vec::new(),
        flattened: 0,
        link_start: None,
    };
    for event in Parser::new(markdown) {
        b.event(event);
    }
    b.flush_paragraph();
    b.blocks
}

struct Builder<'a> {
    numbering: &'a mut Numbering,
    labels: &'a HashMap<String, String>,
    blocks: Vec<Block>,
    inlines: Vec<Inline>,
    bold: u32,
    italic: u32,
    heading: Option<MdLevel>,
    /// Open lists, innermost last, each with the item being filled.
    lists: Vec<(List, Option<ListItem>)>,
    /// Lists opened past `LIMITS.list_depth`, whose items join the deepest
    /// kept: `check` refuses plan text nested deeper, and lists of a user's
    /// template nested deeper are flattened there, so the writers never
    /// recurse past it.
    flattened: usize,
    /// Where the inlines of an open link start, and its appendix id.
    link_start: Option<(usize, Option<String>)>,
}

impl Builder<'_> {
    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) | Event::Code(text) | Event::Html(text) | Event::InlineHtml(text) => {
                self.text(&text)
            }
            Event::SoftBreak | Event::HardBreak => self.text(" "),
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Heading { level, .. } => {
                self.flush_paragraph();
                self.heading = Some(level);
            }
            Tag::Paragraph if self.current_item().is_some() && !self.inlines.is_empty() => {
                // A second paragraph in a list item joins the first.
                self.text(" ");
            }
            Tag::List(_) if self.lists.len() >= LIMITS.list_depth => {
                let inlines = std::mem::take(&mut self.inlines);
                if let Some(item) = self.current_item() {
                    item_push(item, inlines);
                }
                self.flattened += 1;
            }
            Tag::List(_) => {
                let marker = if self.lists.is_empty() { "-" } else { "+" };
                let inlines = std::mem::take(&mut self.inlines);
                if let Some(item) = self.current_item() {
                    item_push(item, inlines);
                } else {
                    self.inlines = inlines;
                    self.flush_paragraph();
                }
                self.lists.push((
                    List {
                        marker: marker.to_owned(),
                        items: Vec::new(),
                    },
                    None,
                ));
            }
            Tag::Item => {
                if let Some((list, item)) = self.lists.last_mut() {
                    // Only past the depth bound is an item still open here.
                    if let Some(open) = item.take() {
                        list.items.push(open);
                    }
                    *item = Some(ListItem {
                        content: Vec::new(),
                        children: None,
                    });
                }
            }
            Tag::Strong => self.bold += 1,
            Tag::Emphasis => self.italic += 1,
            Tag::Link { dest_url, .. } => {
                let id = dest_url.strip_prefix('#').map(str::to_owned);
                self.link_start = Some((self.inlines.len(), id));
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(_) => {
                let level = self.heading.take();
                let text = std::mem::take(&mut self.inlines);
                let run_in = text.first().is_some_and(|i| i.bold)
                    && text.iter().any(|i| !i.bold && !i.text.trim().is_empty());
                let block = match level {
                    Some(MdLevel::H1 | MdLevel::H2) if run_in => {
                        let number = if level == Some(MdLevel::H1) {
                            self.numbering.next_item()
                        } else {
                            self.numbering.next_sub_item()
                        };
                        // The label is bold like the number: one run.
                        let mut content = text;
                        content[0].text = format!("{number} {}", content[0].text);
                        Block::Paragraph {
                            style: ParagraphStyle::Body,
                            content,
                        }
                    }
                    Some(MdLevel::H1) => Block::Heading {
                        level: HeadingLevel::Item,
                        number: self.numbering.next_item(),
                        text,
                    },
                    Some(MdLevel::H2) => Block::Heading {
                        level: HeadingLevel::SubItem,
                        number: self.numbering.next_sub_item(),
                        text,
                    },
                    _ => Block::Paragraph {
                        style: ParagraphStyle::Body,
                        content: text
                            .into_iter()
                            .map(|i| Inline { bold: true, ..i })
                            .collect(),
                    },
                };
                self.blocks.push(block);
            }
            TagEnd::Paragraph | TagEnd::CodeBlock if self.current_item().is_none() => {
                self.flush_paragraph();
            }
            TagEnd::Item => {
                let inlines = std::mem::take(&mut self.inlines);
                if let Some((list, item)) = self.lists.last_mut()
                    && let Some(mut item) = item.take()
                {
                    item_push(&mut item, inlines);
                    list.items.push(item);
                }
            }
            TagEnd::List(_) if self.flattened > 0 => self.flattened -= 1,
            TagEnd::List(_) => {
                if let Some((list, _)) = self.lists.pop() {
                    match self.current_item() {
                        Some(parent) => parent.children = Some(list),
                        None => self.blocks.push(Block::List(list)),
                    }
                }
            }
            TagEnd::Strong => self.bold = self.bold.saturating_sub(1),
            TagEnd::Emphasis => self.italic = self.italic.saturating_sub(1),
            TagEnd::Link => {
                if let Some((start, Some(id))) = self.link_start.take()
                    && let Some(label) = self.labels.get(&id)
                {
                    self.inlines.truncate(start);
                    self.push(Inline::plain(label.clone()));
                }
            }
            _ => {}
        }
    }

    fn current_item(&mut self) -> Option<&mut ListItem> {
        self.lists.last_mut().and_then(|(_, item)| item.as_mut())
    }

    fn text(&mut self, text: &str) {
        let inline = Inline {
            text: text.to_owned(),
            bold: self.bold > 0,
            italic: self.italic > 0,
        };
        self.push(inline);
    }

    /// Appends, merging with the previous run when the style is the same.
    fn push(&mut self, inline: Inline) {
        match self.inlines.last_mut() {
            Some(last) if last.bold == inline.bold && last.italic == inline.italic => {
                last.text.push_str(&inline.text)
            }
            _ => self.inlines.push(inline),
        }
    }

    fn flush_paragraph(&mut self) {
        if self.inlines.iter().all(|i| i.text.trim().is_empty()) {
            self.inlines.clear();
            return;
        }
        let content = std::mem::take(&mut self.inlines);
        self.blocks.push(Block::Paragraph {
            style: ParagraphStyle::Body,
            content,
        });
    }
}

fn item_push(item: &mut ListItem, inlines: Vec<Inline>) {
    for inline in inlines {
        match item.content.last_mut() {
            Some(last) if last.bold == inline.bold && last.italic == inline.italic => {
                last.text.push_str(&inline.text)
            }
            _ => item.content.push(inline),
        }
    }
}

/// Non-empty trimmed lines, with a leading "- " dropped.
pub(super) fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.trim().trim_start_matches("- ").trim().to_owned())
        .filter(|l| !l.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(md: &str) -> Vec<Block> {
        let mut labels = HashMap::new();
        labels.insert("chi-tieu".to_owned(), "Phụ lục I".to_owned());
        to_blocks(md, &mut Numbering::default(), &labels)
    }

    /// The numbers of the headings among `blocks`, in order.
    fn heading_numbers(blocks: &[Block]) -> Vec<&str> {
        blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading { number, .. } => Some(number.as_str()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn headings_are_numbered_and_sub_items_restart() {
        let b = blocks("# Mục đích\n\n## Một\n\n## Hai\n\n# Yêu cầu\n\n## Ba\n");
        let numbers = heading_numbers(&b);
        assert_eq!(numbers, ["1.", "a)", "b)", "2.", "a)"]);
    }

    #[test]
    fn decimal_sub_items_carry_their_item_number() {
        let md = "# Mục đích\n\n## Một\n\n# Yêu cầu\n\n## Hai\n\n## Ba\n";
        let b = to_blocks(
            md,
            &mut Numbering::new(SubItemStyle::Decimal),
            &HashMap::new(),
        );
        let numbers = heading_numbers(&b);
        assert_eq!(numbers, ["1.", "1.1.", "2.", "2.1.", "2.2."]);
    }

    #[test]
    fn a_heading_opening_in_bold_runs_in() {
        let b = blocks("# Mục đích\n\n# **Đề nghị Ủy ban MTTQ xã:** Phối hợp tuyên truyền.\n");
        let Block::Paragraph { style, content } = &b[1] else {
            panic!("{b:?}")
        };
        assert_eq!(*style, ParagraphStyle::Body);
        assert_eq!(content[0].text, "2. Đề nghị Ủy ban MTTQ xã:");
        assert!(content[0].bold);
        assert_eq!(content[1].text, " Phối hợp tuyên truyền.");
        assert!(!content[1].bold);
        // A plain heading stays a heading.
        assert!(matches!(b[0], Block::Heading { .. }));
    }

    #[test]
    fn nested_lists_use_dash_then_plus() {
        let b = blocks("- một\n  + hai\n- ba\n");
        let Block::List(list) = &b[0] else {
            panic!("{b:?}")
        };
        assert_eq!(list.marker, "-");
        assert_eq!(list.items.len(), 2);
        let child = list.items[0].children.as_ref().unwrap();
        assert_eq!(child.marker, "+");
        assert_eq!(child.items[0].content[0].text, "hai");
    }

    /// Depth of the deepest list in blocks.
    fn depth(list: &List) -> usize {
        1 + list
            .items
            .iter()
            .filter_map(|i| i.children.as_ref())
            .map(depth)
            .max()
            .unwrap_or(0)
    }

    #[test]
    fn deep_lists_are_flattened_at_the_bound_keeping_every_item() {
        let md = "- - - - - - - - - - - - x";
        assert_eq!(crate::plan::schema::list_depth(md), 12);
        let b = blocks(md);
        let Block::List(list) = &b[0] else {
            panic!("{b:?}")
        };
        assert_eq!(depth(list), LIMITS.list_depth);
        let deep: String = (1..=12)
            .map(|i| format!("{}- {i}\n", "  ".repeat(i - 1)))
            .collect();
        let b = blocks(&deep);
        let Block::List(list) = &b[0] else {
            panic!("{b:?}")
        };
        assert_eq!(depth(list), LIMITS.list_depth);
        fn texts(list: &List, out: &mut Vec<String>) {
            for item in &list.items {
                out.extend(item.content.iter().map(|i| i.text.trim().to_owned()));
                if let Some(c) = &item.children {
                    texts(c, out);
                }
            }
        }
        let mut all = Vec::new();
        texts(list, &mut all);
        let expected: Vec<String> = (1..=12).map(|i| i.to_string()).collect();
        assert_eq!(all, expected);
    }

    #[test]
    fn appendix_links_resolve_to_their_number() {
        let b = blocks("(Nội dung chi tiết tại [](#chi-tieu) kèm theo).");
        let Block::Paragraph { content, .. } = &b[0] else {
            panic!()
        };
        let text: String = content.iter().map(|i| i.text.as_str()).collect();
        assert_eq!(text, "(Nội dung chi tiết tại Phụ lục I kèm theo).");
    }

    #[test]
    fn html_and_code_print_literally() {
        let b = blocks("a <b>c</b> `#read(\"/etc/passwd\")`");
        let Block::Paragraph { content, .. } = &b[0] else {
            panic!()
        };
        let text: String = content.iter().map(|i| i.text.as_str()).collect();
        assert_eq!(text, "a <b>c</b> #read(\"/etc/passwd\")");
    }

    #[test]
    fn escaped_text_round_trips() {
        let nasty = "*đậm* _x_ # tiêu đề [a](#b) <tag> 1. \\ `c` - + =";
        let b = blocks(&crate::text::escape_markdown(nasty));
        let Block::Paragraph { content, .. } = &b[0] else {
            panic!("{b:?}")
        };
        let text: String = content.iter().map(|i| i.text.as_str()).collect();
        assert_eq!(text, nasty);
        assert!(content.iter().all(|i| !i.bold && !i.italic));
    }
}
