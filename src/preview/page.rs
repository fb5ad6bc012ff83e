//! What the browser receives: the page and its script (fixed text), and
//! each render as JSON with the problems already as (escaped) HTML.

use crate::preview::render::Problem;
use crate::write::pdf::PageView;

const PAGE: &str = include_str!("page.html");
pub const SCRIPT: &str = include_str!("xem.js");

/// The page, titled with the plan's file name.
pub fn page_html(file_name: &str, stem: &str) -> String {
    PAGE.replace("{{TITLE}}", &escape(file_name))
        .replace("{{STEM}}", &escape(stem))
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

/// The problems as HTML blocks, errors and warnings in file order.
pub fn problems_html(problems: &[Problem], hidden: usize) -> String {
    let mut html = String::new();
    for p in problems {
        let (class, label) = if p.error {
            ("van-de loi", "Lỗi")
        } else {
            ("van-de canh-bao", "Cảnh báo")
        };
        html.push_str(&format!(
            "<div class=\"{class}\"><p class=\"noi\"><b>{label}</b>"
        ));
        if let Some((line, column)) = p.line_col {
            html.push_str(&format!(" · dòng {line}, cột {column}"));
        }
        if let Some(key) = &p.key {
            html.push_str(&format!(" · khóa <code>{}</code>", escape(key)));
        }
        html.push_str(&format!("</p><p>{}</p>", escape(&p.message)));
        if let Some(help) = &p.help {
            html.push_str(&format!("<p class=\"goi-y\">Gợi ý: {}</p>", escape(help)));
        }
        if !p.snippet.is_empty() {
            html.push_str(&format!("<pre>{}</pre>", escape(&p.snippet)));
        }
        html.push_str("</div>");
    }
    if hidden > 0 {
        html.push_str(&format!(
            "<p>… và {hidden} lỗi/cảnh báo khác chưa hiện (sửa các lỗi trên trước)</p>"
        ));
    }
    html
}

/// One render for the browser. `pages` is `None` when the browser already
/// has the current pages; each page is sent as its hash (the address of its
/// SVG), size and text, so a browser fetches only the pages that changed.
pub struct StateJson<'a> {
    pub version: u64,
    pub pages_version: u64,
    pub status: &'a str,
    pub errors: usize,
    pub problems_html: &'a str,
    pub pages: Option<&'a [PageView]>,
}

impl StateJson<'_> {
    pub fn to_json(&self) -> String {
        let pages = self.pages.map(|pages| {
            pages
                .iter()
                .map(|p| {
                    serde_json::json!({
                        "ma": format!("{:032x}", p.hash),
                        "rong": p.size.0,
                        "cao": p.size.1,
                        "chu": &*p.text,
                    })
                })
                .collect::<Vec<_>>()
        });
        serde_json::json!({
            "ban": self.version,
            "trang_ban": self.pages_version,
            "tinh_trang": self.status,
            "so_loi": self.errors,
            "van_de": self.problems_html,
            "trang": pages,
        })
        .to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_text_never_becomes_markup() {
        let problem = Problem {
            error: true,
            message: "giá trị <script>alert(1)</script> sai".to_owned(),
            key: Some("chi_tieu[0].ten\"><img>".to_owned()),
            line_col: Some((12, 5)),
            help: Some("viết 'a' & \"b\"".to_owned()),
            snippet: "12 | ten = \"<b>\"".to_owned(),
        };
        let html = problems_html(&[problem], 0);
        assert!(!html.contains("<script>") && !html.contains("<img>") && !html.contains("<b>\""));
        assert!(html.contains("dòng 12, cột 5"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("Gợi ý: viết &#39;a&#39; &amp; &quot;b&quot;"));
        assert!(page_html("<x>.toml", "x").contains("&lt;x&gt;.toml"));
    }
}
