//! The changes in Vietnamese: the report of `kehoach diff`, and the lines
//! that say why a file left from an earlier render is now wrong.

use super::{Change, ChangeKind, Changes, Place};

/// "mục III.5", "Phụ lục I (dòng 16)".
fn place_text(place: &Place) -> String {
    match place {
        Place::Header => "phần đầu văn bản".to_owned(),
        Place::Body(part, Some(item)) => format!("mục {part}.{item}"),
        Place::Body(part, None) => format!("phần {part}"),
        Place::Signature => "phần ký và nơi nhận".to_owned(),
        Place::Appendix { label, rows, .. } if rows.is_empty() => format!("{label} (phần đầu)"),
        Place::Appendix { label, rows, .. } => {
            let rows: Vec<String> = rows.iter().map(|r| shortened(r)).collect();
            format!("{label} (dòng {})", rows.join(", "))
        }
    }
}

/// A row key short enough for a sentence.
fn shortened(text: &str) -> String {
    let first = text.lines().next().unwrap_or("");
    if first.chars().count() > 30 {
        format!("{}…", first.chars().take(30).collect::<String>())
    } else {
        first.to_owned()
    }
}

/// "a, b và c".
fn and_list(items: &[String]) -> String {
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} và {last}", rest.join(", ")),
    }
}

fn places_text(places: &[Place]) -> String {
    and_list(&places.iter().map(place_text).collect::<Vec<_>>())
}

/// One line of the report, without its places.
fn headline(change: &Change) -> String {
    match change.kind {
        ChangeKind::Added => match &change.new {
            Some(v) => format!("Thêm {} ({v})", lower_first(&change.subject)),
            None => format!("Thêm {}", lower_first(&change.subject)),
        },
        ChangeKind::Removed => format!("Bỏ {}", lower_first(&change.subject)),
        ChangeKind::Changed => match (&change.old, &change.new) {
            (Some(old), Some(new)) if change.aspect == "tên" => {
                format!("{}: {} “{old}” → “{new}”", change.subject, change.aspect)
            }
            (Some(old), Some(new)) if change.aspect.is_empty() => {
                format!("{}: {old} → {new}", change.subject)
            }
            (Some(old), Some(new)) => {
                format!("{}: {} {old} → {new}", change.subject, change.aspect)
            }
            _ => format!("{}: {} thay đổi", change.subject, change.aspect),
        },
    }
}

/// "Chỉ tiêu 16" → "chỉ tiêu 16" (a subject inside a sentence).
fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The report of `kehoach diff`: each change with where it is printed,
/// then which output files change.
pub fn report(changes: &Changes, old: &str, new: &str) -> String {
    let mut out = String::new();
    if changes.is_empty() {
        out.push_str(&format!(
            "{old} và {new}: không có thay đổi nào trong nội dung văn bản\n"
        ));
        return out;
    }
    out.push_str(&format!(
        "Từ {old} sang {new}: {} thay đổi\n\n",
        changes.list.len()
    ));
    for change in &changes.list {
        out.push_str(&format!("- {}\n", headline(change)));
        if !change.places.is_empty() {
            out.push_str(&format!("  in ở: {}\n", places_text(&change.places)));
        }
    }
    let mut files: Vec<String> = Vec::new();
    if changes.list.iter().any(|c| !c.places.is_empty()) {
        files.push("ke-hoach".to_owned());
    }
    let mut appendices: Vec<(usize, String)> = changes
        .list
        .iter()
        .flat_map(|c| &c.places)
        .filter_map(|p| match p {
            Place::Appendix { number, label, .. } => Some((*number, label.clone())),
            _ => None,
        })
        .collect();
    appendices.sort();
    appendices.dedup();
    for (number, label) in appendices {
        files.push(format!("phu-luc-{number} ({label})"));
    }
    if !files.is_empty() {
        out.push_str(&format!(
            "\nVăn bản thay đổi (.pdf và .docx): {}\n",
            files.join(", ")
        ));
    }
    out
}

/// Why output `file`, made from the old version, is wrong for the new
/// one: one line per change it prints, or none when nothing it prints
/// changed.
pub fn stale_lines(changes: &Changes, file: &str) -> Vec<String> {
    let appendix = file
        .split('.')
        .next()
        .and_then(|stem| stem.strip_prefix("phu-luc-"))
        .and_then(|n| n.parse::<usize>().ok());
    changes
        .list
        .iter()
        .filter(|c| c.shows_in(file))
        .map(|c| {
            let places: Vec<Place> = c
                .places
                .iter()
                .filter(|p| match (appendix, p) {
                    (None, _) => true,
                    (Some(n), Place::Appendix { number, .. }) => *number == n,
                    _ => false,
                })
                .cloned()
                .collect();
            let what = match (c.kind, &c.old, &c.new) {
                (ChangeKind::Added, _, _) => format!("chưa có {}", lower_first(&c.subject)),
                (ChangeKind::Removed, _, _) => {
                    format!("vẫn còn {} (đã bỏ)", lower_first(&c.subject))
                }
                (ChangeKind::Changed, Some(old), Some(new))
                    if c.aspect == "chỉ tiêu giao" || c.aspect.is_empty() =>
                {
                    format!("vẫn ghi {} là {old} (nay là {new})", c.short)
                }
                (ChangeKind::Changed, Some(old), Some(new)) => {
                    format!(
                        "vẫn ghi {} của {} là {old} (nay là {new})",
                        c.aspect, c.short
                    )
                }
                (ChangeKind::Changed, _, _) => {
                    format!("vẫn ghi {} cũ của {}", c.aspect, c.short)
                }
            };
            format!("{file} {what} ở {}", places_text(&places))
        })
        .collect()
}
