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
    let mut groups = Groups::default();
    for line in lines {
        let text = line.text.trim();
        let folded = fold(text);
        // Braces and notes stand among the recipients, before "Lưu" and
        // the signature ("(Đã ký)" is no note of a recipient).
        let among_recipients = back.drafter.is_none() && back.signer_origin.is_none();
        if among_recipients && groups.read(text, &mut back.recipients) {
            continue;
        }
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
            // "- Thường trực HĐND xã; } (để b/c)": the brace typed after
            // the group's last line.
            let (bare, brace) = match bare.split_once('}') {
                Some((name, rest)) => (name, Some(format!("}}{rest}"))),
                None => (bare, None),
            };
            if let Some(r) = recipient(bare) {
                groups.push(r, &mut back.recipients);
            }
            if let Some(brace) = brace {
                groups.read(&brace, &mut back.recipients);
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

/// Recipients grouped under a brace "}" with one note, as kehoach prints
/// `gop_voi_tren`. Word has the brace and the note in cells beside the
/// group (read after its lines: "}", "(để b/c)"); a clerk types "} (để
/// b/c)" after the group's last line; text copied from a PDF has no brace
/// and the note alone on a line beside the group's middle.
#[derive(Debug, Default)]
struct Groups {
    /// A brace was read without its note: the group's first recipient.
    awaiting_note: Option<usize>,
    /// A note was read in the middle of its group: recipients without a
    /// note of their own still join it.
    open: bool,
}

impl Groups {
    /// Reads `text` when it is a brace or a lone note; whether it was.
    fn read(&mut self, text: &str, recipients: &mut [Recipient]) -> bool {
        let awaiting = self.awaiting_note.take();
        let text = text.trim();
        let (brace, rest) = match text.strip_prefix('}') {
            Some(rest) => (true, rest.trim()),
            None => (false, text),
        };
        let note = rest
            .strip_prefix('(')
            .and_then(|r| r.strip_suffix(')'))
            .map(|n| n.trim().trim_end_matches([';', '.']).trim().to_owned())
            .filter(|n| !n.is_empty());
        if !brace && note.is_none() {
            return false;
        }
        if brace && note.is_none() && !rest.is_empty() {
            return false;
        }
        if !brace && let Some(first) = awaiting {
            recipients[first].note = note;
            return true;
        }
        let Some(first) = group_start(recipients) else {
            return false;
        };
        for r in &mut recipients[first + 1..] {
            r.joined = true;
        }
        match note {
            Some(n) => recipients[first].note = Some(n),
            None => self.awaiting_note = Some(first),
        }
        self.open = !brace;
        true
    }

    /// Adds `r`, to the open group when it has no note of its own.
    fn push(&mut self, mut r: Recipient, recipients: &mut Vec<Recipient>) {
        self.awaiting_note = None;
        if self.open && r.note.is_none() {
            r.joined = true;
        } else {
            self.open = false;
        }
        recipients.push(r);
    }
}

/// The first of the recipients at the end of the list that have no note
/// and join no group: the group a brace after them closes.
fn group_start(recipients: &[Recipient]) -> Option<usize> {
    let last = recipients.len().checked_sub(1)?;
    let mut first = last;
    while first > 0 && recipients[first - 1].note.is_none() && !recipients[first - 1].joined {
        first -= 1;
    }
    (recipients[last].note.is_none() && !recipients[last].joined).then_some(first)
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
            joined: false,
        });
    }
    Some(Recipient {
        name: text.to_owned(),
        note: None,
        joined: false,
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

    fn groups(texts: &[&str]) -> Vec<(String, Option<String>, bool)> {
        let lines: Vec<Line> = texts.iter().map(|t| line(t)).collect();
        let refs: Vec<&Line> = lines.iter().collect();
        let back = back(&refs, &mut Report::default());
        assert!(back.unplaced.is_empty(), "{:?}", back.unplaced);
        back.recipients
            .into_iter()
            .map(|r| (r.name, r.note, r.joined))
            .collect()
    }

    fn r(name: &str, note: Option<&str>, joined: bool) -> (String, Option<String>, bool) {
        (name.to_owned(), note.map(str::to_owned), joined)
    }

    #[test]
    fn a_braced_group_shares_its_note() {
        let want = vec![
            r("Sở Nông nghiệp", Some("b/c"), false),
            r("Phòng Nông nghiệp huyện", None, false),
            r("Thường trực Đảng ủy xã", None, true),
            r("Thường trực HĐND xã", None, true),
            r("Các thôn", Some("t/h"), false),
        ];
        // As Word has it: the brace and the note in cells after the group.
        let word = [
            "Nơi nhận:",
            "- Sở Nông nghiệp (b/c);",
            "- Phòng Nông nghiệp huyện;",
            "- Thường trực Đảng ủy xã;",
            "- Thường trực HĐND xã;",
            "}",
            "(để b/c)",
            "- Các thôn (t/h);",
            "- Lưu: VT, NN.",
        ];
        let mut want_word = want.clone();
        want_word[1].1 = Some("để b/c".into());
        assert_eq!(groups(&word), want_word);
        // As a clerk types it.
        let typed = [
            "Nơi nhận:",
            "- Sở Nông nghiệp (b/c);",
            "- Phòng Nông nghiệp huyện;",
            "- Thường trực Đảng ủy xã;",
            "- Thường trực HĐND xã; } (để b/c)",
            "- Các thôn (t/h);",
        ];
        assert_eq!(groups(&typed), want_word);
        // As pdftotext reads it: the note alone beside the group's middle.
        let copied = [
            "Nơi nhận:",
            "- Sở Nông nghiệp (b/c);",
            "- Phòng Nông nghiệp huyện;",
            "- Thường trực Đảng ủy xã;",
            "(để b/c)",
            "- Thường trực HĐND xã;",
            "- Các thôn (t/h);",
        ];
        assert_eq!(groups(&copied), want_word);
        // A note in parentheses after a line is that line's own.
        assert_eq!(
            groups(&["- Sở Nông nghiệp (b/c);", "- Các thôn;"]),
            vec![
                r("Sở Nông nghiệp", Some("b/c"), false),
                r("Các thôn", None, false)
            ]
        );
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
