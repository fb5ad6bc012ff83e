//! `kehoach nhap` (`import`): last year's plan, in Word or as copied text,
//! into a plan file.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use kehoach::input::{ReadError, read_bounded};
use kehoach::limits::LIMITS;
use kehoach::pipeline::check_file;
use kehoach::templates::Templates;

use super::exit::Exit;

/// Reads the old plan, imports it, writes the plan file (never over an
/// existing one unless asked), prints the report and checks the result.
pub fn import_plan(
    templates: &Templates,
    file: &Path,
    kind: Option<&str>,
    out: Option<PathBuf>,
    force: bool,
) -> ExitCode {
    if let Some(kind) = kind
        && !templates.describe().iter().any(|k| k.id == kind)
    {
        let known: Vec<String> = templates.describe().into_iter().map(|k| k.id).collect();
        eprintln!(
            "lỗi: không có loại kế hoạch `{kind}`\ngợi ý: chọn một trong: {}",
            known.join(", ")
        );
        return Exit::Usage.into();
    }
    let path = out.unwrap_or_else(|| file.with_extension("toml"));
    if path.exists() && !force {
        eprintln!(
            "lỗi: tệp `{}` đã có; không ghi đè (thêm --ghi-de để ghi đè, hoặc chọn tệp khác bằng --out)",
            path.display()
        );
        return Exit::Usage.into();
    }
    let bytes = match read_bounded(file, LIMITS.import_bytes) {
        Ok(bytes) => bytes,
        Err(ReadError::TooLarge(limit)) => {
            eprintln!(
                "lỗi: `{}` quá lớn cho một kế hoạch (tối đa {} MB)\ngợi ý: nhập bản .docx của riêng kế hoạch, không kèm hình ảnh lớn",
                file.display(),
                limit / (1024 * 1024)
            );
            return Exit::Usage.into();
        }
        Err(ReadError::NotRegular(what)) => {
            eprintln!(
                "lỗi: `{}` là {what}, không phải một tệp\ngợi ý: ghi đường dẫn tới tệp .docx hoặc .txt của kế hoạch",
                file.display()
            );
            return Exit::Usage.into();
        }
        Err(ReadError::Io(err)) => {
            eprintln!(
                "lỗi: không đọc được `{}`: {err}\ngợi ý: kiểm tra tên tệp và quyền đọc",
                file.display()
            );
            return Exit::Usage.into();
        }
    };
    let name = file.file_name().map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let imported = match kehoach::import::import(&bytes, &name, kind) {
        Ok(imported) => imported,
        Err(err) => {
            eprintln!("lỗi: {}\ngợi ý: {}", err.message, err.help);
            return Exit::Usage.into();
        }
    };
    if let Err(err) = kehoach::output::write_atomic(&path, imported.plan.as_bytes()) {
        eprintln!("lỗi: không ghi được `{}`: {err}", path.display());
        return Exit::Write.into();
    }
    print!("{}", imported.report.render(&name));
    println!("\nđã ghi {}", path.display());
    let checked = check_file(&path, templates);
    if !checked.diagnostics().is_empty() {
        eprintln!("{}", checked.render_diagnostics());
    }
    if checked.error_count() > 0 {
        eprintln!("{}: {} lỗi", path.display(), checked.error_count());
        return Exit::Invalid.into();
    }
    println!(
        "tiếp theo: xem lại các chỗ \"đoán\" ở trên, sửa trong `{}`, rồi chạy `kehoach render {}`",
        path.display(),
        path.display()
    );
    Exit::Done.into()
}
