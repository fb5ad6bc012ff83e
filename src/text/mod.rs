//! Vietnamese text formatting used in administrative documents.
//!
//! This module holds the Vietnamese formatting of numbers (dot as the
//! thousands separator, comma as the decimal mark), of amounts written out
//! in words (the "Bằng chữ" line of a financial figure) and of dates in the
//! forms required by Nghị định 30/2020/NĐ-CP.

pub mod date;
pub mod escape;
pub mod money;
pub mod number;
pub mod roman;
pub mod words;

pub use date::{BLANK, Date, blank_header_date, month_header_date, parse_short};
pub use escape::{escape_markdown, toml_string};
pub use number::{format_decimal, format_integer, format_percent};
pub use roman::{to_letters, to_roman, to_vietnamese_letter};
pub use words::{amount_in_words, capitalize_first, dong_in_words, ordinal};
