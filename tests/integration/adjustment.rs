//! The adjustment appendix ("dieu-chinh") read back from real output: the
//! bundled mid-year adjustment of Quảng Ngọc, rendered to PDF (pdftotext)
//! and DOCX (word/document.xml), shows the changed targets as issued and
//! as adjusted, the original plan's number and date, and nothing of the
//! unchanged indicators; a bad `ban_goc` is refused with a located
//! Vietnamese error.

use std::path::{Path, PathBuf};

use crate::common::*;

tests! {
    the_pdf_appendix_lists_only_changed_targets_old_and_new needs Pdftotext;
    the_docx_appendix_lists_only_changed_targets_old_and_new;
    a_bad_ban_goc_is_located_in_the_adjusting_plan_with_a_hint;
    errors_of_the_original_are_reported_in_the_original;
    an_unsigned_original_without_its_issued_number_cannot_be_adjusted;
    the_issued_number_and_date_given_for_a_draft_original_are_printed needs Pdftotext;
    a_number_or_date_stated_twice_must_agree;
    a_number_and_date_stated_twice_alike_are_warned_about_and_printed needs Pdftotext;
    only_an_adjustment_states_an_issued_number;
    a_plan_naming_itself_as_its_original_stops;
    an_adjustment_that_changes_nothing_is_warned_about;
    a_removal_reason_must_name_a_removed_indicator;
    an_original_named_many_ways_is_read_and_checked_once;
    an_original_reached_through_a_link_out_of_the_plans_folder_is_not_read;
}

const PLAN: &str = "plans/quang-ngoc-2026-dieu-chinh.toml";
const ORIGINAL: &str = "plans/quang-ngoc-2026.toml";

/// What every reading of the appendix must show, in order of rows: name
/// words, target as issued, target as adjusted.
const ROWS: [(&str, &str, &str); 4] = [
    ("(VNeID)", "65%", "≥ 70%"),
    ("chữ ký số", "35,4%", "40%"),
    ("trợ lý ảo", "-", "50%"),
    ("khởi nghiệp sáng tạo", "Khuyến khích", "-"),
];

/// Indicators whose targets did not change: never in the appendix.
const UNCHANGED: [&str; 3] = [
    "Sổ sức khỏe điện tử",
    "phủ sóng mạng di động",
    "đơn đăng ký sở hữu trí tuệ",
];

fn assert_appendix_text(text: &str, source: &str) {
    let flat = normalise(&text.replace('\u{a0}', " "));
    for needle in [
        "PHỤ LỤC III",
        "Điều chỉnh, bổ sung chỉ tiêu tại Kế hoạch số 28/KH-UBND ngày 24/01/2026 của UBND xã Quảng Ngọc",
        "Chỉ tiêu đã giao",
        "Chỉ tiêu điều chỉnh",
        "Bổ sung chỉ tiêu mới",
        "Bãi bỏ chỉ tiêu Theo Công văn số 1520/SKHCN-CNTT&amp;CĐS",
        "Theo Công văn số 1520/SKHCN-CNTT&amp;CĐS",
    ] {
        let needle = if source == "pdf" {
            needle.replace("&amp;", "&")
        } else {
            needle.to_owned()
        };
        assert!(flat.contains(&needle), "{source}: no {needle:?} in {flat}");
    }
    // Rows in order, each with its old and new value after its name.
    let mut from = 0;
    for (name, issued, adjusted) in ROWS {
        let at = flat[from..]
            .find(name)
            .unwrap_or_else(|| panic!("{source}: row {name:?} missing or out of order"))
            + from;
        let rest = &flat[at..];
        let issued_at = rest.find(issued).unwrap_or(usize::MAX);
        let adjusted_at = rest[issued_at.min(rest.len())..]
            .find(adjusted)
            .map(|i| i + issued_at);
        assert!(
            issued_at < 400 && adjusted_at.is_some_and(|a| a < 600),
            "{source}: row {name:?} should show {issued:?} then {adjusted:?}: {}",
            &rest[..rest.len().min(600)]
        );
        from = at + name.len();
    }
    for name in UNCHANGED {
        assert!(!flat.contains(name), "{source}: unchanged {name:?} listed");
    }
}

fn the_pdf_appendix_lists_only_changed_targets_old_and_new() {
    let (_dir, out) = render(Path::new(PLAN), &["--format", "pdf"]);
    // Alone, as the third appendix of the adjusting plan.
    assert_appendix_text(&pdf_text_raw(&out.join("phu-luc-3.pdf"), None), "pdf");
    // And in the combined document, after the other appendices.
    let whole = pdf_text(&out.join("ke-hoach.pdf"), None);
    assert!(
        normalise(&whole).contains("tại Kế hoạch số 28/KH-UBND ngày 24/01/2026"),
        "the combined document refers to the original"
    );
}

fn the_docx_appendix_lists_only_changed_targets_old_and_new() {
    let (_dir, out) = render(Path::new(PLAN), &["--format", "docx"]);
    let xml = docx_part(&out.join("phu-luc-3.docx"), "word/document.xml");
    // The text runs in document order, tags dropped.
    let mut text = String::new();
    let mut rest = xml.as_str();
    while let Some(start) = rest.find("<w:t") {
        let tag = &rest[start + 4..];
        // `<w:t>` or `<w:t xml:space=…>`, not `<w:tbl>`, `<w:tc>` …
        if !(tag.starts_with('>') || tag.starts_with(' ')) {
            rest = tag;
            continue;
        }
        let open_end = tag.find('>').unwrap() + 1;
        let close = tag[open_end..].find("</w:t>").unwrap() + open_end;
        text.push_str(&tag[open_end..close]);
        text.push(' ');
        rest = &tag[close..];
    }
    assert_appendix_text(&text, "docx");
    let whole = docx_part(&out.join("ke-hoach.docx"), "word/document.xml");
    assert!(whole.contains("28/KH-UBND ngày 24/01/2026"));
}

/// A copy of the adjustment beside a copy of its original, with `edit`
/// applied to the adjustment and `original` to the original.
fn scratch(
    edit: impl Fn(String) -> String,
    original: impl Fn(String) -> String,
) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("dieu-chinh.toml");
    let text = std::fs::read_to_string(root().join(PLAN)).unwrap();
    std::fs::write(&plan, edit(text)).unwrap();
    let text = std::fs::read_to_string(root().join(ORIGINAL)).unwrap();
    std::fs::write(dir.path().join("quang-ngoc-2026.toml"), original(text)).unwrap();
    (dir, plan)
}

/// `kehoach check` of `plan`: it must fail; returns its stderr.
fn refused(plan: &Path) -> String {
    let out = kehoach(&["check", &plan.display().to_string()]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

/// The line:column of `needle` in `text`, 1-based, as diagnostics print.
fn line_col(text: &str, needle: &str) -> String {
    let at = text.find(needle).expect("needle in text");
    let line = text[..at].matches('\n').count() + 1;
    let col = text[..at].rsplit('\n').next().unwrap().chars().count() + 1;
    format!("{line}:{col}")
}

fn with_original(name: &str) -> impl Fn(String) -> String + '_ {
    move |t: String| {
        t.replace(
            "ban_goc = \"quang-ngoc-2026.toml\"",
            &format!("ban_goc = \"{name}\""),
        )
    }
}

fn a_bad_ban_goc_is_located_in_the_adjusting_plan_with_a_hint() {
    for (name, message) in [
        (
            "khong-co.toml",
            "không tìm thấy tệp bản gốc \"khong-co.toml\"",
        ),
        ("../x.toml", "không nằm trong thư mục của kế hoạch"),
        ("/etc/passwd.toml", "không nằm trong thư mục của kế hoạch"),
        ("quang-ngoc-2026.txt", "không phải tệp kế hoạch `.toml`"),
    ] {
        let (_dir, plan) = scratch(with_original(name), |t| t);
        let stderr = refused(&plan);
        let text = std::fs::read_to_string(&plan).unwrap();
        let value = format!("\"{name}\"\n");
        let at = line_col(&text, &value);
        assert!(stderr.contains(message), "{name}: {stderr}");
        assert!(
            stderr.contains(&format!("dieu-chinh.toml:{at}")),
            "{name}: not located at {at}: {stderr}"
        );
        assert!(stderr.contains("khóa `phu_luc[3].ban_goc`"), "{stderr}");
        assert!(stderr.contains("gợi ý:"), "{stderr}");
    }
}

fn errors_of_the_original_are_reported_in_the_original() {
    let (_dir, plan) = scratch(
        |t| t,
        |t| {
            t.replacen(
                "chi_tieu_giao = { ty_le = 86 }",
                "chi_tieu_giao = { ty_le = 186 }",
                1,
            )
        },
    );
    let stderr = refused(&plan);
    let original = std::fs::read_to_string(plan.with_file_name("quang-ngoc-2026.toml")).unwrap();
    let at = line_col(&original, "186");
    assert!(
        stderr.contains(&format!("quang-ngoc-2026.toml:{at}")),
        "the original's own error at {at}: {stderr}"
    );
    assert!(
        stderr.contains("bản gốc \"quang-ngoc-2026.toml\" có 1 lỗi"),
        "{stderr}"
    );
    let text = std::fs::read_to_string(&plan).unwrap();
    let at = line_col(&text, "\"quang-ngoc-2026.toml\"\n");
    assert!(
        stderr.contains(&format!("dieu-chinh.toml:{at}")),
        "{stderr}"
    );
}

/// The bundled original is the unsigned draft; the issued number and date
/// the adjustment states for it (`so_ban_goc`, `ngay_ban_goc`) are dropped.
fn without_issued_keys(t: String) -> String {
    assert!(t.contains("so_ban_goc = 28\n") && t.contains("ngay_ban_goc = 2026-01-24\n"));
    t.replace("so_ban_goc = 28\n", "")
        .replace("ngay_ban_goc = 2026-01-24\n", "")
}

/// The original as signed and written back: its own `so` and `ngay`.
fn signed_original(t: String) -> String {
    assert!(t.contains("nam = 2026\n"));
    t.replacen("nam = 2026\n", "so = 28\nngay = 2026-01-24\n", 1)
}

fn an_unsigned_original_without_its_issued_number_cannot_be_adjusted() {
    let (dir, plan) = scratch(without_issued_keys, |t| t);
    let stderr = refused(&plan);
    assert!(
        stderr.contains(
            "bản gốc \"quang-ngoc-2026.toml\" chưa có số và ngày ký (tệp còn là dự thảo)"
        ),
        "{stderr}"
    );
    let text = std::fs::read_to_string(&plan).unwrap();
    let at = line_col(&text, "\"quang-ngoc-2026.toml\"\n");
    assert!(
        stderr.contains(&format!("dieu-chinh.toml:{at}")),
        "{stderr}"
    );
    assert!(stderr.contains("khóa `phu_luc[3].ban_goc`"), "{stderr}");
    assert!(
        stderr.contains("`so_ban_goc = 28` và `ngay_ban_goc = 2026-01-24`"),
        "the hint names the keys: {stderr}"
    );
    // Nothing was written for a plan that failed.
    let out = dir.path().join("out");
    let render = kehoach(&[
        "render",
        &plan.display().to_string(),
        "--out",
        &out.display().to_string(),
    ]);
    assert!(!render.status.success());
    assert!(!out.join("dieu-chinh").join("ke-hoach.pdf").exists());

    // Half of it is still missing.
    let (_dir, plan) = scratch(|t| t.replace("ngay_ban_goc = 2026-01-24\n", ""), |t| t);
    let stderr = refused(&plan);
    assert!(
        stderr.contains("chưa có ngày ký (tệp còn là dự thảo)"),
        "{stderr}"
    );
    assert!(stderr.contains("`ngay_ban_goc = 2026-01-24`"), "{stderr}");
}

fn the_issued_number_and_date_given_for_a_draft_original_are_printed() {
    let (_dir, plan) = scratch(
        |t| {
            t.replace("so_ban_goc = 28\n", "so_ban_goc = 31\n")
                .replace("ngay_ban_goc = 2026-01-24\n", "ngay_ban_goc = 2026-02-03\n")
        },
        |t| t,
    );
    let (_out_dir, out) = render(&plan, &["--format", "pdf", "--parts", "phu-luc"]);
    let text = normalise(&pdf_text_raw(&out.join("phu-luc-3.pdf"), None));
    assert!(
        text.contains(
            "(Điều chỉnh, bổ sung chỉ tiêu tại Kế hoạch số 31/KH-UBND ngày 03/02/2026 của UBND xã Quảng Ngọc)"
        ),
        "{text}"
    );
    assert!(text.contains("(tại Kế hoạch số 31/KH-UBND)"), "{text}");
    assert!(!text.contains("28/KH-UBND"), "{text}");
}

fn a_number_or_date_stated_twice_must_agree() {
    for (edit, key, message) in [
        (
            "so_ban_goc = 29\n",
            "so_ban_goc",
            "số của bản gốc ghi hai nơi khác nhau: tệp bản gốc ghi số 28, `so_ban_goc` ghi 29",
        ),
        (
            "ngay_ban_goc = 2026-01-25\n",
            "ngay_ban_goc",
            "ngày ký của bản gốc ghi hai nơi khác nhau: tệp bản gốc ghi 24/01/2026, `ngay_ban_goc` ghi 25/01/2026",
        ),
    ] {
        let (_dir, plan) = scratch(
            |t| {
                let line = t
                    .lines()
                    .find(|l| l.starts_with(&format!("{key} = ")))
                    .unwrap()
                    .to_owned();
                t.replace(&format!("{line}\n"), edit)
            },
            signed_original,
        );
        let stderr = refused(&plan);
        assert!(stderr.contains(message), "{stderr}");
        let text = std::fs::read_to_string(&plan).unwrap();
        let at = line_col(&text, edit);
        assert!(
            stderr.contains(&format!("dieu-chinh.toml:{at}")),
            "{key} at {at}: {stderr}"
        );
        assert!(
            stderr.contains(&format!("khóa `phu_luc[3].{key}`")),
            "{stderr}"
        );
        assert!(stderr.contains(&format!("bỏ `{key}`")), "{stderr}");
    }
}

fn a_number_and_date_stated_twice_alike_are_warned_about_and_printed() {
    let (_dir, plan) = scratch(|t| t, signed_original);
    let out = kehoach(&["check", &plan.display().to_string()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "warnings, not errors: {stderr}");
    let text = std::fs::read_to_string(&plan).unwrap();
    for (key, message) in [
        ("so_ban_goc", "tệp bản gốc đã ghi số 28: `so_ban_goc` thừa"),
        (
            "ngay_ban_goc",
            "tệp bản gốc đã ghi ngày ký 24/01/2026: `ngay_ban_goc` thừa",
        ),
    ] {
        assert!(stderr.contains(message), "{stderr}");
        let at = line_col(&text, &format!("{key} = "));
        assert!(
            stderr.contains(&format!("dieu-chinh.toml:{at}")),
            "{key} at {at}: {stderr}"
        );
        assert!(stderr.contains(&format!("bỏ khóa `{key}`")), "{stderr}");
    }
    let (_out_dir, out) = render(&plan, &["--format", "pdf", "--parts", "phu-luc"]);
    let text = normalise(&pdf_text_raw(&out.join("phu-luc-3.pdf"), None));
    assert!(
        text.contains("tại Kế hoạch số 28/KH-UBND ngày 24/01/2026 của UBND xã Quảng Ngọc"),
        "{text}"
    );
}

fn only_an_adjustment_states_an_issued_number() {
    let (_dir, plan) = scratch(
        |t| {
            t.replacen(
                "loai = \"can-bo\"\n",
                "loai = \"can-bo\"\nso_ban_goc = 5\n",
                1,
            )
        },
        |t| t,
    );
    let stderr = refused(&plan);
    assert!(
        stderr.contains("chỉ phụ lục loại \"dieu-chinh\" mới ghi số của bản gốc"),
        "{stderr}"
    );
    assert!(stderr.contains("khóa `phu_luc[2].so_ban_goc`"), "{stderr}");
}

fn a_plan_naming_itself_as_its_original_stops() {
    let (_dir, plan) = scratch(with_original("dieu-chinh.toml"), |t| t);
    let stderr = refused(&plan);
    assert!(
        stderr.contains("bản gốc \"dieu-chinh.toml\" lại là chính kế hoạch này"),
        "{stderr}"
    );
    assert_eq!(
        stderr.matches("lỗi:").count(),
        1,
        "one error, not one per loop: {stderr}"
    );
}

fn an_adjustment_that_changes_nothing_is_warned_about() {
    // The original against itself, as a copy: nothing differs.
    let (_dir, plan) = scratch(|_| String::new(), |t| t);
    let original = std::fs::read_to_string(plan.with_file_name("quang-ngoc-2026.toml")).unwrap();
    let same = format!(
        "{original}\n[[phu_luc]]\nid = \"dieu-chinh\"\nloai = \"dieu-chinh\"\nten = \"Điều chỉnh\"\nban_goc = \"quang-ngoc-2026.toml\"\nso_ban_goc = 28\nngay_ban_goc = 2026-01-24\n"
    );
    std::fs::write(&plan, same).unwrap();
    let out = kehoach(&["check", &plan.display().to_string()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "a warning, not an error: {stderr}");
    assert!(
        stderr.contains("không chỉ tiêu nào đổi so với bản gốc \"quang-ngoc-2026.toml\""),
        "{stderr}"
    );
}

fn a_removal_reason_must_name_a_removed_indicator() {
    for (id, message, hint) in [
        (
            "dn-khoi-nghep",
            "bản gốc không có chỉ tiêu \"dn-khoi-nghep\"",
            "có phải \"dn-khoi-nghiep\"?",
        ),
        (
            "vneid",
            "chỉ tiêu \"vneid\" vẫn còn trong kế hoạch này, không bị bãi bỏ",
            "`ly_do_dieu_chinh`",
        ),
    ] {
        let (_dir, plan) = scratch(
            |t| t.replace("\ndn-khoi-nghiep = \"Theo", &format!("\n{id} = \"Theo")),
            |t| t,
        );
        let stderr = refused(&plan);
        assert!(stderr.contains(message), "{id}: {stderr}");
        assert!(stderr.contains(hint), "{id}: {stderr}");
        let text = std::fs::read_to_string(&plan).unwrap();
        assert!(
            stderr.contains(&format!("khóa `phu_luc[3].ly_do_bai_bo.{id}`")),
            "{stderr}"
        );
        let line = text
            .lines()
            .position(|l| l.starts_with(&format!("{id} = ")))
            .unwrap()
            + 1;
        assert!(
            stderr.contains(&format!(
                "dieu-chinh.toml:{line}:{}",
                id.chars().count() + 4
            )),
            "{id} located at its value on line {line}: {stderr}"
        );
    }
}

/// Five plans, each adjusting the next through 20 appendices that name it
/// under 20 spellings (`l1.toml`, `./l1.toml`, `././l1.toml` …): each
/// original is one file, read and checked once, whatever the spelling and
/// however many appendices name it. (Checked once per spelling per level,
/// this took 20⁴ checks of the last plan: gigabytes, and minutes.)
fn an_original_named_many_ways_is_read_and_checked_once() {
    let dir = tempfile::tempdir().unwrap();
    for level in 0..5 {
        let mut text = format!(
            "[van_ban]\nloai = \"chi-tieu\"\nxa = \"Quảng Ngọc\"\nky_hieu = \"KH-UBND\"\n\
             so = {}\nngay = 2026-01-{:02}\ntrich_yeu = \"Bản {level}\"\n\n\
             [nguoi_ky]\nchuc_vu = \"CHỦ TỊCH\"\nho_ten = \"Lê Văn A\"\n\n\
             [[don_vi]]\nid = \"a\"\nten = \"Phòng A\"\n\n\
             [[chi_tieu]]\nid = \"x\"\nten = \"Chỉ tiêu x\"\nchu_tri = \"a\"\n\
             chi_tieu_giao = {{ ty_le = {} }}\n",
            10 + level,
            10 + level,
            10 + level
        );
        if level < 4 {
            for spelling in 0..20 {
                text.push_str(&format!(
                    "\n[[phu_luc]]\nid = \"dc-{spelling}\"\nloai = \"dieu-chinh\"\nten = \"Điều chỉnh {spelling}\"\nban_goc = \"{}l{}.toml\"\n",
                    "./".repeat(spelling),
                    level + 1
                ));
            }
        }
        std::fs::write(dir.path().join(format!("l{level}.toml")), text).unwrap();
    }
    // Under a memory bound and a deadline, so that the failure is a test
    // failure, not a machine out of memory.
    let mut child = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "ulimit -v 2000000; exec '{}' check l0.toml",
            env!("CARGO_BIN_EXE_kehoach")
        ))
        .current_dir(dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > std::time::Duration::from_secs(60) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("`kehoach check` still running after 60 s");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stdout.contains("l0.toml: hợp lệ"),
        "{stdout}\n{}",
        &stderr[..stderr.len().min(3000)]
    );
}

/// `ban_goc` names a file beside the plan that is a link to a file
/// elsewhere (here a system file): refused at `ban_goc`, naming the link,
/// and nothing of that file is read or printed. (It was read, and its
/// first line shown in the error.) A link that stays in the folder is
/// followed.
fn an_original_reached_through_a_link_out_of_the_plans_folder_is_not_read() {
    if cfg!(not(unix)) {
        return;
    }
    let (dir, plan) = scratch(with_original("goc.toml"), |t| t);
    let elsewhere = tempfile::tempdir().unwrap();
    let secret = elsewhere.path().join("mat-khau.toml");
    std::fs::write(&secret, "mat_khau = \"bi-mat-khong-in\"\n").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&secret, dir.path().join("goc.toml")).unwrap();
    let stderr = refused(&plan);
    assert!(
        stderr.contains("liên kết tượng trưng dẫn ra ngoài thư mục của kế hoạch"),
        "{stderr}"
    );
    assert!(stderr.contains("khóa `phu_luc[3].ban_goc`"), "{stderr}");
    assert!(!stderr.contains("bi-mat"), "{stderr}");
    assert!(!stderr.contains("mat-khau.toml:"), "{stderr}");

    std::fs::remove_file(dir.path().join("goc.toml")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("quang-ngoc-2026.toml", dir.path().join("goc.toml")).unwrap();
    let out = kehoach(&["check", &plan.display().to_string()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
