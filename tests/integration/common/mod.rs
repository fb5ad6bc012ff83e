//! Shared helpers of the integration tests: running the binary, and reading
//! its output back with the real tools (poppler, qpdf, LibreOffice; see
//! `tools` for how a test says it needs them).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The crate root; tests run the binary from here so paths print stably.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `kehoach` with `args` from the crate root.
pub fn kehoach(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kehoach"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("the kehoach binary runs")
}

/// Runs a tool and returns its stdout; panics with its stderr on failure.
pub fn run(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool).args(args).output().expect("tool runs");
    assert!(
        out.status.success(),
        "{tool} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The text of a PDF (or of pages `first..=last`), as pdftotext reads it.
pub fn pdf_text(pdf: &Path, pages: Option<(usize, usize)>) -> String {
    pdftotext(pdf, pages, &[])
}

/// The text in content-stream order (`pdftotext -raw`): table cells come
/// row by row, left to right, as laid out.
pub fn pdf_text_raw(pdf: &Path, pages: Option<(usize, usize)>) -> String {
    pdftotext(pdf, pages, &["-raw"])
}

fn pdftotext(pdf: &Path, pages: Option<(usize, usize)>, flags: &[&str]) -> String {
    let mut args: Vec<String> = flags.iter().map(|f| (*f).to_owned()).collect();
    if let Some((first, last)) = pages {
        args.extend([
            "-f".into(),
            first.to_string(),
            "-l".into(),
            last.to_string(),
        ]);
    }
    args.push(pdf.display().to_string());
    args.push("-".into());
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    run("pdftotext", &refs)
}

/// Whitespace collapsed to single spaces.
pub fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Page sizes in points, as pdfinfo reports them.
pub fn page_sizes(pdf: &Path) -> Vec<(f64, f64)> {
    let info = run(
        "pdfinfo",
        &["-f", "1", "-l", "9999", &pdf.display().to_string()],
    );
    info.lines()
        .filter(|l| l.starts_with("Page") && l.contains("size:"))
        .map(|l| {
            let dims = l.split("size:").nth(1).unwrap().trim();
            let mut it = dims.split_whitespace();
            let w: f64 = it.next().unwrap().parse().unwrap();
            it.next();
            let h: f64 = it.next().unwrap().parse().unwrap();
            (w, h)
        })
        .collect()
}

/// Renders `plan` into a fresh temporary folder; returns the folder holding
/// the plan's outputs.
pub fn render(plan: &Path, extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().display().to_string();
    let plan_arg = plan.display().to_string();
    let mut args = vec!["render", plan_arg.as_str(), "--out", out.as_str()];
    args.extend_from_slice(extra);
    let result = kehoach(&args);
    assert!(
        result.status.success(),
        "render failed: {}",
        String::from_utf8_lossy(&result.stderr)
    );
    let stem = plan.file_stem().unwrap().to_str().unwrap().to_owned();
    let path = dir.path().join(stem);
    (dir, path)
}

/// A TOML basic string holding `s` exactly (quotes, backslashes and
/// control characters escaped).
pub fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// One part of a DOCX package, as text.
pub fn docx_part(docx: &Path, name: &str) -> String {
    use std::io::Read;
    let file = std::fs::File::open(docx).unwrap();
    let mut archive = zip::ZipArchive::new(file).expect("a DOCX is a zip");
    let mut part = archive.by_name(name).expect("part present");
    let mut text = String::new();
    part.read_to_string(&mut text).unwrap();
    text
}

/// Converts DOCX files to PDF with LibreOffice headless, in a private
/// profile so parallel tests do not trip over each other.
pub fn libreoffice_pdf(docs: &[PathBuf], out: &Path) {
    let profile = tempfile::tempdir().unwrap();
    let result = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(out)
        .args(docs)
        .output()
        .expect("soffice runs");
    assert!(
        result.status.success(),
        "LibreOffice failed: {}",
        String::from_utf8_lossy(&result.stderr)
    );
}
