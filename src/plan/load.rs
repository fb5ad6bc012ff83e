//! Reading a plan file: bytes → UTF-8 text → spanned TOML tree → `Plan`.
//!
//! serde stops at the first problem, but a clerk wants every problem at once.
//! So when deserialising fails, the offending entry is cut out of the spanned
//! tree and deserialisation runs again, collecting one diagnostic per round.

use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::check::Diagnostic;
use crate::plan::Plan;

/// Above this a file is surely not a plan; refusing it keeps memory bounded.
pub const MAX_PLAN_BYTES: u64 = 4 * 1024 * 1024;

/// Keys of the file's top level, for the classic TOML slip of writing one
/// under a table header.
const TOP_LEVEL_KEYS: [&str; 13] = [
    "van_ban",
    "can_cu",
    "mo_dau",
    "phan",
    "ket_luan",
    "don_vi",
    "nhom_chi_tieu",
    "chi_tieu",
    "nhom_nhiem_vu",
    "nhiem_vu",
    "nguoi_ky",
    "noi_nhan",
    "phu_luc",
];

/// How many structural problems one run reports before giving up.
const MAX_ROUNDS: usize = 50;

/// A plan file's text, kept for diagnostics.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the user gave it, for "--> path:line:col".
    pub path: PathBuf,
    pub text: String,
}

impl SourceFile {
    /// The path as shown in messages.
    pub fn display_path(&self) -> String {
        self.path.display().to_string()
    }
}

/// What loading produced: the plan if its structure is sound, and the
/// problems found on the way.
#[derive(Debug)]
pub struct Loaded {
    pub source: SourceFile,
    pub plan: Option<Plan>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads and parses a plan file. Never panics; I/O problems become
/// diagnostics without a span.
pub fn load(path: &Path) -> Loaded {
    let mut source = SourceFile {
        path: path.to_path_buf(),
        text: String::new(),
    };
    let bytes = match read_bounded(path) {
        Ok(bytes) => bytes,
        Err(diagnostic) => {
            return Loaded {
                source,
                plan: None,
                diagnostics: vec![diagnostic],
            };
        }
    };
    match String::from_utf8(bytes) {
        Ok(text) => source.text = text,
        Err(err) => {
            let valid = err.utf8_error().valid_up_to();
            // Keep the valid prefix so the caret can point at the bad byte.
            source.text = String::from_utf8_lossy(&err.as_bytes()[..valid]).into_owned();
            let diagnostic = Diagnostic::error(
                format!(
                    "tệp không phải văn bản UTF-8 (byte thứ {} không hợp lệ)",
                    valid + 1
                ),
                Some(valid..valid),
            )
            .with_help("lưu lại tệp với mã hóa UTF-8 (trong Notepad: Lưu thành… → Mã hóa: UTF-8)");
            return Loaded {
                source,
                plan: None,
                diagnostics: vec![diagnostic],
            };
        }
    }
    let (plan, diagnostics) = parse(&source.text);
    Loaded {
        source,
        plan,
        diagnostics,
    }
}

fn read_bounded(path: &Path) -> Result<Vec<u8>, Diagnostic> {
    let metadata = std::fs::metadata(path).map_err(|err| io_diagnostic(path, &err))?;
    if metadata.is_dir() {
        return Err(
            Diagnostic::error("đây là một thư mục, không phải tệp kế hoạch", None)
                .with_help("chỉ ra tệp .toml bên trong thư mục, ví dụ plans/quang-ngoc-2026.toml"),
        );
    }
    if metadata.len() > MAX_PLAN_BYTES {
        return Err(Diagnostic::error(
            format!(
                "tệp quá lớn ({} byte; giới hạn {} byte)",
                metadata.len(),
                MAX_PLAN_BYTES
            ),
            None,
        )
        .with_help("một kế hoạch chỉ là văn bản; kiểm tra xem có nhầm tệp không"));
    }
    std::fs::read(path).map_err(|err| io_diagnostic(path, &err))
}

fn io_diagnostic(path: &Path, err: &std::io::Error) -> Diagnostic {
    let message = match err.kind() {
        std::io::ErrorKind::NotFound => "không tìm thấy tệp".to_owned(),
        std::io::ErrorKind::PermissionDenied => "không có quyền đọc tệp".to_owned(),
        _ => format!("không đọc được tệp: {err}"),
    };
    Diagnostic::error(message, None)
        .with_help(format!("kiểm tra lại đường dẫn `{}`", path.display()))
}

/// Parses plan text, reporting every syntax and structure problem found.
pub fn parse(text: &str) -> (Option<Plan>, Vec<Diagnostic>) {
    let (root, syntax_errors) = DeTable::parse_recoverable(text);
    if !syntax_errors.is_empty() {
        let diagnostics = syntax_errors
            .iter()
            .map(|err| {
                Diagnostic::error(
                    format!("lỗi cú pháp TOML: {}", first_line(err.message())),
                    err.span(),
                )
                .with_help(
                    "kiểm tra dấu ngoặc kép, dấu `=`, dấu phẩy và tên bảng `[...]` ở chỗ này",
                )
            })
            .collect();
        return (None, diagnostics);
    }
    let mut root = root;
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    let mut removed_keys: Vec<String> = Vec::new();
    for _ in 0..MAX_ROUNDS {
        let attempt = Plan::deserialize(toml::de::Deserializer::from(root.clone()));
        let err = match attempt {
            Ok(plan) => {
                if diagnostics.is_empty() {
                    return (Some(plan), diagnostics);
                }
                break;
            }
            Err(err) => err,
        };
        let span = err.span();
        let path = span
            .as_ref()
            .map(|span| locate(root.get_ref(), span))
            .unwrap_or_default();
        let key = path_to_string(&path);
        let missing = missing_field(err.message());
        // A required key we cut out ourselves in an earlier round is not a
        // new problem.
        if let Some(field) = &missing
            && removed_keys.iter().any(|k| k == field)
        {
            break;
        }
        diagnostics.push(translate(err.message(), span, &key));
        if path.is_empty() || !remove(root.get_mut(), &path) {
            break;
        }
        if let Some(PathSeg::Key(name)) = path.last() {
            removed_keys.push(name.clone());
        }
    }
    (None, diagnostics)
}

/// One step in a key path: a table key or an array index.
#[derive(Debug, Clone, PartialEq)]
enum PathSeg {
    Key(String),
    Index(usize),
}

fn path_to_string(path: &[PathSeg]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            PathSeg::Key(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            PathSeg::Index(i) => out.push_str(&format!("[{}]", i + 1)),
        }
    }
    out
}

/// The path to the deepest entry whose key or value contains `span`.
/// Children are searched first and regardless of their parent's span: the
/// span of a `[table]` covers only its header line, not its keys.
fn locate(table: &DeTable<'_>, span: &Range<usize>) -> Vec<PathSeg> {
    for (key, value) in table.iter() {
        let inner = locate_value(value, span);
        if !inner.is_empty() {
            let mut path = vec![PathSeg::Key(key.get_ref().to_string())];
            path.extend(inner);
            return path;
        }
    }
    for (key, value) in table.iter() {
        if contains(&key.span(), span) || contains(&value.span(), span) {
            return vec![PathSeg::Key(key.get_ref().to_string())];
        }
    }
    Vec::new()
}

fn locate_value(value: &Spanned<DeValue<'_>>, span: &Range<usize>) -> Vec<PathSeg> {
    match value.get_ref() {
        DeValue::Table(table) => locate(table, span),
        DeValue::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let inner = locate_value(item, span);
                if !inner.is_empty() || contains(&item.span(), span) {
                    let mut path = vec![PathSeg::Index(i)];
                    path.extend(inner);
                    return path;
                }
            }
            Vec::new()
        }
        _ => Vec::new(),
    }
}

fn contains(outer: &Range<usize>, inner: &Range<usize>) -> bool {
    outer.start <= inner.start
        && inner.end <= outer.end
        && !(outer.is_empty() && inner.is_empty() && outer.start != inner.start)
}

/// Cuts the entry at `path` out of the tree. Array items are not cut (that
/// would renumber their siblings); the array's own key is cut instead.
fn remove(table: &mut DeTable<'_>, path: &[PathSeg]) -> bool {
    let Some((PathSeg::Key(key), rest)) = path.split_first() else {
        return false;
    };
    if rest.is_empty() || !rest.iter().any(|seg| matches!(seg, PathSeg::Key(_))) {
        return table.remove(key.as_str()).is_some();
    }
    match table.get_mut(key.as_str()).map(|v| v.get_mut()) {
        Some(DeValue::Table(inner)) => remove(inner, rest),
        Some(DeValue::Array(items)) => {
            let Some((PathSeg::Index(i), rest)) = rest.split_first() else {
                return false;
            };
            match items.get_mut(*i).map(|v| v.get_mut()) {
                Some(DeValue::Table(inner)) => remove(inner, rest),
                _ => false,
            }
        }
        _ => false,
    }
}

fn first_line(message: &str) -> &str {
    message.lines().next().unwrap_or(message).trim()
}

fn missing_field(message: &str) -> Option<String> {
    let rest = message.strip_prefix("missing field `")?;
    Some(rest.split('`').next()?.to_owned())
}

/// Turns serde's English into a Vietnamese message with a fix.
fn translate(message: &str, span: Option<Range<usize>>, key: &str) -> Diagnostic {
    let message = first_line(message);
    let diagnostic = if let Some(rest) = message.strip_prefix("unknown field `") {
        let field = rest.split('`').next().unwrap_or_default();
        let expected = backticked(rest.split_once("expected").map_or("", |(_, e)| e));
        let table = key.rsplit_once('.').map_or("", |(table, _)| table);
        let help = match did_you_mean(field, &expected) {
            _ if !table.is_empty() && TOP_LEVEL_KEYS.contains(&field) => format!(
                "`{field}` là khóa cấp ngoài cùng: chuyển nó lên trước bảng `[{}]` (trong TOML, mọi khóa viết sau một tiêu đề bảng đều thuộc bảng đó)",
                table.split(['.', '[']).next().unwrap_or(table)
            ),
            Some(best) => format!("có phải ý bạn là `{best}`?"),
            None if expected.is_empty() => "xóa khóa này".to_owned(),
            None => format!("các khóa hợp lệ ở đây: {}", expected.join(", ")),
        };
        Diagnostic::error(format!("khóa không hợp lệ `{field}`"), span).with_help(help)
    } else if let Some(field) = missing_field(message) {
        let table = if key.is_empty() {
            "tệp".to_owned()
        } else {
            format!("bảng `{key}`")
        };
        return Diagnostic::error(format!("thiếu khóa bắt buộc `{field}` trong {table}"), span)
            .with_help(format!("thêm `{field} = …` vào {table}"))
            .with_key(field);
    } else if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        Diagnostic::error(
            format!(
                "sai kiểu dữ liệu: có {}, cần {}",
                type_name(found),
                type_name(expected)
            ),
            span,
        )
        .with_help(type_help(expected))
    } else if message.contains("did not match any variant of untagged enum Deadline") {
        Diagnostic::error("hạn hoàn thành phải là một ngày hoặc một câu", span)
            .with_help("viết `han = 2026-06-30` hoặc `han = \"Thực hiện thường xuyên\"`")
    } else if let Some(rest) = message.strip_prefix("invalid value: ") {
        Diagnostic::error(format!("giá trị không hợp lệ: {rest}"), span)
            .with_help("xem mẫu khóa này trong README, mục Định dạng tệp kế hoạch")
    } else {
        Diagnostic::error(format!("cấu trúc không hợp lệ: {message}"), span)
            .with_help("xem mẫu khóa này trong README, mục Định dạng tệp kế hoạch")
    };
    if key.is_empty() {
        diagnostic
    } else {
        diagnostic.with_key(key)
    }
}

fn backticked(text: &str) -> Vec<String> {
    text.split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 1)
        .map(|(_, s)| s.to_owned())
        .collect()
}

/// The closest valid key, if it is close enough to be a typo.
pub fn did_you_mean<'a>(word: &str, candidates: &'a [String]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c.as_str())
}

fn type_name(serde_name: &str) -> String {
    let name = serde_name.trim();
    if name.starts_with("string") || name == "a string" {
        return "chuỗi".to_owned();
    }
    if name.starts_with("integer") || name == "i64" {
        return "số nguyên".to_owned();
    }
    if name.starts_with("floating point") || name == "f64" {
        return "số".to_owned();
    }
    if name.starts_with("boolean") || name == "a boolean" || name == "bool" {
        return "true/false".to_owned();
    }
    if name.starts_with("sequence") || name.starts_with("a sequence") {
        return "danh sách `[…]`".to_owned();
    }
    if name.starts_with("map") || name.starts_with("struct") || name.contains("table") {
        return "bảng `{ … }`".to_owned();
    }
    if name.contains("unit id") {
        return "mã đơn vị hoặc danh sách mã đơn vị".to_owned();
    }
    if name.contains("date") || name.contains("Datetime") {
        return "ngày (2026-01-24)".to_owned();
    }
    format!("`{name}`")
}

fn type_help(expected: &str) -> String {
    let expected = expected.trim();
    if expected.starts_with("a string") || expected.starts_with("string") {
        "đặt văn bản trong dấu ngoặc kép: \"…\"".to_owned()
    } else if expected.starts_with("a sequence") || expected.starts_with("sequence") {
        "viết danh sách trong ngoặc vuông: [\"…\", \"…\"]".to_owned()
    } else if expected == "f64" || expected == "i64" || expected.starts_with("integer") {
        "viết số không có dấu ngoặc kép, dùng dấu chấm cho phần thập phân: 35.4".to_owned()
    } else if expected.starts_with("struct") || expected.starts_with("map") {
        "viết một bảng, ví dụ `chi_tieu_giao = { ty_le = 30 }`".to_owned()
    } else {
        "xem mẫu khóa này trong README, mục Định dạng tệp kế hoạch".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
[van_ban]
loai = "chi-tieu"
xa = "Quảng Ngọc"
ky_hieu = "KH-UBND"
nam = 2026
trich_yeu = "Thực hiện"

[nguoi_ky]
ho_ten = "Lê Văn Trường"
"#;

    #[test]
    fn minimal_plan_loads() {
        let (plan, diags) = parse(MINIMAL);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(plan.unwrap().van_ban.xa.get_ref(), "Quảng Ngọc");
    }

    #[test]
    fn every_unknown_key_is_reported_with_a_suggestion() {
        let text = MINIMAL.replace("nam = 2026", "nam = 2026\nky_hieux = 1\ntrich_yue = 2");
        let (plan, diags) = parse(&text);
        assert!(plan.is_none());
        assert_eq!(diags.len(), 2, "{diags:?}");
        assert!(
            diags
                .iter()
                .any(|d| d.help.as_deref() == Some("có phải ý bạn là `trich_yeu`?"))
        );
        assert!(diags.iter().any(|d| d.message.contains("ky_hieux")));
    }

    #[test]
    fn wrong_type_names_the_key() {
        let text = MINIMAL.replace("nam = 2026", "nam = \"2026\"");
        let (_, diags) = parse(&text);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].key.as_deref(), Some("van_ban.nam"));
        assert!(
            diags[0].message.starts_with("sai kiểu dữ liệu"),
            "{}",
            diags[0].message
        );
    }

    #[test]
    fn syntax_errors_are_located() {
        let (_, diags) = parse("[van_ban\nxa = 1\n");
        assert!(!diags.is_empty());
        assert_eq!(diags[0].line_col("[van_ban\nxa = 1\n").unwrap().0, 1);
    }
}
