//! Fonts: Liberation Serif embedded in the binary (metric-compatible with
//! Times New Roman), plus any fonts of `--font-dir`.

use std::path::Path;

use typst::foundations::Bytes;
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;

/// Liberation Serif, the faces the table widths are measured with.
use crate::doc::metrics::EMBEDDED;
use crate::doc::style::ND30;

/// A font file of `--font-dir`, read bounded: a FIFO or a device named
/// `x.ttf` is refused instead of blocking or filling memory.
fn read_font(path: &Path) -> std::io::Result<Vec<u8>> {
    use crate::input::{ReadError, read_bounded};
    read_bounded(path, crate::limits::LIMITS.font_bytes).map_err(|err| {
        let name = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        match err {
            ReadError::Io(err) => err,
            ReadError::NotRegular(kind) => {
                std::io::Error::other(format!("`{name}` là {kind}, không phải tệp phông"))
            }
            ReadError::TooLarge(limit) => std::io::Error::other(format!(
                "`{name}` lớn quá giới hạn {limit} byte của một tệp phông"
            )),
        }
    })
}

/// Loaded fonts and their book; built once, shared by every document.
pub struct FontSet {
    pub book: LazyHash<FontBook>,
    pub fonts: Vec<Font>,
}

impl FontSet {
    /// The embedded fonts, then those found in `extra_dir` (not recursive;
    /// files that are not fonts are skipped).
    pub fn load(extra_dir: Option<&Path>) -> std::io::Result<FontSet> {
        let mut fonts: Vec<Font> = EMBEDDED
            .iter()
            .flat_map(|data| Font::iter(Bytes::new(*data)))
            .collect();
        if let Some(dir) = extra_dir {
            let mut paths: Vec<_> = std::fs::read_dir(dir)?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| {
                    p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                        matches!(
                            e.to_ascii_lowercase().as_str(),
                            "ttf" | "otf" | "ttc" | "otc"
                        )
                    })
                })
                .collect();
            // Sorted, so the font order (and the output) does not depend on
            // the order the file system lists them in.
            paths.sort();
            for path in paths {
                let data = read_font(&path)?;
                fonts.extend(Font::iter(Bytes::new(data)));
            }
        }
        let book = LazyHash::new(FontBook::from_fonts(&fonts));
        Ok(FontSet { book, fonts })
    }

    /// The families to ask for, best first: Times New Roman when present.
    pub fn families(&self) -> Vec<&'static str> {
        let has_office = self
            .fonts
            .iter()
            .any(|f| f.info().family.eq_ignore_ascii_case(ND30.font.office));
        if has_office {
            vec![ND30.font.office, ND30.font.embedded]
        } else {
            vec![ND30.font.embedded]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `check` warns from `doc::metrics::covers`; typst prints from its
    /// own coverage of the same faces. The two must agree on every
    /// character, or a warning would be missing or false.
    #[test]
    fn the_coverage_check_warns_from_is_typsts() {
        let fonts = FontSet::load(None).expect("embedded fonts");
        for code in 0..0x3_0000u32 {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            let typst = fonts.fonts.iter().any(|f| f.info().coverage.contains(code));
            assert_eq!(crate::doc::metrics::covers(c), typst, "U+{code:04X}");
        }
    }
}
