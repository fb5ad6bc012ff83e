//! `[van_ban]`: the document's identity, checked into a [`Header`].

use super::checked::{Header, SubItemStyle};
use super::values::{Found, trimmed, year_help};
use crate::diagnostic::Diagnostic;
use crate::limits::LIMITS;
use crate::plan::Plan;
use crate::templates::Templates;
use crate::text::Date;

/// What `[van_ban]` gives the checked plan.
pub(super) struct HeaderPart {
    /// The template kind (a folder of the template set that exists).
    pub kind: String,
    /// The drafting unit's abbreviation (`drafter`) is the units' to check,
    /// so [`super::units`] fills it in.
    pub header: Header,
    /// How the parts number their `##` sub-items unless they say.
    pub sub_items: Option<SubItemStyle>,
}

/// The header; `None` when one of its facts cannot be known (reported).
pub(super) fn header(found: &mut Found, plan: &Plan, templates: &Templates) -> Option<HeaderPart> {
    let h = &plan.van_ban;
    if !templates.has_kind(h.loai.get_ref()) {
        let kinds = templates.kinds();
        let help = match crate::plan::did_you_mean(h.loai.get_ref(), &kinds) {
            Some(best) => format!("có phải ý bạn là \"{best}\"? (xem `kehoach templates`)"),
            None => format!("các loại có sẵn: {}", kinds.join(", ")),
        };
        found.error(
            format!("không có loại kế hoạch \"{}\"", h.loai.get_ref()),
            h.loai.span(),
            "van_ban.loai",
            help,
        );
    }
    let commune = found.required(&h.xa, "van_ban.xa");
    let excerpt = found.required(&h.trich_yeu, "van_ban.trich_yeu");
    let place = found.optional_required(&h.dia_danh, "van_ban.dia_danh");
    let type_name = found.optional_required(&h.ten_loai, "van_ban.ten_loai");
    let symbol = h.ky_hieu.get_ref();
    let symbol_ok = !symbol.is_empty()
        && symbol
            .chars()
            .all(|ch| ch.is_uppercase() || ch.is_ascii_digit() || ch == '-' || ch == 'Đ');
    if !symbol_ok {
        found.error(
            format!("ký hiệu văn bản \"{symbol}\" không đúng dạng"),
            h.ky_hieu.span(),
            "van_ban.ky_hieu",
            "ký hiệu viết in hoa, các nhóm nối bằng \"-\", không có khoảng trắng, ví dụ \"KH-UBND\"",
        );
    }
    if let Some(lines) = &h.co_quan
        && (lines.get_ref().is_empty() || lines.get_ref().iter().any(|l| l.trim().is_empty()))
    {
        found.error(
            "tên cơ quan ban hành có dòng trống",
            lines.span(),
            "van_ban.co_quan",
            "bỏ khóa này để dùng mặc định \"ỦY BAN NHÂN DÂN\" / \"XÃ …\"",
        );
    }
    if let Some(number) = &h.so
        && *number.get_ref() <= 0
    {
        found.error(
            "số văn bản phải là số dương",
            number.span(),
            "van_ban.so",
            "bỏ khóa `so` nếu văn bản chưa lấy số",
        );
    }
    // A date that is given but impossible is reported, and the header has
    // no signing date to be built with.
    let signed = h.ngay.as_ref().map(|d| found.date(d, "van_ban.ngay"));
    let year = match (&h.nam, signed) {
        (Some(year), _) if !LIMITS.years.contains(year.get_ref()) => {
            found.error(
                format!("năm {} không hợp lý", year.get_ref()),
                year.span(),
                "van_ban.nam",
                year_help(),
            );
            None
        }
        (Some(year), Some(Some(date))) if i64::from(date.year) != *year.get_ref() => {
            found.error(
                format!(
                    "năm {} khác năm của ngày ký ({})",
                    year.get_ref(),
                    date.year
                ),
                year.span(),
                "van_ban.nam",
                "bỏ khóa `nam` khi đã có `ngay`, hoặc sửa cho khớp",
            );
            None
        }
        (None, None) => {
            found.out.push(
                Diagnostic::error("thiếu năm của kế hoạch", Some(plan.header_span.clone()))
                    .with_key("van_ban.nam")
                    .with_help("thêm `nam = 2026` (khi chưa có ngày ký) hoặc `ngay = 2026-01-24` vào [van_ban]"),
            );
            None
        }
        (_, Some(Some(date))) => Some(date.year),
        (_, Some(None)) => None,
        (Some(year), None) => i32::try_from(*year.get_ref()).ok(),
    };
    let month = match &h.thang {
        Some(month) if h.ngay.is_some() => {
            found.error(
                "đã có ngày ký thì không ghi riêng tháng",
                month.span(),
                "van_ban.thang",
                "bỏ khóa `thang`: tháng lấy từ `ngay`; `thang` chỉ dùng khi chưa có ngày ký",
            );
            None
        }
        Some(month) => match u8::try_from(*month.get_ref()) {
            Ok(m) if (1..=12).contains(&m) => Some(Some(m)),
            _ => {
                found.error(
                    format!("tháng {} không có", month.get_ref()),
                    month.span(),
                    "van_ban.thang",
                    "viết tháng là số từ 1 đến 12, ví dụ thang = 12",
                );
                None
            }
        },
        None => Some(None),
    };
    let sub_items = sub_item_style(found, h.muc_con.as_ref(), "van_ban.muc_con");
    if let Some(num) = &h.so
        && h.ngay.is_none()
        && *num.get_ref() > 0
    {
        found.out.push(
            Diagnostic::warning("văn bản có số nhưng chưa có ngày ký", Some(num.span()))
                .with_key("van_ban.so")
                .with_help("thêm `ngay = …` hoặc bỏ `so` cho đến khi ký"),
        );
    }
    let (year, month, sub_items) = (year?, month?, sub_items?);
    let signed = signed.unwrap_or(None);
    let numbered_and_dated = h.so.is_some() && h.ngay.is_some();
    let header = Header {
        commune,
        province: h.tinh.as_ref().map(trimmed),
        parent_body: h.co_quan_chu_quan.as_ref().map(trimmed),
        issuer: h.co_quan.as_ref().map(|lines| {
            lines
                .get_ref()
                .iter()
                .map(|l| l.trim().to_owned())
                .collect()
        }),
        number: h.so.as_ref().map(|n| *n.get_ref()),
        symbol: trimmed(&h.ky_hieu),
        place,
        signed,
        year,
        month,
        issued_with: h.ban_hanh_kem_theo.as_ref().is_some_and(|b| *b.get_ref()),
        date: match signed {
            Some(date) => date,
            None => Date::new(year, month.unwrap_or(1), 1)?,
        },
        type_name,
        excerpt,
        draft: h.du_thao.as_ref().is_some_and(|d| *d.get_ref()) && !numbered_and_dated,
        drafter: None,
    };
    Some(HeaderPart {
        kind: h.loai.get_ref().clone(),
        header,
        sub_items,
    })
}

/// `muc_con` names one of the two numbering styles of `##` sub-items;
/// `None` when it names another (reported).
pub(super) fn sub_item_style(
    found: &mut Found,
    style: Option<&toml::Spanned<String>>,
    key: &str,
) -> Option<Option<SubItemStyle>> {
    let Some(style) = style else {
        return Some(None);
    };
    match SubItemStyle::from_key(style.get_ref()) {
        Some(known) => Some(Some(known)),
        None => {
            found.error(
                format!("không có cách đánh số mục con \"{}\"", style.get_ref()),
                style.span(),
                key,
                "viết muc_con = \"so\" (5.1., 5.2. …) hoặc muc_con = \"chu\" (a), b) …)",
            );
            None
        }
    }
}
