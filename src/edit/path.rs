//! Key paths in the notation the diagnostics use: dotted keys and 1-based
//! indices, `chi_tieu[16].chi_tieu_giao`, `nguoi_ky.ho_ten`,
//! `phu_luc[1].ten_cot.chu_tri`, `chi_tieu[3].con[2]`.

use std::fmt;

/// One step of a key path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// A key of a table.
    Key(String),
    /// An element of an array or array of tables, counted from 1 as the
    /// diagnostics count.
    Index(usize),
}

/// A parsed key path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyPath(pub Vec<Segment>);

impl KeyPath {
    /// Parses `chi_tieu[16].chi_tieu_giao`. Keys are bare TOML keys
    /// (ASCII letters, digits, `_` and `-`), as every key of a plan is.
    pub fn parse(text: &str) -> Result<KeyPath, String> {
        let mut segments = Vec::new();
        let mut rest = text.trim();
        if rest.is_empty() {
            return Err("đường dẫn khóa trống".into());
        }
        let mut expect_key = true;
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix('[') {
                let close = after
                    .find(']')
                    .ok_or_else(|| format!("thiếu `]` trong đường dẫn `{text}`"))?;
                let index: usize = after[..close]
                    .trim()
                    .parse()
                    .map_err(|_| format!("`[{}]` không phải số thứ tự", &after[..close]))?;
                if index == 0 {
                    return Err(format!("số thứ tự trong `{text}` đếm từ 1, không có `[0]`"));
                }
                if segments.is_empty() {
                    return Err(format!("`{text}` phải bắt đầu bằng một khóa"));
                }
                segments.push(Segment::Index(index));
                rest = &after[close + 1..];
                expect_key = false;
                continue;
            }
            if let Some(after) = rest.strip_prefix('.') {
                if expect_key {
                    return Err(format!("dấu `.` thừa trong `{text}`"));
                }
                rest = after;
                expect_key = true;
                continue;
            }
            if !expect_key {
                return Err(format!("thiếu dấu `.` giữa hai khóa trong `{text}`"));
            }
            let end = rest.find(['.', '[']).unwrap_or(rest.len());
            let key = &rest[..end];
            if key.is_empty()
                || !key
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            {
                return Err(format!(
                    "`{key}` không phải tên khóa (chữ không dấu, số, `_`, `-`)"
                ));
            }
            segments.push(Segment::Key(key.to_owned()));
            rest = &rest[end..];
            expect_key = false;
        }
        if expect_key {
            return Err(format!("`{text}` kết thúc bằng dấu `.`"));
        }
        Ok(KeyPath(segments))
    }

    /// The path without its last segment (`None` for a top-level key).
    pub fn parent(&self) -> Option<KeyPath> {
        (self.0.len() > 1).then(|| KeyPath(self.0[..self.0.len() - 1].to_vec()))
    }

    /// The last segment.
    pub fn last(&self) -> &Segment {
        self.0.last().expect("a key path has at least one segment")
    }

    /// This path with `segment` added.
    pub fn child(&self, segment: Segment) -> KeyPath {
        let mut segments = self.0.clone();
        segments.push(segment);
        KeyPath(segments)
    }

    /// A top-level key.
    pub fn key(key: &str) -> KeyPath {
        KeyPath(vec![Segment::Key(key.to_owned())])
    }
}

impl fmt::Display for KeyPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, segment) in self.0.iter().enumerate() {
            match segment {
                Segment::Key(key) if i == 0 => f.write_str(key)?,
                Segment::Key(key) => write!(f, ".{key}")?,
                Segment::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

impl std::str::FromStr for KeyPath {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        KeyPath::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_diagnostics_notation_and_prints_it_back() {
        for text in [
            "chi_tieu[16].chi_tieu_giao",
            "nguoi_ky.ho_ten",
            "phu_luc[1].ten_cot.chu_tri",
            "chi_tieu[3].con[2].ten",
            "phu_luc[2].ly_do_bai_bo.khoi-nghiep",
            "can_cu[2]",
            "van_ban",
        ] {
            let path = KeyPath::parse(text).unwrap();
            assert_eq!(path.to_string(), text);
        }
        assert_eq!(
            KeyPath::parse("chi_tieu[16].chi_tieu_giao").unwrap().0,
            vec![
                Segment::Key("chi_tieu".into()),
                Segment::Index(16),
                Segment::Key("chi_tieu_giao".into()),
            ]
        );
    }

    #[test]
    fn refuses_what_is_not_a_key_path() {
        for text in [
            "",
            "chi_tieu[0]",
            "chi_tieu[x]",
            "chi_tieu[1",
            "[1]",
            "a..b",
            "a.",
            "a[1]b",
            "tên",
        ] {
            assert!(KeyPath::parse(text).is_err(), "{text:?} accepted");
        }
    }
}
