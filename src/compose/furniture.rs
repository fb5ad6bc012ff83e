//! The Nghị định 30 furniture of a plan: header block, title, signature
//! block with Nơi nhận, and the "(Kèm theo …)" line of appendices.

use crate::check::CheckedPlan;
use crate::check::checked::Header;
use crate::doc::{HeaderBlock, SignatureBlock};
use crate::text::{BLANK, blank_header_date, month_header_date};

/// "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".
pub const NATIONAL_TITLE: &str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
/// "Độc lập - Tự do - Hạnh phúc".
pub const MOTTO: &str = "Độc lập - Tự do - Hạnh phúc";
/// The heading of the recipients beside the signature.
pub const RECIPIENTS_LABEL: &str = "Nơi nhận:";

/// The document type in sentence case ("KẾ HOẠCH" → "Kế hoạch").
pub(super) fn kind_name(header: &Header) -> String {
    let upper = kind_title(header);
    let lower = upper.to_lowercase();
    crate::text::capitalize_first(&lower)
}

/// The document type as titled ("KẾ HOẠCH").
pub(super) fn kind_title(header: &Header) -> String {
    header
        .type_name
        .as_ref()
        .map_or_else(|| "KẾ HOẠCH".to_owned(), |t| t.to_uppercase())
}

/// The header block.
pub(super) fn header(plan: &CheckedPlan) -> HeaderBlock {
    let h = &plan.header;
    let xa = h.commune.as_str();
    let issuer = match &h.issuer {
        Some(lines) => lines.iter().map(|l| l.to_uppercase()).collect(),
        None => vec![
            "ỦY BAN NHÂN DÂN".to_owned(),
            format!("XÃ {}", xa.to_uppercase()),
        ],
    };
    let place = h.place.as_deref().unwrap_or(xa);
    let date = match h.signed {
        Some(d) => d.header_date(),
        None => unsigned_date(plan),
    };
    HeaderBlock {
        parent_body: h.parent_body.as_ref().map(|p| p.to_uppercase()),
        issuer,
        number_line: format!("Số: {}", number_and_symbol(h.number, &h.symbol)),
        national_title: NATIONAL_TITLE.to_owned(),
        motto: MOTTO.to_owned(),
        place_date: format!("{place}, {date}"),
    }
}

/// "28/KH-UBND", "05/KH-UBND", or "      /KH-UBND" awaiting a number.
pub(super) fn number_and_symbol(number: Option<i64>, symbol: &str) -> String {
    match number {
        Some(n) => format!("{n:02}/{symbol}"),
        None => format!("{BLANK}/{symbol}"),
    }
}

/// "(Kèm theo Kế hoạch số 28/KH-UBND ngày 24/01/2026 của UBND xã An Nông)",
/// with blanks while the plan is unsigned.
pub(super) fn appendix_reference(plan: &CheckedPlan) -> String {
    let h = &plan.header;
    let date = match h.signed {
        Some(d) => format!("ngày {}", d.short()),
        None => unsigned_date(plan),
    };
    let number = match h.number {
        Some(_) => format!("số {}", number_and_symbol(h.number, &h.symbol)),
        None => format!("số: {}", number_and_symbol(h.number, &h.symbol)),
    };
    let with = if h.issued_with {
        "Ban hành kèm theo"
    } else {
        "Kèm theo"
    };
    format!(
        "({with} {} {number} {date} của UBND xã {})",
        kind_name(h),
        h.commune
    )
}

/// The date line of an unsigned plan: day blank, the month if the plan
/// gives it ("ngày      tháng 12 năm 2025"), else blank too.
fn unsigned_date(plan: &CheckedPlan) -> String {
    let h = &plan.header;
    match h.month {
        Some(month) => month_header_date(h.year, month),
        None => blank_header_date(h.year),
    }
}

/// Signature and recipients.
pub(super) fn signature(plan: &CheckedPlan) -> SignatureBlock {
    let mut recipients: Vec<String> = plan
        .recipients
        .iter()
        .map(|r| {
            let name = r.name.trim_end_matches([';', '.']);
            match &r.note {
                Some(note) => format!("- {name} ({note});"),
                None => format!("- {name};"),
            }
        })
        .collect();
    recipients.push(match &plan.header.drafter {
        Some(short) => format!("- Lưu: VT, {short}."),
        None => "- Lưu: VT.".to_owned(),
    });
    let s = &plan.signer;
    let mut authority = Vec::new();
    if let Some(q) = s.authority {
        let whom = s
            .principal
            .as_ref()
            .map_or_else(|| q.default_principal().to_owned(), |t| t.to_uppercase());
        authority.push(format!("{}. {whom}", q.key()));
    }
    authority.extend(s.position.as_ref().map(|p| p.to_uppercase()));
    SignatureBlock {
        recipients_label: RECIPIENTS_LABEL.to_owned(),
        recipients,
        authority,
        name: s.name.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::fixture::Fixture;

    #[test]
    fn an_unsigned_plan_leaves_number_and_date_blank() {
        let plan = Fixture::new().checked();
        let h = header(&plan);
        assert_eq!(h.issuer, ["ỦY BAN NHÂN DÂN", "XÃ QUẢNG NGỌC"]);
        assert_eq!(h.number_line, format!("Số: {BLANK}/KH-UBND"));
        assert!(
            h.place_date.starts_with("Quảng Ngọc, ngày"),
            "{}",
            h.place_date
        );
        assert!(h.place_date.ends_with("năm 2026"), "{}", h.place_date);
        let reference = appendix_reference(&plan);
        assert!(
            reference.starts_with("(Kèm theo Kế hoạch số: "),
            "{reference}"
        );
        assert!(
            reference.ends_with("của UBND xã Quảng Ngọc)"),
            "{reference}"
        );
    }

    #[test]
    fn a_signed_plan_prints_number_and_date() {
        let plan = Fixture::new()
            .header("so = 5")
            .header("ngay = 2026-01-24")
            .header("nam = 2026")
            .checked();
        assert_eq!(header(&plan).number_line, "Số: 05/KH-UBND");
        assert_eq!(
            header(&plan).place_date,
            "Quảng Ngọc, ngày 24 tháng 01 năm 2026"
        );
        assert_eq!(
            appendix_reference(&plan),
            "(Kèm theo Kế hoạch số 05/KH-UBND ngày 24/01/2026 của UBND xã Quảng Ngọc)"
        );
    }

    #[test]
    fn authority_and_recipients_follow_nd30() {
        let plan = Fixture::new()
            .unit("vhxh", "Phòng Văn hóa - Xã hội")
            .table("[[don_vi]]\nid = \"vp\"\nten = \"Văn phòng\"\nviet_tat = \"VP\"")
            .header("don_vi_soan_thao = \"vp\"")
            .signer("quyen_han = \"KT\"")
            .signer("chuc_vu = \"phó chủ tịch\"")
            .table("[[noi_nhan]]\nten = \"Sở Nội vụ;\"\nghi_chu = \"b/c\"")
            .checked();
        let s = signature(&plan);
        assert_eq!(s.authority, ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]);
        assert_eq!(s.recipients, ["- Sở Nội vụ (b/c);", "- Lưu: VT, VP."]);
        let tm = Fixture::new().signer("quyen_han = \"TM\"").checked();
        assert_eq!(
            signature(&tm).authority,
            ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
        );
    }
}
