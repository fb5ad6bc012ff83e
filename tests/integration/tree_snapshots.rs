//! The document tree of every plan in `plans/`, as text
//! (`Document::outline`), against its insta snapshot
//! (`snapshots/integration__tree_snapshots__<plan>.snap`). What the page says
//! is checked here, before any writer; the PDF and DOCX tests keep only what
//! the formats alone can show.
//!
//! After an intended change: `cargo insta review`, or
//! `INSTA_UPDATE=always cargo test --release -- tree_snapshots` and read
//! the diff of `snapshots/` before committing it (CONTRIBUTING.md).

use std::path::{Path, PathBuf};

use crate::common::root;
use crate::harness::Test;
use kehoach::compose::compose;
use kehoach::pipeline::check_file;
use kehoach::templates::Templates;

fn outline_of(plan_file: &Path) -> String {
    let templates = Templates::embedded();
    // As the CLI checks it: an adjustment appendix reads its original too.
    let checked = check_file(plan_file, &templates);
    let diagnostics = checked.diagnostics();
    let plan = checked.plan().unwrap_or_else(|| panic!("{diagnostics:?}"));
    let composed = compose(plan, &templates).expect("the plan composes");
    let mut out = composed.plan.outline();
    // Each appendix alone is the plan's appendix part under its own title.
    for (i, appendix) in composed.appendices.iter().enumerate() {
        assert_eq!(
            appendix.parts.as_slice(),
            &composed.plan.parts[i + 1..i + 2]
        );
        out.push_str(&format!(
            "\n=== phu-luc-{} alone: {}\n",
            i + 1,
            appendix.meta.title
        ));
    }
    out
}

/// The plans of `plans/`, sorted.
fn plans() -> Vec<PathBuf> {
    let mut plans: Vec<PathBuf> = std::fs::read_dir(root().join("plans"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    plans.sort();
    assert!(!plans.is_empty(), "no plan in plans/");
    plans
}

/// One test per plan, `tree_snapshots::<plan>`, so that each plan that
/// differs is reported (and can be run) on its own.
pub fn tests() -> Vec<Test> {
    plans()
        .into_iter()
        .map(|plan| {
            let name = plan.file_stem().unwrap().to_string_lossy().into_owned();
            let path = format!("{}::{name}", module_path!());
            Test::new(&path, vec![], move || matches_its_snapshot(&name, &plan))
        })
        .collect()
}

fn matches_its_snapshot(name: &str, plan: &Path) {
    let outline = outline_of(plan);
    insta::with_settings!({
        description => format!("the document tree of plans/{name}.toml"),
        omit_expression => true,
    }, {
        insta::assert_snapshot!(name, outline);
    });
}
