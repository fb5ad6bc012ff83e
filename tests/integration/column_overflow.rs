//! The widest set of documented indicator columns that still fits a
//! portrait page: every word of the table printed
//! whole and inside its own column — in our PDF and in LibreOffice's PDF of
//! the DOCX. Read back with `pdftotext -bbox`: a word crossing a column
//! boundary ran into its neighbour; a printed word that the appendix does
//! not contain was broken ("Mobi" + "Fone") or run into another.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::common::*;
use kehoach::doc::style::ND30;
use kehoach::doc::{Block, Orientation, Part, Table};

tests! {
    every_word_of_the_widest_portrait_indicator_table_stays_in_its_column needs Pdftotext, Soffice;
    twelve_columns_fit_a_landscape_page_and_are_warned_about_on_a_portrait_one needs Pdftotext;
}

/// Every documented indicator column but `phan_cong` (the same two units
/// as `chu_tri` + `phoi_hop` under one heading) and `van_ban_lien_quan`:
/// with it too, the columns' longest words no longer fit side by side.
const COLUMNS: &str = r#"["stt", "ten", "don_vi_tinh", "chi_tieu_giao", "ket_qua", "chu_tri", "phoi_hop", "phuong_phap", "huong_dan", "ghi_chu"]"#;

/// Every indicator column the format has.
const ALL_COLUMNS: &str = r#"["stt", "ten", "don_vi_tinh", "chi_tieu_giao", "ket_qua", "chu_tri", "phoi_hop", "phan_cong", "phuong_phap", "huong_dan", "van_ban_lien_quan", "ghi_chu"]"#;

/// Quảng Ngọc's plan (its units include "VNPT, Viettel, MobiFone") with
/// those columns on a portrait page.
fn write_plan(dir: &Path) -> PathBuf {
    write_plan_with(dir, COLUMNS, "ngang = false")
}

/// Quảng Ngọc's plan with `columns` and `page` (`ngang = …`, or nothing)
/// in its indicator appendix.
fn write_plan_with(dir: &Path, columns: &str, page: &str) -> PathBuf {
    let text = std::fs::read_to_string(root().join("plans/quang-ngoc-2026.toml")).unwrap();
    let chosen = "cot = [\"stt\", \"ten\", \"chi_tieu_giao\", \"chu_tri\", \"phoi_hop\", \"phuong_phap\", \"van_ban_lien_quan\"]\nngang = true";
    assert!(text.contains(chosen), "Quảng Ngọc's indicator appendix");
    let path = dir.join("cot-doc.toml");
    let plan = text.replace(chosen, &format!("cot = {columns}\n{page}"));
    std::fs::write(&path, plan).unwrap();
    path
}

/// The first appendix as composed: its page and table, and every word it
/// prints (heading and cells).
fn appendix(plan: &Path) -> (Orientation, Table, HashSet<String>) {
    let (orientation, table, words, warnings) = appendix_and_warnings(plan);
    assert!(
        warnings.is_empty(),
        "the columns fit a portrait page: {warnings:?}"
    );
    (orientation, table, words)
}

/// [`appendix`], with the composer's warnings.
fn appendix_and_warnings(
    plan: &Path,
) -> (
    Orientation,
    Table,
    HashSet<String>,
    Vec<kehoach::diagnostic::Diagnostic>,
) {
    let templates = kehoach::templates::Templates::embedded();
    let files = kehoach::plan::PlanFiles::single(kehoach::plan::load(plan));
    let report = kehoach::check::check(&files, &templates);
    let diagnostics = report.diagnostics().to_vec();
    let checked = report.plan.unwrap_or_else(|| panic!("{diagnostics:?}"));
    let composed = kehoach::compose::compose(&checked, &templates).unwrap();
    let Part {
        orientation,
        blocks,
    } = &composed.appendices[0].parts[0];
    let mut texts = Vec::new();
    let mut table = None;
    for block in blocks {
        match block {
            Block::AppendixHeading(h) => {
                texts.extend([h.label.clone(), h.title.clone(), h.reference.clone()]);
                texts.extend(h.caption.clone());
            }
            Block::Table(t) => {
                for row in t.header.iter().chain(&t.body) {
                    for cell in &row.cells {
                        for line in &cell.lines {
                            texts.push(line.iter().map(|i| i.text.as_str()).collect());
                        }
                    }
                }
                table = Some(t.clone());
            }
            _ => {}
        }
    }
    let words = texts
        .iter()
        .flat_map(|t| t.split_whitespace())
        .map(str::to_owned)
        .collect();
    (
        *orientation,
        table.expect("a table"),
        words,
        composed.warnings.clone(),
    )
}

/// A word as `pdftotext -bbox` places it (points, y downwards).
#[derive(Debug)]
struct Word {
    text: String,
    page: usize,
    x_min: f64,
    x_max: f64,
    y_min: f64,
}

fn attribute(line: &str, name: &str) -> f64 {
    let start = line.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
    let rest = &line[start..];
    rest[..rest.find('"').unwrap()].parse().unwrap()
}

fn bbox_words(pdf: &Path) -> (Vec<Word>, Vec<(f64, f64)>) {
    let out = run("pdftotext", &["-bbox", &pdf.display().to_string(), "-"]);
    let mut words = Vec::new();
    let mut pages = Vec::new();
    for line in out.lines().map(str::trim_start) {
        if line.starts_with("<page ") {
            pages.push((attribute(line, "width"), attribute(line, "height")));
        } else if line.starts_with("<word ") {
            let text = line.split('>').nth(1).unwrap().split('<').next().unwrap();
            let text = text
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&apos;", "'")
                .replace("&amp;", "&");
            words.push(Word {
                text,
                page: pages.len(),
                x_min: attribute(line, "xMin"),
                x_max: attribute(line, "xMax"),
                y_min: attribute(line, "yMin"),
            });
        }
    }
    (words, pages)
}

/// Checks one PDF of the appendix: portrait pages; below the top of the
/// repeated header ("STT") every word is one the appendix prints and lies
/// inside one column, the columns placed from the left margin by the
/// composed widths. `slack`: how far a renderer may place the table from
/// those lines (LibreOffice indents by its cell margin).
fn assert_words_inside_columns(pdf: &Path, table: &Table, words: &HashSet<String>, slack: f64) {
    assert_words_inside_columns_on(pdf, Orientation::Portrait, table, words, slack);
}

/// [`assert_words_inside_columns`] on pages turned as `orientation`.
fn assert_words_inside_columns_on(
    pdf: &Path,
    orientation: Orientation,
    table: &Table,
    words: &HashSet<String>,
    slack: f64,
) {
    let (printed, pages) = bbox_words(pdf);
    let portrait = orientation == Orientation::Portrait;
    assert!(
        pages.iter().all(|(w, h)| (w < h) == portrait),
        "{}: {orientation:?} pages {pages:?}",
        pdf.display()
    );
    let left = ND30.margins.left.points();
    let width = ND30.text_width(orientation).points();
    let total: f64 = table.widths.iter().map(|w| f64::from(*w)).sum();
    let mut edges = vec![left];
    for w in &table.widths {
        edges.push(edges.last().unwrap() + width * f64::from(*w) / total);
    }
    let mut checked = 0;
    for page in 1..=pages.len() {
        let on_page: Vec<&Word> = printed.iter().filter(|w| w.page == page).collect();
        let top = on_page
            .iter()
            .find(|w| w.text == "STT")
            .unwrap_or_else(|| panic!("{}: page {page} has the header", pdf.display()))
            .y_min;
        for word in on_page.iter().filter(|w| w.y_min >= top - 1.0) {
            assert!(
                words.contains(&word.text),
                "{}: page {page}: {:?} is not a word of the appendix (broken or run together)",
                pdf.display(),
                word.text
            );
            let inside = edges
                .windows(2)
                .any(|e| e[0] - slack <= word.x_min && word.x_max <= e[1] + slack);
            assert!(
                inside,
                "{}: page {page}: {:?} ({:.1}–{:.1}) crosses a column boundary {edges:.1?}",
                pdf.display(),
                word.text,
                word.x_min,
                word.x_max
            );
            checked += 1;
        }
    }
    assert!(
        printed.iter().any(|w| w.text == "MobiFone"),
        "{}: MobiFone printed whole",
        pdf.display()
    );
    assert!(checked > 500, "{}: only {checked} words", pdf.display());
}

fn every_word_of_the_widest_portrait_indicator_table_stays_in_its_column() {
    let dir = tempfile::tempdir().unwrap();
    let plan = write_plan(dir.path());
    let (orientation, table, words) = appendix(&plan);
    assert_eq!(orientation, Orientation::Portrait);
    assert_eq!(table.widths.len(), 10, "{:?}", table.widths);
    let (_out_dir, out) = render(&plan, &["--parts", "phu-luc"]);
    assert_words_inside_columns(&out.join("phu-luc-1.pdf"), &table, &words, 0.5);

    let converted = dir.path().join("lo");
    std::fs::create_dir_all(&converted).unwrap();
    libreoffice_pdf(&[out.join("phu-luc-1.docx")], &converted);
    assert_words_inside_columns(&converted.join("phu-luc-1.pdf"), &table, &words, 6.0);
}

/// All twelve indicator columns side by side are wider than a portrait
/// page even at their longest words. Left to choose, an indicator table is
/// landscape, and every word then stays in its column; held to
/// portrait (`ngang = false`), `check` says before anything is made that
/// words will run into the next cell. (Words ran over with no warning.)
fn twelve_columns_fit_a_landscape_page_and_are_warned_about_on_a_portrait_one() {
    let dir = tempfile::tempdir().unwrap();
    let plan = write_plan_with(dir.path(), ALL_COLUMNS, "");
    let (orientation, table, words, warnings) = appendix_and_warnings(&plan);
    assert_eq!(orientation, Orientation::Landscape, "{warnings:?}");
    assert!(!format!("{warnings:?}").contains("tràn"), "{warnings:?}");
    // `phan_cong` prints as two columns under one heading.
    assert_eq!(table.widths.len(), 13, "{:?}", table.widths);
    let (_out_dir, out) = render(&plan, &["--parts", "phu-luc"]);
    assert_words_inside_columns_on(&out.join("phu-luc-1.pdf"), orientation, &table, &words, 0.5);

    let portrait = write_plan_with(dir.path(), ALL_COLUMNS, "ngang = false");
    let run = kehoach(&["check", &portrait.display().to_string()]);
    assert!(run.status.success(), "warnings do not fail a check");
    let stderr = String::from_utf8_lossy(&run.stderr);
    let warning = stderr
        .lines()
        .find(|l| l.starts_with("cảnh báo: Phụ lục I"))
        .unwrap_or_else(|| panic!("check warns about Phụ lục I: {stderr}"));
    assert!(warning.contains("chữ sẽ tràn sang ô bên cạnh"), "{warning}");
    assert!(stderr.contains("bỏ `ngang = false`"), "{stderr}");
}
