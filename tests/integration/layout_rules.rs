//! ND30 layout rules read back from the output:
//! appendix pages numbered on their own, the closing paragraph on the
//! signature page, a Nơi nhận list longer than a page continued rather
//! than clipped, table rows kept whole. PDFs are read with poppler, DOCX
//! files through LibreOffice's PDF and their `document.xml`.

use std::path::{Path, PathBuf};

use crate::common::*;

tests! {
    pdf_appendix_pages_are_numbered_on_their_own_and_are_the_standalone_pages needs Pdftotext, Pdfinfo;
    docx_appendix_pages_are_numbered_on_their_own needs Pdftotext, Pdfinfo, Soffice;
    the_closing_paragraph_shares_the_signature_page_in_pdf_and_docx needs Pdftotext, Pdfinfo, Soffice;
    whatever_block_ends_the_body_it_shares_the_signature_page needs Pdftotext, Pdfinfo, Soffice;
    sixty_recipients_continue_on_the_next_page_with_the_signature_whole needs Pdftotext, Pdfinfo, Qpdf, Soffice;
    table_rows_never_split_across_pages needs Pdftotext, Pdfinfo;
}

const PLANS: [&str; 6] = [
    "plans/quang-ngoc-2026.toml",
    "plans/ha-long-2025.toml",
    "plans/an-nong-2026.toml",
    "plans/quang-yen-2025.toml",
    "plans/quang-ngoc-2026-dieu-chinh.toml",
    "plans/yen-tho-2023.toml",
];

/// The text of each page of `pdf`.
fn pages(pdf: &Path) -> Vec<String> {
    (1..=page_sizes(pdf).len())
        .map(|page| pdf_text(pdf, Some((page, page))))
        .collect()
}

/// The page number printed in the top margin of each page, if any: the
/// text in the top 50 pt (the margin is 20 mm, 56.7 pt).
fn page_numbers(pdf: &Path) -> Vec<String> {
    let path = pdf.display().to_string();
    (1..=page_sizes(pdf).len())
        .map(|page| {
            let page = page.to_string();
            normalise(&run(
                "pdftotext",
                &[
                    "-f", &page, "-l", &page, "-x", "0", "-y", "0", "-W", "900", "-H", "50", &path,
                    "-",
                ],
            ))
        })
        .collect()
}

/// The appendix files of a rendered plan, in order.
fn appendix_files(out: &Path, extension: &str) -> Vec<PathBuf> {
    (1..)
        .map(|n| out.join(format!("phu-luc-{n}.{extension}")))
        .take_while(|p| p.exists())
        .collect()
}

/// The combined file ends with the pages of the standalone appendix files,
/// numbers and all: each appendix numbered from 1, no number on its first
/// page.
fn assert_appendix_pages_match(plan: &str, combined: &Path, appendices: &[PathBuf]) {
    let numbers = page_numbers(combined);
    let texts = pages(combined);
    let mut expected_numbers = Vec::new();
    let mut expected_texts = Vec::new();
    for appendix in appendices {
        let n = page_numbers(appendix);
        assert_eq!(
            n[0],
            "",
            "{plan}: {}: first page unnumbered",
            appendix.display()
        );
        for (i, number) in n.iter().enumerate().skip(1) {
            assert_eq!(
                *number,
                (i + 1).to_string(),
                "{plan}: {}",
                appendix.display()
            );
        }
        expected_numbers.extend(n);
        expected_texts.extend(pages(appendix));
    }
    assert!(
        numbers.len() > expected_numbers.len(),
        "{plan}: a body first"
    );
    let tail = numbers.len() - expected_numbers.len();
    assert_eq!(
        numbers[tail..],
        expected_numbers[..],
        "{plan}: the appendix pages of the combined file are numbered as their own files (all: {numbers:?})"
    );
    for (page, (got, want)) in texts[tail..].iter().zip(&expected_texts).enumerate() {
        assert_eq!(
            normalise(got),
            normalise(want),
            "{plan}: appendix page {} differs from its standalone file",
            page + 1
        );
    }
}

fn pdf_appendix_pages_are_numbered_on_their_own_and_are_the_standalone_pages() {
    for plan in PLANS {
        let (_dir, out) = render(Path::new(plan), &["--format", "pdf"]);
        let appendices = appendix_files(&out, "pdf");
        assert!(!appendices.is_empty(), "{plan} has appendices");
        assert_appendix_pages_match(plan, &out.join("ke-hoach.pdf"), &appendices);
    }
}

fn docx_appendix_pages_are_numbered_on_their_own() {
    let plan = PLANS[0];
    let (_dir, out) = render(Path::new(plan), &["--format", "docx"]);
    let mut docs = vec![out.join("ke-hoach.docx")];
    docs.extend(appendix_files(&out, "docx"));
    let converted = tempfile::tempdir().unwrap();
    libreoffice_pdf(&docs, converted.path());
    let pdf = |stem: &str| converted.path().join(format!("{stem}.pdf"));
    let appendices: Vec<PathBuf> = (1..docs.len())
        .map(|n| pdf(&format!("phu-luc-{n}")))
        .collect();
    let numbers = page_numbers(&pdf("ke-hoach"));
    let mut expected = Vec::new();
    for appendix in &appendices {
        let n = page_numbers(appendix);
        assert_eq!(n[0], "", "{}: first page unnumbered", appendix.display());
        expected.extend(n);
    }
    let tail = numbers.len() - expected.len();
    assert_eq!(numbers[tail..], expected[..], "all pages: {numbers:?}");
    assert_eq!(
        numbers[tail], "",
        "an appendix's first page shows no number"
    );
}

/// The text of the page holding "Nơi nhận:", up to it.
fn before_recipients(pages: &[String]) -> String {
    let page = pages
        .iter()
        .find(|p| p.contains("Nơi nhận:"))
        .expect("a signature page");
    let before = page.split("Nơi nhận:").next().unwrap();
    // Drop the page number line.
    normalise(
        before
            .trim_start()
            .trim_start_matches(|c: char| c.is_ascii_digit()),
    )
}

/// Every bundled plan: the page holding Nơi nhận also holds the closing
/// paragraph, and no page before it is left more than a quarter empty, in
/// the PDF and in LibreOffice's reading of the DOCX.
fn the_closing_paragraph_shares_the_signature_page_in_pdf_and_docx() {
    let mut bundled: Vec<String> = std::fs::read_dir(root().join("plans"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| format!("plans/{}", p.file_name().unwrap().to_string_lossy()))
        .collect();
    bundled.sort();
    let mut listed = PLANS.map(str::to_owned).to_vec();
    listed.sort();
    assert_eq!(listed, bundled, "PLANS lists every plan in plans/");
    for plan in PLANS {
        let (_dir, out) = render(Path::new(plan), &["--parts", "ke-hoach"]);
        let converted = tempfile::tempdir().unwrap();
        libreoffice_pdf(&[out.join("ke-hoach.docx")], converted.path());
        for (format, pdf) in [
            ("PDF", out.join("ke-hoach.pdf")),
            ("DOCX", converted.path().join("ke-hoach.pdf")),
        ] {
            let pages = pages(&pdf);
            let before = before_recipients(&pages);
            assert!(
                before.ends_with("./."),
                "{plan}: {format} signature page without its closing paragraph: {before:?}"
            );
            let signature_page = pages.iter().position(|p| p.contains("Nơi nhận:")).unwrap();
            for page in 1..=signature_page {
                let empty = empty_share(&pdf, page);
                assert!(
                    empty <= 0.25,
                    "{plan}: {format} page {page} before the signature is {:.0}% empty",
                    empty * 100.0
                );
            }
        }
    }
}

/// The blocks a body can end with, each ending in the words `LAST`, and
/// its name.
const ENDINGS: [(&str, &str); 6] = [
    (
        "a long paragraph",
        "Đoạn văn cuối cùng của thân bài trình bày nhiều ý, kéo dài nhiều dòng để có thể ngắt sang trang sau: các phòng, ban, đơn vị căn cứ chức năng, nhiệm vụ được giao chủ động xây dựng kế hoạch chi tiết, bố trí nguồn lực, phân công cán bộ theo dõi, đôn đốc và định kỳ báo cáo kết quả thực hiện về Ủy ban nhân dân xã để tổng hợp, báo cáo cấp trên theo quy định; kết thúc thân bài.",
    ),
    ("a short paragraph", "Đoạn văn ngắn, kết thúc thân bài."),
    (
        "a list item",
        "- Ý thứ nhất của danh sách.\n- Ý thứ hai, kết thúc thân bài.",
    ),
    (
        "a nested list item",
        "- Ý lớn:\n  - ý con thứ nhất;\n  - ý con, kết thúc thân bài.",
    ),
    (
        "a numbered paragraph",
        "1. Đoạn đánh số thứ nhất.\n1. Đoạn đánh số thứ hai, kết thúc thân bài.",
    ),
    (
        "a run-in heading",
        "# **Chế độ báo cáo:** Định kỳ hằng tháng, kết thúc thân bài.",
    ),
];

/// The words every constructed body ends with.
const LAST: &str = "kết thúc thân bài";

/// A plan whose body is `filler` one-line paragraphs and then `ending`,
/// with no closing sentence (`ket_luan = ""`): the body's own last block
/// stands before the signature.
fn ending_plan(filler: usize, ending: &str) -> String {
    let lines: String = (1..=filler)
        .map(|i| format!("Nội dung thứ {i} của phần này.\n\n"))
        .collect();
    format!(
        r#"mo_dau = ""
ket_luan = ""

[van_ban]
loai = "co-ban"
xa = "Quảng Ngọc"
ky_hieu = "KH-UBND"
nam = 2026
trich_yeu = "Thử trang cuối"

[nguoi_ky]
quyen_han = "KT"
chuc_vu = "PHÓ CHỦ TỊCH"
ho_ten = "Lê Văn Trường"

[[noi_nhan]]
ten = "Sở Nội vụ"
ghi_chu = "b/c"

[[noi_nhan]]
ten = "Các phòng, ban, đơn vị"
ghi_chu = "t/h"

[[phan]]
tieu_de = "Nội dung"
noi_dung = """
{lines}{ending}
"""
"#
    )
}

/// For every kind of last block, and bodies that bring it to every part of
/// a page (one-line paragraphs added three at a time, a page and a half in
/// all), the page holding Nơi nhận also holds the body's last words, in
/// the PDF and in LibreOffice's reading of the DOCX.
fn whatever_block_ends_the_body_it_shares_the_signature_page() {
    let dir = tempfile::tempdir().unwrap();
    let mut plans = Vec::new();
    for (kind, (_, ending)) in ENDINGS.iter().enumerate() {
        for step in 0..14 {
            let path = dir.path().join(format!("ket-{kind}-{step}.toml"));
            std::fs::write(&path, ending_plan(12 + 3 * step, ending)).unwrap();
            plans.push((kind, step, path));
        }
    }
    let out = dir.path().join("out");
    let mut args = vec![
        "render".to_owned(),
        "--parts".to_owned(),
        "ke-hoach".to_owned(),
        "--out".to_owned(),
        out.display().to_string(),
    ];
    args.extend(plans.iter().map(|(_, _, p)| p.display().to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = kehoach(&args);
    assert!(
        result.status.success(),
        "render failed: {}",
        String::from_utf8_lossy(&result.stderr)
    );
    let converted = tempfile::tempdir().unwrap();
    let docx: Vec<PathBuf> = plans
        .iter()
        .map(|(kind, step, _)| {
            let from = out.join(format!("ket-{kind}-{step}")).join("ke-hoach.docx");
            let to = converted.path().join(format!("ket-{kind}-{step}.docx"));
            std::fs::copy(from, &to).unwrap();
            to
        })
        .collect();
    libreoffice_pdf(&docx, converted.path());
    let mut broke_page = [false; ENDINGS.len()];
    for (kind, step, _) in &plans {
        let name = format!("ket-{kind}-{step}");
        let what = format!("{} (step {step})", ENDINGS[*kind].0);
        let pdf = pages(&out.join(&name).join("ke-hoach.pdf"));
        broke_page[*kind] |= pdf.len() > 1;
        let before = before_recipients(&pdf);
        assert!(
            before.contains(LAST),
            "PDF, body ending in {what}: Nơi nhận without the body's last words: {before:?}"
        );
        let docx_pdf = converted.path().join(format!("{name}.pdf"));
        let docx = pages(&docx_pdf);
        let before = before_recipients(&docx);
        assert!(
            before.contains(LAST),
            "DOCX, body ending in {what}: Nơi nhận without the body's last words: {before:?}"
        );
        // A long last paragraph breaks, so only its last lines leave the
        // page before with the signature: that page is not left a quarter
        // empty.
        if *kind == 0 {
            for (format, pdf, pages) in [
                ("PDF", out.join(&name).join("ke-hoach.pdf"), &pdf),
                ("DOCX", docx_pdf.clone(), &docx),
            ] {
                let signature_page = pages.iter().position(|p| p.contains("Nơi nhận:")).unwrap();
                if signature_page == 0 {
                    continue;
                }
                let empty = empty_share(&pdf, signature_page);
                assert!(
                    empty <= 0.25,
                    "{format}, {what}: page {signature_page} is {:.0}% empty",
                    empty * 100.0
                );
            }
        }
    }
    // The bodies did reach past a page.
    assert_eq!(broke_page, [true; ENDINGS.len()]);
}

/// How much of the text area of page `page` (from 1) of `pdf` is left
/// empty under its last line: A4, 20 mm margins at the top and bottom.
fn empty_share(pdf: &Path, page: usize) -> f64 {
    let page = page.to_string();
    let boxes = run(
        "pdftotext",
        &[
            "-f",
            &page,
            "-l",
            &page,
            "-bbox",
            &pdf.display().to_string(),
            "-",
        ],
    );
    let lowest = boxes
        .lines()
        .filter(|l| l.trim_start().starts_with("<word"))
        .filter_map(|l| {
            let at = l.find("yMax=\"")? + 6;
            l[at..].split('"').next()?.parse::<f64>().ok()
        })
        .fold(0.0, f64::max);
    let mm = 72.0 / 25.4;
    let (top, bottom) = (20.0 * mm, 297.0 * mm - 20.0 * mm);
    (bottom - lowest).max(0.0) / (bottom - top)
}

/// Quảng Ngọc's plan with `extra` more recipients: sixty in all.
fn long_recipient_plan(dir: &Path) -> PathBuf {
    let mut plan = std::fs::read_to_string(PLANS[0]).unwrap();
    let existing = plan.matches("[[noi_nhan]]").count();
    for i in 1..=60 - existing {
        plan.push_str(&format!(
            "\n[[noi_nhan]]\nten = \"Đơn vị nhận thứ {i} ở cuối danh sách\"\nghi_chu = \"t/h\"\n"
        ));
    }
    let path = dir.join("dai-noi-nhan.toml");
    std::fs::write(&path, plan).unwrap();
    path
}

/// Page (from 1) of the first page whose text holds `needle`.
fn page_of(pages: &[String], needle: &str) -> Option<usize> {
    pages
        .iter()
        .position(|p| normalise(p).contains(needle))
        .map(|i| i + 1)
}

fn sixty_recipients_continue_on_the_next_page_with_the_signature_whole() {
    let dir = tempfile::tempdir().unwrap();
    let plan = long_recipient_plan(dir.path());
    let (_out_dir, out) = render(&plan, &["--parts", "ke-hoach"]);
    let pdf = out.join("ke-hoach.pdf");
    let converted = tempfile::tempdir().unwrap();
    libreoffice_pdf(&[out.join("ke-hoach.docx")], converted.path());
    let docx_pdf = converted.path().join("ke-hoach.pdf");
    for (format, file) in [("PDF", &pdf), ("DOCX", &docx_pdf)] {
        let pages = pages(file);
        let all = normalise(&pages.join(" "));
        assert!(all.matches("- ").count() >= 60, "{format}");
        let extra = 60
            - std::fs::read_to_string(PLANS[0])
                .unwrap()
                .matches("[[noi_nhan]]")
                .count();
        for i in 1..=extra {
            assert!(
                all.contains(&format!("Đơn vị nhận thứ {i} ở cuối danh sách (t/h);")),
                "{format}: recipient {i} lost"
            );
        }
        assert!(all.contains("- Lưu: VT"), "{format}: the Lưu line lost");
        let head = page_of(&pages, "Nơi nhận:").unwrap();
        let lu = page_of(&pages, "- Lưu: VT").unwrap();
        assert!(lu > head, "{format}: the list continues on a later page");
        // The signer's side is whole, on the page where the list starts.
        assert_eq!(page_of(&pages, "Lê Văn Trường"), Some(head), "{format}");
        assert_eq!(page_of(&pages, "PHÓ CHỦ TỊCH"), Some(head), "{format}");
    }
    // The signature fields still find the room, on the signer's page.
    let json: serde_json::Value =
        serde_json::from_str(&run("qpdf", &["--json", &pdf.display().to_string()])).unwrap();
    let fields = json["acroform"]["fields"].as_array().expect("fields");
    assert!(!fields.is_empty(), "signature fields present");
    let head = page_of(&pages(&pdf), "Nơi nhận:").unwrap() as u64;
    for field in fields {
        assert_eq!(field["pageposfrom1"].as_u64(), Some(head), "{field}");
    }
}

/// Hà Long's plan with 24 more tasks, each several lines tall in the task
/// appendix, marked at the start and the end of its name.
fn tall_rows_plan(dir: &Path) -> PathBuf {
    let mut plan = std::fs::read_to_string(PLANS[1]).unwrap();
    let filler = "triển khai ứng dụng công nghệ số trong quản lý và phục vụ người dân ".repeat(3);
    for i in 1..=24 {
        plan.push_str(&format!(
            "\n[[nhiem_vu]]\nid = \"dai-{i}\"\nten = \"dauhang{i}x {filler}cuoihang{i}x\"\n\
             chu_tri = \"ubnd\"\nphoi_hop = [\"vp\", \"vhxh\"]\n\
             ket_qua = \"Hoàn thành đúng tiến độ, bảo đảm chất lượng và hiệu quả\"\n\
             kinh_phi = 10\nthoi_gian = \"Quý IV/2025\"\n"
        ));
    }
    let path = dir.join("hang-cao.toml");
    std::fs::write(&path, plan).unwrap();
    path
}

fn table_rows_never_split_across_pages() {
    let dir = tempfile::tempdir().unwrap();
    let plan = tall_rows_plan(dir.path());
    let (_out_dir, out) = render(&plan, &[]);
    let pages = pages(&out.join("ke-hoach.pdf"));
    let mut page_breaks_seen = std::collections::BTreeSet::new();
    for i in 1..=24 {
        let start = page_of(&pages, &format!("dauhang{i}x")).expect("row start");
        let end = page_of(&pages, &format!("cuoihang{i}x")).expect("row end");
        assert_eq!(start, end, "row {i} split across pages {start} and {end}");
        page_breaks_seen.insert(start);
    }
    assert!(page_breaks_seen.len() > 1, "the rows fill more than a page");
    // DOCX: every task row is marked cantSplit; headings keep with next.
    let docx = out.join("ke-hoach.docx");
    let document = docx_part(&docx, "word/document.xml");
    for row in document
        .split("<w:tr>")
        .skip(1)
        .filter(|r| r.contains("dauhang"))
    {
        assert!(row.contains("<w:cantSplit"), "row without cantSplit: {row}");
    }
    let styles = docx_part(&docx, "word/styles.xml");
    for style in styles
        .split("<w:style ")
        .filter(|s| s.contains("w:styleId=\"Muc"))
    {
        assert!(
            style.contains("<w:keepNext"),
            "heading style without keepNext: {style}"
        );
    }
}
