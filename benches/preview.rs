//! The live preview's re-render after a one-target edit, incremental (the
//! World, fonts and typst's memo cache kept from the previous render, as
//! `kehoach preview` does) against cold (memo cache emptied, a new World:
//! what a fresh `render` pays), for Quảng Ngọc and An Nông.
//!
//! `cargo bench --bench preview` (iterations: `KEHOACH_BENCH_ITERS`,
//! default 15). Each iteration edits the first `ty_le` target of the plan
//! to a new value, writes the file, and renders it through
//! `kehoach::engine::Engine` (check, compose, typst layout), then draws
//! the SVG of the pages that changed (the preview draws them when the
//! browser asks). Prints a Markdown table of medians (min–max), ms.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use kehoach::engine::{Engine, Timings, View};
use kehoach::templates::Templates;
use kehoach::write::pdf::FontSet;

const PLANS: [&str; 2] = ["quang-ngoc-2026.toml", "an-nong-2026.toml"];

fn main() {
    let iters: usize = std::env::var("KEHOACH_BENCH_ITERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(15);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let fonts = Arc::new(FontSet::load(None).expect("embedded fonts load"));
    let dir = tempfile::tempdir().expect("a temporary folder");

    println!("| kế hoạch | cách dựng | cả lượt | dàn trang (typst) | vẽ SVG | số trang vẽ lại |");
    println!("|---|---|---|---|---|---|");
    for name in PLANS {
        let original = std::fs::read_to_string(root.join("plans").join(name)).expect("plan");
        let path = dir.path().join(name);
        let edits: Vec<String> = (0..=iters).map(|i| one_target_edit(&original, i)).collect();

        // Incremental: one Renderer for the whole run, warmed by the
        // unedited plan and one edit (the first edit after start-up renumbers
        // the source once; the preview pays that once per session).
        let mut live = Engine::new(Templates::embedded(), fonts.clone());
        timed(|| live.render(&path, &original));
        timed(|| live.render(&path, &edits[iters]));
        let mut incremental = Vec::new();
        for edit in &edits[..iters] {
            incremental.push(timed(|| live.render(&path, edit)));
        }

        // Cold: memo cache emptied and a new World for every render.
        let mut cold = Vec::new();
        for edit in &edits[..iters] {
            typst::comemo::evict(0);
            let mut engine = Engine::new(Templates::embedded(), fonts.clone());
            cold.push(timed(|| engine.render(&path, edit)));
        }
        let plan = name.trim_end_matches(".toml");
        row(plan, "tăng dần (preview)", &incremental);
        row(plan, "nguội (evict(0), World mới)", &cold);
    }
}

/// The plan with its first `ty_le = N` target set to a value that differs
/// between consecutive `i`.
fn one_target_edit(text: &str, i: usize) -> String {
    let key = "ty_le = ";
    let start = text.find(key).expect("the plan has a ty_le target") + key.len();
    let end = start + text[start..].find(|c: char| !c.is_ascii_digit()).unwrap();
    format!("{}{}{}", &text[..start], 40 + i % 50, &text[end..])
}

/// Times a render and the drawing of its changed pages: (total, the
/// render's own timings, the drawing time).
fn timed(render: impl FnOnce() -> View) -> (Duration, Timings, Duration) {
    let started = Instant::now();
    let rendered = render();
    let drawing = Instant::now();
    for page in rendered.pages.iter().flatten() {
        if !page.is_drawn() {
            page.svg();
        }
    }
    let drawn = drawing.elapsed();
    (started.elapsed(), rendered.timings, drawn)
}

fn row(plan: &str, how: &str, samples: &[(Duration, Timings, Duration)]) {
    let total: Vec<Duration> = samples.iter().map(|s| s.0).collect();
    let layout: Vec<Duration> = samples.iter().map(|s| s.1.layout).collect();
    let draw: Vec<Duration> = samples.iter().map(|s| s.2).collect();
    let mut drawn: Vec<usize> = samples.iter().map(|s| s.1.pages_changed).collect();
    drawn.sort_unstable();
    println!(
        "| {plan} | {how} | {} | {} | {} | {} |",
        stat(&total),
        stat(&layout),
        stat(&draw),
        drawn[drawn.len() / 2]
    );
}

/// Median (min–max) in ms.
fn stat(times: &[Duration]) -> String {
    let mut sorted = times.to_vec();
    sorted.sort_unstable();
    // Decimal comma, as the tables of docs/hieu-nang.md.
    let ms = |d: Duration| format!("{:.1}", d.as_secs_f64() * 1000.0).replace('.', ",");
    format!(
        "{} ({}–{})",
        ms(sorted[sorted.len() / 2]),
        ms(sorted[0]),
        ms(sorted[sorted.len() - 1])
    )
}
