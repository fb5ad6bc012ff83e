//! The `kehoach` command: arguments in, library calls, exit codes out.
//! Exit codes: 0 ok, 1 invalid plan, 2 wrong usage, 3 could not write or
//! render the output.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};

use kehoach::batch;
use kehoach::pipeline::{Formats, Parts, RenderOptions, check_file};
use kehoach::starter;
use kehoach::templates::Templates;
use kehoach::write::pdf::{FontSet, PdfFlavour, PdfWriter};

const EXIT_INVALID: u8 = 1;
const EXIT_USAGE: u8 = 2;
const EXIT_WRITE: u8 = 3;

mod cli_messages;

/// Help in Vietnamese: clap's own headings and flags are replaced.
const HELP: &str = "{about}\n\nCách dùng: {usage}\n\n{all-args}";

#[derive(Parser)]
#[command(
    name = "kehoach",
    version,
    about = "Soạn kế hoạch của UBND xã theo Nghị định 30/2020/NĐ-CP từ một tệp TOML",
    long_about = None,
    help_template = HELP,
    override_usage = "kehoach [TÙY_CHỌN] <LỆNH>",
    subcommand_help_heading = "Lệnh",
    subcommand_value_name = "LỆNH",
    next_help_heading = "Tùy chọn",
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true
)]
struct Cli {
    /// In hướng dẫn này
    #[arg(short = 'h', long = "help", global = true, action = clap::ArgAction::Help)]
    help: Option<bool>,
    /// In số phiên bản
    #[arg(short = 'V', long = "version", action = clap::ArgAction::Version)]
    version: Option<bool>,
    /// Thư mục mẫu của người dùng, đè lên mẫu có sẵn (từng tệp một)
    #[arg(long, global = true, value_name = "THƯ_MỤC")]
    templates: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Kiểm tra tệp kế hoạch và báo mọi lỗi cùng lúc
    #[command(
        help_template = HELP,
        next_help_heading = "Tùy chọn",
        override_usage = "kehoach check [TÙY_CHỌN] <KẾ_HOẠCH>..."
    )]
    Check {
        /// Các tệp kế hoạch (.toml)
        #[arg(required = true, value_name = "KẾ_HOẠCH")]
        plans: Vec<PathBuf>,
    },
    /// Dựng kế hoạch thành PDF và DOCX (mặc định vào out/<tên tệp>/)
    #[command(
        help_template = HELP,
        next_help_heading = "Tùy chọn",
        override_usage = "kehoach render [TÙY_CHỌN] <KẾ_HOẠCH>..."
    )]
    Render {
        /// Các tệp kế hoạch (.toml)
        #[arg(required = true, value_name = "KẾ_HOẠCH")]
        plans: Vec<PathBuf>,
        /// Thư mục gốc để ghi kết quả, mỗi kế hoạch một thư mục con (mặc định: out)
        #[arg(
            long,
            default_value = "out",
            value_name = "THƯ_MỤC",
            hide_default_value = true
        )]
        out: PathBuf,
        /// Thêm phông chữ từ thư mục này (ví dụ Times New Roman)
        #[arg(long, value_name = "THƯ_MỤC")]
        font_dir: Option<PathBuf>,
        /// Ghi cả mã nguồn typst (.typ) để xem
        #[arg(long)]
        emit_typst: bool,
        /// Định dạng: all (PDF và DOCX, mặc định), pdf, docx
        #[arg(long, default_value = "all", value_parser = ["all", "pdf", "docx"], value_name = "ĐỊNH_DẠNG", hide_default_value = true, hide_possible_values = true)]
        format: String,
        /// Phần cần dựng: all (kế hoạch và từng phụ lục, mặc định), ke-hoach, phu-luc
        #[arg(long, default_value = "all", value_parser = ["all", "ke-hoach", "phu-luc"], value_name = "PHẦN", hide_default_value = true, hide_possible_values = true)]
        parts: String,
        /// Chuẩn PDF: thuong (mặc định) hoặc a-2b (PDF/A-2b để lưu trữ, ký số)
        #[arg(long, default_value = "thuong", value_parser = ["thuong", "a-2b"], value_name = "CHUẨN", hide_default_value = true, hide_possible_values = true)]
        pdf_standard: String,
        /// Không thêm ô ký số vào PDF (bản chỉ để in ra giấy)
        #[arg(long = "khong-o-ky", visible_alias = "no-signature-fields")]
        no_signature_fields: bool,
    },
    /// So sánh hai bản của một kế hoạch: chỉ tiêu, đơn vị, thời hạn, kinh phí … đổi gì, in ở đâu
    #[command(
        help_template = HELP,
        next_help_heading = "Tùy chọn",
        override_usage = "kehoach diff [TÙY_CHỌN] <CŨ.toml|-> <MỚI.toml>\n       kehoach diff <KẾ_HOẠCH> --git <PHIÊN_BẢN>"
    )]
    Diff {
        /// Bản cũ (`-`: đọc từ đầu vào chuẩn) rồi bản mới; với --git chỉ ghi tệp kế hoạch
        #[arg(required = true, num_args = 1..=2, value_name = "TỆP")]
        files: Vec<PathBuf>,
        /// So với tệp này ở một phiên bản git, ví dụ HEAD~1
        #[arg(long, value_name = "PHIÊN_BẢN")]
        git: Option<String>,
    },
    /// Xem trước trong trình duyệt: các trang và lỗi, cập nhật mỗi lần lưu tệp
    #[command(
        visible_alias = "xem",
        help_template = HELP,
        next_help_heading = "Tùy chọn",
        override_usage = "kehoach preview [TÙY_CHỌN] <KẾ_HOẠCH>"
    )]
    Preview {
        /// Tệp kế hoạch (.toml)
        #[arg(value_name = "KẾ_HOẠCH")]
        plan: PathBuf,
        /// Cổng trên 127.0.0.1 (mặc định 0: một cổng trống bất kỳ)
        #[arg(
            long,
            default_value_t = 0,
            value_name = "CỔNG",
            hide_default_value = true
        )]
        port: u16,
        /// Không tự mở trình duyệt (chỉ in địa chỉ)
        #[arg(long = "khong-mo", visible_alias = "no-open")]
        no_open: bool,
    },
    /// Liệt kê các loại kế hoạch có mẫu
    #[command(
        help_template = HELP,
        next_help_heading = "Tùy chọn",
        override_usage = "kehoach templates"
    )]
    Templates,
    /// Tạo tệp kế hoạch mới cho một xã từ kế hoạch mẫu của một loại
    #[command(
        help_template = HELP,
        next_help_heading = "Tùy chọn",
        override_usage = "kehoach new [TÙY_CHỌN] --xa <TÊN_XÃ> <LOẠI>"
    )]
    New {
        /// Loại kế hoạch (xem `kehoach templates`), ví dụ chi-tieu
        #[arg(value_name = "LOẠI")]
        kind: String,
        /// Tên xã, không có chữ "xã", ví dụ "Quảng Ngọc"
        #[arg(long, value_name = "TÊN_XÃ")]
        xa: String,
        /// Tên tỉnh (mặc định: Thanh Hóa)
        #[arg(
            long,
            default_value = "Thanh Hóa",
            value_name = "TÊN_TỈNH",
            hide_default_value = true
        )]
        tinh: String,
        /// Năm của kế hoạch (mặc định: năm hiện tại theo đồng hồ máy)
        #[arg(long, value_name = "NĂM", value_parser = cli_messages::parse_year)]
        nam: Option<i64>,
        /// Tệp sẽ ghi (mặc định plans/<tên xã không dấu>-<năm>.toml)
        #[arg(long, value_name = "TỆP")]
        out: Option<PathBuf>,
        /// Ghi đè nếu tệp đã có
        #[arg(long = "ghi-de", visible_alias = "force")]
        force: bool,
    },
    /// Nhập kế hoạch cũ (Word .docx, hoặc chữ chép ra .txt/.md) thành tệp kế hoạch
    #[command(
        visible_alias = "import",
        help_template = HELP,
        next_help_heading = "Tùy chọn",
        override_usage = "kehoach nhap [TÙY_CHỌN] <TỆP>"
    )]
    Nhap {
        /// Kế hoạch cũ: .docx, hoặc .txt/.md chép từ Word hay PDF
        #[arg(value_name = "TỆP")]
        file: PathBuf,
        /// Loại kế hoạch (xem `kehoach templates`); mặc định: đoán từ nội dung
        #[arg(long = "loai", value_name = "LOẠI")]
        kind: Option<String>,
        /// Tệp kế hoạch sẽ ghi (mặc định: tên tệp nhập, đuôi .toml)
        #[arg(long, value_name = "TỆP")]
        out: Option<PathBuf>,
        /// Ghi đè nếu tệp đã có
        #[arg(long = "ghi-de", visible_alias = "force")]
        force: bool,
    },
    /// In lược đồ JSON (JSON Schema) của tệp kế hoạch, cho trình soạn thảo
    #[command(
        help_template = HELP,
        next_help_heading = "Tùy chọn",
        override_usage = "kehoach schema [--markdown] > ke-hoach.schema.json"
    )]
    Schema {
        /// In bảng tra định dạng bằng Markdown (docs/dinh-dang.md) thay cho JSON Schema
        #[arg(long)]
        markdown: bool,
    },
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            return match cli_messages::usage_error(&err) {
                Some(message) => {
                    eprintln!("{message}");
                    ExitCode::from(EXIT_USAGE)
                }
                None => {
                    let _ = err.print();
                    ExitCode::SUCCESS
                }
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
            format,
            parts,
            pdf_standard,
            no_signature_fields,
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
            let pdf = if no_signature_fields {
                pdf.without_signature_fields()
            } else {
                pdf
            };
            let parts = match parts.as_str() {
                "ke-hoach" => Parts::Plan,
                "phu-luc" => Parts::Appendices,
                _ => Parts::All,
            };
            let formats = match format.as_str() {
                "pdf" => Formats::Pdf,
                "docx" => Formats::Docx,
                _ => Formats::All,
            };
            let options = RenderOptions {
                emit_typst,
                parts,
                formats,
            };
            render_all(&plans, &templates, &pdf, &out, &options)
        }
        Command::New {
            kind,
            xa,
            tinh,
            nam,
            out,
            force,
        } => new_plan(&templates, &kind, xa, tinh, nam, out, force),
        Command::Schema { markdown } => {
            let vocabulary = templates.vocabulary();
            let schema = kehoach::plan::reference::json_schema(&vocabulary);
            if markdown {
                print!(
                    "{}",
                    kehoach::plan::reference::markdown(&schema, &vocabulary)
                );
            } else {
                println!("{}", kehoach::plan::reference::schema_text(&schema));
            }
            ExitCode::SUCCESS
        }
        Command::Diff { files, git } => diff(&files, git, &templates),
        Command::Nhap {
            file,
            kind,
            out,
            force,
        } => import_plan(&templates, &file, kind.as_deref(), out, force),
        Command::Preview {
            plan,
            port,
            no_open,
        } => {
            let options = kehoach::preview::Options {
                plan,
                templates_dir: cli.templates.clone(),
                port,
                open_browser: !no_open,
            };
            match kehoach::preview::run(&options, templates) {
                Ok(()) => ExitCode::SUCCESS,
                Err(err) => {
                    eprintln!("lỗi: {}", err.0);
                    ExitCode::from(EXIT_USAGE)
                }
            }
        }
        Command::Templates => {
            for kind in templates.describe() {
                println!("{:<12} {}", kind.id, kind.description);
            }
            ExitCode::SUCCESS
        }
    }
}

/// `kehoach new`: renders the kind's starter and writes it, never over an
/// existing file unless asked to.
fn new_plan(
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
        return ExitCode::from(EXIT_USAGE);
    }
    let text = match starter::render_starter(templates, kind, &commune) {
        Ok(text) => text,
        Err(err) => {
            eprintln!("lỗi: {err}");
            return ExitCode::from(if err.is_usage() {
                EXIT_USAGE
            } else {
                EXIT_WRITE
            });
        }
    };
    if let Err(err) = kehoach::output::write_atomic(&path, text.as_bytes()) {
        eprintln!("lỗi: không ghi được `{}`: {err}", path.display());
        return ExitCode::from(EXIT_WRITE);
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
    ExitCode::SUCCESS
}

/// A Word document of a plan is a few megabytes; a larger file is no plan.
const MAX_IMPORT_BYTES: u64 = 50 * 1024 * 1024;

/// `kehoach nhap`: reads the old plan, imports it, writes the plan file
/// (never over an existing one unless asked) and prints the report.
fn import_plan(
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
        return ExitCode::from(EXIT_USAGE);
    }
    let path = out.unwrap_or_else(|| file.with_extension("toml"));
    if path.exists() && !force {
        eprintln!(
            "lỗi: tệp `{}` đã có; không ghi đè (thêm --ghi-de để ghi đè, hoặc chọn tệp khác bằng --out)",
            path.display()
        );
        return ExitCode::from(EXIT_USAGE);
    }
    let bytes = match kehoach::input::read_bounded(file, MAX_IMPORT_BYTES) {
        Ok(bytes) => bytes,
        Err(kehoach::input::ReadError::TooLarge(limit)) => {
            eprintln!(
                "lỗi: `{}` quá lớn cho một kế hoạch (tối đa {} MB)\ngợi ý: nhập bản .docx của riêng kế hoạch, không kèm hình ảnh lớn",
                file.display(),
                limit / (1024 * 1024)
            );
            return ExitCode::from(EXIT_USAGE);
        }
        Err(kehoach::input::ReadError::NotRegular(what)) => {
            eprintln!("lỗi: `{}` là {what}, không phải một tệp", file.display());
            return ExitCode::from(EXIT_USAGE);
        }
        Err(kehoach::input::ReadError::Io(err)) => {
            eprintln!("lỗi: không đọc được `{}`: {err}", file.display());
            return ExitCode::from(EXIT_USAGE);
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
            return ExitCode::from(EXIT_USAGE);
        }
    };
    if let Err(err) = kehoach::output::write_atomic(&path, imported.plan.as_bytes()) {
        eprintln!("lỗi: không ghi được `{}`: {err}", path.display());
        return ExitCode::from(EXIT_WRITE);
    }
    print!("{}", imported.report.render(&name));
    println!("\nđã ghi {}", path.display());
    let checked = check_file(&path, templates);
    if !checked.diagnostics.is_empty() {
        eprintln!("{}", checked.render_diagnostics());
    }
    if checked.error_count() > 0 {
        eprintln!("{}: {} lỗi", path.display(), checked.error_count());
        return ExitCode::from(EXIT_INVALID);
    }
    println!(
        "tiếp theo: xem lại các chỗ \"đoán\" ở trên, sửa trong `{}`, rồi chạy `kehoach render {}`",
        path.display(),
        path.display()
    );
    ExitCode::SUCCESS
}

/// `kehoach diff`: OLD NEW, `-` NEW, or FILE --git REV.
fn diff(files: &[PathBuf], git: Option<String>, templates: &Templates) -> ExitCode {
    use kehoach::diff::source::{EXIT_ERROR, Old, run};
    let (old, new) = match (files, git) {
        ([new], Some(rev)) => (Old::Git(rev), new),
        ([old, new], None) if old.as_os_str() == "-" => (Old::Stdin, new),
        ([old, new], None) => (Old::File(old.clone()), new),
        _ => {
            eprintln!(
                "lỗi: cần hai tệp (`kehoach diff CŨ.toml MỚI.toml`) hoặc một tệp với --git (`kehoach diff KẾ_HOẠCH.toml --git HEAD~1`)"
            );
            return ExitCode::from(EXIT_ERROR);
        }
    };
    ExitCode::from(run(&old, new, templates))
}

fn check(plans: &[PathBuf], templates: &Templates) -> ExitCode {
    let mut invalid = 0;
    for path in &batch::collect_plans(plans) {
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

/// Files a partial render left from an older version of the plan: what
/// each still says, and the command that brings them up to date.
fn stale_warning(outcome: &batch::Outcome, out_root: &Path) {
    if outcome.stale.is_empty() {
        return;
    }
    eprintln!("cảnh báo: trong thư mục kết quả còn tệp dựng từ bản kế hoạch cũ, nay không khớp:");
    for line in &outcome.stale {
        eprintln!("  - {line}");
    }
    let out = if out_root == Path::new("out") {
        String::new()
    } else {
        format!(" --out {}", out_root.display())
    };
    eprintln!(
        "  dựng lại đủ mọi tệp cho khớp: kehoach render {}{out}",
        outcome.path.display()
    );
}

fn render_all(
    plans: &[PathBuf],
    templates: &Templates,
    pdf: &PdfWriter,
    out_root: &Path,
    options: &RenderOptions,
) -> ExitCode {
    let plans = batch::collect_plans(plans);
    let out_dirs = match batch::out_dirs(&plans, out_root) {
        Ok(dirs) => dirs,
        Err(message) => {
            eprintln!("lỗi: {message}; không dựng kế hoạch nào");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    // A progress bar with count and time left, on a terminal and for more
    // than one plan; nothing otherwise (logs and pipes stay clean).
    let bar = if plans.len() > 1 && std::io::stderr().is_terminal() {
        let bar = ProgressBar::new(plans.len() as u64);
        bar.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} kế hoạch · còn {eta}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    } else {
        ProgressBar::hidden()
    };
    let report = |outcome: &batch::Outcome| {
        bar.suspend(|| {
            if !outcome.diagnostics.is_empty() {
                eprintln!("{}", outcome.diagnostics);
            }
            if let Err(failure) = &outcome.result {
                eprintln!("lỗi: {}: {failure}", outcome.path.display());
            }
        });
        bar.inc(1);
    };
    let outcomes = batch::render_all(&plans, &out_dirs, templates, pdf, options, &report);
    bar.finish_and_clear();
    let mut worst = 0u8;
    let mut made = 0;
    for outcome in &outcomes {
        match &outcome.result {
            Ok(files) => {
                made += 1;
                for file in files {
                    println!("đã ghi {}", file.display());
                }
                for file in &outcome.removed {
                    println!(
                        "đã xóa {} (lần dựng trước ghi ra; kế hoạch nay không còn phụ lục này)",
                        file.display()
                    );
                }
                stale_warning(outcome, out_root);
            }
            Err(batch::Failure::Invalid { .. }) => worst = worst.max(EXIT_INVALID),
            Err(_) => worst = worst.max(EXIT_WRITE),
        }
    }
    if outcomes.len() > 1 {
        println!("đã dựng {made}/{} kế hoạch", outcomes.len());
    }
    ExitCode::from(worst)
}
