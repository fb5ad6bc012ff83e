//! The two escaping boundaries of the template engine: text that must
//! print literally in Markdown, and text as a complete TOML string.

/// Escapes text so Markdown prints it literally: every ASCII punctuation
/// mark gets a backslash (CommonMark allows that for all of them), and line
/// breaks become spaces so a value cannot start a block of its own.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for ch in text.chars() {
        match ch {
            '\n' | '\r' => out.push(' '),
            c if c.is_ascii_punctuation() => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// `text` as a TOML basic string, quotes included: `"`, `\` and control
/// characters are escaped, so any text is one valid TOML value.
pub fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for ch in text.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_strings_survive_quotes_backslashes_and_control_characters() {
        for text in ["Hòa Bình", "A\"B\\C", "dòng 1\ndòng 2\t\u{7}", "'''\"\"\""] {
            let line = format!("x = {}", toml_string(text));
            let table: toml::Table = line.parse().unwrap();
            assert_eq!(table["x"].as_str(), Some(text), "{line}");
        }
    }
}
