//! The programs the tests read kehoach's output back with, each looked for
//! once per run. A test names the ones it runs in its module's `tests!` list;
//! the harness ignores it (or fails it, under `KEHOACH_REQUIRE_TOOLS=1`)
//! when one of them is missing, so a test body may take them for granted.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use crate::common::root;

/// A program outside the crate that some tests cannot run without.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tool {
    Pdftotext,
    Pdfinfo,
    Pdffonts,
    Pdftoppm,
    Qpdf,
    Soffice,
    Chromium,
    Chromedriver,
    Git,
    Taplo,
    /// A Python that imports pyHanko, its certificate validator and
    /// cryptography (`tests/sign_pdf.py`).
    Pyhanko,
    /// The `pyhanko` command (pyhanko-cli) beside that Python.
    PyhankoCli,
    /// `../shared/tools/docxval/validate.sh`, set up by its `setup.sh`.
    DocxValidator,
    /// Wine, which runs the Windows build.
    Wine,
    /// The Windows build: `target/dist/kehoach.exe` (or `KEHOACH_EXE`).
    KehoachExe,
    /// mingw-w64's C compiler, for the small Windows programs the Wine
    /// tests start kehoach.exe with or hold its files open with.
    MingwGcc,
    /// Node.js, which runs the web build's engine outside a browser.
    Node,
    /// `python3`, whose `http.server` serves the web build as any static
    /// server would.
    Python,
    /// The web build, `target/web/` (`bash scripts/build-web.sh`).
    WebBuild,
}

const COUNT: usize = Tool::WebBuild as usize + 1;

impl Tool {
    /// The name a skip or a failure prints.
    pub fn name(self) -> &'static str {
        match self {
            Tool::Pdftotext => "pdftotext",
            Tool::Pdfinfo => "pdfinfo",
            Tool::Pdffonts => "pdffonts",
            Tool::Pdftoppm => "pdftoppm",
            Tool::Qpdf => "qpdf",
            Tool::Soffice => "soffice",
            Tool::Chromium => "chromium",
            Tool::Chromedriver => "chromedriver",
            Tool::Git => "git",
            Tool::Taplo => "taplo",
            Tool::Pyhanko => "pyHanko",
            Tool::PyhankoCli => "pyhanko-cli",
            Tool::DocxValidator => "DOCX validator",
            Tool::Wine => "wine",
            Tool::KehoachExe => "kehoach.exe",
            Tool::MingwGcc => "x86_64-w64-mingw32-gcc",
            Tool::Node => "node",
            Tool::Python => "python3",
            Tool::WebBuild => "target/web",
        }
    }

    /// How to get it (what `.ci/run` does).
    pub fn install(self) -> &'static str {
        match self {
            Tool::Pdftotext | Tool::Pdfinfo | Tool::Pdffonts | Tool::Pdftoppm => {
                "apt-get install poppler-utils"
            }
            Tool::Qpdf => "apt-get install qpdf",
            Tool::Soffice => "apt-get install libreoffice-writer fonts-liberation2",
            Tool::Chromium => "apt-get install chromium",
            Tool::Chromedriver => "apt-get install chromium-driver",
            Tool::Git => "apt-get install git",
            Tool::Taplo => "npm install -g @taplo/cli@0.7.0",
            Tool::Pyhanko | Tool::PyhankoCli => {
                "the venv .ci/run makes in target/pyhanko-venv, or KEHOACH_PYTHON"
            }
            Tool::DocxValidator => "bash ../shared/tools/docxval/setup.sh",
            Tool::Wine => "apt-get install wine wine64",
            Tool::KehoachExe => "bash scripts/build-windows.sh",
            Tool::MingwGcc => "apt-get install gcc-mingw-w64-x86-64",
            Tool::Node => "apt-get install nodejs",
            Tool::Python => "apt-get install python3",
            Tool::WebBuild => "bash scripts/build-web.sh",
        }
    }

    /// Where it is, if it is there.
    pub fn path(self) -> Option<&'static Path> {
        static FOUND: [OnceLock<Option<PathBuf>>; COUNT] = [const { OnceLock::new() }; COUNT];
        FOUND[self as usize].get_or_init(|| self.find()).as_deref()
    }

    /// Where it is, for a test that named it in its `needs` (the harness ran
    /// the test only because it is there).
    pub fn expect(self) -> &'static Path {
        self.path().unwrap_or_else(|| {
            panic!(
                "`{}` is missing: name it in the test's `needs` in its `tests!` list",
                self.name()
            )
        })
    }

    fn find(self) -> Option<PathBuf> {
        match self {
            Tool::Pyhanko => pyhanko_python(),
            Tool::PyhankoCli => pyhanko_cli(),
            Tool::DocxValidator => docx_validator(),
            Tool::KehoachExe => windows_build(),
            Tool::WebBuild => Some(root().join("target/web"))
                .filter(|dir| dir.join("kehoach_web_bg.wasm").is_file()),
            command => on_path(command.name()),
        }
    }
}

/// `command` in a folder of `PATH`, as a shell would find it.
fn on_path(command: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(command))
        .find(|file| is_executable(file))
}

#[cfg(unix)]
fn is_executable(file: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    file.metadata()
        .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(file: &Path) -> bool {
    file.is_file()
}

/// The Windows build to test: `KEHOACH_EXE`, or where
/// `scripts/build-windows.sh` leaves it.
fn windows_build() -> Option<PathBuf> {
    let exe = std::env::var_os("KEHOACH_EXE")
        .map_or_else(|| root().join("target/dist/kehoach.exe"), PathBuf::from);
    exe.is_file().then_some(exe)
}

/// A Python that has pyHanko: `KEHOACH_PYTHON`, the venv `.ci/run` makes,
/// or `python3`.
fn pyhanko_python() -> Option<PathBuf> {
    let mut candidates: Vec<PathBuf> = std::env::var_os("KEHOACH_PYTHON")
        .map(PathBuf::from)
        .into_iter()
        .collect();
    candidates.push(root().join("target/pyhanko-venv/bin/python"));
    candidates.push(PathBuf::from("python3"));
    candidates.into_iter().find(|python| {
        Command::new(python)
            .args(["-c", "import pyhanko, pyhanko_certvalidator, cryptography"])
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// The `pyhanko` command of the Python that has pyHanko: in that Python's
/// scripts folder (a venv's `bin`, or `~/.local/bin` for `pip install
/// --user`), as that Python itself says, then on `PATH`. A bare `python3`
/// has no folder of its own to look beside.
fn pyhanko_cli() -> Option<PathBuf> {
    let python = Tool::Pyhanko.path()?;
    let asked = Command::new(python)
        .args([
            "-c",
            "import os, sys, sysconfig\n\
             print(os.path.dirname(sys.executable))\n\
             print(sysconfig.get_path('scripts'))\n\
             print(sysconfig.get_path('scripts', os.name + '_user'))",
        ])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    asked
        .lines()
        .map(|dir| Path::new(dir.trim()).join("pyhanko"))
        .find(|cli| is_executable(cli))
        .or_else(|| on_path("pyhanko"))
}

/// The validator beside the repository, as CI lays it out, once its
/// `setup.sh` has installed it.
fn docx_validator() -> Option<PathBuf> {
    let script = root().join("../shared/tools/docxval/validate.sh");
    let ready = script.is_file() && docx_validator_state().join("venv/bin/python").is_file();
    ready.then_some(script)
}

/// Where `setup.sh` installed the validator: `DOCXVAL_STATE`, as
/// `validate.sh` itself reads it.
pub fn docx_validator_state() -> PathBuf {
    if let Some(state) = std::env::var_os("DOCXVAL_STATE") {
        return PathBuf::from(state);
    }
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cache")
        });
    cache.join("kehoach-docxval")
}
