//! The DOCX read back by its real clients: the package itself (sections,
//! repeating header rows, fonts, language) and LibreOffice, which converts
//! it to PDF for comparison with the typst PDF of the same document tree.

use std::path::{Path, PathBuf};

use crate::common::*;

tests! {
    the_package_carries_sections_repeat_headers_fonts_and_language;
    libreoffice_renders_what_the_pdf_says_with_the_same_pages needs Pdftotext, Soffice;
    docx_output_is_byte_identical_from_run_to_run;
    a_two_level_header_repeats_both_rows_and_merges_its_cells;
}

const PLAN: &str = "plans/quang-ngoc-2026.toml";

/// Orientation of each page: true for landscape.
fn orientations(pdf: &Path) -> Vec<bool> {
    page_sizes(pdf).iter().map(|(w, h)| w > h).collect()
}

/// Runs of equal orientation: [portrait, landscape, portrait] …
fn runs(pages: &[bool]) -> Vec<bool> {
    let mut out: Vec<bool> = Vec::new();
    for &page in pages {
        if out.last() != Some(&page) {
            out.push(page);
        }
    }
    out
}

fn the_package_carries_sections_repeat_headers_fonts_and_language() {
    let (_dir, out) = render(Path::new(PLAN), &["--format", "docx"]);
    assert!(
        !out.join("ke-hoach.pdf").exists(),
        "--format docx writes no PDF"
    );
    let docx = out.join("ke-hoach.docx");
    let document = docx_part(&docx, "word/document.xml");
    // Body portrait, Phụ lục I landscape, Phụ lục II portrait: three sections.
    assert_eq!(
        document.matches("<w:sectPr").count(),
        3,
        "one section per part"
    );
    assert_eq!(document.matches("w:orient=\"landscape\"").count(), 1);
    // Each appendix table repeats its (one-row) header; the header block
    // and signature tables do not.
    assert_eq!(document.matches("<w:tblHeader").count(), 2);
    assert!(document.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
    let styles = docx_part(&docx, "word/styles.xml");
    assert!(styles.contains("w:ascii=\"Times New Roman\""));
    assert!(styles.contains("w:hAnsi=\"Times New Roman\""));
    assert!(styles.contains("vi-VN"));
    let core = docx_part(&docx, "docProps/core.xml");
    assert!(core.contains("Thực hiện các chỉ tiêu về Khoa học"));
    assert!(core.contains("UBND xã Quảng Ngọc"));
}

fn libreoffice_renders_what_the_pdf_says_with_the_same_pages() {
    // Every bundled plan: page counts within one per part, same orientations.
    for plan in [
        "plans/quang-ngoc-2026.toml",
        "plans/an-nong-2026.toml",
        "plans/ha-long-2025.toml",
    ] {
        let (_dir, out) = render(Path::new(plan), &[]);
        let converted = tempfile::tempdir().unwrap();
        let stems = ["ke-hoach", "phu-luc-1", "phu-luc-2"];
        let docs: Vec<PathBuf> = stems
            .iter()
            .map(|s| out.join(format!("{s}.docx")))
            .collect();
        libreoffice_pdf(&docs, converted.path());
        for (stem, parts) in [("ke-hoach", 3usize), ("phu-luc-1", 1), ("phu-luc-2", 1)] {
            let typst_pages = orientations(&out.join(format!("{stem}.pdf")));
            let office_pages = orientations(&converted.path().join(format!("{stem}.pdf")));
            let difference = typst_pages.len().abs_diff(office_pages.len());
            assert!(
                difference <= parts,
                "{plan} {stem}: typst {} pages, LibreOffice {} pages",
                typst_pages.len(),
                office_pages.len()
            );
            assert_eq!(
                runs(&typst_pages),
                runs(&office_pages),
                "{plan} {stem}: orientations differ"
            );
        }
    }
    let (_dir, out) = render(Path::new(PLAN), &[]);
    let converted = tempfile::tempdir().unwrap();
    let docs: Vec<PathBuf> = ["ke-hoach", "phu-luc-1"]
        .iter()
        .map(|s| out.join(format!("{s}.docx")))
        .collect();
    libreoffice_pdf(&docs, converted.path());
    let office = normalise(&pdf_text(&converted.path().join("ke-hoach.pdf"), None));
    let typst = normalise(&pdf_text(&out.join("ke-hoach.pdf"), None));
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "KẾ HOẠCH",
        "I. MỤC ĐÍCH YÊU CẦU",
        "II. CÁC CHỈ TIÊU CỤ THỂ",
        "III. NHIỆM VỤ VÀ GIẢI PHÁP",
        "IV. TỔ CHỨC THỰC HIỆN",
        "Chủ trì thực hiện các chỉ tiêu: 1, 2, 3 (3a, 3b, 3c), 12, 15, 16.",
        "KT. CHỦ TỊCH",
        "Lê Văn Trường",
        "PHỤ LỤC I",
        "PHỤ LỤC II",
        "35,4%",
    ] {
        assert!(typst.contains(expected), "typst PDF lacks {expected:?}");
        assert!(
            office.contains(expected),
            "LibreOffice PDF lacks {expected:?}"
        );
    }
    // LibreOffice repeats the header row on every page of the table.
    let appendix = converted.path().join("phu-luc-1.pdf");
    let pages = page_sizes(&appendix).len();
    assert!(pages >= 2, "the indicator table spans pages");
    for page in 1..=pages {
        let text = normalise(&pdf_text(&appendix, Some((page, page))));
        assert!(
            text.contains("Tên chỉ tiêu"),
            "page {page} lacks the header row"
        );
    }
}

fn docx_output_is_byte_identical_from_run_to_run() {
    let (_a, first) = render(Path::new(PLAN), &["--format", "docx"]);
    let (_b, second) = render(Path::new(PLAN), &["--format", "docx"]);
    for stem in ["ke-hoach", "phu-luc-1", "phu-luc-2"] {
        let a = std::fs::read(first.join(format!("{stem}.docx"))).unwrap();
        let b = std::fs::read(second.join(format!("{stem}.docx"))).unwrap();
        assert!(a == b, "{stem}.docx differs between runs");
    }
}

fn a_two_level_header_repeats_both_rows_and_merges_its_cells() {
    let (_dir, out) = render(Path::new("plans/ha-long-2025.toml"), &["--format", "docx"]);
    let document = docx_part(&out.join("phu-luc-1.docx"), "word/document.xml");
    // "Phân công nhiệm vụ" over "Thực hiện" | "Phối hợp": both rows repeat.
    assert_eq!(document.matches("<w:tblHeader").count(), 2);
    assert!(
        document.contains("<w:gridSpan w:val=\"2\""),
        "the spanning header cell"
    );
    assert!(
        document.contains("w:vMerge"),
        "the cells spanning both header rows"
    );
    assert!(document.contains("Phân công nhiệm vụ"));
    // Group rows span the width after their Roman number.
    assert!(document.contains("PHÁT TRIỂN HẠ TẦNG"));
}
