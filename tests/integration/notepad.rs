//! Plans as Windows editors save them read as the plain ones, on every
//! system: Notepad's byte order mark and CR LF line ends change neither
//! the documents (byte for byte) nor a message (same line, same column,
//! no stray mark in the quoted line); a file saved as UTF-16 ("Unicode")
//! is named as such, with the fix.

use std::path::Path;
use std::process::Output;

use crate::common;

tests! {
    every_bundled_plan_saved_by_notepad_renders_to_the_same_bytes;
    a_broken_plan_saved_by_notepad_is_reported_as_the_plain_one;
    a_plan_saved_as_utf16_is_refused_with_the_fix;
}

/// A plan as Notepad saves it: a byte order mark, CR LF line ends.
fn as_notepad_saves(text: &str) -> Vec<u8> {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(text.replace('\n', "\r\n").as_bytes());
    bytes
}

fn kehoach(dir: &Path, args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_kehoach"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the kehoach binary runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

/// Every file under `dir` (hidden ones too) with its bytes, by relative path.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut found = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else {
                let name = path.strip_prefix(dir).unwrap().display().to_string();
                found.push((name, std::fs::read(&path).unwrap()));
            }
        }
    }
    found.sort();
    found
}

fn every_bundled_plan_saved_by_notepad_renders_to_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let (plain, notepad) = (dir.path().join("plain"), dir.path().join("notepad"));
    std::fs::create_dir_all(&plain).unwrap();
    std::fs::create_dir_all(&notepad).unwrap();
    for entry in std::fs::read_dir(common::root().join("plans")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap();
        let source = std::fs::read_to_string(&path).unwrap();
        std::fs::write(plain.join(name), &source).unwrap();
        std::fs::write(notepad.join(name), as_notepad_saves(&source)).unwrap();
    }
    for folder in [&plain, &notepad] {
        let made = kehoach(folder, &["render", ".", "--out", "out"]);
        assert!(made.status.success(), "{}", stderr(&made));
    }
    let (a, b) = (files(&plain.join("out")), files(&notepad.join("out")));
    assert!(a.len() >= 30, "every plan's files: {}", a.len());
    let names = |set: &[(String, Vec<u8>)]| set.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&a), names(&b));
    for ((name, x), (_, y)) in a.iter().zip(&b) {
        // The manifests too: the plan's version is that of its text.
        assert!(x == y, "{name} differs");
    }
}

fn a_broken_plan_saved_by_notepad_is_reported_as_the_plain_one() {
    let dir = tempfile::tempdir().unwrap();
    let notepad = dir.path().join("notepad");
    std::fs::create_dir_all(&notepad).unwrap();
    let cases = [
        // A wrong type on line 3, a problem on line 1 (after the mark),
        // and a syntax error inside a multi-line string's table.
        (
            "sai-kieu.toml",
            "[van_ban]\nloai = \"chi-tieu\"\nxa = 5\n",
            "sai-kieu.toml:3:6",
        ),
        ("dau.toml", "loai = 3\n", "dau.toml:1:1\n"),
        (
            "cu-phap.toml",
            "[van_ban]\nmo_dau = \"\"\"\ndòng một\ndòng hai\"\"\"\nxa = \"Quảng\n",
            "cu-phap.toml:5:",
        ),
    ];
    for (name, plain, place) in cases {
        std::fs::write(dir.path().join(name), plain).unwrap();
        std::fs::write(notepad.join(name), as_notepad_saves(plain)).unwrap();
        let expected = kehoach(dir.path(), &["check", name]);
        let got = kehoach(&notepad, &["check", name]);
        assert_eq!(got.status.code(), Some(1), "{name}");
        let said = stderr(&got);
        assert_eq!(said, stderr(&expected), "{name}");
        assert!(said.contains(&format!("--> {place}")), "{name}: {said}");
        assert!(
            !said.contains('\u{feff}') && !said.contains('\r') && !said.contains('␍'),
            "{name}: no mark or carriage return quoted: {said:?}"
        );
    }
}

fn a_plan_saved_as_utf16_is_refused_with_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    let source = std::fs::read_to_string(common::root().join("plans/quang-yen-2025.toml")).unwrap();
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(source.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(dir.path().join("unicode.toml"), bytes).unwrap();
    let got = kehoach(dir.path(), &["check", "unicode.toml"]);
    assert_eq!(got.status.code(), Some(1));
    let said = stderr(&got);
    assert!(said.contains("UTF-16"), "{said}");
    assert!(said.contains("Mã hóa: UTF-8"), "the fix: {said}");
}
