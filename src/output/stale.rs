//! Why files left from an earlier render are now wrong. A partial render
//! (`--parts`, `--format`) rewrites only some files; those it leaves were
//! made from the plan version the manifest names, and the copy of that
//! version kept beside them is compared with the plan just rendered, so
//! the warning says what each file still prints. Nothing is touched here.

use std::path::Path;

use super::snapshot_path;
use crate::check::CheckedPlan;
use crate::plan::MAX_PLAN_BYTES;
use crate::templates::Templates;

/// One line per stale file and change it prints: "ke-hoach.pdf vẫn ghi
/// chỉ tiêu 16 là 35,4% (nay là 40%) ở mục III.5 và Phụ lục I (dòng 16)".
/// `stale` lists the files (name, hash of the version that made them).
pub fn explain(
    dir: &Path,
    stale: &[(String, String)],
    plan: &CheckedPlan,
    templates: &Templates,
) -> Vec<String> {
    let mut lines = Vec::new();
    let mut compared: Vec<(String, Option<crate::diff::Changes>)> = Vec::new();
    for (name, hash) in stale {
        if !compared.iter().any(|(h, _)| h == hash) {
            compared.push((hash.clone(), changes_since(dir, hash, plan, templates)));
        }
        let Some((_, changes)) = compared.iter().find(|(h, _)| h == hash) else {
            continue;
        };
        match changes {
            Some(changes) => lines.extend(crate::diff::stale_lines(changes, name)),
            None => lines.push(format!(
                "{name} được dựng từ một bản kế hoạch cũ hơn (không còn bản ấy để so sánh)"
            )),
        }
    }
    lines
}

/// The changes from the kept version `hash` to `plan`, if that version
/// can still be read and checked.
fn changes_since(
    dir: &Path,
    hash: &str,
    plan: &CheckedPlan,
    templates: &Templates,
) -> Option<crate::diff::Changes> {
    let path = snapshot_path(dir, hash);
    let bytes = crate::input::read_bounded(&path, MAX_PLAN_BYTES).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let checked = crate::pipeline::check_text(&path, text, templates);
    let old = checked.plan?;
    Some(crate::diff::compare(&old, plan, templates))
}
