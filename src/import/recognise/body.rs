//! The body: parts by their typed numbering (I., II. …), and inside each
//! the items (1., 2. …), sub-items (a), b) … or 4.1., 4.2. …), the bullets
//! clerks type (-, +, *, •) and paragraphs, written as the Markdown of the
//! format with the typed numbers removed (kehoach derives them). Bold and
//! italic runs become `**…**` and `*…*`; "Phụ lục II" in prose becomes a
//! link to that appendix, so its number follows the appendix.

use crate::import::blocks::{Origin, Run};

use super::flow::Line;
use super::words::{Marker, fold, marker, squash};

/// What a paragraph of the body is.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Heading(Marker),
    Bullet {
        nested: bool,
    },
    Para,
    /// "Chỉ tiêu 3. Tên": the head of one indicator's section.
    IndicatorHead(usize),
}

/// A paragraph of the body, its marker taken off.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub kind: Kind,
    pub runs: Vec<Run>,
    pub text: String,
    pub origin: Origin,
}

/// One part: its title and content.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    pub title: String,
    pub origin: Origin,
    pub nodes: Vec<Node>,
}

/// "Chỉ tiêu 3. Tên" → (3, "Tên").
pub fn indicator_head(text: &str) -> Option<(usize, &str)> {
    let rest = text.strip_prefix("Chỉ tiêu ")?;
    let (number, name) = rest.split_once(". ")?;
    let n = number.trim().parse().ok()?;
    Some((n, name.trim()))
}

/// Runs without their first `chars` characters (of the trimmed text).
pub fn drop_chars(runs: &[Run], chars: usize) -> Vec<Run> {
    let mut left = chars;
    let mut out = Vec::new();
    let mut leading = true;
    for run in runs {
        let mut text: &str = &run.text;
        if leading {
            text = text.trim_start();
            if text.is_empty() {
                continue;
            }
            leading = false;
        }
        if left > 0 {
            let n = text.chars().count();
            if n <= left {
                left -= n;
                continue;
            }
            let at = text.char_indices().nth(left).map_or(text.len(), |(i, _)| i);
            text = &text[at..];
            left = 0;
            text = text.trim_start();
        }
        if !text.is_empty() {
            out.push(Run {
                text: text.to_owned(),
                ..run.clone()
            });
        }
    }
    out
}

/// A line as a node.
pub fn node(line: &Line) -> Node {
    let text = line.text.clone();
    if let Some((n, name)) = indicator_head(&text) {
        let taken = text.chars().count() - name.chars().count();
        return Node {
            kind: Kind::IndicatorHead(n),
            runs: drop_chars(&line.runs, taken),
            text: name.to_owned(),
            origin: line.origin,
        };
    }
    match marker(&text) {
        Some((
            m @ (Marker::Number(_) | Marker::Dotted(_) | Marker::Letter(_) | Marker::Roman(_)),
            rest,
        )) => {
            let taken = text.chars().count() - rest.chars().count();
            Node {
                kind: Kind::Heading(m),
                runs: drop_chars(&line.runs, taken),
                text: rest.to_owned(),
                origin: line.origin,
            }
        }
        Some((Marker::Bullet { nested }, rest)) => {
            let taken = text.chars().count() - rest.chars().count();
            Node {
                kind: Kind::Bullet { nested },
                runs: drop_chars(&line.runs, taken),
                text: rest.to_owned(),
                origin: line.origin,
            }
        }
        _ => Node {
            kind: Kind::Para,
            runs: line.runs.clone(),
            text,
            origin: line.origin,
        },
    }
}

/// The parts of the body, split at its Roman numbered headings; what
/// stands before the first is returned apart.
pub fn parts(lines: &[&Line]) -> (Vec<Node>, Vec<Part>) {
    let mut before = Vec::new();
    let mut parts: Vec<Part> = Vec::new();
    for line in lines {
        let n = node(line);
        match (&n.kind, parts.last_mut()) {
            (Kind::Heading(Marker::Roman(_)), _) => parts.push(Part {
                title: n.text.trim_end_matches(':').trim().to_owned(),
                origin: n.origin,
                nodes: Vec::new(),
            }),
            (_, Some(part)) => part.nodes.push(n),
            (_, None) => before.push(n),
        }
    }
    (before, parts)
}

/// The heading level (1 for `#`) of each marker style in a part: items
/// "1." are `#`; sub-items "a)" and "4.1." `##` (when both appear, the
/// numbered ones are `##` and the lettered `###`); "4.1.2." `###`.
pub fn level(marker: &Marker, has_dotted: bool) -> usize {
    match marker {
        Marker::Number(_) => 1,
        Marker::Dotted(parts) if parts.len() == 2 => 2,
        Marker::Dotted(_) => 3,
        Marker::Letter(_) if has_dotted => 3,
        _ => 2,
    }
}

/// How prose names the appendices: each one's id and the number typed in
/// its heading.
#[derive(Debug, Clone, Default)]
pub struct Links {
    pub ids: Vec<String>,
    pub typed: Vec<Option<usize>>,
}

impl Links {
    /// The appendix "Phụ lục `n`" names.
    fn target(&self, n: Option<usize>) -> Option<&str> {
        match n {
            None if self.ids.len() == 1 => Some(&self.ids[0]),
            None => None,
            Some(n) => {
                let typed: Vec<usize> = (0..self.typed.len())
                    .filter(|&i| self.typed[i] == Some(n))
                    .collect();
                let at = if typed.len() == 1 {
                    Some(typed[0])
                } else {
                    (n >= 1 && n <= self.ids.len()).then(|| n - 1)
                };
                at.map(|i| self.ids[i].as_str())
            }
        }
    }
}

/// Text escaped so Markdown prints it as typed; `start` for the text at
/// the start of a line, where "1. " or "- " would open a list.
pub fn escape(text: &str, start: bool) -> String {
    let mut out = String::with_capacity(text.len() + 4);
    let chars: Vec<char> = text.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        match c {
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' => {
                out.push('\\');
                out.push(*c);
            }
            // "&amp;" would print "&": an entity-like run is escaped.
            '&' if {
                let name = chars[i + 1..]
                    .iter()
                    .take_while(|c| c.is_alphanumeric() || **c == '#')
                    .count();
                name > 0 && chars.get(i + 1 + name) == Some(&';')
            } =>
            {
                out.push_str("\\&");
            }
            _ => out.push(*c),
        }
    }
    if start {
        let first = out.chars().next();
        let second = out.chars().nth(1);
        if matches!(first, Some('-' | '+' | '#' | '=')) && second.is_none_or(char::is_whitespace) {
            out.insert(0, '\\');
        } else if let Some(end) = out.find(['.', ')'])
            && end > 0
            && out[..end].chars().all(|c| c.is_ascii_digit())
            && out[end + 1..].starts_with(' ')
        {
            out.insert(end, '\\');
        }
    }
    out
}

/// Runs as Markdown: emphasis kept, spaces outside the markers, appendix
/// names as links.
pub fn inline(runs: &[Run], links: &Links) -> String {
    let mut out = String::new();
    let mut first = true;
    let mut merged: Vec<Run> = Vec::new();
    for run in runs {
        match merged.last_mut() {
            Some(last) if last.bold == run.bold && last.italic == run.italic => {
                last.text.push_str(&run.text)
            }
            _ => merged.push(run.clone()),
        }
    }
    let plain_only = merged.len() == 1;
    for run in &merged {
        let text = run.text.replace(['\n', '\t'], " ");
        let trimmed = text.trim();
        if trimmed.is_empty() {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
            continue;
        }
        let lead = text.len() - text.trim_start().len();
        let trail = text.len() - text.trim_end().len();
        if lead > 0 && !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
        let marks = match (run.bold, run.italic) {
            _ if plain_only => "",
            (true, true) => "***",
            (true, false) => "**",
            (false, true) => "*",
            (false, false) => "",
        };
        out.push_str(marks);
        out.push_str(&link_appendices(trimmed, first && marks.is_empty(), links));
        out.push_str(marks);
        if trail > 0 {
            out.push(' ');
        }
        first = false;
    }
    let out = squash(&out);
    // A paragraph wholly bold or italic keeps its emphasis.
    match merged.as_slice() {
        [only] if only.bold || only.italic => {
            let marks = match (only.bold, only.italic) {
                (true, true) => "***",
                (true, false) => "**",
                _ => "*",
            };
            format!("{marks}{out}{marks}")
        }
        _ => out,
    }
}

/// Escapes `text` and turns "Phụ lục II" into a link to that appendix.
fn link_appendices(text: &str, start: bool, links: &Links) -> String {
    let mut out = String::new();
    let mut rest = text;
    let mut at_start = start;
    while let Some(at) = find_appendix_name(rest) {
        let (head, tail) = rest.split_at(at);
        let after = &tail["Phụ lục".len()..];
        let token: String = after
            .trim_start()
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        let number = super::words::roman_value(&token).or_else(|| token.parse().ok());
        let bare = number.is_none() && after.trim_start().starts_with("kèm theo");
        match links.target(number).filter(|_| number.is_some() || bare) {
            Some(id) => {
                out.push_str(&escape(head, at_start));
                out.push_str(&format!("[](#{id})"));
                let skip = if number.is_some() {
                    after.len() - after.trim_start().len() + token.len()
                } else {
                    0
                };
                rest = &after[skip..];
            }
            None => {
                out.push_str(&escape(head, at_start));
                out.push_str(&escape(&tail[.."Phụ lục".len()], false));
                rest = after;
            }
        }
        at_start = false;
    }
    out.push_str(&escape(rest, at_start));
    out
}

fn find_appendix_name(text: &str) -> Option<usize> {
    // The three spellings have the same length in bytes.
    ["Phụ lục", "phụ lục", "PHỤ LỤC"]
        .iter()
        .filter_map(|p| text.find(p))
        .min()
}

/// The Markdown of `nodes`: headings at their level, lists tight, blank
/// lines between blocks.
pub fn markdown(nodes: &[Node], links: &Links) -> String {
    let has_dotted = nodes
        .iter()
        .any(|n| matches!(&n.kind, Kind::Heading(Marker::Dotted(p)) if p.len() == 2));
    let mut out = String::new();
    let mut in_list = false;
    for node in nodes {
        let text = match &node.kind {
            Kind::Heading(m) => {
                let hashes = "#".repeat(level(m, has_dotted));
                format!("{hashes} {}", heading(node, links))
            }
            Kind::Bullet { nested } => {
                let indent = if *nested && in_list { "  " } else { "" };
                format!("{indent}- {}", inline_start(&node.runs, links))
            }
            Kind::Para | Kind::IndicatorHead(_) => {
                let mut runs = node.runs.clone();
                if let Kind::IndicatorHead(n) = node.kind {
                    runs.insert(0, Run::plain(format!("Chỉ tiêu {n}. ")));
                }
                inline_start(&runs, links)
            }
        };
        let is_list = matches!(node.kind, Kind::Bullet { .. });
        if !out.is_empty() {
            out.push_str(if is_list && in_list { "\n" } else { "\n\n" });
        }
        out.push_str(&text);
        in_list = is_list;
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

/// Inline Markdown for the start of a line.
fn inline_start(runs: &[Run], links: &Links) -> String {
    inline(runs, links)
}

/// A heading's text: a run-in heading ("Công tác chỉ đạo: Kiện toàn …")
/// keeps its words on one line with the label in bold, as kehoach prints
/// run-in headings; a heading wholly bold loses the emphasis its style
/// gives anyway.
fn heading(node: &Node, links: &Links) -> String {
    let text = &node.text;
    if let Some(colon) = text.find(": ") {
        let (label, rest) = (&text[..=colon], text[colon + 1..].trim());
        if label.split_whitespace().count() <= 12 && rest.split_whitespace().count() >= 4 {
            return format!(
                "**{}** {}",
                escape(label, false),
                link_appendices(rest, false, links)
            );
        }
    }
    let runs: Vec<Run> = node
        .runs
        .iter()
        .map(|r| Run {
            bold: false,
            italic: r.italic
                && !node
                    .runs
                    .iter()
                    .all(|x| x.italic || x.text.trim().is_empty()),
            ..r.clone()
        })
        .collect();
    inline(&runs, links)
}

/// Whether a part's title says it holds the legal bases.
pub fn is_bases_part(title: &str) -> bool {
    fold(title).starts_with("can cu")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str) -> Line {
        Line {
            runs: crate::import::read::text::emphasis(text),
            text: squash(&crate::import::blocks::runs_text(
                &crate::import::read::text::emphasis(text),
            )),
            origin: Origin::Line(1),
            indented: false,
            centered: false,
        }
    }

    fn md(texts: &[&str], links: &Links) -> String {
        let lines: Vec<Line> = texts.iter().map(|t| line(t)).collect();
        let nodes: Vec<Node> = lines.iter().map(node).collect();
        markdown(&nodes, links)
    }

    #[test]
    fn numbers_are_removed_and_levels_kept() {
        let out = md(
            &[
                "1. Mục đích",
                "- Hoàn thành 16 chỉ tiêu.",
                "+ Một ý.",
                "a) Mục tiêu:",
                "Đoạn văn.",
                "* Về chuyển đổi số",
            ],
            &Links::default(),
        );
        assert_eq!(
            out,
            "# Mục đích\n\n- Hoàn thành 16 chỉ tiêu.\n  - Một ý.\n\n## Mục tiêu:\n\nĐoạn văn.\n\n- Về chuyển đổi số\n"
        );
    }

    #[test]
    fn dotted_sub_items_are_level_two() {
        let out = md(
            &["4. Chuyển đổi số", "4.1. Hạ tầng số", "Nội dung."],
            &Links::default(),
        );
        assert_eq!(out, "# Chuyển đổi số\n\n## Hạ tầng số\n\nNội dung.\n");
    }

    #[test]
    fn run_in_headings_keep_their_words_on_one_line() {
        let out = md(
            &["1. Công tác chỉ đạo: Kiện toàn Ban chỉ đạo phát triển khoa học."],
            &Links::default(),
        );
        assert_eq!(
            out,
            "# **Công tác chỉ đạo:** Kiện toàn Ban chỉ đạo phát triển khoa học.\n"
        );
    }

    #[test]
    fn emphasis_and_markdown_characters() {
        let out = md(
            &["* **Mục đích:** Đảm bảo *hạ tầng* [x] a_b"],
            &Links::default(),
        );
        assert_eq!(out, "- **Mục đích:** Đảm bảo *hạ tầng* \\[x\\] a\\_b\n");
        assert_eq!(
            escape("1. không phải danh sách", true),
            "1\\. không phải danh sách"
        );
        assert_eq!(escape("KH&CN", false), "KH&CN");
        assert_eq!(escape("&amp;", false), "\\&amp;");
    }

    #[test]
    fn appendix_names_become_links() {
        let links = Links {
            ids: vec!["chi-tieu".into(), "kinh-phi".into()],
            typed: vec![Some(1), Some(2)],
        };
        let out = md(
            &[
                "(Nội dung chi tiết tại Phụ lục I kèm theo)",
                "(Có phụ lục 02 kèm theo).",
            ],
            &links,
        );
        assert_eq!(
            out,
            "(Nội dung chi tiết tại [](#chi-tieu) kèm theo)\n\n(Có [](#kinh-phi) kèm theo).\n"
        );
        let one = Links {
            ids: vec!["moc".into()],
            typed: vec![None],
        };
        assert_eq!(
            md(&["tại Phụ lục kèm theo"], &one),
            "tại [](#moc) kèm theo\n"
        );
    }

    #[test]
    fn parts_split_at_roman_headings() {
        let lines: Vec<Line> = ["Mở đầu:", "I. MỤC ĐÍCH", "1. Mục đích", "II. NHIỆM VỤ"]
            .iter()
            .map(|t| line(t))
            .collect();
        let refs: Vec<&Line> = lines.iter().collect();
        let (before, parts) = parts(&refs);
        assert_eq!(before.len(), 1);
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].title, "MỤC ĐÍCH");
        assert_eq!(parts[0].nodes.len(), 1);
    }
}
