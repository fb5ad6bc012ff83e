//! Failures a hostile or careless plan could cause, one test each — wrong
//! figures, crashes and hangs, data written where it must not be or lost.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::common::*;

tests! {
    amounts_beyond_the_bound_are_refused_by_check_with_the_place;
    figure_and_words_are_the_same_exact_value needs Pdftotext;
    a_budget_appendix_without_the_amount_column_prints_no_total needs Pdftotext;
    deep_lists_are_a_clear_error_not_an_abort;
    one_bad_plan_never_stops_the_batch;
    a_fifo_or_a_device_as_plan_is_refused_at_once;
    too_deep_tables_are_reported_once_with_a_line;
    a_cut_list_of_errors_says_so;
    a_two_megabyte_plan_checks_in_bounded_time;
    the_staff_form_obeys_the_row_limit;
    group_rows_count_against_the_row_limit;
    text_the_fonts_cannot_print_is_a_vietnamese_warning;
    pdf_a_refusing_a_glyph_says_so_in_vietnamese;
    the_largest_staff_form_renders_in_bounded_time;
    a_group_block_without_indicators_is_a_warning;
    plan_names_that_are_no_folder_names_are_refused;
    two_plans_of_one_name_in_a_batch_are_refused_naming_both;
    a_folder_in_the_way_fails_the_run_before_any_file_is_replaced;
    a_symlinked_plan_folder_is_not_followed;
    leftovers_of_a_killed_run_are_removed;
    a_dropped_appendix_takes_its_old_files_along_and_says_so;
    concurrent_renders_into_one_folder_never_mix_their_sets needs Pdftotext;
    a_file_that_is_no_plan_is_named_but_never_quoted;
}

/// A small valid plan; `{KINH_PHI}`, `{NOI_DUNG}`, `{COT}` and `{EXTRA}`
/// are filled in by each test.
const BASE: &str = r#"
[van_ban]
loai = "chi-tieu"
xa = "Quảng Ngọc"
ky_hieu = "KH-UBND"
nam = 2026
trich_yeu = "Thực hiện nhiệm vụ năm 2026"

[nguoi_ky]
quyen_han = "TM"
chuc_vu = "CHỦ TỊCH"
ho_ten = "Lê Văn Trường"

[[don_vi]]
id = "vhxh"
ten = "Phòng Văn hóa - Xã hội"

[[phan]]
tieu_de = "Mục đích"
noi_dung = {NOI_DUNG}

[[nhiem_vu]]
ten = "Tập huấn chuyển đổi số"
chu_tri = "vhxh"
kinh_phi = {KINH_PHI}

[[nhiem_vu]]
ten = "Tuyên truyền"
chu_tri = "vhxh"
kinh_phi = 0

[[phu_luc]]
id = "kinh-phi"
loai = "kinh-phi"
ten = "Kinh phí thực hiện"
{COT}
{EXTRA}
"#;

fn plan_text(kinh_phi: &str, noi_dung: &str, cot: &str, extra: &str) -> String {
    BASE.replace("{KINH_PHI}", kinh_phi)
        .replace("{NOI_DUNG}", &toml_string(noi_dung))
        .replace("{COT}", cot)
        .replace("{EXTRA}", extra)
}

fn write_plan(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn arg(p: &Path) -> String {
    p.display().to_string()
}

/// Runs kehoach with a time limit: a hang fails the test instead of
/// blocking the suite.
fn kehoach_within(args: &[&str], limit: Duration) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kehoach"))
        .args(args)
        .current_dir(root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let out = child.wait_with_output().unwrap();
            panic!(
                "kehoach {args:?} ran past {limit:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Every file name of a folder, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

// ---- Wrong figures in a legal document ----

fn amounts_beyond_the_bound_are_refused_by_check_with_the_place() {
    let dir = tempfile::tempdir().unwrap();
    for (amount, says) in [
        ("1e18", "vượt giới hạn"),
        ("1.7e308", "không phải một số tiền"),
        ("inf", "không phải một số tiền"),
        ("9007199254740993", "vượt giới hạn"),
        ("-5", "số âm"),
        ("0.0000001", "chữ số thập phân"),
    ] {
        let plan = write_plan(dir.path(), "p.toml", &plan_text(amount, "x", "", ""));
        let out = kehoach(&["check", &arg(&plan)]);
        assert_eq!(out.status.code(), Some(1), "{amount}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains(says), "{amount}: {err}");
        assert!(
            err.contains("p.toml:25:12"),
            "{amount}: line and column: {err}"
        );
        assert!(err.contains("nhiem_vu[1].kinh_phi"), "{err}");
    }
}

/// The figures and the words of the kinh-phi appendix, as printed.
fn budget_page(amount: &str, cot: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let plan = write_plan(dir.path(), "p.toml", &plan_text(amount, "x", cot, ""));
    let out = dir.path().join("out");
    let result = kehoach(&[
        "render",
        &arg(&plan),
        "--out",
        &arg(&out),
        "--format",
        "pdf",
    ]);
    assert!(result.status.success(), "{}", stderr(&result));
    normalise(&pdf_text_raw(&out.join("p/phu-luc-1.pdf"), None))
}

fn figure_and_words_are_the_same_exact_value() {
    for (amount, figure, words) in [
        ("0.00004", "0,00004", "Bốn mươi đồng"),
        (
            "999999999.999999",
            "999.999.999,999999",
            "Chín trăm chín mươi chín nghìn chín trăm chín mươi chín tỷ chín trăm chín mươi chín triệu chín trăm chín mươi chín nghìn chín trăm chín mươi chín đồng",
        ),
        (
            "123456789",
            "123.456.789",
            "Một trăm hai mươi ba nghìn bốn trăm năm mươi sáu tỷ bảy trăm tám mươi chín triệu đồng",
        ),
    ] {
        let text = budget_page(amount, "");
        assert!(
            text.contains(&format!("Tổng cộng {figure}")),
            "{amount}: {text}"
        );
        assert!(
            text.contains(&format!("(Bằng chữ: {words})")),
            "{amount}: {text}"
        );
    }
}

fn a_budget_appendix_without_the_amount_column_prints_no_total() {
    let text = budget_page("150", r#"cot = ["stt", "ten", "chu_tri", "thoi_gian"]"#);
    assert!(text.contains("Tập huấn chuyển đổi số"), "{text}");
    assert!(!text.contains("Tổng cộng"), "{text}");
    assert!(!text.contains("Bằng chữ"), "{text}");
}

// ---- Crashes and hangs ----

fn deep_lists_are_a_clear_error_not_an_abort() {
    let dir = tempfile::tempdir().unwrap();
    let dashes = format!("{}x", "- ".repeat(400));
    let indented: String = (0..1000)
        .map(|i| format!("{}- mục {i}\n", "  ".repeat(i)))
        .collect();
    for (name, text) in [("gach.toml", dashes), ("thut.toml", indented)] {
        let plan = write_plan(dir.path(), name, &plan_text("1", &text, "", ""));
        let out = kehoach_within(&["check", &arg(&plan)], Duration::from_secs(60));
        assert_eq!(out.status.code(), Some(1), "{name}: {}", stderr(&out));
        assert!(stderr(&out).contains("lồng nhau"), "{}", stderr(&out));
        assert!(
            stderr(&out).contains(&format!("{name}:20:12")),
            "{}",
            stderr(&out)
        );
        let out = kehoach_within(
            &[
                "render",
                &arg(&plan),
                "--out",
                &arg(&dir.path().join("out")),
            ],
            Duration::from_secs(60),
        );
        assert_eq!(out.status.code(), Some(1), "{name}: {}", stderr(&out));
    }
}

fn one_bad_plan_never_stops_the_batch() {
    let dir = tempfile::tempdir().unwrap();
    let plans = dir.path().join("plans");
    std::fs::create_dir(&plans).unwrap();
    for name in ["a.toml", "b.toml", "c.toml"] {
        write_plan(&plans, name, &plan_text("1", "x", "", ""));
    }
    let deep = format!("{}x", "- ".repeat(400));
    write_plan(&plans, "b-sau.toml", &plan_text("1", &deep, "", ""));
    let out = dir.path().join("out");
    let result = kehoach_within(
        &[
            "render",
            &arg(&plans),
            "--out",
            &arg(&out),
            "--format",
            "docx",
        ],
        Duration::from_secs(120),
    );
    assert_eq!(result.status.code(), Some(1), "{}", stderr(&result));
    for good in ["a", "b", "c"] {
        assert!(out.join(good).join("ke-hoach.docx").is_file(), "{good}");
    }
    assert!(
        stdout(&result).contains("đã dựng 3/4 kế hoạch"),
        "{}",
        stdout(&result)
    );
}

#[cfg(unix)]
fn a_fifo_or_a_device_as_plan_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("ong.toml");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    for path in [arg(&fifo), "/dev/zero".to_owned()] {
        let out = kehoach_within(&["check", &path], Duration::from_secs(10));
        assert_eq!(out.status.code(), Some(1), "{path}");
        assert!(
            stderr(&out).contains("không phải tệp kế hoạch"),
            "{}",
            stderr(&out)
        );
    }
    // A FIFO named like a font in --font-dir.
    let fonts = dir.path().join("fonts");
    std::fs::create_dir(&fonts).unwrap();
    let made = Command::new("mkfifo")
        .arg(fonts.join("x.ttf"))
        .status()
        .unwrap();
    assert!(made.success());
    let plan = write_plan(dir.path(), "p.toml", &plan_text("1", "x", "", ""));
    let out = kehoach_within(
        &[
            "render",
            &arg(&plan),
            "--font-dir",
            &arg(&fonts),
            "--out",
            &arg(&dir.path().join("o")),
        ],
        Duration::from_secs(10),
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("x.ttf"), "{}", stderr(&out));
}

fn too_deep_tables_are_reported_once_with_a_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = plan_text("1", "x", "", "");
    let mut header = String::from("chi_tieu");
    for i in 0..120 {
        text.push_str(&format!(
            "\n[[{header}]]\nid = \"c{i}\"\nten = \"Chỉ tiêu {i}\"\n"
        ));
        header.push_str(".con");
    }
    let plan = write_plan(dir.path(), "sau.toml", &text);
    let out = kehoach_within(&["check", &arg(&plan)], Duration::from_secs(30));
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.lines().count() < 40,
        "{} lines: {err}",
        err.lines().count()
    );
    assert_eq!(err.matches("lồng nhau quá sâu").count(), 1, "{err}");
    // The 80th level: the header with 79 `.con` after `chi_tieu`.
    let line = text
        .lines()
        .position(|l| l.matches(".con").count() == 79)
        .unwrap()
        + 1;
    assert!(err.contains(&format!("sau.toml:{line}:1")), "{err}");
}

fn a_cut_list_of_errors_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let unknown: String = (0..200).map(|i| format!("khoa_la_{i} = 1\n")).collect();
    let text =
        plan_text("1", "x", "", "").replacen("trich_yeu =", &format!("{unknown}trich_yeu ="), 1);
    let plan = write_plan(dir.path(), "nhieu.toml", &text);
    let out = kehoach(&["check", &arg(&plan)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("dừng sau 50 lỗi"), "{}", stderr(&out));
}

fn a_two_megabyte_plan_checks_in_bounded_time() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = plan_text("1", "x", "", "");
    for i in 0..4_000 {
        text.push_str(&format!(
            "\n[[don_vi]]\nid = \"dv-{i}\"\nten = \"Đơn vị số {i} của xã\"\n"
        ));
    }
    for i in 0..20_000 {
        text.push_str(&format!(
            "\n[[nhiem_vu]]\nten = \"Nhiệm vụ {i}\"\nchu_tri = \"vhxh\"\nphoi_hop = [\"khong-co-{i}\"]\n"
        ));
    }
    assert!(text.len() > 1_500_000, "{}", text.len());
    let plan = write_plan(dir.path(), "lon.toml", &text);
    let start = Instant::now();
    let out = kehoach_within(&["check", &arg(&plan)], Duration::from_secs(60));
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("lỗi/cảnh báo khác chưa in"),
        "the list says it was cut"
    );
    assert!(err.lines().count() < 1_000, "{} lines", err.lines().count());
    assert!(
        start.elapsed() < Duration::from_secs(20),
        "{:?}",
        start.elapsed()
    );
}

fn the_staff_form_obeys_the_row_limit() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = plan_text(
        "1",
        "x",
        "",
        "\n[[phu_luc]]\nid = \"can-bo\"\nloai = \"can-bo\"\nten = \"Cán bộ\"\ndong_trong = 20\n",
    );
    for i in 0..3_000 {
        text.push_str(&format!(
            "\n[[don_vi]]\nid = \"dv-{i}\"\nten = \"Đơn vị {i}\"\n"
        ));
    }
    let plan = write_plan(dir.path(), "can-bo.toml", &text);
    let out = kehoach_within(&["check", &arg(&plan)], Duration::from_secs(30));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("danh sách cán bộ sẽ có 63021 dòng"),
        "{}",
        stderr(&out)
    );
}

fn group_rows_count_against_the_row_limit() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = plan_text("1", "x", "", "");
    for i in 0..6_000 {
        text.push_str(&format!(
            "\n[[nhom_nhiem_vu]]\nid = \"n{i}\"\nten = \"Nhóm {i}\"\n"
        ));
    }
    let plan = write_plan(dir.path(), "nhom.toml", &text);
    let out = kehoach_within(&["check", &arg(&plan)], Duration::from_secs(30));
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("6000 nhóm"), "{}", stderr(&out));
}

fn text_the_fonts_cannot_print_is_a_vietnamese_warning() {
    let dir = tempfile::tempdir().unwrap();
    let plan = write_plan(
        dir.path(),
        "p.toml",
        &plan_text("1", "Vui 😀 và 中文", "", ""),
    );
    let out = kehoach(&["check", &arg(&plan)]);
    assert_eq!(out.status.code(), Some(0), "a warning, not an error");
    let err = stderr(&out);
    assert!(
        err.contains("cảnh báo: ký tự \"😀\" (U+1F600) không có trong phông chữ nhúng"),
        "{err}"
    );
    assert!(err.contains("p.toml:20:12"), "{err}");
}

fn pdf_a_refusing_a_glyph_says_so_in_vietnamese() {
    let dir = tempfile::tempdir().unwrap();
    let plan = write_plan(dir.path(), "p.toml", &plan_text("1", "Vui 😀", "", ""));
    let out = kehoach(&[
        "render",
        &arg(&plan),
        "--out",
        &arg(&dir.path().join("o")),
        "--pdf-standard",
        "a-2b",
        "--format",
        "pdf",
    ]);
    assert_eq!(out.status.code(), Some(3));
    let err = stderr(&out);
    assert!(
        err.contains("không dựng được PDF/A: chữ \"😀\" không có trong phông chữ nhúng"),
        "{err}"
    );
    assert!(!err.contains("could not be displayed"), "{err}");
}

/// The largest staff form the limits allow renders in bounded time.
fn the_largest_staff_form_renders_in_bounded_time() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = plan_text(
        "1",
        "x",
        "",
        "\n[[phu_luc]]\nid = \"can-bo\"\nloai = \"can-bo\"\nten = \"Cán bộ\"\ndong_trong = 20\n",
    );
    // 238 units × 21 rows = 4,998 rows, just under the limit.
    for i in 0..237 {
        text.push_str(&format!(
            "\n[[don_vi]]\nid = \"dv-{i}\"\nten = \"Đơn vị {i}\"\n\n[[nhiem_vu]]\nten = \"Việc {i}\"\nchu_tri = \"dv-{i}\"\n"
        ));
    }
    let plan = write_plan(dir.path(), "p.toml", &text);
    let start = Instant::now();
    let out = kehoach_within(
        &[
            "render",
            &arg(&plan),
            "--out",
            &arg(&dir.path().join("o")),
            "--parts",
            "phu-luc",
        ],
        Duration::from_secs(120),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        start.elapsed() < Duration::from_secs(60),
        "{:?}",
        start.elapsed()
    );
}

fn a_group_block_without_indicators_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let text = plan_text("1", "x", "", "").replacen(
        "noi_dung = \"x\"",
        "noi_dung = \"x\"\nchen = \"nhom-chi-tieu\"",
        1,
    );
    let text = text.replacen("loai = \"chi-tieu\"", "loai = \"phat-trien\"", 1);
    let plan = write_plan(dir.path(), "p.toml", &text);
    let out = kehoach(&["check", &arg(&plan)]);
    assert!(stderr(&out).contains("Gồm 00 chỉ tiêu"), "{}", stderr(&out));
}

// ---- Data lost or written where it must not be ----

fn plan_names_that_are_no_folder_names_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let plans = dir.path().join("plans");
    let out = dir.path().join("a/out");
    std::fs::create_dir_all(&plans).unwrap();
    std::fs::create_dir_all(&out).unwrap();
    for name in ["...toml", "..toml"] {
        let plan = write_plan(&plans, name, &plan_text("1", "x", "", ""));
        let result = kehoach(&["render", &arg(&plan), "--out", &arg(&out)]);
        assert_eq!(result.status.code(), Some(2), "{name}: {}", stderr(&result));
        assert!(
            stderr(&result).contains("không dùng làm tên thư mục"),
            "{}",
            stderr(&result)
        );
        assert!(names(&out).is_empty(), "{name}");
        assert_eq!(names(&dir.path().join("a")), ["out"], "{name}");
    }
}

fn two_plans_of_one_name_in_a_batch_are_refused_naming_both() {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["a", "b"] {
        std::fs::create_dir(dir.path().join(sub)).unwrap();
        write_plan(
            &dir.path().join(sub),
            "xa.toml",
            &plan_text("1", "x", "", ""),
        );
    }
    let out = dir.path().join("out");
    let a = arg(&dir.path().join("a/xa.toml"));
    let b = arg(&dir.path().join("b/xa.toml"));
    let result = kehoach(&["render", &a, &b, "--out", &arg(&out)]);
    assert_eq!(result.status.code(), Some(2), "{}", stderr(&result));
    let err = stderr(&result);
    assert!(err.contains(&a) && err.contains(&b), "{err}");
    assert!(!out.join("xa").exists());
}

/// Renders `plan` into `out`, PDF and DOCX.
fn render_into(plan: &Path, out: &Path) -> Output {
    kehoach(&["render", &arg(plan), "--out", &arg(out)])
}

fn a_folder_in_the_way_fails_the_run_before_any_file_is_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let plan = write_plan(dir.path(), "p.toml", &plan_text("1", "x", "", ""));
    let out = dir.path().join("out");
    assert!(render_into(&plan, &out).status.success());
    let set = out.join("p");
    let before = std::fs::read(set.join("ke-hoach.pdf")).unwrap();
    std::fs::remove_file(set.join("phu-luc-1.pdf")).unwrap();
    std::fs::create_dir(set.join("phu-luc-1.pdf")).unwrap();
    // A new version, so a replaced file would show.
    write_plan(dir.path(), "p.toml", &plan_text("2", "y", "", ""));
    let result = render_into(&plan, &out);
    assert_eq!(result.status.code(), Some(3), "{}", stderr(&result));
    assert!(
        stderr(&result).contains("phu-luc-1.pdf"),
        "{}",
        stderr(&result)
    );
    assert_eq!(std::fs::read(set.join("ke-hoach.pdf")).unwrap(), before);
    assert!(
        !names(&set).iter().any(|n| n.ends_with(".tmp")),
        "{:?}",
        names(&set)
    );
}

#[cfg(unix)]
fn a_symlinked_plan_folder_is_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    let plan = write_plan(dir.path(), "p.toml", &plan_text("1", "x", "", ""));
    let out = dir.path().join("out");
    let elsewhere = dir.path().join("ngoai");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, out.join("p")).unwrap();
    let result = render_into(&plan, &out);
    assert_eq!(result.status.code(), Some(3), "{}", stderr(&result));
    assert!(
        stderr(&result).contains("liên kết tượng trưng"),
        "{}",
        stderr(&result)
    );
    assert!(names(&elsewhere).is_empty());
}

fn leftovers_of_a_killed_run_are_removed() {
    let dir = tempfile::tempdir().unwrap();
    let plan = write_plan(dir.path(), "p.toml", &plan_text("1", "x", "", ""));
    let out = dir.path().join("out");
    std::fs::create_dir_all(out.join("p")).unwrap();
    std::fs::write(out.join("p/.kehoach-AbC123.tmp"), b"half").unwrap();
    assert!(render_into(&plan, &out).status.success());
    assert!(!out.join("p/.kehoach-AbC123.tmp").exists());
}

fn a_dropped_appendix_takes_its_old_files_along_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let staff = "\n[[phu_luc]]\nid = \"can-bo\"\nloai = \"can-bo\"\nten = \"Cán bộ\"\n";
    let plan = write_plan(dir.path(), "p.toml", &plan_text("1", "x", "", staff));
    let out = dir.path().join("out");
    assert!(render_into(&plan, &out).status.success());
    let set = out.join("p");
    assert!(set.join("phu-luc-2.pdf").is_file());
    // A file of the user's that kehoach never wrote stays.
    std::fs::write(set.join("phu-luc-7.pdf"), b"cua nguoi dung").unwrap();
    write_plan(dir.path(), "p.toml", &plan_text("1", "x", "", ""));
    let result = render_into(&plan, &out);
    assert!(result.status.success(), "{}", stderr(&result));
    assert!(!set.join("phu-luc-2.pdf").exists());
    assert!(!set.join("phu-luc-2.docx").exists());
    assert!(set.join("phu-luc-7.pdf").is_file());
    assert!(stdout(&result).contains("đã xóa"), "{}", stdout(&result));
    assert!(
        stdout(&result).contains("phu-luc-2.pdf"),
        "{}",
        stdout(&result)
    );
}

fn concurrent_renders_into_one_folder_never_mix_their_sets() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let version = |n: &str| {
        let sub = dir.path().join(format!("v{n}"));
        std::fs::create_dir_all(&sub).unwrap();
        let text = plan_text("1", "x", "", "").replacen(
            "nam = 2026",
            &format!("so = {n}\nngay = 2026-01-2{n}"),
            1,
        );
        write_plan(&sub, "p.toml", &text)
    };
    let (one, two) = (version("1"), version("2"));
    for round in 0..12 {
        let spawn = |plan: &Path| {
            Command::new(env!("CARGO_BIN_EXE_kehoach"))
                .args(["render", &arg(plan), "--out", &arg(&out), "--format", "pdf"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap()
        };
        let (mut a, mut b) = if round % 2 == 0 {
            (spawn(&one), spawn(&two))
        } else {
            (spawn(&two), spawn(&one))
        };
        assert!(a.wait().unwrap().success() && b.wait().unwrap().success());
        let plan = normalise(&pdf_text(&out.join("p/ke-hoach.pdf"), Some((1, 1))));
        let appendix = normalise(&pdf_text(&out.join("p/phu-luc-1.pdf"), None));
        let number = if plan.contains("Số: 01/KH-UBND") {
            "01"
        } else {
            "02"
        };
        assert!(plan.contains(&format!("Số: {number}/KH-UBND")), "{plan}");
        assert!(
            appendix.contains(&format!("số {number}/KH-UBND")),
            "round {round}: plan {number}, appendix: {appendix}"
        );
    }
}

/// A "plan" that is a link to another program's file (here a copy of a
/// passwd file, and a TOML file with no plan key): `check` fails naming the
/// file, where it stops being TOML, and prints none of its lines. (Every
/// line was printed in the error snippets, and served by the preview.)
fn a_file_that_is_no_plan_is_named_but_never_quoted() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "passwd",
            "root:x:0:0:root:/root:/bin/bash\nkhach:x:1000:1000:bi-mat:/home/khach:/bin/sh\n",
        ),
        ("cau-hinh", "mat_khau = \"bi-mat\"\n[may_chu]\ncong = 22\n"),
    ];
    for (name, text) in cases {
        let target = dir.path().join(name);
        std::fs::write(&target, text).unwrap();
        let plan = dir.path().join(format!("{name}.toml"));
        #[cfg(unix)]
        std::os::unix::fs::symlink(&target, &plan).unwrap();
        #[cfg(not(unix))]
        std::fs::copy(&target, &plan).unwrap();
        let out = kehoach(&["check", &plan.display().to_string()]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains("không phải tệp kế hoạch"), "{stderr}");
        assert!(stderr.contains(&format!("{name}.toml")), "{stderr}");
        assert!(
            !stderr.contains("bi-mat") && !stderr.contains("root:"),
            "{stderr}"
        );
    }
}
