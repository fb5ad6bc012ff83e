//! The harness: every module's tests as libtest-mimic trials, with the
//! tools each one needs looked for before the run, so a test that cannot
//! run shows as `ignored` (with the missing tool on its line) instead of
//! passing without having run.

use std::any::Any;
use std::cell::RefCell;
use std::path::Path;
use std::process::ExitCode;
use std::sync::{Arc, Mutex, OnceLock};

use libtest_mimic::{Arguments, Failed, Trial};

use crate::tools::Tool;

/// Registers the tests of a module: one line per test, the name of a
/// `fn()` of the module, then `needs` and the [`Tool`]s it runs, if any.
///
/// ```text
/// tests! {
///     the_plan_reads_back needs Pdftotext, Qpdf;
///     the_same_plan_gives_the_same_bytes;
/// }
/// ```
///
/// It defines the module's `pub fn tests() -> Vec<Test>`, which `main`
/// passes to [`run`].
macro_rules! tests {
    ($($test:ident $(needs $($tool:ident),+)?;)+) => {
        pub fn tests() -> Vec<$crate::harness::Test> {
            vec![$(
                $crate::harness::Test::new(
                    concat!(module_path!(), "::", stringify!($test)),
                    vec![$($($crate::tools::Tool::$tool),+)?],
                    $test,
                ),
            )+]
        }
    };
}

/// What a test prints for its reader (measurements, timings, where a
/// screenshot went): kept with the test's failure, or shown as it comes
/// with `cargo test -- --nocapture`. libtest captured `eprintln!` so;
/// this harness cannot, so tests print through `note!`.
macro_rules! note {
    ($($arg:tt)*) => {
        $crate::harness::note(format!($($arg)*))
    };
}

/// One test: its name (`module::function`), the tools it needs, its body.
pub struct Test {
    name: String,
    needs: Vec<Tool>,
    body: Box<dyn FnOnce() + Send>,
}

impl Test {
    /// A test named by its path (`module_path!()` and the function; the
    /// crate's own name is left out).
    pub fn new(path: &str, needs: Vec<Tool>, body: impl FnOnce() + Send + 'static) -> Test {
        let name = path.split_once("::").map_or(path, |(_, rest)| rest);
        Test {
            name: name.to_owned(),
            needs,
            body: Box::new(body),
        }
    }
}

/// Runs the tests of `modules` as `cargo test` passes its arguments
/// (filter, `--list`, `--ignored`, `--test-threads` …).
pub fn run(modules: &[fn() -> Vec<Test>]) -> ExitCode {
    let (mut args, filters) = arguments();
    NOCAPTURE.set(args.nocapture).unwrap();
    let require = std::env::var("KEHOACH_REQUIRE_TOOLS").as_deref() == Ok("1");
    let mut tests: Vec<Test> = modules.iter().flat_map(|tests| tests()).collect();
    tests.sort_by(|a, b| a.name.cmp(&b.name));
    if filters.len() == 1 {
        args.filter = filters.into_iter().next();
    } else if !filters.is_empty() {
        // Left out before libtest-mimic sees them, so its summary does not
        // count them as filtered out.
        let exact = args.exact;
        tests.retain(|test| {
            filters.iter().any(|f| {
                if exact {
                    test.name == *f
                } else {
                    test.name.contains(f.as_str())
                }
            })
        });
    }
    if !args.list {
        report_missing(&tests, require);
    }
    let trials = tests.into_iter().map(|test| trial(test, require)).collect();
    libtest_mimic::run(&args, trials).exit_code()
}

/// The command line, and its filters apart: libtest runs the tests that
/// match any of several (`cargo test -- diff render_pdf`), libtest-mimic
/// takes one, so the positional arguments are taken out here.
fn arguments() -> (Arguments, Vec<String>) {
    /// The options that take a value in the next argument.
    const WITH_VALUE: &[&str] = &[
        "--test-threads",
        "--logfile",
        "--skip",
        "--color",
        "--format",
        "-Z",
    ];
    let mut argv = std::env::args();
    let mut options: Vec<String> = argv.next().into_iter().collect();
    let mut filters = Vec::new();
    while let Some(arg) = argv.next() {
        if !arg.starts_with('-') {
            filters.push(arg);
            continue;
        }
        let takes_value = WITH_VALUE.contains(&arg.as_str());
        options.push(arg);
        if takes_value {
            options.extend(argv.next());
        }
    }
    (Arguments::from_iter(options), filters)
}

/// The trial of one test: run on a thread named after it (so a panic
/// names the test); when a tool it needs is missing, ignored, or failed at
/// once under `KEHOACH_REQUIRE_TOOLS=1`.
fn trial(test: Test, require: bool) -> Trial {
    let missing: Vec<Tool> = test
        .needs
        .iter()
        .copied()
        .filter(|tool| tool.path().is_none())
        .collect();
    if missing.is_empty() {
        let Test { name, body, .. } = test;
        let thread_name = name.clone();
        return Trial::test(name, move || run_on_thread(thread_name, body));
    }
    // Also what `-- --ignored` gets: a test whose tool is missing never passes.
    let how: Vec<String> = missing
        .iter()
        .map(|tool| format!("{} ({})", tool.name(), tool.install()))
        .collect();
    let context = if require {
        "KEHOACH_REQUIRE_TOOLS=1 but "
    } else {
        ""
    };
    let message = format!("{context}missing {}", how.join(", "));
    let names: Vec<&str> = missing.iter().map(|tool| tool.name()).collect();
    let trial = Trial::test(test.name, move || Err(message.into()));
    if require {
        return trial;
    }
    trial
        .with_kind(format!("missing {}", names.join(", ")))
        .with_ignored_flag(true)
}

/// Whether `--nocapture` was given: notes go straight to stderr.
static NOCAPTURE: OnceLock<bool> = OnceLock::new();

thread_local! {
    /// The notes of the test running on this thread.
    static NOTES: RefCell<Option<Arc<Mutex<String>>>> = const { RefCell::new(None) };
}

/// Keeps one line of what the running test prints (see `note!`).
pub fn note(line: String) {
    if NOCAPTURE.get().copied().unwrap_or(true) {
        eprintln!("{line}");
        return;
    }
    NOTES.with(|notes| match &*notes.borrow() {
        Some(notes) => {
            let mut notes = notes.lock().unwrap();
            notes.push_str(&line);
            notes.push('\n');
        }
        None => eprintln!("{line}"),
    });
}

fn run_on_thread(name: String, body: Box<dyn FnOnce() + Send>) -> Result<(), Failed> {
    let notes = Arc::new(Mutex::new(String::new()));
    let kept = Arc::clone(&notes);
    let outcome = std::thread::Builder::new()
        .name(name)
        .spawn(move || {
            NOTES.with(|slot| *slot.borrow_mut() = Some(kept));
            body();
        })
        .expect("a thread for the test")
        .join();
    outcome.map_err(|payload| {
        let notes = notes.lock().unwrap_or_else(|e| e.into_inner());
        format!("{notes}test panicked: {}", panic_text(&*payload)).into()
    })
}

fn panic_text(payload: &(dyn Any + Send)) -> &str {
    payload
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| payload.downcast_ref::<&str>().copied())
        .unwrap_or("(no message)")
}

/// Before the run: each missing tool and how to install it.
fn report_missing(tests: &[Test], require: bool) {
    let mut missing: Vec<Tool> = tests
        .iter()
        .flat_map(|test| test.needs.iter().copied())
        .filter(|tool| tool.path().is_none())
        .collect();
    if missing.is_empty() {
        return;
    }
    missing.sort_by_key(|tool| *tool as usize);
    missing.dedup();
    let fate = if require {
        "fail (KEHOACH_REQUIRE_TOOLS=1)"
    } else {
        "are ignored"
    };
    eprintln!("missing tools; the tests that need them {fate}:");
    for tool in missing {
        eprintln!("  {}: {}", tool.name(), tool.install());
    }
}

tests! {
    every_test_file_is_a_module_of_this_harness;
}

/// Every file of tests runs here: none is a test binary of its own (which
/// would link typst once more), each file of this folder is a module of
/// `main.rs`, and no function is marked `#[test]` (this binary has no
/// libtest, so it would never run).
fn every_test_file_is_a_module_of_this_harness() {
    let root = crate::common::root();
    let tests = root.join("tests");
    let shown = |path: &Path| {
        path.strip_prefix(&root)
            .unwrap_or(path)
            .display()
            .to_string()
    };
    let here = tests.join("integration");
    let main = std::fs::read_to_string(here.join("main.rs")).unwrap();
    let mut problems = Vec::new();
    for file in rust_files(&tests, false) {
        problems.push(format!(
            "{}: a test binary of its own; make it a module of tests/integration/main.rs",
            shown(&file)
        ));
    }
    for entry in std::fs::read_dir(&here).unwrap() {
        let path = entry.unwrap().path();
        let module = match path.file_stem().and_then(|s| s.to_str()) {
            Some(stem) if path.is_dir() && path.join("mod.rs").is_file() => stem.to_owned(),
            Some(stem) if path.extension().is_some_and(|e| e == "rs") && stem != "main" => {
                stem.to_owned()
            }
            _ => continue,
        };
        if !main.lines().any(|l| l.trim() == format!("mod {module};")) {
            problems.push(format!("{}: not a `mod` of main.rs", shown(&path)));
        }
    }
    for file in rust_files(&here, true) {
        let text = std::fs::read_to_string(&file).unwrap();
        for (i, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("#[test]") {
                problems.push(format!(
                    "{}:{}: `#[test]` never runs here; list the function in its module's `tests!`",
                    shown(&file),
                    i + 1
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The `.rs` files in `dir` (and below it, when `deep`).
fn rust_files(dir: &Path, deep: bool) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() && deep {
            found.extend(rust_files(&path, true));
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
    found
}
