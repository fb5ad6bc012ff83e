//! A start from Explorer rather than a terminal (Windows): kehoach.exe
//! double-clicked opens the editor's start page on its folder, and a plan
//! dropped onto it opens that plan, each in the default browser. Explorer
//! made the console window for this program alone and closes it when the
//! program exits, so the window says how to stop, and a failure waits for
//! Enter before the window goes.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use kehoach::templates::Templates;

use super::exit::Exit;
use super::platform;

/// What a start from Explorer asks for.
#[derive(Debug, PartialEq, Eq)]
pub enum Start {
    /// A double-click: no arguments.
    Folder,
    /// A plan (`.toml`) dropped onto kehoach.exe; `others`: how many more
    /// files were dropped with it.
    Plan { plan: PathBuf, others: usize },
    /// Files dropped onto kehoach.exe, none of them a plan.
    NotAPlan(PathBuf),
}

/// How a preview started from Explorer is stopped, as its window says it.
pub const HOW_TO_STOP: &str = "đóng cửa sổ này (hoặc bấm Ctrl-C) để dừng";

/// The start Explorer asked for, or `None` for an ordinary command line
/// (from a terminal, a script, a shortcut that names a command).
pub fn start(args: &[OsString]) -> Option<Start> {
    if !platform::console_is_ours() {
        return None;
    }
    Start::from_args(args)
}

impl Start {
    /// Reads the arguments after the program's name: none, or files only
    /// (what Explorer passes when files are dropped onto the program).
    fn from_args(args: &[OsString]) -> Option<Start> {
        let paths: Vec<&Path> = args.iter().map(Path::new).collect();
        if paths.is_empty() {
            return Some(Start::Folder);
        }
        if !paths.iter().all(|p| p.is_file()) {
            return None;
        }
        let is_plan = |p: &&&Path| {
            p.extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
        };
        Some(match paths.iter().find(is_plan) {
            Some(plan) => Start::Plan {
                plan: plan.to_path_buf(),
                others: paths.len() - 1,
            },
            None => Start::NotAPlan(paths[0].to_path_buf()),
        })
    }
}

/// Runs what Explorer asked for.
pub fn run(start: Start) -> ExitCode {
    let host = kehoach::preview::Host {
        open_browser: Some(platform::open_browser),
        stop_requested: platform::stop_requested,
        how_to_stop: HOW_TO_STOP,
    };
    platform::install_stop();
    let templates = Templates::embedded();
    let result = match start {
        Start::Folder => {
            let folder = start_folder();
            println!("kehoach — soạn kế hoạch trong trình duyệt");
            println!("Các kế hoạch ở thư mục {}", folder.display());
            kehoach::preview::serve_start(&folder, 0, host, templates)
        }
        Start::Plan { plan, others } => {
            println!("kehoach — soạn kế hoạch trong trình duyệt");
            if others > 0 {
                println!(
                    "Mỗi lần chỉ mở được một kế hoạch: mở `{}`, bỏ qua {others} tệp còn lại.",
                    plan.display()
                );
            }
            let options = kehoach::preview::Options {
                plan: Some(plan),
                folder: PathBuf::from("."),
                templates_dir: None,
                port: 0,
                host,
            };
            kehoach::preview::run(&options, templates)
        }
        Start::NotAPlan(path) => Err(kehoach::preview::StartError(format!(
            "`{}` không phải tệp kế hoạch (.toml)\ngợi ý: thả một tệp kế hoạch .toml vào kehoach.exe, hoặc nhấp đúp kehoach.exe để mở trang bắt đầu",
            path.display()
        ))),
    };
    match result {
        Ok(()) => Exit::Done.into(),
        Err(err) => {
            eprintln!("lỗi: {}", err.0);
            wait_for_enter();
            Exit::Usage.into()
        }
    }
}

/// The folder a double-click works in: the current one, which Explorer
/// sets to the program's own folder (a shortcut to its "Start in"), where
/// a clerk keeps kehoach.exe beside the plans. Should it be unreadable,
/// the program's folder.
fn start_folder() -> PathBuf {
    let exe_folder = || {
        std::env::current_exe()
            .ok()
            .and_then(|exe| exe.parent().map(Path::to_path_buf))
    };
    std::env::current_dir()
        .ok()
        .filter(|dir| dir.is_dir())
        .or_else(exe_folder)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Keeps the window Explorer opened until the clerk has read it: it closes
/// the moment the program exits.
fn wait_for_enter() {
    use std::io::Write;
    eprint!("\nNhấn Enter để đóng cửa sổ này.");
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    // A closed console or input ends the wait at once.
    let _ = std::io::stdin().read_line(&mut line);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_explorer_passes() {
        let dir = tempfile::tempdir().unwrap();
        let plan = dir.path().join("Kế hoạch xã.TOML");
        let other = dir.path().join("ke-hoach.docx");
        std::fs::write(&plan, "").unwrap();
        std::fs::write(&other, "").unwrap();
        assert_eq!(Start::from_args(&[]), Some(Start::Folder));
        assert_eq!(
            Start::from_args(&[plan.clone().into()]),
            Some(Start::Plan {
                plan: plan.clone(),
                others: 0
            })
        );
        assert_eq!(
            Start::from_args(&[other.clone().into(), plan.clone().into()]),
            Some(Start::Plan {
                plan: plan.clone(),
                others: 1
            })
        );
        assert_eq!(
            Start::from_args(&[other.clone().into()]),
            Some(Start::NotAPlan(other))
        );
        // A command (a shortcut's arguments) is an ordinary command line.
        assert_eq!(Start::from_args(&["render".into(), plan.into()]), None);
        assert_eq!(
            Start::from_args(&[dir.path().join("khong-co.toml").into()]),
            None
        );
    }
}
