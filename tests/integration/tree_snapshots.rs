//! The document tree of every plan in `plans/`, as text, against a stored
//! snapshot (`tests/snapshots/<plan>.txt`). What the page says is checked
//! here, before any writer; the PDF and DOCX tests keep only what the
//! formats alone can show.
//!
//! After an intended change, regenerate with
//! `KEHOACH_BLESS=1 cargo test --release --test tree_snapshots` and read the
//! diff of `tests/snapshots/` before committing it.

use crate::common::root;
use kehoach::compose::compose;
use kehoach::pipeline::check_file;
use kehoach::templates::Templates;

tests! {
    every_plan_matches_its_tree_snapshot;
}

fn outline_of(plan_file: &std::path::Path) -> String {
    let templates = Templates::embedded();
    // As the CLI checks it: an adjustment appendix reads its original too.
    let checked = check_file(plan_file, &templates);
    let diagnostics = &checked.diagnostics;
    let plan = checked
        .plan
        .as_ref()
        .unwrap_or_else(|| panic!("{diagnostics:?}"));
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

fn every_plan_matches_its_tree_snapshot() {
    let bless = std::env::var("KEHOACH_BLESS").as_deref() == Ok("1");
    let mut plans: Vec<_> = std::fs::read_dir(root().join("plans"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    plans.sort();
    assert!(!plans.is_empty());
    let mut failures = Vec::new();
    for plan in plans {
        let name = plan.file_stem().unwrap().to_string_lossy().into_owned();
        let actual = outline_of(&plan);
        let stored = root().join(format!("tests/snapshots/{name}.txt"));
        if bless {
            std::fs::write(&stored, &actual).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&stored).unwrap_or_default();
        if actual != expected {
            let line = actual
                .lines()
                .zip(expected.lines().chain(std::iter::repeat("")))
                .position(|(a, e)| a != e)
                .map_or(0, |i| i + 1);
            let new = stored.with_extension("txt.new");
            std::fs::write(&new, &actual).unwrap();
            failures.push(format!(
                "{name}: differs from {} at line {line}; see {}",
                stored.display(),
                new.display()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "tree snapshots differ (KEHOACH_BLESS=1 to accept):\n{}",
        failures.join("\n")
    );
}
