//! What real plans print beyond the basic format (a month without a day,
//! numbered sub-items, run-in headings, one unnumbered appendix, milestone
//! tables, typed target values), read back from the PDF (pdftotext) and the
//! DOCX (document.xml) of `plans/quang-yen-2025.toml`, which uses all of it.

use std::path::{Path, PathBuf};

use crate::common::{self, *};

tests! {
    a_month_without_a_day_prints_in_the_date_line_and_the_appendix_line needs Pdftotext;
    sub_items_can_be_numbered_under_their_item needs Pdftotext;
    a_run_in_heading_is_one_paragraph_with_a_bold_label_and_plain_text needs Pdftotext;
    a_single_appendix_is_phu_luc_without_a_number needs Pdftotext;
    the_milestone_table_prints_as_real_plans_print_it needs Pdftotext;
    typed_values_print_with_their_sign_bare_number_and_note needs Pdftotext;
    twenty_milestone_years_are_refused_with_a_clear_error;
}

const PLAN: &str = "plans/quang-yen-2025.toml";

/// The plain text of each paragraph of document.xml, in order.
fn docx_paragraphs(xml: &str) -> Vec<String> {
    xml.split("<w:p>")
        .chain(xml.split("<w:p "))
        .map(|p| {
            p.split("<w:t")
                .skip(1)
                .filter_map(|t| t.split_once('>').map(|(_, rest)| rest))
                .map(|rest| rest.split("</w:t>").next().unwrap_or(""))
                .collect::<String>()
        })
        .filter(|p| !p.is_empty())
        .collect()
}

/// The fourth plan rendered in both formats, and the text of its PDF.
fn rendered() -> (tempfile::TempDir, PathBuf, String) {
    let (dir, out) = render(Path::new(PLAN), &[]);
    let text = pdf_text(&out.join("ke-hoach.pdf"), None);
    (dir, out, text)
}

fn a_month_without_a_day_prints_in_the_date_line_and_the_appendix_line() {
    let (_dir, out, text) = rendered();
    let text = normalise(&text);
    assert!(
        text.contains("Quảng Yên, ngày tháng 12 năm 2025"),
        "date line: {text}"
    );
    assert!(
        text.contains("/KH-UBND ngày tháng 12 năm 2025 của UBND xã Quảng Yên)"),
        "appendix line: {text}"
    );
    let xml = docx_part(&out.join("ke-hoach.docx"), "word/document.xml");
    let paragraphs = docx_paragraphs(&xml);
    assert!(
        paragraphs
            .iter()
            .any(|p| normalise(p).contains("ngày tháng 12 năm 2025")),
        "{paragraphs:?}"
    );
}

fn sub_items_can_be_numbered_under_their_item() {
    let (_dir, out, text) = rendered();
    let text = normalise(&text);
    for needle in [
        "2. Phát triển hạ tầng số 2.1. Hạ tầng viễn thông",
        "2.2. Hạ tầng tại trụ sở",
        "4.1. Dịch vụ công trực tuyến",
        "4.2. Văn bản điện tử",
    ] {
        assert!(text.contains(needle), "{needle:?} not in {text}");
    }
    assert!(!text.contains("a) Hạ tầng viễn thông"));
    let xml = docx_part(&out.join("ke-hoach.docx"), "word/document.xml");
    assert!(
        docx_paragraphs(&xml)
            .iter()
            .any(|p| p == "2.1. Hạ tầng viễn thông")
    );
}

fn a_run_in_heading_is_one_paragraph_with_a_bold_label_and_plain_text() {
    let (_dir, out, text) = rendered();
    assert!(
        normalise(&text).contains(
            "7. Đề nghị Ủy ban MTTQ xã và các đoàn thể chính trị - xã hội: Phối hợp tuyên truyền"
        ),
        "{text}"
    );
    let xml = docx_part(&out.join("ke-hoach.docx"), "word/document.xml");
    let paragraph = xml
        .split("</w:p>")
        .find(|p| p.contains("Đề nghị Ủy ban MTTQ"))
        .expect("the run-in paragraph");
    assert!(
        paragraph.contains("Phối hợp tuyên truyền"),
        "label and text share a paragraph"
    );
    let bold = |run: &str| run.contains("<w:b />") || run.contains("<w:b/>");
    let runs: Vec<&str> = paragraph.split("<w:r>").skip(1).collect();
    let label = runs
        .iter()
        .find(|r| r.contains("Đề nghị Ủy ban MTTQ"))
        .unwrap();
    let body = runs
        .iter()
        .find(|r| r.contains("Phối hợp tuyên truyền"))
        .unwrap();
    assert!(bold(label), "the label is bold: {label}");
    assert!(!bold(body), "the text is not: {body}");
}

fn a_single_appendix_is_phu_luc_without_a_number() {
    let (_dir, out, text) = rendered();
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    assert!(lines.contains(&"PHỤ LỤC"), "{text}");
    assert!(!text.contains("PHỤ LỤC I"), "{text}");
    let flat = normalise(&text);
    assert!(flat.contains("tại Phụ lục kèm theo"), "{flat}");
    assert!(flat.contains("(Ban hành kèm theo Kế hoạch số:"), "{flat}");
    let standalone = pdf_text(&out.join("phu-luc-1.pdf"), None);
    assert!(standalone.lines().any(|l| l.trim() == "PHỤ LỤC"));
    let xml = docx_part(&out.join("ke-hoach.docx"), "word/document.xml");
    let paragraphs = docx_paragraphs(&xml);
    assert!(paragraphs.iter().any(|p| p == "PHỤ LỤC"), "{paragraphs:?}");
    assert!(!paragraphs.iter().any(|p| p == "PHỤ LỤC I"));
}

fn the_milestone_table_prints_as_real_plans_print_it() {
    let (_dir, out, _) = rendered();
    let pdf = out.join("phu-luc-1.pdf");
    let flat = normalise(&pdf_text(&pdf, None));
    assert!(flat.contains("Mục tiêu theo từng giai đoạn"), "{flat}");
    // Read in layout order: pdftotext's reading order of the two header
    // rows depends on how tall their cells are.
    let years = run("pdftotext", &["-layout", &pdf.display().to_string(), "-"]);
    assert!(
        years
            .lines()
            .any(|l| normalise(l).contains("Năm 2025 Năm 2030 Năm 2035 Năm 2040 Năm 2045")),
        "{years}"
    );
    // No indicator has a unit of measure: no empty "Đơn vị tính" column.
    assert!(!flat.contains("Đơn vị tính"), "{flat}");
    // A sign never ends a line: "≥" and its number stand together.
    let layout = run("pdftotext", &["-layout", &pdf.display().to_string(), "-"]);
    for line in layout.lines() {
        for (at, _) in line.match_indices(['≥', '>']) {
            let after = line[at..].chars().skip(1).find(|c| !c.is_whitespace());
            assert!(
                after.is_some_and(|c| c.is_ascii_digit()),
                "a sign without its number: {line:?}"
            );
        }
    }
    let xml = docx_part(&out.join("phu-luc-1.docx"), "word/document.xml");
    assert!(xml.contains("Mục tiêu theo từng giai đoạn"));
    assert!(xml.contains("≥\u{a0}80%"), "no-break space in the DOCX");
    assert!(!xml.contains("Đơn vị tính"));
}

fn typed_values_print_with_their_sign_bare_number_and_note() {
    let (_dir, out, _) = rendered();
    let text = normalise(&pdf_text_raw(&out.join("phu-luc-1.pdf"), None));
    for needle in ["> 92%", "≥ 99% (5G ≥ 40% dân số)", "> 40%", "2 10 20 30 40"] {
        assert!(text.contains(needle), "{needle:?} not in {text}");
    }
}

fn twenty_milestone_years_are_refused_with_a_clear_error() {
    let plan = std::fs::read_to_string(common::root().join(PLAN)).unwrap();
    let years: Vec<String> = (0..20)
        .map(|i| format!("{{ nam = {}, gia_tri = {{ toi_thieu = 40 }} }}", 2026 + i))
        .collect();
    let extra = format!(
        "[[chi_tieu]]\nid = \"nhieu-moc\"\nten = \"Hai mươi mốc\"\nchu_tri = \"vhxh\"\nmoc = [{}]\n\n",
        years.join(", ")
    );
    let plan = plan.replacen("[[phu_luc]]", &format!("{extra}[[phu_luc]]"), 1);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nhieu-moc.toml");
    std::fs::write(&path, plan).unwrap();
    let out = kehoach(&["check", &path.display().to_string()]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("bảng mốc có 21 năm mốc, một trang ngang chỉ in rõ được 8"),
        "{stderr}"
    );
    assert!(stderr.contains("phu_luc[1].loai"), "{stderr}");
}
