//! A partial render never leaves a stale sibling unannounced, since a
//! clerk would print a file that no longer says what the plan says. Quảng
//! Ngọc rendered, one target changed, only the appendices rendered again:
//! the warning names the plan files left with the old value, and pdftotext
//! shows what each file really says.

use crate::common::{kehoach, normalise, pdf_text, root};

tests! {
    a_partial_render_names_the_files_left_from_the_old_plan needs Pdftotext;
    a_manifest_of_names_alone_is_still_read;
}

fn a_partial_render_names_the_files_left_from_the_old_plan() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("quang-ngoc-2026.toml");
    let text = std::fs::read_to_string(root().join("plans/quang-ngoc-2026.toml")).unwrap();
    std::fs::write(&plan, &text).unwrap();
    let out_root = dir.path().join("out");
    let (plan_arg, out_arg) = (plan.display().to_string(), out_root.display().to_string());
    let render = |extra: &[&str]| {
        let mut args = vec!["render", plan_arg.as_str(), "--out", out_arg.as_str()];
        args.extend_from_slice(extra);
        let out = kehoach(&args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let first = render(&[]);
    assert!(!first.contains("cảnh báo"), "{first}");

    let raised = text.replacen(
        "chi_tieu_giao = { ty_le = 35.4 }",
        "chi_tieu_giao = { ty_le = 40 }",
        1,
    );
    assert_ne!(raised, text);
    std::fs::write(&plan, &raised).unwrap();
    let warning = render(&["--parts", "phu-luc"]);
    for file in ["ke-hoach.pdf", "ke-hoach.docx"] {
        let line = warning
            .lines()
            .find(|l| l.contains(&format!("{file} vẫn ghi chỉ tiêu 16")))
            .unwrap_or_else(|| panic!("no line for {file} in:\n{warning}"));
        assert!(line.contains("là 35,4% (nay là 40%)"), "{line}");
        assert!(
            line.contains("mục III.5") && line.contains("Phụ lục I (dòng 16)"),
            "{line}"
        );
    }
    // The appendices were rewritten, so they are not named.
    assert!(!warning.contains("phu-luc-1.pdf vẫn"), "{warning}");
    assert!(
        warning.contains(&format!("kehoach render {plan_arg} --out {out_arg}")),
        "{warning}"
    );

    // Nothing was rewritten behind the user's back: the plan still says 35,4%.
    let folder = out_root.join("quang-ngoc-2026");
    let body = normalise(&pdf_text(&folder.join("ke-hoach.pdf"), None));
    assert!(body.contains("xã Quảng Ngọc đạt 35,4%"), "{body}");
    let appendix = normalise(&pdf_text(&folder.join("phu-luc-1.pdf"), None));
    assert!(
        appendix.contains("40%") && !appendix.contains("35,4%"),
        "{appendix}"
    );
    // Both versions are kept while files of both are in the folder.
    let kept = std::fs::read_dir(folder.join(".kehoach")).unwrap().count();
    assert_eq!(kept, 2);

    // A full render leaves nothing stale, and only the current version kept.
    let full = render(&[]);
    assert!(!full.contains("cảnh báo"), "{full}");
    let body = normalise(&pdf_text(&folder.join("ke-hoach.pdf"), None));
    assert!(body.contains("xã Quảng Ngọc đạt 40%"), "{body}");
    let kept = std::fs::read_dir(folder.join(".kehoach")).unwrap().count();
    assert_eq!(kept, 1);
    let manifest = std::fs::read_to_string(folder.join(".kehoach-manifest")).unwrap();
    let hashes: std::collections::BTreeSet<&str> = manifest
        .lines()
        .filter_map(|l| l.split('\t').nth(1))
        .collect();
    assert_eq!(hashes.len(), 1, "{manifest}");
}

fn a_manifest_of_names_alone_is_still_read() {
    let dir = tempfile::tempdir().unwrap();
    let out_root = dir.path().join("out");
    let folder = out_root.join("quang-ngoc-2026");
    std::fs::create_dir_all(&folder).unwrap();
    // An earlier kehoach listed an appendix the plan no longer has.
    std::fs::write(folder.join("phu-luc-9.pdf"), b"cu").unwrap();
    std::fs::write(folder.join(".kehoach-manifest"), "phu-luc-9.pdf\n").unwrap();
    let out = kehoach(&[
        "render",
        "plans/quang-ngoc-2026.toml",
        "--out",
        &out_root.display().to_string(),
        "--format",
        "pdf",
        "--parts",
        "ke-hoach",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!folder.join("phu-luc-9.pdf").exists());
    let manifest = std::fs::read_to_string(folder.join(".kehoach-manifest")).unwrap();
    assert!(manifest.starts_with("ke-hoach.pdf\t"), "{manifest}");
}
