//! Characters the embedded fonts cannot print. Typst sets them as blank
//! boxes without a word (and PDF/A refuses them in English); `check` warns
//! in Vietnamese, at the value that holds them.

use toml::de::{DeTable, DeValue};

use crate::check::Diagnostic;
use crate::doc::metrics::covers;
use crate::limits::LIMITS;

/// One warning per string value of `text` (a plan's TOML source) holding a
/// character the embedded fonts lack.
pub fn glyph_warnings(text: &str) -> Vec<Diagnostic> {
    let Ok(root) = DeTable::parse(text) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    visit_table(root.get_ref(), &mut out);
    out
}

fn visit_table(table: &DeTable<'_>, out: &mut Vec<Diagnostic>) {
    for (_, value) in table.iter() {
        visit(value, out);
    }
}

fn visit(value: &toml::Spanned<DeValue<'_>>, out: &mut Vec<Diagnostic>) {
    if out.len() >= LIMITS.glyph_warnings {
        return;
    }
    match value.get_ref() {
        DeValue::String(s) => {
            if let Some(c) = s
                .chars()
                .find(|&c| !c.is_control() && !c.is_whitespace() && !covers(c))
            {
                out.push(
                    Diagnostic::warning(
                        format!(
                            "ký tự \"{c}\" (U+{:04X}) không có trong phông chữ nhúng: bản PDF sẽ in thành ô trống, PDF/A sẽ không dựng được",
                            u32::from(c)
                        ),
                        Some(value.span()),
                    )
                    .with_help("bỏ hoặc thay ký tự này bằng chữ tiếng Việt; hoặc dùng --font-dir với một phông có ký tự này"),
                );
            }
        }
        DeValue::Array(items) => {
            for item in items {
                visit(item, out);
            }
        }
        DeValue::Table(table) => visit_table(table, out),
        _ => {}
    }
}
