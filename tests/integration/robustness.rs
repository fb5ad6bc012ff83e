//! Never wrong, never lost: failed runs keep yesterday's files, drafts are
//! marked and signed plans never are, PDF/A carries its conformance, and no
//! user text can break out of the page.

use std::path::{Path, PathBuf};

use crate::common::*;

tests! {
    a_render_that_fails_part_way_keeps_yesterdays_files;
    an_unwritable_output_folder_is_a_clear_error;
    an_invalid_plan_writes_nothing_and_keeps_old_files;
    drafts_are_marked_and_signed_plans_never_are needs Pdftotext;
    pdf_a_2b_carries_its_conformance needs Pdfinfo, Qpdf;
    no_text_runs_off_the_page needs Pdftotext;
    a_batch_renders_every_good_plan_and_reports_each_bad_one;
}

const PLAN: &str = "plans/quang-ngoc-2026.toml";

/// Every file of a folder and its sub-folders (the kept plan versions in
/// `.kehoach/`) with its bytes, sorted by name.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    for path in std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()) {
        if path.is_dir() {
            files.extend(snapshot(&path));
        } else {
            let bytes = std::fs::read(&path).unwrap();
            files.push((path, bytes));
        }
    }
    files.sort();
    files
}

/// A plan file in `dir` made from the Quảng Ngọc plan with `edit` applied.
fn edited_plan(dir: &Path, name: &str, edit: impl Fn(String) -> String) -> PathBuf {
    let text = std::fs::read_to_string(root().join(PLAN)).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, edit(text)).unwrap();
    path
}

fn a_render_that_fails_part_way_keeps_yesterdays_files() {
    let (out_dir, out) = render(Path::new(PLAN), &[]);
    let before = snapshot(&out);
    assert_eq!(
        before.len(),
        8,
        "3 PDFs, 3 DOCX, the manifest and the plan version they were made from"
    );

    // Inject a failure: a template of the plan's kind that cannot run.
    let templates = tempfile::tempdir().unwrap();
    let broken = templates
        .path()
        .join("chi-tieu/khoi/to-chuc-thuc-hien.md.j2");
    std::fs::create_dir_all(broken.parent().unwrap()).unwrap();
    std::fs::write(&broken, "# Tổ chức\n{% if %}\n").unwrap();
    let result = kehoach(&[
        "--templates",
        &templates.path().display().to_string(),
        "render",
        PLAN,
        "--out",
        &out_dir.path().display().to_string(),
    ]);
    assert_eq!(result.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(
        stderr.contains("to-chuc-thuc-hien.md.j2:2"),
        "names file and line: {stderr}"
    );
    assert!(stderr.contains("lỗi mẫu"), "{stderr}");
    assert_eq!(
        snapshot(&out),
        before,
        "previous outputs intact, nothing else left"
    );
}

fn an_unwritable_output_folder_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    // A file where the plan's output folder should be.
    std::fs::write(dir.path().join("quang-ngoc-2026"), b"").unwrap();
    let result = kehoach(&["render", PLAN, "--out", &dir.path().display().to_string()]);
    assert_eq!(result.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(stderr.contains("không ghi được kết quả"), "{stderr}");
    assert!(!stderr.contains("panicked"));
}

fn an_invalid_plan_writes_nothing_and_keeps_old_files() {
    let (out_dir, out) = render(Path::new(PLAN), &[]);
    let before = snapshot(&out);
    let plans = tempfile::tempdir().unwrap();
    let bad = edited_plan(plans.path(), "quang-ngoc-2026.toml", |t| {
        t.replace("ty_le = 35.4", "ty_le = 135.4")
    });
    let result = kehoach(&[
        "render",
        &bad.display().to_string(),
        "--out",
        &out_dir.path().display().to_string(),
    ]);
    assert_eq!(result.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&result.stderr).contains("vượt quá 100%"));
    assert_eq!(snapshot(&out), before);
}

fn drafts_are_marked_and_signed_plans_never_are() {
    let dir = tempfile::tempdir().unwrap();
    let draft = edited_plan(dir.path(), "du-thao.toml", |t| {
        t.replacen("[van_ban]\n", "[van_ban]\ndu_thao = true\n", 1)
    });
    let (_a, out) = render(&draft, &["--parts", "ke-hoach"]);
    let text = normalise(&pdf_text(&out.join("ke-hoach.pdf"), Some((1, 1))));
    assert!(text.contains("DỰ THẢO"), "{text}");
    let docx = std::fs::File::open(out.join("ke-hoach.docx")).unwrap();
    let mut archive = zip::ZipArchive::new(docx).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    assert!(xml.contains("DỰ THẢO"), "the DOCX is marked too");

    let signed = edited_plan(dir.path(), "da-ky.toml", |t| {
        t.replacen(
            "[van_ban]\n",
            "[van_ban]\ndu_thao = true\nso = 5\nngay = 2026-02-05\n",
            1,
        )
        .replacen("nam = 2026\n", "", 1)
    });
    let (_b, out) = render(&signed, &["--parts", "ke-hoach"]);
    let text = normalise(&pdf_text(&out.join("ke-hoach.pdf"), None));
    assert!(!text.contains("DỰ THẢO"), "a signed plan is never a draft");
    // Number and date filled in, with the leading zeros of Nghị định 30.
    assert!(text.contains("Số: 05/KH-UBND"), "{text}");
    assert!(
        text.contains("Quảng Ngọc, ngày 05 tháng 02 năm 2026"),
        "{text}"
    );
    assert!(
        text.contains("(Kèm theo Kế hoạch số 05/KH-UBND ngày 05/02/2026 của UBND xã Quảng Ngọc)")
    );
}

fn pdf_a_2b_carries_its_conformance() {
    let (_dir, out) = render(
        Path::new(PLAN),
        &["--pdf-standard", "a-2b", "--format", "pdf"],
    );
    let pdf = out.join("ke-hoach.pdf").display().to_string();
    let meta = run("pdfinfo", &["-meta", &pdf]);
    assert!(meta.contains("<pdfaid:part>2</pdfaid:part>"), "{meta}");
    assert!(
        meta.contains("<pdfaid:conformance>B</pdfaid:conformance>"),
        "{meta}"
    );
    let info = run("pdfinfo", &[&pdf]);
    assert!(
        info.contains("Author:          UBND xã Quảng Ngọc"),
        "{info}"
    );
    assert!(
        info.contains("Title:           Thực hiện các chỉ tiêu"),
        "{info}"
    );
    assert!(run("qpdf", &["--check", &pdf]).contains("No syntax or stream encoding errors"));
}

fn no_text_runs_off_the_page() {
    let word = "A".repeat(5000);
    let dir = tempfile::tempdir().unwrap();
    let plan = edited_plan(dir.path(), "tu-dai.toml", |t| {
        t.replacen(
            "can_cu = [\n",
            &format!("can_cu = [\n  \"Từ dài {word} hết\",\n  \"Điều khiển \\u0007, không rộng \\u200b, tổ hợp e\\u0301, ]]> & <w:t>\",\n"),
            1,
        )
    });
    let (_out_dir, out) = render(&plan, &["--parts", "ke-hoach"]);
    let pdf = out.join("ke-hoach.pdf");
    // Every line of text stays inside the page: pdftotext -bbox gives each
    // word's box; none may pass the right margin (595 pt minus 15 mm), but
    // for the few points punctuation may hang out (typst's overhang).
    let boxes = run("pdftotext", &["-bbox", &pdf.display().to_string(), "-"]);
    let attribute = |line: &str, name: &str| -> f64 {
        line.split(&format!("{name}=\""))
            .nth(1)
            .and_then(|r| r.split('"').next())
            .and_then(|v| v.parse().ok())
            .unwrap()
    };
    let mut page_width = 0.0;
    for line in boxes.lines() {
        if line.contains("<page ") {
            page_width = attribute(line, "width");
        } else if line.contains("<word ") {
            let x_max = attribute(line, "xMax");
            assert!(
                x_max <= page_width - 42.5 + 5.0,
                "text past the margin: {line}"
            );
        }
    }
    let text: String = pdf_text(&pdf, None)
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{200B}')
        .collect();
    // The word spans pages, so page numbers fall inside it; all else is A.
    let start = text.find("Từdài").expect("the long word's start") + "Từdài".len();
    let end = start + text[start..].find("hết").expect("the long word's end");
    let letters: String = text[start..end]
        .chars()
        .filter(|c| !c.is_ascii_digit())
        .collect();
    assert_eq!(letters, word, "the long word prints whole");
    assert!(text.contains("]]>&<w:t>"), "XML specials print literally");
    // The DOCX is well-formed and holds the same words.
    let docx = out.join("ke-hoach.docx");
    let file = std::fs::File::open(&docx).unwrap();
    let mut archive = zip::ZipArchive::new(file).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    assert!(
        xml.contains("]]&gt;") && xml.contains("&amp; &lt;w:t&gt;"),
        "escaped once"
    );
    assert!(!xml.contains('\u{7}'), "no control characters in XML");
}

fn a_batch_renders_every_good_plan_and_reports_each_bad_one() {
    let plans = tempfile::tempdir().unwrap();
    for name in ["xa-mot.toml", "xa-hai.toml", "xa-ba.toml"] {
        edited_plan(plans.path(), name, |t| t);
    }
    edited_plan(plans.path(), "xa-loi.toml", |t| {
        t.replace("ty_le = 35.4", "ty_le = 135.4")
    });
    let out = tempfile::tempdir().unwrap();
    // A folder stands for the plans in it.
    let result = kehoach(&[
        "render",
        &plans.path().display().to_string(),
        "--out",
        &out.path().display().to_string(),
        "--format",
        "pdf",
    ]);
    assert_eq!(result.status.code(), Some(1), "one plan was invalid");
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(stderr.contains("xa-loi.toml"), "{stderr}");
    assert!(stderr.contains("vượt quá 100%"), "{stderr}");
    for good in ["xa-mot", "xa-hai", "xa-ba"] {
        assert!(
            out.path().join(good).join("ke-hoach.pdf").is_file(),
            "{good} rendered"
        );
    }
    assert!(!out.path().join("xa-loi").exists());
    let stdout = String::from_utf8_lossy(&result.stdout);
    assert!(stdout.contains("đã dựng 3/4 kế hoạch"), "{stdout}");
    // Not a terminal: no progress bar drawn into the output.
    assert!(!stdout.contains("kế hoạch · còn") && !stderr.contains("kế hoạch · còn"));
}
