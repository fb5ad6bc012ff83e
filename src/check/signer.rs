//! `[nguoi_ky]` and `[[noi_nhan]]`: who signs, with what authority, and
//! who receives the plan.

use super::checked::{Recipient, Signer};
use super::values::Found;
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

/// The recipients ("Nơi nhận"), a line joined to the one above it
/// (`gop_voi_tren`) in the entry of that one, under its note.
pub(super) fn recipients(found: &mut Found, plan: &Plan) -> Vec<Recipient> {
    let mut out: Vec<Recipient> = Vec::new();
    for (i, r) in plan.noi_nhan.iter().enumerate() {
        let key = format!("noi_nhan[{}]", i + 1);
        let name = found.required(&r.ten, &format!("{key}.ten"));
        let note = found.optional_required(&r.ghi_chu, &format!("{key}.ghi_chu"));
        let joined = r.gop_voi_tren.as_ref().filter(|j| *j.get_ref());
        let Some(joined) = joined else {
            out.push(Recipient {
                names: vec![name],
                note,
            });
            continue;
        };
        let Some(entry) = out.last_mut() else {
            found.error(
                "dòng nơi nhận đầu tiên không có dòng trên để gộp",
                joined.span(),
                &format!("{key}.gop_voi_tren"),
                "bỏ `gop_voi_tren` ở dòng này; các dòng sau gộp vào nó",
            );
            // The lines after it are checked against it still.
            out.push(Recipient {
                names: vec![name],
                note,
            });
            continue;
        };
        if let Some(own) = &r.ghi_chu {
            found.error(
                "dòng gộp với dòng trên không có ghi chú riêng: cả nhóm chung một ghi chú",
                own.span(),
                &format!("{key}.ghi_chu"),
                "bỏ `ghi_chu` ở dòng này; ghi chú chung của nhóm ghi ở dòng đầu nhóm",
            );
        }
        if entry.note.is_none() && entry.names.len() == 1 {
            let first = i - entry.names.len();
            found.error(
                "nhóm nơi nhận gộp dưới dấu ngoặc chưa có ghi chú chung",
                plan.noi_nhan[first].ten.span(),
                &format!("noi_nhan[{}].ghi_chu", first + 1),
                "thêm `ghi_chu = \"để b/c\"` (ghi chú in sau dấu ngoặc) vào dòng đầu nhóm",
            );
        }
        entry.names.push(name);
    }
    out
}
