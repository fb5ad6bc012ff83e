//! Applying one edit to a parsed plan file.

use toml_edit::{Array, ArrayOfTables, DocumentMut, InlineTable, Item, Key, Table};

use super::layout::{self, KeyLayout, TableKind, TableStyle};
use super::path::{KeyPath, Segment};
use super::value::{self, Value};
use super::{Edit, EditError, Op};

/// A plan file being edited: its text parsed with every comment and blank
/// line kept. `text()` of a document no edit changed is the text parsed.
#[derive(Debug, Clone)]
pub struct Document {
    doc: DocumentMut,
    /// Made from nothing: the first table needs no blank line above it.
    fresh: bool,
}

/// Where an edit's path leads, one step before its last segment.
enum Node<'a> {
    Table(&'a mut Table, TableKind),
    Inline(&'a mut InlineTable, TableKind),
    Tables(&'a mut ArrayOfTables, TableKind),
    Values(&'a mut Array, KeyLayout),
}

fn fail(path: &KeyPath, message: impl Into<String>) -> EditError {
    EditError {
        path: path.to_string(),
        message: message.into(),
    }
}

impl Document {
    /// Parses a plan file's text (an empty text is an empty plan).
    pub fn parse(text: &str) -> Result<Document, EditError> {
        let doc = text.parse::<DocumentMut>().map_err(|e| EditError {
            path: String::new(),
            message: format!("tệp không phải TOML hợp lệ: {}", e.message()),
        })?;
        Ok(Document {
            doc,
            fresh: text.trim().is_empty(),
        })
    }

    /// An empty plan file.
    pub fn new() -> Document {
        Document {
            doc: DocumentMut::new(),
            fresh: true,
        }
    }

    /// The file's text now.
    pub fn text(&self) -> String {
        let text = self.doc.to_string();
        if self.fresh {
            text.trim_start_matches('\n').to_owned()
        } else {
            text
        }
    }

    /// Applies one edit. A failed edit leaves the document as it was.
    pub fn apply(&mut self, edit: &Edit) -> Result<(), EditError> {
        let backup = self.doc.clone();
        let result = self.apply_inner(edit);
        if result.is_err() {
            self.doc = backup;
        }
        result
    }

    fn apply_inner(&mut self, edit: &Edit) -> Result<(), EditError> {
        let path = &edit.path;
        match &edit.op {
            Op::Append(value) => {
                let (parent, last) = path.0.split_at(path.0.len() - 1);
                let node = walk(self.doc.as_table_mut(), parent, true, path)?;
                match (node, &last[0]) {
                    (Node::Table(table, kind), Segment::Key(key)) if !table.contains_key(key) => {
                        // The list is made, in its writing place, with
                        // this one element.
                        let layout = layout::key_layout(kind, key);
                        let list = Value::Array(vec![value.clone()]);
                        let item = value::item(&list, layout).map_err(|m| fail(path, m))?;
                        insert_key(table, kind, key, item);
                        Ok(())
                    }
                    (node, last) => append(step(node, last, false, path)?, path, value),
                }
            }
            op => {
                let (parent, last) = path.0.split_at(path.0.len() - 1);
                let create = matches!(op, Op::Set(_));
                let node = walk(self.doc.as_table_mut(), parent, create, path)?;
                let last = &last[0];
                match op {
                    Op::Set(value) => set(node, last, value, path),
                    Op::Insert(value) => insert(node, last, value, path),
                    Op::Remove => remove(node, last, path),
                    Op::Move { to } => move_element(node, last, *to, path),
                    Op::Comment(lines) => comment(node, last, lines, path),
                    Op::Append(_) => unreachable!("handled above"),
                }
            }
        }
    }
}

impl Default for Document {
    fn default() -> Self {
        Document::new()
    }
}

/// Follows `segments` from the top table. With `create`, missing tables
/// and inline tables on the way are made in their writing place.
fn walk<'a>(
    root: &'a mut Table,
    segments: &[Segment],
    create: bool,
    path: &KeyPath,
) -> Result<Node<'a>, EditError> {
    let mut node = Node::Table(root, TableKind::Root);
    for segment in segments {
        node = step(node, segment, create, path)?;
    }
    Ok(node)
}

fn step<'a>(
    node: Node<'a>,
    segment: &Segment,
    create: bool,
    path: &KeyPath,
) -> Result<Node<'a>, EditError> {
    match (node, segment) {
        (Node::Table(table, kind), Segment::Key(key)) => {
            let layout = layout::key_layout(kind, key);
            if !table.contains_key(key) {
                let made = match layout.table {
                    Some((_, TableStyle::Table)) if create => {
                        let mut new = Table::new();
                        new.set_implicit(false);
                        new.decor_mut().set_prefix("\n");
                        Item::Table(new)
                    }
                    Some((_, TableStyle::Inline)) if create => Item::Value(value::empty_inline()),
                    Some((_, TableStyle::ArrayOfTables | TableStyle::ArrayOfInline)) | None
                        if create =>
                    {
                        return Err(fail(
                            path,
                            format!("chưa có `{key}`: thêm phần tử bằng thao tác thêm (append)"),
                        ));
                    }
                    _ => return Err(fail(path, format!("không có khóa `{key}`"))),
                };
                insert_key(table, kind, key, made);
            }
            let child_kind = layout.table.map_or(TableKind::Free, |(k, _)| k);
            match table.get_mut(key).expect("present or just made") {
                Item::Table(t) => Ok(Node::Table(t, child_kind)),
                Item::ArrayOfTables(a) => Ok(Node::Tables(a, child_kind)),
                Item::Value(toml_edit::Value::InlineTable(t)) => Ok(Node::Inline(t, child_kind)),
                Item::Value(toml_edit::Value::Array(a)) => Ok(Node::Values(a, layout)),
                _ => Err(fail(path, format!("`{key}` không phải bảng hay danh sách"))),
            }
        }
        (Node::Inline(table, kind), Segment::Key(key)) => {
            let layout = layout::key_layout(kind, key);
            if !table.contains_key(key) {
                if create && matches!(layout.table, Some((_, TableStyle::Inline))) {
                    insert_inline_key(table, kind, key, value::empty_inline());
                } else {
                    return Err(fail(path, format!("không có khóa `{key}`")));
                }
            }
            let child_kind = layout.table.map_or(TableKind::Free, |(k, _)| k);
            match table.get_mut(key).expect("present or just made") {
                toml_edit::Value::InlineTable(t) => Ok(Node::Inline(t, child_kind)),
                toml_edit::Value::Array(a) => Ok(Node::Values(a, layout)),
                _ => Err(fail(path, format!("`{key}` không phải bảng hay danh sách"))),
            }
        }
        (Node::Tables(tables, kind), Segment::Index(i)) => {
            let len = tables.len();
            match tables.get_mut(i - 1) {
                Some(t) => Ok(Node::Table(t, kind)),
                None => Err(fail(
                    path,
                    format!("chỉ có {len} phần tử, không có phần tử thứ {i}"),
                )),
            }
        }
        (Node::Values(array, layout), Segment::Index(i)) => {
            let len = array.len();
            let kind = layout.table.map_or(TableKind::Free, |(k, _)| k);
            match array.get_mut(i - 1) {
                Some(toml_edit::Value::InlineTable(t)) => Ok(Node::Inline(t, kind)),
                Some(toml_edit::Value::Array(a)) => Ok(Node::Values(a, layout)),
                Some(_) => Err(fail(path, format!("phần tử thứ {i} không phải bảng"))),
                None => Err(fail(
                    path,
                    format!("chỉ có {len} phần tử, không có phần tử thứ {i}"),
                )),
            }
        }
        (_, Segment::Index(i)) => Err(fail(path, format!("`[{i}]` chỉ dùng sau một danh sách"))),
        (_, Segment::Key(key)) => Err(fail(
            path,
            format!("`{key}` đứng sau một danh sách: thiếu `[số thứ tự]`"),
        )),
    }
}

/// Adds `key` to `table` where the writing order puts it.
fn insert_key(table: &mut Table, kind: TableKind, key: &str, item: Item) {
    let existing: Vec<String> = table.iter().map(|(k, _)| k.to_owned()).collect();
    let refs: Vec<&str> = existing.iter().map(String::as_str).collect();
    let index = layout::insert_index(kind, &refs, key);
    let tail: Vec<(Key, Item)> = existing[index..]
        .iter()
        .filter_map(|k| table.remove_entry(k))
        .collect();
    table.insert(key, item);
    for (k, v) in tail {
        table.insert_formatted(&k, v);
    }
}

fn insert_inline_key(table: &mut InlineTable, kind: TableKind, key: &str, value: toml_edit::Value) {
    let existing: Vec<String> = table.iter().map(|(k, _)| k.to_owned()).collect();
    let refs: Vec<&str> = existing.iter().map(String::as_str).collect();
    let index = layout::insert_index(kind, &refs, key);
    let tail: Vec<(Key, toml_edit::Value)> = existing[index..]
        .iter()
        .filter_map(|k| table.remove_entry(k))
        .collect();
    let mut value = value;
    value.decor_mut().clear();
    table.insert(key, value);
    for (k, v) in tail {
        table.insert_formatted(&k, v);
    }
}

fn set(node: Node<'_>, last: &Segment, value: &Value, path: &KeyPath) -> Result<(), EditError> {
    match (node, last) {
        (Node::Table(table, kind), Segment::Key(key)) => {
            let layout = layout::key_layout(kind, key);
            let new = value::item(value, layout).map_err(|m| fail(path, m))?;
            match table.get_mut(key) {
                Some(old) if value::same(old, value) => Ok(()),
                Some(old) => {
                    replace_item(old, new);
                    Ok(())
                }
                None => {
                    insert_key(table, kind, key, new);
                    Ok(())
                }
            }
        }
        (Node::Inline(table, kind), Segment::Key(key)) => {
            let layout = layout::key_layout(kind, key);
            let new = value::toml_value(value, layout).map_err(|m| fail(path, m))?;
            match table.get_mut(key) {
                Some(old) if value::same(&Item::Value(old.clone()), value) => Ok(()),
                Some(old) => {
                    let decor = old.decor().clone();
                    *old = new;
                    *old.decor_mut() = decor;
                    Ok(())
                }
                None => {
                    insert_inline_key(table, kind, key, new);
                    Ok(())
                }
            }
        }
        (Node::Tables(tables, kind), Segment::Index(i)) => {
            let Value::Table(entries) = value else {
                return Err(fail(path, "mỗi phần tử ở đây là một bảng"));
            };
            let len = tables.len();
            let old = tables.get_mut(i - 1).ok_or_else(|| {
                fail(
                    path,
                    format!("chỉ có {len} phần tử, không có phần tử thứ {i}"),
                )
            })?;
            if value::same(&Item::Table(old.clone()), value) {
                return Ok(());
            }
            let mut new = value::table(kind, entries).map_err(|m| fail(path, m))?;
            *new.decor_mut() = old.decor().clone();
            new.set_position(old.position());
            *old = new;
            Ok(())
        }
        (Node::Values(array, layout), Segment::Index(i)) => {
            let element = element_layout(layout);
            let new = value::toml_value(value, element).map_err(|m| fail(path, m))?;
            let len = array.len();
            let old = array.get_mut(i - 1).ok_or_else(|| {
                fail(
                    path,
                    format!("chỉ có {len} phần tử, không có phần tử thứ {i}"),
                )
            })?;
            if value::same(&Item::Value(old.clone()), value) {
                return Ok(());
            }
            let decor = old.decor().clone();
            *old = new;
            *old.decor_mut() = decor;
            Ok(())
        }
        _ => Err(fail(path, "đường dẫn không dẫn tới một khóa hay phần tử")),
    }
}

/// The layout of one element of a list at a key of `layout`: a list of
/// inline tables holds inline tables.
fn element_layout(layout: KeyLayout) -> KeyLayout {
    match layout.table {
        Some((kind, TableStyle::ArrayOfInline)) => KeyLayout {
            table: Some((kind, TableStyle::Inline)),
            ..layout
        },
        _ => layout,
    }
}

/// Puts `new` where `old` was, keeping the comments and spacing around it.
fn replace_item(old: &mut Item, mut new: Item) {
    match (&*old, &mut new) {
        (Item::Value(o), Item::Value(n)) => *n.decor_mut() = o.decor().clone(),
        (Item::Table(o), Item::Table(n)) => {
            *n.decor_mut() = o.decor().clone();
            n.set_position(o.position());
        }
        _ => {}
    }
    *old = new;
}

fn insert(node: Node<'_>, last: &Segment, value: &Value, path: &KeyPath) -> Result<(), EditError> {
    let Segment::Index(i) = last else {
        return Err(fail(
            path,
            "thêm vào giữa danh sách cần số thứ tự, ví dụ `chi_tieu[3]`",
        ));
    };
    match node {
        Node::Tables(tables, kind) => {
            if *i > tables.len() + 1 {
                return Err(fail(path, format!("chỉ có {} phần tử", tables.len())));
            }
            let Value::Table(entries) = value else {
                return Err(fail(path, "mỗi phần tử ở đây là một bảng"));
            };
            let new = value::table(kind, entries).map_err(|m| fail(path, m))?;
            tables.insert(i - 1, new);
            Ok(())
        }
        Node::Values(array, layout) => {
            if *i > array.len() + 1 {
                return Err(fail(path, format!("chỉ có {} phần tử", array.len())));
            }
            let mut new =
                value::toml_value(value, element_layout(layout)).map_err(|m| fail(path, m))?;
            *new.decor_mut() = sibling_decor(array);
            array.insert_formatted(i - 1, new);
            fix_first_decor(array);
            Ok(())
        }
        _ => Err(fail(path, "chỗ này không phải một danh sách")),
    }
}

fn append(node: Node<'_>, path: &KeyPath, value: &Value) -> Result<(), EditError> {
    match node {
        Node::Tables(tables, kind) => {
            let Value::Table(entries) = value else {
                return Err(fail(path, "mỗi phần tử ở đây là một bảng"));
            };
            tables.push(value::table(kind, entries).map_err(|m| fail(path, m))?);
            Ok(())
        }
        Node::Values(array, layout) => {
            let mut new =
                value::toml_value(value, element_layout(layout)).map_err(|m| fail(path, m))?;
            *new.decor_mut() = sibling_decor(array);
            array.push_formatted(new);
            fix_first_decor(array);
            Ok(())
        }
        _ => Err(fail(path, "chỗ này không phải một danh sách")),
    }
}

/// The spacing of a new element: that of the list's later elements (a
/// line of its own in a list written one item a line, one space after the
/// comma in a one-line list).
fn sibling_decor(array: &Array) -> toml_edit::Decor {
    let later = array.iter().skip(1).last().or_else(|| array.get(0));
    match later {
        Some(v)
            if v.decor()
                .prefix()
                .and_then(|p| p.as_str())
                .is_some_and(|p| p.contains('\n')) =>
        {
            v.decor().clone()
        }
        Some(v) if array.len() > 1 => v.decor().clone(),
        _ => toml_edit::Decor::new(" ", ""),
    }
}

/// The first element of a one-line list has no space after `[`.
fn fix_first_decor(array: &mut Array) {
    if let Some(first) = array.get_mut(0)
        && first.decor().prefix().and_then(|p| p.as_str()) == Some(" ")
    {
        first.decor_mut().set_prefix("");
    }
}

fn remove(node: Node<'_>, last: &Segment, path: &KeyPath) -> Result<(), EditError> {
    match (node, last) {
        (Node::Table(table, _), Segment::Key(key)) => table
            .remove(key)
            .map(|_| ())
            .ok_or_else(|| fail(path, format!("không có khóa `{key}`"))),
        (Node::Inline(table, _), Segment::Key(key)) => table
            .remove(key)
            .map(|_| ())
            .ok_or_else(|| fail(path, format!("không có khóa `{key}`"))),
        (Node::Tables(tables, _), Segment::Index(i)) if *i <= tables.len() => {
            tables.remove(i - 1);
            Ok(())
        }
        (Node::Values(array, _), Segment::Index(i)) if *i <= array.len() => {
            array.remove(i - 1);
            fix_first_decor(array);
            Ok(())
        }
        (_, Segment::Index(i)) => Err(fail(path, format!("không có phần tử thứ {i}"))),
        _ => Err(fail(path, "đường dẫn không dẫn tới một khóa hay phần tử")),
    }
}

fn move_element(
    node: Node<'_>,
    last: &Segment,
    to: usize,
    path: &KeyPath,
) -> Result<(), EditError> {
    let Segment::Index(from) = last else {
        return Err(fail(path, "chỉ chuyển được một phần tử của danh sách"));
    };
    let (from, to) = (*from, to);
    match node {
        Node::Tables(tables, _) => {
            let len = tables.len();
            if from > len || to == 0 || to > len {
                return Err(fail(
                    path,
                    format!("danh sách có {len} phần tử; không chuyển được từ {from} tới {to}"),
                ));
            }
            if from == to {
                return Ok(());
            }
            // Each element's tables (itself and the tables nested in it)
            // take the places in the file that the moved elements held, in
            // the new order: other tables keep theirs.
            let mut slots: Vec<isize> = Vec::new();
            for t in tables.iter() {
                collect_positions(t, &mut slots);
            }
            slots.sort_unstable();
            let moved = tables.remove(from - 1);
            tables.insert(to - 1, moved);
            let mut next = slots.into_iter();
            for t in tables.iter_mut() {
                assign_positions(t, &mut next);
            }
            Ok(())
        }
        Node::Values(array, _) => {
            let len = array.len();
            if from > len || to == 0 || to > len {
                return Err(fail(
                    path,
                    format!("danh sách có {len} phần tử; không chuyển được từ {from} tới {to}"),
                ));
            }
            let decors: Vec<toml_edit::Decor> = array.iter().map(|v| v.decor().clone()).collect();
            let moved = array.remove(from - 1);
            array.insert_formatted(to - 1, moved);
            for (v, decor) in array.iter_mut().zip(decors) {
                *v.decor_mut() = decor;
            }
            Ok(())
        }
        _ => Err(fail(path, "chỗ này không phải một danh sách")),
    }
}

/// The file positions of `table` and of the tables nested in it, in the
/// order the file shows them; tables without a position (made by an edit)
/// take the one before them.
fn collect_positions(table: &Table, out: &mut Vec<isize>) {
    let own = table
        .position()
        .or_else(|| out.last().copied())
        .unwrap_or(0);
    out.push(own);
    for (_, item) in table.iter() {
        match item {
            Item::Table(t) => collect_positions(t, out),
            Item::ArrayOfTables(a) => a.iter().for_each(|t| collect_positions(t, out)),
            _ => {}
        }
    }
}

fn assign_positions(table: &mut Table, next: &mut impl Iterator<Item = isize>) {
    table.set_position(next.next());
    for (_, item) in table.iter_mut() {
        match item {
            Item::Table(t) => assign_positions(t, next),
            Item::ArrayOfTables(a) => a.iter_mut().for_each(|t| assign_positions(t, next)),
            _ => {}
        }
    }
}

fn comment(
    node: Node<'_>,
    last: &Segment,
    lines: &[String],
    path: &KeyPath,
) -> Result<(), EditError> {
    let block: String = lines
        .iter()
        .map(|line| {
            let line = line.replace(['\r', '\n'], " ");
            if line.is_empty() {
                "#\n".to_owned()
            } else {
                format!("# {line}\n")
            }
        })
        .collect();
    match (node, last) {
        (Node::Table(table, _), Segment::Key(key)) => {
            let Some((mut key_mut, item)) = table.get_key_value_mut(key) else {
                return Err(fail(path, format!("không có khóa `{key}`")));
            };
            match item {
                Item::Table(t) => t.decor_mut().set_prefix(format!("\n{block}")),
                Item::ArrayOfTables(a) => match a.get_mut(0) {
                    Some(t) => t.decor_mut().set_prefix(format!("\n{block}")),
                    None => return Err(fail(path, "danh sách trống")),
                },
                _ => key_mut.leaf_decor_mut().set_prefix(block),
            }
            Ok(())
        }
        (Node::Tables(tables, _), Segment::Index(i)) => match tables.get_mut(i - 1) {
            Some(t) => {
                t.decor_mut().set_prefix(format!("\n{block}"));
                Ok(())
            }
            None => Err(fail(path, format!("không có phần tử thứ {i}"))),
        },
        _ => Err(fail(path, "chỉ ghi chú được trên một khóa hay một bảng")),
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Edit, Value, apply};

    const PLAN: &str = r#"# Kế hoạch thử.
can_cu = ["Căn cứ A"]

# ===== THÔNG TIN =====
[van_ban]
loai = "chi-tieu"
xa = "Quảng Ngọc"   # tên xã
ky_hieu = "KH-UBND"
trich_yeu = "Thử"

[nguoi_ky]
ho_ten = "Lê Văn A"

# --- Chỉ tiêu 1 ---
[[chi_tieu]]
id = "a"
ten = "Chỉ tiêu A"
chi_tieu_giao = { ty_le = 30 }

# --- Chỉ tiêu 2 ---
[[chi_tieu]]
id = "b"
ten = "Chỉ tiêu B"

[[chi_tieu.con]]
id = "b1"
ten = "Con B1"

# --- Chỉ tiêu 3 ---
[[chi_tieu]]
id = "c"
ten = "Chỉ tiêu C"

[[phu_luc]]
id = "chi-tieu"
loai = "chi-tieu"
ten = "Bảng"
"#;

    fn run(edits: &[Edit]) -> String {
        apply(PLAN, edits).unwrap()
    }

    fn ids(text: &str) -> Vec<String> {
        let plan: toml::Value = toml::from_str(text).unwrap();
        plan["chi_tieu"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap().to_owned())
            .collect()
    }

    #[test]
    fn no_edit_gives_the_same_bytes() {
        assert_eq!(run(&[]), PLAN);
    }

    #[test]
    fn setting_the_value_already_there_changes_nothing() {
        let out = run(&[
            Edit::set("van_ban.xa", Value::text("Quảng Ngọc")).unwrap(),
            Edit::set(
                "chi_tieu[1].chi_tieu_giao",
                Value::table([("ty_le", Value::Integer(30))]),
            )
            .unwrap(),
            Edit::set("can_cu", Value::texts(["Căn cứ A"])).unwrap(),
        ]);
        assert_eq!(out, PLAN);
    }

    #[test]
    fn set_replaces_a_value_and_keeps_its_comment() {
        let out = run(&[Edit::set("van_ban.xa", Value::text("Quảng Yên")).unwrap()]);
        assert_eq!(
            out,
            PLAN.replace(
                "xa = \"Quảng Ngọc\"   # tên xã",
                "xa = \"Quảng Yên\"   # tên xã"
            )
        );
    }

    #[test]
    fn set_adds_a_missing_key_in_its_writing_place() {
        let out = run(&[
            Edit::set("van_ban.nam", Value::Integer(2026)).unwrap(),
            Edit::set("van_ban.tinh", Value::text("Thanh Hóa")).unwrap(),
            Edit::set("nguoi_ky.quyen_han", Value::text("KT")).unwrap(),
        ]);
        assert!(out.contains(
            "xa = \"Quảng Ngọc\"   # tên xã\ntinh = \"Thanh Hóa\"\nky_hieu = \"KH-UBND\"\nnam = 2026\ntrich_yeu"
        ), "{out}");
        assert!(
            out.contains("[nguoi_ky]\nquyen_han = \"KT\"\nho_ten"),
            "{out}"
        );
    }

    #[test]
    fn set_makes_missing_tables_and_inline_tables() {
        let out = run(&[
            Edit::set("chi_tieu[2].chi_tieu_giao.chu", Value::text("Khuyến khích")).unwrap(),
            Edit::set("phu_luc[1].ten_cot.chu_tri", Value::text("Cơ quan chủ trì")).unwrap(),
        ]);
        assert!(
            out.contains(
                "id = \"b\"\nten = \"Chỉ tiêu B\"\nchi_tieu_giao = { chu = \"Khuyến khích\" }\n"
            ),
            "{out}"
        );
        assert!(
            out.ends_with("ten = \"Bảng\"\n\n[phu_luc.ten_cot]\nchu_tri = \"Cơ quan chủ trì\"\n"),
            "{out}"
        );
    }

    #[test]
    fn prose_is_written_as_a_literal_block() {
        let plan = "[[phan]]\ntieu_de = \"MỤC ĐÍCH\"\n";
        let out = apply(
            plan,
            &[Edit::set("phan[1].noi_dung", Value::text("# Mục đích\n\n- Một.\n")).unwrap()],
        )
        .unwrap();
        assert_eq!(
            out,
            "[[phan]]\ntieu_de = \"MỤC ĐÍCH\"\nnoi_dung = '''\n# Mục đích\n\n- Một.\n'''\n"
        );
    }

    #[test]
    fn insert_puts_a_table_before_the_one_at_its_index() {
        let new = Value::table([("id", Value::text("x")), ("ten", Value::text("Chỉ tiêu X"))]);
        let out = run(&[Edit::insert("chi_tieu[2]", new.clone()).unwrap()]);
        assert_eq!(ids(&out), ["a", "x", "b", "c"]);
        let at = out.find("id = \"x\"").unwrap();
        assert!(
            out[..at].ends_with("chi_tieu_giao = { ty_le = 30 }\n\n[[chi_tieu]]\n"),
            "{out}"
        );
        assert!(
            out[at..].starts_with("id = \"x\"\nten = \"Chỉ tiêu X\"\n\n# --- Chỉ tiêu 2 ---\n"),
            "{out}"
        );
        let end = run(&[Edit::insert("chi_tieu[4]", new).unwrap()]);
        assert_eq!(ids(&end), ["a", "b", "c", "x"]);
        assert!(end.find("id = \"x\"").unwrap() < end.find("[[phu_luc]]").unwrap());
    }

    #[test]
    fn append_adds_a_last_element_and_makes_a_missing_list() {
        let out = run(&[
            Edit::append(
                "chi_tieu",
                Value::table([("id", Value::text("d")), ("ten", Value::text("D"))]),
            )
            .unwrap(),
            Edit::append(
                "noi_nhan",
                Value::table([
                    ("ten", Value::text("Sở KH&CN")),
                    ("ghi_chu", Value::text("b/c")),
                ]),
            )
            .unwrap(),
            Edit::append("can_cu", Value::text("Căn cứ B")).unwrap(),
            Edit::append("chi_tieu[1].phoi_hop", Value::text("vhxh")).unwrap(),
        ]);
        assert_eq!(ids(&out), ["a", "b", "c", "d"]);
        assert!(
            out.starts_with("# Kế hoạch thử.\ncan_cu = [\"Căn cứ A\", \"Căn cứ B\"]\n"),
            "{out}"
        );
        // The recipients come after the signer, before the indicators.
        let signer = out.find("[nguoi_ky]").unwrap();
        let recipients = out.find("[[noi_nhan]]").unwrap();
        let first = out.find("[[chi_tieu]]").unwrap();
        assert!(signer < recipients && recipients < first, "{out}");
        assert!(
            out.contains("chi_tieu_giao = { ty_le = 30 }\nphoi_hop = [\"vhxh\"]\n"),
            "{out}"
        );
        assert!(out.find("id = \"d\"").unwrap() < out.find("[[phu_luc]]").unwrap());
    }

    #[test]
    fn remove_drops_a_key_or_an_element_with_its_comment() {
        let out = run(&[
            Edit::remove("chi_tieu[2]").unwrap(),
            Edit::remove("van_ban.ky_hieu").unwrap(),
        ]);
        assert_eq!(ids(&out), ["a", "c"]);
        assert!(
            !out.contains("Chỉ tiêu 2 ---") && !out.contains("b1"),
            "{out}"
        );
        assert!(!out.contains("ky_hieu"));
        assert!(out.contains("# --- Chỉ tiêu 3 ---\n[[chi_tieu]]\nid = \"c\""));
    }

    #[test]
    fn move_takes_an_element_and_its_nested_tables_along() {
        let out = run(&[Edit::move_to("chi_tieu[2]", 3).unwrap()]);
        assert_eq!(ids(&out), ["a", "c", "b"]);
        let b = out.find("id = \"b\"").unwrap();
        let b1 = out.find("id = \"b1\"").unwrap();
        let c = out.find("id = \"c\"").unwrap();
        assert!(
            c < b && b < b1 && b1 < out.find("[[phu_luc]]").unwrap(),
            "{out}"
        );
        let back = apply(&out, &[Edit::move_to("chi_tieu[3]", 2).unwrap()]).unwrap();
        assert_eq!(back, PLAN);
        let first = run(&[Edit::move_to("chi_tieu[3]", 1).unwrap()]);
        assert_eq!(ids(&first), ["c", "a", "b"]);
    }

    #[test]
    fn a_list_written_one_item_a_line_stays_so() {
        let plan = "can_cu = [\n  \"A\",\n  \"B\",\n]\n";
        let out = apply(
            plan,
            &[
                Edit::append("can_cu", Value::text("C")).unwrap(),
                Edit::insert("can_cu[1]", Value::text("Z")).unwrap(),
            ],
        )
        .unwrap();
        assert_eq!(
            out,
            "can_cu = [\n  \"Z\",\n  \"A\",\n  \"B\",\n  \"C\",\n]\n"
        );
    }

    #[test]
    fn move_in_a_list_of_values_keeps_the_spacing_by_place() {
        let out = apply(
            "a = [\"x\", \"y\", \"z\"]\n",
            &[Edit::move_to("a[3]", 1).unwrap()],
        )
        .unwrap();
        assert_eq!(out, "a = [\"z\", \"x\", \"y\"]\n");
    }

    #[test]
    fn comment_sets_the_lines_above_a_table_or_key() {
        let out = run(&[
            Edit::comment("phu_luc[1]", ["Phụ lục I"]).unwrap(),
            Edit::comment("van_ban.trich_yeu", ["Trích yếu."]).unwrap(),
        ]);
        assert!(out.contains("\n\n# Phụ lục I\n[[phu_luc]]\n"), "{out}");
        assert!(
            out.contains("ky_hieu = \"KH-UBND\"\n# Trích yếu.\ntrich_yeu"),
            "{out}"
        );
    }

    #[test]
    fn a_failed_edit_leaves_the_text_as_it_was() {
        let mut doc = super::Document::parse(PLAN).unwrap();
        for edit in [
            Edit::set("chi_tieu[9].ten", Value::text("x")).unwrap(),
            Edit::remove("van_ban.khong_co").unwrap(),
            Edit::move_to("chi_tieu[1]", 7).unwrap(),
            Edit::insert("van_ban.xa", Value::text("x")).unwrap(),
            Edit::set("chi_tieu", Value::table([("id", Value::text("x"))])).unwrap(),
        ] {
            let err = doc.apply(&edit).unwrap_err();
            assert!(!err.message.is_empty());
            assert_eq!(doc.text(), PLAN, "{edit:?}");
        }
    }

    #[test]
    fn an_empty_document_grows_in_writing_order() {
        let out = apply(
            "",
            &[
                Edit::set("nguoi_ky.ho_ten", Value::text("A")).unwrap(),
                Edit::set("van_ban.xa", Value::text("X")).unwrap(),
                Edit::set("van_ban.loai", Value::text("co-ban")).unwrap(),
                Edit::set("can_cu", Value::texts(["Căn cứ"])).unwrap(),
            ],
        )
        .unwrap();
        assert_eq!(
            out,
            "can_cu = [\"Căn cứ\"]\n\n[van_ban]\nloai = \"co-ban\"\nxa = \"X\"\n\n[nguoi_ky]\nho_ten = \"A\"\n"
        );
    }
}
