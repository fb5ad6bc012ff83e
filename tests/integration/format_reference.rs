//! The format reference (docs/dinh-dang.md) and the JSON Schema are made
//! from the model: the file in the repository is what `kehoach schema
//! --markdown` prints today, and every key serde accepts has a description.
//!
//! docs/dinh-dang.md is a user document, not a test snapshot: after an
//! intended change of the model, regenerate it with the command that makes
//! it, `cargo run --release -- schema --markdown > docs/dinh-dang.md`, and
//! read the diff.

use std::collections::BTreeMap;

use crate::common::*;
use kehoach::plan::reference::{self, Vocabulary};
use kehoach::templates::Templates;
use serde::de::{self, Deserialize, Deserializer, Visitor};

tests! {
    the_reference_in_docs_is_what_the_model_generates;
    every_key_the_loader_accepts_is_described_in_the_reference;
    the_schema_enumerates_kinds_columns_and_authorities;
    the_bounds_are_written_only_in_the_reference;
}

fn schema() -> (serde_json::Value, Vocabulary) {
    let vocabulary = Templates::embedded().vocabulary();
    (reference::json_schema(&vocabulary), vocabulary)
}

fn the_reference_in_docs_is_what_the_model_generates() {
    let out = kehoach(&["schema", "--markdown"]);
    assert!(out.status.success());
    let generated = String::from_utf8(out.stdout).unwrap();
    let committed = std::fs::read_to_string(root().join("docs/dinh-dang.md")).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/dinh-dang.md is stale: regenerate it with \
         `cargo run --release -- schema --markdown > docs/dinh-dang.md` and read the diff"
    );
}

/// The limits record is printed into the reference's "Giới hạn"; every
/// other user document points there instead of copying a number, which
/// would go stale the day a bound changes.
fn the_bounds_are_written_only_in_the_reference() {
    use kehoach::limits::LIMITS;
    use kehoach::text::format_integer;
    let dotted = |n: usize| format_integer(i128::try_from(n).unwrap());
    let mib = |bytes: u64| format!("{} MiB", bytes / (1024 * 1024));
    // Each bound as the reference words it.
    let bounds = [
        mib(LIMITS.plan_bytes),
        mib(LIMITS.font_bytes),
        format!("{} dòng", dotted(LIMITS.table_rows)),
        format!("tối đa {}", dotted(LIMITS.table_rows)),
        format!("{} cấp", LIMITS.list_depth),
        format!("{} cấp", LIMITS.task_depth),
        format!("{}–{}", LIMITS.years.start(), LIMITS.years.end()),
        format!("{} năm mốc", LIMITS.milestone_years),
        format!("đến {}", LIMITS.blank_rows),
        format!(
            "{} triệu đồng",
            format_integer(i128::from(LIMITS.money_millions))
        ),
        format!("{} chữ số thập phân", LIMITS.money_decimals),
        format!("{} tầng", LIMITS.original_depth),
        format!("{} tệp kế hoạch", LIMITS.plan_files),
        format!("{} lỗi cấu trúc", LIMITS.structure_errors),
        format!("{} lỗi/cảnh báo", LIMITS.shown_diagnostics),
        format!("{} cảnh báo ký tự", LIMITS.glyph_warnings),
        format!("{} đơn vị", LIMITS.suggestion_units),
        format!("{} lỗi,", LIMITS.suggestion_problems),
        mib(LIMITS.import_bytes),
        mib(LIMITS.import_text_bytes),
        format!("{} phần", dotted(LIMITS.import_parts)),
        mib(LIMITS.import_document_bytes),
        mib(LIMITS.import_part_bytes),
        format!(
            "{} nút XML",
            format_integer(i128::from(LIMITS.import_xml_nodes))
        ),
    ];
    let reference = std::fs::read_to_string(root().join("docs/dinh-dang.md")).unwrap();
    let section = &reference[reference.find("## Giới hạn").expect("a Giới hạn section")..];
    for bound in &bounds {
        assert!(
            section.contains(bound.as_str()),
            "the reference words a bound as `{bound}`"
        );
    }
    let mut documents = vec![root().join("README.md")];
    for entry in std::fs::read_dir(root().join("docs")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") && !path.ends_with("dinh-dang.md") {
            documents.push(path);
        }
    }
    let mut copied = Vec::new();
    for path in &documents {
        let text = std::fs::read_to_string(path).unwrap();
        for bound in &bounds {
            if words(&text, bound) {
                copied.push(format!("{}: `{bound}`", path.display()));
            }
        }
    }
    assert!(
        copied.is_empty(),
        "bounds copied by hand (link to dinh-dang.md#giới-hạn instead):\n{}",
        copied.join("\n")
    );
}

/// Whether `text` says `bound` as a number of its own: "4 MiB" is not
/// said by "14 MiB" or "0,4 MiB".
fn words(text: &str, bound: &str) -> bool {
    text.match_indices(bound).any(|(at, _)| {
        !text[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_digit() || c == ',' || c == '.')
    })
}

/// A deserializer that only records the field names serde's derive asks
/// for: the keys the loader accepts, read from the loader's own code.
struct Fields(BTreeMap<&'static str, &'static [&'static str]>);

#[derive(Debug)]
struct Stop;
impl std::fmt::Display for Stop {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("stop")
    }
}
impl std::error::Error for Stop {}
impl de::Error for Stop {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Stop
    }
}

impl<'de> Deserializer<'de> for &mut Fields {
    type Error = Stop;
    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Stop> {
        Err(Stop)
    }
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Stop> {
        self.0.insert(name, fields);
        Err(Stop)
    }
    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map enum identifier ignored_any
    }
}

fn accepted_keys() -> BTreeMap<&'static str, &'static [&'static str]> {
    let mut fields = Fields(BTreeMap::new());
    macro_rules! record {
        ($($ty:ty),*) => { $( let _ = <$ty>::deserialize(&mut fields); )* };
    }
    use kehoach::plan::*;
    record!(
        Plan, Header, Section, Unit, Group, Indicator, Milestone, Target, Task, Signer, Recipient,
        Appendix
    );
    fields.0
}

fn every_key_the_loader_accepts_is_described_in_the_reference() {
    let (schema, vocabulary) = schema();
    let tables = reference::tables(&schema);
    let markdown = reference::markdown(&schema, &vocabulary);
    let accepted = accepted_keys();
    // Every table of the schema is one the loader reads, and the reverse.
    let mut listed: Vec<&str> = tables
        .iter()
        .map(|t| {
            if t.definition.is_empty() {
                "Plan"
            } else {
                t.definition.as_str()
            }
        })
        .collect();
    listed.sort_unstable();
    let mut read: Vec<&str> = accepted.keys().copied().collect();
    read.sort_unstable();
    assert_eq!(listed, read, "tables of the reference vs the loader");
    let mut missing = Vec::new();
    for table in &tables {
        let name = if table.definition.is_empty() {
            "Plan"
        } else {
            &table.definition
        };
        if table.description.trim().is_empty() {
            missing.push(format!("{name}: the table has no /// comment"));
        }
        let mut keys: Vec<&str> = table.keys.iter().map(|k| k.key.as_str()).collect();
        keys.sort_unstable();
        let mut loader_keys = accepted[name].to_vec();
        loader_keys.sort_unstable();
        assert_eq!(keys, loader_keys, "keys of {name}");
        for key in &table.keys {
            if key.description.trim().is_empty() {
                missing.push(format!("{name}.{}: no /// comment", key.key));
            }
            let row = format!("| `{}` |", key.key);
            assert!(
                markdown.contains(&row),
                "{name}.{} not in the Markdown",
                key.key
            );
        }
    }
    assert!(
        missing.is_empty(),
        "keys without a Vietnamese description (src/plan/model.rs):\n{}",
        missing.join("\n")
    );
}

/// The enums the model types as plain strings come from `plan::schema`
/// and the templates.
fn the_schema_enumerates_kinds_columns_and_authorities() {
    let (schema, _) = schema();
    let defs = &schema["definitions"];
    let kinds = defs["Header"]["properties"]["loai"]["enum"].to_string();
    for kind in ["chi-tieu", "thi-dua", "co-ban"] {
        assert!(kinds.contains(kind), "{kinds}");
    }
    let appendix = defs["Appendix"]["properties"]["loai"]["enum"].to_string();
    assert!(appendix.contains("\"moc\"") && appendix.contains("\"can-bo\""));
    let columns = defs["Appendix"]["properties"]["cot"]["items"]["enum"].to_string();
    assert!(columns.contains("\"chi_tieu_giao\"") && columns.contains("\"kinh_phi\""));
    let authorities = defs["Signer"]["properties"]["quyen_han"]["enum"].to_string();
    assert_eq!(authorities, r#"["TM","KT","Q","TL","TUQ"]"#);
    // Every key of a target is a form of its own, except `don_vi` (goes with
    // any number) and `tu`/`den` (one form together).
    let target_keys = defs["Target"]["properties"].as_object().unwrap().len();
    assert_eq!(
        defs["Target"]["oneOf"].as_array().unwrap().len(),
        target_keys - 2
    );
    let hover = defs["Header"]["properties"]["xa"]["description"]
        .as_str()
        .unwrap();
    assert!(hover.contains("Tên xã"), "{hover}");
}
