//! Edits are data: a key path, an operation and a value, applied to the
//! text of a plan file through `toml_edit`, which keeps every comment,
//! blank line and layout choice of the parts an edit does not touch.
//!
//! This is the one writer of plan files that the import and the editor
//! share. It knows the plan's layout (`layout`: key order, which keys hold
//! `[tables]`, `[[arrays of tables]]`, inline tables, prose and dates), not
//! HTML nor the import's recognition.
//!
//! ```text
//! set     chi_tieu[16].chi_tieu_giao  { ty_le = 40 }   replace or add a key
//! insert  chi_tieu[3]                 { id = …, … }    new element before the 3rd
//! append  noi_nhan                    { ten = … }      new last element (the list is made if absent)
//! remove  van_ban.so                                   drop a key or an element
//! move    chi_tieu[5]                 to 2             reorder an element
//! comment phu_luc[2]                  "…"              the comment lines above a key or table
//! ```
//!
//! Paths use the diagnostics' notation: 1-based indices
//! (`chi_tieu[16].chi_tieu_giao`, `nguoi_ky.ho_ten`). A new key lands where
//! a person writes it (the order of the bundled plans and the starters);
//! a `set` of the value already there changes nothing, so a page that sends
//! its unchanged fields back gets the same bytes.
//!
//! ```
//! use kehoach::edit::{Document, Edit, Value};
//! let mut doc = Document::parse("[nguoi_ky]\nho_ten = \"A\" # tên\n").unwrap();
//! doc.apply(&Edit::set("nguoi_ky.chuc_vu", Value::text("CHỦ TỊCH")).unwrap()).unwrap();
//! assert_eq!(doc.text(), "[nguoi_ky]\nchuc_vu = \"CHỦ TỊCH\"\nho_ten = \"A\" # tên\n");
//! ```

mod apply;
pub mod layout;
mod path;
mod value;
mod wire;

pub use apply::Document;
pub use path::{KeyPath, Segment};
pub use value::{Value, basic_string, block_string};

/// What an edit does at its path.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// Replace the value at the path, or add the key (in its writing
    /// place). Parent tables that are missing are made.
    Set(Value),
    /// Insert a new element at the path's last index (`chi_tieu[3]`: the
    /// new element becomes the 3rd; one past the end appends).
    Insert(Value),
    /// Add a new last element to the list at the path, making the list
    /// (in its writing place) if it is absent.
    Append(Value),
    /// Drop the key or element at the path.
    Remove,
    /// Move the element at the path to index `to` (1-based, counted in the
    /// list as it is after the move).
    Move { to: usize },
    /// Set the comment lines written above the key or table at the path
    /// (without `#`; empty lines for none). Replaces the comments already
    /// there and keeps one blank line before a table header.
    Comment(Vec<String>),
}

/// One edit: where, and what.
#[derive(Debug, Clone, PartialEq)]
pub struct Edit {
    pub path: KeyPath,
    pub op: Op,
}

impl Edit {
    fn at(path: &str, op: Op) -> Result<Edit, EditError> {
        let path = KeyPath::parse(path).map_err(|message| EditError {
            path: path.to_owned(),
            message,
        })?;
        Ok(Edit { path, op })
    }

    pub fn set(path: &str, value: Value) -> Result<Edit, EditError> {
        Edit::at(path, Op::Set(value))
    }

    pub fn insert(path: &str, value: Value) -> Result<Edit, EditError> {
        Edit::at(path, Op::Insert(value))
    }

    pub fn append(path: &str, value: Value) -> Result<Edit, EditError> {
        Edit::at(path, Op::Append(value))
    }

    pub fn remove(path: &str) -> Result<Edit, EditError> {
        Edit::at(path, Op::Remove)
    }

    pub fn move_to(path: &str, to: usize) -> Result<Edit, EditError> {
        Edit::at(path, Op::Move { to })
    }

    pub fn comment<S: Into<String>>(
        path: &str,
        lines: impl IntoIterator<Item = S>,
    ) -> Result<Edit, EditError> {
        Edit::at(
            path,
            Op::Comment(lines.into_iter().map(Into::into).collect()),
        )
    }
}

/// Why an edit could not be applied, in Vietnamese, naming the key path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditError {
    pub path: String,
    pub message: String,
}

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "khóa `{}`: {}", self.path, self.message)
    }
}

impl std::error::Error for EditError {}

/// Applies `edits` in order to the plan text `text`; the new text, or the
/// first edit that failed (the text is then unchanged).
pub fn apply(text: &str, edits: &[Edit]) -> Result<String, EditError> {
    let mut doc = Document::parse(text)?;
    for edit in edits {
        doc.apply(edit)?;
    }
    Ok(doc.text())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_edit_from_a_page_reads_its_value_for_the_key() {
        let edit = Edit::from_json(
            &json!({"path": "chi_tieu[2].han", "op": "set", "value": "2026-08-30"}),
        )
        .unwrap();
        assert_eq!(
            edit.op,
            Op::Set(Value::Date {
                year: 2026,
                month: 8,
                day: 30
            })
        );
        let edit = Edit::from_json(
            &json!({"path": "chi_tieu", "op": "append", "value": {"id": "x", "han": "2026-01-02"}}),
        )
        .unwrap();
        // A JSON object comes in key order; the writer puts the keys in
        // their writing order.
        assert_eq!(
            edit.op,
            Op::Append(Value::table([
                (
                    "han",
                    Value::Date {
                        year: 2026,
                        month: 1,
                        day: 2
                    }
                ),
                ("id", Value::text("x")),
            ]))
        );
        let edit = Edit::from_json(&json!({"path": "chi_tieu[3]", "op": "move", "to": 1})).unwrap();
        assert_eq!(edit.op, Op::Move { to: 1 });
        let text = apply(
            r#"[[chi_tieu]]
id = "a"
ten = "A"
"#,
            &[Edit::from_json(&json!({"path": "chi_tieu[1].chi_tieu_giao", "op": "set", "value": {"ty_le": 35.4}})).unwrap()],
        )
        .unwrap();
        assert_eq!(
            text,
            r#"[[chi_tieu]]
id = "a"
ten = "A"
chi_tieu_giao = { ty_le = 35.4 }
"#
        );
        for bad in [
            json!({"path": "x", "op": "doi"}),
            json!({"path": "x[0]", "op": "remove"}),
            json!({"path": "x", "op": "set"}),
        ] {
            assert!(Edit::from_json(&bad).is_err(), "{bad}");
        }
    }
}
