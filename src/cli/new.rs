//! `kehoach new`: a plan file for a commune from a kind's starter.

use std::path::PathBuf;
use std::process::ExitCode;

use kehoach::starter::{self, NewPlanError};
use kehoach::templates::Templates;

use super::exit::Exit;

/// `kehoach new`: renders the kind's starter and writes it (through the
/// same library call as the editor's start page), never over an existing
/// file unless asked to.
pub fn new_plan(
    templates: &Templates,
    kind: &str,
    xa: String,
    tinh: String,
    nam: Option<i64>,
    out: Option<PathBuf>,
    force: bool,
) -> ExitCode {
    let nam = nam.unwrap_or_else(current_year);
    let commune = starter::Commune { xa, tinh, nam };
    let path = out.unwrap_or_else(|| starter::default_path(&commune));
    let made = match starter::write_new_plan(templates, kind, &commune, &path, force) {
        Ok(made) => made,
        Err(NewPlanError::Exists(path)) => {
            eprintln!(
                "lỗi: tệp `{}` đã có; không ghi đè (thêm --ghi-de để ghi đè, hoặc chọn tệp khác bằng --out)",
                path.display()
            );
            return Exit::Usage.into();
        }
        Err(NewPlanError::Starter(err)) => {
            eprintln!("lỗi: {err}");
            return if err.is_usage() {
                Exit::Usage
            } else {
                Exit::Write
            }
            .into();
        }
        Err(err @ NewPlanError::Write(..)) => {
            eprintln!("lỗi: {err}");
            return Exit::Write.into();
        }
    };
    println!("đã ghi {}", path.display());
    match &made.schema {
        Ok(schema_path) => println!(
            "đã ghi {} (cho trình soạn thảo: gợi ý khóa, gạch đỏ chỗ sai)",
            schema_path.display()
        ),
        Err(err) => eprintln!("cảnh báo: {err}; trình soạn thảo sẽ không gợi ý khóa"),
    }
    println!(
        "tiếp theo: điền các chỗ \"…\" và \"(điền …)\", rồi chạy `kehoach check {}` (hoặc soạn trong trình duyệt: `kehoach xem {}`)",
        path.display(),
        path.display()
    );
    Exit::Done.into()
}

/// This year, for a default `--nam`: the clock is read here, never while
/// rendering.
pub fn current_year() -> i64 {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0));
    starter::year_of_unix_seconds(seconds)
}
