//! The layers of the library, as a test over its own source: every
//! `crate::` and `super::` path of every file is read, and
//!
//! - a top-level module may name only the modules [`LAYERS`] lets it (each
//!   of which stands above it in the table, so no two layers lean on each
//!   other), and every top-level module must have its row;
//! - the files of the library name each other without a circle.
//!
//! Run it alone with `cargo test --release --lib layers`. (An inline
//! `mod tests` is read as part of its file, so its `super::` counts as the
//! file's: stricter, never looser.)

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Each top-level module, lowest first, with the modules it names. A
/// module may only name modules listed above it, and its row lists exactly
/// the ones it does name, so that the table (and ARCHITECTURE.md's picture
/// of it) says what the code is, not what it might become.
const LAYERS: &[(&str, &[&str])] = &[
    // Shared vocabulary: no stage below them.
    ("limits", &[]),
    ("diagnostic", &[]),
    ("input", &[]),
    ("text", &["limits"]),
    // Files on disk: atomic sets, manifest, kept versions (no stage in it:
    // which files a version left is said here, what they print above).
    ("output", &["input", "limits"]),
    // The document tree, its page style, the font bytes it is measured with.
    ("doc", &[]),
    // load: TOML → model.
    ("plan", &["diagnostic", "input", "limits", "text"]),
    // Edits of a plan file's text (key path, operation, value), kept
    // below the stages: the editor and the import both write through it.
    ("edit", &["plan"]),
    // A reader of last year's documents: .docx or text → a plan file,
    // written through `edit`; it sees neither the checks nor the writers.
    ("import", &["edit", "limits", "plan", "text"]),
    ("templates", &["plan", "text"]),
    // check: plan files → diagnostics and the checked plan.
    (
        "check",
        &["diagnostic", "doc", "limits", "plan", "templates", "text"],
    ),
    // A new plan from a kind's starter, and its file beside the schema.
    ("starter", &["diagnostic", "output", "plan", "templates"]),
    // compose: checked plan → document tree.
    (
        "compose",
        &[
            "check",
            "diagnostic",
            "doc",
            "limits",
            "plan",
            "templates",
            "text",
        ],
    ),
    // write: the writers see only the document tree (and read font files).
    ("write", &["doc", "input", "limits"]),
    // What changed between two versions, and where it shows.
    ("diff", &["check", "compose", "doc", "templates", "text"]),
    // The stages chained, as every door runs them, for one plan and many;
    // it finds the originals a plan names (and those the browser handed in).
    (
        "pipeline",
        &[
            "check",
            "compose",
            "diagnostic",
            "diff",
            "doc",
            "input",
            "limits",
            "output",
            "plan",
            "templates",
            "write",
        ],
    ),
    // The one facade over the pipeline that the editor's hosts call: check
    // a plan's text, lay out its pages, export, apply an edit, start a
    // plan. No sockets, threads or clock in it.
    (
        "engine",
        &[
            "diagnostic",
            "doc",
            "edit",
            "limits",
            "output",
            "pipeline",
            "plan",
            "starter",
            "templates",
            "write",
        ],
    ),
    // A host of the engine: the editor in the browser (`kehoach xem`),
    // HTTP on loopback, the plan file read and saved.
    (
        "preview",
        &[
            "doc",
            "engine",
            "import",
            "input",
            "limits",
            "output",
            "starter",
            "templates",
            "write",
        ],
    ),
];

/// The library's files (the binary's `cli/` and `main.rs` are its host,
/// above every layer; this test is none), by module path:
/// `["check", "units"]`.
fn library_files() -> BTreeMap<Vec<String>, PathBuf> {
    fn walk(dir: &Path, prefix: &[String], out: &mut BTreeMap<Vec<String>, PathBuf>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .expect("src/ is readable")
            .map(|e| e.expect("an entry").path())
            .collect();
        entries.sort();
        for path in entries {
            let name = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            if path.is_dir() {
                if prefix.is_empty() && name == "cli" {
                    continue;
                }
                let mut inner = prefix.to_vec();
                inner.push(name);
                walk(&path, &inner, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                if prefix.is_empty() && ["main", "lib", "layers"].contains(&name.as_str()) {
                    continue;
                }
                let mut module = prefix.to_vec();
                if name != "mod" {
                    module.push(name);
                }
                out.insert(module, path);
            }
        }
    }
    let mut files = BTreeMap::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &[],
        &mut files,
    );
    files
}

/// The code of a file without its comments (doc comments name paths
/// that are not imports).
fn code(text: &str) -> String {
    text.lines()
        .map(|line| line.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every path the code names from `crate::` or `super::`, as segments
/// relative to the crate root; `{a, b::c}` groups give one path each.
fn named_paths(code: &str, module: &[String]) -> Vec<Vec<String>> {
    let ident = |s: &str| -> usize {
        s.char_indices()
            .find(|(_, c)| !(c.is_alphanumeric() || *c == '_'))
            .map_or(s.len(), |(i, _)| i)
    };
    // Segments after a `crate`/`super` at `rest`, with nested groups.
    fn tail(
        rest: &str,
        base: Vec<String>,
        out: &mut Vec<Vec<String>>,
        ident: &dyn Fn(&str) -> usize,
    ) {
        let mut path = base;
        let mut rest = rest;
        while let Some(after) = rest.strip_prefix("::") {
            if let Some(group) = after.strip_prefix('{') {
                let mut depth = 0;
                let mut item = String::new();
                for c in group.chars() {
                    match c {
                        '{' => depth += 1,
                        '}' if depth == 0 => break,
                        '}' => depth -= 1,
                        ',' if depth == 0 => {
                            tail(&format!("::{}", item.trim()), path.clone(), out, ident);
                            item.clear();
                            continue;
                        }
                        _ => {}
                    }
                    item.push(c);
                }
                if !item.trim().is_empty() {
                    tail(&format!("::{}", item.trim()), path.clone(), out, ident);
                }
                return;
            }
            let len = ident(after);
            if len == 0 {
                break;
            }
            let segment = &after[..len];
            if segment == "super" {
                path.pop();
            } else if segment != "self" {
                path.push(segment.to_owned());
            }
            rest = &after[len..];
        }
        out.push(path);
    }
    let mut out = Vec::new();
    for (keyword, base) in [
        ("crate", Vec::new()),
        // `super` is the module that declares this one.
        ("super", module[..module.len().saturating_sub(1)].to_vec()),
    ] {
        for (at, _) in code.match_indices(keyword) {
            let before = code[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let rest = &code[at + keyword.len()..];
            if rest.starts_with("::") {
                tail(rest, base.clone(), &mut out, &ident);
            }
        }
    }
    out
}

/// The library file a path lands in: its longest prefix that is a file.
fn file_of<'f>(
    path: &[String],
    files: &'f BTreeMap<Vec<String>, PathBuf>,
) -> Option<&'f Vec<String>> {
    (1..=path.len())
        .rev()
        .find_map(|n| files.get_key_value(&path[..n]).map(|(k, _)| k))
}

/// Which files each file names (itself left out).
fn file_graph() -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    let files = library_files();
    let mut graph = BTreeMap::new();
    for (module, path) in &files {
        let text = std::fs::read_to_string(path).expect("a source file");
        let named: BTreeSet<Vec<String>> = named_paths(&code(&text), module)
            .iter()
            .filter_map(|p| file_of(p, &files).cloned())
            .filter(|target| target != module)
            .collect();
        graph.insert(module.clone(), named);
    }
    graph
}

#[test]
fn every_layer_names_only_the_layers_below_it() {
    let rows: BTreeMap<&str, &[&str]> = LAYERS.iter().copied().collect();
    // The table itself: each row names only rows above it.
    for (i, (module, allowed)) in LAYERS.iter().enumerate() {
        for below in *allowed {
            let position = LAYERS.iter().position(|(m, _)| m == below);
            assert!(
                position.is_some_and(|p| p < i),
                "the row of `{module}` names `{below}`, which is not above it in LAYERS"
            );
        }
    }
    let mut wrong = Vec::new();
    for (file, named) in file_graph() {
        let top = file[0].as_str();
        let Some(allowed) = rows.get(top) else {
            wrong.push(format!(
                "src/{top} has no row in LAYERS: place it among the layers"
            ));
            continue;
        };
        for target in named {
            let other = target[0].as_str();
            if other != top && !allowed.contains(&other) {
                wrong.push(format!(
                    "{} names {}: `{top}` may not use `{other}`",
                    file.join("::"),
                    target.join("::")
                ));
            }
        }
    }
    // Rows that allow more than their module names.
    let mut named_by: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (file, named) in file_graph() {
        let top = named_by.entry(file[0].clone()).or_default();
        top.extend(named.iter().map(|t| t[0].clone()));
    }
    for (module, allowed) in LAYERS {
        let named = named_by.get(*module).cloned().unwrap_or_default();
        for below in *allowed {
            if !named.contains(*below) {
                wrong.push(format!(
                    "the row of `{module}` lists `{below}`, which it does not name: drop it"
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the layers:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn no_file_of_the_library_leans_on_itself_through_others() {
    let graph = file_graph();
    // Depth-first, with the files on the way: one met again is a circle.
    fn visit(
        file: &Vec<String>,
        graph: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        path: &mut Vec<Vec<String>>,
        done: &mut BTreeSet<Vec<String>>,
    ) -> Option<Vec<Vec<String>>> {
        if let Some(at) = path.iter().position(|f| f == file) {
            let mut circle = path[at..].to_vec();
            circle.push(file.clone());
            return Some(circle);
        }
        if done.contains(file) {
            return None;
        }
        path.push(file.clone());
        for next in graph.get(file).into_iter().flatten() {
            if let Some(circle) = visit(next, graph, path, done) {
                return Some(circle);
            }
        }
        path.pop();
        done.insert(file.clone());
        None
    }
    let mut done = BTreeSet::new();
    for file in graph.keys() {
        if let Some(circle) = visit(file, &graph, &mut Vec::new(), &mut done) {
            let names: Vec<String> = circle.iter().map(|f| f.join("::")).collect();
            panic!("an import circle: {}", names.join(" → "));
        }
    }
}

#[test]
fn the_reader_finds_the_imports_of_a_file() {
    let here = ["check".to_owned(), "units".to_owned()];
    let paths = named_paths(
        "use super::values::{Found, trimmed};\nuse crate::plan::{self, Plan, UnitRefs};\nlet x = crate::limits::LIMITS;",
        &here,
    );
    let joined: Vec<String> = paths.iter().map(|p| p.join("::")).collect();
    for expected in [
        "check::values::Found",
        "check::values::trimmed",
        "plan",
        "plan::Plan",
        "limits::LIMITS",
    ] {
        assert!(
            joined.iter().any(|p| p == expected),
            "{expected} in {joined:?}"
        );
    }
}
