//! kehoach.exe, the Windows build, run under Wine as a clerk runs it:
//! every bundled plan gives the very same PDF and DOCX bytes as the Linux
//! build, from a folder named with Vietnamese letters and spaces, by drive
//! letter and backslashes; a plan Notepad saved (byte order mark, CR LF)
//! gives them too; `check` says the same and exits the same; `new` writes
//! the same file; the editor serves its pages to Chromium and saves an
//! edit; a double-click opens the start page in the browser and a plan
//! dropped onto kehoach.exe opens that plan, both stopped by Ctrl-C in
//! their window; and a DOCX that Word holds open is refused by name with
//! the old output set kept whole.
//!
//! The .exe is `target/dist/kehoach.exe` from `scripts/build-windows.sh`
//! (`KEHOACH_EXE` may name another). One empty Wine prefix is made per run
//! and a copy of the .exe alone in its `C:\kehoach\` is what runs. Two
//! small Windows programs, built with mingw-w64 during the run, play
//! Explorer (a console made for the program, as a double-click or a drop
//! gives it; its output passed back to the test instead of shown in a
//! window) and Word (a file opened with no sharing). Wine needs no display
//! for any of it: a new console has no window, but is the program's own.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Output, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use serde_json::json;

use crate::common;
use crate::editor_browser::{retype, wait_file, wait_ready, wait_saved};
use crate::preview_support::browser::Browser;
use crate::preview_support::pdf_pages;
use crate::tools::Tool;

tests! {
    every_bundled_plan_renders_to_the_same_bytes_as_on_linux needs Wine, KehoachExe;
    plans_saved_by_notepad_render_to_the_same_bytes_under_wine needs Wine, KehoachExe;
    check_says_the_same_and_exits_the_same_under_wine needs Wine, KehoachExe;
    a_broken_plan_saved_by_notepad_is_reported_at_the_same_place_under_wine needs Wine, KehoachExe;
    new_writes_the_same_files_under_wine needs Wine, KehoachExe;
    the_editor_serves_its_pages_to_chromium_and_saves_under_wine needs Wine, KehoachExe, Chromium, Chromedriver, Qpdf;
    a_double_click_opens_the_start_page_in_the_browser needs Wine, KehoachExe, MingwGcc, Chromium, Chromedriver, Qpdf;
    a_plan_dropped_onto_kehoach_exe_opens_in_the_browser needs Wine, KehoachExe, MingwGcc, Chromium, Chromedriver, Qpdf;
    a_file_that_is_not_a_plan_dropped_is_said_and_waits_for_enter needs Wine, KehoachExe, MingwGcc;
    a_docx_open_in_word_is_refused_by_name_and_the_old_set_kept needs Wine, KehoachExe, MingwGcc;
}

/// A folder a clerk might keep plans in: Vietnamese letters and spaces.
const CLERK_FOLDER: &str = "Kế hoạch xã Quảng Ngọc";

/// How long one run of kehoach.exe may take before the test gives up (a
/// render of every bundled plan takes well under a minute).
const RUN_LIMIT: Duration = Duration::from_secs(300);

/// An empty Wine prefix made for this run, holding a copy of kehoach.exe
/// alone in `C:\kehoach\`.
struct Wine {
    prefix: PathBuf,
}

/// The run's Wine prefix, made on first use.
fn wine() -> &'static Wine {
    static WINE: OnceLock<Wine> = OnceLock::new();
    WINE.get_or_init(Wine::make)
}

impl Wine {
    /// A fresh prefix in the temporary folder (those of earlier runs whose
    /// process is gone are removed first), with the .exe copied in alone.
    fn make() -> Wine {
        let temp = std::env::temp_dir();
        for entry in std::fs::read_dir(&temp).unwrap().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Some(pid) = name.strip_prefix("kehoach-wine-") else {
                continue;
            };
            if !Path::new("/proc").join(pid).exists() {
                let _ = Command::new("wineserver")
                    .arg("-k")
                    .env("WINEPREFIX", entry.path())
                    .status();
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
        let prefix = temp.join(format!("kehoach-wine-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&prefix);
        std::fs::create_dir_all(&prefix).unwrap();
        let wine = Wine { prefix };
        let started = Instant::now();
        let booted = wine
            .command("wineboot")
            .arg("-i")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("wineboot runs");
        assert!(booted.success(), "wineboot -i: {booted:?}");
        note!(
            "tiền tố Wine mới trong {:.1} s: {}",
            started.elapsed().as_secs_f64(),
            wine.prefix.display()
        );
        let home = wine.drive_c().join("kehoach");
        std::fs::create_dir_all(&home).unwrap();
        std::fs::copy(exe(), home.join("kehoach.exe")).unwrap();
        wine
    }

    /// The prefix's `C:` drive.
    fn drive_c(&self) -> PathBuf {
        self.prefix.join("drive_c")
    }

    /// `wine <program>` in this prefix. Wine's own chatter is silenced, no
    /// Mono or Gecko installer is offered, and the locale is UTF-8: Wine
    /// reads arguments and file names in the locale's encoding, and a
    /// Vietnamese path must reach the program whole.
    fn command(&self, program: &str) -> Command {
        let mut command = Command::new(Tool::Wine.expect());
        command
            .arg(program)
            .env("WINEPREFIX", &self.prefix)
            .env("WINEDEBUG", "-all")
            .env("WINEDLLOVERRIDES", "mscoree,mshtml=")
            .env("LC_ALL", "C.UTF-8")
            .stdin(Stdio::null());
        command
    }

    /// `wine C:\kehoach\kehoach.exe`.
    fn kehoach(&self) -> Command {
        self.command(r"C:\kehoach\kehoach.exe")
    }

    /// A file on the `C:` drive as Windows names it.
    fn windows_path(&self, path: &Path) -> String {
        let relative = path
            .strip_prefix(self.drive_c())
            .expect("a path on the prefix's C: drive");
        let mut name = String::from("C:");
        for part in relative.components() {
            name.push('\\');
            name.push_str(&part.as_os_str().to_string_lossy());
        }
        name
    }

    /// A folder of the test's own on `C:`, named as a clerk names folders.
    fn clerk_folder(&self, test: &str) -> PathBuf {
        let dir = self.drive_c().join(test).join(CLERK_FOLDER);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    /// A small Windows program from C `source`, built once per run into
    /// `C:\tools\`; its Windows path.
    fn helper(&self, name: &str, source: &str) -> String {
        static BUILT: Mutex<Vec<String>> = Mutex::new(Vec::new());
        let dir = self.drive_c().join("tools");
        let exe = dir.join(format!("{name}.exe"));
        let mut built = BUILT.lock().unwrap_or_else(|e| e.into_inner());
        if !built.iter().any(|b| b == name) {
            std::fs::create_dir_all(&dir).unwrap();
            let c = dir.join(format!("{name}.c"));
            std::fs::write(&c, source).unwrap();
            let out = Command::new(Tool::MingwGcc.expect())
                .args(["-O2", "-Wall", "-municode", "-o"])
                .arg(&exe)
                .arg(&c)
                .output()
                .unwrap();
            assert!(out.status.success(), "{}", text(&out.stderr));
            built.push(name.to_owned());
        }
        self.windows_path(&exe)
    }
}

/// The .exe under test; a note when it is older than the sources (the
/// test then runs yesterday's code; CI always builds it first).
fn exe() -> &'static Path {
    let exe = Tool::KehoachExe.expect();
    let built = std::fs::metadata(exe).unwrap().modified().unwrap();
    let root = common::root();
    let newest = ["src", "templates", "fonts", "Cargo.toml", "Cargo.lock"]
        .iter()
        .map(|p| newest_change(&root.join(p)))
        .max()
        .unwrap();
    if newest > built {
        note!(
            "CẢNH BÁO: `{}` cũ hơn mã nguồn; chạy lại bash scripts/build-windows.sh",
            exe.display()
        );
    }
    exe
}

fn newest_change(path: &Path) -> std::time::SystemTime {
    let meta = std::fs::metadata(path).unwrap();
    let own = meta.modified().unwrap();
    if !meta.is_dir() {
        return own;
    }
    std::fs::read_dir(path)
        .unwrap()
        .map(|e| newest_change(&e.unwrap().path()))
        .fold(own, std::cmp::max)
}

/// Runs `command` to its end (stdout and stderr captured), failing the
/// test if it takes longer than [`RUN_LIMIT`].
fn run_within(mut command: Command) -> Output {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the command starts");
    let out = read_all(child.stdout.take().unwrap());
    let err = read_all(child.stderr.take().unwrap());
    let deadline = Instant::now() + RUN_LIMIT;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("{command:?} still running after {RUN_LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    }
}

fn read_all(mut stream: impl Read + Send + 'static) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = stream.read_to_end(&mut bytes);
        bytes
    })
}

/// The native build, from `dir`.
fn linux_kehoach(dir: &Path, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kehoach"));
    command.args(args).current_dir(dir).stdin(Stdio::null());
    run_within(command)
}

/// kehoach.exe under Wine, from `dir` (on the prefix's `C:` drive, or
/// anywhere: Wine shows the rest of the file system as drive `Z:`).
fn windows_kehoach(dir: &Path, args: &[&str]) -> Output {
    let mut command = wine().kehoach();
    command.args(args).current_dir(dir);
    run_within(command)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("output is UTF-8")
}

/// Every file under `dir` (hidden ones too), as paths relative to it.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(base, &path, out);
            } else {
                out.push(path.strip_prefix(base).unwrap().to_path_buf());
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// Every file of a folder with its bytes.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    files_under(dir)
        .into_iter()
        .map(|name| {
            let bytes = std::fs::read(dir.join(&name)).unwrap();
            (name, bytes)
        })
        .collect()
}

/// The two folders hold the same files with the same bytes; the number of
/// files and of bytes compared.
fn assert_same_files(linux: &Path, windows: &Path) -> (usize, usize) {
    let (a, b) = (snapshot(linux), snapshot(windows));
    let names = |set: &[(PathBuf, Vec<u8>)]| set.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(
        names(&a),
        names(&b),
        "the same files in {} and {}",
        linux.display(),
        windows.display()
    );
    for ((name, x), (_, y)) in a.iter().zip(&b) {
        assert!(
            x == y,
            "{} differs: {} bytes on Linux, {} under Wine, first difference at byte {:?}",
            name.display(),
            x.len(),
            y.len(),
            x.iter().zip(y).position(|(p, q)| p != q)
        );
    }
    (a.len(), a.iter().map(|(_, bytes)| bytes.len()).sum())
}

/// The first 12 hex digits of the SHA-256 of `bytes`: evidence in a note.
fn short_hash(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .take(6)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The bundled plans, copied into `dir` (an adjustment finds its original
/// beside it); their file names.
fn copy_plans(dir: &Path) -> Vec<String> {
    std::fs::create_dir_all(dir).unwrap();
    let mut names = Vec::new();
    for entry in std::fs::read_dir(common::root().join("plans")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            std::fs::copy(&path, dir.join(&name)).unwrap();
            names.push(name);
        }
    }
    names.sort();
    assert!(names.len() >= 5, "the bundled plans: {names:?}");
    names
}

/// A plan as Notepad saves it: a byte order mark, CR LF line ends.
fn as_notepad_saves(text: &str) -> Vec<u8> {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(text.replace('\n', "\r\n").as_bytes());
    bytes
}

fn every_bundled_plan_renders_to_the_same_bytes_as_on_linux() {
    let linux = tempfile::tempdir().unwrap();
    let names = copy_plans(&linux.path().join("plans"));
    let mut args = vec!["render".to_owned()];
    args.extend(names.iter().map(|n| format!("plans/{n}")));
    args.extend(["--out".to_owned(), "out".to_owned()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let made = linux_kehoach(linux.path(), &args);
    assert!(made.status.success(), "{}", text(&made.stderr));

    // The same plans in a clerk's folder on C:, named by absolute Windows
    // paths (drive letter, backslashes), written into another such folder.
    let wine = wine();
    let folder = wine.clerk_folder("ban-dung");
    copy_plans(&folder.join("plans"));
    let plans: Vec<String> = names
        .iter()
        .map(|n| wine.windows_path(&folder.join("plans").join(n)))
        .collect();
    let out = wine.windows_path(&folder.join("kết quả"));
    let mut args = vec!["render"];
    args.extend(plans.iter().map(String::as_str));
    args.extend(["--out", out.as_str()]);
    let started = Instant::now();
    let made = windows_kehoach(&wine.drive_c(), &args);
    let took = started.elapsed();
    assert_eq!(made.status.code(), Some(0), "{}", text(&made.stderr));
    let said = text(&made.stdout);
    assert!(
        said.contains(&format!(r"{out}\quang-ngoc-2026\ke-hoach.pdf")),
        "names the files as Windows does: {said}"
    );
    let (files, bytes) = assert_same_files(&linux.path().join("out"), &folder.join("kết quả"));
    note!(
        "{} kế hoạch: {files} tệp ({bytes} byte) giống hệt bản Linux từng byte; kehoach.exe dựng trong {:.1} s",
        names.len(),
        took.as_secs_f64()
    );
    for name in ["ke-hoach.pdf", "ke-hoach.docx"] {
        let bytes = std::fs::read(folder.join("kết quả/quang-ngoc-2026").join(name)).unwrap();
        note!(
            "quang-ngoc-2026/{name}: sha256 {}… trên cả hai",
            short_hash(&bytes)
        );
    }
}

fn plans_saved_by_notepad_render_to_the_same_bytes_under_wine() {
    let linux = tempfile::tempdir().unwrap();
    copy_plans(linux.path());
    let made = linux_kehoach(linux.path(), &["render", ".", "--out", "out"]);
    assert!(made.status.success(), "{}", text(&made.stderr));

    // Every plan as Notepad saves it (the adjustment's original too),
    // named relative to the folder, as after `cd` in cmd.exe.
    let folder = wine().clerk_folder("notepad");
    for name in copy_plans(&folder) {
        let source = std::fs::read_to_string(folder.join(&name)).unwrap();
        std::fs::write(folder.join(&name), as_notepad_saves(&source)).unwrap();
    }
    let made = windows_kehoach(&folder, &["render", ".", "--out", "out"]);
    assert_eq!(made.status.code(), Some(0), "{}", text(&made.stderr));
    let (files, _) = assert_same_files(&linux.path().join("out"), &folder.join("out"));
    note!("{files} tệp từ kế hoạch lưu bằng Notepad giống hệt bản Linux");
}

/// The broken plans of `tests/bad/`, named relative to the repository.
fn bad_plans() -> Vec<String> {
    let mut bad: Vec<String> = std::fs::read_dir(common::root().join("tests/bad"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| format!("tests/bad/{}", p.file_name().unwrap().to_string_lossy()))
        .collect();
    bad.sort();
    bad
}

fn check_says_the_same_and_exits_the_same_under_wine() {
    // Every broken plan at once, named alike on both sides (relative,
    // forward slashes: Windows takes them and prints them as given), from
    // the repository (Wine shows it as drive Z:).
    let root = common::root();
    let bad = bad_plans();
    let mut args = vec!["check"];
    args.extend(bad.iter().map(String::as_str));
    let linux = linux_kehoach(&root, &args);
    let windows = windows_kehoach(&root, &args);
    assert_eq!(linux.status.code(), Some(1));
    assert_eq!(windows.status.code(), linux.status.code());
    assert_eq!(text(&windows.stdout), text(&linux.stdout));
    assert_eq!(text(&windows.stderr), text(&linux.stderr));
    note!(
        "{} kế hoạch lỗi: thông báo giống hệt ({} byte, sha256 {}…), mã thoát 1",
        bad.len(),
        linux.stderr.len(),
        short_hash(&linux.stderr)
    );

    // Wrong usage: the same Vietnamese message, exit code 2.
    for args in [
        &["render"][..],
        &["xem-truoc", "a.toml"],
        &["render", "x.toml", "--format", "odt"],
        &[],
    ] {
        let linux = linux_kehoach(&root, args);
        let windows = windows_kehoach(&root, args);
        assert_eq!(linux.status.code(), Some(2), "{args:?}");
        assert_eq!(windows.status.code(), Some(2), "{args:?}");
        assert_eq!(text(&windows.stderr), text(&linux.stderr), "{args:?}");
    }

    // Through cmd.exe, as a clerk types it, the bytes are the same too.
    let mut through_cmd = wine().command("cmd");
    through_cmd
        .args(["/c", r"C:\kehoach\kehoach.exe", "check", &bad[0]])
        .current_dir(&root);
    let windows = run_within(through_cmd);
    let linux = linux_kehoach(&root, &["check", &bad[0]]);
    assert_eq!(windows.status.code(), linux.status.code());
    assert_eq!(text(&windows.stderr), text(&linux.stderr));
}

fn a_broken_plan_saved_by_notepad_is_reported_at_the_same_place_under_wine() {
    let linux = tempfile::tempdir().unwrap();
    let folder = wine().clerk_folder("notepad-loi");
    for name in ["03-unknown-key-typo.toml", "01-syntax-missing-quote.toml"] {
        let source = std::fs::read_to_string(common::root().join("tests/bad").join(name)).unwrap();
        std::fs::write(linux.path().join(name), &source).unwrap();
        std::fs::write(folder.join(name), as_notepad_saves(&source)).unwrap();
        let plain = linux_kehoach(linux.path(), &["check", name]);
        let notepad = windows_kehoach(&folder, &["check", name]);
        assert_eq!(plain.status.code(), Some(1));
        assert_eq!(notepad.status.code(), Some(1));
        assert_eq!(text(&notepad.stderr), text(&plain.stderr));
    }
}

fn new_writes_the_same_files_under_wine() {
    let args = [
        "new",
        "chi-tieu",
        "--xa",
        "Quảng Ngọc",
        "--tinh",
        "Thanh Hóa",
        "--nam",
        "2026",
        "--out",
        "kế hoạch/quảng ngọc 2026.toml",
    ];
    let linux = tempfile::tempdir().unwrap();
    let made = linux_kehoach(linux.path(), &args);
    assert!(made.status.success(), "{}", text(&made.stderr));
    let folder = wine().clerk_folder("moi");
    let windows = windows_kehoach(&folder, &args);
    assert_eq!(windows.status.code(), Some(0), "{}", text(&windows.stderr));
    // Windows joins the schema's path with a backslash; otherwise the same.
    assert_eq!(text(&windows.stdout).replace('\\', "/"), text(&made.stdout));
    let (files, _) = assert_same_files(linux.path(), &folder);
    assert_eq!(files, 2, "the plan and its schema");

    // The plan it wrote checks the same on Windows, named with a
    // backslash (valid, with warnings for the blanks to fill).
    let checked = windows_kehoach(&folder, &["check", r"kế hoạch\quảng ngọc 2026.toml"]);
    assert_eq!(checked.status.code(), Some(0), "{}", text(&checked.stderr));
    let linux_checked = linux_kehoach(linux.path(), &["check", "kế hoạch/quảng ngọc 2026.toml"]);
    assert_eq!(
        text(&checked.stderr).replace('\\', "/"),
        text(&linux_checked.stderr)
    );

    // Never over an existing file: the same refusal, exit code 2.
    let again = windows_kehoach(&folder, &args);
    let linux_again = linux_kehoach(linux.path(), &args);
    assert_eq!(again.status.code(), Some(2));
    assert_eq!(linux_again.status.code(), Some(2));
    assert_eq!(text(&again.stderr), text(&linux_again.stderr));
}

/// What `render` makes of `plans/<name>`: its combined document's pages.
fn expected_pages(name: &str) -> usize {
    let (_out, made) = common::render(
        &common::root().join("plans").join(name),
        &["--parts", "ke-hoach", "--format", "pdf"],
    );
    pdf_pages(&made.join("ke-hoach.pdf"))
}

const PAGE_COUNT: &str = "return document.querySelectorAll('#trang .trang').length;";
const PAGE_TEXT: &str = "return Array.from(document.querySelectorAll('#trang .trang')).map(p => p.textContent).join(' ');";

/// Waits until the editor in `browser` shows `pages` pages, one of them
/// with `words`.
fn assert_shows_pages(browser: &Browser, pages: usize, words: &str) {
    wait_ready(browser);
    let took = browser.wait_for("every page shown", PAGE_COUNT, |v| {
        v.as_u64() == Some(pages as u64)
    });
    note!("{pages} trang hiện trong Chromium sau {took:?}");
    let shown = browser.script(PAGE_TEXT);
    assert!(
        shown.as_str().is_some_and(|t| t.contains(words)),
        "the pages show {words:?}"
    );
}

/// A process's output on one stream, read on a thread of its own so that
/// a program that hangs fails the test instead of hanging it. Read as it
/// comes, not by lines: a prompt that waits on its own line end is seen.
struct Lines {
    chunks: Receiver<Vec<u8>>,
    /// Bytes read but not yet handed out as a line.
    pending: Vec<u8>,
    /// Every line so far.
    seen: String,
}

impl Lines {
    fn of(mut stream: impl Read + Send + 'static) -> Lines {
        let (send, chunks) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut buffer = [0; 4096];
            while let Ok(n @ 1..) = stream.read(&mut buffer) {
                if send.send(buffer[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        Lines {
            chunks,
            pending: Vec::new(),
            seen: String::new(),
        }
    }

    /// Waits up to `limit` for more output; `false` once the stream has
    /// ended.
    fn read_more(&mut self, limit: Duration) -> bool {
        match self.chunks.recv_timeout(limit) {
            Ok(chunk) => {
                self.pending.extend_from_slice(&chunk);
                true
            }
            Err(RecvTimeoutError::Disconnected) => false,
            Err(RecvTimeoutError::Timeout) => panic!(
                "nothing more after {limit:?}:\n{}{}",
                self.seen,
                String::from_utf8_lossy(&self.pending)
            ),
        }
    }

    /// A whole line already read, if there is one.
    fn take_line(&mut self) -> Option<String> {
        let end = self.pending.iter().position(|&b| b == b'\n')?;
        let line: Vec<u8> = self.pending.drain(..=end).collect();
        let line = text(&line).trim_end_matches(['\r', '\n']).to_owned();
        self.seen.push_str(&line);
        self.seen.push('\n');
        Some(line)
    }

    /// The next line; `None` once the stream has ended.
    fn next(&mut self, limit: Duration) -> Option<String> {
        let deadline = Instant::now() + limit;
        loop {
            if let Some(line) = self.take_line() {
                return Some(line);
            }
            if !self.read_more(deadline.saturating_duration_since(Instant::now())) {
                return None;
            }
        }
    }

    /// Everything up to the first `words`, said on a line of its own or
    /// as a prompt the program waits after.
    fn until(&mut self, words: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            while self.take_line().is_some() {}
            let so_far = format!("{}{}", self.seen, String::from_utf8_lossy(&self.pending));
            if so_far.contains(words) {
                return so_far;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if !self.read_more(left) {
                panic!("ended without {words:?}:\n{so_far}");
            }
        }
    }
}

/// `kehoach xem` under Wine, from a terminal (no console of its own).
struct WindowsEditor {
    child: Child,
    url: String,
    stderr: Lines,
}

impl WindowsEditor {
    fn start(plan: &str) -> WindowsEditor {
        let mut child = wine()
            .kehoach()
            .args(["xem", "--no-open", "--port", "0", plan])
            .current_dir(wine().drive_c())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdout = Lines::of(child.stdout.take().unwrap());
        let stderr = Lines::of(child.stderr.take().unwrap());
        let url = stdout
            .next(Duration::from_secs(120))
            .expect("the address first");
        assert!(url.starts_with("http://127.0.0.1:"), "an address: {url:?}");
        WindowsEditor { child, url, stderr }
    }

    /// Ctrl-C as a terminal sends it (Wine turns SIGINT into the console
    /// Ctrl-C event); the exit status and everything said on stderr.
    fn interrupt(mut self) -> (std::process::ExitStatus, String) {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill").args(["-INT", &pid]).status().unwrap();
        assert!(sent.success());
        let log = self.stderr.until("đã dừng xem trước");
        (self.child.wait().unwrap(), log)
    }
}

impl Drop for WindowsEditor {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn the_editor_serves_its_pages_to_chromium_and_saves_under_wine() {
    let name = "quang-ngoc-2026.toml";
    let pages = expected_pages(name);
    let wine = wine();
    let folder = wine.clerk_folder("xem");
    copy_plans(&folder);
    let plan = wine.windows_path(&folder.join(name));
    let editor = WindowsEditor::start(&plan);
    let browser = Browser::sized(1366, 768);
    browser.open(&editor.url);
    assert_shows_pages(&browser, pages, "xã Quảng Ngọc");

    // An edit in the page is saved into the file (renamed into place the
    // Windows way) and shows on the pages.
    retype(&browser, "nguoi_ky.ho_ten", "Nguyễn Thị Hoà Bình");
    wait_saved(&browser);
    let saved = wait_file(&folder.join(name), "the name saved", |t| {
        t.contains("ho_ten = \"Nguyễn Thị Hoà Bình\"")
    });
    assert!(!saved.contains("Lê Văn Trường"));
    browser.wait_for("the new name on the pages", PAGE_TEXT, |v| {
        v.as_str()
            .is_some_and(|t| t.contains("Nguyễn Thị Hoà Bình"))
    });

    let (exit, log) = editor.interrupt();
    assert!(exit.success(), "{exit:?}\n{log}");
    assert!(log.contains(&format!("đang soạn {plan}")), "{log}");
    assert!(log.contains("Ctrl-C để dừng"), "{log}");
}

/// Starts a program the way Explorer does, for the tests: a console made
/// for it alone (`CREATE_NEW_CONSOLE`), the launcher's folder as its
/// current folder. Unlike Explorer, the program's output (stdout and
/// stderr, in order) comes back on the launcher's stderr, which the test
/// reads as the window's text, and its input is a pipe the launcher holds.
/// Requests, one a line on stdin: `enter` types Enter for the program;
/// `ctrl-c` sends Ctrl-C to its console, as a key press in the window
/// does; `alive` says whether it still runs; `wait` waits for it and
/// answers `exit N`. Each answer ends with a line `--`.
const EXPLORER: &str = r#"
#include <windows.h>
#include <stdio.h>
#include <string.h>

static void answer(const char *text) {
    printf("%s--\n", text);
    fflush(stdout);
}

int wmain(int argc, wchar_t **argv) {
    static wchar_t command[32768];
    wcscpy(command, L"\"");
    wcscat(command, argv[1]);
    wcscat(command, L"\"");
    for (int i = 2; i < argc; i++) {
        wcscat(command, L" \"");
        wcscat(command, argv[i]);
        wcscat(command, L"\"");
    }
    SECURITY_ATTRIBUTES inherit = {sizeof inherit, NULL, TRUE};
    HANDLE input, keys;
    CreatePipe(&input, &keys, &inherit, 0);
    SetHandleInformation(keys, HANDLE_FLAG_INHERIT, 0);
    HANDLE window;
    DuplicateHandle(GetCurrentProcess(), GetStdHandle(STD_ERROR_HANDLE), GetCurrentProcess(),
                    &window, 0, TRUE, DUPLICATE_SAME_ACCESS);
    STARTUPINFOW si;
    memset(&si, 0, sizeof si);
    si.cb = sizeof si;
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = input;
    si.hStdOutput = window;
    si.hStdError = window;
    PROCESS_INFORMATION pi;
    if (!CreateProcessW(NULL, command, NULL, NULL, TRUE, CREATE_NEW_CONSOLE, NULL, NULL, &si, &pi)) {
        printf("start failed %lu\n", GetLastError());
        return 1;
    }
    CloseHandle(input);
    CloseHandle(window);
    answer("started\n");
    char request[64];
    while (fgets(request, sizeof request, stdin)) {
        if (!strncmp(request, "enter", 5)) {
            DWORD written;
            WriteFile(keys, "\r\n", 2, &written, NULL);
            answer("");
        } else if (!strncmp(request, "ctrl-c", 6)) {
            FreeConsole();
            if (!AttachConsole(pi.dwProcessId)) {
                char text[64];
                sprintf(text, "attach failed %lu\n", GetLastError());
                answer(text);
                continue;
            }
            SetConsoleCtrlHandler(NULL, TRUE);
            BOOL sent = GenerateConsoleCtrlEvent(CTRL_C_EVENT, 0);
            FreeConsole();
            answer(sent ? "" : "not sent\n");
        } else if (!strncmp(request, "alive", 5)) {
            answer(WaitForSingleObject(pi.hProcess, 0) == WAIT_TIMEOUT ? "alive\n" : "ended\n");
        } else if (!strncmp(request, "wait", 4)) {
            DWORD code = 999;
            if (WaitForSingleObject(pi.hProcess, 60000) == WAIT_OBJECT_0)
                GetExitCodeProcess(pi.hProcess, &code);
            char text[32];
            sprintf(text, "exit %lu\n", code);
            answer(text);
        }
    }
    TerminateProcess(pi.hProcess, 1);
    return 0;
}
"#;

/// kehoach.exe started as Explorer starts it, through [`EXPLORER`], with
/// a stand-in for the browser that notes the address it is asked to open.
struct ExplorerStart {
    child: Child,
    stdin: ChildStdin,
    answers: Lines,
    /// What the window shows.
    window: Lines,
    /// Where the browser stand-in notes the addresses.
    browser_log: PathBuf,
}

impl ExplorerStart {
    /// Starts `exe` (a Windows path) with `args`, in `folder`.
    fn start(test: &str, exe: &str, args: &[&str], folder: &Path) -> ExplorerStart {
        let wine = wine();
        let explorer = wine.helper("explorer", EXPLORER);
        // Wine hands a web address to the system's xdg-open: a stand-in
        // first on PATH notes it instead of starting a browser.
        let bin = wine.drive_c().join(test).join("bin");
        std::fs::create_dir_all(&bin).unwrap();
        let browser_log = bin.join("trinh-duyet.txt");
        let _ = std::fs::remove_file(&browser_log);
        let opener = bin.join("xdg-open");
        std::fs::write(
            &opener,
            format!("#!/bin/sh\necho \"$1\" >> '{}'\n", browser_log.display()),
        )
        .unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&opener, std::fs::Permissions::from_mode(0o755)).unwrap();
        let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap());
        let mut child = wine
            .command(&explorer)
            .arg(exe)
            .args(args)
            .current_dir(folder)
            .env("PATH", path)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let answers = Lines::of(child.stdout.take().unwrap());
        let window = Lines::of(child.stderr.take().unwrap());
        let mut start = ExplorerStart {
            child,
            stdin,
            answers,
            window,
            browser_log,
        };
        assert_eq!(start.answer().trim(), "started");
        start
    }

    fn answer(&mut self) -> String {
        let mut answer = String::new();
        loop {
            match self.answers.next(Duration::from_secs(90)) {
                Some(line) if line == "--" => return answer,
                Some(line) => {
                    answer.push_str(&line);
                    answer.push('\n');
                }
                None => panic!("the Explorer helper ended: {answer}"),
            }
        }
    }

    fn ask(&mut self, request: &str) -> String {
        writeln!(self.stdin, "{request}").unwrap();
        self.stdin.flush().unwrap();
        self.answer()
    }

    /// The address the browser was asked to open.
    fn opened_address(&self) -> String {
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            if let Ok(text) = std::fs::read_to_string(&self.browser_log)
                && let Some(line) = text.lines().next()
            {
                return line.to_owned();
            }
            assert!(Instant::now() < deadline, "no browser was opened");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Ctrl-C in the window: the program stops cleanly, exit code 0.
    fn stop(mut self) -> String {
        assert_eq!(self.ask("ctrl-c").trim(), "");
        let said = self.window.until("đã dừng xem trước");
        assert_eq!(self.ask("wait").trim(), "exit 0", "{said}");
        said
    }
}

impl Drop for ExplorerStart {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn a_double_click_opens_the_start_page_in_the_browser() {
    // kehoach.exe copied into the clerk's folder of plans, and started
    // there, as Explorer starts a program in its own folder.
    let wine = wine();
    let folder = wine.clerk_folder("nhap-dup");
    copy_plans(&folder);
    std::fs::copy(exe(), folder.join("kehoach.exe")).unwrap();
    let exe = wine.windows_path(&folder.join("kehoach.exe"));
    let mut start = ExplorerStart::start("nhap-dup", &exe, &[], &folder);
    let url = start.opened_address();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    let window = start.window.until("để dừng");
    let windows_folder = wine.windows_path(&folder);
    assert!(
        window.contains(&url) && window.contains(&windows_folder),
        "the window shows the address and the folder: {window}"
    );
    assert!(
        window.contains("đóng cửa sổ này"),
        "the window says closing it stops kehoach: {window}"
    );

    // The browser gets the start page of that folder; a plan listed there
    // opens in the editor.
    let name = "quang-yen-2025.toml";
    let pages = expected_pages(name);
    let browser = Browser::sized(1366, 768);
    browser.open(&url);
    browser.wait_for(
        "the start page",
        "return document.body.dataset.san === '1';",
        |v| v == &json!(true),
    );
    let listed = browser.script(
        "return Array.from(document.querySelectorAll('button.mo-tep')).map(b => b.dataset.ten);",
    );
    assert!(
        listed
            .as_array()
            .is_some_and(|names| names.iter().any(|n| n == name)),
        "the folder's plans are listed: {listed}"
    );
    browser.click(&format!("button.mo-tep[data-ten=\"{name}\"]"));
    assert_shows_pages(&browser, pages, "Quảng Yên");

    let said = start.stop();
    note!("cửa sổ nhấp đúp:\n{said}");
}

fn a_plan_dropped_onto_kehoach_exe_opens_in_the_browser() {
    let name = "quang-ngoc-2026.toml";
    let pages = expected_pages(name);
    let wine = wine();
    let folder = wine.clerk_folder("tha-vao");
    copy_plans(&folder);
    let plan = wine.windows_path(&folder.join(name));
    // Explorer starts a program a file was dropped onto in the user's
    // folder, not the plan's: the plan is found by its full path.
    let mut start = ExplorerStart::start(
        "tha-vao",
        r"C:\kehoach\kehoach.exe",
        &[&plan],
        &wine.drive_c(),
    );
    let url = start.opened_address();
    let window = start.window.until("để dừng");
    assert!(
        window.contains(&url),
        "the window shows the address: {window}"
    );
    assert!(
        window.contains(&format!("đang soạn {plan}")) && window.contains("đóng cửa sổ này"),
        "{window}"
    );
    let browser = Browser::sized(1366, 768);
    browser.open(&url);
    assert_shows_pages(&browser, pages, "xã Quảng Ngọc");
    start.stop();
}

fn a_file_that_is_not_a_plan_dropped_is_said_and_waits_for_enter() {
    let wine = wine();
    let folder = wine.clerk_folder("tha-nham");
    let other = folder.join("ke-hoach.docx");
    std::fs::write(&other, b"").unwrap();
    let mut start = ExplorerStart::start(
        "tha-nham",
        r"C:\kehoach\kehoach.exe",
        &[&wine.windows_path(&other)],
        &wine.drive_c(),
    );
    let window = start.window.until("Nhấn Enter để đóng cửa sổ này");
    assert!(
        window.contains("không phải tệp kế hoạch (.toml)"),
        "{window}"
    );
    // The window stays until Enter: the clerk can read it.
    std::thread::sleep(Duration::from_secs(1));
    assert_eq!(start.ask("alive").trim(), "alive");
    start.ask("enter");
    assert_eq!(start.ask("wait").trim(), "exit 2");
    assert!(!start.browser_log.exists(), "no browser opened");
}

/// Opens a file as Word does with a document it has open: no sharing at
/// all (`dwShareMode = 0`), held until its stdin closes.
const HOLDER: &str = r#"
#include <windows.h>
#include <stdio.h>
int wmain(int argc, wchar_t **argv) {
    HANDLE file = CreateFileW(argv[1], GENERIC_READ | GENERIC_WRITE, 0, NULL,
                              OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    if (file == INVALID_HANDLE_VALUE) {
        printf("error %lu\n", GetLastError());
        return 1;
    }
    printf("ready\n");
    fflush(stdout);
    char buf[64];
    DWORD n;
    while (ReadFile(GetStdHandle(STD_INPUT_HANDLE), buf, sizeof buf, &n, NULL) && n > 0) {
    }
    CloseHandle(file);
    return 0;
}
"#;

/// A file held open as Word holds it, until dropped.
struct Held {
    child: Child,
    stdin: Option<ChildStdin>,
}

impl Held {
    fn open(file: &str) -> Held {
        let holder = wine().helper("giu-tep", HOLDER);
        let mut child = wine()
            .command(&holder)
            .arg(file)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert_eq!(line.trim(), "ready", "the holder opened {file}");
        let stdin = child.stdin.take();
        Held { child, stdin }
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        drop(self.stdin.take());
        let _ = self.child.wait();
    }
}

fn a_docx_open_in_word_is_refused_by_name_and_the_old_set_kept() {
    let wine = wine();
    let folder = wine.clerk_folder("dang-mo");
    let name = "quang-ngoc-2026.toml";
    copy_plans(&folder);
    let made = windows_kehoach(&folder, &["render", name]);
    assert_eq!(made.status.code(), Some(0), "{}", text(&made.stderr));
    let out = folder.join("out").join("quang-ngoc-2026");
    let before = snapshot(&out);

    // A changed plan, so that every file of the set would change.
    let plan = folder.join(name);
    let source = std::fs::read_to_string(&plan).unwrap();
    let old = "chi_tieu_giao = { ty_le = 30 }";
    assert!(source.contains(old));
    std::fs::write(
        &plan,
        source.replacen(old, "chi_tieu_giao = { ty_le = 83 }", 1),
    )
    .unwrap();

    // The first file of the set, and one written after others.
    for open in ["ke-hoach.docx", "phu-luc-2.docx"] {
        let held = Held::open(&wine.windows_path(&out.join(open)));
        let refused = windows_kehoach(&folder, &["render", name]);
        drop(held);
        let said = text(&refused.stderr);
        assert_eq!(refused.status.code(), Some(3), "a write failure: {said}");
        assert!(
            said.contains(&format!(
                r"tệp `out\quang-ngoc-2026\{open}` đang mở trong Word"
            )),
            "names the file: {said}"
        );
        assert!(
            said.contains(&format!("đóng `{open}` trong Word rồi chạy lại lệnh")),
            "says to close it in Word: {said}"
        );
        assert!(said.contains("các tệp cũ được giữ nguyên"), "{said}");
        assert!(!said.contains("os error"), "in Vietnamese: {said}");
        assert!(
            snapshot(&out) == before,
            "with {open} held open, every file of the set is as before and nothing is left over: {:?}",
            files_under(&out)
        );
        note!("{said}");
    }

    // Word closed: the same command goes through.
    let made = windows_kehoach(&folder, &["render", name]);
    assert_eq!(made.status.code(), Some(0), "{}", text(&made.stderr));
    let after = snapshot(&out);
    let documents = |set: &[(PathBuf, Vec<u8>)]| -> Vec<PathBuf> {
        set.iter()
            .map(|(n, _)| n.clone())
            .filter(|n| !n.to_string_lossy().starts_with('.'))
            .collect()
    };
    assert_eq!(documents(&after), documents(&before));
    let docx = |set: &[(PathBuf, Vec<u8>)]| {
        set.iter()
            .find(|(n, _)| n == Path::new("ke-hoach.docx"))
            .map(|(_, b)| b.clone())
    };
    assert_ne!(docx(&after), docx(&before), "rendered anew");
}
