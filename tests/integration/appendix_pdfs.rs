//! The standalone `phu-luc-N.pdf` are cut from the one layout of the
//! combined document, so that a plan is laid out once: each must still be a
//! file of its own — its own title, valid, tagged, without signature fields,
//! PDF/A-2b when asked, the same bytes from run to run and whichever
//! `--parts` made it.
//! (That its pages are the combined document's appendix pages, text and
//! numbers, is checked in tests/layout_rules.rs.)

use std::path::{Path, PathBuf};

use crate::common::*;

tests! {
    each_appendix_file_has_its_own_title_no_signature_fields_and_is_valid needs Pdfinfo, Qpdf;
    appendix_files_are_pdf_a_2b_when_asked needs Pdfinfo, Qpdf;
    pdfs_are_the_same_bytes_from_run_to_run_and_whichever_parts_are_asked;
}

const PLANS: [&str; 4] = [
    "plans/quang-ngoc-2026.toml",
    "plans/ha-long-2025.toml",
    "plans/an-nong-2026.toml",
    "plans/quang-yen-2025.toml",
];

/// The appendix titles (`[[phu_luc]] ten`) of a plan file, in order.
fn appendix_titles(plan: &str) -> Vec<String> {
    let text = std::fs::read_to_string(root().join(plan)).unwrap();
    let value: toml::Value = toml::from_str(&text).unwrap();
    value
        .get("phu_luc")
        .and_then(toml::Value::as_array)
        .map(|list| {
            list.iter()
                .map(|a| a["ten"].as_str().unwrap().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// The appendix PDFs of a rendered plan, in order.
fn appendix_pdfs(out: &Path) -> Vec<PathBuf> {
    (1..)
        .map(|n| out.join(format!("phu-luc-{n}.pdf")))
        .take_while(|p| p.exists())
        .collect()
}

/// One line of `pdfinfo`, e.g. "Title", with the padding removed.
fn info(pdf: &Path, key: &str) -> String {
    let all = run("pdfinfo", &[&pdf.display().to_string()]);
    let prefix = format!("{key}:");
    all.lines()
        .find_map(|l| l.strip_prefix(&prefix))
        .unwrap_or_else(|| panic!("{}: no {key} in {all}", pdf.display()))
        .trim()
        .to_owned()
}

/// Every file of a folder with its bytes, by name.
fn contents(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect();
    files.sort();
    files
}

fn each_appendix_file_has_its_own_title_no_signature_fields_and_is_valid() {
    for plan in PLANS {
        let titles = appendix_titles(plan);
        let (_dir, out) = render(Path::new(plan), &["--format", "pdf"]);
        let appendices = appendix_pdfs(&out);
        assert_eq!(
            appendices.len(),
            titles.len(),
            "{plan}: one file per appendix"
        );
        for (pdf, title) in appendices.iter().zip(&titles) {
            let name = pdf.display().to_string();
            assert_eq!(&info(pdf, "Title"), title, "{name}");
            assert_eq!(info(pdf, "Tagged"), "yes", "{name}");
            assert!(
                info(pdf, "Author").starts_with("UBND xã "),
                "{name}: {}",
                info(pdf, "Author")
            );
            let check = run("qpdf", &["--check", &name]);
            assert!(
                check.contains("No syntax or stream encoding errors"),
                "{name}: {check}"
            );
            let json: serde_json::Value =
                serde_json::from_str(&run("qpdf", &["--json", &name])).unwrap();
            assert_eq!(
                json["acroform"]["hasacroform"], false,
                "{name}: an appendix has no signature block, so no signature fields"
            );
        }
        // The plan itself keeps its fields and its own title.
        let plan_pdf = out.join("ke-hoach.pdf");
        let json: serde_json::Value =
            serde_json::from_str(&run("qpdf", &["--json", &plan_pdf.display().to_string()]))
                .unwrap();
        assert_eq!(json["acroform"]["hasacroform"], true, "{plan}");
        assert!(!titles.contains(&info(&plan_pdf, "Title")), "{plan}");
    }
}

fn appendix_files_are_pdf_a_2b_when_asked() {
    let plan = PLANS[0];
    let (_dir, out) = render(
        Path::new(plan),
        &["--format", "pdf", "--pdf-standard", "a-2b"],
    );
    let appendices = appendix_pdfs(&out);
    assert_eq!(appendices.len(), appendix_titles(plan).len());
    for pdf in appendices {
        let name = pdf.display().to_string();
        let meta = run("pdfinfo", &["-meta", &name]);
        assert!(
            meta.contains("<pdfaid:part>2</pdfaid:part>"),
            "{name}: {meta}"
        );
        assert!(
            meta.contains("<pdfaid:conformance>B</pdfaid:conformance>"),
            "{name}: {meta}"
        );
        assert!(run("qpdf", &["--check", &name]).contains("No syntax or stream encoding errors"));
    }
}

fn pdfs_are_the_same_bytes_from_run_to_run_and_whichever_parts_are_asked() {
    for plan in PLANS {
        let (_a, first) = render(Path::new(plan), &["--format", "pdf"]);
        let (_b, second) = render(Path::new(plan), &["--format", "pdf"]);
        let all = contents(&first);
        assert!(all.len() > 1, "{plan}: {} PDFs", all.len());
        assert!(all == contents(&second), "{plan}: two runs differ");

        // `--parts phu-luc` lays out only the appendices, `--parts
        // ke-hoach` only the plan: the same files either way.
        let (_c, appendices_only) =
            render(Path::new(plan), &["--format", "pdf", "--parts", "phu-luc"]);
        let (_d, plan_only) = render(Path::new(plan), &["--format", "pdf", "--parts", "ke-hoach"]);
        let mut parts = contents(&appendices_only);
        parts.extend(contents(&plan_only));
        parts.sort();
        assert!(parts == all, "{plan}: --parts changes the files");
    }
}
