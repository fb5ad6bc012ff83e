//! What the browser receives: the pages and their scripts (fixed text,
//! embedded); each render goes as the engine's `StateJson`.

const EDITOR: &str = include_str!("assets/soan.html");
const START: &str = include_str!("assets/bat-dau.html");

/// A page file by name: its content type and text.
pub fn asset(name: &str) -> Option<(&'static str, &'static str)> {
    let js = "text/javascript; charset=utf-8";
    Some(match name {
        "kehoach.css" => (
            "text/css; charset=utf-8",
            include_str!("assets/kehoach.css"),
        ),
        "may.js" => (js, include_str!("assets/may.js")),
        "bieu-mau.js" => (js, include_str!("assets/bieu-mau.js")),
        "o-luoi.js" => (js, include_str!("assets/o-luoi.js")),
        "soan.js" => (js, include_str!("assets/soan.js")),
        "bat-dau.js" => (js, include_str!("assets/bat-dau.js")),
        _ => return None,
    })
}

/// The editor of one plan, titled with its file name.
pub fn editor_html(file_name: &str, stem: &str) -> String {
    EDITOR
        .replace("{{TITLE}}", &escape(file_name))
        .replace("{{STEM}}", &escape(stem))
}

/// The start page of a folder.
pub fn start_html(folder: &str) -> String {
    START.replace("{{FOLDER}}", &escape(folder))
}

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_the_page_never_become_markup() {
        let page = editor_html("<x>\".toml", "x");
        assert!(page.contains("&lt;x&gt;&quot;.toml") && !page.contains("<x>"));
        assert!(start_html("/tmp/<b>").contains("/tmp/&lt;b&gt;"));
        for name in crate::preview::http::ASSETS {
            assert!(asset(name).is_some(), "{name}");
        }
    }
}
