//! Edits as a page sends them: JSON objects naming a key path in the
//! diagnostics' notation, an operation and a value.
//!
//! ```json
//! {"op": "set",    "path": "chi_tieu[16].chi_tieu_giao", "value": {"ty_le": 35.4}}
//! {"op": "insert", "path": "chi_tieu[3]",  "value": {"id": "x", "ten": "…"}}
//! {"op": "append", "path": "noi_nhan",     "value": {"ten": "…"}}
//! {"op": "remove", "path": "van_ban.so"}
//! {"op": "move",   "path": "chi_tieu[5]",  "to": 2}
//! ```
//!
//! A value is written the way its key is (`layout`): a `YYYY-MM-DD` text at
//! a date key becomes a date, a whole number an integer, a table the kind
//! of table its key holds.

use serde_json::Value as Json;

use super::layout::path_layout;
use super::{Edit, EditError, KeyPath, Op, Value};

impl Edit {
    /// One edit from its JSON form.
    pub fn from_json(json: &Json) -> Result<Edit, EditError> {
        let path_text = json.get("path").and_then(Json::as_str).unwrap_or("");
        let fail = |message: String| EditError {
            path: path_text.to_owned(),
            message,
        };
        let path = KeyPath::parse(path_text).map_err(fail)?;
        let value = || {
            let value = json
                .get("value")
                .ok_or_else(|| fail("thiếu giá trị (`value`)".into()))?;
            Value::from_json(value, path_layout(&path.0)).map_err(fail)
        };
        let op = match json.get("op").and_then(Json::as_str) {
            Some("set") => Op::Set(value()?),
            Some("insert") => Op::Insert(value()?),
            Some("append") => Op::Append(value()?),
            Some("remove") => Op::Remove,
            Some("move") => Op::Move {
                to: json
                    .get("to")
                    .and_then(Json::as_u64)
                    .and_then(|to| usize::try_from(to).ok())
                    .filter(|&to| to > 0)
                    .ok_or_else(|| fail("thiếu vị trí chuyển tới (`to`, đếm từ 1)".into()))?,
            },
            Some("comment") => Op::Comment(
                json.get("value")
                    .and_then(Json::as_array)
                    .map(|lines| {
                        lines
                            .iter()
                            .map(|l| l.as_str().unwrap_or_default().to_owned())
                            .collect()
                    })
                    .unwrap_or_default(),
            ),
            other => {
                return Err(fail(format!(
                    "không có thao tác {}: dùng set, insert, append, remove, move hoặc comment",
                    other.map_or_else(|| "(trống)".to_owned(), |o| format!("`{o}`"))
                )));
            }
        };
        Ok(Edit { path, op })
    }

    /// A list of edits from a JSON array.
    pub fn list_from_json(json: &Json) -> Result<Vec<Edit>, EditError> {
        json.as_array()
            .ok_or_else(|| EditError {
                path: String::new(),
                message: "các thao tác sửa phải là một danh sách JSON".into(),
            })?
            .iter()
            .map(Edit::from_json)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::apply;
    use super::*;
    use serde_json::json;

    const PLAN: &str = "[van_ban]\nxa = \"A\"\n\n[[chi_tieu]]\nid = \"a\"\nten = \"A\" # giữ\n\n[[phan]]\ntieu_de = \"I\"\n";

    #[test]
    fn a_page_edits_reach_the_file_written_as_their_keys_are() {
        let edits = Edit::list_from_json(&json!([
            {"op": "set", "path": "chi_tieu[1].chi_tieu_giao", "value": {"ty_le": 35.4}},
            {"op": "set", "path": "van_ban.ngay", "value": "2026-01-24"},
            {"op": "set", "path": "phan[1].noi_dung", "value": "- Một."},
            {"op": "append", "path": "chi_tieu", "value": {"ten": "B", "id": "b"}},
            {"op": "move", "path": "chi_tieu[2]", "to": 1},
        ]))
        .unwrap();
        let out = apply(PLAN, &edits).unwrap();
        assert!(out.contains("xa = \"A\"\nngay = 2026-01-24\n"), "{out}");
        assert!(
            out.contains("ten = \"A\" # giữ\nchi_tieu_giao = { ty_le = 35.4 }\n"),
            "{out}"
        );
        assert!(out.contains("noi_dung = '''\n- Một.'''"), "{out}");
        assert!(out.find("id = \"b\"\nten = \"B\"").unwrap() < out.find("id = \"a\"").unwrap());
    }

    #[test]
    fn a_malformed_edit_is_refused_with_its_path() {
        for (edit, says) in [
            (
                json!({"op": "set", "path": "chi_tieu[0]", "value": 1}),
                "đếm từ 1",
            ),
            (json!({"op": "set", "path": "van_ban.xa"}), "thiếu giá trị"),
            (json!({"op": "move", "path": "chi_tieu[1]"}), "thiếu vị trí"),
            (
                json!({"op": "drop", "path": "van_ban.xa"}),
                "không có thao tác `drop`",
            ),
            (
                json!({"op": "set", "path": "van_ban.xa", "value": null}),
                "null",
            ),
        ] {
            let err = Edit::from_json(&edit).unwrap_err();
            assert!(err.to_string().contains(says), "{edit}: {err}");
        }
        assert!(Edit::list_from_json(&json!({"op": "set"})).is_err());
    }
}
