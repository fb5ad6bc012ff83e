//! Every argument of the command line, in one place (clap derive). The
//! help texts are Vietnamese; clap's own headings and flags are replaced.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use kehoach::pipeline::{Formats, Parts};
use kehoach::write::pdf::PdfFlavour;

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
pub struct Cli {
    /// In hướng dẫn này
    #[arg(short = 'h', long = "help", global = true, action = clap::ArgAction::Help)]
    pub help: Option<bool>,
    /// In số phiên bản
    #[arg(short = 'V', long = "version", action = clap::ArgAction::Version)]
    pub version: Option<bool>,
    /// Thư mục mẫu của người dùng, đè lên mẫu có sẵn (từng tệp một)
    #[arg(long, global = true, value_name = "THƯ_MỤC")]
    pub templates: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
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
        #[arg(long, value_enum, default_value_t = FormatArg::All, value_name = "ĐỊNH_DẠNG", hide_default_value = true, hide_possible_values = true)]
        format: FormatArg,
        /// Phần cần dựng: all (kế hoạch và từng phụ lục, mặc định), ke-hoach, phu-luc
        #[arg(long, value_enum, default_value_t = PartsArg::All, value_name = "PHẦN", hide_default_value = true, hide_possible_values = true)]
        parts: PartsArg,
        /// Chuẩn PDF: thuong (mặc định) hoặc a-2b (PDF/A-2b để lưu trữ, ký số)
        #[arg(long, value_enum, default_value_t = PdfStandardArg::Thuong, value_name = "CHUẨN", hide_default_value = true, hide_possible_values = true)]
        pdf_standard: PdfStandardArg,
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
    /// Soạn kế hoạch trong trình duyệt: biểu mẫu bên trái, các trang bên phải, lưu vào tệp
    #[command(
        visible_alias = "xem",
        help_template = HELP,
        next_help_heading = "Tùy chọn",
        override_usage = "kehoach preview [TÙY_CHỌN] [KẾ_HOẠCH]"
    )]
    Preview {
        /// Tệp kế hoạch (.toml); bỏ trống: trang bắt đầu (các kế hoạch trong thư mục này, tạo kế hoạch mới)
        #[arg(value_name = "KẾ_HOẠCH")]
        plan: Option<PathBuf>,
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
        #[arg(long, value_name = "NĂM", value_parser = super::messages::parse_year)]
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

/// `--format`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FormatArg {
    All,
    Pdf,
    Docx,
}

impl From<FormatArg> for Formats {
    fn from(arg: FormatArg) -> Self {
        match arg {
            FormatArg::All => Formats::All,
            FormatArg::Pdf => Formats::Pdf,
            FormatArg::Docx => Formats::Docx,
        }
    }
}

/// `--parts`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum PartsArg {
    All,
    #[value(name = "ke-hoach")]
    Plan,
    #[value(name = "phu-luc")]
    Appendices,
}

impl From<PartsArg> for Parts {
    fn from(arg: PartsArg) -> Self {
        match arg {
            PartsArg::All => Parts::All,
            PartsArg::Plan => Parts::Plan,
            PartsArg::Appendices => Parts::Appendices,
        }
    }
}

/// `--pdf-standard`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum PdfStandardArg {
    Thuong,
    #[value(name = "a-2b")]
    A2b,
}

impl From<PdfStandardArg> for PdfFlavour {
    fn from(arg: PdfStandardArg) -> Self {
        match arg {
            PdfStandardArg::Thuong => PdfFlavour::Standard,
            PdfStandardArg::A2b => PdfFlavour::A2b,
        }
    }
}
