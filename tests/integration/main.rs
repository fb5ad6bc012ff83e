//! The integration tests: one test binary (the library and typst are linked
//! once, not once per file), run by the small harness in `harness.rs` over
//! libtest-mimic. A test that needs a tool this machine lacks (poppler,
//! qpdf, LibreOffice, Chromium, git, taplo, pyHanko, the DOCX validator,
//! Wine, mingw-w64, the Windows build) shows as `ignored`, the tool named
//! on its line and before the run; under `KEHOACH_REQUIRE_TOOLS=1` (CI) it
//! fails instead.
//!
//! Adding a test:
//! 1. Write it as a plain `fn name()` in the module of its subject, with the
//!    assertions of any Rust test. No `#[test]`: this binary has no libtest
//!    harness, so such a function would never run (a test here fails on it).
//! 2. Name it in the `tests!` list at the top of that module, with the tools
//!    it runs after `needs` (the variants of `tools::Tool`):
//!    ```text
//!    tests! {
//!        the_plan_reads_back needs Pdftotext, Qpdf;
//!        the_same_plan_gives_the_same_bytes;
//!    }
//!    ```
//!    A function left out of the list is dead code, which the build flags.
//!    The body may then take the tools for granted (`Tool::Qpdf.expect()`
//!    gives the path where it needs one). What it prints for a reader goes
//!    through `note!` (shown with its failure, or with `-- --nocapture`).
//!    A module may build its list itself instead (`pub fn tests() ->
//!    Vec<harness::Test>`), as `tree_snapshots` does with one test per plan.
//! 3. A new file `tests/integration/<subject>.rs`: `mod <subject>;` below and
//!    `<subject>::tests` in `main`. A test file straight under `tests/` would
//!    be a binary of its own, linking typst again (a test here fails on it).
//!
//! Text that must stay as it is (a document tree, extracted text) is an
//! insta snapshot under `snapshots/`: `insta::assert_snapshot!(name, text)`;
//! after an intended change, `cargo insta review` or `INSTA_UPDATE=always`.
//!
//! `cargo test --release` runs everything; `cargo test --release -- render_pdf`
//! runs the tests whose name (`module::function`) contains `render_pdf`;
//! `-- --list` lists them; `-- --ignored` runs only the ignored ones.

#[macro_use]
mod harness;
mod common;
mod preview_support;
mod tools;

mod adjustment;
mod adversarial;
mod appendices;
mod appendix_first_page;
mod appendix_pdfs;
mod bad_plans;
mod cli;
mod column_overflow;
mod column_widths;
mod diff;
mod docx_validator;
mod editor_browser;
mod format_reference;
mod furniture_geometry;
mod import;
mod landscape_warning;
mod layout_rules;
mod money_words;
mod notepad;
mod plan_format;
mod plan_parts;
mod preview_browser;
mod preview_server;
mod properties;
mod readme_example;
mod render_docx;
mod render_pdf;
mod robustness;
mod schema_taplo;
mod signature_fields;
mod stale_siblings;
mod templates_new;
mod tree_snapshots;
mod web_page;
mod windows;

fn main() -> std::process::ExitCode {
    harness::run(&[
        harness::tests,
        adjustment::tests,
        adversarial::tests,
        appendices::tests,
        appendix_first_page::tests,
        appendix_pdfs::tests,
        bad_plans::tests,
        cli::tests,
        column_overflow::tests,
        column_widths::tests,
        diff::tests,
        docx_validator::tests,
        editor_browser::tests,
        format_reference::tests,
        furniture_geometry::tests,
        import::tests,
        landscape_warning::tests,
        layout_rules::tests,
        money_words::tests,
        notepad::tests,
        plan_format::tests,
        plan_parts::tests,
        preview_browser::tests,
        preview_server::tests,
        properties::tests,
        readme_example::tests,
        render_docx::tests,
        render_pdf::tests,
        robustness::tests,
        schema_taplo::tests,
        signature_fields::tests,
        stale_siblings::tests,
        templates_new::tests,
        tree_snapshots::tests,
        web_page::tests,
        windows::tests,
    ])
}
