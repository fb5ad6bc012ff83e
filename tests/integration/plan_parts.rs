//! A plan in parts, written as the office writes it (plans/yen-tho-2023.toml):
//! "Phần thứ nhất / Phần thứ hai" with the sections lettered afresh in each,
//! titles in sentence case, numbered body paragraphs, "*" and "+" markers as
//! typed, a căn cứ with bold, recipients joined by a brace to one note and
//! the "(Ban hành kèm theo …)" line. Read back from the PDF (pdftotext) and
//! from the DOCX (LibreOffice's PDF of it, and its document.xml).

use std::path::Path;

use crate::common::*;

tests! {
    a_plan_in_parts_reads_back_the_same_from_the_pdf_and_the_docx needs Pdftotext, Soffice;
    the_docx_joins_grouped_recipients_with_a_merged_brace_cell;
}

const PLAN: &str = "plans/yen-tho-2023.toml";

/// What a clerk checks on the page, in reading order.
const IN_ORDER: [&str; 16] = [
    "Phong trào Chung tay xây dựng nông thôn mới nâng cao;",
    "như sau:",
    "Phần thứ nhất",
    "KẾT QUẢ SẢN XUẤT NÔNG NGHIỆP NĂM 2022",
    "A. Những kết quả đạt được",
    "* Cây lúa:",
    "+ Về diện tích:",
    "B. Tồn tại, hạn chế và nguyên nhân",
    "1. Một số diện tích vùng trũng",
    "3. Liên kết tiêu thụ sản phẩm",
    "Phần thứ hai",
    "KẾ HOẠCH SẢN XUẤT NÔNG NGHIỆP NĂM 2023",
    "A. Mục tiêu",
    "B. Nhiệm vụ và giải pháp",
    "1. Về trồng trọt",
    "giải quyết./.",
];

/// Each of `expected` in `text`, in that order.
fn assert_in_order(text: &str, expected: &[&str], what: &str) {
    let mut from = 0;
    for needle in expected {
        match text[from..].find(needle) {
            Some(at) => from += at + needle.len(),
            None => panic!("{what}: {needle:?} missing or out of order after byte {from}:\n{text}"),
        }
    }
}

/// The checks both formats must pass on the text of the plan.
fn assert_plan_text(text: &str, what: &str) {
    let text = normalise(text);
    assert_in_order(&text, &IN_ORDER, what);
    // Sections are lettered afresh in each part: no "C.", and "A." twice.
    assert_eq!(text.matches("A. ").count(), 2, "{what}: {text}");
    assert!(!text.contains("C. "), "{what}: {text}");
    // Numbered paragraphs are not headings printed in capitals, and typed
    // markers are not escaped.
    assert!(!text.contains("MỘT SỐ DIỆN TÍCH"), "{what}");
    assert!(!text.contains("\\*") && !text.contains("\\+"), "{what}");
    // The grouped recipients share one note.
    assert_eq!(text.matches("(để b/c)").count(), 1, "{what}: {text}");
    assert!(!text.contains("Thường trực Đảng ủy xã (để"), "{what}");
}

fn a_plan_in_parts_reads_back_the_same_from_the_pdf_and_the_docx() {
    let (_dir, out) = render(Path::new(PLAN), &[]);
    let pdf = pdf_text(&out.join("ke-hoach.pdf"), None);
    assert_plan_text(&pdf, "PDF");
    let converted = tempfile::tempdir().unwrap();
    libreoffice_pdf(
        &[out.join("ke-hoach.docx"), out.join("phu-luc-1.docx")],
        converted.path(),
    );
    let docx = pdf_text(&converted.path().join("ke-hoach.pdf"), None);
    assert_plan_text(&docx, "DOCX");
    // The bold căn cứ is bold in both: its runs say so.
    let xml = docx_part(&out.join("ke-hoach.docx"), "word/document.xml");
    let bold_at = xml.find("Chung tay xây dựng").expect("the căn cứ");
    let run = &xml[xml[..bold_at].rfind("<w:r>").expect("its run")..bold_at];
    assert!(
        run.contains("<w:b />"),
        "the movement's name is not bold: {run}"
    );
    let fonts = run_fonts(&out.join("ke-hoach.pdf"));
    assert!(
        fonts.iter().any(|f| f.contains("Bold")),
        "no bold face in the PDF: {fonts:?}"
    );
    // The appendix says "Ban hành kèm theo", in both formats.
    for text in [
        pdf_text(&out.join("phu-luc-1.pdf"), None),
        pdf_text(&converted.path().join("phu-luc-1.pdf"), None),
    ] {
        let text = normalise(&text);
        assert!(
            text.contains("(Ban hành kèm theo Kế hoạch số"),
            "the appendix line: {text}"
        );
    }
}

/// The font names `pdffonts` lists for `pdf`.
fn run_fonts(pdf: &Path) -> Vec<String> {
    run("pdffonts", &[&pdf.display().to_string()])
        .lines()
        .skip(2)
        .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
        .collect()
}

fn the_docx_joins_grouped_recipients_with_a_merged_brace_cell() {
    let (_dir, out) = render(
        Path::new(PLAN),
        &["--format", "docx", "--parts", "ke-hoach"],
    );
    let xml = docx_part(&out.join("ke-hoach.docx"), "word/document.xml");
    // A table of its own inside Nơi nhận: three rows, the brace and the
    // note cells merged down them.
    let start = xml.find("Phòng Nông nghiệp và PTNT huyện;").unwrap();
    let table_start = xml[..start].rfind("<w:tbl>").expect("a nested table");
    let table_end = table_start + xml[table_start..].find("</w:tbl>").unwrap();
    let table = &xml[table_start..table_end];
    assert_eq!(table.matches("<w:tr>").count(), 3, "{table}");
    assert_eq!(
        table.matches("<w:vMerge w:val=\"restart\" />").count(),
        2,
        "{table}"
    );
    assert_eq!(
        table.matches("<w:vMerge w:val=\"continue\" />").count(),
        4,
        "{table}"
    );
    assert!(table.contains(">}</w:t>"), "the brace: {table}");
    assert_eq!(table.matches("(để b/c)").count(), 1, "{table}");
    for line in ["Thường trực Đảng ủy xã;", "Thường trực HĐND xã;"] {
        assert!(table.contains(line), "{line} not in the braced group");
    }
}
