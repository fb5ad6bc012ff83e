//! An appendix heading never sits alone on its page: the first page of
//! every appendix of every plan in `plans/` carries the start of its
//! table's first row, in our PDF and in LibreOffice's PDF of the DOCX.
//! (Rows are kept whole; a first row that did not fit under the heading
//! used to go to page 2 and leave page 1 with the heading only.)

use std::path::{Path, PathBuf};

use crate::common::*;
use kehoach::doc::Block;

tests! {
    the_first_page_of_every_appendix_carries_its_first_row needs Pdftotext, Soffice;
}

/// The plans shipped in `plans/`.
fn plans() -> Vec<PathBuf> {
    let mut plans: Vec<PathBuf> = std::fs::read_dir(root().join("plans"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    plans.sort();
    plans
}

/// For each appendix of `plan`, the first two words of the first row's
/// first text cell after the number: the row's start, wherever it breaks.
fn first_row_starts(plan: &Path) -> Vec<String> {
    let templates = kehoach::templates::Templates::embedded();
    // Through the pipeline, so an adjustment plan finds its `ban_goc`.
    let result = kehoach::pipeline::check_file(plan, &templates);
    let Some(checked) = result.plan() else {
        panic!("{}", result.render_diagnostics());
    };
    let composed = kehoach::compose::compose(checked, &templates).unwrap();
    composed
        .appendices
        .iter()
        .map(|document| {
            let table = document.parts[0]
                .blocks
                .iter()
                .find_map(|b| match b {
                    Block::Table(t) => Some(t),
                    _ => None,
                })
                .expect("an appendix has a table");
            let row = table.body.first().expect("a first row");
            let text: String = row
                .cells
                .iter()
                .skip(1)
                .flat_map(|c| c.lines.first())
                .map(|line| line.iter().map(|i| i.text.as_str()).collect::<String>())
                .find(|t| !t.trim().is_empty())
                .expect("a first row with text");
            text.split_whitespace()
                .take(2)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

fn assert_on_first_page(pdf: &Path, start: &str) {
    let page = normalise(&pdf_text_raw(pdf, Some((1, 1))));
    assert!(
        page.contains(start),
        "{}: page 1 does not carry the first row ({start:?}):\n{page}",
        pdf.display()
    );
}

fn the_first_page_of_every_appendix_carries_its_first_row() {
    let converted = tempfile::tempdir().unwrap();
    let mut docs = Vec::new();
    let mut expected = Vec::new();
    let mut outputs = Vec::new();
    for plan in plans() {
        let starts = first_row_starts(&plan);
        let (dir, out) = render(&plan, &["--parts", "phu-luc"]);
        let stem = plan.file_stem().unwrap().to_str().unwrap().to_owned();
        for (i, start) in starts.iter().enumerate() {
            let n = i + 1;
            assert_on_first_page(&out.join(format!("phu-luc-{n}.pdf")), start);
            // Unique names: LibreOffice names its PDF after the DOCX.
            let docx = converted.path().join(format!("{stem}-{n}.docx"));
            std::fs::copy(out.join(format!("phu-luc-{n}.docx")), &docx).unwrap();
            outputs.push(docx.with_extension("pdf"));
            docs.push(docx);
            expected.push(start.clone());
        }
        drop(dir);
    }
    assert!(docs.len() >= 4, "the plans have appendices: {docs:?}");
    libreoffice_pdf(&docs, converted.path());
    for (pdf, start) in outputs.iter().zip(&expected) {
        assert_on_first_page(pdf, start);
    }
}
