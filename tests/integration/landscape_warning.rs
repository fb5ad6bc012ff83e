//! An appendix turned landscape because its columns do not fit a portrait
//! page is said to the clerk: by `check` before
//! anything is written and by `render`, as a Vietnamese warning naming the
//! appendix, its line, why, and the two fixes. `ngang = true` silences it;
//! `ngang = false` keeps portrait, and then words that cannot fit run into
//! the neighbouring cells: that is said too.

use std::path::Path;

use crate::common::*;

tests! {
    check_warns_that_an_appendix_is_turned_and_still_says_valid;
    render_warns_and_the_appendix_is_landscape needs Pdfinfo;
    landscape_stated_silences_the_warning;
    portrait_stated_keeps_portrait_and_warns_that_words_will_run_over;
    columns_that_fit_a_portrait_page_give_no_warning;
}

/// A plan whose only appendix shows five indicator columns (portrait by
/// default) where two hold a web address, a word that cannot be broken:
/// side by side they are wider than a portrait page.
fn plan(ngang: Option<bool>) -> String {
    let choice = ngang.map_or_else(String::new, |n| format!("ngang = {n}\n"));
    format!(
        r#"mo_dau = ""
ket_luan = ""

[van_ban]
loai = "chi-tieu"
xa = "Quảng Ngọc"
ky_hieu = "KH-UBND"
nam = 2026
trich_yeu = "Thử"

[[don_vi]]
id = "hcc"
ten = "Trung tâm Phục vụ hành chính công"

[[chi_tieu]]
id = "dvc"
ten = "Tỷ lệ hồ sơ nộp trên https://dichvucong.gov.vn/p/home/dvc-trang-chu.html"
chi_tieu_giao = {{ ty_le = 80 }}
chu_tri = "hcc"
phuong_phap = "Số liệu tại https://hethongbaocao.thanhhoa.gov.vn/bao-cao-tong-hop"

[nguoi_ky]
chuc_vu = "CHỦ TỊCH"
ho_ten = "Lê Văn A"

[[phu_luc]]
id = "chi-tieu"
loai = "chi-tieu"
ten = "Chỉ tiêu dịch vụ công trực tuyến"
cot = ["stt", "ten", "chi_tieu_giao", "chu_tri", "phuong_phap"]
{choice}"#
    )
}

/// Writes `text` as `dir/ke-hoach-thu.toml`.
fn write_plan(dir: &Path, text: &str) -> String {
    let path = dir.join("ke-hoach-thu.toml");
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

/// The line of `id = "chi-tieu"` in the plan, 1-based.
fn appendix_line(text: &str) -> usize {
    text.lines()
        .position(|l| l == "id = \"chi-tieu\"")
        .expect("the appendix id")
        + 1
}

fn assert_turned_warning(stderr: &str, path: &str, line: usize) {
    for needle in [
        "cảnh báo: Phụ lục (\"Chỉ tiêu dịch vụ công trực tuyến\") in khổ ngang",
        "không vừa chiều ngang trang dọc",
        "(khóa `phu_luc[1]`)",
        &format!("{path}:{line}:"),
        "gợi ý: muốn in khổ dọc thì bớt cột bằng `cot = [...]`",
        "ghi `ngang = true`",
    ] {
        assert!(stderr.contains(needle), "no {needle:?} in:\n{stderr}");
    }
}

fn check_warns_that_an_appendix_is_turned_and_still_says_valid() {
    let dir = tempfile::tempdir().unwrap();
    let text = plan(None);
    let path = write_plan(dir.path(), &text);
    let out = kehoach(&["check", &path]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert_turned_warning(&stderr, &path, appendix_line(&text));
    assert_eq!(stderr.matches("cảnh báo:").count(), 1, "{stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("hợp lệ"));
}

fn render_warns_and_the_appendix_is_landscape() {
    let dir = tempfile::tempdir().unwrap();
    let text = plan(None);
    let path = write_plan(dir.path(), &text);
    let out_dir = dir.path().join("out");
    let out = kehoach(&[
        "render",
        &path,
        "--out",
        &out_dir.display().to_string(),
        "--format",
        "pdf",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert_turned_warning(&stderr, &path, appendix_line(&text));
    let sizes = page_sizes(&out_dir.join("ke-hoach-thu/phu-luc-1.pdf"));
    assert!(
        sizes.iter().all(|(w, h)| w > h),
        "the appendix is landscape: {sizes:?}"
    );
}

fn landscape_stated_silences_the_warning() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_plan(dir.path(), &plan(Some(true)));
    let out = kehoach(&["check", &path]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("cảnh báo"), "{stderr}");
}

fn portrait_stated_keeps_portrait_and_warns_that_words_will_run_over() {
    let dir = tempfile::tempdir().unwrap();
    let text = plan(Some(false));
    let path = write_plan(dir.path(), &text);
    let out = kehoach(&["check", &path]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("in khổ ngang:"), "not turned: {stderr}");
    for needle in [
        "không vừa chiều ngang trang dọc ngay cả khi mỗi cột chỉ rộng bằng chữ dài nhất",
        "chữ sẽ tràn sang ô bên cạnh",
        &format!("{path}:{}:", appendix_line(&text)),
        "gợi ý: bớt cột bằng `cot = [...]`; hoặc bỏ `ngang = false`",
    ] {
        assert!(stderr.contains(needle), "no {needle:?} in:\n{stderr}");
    }
}

fn columns_that_fit_a_portrait_page_give_no_warning() {
    let dir = tempfile::tempdir().unwrap();
    let text = plan(None)
        .replace(
            "https://dichvucong.gov.vn/p/home/dvc-trang-chu.html",
            "Cổng",
        )
        .replace(
            "https://hethongbaocao.thanhhoa.gov.vn/bao-cao-tong-hop",
            "hệ thống báo cáo",
        );
    let path = write_plan(dir.path(), &text);
    let out = kehoach(&["check", &path]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("cảnh báo"), "{stderr}");
}
