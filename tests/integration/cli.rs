//! The command line speaks Vietnamese, including clap's usage errors, and
//! answers wrong usage with exit code 2.

use crate::common::*;

tests! {
    usage_errors_are_vietnamese_with_exit_code_2;
    help_is_vietnamese;
    a_missing_font_folder_is_a_usage_error;
}

fn usage_errors_are_vietnamese_with_exit_code_2() {
    for (args, expected) in [
        (&["check"][..], "thiếu tham số bắt buộc"),
        (&["rendr", "x.toml"][..], "có phải ý bạn là `render`?"),
        (
            &["render", "x.toml", "--format", "odt"][..],
            "chọn một trong: all, pdf, docx",
        ),
        (
            &["render", "x.toml", "--outt", "y"][..],
            "có phải ý bạn là `--out`?",
        ),
        // A period where the year belongs: the plan's year is its first.
        (
            &[
                "new",
                "chi-tieu",
                "--xa",
                "Quảng Ngọc",
                "--nam",
                "2026-2030",
            ][..],
            "ghi năm đầu: --nam 2026",
        ),
        (
            &[
                "new",
                "chi-tieu",
                "--xa",
                "Quảng Ngọc",
                "--nam",
                "hai nghìn",
            ][..],
            "viết năm bằng bốn chữ số",
        ),
        (
            &["new", "chi-tieu", "--xa", "Quảng Ngọc", "--nam", "20260"][..],
            "năm phải trong khoảng 1900–2100",
        ),
    ] {
        let result = kehoach(args);
        assert_eq!(result.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&result.stderr);
        assert!(stderr.starts_with("lỗi: "), "{stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        for english in ["error:", "Usage:", "For more information"] {
            assert!(!stderr.contains(english), "{args:?}: {stderr}");
        }
    }
}

fn help_is_vietnamese() {
    let result = kehoach(&["render", "--help"]);
    assert!(result.status.success());
    let help = String::from_utf8_lossy(&result.stdout);
    assert!(help.contains("Cách dùng: kehoach render"), "{help}");
    assert!(help.contains("Tùy chọn:"));
    for english in [
        "Usage:",
        "Options:",
        "Arguments:",
        "[default:",
        "Print help",
    ] {
        assert!(!help.contains(english), "{help}");
    }
}

fn a_missing_font_folder_is_a_usage_error() {
    let result = kehoach(&[
        "render",
        "plans/quang-ngoc-2026.toml",
        "--font-dir",
        "/khong/co",
    ]);
    assert_eq!(result.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&result.stderr).contains("không đọc được thư mục phông"));
}
