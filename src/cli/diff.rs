//! `kehoach diff` end to end: the old version read from a file, stdin
//! (`-`) or a git revision of the new file, both checked as usual, the
//! changes printed; it ends as `diff` does (`Exit::Differ` …).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::exit::Exit;
use kehoach::input::read_stream_bounded;
use kehoach::limits::LIMITS;
use kehoach::pipeline::{Checked, check_file, check_text_beside};
use kehoach::templates::Templates;

/// Where the old version comes from.
pub enum Old {
    File(PathBuf),
    /// `-`: standard input (`git show HEAD~1:plans/x.toml | kehoach diff - …`).
    Stdin,
    /// `--git REV`: the new file as it was at revision REV.
    Git(String),
}

/// Runs `kehoach diff`; prints the report, says how it ended.
pub fn run(old: &Old, new: &Path, templates: &Templates) -> Exit {
    let old_checked = match old {
        Old::File(path) => check_file(path, templates),
        Old::Stdin => match read_stdin() {
            // The old version of `new`: its originals are beside it.
            Ok(text) => check_text_beside(Path::new("(đầu vào chuẩn)"), text, new, templates),
            Err(message) => {
                eprintln!("lỗi: không đọc được bản cũ từ đầu vào chuẩn: {message}");
                return Exit::CannotCompare;
            }
        },
        Old::Git(rev) => match git_show(new, rev) {
            Ok((name, text)) => check_text_beside(Path::new(&name), text, new, templates),
            Err(message) => {
                eprintln!("lỗi: {message}");
                return Exit::CannotCompare;
            }
        },
    };
    let new_checked = check_file(new, templates);
    let (Some(a), Some(b)) = (
        valid(&old_checked, "bản cũ"),
        valid(&new_checked, "bản mới"),
    ) else {
        return Exit::CannotCompare;
    };
    let changes = kehoach::diff::compare(a, b, templates);
    print!(
        "{}",
        kehoach::diff::report(
            &changes,
            &old_checked.source().display_path(),
            &new_checked.source().display_path()
        )
    );
    if changes.is_empty() {
        Exit::Done
    } else {
        Exit::Differ
    }
}

/// The checked plan, or its diagnostics printed.
fn valid<'c>(checked: &'c Checked, which: &str) -> Option<&'c kehoach::check::CheckedPlan> {
    if !checked.diagnostics().is_empty() && checked.plan().is_none() {
        eprintln!("{}", checked.render_diagnostics());
    }
    if checked.plan().is_none() {
        eprintln!(
            "lỗi: {which} `{}` có {} lỗi, không so sánh được (sửa rồi chạy lại)",
            checked.source().display_path(),
            checked.error_count()
        );
    }
    checked.plan()
}

fn utf8(bytes: Vec<u8>) -> Result<String, String> {
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "không phải văn bản UTF-8 (byte thứ {} không hợp lệ)",
            e.utf8_error().valid_up_to() + 1
        )
    })
}

fn read_stdin() -> Result<String, String> {
    let bytes = read_stream_bounded(std::io::stdin().lock(), LIMITS.plan_bytes)
        .map_err(|e| e.to_string())?;
    utf8(bytes)
}

/// `new` as it was at `rev`, read with `git show` in the file's own
/// repository; returns its name for messages ("HEAD~1:plans/x.toml") and
/// its text.
pub fn git_show(new: &Path, rev: &str) -> Result<(String, String), String> {
    let dir = match new.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let file = new
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| format!("`{}` không phải một tệp", new.display()))?;
    if rev.trim().is_empty() {
        // `git show :./x.toml` would silently read the index.
        return Err(
            "--git cần tên một phiên bản, ví dụ --git HEAD~1 (để trống thì git so với vùng chờ commit)"
                .to_owned(),
        );
    }
    if rev.starts_with('-') {
        return Err(format!(
            "phiên bản git `{rev}` không hợp lệ; ví dụ --git HEAD~1"
        ));
    }
    let prefix = git(dir, &["rev-parse", "--show-prefix"]).map_err(|e| {
        format!(
            "`{}` không nằm trong một kho git ({e}); dùng `kehoach diff CŨ.toml MỚI.toml`",
            dir.display()
        )
    })?;
    let name = format!("{rev}:{}{file}", prefix.trim_end());
    let text = git(dir, &["show", &format!("{rev}:./{file}")]).map_err(|e| {
        format!("không lấy được `{name}` từ git: {e} (kiểm tra tên phiên bản và tệp đã được commit ở phiên bản ấy chưa)")
    })?;
    Ok((name, text))
}

/// Runs git in `dir`; its output (bounded), or its message.
fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    let mut child = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("không chạy được git: {e}"))?;
    let stdout = child.stdout.take();
    let bytes = stdout.map(|s| read_stream_bounded(s, LIMITS.plan_bytes));
    let stderr = child
        .stderr
        .take()
        .map(|s| read_stream_bounded(s, 64 * 1024).unwrap_or_default())
        .unwrap_or_default();
    let bytes = match bytes {
        Some(Ok(b)) => b,
        Some(Err(err)) => {
            let _ = child.kill();
            let _ = child.wait();
            return Err(err.to_string());
        }
        None => Vec::new(),
    };
    let status = child.wait().map_err(|e| e.to_string())?;
    if !status.success() {
        let message = String::from_utf8_lossy(&stderr).trim().to_owned();
        return Err(if message.is_empty() {
            format!("git dừng với mã {status}")
        } else {
            message
        });
    }
    utf8(bytes)
}
