//! The parser's and serde's English, said in Vietnamese with a fix. The
//! loader finds where a problem is; this file says what it is.

use std::ops::Range;

use crate::diagnostic::Diagnostic;
use crate::text::date::days_in_month;

/// Top-level keys written `[[…]]` (arrays of tables).
pub const ARRAY_TABLES: [&str; 9] = [
    "phan",
    "don_vi",
    "nhom_chi_tieu",
    "chi_tieu",
    "nhom_nhiem_vu",
    "nhiem_vu",
    "noi_nhan",
    "phu_luc",
    "con",
];
/// Keys written `[…]` (single tables).
pub const SINGLE_TABLES: [&str; 2] = ["van_ban", "nguoi_ky"];

/// A TOML syntax error, located at `span` of `text`.
pub fn syntax_error(message: &str, span: Option<Range<usize>>, text: &str) -> Diagnostic {
    let first = first_line(message);
    if first.contains("date") || first.contains("time") || first.contains("offset") {
        return bad_date_literal(span, text);
    }
    const KNOWN: [(&str, &str, &str); 24] = [
        (
            "invalid basic string",
            "chuỗi chưa đóng hoặc viết sai",
            "mỗi chuỗi mở bằng `\"` phải đóng bằng `\"` trên cùng dòng; dùng `\"\"\"` cho chuỗi nhiều dòng",
        ),
        (
            "invalid multi-line basic string",
            "chuỗi nhiều dòng chưa đóng",
            "đóng chuỗi bằng `\"\"\"`",
        ),
        (
            "invalid literal string",
            "chuỗi chưa đóng hoặc viết sai",
            "mỗi chuỗi mở bằng `'` phải đóng bằng `'`",
        ),
        (
            "invalid multi-line literal string",
            "chuỗi nhiều dòng chưa đóng",
            "đóng chuỗi bằng `'''`",
        ),
        (
            "key with no value",
            "khóa chưa có giá trị",
            "viết `khóa = giá trị`, ví dụ `xa = \"Quảng Ngọc\"`",
        ),
        (
            "missing value",
            "thiếu giá trị sau dấu `=`",
            "viết giá trị sau dấu `=`; văn bản đặt trong dấu ngoặc kép",
        ),
        (
            "missing assignment",
            "thiếu dấu `=` giữa khóa và giá trị",
            "viết `khóa = giá trị`",
        ),
        ("extra `=`", "thừa dấu `=`", "mỗi dòng chỉ một dấu `=`"),
        (
            "duplicate key",
            "khóa bị viết hai lần",
            "xóa một trong hai dòng, hoặc đổi tên khóa",
        ),
        (
            "unclosed array table",
            "tiêu đề bảng chưa đóng",
            "viết `[[tên]]` với đủ hai cặp ngoặc vuông",
        ),
        (
            "unclosed table",
            "tiêu đề bảng chưa đóng",
            "viết `[tên]` với đủ dấu `]`",
        ),
        (
            "unclosed array",
            "danh sách chưa đóng",
            "đóng danh sách bằng `]`",
        ),
        (
            "unclosed inline table",
            "bảng `{ … }` chưa đóng",
            "đóng bảng bằng `}` trên cùng dòng",
        ),
        (
            "missing comma between array elements",
            "thiếu dấu phẩy giữa các phần tử",
            "ngăn các phần tử của danh sách bằng dấu phẩy",
        ),
        (
            "missing comma between key-value pairs",
            "thiếu dấu phẩy trong bảng `{ … }`",
            "ngăn các cặp `khóa = giá trị` bằng dấu phẩy",
        ),
        ("extra comma", "thừa dấu phẩy", "xóa dấu phẩy thừa"),
        (
            "string values must be quoted",
            "văn bản chưa đặt trong dấu ngoặc kép",
            "viết văn bản trong dấu ngoặc kép: \"…\"",
        ),
        (
            "invalid unquoted key",
            "tên khóa không hợp lệ",
            "tên khóa chỉ gồm chữ không dấu, chữ số, `_` và `-`",
        ),
        (
            "unquoted keys cannot be empty",
            "tên khóa đang trống",
            "viết tên khóa trước dấu `=`",
        ),
        (
            "invalid key",
            "tên khóa không hợp lệ",
            "tên khóa chỉ gồm chữ không dấu, chữ số, `_` và `-`",
        ),
        (
            "integer number overflowed",
            "số quá lớn",
            "kiểm tra lại con số",
        ),
        (
            "invalid integer",
            "số viết sai",
            "viết số không có dấu cách hay dấu chấm ngăn nghìn: 3277",
        ),
        (
            "invalid float",
            "số thập phân viết sai",
            "dùng dấu chấm cho phần thập phân: 35.4",
        ),
        (
            "unexpected",
            "có nội dung thừa hoặc không đúng chỗ",
            "mỗi dòng là `khóa = giá trị`, một tiêu đề `[bảng]`, hoặc một chú thích bắt đầu bằng `#`",
        ),
    ];
    if first.contains("invalid float")
        && let Some(word) = span.as_ref().and_then(|s| not_a_number(text, s.clone()))
    {
        return Diagnostic::error(
            format!("lỗi cú pháp TOML: `{word}` không phải một con số"),
            span,
        )
        .with_help(
            "viết con số bằng chữ số, ví dụ 35.4; kehoach không nhận giá trị vô hạn hay NaN",
        );
    }
    let (what, help) = KNOWN
        .iter()
        .find(|(english, _, _)| first.starts_with(english) || first.contains(english))
        .map_or(
            (
                "không đọc được chỗ này",
                "kiểm tra dấu ngoặc kép, dấu `=`, dấu phẩy và tên bảng `[...]` ở chỗ này",
            ),
            |(_, what, help)| (*what, *help),
        );
    Diagnostic::error(format!("lỗi cú pháp TOML: {what}"), span).with_help(help)
}

/// The word at `span` of `text` when it spells no number at all (`NaN`,
/// `Infinity`, `Inf`: what other programs write for a value that is not a
/// number, which TOML spells only in lower case), so no decimal point can
/// fix it.
fn not_a_number(text: &str, span: Range<usize>) -> Option<&str> {
    let word = text.get(span)?.trim();
    let bare = word.trim_start_matches(['+', '-']).to_ascii_lowercase();
    (bare == "nan" || bare.starts_with("inf")).then_some(word)
}

/// A number written with a decimal comma (`ty_le = 2,26`, as Vietnamese
/// is written) on the line `line` of `text`, which the parser refused.
/// Arrays (`[1,2]`) and tables (`{ a = 1, b = 2 }`) do not match: the
/// digits must directly follow a `=` and the comma be between digits.
pub fn decimal_comma(text: &str, line: Range<usize>) -> Option<Diagnostic> {
    let source = text.get(line.clone())?;
    let mut quote: Option<char> = None;
    let chars: Vec<(usize, char)> = source.char_indices().collect();
    for (n, &(at, ch)) in chars.iter().enumerate() {
        match quote {
            Some(q) if ch == q => quote = None,
            Some(_) => continue,
            None if ch == '"' || ch == '\'' => quote = Some(ch),
            None if ch == '#' => return None,
            None => {}
        }
        let digit_at = |k: usize| chars.get(k).is_some_and(|(_, c)| c.is_ascii_digit());
        if ch != ',' || n == 0 || !digit_at(n - 1) || !digit_at(n + 1) {
            continue;
        }
        let start = source[..at]
            .rfind(|c: char| !(c.is_ascii_digit() || c == '-' || c == '+'))
            .map_or(0, |i| i + 1);
        let before = source[..start].trim_end();
        let Some(key_part) = before.strip_suffix('=') else {
            continue;
        };
        let key = key_part
            .trim_end()
            .rsplit(|c: char| c.is_whitespace() || c == '{' || c == ',')
            .next()
            .unwrap_or_default();
        let end = source[at + 1..]
            .find(|c: char| !c.is_ascii_digit())
            .map_or(source.len(), |i| at + 1 + i);
        let written = &source[start..end];
        let dotted = written.replace(',', ".");
        let percent = if key == "ty_le" { "%" } else { "" };
        let at = line.start + start;
        return Some(
            Diagnostic::error(
                format!("số thập phân viết bằng dấu phẩy: `{written}`"),
                Some(at..at + written.len()),
            )
            .with_help(format!(
                "trong tệp kế hoạch phần thập phân ngăn bằng dấu chấm: viết `{key} = {dotted}` (bản in vẫn ghi \"{written}{percent}\")"
            )),
        );
    }
    None
}

/// A date the TOML parser refused: an impossible day, or a wrong form.
fn bad_date_literal(span: Option<Range<usize>>, text: &str) -> Diagnostic {
    let literal = span
        .as_ref()
        .map(|s| literal_at(text, s.start))
        .unwrap_or_default();
    if let Some((year, month, day)) = parse_ymd(&literal)
        && (1..=12).contains(&month)
        && day > days_in_month(year, month)
    {
        let start = span.map_or(0, |s| s.start.min(text.len()));
        let start = start - (start - line_start(text, start)).min(literal_offset(text, start));
        return Diagnostic::error(
            format!("ngày không tồn tại: {literal}"),
            Some(start..start + literal.len()),
        )
        .with_help(format!(
            "tháng {month} năm {year} chỉ có {} ngày",
            days_in_month(year, month)
        ));
    }
    Diagnostic::error("lỗi cú pháp TOML: ngày viết sai dạng", span)
        .with_help("viết ngày theo dạng năm-tháng-ngày với đủ hai chữ số, ví dụ 2026-01-24")
}

fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

/// How far back from `at` the date literal around it begins.
fn literal_offset(text: &str, at: usize) -> usize {
    let before = &text[line_start(text, at)..at];
    before
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_digit() || *c == '-')
        .count()
}

/// The date-like word around byte `at`.
fn literal_at(text: &str, at: usize) -> String {
    let at = at.min(text.len());
    let start = at - literal_offset(text, at);
    text[start..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '-')
        .collect()
}

fn parse_ymd(literal: &str) -> Option<(i32, u8, u8)> {
    let mut parts = literal.split('-');
    let year = parts.next()?.parse().ok()?;
    let month = parts.next()?.parse().ok()?;
    let day = parts.next()?.parse().ok()?;
    Some((year, month, day))
}

/// The first line of a multi-line message.
pub fn first_line(message: &str) -> &str {
    message.lines().next().unwrap_or(message).trim()
}

/// The field a "missing field" message names.
pub fn missing_field(message: &str) -> Option<String> {
    let rest = message.strip_prefix("missing field `")?;
    Some(rest.split('`').next()?.to_owned())
}

/// serde's structural error at `key` (a dotted path), in Vietnamese.
pub fn structure_error(
    message: &str,
    span: Option<Range<usize>>,
    key: &str,
    text: &str,
) -> Diagnostic {
    let message = first_line(message);
    let leaf = key.rsplit('.').next().unwrap_or(key);
    let leaf = leaf.split('[').next().unwrap_or(leaf);
    let diagnostic = if let Some(rest) = message.strip_prefix("unknown field `") {
        let field = rest.split('`').next().unwrap_or_default();
        let expected = backticked(rest.split_once("expected").map_or("", |(_, e)| e));
        let table = key.rsplit_once('.').map_or("", |(table, _)| table);
        let help = match crate::plan::did_you_mean(field, &expected) {
            _ if !table.is_empty() && TOP_LEVEL_KEYS.contains(&field) => format!(
                "`{field}` là khóa cấp ngoài cùng: chuyển nó lên trước bảng `[{}]` (trong TOML, mọi khóa viết sau một tiêu đề bảng đều thuộc bảng đó)",
                table.split(['.', '[']).next().unwrap_or(table)
            ),
            Some(best) => format!("có phải ý bạn là `{best}`?"),
            None if expected.is_empty() => "xóa khóa này".to_owned(),
            None => format!("các khóa hợp lệ ở đây: {}", expected.join(", ")),
        };
        Diagnostic::error(format!("khóa không hợp lệ `{field}`"), span).with_help(help)
    } else if let Some(written) = message
        .strip_prefix("invalid type: string \"")
        .and_then(|rest| rest.rsplit_once("\", expected"))
        .map(|(written, _)| written)
        .filter(|_| TARGET_KEYS.contains(&leaf))
    {
        Diagnostic::error(format!("chỉ tiêu viết thành chữ: \"{written}\""), span).with_help(
            format!(
                "viết `{leaf} = {}`; kehoach tự in dấu ≥, ≤, % như trong mẫu",
                target_from_text(written)
            ),
        )
    } else if message.contains("number overflowed") {
        // Past what a float or an integer holds (`1e999`): no plan means it.
        let help = if leaf == "kinh_phi" {
            money_help()
        } else {
            value_help(
                leaf,
                if message.starts_with("float") {
                    "f64"
                } else {
                    "i64"
                },
            )
        };
        Diagnostic::error("số quá lớn", span).with_help(help)
    } else if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        // TOML hands a date or time to serde as a table of one private key.
        let date = span
            .as_ref()
            .and_then(|span| date_literal(text, span.clone()));
        let found_vi = match date {
            Some(date) if found.starts_with("map") && date.contains(':') => {
                format!("ngày giờ `{date}`")
            }
            Some(date) if found.starts_with("map") => format!("ngày `{date}`"),
            _ => type_name(found),
        };
        let expected_vi = type_name(expected);
        if ARRAY_TABLES.contains(&leaf) && found.starts_with("map") {
            Diagnostic::error(
                format!("sai kiểu dữ liệu: có {found_vi}, cần {expected_vi}"),
                span,
            )
            .with_help(format!(
                "mỗi phần tử viết dưới một tiêu đề `[[{leaf}]]` (hai cặp ngoặc vuông)"
            ))
        } else if SINGLE_TABLES.contains(&leaf) && found.starts_with("sequence") {
            Diagnostic::error(
                format!("sai kiểu dữ liệu: có danh sách `[…]`, cần bảng `[{leaf}]`"),
                span,
            )
            .with_help(format!(
                "viết `[{leaf}]` (một cặp ngoặc vuông), chỉ một lần"
            ))
        } else if SINGLE_TABLES.contains(&leaf) {
            // `nguoi_ky = "Lê Văn Trường"`: the name where the signer's table belongs.
            Diagnostic::error(
                format!("sai kiểu dữ liệu: có {found_vi}, cần bảng `[{leaf}]`"),
                span,
            )
            .with_help(format!(
                "viết tiêu đề `[{leaf}]` trên một dòng riêng, rồi mỗi khóa của nó một dòng bên dưới (xem mẫu: `kehoach new`)"
            ))
        } else if found_vi == expected_vi {
            Diagnostic::error(
                format!("giá trị không dùng được: {found_vi} quá lớn hoặc sai dạng"),
                span,
            )
            .with_help(value_help(leaf, expected))
        } else {
            Diagnostic::error(
                format!("sai kiểu dữ liệu: có {found_vi}, cần {expected_vi}"),
                span,
            )
            .with_help(value_help(leaf, expected))
        }
    } else if message.contains("did not match any variant of untagged enum Deadline") {
        Diagnostic::error("hạn hoàn thành phải là một ngày hoặc một câu", span)
            .with_help("viết `han = 2026-06-30` hoặc `han = \"Thực hiện thường xuyên\"`")
    } else if message.starts_with("invalid value") || message.contains("out of range") {
        Diagnostic::error("giá trị không hợp lệ", span).with_help(value_help(leaf, ""))
    } else {
        Diagnostic::error("cấu trúc không hợp lệ ở đây", span).with_help(SEE_THE_REFERENCE)
    };
    if key.is_empty() {
        diagnostic
    } else {
        diagnostic.with_key(key)
    }
}

/// The value at `span` of `text` when it is a TOML date, time or date-time
/// (`2026-01-24`, `07:30:00`, `2026-01-24T07:30:00`).
fn date_literal(text: &str, span: Range<usize>) -> Option<&str> {
    let value = text.get(span)?;
    let bytes = value.as_bytes();
    let digits = |range: Range<usize>| {
        bytes
            .get(range)
            .is_some_and(|b| b.iter().all(u8::is_ascii_digit))
    };
    let date = digits(0..4) && bytes.get(4) == Some(&b'-');
    let time = digits(0..2) && bytes.get(2) == Some(&b':');
    (date || time).then_some(value)
}

/// The help of every money error.
pub fn money_help() -> String {
    format!(
        "kinh phí tính bằng triệu đồng: một số từ 0 đến dưới {}, tối đa {} chữ số thập phân (một đồng), ví dụ kinh_phi = 150.5",
        crate::text::format_integer(i128::from(crate::limits::LIMITS.money_millions)),
        crate::limits::LIMITS.money_decimals
    )
}

/// The help of a structural problem with no more precise fix: where every
/// key is described with an example (the reference is also in the binary,
/// for a clerk who has only `kehoach`).
const SEE_THE_REFERENCE: &str =
    "xem khóa này trong bảng tra định dạng: docs/dinh-dang.md, hoặc `kehoach schema --markdown`";

/// Keys whose value is a target table.
const TARGET_KEYS: [&str; 2] = ["chi_tieu_giao", "gia_tri"];

/// The target table a clerk meant by a text such as "≥ 85%", "> 92%",
/// "2-3 mô hình" or "Khuyến khích".
pub fn target_from_text(text: &str) -> String {
    let text = text.trim();
    const AT_LEAST: [&str; 6] = ["≥", ">=", ">", "trên", "tối thiểu", "ít nhất"];
    const AT_MOST: [&str; 6] = ["≤", "<=", "<", "dưới", "tối đa", "không quá"];
    let lower = text.to_lowercase();
    let (form, rest) = if let Some(p) = AT_LEAST.iter().find(|p| lower.starts_with(*p)) {
        (Some("toi_thieu"), &text[p.len()..])
    } else if let Some(p) = AT_MOST.iter().find(|p| lower.starts_with(*p)) {
        (Some("toi_da"), &text[p.len()..])
    } else {
        (None, text)
    };
    let rest = rest.trim_start();
    let number_end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
        .unwrap_or(rest.len());
    let number = rest[..number_end]
        .trim_end_matches([',', '.'])
        .replace(',', ".");
    if number.is_empty() || number.parse::<f64>().is_err() {
        return format!("{{ chu = \"{text}\" }}");
    }
    let after = rest[number.len()..].trim();
    if form.is_none()
        && let Some(upper) = after.strip_prefix('-').or_else(|| after.strip_prefix('–'))
    {
        let upper = upper.trim_start();
        let end = upper
            .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
            .unwrap_or(upper.len());
        let top = upper[..end].replace(',', ".");
        let unit = upper[end..].trim();
        if !top.is_empty() {
            return match unit {
                "%" | "" => format!("{{ tu = {number}, den = {top} }}"),
                unit => format!("{{ tu = {number}, den = {top}, don_vi = \"{unit}\" }}"),
            };
        }
    }
    let unit = after.trim_start_matches('%').trim();
    let percent = after.starts_with('%');
    match (form, percent || unit.is_empty()) {
        (Some(form), true) => format!("{{ {form} = {number} }}"),
        (Some(form), false) => format!("{{ {form} = {number}, don_vi = \"{unit}\" }}"),
        (None, true) if percent => format!("{{ ty_le = {number} }}"),
        (None, _) if unit.is_empty() => format!("{{ so = {number} }}"),
        (None, _) => format!("{{ so = {number}, don_vi = \"{unit}\" }}"),
    }
}

/// The "missing field" diagnostic for `field` in the table at `table`.
pub fn missing_error(field: &str, span: Option<Range<usize>>, table: &str) -> Diagnostic {
    let (place, key) = if table.is_empty() {
        ("tệp".to_owned(), field.to_owned())
    } else {
        (format!("bảng `{table}`"), format!("{table}.{field}"))
    };
    let help = if SINGLE_TABLES.contains(&field) {
        format!("thêm bảng `[{field}]` vào {place}")
    } else if ARRAY_TABLES.contains(&field) {
        format!("thêm ít nhất một bảng `[[{field}]]`")
    } else {
        format!("thêm `{field} = …` vào {place}")
    };
    Diagnostic::error(format!("thiếu khóa bắt buộc `{field}` trong {place}"), span)
        .with_help(help)
        .with_key(key)
}

/// Keys of the file's top level, for the classic TOML slip of writing one
/// under a table header.
pub const TOP_LEVEL_KEYS: [&str; 13] = [
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

fn backticked(text: &str) -> Vec<String> {
    text.split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 1)
        .map(|(_, s)| s.to_owned())
        .collect()
}

fn type_name(serde_name: &str) -> String {
    let name = serde_name.trim();
    let name = name.strip_prefix("a ").unwrap_or(name);
    let name = name.strip_prefix("an ").unwrap_or(name);
    // "struct VanBan" starts with "str" too: a table, not a string.
    if name.starts_with("string") || name == "str" || name.starts_with("borrowed str") {
        "chuỗi".to_owned()
    } else if name.starts_with("integer") || name == "i64" || name == "u64" {
        "số nguyên".to_owned()
    } else if name.starts_with("floating point") || name == "f64" {
        "số".to_owned()
    } else if name.starts_with("boolean") || name == "bool" {
        "true/false".to_owned()
    } else if name.starts_with("sequence") {
        "danh sách `[…]`".to_owned()
    } else if name.starts_with("map") || name.starts_with("struct") || name.contains("table") {
        "bảng `{ … }`".to_owned()
    } else if name.contains("unit id") {
        "mã đơn vị hoặc danh sách mã đơn vị".to_owned()
    } else if name.contains("date") || name.contains("Datetime") {
        "ngày (2026-01-24)".to_owned()
    } else {
        "giá trị khác".to_owned()
    }
}

/// How to write a value right, by key and expected type.
fn value_help(leaf: &str, expected: &str) -> String {
    let expected = expected.trim();
    match leaf {
        "nam" => return "viết năm bốn chữ số, không có dấu ngoặc kép: nam = 2026".to_owned(),
        "thang" => {
            return "viết tháng là số từ 1 đến 12, không có dấu ngoặc kép: thang = 12".to_owned();
        }
        "so" => return "viết số văn bản không có dấu ngoặc kép: so = 28".to_owned(),
        "ngay" | "han" => {
            return "viết ngày theo dạng năm-tháng-ngày, không ngoặc kép, không giờ: 2026-01-24"
                .to_owned();
        }
        _ => {}
    }
    if expected.contains("string") {
        "đặt văn bản trong dấu ngoặc kép: \"…\"".to_owned()
    } else if expected.contains("sequence") {
        "viết danh sách trong ngoặc vuông: [\"…\", \"…\"]".to_owned()
    } else if expected == "f64" || expected.contains("floating") {
        "viết số không có dấu ngoặc kép, dùng dấu chấm cho phần thập phân: 35.4".to_owned()
    } else if expected == "i64" || expected.contains("integer") {
        "viết số nguyên không có dấu ngoặc kép: 2026".to_owned()
    } else if expected.contains("bool") {
        "viết true hoặc false, không có dấu ngoặc kép".to_owned()
    } else if expected.contains("unit id") {
        "viết một mã đơn vị \"vhxh\" hoặc danh sách [\"vhxh\", \"kinh-te\"]".to_owned()
    } else if expected.starts_with("struct") || expected.starts_with("map") {
        "viết một bảng, ví dụ `chi_tieu_giao = { ty_le = 30 }`".to_owned()
    } else {
        SEE_THE_REFERENCE.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn impossible_dates_say_how_long_the_month_is() {
        let text = "ngay = 2026-02-31\n";
        let d = bad_date_literal(Some(15..17), text);
        assert_eq!(d.message, "ngày không tồn tại: 2026-02-31");
        assert_eq!(d.span, Some(7..17));
        assert_eq!(d.help.as_deref(), Some("tháng 2 năm 2026 chỉ có 28 ngày"));
    }

    #[test]
    fn a_target_typed_as_text_becomes_a_table() {
        assert_eq!(target_from_text("≥ 85%"), "{ toi_thieu = 85 }");
        assert_eq!(target_from_text("> 92%"), "{ toi_thieu = 92 }");
        assert_eq!(target_from_text("≤ 5%"), "{ toi_da = 5 }");
        assert_eq!(target_from_text("35,4%"), "{ ty_le = 35.4 }");
        assert_eq!(
            target_from_text("2 mô hình"),
            "{ so = 2, don_vi = \"mô hình\" }"
        );
        assert_eq!(
            target_from_text("2-3 đơn/năm"),
            "{ tu = 2, den = 3, don_vi = \"đơn/năm\" }"
        );
        assert_eq!(
            target_from_text("Khuyến khích"),
            "{ chu = \"Khuyến khích\" }"
        );
    }

    #[test]
    fn a_decimal_comma_says_to_write_a_point() {
        let text = "[x]\nchi_tieu_giao = { ty_le = 2,26 }\n";
        let d = decimal_comma(text, 4..text.len() - 1).unwrap();
        assert_eq!(d.message, "số thập phân viết bằng dấu phẩy: `2,26`");
        assert!(d.help.unwrap().contains("`ty_le = 2.26`"));
        assert!(decimal_comma("a = [1,2]", 0..9).is_none());
        assert!(decimal_comma("a = { b = 1, c = 2 }", 0..20).is_none());
        assert!(decimal_comma("a = \"2,26\"", 0..10).is_none());
    }

    #[test]
    fn syntax_messages_are_vietnamese() {
        let d = syntax_error("duplicate key", Some(0..1), "a");
        assert_eq!(d.message, "lỗi cú pháp TOML: khóa bị viết hai lần");
        let d = syntax_error("something new", Some(0..1), "a");
        assert!(d.message.starts_with("lỗi cú pháp TOML: "));
        assert!(!d.message.contains("something"));
    }
}
