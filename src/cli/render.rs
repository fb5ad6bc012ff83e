//! `kehoach render`: the batch run and what it prints.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use indicatif::{ProgressBar, ProgressStyle};

use kehoach::pipeline::RenderOptions;
use kehoach::pipeline::batch;
use kehoach::templates::Templates;
use kehoach::write::pdf::PdfWriter;

use super::exit::Exit;

/// Files a partial render left from an older version of the plan: what
/// each still says, and the command that brings them up to date.
fn stale_warning(outcome: &batch::Outcome, out_root: &Path) {
    if outcome.stale.is_empty() {
        return;
    }
    eprintln!("cảnh báo: trong thư mục kết quả còn tệp dựng từ bản kế hoạch cũ, nay không khớp:");
    for line in &outcome.stale {
        eprintln!("  - {line}");
    }
    let out = if out_root == Path::new("out") {
        String::new()
    } else {
        format!(" --out {}", out_root.display())
    };
    eprintln!(
        "  dựng lại đủ mọi tệp cho khớp: kehoach render {}{out}",
        outcome.path.display()
    );
}

/// `kehoach render`: every plan, in parallel, with a progress bar on a
/// terminal; what was written, removed and left stale.
pub fn render_all(
    plans: &[PathBuf],
    templates: &Templates,
    pdf: &PdfWriter,
    out_root: &Path,
    options: &RenderOptions,
) -> ExitCode {
    let plans = batch::collect_plans(plans);
    let out_dirs = match batch::out_dirs(&plans, out_root) {
        Ok(dirs) => dirs,
        Err(message) => {
            eprintln!("lỗi: {message}; không dựng kế hoạch nào");
            return Exit::Usage.into();
        }
    };
    // A progress bar with count and time left, on a terminal and for more
    // than one plan; nothing otherwise (logs and pipes stay clean).
    let bar = if plans.len() > 1 && std::io::stderr().is_terminal() {
        let bar = ProgressBar::new(plans.len() as u64);
        bar.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} kế hoạch · còn {eta}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    } else {
        ProgressBar::hidden()
    };
    let report = |outcome: &batch::Outcome| {
        bar.suspend(|| {
            if !outcome.diagnostics.is_empty() {
                eprintln!("{}", outcome.diagnostics);
            }
            if let Err(failure) = &outcome.result {
                eprintln!("lỗi: {}: {failure}", outcome.path.display());
            }
        });
        bar.inc(1);
    };
    let outcomes = batch::render_all(&plans, &out_dirs, templates, pdf, options, &report);
    bar.finish_and_clear();
    let mut worst = Exit::Done;
    let mut made = 0;
    for outcome in &outcomes {
        match &outcome.result {
            Ok(files) => {
                made += 1;
                for file in files {
                    println!("đã ghi {}", file.display());
                }
                for file in &outcome.removed {
                    println!(
                        "đã xóa {} (lần dựng trước ghi ra; kế hoạch nay không còn phụ lục này)",
                        file.display()
                    );
                }
                for file in &outcome.kept_altered {
                    eprintln!(
                        "cảnh báo: không xóa {} dù kế hoạch nay không còn phụ lục này: tệp đã bị sửa sau lần dựng trước (xóa tay nếu không cần)",
                        file.display()
                    );
                }
                stale_warning(outcome, out_root);
            }
            Err(batch::Failure::Invalid { .. }) if worst == Exit::Done => worst = Exit::Invalid,
            Err(batch::Failure::Invalid { .. }) => {}
            Err(_) => worst = Exit::Write,
        }
    }
    if outcomes.len() > 1 {
        println!("đã dựng {made}/{} kế hoạch", outcomes.len());
    }
    worst.into()
}
