//! A partial render never leaves a stale sibling unannounced, since a
//! clerk would print a file that no longer says what the plan says. Quảng
//! Ngọc rendered, one target changed, only the appendices rendered again:
//! the warning names the plan files left with the old value, and pdftotext
//! shows what each file really says.

use std::path::{Path, PathBuf};

use crate::common::{kehoach, normalise, pdf_text, root};

tests! {
    a_partial_render_names_the_files_left_from_the_old_plan needs Pdftotext;
    a_manifest_of_names_alone_is_still_read;
    a_kept_copy_edited_by_hand_is_not_believed;
    an_adjustment_plans_files_left_are_named_with_what_they_print;
    a_changed_original_makes_the_files_left_stale;
    a_symlinked_kept_versions_folder_is_refused_and_nothing_elsewhere_changes;
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

/// A folder with copies of `plans` (names under `plans/`), and where they
/// render to.
fn copies(plans: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    for plan in plans {
        std::fs::copy(root().join("plans").join(plan), dir.path().join(plan)).unwrap();
    }
    let out = dir.path().join("out");
    (dir, out)
}

/// `kehoach render plan --out out extra…`: its exit status and stderr.
fn render_into(plan: &Path, out: &Path, extra: &[&str]) -> (bool, String) {
    let (plan, out) = (plan.display().to_string(), out.display().to_string());
    let mut args = vec![
        "render",
        plan.as_str(),
        "--out",
        out.as_str(),
        "--format",
        "pdf",
    ];
    args.extend_from_slice(extra);
    let run = kehoach(&args);
    (
        run.status.success(),
        String::from_utf8_lossy(&run.stderr).into_owned(),
    )
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from} in {}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// The kept copies of `folder`'s plan versions.
fn kept_copies(folder: &Path) -> Vec<PathBuf> {
    let mut kept: Vec<PathBuf> = std::fs::read_dir(folder.join(".kehoach"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    kept.sort();
    kept
}

/// The kept copy is the only word on what an old file says: one edited by
/// hand is not believed. (It was: the warning then claimed a value the
/// documents do not hold.)
fn a_kept_copy_edited_by_hand_is_not_believed() {
    let (dir, out) = copies(&["quang-ngoc-2026.toml"]);
    let plan = dir.path().join("quang-ngoc-2026.toml");
    assert!(render_into(&plan, &out, &[]).0);
    let folder = out.join("quang-ngoc-2026");
    let [kept] = kept_copies(&folder).try_into().unwrap();
    edit(&kept, "ty_le = 35.4", "ty_le = 99");
    edit(&plan, "ty_le = 35.4", "ty_le = 40");
    let (ok, warning) = render_into(&plan, &out, &["--parts", "phu-luc"]);
    assert!(ok, "{warning}");
    assert!(!warning.contains("99%"), "{warning}");
    let line = warning
        .lines()
        .find(|l| l.contains("ke-hoach.pdf"))
        .unwrap_or_else(|| panic!("ke-hoach.pdf is still named: {warning}"));
    assert!(line.contains("đã bị sửa tay"), "{line}");
    assert!(line.contains(&kept.display().to_string()), "{line}");
}

/// An adjustment's kept version holds its original too, so the files a
/// partial render leaves are named with what they print. (The kept copy's
/// `ban_goc` was looked for in `.kehoach/`, so the warning was always "no
/// version left to compare with".)
fn an_adjustment_plans_files_left_are_named_with_what_they_print() {
    let (dir, out) = copies(&["quang-ngoc-2026.toml", "quang-ngoc-2026-dieu-chinh.toml"]);
    let plan = dir.path().join("quang-ngoc-2026-dieu-chinh.toml");
    assert!(render_into(&plan, &out, &[]).0);
    edit(
        &plan,
        "chi_tieu_giao = { ty_le = 40 }",
        "chi_tieu_giao = { ty_le = 45 }",
    );
    let (ok, warning) = render_into(&plan, &out, &["--parts", "phu-luc"]);
    assert!(ok, "{warning}");
    assert!(!warning.contains("để so sánh"), "{warning}");
    let line = warning
        .lines()
        .find(|l| l.contains("ke-hoach.pdf vẫn ghi"))
        .unwrap_or_else(|| panic!("what ke-hoach.pdf still says: {warning}"));
    assert!(line.contains("là 40% (nay là 45%)"), "{line}");
}

/// What the documents print of an original is part of their version: when
/// only the original changed, the files a partial render leaves are stale.
/// (The version was the plan's text alone, so nothing was said.)
fn a_changed_original_makes_the_files_left_stale() {
    let (dir, out) = copies(&["quang-ngoc-2026.toml", "quang-ngoc-2026-dieu-chinh.toml"]);
    let plan = dir.path().join("quang-ngoc-2026-dieu-chinh.toml");
    assert!(render_into(&plan, &out, &[]).0);
    edit(
        &dir.path().join("quang-ngoc-2026.toml"),
        "chi_tieu_giao = { ty_le = 30 }",
        "chi_tieu_giao = { ty_le = 31 }",
    );
    let (ok, warning) = render_into(&plan, &out, &["--parts", "ke-hoach"]);
    assert!(ok, "{warning}");
    assert!(warning.contains("bản kế hoạch cũ"), "{warning}");
    // The adjustment appendix now lists indicator 1 (31% in the original,
    // 30% in this plan); the file left does not.
    let appendix = warning
        .lines()
        .find(|l| l.contains("phu-luc-3.pdf"))
        .unwrap_or_else(|| panic!("the adjustment appendix left: {warning}"));
    assert!(
        appendix.contains("chưa có dòng") && appendix.contains("Tỷ lệ phủ sóng"),
        "{appendix}"
    );
    assert!(!warning.contains("không so được"), "{warning}");
    // Both versions were kept, each with its original.
    let folder = out.join("quang-ngoc-2026-dieu-chinh");
    for kept in kept_copies(&folder) {
        let text = std::fs::read_to_string(kept).unwrap();
        assert!(text.contains("quang-ngoc-2026.toml"), "{text}");
    }
}

/// The kept-versions folder made a link to a folder elsewhere: the render
/// is refused before anything is written, with the link named, and nothing
/// there is removed or written. (The copies there were removed and new ones
/// written.)
fn a_symlinked_kept_versions_folder_is_refused_and_nothing_elsewhere_changes() {
    if cfg!(not(unix)) {
        return;
    }
    let (dir, out) = copies(&["quang-ngoc-2026.toml"]);
    let plan = dir.path().join("quang-ngoc-2026.toml");
    assert!(render_into(&plan, &out, &[]).0);
    let folder = out.join("quang-ngoc-2026");
    let elsewhere = dir.path().join("ngoai");
    std::fs::create_dir(&elsewhere).unwrap();
    let theirs = elsewhere.join("nguon-0123456789abcdef.toml");
    std::fs::write(&theirs, "của người khác").unwrap();
    std::fs::remove_dir_all(folder.join(".kehoach")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&elsewhere, folder.join(".kehoach")).unwrap();
    let before = std::fs::read(folder.join("ke-hoach.pdf")).unwrap();
    edit(&plan, "ty_le = 35.4", "ty_le = 40");
    let (ok, stderr) = render_into(&plan, &out, &[]);
    assert!(!ok, "{stderr}");
    assert!(
        stderr.contains(".kehoach`") && stderr.contains("liên kết"),
        "{stderr}"
    );
    let there: Vec<_> = std::fs::read_dir(&elsewhere).unwrap().collect();
    assert_eq!(there.len(), 1);
    assert_eq!(std::fs::read_to_string(&theirs).unwrap(), "của người khác");
    assert_eq!(std::fs::read(folder.join("ke-hoach.pdf")).unwrap(), before);
}
