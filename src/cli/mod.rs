//! The `kehoach` command: arguments in, library calls, exit codes out.
//! Exit codes: 0 ok, 1 invalid plan, 2 wrong usage, 3 could not write or
//! render the output.
//!
//! - `args`: every argument (clap derive);
//! - `messages`: clap's usage errors in Vietnamese;
//! - `exit`: the exit codes;
//! - `commands`, `diff`, `new`, `nhap`, `render`: what each command does and prints;
//! - `explorer`: a start from Explorer (double-click, a plan dropped on the .exe);
//! - `platform`: what differs between Windows and the other systems.

mod args;
mod commands;
mod diff;
mod exit;
mod explorer;
mod messages;
mod new;
mod nhap;
mod platform;
mod render;

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;

use args::{Cli, Command};
use exit::Exit;
use kehoach::pipeline::RenderOptions;
use kehoach::templates::Templates;
use kehoach::write::pdf::{FontSet, PdfWriter};

/// Runs what the program was started for, and says how it ended.
pub fn run() -> ExitCode {
    let _console = platform::Utf8Console::enter();
    let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    match explorer::start(&args) {
        Some(start) => explorer::run(start),
        None => run_command_line(),
    }
}

/// Parses the arguments, runs the command, and says how it ended.
fn run_command_line() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            return match messages::usage_error(&err) {
                Some(message) => {
                    eprintln!("{message}");
                    Exit::Usage.into()
                }
                None => {
                    let _ = err.print();
                    Exit::Done.into()
                }
            };
        }
    };
    let templates = match &cli.templates {
        Some(dir) if !dir.is_dir() => {
            eprintln!("lỗi: không tìm thấy thư mục mẫu `{}`", dir.display());
            return Exit::Usage.into();
        }
        Some(dir) => Templates::with_overlay(dir),
        None => Templates::embedded(),
    };
    match cli.command {
        Command::Check { plans } => commands::check(&plans, &templates),
        Command::Render {
            plans,
            out,
            font_dir,
            emit_typst,
            format,
            parts,
            pdf_standard,
            no_signature_fields,
        } => {
            let fonts = match FontSet::load(font_dir.as_deref()) {
                Ok(fonts) => Arc::new(fonts),
                Err(err) => {
                    let dir = font_dir.as_deref().unwrap_or(Path::new(""));
                    eprintln!(
                        "lỗi: không đọc được thư mục phông `{}`: {err}",
                        dir.display()
                    );
                    return Exit::Usage.into();
                }
            };
            let pdf = PdfWriter::new(fonts, pdf_standard.into());
            let pdf = if no_signature_fields {
                pdf.without_signature_fields()
            } else {
                pdf
            };
            let options = RenderOptions {
                emit_typst,
                parts: parts.into(),
                formats: format.into(),
            };
            render::render_all(&plans, &templates, &pdf, &out, &options)
        }
        Command::New {
            kind,
            xa,
            tinh,
            nam,
            out,
            force,
        } => new::new_plan(&templates, &kind, xa, tinh, nam, out, force),
        Command::Schema { markdown } => {
            let vocabulary = templates.vocabulary();
            let schema = kehoach::plan::reference::json_schema(&vocabulary);
            if markdown {
                print!(
                    "{}",
                    kehoach::plan::reference::markdown(&schema, &vocabulary)
                );
            } else {
                println!("{}", kehoach::plan::reference::schema_text(&schema));
            }
            Exit::Done.into()
        }
        Command::Diff { files, git } => commands::diff(&files, git, &templates),
        Command::Nhap {
            file,
            kind,
            out,
            force,
        } => nhap::import_plan(&templates, &file, kind.as_deref(), out, force),
        Command::Preview {
            plan,
            port,
            no_open,
        } => {
            platform::install_stop();
            let options = kehoach::preview::Options {
                plan,
                folder: std::path::PathBuf::from("."),
                templates_dir: cli.templates.clone(),
                port,
                host: kehoach::preview::Host {
                    open_browser: (!no_open).then_some(platform::open_browser as fn(&str)),
                    stop_requested: platform::stop_requested,
                    how_to_stop: if platform::console_is_ours() {
                        explorer::HOW_TO_STOP
                    } else {
                        "Ctrl-C để dừng"
                    },
                },
            };
            match kehoach::preview::run(&options, templates) {
                Ok(()) => Exit::Done.into(),
                Err(err) => {
                    eprintln!("lỗi: {}", err.0);
                    Exit::Usage.into()
                }
            }
        }
        Command::Templates => {
            for kind in templates.describe() {
                println!("{:<12} {}", kind.id, kind.description);
            }
            Exit::Done.into()
        }
    }
}
