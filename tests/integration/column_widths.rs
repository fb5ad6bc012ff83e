//! Column widths from the content, read back from the
//! output: "STT" and "MobiFone" print as one word each — in our PDF and in
//! LibreOffice's PDF of the DOCX — so no column is narrower than its
//! longest ordinary word.

use std::path::Path;

use crate::common::*;

tests! {
    stt_and_mobifone_are_never_broken_in_the_pdf_or_in_the_docx needs Pdftotext, Soffice;
}

const PLANS: [&str; 4] = [
    "plans/quang-ngoc-2026.toml",
    "plans/ha-long-2025.toml",
    "plans/an-nong-2026.toml",
    "plans/quang-yen-2025.toml",
];

/// The words of `pdf` as pdftotext -bbox sets them (one per box).
fn words(pdf: &Path) -> Vec<String> {
    let path = pdf.display().to_string();
    run("pdftotext", &["-bbox", &path, "-"])
        .lines()
        .filter(|l| l.trim_start().starts_with("<word"))
        .filter_map(|l| {
            let text = l.split('>').nth(1)?.split('<').next()?;
            Some(text.to_owned())
        })
        .collect()
}

/// No word of `pdf` is a broken piece of `whole` (such as "ST" then "T").
fn assert_never_broken(pdf: &Path, whole: &str) {
    let words = words(pdf);
    for pair in words.windows(2) {
        let joined = format!("{}{}", pair[0], pair[1]);
        assert!(
            !(joined == whole || joined.trim_end_matches([',', ')', ';']) == whole),
            "{} breaks {whole:?} into {:?} + {:?}",
            pdf.display(),
            pair[0],
            pair[1]
        );
    }
}

fn stt_and_mobifone_are_never_broken_in_the_pdf_or_in_the_docx() {
    let converted = tempfile::tempdir().unwrap();
    let mut docs = Vec::new();
    let mut outputs = Vec::new();
    for plan in PLANS {
        let (dir, out) = render(Path::new(plan), &[]);
        let stem = Path::new(plan).file_stem().unwrap().to_str().unwrap();
        for n in 1.. {
            let pdf = out.join(format!("phu-luc-{n}.pdf"));
            if !pdf.exists() {
                break;
            }
            for whole in ["STT", "MobiFone"] {
                assert_never_broken(&pdf, whole);
            }
            // Unique names: LibreOffice names its PDF after the DOCX.
            let docx = converted.path().join(format!("{stem}-{n}.docx"));
            std::fs::copy(out.join(format!("phu-luc-{n}.docx")), &docx).unwrap();
            docs.push(docx.clone());
            outputs.push(docx.with_extension("pdf"));
        }
        drop(dir);
    }
    assert!(!docs.is_empty(), "the plans have appendices");
    libreoffice_pdf(&docs, converted.path());
    let mut stt = 0;
    for pdf in &outputs {
        for whole in ["STT", "MobiFone"] {
            assert_never_broken(pdf, whole);
        }
        stt += words(pdf).iter().filter(|w| *w == "STT").count();
    }
    assert!(stt > 0, "the appendix tables have an STT column");
}
