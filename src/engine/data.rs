//! A plan's text as the JSON the form fills its fields from: TOML tables
//! as objects (the form orders keys by the schema), lists in file order,
//! dates as `YYYY-MM-DD` texts.

use serde_json::{Map, Value as Json};
use toml_edit::{DocumentMut, Item, Value};

/// The plan's values as JSON, or why the text is not TOML at all (then the
/// form cannot show it; the problems list says where the text breaks).
pub fn plan_data(text: &str) -> Result<Json, String> {
    let doc: DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| {
        format!("tệp không phải TOML hợp lệ: {}", e.message())
    })?;
    Ok(table(doc.as_table()))
}

fn table(table: &toml_edit::Table) -> Json {
    let mut map = Map::new();
    for (key, item) in table.iter() {
        if let Some(value) = item_json(item) {
            map.insert(key.to_owned(), value);
        }
    }
    Json::Object(map)
}

fn item_json(item: &Item) -> Option<Json> {
    match item {
        Item::None => None,
        Item::Value(v) => Some(value(v)),
        Item::Table(t) => Some(table(t)),
        Item::ArrayOfTables(a) => Some(Json::Array(a.iter().map(table).collect())),
    }
}

fn value(v: &Value) -> Json {
    match v {
        Value::String(s) => Json::String(s.value().clone()),
        Value::Integer(i) => Json::from(*i.value()),
        Value::Float(f) => serde_json::Number::from_f64(*f.value())
            .map_or_else(|| Json::String(f.value().to_string()), Json::Number),
        Value::Boolean(b) => Json::Bool(*b.value()),
        Value::Datetime(d) => Json::String(d.value().to_string()),
        Value::Array(a) => Json::Array(a.iter().map(value).collect()),
        Value::InlineTable(t) => {
            Json::Object(t.iter().map(|(k, v)| (k.to_owned(), value(v))).collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_form_sees_the_values_as_written() {
        let data = plan_data(
            "can_cu = [\"A\"]\n[van_ban]\nngay = 2026-01-24\nnam = 2026\n[[chi_tieu]]\nid = \"a\"\nchi_tieu_giao = { ty_le = 35.4 }\nmoc = [{ nam = 2030, gia_tri = { so = 2 } }]\n",
        )
        .unwrap();
        assert_eq!(
            data,
            json!({
                "can_cu": ["A"],
                "van_ban": {"ngay": "2026-01-24", "nam": 2026},
                "chi_tieu": [{"id": "a", "chi_tieu_giao": {"ty_le": 35.4},
                              "moc": [{"nam": 2030, "gia_tri": {"so": 2}}]}],
            })
        );
        assert!(
            plan_data("[van_ban\n")
                .unwrap_err()
                .contains("không phải TOML")
        );
    }
}
