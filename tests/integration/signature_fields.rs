//! Signature-ready PDF: the two empty signature fields sit where ND30 puts
//! the signature and seal images (read back with qpdf and poppler), and a
//! real signing tool (pyHanko) signs them one after the other, as a leader
//! and then the office would.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::*;
use crate::tools::Tool;
use serde_json::Value;

tests! {
    fields_sit_between_the_position_line_and_the_name_on_its_page needs Pdftotext, Qpdf;
    widgets_are_pdf_a_friendly_and_print_nothing needs Pdftotext, Qpdf;
    khong_o_ky_leaves_typst_output_as_is_and_fields_are_an_appended_update needs Qpdf;
    pyhanko_signs_leader_then_office needs Pdfinfo, Qpdf, Pyhanko;
    pyhanko_signs_a_pdf_a_2b_and_it_stays_pdf_a needs Pdfinfo, Qpdf, Pyhanko;
    the_signing_guide_example_runs_as_written needs Pyhanko, PyhankoCli;
}

/// A plan signed "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH", its block on a late page.
const QUANG_NGOC: &str = "plans/quang-ngoc-2026.toml";
/// A plan signed by the chairman himself ("CHỦ TỊCH").
const HA_LONG: &str = "plans/ha-long-2025.toml";

/// A field as qpdf reads it.
#[derive(Debug)]
struct Field {
    name: String,
    /// From 1.
    page: usize,
    /// `[left, bottom, right, top]`, PDF points.
    rect: [f64; 4],
    widget: serde_json::Map<String, Value>,
}

fn qpdf_json(pdf: &Path) -> Value {
    let text = run("qpdf", &["--json", &pdf.display().to_string()]);
    serde_json::from_str(&text).expect("qpdf writes JSON")
}

/// The AcroForm fields of `pdf`, in the order of `/Fields`.
fn fields(pdf: &Path) -> Vec<Field> {
    let json = qpdf_json(pdf);
    let objects = &json["qpdf"][1];
    let Some(fields) = json["acroform"]["fields"].as_array() else {
        return Vec::new();
    };
    fields
        .iter()
        .map(|f| {
            let object = f["object"].as_str().unwrap();
            let widget = objects[format!("obj:{object}")]["value"]
                .as_object()
                .unwrap()
                .clone();
            let rect: Vec<f64> = widget["/Rect"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_f64().unwrap())
                .collect();
            Field {
                name: f["fullname"].as_str().unwrap().to_owned(),
                page: usize::try_from(f["pageposfrom1"].as_u64().unwrap()).unwrap(),
                rect: [rect[0], rect[1], rect[2], rect[3]],
                widget,
            }
        })
        .collect()
}

/// A word on a page, as `pdftotext -bbox` reads it (points from the top left).
#[derive(Debug, Clone)]
struct Word {
    text: String,
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

fn attribute(tag: &str, name: &str) -> f64 {
    let start = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
    let end = start + tag[start..].find('"').unwrap();
    tag[start..end].parse().unwrap()
}

/// The words of each page, and the page heights.
fn words(pdf: &Path) -> Vec<(f64, Vec<Word>)> {
    let html = run("pdftotext", &["-bbox", &pdf.display().to_string(), "-"]);
    let mut pages = Vec::new();
    for page in html.split("<page ").skip(1) {
        let height = attribute(page, "height");
        let mut list = Vec::new();
        for word in page.split("<word ").skip(1) {
            let (tag, rest) = word.split_once('>').unwrap();
            let text = rest.split("</word>").next().unwrap().to_owned();
            list.push(Word {
                text,
                x0: attribute(tag, "xMin"),
                y0: attribute(tag, "yMin"),
                x1: attribute(tag, "xMax"),
                y1: attribute(tag, "yMax"),
            });
        }
        pages.push((height, list));
    }
    pages
}

/// Where the signer's name and the position line above it were printed.
struct Block {
    /// From 1.
    page: usize,
    height: f64,
    /// The name's line: left, top, right.
    name: (f64, f64, f64),
    /// The bottom of the position line, and its centre.
    position_bottom: f64,
    position_centre: f64,
}

/// Finds the line `name` in the right half of a page, and the position
/// line ending in "TỊCH" just above it.
fn signature_block(pdf: &Path, name: &str) -> Block {
    let pages = words(pdf);
    let last = name.split_whitespace().last().unwrap();
    for (index, (height, list)) in pages.iter().enumerate() {
        let width_half = 595.0 / 2.0;
        let Some(anchor) = list.iter().find(|w| w.text == last && w.x0 > width_half) else {
            continue;
        };
        let line: Vec<&Word> = list
            .iter()
            .filter(|w| (w.y0 - anchor.y0).abs() < 1.0 && w.x0 > width_half - 20.0)
            .collect();
        let text: Vec<&str> = line.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(text.join(" "), name, "the name's line");
        let left = line.iter().map(|w| w.x0).fold(f64::MAX, f64::min);
        let right = line.iter().map(|w| w.x1).fold(f64::MIN, f64::max);
        let position = list
            .iter()
            .filter(|w| w.text == "TỊCH" && w.y1 < anchor.y0 && w.x0 > width_half)
            .max_by(|a, b| a.y1.total_cmp(&b.y1))
            .expect("a position line above the name");
        let position_line: Vec<&Word> = list
            .iter()
            .filter(|w| (w.y0 - position.y0).abs() < 1.0 && w.x0 > width_half - 20.0)
            .collect();
        let p_left = position_line.iter().map(|w| w.x0).fold(f64::MAX, f64::min);
        let p_right = position_line.iter().map(|w| w.x1).fold(f64::MIN, f64::max);
        return Block {
            page: index + 1,
            height: *height,
            name: (left, anchor.y0, right),
            position_bottom: position.y1,
            position_centre: (p_left + p_right) / 2.0,
        };
    }
    panic!("{name:?} not found in {}", pdf.display());
}

fn render_pdf(plan: &str, extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let mut args = vec!["--format", "pdf"];
    args.extend_from_slice(extra);
    render(Path::new(plan), &args)
}

fn assert_fields_in_the_room(pdf: &Path, name: &str) -> usize {
    let found = fields(pdf);
    let names: Vec<&str> = found.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["ky-nguoi-ky", "ky-co-quan"], "{}", pdf.display());
    let block = signature_block(pdf, name);
    let (signer, seal) = (&found[0], &found[1]);
    assert_eq!(
        signer.page, block.page,
        "the signer's field follows the block"
    );
    assert_eq!(seal.page, block.page);
    // From the top, like pdftotext: the field lies between the two lines.
    let top = block.height - signer.rect[3];
    let bottom = block.height - signer.rect[1];
    assert!(
        top >= block.position_bottom,
        "field top {top:.1} above the position line's bottom {:.1}",
        block.position_bottom
    );
    assert!(
        bottom <= block.name.1,
        "field bottom {bottom:.1} below the name's top {:.1}",
        block.name.1
    );
    assert!(bottom - top > 50.0, "room for a signature image");
    let centre = f64::midpoint(signer.rect[0], signer.rect[2]);
    let name_centre = f64::midpoint(block.name.0, block.name.2);
    assert!((centre - name_centre).abs() < 3.0, "centred under the name");
    assert!((centre - block.position_centre).abs() < 3.0);
    // The seal overlaps the left part of the signature, about a third.
    let width = signer.rect[2] - signer.rect[0];
    let overlap = (seal.rect[2] - signer.rect[0]) / width;
    assert!((0.25..=0.5).contains(&overlap), "seal covers {overlap:.2}");
    assert!(seal.rect[0] < signer.rect[0]);
    let seal_size = seal.rect[2] - seal.rect[0];
    assert!((seal_size - 35.0 * 72.0 / 25.4).abs() < 0.1, "35 mm seal");
    block.page
}

fn fields_sit_between_the_position_line_and_the_name_on_its_page() {
    let (_a, quang_ngoc) = render_pdf(QUANG_NGOC, &["--parts", "ke-hoach"]);
    let page_a = assert_fields_in_the_room(&quang_ngoc.join("ke-hoach.pdf"), "Lê Văn Trường");
    let (_b, ha_long) = render_pdf(HA_LONG, &["--parts", "ke-hoach"]);
    let page_b = assert_fields_in_the_room(&ha_long.join("ke-hoach.pdf"), "Hoàng Anh Tuấn");
    // Read from the layout, not fixed: the two blocks are on other pages.
    assert_ne!(page_a, page_b);
}

fn widgets_are_pdf_a_friendly_and_print_nothing() {
    let (_dir, out) = render_pdf(
        QUANG_NGOC,
        &["--parts", "ke-hoach", "--pdf-standard", "a-2b"],
    );
    let pdf = out.join("ke-hoach.pdf");
    assert_fields_in_the_room(&pdf, "Lê Văn Trường");
    let json = qpdf_json(&pdf);
    let objects = &json["qpdf"][1];
    for field in fields(&pdf) {
        let w = &field.widget;
        assert_eq!(w["/FT"], "/Sig");
        assert_eq!(w["/Subtype"], "/Widget");
        // PDF/A-2: printable, never hidden; only a normal appearance.
        assert_eq!(w["/F"], 4);
        let ap = w["/AP"].as_object().unwrap();
        assert_eq!(ap.keys().collect::<Vec<_>>(), ["/N"]);
        let stream = &objects[format!("obj:{}", ap["/N"].as_str().unwrap())]["stream"];
        assert_eq!(stream["dict"]["/Length"], 0, "an empty appearance");
        for key in ["/A", "/AA", "/V", "/JS"] {
            assert!(!w.contains_key(key), "{key} in {}", field.name);
        }
    }
    let acroform = &json["acroform"];
    assert_eq!(acroform["needappearances"], false);
    // Nothing is drawn: the text of the page is what it was without fields.
    let (_plain_dir, plain) = render_pdf(
        QUANG_NGOC,
        &[
            "--parts",
            "ke-hoach",
            "--pdf-standard",
            "a-2b",
            "--khong-o-ky",
        ],
    );
    assert_eq!(
        pdf_text(&pdf, None),
        pdf_text(&plain.join("ke-hoach.pdf"), None)
    );
    assert!(
        run("qpdf", &["--check", &pdf.display().to_string()])
            .contains("No syntax or stream encoding errors")
    );
    let meta = run("pdfinfo", &["-meta", &pdf.display().to_string()]);
    assert!(meta.contains("pdfaid:part"), "PDF/A identification");
}

fn khong_o_ky_leaves_typst_output_as_is_and_fields_are_an_appended_update() {
    let (_a, with) = render_pdf(QUANG_NGOC, &[]);
    let (_b, without) = render_pdf(QUANG_NGOC, &["--khong-o-ky"]);
    let (_c, alias) = render_pdf(QUANG_NGOC, &["--no-signature-fields"]);
    let with_bytes = std::fs::read(with.join("ke-hoach.pdf")).unwrap();
    let without_bytes = std::fs::read(without.join("ke-hoach.pdf")).unwrap();
    assert_eq!(
        without_bytes,
        std::fs::read(alias.join("ke-hoach.pdf")).unwrap()
    );
    assert!(fields(&without.join("ke-hoach.pdf")).is_empty());
    assert_eq!(
        qpdf_json(&without.join("ke-hoach.pdf"))["acroform"]["hasacroform"],
        false
    );
    // The fields are one update after typst's bytes, which stay untouched.
    assert!(with_bytes.len() > without_bytes.len());
    assert!(with_bytes.starts_with(&without_bytes));
    // An appendix alone has no signature block, so no fields.
    assert!(fields(&with.join("phu-luc-1.pdf")).is_empty());
    assert_eq!(
        std::fs::read(with.join("phu-luc-1.pdf")).unwrap(),
        std::fs::read(without.join("phu-luc-1.pdf")).unwrap()
    );
    // Same plan, same bytes, fields included.
    let (_d, again) = render_pdf(QUANG_NGOC, &[]);
    assert_eq!(
        with_bytes,
        std::fs::read(again.join("ke-hoach.pdf")).unwrap()
    );
}

/// Signs `pdf` with tests/sign_pdf.py: leader, then office. Returns the
/// script's report and the two signed files.
fn sign_twice(python: &Path, pdf: &Path, work: &Path) -> (Value, PathBuf, PathBuf) {
    let script = root().join("tests/sign_pdf.py");
    let out = Command::new(python)
        .arg(&script)
        .arg(pdf)
        .arg(work)
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "signing failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).expect("the script prints JSON");
    (report, work.join("ky-1.pdf"), work.join("ky-2.pdf"))
}

fn signs_like_an_office(standard: &str) {
    let python = Tool::Pyhanko.expect();
    let (dir, out) = render_pdf(
        QUANG_NGOC,
        &["--parts", "ke-hoach", "--pdf-standard", standard],
    );
    let original_path = out.join("ke-hoach.pdf");
    let (report, first, second) = sign_twice(python, &original_path, &dir.path().join("ky"));
    let signatures = report["signatures"].as_array().unwrap();
    let names: Vec<&str> = signatures
        .iter()
        .map(|s| s["field"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["ky-nguoi-ky", "ky-co-quan"]);
    for s in signatures {
        for check in ["intact", "valid", "trusted", "bottom_line"] {
            assert_eq!(s[check], true, "{check} for {}: {report}", s["field"]);
        }
    }
    // The leader's signature covers its revision; the office's, the file.
    assert_eq!(signatures[0]["coverage"], "ENTIRE_REVISION");
    assert_eq!(signatures[1]["coverage"], "ENTIRE_FILE");
    // Each step only appends: kehoach's file is the first revision, intact.
    let original = std::fs::read(&original_path).unwrap();
    let first = std::fs::read(first).unwrap();
    let second_bytes = std::fs::read(&second).unwrap();
    assert!(first.starts_with(&original), "signing kept kehoach's bytes");
    assert!(
        second_bytes.starts_with(&first),
        "the seal kept the signature"
    );
    let second = second.display().to_string();
    assert!(run("qpdf", &["--check", &second]).contains("No syntax or stream encoding errors"));
    // Both fields now carry a signature value.
    let json = qpdf_json(Path::new(&second));
    for field in json["acroform"]["fields"].as_array().unwrap() {
        assert!(field["value"].as_str().is_some_and(|v| v.ends_with(" R")));
    }
    if standard == "a-2b" {
        let meta = run("pdfinfo", &["-meta", &second]);
        let squeezed: String = meta.split_whitespace().collect();
        assert!(
            squeezed.contains("pdfaid:part>2<") || squeezed.contains("pdfaid:part=\"2\""),
            "PDF/A part 2 after signing: {meta}"
        );
        assert!(
            squeezed.contains("pdfaid:conformance>B<")
                || squeezed.contains("pdfaid:conformance=\"B\""),
            "PDF/A conformance B after signing"
        );
    }
}

fn pyhanko_signs_leader_then_office() {
    signs_like_an_office("thuong");
}

fn pyhanko_signs_a_pdf_a_2b_and_it_stays_pdf_a() {
    signs_like_an_office("a-2b");
}

/// The two-step pyHanko example of the signing guide (docs/ky-so.md), run
/// as written (its `pyhanko` lines), on files laid out as it expects.
fn the_signing_guide_example_runs_as_written() {
    let python = Tool::Pyhanko.expect();
    let cli = Tool::PyhankoCli.expect();
    let guide = std::fs::read_to_string(root().join("docs/ky-so.md")).unwrap();
    let example = guide
        .split("**Ví dụ ký hai bước với pyHanko**")
        .nth(1)
        .and_then(|rest| rest.split("```sh\n").nth(1))
        .and_then(|block| block.split("```").next())
        .expect("the pyHanko example of docs/ky-so.md");
    let commands: Vec<String> = example
        .replace("\\\n", " ")
        .lines()
        .filter(|l| l.starts_with("pyhanko "))
        .map(|l| l.replacen("pyhanko", &cli.display().to_string(), 1))
        .collect();
    assert_eq!(commands.len(), 3, "sign, sign, validate");

    let (dir, out) = render_pdf(
        QUANG_NGOC,
        &["--parts", "ke-hoach", "--pdf-standard", "a-2b"],
    );
    let work = dir.path();
    std::fs::create_dir_all(work.join("out/quang-ngoc-2026")).unwrap();
    std::fs::copy(
        out.join("ke-hoach.pdf"),
        work.join("out/quang-ngoc-2026/ke-hoach.pdf"),
    )
    .unwrap();
    sign_twice(
        python,
        &work.join("out/quang-ngoc-2026/ke-hoach.pdf"),
        &work.join("thu-ky"),
    );
    let mut last = String::new();
    for command in &commands {
        let result = Command::new("sh")
            .args(["-c", command])
            .current_dir(work)
            .output()
            .unwrap();
        assert!(
            result.status.success(),
            "{command}: {}",
            String::from_utf8_lossy(&result.stderr)
        );
        last = String::from_utf8_lossy(&result.stdout).into_owned();
    }
    assert_eq!(
        last.matches("The signature is judged VALID.").count(),
        2,
        "{last}"
    );
    for field in ["ky-nguoi-ky", "ky-co-quan"] {
        assert!(last.contains(field), "{field} in {last}");
    }
}
