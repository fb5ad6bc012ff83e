//! Runs of text: the one door through which user text enters the DOCX.
//!
//! docx-rs escapes `&`, `<`, `>` and quotes in run text exactly once (tested
//! below), but passes control characters through; XML 1.0 forbids them and
//! Word refuses a file that holds one, so they are dropped here. A tab becomes
//! `<w:tab/>` and a newline a line break, so what the author typed still shows.
//!
//! Every run names Times New Roman in all four font slots (Latin, high ANSI,
//! complex script, East Asian) and carries its size, so no Vietnamese letter
//! falls back to another font whatever script Word decides it belongs to.

use docx_rs::{BreakType, Paragraph, Run, RunFonts};

use crate::doc::Inline;
use crate::doc::style::ND30;

/// The office font (Times New Roman) in all four slots; LibreOffice maps it
/// to Liberation Serif, which has the same metrics.
pub(super) fn fonts() -> RunFonts {
    let family = ND30.font.office;
    RunFonts::new()
        .ascii(family)
        .hi_ansi(family)
        .cs(family)
        .east_asia(family)
}

/// Size and emphasis of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Font {
    half_points: usize,
    bold: bool,
    italic: bool,
}

impl Font {
    /// Upright, regular weight, `points` points.
    pub(super) const fn pt(points: usize) -> Font {
        Font {
            half_points: points * 2,
            bold: false,
            italic: false,
        }
    }

    /// Upright, regular weight, `half_points` half-points (a size that is
    /// not a whole number of points).
    pub(super) const fn half(half_points: usize) -> Font {
        Font {
            half_points,
            bold: false,
            italic: false,
        }
    }

    pub(super) const fn bold(self) -> Font {
        Font { bold: true, ..self }
    }

    pub(super) const fn italic(self) -> Font {
        Font {
            italic: true,
            ..self
        }
    }

    /// Bold when `on`, otherwise unchanged.
    pub(super) const fn bold_if(self, on: bool) -> Font {
        Font {
            bold: self.bold || on,
            ..self
        }
    }

    /// The size in half-points, the unit of `w:sz`.
    pub(super) const fn half_points(self) -> usize {
        self.half_points
    }
}

/// Whether XML 1.0 allows `c` in text. Tab and newline are allowed too but
/// handled before this is asked.
pub(super) fn is_xml_char(c: char) -> bool {
    !(c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}')
}

/// One run of `text` in `font`.
pub(super) fn run(text: &str, font: Font) -> Run {
    let mut run = Run::new().fonts(fonts()).size(font.half_points);
    if font.bold {
        run = run.bold();
    }
    if font.italic {
        run = run.italic();
    }
    let mut pending = String::new();
    for c in text.chars() {
        match c {
            '\t' => {
                run = flush(run, &mut pending).add_tab();
            }
            '\n' => {
                run = flush(run, &mut pending).add_break(BreakType::TextWrapping);
            }
            c if is_xml_char(c) => pending.push(c),
            // Any other control character (including '\r') cannot be
            // written as XML 1.0; dropping it loses nothing visible.
            _ => {}
        }
    }
    flush(run, &mut pending)
}

/// `run` in its own letters, though its style sets capitals.
pub(super) fn without_capitals(mut run: Run) -> Run {
    run.run_property.caps = Some(docx_rs::Caps::new().disable());
    run
}

/// Adds the text gathered so far to `run`.
fn flush(run: Run, pending: &mut String) -> Run {
    if pending.is_empty() {
        run
    } else {
        run.add_text(std::mem::take(pending))
    }
}

/// The runs of `content`; each inline's bold and italic add to `font`'s.
pub(super) fn inlines(content: &[Inline], font: Font) -> Vec<Run> {
    content
        .iter()
        .map(|inline| {
            let mut font = font.bold_if(inline.bold);
            if inline.italic {
                font = font.italic();
            }
            run(&inline.text, font)
        })
        .collect()
}

/// `paragraph` with `runs` appended.
pub(super) fn with_runs(paragraph: Paragraph, runs: impl IntoIterator<Item = Run>) -> Paragraph {
    runs.into_iter().fold(paragraph, Paragraph::add_run)
}

#[cfg(test)]
mod tests {
    use super::*;
    use docx_rs::BuildXML;

    fn xml(run: &Run) -> String {
        String::from_utf8(run.build()).unwrap()
    }

    #[test]
    fn text_is_escaped_exactly_once() {
        let xml = xml(&run(r#"a & b < c > d ]]> "q" 'x' &amp;"#, Font::pt(14)));
        assert!(
            xml.contains(
                "a &amp; b &lt; c &gt; d ]]&gt; &quot;q&quot; &apos;x&apos; &amp;amp;</w:t>"
            ),
            "{xml}"
        );
    }

    #[test]
    fn control_characters_are_dropped_and_tabs_and_newlines_kept() {
        let xml = xml(&run(
            "a\u{0}b\u{1}c\u{b}\u{1f}\u{7f}\u{85}\u{fffe}d\r\ne\tf",
            Font::pt(14),
        ));
        assert!(xml.contains(">abcd</w:t>"), "{xml}");
        assert!(xml.contains("<w:br w:type=\"textWrapping\" />"), "{xml}");
        assert!(xml.contains("<w:tab />"), "{xml}");
        assert!(!xml.chars().any(|c| c.is_control()), "{xml:?}");
    }

    #[test]
    fn runs_name_times_new_roman_everywhere_and_carry_size() {
        let xml = xml(&run("Quảng Ngọc", Font::pt(13).bold().italic()));
        assert!(
            xml.contains(
                r#"<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman" w:eastAsia="Times New Roman" />"#
            ),
            "{xml}"
        );
        assert!(xml.contains(r#"<w:sz w:val="26" />"#), "{xml}");
        assert!(xml.contains("<w:b />") && xml.contains("<w:i />"), "{xml}");
        assert!(xml.contains(">Quảng Ngọc</w:t>"), "{xml}");
    }

    #[test]
    fn inline_emphasis_adds_to_the_font() {
        let runs = inlines(
            &[Inline::plain("a"), Inline::bold("b"), Inline::italic("c")],
            Font::pt(14),
        );
        let xml: Vec<String> = runs.iter().map(xml).collect();
        assert!(!xml[0].contains("<w:b />") && !xml[0].contains("<w:i />"));
        assert!(xml[1].contains("<w:b />"));
        assert!(xml[2].contains("<w:i />"));
    }
}
