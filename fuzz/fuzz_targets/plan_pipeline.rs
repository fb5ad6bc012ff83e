//! Any bytes through the stages a plan goes through, up to both writers:
//! UTF-8 → `pipeline::check_files` (parse, check, compose: the very
//! function `kehoach check` and `render` run) → the typst source and the
//! DOCX of every document, with every diagnostic rendered against the text.
//! Nothing may panic, and a few cheap invariants must hold on the way.
//!
//! Raw bytes rarely make a plan that passes `check`, so an input whose first
//! byte is odd is read instead as a recipe (`grammar`): a valid plan whose
//! Markdown nests lists, quotes and emphasis deeply, with long values and
//! many units, tasks and rows — what the writers recurse and loop over.

#![no_main]

use kehoach::check::{Diagnostic, Severity};
use kehoach::pipeline::check_files;
use kehoach::plan::PlanFiles;
use kehoach::templates::Templates;
use kehoach::write::docx::write_docx;
use kehoach::write::pdf::{document_source, literal};
use libfuzzer_sys::fuzz_target;

mod grammar;
use std::sync::OnceLock;

/// The families the real writer asks for (office font first).
const FAMILIES: &[&str] = &["Times New Roman", "Liberation Serif"];

fn templates() -> &'static Templates {
    static TEMPLATES: OnceLock<Templates> = OnceLock::new();
    TEMPLATES.get_or_init(Templates::embedded)
}

/// How many diagnostics of one file the CLI renders: each rendering passes
/// over the whole text, so rendering all of the thousands a generated 40 KB
/// plan can raise took 30 s for one input, which is a cost of this harness,
/// not of kehoach.
const SHOWN: usize = kehoach::limits::LIMITS.shown_diagnostics;

fn render_all(diagnostics: &[Diagnostic], text: &str) {
    for d in diagnostics.iter().take(SHOWN) {
        let shown = d.render("fuzz.toml", text);
        // The message itself may be shown with its tabs expanded and its
        // control characters replaced, so only the level is compared.
        let level = match d.severity {
            Severity::Error => "lỗi: ",
            Severity::Warning => "cảnh báo: ",
        };
        assert!(shown.starts_with(level), "not a {level} rendering: {shown}");
        if let Some((line, column)) = d.line_col(text) {
            assert!(line >= 1 && column >= 1, "line:column {line}:{column}");
            assert!(
                line <= text.matches('\n').count() + 1,
                "line {line} past the end"
            );
        }
    }
}

/// Reads a typst string literal made by `literal` back into its text.
fn unliteral(lit: &str) -> String {
    let inner = lit
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .expect("a literal is quoted");
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        assert!(
            c != '"' && !c.is_control(),
            "raw {c:?} inside a literal: {lit:?}"
        );
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next().expect("an escape is complete") {
            '\\' => out.push('\\'),
            '"' => out.push('"'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'u' => {
                assert_eq!(chars.next(), Some('{'));
                let hex: String = chars.by_ref().take_while(|&h| h != '}').collect();
                let code = u32::from_str_radix(&hex, 16).expect("hex escape");
                out.push(char::from_u32(code).expect("a scalar value"));
            }
            other => panic!("unknown escape \\{other} in {lit:?}"),
        }
    }
    out
}

fuzz_target!(|data: &[u8]| {
    if let Some((&first, recipe)) = data.split_first()
        && first % 2 == 1
    {
        run(&grammar::plan(recipe));
        return;
    }
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    run(text);
});

fn run(text: &str) {
    // The one boundary between user text and typst: exact and reversible,
    // but for control characters other than tab and line breaks, which
    // print nothing and are dropped (as the DOCX writer drops them).
    let kept: String = text
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t'))
        .collect();
    assert_eq!(unliteral(&literal(text)), kept);

    // Alone: a `ban_goc` is not looked up, so nothing is read from disk.
    let files = PlanFiles::from_text(std::path::Path::new("fuzz.toml"), text);
    let checked = check_files(files, templates());
    render_all(checked.diagnostics(), text);
    let Some(valid) = &checked.valid else {
        assert!(checked.error_count() > 0, "not valid, yet no error");
        return;
    };
    assert_eq!(checked.error_count(), 0, "valid, yet an error");
    // A template error is a reported failure, not a crash.
    let Ok(composed) = &valid.composed else {
        return;
    };
    for document in std::iter::once(&composed.plan).chain(&composed.appendices) {
        let source = document_source(document, FAMILIES);
        assert!(source.contains("#let nd30-meta"), "no page style");
        // The DOCX writer may refuse (a reported error), never crash.
        if let Ok(bytes) = write_docx(document) {
            assert!(bytes.starts_with(b"PK\x03\x04"), "not a zip archive");
        }
    }
}
