//! The values an edit carries, and how each is written in a plan file:
//! the house style of the bundled plans. Single-line text as a basic string
//! (`"…"`), prose and any text with a line break as a `'''` block (a basic
//! `"""` block only when the text itself holds `'''`), whole numbers without
//! a decimal point, dates without quotes, short lists on one line and long
//! ones one item a line.

use toml_edit::{InlineTable, Item, Table};

use super::layout::{self, KeyLayout, TableKind, TableStyle};

/// A value to write at a key path.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Integer(i64),
    /// A decimal number; written with a point (`35.4`), never in exponent form.
    Float(f64),
    Bool(bool),
    /// A calendar date, written `2026-01-24`.
    Date {
        year: u16,
        month: u8,
        day: u8,
    },
    Array(Vec<Value>),
    /// A table's keys in the order given; written in the table's writing
    /// order (`layout`) wherever that order knows the keys.
    Table(Vec<(String, Value)>),
}

impl Value {
    /// A text value.
    pub fn text(text: impl Into<String>) -> Value {
        Value::Text(text.into())
    }

    /// A table from `(key, value)` pairs.
    pub fn table<K: Into<String>>(entries: impl IntoIterator<Item = (K, Value)>) -> Value {
        Value::Table(entries.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }

    /// A list of texts.
    pub fn texts<S: Into<String>>(items: impl IntoIterator<Item = S>) -> Value {
        Value::Array(items.into_iter().map(|s| Value::Text(s.into())).collect())
    }

    /// The value a page sends as JSON. `layout` says what the key holds: a
    /// `YYYY-MM-DD` text at a date key becomes a date; numbers without a
    /// fraction become integers.
    pub fn from_json(json: &serde_json::Value, layout: KeyLayout) -> Result<Value, String> {
        use serde_json::Value as J;
        Ok(match json {
            J::Null => {
                return Err("giá trị rỗng (null): muốn bỏ một khóa thì dùng thao tác xóa".into());
            }
            J::Bool(b) => Value::Bool(*b),
            J::Number(n) => match n.as_i64() {
                Some(i) => Value::Integer(i),
                None => Value::Float(n.as_f64().ok_or("số không đọc được")?),
            },
            J::String(s) => match layout.date.then(|| parse_date(s)).flatten() {
                Some(date) => date,
                None => Value::Text(s.clone()),
            },
            J::Array(items) => Value::Array(
                items
                    .iter()
                    .map(|item| Value::from_json(item, layout))
                    .collect::<Result<_, _>>()?,
            ),
            J::Object(map) => {
                let kind = layout.table.map_or(TableKind::Free, |(kind, _)| kind);
                Value::Table(
                    map.iter()
                        .map(|(k, v)| {
                            Ok((k.clone(), Value::from_json(v, layout::key_layout(kind, k))?))
                        })
                        .collect::<Result<_, String>>()?,
                )
            }
        })
    }
}

/// `2026-01-24` as a date value.
fn parse_date(text: &str) -> Option<Value> {
    let mut parts = text.split('-');
    let year: u16 = parts.next()?.parse().ok()?;
    let month: u8 = parts.next()?.parse().ok()?;
    let day: u8 = parts.next()?.parse().ok()?;
    if parts.next().is_some() || text.len() != 10 {
        return None;
    }
    Some(Value::Date { year, month, day })
}

/// The text of `value` as it stands after `key = `, for scalars and
/// arrays of scalars (tables are built by `item`).
fn repr(value: &Value, layout: KeyLayout, indent: &str) -> String {
    match value {
        Value::Text(text) if layout.prose || text.contains('\n') => block_string(text),
        Value::Text(text) => basic_string(text),
        Value::Integer(i) => i.to_string(),
        Value::Float(f) => float(*f),
        Value::Bool(b) => b.to_string(),
        Value::Date { year, month, day } => format!("{year:04}-{month:02}-{day:02}"),
        Value::Array(items) => {
            let element = KeyLayout {
                prose: false,
                ..layout
            };
            let parts: Vec<String> = items.iter().map(|v| repr(v, element, indent)).collect();
            let one_line = format!("[{}]", parts.join(", "));
            if parts.len() < 2 || (one_line.chars().count() <= 80 && !one_line.contains('\n')) {
                one_line
            } else {
                let mut out = String::from("[\n");
                for part in parts {
                    out.push_str(indent);
                    out.push_str("  ");
                    out.push_str(&part);
                    out.push_str(",\n");
                }
                out.push_str(indent);
                out.push(']');
                out
            }
        }
        Value::Table(entries) => {
            let kind = layout.table.map_or(TableKind::Free, |(kind, _)| kind);
            let parts: Vec<String> = ordered(kind, entries)
                .into_iter()
                .map(|(k, v)| {
                    format!(
                        "{} = {}",
                        key_repr(k),
                        repr(v, layout::key_layout(kind, k), indent)
                    )
                })
                .collect();
            if parts.is_empty() {
                "{}".into()
            } else {
                format!("{{ {} }}", parts.join(", "))
            }
        }
    }
}

/// A number with a decimal point, in plain notation (`0.000001`, not `1e-6`).
fn float(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{f:.1}")
    } else if f.is_finite() {
        format!("{f}")
    } else if f.is_nan() {
        "nan".into()
    } else if f > 0.0 {
        "inf".into()
    } else {
        "-inf".into()
    }
}

/// A key as written: bare when it can be, else quoted.
pub fn key_repr(key: &str) -> String {
    if !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        key.to_owned()
    } else {
        basic_string(key)
    }
}

/// `"…"` with the escapes TOML needs.
pub fn basic_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A `'''` block holding `text` exactly: the line break after the opening
/// quotes is not part of the text, so the block reads as the prose does.
/// Text a literal block cannot hold (`'''`, a quote just before the end,
/// control characters) goes into a `"""` block with escapes.
pub fn block_string(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    let literal_ok = !text.contains("'''")
        && !text.ends_with('\'')
        && !text
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t');
    if literal_ok {
        return format!("'''\n{text}'''");
    }
    let mut out = String::from("\"\"\"\n");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push('\n'),
            '\t' => out.push('\t'),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push_str("\"\"\"");
    out
}

/// `entries` in the writing order of `kind`: known keys in their order,
/// then the others as given.
pub fn ordered(kind: TableKind, entries: &[(String, Value)]) -> Vec<(&str, &Value)> {
    let order = layout::key_order(kind);
    let rank = |k: &str| order.iter().position(|o| *o == k).unwrap_or(usize::MAX);
    let mut out: Vec<(usize, usize, &str, &Value)> = entries
        .iter()
        .enumerate()
        .map(|(i, (k, v))| (rank(k), i, k.as_str(), v))
        .collect();
    out.sort_by_key(|(rank, i, _, _)| (*rank, *i));
    out.into_iter().map(|(_, _, k, v)| (k, v)).collect()
}

/// A toml_edit value for a scalar, array or inline table, parsed from the
/// house-style text so that it keeps exactly that form.
pub fn toml_value(value: &Value, layout: KeyLayout) -> Result<toml_edit::Value, String> {
    let text = match (value, layout.table) {
        (Value::Array(items), Some((kind, TableStyle::ArrayOfInline))) => {
            let mut out = String::from("[\n");
            for item in items {
                let element = KeyLayout {
                    table: Some((kind, TableStyle::Inline)),
                    ..layout
                };
                out.push_str("  ");
                out.push_str(&repr(item, element, "  "));
                out.push_str(",\n");
            }
            out.push(']');
            out
        }
        _ => repr(value, layout, ""),
    };
    let mut parsed: toml_edit::Value = text
        .parse()
        .map_err(|e| format!("giá trị không viết được thành TOML: {e}"))?;
    parsed.decor_mut().clear();
    Ok(parsed)
}

/// The item to store at a key of `layout`: a table, an array of tables or
/// a value, as the layout says.
pub fn item(value: &Value, layout: KeyLayout) -> Result<Item, String> {
    match (value, layout.table) {
        (Value::Table(entries), Some((kind, TableStyle::Table))) => {
            Ok(Item::Table(table(kind, entries)?))
        }
        (Value::Array(items), Some((kind, TableStyle::ArrayOfTables))) => {
            let mut array = toml_edit::ArrayOfTables::new();
            for element in items {
                match element {
                    Value::Table(entries) => array.push(table(kind, entries)?),
                    _ => return Err("mỗi phần tử của danh sách bảng phải là một bảng".into()),
                }
            }
            Ok(Item::ArrayOfTables(array))
        }
        (Value::Table(_), Some((_, TableStyle::ArrayOfTables))) => {
            Err("khóa này là danh sách bảng: thêm phần tử bằng thao tác thêm (append)".into())
        }
        _ => Ok(Item::Value(toml_value(value, layout)?)),
    }
}

/// A `[table]` (or one element of `[[array]]`) holding `entries` in the
/// writing order of `kind`, with a blank line before its header.
pub fn table(kind: TableKind, entries: &[(String, Value)]) -> Result<Table, String> {
    let mut out = Table::new();
    out.set_implicit(false);
    out.decor_mut().set_prefix("\n");
    for (key, value) in ordered(kind, entries) {
        let layout = layout::key_layout(kind, key);
        out.insert(key, item(value, layout)?);
    }
    Ok(out)
}

/// Whether the stored `item` says the same as `value` (so a `set` of it
/// changes nothing, not even the formatting).
pub fn same(item: &Item, value: &Value) -> bool {
    match (item, value) {
        (Item::Value(v), value) => same_value(v, value),
        (Item::Table(t), Value::Table(entries)) => {
            t.len() == entries.len()
                && entries
                    .iter()
                    .all(|(k, v)| t.get(k).is_some_and(|item| same(item, v)))
        }
        (Item::ArrayOfTables(a), Value::Array(items)) => {
            a.len() == items.len()
                && a.iter().zip(items).all(|(t, v)| match v {
                    Value::Table(entries) => {
                        t.len() == entries.len()
                            && entries
                                .iter()
                                .all(|(k, v)| t.get(k).is_some_and(|item| same(item, v)))
                    }
                    _ => false,
                })
        }
        _ => false,
    }
}

fn same_value(stored: &toml_edit::Value, value: &Value) -> bool {
    use toml_edit::Value as T;
    match (stored, value) {
        (T::String(s), Value::Text(t)) => s.value() == t,
        (T::Integer(i), Value::Integer(j)) => i.value() == j,
        (T::Float(f), Value::Float(g)) => f.value() == g,
        (T::Boolean(b), Value::Bool(c)) => b.value() == c,
        (T::Datetime(d), Value::Date { year, month, day }) => {
            let d = d.value();
            d.time.is_none()
                && d.offset.is_none()
                && d.date.is_some_and(|date| {
                    date.year == *year && date.month == *month && date.day == *day
                })
        }
        (T::Array(a), Value::Array(items)) => {
            a.len() == items.len() && a.iter().zip(items).all(|(s, v)| same_value(s, v))
        }
        (T::InlineTable(t), Value::Table(entries)) => {
            t.len() == entries.len()
                && entries
                    .iter()
                    .all(|(k, v)| t.get(k).is_some_and(|s| same_value(s, v)))
        }
        _ => false,
    }
}

/// An empty inline table, for callers that fill one key by key.
pub fn empty_inline() -> toml_edit::Value {
    toml_edit::Value::InlineTable(InlineTable::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAIN: KeyLayout = KeyLayout {
        table: None,
        prose: false,
        date: false,
    };

    #[test]
    fn text_is_a_basic_string_until_it_spans_lines() {
        assert_eq!(repr(&Value::text("Trạm Y tế"), PLAIN, ""), "\"Trạm Y tế\"");
        assert_eq!(
            repr(&Value::text("a \"b\" \\ c"), PLAIN, ""),
            r#""a \"b\" \\ c""#
        );
        assert_eq!(repr(&Value::text("a\nb"), PLAIN, ""), "'''\na\nb'''");
        let prose = KeyLayout {
            prose: true,
            ..PLAIN
        };
        assert_eq!(
            repr(&Value::text("# Mục đích\n"), prose, ""),
            "'''\n# Mục đích\n'''"
        );
    }

    #[test]
    fn a_block_falls_back_to_basic_only_for_what_a_literal_cannot_hold() {
        assert_eq!(block_string("it's\n"), "'''\nit's\n'''");
        assert_eq!(block_string("a ''' b\n"), "\"\"\"\na ''' b\n\"\"\"");
        assert_eq!(block_string("x \"q\" \\\n"), "'''\nx \"q\" \\\n'''");
        assert_eq!(block_string("ends '"), "\"\"\"\nends '\"\"\"");
        for text in ["a ''' b\n", "ends with '", "bell \u{7}\n", "plain\nprose\n"] {
            let doc = format!("k = {}\n", block_string(text));
            let parsed: toml_edit::DocumentMut = doc.parse().unwrap();
            assert_eq!(parsed["k"].as_str(), Some(text), "{doc}");
        }
    }

    #[test]
    fn numbers_dates_and_lists_read_as_people_write_them() {
        assert_eq!(repr(&Value::Integer(30), PLAIN, ""), "30");
        assert_eq!(repr(&Value::Float(35.4), PLAIN, ""), "35.4");
        assert_eq!(repr(&Value::Float(0.000001), PLAIN, ""), "0.000001");
        assert_eq!(repr(&Value::Float(3.0), PLAIN, ""), "3.0");
        let date = Value::Date {
            year: 2026,
            month: 6,
            day: 20,
        };
        assert_eq!(repr(&date, PLAIN, ""), "2026-06-20");
        assert_eq!(
            repr(&Value::texts(["vhxh", "kinh-te"]), PLAIN, ""),
            r#"["vhxh", "kinh-te"]"#
        );
        let long = Value::texts([
            "Công văn số 01-CV/BCĐTW ngày 25/3/2025 của BCĐ TW",
            "Nghị quyết số 71/NQ-CP ngày 01/4/2025 của Chính phủ",
        ]);
        assert_eq!(
            repr(&long, PLAIN, ""),
            "[\n  \"Công văn số 01-CV/BCĐTW ngày 25/3/2025 của BCĐ TW\",\n  \"Nghị quyết số 71/NQ-CP ngày 01/4/2025 của Chính phủ\",\n]"
        );
    }

    #[test]
    fn a_target_is_an_inline_table_in_its_keys_order() {
        let layout = layout::key_layout(TableKind::Indicator, "chi_tieu_giao");
        let target = Value::table([
            ("don_vi", Value::text("đơn/năm")),
            ("tu", Value::Integer(2)),
            ("den", Value::Integer(3)),
        ]);
        assert_eq!(
            toml_value(&target, layout).unwrap().to_string(),
            r#"{ tu = 2, den = 3, don_vi = "đơn/năm" }"#
        );
    }

    #[test]
    fn json_from_the_page_becomes_the_values_the_format_has() {
        let han = layout::key_layout(TableKind::Indicator, "han");
        assert_eq!(
            Value::from_json(&serde_json::json!("2026-08-30"), han).unwrap(),
            Value::Date {
                year: 2026,
                month: 8,
                day: 30
            }
        );
        assert_eq!(
            Value::from_json(&serde_json::json!("Thực hiện thường xuyên"), han).unwrap(),
            Value::text("Thực hiện thường xuyên")
        );
        let ten = layout::key_layout(TableKind::Indicator, "ten");
        assert_eq!(
            Value::from_json(&serde_json::json!("2026-08-30"), ten).unwrap(),
            Value::text("2026-08-30")
        );
        let target = layout::key_layout(TableKind::Indicator, "chi_tieu_giao");
        assert_eq!(
            Value::from_json(&serde_json::json!({ "ty_le": 35.4 }), target).unwrap(),
            Value::table([("ty_le", Value::Float(35.4))])
        );
        assert!(Value::from_json(&serde_json::Value::Null, ten).is_err());
    }
}
