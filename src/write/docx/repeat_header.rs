//! The repeating table header row (`<w:tblHeader/>`), which docx-rs 0.4.22
//! cannot write.
//!
//! While building, each header row gets a mark that docx-rs can write and
//! that nothing else in the writer produces: a row height with half a twip
//! in it (`w:trHeight w:val="560.5"`), which also carries the row's minimum
//! height. After packing, [`apply`] turns exactly those marks in
//! `word/document.xml` into `<w:tblHeader />` (after a whole-twip
//! `w:trHeight` when the row has a minimum height) and checks that it found
//! as many as the tree has header rows. User text cannot forge a mark:
//! docx-rs escapes every `<` in text, so `<w:trHeight` only comes from the
//! writer.
//!
//! Word repeats only consecutive header rows from a table's first row; the
//! table builder puts header rows first, so the marks are always there.

use std::fmt::Write as _;

use docx_rs::{HeightRule, TableRow};

use super::DocxError;

/// How docx-rs starts and ends a row height with the "at least" rule.
const HEIGHT_START: &str = r#"<w:trHeight w:val=""#;
const HEIGHT_END: &str = r#"" w:hRule="atLeast" />"#;

/// The half twip that tells a mark from a real height.
const MARK_FRACTION: &str = ".5";

/// What marks the row as a header row to repeat.
const TBL_HEADER: &str = "<w:tblHeader />";

/// Marks `row` as a header row to repeat on every page, at least
/// `min_height` twips high (0: no minimum).
pub(super) fn mark(row: TableRow, min_height: u32) -> TableRow {
    // Whole twips plus a half are exact in an f32 up to 2^23 twips.
    row.row_height(min_height as f32 + 0.5)
        .height_rule(HeightRule::AtLeast)
}

/// `document_xml` with every mark turned into `<w:tblHeader />`; an error
/// unless there were exactly `expected` marks.
pub(super) fn apply(document_xml: &str, expected: usize) -> Result<String, DocxError> {
    let mut out = String::with_capacity(document_xml.len());
    let mut rest = document_xml;
    let mut found = 0;
    while let Some(at) = rest.find(HEIGHT_START) {
        out.push_str(&rest[..at]);
        let after = &rest[at + HEIGHT_START.len()..];
        match read_mark(after) {
            Some((min_height, length)) => {
                found += 1;
                if min_height > 0 {
                    let _ = write!(out, "{HEIGHT_START}{min_height}{HEIGHT_END}");
                }
                out.push_str(TBL_HEADER);
                rest = &after[length..];
            }
            None => {
                out.push_str(HEIGHT_START);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    if found != expected {
        return Err(DocxError::HeaderRows { expected, found });
    }
    Ok(out)
}

/// The minimum height a mark carries and the length of the mark after
/// [`HEIGHT_START`], if `after` continues a mark.
fn read_mark(after: &str) -> Option<(u32, usize)> {
    let end = after.find(HEIGHT_END)?;
    let whole = after[..end].strip_suffix(MARK_FRACTION)?;
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((whole.parse().ok()?, end + HEIGHT_END.len()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use docx_rs::{BuildXML, Paragraph, Run, Table, TableCell};

    fn row_xml(row: TableRow) -> String {
        String::from_utf8(Table::new(vec![row]).build()).unwrap()
    }

    #[test]
    fn docx_rs_writes_the_mark_as_expected() {
        let xml = row_xml(mark(TableRow::new(vec![TableCell::new()]), 560).cant_split());
        assert!(
            xml.contains(r#"<w:trHeight w:val="560.5" w:hRule="atLeast" />"#),
            "{xml}"
        );
        let xml = row_xml(mark(TableRow::new(vec![TableCell::new()]), 0));
        assert!(
            xml.contains(r#"<w:trHeight w:val="0.5" w:hRule="atLeast" />"#),
            "{xml}"
        );
    }

    #[test]
    fn marks_become_tbl_header_and_are_counted() {
        let forged = r#"<w:trHeight w:val="7.5" w:hRule="atLeast" />"#;
        let rows = vec![
            mark(TableRow::new(vec![TableCell::new()]), 0),
            mark(TableRow::new(vec![TableCell::new()]), 560),
            // A real height and a mark typed as text are left alone.
            TableRow::new(vec![
                TableCell::new()
                    .add_paragraph(Paragraph::new().add_run(Run::new().add_text(forged))),
            ])
            .row_height(300.0)
            .height_rule(HeightRule::AtLeast),
        ];
        let xml = String::from_utf8(Table::new(rows).build()).unwrap();
        let done = apply(&xml, 2).unwrap();
        assert_eq!(done.matches(TBL_HEADER).count(), 2);
        assert!(
            done.contains(r#"<w:trPr><w:tblHeader /></w:trPr>"#),
            "{done}"
        );
        assert!(
            done.contains(r#"<w:trHeight w:val="560" w:hRule="atLeast" /><w:tblHeader />"#),
            "{done}"
        );
        assert!(done.contains(r#"<w:trHeight w:val="300" w:hRule="atLeast" />"#));
        assert!(!done.contains(".5\""));
        assert!(matches!(
            apply(&xml, 3),
            Err(DocxError::HeaderRows {
                expected: 3,
                found: 2
            })
        ));
    }
}
