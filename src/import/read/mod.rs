//! Readers: the bytes of a file into the block model. What the file is
//! comes from its first bytes, not its name: a `.doc` renamed `.docx`, a
//! PDF or a password-protected document each get a message that says how
//! to save it as a `.docx`.

mod docx;
pub mod text;

use super::ImportError;
use super::blocks::Source;
use crate::limits::LIMITS;

/// How to get a `.docx` out of Word or LibreOffice, for the messages.
const SAVE_AS_DOCX: &str = "mở tệp bằng Word (hoặc LibreOffice Writer), chọn Tệp → Lưu thành (File → Save As), kiểu tệp \"Word Document (*.docx)\", rồi nhập tệp .docx đó";

/// Reads `bytes`, named `file_name` in messages.
pub fn read(bytes: &[u8], file_name: &str) -> Result<Source, ImportError> {
    let lower = file_name.to_lowercase();
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return docx::read(bytes, file_name);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Err(compound_file(bytes, file_name));
    }
    if bytes.starts_with(b"%PDF") {
        return Err(ImportError::new(
            format!("`{file_name}` là tệp PDF, không phải văn bản Word"),
            format!(
                "PDF không giữ được bảng và đề mục; tốt nhất {SAVE_AS_DOCX} từ bản Word gốc. Không còn bản Word thì mở PDF, chọn hết chữ (Ctrl+A), chép (Ctrl+C) vào một tệp .txt rồi nhập tệp .txt đó"
            ),
        ));
    }
    if bytes.starts_with(b"{\\rtf") {
        return Err(ImportError::new(
            format!("`{file_name}` là tệp RTF, không phải .docx"),
            SAVE_AS_DOCX.to_owned(),
        ));
    }
    if lower.ends_with(".docx") || lower.ends_with(".docm") || lower.ends_with(".dotx") {
        return Err(ImportError::new(
            format!(
                "`{file_name}` mang đuôi .docx nhưng không phải tệp Word .docx (tệp .docx là một tệp nén ZIP)"
            ),
            format!("có thể tệp bị hỏng hoặc bị đổi đuôi; {SAVE_AS_DOCX}"),
        ));
    }
    if bytes.len() as u64 > LIMITS.import_text_bytes {
        return Err(ImportError::new(
            format!(
                "`{file_name}` quá lớn cho một kế hoạch: {} MB chữ (tối đa {} MB)",
                bytes.len() / (1024 * 1024),
                LIMITS.import_text_bytes / (1024 * 1024)
            ),
            "nhập từng kế hoạch một".to_owned(),
        ));
    }
    let text = decode(bytes, file_name)?;
    Ok(text::read(&nfc(&text)))
}

/// An OLE compound file: a Word 97–2003 document, or an encrypted
/// (password-protected) Word 2007+ document, which Word stores this way.
fn compound_file(bytes: &[u8], file_name: &str) -> ImportError {
    let utf16 = |s: &str| -> Vec<u8> { s.encode_utf16().flat_map(u16::to_le_bytes).collect() };
    let encrypted = utf16("EncryptedPackage");
    if bytes
        .windows(encrypted.len())
        .any(|w| w == encrypted.as_slice())
    {
        return ImportError::new(
            format!("`{file_name}` có đặt mật khẩu, không đọc được"),
            "mở tệp trong Word bằng mật khẩu, chọn Tệp → Thông tin → Bảo vệ tài liệu → Mã hóa bằng mật khẩu, xóa mật khẩu, lưu lại rồi nhập lại".to_owned(),
        );
    }
    let sheet = utf16("Workbook");
    if bytes.windows(sheet.len()).any(|w| w == sheet.as_slice()) {
        return ImportError::new(
            format!("`{file_name}` là bảng tính Excel, không phải văn bản Word"),
            "nhập bản kế hoạch bằng Word (.docx)".to_owned(),
        );
    }
    ImportError::new(
        format!("`{file_name}` là văn bản Word 97–2003 (.doc), kiểu cũ không đọc được"),
        SAVE_AS_DOCX.to_owned(),
    )
}

/// Text bytes as a string: UTF-8 (with or without BOM) or UTF-16 with a
/// BOM (Notepad's "Unicode").
fn decode(bytes: &[u8], file_name: &str) -> Result<String, ImportError> {
    let utf16 = |chunks: Vec<u16>| String::from_utf16(&chunks).map_err(|_| not_text(file_name));
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(
            rest.chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect(),
        );
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(
            rest.chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect(),
        );
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    if bytes.contains(&0) {
        return Err(not_text(file_name));
    }
    String::from_utf8(bytes.to_vec()).map_err(|_| {
        ImportError::new(
            format!("`{file_name}` không phải chữ UTF-8 (có thể là bảng mã cũ TCVN3/VNI hoặc một tệp nhị phân)"),
            "mở tệp bằng Notepad, chọn Lưu thành, ở ô \"Mã hóa\" (Encoding) chọn UTF-8, rồi nhập lại; hoặc nhập bản Word .docx".to_owned(),
        )
    })
}

fn not_text(file_name: &str) -> ImportError {
    ImportError::new(
        format!("`{file_name}` không phải văn bản Word .docx cũng không phải tệp chữ .txt"),
        format!(
            "nhập bản Word .docx của kế hoạch ({SAVE_AS_DOCX}), hoặc chép chữ của nó vào một tệp .txt"
        ),
    )
}

/// Text in composed form (NFC): a copy from some PDFs spells "ế" as
/// "ê" plus an accent, which would match no word of the recogniser.
pub fn nfc(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    if unicode_normalization::is_nfc(text) {
        text.to_owned()
    } else {
        text.nfc().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_in_utf8_and_utf16_reads_and_the_rest_is_named() {
        assert!(read("KẾ HOẠCH\n".as_bytes(), "a.txt").is_ok());
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("KẾ HOẠCH".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let source = read(&utf16, "a.txt").unwrap();
        assert_eq!(source.blocks.len(), 1);
        let err = read(b"%PDF-1.7 ...", "ke-hoach.docx").unwrap_err();
        assert!(err.message.contains("PDF"), "{err:?}");
        let err = read(
            &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0],
            "cu.docx",
        )
        .unwrap_err();
        assert!(err.message.contains(".doc"), "{err:?}");
        assert!(err.help.contains("Lưu thành"), "{err:?}");
        let err = read(b"plain bytes", "x.docx").unwrap_err();
        assert!(err.message.contains("không phải tệp Word .docx"), "{err:?}");
        let err = read(&[0x41, 0xC3, 0x28], "x.txt").unwrap_err();
        assert!(err.message.contains("UTF-8"), "{err:?}");
    }

    #[test]
    fn an_encrypted_word_file_is_told_apart_from_an_old_one() {
        let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        bytes.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
        let err = read(&bytes, "mat-khau.docx").unwrap_err();
        assert!(err.message.contains("mật khẩu"), "{err:?}");
    }

    #[test]
    fn decomposed_vietnamese_reads_as_composed() {
        let decomposed = "Ke\u{302}\u{301} hoa\u{323}ch";
        assert_eq!(nfc(decomposed), "Kế hoạch");
    }
}
