//! The JSON Schema as a clerk's editor uses it: taplo (the engine of VS Code's
//! Even Better TOML, npm package `@taplo/cli`) validates every real plan,
//! every starter `kehoach new` writes and the user guide's example against it,
//! rejects a wrong key, and agrees with the loader on generated plans.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::common::*;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

tests! {
    every_plan_and_the_guide_example_are_valid_against_the_schema needs Taplo;
    every_starter_points_at_the_schema_written_beside_it_and_is_valid needs Taplo;
    taplo_reports_a_wrong_key_a_wrong_type_and_a_wrong_value needs Taplo;
    the_schema_and_the_loader_agree_on_generated_plans needs Taplo;
}

/// Writes `kehoach schema` into `dir` and returns its path.
fn write_schema(dir: &Path) -> PathBuf {
    let out = kehoach(&["schema"]);
    assert!(out.status.success());
    let path = dir.join("ke-hoach.schema.json");
    std::fs::write(&path, &out.stdout).unwrap();
    path
}

/// `taplo check` on `files`, with `schema` or with each file's `#:schema`.
fn taplo(schema: Option<&Path>, files: &[PathBuf]) -> Output {
    let mut command = Command::new("taplo");
    command.arg("check");
    if let Some(schema) = schema {
        command
            .arg("--schema")
            .arg(format!("file://{}", schema.display()));
    }
    command
        .args(files)
        .env("RUST_LOG", "warn")
        .output()
        .expect("taplo runs")
}

fn report(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// The example plan of the user guide (its first TOML block).
fn guide_example() -> String {
    let guide = std::fs::read_to_string(root().join("docs/huong-dan.md")).unwrap();
    let start = guide.find("```toml\n").expect("a TOML example") + 8;
    let end = start + guide[start..].find("```").unwrap();
    guide[start..end].to_owned()
}

fn every_plan_and_the_guide_example_are_valid_against_the_schema() {
    let dir = tempfile::tempdir().unwrap();
    let schema = write_schema(dir.path());
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("plans"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert!(files.len() >= 3);
    let example = dir.path().join("vi-du-huong-dan.toml");
    std::fs::write(&example, guide_example()).unwrap();
    files.push(example);
    let out = taplo(Some(&schema), &files);
    assert!(out.status.success(), "{}", report(&out));
}

fn every_starter_points_at_the_schema_written_beside_it_and_is_valid() {
    let dir = tempfile::tempdir().unwrap();
    let kinds = kehoach::templates::Templates::embedded().kinds();
    assert!(kinds.contains(&"co-ban".to_owned()), "{kinds:?}");
    let mut files = Vec::new();
    for kind in &kinds {
        let path = dir.path().join(format!("{kind}.toml"));
        let out = kehoach(&[
            "new",
            kind,
            "--xa",
            "Hòa Bình",
            "--nam",
            "2027",
            "--out",
            &path.display().to_string(),
        ]);
        assert!(out.status.success(), "{}", report(&out));
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.starts_with("#:schema ./ke-hoach.schema.json\n"),
            "{kind}: {}",
            &text[..80]
        );
        files.push(path);
    }
    let beside = dir.path().join("ke-hoach.schema.json");
    assert_eq!(
        std::fs::read(&beside).unwrap(),
        kehoach(&["schema"]).stdout,
        "`kehoach new` writes the schema `kehoach schema` prints"
    );
    // No --schema: taplo follows each file's own `#:schema` line, as the
    // editor does.
    let out = taplo(None, &files);
    assert!(out.status.success(), "{}", report(&out));
}

fn taplo_reports_a_wrong_key_a_wrong_type_and_a_wrong_value() {
    let dir = tempfile::tempdir().unwrap();
    let schema = write_schema(dir.path());
    let example = guide_example();
    let cases = [
        ("trich_yeu = ", "trich_yue = ", "'trich_yue' was unexpected"),
        ("nam = 2026", "nam = \"2026\"", "is not of type \"integer\""),
        ("quyen_han = \"KT\"", "quyen_han = \"PCT\"", "\"PCT\""),
        (
            "chi_tieu_giao = { ty_le = 35.4 }",
            "chi_tieu_giao = { ty_le = 35.4, chu = \"≥ 35%\" }",
            "oneOf",
        ),
    ];
    for (from, to, expected) in cases {
        assert!(example.contains(from), "{from}");
        let path = dir.path().join("sai.toml");
        std::fs::write(&path, example.replacen(from, to, 1)).unwrap();
        let out = taplo(Some(&schema), std::slice::from_ref(&path));
        let text = report(&out);
        assert!(!out.status.success(), "taplo accepted {to}");
        assert!(text.contains(expected), "{to}: {text}");
    }
}

/// Edits of the user guide's example: each either keeps the plan loadable or
/// breaks its structure the way a clerk would.
#[derive(Debug, Clone)]
enum Edit {
    /// Drop a key (required or not).
    Remove(&'static str),
    /// Add a key the format does not have.
    Unknown(&'static str),
    /// Give a key a value of the wrong type.
    WrongType(&'static str, &'static str),
    /// Replace a line with another valid one.
    Valid(&'static str, &'static str),
}

const KEYS: [&str; 10] = [
    "loai = \"chi-tieu\"",
    "xa = \"Quảng Ngọc\"",
    "tinh = \"Thanh Hóa\"",
    "ky_hieu = \"KH-UBND\"",
    "trich_yeu = ",
    "don_vi_soan_thao = \"vhxh\"",
    "ho_ten = \"Lê Văn Trường\"",
    "chuc_vu = \"PHÓ CHỦ TỊCH\"",
    "viet_tat = \"VHXH\"",
    "ghi_chu = \"b/c\"",
];

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        proptest::sample::select(KEYS.to_vec()).prop_map(Edit::Remove),
        proptest::sample::select(vec!["[van_ban]", "[nguoi_ky]", "[[don_vi]]", "[[phan]]"])
            .prop_map(Edit::Unknown),
        proptest::sample::select(vec![
            ("nam = 2026", "nam = \"2026\""),
            ("ky_hieu = \"KH-UBND\"", "ky_hieu = 5"),
            ("phoi_hop = [\"vien-thong\"]", "phoi_hop = \"vien-thong\""),
            ("han = 2026-08-30", "han = 30"),
            ("ty_le = 35.4", "ty_le = \"35,4\""),
        ])
        .prop_map(|(a, b)| Edit::WrongType(a, b)),
        proptest::sample::select(vec![
            ("ty_le = 35.4", "toi_thieu = 85"),
            ("ty_le = 35.4", "tu = 2, den = 3, don_vi = \"đơn/năm\""),
            ("ty_le = 35.4", "chu = \"Khuyến khích\""),
            ("chu_tri = \"vhxh\"", "chu_tri = [\"vhxh\", \"vien-thong\"]"),
            ("han = 2026-08-30", "han = \"Thực hiện thường xuyên\""),
            ("quyen_han = \"KT\"", "quyen_han = \"TM\""),
            ("loai = \"chi-tieu\"\nten", "loai = \"moc\"\nten"),
            ("nam = 2026", "nam = 2026\nngay = 2026-01-24\nso = 28"),
        ])
        .prop_map(|(a, b)| Edit::Valid(a, b)),
    ]
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut text = text.to_owned();
    for edit in edits {
        text = match edit {
            Edit::Remove(key) => text
                .lines()
                .filter(|l| !l.starts_with(key))
                .collect::<Vec<_>>()
                .join("\n"),
            Edit::Unknown(table) => text.replacen(
                &format!("{table}\n"),
                &format!("{table}\nkhoa_la = \"x\"\n"),
                1,
            ),
            Edit::WrongType(from, to) | Edit::Valid(from, to) => text.replacen(from, to, 1),
        };
    }
    text
}

/// Plans the schema accepts load, and plans the loader reads pass the
/// schema. taplo runs once on all samples, so they are drawn up front with
/// proptest's generator (a fixed seed: the same samples on every run).
fn the_schema_and_the_loader_agree_on_generated_plans() {
    let dir = tempfile::tempdir().unwrap();
    let schema = write_schema(dir.path());
    let example = guide_example();
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &[11; 32]),
    );
    let strategy = proptest::collection::vec(edit(), 0..3);
    let mut samples = Vec::new();
    for i in 0..80 {
        let edits = strategy.new_tree(&mut runner).unwrap().current();
        let text = apply(&example, &edits);
        let path = dir.path().join(format!("mau-{i:03}.toml"));
        std::fs::write(&path, &text).unwrap();
        let (_, diagnostics) = kehoach::plan::parse(&text);
        let loads = !diagnostics
            .iter()
            .any(|d| d.severity == kehoach::diagnostic::Severity::Error);
        samples.push((path, edits, loads));
    }
    let files: Vec<PathBuf> = samples.iter().map(|s| s.0.clone()).collect();
    let out = taplo(Some(&schema), &files);
    let text = report(&out);
    let mut accepted_by_both = 0;
    let mut disagreements = Vec::new();
    for (path, edits, loads) in &samples {
        let invalid = text.contains(&format!("path=\"{}\"", path.display()));
        if *loads == invalid {
            disagreements.push(format!(
                "{}: loader {}, schema {}: {edits:?}",
                path.display(),
                if *loads { "reads it" } else { "rejects it" },
                if invalid { "rejects it" } else { "accepts it" },
            ));
        }
        if *loads && !invalid {
            accepted_by_both += 1;
        }
    }
    assert!(
        disagreements.is_empty(),
        "{}\n{text}",
        disagreements.join("\n")
    );
    // Both outcomes occur, so the comparison means something.
    assert!(
        accepted_by_both > 5 && accepted_by_both < samples.len() - 5,
        "{accepted_by_both}"
    );
}
