//! Where each change is printed. Both versions are composed; the plan
//! document (which holds every appendix too) is cut into spots — the
//! header, each body item ("III.5"), the signature, each appendix heading
//! and table row — and a change is placed at every spot that differs
//! between the versions and mentions it (its indicator's name, its unit).
//! Numbers come from the composed pages, never recomputed here.

use std::collections::BTreeMap;

use super::{Change, ChangeKind, Place, Scope};
use crate::doc::{Block, Document, HeadingLevel, Inline, List, Row};

/// A spot of the documents.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Spot {
    Header,
    Body(String, Option<String>),
    Signature,
    AppendixHeading(usize),
    /// Appendix number, row key (its first non-empty cell).
    Row(usize, String),
}

/// Each spot's text, and the label of every appendix ("Phụ lục I").
struct Spots {
    text: BTreeMap<Spot, String>,
    labels: BTreeMap<usize, String>,
}

fn inlines(content: &[Inline]) -> String {
    content.iter().map(|i| i.text.as_str()).collect()
}

fn list_text(list: &List, out: &mut String) {
    for item in &list.items {
        out.push_str(&inlines(&item.content));
        out.push('\n');
        if let Some(children) = &item.children {
            list_text(children, out);
        }
    }
}

fn row_texts(row: &Row) -> Vec<String> {
    row.cells.iter().map(crate::doc::Cell::plain_text).collect()
}

/// A spot's row key: the row number, or for rows without one (totals,
/// groups) their first words.
fn row_key(row: &Row) -> String {
    row_texts(row)
        .into_iter()
        .map(|t| t.trim().to_owned())
        .find(|t| !t.is_empty())
        .unwrap_or_default()
}

fn spots(doc: &Document) -> Spots {
    let mut text: BTreeMap<Spot, String> = BTreeMap::new();
    let mut labels = BTreeMap::new();
    let mut add = |spot: Spot, s: &str| {
        let entry = text.entry(spot).or_default();
        entry.push_str(s);
        entry.push('\n');
    };
    for (p, part) in doc.parts.iter().enumerate() {
        let mut current = if p == 0 {
            Spot::Header
        } else {
            Spot::AppendixHeading(p)
        };
        for block in &part.blocks {
            match block {
                Block::Header(h) => {
                    current = Spot::Header;
                    let lines = [
                        h.parent_body.clone().unwrap_or_default(),
                        h.issuer.join(" "),
                        h.number_line.clone(),
                        h.place_date.clone(),
                    ];
                    add(current.clone(), &lines.join("\n"));
                }
                Block::DraftMark(t) => add(Spot::Header, t),
                Block::Title { kind, excerpt } => add(Spot::Header, &format!("{kind}\n{excerpt}")),
                Block::Heading {
                    level,
                    number,
                    text: t,
                } => {
                    let number_plain = number.trim_end_matches('.').to_owned();
                    match (level, &current) {
                        (HeadingLevel::Part, _) => {
                            current = Spot::Body(number_plain, None);
                        }
                        (HeadingLevel::Item, Spot::Body(part, _)) => {
                            current = Spot::Body(part.clone(), Some(number_plain));
                        }
                        _ => {}
                    }
                    add(current.clone(), &format!("{number} {}", inlines(t)));
                }
                Block::Paragraph { content, .. } => {
                    // The words under a budget table belong with its total.
                    let s = inlines(content);
                    if p > 0 && s.starts_with("(Bằng chữ") {
                        add(Spot::Row(p, "Tổng cộng".to_owned()), &s);
                    } else {
                        add(current.clone(), &s);
                    }
                }
                Block::List(list) => {
                    let mut s = String::new();
                    list_text(list, &mut s);
                    add(current.clone(), &s);
                }
                Block::Table(table) => {
                    for row in &table.body {
                        let spot = if p > 0 {
                            Spot::Row(p, row_key(row))
                        } else {
                            current.clone()
                        };
                        add(spot, &row_texts(row).join(" | "));
                    }
                }
                Block::Signature(s) => {
                    let lines = [
                        s.recipients.join("\n"),
                        s.authority.join("\n"),
                        s.name.clone(),
                    ];
                    add(Spot::Signature, &lines.join("\n"));
                }
                Block::AppendixHeading(h) => {
                    labels.insert(p, title_case_label(&h.label));
                    current = Spot::AppendixHeading(p);
                    let lines = [h.label.clone(), h.title.clone(), h.reference.clone()];
                    add(current.clone(), &lines.join("\n"));
                }
            }
        }
    }
    Spots { text, labels }
}

/// "PHỤ LỤC II" as the body names it: "Phụ lục II".
fn title_case_label(label: &str) -> String {
    match label.strip_prefix("PHỤ LỤC") {
        Some(rest) => format!("Phụ lục{rest}"),
        None => label.to_owned(),
    }
}

fn in_scope(scope: &Scope, spot: &Spot) -> bool {
    match scope {
        Scope::Anywhere => true,
        Scope::Header => matches!(spot, Spot::Header),
        Scope::Signature => matches!(spot, Spot::Signature),
        Scope::BodyPart(roman) => matches!(spot, Spot::Body(p, _) if p == roman),
        Scope::Body => matches!(spot, Spot::Body(..)),
        Scope::Appendices => matches!(spot, Spot::AppendixHeading(_) | Spot::Row(..)),
    }
}

/// Fills in every change's places.
pub(super) fn locate(changes: &mut [Change], old: &Document, new: &Document) {
    let a = spots(old);
    let b = spots(new);
    let keys: std::collections::BTreeSet<&Spot> = a.text.keys().chain(b.text.keys()).collect();
    let empty = String::new();
    for change in changes.iter_mut() {
        let mut places: Vec<Place> = Vec::new();
        for spot in &keys {
            let x = a.text.get(spot).unwrap_or(&empty);
            let y = b.text.get(spot).unwrap_or(&empty);
            if x == y || !in_scope(&change.scope, spot) {
                continue;
            }
            // An addition is looked for in the new version, a removal in the old.
            let texts: Vec<&String> = match change.kind {
                ChangeKind::Added => vec![y],
                ChangeKind::Removed => vec![x],
                ChangeKind::Changed => vec![x, y],
            };
            // A table row is tied to a change by its first needle (the
            // indicator's or task's name): a renumbered row that names the
            // same lead unit is not this change.
            let needles = match spot {
                Spot::Row(..) => &change.needles[..change.needles.len().min(1)],
                _ => &change.needles[..],
            };
            let mentioned = needles.is_empty()
                || needles
                    .iter()
                    .any(|n| !n.is_empty() && texts.iter().any(|t| t.contains(n.as_str())));
            if !mentioned {
                continue;
            }
            add_place(&mut places, spot, &a, &b);
        }
        change.places = places;
    }
}

fn add_place(places: &mut Vec<Place>, spot: &Spot, a: &Spots, b: &Spots) {
    let label = |n: usize| {
        b.labels
            .get(&n)
            .or_else(|| a.labels.get(&n))
            .cloned()
            .unwrap_or_else(|| format!("Phụ lục {n}"))
    };
    let place = match spot {
        Spot::Header => Place::Header,
        Spot::Body(part, item) => Place::Body(part.clone(), item.clone()),
        Spot::Signature => Place::Signature,
        Spot::AppendixHeading(n) | Spot::Row(n, _) => {
            let row = match spot {
                Spot::Row(_, key) => Some(key.clone()),
                _ => None,
            };
            if let Some(Place::Appendix { rows, .. }) = places
                .iter_mut()
                .find(|p| matches!(p, Place::Appendix { number, .. } if number == n))
            {
                rows.extend(row);
                // "4, 13", not "13, 4": numbers first by length.
                rows.sort_by(|x, y| (x.len(), x).cmp(&(y.len(), y)));
                return;
            }
            Place::Appendix {
                number: *n,
                label: label(*n),
                rows: row.into_iter().collect(),
            }
        }
    };
    if !places.contains(&place) {
        places.push(place);
    }
}

/// The printed total and its words under each budget table, compared:
/// the new total a commune must see whenever a budget moves.
pub(super) fn from_documents(old: &Document, new: &Document) -> Vec<Change> {
    let a = spots(old);
    let b = spots(new);
    let mut out = Vec::new();
    let total = |s: &Spots, n: usize| s.text.get(&Spot::Row(n, "Tổng cộng".to_owned())).cloned();
    let appendices = old.parts.len().max(new.parts.len());
    for n in 1..appendices {
        let (x, y) = (total(&a, n), total(&b, n));
        if x.is_none() && y.is_none() || x == y {
            continue;
        }
        // "Tổng cộng | | 3.277 |" and "(Bằng chữ: …)" → "3.277 (Bằng chữ: …)".
        let printed = |t: Option<String>| {
            t.map_or_else(
                || "(không có)".to_owned(),
                |t| {
                    t.replace('|', " ")
                        .replace("Tổng cộng", " ")
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                },
            )
        };
        let label = b
            .labels
            .get(&n)
            .or_else(|| a.labels.get(&n))
            .cloned()
            .unwrap_or_default();
        out.push(Change {
            old: Some(printed(x)),
            new: Some(printed(y)),
            needles: vec!["Tổng cộng".to_owned()],
            scope: Scope::Appendices,
            ..Change::new(
                format!("Tổng kinh phí ({label}, triệu đồng)"),
                format!("tổng kinh phí ở {label}"),
                ChangeKind::Changed,
            )
        });
    }
    // The signature block as printed: "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH / Lê Văn Trường".
    let signer = |doc: &Document| {
        doc.parts.first().and_then(|p| {
            p.blocks.iter().find_map(|b| match b {
                Block::Signature(s) => {
                    let mut lines = s.authority.clone();
                    lines.push(s.name.clone());
                    Some(lines.join(" / "))
                }
                _ => None,
            })
        })
    };
    let (x, y) = (signer(old), signer(new));
    if x != y {
        out.push(Change {
            old: x,
            new: y,
            scope: Scope::Signature,
            ..Change::new(
                "Người ký".to_owned(),
                "người ký".to_owned(),
                ChangeKind::Changed,
            )
        });
    }
    out
}

/// Appendix rows printed differently although no change found from the
/// plans is printed there: a value an adjustment appendix takes from its
/// original, a row it adds because the original changed, a cell computed
/// from elsewhere. So that nothing the documents print differently goes
/// unnamed, each is said as its cells before and after. Rows are matched
/// by what they are about (their second cell, the indicator's or task's
/// name), not by their number: rows renumbered by an insertion are not
/// changes of their own.
pub(super) fn unexplained_rows(changes: &[Change], old: &Document, new: &Document) -> Vec<Change> {
    let (a, b) = (spots(old), spots(new));
    let placed = |n: usize, key: &str| {
        changes.iter().flat_map(|c| &c.places).any(|p| {
            matches!(p, Place::Appendix { number, rows, .. }
                if *number == n && rows.iter().any(|r| r == key))
        })
    };
    let label = |n: usize| {
        b.labels
            .get(&n)
            .or_else(|| a.labels.get(&n))
            .cloned()
            .unwrap_or_else(|| format!("Phụ lục {n}"))
    };
    let (old_rows, new_rows) = (named_rows(old), named_rows(new));
    let mut out = Vec::new();
    for (n, key, cells) in &new_rows {
        if placed(*n, key) {
            continue;
        }
        let before = old_rows.iter().find(|(m, _, c)| m == n && c[1] == cells[1]);
        let change = match before {
            Some((_, old_key, old_cells)) => {
                if old_cells[2..] == cells[2..] || placed(*n, old_key) {
                    continue;
                }
                let (mut was, mut is) = (Vec::new(), Vec::new());
                for (c, d) in old_cells[2..].iter().zip(&cells[2..]) {
                    if c != d {
                        was.push(c.trim().to_owned());
                        is.push(d.trim().to_owned());
                    }
                }
                if old_cells.len() != cells.len() {
                    continue;
                }
                Change {
                    old: Some(was.join("; ")),
                    new: Some(is.join("; ")),
                    ..row_change(n, key, &cells[1], &label(*n), ChangeKind::Changed)
                }
            }
            None => Change {
                new: Some(
                    cells[2..]
                        .iter()
                        .map(|c| c.trim())
                        .collect::<Vec<_>>()
                        .join("; "),
                ),
                ..row_change(n, key, &cells[1], &label(*n), ChangeKind::Added)
            },
        };
        out.push(change);
    }
    for (n, key, cells) in &old_rows {
        let gone = !new_rows.iter().any(|(m, _, c)| m == n && c[1] == cells[1]);
        if gone && !placed(*n, key) {
            out.push(row_change(
                n,
                key,
                &cells[1],
                &label(*n),
                ChangeKind::Removed,
            ));
        }
    }
    out
}

/// A change of appendix `n`'s row `key` about `name`, placed there.
fn row_change(n: &usize, key: &str, name: &str, label: &str, kind: ChangeKind) -> Change {
    let name = name.trim();
    Change {
        scope: Scope::Appendices,
        places: vec![Place::Appendix {
            number: *n,
            label: label.to_owned(),
            rows: vec![key.to_owned()],
        }],
        ..Change::new(
            format!("Dòng {key} của {label} (“{name}”)"),
            format!("dòng {key} (“{name}”)"),
            kind,
        )
    }
}

/// Every appendix table row with at least a number and a name: its
/// appendix, its key and its cells.
fn named_rows(doc: &Document) -> Vec<(usize, String, Vec<String>)> {
    let mut rows = Vec::new();
    for (p, part) in doc.parts.iter().enumerate().skip(1) {
        for block in &part.blocks {
            if let Block::Table(table) = block {
                for row in &table.body {
                    let cells = row_texts(row);
                    let key = row_key(row);
                    if cells.len() > 2 && key != "Tổng cộng" && !cells[1].trim().is_empty() {
                        rows.push((p, key, cells));
                    }
                }
            }
        }
    }
    rows
}
