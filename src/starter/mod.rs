//! Starter plans for `kehoach new`: a kind's `templates/<loai>/mau.toml.j2`
//! rendered with one commune's data into a commented TOML plan.
//!
//! The starter is TOML written by a template, so its one escaping boundary
//! is TOML's: every text value goes through the `toml_string` filter, which
//! prints a complete, quoted, escaped TOML string. The environment's
//! formatter refuses to print any other text, so a value can never be
//! pasted in raw: a commune named `Hòa "Bình" \ 1` still yields valid TOML.
//! Integers and booleans print as TOML literals (`nam = {{ nam }}`).
//!
//! Like the prose templates, a starter runs with fuel and can include only
//! files of the template set (a kind's own, else `templates/chung/`). The
//! text it produces is parsed back as a plan before it is returned, so a
//! broken template can never leave a file that `check` cannot even read.
//! Rendering never reads the clock: the year is the caller's.

mod file;

use std::path::PathBuf;

use minijinja::Value;
use serde::Serialize;

use crate::templates::{Engine, Output, TemplateError, Templates};

pub use file::{NewPlan, NewPlanError, write_new_plan};

/// The starter template of a kind, inside its folder.
pub const STARTER: &str = "mau.toml.j2";

/// The JSON Schema `kehoach new` writes beside the plan, so that the
/// starter's first line finds it with no network and no install path: VS Code
/// with Even Better TOML (taplo) resolves it relative to the plan file.
pub const SCHEMA_FILE: &str = "ke-hoach.schema.json";

/// The commune a new plan is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Commune {
    /// The commune's name without "xã" ("Quảng Ngọc").
    pub xa: String,
    /// The province ("Thanh Hóa").
    pub tinh: String,
    /// The plan's year.
    pub nam: i64,
}

/// What a starter template sees.
#[derive(Serialize)]
struct StarterContext<'a> {
    xa: &'a str,
    tinh: &'a str,
    nam: i64,
    /// The kind's id ("chi-tieu"), for `loai = …`.
    loai: &'a str,
}

/// Why no starter could be made.
#[derive(Debug, Clone, PartialEq)]
pub enum StarterError {
    /// No such kind in the template set.
    UnknownKind { kind: String, kinds: Vec<String> },
    /// The kind has no `mau.toml.j2`.
    NoStarter { kind: String },
    /// The commune's name is blank.
    BlankCommune,
    /// The starter template failed (syntax, undefined value, fuel …).
    Template(TemplateError),
    /// The starter ran but its output is not a readable plan.
    InvalidPlan { file: String, details: String },
}

impl StarterError {
    /// Whether the caller asked for something impossible (as opposed to a
    /// template that failed): the CLI exits 2 for these, 3 for the others.
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            StarterError::UnknownKind { .. }
                | StarterError::NoStarter { .. }
                | StarterError::BlankCommune
        )
    }
}

impl std::fmt::Display for StarterError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StarterError::UnknownKind { kind, kinds } => {
                write!(f, "không có loại kế hoạch \"{kind}\"")?;
                if let Some(best) = crate::plan::did_you_mean(kind, kinds) {
                    write!(f, "; có phải ý bạn là \"{best}\"?")?;
                }
                write!(
                    f,
                    " Các loại có sẵn: {} (xem `kehoach templates`)",
                    kinds.join(", ")
                )
            }
            StarterError::NoStarter { kind } => write!(
                f,
                "loại kế hoạch \"{kind}\" không có kế hoạch mẫu (thiếu tệp {kind}/{STARTER} trong thư mục mẫu)"
            ),
            StarterError::BlankCommune => {
                write!(f, "tên xã đang để trống (ghi ví dụ --xa \"Quảng Ngọc\")")
            }
            StarterError::Template(err) => err.fmt(f),
            StarterError::InvalidPlan { file, details } => write!(
                f,
                "mẫu {file} sinh ra một kế hoạch không đọc được; sửa mẫu:\n{details}"
            ),
        }
    }
}

impl std::error::Error for StarterError {}

/// Renders `kind`'s starter plan for `commune`; returns the TOML text.
pub fn render_starter(
    templates: &Templates,
    kind: &str,
    commune: &Commune,
) -> Result<String, StarterError> {
    if !templates.has_kind(kind) {
        return Err(StarterError::UnknownKind {
            kind: kind.to_owned(),
            kinds: templates.kinds(),
        });
    }
    let xa = commune.xa.trim();
    if xa.is_empty() {
        return Err(StarterError::BlankCommune);
    }
    // Only the kind's own starter: a kind without one has nothing to start
    // from, and falling back to another kind's would mislabel the plan.
    let Some((file, source)) = templates.file(&format!("{kind}/{STARTER}")) else {
        return Err(StarterError::NoStarter {
            kind: kind.to_owned(),
        });
    };
    let context = StarterContext {
        xa,
        tinh: commune.tinh.trim(),
        nam: commune.nam,
        loai: kind,
    };
    let context = Value::from(minijinja::value::Serde(&context));
    let text = Engine::new(templates, kind, Output::Toml)
        .render_source(STARTER, &file, &source, &context)
        .map_err(StarterError::Template)?;
    let (_, diagnostics) = crate::plan::parse(&text);
    let errors: Vec<String> = diagnostics
        .iter()
        .filter(|d| d.severity == crate::diagnostic::Severity::Error)
        .take(3)
        .map(|d| d.render(&format!("{file} (kết quả)"), &text))
        .collect();
    if !errors.is_empty() {
        return Err(StarterError::InvalidPlan {
            file,
            details: errors.join("\n"),
        });
    }
    // Every starter, a user's template included, points the editor at the
    // schema; a template that already has the line keeps its own.
    if text.starts_with("#:schema") {
        Ok(text)
    } else {
        Ok(format!("#:schema ./{SCHEMA_FILE}\n{text}"))
    }
}

/// The file name part for a commune: ASCII lowercase without diacritics,
/// words joined by "-" ("Quảng Ngọc" → "quang-ngoc"); "ke-hoach" if nothing
/// is left.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    let mut gap = false;
    for ch in text.chars().flat_map(char::to_lowercase) {
        // A name typed decomposed (NFD: "o" + U+0300) loses its marks,
        // not a letter's place: "Hòa" is "hoa" either way.
        if ('\u{300}'..='\u{36f}').contains(&ch) {
            continue;
        }
        if out.len() >= SLUG_MAX && gap {
            // A file name has a length limit; the slug stops at a word.
            break;
        }
        let base = strip_diacritics(ch);
        if base.is_ascii_alphanumeric() {
            if gap && !out.is_empty() {
                out.push('-');
            }
            out.push(base);
            gap = false;
            if out.len() >= 2 * SLUG_MAX {
                break;
            }
        } else {
            gap = true;
        }
    }
    if out.is_empty() {
        "ke-hoach".to_owned()
    } else {
        out
    }
}

/// About where a slug stops (at the end of a word; one very long word is
/// cut at twice this): file names are limited to 255 bytes.
const SLUG_MAX: usize = 60;

/// The default file of a new plan: `plans/<slug of xã>-<năm>.toml`.
pub fn default_path(commune: &Commune) -> PathBuf {
    PathBuf::from("plans").join(format!("{}-{}.toml", slug(&commune.xa), commune.nam))
}

/// The Latin base letter of a lowercase Vietnamese letter ('ạ' → 'a',
/// 'đ' → 'd'); other characters are returned unchanged.
fn strip_diacritics(ch: char) -> char {
    const GROUPS: [(char, &str); 6] = [
        ('a', "àáảãạăằắẳẵặâầấẩẫậ"),
        ('e', "èéẻẽẹêềếểễệ"),
        ('i', "ìíỉĩị"),
        ('o', "òóỏõọôồốổỗộơờớởỡợ"),
        ('u', "ùúủũụưừứửữự"),
        ('y', "ỳýỷỹỵ"),
    ];
    if ch == 'đ' {
        return 'd';
    }
    GROUPS
        .iter()
        .find(|(_, marked)| marked.contains(ch))
        .map_or(ch, |(base, _)| *base)
}

/// The calendar year of a moment given in seconds since 1970 (UTC), for a
/// default `--nam`; rendering itself never reads the clock.
pub fn year_of_unix_seconds(seconds: i64) -> i64 {
    // Howard Hinnant's days-to-civil algorithm, year part only.
    let days = seconds.div_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month_is_jan_or_feb = mp >= 10;
    yoe + era * 400 + i64::from(month_is_jan_or_feb)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn commune(xa: &str) -> Commune {
        Commune {
            xa: xa.to_owned(),
            tinh: "Thanh Hóa".to_owned(),
            nam: 2027,
        }
    }

    use crate::templates::test_overlay as overlay;

    #[test]
    fn slugs_are_ascii_without_diacritics() {
        assert_eq!(slug("Quảng Ngọc"), "quang-ngoc");
        assert_eq!(slug("Hòa Bình Test"), "hoa-binh-test");
        assert_eq!(slug("  Đông Sơn  "), "dong-son");
        assert_eq!(slug("Ngọc \"Lặc\" \\ 2"), "ngoc-lac-2");
        assert_eq!(slug("ỲỴ Ữ"), "yy-u");
        assert_eq!(slug("!!!"), "ke-hoach");
        // Decomposed (NFD) as some keyboards type it.
        assert_eq!(slug("Ho\u{300}a Bi\u{300}nh"), "hoa-binh");
        let long = slug(&"Quảng Ngọc ".repeat(1000));
        assert!(
            long.len() <= 2 * SLUG_MAX && long.ends_with("quang"),
            "whole words: {long}"
        );
        assert!(slug(&"a".repeat(10_000)).len() <= 2 * SLUG_MAX);
    }

    #[test]
    fn years_come_from_unix_seconds() {
        assert_eq!(year_of_unix_seconds(0), 1970);
        assert_eq!(year_of_unix_seconds(1_767_225_599), 2025); // 2025-12-31T23:59:59Z
        assert_eq!(year_of_unix_seconds(1_767_225_600), 2026); // 2026-01-01T00:00:00Z
        assert_eq!(year_of_unix_seconds(951_782_400), 2000); // 2000-02-29
        assert_eq!(year_of_unix_seconds(-1), 1969);
    }

    #[test]
    fn the_default_file_is_under_plans() {
        assert_eq!(
            default_path(&commune("Quảng Ngọc")),
            PathBuf::from("plans/quang-ngoc-2027.toml")
        );
    }

    #[test]
    fn an_unknown_kind_lists_the_kinds() {
        let err = render_starter(&Templates::embedded(), "chi-teiu", &commune("X")).unwrap_err();
        assert!(err.is_usage());
        let text = err.to_string();
        assert!(
            text.contains("không có loại kế hoạch \"chi-teiu\""),
            "{text}"
        );
        assert!(text.contains("chi-tieu"), "{text}");
    }

    #[test]
    fn raw_text_cannot_be_printed_into_the_toml() {
        let (_d, t) = overlay(&[
            ("k/loai.toml", "mo_ta = \"\""),
            ("k/mau.toml.j2", "[van_ban]\nxa = \"{{ xa }}\"\n"),
        ]);
        let err = render_starter(&t, "k", &commune("X")).unwrap_err();
        assert!(!err.is_usage());
        assert!(err.to_string().contains("toml_string"), "{err}");
    }

    #[test]
    fn a_broken_starter_names_its_file_and_line() {
        let (_d, t) = overlay(&[
            ("k/loai.toml", "mo_ta = \"\""),
            ("k/mau.toml.j2", "# dòng 1\n{% if %}\n"),
        ]);
        let StarterError::Template(err) = render_starter(&t, "k", &commune("X")).unwrap_err()
        else {
            panic!("a template error");
        };
        assert_eq!(err.line, Some(2));
        assert!(err.file.ends_with("k/mau.toml.j2"), "{err}");
    }

    #[test]
    fn output_that_is_not_a_plan_is_refused() {
        let (_d, t) = overlay(&[
            ("k/loai.toml", "mo_ta = \"\""),
            ("k/mau.toml.j2", "[van_ban]\nxa = {{ xa | toml_string }}\n"),
        ]);
        let err = render_starter(&t, "k", &commune("X")).unwrap_err();
        assert!(matches!(err, StarterError::InvalidPlan { .. }), "{err}");
    }

    #[test]
    fn a_kind_without_a_starter_says_so() {
        let (_d, t) = overlay(&[("k/loai.toml", "mo_ta = \"\"")]);
        let err = render_starter(&t, "k", &commune("X")).unwrap_err();
        assert_eq!(err, StarterError::NoStarter { kind: "k".into() });
    }
}
