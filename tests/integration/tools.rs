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
    /// Node.js, which runs the web build's engine outside a browser.
    Node,
    /// `python3`, whose `http.server` serves the web build as any static
    /// server would.
    Python,
    /// The web build, `target/web/` (`bash scripts/build-web.sh`). CI does
    /// not make it (the wasm build's time is not in its budget), so its
    /// tests are ignored there too, even under `KEHOACH_REQUIRE_TOOLS=1`.
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
            Tool::Node => "apt-get install nodejs",
            Tool::Python => "apt-get install python3",
            Tool::WebBuild => "bash scripts/build-web.sh",
        }
    }

    /// Whether `KEHOACH_REQUIRE_TOOLS=1` makes its absence a failure: every
    /// tool but the web build, which `.ci/run` does not make.
    pub fn required_in_ci(self) -> bool {
        self != Tool::WebBuild
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
            // pyhanko-cli installs `pyhanko` beside the Python that has pyHanko.
            Tool::PyhankoCli => Tool::Pyhanko
                .path()
                .and_then(Path::parent)
                .map(|dir| dir.join("pyhanko"))
                .filter(|cli| cli.is_file()),
            Tool::DocxValidator => docx_validator(),
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
