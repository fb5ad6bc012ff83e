//! Appendices read back from the PDFs: every indicator and task in order
//! with its number and target, totals and words, the staff form, and the
//! header row repeated on every page.

use std::fmt::Write;
use std::path::Path;

use crate::common::*;

tests! {
    quang_ngoc_indicator_appendix_lists_every_indicator_in_order needs Pdftotext;
    a_changed_target_changes_body_and_appendix_and_leaves_no_trace needs Pdftotext;
    a_thousand_indicators_repeat_the_header_row_on_every_page needs Pdftotext;
    an_nong_task_groups_and_nested_numbers_come_in_order needs Pdftotext;
    ha_long_groups_two_level_header_total_and_words needs Pdftotext;
}

/// Asserts each of `needles` is found after the previous one. Whitespace
/// is ignored: a narrow cell may wrap "đăng ký/năm" after the slash.
fn assert_in_order(haystack: &str, needles: &[String]) {
    let squash = |s: &str| s.split_whitespace().collect::<String>();
    let haystack = squash(haystack);
    let mut from = 0;
    for needle in needles {
        let needle = squash(needle);
        match haystack[from..].find(needle.as_str()) {
            Some(at) => from += at + needle.len(),
            None => panic!("{needle:?} not found (in order) in:\n{haystack}"),
        }
    }
}

fn quang_ngoc_indicator_appendix_lists_every_indicator_in_order() {
    let (_dir, out) = render(
        Path::new("plans/quang-ngoc-2026.toml"),
        &["--parts", "phu-luc"],
    );
    assert!(
        !out.join("ke-hoach.pdf").exists(),
        "--parts phu-luc writes only appendices"
    );
    let text = normalise(&pdf_text_raw(&out.join("phu-luc-1.pdf"), None));
    assert!(text.starts_with("PHỤ LỤC I "), "{text}");
    assert!(
        text.contains(
            "(Kèm theo Kế hoạch số: /KH-UBND ngày tháng năm 2026 của UBND xã Quảng Ngọc)"
        )
    );
    let rows: Vec<String> = [
        (
            "1",
            "Tỷ lệ phủ sóng mạng di động băng rộng 4G/5G trên dân số",
            "30%",
        ),
        (
            "2",
            "Tỷ lệ cán bộ, công chức cấp xã được bồi dưỡng kỹ năng số căn bản",
            "100%",
        ),
        (
            "3a",
            "Tỷ lệ dân số trưởng thành tiếp cận dịch vụ số trong y tế",
            "80%",
        ),
        (
            "3d",
            "Tỷ lệ dân số trưởng thành tiếp cận dịch vụ số trong giao thông",
            "80%",
        ),
        (
            "4",
            "Số lượng doanh nghiệp khoa học và công nghệ trên địa bàn",
            "Khuyến khích",
        ),
        (
            "7",
            "Số lượng đơn đăng ký sở hữu trí tuệ mỗi năm",
            "2-3 đơn đăng ký/năm",
        ),
        ("16", "Tỷ lệ người dân trưởng thành có chữ ký số", "35,4%"),
    ]
    .iter()
    .map(|(stt, name, target)| format!("{stt} {name} {target}"))
    .collect();
    assert_in_order(&text, &rows);
    assert!(!text.contains("35.4"), "decimal comma");
    let staff = normalise(&pdf_text_raw(&out.join("phu-luc-2.pdf"), None));
    assert!(staff.starts_with("PHỤ LỤC II DANH SÁCH"), "{staff}");
    let units: Vec<String> = [
        "1 Phòng Văn hóa - Xã hội",
        "2 Phòng Kinh tế",
        "3 Trung tâm Phục vụ hành chính công",
        "4 Công an xã",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    assert_in_order(&staff, &units);
    assert!(staff.contains(
        "TT Phòng ban, cơ quan, đơn vị Họ và tên cán bộ thực hiện Số điện thoại Ghi chú"
    ));
}

fn a_changed_target_changes_body_and_appendix_and_leaves_no_trace() {
    let plan = std::fs::read_to_string(root().join("plans/quang-ngoc-2026.toml")).unwrap();
    assert_eq!(plan.matches("ty_le = 35.4").count(), 1);
    let edited = plan.replace("ty_le = 35.4", "ty_le = 42.7");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("quang-ngoc-2026.toml");
    std::fs::write(&path, edited).unwrap();

    let (_a, only_appendices) = render(&path, &["--parts", "phu-luc"]);
    let appendix = normalise(&pdf_text_raw(&only_appendices.join("phu-luc-1.pdf"), None));
    assert!(appendix.contains("Tỷ lệ người dân trưởng thành có chữ ký số 42,7%"));
    assert!(!appendix.contains("35,4"));

    let (_b, all) = render(&path, &[]);
    let body = normalise(&pdf_text(&all.join("ke-hoach.pdf"), None));
    assert!(body.contains("- Chỉ tiêu giao: xã Quảng Ngọc đạt 42,7%"));
    assert!(!body.contains("35,4"));
    let alone = normalise(&pdf_text_raw(&all.join("phu-luc-1.pdf"), None));
    assert!(alone.contains("42,7%") && !alone.contains("35,4"));
}

fn a_thousand_indicators_repeat_the_header_row_on_every_page() {
    let mut plan = String::from(
        r#"[van_ban]
loai = "chi-tieu"
xa = "Thử Nghiệm"
ky_hieu = "KH-UBND"
nam = 2026
trich_yeu = "Kế hoạch lớn"

[[don_vi]]
id = "vhxh"
ten = "Phòng Văn hóa - Xã hội"

[nguoi_ky]
chuc_vu = "CHỦ TỊCH"
ho_ten = "Nguyễn Văn A"

[[phu_luc]]
id = "chi-tieu"
loai = "chi-tieu"
ten = "Một nghìn chỉ tiêu"
"#,
    );
    for i in 1..=1000 {
        let _ = write!(
            plan,
            "\n[[chi_tieu]]\nid = \"ct-{i}\"\nten = \"Chỉ tiêu thử số {i}\"\nchi_tieu_giao = {{ ty_le = {} }}\nchu_tri = \"vhxh\"\n",
            i % 100
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lon.toml");
    std::fs::write(&path, plan).unwrap();
    let (_out_dir, out) = render(&path, &["--parts", "phu-luc"]);
    let pdf = out.join("phu-luc-1.pdf");
    let pages = page_sizes(&pdf).len();
    assert!(pages > 20, "1,000 rows span many pages, got {pages}");
    for page in 1..=pages {
        let text = normalise(&pdf_text_raw(&pdf, Some((page, page))));
        assert!(
            text.contains("STT Tên chỉ tiêu Chỉ tiêu giao Cơ quan chủ trì"),
            "page {page} lacks the header row: {text}"
        );
    }
    let all = normalise(&pdf_text_raw(&pdf, None));
    assert!(all.contains("1000 Chỉ tiêu thử số 1000 0%"));
}

fn an_nong_task_groups_and_nested_numbers_come_in_order() {
    let (_dir, out) = render(
        Path::new("plans/an-nong-2026.toml"),
        &["--parts", "phu-luc", "--format", "pdf"],
    );
    let tasks = normalise(&pdf_text_raw(&out.join("phu-luc-1.pdf"), None));
    let rows: Vec<String> = [
        "STT Nhiệm vụ Đơn vị chủ trì Đơn vị phối hợp Thời gian",
        "I Văn bản chỉ đạo",
        "1 Rà soát, bổ sung, sửa đổi các văn bản",
        "II Nâng cao nhận thức về chuyển đổi số",
        "III Hạ tầng số, nền tảng số",
        "IV Chính quyền số",
        "4 Các hệ thống thông tin phục vụ chính quyền số",
        "4.1 Hoàn thiện các hệ thống thông tin phục vụ",
        "4.4 Tổ chức thực hiện các giải pháp",
        "V Kinh tế số",
        "3.4 Hướng dẫn người dân sử dụng các phương thức thanh toán",
        "VI Xã hội số",
        "7 Xây dựng các tài liệu tuyên truyền",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    assert_in_order(&tasks, &rows);
    let indicators = normalise(&pdf_text_raw(&out.join("phu-luc-2.pdf"), None));
    let rows: Vec<String> = [
        "PHỤ LỤC II",
        "(Kèm theo Kế hoạch số: /KH-UBND ngày tháng năm 2026 của UBND xã An Nông)",
        "1 Tỷ lệ phủ sóng mạng di động băng rộng 4G/5G trên dân số 30%",
        "3a Tỷ lệ dân số trưởng thành tiếp cận dịch vụ số trong y tế",
        "3d Tỷ lệ dân số trưởng thành tiếp cận dịch vụ số trong giao thông",
        "16 Tỷ lệ người dân trưởng thành có chữ ký số 35,4%",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    assert_in_order(&indicators, &rows);
    assert!(!indicators.contains("35.4"));
}

fn ha_long_groups_two_level_header_total_and_words() {
    let (_dir, out) = render(Path::new("plans/ha-long-2025.toml"), &["--format", "pdf"]);
    let indicators = normalise(&pdf_text_raw(&out.join("phu-luc-1.pdf"), None));
    let rows: Vec<String> = [
        "Phân công nhiệm vụ",
        "Thực hiện Phối hợp",
        "I PHÁT TRIỂN HẠ TẦNG",
        "1 Tỉ lệ phủ sóng 5G trên địa bàn % 60% Phòng Văn hóa - Xã hội",
        "II PHÁT TRIỂN NGUỒN LỰC",
        "V PHÁT TRIỂN CHUYỂN ĐỔI SỐ",
        "21 ",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    assert_in_order(&indicators, &rows);
    let budget = normalise(&pdf_text_raw(&out.join("phu-luc-2.pdf"), None));
    assert!(budget.contains("Tổng cộng 3.277"), "{budget}");
    assert!(budget.contains("(Bằng chữ: Ba tỷ hai trăm bảy mươi bảy triệu đồng)"));
    assert!(!budget.contains("3.277.0000.000"));
    // The counts in the body are derived from the groups, never typed.
    let body = normalise(&pdf_text(&out.join("ke-hoach.pdf"), None));
    assert!(body.contains("Gồm 05 nhóm chỉ tiêu, với 21 chỉ tiêu cụ thể:"));
    assert!(body.contains("(5) Nhóm phát triển chuyển đổi số: 14 chỉ tiêu."));
    assert!(body.contains("(Nội dung chi tiết tại Phụ lục I kèm theo)"));
}
