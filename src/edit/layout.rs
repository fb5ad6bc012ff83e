//! How a plan file is laid out: which table a key path lands in, the order
//! a person writes each table's keys in (the order of the bundled plans and
//! the `kehoach new` starters), and how each value is written (a table as
//! `[table]`, `[[array]]` or `{ inline }`; prose as a `'''` block).
//!
//! The keys themselves are the model's (`plan::model`); a unit test holds
//! these lists to the JSON Schema made from it, so a new key cannot be
//! forgotten here.

use super::path::Segment;

/// The kinds of table a plan file has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableKind {
    Root,
    Header,
    Signer,
    Recipient,
    Section,
    Unit,
    Group,
    Indicator,
    Milestone,
    Target,
    Task,
    Appendix,
    /// Keys chosen by the writer (`ten_cot`, `ly_do_bai_bo`): kept in the
    /// order given.
    Free,
}

/// How a table-valued key is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableStyle {
    /// `[van_ban]`, `[phu_luc.ten_cot]`.
    Table,
    /// `[[chi_tieu]]`, `[[chi_tieu.con]]`.
    ArrayOfTables,
    /// `chi_tieu_giao = { ty_le = 30 }`.
    Inline,
    /// `moc = [\n  { … },\n]`: one inline table a line.
    ArrayOfInline,
}

/// What a key of a table holds, as far as writing it goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyLayout {
    /// The kind of table the key opens, when it holds tables.
    pub table: Option<(TableKind, TableStyle)>,
    /// Markdown prose: always a `'''` block.
    pub prose: bool,
    /// A date (`2026-01-24`, no quotes) when given as `YYYY-MM-DD`.
    pub date: bool,
}

const PLAIN: KeyLayout = KeyLayout {
    table: None,
    prose: false,
    date: false,
};

/// The keys of `kind`, in writing order (empty for `Free`).
pub fn key_order(kind: TableKind) -> &'static [&'static str] {
    match kind {
        TableKind::Root => &[
            "can_cu",
            "mo_dau",
            "ket_luan",
            "van_ban",
            "nguoi_ky",
            "noi_nhan",
            "phan",
            "don_vi",
            "nhom_chi_tieu",
            "chi_tieu",
            "nhom_nhiem_vu",
            "nhiem_vu",
            "phu_luc",
        ],
        TableKind::Header => &[
            "loai",
            "xa",
            "tinh",
            "co_quan_chu_quan",
            "co_quan",
            "so",
            "ky_hieu",
            "dia_danh",
            "ngay",
            "nam",
            "thang",
            "muc_con",
            "ban_hanh_kem_theo",
            "ten_loai",
            "trich_yeu",
            "du_thao",
            "don_vi_soan_thao",
        ],
        TableKind::Signer => &["quyen_han", "thay_mat", "chuc_vu", "ho_ten"],
        TableKind::Recipient => &["ten", "ghi_chu"],
        TableKind::Section => &["tieu_de", "muc_con", "noi_dung", "chen", "noi_dung_sau"],
        TableKind::Unit => &["id", "ten", "viet_tat", "tap_the", "nhiem_vu"],
        TableKind::Group => &["id", "ten"],
        TableKind::Indicator => &[
            "id",
            "nhom",
            "ten",
            "don_vi_tinh",
            "chi_tieu_giao",
            "chu_tri",
            "phoi_hop",
            "muc_dich",
            "cach_thuc",
            "phuong_phap",
            "huong_dan",
            "van_ban_lien_quan",
            "han",
            "ghi_chu",
            "ly_do_dieu_chinh",
            "moc",
            "con",
        ],
        TableKind::Milestone => &["nam", "gia_tri", "ghi_chu"],
        TableKind::Target => &[
            "ty_le",
            "so",
            "tu",
            "den",
            "toi_thieu",
            "toi_da",
            "tren",
            "duoi",
            "chu",
            "don_vi",
        ],
        TableKind::Task => &[
            "id",
            "nhom",
            "ten",
            "chu_tri",
            "phoi_hop",
            "ket_qua",
            "kinh_phi",
            "thoi_gian",
            "con",
        ],
        TableKind::Appendix => &[
            "id",
            "loai",
            "tieu_de",
            "ten",
            "cot",
            "ngang",
            "dong_trong",
            "ban_goc",
            "so_ban_goc",
            "ngay_ban_goc",
            "ly_do_bai_bo",
            "ten_cot",
        ],
        TableKind::Free => &[],
    }
}

/// How `key` of a table of `kind` is written.
pub fn key_layout(kind: TableKind, key: &str) -> KeyLayout {
    use TableKind as K;
    use TableStyle as S;
    let table = |kind, style| KeyLayout {
        table: Some((kind, style)),
        ..PLAIN
    };
    match (kind, key) {
        (K::Root, "van_ban") => table(K::Header, S::Table),
        (K::Root, "nguoi_ky") => table(K::Signer, S::Table),
        (K::Root, "noi_nhan") => table(K::Recipient, S::ArrayOfTables),
        (K::Root, "phan") => table(K::Section, S::ArrayOfTables),
        (K::Root, "don_vi") => table(K::Unit, S::ArrayOfTables),
        (K::Root, "nhom_chi_tieu" | "nhom_nhiem_vu") => table(K::Group, S::ArrayOfTables),
        (K::Root, "chi_tieu") | (K::Indicator, "con") => table(K::Indicator, S::ArrayOfTables),
        (K::Root, "nhiem_vu") | (K::Task, "con") => table(K::Task, S::ArrayOfTables),
        (K::Root, "phu_luc") => table(K::Appendix, S::ArrayOfTables),
        (K::Indicator, "chi_tieu_giao") | (K::Milestone, "gia_tri") => table(K::Target, S::Inline),
        (K::Indicator, "moc") => table(K::Milestone, S::ArrayOfInline),
        (K::Appendix, "ten_cot") => table(K::Free, S::Table),
        (K::Appendix, "ly_do_bai_bo") => table(K::Free, S::Inline),
        (K::Section, "noi_dung" | "noi_dung_sau") => KeyLayout {
            prose: true,
            ..PLAIN
        },
        (K::Header, "ngay") | (K::Indicator, "han") | (K::Appendix, "ngay_ban_goc") => KeyLayout {
            date: true,
            ..PLAIN
        },
        _ => PLAIN,
    }
}

/// The kind of table at the end of `path` (keys and indices from the top),
/// when the path leads to a table.
pub fn table_kind_at(path: &[Segment]) -> Option<TableKind> {
    let mut kind = TableKind::Root;
    let mut style: Option<TableStyle> = None;
    for segment in path {
        match segment {
            Segment::Key(key) => {
                if style.is_some_and(|s| {
                    matches!(s, TableStyle::ArrayOfTables | TableStyle::ArrayOfInline)
                }) {
                    return None;
                }
                let (next, next_style) = key_layout(kind, key).table?;
                kind = next;
                style = Some(next_style);
            }
            Segment::Index(_) => match style {
                Some(TableStyle::ArrayOfTables | TableStyle::ArrayOfInline) => {
                    style = Some(TableStyle::Table);
                }
                _ => return None,
            },
        }
    }
    Some(kind)
}

/// How the value at the end of `path` is written: the layout of its last
/// key (an element of a list, `chi_tieu[3]`, is written as its list's
/// elements are). Paths the layout does not know are plain values.
pub fn path_layout(path: &[Segment]) -> KeyLayout {
    let end = path
        .iter()
        .rposition(|s| matches!(s, Segment::Key(_)))
        .unwrap_or(0);
    match &path.get(end) {
        Some(Segment::Key(key)) => {
            table_kind_at(&path[..end]).map_or(PLAIN, |kind| key_layout(kind, key))
        }
        _ => PLAIN,
    }
}

/// Where `key` goes among `existing` keys of a table of `kind`: the index
/// of the first existing key that is written after it, or the end. Keys
/// the order does not know stay where they are, and a new unknown key goes
/// last.
pub fn insert_index(kind: TableKind, existing: &[&str], key: &str) -> usize {
    let order = key_order(kind);
    let Some(rank) = order.iter().position(|k| *k == key) else {
        return existing.len();
    };
    existing
        .iter()
        .position(|k| order.iter().position(|o| o == k).is_some_and(|r| r > rank))
        .unwrap_or(existing.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::path::KeyPath;
    use serde_json::Value;

    /// The kinds with the schema definition (or root) each one follows.
    fn definitions() -> Vec<(TableKind, Option<&'static str>)> {
        vec![
            (TableKind::Root, None),
            (TableKind::Header, Some("Header")),
            (TableKind::Signer, Some("Signer")),
            (TableKind::Recipient, Some("Recipient")),
            (TableKind::Section, Some("Section")),
            (TableKind::Unit, Some("Unit")),
            (TableKind::Group, Some("Group")),
            (TableKind::Indicator, Some("Indicator")),
            (TableKind::Milestone, Some("Milestone")),
            (TableKind::Target, Some("Target")),
            (TableKind::Task, Some("Task")),
            (TableKind::Appendix, Some("Appendix")),
        ]
    }

    #[test]
    fn every_key_of_the_schema_has_its_place_and_no_other_key_does() {
        let schema = crate::plan::reference::json_schema(&Default::default());
        for (kind, definition) in definitions() {
            let table = match definition {
                None => &schema,
                Some(name) => &schema["definitions"][name],
            };
            let mut keys: Vec<&str> = table["properties"]
                .as_object()
                .unwrap_or_else(|| panic!("{definition:?} has properties"))
                .keys()
                .map(String::as_str)
                .collect();
            keys.sort_unstable();
            let mut ordered: Vec<&str> = key_order(kind).to_vec();
            ordered.sort_unstable();
            assert_eq!(ordered, keys, "keys of {kind:?}");
            let _: &Value = table;
        }
    }

    #[test]
    fn paths_name_the_table_they_lead_to() {
        let kind = |p: &str| table_kind_at(&KeyPath::parse(p).unwrap().0);
        assert_eq!(kind("van_ban"), Some(TableKind::Header));
        assert_eq!(kind("chi_tieu[3]"), Some(TableKind::Indicator));
        assert_eq!(kind("chi_tieu[3].con[1]"), Some(TableKind::Indicator));
        assert_eq!(kind("chi_tieu[3].chi_tieu_giao"), Some(TableKind::Target));
        assert_eq!(kind("chi_tieu[3].moc[2].gia_tri"), Some(TableKind::Target));
        assert_eq!(kind("phu_luc[1].ten_cot"), Some(TableKind::Free));
        assert_eq!(kind("nhiem_vu[2].con[1]"), Some(TableKind::Task));
        assert_eq!(kind("chi_tieu.ten"), None);
        assert_eq!(kind("van_ban[1]"), None);
    }

    #[test]
    fn a_path_is_written_as_its_last_key_says() {
        let layout = |p: &str| path_layout(&KeyPath::parse(p).unwrap().0);
        assert!(layout("phan[2].noi_dung").prose);
        assert!(layout("van_ban.ngay").date);
        assert_eq!(
            layout("chi_tieu[3]").table,
            Some((TableKind::Indicator, TableStyle::ArrayOfTables))
        );
        assert_eq!(
            layout("chi_tieu[3].moc[2].gia_tri").table,
            Some((TableKind::Target, TableStyle::Inline))
        );
        assert_eq!(
            layout("chi_tieu[1].moc[2]").table,
            Some((TableKind::Milestone, TableStyle::ArrayOfInline))
        );
        assert_eq!(layout("can_cu[2]"), PLAIN);
        assert_eq!(layout("khong_co.ten"), PLAIN);
    }

    #[test]
    fn a_new_key_goes_before_the_first_key_written_after_it() {
        let existing = ["loai", "xa", "ky_hieu", "trich_yeu"];
        assert_eq!(insert_index(TableKind::Header, &existing, "tinh"), 2);
        assert_eq!(insert_index(TableKind::Header, &existing, "nam"), 3);
        assert_eq!(insert_index(TableKind::Header, &existing, "du_thao"), 4);
        assert_eq!(insert_index(TableKind::Header, &existing, "loai_moi"), 4);
        assert_eq!(insert_index(TableKind::Root, &["van_ban"], "can_cu"), 0);
    }
}
