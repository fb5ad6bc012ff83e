//! The issued plan an adjustment appendix refers to (`ban_goc`): found
//! beside the adjusting plan, read and checked by the same pipeline, so its
//! problems are reported with its own file, line and column.
//!
//! `ban_goc` is user text naming a file: only a relative path inside the
//! plan's folder, ending in `.toml`, is followed, and it is read with the
//! same bounded read as any plan. No other file is ever opened for it.

use std::path::{Component, Path, PathBuf};

use crate::check::checked::AppendixTable;
use crate::check::{CheckedPlan, Originals};
use crate::diagnostic::Diagnostic;
use crate::pipeline::{Checked, check_file_at};
use crate::plan::{Appendix, Plan, toml_date};
use crate::templates::Templates;

/// How many originals deep a chain of adjustments may go (an adjustment of
/// an adjustment …).
pub const MAX_DEPTH: usize = 4;

/// What loading the originals of one plan produced.
#[derive(Default)]
pub struct Loaded {
    pub originals: Originals,
    /// Problems located at the adjusting plan's `ban_goc`.
    pub diagnostics: Vec<Diagnostic>,
    /// The originals as checked, each with its own diagnostics.
    pub files: Vec<Checked>,
}

/// Loads and checks the original of every adjustment appendix of `plan`,
/// read from `plan_path`; `chain` holds the plans (canonical paths) whose
/// originals are being loaded, `plan_path` last, so a loop is caught.
pub fn load_originals(
    plan: &Plan,
    plan_path: &Path,
    templates: &Templates,
    chain: &[PathBuf],
) -> Loaded {
    let mut loaded = Loaded::default();
    for (i, appendix) in plan.phu_luc.iter().enumerate() {
        let Some(file) = &appendix.ban_goc else {
            continue;
        };
        if appendix.loai.get_ref() != "dieu-chinh" || loaded.originals.contains_key(file.get_ref())
        {
            continue;
        }
        let key = format!("phu_luc[{}].ban_goc", i + 1);
        let error = |message: String, help: &str| {
            Diagnostic::error(message, Some(file.span()))
                .with_key(key.clone())
                .with_help(help)
        };
        let original = match locate(plan_path, file.get_ref()) {
            Err((message, help)) => Err(error(message, help)),
            Ok(path) if chain.contains(&canonical(&path)) => Err(error(
                format!(
                    "bản gốc \"{}\" lại là chính kế hoạch này, hoặc trỏ vòng về nó",
                    file.get_ref()
                ),
                "`ban_goc` là tệp kế hoạch đã ban hành trước, không phải tệp đang điều chỉnh",
            )),
            Ok(_) if chain.len() > MAX_DEPTH => Err(error(
                format!("các bản gốc lồng nhau quá {MAX_DEPTH} tầng"),
                "bản gốc phải là kế hoạch đã ban hành; điều chỉnh thẳng từ bản đó",
            )),
            Ok(path) => {
                let checked = check_file_at(&path, templates, chain);
                let result = accept(&checked, file.get_ref(), &path)
                    .map_err(|(m, h)| error(m, h))
                    .and_then(|plan| issued(plan, appendix, i, &mut loaded.diagnostics));
                if let Ok(original) = &result {
                    loaded
                        .diagnostics
                        .extend(removed_reason_errors(plan, original, appendix, i));
                }
                loaded.files.push(checked);
                result
            }
        };
        let value = match original {
            Ok(plan) => Some(plan),
            Err(diagnostic) => {
                loaded.diagnostics.push(diagnostic);
                None
            }
        };
        loaded.originals.insert(file.get_ref().clone(), value);
    }
    loaded
}

/// A warning at `ban_goc` for each adjustment appendix that would be an
/// empty table: no indicator's target differs from its original's.
pub fn unchanged_warnings(plan: &Plan, checked: &CheckedPlan) -> Vec<Diagnostic> {
    plan.phu_luc
        .iter()
        .zip(&checked.appendices)
        .enumerate()
        .filter_map(|(i, (written, appendix))| {
            let AppendixTable::Adjustment { original, .. } = &appendix.table else {
                return None;
            };
            let file = written.ban_goc.as_ref()?;
            (crate::compose::adjustment_rows(checked, original) == 0).then(|| {
                Diagnostic::warning(
                    format!(
                        "không chỉ tiêu nào đổi so với bản gốc \"{}\": phụ lục điều chỉnh chỉ có dòng tiêu đề",
                        file.get_ref()
                    ),
                    Some(file.span()),
                )
                .with_key(format!("phu_luc[{}].ban_goc", i + 1))
                .with_help("sửa `chi_tieu_giao` của các chỉ tiêu cần điều chỉnh trong tệp này, hoặc bỏ phụ lục")
            })
        })
        .collect()
}

/// The original with the number and date it was issued under: its own
/// `so` and `ngay`, or, when its file is still the draft (the văn thư gives
/// them at signing and they are often never written back), the adjusting
/// appendix's `so_ban_goc` and `ngay_ban_goc`. One fact from two sources
/// must agree; a redundant one is warned about in `warnings`.
fn issued(
    mut plan: CheckedPlan,
    appendix: &Appendix,
    index: usize,
    warnings: &mut Vec<Diagnostic>,
) -> Result<CheckedPlan, Diagnostic> {
    let key = |name: &str| format!("phu_luc[{}].{name}", index + 1);
    let number = match (plan.header.number, &appendix.so_ban_goc) {
        (own, None) => own,
        (None, Some(given)) => Some(*given.get_ref()),
        (Some(own), Some(given)) if own != *given.get_ref() => {
            return Err(Diagnostic::error(
                format!(
                    "số của bản gốc ghi hai nơi khác nhau: tệp bản gốc ghi số {own}, `so_ban_goc` ghi {}",
                    given.get_ref()
                ),
                Some(given.span()),
            )
            .with_key(key("so_ban_goc"))
            .with_help("tệp bản gốc đã có `so` thì bỏ `so_ban_goc`; nếu số trong tệp bản gốc sai, sửa `so` ở [van_ban] của tệp đó"));
        }
        (Some(own), Some(given)) => {
            warnings.push(
                Diagnostic::warning(
                    format!("tệp bản gốc đã ghi số {own}: `so_ban_goc` thừa"),
                    Some(given.span()),
                )
                .with_key(key("so_ban_goc"))
                .with_help("bỏ khóa `so_ban_goc`; số lấy từ `so` của tệp bản gốc"),
            );
            Some(own)
        }
    };
    // An impossible `ngay_ban_goc` is reported by the rules; it counts as
    // given, so no second error says the date is missing.
    let given_date = appendix
        .ngay_ban_goc
        .as_ref()
        .map(|d| (d, toml_date(d.get_ref())));
    let signed = match (plan.header.signed, given_date) {
        (own, None) | (own, Some((_, None))) => own,
        (None, Some((_, Some(given)))) => Some(given),
        (Some(own), Some((written, Some(given)))) if own != given => {
            return Err(Diagnostic::error(
                format!(
                    "ngày ký của bản gốc ghi hai nơi khác nhau: tệp bản gốc ghi {}, `ngay_ban_goc` ghi {}",
                    own.short(),
                    given.short()
                ),
                Some(written.span()),
            )
            .with_key(key("ngay_ban_goc"))
            .with_help("tệp bản gốc đã có `ngay` thì bỏ `ngay_ban_goc`; nếu ngày trong tệp bản gốc sai, sửa `ngay` ở [van_ban] của tệp đó"));
        }
        (Some(own), Some((written, Some(_)))) => {
            warnings.push(
                Diagnostic::warning(
                    format!(
                        "tệp bản gốc đã ghi ngày ký {}: `ngay_ban_goc` thừa",
                        own.short()
                    ),
                    Some(written.span()),
                )
                .with_key(key("ngay_ban_goc"))
                .with_help("bỏ khóa `ngay_ban_goc`; ngày lấy từ `ngay` của tệp bản gốc"),
            );
            Some(own)
        }
    };
    let date_given = appendix.ngay_ban_goc.is_some();
    let missing = match (number, signed.is_some() || date_given) {
        (None, false) => Some((
            "số và ngày ký",
            "`so_ban_goc = 28` và `ngay_ban_goc = 2026-01-24`",
        )),
        (None, true) => Some(("số", "`so_ban_goc = 28`")),
        (Some(_), false) => Some(("ngày ký", "`ngay_ban_goc = 2026-01-24`")),
        (Some(_), true) => None,
    };
    if let Some((what, keys)) = missing {
        let file = appendix
            .ban_goc
            .as_ref()
            .map(|f| (f.get_ref().as_str(), f.span()));
        let (name, span) = file.unwrap_or_default();
        return Err(Diagnostic::error(
            format!("bản gốc \"{name}\" chưa có {what} (tệp còn là dự thảo)"),
            Some(span),
        )
        .with_key(key("ban_goc"))
        .with_help(format!(
            "ghi số, ngày văn thư đã cấp khi ký bản gốc vào phụ lục này, ví dụ {keys}; hoặc ghi `so`, `ngay` trong [van_ban] của tệp bản gốc"
        )));
    }
    plan.header.number = number;
    if let Some(date) = signed {
        plan.header.signed = Some(date);
        plan.header.date = date;
    }
    Ok(plan)
}

/// An error for each `ly_do_bai_bo` entry whose id is not an indicator of
/// the original that this plan dropped: a reason nobody prints is a typo.
fn removed_reason_errors(
    plan: &Plan,
    original: &CheckedPlan,
    appendix: &Appendix,
    index: usize,
) -> Vec<Diagnostic> {
    let kept: Vec<&str> = plan
        .chi_tieu
        .iter()
        .flat_map(|ct| std::iter::once(ct).chain(&ct.con))
        .map(|ct| ct.id.get_ref().as_str())
        .collect();
    let issued: Vec<&str> = original
        .indicators
        .iter()
        .flat_map(|ct| std::iter::once(ct).chain(&ct.children))
        .map(|ct| ct.id.as_str())
        .collect();
    let removed: Vec<String> = issued
        .iter()
        .filter(|id| !kept.contains(id))
        .map(|id| (*id).to_owned())
        .collect();
    let hint = |id: &str| match crate::plan::did_you_mean(id, &removed) {
        Some(near) => format!(
            "có phải \"{near}\"? Các chỉ tiêu bị bãi bỏ: {}",
            removed.join(", ")
        ),
        None if removed.is_empty() => {
            "không chỉ tiêu nào của bản gốc bị bãi bỏ: bỏ bảng `ly_do_bai_bo`".to_owned()
        }
        None => format!("các chỉ tiêu bị bãi bỏ: {}", removed.join(", ")),
    };
    appendix
        .ly_do_bai_bo
        .iter()
        .filter(|(id, _)| !removed.contains(id))
        .map(|(id, reason)| {
            let message = if kept.contains(&id.as_str()) {
                format!("chỉ tiêu \"{id}\" vẫn còn trong kế hoạch này, không bị bãi bỏ")
            } else {
                format!("bản gốc không có chỉ tiêu \"{id}\"")
            };
            let help = if kept.contains(&id.as_str()) {
                format!("lý do điều chỉnh một chỉ tiêu còn giữ ghi ở `ly_do_dieu_chinh` của chỉ tiêu đó; {}", hint(id))
            } else {
                hint(id)
            };
            Diagnostic::error(message, Some(reason.span()))
                .with_key(format!("phu_luc[{}].ly_do_bai_bo.{id}", index + 1))
                .with_help(help)
        })
        .collect()
}

/// The original's checked plan, if it has no errors.
fn accept(
    checked: &Checked,
    name: &str,
    path: &Path,
) -> Result<CheckedPlan, (String, &'static str)> {
    let errors = checked.error_count();
    let Some(plan) = checked.plan.as_ref().filter(|_| errors == 0) else {
        return Err((
            format!(
                "bản gốc \"{name}\" có {errors} lỗi (in kèm theo, tại {})",
                path.display()
            ),
            "sửa các lỗi của bản gốc; bản gốc phải là đúng tệp kế hoạch đã ban hành",
        ));
    };
    Ok(plan.clone())
}

/// The path that identifies a file however it was named.
pub(crate) fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// The file `name` names beside `plan_path`, if `name` is a plain relative
/// path to a `.toml` file inside the plan's folder that exists.
fn locate(plan_path: &Path, name: &str) -> Result<PathBuf, (String, &'static str)> {
    let relative = Path::new(name.trim());
    let plain = !name.trim().is_empty()
        && !name.contains('\\')
        && relative
            .components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
    if !plain {
        return Err((
            format!("tệp bản gốc \"{name}\" không nằm trong thư mục của kế hoạch"),
            "ghi tên tệp, hoặc đường dẫn tương đối không có `..` và không bắt đầu bằng `/`, ví dụ `ban_goc = \"quang-ngoc-2026.toml\"`",
        ));
    }
    if relative.extension().and_then(|e| e.to_str()) != Some("toml") {
        return Err((
            format!("tệp bản gốc \"{name}\" không phải tệp kế hoạch `.toml`"),
            "ghi tên tệp kế hoạch đã ban hành, có đuôi `.toml`",
        ));
    }
    let folder = plan_path.parent().unwrap_or(Path::new(""));
    let path = folder.join(relative);
    if !crate::input::exists(&path) {
        return Err((
            format!(
                "không tìm thấy tệp bản gốc \"{name}\" (tìm tại {})",
                path.display()
            ),
            "kiểm tra tên tệp; bản gốc tính từ thư mục chứa tệp kế hoạch này",
        ));
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(name: &str) -> String {
        locate(Path::new("plans/x.toml"), name).unwrap_err().0
    }

    #[test]
    fn only_relative_toml_files_inside_the_folder_are_followed() {
        assert!(refused("../x.toml").contains("không nằm trong thư mục"));
        assert!(refused("/etc/x.toml").contains("không nằm trong thư mục"));
        assert!(refused("a/../../x.toml").contains("không nằm trong thư mục"));
        assert!(refused("a\\x.toml").contains("không nằm trong thư mục"));
        assert!(refused("").contains("không nằm trong thư mục"));
        assert!(refused("x.txt").contains("không phải tệp kế hoạch"));
        assert!(refused("khong-co.toml").contains("không tìm thấy"));
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("goc.toml"), "").unwrap();
        let plan = dir.path().join("moi.toml");
        assert_eq!(
            locate(&plan, "goc.toml").unwrap(),
            dir.path().join("goc.toml")
        );
        assert!(locate(&plan, "./goc.toml").is_ok());
    }
}
