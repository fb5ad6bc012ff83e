//! The stages chained for one plan file, as the CLI runs them: load (the
//! plan and the originals it names, `originals`) → check → compose →
//! write (`render`). Everything is made in memory first and written only
//! when every part succeeded. `batch` runs it for many plan files at once
//! and writes their output folders.

#[cfg(feature = "render")]
pub mod batch;
pub mod originals;
#[cfg(feature = "engine")]
mod render;

use std::collections::BTreeMap;
use std::path::Path;

use crate::check::{CheckedPlan, check};
use crate::compose::{Composed, compose};
use crate::diagnostic::{Diagnostic, Severity};
use crate::limits::LIMITS;
use crate::plan::{Link, Loaded, PlanFiles, SourceFile, load, parse};
use crate::templates::{TemplateError, Templates};

#[cfg(feature = "engine")]
pub use render::{Formats, OutputFile, Parts, RenderError, RenderOptions, render};

/// A plan file after loading and checking, with the originals it adjusts.
pub struct Checked {
    /// The plan first, then each original it leads to, each once.
    pub files: Vec<CheckedFile>,
    /// Where each `ban_goc` of each file led (`PlanFiles::links`).
    pub links: BTreeMap<(usize, String), Link>,
    /// Present when the plan has no errors (warnings allowed).
    pub valid: Option<Valid>,
}

/// One file as checked.
pub struct CheckedFile {
    pub source: SourceFile,
    /// Its problems, ordered by position.
    pub diagnostics: Vec<Diagnostic>,
}

/// A plan without errors: what it was checked into, and what composing it
/// gave (documents, or the template error `render` reports).
pub struct Valid {
    pub plan: CheckedPlan,
    pub composed: Result<Composed, TemplateError>,
}

impl Checked {
    /// What to keep of the version checked, so that it can be checked
    /// again later exactly as now: the plan's text, or, when it has
    /// originals, the plan and its originals as they were read
    /// ([`PlanFiles::bundle`]).
    pub fn kept_text(&self) -> String {
        if self.files.len() == 1 {
            return self.source().text.clone();
        }
        let sources: Vec<&SourceFile> = self.files.iter().map(|f| &f.source).collect();
        PlanFiles::bundle(&sources, &self.links)
    }

    /// The plan's file.
    pub fn source(&self) -> &SourceFile {
        &self.files[0].source
    }

    /// The plan's own problems (its originals' are in `files`).
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.files[0].diagnostics
    }

    /// The checked plan, when it has no errors.
    pub fn plan(&self) -> Option<&CheckedPlan> {
        self.valid.as_ref().map(|v| &v.plan)
    }

    /// Number of errors (not warnings), in the plan and its originals.
    pub fn error_count(&self) -> usize {
        self.files
            .iter()
            .flat_map(|f| &f.diagnostics)
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// The diagnostics of the plan, then of each original that has some,
    /// rendered rustc-style: for each file the first
    /// [`LIMITS.shown_diagnostics`](crate::limits::Limits::shown_diagnostics),
    /// then how many more there are (each one shown costs a pass over the
    /// file; thousands would take minutes).
    pub fn render_diagnostics(&self) -> String {
        let mut shown = vec![render_file(&self.files[0])];
        shown.extend(
            self.files[1..]
                .iter()
                .filter(|f| !f.diagnostics.is_empty())
                .map(render_file),
        );
        shown.join("\n")
    }
}

fn render_file(file: &CheckedFile) -> String {
    let path = file.source.display_path();
    let mut shown: Vec<String> = file
        .diagnostics
        .iter()
        .take(LIMITS.shown_diagnostics)
        .map(|d| d.render(&path, &file.source.text))
        .collect();
    let hidden = file
        .diagnostics
        .len()
        .saturating_sub(LIMITS.shown_diagnostics);
    if hidden > 0 {
        shown.push(format!(
            "… và {hidden} lỗi/cảnh báo khác chưa in (sửa các lỗi trên rồi chạy lại)"
        ));
    }
    shown.join("\n")
}

/// Loads and checks a plan file with the originals it names; a valid plan
/// is composed too, for the warnings about its layout.
pub fn check_file(path: &Path, templates: &Templates) -> Checked {
    check_files(originals::with_originals(load(path)), templates)
}

/// Checks a version of a plan as [`Checked::kept_text`] kept it; `path` is
/// the plan's file now (a plain kept text names its originals beside it).
pub fn check_kept(path: &Path, kept: String, templates: &Templates) -> Checked {
    match PlanFiles::from_bundle(&kept) {
        Some(files) => check_files(files, templates),
        None => check_text(path, kept, templates),
    }
}

/// Checks plan text that came from elsewhere than a file (stdin, `git
/// show`); `name` is what its diagnostics call it ("HEAD~1:plans/x.toml").
/// A `ban_goc` in it is looked for beside `name`.
pub fn check_text(name: &Path, text: String, templates: &Templates) -> Checked {
    check_text_beside(name, text, name, templates)
}

/// [`check_text`] of a version of the plan file `beside` (from stdin, from
/// a git revision): a `ban_goc` in it is looked for beside that file.
pub fn check_text_beside(
    name: &Path,
    text: String,
    beside: &Path,
    templates: &Templates,
) -> Checked {
    let text = crate::plan::normalised(text);
    let (plan, diagnostics) = parse(&text);
    let source = SourceFile {
        path: name.to_path_buf(),
        text,
    };
    let loaded = Loaded {
        source,
        plan,
        diagnostics,
    };
    check_files(originals::with_originals_beside(loaded, beside), templates)
}

/// Checks a plan and the originals already read with it (the first of
/// `files`), and composes a valid plan: what every way into kehoach runs
/// (the commands, the preview, the fuzzer). What composing decides on its
/// own (a page turned for its columns) is said here too, before anything
/// is written; the documents are kept, so `render` does not compose again.
pub fn check_files(files: PlanFiles, templates: &Templates) -> Checked {
    let report = check(&files, templates);
    let mut checked_files: Vec<CheckedFile> = files
        .files
        .into_iter()
        .zip(report.files)
        .map(|(loaded, diagnostics)| CheckedFile {
            source: loaded.source,
            diagnostics,
        })
        .collect();
    let valid = report.plan.map(|plan| {
        let composed = compose(&plan, templates).map(|mut composed| {
            let diagnostics = &mut checked_files[0].diagnostics;
            diagnostics.append(&mut composed.warnings);
            diagnostics.sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
            composed
        });
        Valid { plan, composed }
    });
    Checked {
        files: checked_files,
        links: files.links,
        valid,
    }
}
