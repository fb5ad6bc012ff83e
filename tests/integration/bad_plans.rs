//! Broken plans: `kehoach check` must find every problem, say it in
//! Vietnamese, point at the right line and column, and exit with code 1.
//!
//! Each file under `tests/bad/` is a small valid plan with one defect (or a
//! few, to prove that every problem is reported at once). Its first comment
//! lines say what must be printed (see `tests/bad/README.md`):
//!
//! ```text
//! # expect: khóa không hợp lệ `viet_tac`      (substring of the `lỗi:` line)
//! # help: có phải ý bạn là `viet_tat`?        (substring of its `gợi ý:` line)
//! # at: 12:1                                  (`--> tests/bad/<file>:12:1`)
//! ```
//!
//! A file must produce exactly as many errors as it has `# expect:` lines,
//! and as many warnings as it has `# warn:` lines (same `# help:` and
//! `# at:`); a file with only `# warn:` lines is a plan that still renders,
//! but not as the clerk meant, so `check` must succeed and warn.
//! Cases that need no comments (an empty file, bytes that are not UTF-8, a
//! directory, a missing file) have their own tests at the end.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

tests! {
    the_base_plan_is_valid;
    the_corpus_is_complete_and_well_formed;
    every_broken_plan_is_reported_as_expected;
    no_broken_plan_makes_kehoach_panic;
    the_whole_corpus_in_one_run_reports_every_file;
    no_diagnostic_is_printed_twice;
    a_missing_top_level_table_is_missing_from_the_file;
    an_empty_file_is_invalid;
    a_file_that_is_not_utf8_is_located;
    a_directory_is_not_a_plan;
    a_missing_file_is_named;
}

/// Words that betray a message left in English by serde or the TOML parser.
const ENGLISH_WORDS: &[&str] = &[
    "expected",
    "invalid",
    "duplicate",
    "unclosed",
    "missing",
    "unknown",
    "unexpected",
    "found",
    "key",
    "value",
    "field",
    "variant",
];

/// The minimal valid plan every corpus file is made from.
const BASE: &str = r#"[van_ban]
loai = "chi-tieu"
xa = "Quảng Ngọc"
ky_hieu = "KH-UBND"
nam = 2026
trich_yeu = "Thực hiện các chỉ tiêu chuyển đổi số năm 2026"

[[don_vi]]
id = "vhxh"
ten = "Phòng Văn hóa - Xã hội"
viet_tat = "VHXH"

[[don_vi]]
id = "kinh-te"
ten = "Phòng Kinh tế"

[[chi_tieu]]
id = "phu-song"
ten = "Tỷ lệ phủ sóng 4G/5G trên dân số"
chi_tieu_giao = { ty_le = 30 }
chu_tri = "vhxh"
phoi_hop = ["kinh-te"]

[[chi_tieu]]
id = "dn-khcn"
ten = "Số doanh nghiệp khoa học và công nghệ"
chi_tieu_giao = { chu = "Khuyến khích" }
chu_tri = "kinh-te"

[nguoi_ky]
quyen_han = "KT"
chuc_vu = "PHÓ CHỦ TỊCH"
ho_ten = "Lê Văn Trường"

[[phu_luc]]
id = "chi-tieu"
loai = "chi-tieu"
ten = "Các chỉ tiêu năm 2026"
"#;

/// At least this many files in the corpus.
const MIN_CASES: usize = 45;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `kehoach check` on `paths` from the crate root.
fn check<S: AsRef<std::ffi::OsStr>>(paths: &[S]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kehoach"))
        .arg("check")
        .args(paths)
        .current_dir(root())
        .output()
        .expect("the kehoach binary runs")
}

/// The corpus file names, sorted.
fn corpus() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root().join("tests/bad"))
        .expect("tests/bad exists")
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".toml"))
        .collect();
    names.sort();
    names
}

/// A scratch directory for files made at test time.
fn scratch(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("bad_plans")
        .join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// What one `# expect:` block asks for.
#[derive(Debug, Default)]
struct Expectation {
    /// `# warn:` rather than `# expect:`.
    warning: bool,
    message: String,
    help: Option<String>,
    at: Option<String>,
}

/// Reads the expectation comments at the top of a corpus file.
fn expectations(text: &str) -> Result<Vec<Expectation>, String> {
    let mut out: Vec<Expectation> = Vec::new();
    for line in text.lines() {
        let Some(comment) = line.strip_prefix('#') else {
            break;
        };
        let comment = comment.trim();
        let opening = comment
            .strip_prefix("expect:")
            .map(|m| (false, m))
            .or_else(|| comment.strip_prefix("warn:").map(|m| (true, m)));
        if let Some((warning, message)) = opening {
            out.push(Expectation {
                warning,
                message: message.trim().to_owned(),
                ..Expectation::default()
            });
        } else if let Some(help) = comment.strip_prefix("help:") {
            let last = out
                .last_mut()
                .ok_or("`# help:` before any `# expect:` or `# warn:`")?;
            last.help = Some(help.trim().to_owned());
        } else if let Some(at) = comment.strip_prefix("at:") {
            let at = at.trim();
            let valid = at
                .split_once(':')
                .is_some_and(|(l, c)| l.parse::<usize>().is_ok() && c.parse::<usize>().is_ok());
            if !valid {
                return Err(format!("`# at: {at}` is not line:column"));
            }
            let last = out
                .last_mut()
                .ok_or("`# at:` before any `# expect:` or `# warn:`")?;
            last.at = Some(at.to_owned());
        }
    }
    if out.is_empty() {
        return Err("no `# expect:` or `# warn:` line at the top of the file".to_owned());
    }
    Ok(out)
}

/// One diagnostic as printed.
#[derive(Debug)]
struct Printed {
    error: bool,
    title: String,
    location: Option<String>,
    help: Option<String>,
}

/// Splits `check`'s stderr into diagnostics.
fn printed(stderr: &str) -> Vec<Printed> {
    let mut out: Vec<Printed> = Vec::new();
    for line in stderr.lines() {
        let heading = line
            .strip_prefix("lỗi: ")
            .map(|t| (true, t))
            .or_else(|| line.strip_prefix("cảnh báo: ").map(|t| (false, t)));
        if let Some((error, title)) = heading {
            out.push(Printed {
                error,
                title: title.to_owned(),
                location: None,
                help: None,
            });
            continue;
        }
        let Some(last) = out.last_mut() else {
            continue;
        };
        let trimmed = line.trim_start();
        if let Some(location) = trimmed.strip_prefix("--> ") {
            last.location
                .get_or_insert_with(|| location.trim().to_owned());
        } else if let Some(help) = trimmed.strip_prefix("= gợi ý: ") {
            last.help.get_or_insert_with(|| help.to_owned());
        }
    }
    out
}

/// The English words in `text`, outside `…` and "…" (which quote the plan).
fn english_words(text: &str) -> Vec<String> {
    let mut prose = String::new();
    let mut quote: Option<char> = None;
    for ch in text.chars() {
        match quote {
            Some(q) if ch == q => quote = None,
            Some(_) => {}
            None if ch == '`' || ch == '"' => quote = Some(ch),
            None => prose.push(ch),
        }
    }
    prose
        .split(|c: char| !c.is_alphabetic())
        .map(str::to_lowercase)
        .filter(|word| ENGLISH_WORDS.contains(&word.as_str()))
        .collect()
}

/// Checks the diagnostics common to every run: Vietnamese, no panic.
fn sane(output: &Output) -> Result<(), String> {
    let stderr = String::from_utf8_lossy(&output.stderr);
    if stderr.contains("panicked") {
        return Err("kehoach panicked".to_owned());
    }
    for d in printed(&stderr) {
        for text in std::iter::once(&d.title).chain(d.help.as_ref()) {
            let words = english_words(text);
            if !words.is_empty() {
                return Err(format!(
                    "English in a message ({}): {text}",
                    words.join(", ")
                ));
            }
        }
    }
    Ok(())
}

/// Runs one corpus file and compares what is printed with its expectations.
fn verify(name: &str) -> Result<(), String> {
    let path = format!("tests/bad/{name}");
    let text = std::fs::read_to_string(root().join(&path)).map_err(|e| e.to_string())?;
    let expected = expectations(&text)?;
    let output = check(&[&path]);
    let errors_expected = expected.iter().filter(|e| !e.warning).count();
    let want_code = if errors_expected > 0 { 1 } else { 0 };
    if output.status.code() != Some(want_code) {
        return Err(format!(
            "exit code {:?}, want {want_code}",
            output.status.code()
        ));
    }
    sane(&output)?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    let mut problems = Vec::new();
    for warning in [false, true] {
        let printed: Vec<Printed> = printed(&stderr)
            .into_iter()
            .filter(|d| d.error != warning)
            .collect();
        let wanted: Vec<&Expectation> = expected.iter().filter(|e| e.warning == warning).collect();
        match_all(&path, &printed, &wanted, &mut problems);
        if printed.len() != wanted.len() {
            problems.push(format!(
                "{} {} printed, {} expected",
                printed.len(),
                if warning { "warnings" } else { "errors" },
                wanted.len()
            ));
        }
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let summary = if errors_expected > 0 {
        format!("{path}: {errors_expected} lỗi")
    } else {
        format!("{path}: hợp lệ")
    };
    if !stderr
        .lines()
        .chain(stdout.lines())
        .any(|line| line == summary)
    {
        problems.push(format!("no summary line `{summary}`"));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("{}\n--- stderr ---\n{stderr}", problems.join("\n")))
    }
}

/// Pairs each expectation with one printed diagnostic of its kind.
fn match_all(path: &str, printed: &[Printed], wanted: &[&Expectation], problems: &mut Vec<String>) {
    let mut used = vec![false; printed.len()];
    for want in wanted {
        let location = want.at.as_ref().map(|at| format!("{path}:{at}"));
        let found = printed.iter().enumerate().position(|(i, d)| {
            !used[i]
                && d.title.contains(&want.message)
                && want
                    .help
                    .as_ref()
                    .is_none_or(|h| d.help.as_ref().is_some_and(|dh| dh.contains(h.as_str())))
                && match &location {
                    Some(location) => d.location.as_deref() == Some(location.as_str()),
                    None => d.location.as_ref().is_some_and(|l| l.starts_with(path)),
                }
        });
        match found {
            Some(i) => used[i] = true,
            None => problems.push(format!(
                "no {} matches: `{}`, help {:?}, at {}",
                if want.warning { "warning" } else { "error" },
                want.message,
                want.help,
                location.as_deref().unwrap_or("(any)")
            )),
        }
    }
}

/// Whether a corpus file expects errors (else only warnings).
fn expects_errors(name: &str) -> bool {
    let text = std::fs::read_to_string(root().join("tests/bad").join(name)).unwrap();
    expectations(&text)
        .unwrap_or_default()
        .iter()
        .any(|e| !e.warning)
}

fn the_base_plan_is_valid() {
    let path = scratch("base").join("base.toml");
    std::fs::write(&path, BASE).unwrap();
    let output = check(&[&path]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn the_corpus_is_complete_and_well_formed() {
    let names = corpus();
    assert!(
        names.len() >= MIN_CASES,
        "only {} files in tests/bad",
        names.len()
    );
    let mut numbers = BTreeSet::new();
    let mut multi = 0;
    for name in &names {
        let (number, rest) = name.split_once('-').unwrap_or(("", ""));
        assert!(
            (2..=3).contains(&number.len())
                && number.chars().all(|c| c.is_ascii_digit())
                && !rest.is_empty(),
            "{name}: name it NN-<what>.toml or NNN-<what>.toml"
        );
        assert!(
            numbers.insert(number.to_owned()),
            "{name}: number used twice"
        );
        let text = std::fs::read_to_string(root().join("tests/bad").join(name)).unwrap();
        let expected = expectations(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        if expected.len() > 1 {
            multi += 1;
        }
    }
    assert!(
        multi >= 3,
        "only {multi} files with several problems at once"
    );
    assert!(names.len() >= MIN_CASES, "fewer than {MIN_CASES} cases");
}

fn every_broken_plan_is_reported_as_expected() {
    let failures: Vec<String> = corpus()
        .iter()
        .filter_map(|name| verify(name).err().map(|e| format!("=== {name}\n{e}")))
        .collect();
    assert!(
        failures.is_empty(),
        "{} of the corpus files are not reported as expected:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

fn no_broken_plan_makes_kehoach_panic() {
    for name in corpus() {
        let output = check(&[format!("tests/bad/{name}")]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.contains("panicked"), "{name}: panic\n{stderr}");
        assert_ne!(output.status.code(), Some(101), "{name}: panic\n{stderr}");
        let want = if expects_errors(&name) { 1 } else { 0 };
        assert_eq!(
            output.status.code(),
            Some(want),
            "{name}: exit code\n{stderr}"
        );
    }
}

fn the_whole_corpus_in_one_run_reports_every_file() {
    let names = corpus();
    let paths: Vec<String> = names.iter().map(|n| format!("tests/bad/{n}")).collect();
    let output = check(&paths);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    for (name, path) in names.iter().zip(&paths) {
        let prefix = format!("{path}: ");
        let ending = if expects_errors(name) {
            " lỗi"
        } else {
            " hợp lệ"
        };
        assert!(
            stderr
                .lines()
                .chain(stdout.lines())
                .any(|l| l.starts_with(&prefix) && l.ends_with(ending)),
            "no summary for {path}"
        );
    }
}

/// One problem is said once: across the whole corpus, no diagnostic is
/// printed twice with the same message at the same place.
fn no_diagnostic_is_printed_twice() {
    let paths: Vec<String> = corpus().iter().map(|n| format!("tests/bad/{n}")).collect();
    let output = check(&paths);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let mut seen = BTreeSet::new();
    let mut twice = Vec::new();
    let all = printed(&stderr);
    assert!(all.len() >= paths.len(), "{stderr}");
    for d in all {
        let Some(location) = d.location.clone() else {
            continue;
        };
        // The file, line and message; the column is left out so that one
        // problem reported at two columns of its line still counts twice.
        let line = location
            .rsplit_once(':')
            .map_or(location.as_str(), |(l, _)| l)
            .to_owned();
        if !seen.insert((line.clone(), d.title.clone())) {
            twice.push(format!("{line}: {}", d.title));
        }
    }
    assert!(twice.is_empty(), "printed twice:\n{}", twice.join("\n"));
}

/// BASE without the lines from `from` up to (not including) `to`.
fn base_without(from: &str, to: &str) -> String {
    let start = BASE.find(from).unwrap();
    let end = BASE.find(to).unwrap();
    format!("{}{}", &BASE[..start], &BASE[end..])
}

/// A missing top-level table is missing from the file, not from the table
/// the file begins with (corpus files begin with comments, so they cannot
/// show this): once, "trong tệp".
fn a_missing_top_level_table_is_missing_from_the_file() {
    let dir = scratch("missing-top-level");
    for (key, text) in [
        ("nguoi_ky", base_without("[nguoi_ky]", "[[phu_luc]]")),
        ("van_ban", base_without("[van_ban]", "[[don_vi]]")),
    ] {
        let path = dir.join(format!("thieu-{key}.toml"));
        std::fs::write(&path, text).unwrap();
        let stderr = check_special(&path);
        let errors: Vec<Printed> = printed(&stderr).into_iter().filter(|d| d.error).collect();
        assert_eq!(errors.len(), 1, "{stderr}");
        assert!(
            errors[0]
                .title
                .starts_with(&format!("thiếu khóa bắt buộc `{key}` trong tệp")),
            "{stderr}"
        );
    }
}

/// Runs `check` on a file made at test time; returns its stderr after the
/// checks every such case shares.
fn check_special(path: &Path) -> String {
    let output = check(&[path]);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    if let Err(e) = sane(&output) {
        panic!("{e}\n{stderr}");
    }
    assert!(stderr.starts_with("lỗi: "), "{stderr}");
    assert!(
        stderr.contains(&path.display().to_string()),
        "the path is not named\n{stderr}"
    );
    stderr
}

fn an_empty_file_is_invalid() {
    let path = scratch("empty").join("trong.toml");
    std::fs::write(&path, "").unwrap();
    let stderr = check_special(&path);
    assert!(stderr.contains("thiếu khóa bắt buộc `van_ban`"), "{stderr}");
}

fn a_file_that_is_not_utf8_is_located() {
    let path = scratch("not-utf8").join("sai-ma.toml");
    let good = r#"xa = "Quảng Ngọc""#;
    let at = BASE.find(good).unwrap() + r#"xa = "Qu"#.len();
    let mut bytes = BASE.as_bytes().to_vec();
    bytes.splice(at..at + "ả".len(), *b"\xff\xfe");
    std::fs::write(&path, &bytes).unwrap();
    let stderr = check_special(&path);
    let before = &BASE[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap().chars().count() + 1;
    assert!(
        stderr.contains(&format!(
            "tệp không phải văn bản UTF-8 (byte thứ {} không hợp lệ)",
            at + 1
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("--> {}:{line}:{column}", path.display())),
        "want line {line}, column {column}\n{stderr}"
    );
    assert!(
        stderr.contains("gợi ý: lưu lại tệp với mã hóa UTF-8"),
        "{stderr}"
    );
}

fn a_directory_is_not_a_plan() {
    let path = scratch("directory").join("ke-hoach.toml");
    std::fs::create_dir(&path).unwrap();
    let stderr = check_special(&path);
    assert!(stderr.contains("đây là một thư mục"), "{stderr}");
}

fn a_missing_file_is_named() {
    let path = scratch("missing").join("khong-co.toml");
    let stderr = check_special(&path);
    assert!(stderr.contains("không tìm thấy tệp"), "{stderr}");
}
