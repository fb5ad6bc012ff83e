//! `[nguoi_ky]` and `[[noi_nhan]]`: who signs, with what authority, and
//! who receives the plan.

use super::checked::{Recipient, Signer};
use super::values::{Found, trimmed};
use crate::plan::Plan;
use crate::plan::schema::Authority;

/// The signer; `None` for an authority Nghị định 30 does not have
/// (reported).
pub(super) fn signer(found: &mut Found, plan: &Plan) -> Option<Signer> {
    let s = &plan.nguoi_ky;
    let name = found.required(&s.ho_ten, "nguoi_ky.ho_ten");
    let position = found.optional_required(&s.chuc_vu, "nguoi_ky.chuc_vu");
    let principal = found.optional_required(&s.thay_mat, "nguoi_ky.thay_mat");
    let authority = match &s.quyen_han {
        Some(q) => match Authority::from_key(q.get_ref()) {
            None => {
                let keys: Vec<&str> = Authority::ALL.iter().map(|a| a.key()).collect();
                found.error(
                    format!(
                        "quyền hạn ký \"{}\" không có trong Nghị định 30",
                        q.get_ref()
                    ),
                    q.span(),
                    "nguoi_ky.quyen_han",
                    format!(
                        "dùng một trong: {} (không có dấu chấm), hoặc bỏ khóa khi Chủ tịch ký",
                        keys.join(", ")
                    ),
                );
                None
            }
            Some(authority) => {
                if authority.needs_position() && s.chuc_vu.is_none() {
                    found.error(
                        format!("ký {}. cần chức vụ của người ký", q.get_ref()),
                        q.span(),
                        "nguoi_ky.chuc_vu",
                        "thêm `chuc_vu = \"PHÓ CHỦ TỊCH\"`",
                    );
                }
                Some(Some(authority))
            }
        },
        None => {
            if s.chuc_vu.is_none() {
                found.error(
                    "người ký chưa có chức vụ",
                    s.ho_ten.span(),
                    "nguoi_ky.chuc_vu",
                    "thêm `chuc_vu = \"CHỦ TỊCH\"`",
                );
            }
            Some(None)
        }
    };
    Some(Signer {
        authority: authority?,
        principal,
        position,
        name,
    })
}

/// The recipients ("Nơi nhận").
pub(super) fn recipients(found: &mut Found, plan: &Plan) -> Vec<Recipient> {
    plan.noi_nhan
        .iter()
        .enumerate()
        .map(|(i, r)| Recipient {
            name: found.required(&r.ten, &format!("noi_nhan[{}].ten", i + 1)),
            note: r.ghi_chu.as_ref().map(trimmed),
        })
        .collect()
}
