//! The front of a plan: the ND30 header block (issuer, number, place and
//! date), the title and trích yếu, the legal bases and the opening
//! sentence.

use crate::import::blocks::Origin;
use crate::import::draft::Header;
use crate::import::report::Report;

use super::flow::Line;
use super::values::header_date;
use super::words::{fold, is_upper, squash, title_case};

/// What the header block said.
#[derive(Debug, Default)]
pub struct HeaderBlock {
    pub issuer: Vec<String>,
    pub number: Option<i64>,
    pub symbol: Option<String>,
    pub place: Option<String>,
    pub day: Option<u8>,
    pub month: Option<u8>,
    pub year: Option<i64>,
    pub draft: bool,
    pub origin: Option<Origin>,
    /// Lines no key holds, kept for the file's comments.
    pub unplaced: Vec<String>,
}

/// Reads the lines before the title.
pub fn header_block(lines: &[&Line], report: &mut Report) -> HeaderBlock {
    let mut block = HeaderBlock::default();
    for line in lines {
        let text = line.text.trim();
        let folded = fold(text);
        block.origin.get_or_insert(line.origin);
        if folded.starts_with("cong hoa xa hoi")
            || folded.starts_with("doc lap")
            || text.chars().all(|c| matches!(c, '_' | '-' | '—' | ' '))
        {
            continue;
        }
        if folded.starts_with("du thao") {
            block.draft = true;
            continue;
        }
        if let Some(rest) = folded.strip_prefix("so") {
            let rest = rest.trim_start_matches([':', ' ']);
            let original = &text[text.len() - rest.len()..];
            if let Some((number, symbol)) = original.split_once('/') {
                block.number = number.trim().parse().ok();
                let symbol = squash(symbol).replace(' ', "");
                if !symbol.is_empty() {
                    block.symbol = Some(symbol);
                }
                report.found(
                    format!(
                        "số văn bản: {}/{}",
                        block
                            .number
                            .map_or("(để trống)".to_owned(), |n| n.to_string()),
                        block.symbol.as_deref().unwrap_or("")
                    ),
                    Some(line.origin),
                );
                continue;
            }
        }
        if let Some((day, month, year)) = header_date(text)
            && text.contains(',')
        {
            block.place = text.split(',').next().map(squash);
            block.day = day;
            block.month = month;
            block.year = year;
            report.found(format!("địa danh, ngày tháng: {text}"), Some(line.origin));
            continue;
        }
        if is_upper(text) {
            block.issuer.push(squash(text));
        } else {
            report.prose(
                format!(
                    "dòng ở khối đầu văn bản không rõ là gì, giữ ở ghi chú cuối tệp: \"{text}\""
                ),
                Some(line.origin),
            );
            block.unplaced.push(squash(text));
        }
    }
    block
}

/// The commune named by an issuer line ("XÃ QUẢNG NGỌC").
pub fn commune_of_issuer(issuer: &[String]) -> Option<String> {
    issuer.iter().find_map(|line| {
        let rest = line.strip_prefix("XÃ ")?;
        Some(title_case(rest))
    })
}

/// The commune most often named "xã …" in the text (capitalised words
/// after "xã").
pub fn commune_in_text<'a>(texts: impl Iterator<Item = &'a str>) -> Option<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for text in texts {
        let mut rest = text;
        while let Some(at) = rest.find("xã ") {
            let after = &rest[at + "xã ".len()..];
            let words: Vec<&str> = after
                .split_whitespace()
                .take_while(|w| {
                    let w = w.trim_end_matches([',', '.', ';', ':', ')']);
                    w.chars().next().is_some_and(char::is_uppercase)
                        && w.chars().skip(1).all(char::is_lowercase)
                })
                .take(3)
                .collect();
            // A name stops where its last word carried punctuation.
            let mut name = Vec::new();
            for w in words {
                let bare = w.trim_end_matches([',', '.', ';', ':', ')']);
                name.push(bare);
                if bare.len() != w.len() {
                    break;
                }
            }
            if !name.is_empty() {
                let name = name.join(" ");
                match counts.iter_mut().find(|(n, _)| *n == name) {
                    Some(c) => c.1 += 1,
                    None => counts.push((name, 1)),
                }
            }
            rest = after;
        }
    }
    counts
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .map(|(name, _)| name)
}

/// A legal basis as the format keeps it: no final ";" or "." (the program
/// adds ";").
pub fn basis(text: &str) -> String {
    squash(text)
        .trim_end_matches([';', '.', ','])
        .trim()
        .to_owned()
}

/// Fills `header` from what the header block, the title and the text said.
pub fn fill_header(header: &mut Header, block: &HeaderBlock, report: &mut Report) {
    header.draft = block.draft;
    header.number = block.number.filter(|n| *n > 0);
    header.symbol = block.symbol.clone().unwrap_or_else(|| {
        report.guess(
            "không thấy dòng \"Số: …/…\"; ký hiệu để mặc định KH-UBND",
            None,
        );
        "KH-UBND".to_owned()
    });
    if let (Some(day), Some(month), Some(year)) = (block.day, block.month, block.year)
        && let Ok(y) = u16::try_from(year)
        && crate::text::Date::new(i32::from(y), month, day).is_some()
    {
        header.date = Some((y, month, day));
    } else {
        header.month = block.month.filter(|m| (1..=12).contains(m));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str) -> Line {
        Line::plain(text, Origin::Block(1))
    }

    #[test]
    fn the_header_block_gives_issuer_number_and_date() {
        let lines: Vec<Line> = [
            "ỦY BAN NHÂN DÂN",
            "XÃ QUẢNG NGỌC",
            "Số:       /KH-UBND",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Quảng Ngọc, ngày      tháng 12 năm 2025",
        ]
        .iter()
        .map(|t| line(t))
        .collect();
        let refs: Vec<&Line> = lines.iter().collect();
        let block = header_block(&refs, &mut Report::default());
        assert_eq!(block.issuer, ["ỦY BAN NHÂN DÂN", "XÃ QUẢNG NGỌC"]);
        assert_eq!(block.number, None);
        assert_eq!(block.symbol.as_deref(), Some("KH-UBND"));
        assert_eq!(block.place.as_deref(), Some("Quảng Ngọc"));
        assert_eq!(
            (block.day, block.month, block.year),
            (None, Some(12), Some(2025))
        );
        assert_eq!(
            commune_of_issuer(&block.issuer).as_deref(),
            Some("Quảng Ngọc")
        );
        let numbered = header_block(&[&line("Số: 28/KH-UBND")], &mut Report::default());
        assert_eq!(numbered.number, Some(28));
    }

    #[test]
    fn the_commune_is_the_one_the_text_names_most() {
        let texts = [
            "UBND xã An Nông xây dựng Kế hoạch",
            "trên địa bàn xã An Nông giai đoạn 2026 - 2030",
            "của UBND Xã An Nông) và xã hội",
        ];
        assert_eq!(
            commune_in_text(texts.iter().copied()).as_deref(),
            Some("An Nông")
        );
        assert_eq!(
            commune_in_text(["chuyển đổi số xã Hà Long năm 2025"].iter().copied()).as_deref(),
            Some("Hà Long")
        );
    }

    #[test]
    fn legal_bases_start_with_can_cu_or_a_document() {
        use super::super::words::is_basis;
        assert!(is_basis("Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024"));
        assert!(is_basis(
            "Thực hiện Kế hoạch số 116/KH-UBND ngày 20/4/2026 của UBND tỉnh"
        ));
        assert!(!is_basis(
            "Thực hiện các chỉ tiêu về Khoa học, công nghệ năm 2026"
        ));
        assert_eq!(
            basis("Căn cứ Nghị quyết số 57-NQ/TW;  "),
            "Căn cứ Nghị quyết số 57-NQ/TW"
        );
    }
}
