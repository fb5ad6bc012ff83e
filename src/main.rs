//! The `kehoach` command: arguments in, library calls, exit codes out.
//! Exit codes: 0 ok, 1 invalid plan, 2 wrong usage, 3 could not write or
//! render the output.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};

use kehoach::output::write_all_atomic;
use kehoach::pipeline::{Parts, RenderOptions, check_file, render};
use kehoach::templates::Templates;
use kehoach::write::pdf::{FontSet, PdfFlavour, PdfWriter};

const EXIT_INVALID: u8 = 1;
const EXIT_USAGE: u8 = 2;
const EXIT_WRITE: u8 = 3;

#[derive(Parser)]
#[command(
    name = "kehoach",
    version,
    about = "Soạn kế hoạch của UBND xã theo Nghị định 30/2020/NĐ-CP từ một tệp TOML",
    long_about = None
)]
struct Cli {
    /// Thư mục mẫu của người dùng, đè lên mẫu có sẵn (từng tệp một)
    #[arg(long, global = true, value_name = "THƯ_MỤC")]
    templates: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Kiểm tra tệp kế hoạch và báo mọi lỗi cùng lúc
    Check {
        /// Các tệp kế hoạch (.toml)
        #[arg(required = true, value_name = "KẾ_HOẠCH")]
        plans: Vec<PathBuf>,
    },
    /// Dựng kế hoạch thành PDF (mặc định vào out/<tên tệp>/)
    Render {
        /// Các tệp kế hoạch (.toml)
        #[arg(required = true, value_name = "KẾ_HOẠCH")]
        plans: Vec<PathBuf>,
        /// Thư mục gốc để ghi kết quả; mỗi kế hoạch một thư mục con
        #[arg(long, default_value = "out", value_name = "THƯ_MỤC")]
        out: PathBuf,
        /// Thêm phông chữ từ thư mục này (ví dụ Times New Roman)
        #[arg(long, value_name = "THƯ_MỤC")]
        font_dir: Option<PathBuf>,
        /// Ghi cả mã nguồn typst (.typ) để xem
        #[arg(long)]
        emit_typst: bool,
        /// Phần cần dựng: all (kế hoạch và từng phụ lục), ke-hoach, phu-luc
        #[arg(long, default_value = "all", value_parser = ["all", "ke-hoach", "phu-luc"])]
        parts: String,
        /// Chuẩn PDF: "thuong" hoặc "a-2b" (PDF/A-2b để lưu trữ, ký số)
        #[arg(long, default_value = "thuong", value_parser = ["thuong", "a-2b"])]
        pdf_standard: String,
    },
    /// Liệt kê các loại kế hoạch có mẫu
    Templates,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return if err.use_stderr() {
                ExitCode::from(EXIT_USAGE)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let templates = match &cli.templates {
        Some(dir) if !dir.is_dir() => {
            eprintln!("lỗi: không tìm thấy thư mục mẫu `{}`", dir.display());
            return ExitCode::from(EXIT_USAGE);
        }
        Some(dir) => Templates::with_overlay(dir),
        None => Templates::embedded(),
    };
    match cli.command {
        Command::Check { plans } => check(&plans, &templates),
        Command::Render {
            plans,
            out,
            font_dir,
            emit_typst,
            parts,
            pdf_standard,
        } => {
            let flavour = if pdf_standard == "a-2b" {
                PdfFlavour::A2b
            } else {
                PdfFlavour::Standard
            };
            let fonts = match FontSet::load(font_dir.as_deref()) {
                Ok(fonts) => Arc::new(fonts),
                Err(err) => {
                    let dir = font_dir.as_deref().unwrap_or(Path::new(""));
                    eprintln!(
                        "lỗi: không đọc được thư mục phông `{}`: {err}",
                        dir.display()
                    );
                    return ExitCode::from(EXIT_USAGE);
                }
            };
            let pdf = PdfWriter::new(fonts, flavour);
            let parts = match parts.as_str() {
                "ke-hoach" => Parts::Plan,
                "phu-luc" => Parts::Appendices,
                _ => Parts::All,
            };
            let options = RenderOptions { emit_typst, parts };
            render_all(&plans, &templates, &pdf, &out, &options)
        }
        Command::Templates => {
            for kind in templates.describe() {
                println!("{:<12} {}", kind.id, kind.description);
            }
            ExitCode::SUCCESS
        }
    }
}

fn check(plans: &[PathBuf], templates: &Templates) -> ExitCode {
    let mut invalid = 0;
    for path in plans {
        let checked = check_file(path, templates);
        if !checked.diagnostics.is_empty() {
            eprintln!("{}", checked.render_diagnostics());
        }
        let errors = checked.error_count();
        if errors > 0 {
            invalid += 1;
            eprintln!("{}: {errors} lỗi", path.display());
        } else {
            println!("{}: hợp lệ", path.display());
        }
    }
    if invalid > 0 {
        ExitCode::from(EXIT_INVALID)
    } else {
        ExitCode::SUCCESS
    }
}

fn render_all(
    plans: &[PathBuf],
    templates: &Templates,
    pdf: &PdfWriter,
    out_root: &Path,
    options: &RenderOptions,
) -> ExitCode {
    let mut worst = 0u8;
    for path in plans {
        let checked = check_file(path, templates);
        if !checked.diagnostics.is_empty() {
            eprintln!("{}", checked.render_diagnostics());
        }
        let Some(plan) = checked.plan else {
            eprintln!(
                "{}: {} lỗi, không dựng văn bản (các tệp đã có được giữ nguyên)",
                path.display(),
                checked.error_count()
            );
            worst = worst.max(EXIT_INVALID);
            continue;
        };
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("ke-hoach");
        let out_dir = out_root.join(stem);
        let files = match render(&plan, templates, pdf, &out_dir, options) {
            Ok(files) => files,
            Err(err) => {
                eprintln!("lỗi: {}: {err}", path.display());
                worst = worst.max(EXIT_WRITE);
                continue;
            }
        };
        let batch: Vec<(PathBuf, &[u8])> = files
            .iter()
            .map(|f| (f.path.clone(), f.bytes.as_slice()))
            .collect();
        match write_all_atomic(&batch) {
            Ok(()) => {
                for file in &files {
                    println!("đã ghi {}", file.path.display());
                }
            }
            Err(err) => {
                eprintln!(
                    "lỗi: không ghi được kết quả vào `{}`: {err} (các tệp cũ được giữ nguyên)",
                    out_dir.display()
                );
                worst = worst.max(EXIT_WRITE);
            }
        }
    }
    ExitCode::from(worst)
}
