//! What the form needs beyond the plan format's schema, added to it as
//! `x-kehoach-*` keywords (JSON Schema lets a schema carry keywords of its
//! own; validators skip them):
//!
//! - `x-kehoach-order`: a table's keys in writing order (the edit module's
//!   layout, the order of the bundled plans);
//! - `x-kehoach-form-order`: the plan's parts in the order the document
//!   prints them (the file must put `can_cu` above every table; the form
//!   need not);
//! - `x-kehoach-prose`: Markdown prose, a text area with a toolbar;
//! - `x-kehoach-ref`: the list whose `id`s the key names (`don_vi`,
//!   `nhom_chi_tieu` …): a select of the plan's own entries;
//! - `x-kehoach-grid`: a list of tables shown as a grid, with the columns
//!   given; the other keys of a row open below it.
//!
//! A key the hints do not name still gets a field, made from its type.

use serde_json::{Value, json};

use crate::edit::layout::{TableKind, key_order};

/// The schema definitions and the kind of table each describes.
const TABLES: [(&str, TableKind); 11] = [
    ("Header", TableKind::Header),
    ("Signer", TableKind::Signer),
    ("Recipient", TableKind::Recipient),
    ("Section", TableKind::Section),
    ("Unit", TableKind::Unit),
    ("Group", TableKind::Group),
    ("Indicator", TableKind::Indicator),
    ("Milestone", TableKind::Milestone),
    ("Target", TableKind::Target),
    ("Task", TableKind::Task),
    ("Appendix", TableKind::Appendix),
];

/// Keys written in Markdown.
const PROSE: [(&str, &str); 5] = [
    ("", "mo_dau"),
    ("", "ket_luan"),
    ("Section", "noi_dung"),
    ("Section", "noi_dung_sau"),
    ("Unit", "nhiem_vu"),
];

/// Keys that name entries of another list by `id`.
const REFS: [(&str, &str, &str); 7] = [
    ("Header", "don_vi_soan_thao", "don_vi"),
    ("Indicator", "chu_tri", "don_vi"),
    ("Indicator", "phoi_hop", "don_vi"),
    ("Indicator", "nhom", "nhom_chi_tieu"),
    ("Task", "chu_tri", "don_vi"),
    ("Task", "phoi_hop", "don_vi"),
    ("Task", "nhom", "nhom_nhiem_vu"),
];

/// Lists of tables shown as grids, and their columns.
const GRIDS: [(&str, &str, &[&str]); 8] = [
    (
        "",
        "chi_tieu",
        &[
            "id",
            "nhom",
            "ten",
            "don_vi_tinh",
            "chi_tieu_giao",
            "chu_tri",
            "phoi_hop",
        ],
    ),
    (
        "Indicator",
        "con",
        &["id", "ten", "don_vi_tinh", "chi_tieu_giao", "chu_tri"],
    ),
    (
        "",
        "nhiem_vu",
        &[
            "id",
            "nhom",
            "ten",
            "chu_tri",
            "phoi_hop",
            "kinh_phi",
            "thoi_gian",
        ],
    ),
    (
        "Task",
        "con",
        &["id", "ten", "chu_tri", "kinh_phi", "thoi_gian"],
    ),
    ("", "don_vi", &["id", "ten", "viet_tat"]),
    ("", "noi_nhan", &["ten", "ghi_chu"]),
    ("", "nhom_chi_tieu", &["id", "ten"]),
    ("", "nhom_nhiem_vu", &["id", "ten"]),
];

/// The plan's parts as the document prints them.
const FORM_ORDER: [&str; 13] = [
    "van_ban",
    "can_cu",
    "mo_dau",
    "phan",
    "ket_luan",
    "nguoi_ky",
    "noi_nhan",
    "don_vi",
    "nhom_chi_tieu",
    "chi_tieu",
    "nhom_nhiem_vu",
    "nhiem_vu",
    "phu_luc",
];

/// Adds the hints to `schema` (the plan format's JSON Schema).
pub fn annotate(schema: &mut Value) {
    set(schema, "", None, "x-kehoach-form-order", json!(FORM_ORDER));
    set(
        schema,
        "",
        None,
        "x-kehoach-order",
        json!(key_order(TableKind::Root)),
    );
    for (definition, kind) in TABLES {
        set(
            schema,
            definition,
            None,
            "x-kehoach-order",
            json!(key_order(kind)),
        );
    }
    for (definition, key) in PROSE {
        set(
            schema,
            definition,
            Some(key),
            "x-kehoach-prose",
            json!(true),
        );
    }
    for (definition, key, list) in REFS {
        set(schema, definition, Some(key), "x-kehoach-ref", json!(list));
    }
    for (definition, key, columns) in GRIDS {
        set(
            schema,
            definition,
            Some(key),
            "x-kehoach-grid",
            json!(columns),
        );
    }
}

/// Sets `hint` on a definition (`""`: the root) or on one of its keys.
fn set(schema: &mut Value, definition: &str, key: Option<&str>, hint: &str, value: Value) {
    let table = if definition.is_empty() {
        Some(&mut *schema)
    } else {
        schema.pointer_mut(&format!("/definitions/{definition}"))
    };
    let target = match (table, key) {
        (Some(table), None) => Some(table),
        (Some(table), Some(key)) => table.pointer_mut(&format!("/properties/{key}")),
        (None, _) => None,
    };
    // A hint for a key the model no longer has is a bug here, not in the
    // plan: the unit test below catches it.
    if let Some(Value::Object(map)) = target {
        map.insert(hint.to_owned(), value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_hint_names_a_key_the_model_has() {
        let schema = crate::plan::reference::json_schema(&Default::default());
        let has = |definition: &str, key: &str| {
            let pointer = if definition.is_empty() {
                format!("/properties/{key}")
            } else {
                format!("/definitions/{definition}/properties/{key}")
            };
            schema.pointer(&pointer).is_some()
        };
        for (definition, key) in PROSE {
            assert!(has(definition, key), "{definition}.{key}");
        }
        for (definition, key, list) in REFS {
            assert!(has(definition, key), "{definition}.{key}");
            assert!(has("", list), "{list}");
        }
        for (definition, key, columns) in GRIDS {
            assert!(has(definition, key), "{definition}.{key}");
            let items = if definition.is_empty() {
                schema["properties"][key]["items"]["$ref"].clone()
            } else {
                schema["definitions"][definition]["properties"][key]["items"]["$ref"].clone()
            };
            let row = items
                .as_str()
                .unwrap()
                .rsplit('/')
                .next()
                .unwrap()
                .to_owned();
            for column in columns {
                assert!(has(&row, column), "{row}.{column}");
            }
        }
        let mut form: Vec<&str> = FORM_ORDER.to_vec();
        let mut written: Vec<&str> = key_order(TableKind::Root).to_vec();
        form.sort_unstable();
        written.sort_unstable();
        assert_eq!(form, written, "the form shows every part of the plan");
        for (definition, _) in TABLES {
            assert!(
                schema
                    .pointer(&format!("/definitions/{definition}"))
                    .is_some()
            );
        }
    }
}
