//! The import's report: what was recognised, each guess with the line or
//! paragraph it came from, what stayed plain prose, and the warnings (a
//! typed total that disagrees, unit names merged). A wrong guess is one
//! edit away because the report says where to look.

use super::blocks::Origin;

/// How an item of the report reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// Recognised as structure.
    Found,
    /// A guess: right most of the time, worth a look.
    Guess,
    /// Kept as plain prose: no structure found.
    Prose,
    /// Something in the source is wrong or was changed.
    Warning,
}

/// One line of the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub kind: Kind,
    pub message: String,
    pub origin: Option<Origin>,
}

/// The whole report.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    pub items: Vec<Item>,
}

impl Report {
    pub fn found(&mut self, message: impl Into<String>, origin: Option<Origin>) {
        self.push(Kind::Found, message, origin);
    }

    pub fn guess(&mut self, message: impl Into<String>, origin: Option<Origin>) {
        self.push(Kind::Guess, message, origin);
    }

    pub fn prose(&mut self, message: impl Into<String>, origin: Option<Origin>) {
        self.push(Kind::Prose, message, origin);
    }

    pub fn warning(&mut self, message: impl Into<String>, origin: Option<Origin>) {
        self.push(Kind::Warning, message, origin);
    }

    fn push(&mut self, kind: Kind, message: impl Into<String>, origin: Option<Origin>) {
        self.items.push(Item {
            kind,
            message: message.into(),
            origin,
        });
    }

    /// The items of one kind.
    pub fn of(&self, kind: Kind) -> impl Iterator<Item = &Item> {
        self.items.iter().filter(move |i| i.kind == kind)
    }

    /// The report as the CLI prints it, in Vietnamese, grouped by kind.
    pub fn render(&self, file: &str) -> String {
        let mut out = String::new();
        let sections = [
            (Kind::Found, format!("Đã nhận ra trong `{file}`:")),
            (Kind::Guess, "Đoán (xem lại cho chắc):".to_owned()),
            (
                Kind::Prose,
                "Giữ nguyên lời văn (chưa nhận ra cấu trúc):".to_owned(),
            ),
            (Kind::Warning, "Cảnh báo:".to_owned()),
        ];
        for (kind, title) in sections {
            let items: Vec<&Item> = self.of(kind).collect();
            if items.is_empty() {
                continue;
            }
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(&title);
            out.push('\n');
            for item in items {
                out.push_str("  - ");
                out.push_str(&item.message);
                if let Some(origin) = item.origin {
                    out.push_str(&format!(" ({origin})"));
                }
                out.push('\n');
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_by_kind_with_where_each_item_came_from() {
        let mut report = Report::default();
        report.warning("tổng cộng gõ sai", Some(Origin::Line(1139)));
        report.found("3 căn cứ", None);
        report.guess("tên xã: Hà Long", Some(Origin::Line(5)));
        let text = report.render("a.txt");
        assert_eq!(
            text,
            "Đã nhận ra trong `a.txt`:\n  - 3 căn cứ\n\nĐoán (xem lại cho chắc):\n  - tên xã: Hà Long (dòng 5)\n\nCảnh báo:\n  - tổng cộng gõ sai (dòng 1139)\n"
        );
    }
}
