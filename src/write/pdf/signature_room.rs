//! Where the signature and the seal go, read from the laid-out document.
//!
//! nd30.typ marks the room it leaves between the position line
//! ("PHÓ CHỦ TỊCH") and the signer's name with two labelled metadata: the
//! room's top-left corner (`<kehoach-ky-dau>`) and its bottom-right corner
//! (`<kehoach-ky-cuoi>`). After layout their positions give the room on
//! whatever page the block landed, and the two fields are placed in it as
//! ND30 (Phụ lục I, văn bản điện tử) places the images.

use typst::foundations::{Label, Selector};
use typst::utils::PicoStr;
use typst_layout::PagedDocument;

use crate::write::pdf::acroform::SignatureField;

/// The signer's field (the leader's signature image).
pub const SIGNER_FIELD: &str = "ky-nguoi-ky";
/// The organisation's field (the seal image, added by the office).
pub const SEAL_FIELD: &str = "ky-co-quan";

const MM: f64 = 72.0 / 25.4;
/// Width of the signer's field: a signature image is about 5 cm wide.
const SIGNATURE_WIDTH: f64 = 50.0 * MM;
/// Kept clear above and below the signer's field, so it never touches the
/// position line or the name.
const CLEARANCE: f64 = 1.0 * MM;
/// A commune's round seal is 35 mm across, and its image is actual size.
const SEAL_SIZE: f64 = 35.0 * MM;

/// The room left for signature and seal, in points from the page's top
/// left, as typst lays out.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Room {
    /// The page, from 0.
    pub page: usize,
    pub left: f64,
    pub top: f64,
    pub right: f64,
    pub bottom: f64,
    pub page_height: f64,
}

/// The signature room of `doc`, if it has exactly one (a plan does; an
/// appendix alone has no signature block).
pub fn signature_room(doc: &PagedDocument) -> Option<Room> {
    let corner = |name: &str| {
        let label = Label::new(PicoStr::intern(name))?;
        let found = doc.introspector().elements().query(&Selector::Label(label));
        let [element] = found.as_slice() else {
            return None;
        };
        doc.introspector().position(element.location()?)
    };
    let start = corner("kehoach-ky-dau")?;
    let end = corner("kehoach-ky-cuoi")?;
    if start.page != end.page {
        return None;
    }
    let page = start.page.get() - 1;
    let page_height = doc.pages().get(page)?.frame.size().y.to_pt();
    Some(Room {
        page,
        left: start.point.x.to_pt(),
        top: start.point.y.to_pt(),
        right: end.point.x.to_pt(),
        bottom: end.point.y.to_pt(),
        page_height,
    })
}

/// The two fields for `room`, in PDF coordinates (origin bottom left).
///
/// The signer's field is centred in the room, between the position line
/// and the name. The seal's field is the seal's actual size, centred on the
/// same line, and covers about the left third of the signer's field, as
/// ND30 puts the seal over the left third of the signature; it is kept
/// inside the signature column, clear of "Nơi nhận".
pub fn signature_fields(room: &Room) -> [SignatureField; 2] {
    let centre_x = (room.left + room.right) / 2.0;
    let centre_y = (room.top + room.bottom) / 2.0;
    let width = SIGNATURE_WIDTH.min(room.right - room.left);
    let height = (room.bottom - room.top - 2.0 * CLEARANCE).max(0.0);
    let signer = [
        centre_x - width / 2.0,
        centre_y - height / 2.0,
        centre_x + width / 2.0,
        centre_y + height / 2.0,
    ];
    let seal_right = (signer[0] + width / 3.0).max(room.left + SEAL_SIZE);
    let seal = [
        seal_right - SEAL_SIZE,
        centre_y - SEAL_SIZE / 2.0,
        seal_right,
        centre_y + SEAL_SIZE / 2.0,
    ];
    let to_pdf = |[left, top, right, bottom]: [f64; 4]| {
        [
            left,
            room.page_height - bottom,
            right,
            room.page_height - top,
        ]
    };
    [
        SignatureField {
            name: SIGNER_FIELD,
            description: "Chữ ký số của người có thẩm quyền",
            page: room.page,
            rect: to_pdf(signer),
        },
        SignatureField {
            name: SEAL_FIELD,
            description: "Chữ ký số của cơ quan (hình ảnh con dấu)",
            page: room.page,
            rect: to_pdf(seal),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The room of an A4 plan: right half of the text block, 25 mm high.
    fn room() -> Room {
        let left = 30.0 * MM + 82.5 * MM;
        Room {
            page: 2,
            left,
            top: 500.0,
            right: left + 82.5 * MM,
            bottom: 500.0 + 25.0 * MM,
            page_height: 297.0 * MM,
        }
    }

    #[test]
    fn signer_is_centred_between_position_and_name() {
        let r = room();
        let [signer, _] = signature_fields(&r);
        let [left, bottom, right, top] = signer.rect;
        assert!(((left + right) / 2.0 - (r.left + r.right) / 2.0).abs() < 1e-9);
        assert!((r.page_height - top - (r.top + CLEARANCE)).abs() < 1e-9);
        assert!((r.page_height - bottom - (r.bottom - CLEARANCE)).abs() < 1e-9);
        assert!((right - left - SIGNATURE_WIDTH).abs() < 1e-9);
        assert_eq!(signer.page, 2);
    }

    #[test]
    fn seal_covers_about_the_left_third_of_the_signature() {
        let [signer, seal] = signature_fields(&room());
        let width = signer.rect[2] - signer.rect[0];
        let overlap = seal.rect[2] - signer.rect[0];
        let share = overlap / width;
        assert!((0.3..=0.45).contains(&share), "seal covers {share:.2}");
        assert!(
            seal.rect[0] >= room().left - 1e-9,
            "seal stays in the column"
        );
        assert!((seal.rect[3] - seal.rect[1] - SEAL_SIZE).abs() < 1e-9);
        let centre = |r: [f64; 4]| (r[1] + r[3]) / 2.0;
        assert!((centre(seal.rect) - centre(signer.rect)).abs() < 1e-9);
    }
}
