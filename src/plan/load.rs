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

use crate::diagnostic::Diagnostic;
use crate::limits::LIMITS;
use crate::plan::Plan;
use crate::plan::messages;

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
        Ok(text) => source.text = normalised(text),
        Err(err)
            if err.as_bytes().starts_with(b"\xFF\xFE")
                || err.as_bytes().starts_with(b"\xFE\xFF") =>
        {
            let diagnostic = Diagnostic::error(
                "tệp được lưu bằng mã hóa UTF-16 (Notepad gọi là Unicode), không phải UTF-8",
                None,
            )
            .with_help("lưu lại tệp với mã hóa UTF-8 (trong Notepad: Lưu thành… → Mã hóa: UTF-8)");
            return Loaded {
                source,
                plan: None,
                diagnostics: vec![diagnostic],
            };
        }
        Err(err) => {
            let valid = err.utf8_error().valid_up_to();
            // Keep the valid prefix so the caret can point at the bad byte.
            source.text = String::from_utf8_lossy(&err.as_bytes()[..valid]).into_owned();
            // Pointed at only in what reads as a plan: a binary or another
            // program's file is not quoted.
            let span = names_a_plan_key(&source.text).then_some(valid..valid);
            let diagnostic = Diagnostic::error(
                format!(
                    "tệp không phải văn bản UTF-8 (byte thứ {} không hợp lệ)",
                    valid + 1
                ),
                span,
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
    use crate::input::{FileKind, ReadError};
    crate::input::read_bounded(path, LIMITS.plan_bytes).map_err(|err| match err {
        ReadError::NotRegular(FileKind::Folder) => {
            Diagnostic::error("đây là một thư mục, không phải tệp kế hoạch", None)
                .with_help("chỉ ra tệp .toml bên trong thư mục, ví dụ plans/quang-ngoc-2026.toml")
        }
        ReadError::NotRegular(kind) => {
            Diagnostic::error(format!("đây là {kind}, không phải tệp kế hoạch"), None)
                .with_help("kehoach chỉ đọc tệp .toml thường trên đĩa")
        }
        ReadError::TooLarge(limit) => {
            Diagnostic::error(format!("tệp quá lớn (giới hạn {limit} byte)"), None)
                .with_help("một kế hoạch chỉ là văn bản; kiểm tra xem có nhầm tệp không")
        }
        err @ ReadError::Io(_) => Diagnostic::error(err.to_string(), None)
            .with_help(format!("kiểm tra lại đường dẫn `{}`", path.display())),
    })
}

/// Plan text as the parser and the diagnostics see it, whichever editor
/// saved it. Notepad starts a UTF-8 file with a byte order mark: it is no
/// part of the plan (kept, the first line's columns would be one off and
/// the quoted line would carry it). Windows ends lines with CR LF: TOML
/// reads both, but a multi-line string would keep the CR and quoted lines
/// would show it; LF alone is the same plan. Lines and columns stay those
/// of the file (a CR before LF ends a line, it is no column). A lone CR is
/// left for the parser to refuse where it stands.
pub fn normalised(text: String) -> String {
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    };
    if text.contains("\r\n") {
        text.replace("\r\n", "\n")
    } else {
        text
    }
}

/// Parses plan text, reporting every syntax and structure problem found.
pub fn parse(text: &str) -> (Option<Plan>, Vec<Diagnostic>) {
    let (root, syntax_errors) = DeTable::parse_recoverable(text);
    let has_plan_key = root
        .get_ref()
        .keys()
        .any(|k| messages::TOP_LEVEL_KEYS.contains(&k.get_ref().as_ref()));
    if !has_plan_key && !names_a_plan_key(text) && has_content(text) {
        let first = syntax_errors
            .iter()
            .filter_map(|e| e.span())
            .min_by_key(|s| s.start);
        return (None, vec![not_a_plan(text, first)]);
    }
    if !syntax_errors.is_empty() {
        let mut diagnostics: Vec<Diagnostic> = Vec::new();
        let mut comma_lines = Vec::new();
        let mut too_deep_said = false;
        for err in &syntax_errors {
            // A table nested past the parser's depth limit raises the same
            // error hundreds of times, without a place: once, at its line.
            if err.message().contains("recursion") {
                if !too_deep_said {
                    too_deep_said = true;
                    diagnostics.push(too_deep(text));
                }
                continue;
            }
            // A decimal comma confuses the parser into several errors on
            // its line; the clerk needs one, saying what to type.
            let line = err.span().map(|s| line_of(text, s.start));
            if let Some(line) = line
                && let Some(d) = messages::decimal_comma(text, line.clone())
            {
                if !comma_lines.contains(&line.start) {
                    comma_lines.push(line.start);
                    diagnostics.push(d);
                }
                continue;
            }
            diagnostics.push(messages::syntax_error(err.message(), err.span(), text));
        }
        sort(&mut diagnostics);
        dedup(&mut diagnostics);
        let shown = diagnostics.len().min(LIMITS.structure_errors);
        let hidden = diagnostics.len() - shown;
        diagnostics.truncate(shown);
        if hidden > 0 {
            diagnostics.push(cut_notice(hidden));
        }
        return (None, diagnostics);
    }
    let mut root = root;
    let mut diagnostics = fix_table_shapes(root.get_mut());
    let mut exhausted = true;
    for _ in 0..LIMITS.structure_errors {
        let err = match Plan::deserialize(toml::de::Deserializer::from(root.clone())) {
            Ok(mut plan) if diagnostics.is_empty() => {
                plan.header_span = root
                    .get_ref()
                    .get_key_value("van_ban")
                    .map_or(0..0, |(key, _)| {
                        key.span().start.saturating_sub(1)..key.span().end + 1
                    });
                return (Some(plan), diagnostics);
            }
            Ok(_) => {
                exhausted = false;
                break;
            }
            Err(err) => err,
        };
        let span = err.span();
        let message = err.message();
        if let Some(field) = messages::missing_field(message) {
            // The table that lacks it; the top-level tables live in the root.
            let table = match &span {
                Some(span) if !messages::TOP_LEVEL_KEYS.contains(&field.as_str()) => {
                    locate(root.get_ref(), span)
                }
                _ => Vec::new(),
            };
            let at = if table.is_empty() { Some(0..0) } else { span };
            diagnostics.push(messages::missing_error(&field, at, &path_to_string(&table)));
            // Lend it a stand-in so the next round can look further.
            if !insert_stand_in(root.get_mut(), &table, &field) {
                exhausted = false;
                break;
            }
            continue;
        }
        let path = span
            .as_ref()
            .map(|span| locate(root.get_ref(), span))
            .unwrap_or_default();
        diagnostics.push(messages::structure_error(
            message,
            span,
            &path_to_string(&path),
        ));
        if path.is_empty() || !repair(root.get_mut(), &path, message) {
            exhausted = false;
            break;
        }
    }
    sort(&mut diagnostics);
    dedup(&mut diagnostics);
    if exhausted {
        diagnostics.push(cut_notice(0));
    }
    (None, diagnostics)
}

/// Whether some line of `text` starts with a key or table header of a plan
/// (`[van_ban]`, `can_cu = …`): a plan with a syntax error still has them.
fn names_a_plan_key(text: &str) -> bool {
    text.lines().any(|line| {
        let head = line.trim_start().trim_start_matches('[').trim_start();
        messages::TOP_LEVEL_KEYS.iter().any(|key| {
            head.strip_prefix(key)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t', '=', '.', ']']))
        })
    })
}

/// Whether `text` has anything but blank lines and comments.
fn has_content(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .any(|l| !l.is_empty() && !l.starts_with('#'))
}

/// A file with none of a plan's keys (a wrong path, a link to a system
/// file): said without a snippet, since its content is not a plan's and
/// must not be shown (in the terminal, or served by the preview). Where it
/// first stops being TOML is given by line and column only.
fn not_a_plan(text: &str, first_error: Option<Range<usize>>) -> Diagnostic {
    let place = first_error.map_or_else(String::new, |span| {
        let before = &text[..span.start.min(text.len())];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        format!(" (không đọc được là TOML từ dòng {line}, cột {column})")
    });
    Diagnostic::error(
        format!(
            "tệp này không phải tệp kế hoạch: không có khóa nào của một kế hoạch (`van_ban`, `nguoi_ky`, `chi_tieu`…){place}; nội dung của nó không được in ra"
        ),
        None,
    )
    .with_help(
        "kiểm tra đường dẫn: có chỉ nhầm tệp không? Một kế hoạch mới bắt đầu bằng `kehoach new`",
    )
}

/// The TOML parser's depth limit (80 levels) is reported without a place;
/// the place is the first line whose key or table header has that many
/// dotted parts, or that many brackets or braces open.
fn too_deep(text: &str) -> Diagnostic {
    const LIMIT: usize = 80;
    let mut offset = 0;
    let mut open = 0usize;
    let mut at = None;
    for line in text.split_inclusive('\n') {
        let head = line.split('=').next().unwrap_or("");
        let parts = head.matches('.').count() + 1;
        for c in line.chars() {
            match c {
                '[' | '{' => open += 1,
                ']' | '}' => open = open.saturating_sub(1),
                _ => {}
            }
        }
        if parts >= LIMIT || open >= LIMIT {
            at = Some(offset..offset + line.trim_end().len());
            break;
        }
        offset += line.len();
    }
    Diagnostic::error(
        format!("bảng hay giá trị lồng nhau quá sâu (tối đa {LIMIT} cấp)"),
        Some(at.unwrap_or(0..0)),
    )
    .with_help("kế hoạch chỉ cần vài cấp, ví dụ [[chi_tieu.con]]; bớt các cấp `.con` lồng nhau")
}

/// Said when the list of problems was cut, so nobody takes it for all.
fn cut_notice(hidden: usize) -> Diagnostic {
    let count = if hidden > 0 {
        format!("còn {hidden} lỗi khác chưa in")
    } else {
        "có thể còn lỗi khác chưa in".to_owned()
    };
    Diagnostic::warning(
        format!("dừng sau {} lỗi cấu trúc; {count}", LIMITS.structure_errors),
        None,
    )
    .with_help("sửa các lỗi trên rồi chạy lại `kehoach check` để xem tiếp")
}

/// The byte range of the line around byte `at`, without its newline.
fn line_of(text: &str, at: usize) -> Range<usize> {
    let at = at.min(text.len());
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    start..end
}

/// One problem is said once: the parser's recovery can report the same
/// error at the same place more than once.
fn dedup(diagnostics: &mut Vec<Diagnostic>) {
    let mut seen = std::collections::HashSet::new();
    diagnostics.retain(|d| seen.insert((d.message.clone(), d.span.clone(), d.key.clone())));
}

/// `[nguoi_ky]` written `[[nguoi_ky]]`, or `[[don_vi]]` written
/// `[don_vi]`: said plainly, and set right so the rest can be checked.
fn fix_table_shapes(root: &mut DeTable<'_>) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for (key, value) in root.iter_mut() {
        let name = key.get_ref().to_string();
        let span = key.span();
        let header = span.start.saturating_sub(2)..span.end + 2;
        match value.get_mut() {
            DeValue::Array(items) if messages::SINGLE_TABLES.contains(&name.as_str()) => {
                diagnostics.push(
                    Diagnostic::error(
                        format!(
                            "sai kiểu dữ liệu: có danh sách bảng `[[{name}]]`, cần bảng `[{name}]`"
                        ),
                        Some(header),
                    )
                    .with_key(name.clone())
                    .with_help(format!(
                        "viết `[{name}]` (một cặp ngoặc vuông), chỉ một lần"
                    )),
                );
                let first = std::mem::replace(items, std::iter::empty().collect())
                    .into_iter()
                    .next();
                if let Some(first) = first {
                    *value = first;
                }
            }
            DeValue::Table(_) if messages::ARRAY_TABLES.contains(&name.as_str()) => {
                diagnostics.push(
                    Diagnostic::error(
                        format!("sai kiểu dữ liệu: có một bảng `[{name}]`, cần danh sách bảng `[[{name}]]`"),
                        Some(span.start.saturating_sub(1)..span.end + 1),
                    )
                    .with_key(name.clone())
                    .with_help(format!(
                        "mỗi phần tử viết dưới một tiêu đề `[[{name}]]` (hai cặp ngoặc vuông)"
                    )),
                );
                let table_span = value.span();
                let table = std::mem::replace(value, Spanned::new(0..0, DeValue::Boolean(false)));
                *value = Spanned::new(table_span, DeValue::Array(std::iter::once(table).collect()));
            }
            _ => {}
        }
    }
    diagnostics
}

fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
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
    // Stand-ins lent for missing keys have empty spans: they were never
    // written, so no problem in the file can be theirs.
    let written = || table.iter().filter(|(key, _)| !key.span().is_empty());
    for (key, value) in written() {
        let inner = locate_value(value, span);
        if !inner.is_empty() {
            let mut path = vec![PathSeg::Key(key.get_ref().to_string())];
            path.extend(inner);
            return path;
        }
    }
    for (key, value) in written() {
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

/// Makes the entry at `path` acceptable so deserialising can go on: an
/// unknown key is cut out, a value of the wrong type is replaced by a
/// stand-in of the expected type (cutting it would make a required key
/// look missing too).
fn repair(root: &mut DeTable<'_>, path: &[PathSeg], message: &str) -> bool {
    let expected = message.split_once(", expected ").map_or("", |(_, e)| e);
    let stand_in = if message.starts_with("invalid type") {
        stand_in_for_type(expected, path)
    } else {
        None
    };
    match stand_in {
        Some(value) => match value_at_mut(root, path) {
            Some(slot) => {
                let span = slot.span();
                *slot = Spanned::new(span, value.into_inner());
                true
            }
            None => false,
        },
        None => remove(root, path),
    }
}

/// A valid value of the type serde expected, if it names a simple one.
fn stand_in_for_type(expected: &str, path: &[PathSeg]) -> Option<Spanned<DeValue<'static>>> {
    let leaf = path.iter().rev().find_map(|seg| match seg {
        PathSeg::Key(k) => Some(k.as_str()),
        PathSeg::Index(_) => None,
    });
    let source = if expected.contains("string") {
        "\"x\""
    } else if expected == "i64" || expected.contains("integer") {
        "0"
    } else if expected == "f64" || expected.contains("float") {
        "0.0"
    } else if expected.contains("bool") {
        "false"
    } else if expected.contains("sequence") || expected.contains("unit id") {
        "[]"
    } else if let Some(leaf) = leaf
        && (expected.starts_with("struct") || expected.starts_with("map"))
    {
        return stand_in_table(leaf);
    } else {
        return None;
    };
    DeValue::parse(source).ok()
}

/// A table complete enough to stand in for a required one.
fn stand_in_table(name: &str) -> Option<Spanned<DeValue<'static>>> {
    let source = match name {
        "van_ban" => "{ loai = \"x\", xa = \"x\", ky_hieu = \"X\", trich_yeu = \"x\" }",
        "nguoi_ky" => "{ ho_ten = \"x\" }",
        "gia_tri" => "{ chu = \"x\" }",
        _ => "{}",
    };
    let mut value = DeValue::parse(source).ok()?;
    unspan(&mut value);
    Some(value)
}

/// Adds a stand-in for the missing required `field` to the table at `path`.
fn insert_stand_in(root: &mut DeTable<'_>, path: &[PathSeg], field: &str) -> bool {
    let value = match field {
        "van_ban" | "nguoi_ky" | "gia_tri" => stand_in_table(field),
        "nam" => DeValue::parse("0").ok(),
        _ => DeValue::parse("\"x\"").ok(),
    };
    let Some(mut value) = value else {
        return false;
    };
    unspan(&mut value);
    let table = if path.is_empty() {
        Some(root)
    } else {
        match value_at_mut(root, path).map(Spanned::get_mut) {
            Some(DeValue::Table(table)) => Some(table),
            _ => None,
        }
    };
    match table {
        Some(table) if !table.contains_key(field) => {
            table.insert(
                Spanned::new(0..0, std::borrow::Cow::Owned(field.to_owned())),
                value,
            );
            true
        }
        _ => false,
    }
}

/// Gives a stand-in and everything in it an empty span, so that `locate`
/// never takes a problem written in the file for one of the stand-in's.
fn unspan(value: &mut Spanned<DeValue<'_>>) {
    let empty = 0..0;
    match value.get_mut() {
        DeValue::Table(table) => {
            let entries = std::mem::take(table);
            for (key, mut inner) in entries {
                unspan(&mut inner);
                table.insert(Spanned::new(empty.clone(), key.into_inner()), inner);
            }
        }
        DeValue::Array(items) => items.iter_mut().for_each(unspan),
        _ => {}
    }
    let inner = std::mem::replace(value, Spanned::new(0..0, DeValue::Boolean(false)));
    *value = Spanned::new(empty, inner.into_inner());
}

/// The value at `path`.
fn value_at_mut<'t, 'i>(
    table: &'t mut DeTable<'i>,
    path: &[PathSeg],
) -> Option<&'t mut Spanned<DeValue<'i>>> {
    let (PathSeg::Key(key), rest) = path.split_first()? else {
        return None;
    };
    let mut value = table.get_mut(key.as_str())?;
    for seg in rest {
        value = match (seg, value.get_mut()) {
            (PathSeg::Key(key), DeValue::Table(inner)) => inner.get_mut(key.as_str())?,
            (PathSeg::Index(i), DeValue::Array(items)) => items.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(value)
}

/// Cuts the entry at `path` out of the tree: a key from its table, an item
/// from its array.
fn remove(root: &mut DeTable<'_>, path: &[PathSeg]) -> bool {
    let Some((last, parent)) = path.split_last() else {
        return false;
    };
    match last {
        PathSeg::Key(key) if parent.is_empty() => root.remove(key.as_str()).is_some(),
        PathSeg::Key(key) => match value_at_mut(root, parent).map(Spanned::get_mut) {
            Some(DeValue::Table(table)) => table.remove(key.as_str()).is_some(),
            _ => false,
        },
        PathSeg::Index(i) => match value_at_mut(root, parent).map(Spanned::get_mut) {
            Some(DeValue::Array(items)) if *i < items.len() => {
                let all = std::mem::replace(items, std::iter::empty().collect());
                *items = all
                    .into_iter()
                    .enumerate()
                    .filter(|(j, _)| j != i)
                    .map(|(_, v)| v)
                    .collect();
                true
            }
            _ => false,
        },
    }
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
    fn a_byte_order_mark_and_crlf_read_as_the_plain_text() {
        let notepad = format!("\u{feff}{}", MINIMAL.replace('\n', "\r\n"));
        assert_eq!(normalised(notepad), MINIMAL);
        // A lone CR is no newline: the parser refuses it where it stands.
        assert_eq!(normalised("a\rb".to_owned()), "a\rb");
    }

    #[test]
    fn a_utf16_file_is_named_as_such() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ke-hoach.toml");
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend("loai = 1".encode_utf16().flat_map(u16::to_le_bytes));
        std::fs::write(&path, bytes).unwrap();
        let loaded = load(&path);
        assert!(loaded.plan.is_none());
        assert!(
            loaded.diagnostics[0].message.contains("UTF-16"),
            "{:?}",
            loaded.diagnostics
        );
    }

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
    fn a_quoted_month_says_how_to_write_it() {
        let text = MINIMAL.replace("nam = 2026", "nam = 2026\nthang = \"12\"");
        let (_, diags) = parse(&text);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].key.as_deref(), Some("van_ban.thang"));
        assert_eq!(
            diags[0].help.as_deref(),
            Some("viết tháng là số từ 1 đến 12, không có dấu ngoặc kép: thang = 12")
        );
    }

    /// A file with none of a plan's keys is not quoted, whether TOML or
    /// not. (A link to /etc/passwd had every line printed.)
    #[test]
    fn a_file_that_is_no_plan_is_named_but_not_quoted() {
        for text in [
            "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/:/bin/false\n",
            "mat_khau = \"bi-mat\"\n[may_chu]\ndia_chi = 1\n",
        ] {
            let (plan, diags) = parse(text);
            assert!(plan.is_none());
            assert_eq!(diags.len(), 1, "{diags:?}");
            assert!(diags[0].span.is_none(), "{diags:?}");
            assert!(diags[0].message.contains("không phải tệp kế hoạch"));
            assert!(!diags[0].message.contains("root") && !diags[0].message.contains("bi-mat"));
        }
        let (_, diags) = parse("root:x:0\n");
        assert!(diags[0].message.contains("dòng 1, cột 5"), "{diags:?}");
        // A plan with a slip is still quoted where it slipped.
        let (_, diags) = parse("[van_ban\nxa = 1\n");
        assert!(diags[0].span.is_some());
        let (_, diags) = parse("# chỉ có chú thích\n");
        assert!(
            diags.iter().any(|d| d.message.contains("van_ban")),
            "{diags:?}"
        );
    }

    #[test]
    fn syntax_errors_are_located() {
        let (_, diags) = parse("[van_ban\nxa = 1\n");
        assert!(!diags.is_empty());
        assert_eq!(diags[0].line_col("[van_ban\nxa = 1\n").unwrap().0, 1);
    }
}
