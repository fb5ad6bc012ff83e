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
    /// A list item; `mark` as typed ('-', '+' or '*'; other bullets as
    /// '-').
    Bullet {
        nested: bool,
        mark: char,
    },
    /// "1. …" in body weight: a numbered paragraph, not a heading.
    Numbered(usize),
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
    /// The title of the "Phần thứ …" this part opens.
    pub division: Option<String>,
    /// Labelled "A.", "B." rather than "I.", "II.".
    pub lettered: bool,
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

/// A line as a node; with `weights` (the source says what is bold), a
/// numbered sentence in body weight is a numbered paragraph.
pub fn node(line: &Line, weights: bool) -> Node {
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
            let kind = match m {
                Marker::Number(n) if weights && is_numbered_paragraph(line) => Kind::Numbered(n),
                m => Kind::Heading(m),
            };
            Node {
                kind,
                runs: drop_chars(&line.runs, taken),
                text: rest.to_owned(),
                origin: line.origin,
            }
        }
        Some((Marker::Bullet { nested }, rest)) => {
            let taken = text.chars().count() - rest.chars().count();
            let mark = text
                .trim_start()
                .chars()
                .next()
                .filter(|c| matches!(c, '+' | '*'))
                .unwrap_or('-');
            Node {
                kind: Kind::Bullet { nested, mark },
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

/// Whether a numbered line is a paragraph in body weight ("1. Một số
/// diện tích … năng suất thấp."): no bold run, and a sentence.
fn is_numbered_paragraph(line: &Line) -> bool {
    !line
        .runs
        .iter()
        .any(|r| r.bold && !r.text.trim().is_empty())
        && line.text.trim_end().ends_with(['.', ';'])
}

/// The parts of the body, split at its Roman numbered headings ("I.",
/// "II."), or at its letter labels ("A.", "B." counted from A); a
/// "Phần thứ …" line and the title line after it open a division whose
/// parts count afresh. What stands before the first part is returned
/// apart. `weights`: the source says which runs are bold.
pub fn parts(lines: &[&Line], weights: bool) -> (Vec<Node>, Vec<Part>) {
    let mut before = Vec::new();
    let mut parts: Vec<Part> = Vec::new();
    // The division opened and not yet given to a part.
    let mut division: Option<String> = None;
    // The letter the next lettered part would have.
    let mut next_letter: Option<char> = None;
    // Outside a division, letters label the parts of a plan that has no
    // Roman numbered line and counts at least to "B.".
    let marks: Vec<Option<Marker>> = lines.iter().map(|l| marker(&l.text).map(|m| m.0)).collect();
    let letters_outside = !marks.iter().any(|m| matches!(m, Some(Marker::Roman(_))))
        && marks.contains(&Some(Marker::Capital('B')));
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        i += 1;
        if let Some((_, title)) = super::words::division(&line.text) {
            let title = match title {
                Some(t) => t.to_owned(),
                None => match lines.get(i) {
                    Some(next) if is_division_title(next) => {
                        i += 1;
                        next.text.clone()
                    }
                    _ => UNTITLED_DIVISION.to_owned(),
                },
            };
            division = Some(title);
            next_letter = Some('A');
            continue;
        }
        let label = match marker(&line.text) {
            Some((Marker::Roman(n), rest)) => {
                let typed = line.text.trim_start().chars().next();
                match (next_letter, typed) {
                    (Some(next), Some(c))
                        if n < 20 && c == next && line.text.trim_start()[1..].starts_with('.') =>
                    {
                        Some((true, rest))
                    }
                    _ => Some((false, rest)),
                }
            }
            Some((Marker::Capital(c), rest))
                if next_letter.map_or(c == 'A' && letters_outside, |n| c == n) =>
            {
                Some((true, rest))
            }
            _ => None,
        };
        if let Some((lettered, rest)) = label {
            let typed = line.text.trim_start().chars().next().unwrap_or('A');
            next_letter = lettered.then(|| char::from(typed as u8 + 1));
            parts.push(Part {
                title: rest.trim_end_matches(':').trim().to_owned(),
                division: division.take(),
                lettered,
                origin: line.origin,
                nodes: Vec::new(),
            });
            continue;
        }
        let n = node(line, weights);
        match parts.last_mut() {
            Some(part) => part.nodes.push(n),
            None => before.push(n),
        }
    }
    (before, parts)
}

/// The `phan_thu` of a "Phần thứ …" line with no title under it.
pub const UNTITLED_DIVISION: &str = "(điền tiêu đề)";

/// The title line under "Phần thứ …": not itself a part or an item.
fn is_division_title(line: &Line) -> bool {
    marker(&line.text).is_none()
        && super::words::division(&line.text).is_none()
        && (super::words::is_upper(&line.text) || line.centered)
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
    let mut last_list: Option<bool> = None;
    for node in nodes {
        let text = match &node.kind {
            Kind::Heading(m) => {
                let hashes = "#".repeat(level(m, has_dotted));
                format!("{hashes} {}", heading(node, links))
            }
            Kind::Bullet { nested, mark } => {
                let indent = if *nested && in_list { "  " } else { "" };
                format!("{indent}{mark} {}", inline_start(&node.runs, links))
            }
            Kind::Numbered(n) => format!("{n}. {}", inline_start(&node.runs, links)),
            Kind::Para | Kind::IndicatorHead(_) => {
                let mut runs = node.runs.clone();
                if let Kind::IndicatorHead(n) = node.kind {
                    runs.insert(0, Run::plain(format!("Chỉ tiêu {n}. ")));
                }
                inline_start(&runs, links)
            }
        };
        // Items of one list stand on consecutive lines; a numbered list
        // and a list of bullets are two lists.
        let list = match node.kind {
            Kind::Bullet { .. } => Some(false),
            Kind::Numbered(_) => Some(true),
            _ => None,
        };
        let nested_bullet = matches!(node.kind, Kind::Bullet { nested: true, .. });
        if !out.is_empty() {
            let tight = list.is_some() && (list == last_list || nested_bullet && in_list);
            out.push_str(if tight { "\n" } else { "\n\n" });
        }
        out.push_str(&text);
        in_list = list == Some(false);
        last_list = list;
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

    /// The parts of lines of text.
    fn split(texts: &[&str]) -> (Vec<Node>, Vec<Part>) {
        let lines: Vec<Line> = texts.iter().map(|t| line(t)).collect();
        let refs: Vec<&Line> = lines.iter().collect();
        parts(&refs, false)
    }

    fn md(texts: &[&str], links: &Links) -> String {
        let lines: Vec<Line> = texts.iter().map(|t| line(t)).collect();
        let nodes: Vec<Node> = lines.iter().map(|l| node(l, false)).collect();
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
            "# Mục đích\n\n- Hoàn thành 16 chỉ tiêu.\n  + Một ý.\n\n## Mục tiêu:\n\nĐoạn văn.\n\n* Về chuyển đổi số\n"
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
        assert_eq!(out, "* **Mục đích:** Đảm bảo *hạ tầng* \\[x\\] a\\_b\n");
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
        let (before, parts) = split(&["Mở đầu:", "I. MỤC ĐÍCH", "1. Mục đích", "II. NHIỆM VỤ"]);
        assert_eq!(before.len(), 1);
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].title, "MỤC ĐÍCH");
        assert_eq!(parts[0].nodes.len(), 1);
    }

    fn bold(text: &str) -> Line {
        Line {
            runs: vec![Run {
                text: text.to_owned(),
                bold: true,
                italic: false,
            }],
            ..line(text)
        }
    }

    #[test]
    fn numbered_sentences_in_body_weight_are_numbered_paragraphs() {
        let lines = [
            bold("1. Về trồng trọt"),
            line("1. Một số diện tích vùng trũng bị ngập úng, năng suất thấp."),
            line("2. Việc chuyển đổi cơ cấu cây trồng còn chậm."),
            line("- Tiêm phòng đầy đủ."),
            line("3. Mục tiêu chung"),
        ];
        let nodes: Vec<Node> = lines.iter().map(|l| node(l, true)).collect();
        assert_eq!(
            markdown(&nodes, &Links::default()),
            "# Về trồng trọt\n\n1. Một số diện tích vùng trũng bị ngập úng, năng suất thấp.\n2. Việc chuyển đổi cơ cấu cây trồng còn chậm.\n\n- Tiêm phòng đầy đủ.\n\n# Mục tiêu chung\n"
        );
        // Text has no weights: a numbered line stays an item.
        assert_eq!(
            node(&lines[1], false).kind,
            Kind::Heading(Marker::Number(1))
        );
    }

    #[test]
    fn markers_keep_the_character_typed() {
        let out = md(
            &[
                "* Cây lúa:",
                "+ Về giống: giống mới.",
                "* Cây màu:",
                "+ Ngô vụ Đông.",
            ],
            &Links::default(),
        );
        assert_eq!(
            out,
            "* Cây lúa:\n  + Về giống: giống mới.\n* Cây màu:\n  + Ngô vụ Đông.\n"
        );
    }

    #[test]
    fn divisions_open_parts_labelled_by_letter() {
        let (before, parts) = split(&[
            "Mở đầu:",
            "Phần thứ nhất",
            "KẾT QUẢ NĂM 2022",
            "A. Những kết quả đạt được",
            "Nội dung.",
            "B. Tồn tại, hạn chế",
            "D. Không theo thứ tự",
            "PHẦN THỨ HAI: KẾ HOẠCH NĂM 2023",
            "A. Mục tiêu",
            "I. NHIỆM VỤ",
        ]);
        assert_eq!(before.len(), 1);
        let shape: Vec<(&str, Option<&str>, bool, usize)> = parts
            .iter()
            .map(|p| {
                (
                    p.title.as_str(),
                    p.division.as_deref(),
                    p.lettered,
                    p.nodes.len(),
                )
            })
            .collect();
        assert_eq!(
            shape,
            [
                ("Những kết quả đạt được", Some("KẾT QUẢ NĂM 2022"), true, 1),
                // "D." after "B." is a line of the part, not a part.
                ("Tồn tại, hạn chế", None, true, 1),
                ("Mục tiêu", Some("KẾ HOẠCH NĂM 2023"), true, 0),
                ("NHIỆM VỤ", None, false, 0),
            ]
        );
    }

    #[test]
    fn a_division_without_its_title_line_asks_for_one() {
        let (_, parts) = split(&["Phần thứ nhất", "A. Mục tiêu", "Nội dung."]);
        assert_eq!(parts.len(), 1);
        assert_eq!(parts[0].division.as_deref(), Some(UNTITLED_DIVISION));
        assert_eq!(parts[0].title, "Mục tiêu");
    }

    #[test]
    fn letters_do_not_split_a_plan_numbered_in_roman() {
        let (_, roman) = split(&["I. MỤC ĐÍCH", "A. Một ý của mục", "B. Ý khác"]);
        assert_eq!(roman.len(), 1);
        assert_eq!(roman[0].nodes.len(), 2);
        // Nor does a lone "A." line before any part.
        let (before, parts) = split(&["A. Nguyễn Văn Bình, cán bộ", "I. MỤC ĐÍCH"]);
        assert_eq!((before.len(), parts.len()), (1, 1));
    }
}
