//! The plan format as a JSON Schema and as a Markdown reference, both made
//! from the serde model itself: `schemars` reads the model's structure and
//! its Vietnamese `///` comments, and the vocabulary of `plan::schema`
//! (appendix kinds, columns, signer authorities) fills in the enums. Nothing
//! here lists keys by hand, so the reference cannot drift from the loader.
//!
//! The template kinds and derived blocks come from the caller (the templates
//! live above this layer), so a user's template folder shows in the schema.

use std::borrow::Cow;

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde_json::{Map, Value, json};

use crate::limits::{LIMITS, Limits};
use crate::plan::schema::{AppendixKind, Authority};
use crate::plan::{Deadline, Plan, UnitRefs};
use crate::text::format_integer;

/// What the template folder offers, for the enums of `loai` and `chen`.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    /// Template kinds with their one-line descriptions.
    pub kinds: Vec<(String, String)>,
    /// Names of the derived blocks any kind can insert.
    pub blocks: Vec<String>,
}

/// A TOML local date (`2026-01-24`). taplo validates TOML dates as strings
/// with a date format.
pub struct DateSchema;

impl JsonSchema for DateSchema {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "format": "date" })
    }
}

impl JsonSchema for Deadline {
    fn schema_name() -> Cow<'static, str> {
        "Deadline".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        // A date and a sentence are both strings to the validator; the two
        // branches say which to the reader.
        json_schema!({
            "anyOf": [
                { "type": "string", "format": "date" },
                { "type": "string" }
            ]
        })
    }
}

impl JsonSchema for UnitRefs {
    fn schema_name() -> Cow<'static, str> {
        "UnitRefs".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "anyOf": [
                { "type": "string" },
                { "type": "array", "items": { "type": "string" } }
            ]
        })
    }
}

/// The JSON Schema of a plan file (draft 7, which taplo reads).
pub fn json_schema(vocabulary: &Vocabulary) -> Value {
    let mut schema = SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<Plan>();
    let root = schema.as_object_mut().expect("a root schema is an object");
    root.insert(
        "title".into(),
        json!("Tệp kế hoạch kehoach (Nghị định 30/2020/NĐ-CP)"),
    );
    let mut value = Value::Object(std::mem::take(root));
    // Integer formats (int64, uint8…) are Rust's, not the clerk's; and TOML
    // has no null: an optional key is simply absent.
    strip_number_formats(&mut value);
    strip_null(&mut value);
    let defs = value
        .get_mut("definitions")
        .and_then(Value::as_object_mut)
        .expect("the model has tables");
    add_enums(defs, vocabulary);
    value
}

/// The schema as the file `kehoach schema` prints and `kehoach new` writes.
pub fn schema_text(schema: &Value) -> String {
    serde_json::to_string_pretty(schema).expect("a JSON value prints")
}

fn strip_number_formats(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if map.get("format").and_then(Value::as_str) != Some("date") {
                map.remove("format");
            }
            map.values_mut().for_each(strip_number_formats);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_number_formats),
        _ => {}
    }
}

fn strip_null(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if map.get("default") == Some(&Value::Null) {
                map.remove("default");
            }
            if let Some(Value::Array(types)) = map.get_mut("type") {
                types.retain(|t| t != "null");
                if types.len() == 1 {
                    let single = types.remove(0);
                    map.insert("type".into(), single);
                }
            }
            if let Some(Value::Array(any)) = map.get_mut("anyOf") {
                any.retain(|v| v.get("type").and_then(Value::as_str) != Some("null"));
                if any.len() == 1 {
                    let single = any.remove(0);
                    map.remove("anyOf");
                    if let Value::Object(inner) = single {
                        for (k, v) in inner {
                            map.entry(k).or_insert(v);
                        }
                    }
                }
            }
            map.values_mut().for_each(strip_null);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_null),
        _ => {}
    }
}

/// The vocabulary the model types as plain strings.
fn add_enums(defs: &mut Map<String, Value>, vocabulary: &Vocabulary) {
    let kinds: Vec<&str> = vocabulary.kinds.iter().map(|(k, _)| k.as_str()).collect();
    if !kinds.is_empty() {
        set(defs, "Header", "loai", json!({ "enum": kinds }));
    }
    if !vocabulary.blocks.is_empty() {
        set(
            defs,
            "Section",
            "chen",
            json!({ "enum": vocabulary.blocks }),
        );
    }
    let appendix_kinds: Vec<&str> = AppendixKind::ALL.iter().map(|k| k.key()).collect();
    set(defs, "Appendix", "loai", json!({ "enum": appendix_kinds }));
    let mut columns: Vec<&str> = AppendixKind::ALL
        .iter()
        .flat_map(|k| k.column_keys())
        .collect();
    columns.sort_unstable();
    columns.dedup();
    set(
        defs,
        "Appendix",
        "cot",
        json!({ "items": { "enum": columns } }),
    );
    set(
        defs,
        "Appendix",
        "ten_cot",
        json!({ "propertyNames": { "enum": columns } }),
    );
    let authorities: Vec<&str> = Authority::ALL.iter().map(|a| a.key()).collect();
    set(defs, "Signer", "quyen_han", json!({ "enum": authorities }));
    // A target is exactly one of its forms.
    if let Some(target) = defs.get_mut("Target").and_then(Value::as_object_mut) {
        // The forms are the model's own keys: `don_vi` goes with any number,
        // `tu` and `den` make one form together.
        let keys: Vec<String> = target
            .get("properties")
            .and_then(Value::as_object)
            .map(|p| p.keys().cloned().collect())
            .unwrap_or_default();
        let forms: Vec<Vec<&str>> = keys
            .iter()
            .map(String::as_str)
            .filter(|k| !matches!(*k, "don_vi" | "den"))
            .map(|k| {
                if k == "tu" {
                    vec!["tu", "den"]
                } else {
                    vec![k]
                }
            })
            .collect();
        let all: Vec<&str> = forms.iter().flatten().copied().collect();
        let one_of: Vec<Value> = forms
            .iter()
            .map(|form| {
                let others: Vec<&str> = all.iter().filter(|k| !form.contains(k)).copied().collect();
                json!({
                    "required": form,
                    "not": { "anyOf": others.iter().map(|k| json!({ "required": [k] })).collect::<Vec<_>>() }
                })
            })
            .collect();
        target.insert("oneOf".into(), Value::Array(one_of));
    }
}

/// Merges `extra` into the schema of `table.key` (into `items` for a list).
fn set(defs: &mut Map<String, Value>, table: &str, key: &str, extra: Value) {
    let Some(property) = defs
        .get_mut(table)
        .and_then(|t| t.get_mut("properties"))
        .and_then(|p| p.get_mut(key))
        .and_then(Value::as_object_mut)
    else {
        panic!("the model has no key `{table}.{key}`");
    };
    for (name, value) in extra.as_object().into_iter().flatten() {
        match (property.get_mut(name), value) {
            (Some(Value::Object(inner)), Value::Object(more)) => {
                inner.extend(more.clone());
            }
            _ => {
                property.insert(name.clone(), value.clone());
            }
        }
    }
}

/// One table of the format as the reference lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct TableDoc {
    /// How the table is written in TOML (`[van_ban]`, `[[phan]]`).
    pub path: String,
    /// The model type (the schema definition's name).
    pub definition: String,
    pub description: String,
    pub keys: Vec<KeyDoc>,
}

/// One key of a table.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyDoc {
    pub key: String,
    /// The value's type in words ("chữ", "danh sách chữ", "bảng `[van_ban]`").
    pub kind: String,
    pub required: bool,
    pub description: String,
}

/// Every table reachable from the top of the file, in the order a plan
/// writes them; a table used in two places is listed at its first.
pub fn tables(schema: &Value) -> Vec<TableDoc> {
    let defs = schema["definitions"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    let mut out = Vec::new();
    let mut queue = vec![(
        String::from("(cấp ngoài cùng)"),
        String::new(),
        schema.clone(),
    )];
    let mut seen = std::collections::BTreeMap::new();
    while let Some((path, definition, table)) = queue.first().cloned() {
        queue.remove(0);
        let required: Vec<&str> = table["required"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let mut keys = Vec::new();
        let mut children = Vec::new();
        for (key, property) in table["properties"].as_object().into_iter().flatten() {
            let child_path = if path.starts_with('(') {
                key.clone()
            } else {
                format!("{}.{key}", path.trim_matches(['[', ']']))
            };
            let (kind, child) = describe_type(property, &defs, &child_path, &seen);
            if let Some(child) = child {
                seen.insert(child.1.clone(), child.0.clone());
                children.push(child);
            }
            keys.push(KeyDoc {
                key: key.clone(),
                kind,
                required: required.contains(&key.as_str()),
                description: text(property),
            });
        }
        out.push(TableDoc {
            path,
            definition,
            description: text(&table),
            keys,
        });
        for (child_path, name) in children {
            queue.push((child_path, name.clone(), defs[&name].clone()));
        }
    }
    out
}

/// The type of a property in words, and the table it opens if it is one
/// not listed yet (its TOML path and definition name).
fn describe_type(
    property: &Value,
    defs: &Map<String, Value>,
    path: &str,
    seen: &std::collections::BTreeMap<String, String>,
) -> (String, Option<(String, String)>) {
    // A reference with siblings (a description) may come wrapped in `allOf`.
    let reference = |v: &Value| {
        let v = match v["allOf"].as_array() {
            Some(all) if all.len() == 1 => &all[0],
            _ => v,
        };
        v["$ref"]
            .as_str()
            .map(|r| r.trim_start_matches("#/definitions/").to_owned())
    };
    // A table met before is described once; here it is named by its own
    // path, pointing at the first.
    let table = |name: String, own: String, words: &str| match seen.get(&name) {
        Some(first) if *first == own => (format!("{words} `{own}`"), None),
        Some(first) => (format!("{words} `{own}` (khóa như `{first}`)"), None),
        None => (
            format!("{words} `{own}`"),
            defs.contains_key(&name).then_some((own, name)),
        ),
    };
    if let Some(name) = reference(property) {
        return table(name, format!("[{path}]"), "bảng");
    }
    if property["type"] == "array" {
        if let Some(name) = reference(&property["items"]) {
            return table(name, format!("[[{path}]]"), "danh sách bảng");
        }
        return (format!("danh sách {}", scalar(&property["items"])), None);
    }
    if let Some(any) = property["anyOf"].as_array() {
        let words: Vec<String> = any
            .iter()
            .map(|v| describe_type(v, defs, path, seen).0)
            .collect();
        return (words.join(" hoặc "), None);
    }
    if property["type"] == "object" {
        return ("bảng `{ khóa = chữ }`".into(), None);
    }
    (scalar(property), None)
}

fn scalar(value: &Value) -> String {
    let base = match (value["type"].as_str(), value["format"].as_str()) {
        (Some("string"), Some("date")) => "ngày".to_owned(),
        (Some("string"), _) => "chữ".to_owned(),
        (Some("integer"), _) => "số nguyên".to_owned(),
        (Some("number"), _) => "số".to_owned(),
        (Some("boolean"), _) => "`true`/`false`".to_owned(),
        (Some("array"), _) => format!("danh sách {}", scalar(&value["items"])),
        _ => "giá trị".to_owned(),
    };
    match value["enum"].as_array() {
        Some(values) => {
            let values: Vec<String> = values
                .iter()
                .filter_map(Value::as_str)
                .map(|v| format!("`{v}`"))
                .collect();
            format!("{base}: {}", values.join(", "))
        }
        None => base,
    }
}

fn text(value: &Value) -> String {
    value["description"].as_str().unwrap_or_default().to_owned()
}

/// The whole reference as Markdown (docs/dinh-dang.md).
pub fn markdown(schema: &Value, vocabulary: &Vocabulary) -> String {
    let mut out = String::new();
    out.push_str(
        "# Định dạng tệp kế hoạch\n\n\
         <!-- Tệp này do `kehoach schema --markdown` sinh ra từ mã nguồn \
         (src/plan/model.rs, src/plan/schema.rs, src/limits.rs); đừng sửa tay. -->\n\n\
         Mỗi kế hoạch là một tệp TOML. Khóa viết tiếng Việt không dấu; chữ đặt trong ngoặc kép \
         `\"…\"`, số viết dấu chấm thập phân (`35.4`, in ra \"35,4\"), ngày viết `2026-01-24` \
         không có ngoặc kép, danh sách viết `[\"…\", \"…\"]`. `[bang]` mở một bảng, \
         `[[bang]]` thêm một phần tử vào danh sách bảng; các khóa cấp ngoài cùng phải đứng \
         trước mọi tiêu đề bảng. Chữ in đúng như gõ, trừ các khóa ghi \"Markdown\".\n\n\
         Khóa \"bắt buộc\" thiếu thì `kehoach check` báo lỗi; khóa khác bỏ trống được. \
         Bảng này cũng có dạng JSON Schema: `kehoach schema` (xem \
         [Soạn trong VS Code](huong-dan.md#soạn-trong-vs-code)).\n\n",
    );
    for table in tables(schema) {
        out.push_str(&format!("## `{}`\n\n", table.path));
        if !table.description.is_empty() {
            out.push_str(&format!("{}\n\n", table.description));
        }
        out.push_str("| khóa | kiểu | bắt buộc | ý nghĩa, mặc định, ví dụ |\n");
        out.push_str("| --- | --- | --- | --- |\n");
        for key in &table.keys {
            out.push_str(&format!(
                "| `{}` | {} | {} | {} |\n",
                key.key,
                cell(&key.kind),
                if key.required { "có" } else { "không" },
                cell(&key.description),
            ));
        }
        out.push('\n');
    }
    out.push_str("## Loại kế hoạch (`[van_ban] loai`)\n\n| loại | mô tả |\n| --- | --- |\n");
    for (kind, description) in &vocabulary.kinds {
        out.push_str(&format!("| `{kind}` | {} |\n", cell(description)));
    }
    out.push_str(
        "\n## Khối tự sinh (`[[phan]] chen`)\n\n\
         Mỗi khối là một tệp `khoi/<tên>.md.j2` của loại kế hoạch hoặc của `chung/`: ",
    );
    let blocks: Vec<String> = vocabulary.blocks.iter().map(|b| format!("`{b}`")).collect();
    out.push_str(&blocks.join(", "));
    out.push_str(".\n\n## Quyền hạn người ký (`[nguoi_ky] quyen_han`)\n\n| giá trị | nghĩa |\n| --- | --- |\n");
    for authority in Authority::ALL {
        out.push_str(&format!(
            "| `{}` | {} |\n",
            authority.key(),
            authority.description()
        ));
    }
    out.push_str("| (bỏ trống) | Chủ tịch ký |\n\n## Các loại phụ lục và cột của chúng (`[[phu_luc]] loai`, `cot`, `ten_cot`)\n\n");
    for kind in AppendixKind::ALL {
        out.push_str(&format!("### `{}`: {}\n\n", kind.key(), kind.description()));
        if kind.choosable() {
            out.push_str("Chọn cột bằng `cot`; không có `cot` thì in các cột mặc định.\n\n");
        } else {
            out.push_str("Cột cố định; `ten_cot` đổi được tên cột.\n\n");
        }
        if kind == AppendixKind::Milestones {
            out.push_str(
                "Mỗi năm có trong `moc` của một chỉ tiêu thành một cột \"Năm …\", đứng trước cột `chu_tri`.\n\n",
            );
        }
        out.push_str("| khóa cột | tiêu đề | nội dung | mặc định |\n| --- | --- | --- | --- |\n");
        for column in kind.columns() {
            out.push_str(&format!(
                "| `{}` | {} | {} | {} |\n",
                column.key,
                cell(column.title),
                cell(column.description),
                if column.default { "có" } else { "không" },
            ));
        }
        out.push('\n');
    }
    out.push_str(&limits_section());
    out.trim_end().to_owned() + "\n"
}

/// Every bound of [`LIMITS`], as a clerk reads it. Destructured, so a bound
/// added to the record cannot be left out here.
fn limits_section() -> String {
    let Limits {
        plan_bytes,
        font_bytes,
        structure_errors,
        shown_diagnostics,
        table_rows,
        list_depth,
        task_depth,
        years,
        milestone_years,
        blank_rows,
        money_millions,
        money_decimals,
        original_depth,
        plan_files,
        glyph_warnings,
        suggestion_units,
        suggestion_problems,
        import_bytes,
        import_text_bytes,
        import_parts,
        import_document_bytes,
        import_part_bytes,
        import_xml_nodes,
    } = LIMITS;
    let count = |n: usize| format_integer(i128::try_from(n).unwrap_or(i128::MAX));
    let mib = |bytes: u64| format!("{} MiB", bytes / (1024 * 1024));
    let lines = [
        format!(
            "Tệp kế hoạch tối đa {} (cả bản đọc từ đầu vào chuẩn hay từ git), chỉ tệp thường; mỗi tệp phông của `--font-dir` tối đa {}.",
            mib(plan_bytes),
            mib(font_bytes)
        ),
        format!(
            "Mỗi bảng tối đa {} dòng, kể cả dòng nhóm (I, II …): chỉ tiêu (cả chỉ tiêu con), nhiệm vụ (cả nhiệm vụ con), danh sách cán bộ (số đơn vị × (1 + `dong_trong`)); số đơn vị `[[don_vi]]` cũng tối đa {}; `dong_trong` từ 0 đến {blank_rows}.",
            count(table_rows),
            count(table_rows)
        ),
        format!(
            "Danh sách Markdown lồng tối đa {list_depth} cấp; nhiệm vụ con tối đa {task_depth} cấp dưới nhiệm vụ (4.1.1.1.1)."
        ),
        format!(
            "Mọi năm (`ngay`, `nam`, `han`, năm mốc, `ngay_ban_goc`) trong khoảng {}–{}; một bảng mốc tối đa {milestone_years} năm mốc.",
            years.start(),
            years.end()
        ),
        format!(
            "Kinh phí mỗi khoản từ 0 đến dưới {} triệu đồng, tối đa {money_decimals} chữ số thập phân (một đồng).",
            format_integer(i128::from(money_millions))
        ),
        format!(
            "Bản gốc của phụ lục điều chỉnh lồng tối đa {original_depth} tầng (điều chỉnh của một bản điều chỉnh …); một lần kiểm tra đọc tối đa {plan_files} tệp kế hoạch (kế hoạch và mọi bản gốc của nó, mỗi tệp một lần dù được ghi theo bao nhiêu cách)."
        ),
        format!(
            "`check` báo tối đa {structure_errors} lỗi cấu trúc mỗi lần, in tối đa {shown_diagnostics} lỗi/cảnh báo mỗi tệp (nói rõ khi còn lỗi chưa in) và tối đa {glyph_warnings} cảnh báo ký tự phông chữ không có mỗi kế hoạch; gợi ý \"có phải ý bạn là\" cho mã đơn vị chỉ tính khi kế hoạch có tới {suggestion_units} đơn vị và chưa quá {suggestion_problems} lỗi, để thời gian kiểm tra tăng tuyến tính."
        ),
        format!(
            "`kehoach nhap` đọc tệp tối đa {}, tệp chữ tối đa {}; một tệp .docx có tối đa {} phần, phần văn bản (`word/document.xml`) giải nén ra tối đa {} và {} nút XML, mỗi phần khác tối đa {}.",
            mib(import_bytes),
            mib(import_text_bytes),
            count(import_parts),
            mib(import_document_bytes),
            format_integer(i128::from(import_xml_nodes)),
            mib(import_part_bytes)
        ),
    ];
    let mut out = String::from("## Giới hạn\n\n");
    for line in lines {
        out.push_str(&format!("- {line}\n"));
    }
    out
}

/// A table cell: no line breaks, no bare `|`.
fn cell(text: &str) -> String {
    text.replace('\n', " ").replace('|', "\\|")
}
