//! The back of a plan: "Nơi nhận" and its recipients (the last, "Lưu: VT,
//! …", names the drafting office), and the signature block (authority,
//! position, name).

use crate::import::blocks::Origin;
use crate::import::draft::{Recipient, Signer};
use crate::import::report::Report;
use crate::plan::schema::Authority;

use super::flow::Line;
use super::words::{fold, is_upper, squash};

/// What the back matter said.
#[derive(Debug, Default)]
pub struct Back {
    pub recipients: Vec<Recipient>,
    /// The abbreviation after "Lưu: VT," ("VHXH"), and where.
    pub drafter: Option<(String, Origin)>,
    pub signer: Signer,
    pub signer_origin: Option<Origin>,
    /// Lines no key holds ("(Đã ký)"), kept for the file's comments.
    pub unplaced: Vec<String>,
}

/// Reads the lines from "Nơi nhận:" to the first appendix.
pub fn back(lines: &[&Line], report: &mut Report) -> Back {
    let mut back = Back::default();
    let mut positions: Vec<String> = Vec::new();
    let mut name: Option<String> = None;
    for line in lines {
        let text = line.text.trim();
        let folded = fold(text);
        if folded.starts_with("noi nhan") {
            // "Nơi nhận: - Sở …" on one line.
            let rest = text.split_once(':').map_or("", |(_, r)| r).trim();
            if let Some(r) = recipient(rest) {
                back.recipients.push(r);
            }
            continue;
        }
        let bare = text.trim_start_matches(['-', '–', '+', '•']).trim();
        if fold(bare).starts_with("luu") && bare.contains(':') {
            let rest = bare.split_once(':').map_or("", |(_, r)| r);
            let parts: Vec<&str> = rest
                .split([',', '.', ';'])
                .map(str::trim)
                .filter(|p| !p.is_empty() && *p != "VT")
                .collect();
            if let Some(abbreviation) = parts.first() {
                back.drafter = Some(((*abbreviation).to_owned(), line.origin));
            }
            continue;
        }
        if text.starts_with(['-', '–', '+', '•']) {
            if let Some(r) = recipient(bare) {
                back.recipients.push(r);
            }
            continue;
        }
        if let Some((authority, principal)) = authority_line(text) {
            back.signer.authority = Some(authority.key().to_owned());
            if principal != authority.default_principal() {
                back.signer.principal = Some(principal);
            }
            back.signer_origin.get_or_insert(line.origin);
            continue;
        }
        if is_upper(text) && text.chars().count() <= 40 {
            positions.push(squash(text));
            back.signer_origin.get_or_insert(line.origin);
            continue;
        }
        if name.is_none() && is_person(text) {
            name = Some(squash(text));
            back.signer_origin.get_or_insert(line.origin);
            continue;
        }
        report.prose(
            format!("dòng ở khối chữ ký không rõ là gì, giữ ở ghi chú cuối tệp: \"{text}\""),
            Some(line.origin),
        );
        back.unplaced.push(text.to_owned());
    }
    back.signer.position = positions.first().cloned();
    if positions.len() > 1 {
        report.guess(
            format!("người ký có nhiều dòng chức vụ; lấy \"{}\"", positions[0]),
            back.signer_origin,
        );
    }
    let needs_position = back
        .signer
        .authority
        .as_deref()
        .and_then(Authority::from_key)
        .is_some_and(Authority::needs_position);
    if back.signer.position.is_none() {
        if needs_position {
            back.signer.position = Some("PHÓ CHỦ TỊCH".into());
            report.guess(
                "không thấy chức vụ người ký; ghi \"PHÓ CHỦ TỊCH\"",
                back.signer_origin,
            );
        } else if back.signer.authority.is_none() {
            back.signer.position = Some("CHỦ TỊCH".into());
            report.guess(
                "không thấy chức vụ người ký; ghi \"CHỦ TỊCH\"",
                back.signer_origin,
            );
        }
    }
    match name {
        Some(name) => {
            back.signer.name = name;
            let signer = &back.signer;
            let principal = signer
                .authority
                .as_deref()
                .and_then(Authority::from_key)
                .map(|a| {
                    signer
                        .principal
                        .clone()
                        .unwrap_or_else(|| a.default_principal().to_owned())
                });
            report.found(
                format!(
                    "người ký: {}{}{}",
                    signer
                        .authority
                        .as_deref()
                        .map(|a| format!("{a}. {} / ", principal.clone().unwrap_or_default()))
                        .unwrap_or_default(),
                    signer
                        .position
                        .as_deref()
                        .map(|p| format!("{p} / "))
                        .unwrap_or_default(),
                    signer.name
                ),
                back.signer_origin,
            );
        }
        None => {
            back.signer.name = "(điền họ tên người ký)".into();
            report.guess(
                "không thấy tên người ký; điền ở nguoi_ky.ho_ten",
                back.signer_origin,
            );
        }
    }
    back
}

/// "KT. CHỦ TỊCH" → (KT, "CHỦ TỊCH").
fn authority_line(text: &str) -> Option<(Authority, String)> {
    let (head, rest) = text.split_once('.')?;
    let authority = Authority::from_key(head.trim())?;
    let principal = squash(rest);
    (!principal.is_empty() && is_upper(&principal)).then_some((authority, principal))
}

/// A person's name: two to six capitalised words, no digits.
fn is_person(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    (2..=6).contains(&words.len())
        && words.iter().all(|w| {
            let mut chars = w.chars();
            chars.next().is_some_and(char::is_uppercase) && chars.all(char::is_lowercase)
        })
}

/// "Sở Khoa học và Công nghệ tỉnh (b/c);" → name and note.
fn recipient(text: &str) -> Option<Recipient> {
    let text = squash(text);
    let text = text.trim().trim_end_matches([';', '.', ',']).trim();
    if text.is_empty() {
        return None;
    }
    if let Some(open) = text.rfind('(')
        && text.ends_with(')')
        && open > 0
    {
        let note = text[open + 1..text.len() - 1].trim();
        return Some(Recipient {
            name: text[..open].trim().to_owned(),
            note: (!note.is_empty()).then(|| note.to_owned()),
        });
    }
    Some(Recipient {
        name: text.to_owned(),
        note: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str) -> Line {
        Line::plain(text, Origin::Line(1))
    }

    #[test]
    fn recipients_drafter_and_signer() {
        let lines: Vec<Line> = [
            "Nơi nhận:",
            "- Sở Khoa học và Công nghệ tỉnh (b/c);",
            "- Chủ tịch, các Phó Chủ tịch UBND xã;",
            "- Lưu: VT, VHXXH.",
            "KT. CHỦ TỊCH",
            "PHÓ CHỦ TỊCH",
            "Lê Văn Trường",
        ]
        .iter()
        .map(|t| line(t))
        .collect();
        let refs: Vec<&Line> = lines.iter().collect();
        let back = back(&refs, &mut Report::default());
        assert_eq!(back.recipients.len(), 2);
        assert_eq!(back.recipients[0].name, "Sở Khoa học và Công nghệ tỉnh");
        assert_eq!(back.recipients[0].note.as_deref(), Some("b/c"));
        assert_eq!(back.recipients[1].note, None);
        assert_eq!(back.drafter.as_ref().map(|d| d.0.as_str()), Some("VHXXH"));
        assert_eq!(back.signer.authority.as_deref(), Some("KT"));
        assert_eq!(back.signer.principal, None);
        assert_eq!(back.signer.position.as_deref(), Some("PHÓ CHỦ TỊCH"));
        assert_eq!(back.signer.name, "Lê Văn Trường");
    }

    #[test]
    fn the_chairman_signs_without_authority() {
        let lines: Vec<Line> = ["CHỦ TỊCH", "Hoàng Anh Tuấn"]
            .iter()
            .map(|t| line(t))
            .collect();
        let refs: Vec<&Line> = lines.iter().collect();
        let back = back(&refs, &mut Report::default());
        assert_eq!(back.signer.authority, None);
        assert_eq!(back.signer.position.as_deref(), Some("CHỦ TỊCH"));
        assert_eq!(back.signer.name, "Hoàng Anh Tuấn");
    }
}
