//! Plan kinds as templates, and `kehoach new`: every kind that `kehoach
//! templates` lists starts a plan for a new commune that checks (with
//! warnings for the values left to fill), renders, and carries the
//! commune's name everywhere it belongs; `--templates` overrides one file;
//! a broken template fails cleanly; `new` never overwrites by accident.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::common::*;

tests! {
    kehoach_templates_lists_the_four_kinds_of_the_seeds;
    every_kind_starts_a_plan_that_checks_and_renders_with_the_communes_name needs Pdftotext;
    check_points_at_each_value_left_to_fill;
    a_template_folder_overrides_a_single_file needs Pdftotext;
    a_broken_template_fails_render_with_its_file_and_line_and_writes_nothing;
    new_refuses_to_overwrite_unless_asked;
    a_commune_name_with_quotes_and_backslashes_yields_valid_toml needs Pdftotext;
    an_unknown_kind_is_a_usage_error_that_lists_the_kinds;
    the_default_file_is_named_after_the_commune_and_year;
    every_embedded_kind_starts_a_plan_that_checks_without_errors;
}

const XA: &str = "Hòa Bình Test";

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The kinds as `kehoach templates` lists them: the first word of each line.
fn listed_kinds() -> Vec<String> {
    let out = kehoach(&["templates"]);
    assert!(out.status.success(), "{}", stderr(&out));
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
        .collect()
}

/// `kehoach new KIND --xa XA …` into `dir/<kind>.toml`; returns the path.
fn new_plan(dir: &Path, kind: &str, xa: &str) -> PathBuf {
    let path = dir.join(format!("{kind}.toml"));
    let out = kehoach(&[
        "new",
        kind,
        "--xa",
        xa,
        "--tinh",
        "Thanh Hóa",
        "--nam",
        "2027",
        "--out",
        path.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "new {kind}: {}", stderr(&out));
    path
}

fn plan_table(path: &Path) -> toml::Table {
    std::fs::read_to_string(path)
        .unwrap()
        .parse()
        .expect("the starter is valid TOML")
}

fn kehoach_templates_lists_the_four_kinds_of_the_seeds() {
    let kinds = listed_kinds();
    for kind in ["chi-tieu", "thi-dua", "phat-trien", "hanh-dong"] {
        assert!(kinds.iter().any(|k| k == kind), "{kind} missing: {kinds:?}");
    }
    assert!(!kinds.iter().any(|k| k == "chung"), "{kinds:?}");
}

fn every_kind_starts_a_plan_that_checks_and_renders_with_the_communes_name() {
    let dir = tempfile::tempdir().unwrap();
    let kinds = listed_kinds();
    assert!(!kinds.is_empty());
    for kind in &kinds {
        let path = new_plan(dir.path(), kind, XA);
        let table = plan_table(&path);
        let header = table["van_ban"].as_table().unwrap();
        assert_eq!(header["loai"].as_str(), Some(kind.as_str()));
        assert_eq!(header["xa"].as_str(), Some(XA));
        assert_eq!(header["du_thao"].as_bool(), Some(true), "{kind}");

        // Values left to fill are warnings: check succeeds.
        let checked = kehoach(&["check", path.to_str().unwrap()]);
        assert!(
            checked.status.success(),
            "check {kind} failed: {}",
            stderr(&checked)
        );
        assert!(
            stderr(&checked).contains("cảnh báo: ") && stderr(&checked).contains("chưa điền"),
            "{kind}: placeholders are reported"
        );
        assert!(!stderr(&checked).contains("lỗi:"), "{}", stderr(&checked));

        let (_out, folder) = render(&path, &[]);
        let appendices = table
            .get("phu_luc")
            .and_then(|p| p.as_array())
            .map_or(0, Vec::len);
        for n in 1..=appendices {
            assert!(
                folder.join(format!("phu-luc-{n}.pdf")).is_file(),
                "{kind}: phu-luc-{n}.pdf"
            );
        }
        let text = normalise(&pdf_text(&folder.join("ke-hoach.pdf"), None));
        let excerpt = normalise(header["trich_yeu"].as_str().unwrap());
        for expected in [
            "DỰ THẢO",
            "XÃ HÒA BÌNH TEST",
            "Hòa Bình Test, ngày",
            excerpt.as_str(),
            "./.",
        ] {
            assert!(text.contains(expected), "{kind}: missing {expected:?}");
        }
        assert_eq!(
            text.matches("của UBND xã Hòa Bình Test)").count(),
            appendices,
            "{kind}: one \"Kèm theo\" line per appendix"
        );
        for n in 1..=appendices {
            let alone = normalise(&pdf_text(&folder.join(format!("phu-luc-{n}.pdf")), None));
            assert!(
                alone.contains("của UBND xã Hòa Bình Test)"),
                "{kind}: phu-luc-{n}"
            );
        }
        assert!(!text.contains("{{"), "{kind}: template syntax leaked");
    }
}

fn check_points_at_each_value_left_to_fill() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_plan(dir.path(), "chi-tieu", XA);
    let text = std::fs::read_to_string(&path).unwrap();
    let line = text
        .lines()
        .position(|l| l.starts_with("ho_ten = \"(điền họ tên người ký)\""))
        .expect("the signer is left to fill")
        + 1;
    let out = kehoach(&["check", path.to_str().unwrap()]);
    assert!(out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("cảnh báo: \"(điền họ tên người ký)\" chưa điền (khóa `nguoi_ky.ho_ten`)"),
        "{err}"
    );
    assert!(
        err.contains(&format!("{}:{line}:11", path.display())),
        "{err}"
    );
    assert!(err.contains("gợi ý: "), "{err}");
}

fn a_template_folder_overrides_a_single_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_plan(dir.path(), "chi-tieu", XA);
    let overlay = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(overlay.path().join("chi-tieu")).unwrap();
    std::fs::write(
        overlay.path().join("chi-tieu/ket-luan.md.j2"),
        "Kế hoạch này do xã {{ xa }} tự viết câu kết",
    )
    .unwrap();
    let overlay_arg = overlay.path().to_str().unwrap();

    let (_a, plain) = render(&path, &[]);
    let (_b, custom) = render(&path, &["--templates", overlay_arg]);
    let plain = std::fs::read(plain.join("ke-hoach.pdf")).unwrap();
    let custom_pdf = custom.join("ke-hoach.pdf");
    assert_ne!(plain, std::fs::read(&custom_pdf).unwrap());
    let text = normalise(&pdf_text(&custom_pdf, None));
    assert!(
        text.contains("Kế hoạch này do xã Hòa Bình Test tự viết câu kết./."),
        "the overriding closing sentence is used"
    );
    assert!(
        !text.contains("Trên đây là Kế hoạch"),
        "only the closing changed"
    );
    assert!(
        text.contains("5. Cách thức thực hiện các chỉ tiêu"),
        "other files still embedded"
    );
}

fn a_broken_template_fails_render_with_its_file_and_line_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_plan(dir.path(), "chi-tieu", XA);
    let overlay = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(overlay.path().join("chi-tieu")).unwrap();
    std::fs::write(
        overlay.path().join("chi-tieu/ket-luan.md.j2"),
        "Trên đây là Kế hoạch\n{% if %}\n",
    )
    .unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    let out = kehoach(&[
        "render",
        path.to_str().unwrap(),
        "--out",
        out_dir.path().to_str().unwrap(),
        "--templates",
        overlay.path().to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("chi-tieu/ket-luan.md.j2:2"), "{err}");
    assert!(err.contains("cú pháp mẫu"), "{err}");
    let written: Vec<_> = walk(out_dir.path());
    assert!(written.is_empty(), "nothing written: {written:?}");
}

fn new_refuses_to_overwrite_unless_asked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ke-hoach.toml");
    std::fs::write(&path, "# bản đang soạn dở\n").unwrap();
    let args = |extra: &[&'static str]| {
        let mut v = vec![
            "new".to_owned(),
            "thi-dua".to_owned(),
            "--xa".to_owned(),
            XA.to_owned(),
            "--nam".to_owned(),
            "2027".to_owned(),
            "--out".to_owned(),
            path.display().to_string(),
        ];
        v.extend(extra.iter().map(|s| (*s).to_owned()));
        v
    };
    let run = |extra: &[&'static str]| {
        let a = args(extra);
        kehoach(&a.iter().map(String::as_str).collect::<Vec<_>>())
    };
    let refused = run(&[]);
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    assert!(stderr(&refused).contains("đã có"), "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains("--ghi-de"),
        "{}",
        stderr(&refused)
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "# bản đang soạn dở\n"
    );
    for flag in ["--ghi-de", "--force"] {
        let forced = run(&[flag]);
        assert!(forced.status.success(), "{flag}: {}", stderr(&forced));
        assert_eq!(
            plan_table(&path)["van_ban"]["loai"].as_str(),
            Some("thi-dua")
        );
    }
}

fn a_commune_name_with_quotes_and_backslashes_yields_valid_toml() {
    let dir = tempfile::tempdir().unwrap();
    let xa = "Hòa \"Bình\" \\ Mới";
    for kind in listed_kinds() {
        let path = new_plan(dir.path(), &kind, xa);
        let table = plan_table(&path);
        assert_eq!(table["van_ban"]["xa"].as_str(), Some(xa), "{kind}");
        let out = kehoach(&["check", path.to_str().unwrap()]);
        assert!(out.status.success(), "{kind}: {}", stderr(&out));
    }
    let (_out, folder) = render(&dir.path().join("chi-tieu.toml"), &[]);
    let text = normalise(&pdf_text(&folder.join("ke-hoach.pdf"), None));
    assert!(
        text.contains("XÃ HÒA \"BÌNH\" \\ MỚI"),
        "the name prints as typed"
    );
}

fn an_unknown_kind_is_a_usage_error_that_lists_the_kinds() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.toml");
    let out = kehoach(&[
        "new",
        "chi-teiu",
        "--xa",
        XA,
        "--nam",
        "2027",
        "--out",
        path.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("không có loại kế hoạch \"chi-teiu\""), "{err}");
    assert!(err.contains("\"chi-tieu\"?"), "did you mean: {err}");
    for kind in listed_kinds() {
        assert!(err.contains(&kind), "{kind} listed: {err}");
    }
    assert!(!path.exists());
}

fn the_default_file_is_named_after_the_commune_and_year() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_kehoach"))
        .args(["new", "phat-trien", "--xa", "Quảng Ngọc", "--nam", "2027"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let path = dir.path().join("plans/quang-ngoc-2027.toml");
    assert!(path.is_file());
    assert_eq!(plan_table(&path)["van_ban"]["nam"].as_integer(), Some(2027));
}

/// Every file under `dir`, recursively.
/// The same through the library: each starter parses, checks without
/// errors, is a draft, and composes (what `kehoach new` promises).
fn every_embedded_kind_starts_a_plan_that_checks_without_errors() {
    use kehoach::starter::{Commune, render_starter};
    let templates = kehoach::templates::Templates::embedded();
    let kinds = templates.kinds();
    assert!(kinds.len() >= 4, "{kinds:?}");
    let commune = Commune {
        xa: "Hòa \"Bình\" \\ Test".to_owned(),
        tinh: "Thanh Hóa".to_owned(),
        nam: 2027,
    };
    for kind in kinds {
        let text =
            render_starter(&templates, &kind, &commune).unwrap_or_else(|e| panic!("{kind}: {e}"));
        let (plan, diagnostics) = kehoach::plan::parse(&text);
        assert!(diagnostics.is_empty(), "{kind}: {diagnostics:?}");
        let plan = plan.unwrap();
        assert_eq!(plan.van_ban.loai.get_ref(), &kind);
        assert_eq!(plan.van_ban.xa.get_ref(), "Hòa \"Bình\" \\ Test");
        assert_eq!(plan.van_ban.nam.as_ref().map(|n| *n.get_ref()), Some(2027));
        let files = kehoach::plan::PlanFiles::from_text(std::path::Path::new("moi.toml"), &text);
        let report = kehoach::check::check(&files, &templates);
        let diagnostics = report.diagnostics().to_vec();
        let checked = report
            .plan
            .unwrap_or_else(|| panic!("{kind}: {diagnostics:?}"));
        assert!(checked.header.draft, "{kind} starts as a draft");
        assert!(
            !checked.appendices.is_empty() || kind == "thi-dua" || kind == "co-ban",
            "{kind}"
        );
        kehoach::compose::compose(&checked, &templates)
            .unwrap_or_else(|e| panic!("{kind} composes: {e}"));
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}
