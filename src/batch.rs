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

use crate::output::write_all_atomic;
use crate::pipeline::{RenderOptions, check_file, render};
use crate::templates::Templates;
use crate::write::pdf::PdfWriter;

/// What became of one plan file.
#[derive(Debug)]
pub struct Outcome {
    pub path: PathBuf,
    /// Its diagnostics (errors and warnings), rendered for the terminal.
    pub diagnostics: String,
    pub result: Result<Vec<PathBuf>, Failure>,
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
/// it (sorted); anything else is taken as given, so a bad path is reported
/// by the loader like any unreadable plan.
pub fn collect_plans(args: &[PathBuf]) -> Vec<PathBuf> {
    let mut plans = Vec::new();
    for arg in args {
        let mut inside: Vec<PathBuf> = std::fs::read_dir(arg)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "toml"))
                    .collect()
            })
            .unwrap_or_default();
        if inside.is_empty() {
            plans.push(arg.clone());
        } else {
            inside.sort();
            plans.append(&mut inside);
        }
    }
    plans
}

/// Checks, renders and writes one plan into `out_root/<file stem>/`.
pub fn render_file(
    path: &Path,
    templates: &Templates,
    pdf: &PdfWriter,
    out_root: &Path,
    options: &RenderOptions,
) -> Outcome {
    let checked = check_file(path, templates);
    let diagnostics = if checked.diagnostics.is_empty() {
        String::new()
    } else {
        checked.render_diagnostics()
    };
    let outcome = |result| Outcome {
        path: path.to_path_buf(),
        diagnostics: diagnostics.clone(),
        result,
    };
    let Some(plan) = checked.plan else {
        return outcome(Err(Failure::Invalid {
            errors: checked.error_count(),
        }));
    };
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("ke-hoach");
    let out_dir = out_root.join(stem);
    let files = match render(&plan, templates, pdf, &out_dir, options) {
        Ok(files) => files,
        Err(err) => return outcome(Err(Failure::Render(err.to_string()))),
    };
    let batch: Vec<(PathBuf, &[u8])> = files
        .iter()
        .map(|f| (f.path.clone(), f.bytes.as_slice()))
        .collect();
    let result = match write_all_atomic(&batch) {
        Ok(()) => Ok(files.into_iter().map(|f| f.path).collect()),
        Err(err) => Err(Failure::Write(format!("`{}`: {err}", out_dir.display()))),
    };
    outcome(result)
}

/// Renders every plan, in parallel; `done` hears of each as it finishes.
/// The outcomes come back in the order of `plans`.
pub fn render_all(
    plans: &[PathBuf],
    templates: &Templates,
    pdf: &PdfWriter,
    out_root: &Path,
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
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = plans.get(index) else { break };
                    let outcome = render_file(path, templates, pdf, out_root, options);
                    // Typst memoises layouts; a batch must not keep every
                    // plan's (measured: 104 MB for 200 plans, not 2.5 GB).
                    typst::comemo::evict(0);
                    done(&outcome);
                    if let Ok(mut slot) = slots[index].lock() {
                        *slot = Some(outcome);
                    }
                }
            });
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
            })
        })
        .collect()
}
