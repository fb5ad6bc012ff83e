//! The rules of `check`, one plan each, built by the shared fixture: each
//! test names the key and the message a clerk would see.

use super::checked::{AppendixTable, Target};
use super::fixture::Fixture;
use crate::plan::schema::{Authority, IndicatorColumn, TaskColumn};

fn has(errors: &[String], expected: &str) -> bool {
    errors.iter().any(|e| e == expected)
}

#[test]
fn the_minimal_fixture_is_valid() {
    assert_eq!(Fixture::new().errors(), Vec::<String>::new());
}

#[test]
fn a_dangling_unit_reference_is_named_with_a_suggestion() {
    let f = Fixture::new()
        .unit("vhxh", "Phòng Văn hóa - Xã hội")
        .indicator("a", "vhx", "{ ty_le = 30 }");
    let d = f.diagnostics();
    let e = d
        .iter()
        .find(|d| d.key.as_deref() == Some("chi_tieu[1].chu_tri"))
        .expect("an error at the lead");
    assert_eq!(e.message, "không có đơn vị mã \"vhx\"");
    assert_eq!(e.help.as_deref(), Some("có phải ý bạn là \"vhxh\"?"));
}

#[test]
fn a_target_needs_exactly_one_form() {
    let empty = Fixture::new().unit("a", "A").indicator("c", "a", "{}");
    assert!(
        has(
            &empty.errors(),
            "chi_tieu[1].chi_tieu_giao: chỉ tiêu giao đang trống"
        ),
        "{:?}",
        empty.errors()
    );
    let two = Fixture::new()
        .unit("a", "A")
        .indicator("c", "a", "{ ty_le = 3, so = 2 }");
    assert!(has(
        &two.errors(),
        "chi_tieu[1].chi_tieu_giao: chỉ tiêu giao có nhiều dạng cùng lúc"
    ));
    let over = Fixture::new()
        .unit("a", "A")
        .indicator("c", "a", "{ ty_le = 130 }");
    assert!(has(
        &over.errors(),
        "chi_tieu[1].chi_tieu_giao.ty_le: tỷ lệ 130% vượt quá 100%"
    ));
    let half = Fixture::new()
        .unit("a", "A")
        .indicator("c", "a", "{ tu = 2 }");
    assert!(has(
        &half.errors(),
        "chi_tieu[1].chi_tieu_giao: khoảng chỉ tiêu cần cả `tu` và `den`"
    ));
}

#[test]
fn each_target_form_becomes_its_variant() {
    let cases = [
        ("{ ty_le = 35.4 }", Target::Percent(35.4)),
        (
            "{ so = 2, don_vi = \" mô hình \" }",
            Target::Count {
                value: 2.0,
                unit: Some("mô hình".into()),
            },
        ),
        (
            "{ tu = 2, den = 3 }",
            Target::Range {
                from: 2.0,
                to: 3.0,
                unit: None,
            },
        ),
        (
            "{ toi_thieu = 85, don_vi = \"\" }",
            Target::AtLeast {
                value: 85.0,
                unit: None,
            },
        ),
        (
            "{ toi_da = 5 }",
            Target::AtMost {
                value: 5.0,
                unit: None,
            },
        ),
        (
            "{ chu = \" Khuyến khích \" }",
            Target::Words("Khuyến khích".into()),
        ),
    ];
    for (toml, expected) in cases {
        let plan = Fixture::new()
            .unit("a", "A")
            .indicator("c", "a", toml)
            .checked();
        assert_eq!(plan.indicators[0].target, Some(expected), "{toml}");
    }
}

#[test]
fn the_plan_has_one_date() {
    let unsigned = Fixture::new().checked();
    assert_eq!(unsigned.header.signed, None);
    assert_eq!(unsigned.header.date.short(), "01/01/2026");
    let signed = Fixture::new()
        .header("so = 28")
        .header("ngay = 2026-01-24")
        .checked();
    assert_eq!(signed.header.date.short(), "24/01/2026");
    assert_eq!(signed.header.year, 2026);
    let wrong_year = Fixture::new()
        .header("ngay = 2026-01-24")
        .header("nam = 2025");
    assert!(has(
        &wrong_year.errors(),
        "van_ban.nam: năm 2025 khác năm của ngày ký (2026)"
    ));
    let with_time = Fixture::new().header("ngay = 2026-01-24T08:00:00");
    assert!(has(
        &with_time.errors(),
        "van_ban.ngay: ngày không được kèm giờ"
    ));
}

#[test]
fn a_signed_plan_is_never_a_draft() {
    let draft = Fixture::new().header("du_thao = true").checked();
    assert!(draft.header.draft);
    let signed = Fixture::new()
        .header("du_thao = true")
        .header("so = 3")
        .header("ngay = 2026-03-02")
        .checked();
    assert!(!signed.header.draft);
}

#[test]
fn signer_authority_is_one_of_nd30() {
    let bad = Fixture::new().signer("quyen_han = \"K.T\"");
    assert!(has(
        &bad.errors(),
        "nguoi_ky.quyen_han: quyền hạn ký \"K.T\" không có trong Nghị định 30"
    ));
    let acting = Fixture::new()
        .signer("quyen_han = \"Q\"")
        .signer("chuc_vu = \"CHỦ TỊCH\"")
        .checked();
    assert_eq!(acting.signer.authority, Some(Authority::Acting));
}

#[test]
fn appendix_kinds_and_columns_are_from_the_schema() {
    let unknown = Fixture::new().appendix("x", "bang", "");
    assert!(has(
        &unknown.errors(),
        "phu_luc[1].loai: không có loại phụ lục \"bang\""
    ));
    let base = Fixture::new()
        .unit("a", "A")
        .indicator("c", "a", "{ ty_le = 1 }");
    let typo = base
        .clone()
        .appendix("x", "chi-tieu", "cot = [\"stt\", \"tenn\"]");
    let d = typo.diagnostics();
    let e = d
        .iter()
        .find(|d| d.key.as_deref() == Some("phu_luc[1].cot"))
        .unwrap();
    assert_eq!(e.message, "không có cột \"tenn\"");
    assert_eq!(e.help.as_deref(), Some("có phải ý bạn là \"ten\"?"));
    let fixed = base.clone().appendix("x", "can-bo", "cot = [\"stt\"]");
    assert!(has(
        &fixed.errors(),
        "phu_luc[1].cot: phụ lục loại \"can-bo\" có cột cố định"
    ));
    let chosen = base
        .clone()
        .appendix(
            "x",
            "chi-tieu",
            "cot = [\"ten\", \"phan_cong\"]\nten_cot = { ten = \" Nội dung \" }",
        )
        .checked();
    let AppendixTable::Indicators(columns) = &chosen.appendices[0].table else {
        panic!("{:?}", chosen.appendices[0].table)
    };
    let cells: Vec<_> = columns.iter().map(|c| c.cell).collect();
    assert_eq!(cells, [IndicatorColumn::Name, IndicatorColumn::Assignment]);
    assert_eq!(columns[0].title, "Nội dung");
    assert_eq!(columns[1].title, "Phân công nhiệm vụ");
}

#[test]
fn task_tables_take_their_defaults_and_titles_per_kind() {
    let plan = Fixture::new()
        .unit("a", "A")
        .table("[[nhiem_vu]]\nten = \"Rà soát\"\nchu_tri = \"a\"\nkinh_phi = 1.5")
        .appendix("nv", "nhiem-vu", "")
        .appendix("kp", "kinh-phi", "")
        .checked();
    let titles = |i: usize| match &plan.appendices[i].table {
        AppendixTable::Tasks { columns, .. } => columns
            .iter()
            .map(|c| (c.cell, c.title.clone()))
            .collect::<Vec<_>>(),
        other => panic!("{other:?}"),
    };
    let nv = titles(0);
    assert_eq!(nv.len(), 5);
    assert_eq!(nv[1], (TaskColumn::Name, "Nhiệm vụ".to_owned()));
    assert_eq!(nv[4], (TaskColumn::Time, "Thời gian".to_owned()));
    let kp = titles(1);
    assert_eq!(kp.len(), 7);
    assert_eq!(kp[1], (TaskColumn::Name, "Tên nhiệm vụ".to_owned()));
    assert_eq!(kp[5].0, TaskColumn::Budget);
    assert_eq!(kp[6], (TaskColumn::Time, "Thời gian hoàn thành".to_owned()));
}

#[test]
fn an_appendix_link_to_nowhere_is_an_error() {
    let f = Fixture::new().table("[[phan]]\ntieu_de = \"A\"\nnoi_dung = \"Xem [](#khong-co).\"");
    assert!(has(
        &f.errors(),
        "phan[1].noi_dung: tham chiếu tới phụ lục không có: \"#khong-co\""
    ));
}

#[test]
fn unit_references_resolve_to_the_registry() {
    let plan = Fixture::new()
        .unit("a", "A")
        .unit("b", "B")
        .unit("p", "P")
        .table(
            "[[chi_tieu]]\nid = \"c\"\nten = \"C\"\nchu_tri = [\"b\", \"a\"]\nphoi_hop = [\"p\"]\nchi_tieu_giao = { ty_le = 1 }",
        )
        .checked();
    let ct = &plan.indicators[0];
    let names: Vec<&str> = ct
        .lead
        .iter()
        .map(|id| plan.unit(*id).name.as_str())
        .collect();
    assert_eq!(names, ["B", "A"]);
    assert_eq!(plan.unit(ct.partners[0]).id, "p");
}

/// A unit is lead or partner, once. (`chu_tri = "a"`, `phoi_hop = ["a",
/// "a"]` was accepted and printed "a" as its own partner.)
#[test]
fn a_unit_is_not_its_own_partner_nor_named_twice() {
    let f = Fixture::new().unit("a", "A").unit("b", "B").table(
        "[[chi_tieu]]\nid = \"c\"\nten = \"C\"\nchu_tri = [\"a\", \"a\"]\nphoi_hop = [\"a\", \"b\", \"b\"]\nchi_tieu_giao = { ty_le = 1 }",
    );
    let errors = f.errors();
    assert!(
        has(
            &errors,
            "chi_tieu[1].chu_tri: đơn vị \"a\" ghi hai lần trong `chu_tri`"
        ),
        "{errors:?}"
    );
    assert!(
        has(
            &errors,
            "chi_tieu[1].phoi_hop: đơn vị \"a\" đã là đơn vị chủ trì, không thể đồng thời phối hợp"
        ),
        "{errors:?}"
    );
    assert!(
        has(
            &errors,
            "chi_tieu[1].phoi_hop: đơn vị \"b\" ghi hai lần trong `phoi_hop`"
        ),
        "{errors:?}"
    );
}

#[test]
fn a_group_split_in_two_is_refused() {
    let f = Fixture::new()
        .unit("a", "A")
        .table("[[nhom_chi_tieu]]\nid = \"g1\"\nten = \"G1\"\n\n[[nhom_chi_tieu]]\nid = \"g2\"\nten = \"G2\"")
        .table("[[chi_tieu]]\nid = \"c1\"\nten = \"1\"\nnhom = \"g1\"\nchu_tri = \"a\"\nchi_tieu_giao = { ty_le = 1 }")
        .table("[[chi_tieu]]\nid = \"c2\"\nten = \"2\"\nnhom = \"g2\"\nchu_tri = \"a\"\nchi_tieu_giao = { ty_le = 1 }")
        .table("[[chi_tieu]]\nid = \"c3\"\nten = \"3\"\nnhom = \"g1\"\nchu_tri = \"a\"\nchi_tieu_giao = { ty_le = 1 }");
    assert!(has(
        &f.errors(),
        "chi_tieu[3].nhom: các chỉ tiêu của nhóm \"g1\" không liền nhau"
    ));
}

#[test]
fn a_month_without_a_day_is_kept_and_checked() {
    let ok = Fixture::new().header("thang = 12");
    assert_eq!(ok.errors(), Vec::<String>::new());
    assert_eq!(ok.checked().header.month, Some(12));
    let bad = Fixture::new().header("thang = 13");
    assert!(
        has(&bad.errors(), "van_ban.thang: tháng 13 không có"),
        "{:?}",
        bad.errors()
    );
    let signed = Fixture::new()
        .header("ngay = 2026-01-24")
        .header("thang = 1");
    assert!(
        has(
            &signed.errors(),
            "van_ban.thang: đã có ngày ký thì không ghi riêng tháng"
        ),
        "{:?}",
        signed.errors()
    );
}

#[test]
fn the_sub_item_style_is_one_of_two() {
    use super::checked::SubItemStyle;
    let plan = Fixture::new()
        .header("muc_con = \"so\"")
        .table("[[phan]]\ntieu_de = \"A\"\n[[phan]]\ntieu_de = \"B\"\nmuc_con = \"chu\"");
    let checked = plan.checked();
    assert_eq!(checked.sections[0].sub_items, SubItemStyle::Decimal);
    assert_eq!(checked.sections[1].sub_items, SubItemStyle::Letter);
    let bad = Fixture::new().header("muc_con = \"la-ma\"");
    let d = bad.diagnostics();
    let e = d
        .iter()
        .find(|d| d.key.as_deref() == Some("van_ban.muc_con"))
        .expect("an error at muc_con");
    assert_eq!(e.message, "không có cách đánh số mục con \"la-ma\"");
    assert!(e.help.as_deref().unwrap().contains("muc_con = \"so\""));
}

#[test]
fn strict_bounds_and_milestone_notes_are_targets() {
    let f = Fixture::new()
        .unit("a", "A")
        .indicator("c", "a", "{ tren = 92 }")
        .table(
            "[[chi_tieu]]\nid = \"d\"\nten = \"D\"\nchu_tri = \"a\"\nmoc = [{ nam = 2030, gia_tri = { duoi = 5, don_vi = \"vụ\" }, ghi_chu = \"5G\" }]",
        );
    assert_eq!(f.errors(), Vec::<String>::new());
    let checked = f.checked();
    assert_eq!(
        checked.indicators[0].target,
        Some(Target::Above {
            value: 92.0,
            unit: None
        })
    );
    let m = &checked.indicators[1].milestones[0];
    assert_eq!(
        m.target,
        Target::Below {
            value: 5.0,
            unit: Some("vụ".into())
        }
    );
    assert_eq!(m.note.as_deref(), Some("5G"));
    let over = Fixture::new()
        .unit("a", "A")
        .indicator("c", "a", "{ tren = 120 }");
    assert!(has(
        &over.errors(),
        "chi_tieu[1].chi_tieu_giao.tren: tỷ lệ 120% vượt quá 100%"
    ));
}

#[test]
fn a_milestone_table_keeps_its_years_and_refuses_too_many() {
    let moc: Vec<String> = (0..20)
        .map(|i| format!("{{ nam = {}, gia_tri = {{ ty_le = 50 }} }}", 2026 + i))
        .collect();
    let many = Fixture::new()
        .unit("a", "A")
        .table(&format!(
            "[[chi_tieu]]\nid = \"c\"\nten = \"C\"\nchu_tri = \"a\"\nmoc = [{}]",
            moc.join(", ")
        ))
        .appendix("moc", "moc", "");
    let d = many.diagnostics();
    let e = d
        .iter()
        .find(|d| d.key.as_deref() == Some("phu_luc[1].loai"))
        .expect("an error at the appendix");
    assert_eq!(
        e.message,
        "bảng mốc có 20 năm mốc, một trang ngang chỉ in rõ được 8"
    );
    let no_years = Fixture::new()
        .unit("a", "A")
        .table("[[chi_tieu]]\nid = \"c\"\nten = \"C\"\nchu_tri = \"a\"\nmoc = [{ nam = 2030, gia_tri = { ty_le = 5 } }]")
        .appendix("moc", "moc", "cot = [\"stt\", \"ten\", \"chu_tri\"]");
    assert!(
        has(
            &no_years.errors(),
            "phu_luc[1].cot: bảng mốc thiếu cột các năm mốc"
        ),
        "{:?}",
        no_years.errors()
    );
}
