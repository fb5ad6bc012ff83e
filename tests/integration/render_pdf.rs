//! The PDF read back by real clients (poppler, qpdf): what a clerk would
//! check on paper, for the bundled plan of seed 001 (Quảng Ngọc).

use std::path::Path;

use crate::common::*;
use kehoach::text::escape_markdown;

tests! {
    the_plan_reads_back_with_its_furniture_sections_and_derived_text needs Pdftotext;
    the_body_says_what_the_seed_says needs Pdftotext;
    extracted_text_matches_its_snapshot needs Pdftotext;
    fonts_are_embedded_and_pages_are_a4 needs Pdfinfo, Pdffonts;
    page_numbers_start_on_page_two_at_the_top needs Pdftotext;
    qpdf_finds_the_file_well_formed needs Qpdf;
    user_text_prints_literally_and_runs_nothing needs Pdftotext;
    the_same_plan_gives_the_same_bytes;
}

const PLAN: &str = "plans/quang-ngoc-2026.toml";
const SEED: &str = "../shared/seeds/001_b5d15f8b6a7e05f5.txt";

fn the_plan_reads_back_with_its_furniture_sections_and_derived_text() {
    let (_dir, out) = render(Path::new(PLAN), &[]);
    let text = normalise(&pdf_text(&out.join("ke-hoach.pdf"), None));
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "ỦY BAN NHÂN DÂN XÃ QUẢNG NGỌC",
        "KẾ HOẠCH Thực hiện các chỉ tiêu về Khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số năm 2026",
        "I. MỤC ĐÍCH YÊU CẦU",
        "(Nội dung chi tiết tại Phụ lục I kèm theo).",
        "5. Cách thức thực hiện các chỉ tiêu",
        "IV. TỔ CHỨC THỰC HIỆN",
        // Derived from the indicators' lead units, never typed:
        "1. Phòng Văn hóa - Xã hội - Chủ trì thực hiện các chỉ tiêu: 1, 2, 3 (3a, 3b, 3c), 12, 15, 16.",
        "- Chủ trì thực hiện các chỉ tiêu: 4, 5, 6, 7, 13.",
        "- Chủ trì thực hiện các chỉ tiêu: 8, 9, 10, 11.",
        "- Chủ trì thực hiện các chỉ tiêu: 3d, 14.",
        "- Phối hợp thực hiện các chỉ tiêu: 3a, 15.",
        "- Chỉ tiêu giao: xã Quảng Ngọc đạt 35,4%",
        "- Thời gian hoàn thành: Trước ngày 20/06/2026",
        "theo mẫu Phụ lục II kèm theo",
        "nghiêm túc tổ chức triển khai thực hiện./.",
        "Nơi nhận:",
        "- Lưu: VT, VHXH.",
        "KT. CHỦ TỊCH PHÓ CHỦ TỊCH",
        "Lê Văn Trường",
    ] {
        assert!(text.contains(expected), "missing {expected:?}");
    }
    for n in 1..=16 {
        assert!(
            text.contains(&format!("Chỉ tiêu {n}. ")),
            "missing section Chỉ tiêu {n}."
        );
    }
    assert!(!text.contains("Chỉ tiêu 17. "));
    assert!(!text.contains("35.4%"), "decimal point instead of comma");
}

fn the_body_says_what_the_seed_says() {
    let (_dir, out) = render(Path::new(PLAN), &[]);
    let text = normalise(&pdf_text(&out.join("ke-hoach.pdf"), None));
    let seed = std::fs::read_to_string(root().join(SEED)).expect("seed 001 beside the repo");
    let body = seed.split("Nơi nhận:").next().unwrap();
    // Seed lines of real prose, without the extraction's Markdown stars and
    // bullet dashes. Lines that differ are the seed's typos and the
    // sentences kehoach derives in its own words (dates as 20/06/2026,
    // "Đơn vị chủ trì chủ trì" …); they are printed for review.
    let lines: Vec<String> = body
        .lines()
        .map(|l| l.replace('*', ""))
        .map(|l| l.trim().trim_start_matches("- ").to_owned())
        .map(|l| normalise(&l))
        .filter(|l| l.chars().count() >= 25)
        .collect();
    let missing: Vec<&String> = lines
        .iter()
        .filter(|l| !text.contains(l.as_str()))
        .collect();
    let found = lines.len() - missing.len();
    for line in &missing {
        note!("khác bản gốc: {line}");
    }
    assert!(lines.len() > 150, "seed body not found");
    assert!(
        found * 100 >= lines.len() * 65,
        "only {found} of {} seed lines found verbatim",
        lines.len()
    );
}

/// The whole text as pdftotext reads it, each line's whitespace collapsed,
/// against its snapshot (extracted text only, never PDF bytes).
fn extracted_text_matches_its_snapshot() {
    let (_dir, out) = render(Path::new(PLAN), &[]);
    let text = pdf_text(&out.join("ke-hoach.pdf"), None);
    let normalised: String = text
        .lines()
        .map(normalise)
        .filter(|l| !l.is_empty())
        .map(|l| l + "\n")
        .collect();
    insta::with_settings!({
        description => format!("pdftotext of ke-hoach.pdf rendered from {PLAN}"),
        omit_expression => true,
    }, {
        insta::assert_snapshot!("quang-ngoc-2026", normalised);
    });
}

fn fonts_are_embedded_and_pages_are_a4() {
    let (_dir, out) = render(Path::new(PLAN), &[]);
    let pdf = out.join("ke-hoach.pdf");
    let fonts = run("pdffonts", &[&pdf.display().to_string()]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(
        rows.len() >= 3,
        "regular, bold and italic expected:\n{fonts}"
    );
    for row in &rows {
        assert!(row.contains("LiberationSerif"), "unexpected font: {row}");
        let columns: Vec<&str> = row.split_whitespace().collect();
        // name type [encoding…] emb sub uni object ID: emb is 5th from the end.
        let emb = columns[columns.len() - 5];
        assert_eq!(emb, "yes", "font not embedded: {row}");
    }
    let sizes = page_sizes(&pdf);
    assert!(sizes.len() >= 9, "{sizes:?}");
    for (i, (w, h)) in sizes.iter().enumerate() {
        let portrait = (w - 595.28).abs() < 1.0 && (h - 841.89).abs() < 1.0;
        let landscape = (w - 841.89).abs() < 1.0 && (h - 595.28).abs() < 1.0;
        assert!(portrait || landscape, "page {} is not A4: {w} x {h}", i + 1);
    }
    assert!(
        sizes.iter().take(9).all(|(w, h)| w < h),
        "the body is portrait"
    );
    assert!(
        sizes.iter().any(|(w, h)| w > h),
        "the indicator appendix is landscape"
    );
}

fn page_numbers_start_on_page_two_at_the_top() {
    let (_dir, out) = render(Path::new(PLAN), &[]);
    let pdf = out.join("ke-hoach.pdf");
    let first = |page: usize| {
        pdf_text(&pdf, Some((page, page)))
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(first(1), "ỦY BAN NHÂN DÂN", "page 1 carries no number");
    assert_eq!(first(2), "2");
    assert_eq!(first(3), "3");
    // An appendix printed alone is numbered on its own.
    let alone = out.join("phu-luc-1.pdf");
    assert_eq!(
        pdf_text(&alone, Some((1, 1)))
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty()),
        Some("PHỤ LỤC I")
    );
    assert_eq!(
        pdf_text(&alone, Some((2, 2)))
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty()),
        Some("2")
    );
}

fn qpdf_finds_the_file_well_formed() {
    let (_dir, out) = render(Path::new(PLAN), &[]);
    for name in ["ke-hoach.pdf", "phu-luc-1.pdf", "phu-luc-2.pdf"] {
        let check = run("qpdf", &["--check", &out.join(name).display().to_string()]);
        assert!(
            check.contains("No syntax or stream encoding errors"),
            "{name}: {check}"
        );
    }
}

fn user_text_prints_literally_and_runs_nothing() {
    let nasty = [
        r#"#read("/etc/passwd")"#,
        r#"*bold* $x$ @ref <tag>"#,
        r#"#include "x.typ" và #import "@preview/cetz:0.3.0": *"#,
        r#"= không phải tiêu đề -- ... "ngoặc" 'đơn' \ `mã` // chú thích /* khối */"#,
        "<w:t>]]></w:t> & &amp; [link](#x)",
    ];
    let plan = std::fs::read_to_string(root().join(PLAN)).unwrap();
    let bases: String = nasty
        .iter()
        .map(|n| format!("  {},\n", toml_string(&escape_markdown(n))))
        .collect();
    let plan = plan.replacen("can_cu = [\n", &format!("can_cu = [\n{bases}"), 1);
    assert!(
        plan.contains("passwd"),
        "the plan has a can_cu array to extend"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc-hai.toml");
    std::fs::write(&path, plan).unwrap();
    let (_out_dir, out) = render(&path, &["--parts", "ke-hoach"]);
    let text = normalise(&pdf_text(&out.join("ke-hoach.pdf"), None));
    for n in nasty {
        // Each printed as typed, with the ";" a legal basis ends with.
        assert!(
            text.contains(&format!("{};", normalise(n))),
            "not literal: {n}\n{text}"
        );
    }
    assert!(!text.contains("root:"), "a file was read");
}

fn the_same_plan_gives_the_same_bytes() {
    let (_a, out_a) = render(Path::new(PLAN), &[]);
    let (_b, out_b) = render(Path::new(PLAN), &[]);
    for name in ["ke-hoach.pdf", "phu-luc-1.pdf", "phu-luc-2.pdf"] {
        let a = std::fs::read(out_a.join(name)).unwrap();
        let b = std::fs::read(out_b.join(name)).unwrap();
        assert!(a == b, "{name} differs between two runs");
    }
}
