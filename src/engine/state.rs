//! A render as the page receives it (JSON), the same from both hosts: the
//! native server sends it over HTTP, the web build hands it over in the
//! page.

use crate::engine::{PageView, Problem};

/// The status line above the pages: valid or how many errors, and how
/// many pages are shown (the last valid ones, while the text has errors).
pub fn status_line(errors: usize, warnings: usize, pages: usize) -> String {
    match (errors, warnings) {
        (0, 0) => format!("Hợp lệ · {pages} trang"),
        (0, w) => format!("Hợp lệ, {w} cảnh báo · {pages} trang"),
        (e, _) if pages > 0 => {
            format!("{e} lỗi · đang hiện bản hợp lệ gần nhất ({pages} trang)")
        }
        (e, _) => format!("{e} lỗi · chưa có bản hợp lệ nào"),
    }
}

/// One render for the browser. `pages` is `None` when the browser already
/// has the current pages; each page is sent as its hash (the address of its
/// SVG), size and text, so a browser fetches only the pages that changed.
/// Problems are data: the page puts their text in with `textContent`.
pub struct StateJson<'a> {
    pub version: u64,
    pub pages_version: u64,
    pub base: &'a str,
    pub status: &'a str,
    pub errors: usize,
    pub problems: &'a [Problem],
    pub hidden: usize,
    pub pages: Option<&'a [PageView]>,
}

impl StateJson<'_> {
    pub fn to_json(&self) -> serde_json::Value {
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
            "co_so": self.base,
            "tinh_trang": self.status,
            "so_loi": self.errors,
            "van_de": self.problems,
            "an": self.hidden,
            "trang": pages,
        })
    }
}
