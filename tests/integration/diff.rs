//! `kehoach diff`: real plans, edited in the test as a user would edit the
//! TOML, compared by the binary; the report is checked against the
//! documents rendered from the new version (pdftotext).

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::common::{self, kehoach, normalise, pdf_text, root};

tests! {
    equal_files_exit_zero;
    indicators_renamed_removed_added_and_targets_changed needs Pdftotext;
    a_budget_change_reports_the_new_total_and_its_words needs Pdftotext;
    against_an_earlier_git_revision_and_from_stdin needs Git;
    an_adjustment_plan_finds_its_original_at_a_git_revision_and_from_stdin needs Git;
    an_empty_git_revision_is_refused needs Git;
    a_missing_file_is_an_error;
    signer_recipients_number_date_and_lead_unit needs Pdftotext;
}

fn plan(name: &str) -> String {
    std::fs::read_to_string(root().join("plans").join(name)).unwrap()
}

/// `text` with `from` replaced by `to`, which must be there exactly once.
fn edit(text: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "`{from}` once in the plan");
    text.replacen(from, to, 1)
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn diff(old: &Path, new: &Path) -> Output {
    kehoach(&[
        "diff",
        &old.display().to_string(),
        &new.display().to_string(),
    ])
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn equal_files_exit_zero() {
    let dir = tempfile::tempdir().unwrap();
    let text = plan("quang-ngoc-2026.toml");
    let a = write(dir.path(), "a.toml", &text);
    // Comments and spacing are not the document.
    let b = write(dir.path(), "b.toml", &format!("# ghi chú mới\n{text}\n\n"));
    let out = diff(&a, &b);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("không có thay đổi"),
        "{}",
        stdout(&out)
    );
}

fn indicators_renamed_removed_added_and_targets_changed() {
    let dir = tempfile::tempdir().unwrap();
    let old_text = plan("quang-ngoc-2026.toml");
    let mut text = old_text.clone();
    // A target value, a target form, a rename and a moved deadline.
    text = edit(
        &text,
        "chi_tieu_giao = { ty_le = 35.4 }",
        "chi_tieu_giao = { ty_le = 40 }",
    );
    text = edit(
        &text,
        "chi_tieu_giao = { ty_le = 15 }",
        "chi_tieu_giao = { toi_thieu = 15 }",
    );
    text = edit(
        &text,
        "ten = \"Tỷ lệ cán bộ, công chức cấp xã được bồi dưỡng kỹ năng số căn bản\"",
        "ten = \"Tỷ lệ cán bộ, công chức xã được bồi dưỡng kỹ năng số\"",
    );
    text = edit(&text, "han = 2026-06-20", "han = 2026-07-15");
    // Indicator 4 removed: its whole table, up to indicator 5.
    let start = text.find("# --- Chỉ tiêu 4 ---").unwrap();
    let end = text.find("# --- Chỉ tiêu 5 ---").unwrap();
    text.replace_range(start..end, "");
    // A new indicator at the end of the list.
    text.push_str(
        "\n[[chi_tieu]]\nid = \"ho-so-truc-tuyen\"\nten = \"Tỷ lệ hồ sơ nộp trực tuyến toàn trình\"\nchi_tieu_giao = { ty_le = 55 }\nchu_tri = \"ttpvhcc\"\nhan = 2026-12-15\n",
    );
    let old = write(dir.path(), "cu.toml", &old_text);
    let new = write(dir.path(), "moi.toml", &text);
    let out = diff(&old, &new);
    let report = stdout(&out);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{report}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Ids are identity: indicator 2 is renamed, not removed and added.
    assert!(
        report.contains("tên “Tỷ lệ cán bộ, công chức cấp xã được bồi dưỡng kỹ năng số căn bản” → “Tỷ lệ cán bộ, công chức xã được bồi dưỡng kỹ năng số”"),
        "{report}"
    );
    assert!(!report.contains("Bỏ chỉ tiêu 2 "), "{report}");
    // Targets as printed, a form change too.
    let line = |needle: &str| {
        report
            .lines()
            .position(|l| l.contains(needle))
            .map(|i| {
                (
                    report.lines().nth(i).unwrap(),
                    report.lines().nth(i + 1).unwrap_or(""),
                )
            })
            .unwrap_or_else(|| panic!("no line with `{needle}` in:\n{report}"))
    };
    let (changed, places) = line("chỉ tiêu giao 35,4% → 40%");
    assert!(
        changed
            .starts_with("- Chỉ tiêu 16 (nay là 15) “Tỷ lệ người dân trưởng thành có chữ ký số”"),
        "{changed}"
    );
    // Row 16 of the old table, row 15 of the new (indicator 4 is gone).
    assert_eq!(places.trim(), "in ở: mục III.5 và Phụ lục I (dòng 15, 16)");
    let (_, places) = line("chỉ tiêu giao 15% → ≥\u{a0}15%");
    assert!(
        places.contains("mục III.5") && places.contains("Phụ lục I"),
        "{places}"
    );
    line("thời hạn Trước ngày 20/06/2026 → Trước ngày 15/07/2026");
    let (_, places) =
        line("Bỏ chỉ tiêu 4 “Số lượng doanh nghiệp khoa học và công nghệ trên địa bàn”");
    // Indicator 4 was in III.5, in part IV under its lead unit, and row 4.
    assert!(
        places.contains("mục III.5")
            && places.contains("mục IV.2")
            && places.contains("Phụ lục I (dòng 4"),
        "{places}"
    );
    let (added, places) = line("Thêm chỉ tiêu 16 “Tỷ lệ hồ sơ nộp trực tuyến toàn trình”");
    assert!(added.contains("(55%)"), "{added}");
    assert!(places.contains("Phụ lục I (dòng 16)"), "{places}");
    assert!(
        report.contains("Văn bản thay đổi (.pdf và .docx): ke-hoach, phu-luc-1 (Phụ lục I)"),
        "{report}"
    );

    // What the report quotes is what the new documents print.
    let (_keep, out_dir) = common::render(&new, &["--format", "pdf"]);
    let body = normalise(&pdf_text(&out_dir.join("ke-hoach.pdf"), None));
    assert!(body.contains("xã Quảng Ngọc đạt 40%"), "{body}");
    assert!(body.contains("Trước ngày 15/07/2026"));
    assert!(body.contains("Tỷ lệ hồ sơ nộp trực tuyến toàn trình"));
    assert!(!body.contains("Số lượng doanh nghiệp khoa học và công nghệ trên địa bàn"));
}

fn a_budget_change_reports_the_new_total_and_its_words() {
    let dir = tempfile::tempdir().unwrap();
    let old_text = plan("ha-long-2025.toml");
    let text = edit(&old_text, "kinh_phi = 3000", "kinh_phi = 3100");
    let old = write(dir.path(), "cu.toml", &old_text);
    let new = write(dir.path(), "moi.toml", &text);
    let out = diff(&old, &new);
    let report = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{report}");
    assert!(
        report.contains("kinh phí 3.000 triệu đồng → 3.100 triệu đồng"),
        "{report}"
    );
    let total = report
        .lines()
        .find(|l| l.starts_with("- Tổng kinh phí (Phụ lục II, triệu đồng): "))
        .unwrap_or_else(|| panic!("no total in:\n{report}"));
    assert!(
        total.contains(
            ": 3.277 (Bằng chữ: Ba tỷ hai trăm bảy mươi bảy triệu đồng) → 3.377 (Bằng chữ: "
        ),
        "{total}"
    );
    // The words quoted are the words the new appendix prints.
    let words = total.split("→ ").nth(1).unwrap();
    let words = words
        .split("(Bằng chữ: ")
        .nth(1)
        .unwrap()
        .trim_end_matches(')');
    assert!(
        words.starts_with("Ba tỷ ba trăm bảy mươi bảy triệu"),
        "{words}"
    );
    let (_keep, out_dir) = common::render(&new, &["--format", "pdf", "--parts", "phu-luc"]);
    let appendix = normalise(&pdf_text(&out_dir.join("phu-luc-2.pdf"), None));
    assert!(
        appendix.contains(&format!("(Bằng chữ: {words})")),
        "{appendix}"
    );
    assert!(appendix.contains("3.377"), "{appendix}");
}

fn git(repo: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=Thử",
            "-c",
            "user.email=thu@example.invalid",
        ])
        .args(args)
        .current_dir(repo)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A git repository holding plans/x.toml in three commits: a broken
/// version, the original, then a raised target.
fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    std::fs::create_dir(repo.join("plans")).unwrap();
    git(repo, &["init", "-q"]);
    let text = plan("quang-ngoc-2026.toml");
    let broken = edit(&text, "nam = 2026", "nam = \"hai nghìn\"");
    std::fs::write(repo.join("plans/x.toml"), &broken).unwrap();
    git(repo, &["add", "plans/x.toml"]);
    git(repo, &["commit", "-q", "-m", "hỏng"]);
    std::fs::write(repo.join("plans/x.toml"), &text).unwrap();
    git(repo, &["commit", "-q", "-am", "gốc"]);
    let raised = edit(
        &text,
        "chi_tieu_giao = { ty_le = 35.4 }",
        "chi_tieu_giao = { ty_le = 40 }",
    );
    std::fs::write(repo.join("plans/x.toml"), raised).unwrap();
    git(repo, &["commit", "-q", "-am", "tăng chỉ tiêu"]);
    dir
}

fn kehoach_in(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kehoach"))
        .args(args)
        .current_dir(dir)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(bytes) = stdin {
        use std::io::Write;
        child.stdin.take().unwrap().write_all(bytes).unwrap();
    }
    child.wait_with_output().unwrap()
}

fn against_an_earlier_git_revision_and_from_stdin() {
    let dir = repo();
    let repo = dir.path();
    // From the repository's root and from a folder inside it.
    for (cwd, path) in [
        (repo.to_path_buf(), "plans/x.toml"),
        (repo.join("plans"), "x.toml"),
    ] {
        let out = kehoach_in(&cwd, &["diff", path, "--git", "HEAD~1"], None);
        let report = stdout(&out);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{report}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            report.starts_with(&format!("Từ HEAD~1:plans/x.toml sang {path}:")),
            "{report}"
        );
        assert!(report.contains("chỉ tiêu giao 35,4% → 40%"), "{report}");
    }
    // The same file at the same revision: no change.
    let out = kehoach_in(repo, &["diff", "plans/x.toml", "--git", "HEAD"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    // An old version with errors is named as git names it, with line and column.
    let out = kehoach_in(repo, &["diff", "plans/x.toml", "--git", "HEAD~2"], None);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("HEAD~2:plans/x.toml:"), "{err}");
    assert!(err.contains("bản cũ"), "{err}");
    // A revision that does not exist.
    let out = kehoach_in(repo, &["diff", "plans/x.toml", "--git", "HEAD~9"], None);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("HEAD~9:plans/x.toml"), "{err}");
    // `git show HEAD~1:plans/x.toml | kehoach diff - plans/x.toml`
    let shown = Command::new("git")
        .args(["show", "HEAD~1:plans/x.toml"])
        .current_dir(repo)
        .output()
        .unwrap();
    let out = kehoach_in(repo, &["diff", "-", "plans/x.toml"], Some(&shown.stdout));
    let report = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{report}");
    assert!(report.contains("chỉ tiêu giao 35,4% → 40%"), "{report}");
}

fn a_missing_file_is_an_error() {
    let out = kehoach(&["diff", "plans/khong-co.toml", "plans/quang-ngoc-2026.toml"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("plans/khong-co.toml") && err.contains("không tìm thấy tệp"),
        "{err}"
    );
}

fn signer_recipients_number_date_and_lead_unit() {
    let dir = tempfile::tempdir().unwrap();
    let old_text = plan("ha-long-2025.toml");
    let mut text = edit(
        &old_text,
        "chuc_vu = \"CHỦ TỊCH\"\nho_ten = \"Hoàng Anh Tuấn\"",
        "quyen_han = \"KT\"\nchuc_vu = \"PHÓ CHỦ TỊCH\"\nho_ten = \"Lê Văn An\"",
    );
    text = edit(
        &text,
        "ten = \"TTr Đảng ủy, HĐND\"",
        "ten = \"Thường trực Đảng ủy, HĐND\"",
    );
    text = edit(
        &text,
        "nam = 2025\n",
        "nam = 2025\nso = 45\nngay = 2025-03-10\n",
    );
    text = text.replacen("chu_tri = \"vhxh\"", "chu_tri = \"vp\"", 1);
    let old = write(dir.path(), "cu.toml", &old_text);
    let new = write(dir.path(), "moi.toml", &text);
    let out = diff(&old, &new);
    let report = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{report}");
    for expected in [
        "- Người ký: CHỦ TỊCH / Hoàng Anh Tuấn → KT. CHỦ TỊCH / PHÓ CHỦ TỊCH / Lê Văn An\n  in ở: phần ký và nơi nhận",
        "- Bỏ nơi nhận “TTr Đảng ủy, HĐND (b/c)”",
        "- Thêm nơi nhận “Thường trực Đảng ủy, HĐND (b/c)”",
        "- Văn bản: số văn bản (chưa có số)/KH-UBND → 45/KH-UBND\n  in ở: phần đầu văn bản, Phụ lục I (phần đầu) và Phụ lục II (phần đầu)",
        "- Văn bản: ngày ký (chưa ký) → 10/03/2025",
        "đơn vị chủ trì Phòng Văn hóa - Xã hội → Văn phòng HĐND và UBND\n  in ở: Phụ lục I (dòng 1)",
    ] {
        assert!(report.contains(expected), "`{expected}` not in:\n{report}");
    }
    let (_keep, out_dir) = common::render(&new, &["--format", "pdf", "--parts", "ke-hoach"]);
    let body = normalise(&pdf_text(&out_dir.join("ke-hoach.pdf"), None));
    for printed in [
        "Số: 45/KH-UBND",
        "KT. CHỦ TỊCH",
        "Lê Văn An",
        "Thường trực Đảng ủy, HĐND",
    ] {
        assert!(body.contains(printed), "`{printed}` not in:\n{body}");
    }
}

/// An adjustment plan and its original committed in `plans/`, then the
/// adjustment's new target raised again and committed.
fn adjustment_repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    std::fs::create_dir(repo.join("plans")).unwrap();
    git(repo, &["init", "-q"]);
    std::fs::write(
        repo.join("plans/quang-ngoc-2026.toml"),
        plan("quang-ngoc-2026.toml"),
    )
    .unwrap();
    let text = plan("quang-ngoc-2026-dieu-chinh.toml");
    std::fs::write(repo.join("plans/dc.toml"), &text).unwrap();
    git(repo, &["add", "plans"]);
    git(repo, &["commit", "-q", "-m", "điều chỉnh"]);
    let raised = edit(
        &text,
        "chi_tieu_giao = { ty_le = 40 }",
        "chi_tieu_giao = { ty_le = 45 }",
    );
    std::fs::write(repo.join("plans/dc.toml"), raised).unwrap();
    git(repo, &["commit", "-q", "-am", "tăng lại"]);
    dir
}

/// The old version of an adjustment plan, from git or stdin, finds its
/// `ban_goc` beside the plan file, from any folder. (It was looked for in
/// the current folder, so the old version had an error and nothing was
/// compared.)
fn an_adjustment_plan_finds_its_original_at_a_git_revision_and_from_stdin() {
    let dir = adjustment_repo();
    let repo = dir.path();
    for (cwd, path) in [
        (repo.to_path_buf(), "plans/dc.toml"),
        (repo.join("plans"), "dc.toml"),
    ] {
        let out = kehoach_in(&cwd, &["diff", path, "--git", "HEAD~1"], None);
        let report = stdout(&out);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{report}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(report.contains("40% → 45%"), "{report}");
    }
    let shown = Command::new("git")
        .args(["show", "HEAD~1:plans/dc.toml"])
        .current_dir(repo)
        .output()
        .unwrap();
    let out = kehoach_in(repo, &["diff", "-", "plans/dc.toml"], Some(&shown.stdout));
    let report = stdout(&out);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{report}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(report.contains("40% → 45%"), "{report}");
}

/// `--git ''` would compare with the git index without a word: refused,
/// saying what to write.
fn an_empty_git_revision_is_refused() {
    let dir = adjustment_repo();
    let out = kehoach_in(dir.path(), &["diff", "plans/dc.toml", "--git", ""], None);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("--git HEAD~1"), "{err}");
}
