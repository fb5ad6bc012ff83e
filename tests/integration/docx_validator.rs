//! Every kind of DOCX kehoach writes, read by Microsoft's own rules: the
//! validator in `../shared/tools/docxval` (Open XML SDK 3.5.1 with Office 365
//! rules, then the ISO/IEC 29500 Transitional schemas, a child-order lint and
//! package checks) must find nothing in any of them. Word is stricter than
//! LibreOffice; a file these layers reject can make Word ask to repair it.
//!
//! The validator is set up once per machine by its `setup.sh` (`.ci/run`
//! does it in CI); without it the test is ignored, or fails under
//! `KEHOACH_REQUIRE_TOOLS=1`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::*;
use crate::tools::{Tool, docx_validator_state};

tests! {
    every_docx_kehoach_writes_passes_microsofts_validator needs DocxValidator;
}

const PLAN: &str = "plans/quang-ngoc-2026.toml";

/// Runs `kehoach` and fails with its stderr unless it succeeds.
fn kehoach_ok(args: &[&str]) {
    let out = kehoach(args);
    assert!(
        out.status.success(),
        "kehoach {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A plan file in `dir` made from the Quảng Ngọc plan with `edit` applied.
fn edited_plan(dir: &Path, name: &str, edit: impl Fn(String) -> String) -> PathBuf {
    let text = std::fs::read_to_string(root().join(PLAN)).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, edit(text)).unwrap();
    path
}

/// Every `.docx` under `dir`.
fn docx_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            docx_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "docx") {
            found.push(path);
        }
    }
}

/// The robustness and injection fixtures: a draft, a signed plan, a word
/// longer than a line, and text with every kind of character that could
/// break the XML or the layout.
fn fixtures(dir: &Path) {
    edited_plan(dir, "du-thao.toml", |t| {
        t.replacen("[van_ban]\n", "[van_ban]\ndu_thao = true\n", 1)
    });
    edited_plan(dir, "da-ky.toml", |t| {
        t.replacen(
            "[van_ban]\n",
            "[van_ban]\ndu_thao = true\nso = 5\nngay = 2026-02-05\n",
            1,
        )
        .replacen("nam = 2026\n", "", 1)
    });
    let word = "A".repeat(5000);
    let nasty = concat!(
        r#"Điều khiển \u0007\u0001\u001b, không rộng \u200b\u2060\ufeff, tổ hợp e\u0301, "#,
        r#"ngược \u202e\u2067 שלום عربي \u202c, ]]> & <w:t> </w:p> &amp; \"' \\ "#,
        r#"\ud7ff \ue000 \U0001F600 \ufffd"#
    );
    edited_plan(dir, "tu-dai.toml", |t| {
        t.replacen(
            "can_cu = [\n",
            &format!("can_cu = [\n  \"Từ dài {word} hết\",\n  \"{nasty}\",\n"),
            1,
        )
        .replacen("trich_yeu = \"", &format!("trich_yeu = \"{nasty} "), 1)
    });
}

fn every_docx_kehoach_writes_passes_microsofts_validator() {
    let work = tempfile::tempdir().unwrap();
    let out = |name: &str| work.path().join(name).display().to_string();

    // Every bundled plan, whole and by parts.
    kehoach_ok(&[
        "render",
        "plans",
        "--format",
        "docx",
        "--out",
        &out("plans"),
    ]);
    for parts in ["ke-hoach", "phu-luc"] {
        kehoach_ok(&[
            "render",
            "plans",
            "--format",
            "docx",
            "--parts",
            parts,
            "--out",
            &out(&format!("parts-{parts}")),
        ]);
    }

    // Every starter of `kehoach new`, for a commune whose name needs escaping.
    let templates = String::from_utf8(kehoach(&["templates"]).stdout).unwrap();
    let kinds: Vec<&str> = templates
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .collect();
    assert!(kinds.len() >= 4, "{templates}");
    let starters = work.path().join("starters");
    std::fs::create_dir(&starters).unwrap();
    for kind in &kinds {
        let plan = starters.join(format!("{kind}.toml")).display().to_string();
        kehoach_ok(&[
            "new",
            kind,
            "--xa",
            "Hòa \"Bình\" \\ <Mới> & Co",
            "--nam",
            "2027",
            "--out",
            &plan,
        ]);
    }
    kehoach_ok(&[
        "render",
        &starters.display().to_string(),
        "--format",
        "docx",
        "--out",
        &out("starters-out"),
    ]);

    // The robustness and injection fixtures.
    let fixture_dir = work.path().join("fixtures");
    std::fs::create_dir(&fixture_dir).unwrap();
    fixtures(&fixture_dir);
    kehoach_ok(&[
        "render",
        &fixture_dir.display().to_string(),
        "--format",
        "docx",
        "--out",
        &out("fixtures-out"),
    ]);

    // Each distinct file once: `--parts` writes some files byte for byte
    // like a whole render does, and validating them twice only costs time.
    let mut found = Vec::new();
    docx_files(work.path(), &mut found);
    found.sort();
    let mut distinct: BTreeMap<Vec<u8>, PathBuf> = BTreeMap::new();
    for path in &found {
        distinct
            .entry(std::fs::read(path).unwrap())
            .or_insert_with(|| path.clone());
    }
    let files: Vec<&PathBuf> = distinct.values().collect();
    // 3 plans × 3 files, 4 starters, 3 fixtures, each at least a ke-hoach.
    assert!(found.len() >= 9 + 4 + 3, "{found:?}");

    note!("{} DOCX, {} distinct", found.len(), files.len());
    let result = Command::new("bash")
        .arg(Tool::DocxValidator.expect())
        .args(&files)
        .env("DOCXVAL_STATE", docx_validator_state())
        .output()
        .expect("bash runs the validator");
    let report = String::from_utf8_lossy(&result.stdout);
    let errors = String::from_utf8_lossy(&result.stderr);
    assert!(
        result.status.code() != Some(2),
        "the validator could not run: {errors}\n{report}"
    );
    // Both layers read every file.
    assert_eq!(
        report.matches(" error(s) [").count(),
        files.len(),
        "{report}"
    );
    assert_eq!(
        report.matches(" warning(s)").count(),
        files.len(),
        "{report}"
    );
    assert!(
        result.status.success(),
        "the validator found violations ({} files checked):\n{report}\n{errors}",
        files.len()
    );
}
