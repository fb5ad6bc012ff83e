//! Rendering many plan files at once (a province's communes): in parallel
//! on all cores, fonts and templates loaded once, each plan's failure its
//! own — one bad plan never stops the others.
//!
//! One plain thread per core, each taking the next plan only when it has
//! finished the last. Not rayon: typst parallelises inside with rayon, and
//! a rayon worker waiting there would steal and start another plan on the
//! same stack — dozens of half-done plans, gigabytes held, and in the end a
//! stack overflow (measured: 24 of 30 plans in flight, 2.5 GB for 200).

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::{RenderOptions, Valid, check_file, check_kept, render};
use crate::check::CheckedPlan;
use crate::output::stale::NotKept;
use crate::output::{Left, PlanVersion, is_plain_name, write_versioned_set};
use crate::templates::Templates;
use crate::write::pdf::PdfWriter;

/// What became of one plan file.
#[derive(Debug)]
pub struct Outcome {
    pub path: PathBuf,
    /// Its diagnostics (errors and warnings), rendered for the terminal.
    pub diagnostics: String,
    pub result: Result<Vec<PathBuf>, Failure>,
    /// Files of an earlier run removed because the plan no longer has them.
    pub removed: Vec<PathBuf>,
    /// Files of an earlier run the plan no longer has, kept since they were
    /// changed after kehoach wrote them.
    pub kept_altered: Vec<PathBuf>,
    /// Why files left from an earlier render (a partial render does not
    /// rewrite them) are now wrong, one line each.
    pub stale: Vec<String>,
}

/// Why a plan produced nothing (its previous files are kept).
#[derive(Debug)]
pub enum Failure {
    /// The plan has errors.
    Invalid { errors: usize },
    /// A template or a writer failed.
    Render(String),
    /// The files could not be written.
    Write(String),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Invalid { errors } => write!(
                f,
                "{errors} lỗi, không dựng văn bản (các tệp đã có được giữ nguyên)"
            ),
            Failure::Render(message) => f.write_str(message),
            Failure::Write(message) => write!(
                f,
                "không ghi được kết quả: {message} (các tệp cũ được giữ nguyên)"
            ),
        }
    }
}

/// The plan files named by `args`: a folder stands for the `.toml` files in
/// it (sorted; `.TOML` as Windows may name them too); anything else is
/// taken as given, so a bad path is reported by the loader like any
/// unreadable plan. A file named twice (`a.toml ./a.toml`, or a folder and
/// a file in it) is rendered once.
pub fn collect_plans(args: &[PathBuf]) -> Vec<PathBuf> {
    let mut plans = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for arg in args {
        let mut inside: Vec<PathBuf> = std::fs::read_dir(arg)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.is_file() && is_toml(p))
                    .collect()
            })
            .unwrap_or_default();
        if inside.is_empty() {
            inside.push(arg.clone());
        } else {
            inside.sort();
        }
        for plan in inside {
            let identity = std::fs::canonicalize(&plan).unwrap_or_else(|_| plan.clone());
            if seen.insert(identity) {
                plans.push(plan);
            }
        }
    }
    plans
}

fn is_toml(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
}

/// The output folder of each plan, `out_root/<file stem>`, or why the
/// batch cannot run: a stem that is no folder name (`..`), or two plans
/// that would write into the same folder (one commune's files lost).
pub fn out_dirs(plans: &[PathBuf], out_root: &Path) -> Result<Vec<PathBuf>, String> {
    let mut dirs = Vec::with_capacity(plans.len());
    let mut seen: std::collections::HashMap<String, &Path> = std::collections::HashMap::new();
    for path in plans {
        let stem = path
            .file_stem()
            .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
        if !is_plain_name(&stem) {
            return Err(format!(
                "tên tệp `{}` không dùng làm tên thư mục kết quả được (\"{stem}\"); đổi tên tệp kế hoạch, ví dụ quang-ngoc-2026.toml",
                path.display()
            ));
        }
        if let Some(first) = seen.insert(stem.clone(), path) {
            return Err(format!(
                "`{}` và `{}` cùng tên, sẽ ghi đè lên nhau trong `{}`; đổi tên một trong hai tệp hoặc dựng riêng từng tệp với --out khác nhau",
                first.display(),
                path.display(),
                out_root.join(&stem).display()
            ));
        }
        dirs.push(out_root.join(stem));
    }
    Ok(dirs)
}

/// Whether a file an earlier run wrote is still made by a plan with
/// `appendices` appendices: `phu-luc-N.*` only while N ≤ that count.
fn still_made(name: &str, appendices: usize) -> bool {
    let Some(rest) = name.strip_prefix("phu-luc-") else {
        return true;
    };
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse::<usize>().is_ok_and(|n| n <= appendices)
}

/// Checks, renders and writes one plan into `out_dir`.
pub fn render_file(
    path: &Path,
    templates: &Templates,
    pdf: &PdfWriter,
    out_dir: &Path,
    options: &RenderOptions,
) -> Outcome {
    let checked = check_file(path, templates);
    let diagnostics = if checked.diagnostics().is_empty() {
        String::new()
    } else {
        checked.render_diagnostics()
    };
    let outcome = |result| Outcome {
        path: path.to_path_buf(),
        diagnostics: diagnostics.clone(),
        result,
        removed: Vec::new(),
        kept_altered: Vec::new(),
        stale: Vec::new(),
    };
    let errors = checked.error_count();
    let source = checked.source();
    let Some(Valid { plan, composed }) = &checked.valid else {
        return outcome(Err(Failure::Invalid { errors }));
    };
    // Composed once, by `check_file`.
    let written = match composed {
        Ok(composed) => render(composed, pdf, out_dir, options).map_err(|e| e.to_string()),
        Err(template) => Err(template.to_string()),
    };
    let files = match written {
        Ok(files) => files,
        Err(message) => return outcome(Err(Failure::Render(message))),
    };
    let set: Vec<(String, &[u8])> = files
        .iter()
        .map(|f| {
            let name = f.path.file_name().unwrap_or_default();
            (name.to_string_lossy().into_owned(), f.bytes.as_slice())
        })
        .collect();
    let appendices = plan.appendices.len();
    // The version is the plan with its originals: a changed original
    // changes what the documents print.
    let kept = checked.kept_text();
    let version = PlanVersion::of(&kept);
    let still = |name: &str| still_made(name, appendices);
    match write_versioned_set(out_dir, &set, &still, Some(&version)) {
        Ok(written) => Outcome {
            removed: written.removed,
            kept_altered: written.kept_altered,
            stale: explain_stale(out_dir, &source.path, &written.stale, plan, templates),
            ..outcome(Ok(files.into_iter().map(|f| f.path).collect()))
        },
        Err(err) => outcome(Err(Failure::Write(format!(
            "`{}`: {err}",
            out_dir.display()
        )))),
    }
}

/// One line per stale file and change it prints: "ke-hoach.pdf vẫn ghi
/// chỉ tiêu 16 là 35,4% (nay là 40%) ở mục III.5 và Phụ lục I (dòng 16)".
/// Each version a file was made from is checked (as kept, with the
/// originals it was made with) and compared with `plan` once.
fn explain_stale(
    dir: &Path,
    plan_path: &Path,
    stale: &[(String, Left)],
    plan: &CheckedPlan,
    templates: &Templates,
) -> Vec<String> {
    let left = crate::output::stale::left_from(dir, stale);
    let changes: Vec<Result<crate::diff::Changes, String>> = left
        .versions
        .iter()
        .map(|kept| match kept {
            Ok(kept) => {
                let checked = check_kept(plan_path, kept.text.clone(), templates);
                match checked.plan() {
                    Some(old) => Ok(crate::diff::compare(old, plan, templates)),
                    None => Err(format!(
                        "bản lưu `{}` của bản ấy không còn kiểm tra được để so sánh",
                        kept.path.display()
                    )),
                }
            }
            Err(NotKept::Missing) => Err("không còn bản lưu của bản ấy để so sánh".to_owned()),
            Err(NotKept::Edited(path)) => Err(format!(
                "bản lưu `{}` của bản ấy đã bị sửa tay nên không dùng để so sánh",
                path.display()
            )),
        })
        .collect();
    left.files
        .iter()
        .flat_map(|(name, version)| match version.map(|v| &changes[v]) {
            None => vec![format!(
                "{name} đã bị sửa hoặc thay sau khi kehoach dựng (nội dung không còn như lúc ghi), nên không biết nó ghi gì"
            )],
            // Made from another version, but nothing it prints changed.
            Some(Ok(changes)) => crate::diff::stale_lines(changes, name),
            Some(Err(why)) => vec![format!(
                "{name} được dựng từ một bản kế hoạch cũ hơn ({why})"
            )],
        })
        .collect()
}

/// Renders one plan, a panic caught and reported as that plan's failure:
/// one bad plan never takes the batch down.
fn render_isolated(
    path: &Path,
    templates: &Templates,
    pdf: &PdfWriter,
    out_dir: &Path,
    options: &RenderOptions,
) -> Outcome {
    let run = || render_file(path, templates, pdf, out_dir, options);
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)).unwrap_or_else(|_| Outcome {
        path: path.to_path_buf(),
        diagnostics: String::new(),
        result: Err(Failure::Render(
            "lỗi nội bộ khi dựng kế hoạch này (các tệp cũ được giữ nguyên); xin gửi tệp kế hoạch cho người phát triển".to_owned(),
        )),
        removed: Vec::new(),
        kept_altered: Vec::new(),
        stale: Vec::new(),
    })
}

/// Stack of each rendering thread: typst and the writers recurse over the
/// document; nesting is bounded by `check`, this leaves a wide margin.
const WORKER_STACK: usize = 64 * 1024 * 1024;

/// Renders every plan, in parallel; `done` hears of each as it finishes.
/// The outcomes come back in the order of `plans`.
pub fn render_all(
    plans: &[PathBuf],
    out_dirs: &[PathBuf],
    templates: &Templates,
    pdf: &PdfWriter,
    options: &RenderOptions,
    done: &(dyn Fn(&Outcome) + Sync),
) -> Vec<Outcome> {
    let workers = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .min(plans.len())
        .max(1);
    let next = AtomicUsize::new(0);
    let slots: Vec<Mutex<Option<Outcome>>> = plans.iter().map(|_| Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let work = || {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let (Some(path), Some(out_dir)) = (plans.get(index), out_dirs.get(index))
                    else {
                        break;
                    };
                    let outcome = render_isolated(path, templates, pdf, out_dir, options);
                    crate::write::pdf::forget_layouts();
                    done(&outcome);
                    if let Ok(mut slot) = slots[index].lock() {
                        *slot = Some(outcome);
                    }
                }
            };
            let spawned = std::thread::Builder::new()
                .stack_size(WORKER_STACK)
                .spawn_scoped(scope, work);
            if spawned.is_err() {
                // No thread to be had: the plans left are reported below.
                break;
            }
        }
    });
    slots
        .into_iter()
        .zip(plans)
        .map(|(slot, path)| {
            slot.into_inner().ok().flatten().unwrap_or_else(|| Outcome {
                path: path.clone(),
                diagnostics: String::new(),
                result: Err(Failure::Render(
                    "tiến trình dựng bị dừng giữa chừng".to_owned(),
                )),
                removed: Vec::new(),
                kept_altered: Vec::new(),
                stale: Vec::new(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `.TOML` is a plan too, and a file named twice is one plan. (The
    /// first was skipped without a word, the second refused as two plans
    /// of one name.)
    #[test]
    fn upper_case_plans_are_found_and_a_file_named_twice_is_taken_once() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["Xa-A.toml", "Xa-B.TOML", "ghi-chu.txt"] {
            std::fs::write(dir.path().join(name), "").unwrap();
        }
        let folder = dir.path().to_path_buf();
        let a = folder.join("Xa-A.toml");
        let plans = collect_plans(std::slice::from_ref(&folder));
        assert_eq!(plans, [a.clone(), folder.join("Xa-B.TOML")]);
        let again = collect_plans(&[a.clone(), folder.join(".").join("Xa-A.toml"), folder]);
        assert_eq!(again, [a, dir.path().join("Xa-B.TOML")]);
        assert!(out_dirs(&again, Path::new("out")).is_ok());
    }
}
