//! The Nghị định 30 furniture of a plan: header block, title, signature
//! block with Nơi nhận, and the "(Kèm theo …)" line of appendices.

use crate::doc::{HeaderBlock, SignatureBlock};
use crate::plan::Plan;
use crate::plan::toml_date;
use crate::text::{BLANK, Date, blank_header_date};

/// "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".
pub const NATIONAL_TITLE: &str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
/// "Độc lập - Tự do - Hạnh phúc".
pub const MOTTO: &str = "Độc lập - Tự do - Hạnh phúc";

/// The signing date, if the plan has one.
pub fn signing_date(plan: &Plan) -> Option<Date> {
    plan.van_ban
        .ngay
        .as_ref()
        .and_then(|d| toml_date(d.get_ref()))
}

/// The plan's year: from the date, else `nam`.
pub fn year(plan: &Plan) -> i64 {
    signing_date(plan).map_or_else(
        || plan.van_ban.nam.as_ref().map_or(0, |n| *n.get_ref()),
        |d| i64::from(d.year),
    )
}

/// The document type in sentence case ("KẾ HOẠCH" → "Kế hoạch").
pub fn kind_name(plan: &Plan) -> String {
    let upper = kind_title(plan);
    let lower = upper.to_lowercase();
    crate::text::capitalize_first(&lower)
}

/// The document type as titled ("KẾ HOẠCH").
pub fn kind_title(plan: &Plan) -> String {
    plan.van_ban.ten_loai.as_ref().map_or_else(
        || "KẾ HOẠCH".to_owned(),
        |t| t.get_ref().trim().to_uppercase(),
    )
}

/// The header block.
pub fn header(plan: &Plan) -> HeaderBlock {
    let h = &plan.van_ban;
    let xa = h.xa.get_ref().trim();
    let issuer = match &h.co_quan {
        Some(lines) => lines
            .get_ref()
            .iter()
            .map(|l| l.trim().to_uppercase())
            .collect(),
        None => vec![
            "ỦY BAN NHÂN DÂN".to_owned(),
            format!("XÃ {}", xa.to_uppercase()),
        ],
    };
    let place = h.dia_danh.as_ref().map_or(xa, |p| p.get_ref().trim());
    let date = match signing_date(plan) {
        Some(d) => d.header_date(),
        None => blank_header_date(i32::try_from(year(plan)).unwrap_or(0)),
    };
    HeaderBlock {
        parent_body: h
            .co_quan_chu_quan
            .as_ref()
            .map(|p| p.get_ref().trim().to_uppercase()),
        issuer,
        number_line: format!("Số: {}", number_and_symbol(plan)),
        national_title: NATIONAL_TITLE.to_owned(),
        motto: MOTTO.to_owned(),
        place_date: format!("{place}, {date}"),
    }
}

/// "28/KH-UBND", "05/KH-UBND", or "      /KH-UBND" awaiting a number.
pub fn number_and_symbol(plan: &Plan) -> String {
    let symbol = plan.van_ban.ky_hieu.get_ref().trim();
    match &plan.van_ban.so {
        Some(n) => format!("{:02}/{symbol}", n.get_ref()),
        None => format!("{BLANK}/{symbol}"),
    }
}

/// "(Kèm theo Kế hoạch số 28/KH-UBND ngày 24/01/2026 của UBND xã An Nông)",
/// with blanks while the plan is unsigned.
pub fn appendix_reference(plan: &Plan) -> String {
    let xa = plan.van_ban.xa.get_ref().trim();
    let date = match signing_date(plan) {
        Some(d) => format!("ngày {}", d.short()),
        None => blank_header_date(i32::try_from(year(plan)).unwrap_or(0)),
    };
    let number = match &plan.van_ban.so {
        Some(_) => format!("số {}", number_and_symbol(plan)),
        None => format!("số: {}", number_and_symbol(plan)),
    };
    format!(
        "(Kèm theo {} {number} {date} của UBND xã {xa})",
        kind_name(plan)
    )
}

/// Signature and recipients.
pub fn signature(plan: &Plan) -> SignatureBlock {
    let mut recipients: Vec<String> = plan
        .noi_nhan
        .iter()
        .map(|r| {
            let name = r.ten.get_ref().trim().trim_end_matches([';', '.']);
            match &r.ghi_chu {
                Some(note) => format!("- {name} ({});", note.get_ref().trim()),
                None => format!("- {name};"),
            }
        })
        .collect();
    let drafter = plan
        .van_ban
        .don_vi_soan_thao
        .as_ref()
        .and_then(|id| plan.don_vi.iter().find(|u| u.id.get_ref() == id.get_ref()))
        .and_then(|u| u.viet_tat.as_ref())
        .map(|v| v.get_ref().trim().to_owned());
    recipients.push(match drafter {
        Some(short) => format!("- Lưu: VT, {short}."),
        None => "- Lưu: VT.".to_owned(),
    });
    let s = &plan.nguoi_ky;
    let position = s
        .chuc_vu
        .as_ref()
        .map(|c| c.get_ref().trim().to_uppercase());
    let mut authority = Vec::new();
    if let Some(q) = &s.quyen_han {
        let default = if q.get_ref() == "TM" {
            "ỦY BAN NHÂN DÂN"
        } else {
            "CHỦ TỊCH"
        };
        let whom = s
            .thay_mat
            .as_ref()
            .map_or_else(|| default.to_owned(), |t| t.get_ref().trim().to_uppercase());
        authority.push(format!("{}. {whom}", q.get_ref()));
    }
    authority.extend(position);
    SignatureBlock {
        recipients,
        authority,
        name: s.ho_ten.get_ref().trim().to_owned(),
    }
}
