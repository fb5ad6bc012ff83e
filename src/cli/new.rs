//! `kehoach new`: a plan file for a commune from a kind's starter.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use kehoach::starter;
use kehoach::templates::Templates;

use super::exit::Exit;

/// `kehoach new`: renders the kind's starter and writes it, never over an
/// existing file unless asked to.
pub fn new_plan(
    templates: &Templates,
    kind: &str,
    xa: String,
    tinh: String,
    nam: Option<i64>,
    out: Option<PathBuf>,
    force: bool,
) -> ExitCode {
    // The clock is read here, for the default only; rendering never reads it.
    let nam = nam.unwrap_or_else(|| {
        let seconds = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0));
        starter::year_of_unix_seconds(seconds)
    });
    let commune = starter::Commune { xa, tinh, nam };
    let path = out.unwrap_or_else(|| starter::default_path(&commune));
    if path.exists() && !force {
        eprintln!(
            "lỗi: tệp `{}` đã có; không ghi đè (thêm --ghi-de để ghi đè, hoặc chọn tệp khác bằng --out)",
            path.display()
        );
        return Exit::Usage.into();
    }
    let text = match starter::render_starter(templates, kind, &commune) {
        Ok(text) => text,
        Err(err) => {
            eprintln!("lỗi: {err}");
            return if err.is_usage() {
                Exit::Usage
            } else {
                Exit::Write
            }
            .into();
        }
    };
    if let Err(err) = kehoach::output::write_atomic(&path, text.as_bytes()) {
        eprintln!("lỗi: không ghi được `{}`: {err}", path.display());
        return Exit::Write.into();
    }
    println!("đã ghi {}", path.display());
    // The schema the starter's `#:schema` line names, refreshed beside it so
    // the editor's help matches this kehoach; failing to write it costs only
    // the editor's help, never the plan.
    let schema_path = path
        .parent()
        .unwrap_or(Path::new("."))
        .join(starter::SCHEMA_FILE);
    let vocabulary = templates.vocabulary();
    let schema = kehoach::plan::reference::json_schema(&vocabulary);
    let schema = kehoach::plan::reference::schema_text(&schema) + "\n";
    match kehoach::output::write_atomic(&schema_path, schema.as_bytes()) {
        Ok(()) => println!(
            "đã ghi {} (cho trình soạn thảo: gợi ý khóa, gạch đỏ chỗ sai)",
            schema_path.display()
        ),
        Err(err) => eprintln!(
            "cảnh báo: không ghi được `{}`: {err}; trình soạn thảo sẽ không gợi ý khóa",
            schema_path.display()
        ),
    }
    println!(
        "tiếp theo: điền các chỗ \"…\" và \"(điền …)\", rồi chạy `kehoach check {}`",
        path.display()
    );
    Exit::Done.into()
}
