//! The originals of a plan's adjustment appendices (`ban_goc`), checked
//! from the files the pipeline read (`plan::PlanFiles`), without touching
//! the disk. Each file is checked once, however many appendices name it;
//! its own problems are reported with its own file, line and column, and
//! the adjusting plan says at its `ban_goc` why an original cannot serve.

use std::collections::BTreeSet;
use std::sync::Arc;

use super::checked::{AppendixTable, CheckedPlan, Issued, Original, Originals};
use super::compare::{Indicators, changed_targets};
use crate::diagnostic::{Diagnostic, Severity};
use crate::limits::LIMITS;
use crate::plan::schema::AppendixKind;
use crate::plan::{Appendix, Link, Plan, PlanFiles, Refusal, toml_date};
use crate::templates::Templates;

/// Where the check of each file stands.
enum State {
    Unchecked,
    /// Its originals are being checked: a `ban_goc` leading here is a loop.
    Checking,
    /// Checked; the plan if it has no errors.
    Checked(Option<Box<CheckedPlan>>),
}

/// The check of a plan and its originals, file by file, each once.
pub(super) struct Walk<'f> {
    files: &'f PlanFiles,
    templates: &'f Templates,
    state: Vec<State>,
    diagnostics: Vec<Vec<Diagnostic>>,
    /// What an adjustment compares with, made once per valid original.
    shared: Vec<Option<Arc<Original>>>,
}

impl<'f> Walk<'f> {
    pub(super) fn new(files: &'f PlanFiles, templates: &'f Templates) -> Self {
        let n = files.files.len();
        Walk {
            files,
            templates,
            state: (0..n).map(|_| State::Unchecked).collect(),
            diagnostics: vec![Vec::new(); n],
            shared: vec![None; n],
        }
    }

    /// Checks file `index` (after the originals it names), unless done.
    pub(super) fn check(&mut self, index: usize) {
        if !matches!(self.state[index], State::Unchecked) {
            return;
        }
        self.state[index] = State::Checking;
        let loaded = &self.files.files[index];
        let mut diagnostics = loaded.diagnostics.clone();
        let checked = match &loaded.plan {
            Some(plan) => {
                let originals = self.originals(index, plan, &mut diagnostics);
                let (checked, found) = super::plan::check_plan(plan, self.templates, &originals);
                diagnostics.extend(found);
                if let Some(checked) = &checked {
                    diagnostics.extend(unchanged_warnings(plan, checked));
                }
                diagnostics.extend(super::glyphs::glyph_warnings(&loaded.source.text));
                diagnostics.sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
                checked
            }
            None => None,
        };
        let valid = !diagnostics.iter().any(|d| d.severity == Severity::Error);
        self.diagnostics[index] = diagnostics;
        self.state[index] = State::Checked(checked.filter(|_| valid).map(Box::new));
    }

    /// The diagnostics of each file, and the plan (file 0) if valid.
    pub(super) fn finish(mut self) -> (Vec<Vec<Diagnostic>>, Option<CheckedPlan>) {
        let plan = match std::mem::replace(&mut self.state[0], State::Unchecked) {
            State::Checked(plan) => plan.map(|plan| *plan),
            _ => None,
        };
        (self.diagnostics, plan)
    }

    /// The originals of the adjustment appendices of `plan` (file
    /// `index`), each checked first; a problem with one is said at the
    /// appendix's `ban_goc`, in `diagnostics`.
    fn originals(
        &mut self,
        index: usize,
        plan: &Plan,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Originals {
        let mut originals = Originals::new();
        for (i, appendix) in plan.phu_luc.iter().enumerate() {
            if AppendixKind::from_key(appendix.loai.get_ref()) != Some(AppendixKind::Adjustment) {
                continue;
            }
            let Some(file) = &appendix.ban_goc else {
                continue;
            };
            // Not looked up: said by `appendices`.
            let Some(link) = self.files.links.get(&(index, file.get_ref().clone())) else {
                continue;
            };
            let name = file.get_ref();
            let error = |(message, help): (String, String)| {
                Diagnostic::error(message, Some(file.span()))
                    .with_key(format!("phu_luc[{}].ban_goc", i + 1))
                    .with_help(help)
            };
            let found = match link {
                Link::Refused(refusal) => Err(error(refused(name, refusal))),
                Link::File(j) if matches!(self.state[*j], State::Checking) => Err(error((
                    format!("bản gốc \"{name}\" lại là chính kế hoạch này, hoặc trỏ vòng về nó"),
                    "`ban_goc` là tệp kế hoạch đã ban hành trước, không phải tệp đang điều chỉnh"
                        .to_owned(),
                ))),
                Link::File(j) => {
                    self.check(*j);
                    self.accepted(*j, name).map_err(error).and_then(|original| {
                        let issued = issued(&original, appendix, i, diagnostics)?;
                        diagnostics.extend(removed_reason_errors(plan, &original, appendix, i));
                        Ok((original, issued))
                    })
                }
            };
            match found {
                Ok(found) => originals.insert(i, Some(found)),
                Err(diagnostic) => {
                    diagnostics.push(diagnostic);
                    originals.insert(i, None)
                }
            };
        }
        originals
    }

    /// What file `index` (checked) gives an adjustment, or why it cannot
    /// serve as an original: errors of its own or of its originals.
    fn accepted(&mut self, index: usize, name: &str) -> Result<Arc<Original>, (String, String)> {
        if let Some(original) = &self.shared[index] {
            return Ok(original.clone());
        }
        let errors = self.error_count(index);
        match &self.state[index] {
            State::Checked(Some(plan)) if errors == 0 => {
                let original = Arc::new(Original::of(plan));
                self.shared[index] = Some(original.clone());
                Ok(original)
            }
            _ => Err((
                format!(
                    "bản gốc \"{name}\" có {errors} lỗi (in kèm theo, tại {})",
                    self.files.files[index].source.path.display()
                ),
                "sửa các lỗi của bản gốc; bản gốc phải là đúng tệp kế hoạch đã ban hành".to_owned(),
            )),
        }
    }

    /// Errors of file `index` and of every file it leads to, each once.
    fn error_count(&self, index: usize) -> usize {
        let mut seen = BTreeSet::new();
        let mut stack = vec![index];
        while let Some(file) = stack.pop() {
            if !seen.insert(file) {
                continue;
            }
            stack.extend(
                self.files
                    .links
                    .iter()
                    .filter_map(|((from, _), link)| match link {
                        Link::File(to) if *from == file => Some(*to),
                        _ => None,
                    }),
            );
        }
        seen.iter()
            .flat_map(|&file| &self.diagnostics[file])
            .filter(|d| d.severity == Severity::Error)
            .count()
    }
}

/// Why a `ban_goc` was not read, and what to do, in Vietnamese.
fn refused(name: &str, refusal: &Refusal) -> (String, String) {
    let (message, help) = match refusal {
        Refusal::Outside => (
            format!("tệp bản gốc \"{name}\" không nằm trong thư mục của kế hoạch"),
            "ghi tên tệp, hoặc đường dẫn tương đối không có `..` và không bắt đầu bằng `/`, ví dụ `ban_goc = \"quang-ngoc-2026.toml\"`",
        ),
        Refusal::NotToml => (
            format!("tệp bản gốc \"{name}\" không phải tệp kế hoạch `.toml`"),
            "ghi tên tệp kế hoạch đã ban hành, có đuôi `.toml`",
        ),
        Refusal::NotFound(path) => (
            format!(
                "không tìm thấy tệp bản gốc \"{name}\" (tìm tại {})",
                path.display()
            ),
            "kiểm tra tên tệp; bản gốc tính từ thư mục chứa tệp kế hoạch này",
        ),
        Refusal::LinkOutside(real) => (
            format!(
                "tệp bản gốc \"{name}\" là liên kết tượng trưng dẫn ra ngoài thư mục của kế hoạch (tới {}); kehoach không đọc theo",
                real.display()
            ),
            "chép tệp bản gốc vào thư mục của kế hoạch (hoặc đặt kế hoạch cạnh bản gốc) rồi ghi tên tệp ấy",
        ),
        Refusal::NotAFile(path) => (
            format!(
                "\"{name}\" ({}) không phải một tệp kế hoạch mà là thư mục hay thiết bị",
                path.display()
            ),
            "ghi tên tệp kế hoạch đã ban hành, có đuôi `.toml`",
        ),
        Refusal::TooDeep => (
            format!("các bản gốc lồng nhau quá {} tầng", LIMITS.original_depth),
            "bản gốc phải là kế hoạch đã ban hành; điều chỉnh thẳng từ bản đó",
        ),
        Refusal::TooMany => (
            format!(
                "bản gốc \"{name}\" không được đọc: một lần kiểm tra đọc tối đa {} tệp kế hoạch",
                LIMITS.plan_files
            ),
            "bản gốc phải là kế hoạch đã ban hành; điều chỉnh thẳng từ bản đó, bỏ các phụ lục điều chỉnh thừa",
        ),
    };
    (message, help.to_owned())
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
            let old = Indicators::new(&original.indicators, &original.indicator_groups);
            let new = Indicators::new(&checked.indicators, &checked.indicator_groups);
            changed_targets(&old, &new).is_empty().then(|| {
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
    original: &Original,
    appendix: &Appendix,
    index: usize,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Issued, Diagnostic> {
    let key = |name: &str| format!("phu_luc[{}].{name}", index + 1);
    let number = match (original.header.number, &appendix.so_ban_goc) {
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
    let signed = match (original.header.signed, given_date) {
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
    match (number, signed, missing) {
        (Some(number), Some(date), None) => Ok(Issued { number, date }),
        // A date given but impossible was reported by the rules.
        (Some(number), None, None) => Ok(Issued {
            number,
            date: original.header.date,
        }),
        _ => {
            let (what, keys) = missing.unwrap_or_default();
            let file = appendix
                .ban_goc
                .as_ref()
                .map(|f| (f.get_ref().as_str(), f.span()));
            let (name, span) = file.unwrap_or_default();
            Err(Diagnostic::error(
                format!("bản gốc \"{name}\" chưa có {what} (tệp còn là dự thảo)"),
                Some(span),
            )
            .with_key(key("ban_goc"))
            .with_help(format!(
                "ghi số, ngày văn thư đã cấp khi ký bản gốc vào phụ lục này, ví dụ {keys}; hoặc ghi `so`, `ngay` trong [van_ban] của tệp bản gốc"
            )))
        }
    }
}

/// An error for each `ly_do_bai_bo` entry whose id is not an indicator of
/// the original that this plan dropped: a reason nobody prints is a typo.
fn removed_reason_errors(
    plan: &Plan,
    original: &Original,
    appendix: &Appendix,
    index: usize,
) -> Vec<Diagnostic> {
    let kept: Vec<&str> = plan
        .chi_tieu
        .iter()
        .flat_map(|ct| std::iter::once(ct).chain(&ct.con))
        .map(|ct| ct.id.get_ref().as_str())
        .collect();
    let removed: Vec<String> = Indicators::new(&original.indicators, &original.indicator_groups)
        .iter()
        .map(|e| e.indicator.id.as_str())
        .filter(|id| !kept.contains(id))
        .map(str::to_owned)
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
