//! `kehoach check` and the arguments of `kehoach diff`.

use std::path::PathBuf;
use std::process::ExitCode;

use kehoach::pipeline::batch;
use kehoach::pipeline::check_file;
use kehoach::templates::Templates;

use super::exit::Exit;

/// `kehoach diff`: OLD NEW, `-` NEW, or FILE --git REV.
pub fn diff(files: &[PathBuf], git: Option<String>, templates: &Templates) -> ExitCode {
    use super::diff::{Old, run};
    let (old, new) = match (files, git) {
        ([new], Some(rev)) => (Old::Git(rev), new),
        ([old, new], None) if old.as_os_str() == "-" => (Old::Stdin, new),
        ([old, new], None) => (Old::File(old.clone()), new),
        _ => {
            eprintln!(
                "lỗi: cần hai tệp (`kehoach diff CŨ.toml MỚI.toml`) hoặc một tệp với --git (`kehoach diff KẾ_HOẠCH.toml --git HEAD~1`)"
            );
            return Exit::CannotCompare.into();
        }
    };
    run(&old, new, templates).into()
}

/// `kehoach check`: every problem of each plan, and whether it is valid.
pub fn check(plans: &[PathBuf], templates: &Templates) -> ExitCode {
    let mut invalid = 0;
    for path in &batch::collect_plans(plans) {
        let checked = check_file(path, templates);
        if !checked.diagnostics().is_empty() {
            eprintln!("{}", checked.render_diagnostics());
        }
        let errors = checked.error_count();
        if errors > 0 {
            invalid += 1;
            eprintln!("{}: {errors} lỗi", path.display());
        } else {
            println!("{}: hợp lệ", path.display());
        }
    }
    if invalid > 0 {
        Exit::Invalid.into()
    } else {
        Exit::Done.into()
    }
}
