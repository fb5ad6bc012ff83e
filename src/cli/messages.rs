//! clap speaks English; a clerk reads Vietnamese. This puts clap's usage
//! errors into Vietnamese (the help texts themselves are written in
//! Vietnamese on the arguments).

use clap::error::{ContextKind, ContextValue, ErrorKind};
use kehoach::limits::LIMITS;

/// The Vietnamese message for a usage error, or `None` when clap's own
/// output should be printed (help and version are not errors).
pub fn usage_error(err: &clap::Error) -> Option<String> {
    let context = |kind: ContextKind| -> Option<String> {
        match err.get(kind)? {
            ContextValue::String(s) => Some(s.clone()),
            ContextValue::Strings(list) => Some(list.join(", ")),
            ContextValue::StyledStr(s) => Some(s.to_string()),
            ContextValue::StyledStrs(list) => Some(
                list.iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            ContextValue::Number(n) => Some(n.to_string()),
            _ => None,
        }
    };
    let arg = context(ContextKind::InvalidArg).unwrap_or_default();
    let suggestion = context(ContextKind::SuggestedArg)
        .or_else(|| context(ContextKind::SuggestedSubcommand))
        .map(|s| format!("\ngợi ý: có phải ý bạn là `{s}`?"));
    let message = match err.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => return None,
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand | ErrorKind::MissingSubcommand => {
            "thiếu lệnh: check, render, new hay templates".to_owned()
        }
        ErrorKind::MissingRequiredArgument => format!("thiếu tham số bắt buộc {arg}"),
        ErrorKind::UnknownArgument => format!("không có tùy chọn `{arg}`"),
        ErrorKind::InvalidSubcommand => format!(
            "không có lệnh `{}`",
            context(ContextKind::InvalidSubcommand).unwrap_or_default()
        ),
        ErrorKind::InvalidValue => {
            let value = context(ContextKind::InvalidValue).unwrap_or_default();
            match context(ContextKind::ValidValue) {
                Some(valid) => {
                    format!("giá trị `{value}` không dùng được cho {arg}; chọn một trong: {valid}")
                }
                None => format!("thiếu giá trị cho {arg}"),
            }
        }
        ErrorKind::ValueValidation => format!(
            "giá trị `{}` không hợp lệ cho {arg}{}",
            context(ContextKind::InvalidValue).unwrap_or_default(),
            // Our own parsers say why, in Vietnamese.
            std::error::Error::source(err)
                .map(|why| format!(": {why}"))
                .unwrap_or_default()
        ),
        ErrorKind::ArgumentConflict => {
            format!("tùy chọn {arg} không dùng cùng các tùy chọn đã cho")
        }
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => {
            format!("số giá trị cho {arg} không đúng")
        }
        _ => "cách gọi lệnh không đúng".to_owned(),
    };
    Some(format!(
        "lỗi: {message}{}\n\nxem hướng dẫn: kehoach --help (hoặc kehoach <lệnh> --help)",
        suggestion.unwrap_or_default()
    ))
}

/// `--nam`: one year of `LIMITS.years`. A period ("2026-2030") is the common slip
/// for a five-year plan; the plan's year is the first year of the period.
pub fn parse_year(value: &str) -> Result<i64, String> {
    let value = value.trim();
    if let Some((first, _)) = value.split_once(['-', '–', '/'])
        && let Ok(first) = first.trim().parse::<i64>()
    {
        return Err(format!(
            "--nam nhận một năm, không nhận một giai đoạn; với kế hoạch giai đoạn, ghi năm đầu: --nam {first}"
        ));
    }
    match value.parse::<i64>() {
        Ok(year) if LIMITS.years.contains(&year) => Ok(year),
        Ok(_) => Err(format!(
            "năm phải trong khoảng {}–{}, ví dụ --nam 2026",
            LIMITS.years.start(),
            LIMITS.years.end()
        )),
        Err(_) => Err("viết năm bằng bốn chữ số, ví dụ --nam 2026".to_owned()),
    }
}
