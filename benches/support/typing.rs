//! What the editor's benches share: the tools they need, how many
//! keystrokes, keystrokes timed to the pages showing them, and the table
//! rows they print.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::preview_support::browser::Browser;
use crate::tools::Tool;

/// Whether every one of `tools` is here; each missing one is named with
/// how to install it.
pub fn tools_present(tools: &[Tool]) -> bool {
    let missing: Vec<&Tool> = tools.iter().filter(|tool| tool.path().is_none()).collect();
    for tool in &missing {
        eprintln!("thiếu {}: {}", tool.name(), tool.install());
    }
    missing.is_empty()
}

/// Keystrokes per run: `KEHOACH_BENCH_ITERS`, default 20.
pub fn iterations() -> usize {
    std::env::var("KEHOACH_BENCH_ITERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(20)
}

/// Starts timing at the next keydown; `window.tre` is the time from it to
/// the pages showing `arguments[0]` with the image of the page drawn.
const ARM: &str = "window.tre = null; const wanted = arguments[0];
  document.addEventListener('keydown', () => {
    const t0 = performance.now();
    const look = () => {
      const page = Array.from(document.querySelectorAll('#trang .trang')).find(p => p.textContent.includes(wanted));
      const img = page && page.querySelector('img');
      if (img && img.complete && img.naturalWidth > 0) window.tre = performance.now() - t0;
      else requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
  }, {once: true, capture: true});
  return null;";

/// `iters` keystrokes, each replacing the last digit as Unikey would
/// (Backspace, digit): the time from each to the pages showing it. `seed`
/// varies the digits from one run to the next.
pub fn keystrokes(browser: &Browser, field: &str, iters: usize, seed: usize) -> Vec<Duration> {
    let mut last = 9;
    // A decimal no other target of the plan has: the text is this edit's.
    (0..iters)
        .map(|i| {
            // 1–9: 47,0 would print as 47%.
            let mut digit = 1 + (i * 7 + seed * 3) % 9;
            if digit == last {
                digit = digit % 9 + 1;
            }
            last = digit;
            let wanted = format!("xã Quảng Ngọc đạt 47,{digit}%");
            browser.script_with(ARM, json!([wanted]));
            browser.type_into(field, &format!("\u{E003}{digit}"));
            let deadline = Instant::now() + Duration::from_secs(20);
            loop {
                if let Some(t) = browser.script("return window.tre;").as_f64() {
                    break Duration::from_secs_f64(t / 1000.0);
                }
                assert!(Instant::now() < deadline, "{wanted} never shown");
                std::thread::sleep(Duration::from_millis(5));
            }
        })
        .collect()
}

/// Waits for the pages to show `wanted`.
pub fn wait_text(browser: &Browser, wanted: &str) {
    browser.wait_for(wanted, "return Array.from(document.querySelectorAll('#trang .trang')).map(p => p.textContent).join(' ');", |v: &Value| {
        v.as_str().is_some_and(|t| t.contains(wanted))
    });
}

/// A table row: the median, then the least and the most, in ms.
pub fn row(what: &str, samples: &[Duration]) {
    let mut sorted = samples.to_vec();
    sorted.sort_unstable();
    println!(
        "| {what} | {} | {}–{} |",
        ms(sorted[sorted.len() / 2]),
        ms(sorted[0]),
        ms(sorted[sorted.len() - 1])
    );
}

/// Whole milliseconds.
pub fn ms(d: Duration) -> String {
    format!("{:.0}", d.as_secs_f64() * 1000.0)
}
