//! A plan file together with the plan files its adjustment appendices name
//! (`ban_goc`), as loaded: what `check` reads. Each file is here once,
//! however many appendices name it and however they spell it, so checking
//! costs one pass per file whatever the shape of the references.
//!
//! Finding and reading the files is the pipeline's job
//! (`pipeline::originals`); this is only what it found.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::load::{Loaded, SourceFile, parse};

/// The plan file and its originals.
#[derive(Debug)]
pub struct PlanFiles {
    /// The plan first, then every original it leads to, each once.
    pub files: Vec<Loaded>,
    /// Where each `ban_goc` of each file leads: by the index of the file in
    /// `files` and the `ban_goc` as written. A `ban_goc` with no link was
    /// not looked up (a plan checked alone).
    pub links: BTreeMap<(usize, String), Link>,
}

/// What a `ban_goc` leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link {
    /// A file of [`PlanFiles::files`] (perhaps one that leads back here).
    File(usize),
    /// A file that was not read, and why.
    Refused(Refusal),
}

/// Why the file a `ban_goc` names was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Not a plain relative path inside the plan's folder.
    Outside,
    /// Not a `.toml` file.
    NotToml,
    /// No file at this path.
    NotFound(PathBuf),
    /// An original deeper than `LIMITS.original_depth` below the plan.
    TooDeep,
    /// More files than `LIMITS.plan_files` in all.
    TooMany,
}

impl PlanFiles {
    /// A plan checked alone: its originals are not looked up.
    pub fn single(plan: Loaded) -> Self {
        PlanFiles {
            files: vec![plan],
            links: BTreeMap::new(),
        }
    }

    /// Plan text from elsewhere than a file (a test, a fuzzer, an editor),
    /// checked alone; `path` is what its diagnostics call it.
    pub fn from_text(path: &Path, text: &str) -> Self {
        let (plan, diagnostics) = parse(text);
        PlanFiles::single(Loaded {
            source: SourceFile {
                path: path.to_path_buf(),
                text: text.to_owned(),
            },
            plan,
            diagnostics,
        })
    }
}
