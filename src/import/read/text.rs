//! Reading text copied out of Word or a PDF: each line a paragraph, each
//! run of tab-separated lines a table. The Markdown emphasis such copies
//! carry (`**đậm**`, `*nghiêng*`) becomes bold and italic runs.

use crate::import::blocks::{Block, Cell, Format, Origin, Paragraph, Row, Run, Source, Table};

/// Reads decoded text into blocks.
pub fn read(text: &str) -> Source {
    let mut blocks = Vec::new();
    let mut table: Option<Table> = None;
    // A form feed is a page break in pdftotext's output.
    let text = text.replace('\u{c}', "\n");
    for (i, raw) in text.split('\n').enumerate() {
        let line = raw.trim_end_matches('\r');
        let origin = Origin::Line(i + 1);
        if line.contains('\t') {
            let row = Row {
                cells: line.split('\t').map(|c| text_cell(c.trim())).collect(),
                header: false,
            };
            table
                .get_or_insert_with(|| Table {
                    rows: Vec::new(),
                    origin,
                })
                .rows
                .push(row);
            continue;
        }
        if let Some(done) = table.take() {
            blocks.push(Block::Table(done));
        }
        if line.trim().is_empty() {
            continue;
        }
        let indented = line.starts_with([' ', '\u{a0}']);
        // Markdown headings of a .md copy: the hashes are markup, the
        // typed numbering after them is what the recogniser reads.
        let body = line.trim();
        let body = match body.trim_start_matches('#') {
            rest if rest.len() < body.len() && rest.starts_with(' ') => rest.trim_start(),
            _ => body,
        };
        blocks.push(Block::Paragraph(Paragraph {
            runs: emphasis(&clean(body)),
            origin,
            indented,
            centered: false,
        }));
    }
    if let Some(done) = table.take() {
        blocks.push(Block::Table(done));
    }
    Source {
        blocks,
        format: Format::Text,
    }
}

fn text_cell(text: &str) -> Cell {
    let runs = emphasis(&clean(text));
    Cell {
        paragraphs: if runs.iter().all(|r| r.text.trim().is_empty()) {
            Vec::new()
        } else {
            vec![runs]
        },
        span: 1,
        merged_up: false,
    }
}

/// Undoes the artefacts of copying: LaTeX the converter wrote for a
/// formula (`$a/b \times 100$` is "a/b x 100"), non-breaking spaces.
fn clean(text: &str) -> String {
    let text = text.replace('\u{a0}', " ");
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(start) = rest.find('$') {
        let after = &rest[start + 1..];
        match after.find('$') {
            Some(end) if after[..end].contains('\\') || after[..end].contains('/') => {
                out.push_str(&rest[..start]);
                let formula = after[..end]
                    .replace("\\times", " x ")
                    .replace("\\cdot", " x ")
                    .replace(['{', '}'], "");
                out.push_str(&formula.split_whitespace().collect::<Vec<_>>().join(" "));
                rest = &after[end + 1..];
            }
            _ => {
                out.push_str(&rest[..=start]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Splits a line at its Markdown emphasis markers. A `**` or `*` with no
/// partner on the line is taken as running to the line's end (or from its
/// start, when it closes), since a copy often breaks bold text across
/// lines; a `*` that starts a bullet (`* `) stays text.
pub fn emphasis(line: &str) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    let mut bold = false;
    let mut italic = false;
    let mut current = String::new();
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    let push = |runs: &mut Vec<Run>, current: &mut String, bold: bool, italic: bool| {
        if !current.is_empty() {
            runs.push(Run {
                text: std::mem::take(current),
                bold,
                italic,
            });
        }
    };
    let later = |from: usize, marker: &str| -> bool {
        let rest: String = chars[from..].iter().collect();
        rest.contains(marker)
    };
    while i < chars.len() {
        let c = chars[i];
        if c == '*' {
            let double = chars.get(i + 1) == Some(&'*');
            let at_start = runs.is_empty() && current.trim().is_empty();
            if double {
                if bold {
                    push(&mut runs, &mut current, bold, italic);
                    bold = false;
                    i += 2;
                    continue;
                }
                if later(i + 2, "**") || i + 2 < chars.len() {
                    push(&mut runs, &mut current, bold, italic);
                    bold = true;
                    i += 2;
                    continue;
                }
                // A closing `**` whose opening was on an earlier line:
                // the line so far was bold.
                push(&mut runs, &mut current, bold, italic);
                for run in &mut runs {
                    run.bold = true;
                }
                i += 2;
                continue;
            }
            let bullet = at_start && chars.get(i + 1).is_some_and(|n| n.is_whitespace());
            if bullet {
                current.push(c);
                i += 1;
                continue;
            }
            if italic {
                push(&mut runs, &mut current, bold, italic);
                italic = false;
                i += 1;
                continue;
            }
            let opens = chars.get(i + 1).is_some_and(|n| !n.is_whitespace()) && later(i + 1, "*");
            if opens {
                push(&mut runs, &mut current, bold, italic);
                italic = true;
                i += 1;
                continue;
            }
            current.push(c);
            i += 1;
            continue;
        }
        current.push(c);
        i += 1;
    }
    push(&mut runs, &mut current, bold, italic);
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(runs: &[Run]) -> Vec<(String, bool, bool)> {
        runs.iter()
            .map(|r| (r.text.clone(), r.bold, r.italic))
            .collect()
    }

    #[test]
    fn emphasis_becomes_runs_and_bullets_stay_text() {
        assert_eq!(
            shape(&emphasis("* **Mục đích:** Đảm bảo hạ tầng")),
            vec![
                ("* ".into(), false, false),
                ("Mục đích:".into(), true, false),
                (" Đảm bảo hạ tầng".into(), false, false),
            ]
        );
        assert_eq!(
            shape(&emphasis("- *Đơn vị phối hợp:* Các cơ quan")),
            vec![
                ("- ".into(), false, false),
                ("Đơn vị phối hợp:".into(), false, true),
                (" Các cơ quan".into(), false, false),
            ]
        );
    }

    #[test]
    fn a_heading_glued_to_its_title_splits_at_the_markers() {
        let runs = emphasis(
            "PHỤ LỤC 1**Chỉ tiêu về KHCN năm 2026***((Kèm theo Kế hoạch số: 28/KH-UBND))*",
        );
        assert_eq!(
            shape(&runs),
            vec![
                ("PHỤ LỤC 1".into(), false, false),
                ("Chỉ tiêu về KHCN năm 2026".into(), true, false),
                ("((Kèm theo Kế hoạch số: 28/KH-UBND))".into(), false, true),
            ]
        );
    }

    #[test]
    fn bold_broken_across_lines_is_bold_on_both() {
        assert_eq!(
            shape(&emphasis("**KT. CHỦ TỊCH")),
            vec![("KT. CHỦ TỊCH".into(), true, false)]
        );
        assert_eq!(
            shape(&emphasis("PHÓ CHỦ TỊCH**")),
            vec![("PHÓ CHỦ TỊCH".into(), true, false)]
        );
    }

    #[test]
    fn lines_become_paragraphs_and_tab_lines_tables() {
        let source = read("KẾ HOẠCH\n\n  Thụt đầu dòng\nSTT\tTên\n1\tA\n\nSau bảng\n");
        assert_eq!(source.blocks.len(), 4);
        let Block::Table(t) = &source.blocks[2] else {
            panic!("{:?}", source.blocks[2])
        };
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[1].cells[1].text(), "A");
        assert_eq!(t.origin, Origin::Line(4));
        let Block::Paragraph(p) = &source.blocks[1] else {
            panic!()
        };
        assert!(p.indented);
        assert_eq!(p.text(), "Thụt đầu dòng");
    }

    #[test]
    fn a_formula_written_as_latex_reads_as_typed() {
        assert_eq!(
            clean(r"Tỷ lệ: $a/b \times 100$, trong đó"),
            "Tỷ lệ: a/b x 100, trong đó"
        );
        assert_eq!(clean("giá $5 và $6"), "giá $5 và $6");
    }
}
