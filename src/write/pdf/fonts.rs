//! Fonts: Liberation Serif embedded in the binary (metric-compatible with
//! Times New Roman), plus any fonts of `--font-dir`.

use std::path::Path;

use typst::foundations::Bytes;
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;

/// Liberation Serif, the faces the table widths are measured with.
use crate::doc::metrics::EMBEDDED;
use crate::doc::style::ND30;

/// Larger font files exist (CJK collections reach 30 MB); none this large.
pub const MAX_FONT_BYTES: u64 = 64 * 1024 * 1024;

/// A font file of `--font-dir`, read bounded: a FIFO or a device named
/// `x.ttf` is refused instead of blocking or filling memory.
fn read_font(path: &Path) -> std::io::Result<Vec<u8>> {
    use crate::input::{ReadError, read_bounded};
    read_bounded(path, MAX_FONT_BYTES).map_err(|err| {
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

/// Whether the embedded fonts have a glyph for `c` (what a PDF made
/// without `--font-dir` can print).
pub fn embedded_covers(c: char) -> bool {
    static FONTS: std::sync::OnceLock<Vec<Font>> = std::sync::OnceLock::new();
    FONTS
        .get_or_init(|| {
            EMBEDDED
                .iter()
                .flat_map(|data| Font::iter(Bytes::new(*data)))
                .collect()
        })
        .iter()
        .any(|f| f.info().coverage.contains(u32::from(c)))
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
